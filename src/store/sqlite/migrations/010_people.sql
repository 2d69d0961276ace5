-- Population and digital-transformation records (issue 13): residents with
-- the history of every change, businesses, community digital teams and
-- their work, campaigns, local products and the figures units report.
-- Every record keeps the days that make it countable "as of" any day.
-- Days are Julian day numbers (core/lunar.h lunar_jdn), villages in the
-- population tables are integer keys of unit codes (core/unit.h unit_key:
-- "22015001" is 122015001), so a count over millions of residents reads
-- integers only. What is kept and why: docs/population.md.

-- ---- residents (Project 06 extracts) ----
-- The rows of version 1 are moved by the data step of this version
-- (store/people.c): birth dates become days, villages keys; the phone
-- number and the household address are no longer kept (least data,
-- Decree 13/2023 art. 3(4)).
DROP INDEX household_village;
DROP INDEX resident_commune;
DROP INDEX resident_household;
ALTER TABLE resident RENAME TO resident_v1;
ALTER TABLE household RENAME TO household_v1;

CREATE TABLE household (
  id   INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE             -- the household's number in the extract
);

-- One row per person ever seen in an extract: who they are, and their
-- state since valid_from (the day of the extract that first showed it)
-- until valid_to (the day of the first extract without them; NULL while
-- they live here). Earlier states are in resident_history.
CREATE TABLE resident (
  id         INTEGER PRIMARY KEY,
  pid        TEXT NOT NULL CHECK (length(pid) = 12),
  full_name  TEXT NOT NULL,
  birth_day  INTEGER NOT NULL,
  sex        INTEGER NOT NULL CHECK (sex IN (1, 2)),       -- 1 male, 2 female
  household  INTEGER NOT NULL REFERENCES household(id),
  village    INTEGER NOT NULL,
  eid_level  INTEGER NOT NULL CHECK (eid_level BETWEEN 0 AND 2),
  ehealth    INTEGER NOT NULL CHECK (ehealth IN (0, 1)),
  valid_from INTEGER NOT NULL,
  valid_to   INTEGER,
  CHECK (valid_to IS NULL OR valid_to > valid_from)
);
-- A first extract into an empty table drops these two and builds them
-- after its rows (store/people.c): sorted builds are faster than millions
-- of inserts at random places.
CREATE UNIQUE INDEX resident_pid ON resident(pid);
CREATE INDEX resident_village ON resident(village);

-- A resident's earlier states, each over [valid_from, valid_to).
CREATE TABLE resident_history (
  resident   INTEGER NOT NULL REFERENCES resident(id),
  valid_from INTEGER NOT NULL,
  valid_to   INTEGER NOT NULL,
  household  INTEGER NOT NULL,
  village    INTEGER NOT NULL,
  eid_level  INTEGER NOT NULL,
  ehealth    INTEGER NOT NULL,
  CHECK (valid_to > valid_from)
);
-- "As of" a past day reads the states that ended after it.
CREATE INDEX resident_history_to ON resident_history(valid_to);
CREATE INDEX resident_history_resident ON resident_history(resident, valid_from);
CREATE INDEX resident_history_village ON resident_history(village, valid_to);

-- Each extract loaded: its day, where it came from and what it changed.
CREATE TABLE population_extract (
  id          INTEGER PRIMARY KEY,
  day         INTEGER NOT NULL,
  source      TEXT NOT NULL,
  rows        INTEGER NOT NULL,
  added       INTEGER NOT NULL,
  changed     INTEGER NOT NULL,
  departed    INTEGER NOT NULL,
  partial     INTEGER NOT NULL CHECK (partial IN (0, 1)),
  imported_at INTEGER NOT NULL,           -- unix seconds
  account_id  INTEGER NOT NULL            -- 0: the operator at the command line
);
CREATE INDEX population_extract_day ON population_extract(day);

-- The day of the latest extract loaded for each commune: an older extract
-- of a commune is refused, so that history is only ever written forward.
CREATE TABLE population_cover (
  commune TEXT PRIMARY KEY REFERENCES unit(code),
  day     INTEGER NOT NULL
);

-- Raised by every change to residents, so that a server holding counts
-- in memory notices an import made by another process.
CREATE TABLE people_rev (id INTEGER PRIMARY KEY CHECK (id = 1), rev INTEGER NOT NULL);
INSERT INTO people_rev VALUES (1, 0);

-- ---- businesses and household businesses ----
CREATE TABLE business (
  id            INTEGER PRIMARY KEY,
  tax_code      TEXT NOT NULL UNIQUE,     -- 10 digits, 13 for a branch (no dash), or 12 (ID number)
  kind          INTEGER NOT NULL CHECK (kind IN (1, 2)), -- 1 enterprise, 2 household business
  name          TEXT NOT NULL,
  unit          TEXT NOT NULL REFERENCES unit(code),     -- its village (or commune)
  opened_on     INTEGER NOT NULL,
  closed_on     INTEGER,
  einvoice_from INTEGER,                  -- day it started using e-invoices; NULL: not yet
  cashless_from INTEGER,                  -- day it started accepting cashless payment
  updated_at    INTEGER NOT NULL,
  CHECK (closed_on IS NULL OR closed_on > opened_on)
);
CREATE INDEX business_unit ON business(unit, id);

