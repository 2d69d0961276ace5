/*
 * plan_tasks.c: plan tasks, unit successions and snapshots of closed
 * periods (store_monitor.h). Each write is one transaction with its audit
 * entry ("task.create", "task.update", "unit.succession",
 * "indicator.recompute"). A task's state (done, late, on track) is never
 * kept: core decides it from the deadline and the day it was done.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "store/store_audit.h"
#include "store/store_int.h"
#include "store/store_monitor.h"

#define TASK_COLS "id, plan, title, unit, owner, deadline, done_on, progress, evidence, created_at"

static int task_read(struct db_stmt *st, void *ctx)
{
	struct mon_task *t = ctx;
	memset(t, 0, sizeof *t);
	t->id = db_int(st, 0);
	db_text_copy(st, 1, t->plan, sizeof t->plan);
	db_text_copy(st, 2, t->title, sizeof t->title);
	db_text_copy(st, 3, t->unit, sizeof t->unit);
	db_text_copy(st, 4, t->owner, sizeof t->owner);
	t->deadline = (int32_t)db_int(st, 5);
	t->done_on = (int32_t)db_int(st, 6);
	t->progress = (int)db_int(st, 7);
	db_text_copy(st, 8, t->evidence, sizeof t->evidence);
	t->created_at = db_int(st, 9);
	return 0;
}

struct task_list {
	mon_task_cb fn;
	void *ctx;
};

static int task_each(struct db_stmt *st, void *ctx)
{
	struct task_list *x = ctx;
	struct mon_task t;
	task_read(st, &t);
	return x->fn(&t, x->ctx);
}

int store_task_list(struct store *s, const char *root, mon_task_cb fn, void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "SELECT " TASK_COLS " FROM plan_task WHERE unit = ?1 OR unit IN (SELECT code FROM unit "
	    "WHERE parent = ?1) OR unit IN (SELECT u.code FROM unit u JOIN unit p ON p.code = "
	    "u.parent WHERE p.parent = ?1) ORDER BY deadline, id";
	struct task_list x = {fn, ctx};
	return st_each(s, sql, DB_ARGS(DB_TEXT(root)), task_each, &x, e);
}

int store_task_get(struct store *s, int64_t id, struct mon_task *out, struct xerr *e)
{
	static const char sql[] = "SELECT " TASK_COLS " FROM plan_task WHERE id = ?1";
	int rc = st_first(s, sql, DB_ARGS(DB_INT(id)), task_read, out, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "id", "no task %lld", (long long)id);
	return rc < 0 ? rc : 0;
}

struct task_save {
	const struct actor *who;
	struct mon_task *t;
	bool create;
};

static int task_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char unit_sql[] = "SELECT count(*) FROM unit WHERE code = ?1";
	static const char ins[] = "INSERT INTO plan_task(plan, title, unit, owner, deadline, "
	                          "done_on, progress, evidence, "
	                          "created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9) RETURNING id";
	static const char upd[] =
	    "UPDATE plan_task SET plan = ?1, title = ?2, unit = ?3, owner = ?4, deadline = ?5, "
	    "done_on = ?6, progress = ?7, evidence = ?8 WHERE id = ?9 RETURNING id";
	struct task_save *x = ctx;
	struct mon_task *t = x->t;
	int64_t n = 0, id = 0;
	int rc = db_query_int(c, unit_sql, DB_ARGS(DB_TEXT(t->unit)), &n, e);
	if (rc < 0)
		return rc;
	if (!n)
		return xerr_set(e, XERR_INVALID, "unit", "no unit %s", t->unit);
	if (x->create)
		t->created_at = st_now_local();
	if (x->create)
		rc = db_query_int(c, ins,
		                  DB_ARGS(DB_TEXT(t->plan), DB_TEXT(t->title), DB_TEXT(t->unit),
		                          DB_TEXT(t->owner), DB_INT(t->deadline),
		                          DB_INT(t->done_on), DB_INT(t->progress),
		                          DB_TEXT(t->evidence), DB_INT(t->created_at)),
		                  &id, e);
	else
		rc =
		    db_query_int(c, upd,
		                 DB_ARGS(DB_TEXT(t->plan), DB_TEXT(t->title), DB_TEXT(t->unit),
		                         DB_TEXT(t->owner), DB_INT(t->deadline), DB_INT(t->done_on),
		                         DB_INT(t->progress), DB_TEXT(t->evidence), DB_INT(t->id)),
		                 &id, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "id", "no task %lld", (long long)t->id);
	t->id = id;
	return st_audit_object(c, x->who, x->create ? "task.create" : "task.update", "task", id,
	                       t->unit, e);
}

int store_task_save(struct store *s, const struct actor *who, struct mon_task *t, bool create,
                    struct xerr *e)
{
	struct task_save x = {who, t, create};
	return st_write(s, task_tx, &x, e);
}

/* ---- successions ---- */

struct succ_ctx {
	mon_succ_cb fn;
	void *ctx;
};

static int succ_row(struct db_stmt *st, void *ctx)
{
	struct succ_ctx *x = ctx;
	int32_t day = 0;
	if (cal_parse_date(db_text(st, 2), "effective", &day, NULL) != 0)
		return 0;
	return x->fn(db_text(st, 0), db_text(st, 1), day, db_double(st, 3), x->ctx);
}

