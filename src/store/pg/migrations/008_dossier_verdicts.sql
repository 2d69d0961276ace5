-- PostgreSQL version of sqlite/migrations/008_dossier_verdicts.sql (the
-- data step of this version, in store.c, is shared by both back ends).
ALTER TABLE dossier ADD COLUMN is_open integer NOT NULL DEFAULT 1 CHECK (is_open IN (0, 1));
ALTER TABLE dossier ADD COLUMN overdue_from bigint NOT NULL DEFAULT 0;
ALTER TABLE dossier ADD COLUMN on_time integer CHECK (on_time IS NULL OR on_time IN (0, 1));

DROP INDEX dossier_unit_open;
CREATE INDEX dossier_unit_open ON dossier(unit, id) WHERE is_open = 1;