-- ---- community digital technology teams (Công văn 793/BTTTT-THH) ----
CREATE TABLE team (
  id           INTEGER PRIMARY KEY,
  unit         TEXT NOT NULL REFERENCES unit(code),      -- a village, or the commune
  name         TEXT NOT NULL,
  founded_on   INTEGER NOT NULL,
  dissolved_on INTEGER,
  CHECK (dissolved_on IS NULL OR dissolved_on > founded_on)
);
CREATE INDEX team_unit ON team(unit, founded_on);

CREATE TABLE team_member (
  id         INTEGER PRIMARY KEY,
  team       INTEGER NOT NULL REFERENCES team(id),
  full_name  TEXT NOT NULL,
  phone      TEXT NOT NULL DEFAULT '',
  position   INTEGER NOT NULL CHECK (position BETWEEN 1 AND 8),
  joined_on  INTEGER NOT NULL,
  left_on    INTEGER,
  account_id INTEGER REFERENCES account(id),             -- when the member signs in
  CHECK (left_on IS NULL OR left_on > joined_on)
);
CREATE INDEX team_member_team ON team_member(team, id);
CREATE UNIQUE INDEX team_member_account ON team_member(account_id)
  WHERE account_id IS NOT NULL AND left_on IS NULL;

-- Campaigns and movements ("Bình dân học vụ số") with their targets.
CREATE TABLE campaign (
  id        INTEGER PRIMARY KEY,
  code      TEXT NOT NULL UNIQUE,
  unit      TEXT NOT NULL REFERENCES unit(code),         -- the unit that runs it
  name      TEXT NOT NULL,
  starts_on INTEGER NOT NULL,
  ends_on   INTEGER NOT NULL,
  CHECK (ends_on >= starts_on)
);
-- measure: what a target counts over the campaign's days in its unit's
-- subtree (core/team.h enum campaign_measure).
CREATE TABLE campaign_target (
  campaign INTEGER NOT NULL REFERENCES campaign(id),
  seq      INTEGER NOT NULL,
  name     TEXT NOT NULL,
  measure  INTEGER NOT NULL,
  target   INTEGER NOT NULL CHECK (target >= 0),
  PRIMARY KEY (campaign, seq)
);

-- The help teams give, one row per entry. client_id is the key the phone
-- gives an entry, so an entry sent twice is kept once.
CREATE TABLE activity (
  id         INTEGER PRIMARY KEY,
  client_id  TEXT UNIQUE,
  team       INTEGER NOT NULL REFERENCES team(id),
  member     INTEGER REFERENCES team_member(id),
  kind       INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 6),
  day        INTEGER NOT NULL,
  people     INTEGER NOT NULL CHECK (people >= 0),
  attendance INTEGER NOT NULL DEFAULT 0 CHECK (attendance >= 0),
  campaign   INTEGER REFERENCES campaign(id),
  note       TEXT NOT NULL DEFAULT '',
  account_id INTEGER NOT NULL,            -- who entered it (0: an import)
  entered_at INTEGER NOT NULL             -- unix seconds
);
CREATE INDEX activity_team_day ON activity(team, day);
CREATE INDEX activity_day ON activity(day);

-- ---- local products (OCOP, agricultural) ----
CREATE TABLE product (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  unit       TEXT NOT NULL REFERENCES unit(code),
  name       TEXT NOT NULL,
  producer   TEXT NOT NULL,
  kind       INTEGER NOT NULL CHECK (kind IN (1, 2)),  -- 1 OCOP, 2 agricultural
  ocop_stars INTEGER NOT NULL DEFAULT 0 CHECK (ocop_stars BETWEEN 0 AND 5),
  added_on   INTEGER NOT NULL,
  removed_on INTEGER
);
CREATE INDEX product_unit ON product(unit, id);

-- Where a product is sold online, since when.
CREATE TABLE product_listing (
  product  INTEGER NOT NULL REFERENCES product(id),
  platform TEXT NOT NULL,
  url      TEXT NOT NULL DEFAULT '',
  since    INTEGER NOT NULL,
  PRIMARY KEY (product, platform)
);

-- ---- figures units report (core/expr_vocab.c figures) ----
-- A report counts once approved; a correction is a new row, and
-- approving it marks the one it replaces as superseded, which stays.
-- status: 1 awaiting approval, 2 approved, 3 rejected, 4 superseded.
CREATE TABLE report (
  id            INTEGER PRIMARY KEY,
  unit          TEXT NOT NULL REFERENCES unit(code),
  figure        TEXT NOT NULL,
  period        TEXT NOT NULL,            -- "2026-03", "2026-Q1", "2026"
  first_day     INTEGER NOT NULL,
  last_day      INTEGER NOT NULL,
  value         REAL NOT NULL,
  note          TEXT NOT NULL DEFAULT '',
  status        INTEGER NOT NULL CHECK (status BETWEEN 1 AND 4),
  reported_by   INTEGER NOT NULL,
  reporter      TEXT NOT NULL,            -- login
  reported_at   INTEGER NOT NULL,         -- unix seconds
  decided_by    INTEGER,
  decider       TEXT NOT NULL DEFAULT '',
  decided_at    INTEGER,
  decision_note TEXT NOT NULL DEFAULT '',
  CHECK (last_day >= first_day)
);
CREATE INDEX report_unit ON report(unit, figure, last_day);
CREATE INDEX report_status ON report(status, unit);
CREATE UNIQUE INDEX report_approved ON report(unit, figure, period) WHERE status = 2;
CREATE UNIQUE INDEX report_waiting ON report(unit, figure, period) WHERE status = 1;
