-- The 766 index's counts kept up to date (issue 16, item 7). The
-- PostgreSQL version of src/store/sqlite/migrations/016_index766_counts.sql
-- (which says what every column counts): the same tables and indexes; the
-- triggers are PL/pgSQL functions here, the same arithmetic.
CREATE TABLE idx766_received (
  unit              text NOT NULL,
  month             integer NOT NULL,
  procedure         text NOT NULL,
  dossiers          bigint NOT NULL,
  online            bigint NOT NULL,
  online_result     bigint NOT NULL,
  done              bigint NOT NULL,
  done_result       bigint NOT NULL,
  documented        bigint NOT NULL,
  documented_result bigint NOT NULL,
  reused            bigint NOT NULL,
  paid_online       bigint NOT NULL,
  fee_due           bigint NOT NULL,
  population        bigint NOT NULL,
  unhappy           bigint NOT NULL,
  late_finished     bigint NOT NULL,
  PRIMARY KEY (unit, month, procedure)
);

CREATE TABLE idx766_finished (
  unit     text NOT NULL,
  month    integer NOT NULL,
  finished bigint NOT NULL,
  late     bigint NOT NULL,
  PRIMARY KEY (unit, month)
);

-- The local month (yyyymm) of a moment in local minutes since 1970-01-01.
CREATE FUNCTION idx766_month(t bigint) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT CAST(to_char(to_timestamp(t * 60) AT TIME ZONE 'UTC', 'YYYYMM') AS integer)
$$;

