/*
 * reports.c: figures units report (store_records.h). A report is written
 * once and never changed but for its status: submitted it waits; a
 * decision approves or rejects it; approving one marks the approved
 * report of the same unit, figure and period as superseded, so every
 * earlier value stays. Only approved reports count (pop_eval.c).
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define NOLIMIT INT64_C(1000000000000)
#define REPORT_COLS                                                                                \
	"id, unit, figure, period, value, note, status, reporter, reported_at, decider, "          \
	"coalesce(decided_at, 0), decision_note, first_day, last_day, reported_by, "               \
	"coalesce(decided_by, 0)"

static int report_put(struct store *s, struct db_conn *c, const struct actor *who, void *rec,
                      bool *dup, struct xerr *e)
{
	static const char sql_old[] = "UPDATE report SET status = ?4 WHERE unit = ?1 AND "
	                              "figure = ?2 AND period = ?3 AND status = ?5";
	static const char sql_add[] =
	    "INSERT INTO report(unit, figure, period, first_day, last_day, value, note, status, "
	    "reported_by, reporter, reported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11) RETURNING id";
	(void)dup;
	struct report *r = rec;
	int rc = st_unit_for(s, r->unit, UNIT_PROVINCE, r->last_day, "unit", NULL, e);
	if (rc)
		return rc;
	/* A new report replaces the one still waiting, which is kept. */
	rc = db_run(c, sql_old,
	            DB_ARGS(DB_TEXT(r->unit), DB_TEXT(r->figure), DB_TEXT(r->period),
	                    DB_INT(REPORT_SUPERSEDED), DB_INT(REPORT_WAITING)),
	            e);
	r->status = REPORT_WAITING;
	r->reported_by = who->account_id;
	snprintf(r->reporter, sizeof r->reporter, "%s", who->login);
	r->reported_at = (int64_t)time(NULL);
	if (rc == 0)
		rc = db_query_int(c, sql_add,
		                  DB_ARGS(DB_TEXT(r->unit), DB_TEXT(r->figure), DB_TEXT(r->period),
		                          DB_INT(r->first_day), DB_INT(r->last_day),
		                          DB_REAL(r->value), DB_TEXT(r->note), DB_INT(r->status),
		                          DB_INT(r->reported_by), DB_TEXT(r->reporter),
		                          DB_INT(r->reported_at)),
		                  &r->id, e);
	return rc < 0 ? rc : 0;
}

static void report_read(struct db_stmt *st, struct report *r)
{
	memset(r, 0, sizeof *r);
	r->id = db_int(st, 0);
	db_text_copy(st, 1, r->unit, sizeof r->unit);
	db_text_copy(st, 2, r->figure, sizeof r->figure);
	db_text_copy(st, 3, r->period, sizeof r->period);
	r->value = db_double(st, 4);
	db_text_copy(st, 5, r->note, sizeof r->note);
	r->status = (int)db_int(st, 6);
	db_text_copy(st, 7, r->reporter, sizeof r->reporter);
	r->reported_at = db_int(st, 8);
	db_text_copy(st, 9, r->decider, sizeof r->decider);
	r->decided_at = db_int(st, 10);
	db_text_copy(st, 11, r->decision_note, sizeof r->decision_note);
	r->first_day = (int32_t)db_int(st, 12);
	r->last_day = (int32_t)db_int(st, 13);
	r->reported_by = db_int(st, 14);
	r->decided_by = db_int(st, 15);
}

struct each {
	rec_cb cb;
	void *ctx;
};

static int report_row(struct db_stmt *st, void *ctx)
{
	struct each *x = ctx;
	struct report r;
	report_read(st, &r);
	return x->cb(&r, x->ctx);
}

static int report_list(struct store *s, struct db_conn *c, const struct rec_query *q, rec_cb cb,
                       void *ctx, struct xerr *e)
{
	static const char sql[] = "SELECT " REPORT_COLS " FROM report WHERE " ST_SUBTREE(
	    "unit",
	    "?1") " AND id > ?2 "
	          "AND (?3 = 0 OR status = ?3) AND (?4 = 0 OR last_day >= ?4) AND (?5 = 0 OR "
	          "first_day <= ?5) ORDER BY id LIMIT ?6";
	(void)s;
	struct each x = {cb, ctx};
	return db_query_each(c, sql,
	                     DB_ARGS(DB_TEXT(q->unit), DB_INT(q->after), DB_INT(q->status),
	                             DB_INT(q->from), DB_INT(q->to),
	                             DB_INT(q->limit ? q->limit : NOLIMIT)),
	                     report_row, &x, e);
}

const struct st_rec_ops st_report_ops = {&rec_reports, report_put, report_list};

static int report_one(struct db_stmt *st, void *out)
{
	report_read(st, out);
	return 0;
}

static int report_get_on(struct db_conn *c, int64_t id, struct report *out, struct xerr *e)
{
	static const char sql[] = "SELECT " REPORT_COLS " FROM report WHERE id = ?1";
	int rc = db_query_first(c, sql, DB_ARGS(DB_INT(id)), report_one, out, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "id", "no report %lld", (long long)id);
	return rc < 0 ? rc : 0;
}

int store_report_get(struct store *s, int64_t id, struct report *out, struct xerr *e)
{
	struct db_conn *c = st_get(s);
	int rc = report_get_on(c, id, out, e);
	st_put(s, c);
	return rc;
}

struct decide {
	const struct actor *who;
	int64_t id;
	bool approve;
	const char *note;
};

static int decide_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql_old[] = "UPDATE report SET status = ?4 WHERE unit = ?1 AND "
	                              "figure = ?2 AND period = ?3 AND status = ?5";
	static const char sql_set[] =
	    "UPDATE report SET status = ?2, decided_by = ?3, decider = ?4, decided_at = ?5, "
	    "decision_note = ?6 WHERE id = ?1";
	struct decide *d = ctx;
	struct report r;
	int rc = report_get_on(c, d->id, &r, e);
	if (rc)
		return rc;
	if (r.status != REPORT_WAITING)
		return xerr_set(e, XERR_CONFLICT, "id",
		                "this report is not waiting for a decision");
	if (d->approve)
		rc = db_run(c, sql_old,
		            DB_ARGS(DB_TEXT(r.unit), DB_TEXT(r.figure), DB_TEXT(r.period),
		                    DB_INT(REPORT_SUPERSEDED), DB_INT(REPORT_APPROVED)),
		            e);
	if (rc == 0)
		rc = db_run(c, sql_set,
		            DB_ARGS(DB_INT(r.id),
		                    DB_INT(d->approve ? REPORT_APPROVED : REPORT_REJECTED),
		                    DB_INT(d->who->account_id), DB_TEXT(d->who->login),
		                    DB_INT((int64_t)time(NULL)), DB_TEXT(d->note ? d->note : "")),
		            e);
	if (rc == 0)
		rc = st_audit_object(c, d->who, d->approve ? "report.approve" : "report.reject",
		                     "report", r.id, r.figure, e);
	return rc;
}

int store_report_decide(struct store *s, const struct actor *who, int64_t id, bool approve,
                        const char *note, struct xerr *e)
{
	struct decide d = {who, id, approve, note};
	return st_write(s, decide_tx, &d, e);
}

int st_report_decide_on(struct db_conn *c, const struct actor *who, int64_t id, bool approve,
                        const char *note, struct xerr *e)
{
	struct decide d = {who, id, approve, note};
	return decide_tx(c, &d, e);
}
