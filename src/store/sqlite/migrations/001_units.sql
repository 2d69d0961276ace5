-- Administrative units, effective-dated. Codes are the official GSO codes
-- (2 digits for a province, 5 for a commune-level unit); villages get their
-- commune's code followed by a local sequence.
CREATE TABLE unit (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  short_name  TEXT NOT NULL,
  name_folded TEXT NOT NULL,            -- lower case, no diacritics, for search
  type        TEXT NOT NULL,
  level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
  parent      TEXT REFERENCES unit(code),
  valid_from  TEXT NOT NULL DEFAULT '2025-07-01',
  valid_to    TEXT,                     -- NULL while in force
  CHECK ((level = 1) = (parent IS NULL))
);
CREATE INDEX unit_parent ON unit(parent, code);
CREATE INDEX unit_level ON unit(level, code);

-- A merger or split: the old unit's figures roll into its successors.
CREATE TABLE unit_succession (
  old_code  TEXT NOT NULL REFERENCES unit(code),
  new_code  TEXT NOT NULL REFERENCES unit(code),
  effective TEXT NOT NULL,
  share     REAL NOT NULL DEFAULT 1.0,
  PRIMARY KEY (old_code, new_code)
);

-- Project 06 population view: only what the indicators need.
CREATE TABLE household (
  id      INTEGER PRIMARY KEY,
  code    TEXT NOT NULL UNIQUE,
  village TEXT NOT NULL REFERENCES unit(code),
  address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX household_village ON household(village);

CREATE TABLE resident (
  id         INTEGER PRIMARY KEY,
  pid        TEXT NOT NULL UNIQUE CHECK (length(pid) = 12),
  full_name  TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  gender     TEXT NOT NULL CHECK (gender IN ('M', 'F')),
  household  INTEGER NOT NULL REFERENCES household(id),
  village    TEXT NOT NULL REFERENCES unit(code),
  commune    TEXT NOT NULL REFERENCES unit(code),
  eid_level  INTEGER NOT NULL DEFAULT 0 CHECK (eid_level BETWEEN 0 AND 2),
  ehealth    INTEGER NOT NULL DEFAULT 0 CHECK (ehealth IN (0, 1)),
  phone      TEXT
);
CREATE INDEX resident_commune ON resident(commune);
CREATE INDEX resident_household ON resident(household);

-- Bumped on every change to units, so that servers holding the unit tree
-- in memory notice changes made by other processes (xaso import).
CREATE TABLE unit_rev (id INTEGER PRIMARY KEY CHECK (id = 1), rev INTEGER NOT NULL);
INSERT INTO unit_rev VALUES (1, 0);
CREATE TRIGGER unit_rev_ins AFTER INSERT ON unit BEGIN UPDATE unit_rev SET rev = rev + 1; END;
CREATE TRIGGER unit_rev_upd AFTER UPDATE ON unit BEGIN UPDATE unit_rev SET rev = rev + 1; END;
CREATE TRIGGER unit_rev_del AFTER DELETE ON unit BEGIN UPDATE unit_rev SET rev = rev + 1; END;
