-- Dossiers of the one-stop shop, their history, supplement pauses, files,
-- and feedback (phản ánh, kiến nghị). Times are minutes since 1970 in
-- local time (UTC+7), as core/calendar.h counts them; 0 is "not yet".
CREATE TABLE dossier (
  id                INTEGER PRIMARY KEY,
  code              TEXT NOT NULL UNIQUE,   -- UNITCODE-YYMMDD-NNNN
  unit              TEXT NOT NULL REFERENCES unit(code),   -- receiving unit
  procedure         TEXT NOT NULL REFERENCES procedure(code),
  channel           INTEGER NOT NULL CHECK (channel BETWEEN 1 AND 3),
  status            INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
  applicant_account INTEGER,                -- NULL for counter and post dossiers
  applicant_name    TEXT NOT NULL,
  applicant_pid     TEXT NOT NULL DEFAULT '',
  applicant_phone   TEXT NOT NULL DEFAULT '',
  applicant_address TEXT NOT NULL DEFAULT '',
  form              TEXT NOT NULL DEFAULT '{}',  -- JSON object of the form fields
  submitted_at      INTEGER NOT NULL,
  received_at       INTEGER NOT NULL DEFAULT 0,
  due_at            INTEGER NOT NULL DEFAULT 0,  -- the appointment in force
  original_due_at   INTEGER NOT NULL DEFAULT 0,  -- before an apology (moved by pauses too)
  finished_at       INTEGER NOT NULL DEFAULT 0,  -- first of 9, 10, 8, 7 reached
  apology_at        INTEGER NOT NULL DEFAULT 0,
  apology_reason    TEXT NOT NULL DEFAULT '',
  supplement_count  INTEGER NOT NULL DEFAULT 0,
  rating            INTEGER CHECK (rating IS NULL OR rating IN (0, 1)), -- 1 satisfied
  rating_reason     TEXT NOT NULL DEFAULT '',
  rated_at          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dossier_unit ON dossier(unit, id);
CREATE INDEX dossier_unit_status ON dossier(unit, status, due_at);
CREATE INDEX dossier_applicant ON dossier(applicant_account, id) WHERE applicant_account IS NOT NULL;
CREATE INDEX dossier_procedure ON dossier(procedure, id);

-- The day's sequence per unit: only ever incremented, so a code is never
-- given twice.
CREATE TABLE dossier_seq (
  unit TEXT NOT NULL,
  day  INTEGER NOT NULL,                  -- Julian day of receipt
  last INTEGER NOT NULL,
  PRIMARY KEY (unit, day)
) WITHOUT ROWID;

-- Every change of status: who, in which role, when and why.
CREATE TABLE dossier_event (
  id         INTEGER PRIMARY KEY,
  dossier    INTEGER NOT NULL REFERENCES dossier(id),
  from_status INTEGER NOT NULL,           -- 0 for the filing itself
  to_status  INTEGER NOT NULL,
  account_id INTEGER NOT NULL,
  login      TEXT NOT NULL,
  role       TEXT NOT NULL,
  at         INTEGER NOT NULL,
  note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dossier_event_dossier ON dossier_event(dossier, id);

-- Each supplement request: the clock stops at `start` and runs again at
-- `end` (0 while waiting). `restart_due` keeps the reading of Decree
-- 61/2018 art. 19(4), under which the whole period starts again once the
-- dossier is complete.
CREATE TABLE dossier_pause (
  id          INTEGER PRIMARY KEY,
  dossier     INTEGER NOT NULL REFERENCES dossier(id),
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL DEFAULT 0,
  restart_due INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dossier_pause_dossier ON dossier_pause(dossier, id);

-- Documents filed and results issued. The file itself lives in the blob
-- store, named by its SHA-256.
CREATE TABLE dossier_file (
  id      INTEGER PRIMARY KEY,
  dossier INTEGER NOT NULL REFERENCES dossier(id),
  kind    TEXT NOT NULL CHECK (kind IN ('document', 'result')),
  sha256  TEXT NOT NULL CHECK (length(sha256) = 64),
  name    TEXT NOT NULL
);
CREATE INDEX dossier_file_dossier ON dossier_file(dossier);

-- Feedback and complaints (phản ánh, kiến nghị) with their deadlines in
-- working days from receipt: refuse within 2, ask for more within 5,
-- answer within 15.
CREATE TABLE feedback (
  id            INTEGER PRIMARY KEY,
  unit          TEXT NOT NULL REFERENCES unit(code),
  dossier_code  TEXT NOT NULL DEFAULT '',
  account_id    INTEGER,                  -- NULL when sent anonymously
  name          TEXT NOT NULL DEFAULT '',
  contact       TEXT NOT NULL DEFAULT '',
  content       TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  refuse_by     INTEGER NOT NULL,
  supplement_by INTEGER NOT NULL,
  answer_by     INTEGER NOT NULL,
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'refused')),
  answer        TEXT NOT NULL DEFAULT '',
  answered_at   INTEGER NOT NULL DEFAULT 0,
  answered_by   INTEGER
);
CREATE INDEX feedback_unit ON feedback(unit, id);
