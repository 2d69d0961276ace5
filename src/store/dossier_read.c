/*
 * dossier_read.c: reading dossiers: one by code, public tracking in one
 * snapshot, a dossier's events and pauses, and the listings of a unit, a
 * province or a citizen.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_dossiers.h"
#include "store/store_int.h"

int store_dossier_get(struct store *s, const char *code, struct dossier *out, struct xerr *e)
{
	struct db_conn *c = st_get(s);
	int rc = st_dossier_get_on(c, code, out, e);
	st_put(s, c);
	return rc;
}

/* The events of a dossier on c. public: only what public tracking shows
 * (the statuses and times); who made each change and the notes are not
 * read. */
struct event_each {
	dossier_event_cb cb;
	void *ctx;
	bool public;
	struct dossier_event ev;
};

static int event_row(struct db_stmt *st, void *ctx)
{
	struct event_each *x = ctx;
	struct dossier_event *ev = &x->ev;
	ev->from = (int)db_int(st, 0);
	ev->to = (int)db_int(st, 1);
	ev->at = db_int(st, 2);
	if (!x->public) {
		ev->account_id = db_int(st, 3);
		db_text_copy(st, 4, ev->login, sizeof ev->login);
		db_text_copy(st, 5, ev->role, sizeof ev->role);
		db_text_copy(st, 6, ev->note, sizeof ev->note);
	}
	return x->cb(ev, x->ctx);
}

static int events_on(struct db_conn *c, int64_t dossier_id, bool public, dossier_event_cb cb,
                     void *ctx, struct xerr *e)
{
	static const char sql_all[] =
	    "SELECT from_status, to_status, at, account_id, login, role, note "
	    "FROM dossier_event WHERE dossier = ?1 ORDER BY id";
	static const char sql_public[] =
	    "SELECT from_status, to_status, at FROM dossier_event WHERE dossier = ?1 ORDER BY id";
	struct event_each *x = calloc(1, sizeof *x);
	if (!x)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	x->cb = cb;
	x->ctx = ctx;
	x->public = public;
	int rc = db_query_each(c, public ? sql_public : sql_all, DB_ARGS(DB_INT(dossier_id)),
	                       event_row, x, e);
	free(x);
	return rc;
}

int store_dossier_events(struct store *s, int64_t dossier_id, dossier_event_cb cb, void *ctx,
                         struct xerr *e)
{
	struct db_conn *c = st_get(s);
	int rc = events_on(c, dossier_id, false, cb, ctx, e);
	st_put(s, c);
	return rc;
}

static int track_row(struct db_stmt *st, void *ctx)
{
	struct dossier_track *t = ctx;
	st_dossier_read_public(st, &t->d);
	db_text_copy(st, ST_DOSSIER_PUBLIC_NCOLS, t->procedure_name, sizeof t->procedure_name);
	db_text_copy(st, ST_DOSSIER_PUBLIC_NCOLS + 1, t->unit_name, sizeof t->unit_name);
	return 0;
}

int store_dossier_track(struct store *s, const char *code, struct dossier_track *t,
                        dossier_event_cb cb, void *ctx, struct xerr *e)
{
	/* Only the public columns: tracking never reads personal data. */
	static const char sql[] =
	    "SELECT " ST_DOSSIER_PUBLIC_COLS ", "
	    "(SELECT name FROM procedure WHERE procedure.code = dossier.procedure), "
	    "(SELECT name FROM unit WHERE unit.code = dossier.unit) FROM dossier WHERE code = ?1";
	struct db_conn *c = st_get(s);
	/* One read transaction: one snapshot, and the WAL read lock taken
	 * once rather than for each statement. */
	int rc = db_begin(c, DB_READ, e);
	if (rc == 0) {
		rc = db_query_first(c, sql, DB_ARGS(DB_TEXT(code)), track_row, t, e);
		if (rc == 0)
			rc = xerr_set(e, XERR_NOTFOUND, "code", "no dossier with code %s", code);
		else if (rc == 1)
			rc = events_on(c, t->d.id, true, cb, ctx, e);
		db_end(c, false, NULL);
	}
	st_put(s, c);
	return rc;
}

struct pause_each {
	dossier_pause_cb cb;
	void *ctx;
};