int store_unit_successions(struct store *s, mon_succ_cb fn, void *ctx, struct xerr *e)
{
	static const char sql[] = "SELECT old_code, new_code, effective, share FROM "
	                          "unit_succession ORDER BY old_code, new_code";
	struct succ_ctx x = {fn, ctx};
	return st_each(s, sql, DB_NOARGS, succ_row, &x, e);
}

struct succ_add {
	const struct actor *who;
	const char *from, *to;
	int32_t effective;
	double share;
};

static int succ_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO unit_succession(old_code, new_code, effective, share) "
	    "VALUES (?1,?2,?3,?4)";
	struct succ_add *x = ctx;
	char day[11], detail[64];
	cal_format_date(x->effective, day);
	int rc = db_run(
	    c, sql, DB_ARGS(DB_TEXT(x->from), DB_TEXT(x->to), DB_TEXT(day), DB_REAL(x->share)), e);
	if (rc)
		return rc;
	snprintf(detail, sizeof detail, "%s -> %s %s %.4g", x->from, x->to, day, x->share);
	return st_audit_append(c, x->who, "unit.succession", x->from, detail, e);
}

int store_unit_succession_add(struct store *s, const struct actor *who, const char *from,
                              const char *to, int32_t effective, double share, struct xerr *e)
{
	struct succ_add x = {who, from, to, effective, share};
	return st_write(s, succ_tx, &x, e);
}

/* ---- snapshots ---- */

struct snap_read {
	mon_snap_cb fn;
	void *ctx;
	long rows;
};

static int snap_row(struct db_stmt *st, void *ctx)
{
	struct snap_read *x = ctx;
	struct mon_snap v;
	db_text_copy(st, 0, v.unit, sizeof v.unit);
	v.num = db_null(st, 1) ? NAN : db_double(st, 1);
	v.den = db_null(st, 2) ? NAN : db_double(st, 2);
	x->rows++;
	return x->fn(&v, x->ctx);
}

int store_snapshot_read(struct store *s, const char *indicator, const char *period, mon_snap_cb fn,
                        void *ctx, struct xerr *e)
{
	static const char sql[] = "SELECT unit, num, den FROM indicator_snapshot WHERE "
	                          "indicator = ?1 AND period = ?2";
	struct snap_read x = {fn, ctx, 0};
	int rc = st_each(s, sql, DB_ARGS(DB_TEXT(indicator), DB_TEXT(period)), snap_row, &x, e);
	return rc ? rc : x.rows > 0;
}

struct series {
	const char *const *periods;
	size_t n;
	double *num, *den;
};

static int series_row(struct db_stmt *st, void *ctx)
{
	struct series *x = ctx;
	const char *p = db_text(st, 0);
	for (size_t i = 0; i < x->n; i++)
		if (!strcmp(x->periods[i], p)) {
			x->num[i] = db_null(st, 1) ? NAN : db_double(st, 1);
			x->den[i] = db_null(st, 2) ? NAN : db_double(st, 2);
		}
	return 0;
}

int store_snapshot_series(struct store *s, const char *indicator, const char *unit,
                          const char *const *periods, size_t n, double *num, double *den,
                          struct xerr *e)
{
	static const char sql[] = "SELECT period, num, den FROM indicator_snapshot WHERE unit = ?1 "
	                          "AND indicator = ?2 AND period BETWEEN ?3 AND ?4";
	for (size_t i = 0; i < n; i++)
		num[i] = den[i] = NAN;
	if (!n)
		return 0;
	struct series x = {periods, n, num, den};
	return st_each(s, sql,
	               DB_ARGS(DB_TEXT(unit), DB_TEXT(indicator), DB_TEXT(periods[0]),
	                       DB_TEXT(periods[n - 1])),
	               series_row, &x, e);
}

struct snap_write {
	const struct actor *who;
	const char *indicator, *period;
	const struct mon_snap *rows;
	size_t n;
};

static struct db_arg part(double v)
{
	return isnan(v) ? DB_NULL : DB_REAL(v);
}

static int snap_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO indicator_snapshot(indicator, unit, period, num, den, computed_at) VALUES "
	    "(?1,?2,?3,?4,?5,?6) ON CONFLICT (indicator, period, unit) DO UPDATE SET num = "
	    "excluded.num, den = excluded.den, computed_at = excluded.computed_at";
	struct snap_write *x = ctx;
	int64_t now = st_now_local();
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < x->n; i++)
		rc = db_run(c, sql,
		            DB_ARGS(DB_TEXT(x->indicator), DB_TEXT(x->rows[i].unit),
		                    DB_TEXT(x->period), part(x->rows[i].num), part(x->rows[i].den),
		                    DB_INT(now)),
		            e);
	if (rc == 0) {
		char detail[64];
		snprintf(detail, sizeof detail, "%s: %zu units", x->period, x->n);
		rc = st_audit_append(c, x->who, "indicator.recompute", x->indicator, detail, e);
	}
	return rc;
}

int store_snapshot_write(struct store *s, const struct actor *who, const char *indicator,
                         const char *period, const struct mon_snap *rows, size_t n, struct xerr *e)
{
	struct snap_write x = {who, indicator, period, rows, n};
	return st_write(s, snap_tx, &x, e);
}
