/*
 * store_transfer.h: moving a unit's data from one database to another.
 * Part of the store.h contract.
 *
 * A commune that ran on its own SQLite file moves up into its province's
 * PostgreSQL database; a unit's data moves out again into a file of its
 * own. Both are one operation: copy everything that belongs to a unit's
 * subtree (a commune, or a whole province) from one store to another,
 * whatever their back ends:
 *
 *   - the unit's own records move: its villages, office hours, staff
 *     accounts and the citizens its dossiers and feedback name (all of the
 *     file's citizens when the whole file is moved), their API tokens,
 *     households and residents, dossiers with their events, pauses, files
 *     and day counters, feedback. They get the target's ids; every
 *     reference between them follows. A citizen already in the target
 *     with the same login, role and ID number is the same person; any
 *     other clash (a dossier code, a login, an ID number already there) is
 *     refused and nothing is written;
 *   - reference data shared by all units (the calendar, the procedure
 *     catalogue, stored files) is added where the target lacks it; the
 *     target's own version is kept otherwise. Attachment files are copied
 *     into the target's data directory, checked against their hash;
 *   - the audit log: the source's chain is verified first; its entries
 *     that concern the unit are appended to the target's chain in their
 *     order, between two entries (migrate.begin, naming the source and the
 *     head of its chain, and migrate.end), keeping their time, actor,
 *     address, action and detail; ids in their objects follow the move.
 *     The target's whole chain is verified afterwards.
 *
 * All of it is one write transaction on the target (the target's other
 * writers wait) and one read snapshot of the source. Before the commit
 * every table of the unit's records is read again on both sides and
 * compared: row counts and a SHA-256 of the rows written with natural keys
 * instead of ids (a dossier's events by its code, an account by its
 * login); a difference rolls everything back.
 */
#ifndef XASO_STORE_TRANSFER_H
#define XASO_STORE_TRANSFER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/xerr.h"

struct store;

enum { TRANSFER_TABLES_MAX = 64 };

struct transfer_table {
	const char *name;
	long copied; /* rows written into the target */
	long kept;   /* shared rows the target already had */
	/* The comparison afterwards (checked: the table is one of the unit's). */
	bool checked, same;
	long source_rows, target_rows;
	char source_sum[17], target_sum[17]; /* first 16 hex digits */
};

struct transfer_report {
	char unit[16]; /* the unit moved (found in the source when not given) */
	struct transfer_table t[TRANSFER_TABLES_MAX];
	int n;                           /* tables reported: 0 when nothing was written */
	int64_t audit_first, audit_last; /* the target's entries that came over */
	long audit_copied;
	int64_t target_audit_entries; /* the target's chain, verified */
};

/* Moves unit's data (a unit code, or NULL: the source holds one commune's
 * data, which is found) from `from` to `to`, both at this binary's schema.
 * `source` names the source in the audit entry (never a password). Returns
 * 0 when everything was written and every comparison agrees;
 * XERR_CONFLICT naming what clashed, XERR_INVALID for a source that is not
 * one commune's, XERR_IO when a comparison differs (the report says which);
 * on any error nothing is written. */
int store_transfer(struct store *from, struct store *to, const char *unit, const char *source,
                   struct transfer_report *r, struct xerr *e);

#endif