static int pause_row(struct db_stmt *st, void *ctx)
{
	struct pause_each *x = ctx;
	struct dossier_pause p = {db_int(st, 0), db_int(st, 1), db_int(st, 2)};
	return x->cb(&p, x->ctx);
}

int store_dossier_pauses(struct store *s, int64_t dossier_id, dossier_pause_cb cb, void *ctx,
                         struct xerr *e)
{
	static const char sql[] = "SELECT start, \"end\", restart_due FROM dossier_pause "
	                          "WHERE dossier = ?1 ORDER BY id";
	struct pause_each x = {cb, ctx};
	return st_each(s, sql, DB_ARGS(DB_INT(dossier_id)), pause_row, &x, e);
}

struct list_each {
	dossier_cb cb;
	void *ctx;
	struct dossier d;
};

static int list_row(struct db_stmt *st, void *ctx)
{
	struct list_each *x = ctx;
	st_dossier_read(st, &x->d);
	return x->cb(&x->d, x->ctx);
}

int store_dossier_list(struct store *s, const struct dossier_filter *f, dossier_cb cb, void *ctx,
                       struct xerr *e)
{
	/* One statement per shape, so each can walk its own index in id order
	 * (an OR of shapes would scan the whole table): a commune's dossiers
	 * by (unit, id), its open ones by the index of open dossiers only, a
	 * citizen's by (applicant_account, id), a province's through its
	 * communes. The flags are the columns core keeps (dossier_settle). */
#define LIST_FILTERS                                                                               \
	"AND (?3 = 0 OR status = ?3) AND (?4 IS NULL OR procedure = ?4) "                          \
	"AND (?5 = 0 OR (due_at > 0 AND due_at < ?5)) "                                            \
	"AND (?6 = 0 OR applicant_account = ?6) AND (?8 = 0 OR due_at >= ?8) "                     \
	"AND (?9 = 0 OR is_open = 1) AND (?10 = 0 OR overdue_from > 0) ORDER BY id LIMIT ?7"
	static const char sql_commune[] = "SELECT " ST_DOSSIER_COLS " FROM dossier "
	                                  "WHERE unit = ?2 AND id > ?1 " LIST_FILTERS;
	static const char sql_commune_open[] = "SELECT " ST_DOSSIER_COLS " FROM dossier "
	                                       "WHERE unit = ?2 AND id > ?1 "
	                                       "AND is_open = 1 " LIST_FILTERS;
	static const char sql_parent[] = "SELECT " ST_DOSSIER_COLS " FROM dossier "
	                                 "WHERE unit IN (SELECT code FROM unit WHERE parent = ?2) "
	                                 "AND id > ?1 " LIST_FILTERS;
	static const char sql_own[] =
	    "SELECT " ST_DOSSIER_COLS " FROM dossier "
	    "WHERE applicant_account = ?6 AND id > ?1 AND ?2 IS NULL " LIST_FILTERS;
	static const char sql_all[] = "SELECT " ST_DOSSIER_COLS " FROM dossier "
	                              "WHERE id > ?1 AND ?2 IS NULL " LIST_FILTERS;
#undef LIST_FILTERS
	/* Dossiers are received by commune-level units (5-digit codes); a
	 * shorter code is a province, whose dossiers are its communes'. */
	const char *sql = !f->unit || !f->unit[0] ? (f->applicant_account ? sql_own : sql_all)
	                  : strlen(f->unit) < 5   ? sql_parent
	                  : f->active             ? sql_commune_open
	                                          : sql_commune;
	if (f->limit < 1 || f->limit > 500)
		return xerr_set(e, XERR_INVALID, "limit", "limit must be from 1 to 500");
	struct list_each *x = malloc(sizeof *x);
	if (!x)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	x->cb = cb;
	x->ctx = ctx;
	int rc = st_each(s, sql,
	                 DB_ARGS(DB_INT(f->after), DB_TEXTN(f->unit), DB_INT(f->status),
	                         DB_TEXTN(f->procedure), DB_INT(f->due_before),
	                         DB_INT(f->applicant_account), DB_INT(f->limit),
	                         DB_INT(f->due_from), DB_INT(f->active), DB_INT(f->running)),
	                 list_row, x, e);
	free(x);
	return rc;
}
