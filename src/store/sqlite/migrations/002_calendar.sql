-- Working-day calendar: the yearly decisions that override the statutory
-- holiday rules (core/calendar.c), and office hours per unit.
-- Rows are never updated in place: a correction is a new row with a later
-- effective_from, so a deadline computed on a given day can always be
-- recomputed with the rows known on that day.
CREATE TABLE calendar_override (
  id             INTEGER PRIMARY KEY,
  date           TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  kind           TEXT NOT NULL CHECK (kind IN ('off', 'work')),
  name           TEXT NOT NULL,
  effective_from TEXT NOT NULL,            -- applies to deadlines computed on or after
  source         TEXT NOT NULL DEFAULT '', -- file or decision it came from
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX calendar_override_date ON calendar_override(date, effective_from);

-- Office hours of a unit, e.g. '07:30-11:30,13:30-17:00'. Units without a
-- row use the default of core/calendar.h.
CREATE TABLE office_hours (
  unit           TEXT PRIMARY KEY REFERENCES unit(code),
  spans          TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