-- One dossier's contribution, times s (1 in, -1 out).
CREATE FUNCTION idx766_count(s integer, d_unit text, d_procedure text, d_code text,
  d_received bigint, d_finished bigint, d_channel integer, d_status integer,
  d_result integer, d_document integer, d_reused integer, d_paid integer, d_fee integer,
  d_identity integer, d_rating integer, d_on_time integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  u integer;
  is_late integer;
BEGIN
  IF d_received <= 0 THEN
    RETURN;
  END IF;
  u := CASE WHEN coalesce(d_rating, 1) = 0 OR EXISTS (SELECT 1 FROM feedback f
    WHERE f.dossier_code = d_code) THEN 1 ELSE 0 END;
  is_late := CASE WHEN d_finished > 0 AND coalesce(d_on_time, 1) = 0 THEN 1 ELSE 0 END;
  INSERT INTO idx766_received AS r VALUES (d_unit, idx766_month(d_received), d_procedure, s,
    s * (CASE WHEN d_channel = 2 THEN 1 ELSE 0 END),
    s * (CASE WHEN d_channel = 2 AND d_result = 1 THEN 1 ELSE 0 END),
    s * (CASE WHEN d_status IN (9, 10) THEN 1 ELSE 0 END),
    s * (CASE WHEN d_status IN (9, 10) AND d_result = 1 THEN 1 ELSE 0 END),
    s * (CASE WHEN d_document = 1 THEN 1 ELSE 0 END),
    s * (CASE WHEN d_document = 1 AND d_result = 1 THEN 1 ELSE 0 END),
    s * (CASE WHEN d_reused = 1 THEN 1 ELSE 0 END),
    s * (CASE WHEN d_paid = 1 THEN 1 ELSE 0 END),
    s * (CASE WHEN d_fee = 1 THEN 1 ELSE 0 END),
    s * (CASE WHEN d_identity > 0 THEN 1 ELSE 0 END),
    s * u, s * is_late * (1 - u))
  ON CONFLICT (unit, month, procedure) DO UPDATE SET dossiers = r.dossiers + excluded.dossiers,
    online = r.online + excluded.online, online_result = r.online_result + excluded.online_result,
    done = r.done + excluded.done, done_result = r.done_result + excluded.done_result,
    documented = r.documented + excluded.documented,
    documented_result = r.documented_result + excluded.documented_result,
    reused = r.reused + excluded.reused, paid_online = r.paid_online + excluded.paid_online,
    fee_due = r.fee_due + excluded.fee_due, population = r.population + excluded.population,
    unhappy = r.unhappy + excluded.unhappy,
    late_finished = r.late_finished + excluded.late_finished;
  IF d_finished > 0 THEN
    INSERT INTO idx766_finished AS f VALUES (d_unit, idx766_month(d_finished), s,
      s * (CASE WHEN coalesce(d_on_time, 1) = 0 THEN 1 ELSE 0 END))
    ON CONFLICT (unit, month) DO UPDATE SET finished = f.finished + excluded.finished,
      late = f.late + excluded.late;
  END IF;
END $$;

CREATE FUNCTION idx766_dossier_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM idx766_count(-1, OLD.unit, OLD.procedure, OLD.code, OLD.received_at,
      OLD.finished_at, OLD.channel, OLD.status, OLD.has_result, OLD.has_document,
      OLD.has_reused, OLD.paid_online, OLD.fee_due, OLD.identity_source, OLD.rating,
      OLD.on_time);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM idx766_count(1, NEW.unit, NEW.procedure, NEW.code, NEW.received_at,
      NEW.finished_at, NEW.channel, NEW.status, NEW.has_result, NEW.has_document,
      NEW.has_reused, NEW.paid_online, NEW.fee_due, NEW.identity_source, NEW.rating,
      NEW.on_time);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER idx766_dossier_ins AFTER INSERT ON dossier FOR EACH ROW
  WHEN (NEW.received_at > 0) EXECUTE FUNCTION idx766_dossier_changed();
CREATE TRIGGER idx766_dossier_del AFTER DELETE ON dossier FOR EACH ROW
  WHEN (OLD.received_at > 0) EXECUTE FUNCTION idx766_dossier_changed();
CREATE TRIGGER idx766_dossier_upd AFTER UPDATE ON dossier FOR EACH ROW
  WHEN ((OLD.received_at > 0 OR NEW.received_at > 0) AND (OLD.unit <> NEW.unit
    OR OLD.procedure <> NEW.procedure OR OLD.code <> NEW.code
    OR OLD.received_at <> NEW.received_at OR OLD.finished_at <> NEW.finished_at
    OR OLD.channel <> NEW.channel OR (OLD.status IN (9, 10)) <> (NEW.status IN (9, 10))
    OR OLD.has_result <> NEW.has_result OR OLD.has_document <> NEW.has_document
    OR OLD.has_reused <> NEW.has_reused OR OLD.paid_online <> NEW.paid_online
    OR OLD.fee_due <> NEW.fee_due OR OLD.identity_source <> NEW.identity_source
    OR OLD.rating IS DISTINCT FROM NEW.rating OR OLD.on_time IS DISTINCT FROM NEW.on_time))
  EXECUTE FUNCTION idx766_dossier_changed();

-- A dossier named by its first piece of feedback becomes unhappy (s = 1);
-- once the last one is gone, no longer (s = -1). Rated unsatisfied: it
-- was unhappy already.
CREATE FUNCTION idx766_complained(code text, s integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE idx766_received r SET unhappy = r.unhappy + s,
    late_finished = r.late_finished - s * (CASE WHEN d.finished_at > 0
      AND coalesce(d.on_time, 1) = 0 THEN 1 ELSE 0 END)
  FROM dossier d WHERE d.code = idx766_complained.code AND d.received_at > 0
    AND coalesce(d.rating, 1) <> 0 AND r.unit = d.unit
    AND r.month = idx766_month(d.received_at) AND r.procedure = d.procedure;
END $$;

CREATE FUNCTION idx766_feedback_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.dossier_code <> '' AND NOT EXISTS (SELECT 1 FROM feedback f
      WHERE f.dossier_code = OLD.dossier_code) THEN
    PERFORM idx766_complained(OLD.dossier_code, -1);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.dossier_code <> '' AND NOT EXISTS (SELECT 1 FROM feedback f
      WHERE f.dossier_code = NEW.dossier_code AND f.id <> NEW.id) THEN
    PERFORM idx766_complained(NEW.dossier_code, 1);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER idx766_feedback_ins AFTER INSERT ON feedback FOR EACH ROW
  WHEN (NEW.dossier_code <> '') EXECUTE FUNCTION idx766_feedback_changed();
CREATE TRIGGER idx766_feedback_del AFTER DELETE ON feedback FOR EACH ROW
  WHEN (OLD.dossier_code <> '') EXECUTE FUNCTION idx766_feedback_changed();
CREATE TRIGGER idx766_feedback_upd AFTER UPDATE OF dossier_code ON feedback FOR EACH ROW
  WHEN (OLD.dossier_code <> NEW.dossier_code) EXECUTE FUNCTION idx766_feedback_changed();

-- The backfill: the counts of the dossiers already there.
INSERT INTO idx766_received SELECT unit, idx766_month(received_at) AS m, procedure, count(*),
  count(*) FILTER (WHERE channel = 2), count(*) FILTER (WHERE channel = 2 AND has_result = 1),
  count(*) FILTER (WHERE status IN (9, 10)),
  count(*) FILTER (WHERE status IN (9, 10) AND has_result = 1),
  count(*) FILTER (WHERE has_document = 1),
  count(*) FILTER (WHERE has_document = 1 AND has_result = 1),
  count(*) FILTER (WHERE has_reused = 1), count(*) FILTER (WHERE paid_online = 1),
  count(*) FILTER (WHERE fee_due = 1), count(*) FILTER (WHERE identity_source > 0),
  count(*) FILTER (WHERE u),
  count(*) FILTER (WHERE finished_at > 0 AND coalesce(on_time, 1) = 0 AND NOT u)
FROM (SELECT d.*, coalesce(d.rating, 1) = 0 OR d.code IN (SELECT f.dossier_code FROM feedback f
  WHERE f.dossier_code <> '') AS u FROM dossier d WHERE d.received_at > 0) x
GROUP BY unit, m, procedure;
INSERT INTO idx766_finished SELECT unit, idx766_month(finished_at) AS m, count(*),
  count(*) FILTER (WHERE coalesce(on_time, 1) = 0)
FROM dossier WHERE received_at > 0 AND finished_at > 0 GROUP BY unit, m;

CREATE INDEX dossier_idx766_unfinished ON dossier(unit, finished_at, received_at, procedure,
  channel, status, is_open, on_time, supplement_count, due_at, overdue_from, fee_due,
  paid_online, identity_source, rating, has_document, has_result, has_reused, code)
  WHERE finished_at = 0 AND received_at > 0;
CREATE INDEX dossier_idx766_finished ON dossier(unit, finished_at, received_at);
DROP INDEX dossier_idx766_procedure;
