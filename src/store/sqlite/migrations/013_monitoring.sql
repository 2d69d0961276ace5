-- Digital-transformation monitoring (issue 14): indicators, their targets,
-- criteria sets and their criteria, plan tasks, and snapshots of closed
-- periods. Indicators and criteria are data: the data step of this version
-- (store/indicators.c, st_indicators_seed) fills them from core's built-in
-- set (core/indicator_builtin.c), and the province role changes them
-- through the API. Formulas are kept as text that core checked when they
-- were saved; the store never reads them, core compiles them when used.

CREATE TABLE indicator (
  id         TEXT PRIMARY KEY,            -- [a-z][a-z0-9_]*
  name_vi    TEXT NOT NULL,
  name_en    TEXT NOT NULL,
  unit       INTEGER NOT NULL CHECK (unit IN (1, 2)),        -- 1 %, 2 count
  direction  INTEGER NOT NULL CHECK (direction IN (1, -1)),  -- higher or lower is better
  source     TEXT NOT NULL DEFAULT '',
  formula    TEXT,                        -- NULL for a reported indicator
  reported   TEXT,                        -- the reported figure, or NULL
  green      REAL,                        -- NULL: no colours
  red        REAL,                        -- NULL: only green and yellow
  headline   INTEGER NOT NULL DEFAULT 0 CHECK (headline IN (0, 1)), -- shown in the province's table
  position   INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL DEFAULT 0,
  CHECK ((formula IS NULL) <> (reported IS NULL))
);

CREATE TABLE indicator_target (
  indicator TEXT NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
  year      INTEGER NOT NULL,
  level     INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
  value     REAL NOT NULL,
  PRIMARY KEY (indicator, year, level)
);

CREATE TABLE criteria_set (
  id              TEXT PRIMARY KEY,
  phase           TEXT NOT NULL DEFAULT '',
  name_vi         TEXT NOT NULL,
  name_en         TEXT NOT NULL,
  level           INTEGER NOT NULL DEFAULT 2 CHECK (level BETWEEN 1 AND 3),  -- the units it judges
  red_failed_over INTEGER NOT NULL DEFAULT -1,
  red_on_critical INTEGER NOT NULL DEFAULT 1 CHECK (red_on_critical IN (0, 1)),
  no_data_fails   INTEGER NOT NULL DEFAULT 0 CHECK (no_data_fails IN (0, 1)),
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE criterion (
  criteria_set TEXT NOT NULL REFERENCES criteria_set(id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  id           TEXT NOT NULL,
  name_vi      TEXT NOT NULL,
  name_en      TEXT NOT NULL,
  rule         TEXT NOT NULL,
  critical     INTEGER NOT NULL DEFAULT 0 CHECK (critical IN (0, 1)),
  PRIMARY KEY (criteria_set, id)
);

-- Tasks of a plan assigned to a unit (and, within it, to a member of its
-- steering committee). Days are Julian day numbers; done_on 0 while open.
CREATE TABLE plan_task (
  id         INTEGER PRIMARY KEY,
  plan       TEXT NOT NULL,
  title      TEXT NOT NULL,
  unit       TEXT NOT NULL REFERENCES unit(code),
  owner      TEXT NOT NULL DEFAULT '',
  deadline   INTEGER NOT NULL,
  done_on    INTEGER NOT NULL DEFAULT 0,
  progress   INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  evidence   TEXT NOT NULL DEFAULT '',    -- sha256 of an attached document, or ''
  created_at INTEGER NOT NULL
);
CREATE INDEX plan_task_unit ON plan_task(unit, deadline);

-- The rolled-up numerator and denominator of an indicator for a unit and a
-- closed period ("2026-03", "2026-Q1", "2026"), written by
-- `xaso indicators recompute`; NULL parts are "no data".
CREATE TABLE indicator_snapshot (
  indicator   TEXT NOT NULL,
  unit        TEXT NOT NULL,
  period      TEXT NOT NULL,
  num         REAL,
  den         REAL,
  computed_at INTEGER NOT NULL,
  PRIMARY KEY (indicator, period, unit)
);
-- A unit's trend (the sparkline of its indicator cards).
CREATE INDEX indicator_snapshot_unit ON indicator_snapshot(unit, indicator, period);
