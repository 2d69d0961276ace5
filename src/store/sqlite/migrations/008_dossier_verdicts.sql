-- What core derives from a dossier's state (core/dossier.c, dossier_settle),
-- kept in the row so that listings and counts filter in SQL instead of
-- restating the rules there: is_open (not in a final status), overdue_from
-- (the local minute from which the dossier is overdue; 0 when it cannot
-- become overdue as it stands) and on_time (NULL until processing ends,
-- then 1 on time or 0 late). Every write of a dossier sets them; the data
-- step of this version (store.c) fills them for the rows already there.
ALTER TABLE dossier ADD COLUMN is_open INTEGER NOT NULL DEFAULT 1 CHECK (is_open IN (0, 1));
ALTER TABLE dossier ADD COLUMN overdue_from INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossier ADD COLUMN on_time INTEGER CHECK (on_time IS NULL OR on_time IN (0, 1));

-- The officer's queue shows a commune's open dossiers: a few hundred among
-- years of closed ones. The index of migration 007 listed the final
-- statuses; this one holds the rows core marks open.
DROP INDEX dossier_unit_open;
CREATE INDEX dossier_unit_open ON dossier(unit, id) WHERE is_open = 1;
