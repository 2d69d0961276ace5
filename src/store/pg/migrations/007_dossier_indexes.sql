-- PostgreSQL version of sqlite/migrations/007_dossier_indexes.sql.
DROP INDEX dossier_event_dossier;
CREATE INDEX dossier_event_dossier ON dossier_event(dossier, id, from_status, to_status, at);

CREATE INDEX dossier_unit_open ON dossier(unit, id) WHERE status NOT IN (3, 7, 8, 10);
