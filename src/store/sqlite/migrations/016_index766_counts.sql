-- The 766 index's counts kept up to date (issue 16, item 7), so that a
-- year reads a few rows per unit instead of every dossier. The PostgreSQL
-- version of this script is src/store/pg/migrations/016_index766_counts.sql:
-- the same tables and indexes; its triggers are one PL/pgSQL function.
--
-- Months are local months as yyyymm (202603): a dossier's moments are
-- local minutes since 1970-01-01, read here as if they were UTC. Every
-- count is a number of dossiers with received_at > 0; store/index766.c
-- says how the index reads them, docs/index766.md why it is exact.
--
-- Per (unit, month of receipt, procedure): what the rows "received in the
-- period" count, split by the dossier's own columns only; the procedure's
-- facts (paper result, eligible for full online service) are applied when
-- reading, so a change of a procedure's facts changes no count.
--   unhappy        rated unsatisfied, or named by a piece of feedback
--   late_finished  finished, not on time, and not unhappy (row 5.4 reads
--                  it as late only once it is finished by the minute judged)
CREATE TABLE idx766_received (
  unit              TEXT NOT NULL,
  month             INTEGER NOT NULL,
  procedure         TEXT NOT NULL,
  dossiers          INTEGER NOT NULL,
  online            INTEGER NOT NULL,  -- channel 2
  online_result     INTEGER NOT NULL,  -- channel 2, with a result file
  done              INTEGER NOT NULL,  -- status 9 or 10
  done_result       INTEGER NOT NULL,  -- status 9 or 10, with a result file
  documented        INTEGER NOT NULL,  -- a document attached
  documented_result INTEGER NOT NULL,  -- a document attached and a result file
  reused            INTEGER NOT NULL,
  paid_online       INTEGER NOT NULL,
  fee_due           INTEGER NOT NULL,
  population        INTEGER NOT NULL,  -- identity_source > 0
  unhappy           INTEGER NOT NULL,
  late_finished     INTEGER NOT NULL,
  PRIMARY KEY (unit, month, procedure)
);

-- Per (unit, month of finish): dossiers finished, and finished late
-- (on_time = 0); row 2.1 reads the months wholly before the minute judged.
CREATE TABLE idx766_finished (
  unit     TEXT NOT NULL,
  month    INTEGER NOT NULL,
  finished INTEGER NOT NULL,
  late     INTEGER NOT NULL,
  PRIMARY KEY (unit, month)
);

