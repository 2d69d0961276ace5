-- Public tracking reads a dossier's steps (from, to, when) in order. With
-- those columns in the index, the read stays inside the index instead of
-- fetching each event's row, which lies on its own page since events of
-- all dossiers are appended in time order.
DROP INDEX dossier_event_dossier;
CREATE INDEX dossier_event_dossier ON dossier_event(dossier, id, from_status, to_status, at);

-- The officer's queue shows a commune's open dossiers: a few hundred among
-- years of closed ones. This index holds only the open ones (not in a
-- final status: 3 not received, 7 withdrawn, 8 stopped, 10 returned).
CREATE INDEX dossier_unit_open ON dossier(unit, id) WHERE status NOT IN (3, 7, 8, 10);
