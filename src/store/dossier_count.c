/*
 * dossier_count.c: how many dossiers: per status for the officer's queue,
 * and the figures of a unit's subtree for the indicators (read where the
 * store sends reads that may be slightly stale: a replica when there is
 * one, store_set_read_db). On time, late
 * and overdue are core's verdicts (dossier_judge), counted through the
 * columns core keeps in every row (on_time, overdue_from), so the counts
 * agree with what each dossier's page says.
 */
#include <string.h>

#include "store/store_dossiers.h"
#include "store/store_int.h"

struct status_counts {
	long *out;
};

static int status_row(struct db_stmt *st, void *ctx)
{
	struct status_counts *x = ctx;
	int status = (int)db_int(st, 0);
	long n = (long)db_int(st, 1);
	if (dossier_status_valid(status))
		x->out[status] = n;
	x->out[0] += n;
	return 0;
}

int store_dossier_status_counts(struct store *s, const char *unit, long out[DS_MAX + 1],
                                struct xerr *e)
{
	static const char sql[] =
	    "SELECT status, count(*) FROM dossier WHERE unit = ?1 "
	    "OR unit IN (SELECT code FROM unit WHERE parent = ?1) GROUP BY status";
	for (int i = 0; i <= DS_MAX; i++)
		out[i] = 0;
	struct status_counts x = {out};
	return st_each(s, sql, DB_ARGS(DB_TEXT(unit)), status_row, &x, e);
}

static int counts_row(struct db_stmt *st, void *ctx)
{
	struct dossier_counts *out = ctx;
	long *v[] = {&out->total,      &out->online, &out->received,     &out->finished,
	             &out->on_time,    &out->late,   &out->overdue_open, &out->supplemented,
	             &out->apologised, &out->rated,  &out->unsatisfied};
	for (int i = 0; i < (int)(sizeof v / sizeof v[0]); i++)
		*v[i] = (long)db_int(st, i);
	return 0;
}

int store_dossier_counts(struct store *s, const char *unit, int64_t from, int64_t to, int64_t now,
                         struct dossier_counts *out, struct xerr *e)
{
#define COUNT_COLS                                                                                 \
	"SELECT count(*), count(*) FILTER (WHERE channel = ?5), "                                  \
	"count(*) FILTER (WHERE received_at > 0), count(*) FILTER (WHERE finished_at > 0), "       \
	"count(*) FILTER (WHERE on_time = 1), count(*) FILTER (WHERE on_time = 0), "               \
	"count(*) FILTER (WHERE overdue_from > 0 AND overdue_from <= ?4), "                        \
	"count(*) FILTER (WHERE supplement_count > 0), count(*) FILTER (WHERE apology_at > 0), "   \
	"count(*) FILTER (WHERE rating IS NOT NULL), count(*) FILTER (WHERE rating = 0) "          \
	"FROM dossier "
#define COUNT_RANGE "AND submitted_at >= ?2 AND (?3 = 0 OR submitted_at < ?3)"
	/* A commune's by its index; a province's through its communes. */
	static const char sql_commune[] = COUNT_COLS "WHERE unit = ?1 " COUNT_RANGE;
	static const char sql_parent[] =
	    COUNT_COLS "WHERE unit IN (SELECT code FROM unit WHERE parent = ?1) " COUNT_RANGE;
#undef COUNT_COLS
#undef COUNT_RANGE
	memset(out, 0, sizeof *out);
	/* Figures, not a record: a replica's slightly older answer will do. */
	int rc = st_first_stale(
	    s, strlen(unit) >= 5 ? sql_commune : sql_parent,
	    DB_ARGS(DB_TEXT(unit), DB_INT(from), DB_INT(to), DB_INT(now), DB_INT(DC_ONLINE)),
	    counts_row, out, e);
	return rc < 0 ? rc : 0;
}