-- Kept by triggers, so that every writer (the store, the demo, `xaso
-- migrate`, imports, tools) keeps them: a dossier's contribution is
-- subtracted as it was and added as it is, in the same transaction. An
-- update that changes none of the columns counted fires nothing.
--
-- One dossier's contribution times s (1 in, -1 out) is written once, as
-- the trigger of an insert into this view (SQLite has no functions in
-- SQL; PostgreSQL's version is the function idx766_count, same arguments).
CREATE VIEW idx766_change AS SELECT 0 AS s, '' AS unit, '' AS procedure, '' AS code,
  0 AS received_at, 0 AS finished_at, 0 AS channel, 0 AS status, 0 AS has_result,
  0 AS has_document, 0 AS has_reused, 0 AS paid_online, 0 AS fee_due, 0 AS identity_source,
  NULL AS rating, NULL AS on_time WHERE 0;

CREATE TRIGGER idx766_change_count INSTEAD OF INSERT ON idx766_change
WHEN NEW.received_at > 0
BEGIN
  INSERT INTO idx766_received SELECT NEW.unit,
    CAST(strftime('%Y%m', NEW.received_at * 60, 'unixepoch') AS INTEGER), NEW.procedure,
    NEW.s, NEW.s * (NEW.channel = 2), NEW.s * (NEW.channel = 2 AND NEW.has_result = 1),
    NEW.s * (NEW.status IN (9, 10)), NEW.s * (NEW.status IN (9, 10) AND NEW.has_result = 1),
    NEW.s * (NEW.has_document = 1), NEW.s * (NEW.has_document = 1 AND NEW.has_result = 1),
    NEW.s * (NEW.has_reused = 1), NEW.s * (NEW.paid_online = 1), NEW.s * (NEW.fee_due = 1),
    NEW.s * (NEW.identity_source > 0), NEW.s * u,
    NEW.s * (NEW.finished_at > 0 AND coalesce(NEW.on_time, 1) = 0 AND NOT u)
  FROM (SELECT coalesce(NEW.rating, 1) = 0 OR EXISTS (SELECT 1 FROM feedback f
    WHERE f.dossier_code = NEW.code) AS u) WHERE 1
  ON CONFLICT (unit, month, procedure) DO UPDATE SET dossiers = dossiers + excluded.dossiers,
    online = online + excluded.online, online_result = online_result + excluded.online_result,
    done = done + excluded.done, done_result = done_result + excluded.done_result,
    documented = documented + excluded.documented,
    documented_result = documented_result + excluded.documented_result,
    reused = reused + excluded.reused, paid_online = paid_online + excluded.paid_online,
    fee_due = fee_due + excluded.fee_due, population = population + excluded.population,
    unhappy = unhappy + excluded.unhappy, late_finished = late_finished + excluded.late_finished;
  INSERT INTO idx766_finished SELECT NEW.unit,
    CAST(strftime('%Y%m', NEW.finished_at * 60, 'unixepoch') AS INTEGER), NEW.s,
    NEW.s * (coalesce(NEW.on_time, 1) = 0) WHERE NEW.finished_at > 0
  ON CONFLICT (unit, month) DO UPDATE SET finished = finished + excluded.finished,
    late = late + excluded.late;
END;

CREATE TRIGGER idx766_dossier_ins AFTER INSERT ON dossier WHEN NEW.received_at > 0
BEGIN
  INSERT INTO idx766_change VALUES (1, NEW.unit, NEW.procedure, NEW.code, NEW.received_at, NEW.finished_at,
    NEW.channel, NEW.status, NEW.has_result, NEW.has_document, NEW.has_reused, NEW.paid_online,
    NEW.fee_due, NEW.identity_source, NEW.rating, NEW.on_time);
END;

CREATE TRIGGER idx766_dossier_del AFTER DELETE ON dossier WHEN OLD.received_at > 0
BEGIN
  INSERT INTO idx766_change VALUES (-1, OLD.unit, OLD.procedure, OLD.code, OLD.received_at, OLD.finished_at,
    OLD.channel, OLD.status, OLD.has_result, OLD.has_document, OLD.has_reused, OLD.paid_online,
    OLD.fee_due, OLD.identity_source, OLD.rating, OLD.on_time);
END;

CREATE TRIGGER idx766_dossier_upd AFTER UPDATE ON dossier
WHEN (OLD.received_at > 0 OR NEW.received_at > 0) AND (OLD.unit <> NEW.unit
  OR OLD.procedure <> NEW.procedure OR OLD.code <> NEW.code
  OR OLD.received_at <> NEW.received_at OR OLD.finished_at <> NEW.finished_at
  OR OLD.channel <> NEW.channel OR (OLD.status IN (9, 10)) <> (NEW.status IN (9, 10))
  OR OLD.has_result <> NEW.has_result OR OLD.has_document <> NEW.has_document
  OR OLD.has_reused <> NEW.has_reused OR OLD.paid_online <> NEW.paid_online
  OR OLD.fee_due <> NEW.fee_due OR OLD.identity_source <> NEW.identity_source
  OR OLD.rating IS NOT NEW.rating OR OLD.on_time IS NOT NEW.on_time)
BEGIN
  INSERT INTO idx766_change VALUES (-1, OLD.unit, OLD.procedure, OLD.code, OLD.received_at, OLD.finished_at,
    OLD.channel, OLD.status, OLD.has_result, OLD.has_document, OLD.has_reused, OLD.paid_online,
    OLD.fee_due, OLD.identity_source, OLD.rating, OLD.on_time);
  INSERT INTO idx766_change VALUES (1, NEW.unit, NEW.procedure, NEW.code, NEW.received_at, NEW.finished_at,
    NEW.channel, NEW.status, NEW.has_result, NEW.has_document, NEW.has_reused, NEW.paid_online,
    NEW.fee_due, NEW.identity_source, NEW.rating, NEW.on_time);
END;

-- Feedback naming a dossier makes it unhappy (row 5.4: "có PAKN"): the
-- first piece about a dossier moves it into "unhappy" (s = 1), the removal
-- of the last one out (s = -1), through this view's trigger (PostgreSQL:
-- the function idx766_complained). A dossier rated unsatisfied is unhappy
-- already and does not move.
CREATE VIEW idx766_complaint AS SELECT '' AS code, 0 AS s WHERE 0;

