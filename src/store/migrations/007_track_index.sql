-- Public tracking reads a dossier's steps (from, to, when) in order. With
-- those columns in the index, the read stays inside the index instead of
-- fetching each event's row, which lies on its own page since events of
-- all dossiers are appended in time order.
DROP INDEX dossier_event_dossier;
CREATE INDEX dossier_event_dossier ON dossier_event(dossier, id, from_status, to_status, at);
