-- The procedure catalogue (thủ tục hành chính): one row per procedure of
-- the national database, its required documents and its form fields.
CREATE TABLE procedure (
  code         TEXT PRIMARY KEY,          -- national database code, e.g. 1.001193
  name         TEXT NOT NULL,
  name_folded  TEXT NOT NULL,             -- lower case, no diacritics, for search
  field        TEXT NOT NULL,             -- lĩnh vực
  level        TEXT NOT NULL CHECK (level IN ('commune', 'province')),
  time_value   INTEGER NOT NULL DEFAULT 0 CHECK (time_value >= 0),
  time_unit    TEXT NOT NULL DEFAULT ''
               CHECK (time_unit IN ('', 'workday', 'calendarday', 'sameday', 'workhour')),
  fee_vnd      INTEGER CHECK (fee_vnd IS NULL OR fee_vnd >= 0), -- NULL: not known
  online_level TEXT NOT NULL CHECK (online_level IN ('full', 'partial')),
  source       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX procedure_field ON procedure(field, code);

CREATE TABLE procedure_document (
  procedure        TEXT NOT NULL REFERENCES procedure(code),
  seq              INTEGER NOT NULL,
  name             TEXT NOT NULL,
  original_or_copy TEXT NOT NULL CHECK (original_or_copy IN ('original', 'copy', 'original_or_copy')),
  count            INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
  reusable         INTEGER NOT NULL DEFAULT 0 CHECK (reusable IN (0, 1)), -- from digitised records
  source           TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (procedure, seq)
);

CREATE TABLE procedure_form_field (
  procedure TEXT NOT NULL REFERENCES procedure(code),
  seq       INTEGER NOT NULL,
  name      TEXT NOT NULL,                -- key in the dossier's form data
  label_vi  TEXT NOT NULL,
  label_en  TEXT NOT NULL,
  type      TEXT NOT NULL,                -- text, textarea, date, number, pid, phone, select:a|b
  required  INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
  PRIMARY KEY (procedure, seq),
  UNIQUE (procedure, name)
);