CREATE TRIGGER idx766_complaint_count INSTEAD OF INSERT ON idx766_complaint
BEGIN
  UPDATE idx766_received SET unhappy = unhappy + NEW.s,
    late_finished = late_finished - NEW.s * (SELECT d.finished_at > 0
      AND coalesce(d.on_time, 1) = 0 FROM dossier d WHERE d.code = NEW.code)
  WHERE (unit, month, procedure) = (SELECT d.unit,
    CAST(strftime('%Y%m', d.received_at * 60, 'unixepoch') AS INTEGER), d.procedure
    FROM dossier d WHERE d.code = NEW.code AND d.received_at > 0
      AND coalesce(d.rating, 1) <> 0);
END;

CREATE TRIGGER idx766_feedback_ins AFTER INSERT ON feedback WHEN NEW.dossier_code <> ''
BEGIN
  INSERT INTO idx766_complaint SELECT NEW.dossier_code, 1 WHERE NOT EXISTS (SELECT 1
    FROM feedback f WHERE f.dossier_code = NEW.dossier_code AND f.id <> NEW.id);
END;

CREATE TRIGGER idx766_feedback_del AFTER DELETE ON feedback WHEN OLD.dossier_code <> ''
BEGIN
  INSERT INTO idx766_complaint SELECT OLD.dossier_code, -1 WHERE NOT EXISTS (SELECT 1
    FROM feedback f WHERE f.dossier_code = OLD.dossier_code);
END;

-- A piece of feedback that changes the dossier it names: out of the old
-- one (if it was the last about it), into the new one (if it is the first).
CREATE TRIGGER idx766_feedback_upd AFTER UPDATE OF dossier_code ON feedback
WHEN OLD.dossier_code <> NEW.dossier_code
BEGIN
  INSERT INTO idx766_complaint SELECT OLD.dossier_code, -1 WHERE OLD.dossier_code <> ''
    AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.dossier_code = OLD.dossier_code);
  INSERT INTO idx766_complaint SELECT NEW.dossier_code, 1 WHERE NEW.dossier_code <> ''
    AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.dossier_code = NEW.dossier_code
      AND f.id <> NEW.id);
END;

-- The backfill: the counts of the dossiers already there.
INSERT INTO idx766_received SELECT unit,
  CAST(strftime('%Y%m', received_at * 60, 'unixepoch') AS INTEGER) AS m, procedure, count(*),
  sum(channel = 2), sum(channel = 2 AND has_result = 1), sum(status IN (9, 10)),
  sum(status IN (9, 10) AND has_result = 1), sum(has_document = 1),
  sum(has_document = 1 AND has_result = 1), sum(has_reused = 1), sum(paid_online = 1),
  sum(fee_due = 1), sum(identity_source > 0), sum(u),
  sum(finished_at > 0 AND coalesce(on_time, 1) = 0 AND NOT u)
FROM (SELECT d.*, coalesce(d.rating, 1) = 0 OR d.code IN (SELECT f.dossier_code FROM feedback f
  WHERE f.dossier_code <> '') AS u FROM dossier d WHERE d.received_at > 0)
GROUP BY unit, m, procedure;
INSERT INTO idx766_finished SELECT unit,
  CAST(strftime('%Y%m', finished_at * 60, 'unixepoch') AS INTEGER) AS m, count(*),
  sum(coalesce(on_time, 1) = 0)
FROM dossier WHERE received_at > 0 AND finished_at > 0 GROUP BY unit, m;

-- The dossiers the kept counts cannot judge (row 2.1 judges a dossier
-- unfinished at the minute judged by that minute), per unit: not finished
-- (a few thousand; every column the index reads, so that pass reads this
-- small index alone), or finished at or after a month's start. The count
-- of the procedures each unit's dossiers touched now reads idx766_received.
CREATE INDEX dossier_idx766_unfinished ON dossier(unit, finished_at, received_at, procedure,
  channel, status, is_open, on_time, supplement_count, due_at, overdue_from, fee_due,
  paid_online, identity_source, rating, has_document, has_result, has_reused, code)
  WHERE finished_at = 0 AND received_at > 0;
CREATE INDEX dossier_idx766_finished ON dossier(unit, finished_at, received_at);
DROP INDEX dossier_idx766_procedure;
