/*
 * monitor_eval.c: the values of plans' aggregates over dossiers and plan
 * tasks, for every unit of a subtree in one pass (store_monitor.h).
 *
 * Dossiers: one statement per call, built here from the plans' filter
 * trees. An inner SELECT gives each dossier of the period (by filing day,
 * in the subtree) the fields the filters name, each a fixed SQL
 * expression over the columns core keeps (on_time, finished_at,
 * overdue_from) or the history (status as of the period's end); the outer
 * SELECT adds them up per commune with SUM(CASE WHEN <filter> THEN 1 ELSE
 * 0 END) per aggregate. Constants are bound (?4 onwards), never written
 * into the text. Statements are cached by the connection under the
 * address of their text, so each distinct text is kept once for the life
 * of the process in a small table (interned); texts depend only on the
 * shape of the filters, so a set of indicators gives a handful of them.
 *
 * Plan tasks and feedback: few, read row by row; a task's state is core's
 * ind_task_state(), feedback's on_time and satisfied the store's one SQL
 * text of each (ST_FEEDBACK_ON_TIME, ST_FEEDBACK_LIKED, shared with the 766
 * index), and the filters are core's expr_filter_holds().
 *
 * Officials: certs.c counts them per unit, with and without a certificate
 * valid at the period's end (store_officials_certified); each group is
 * passed through core's filter once.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/calendar.h"
#include "core/dossier.h"
#include "store/store_int.h"
#include "store/store_monitor.h"

/* ---- the dossier fields as SQL ---- */

struct dfield {
	const char *name;
	const char *sql; /* NULL: not kept: no data */
};

/* ?2 is the last minute of the period. */
static const struct dfield dfields[] = {
    {"channel", "d.channel"},
    {"status", "coalesce((SELECT ev.to_status FROM dossier_event ev WHERE ev.dossier = d.id "
               "AND ev.at <= ?2 ORDER BY ev.id DESC LIMIT 1), d.status)"},
    {"procedure", "d.procedure"},
    {"online_level", "(SELECT CASE p.online_level WHEN 'full' THEN 1 WHEN 'partial' THEN 2 "
                     "ELSE 0 END FROM procedure p WHERE p.code = d.procedure)"},
    {"finished", "CASE WHEN d.finished_at > 0 AND d.finished_at <= ?2 THEN 1 ELSE 0 END"},
    /* Ended: core's verdict (on_time). Open at the end: on time unless
     * overdue by then (overdue_from, core's minute). */
    {"on_time", "CASE WHEN d.finished_at > 0 THEN coalesce(d.on_time, 1) WHEN d.overdue_from > 0 "
                "AND d.overdue_from <= ?2 THEN 0 ELSE 1 END"},
    {"late",
     "CASE WHEN d.finished_at > 0 AND d.finished_at <= ?2 AND d.on_time = 0 THEN 1 ELSE 0 END"},
    {"overdue", "CASE WHEN d.finished_at = 0 AND d.overdue_from > 0 AND d.overdue_from <= ?2 "
                "THEN 1 WHEN d.finished_at > ?2 AND d.on_time = 0 THEN 1 ELSE 0 END"},
    {"supplemented", "CASE WHEN d.supplement_count > 0 THEN 1 ELSE 0 END"},
    {"rated", "CASE WHEN d.rating IS NOT NULL THEN 1 ELSE 0 END"},
    {"satisfied", "CASE WHEN d.rating = 1 THEN 1 ELSE 0 END"},
    /* A document attached, a result file: the facts the store keeps on the
     * dossier whenever a file is linked (migration 015, dossier_file.c), as
     * the 766 index reads them. */
    {"digitised", "d.has_document"},
    {"e_result", "d.has_result"},
    /* Fees (issue 15): the flags core keeps (dossier_settle), a payment
     * counted once paid in full by the end. */
    {"fee_due", "d.fee_due"},
    {"paid_online", "CASE WHEN d.paid_online = 1 AND d.paid_at <= ?2 THEN 1 ELSE 0 END"},
    {"paid_cash", "CASE WHEN d.paid_cash = 1 AND d.paid_at <= ?2 THEN 1 ELSE 0 END"},
    /* A document linked from an earlier result of the same applicant
     * (the fact the store keeps on the dossier, migration 015, as the 766
     * index reads it), the identity's source at filing (migration 014: 1
     * the population data, 2 an e-ID sign-in). */
    {"reused", "d.has_reused"},
    {"identity_from_population", "CASE WHEN d.identity_source > 0 THEN 1 ELSE 0 END"},
    {"filed_on", "(d.submitted_at / 1440 + 2440588)"},
};

static const struct dfield *dfield_of(const struct expr_entity *en, int field)
{
	const char *name = en->fields[field].name;
	for (size_t i = 0; i < sizeof dfields / sizeof dfields[0]; i++)
		if (!strcmp(dfields[i].name, name))
			return &dfields[i];
	return NULL;
}

bool store_mon_evaluates(const struct expr_agg *a)
{
	if (a->kind == EXPR_REPORTED || a->kind == EXPR_INDEX766)
		return false;
	const char *n = a->entity->name;
	return !strcmp(n, "dossiers") || !strcmp(n, "tasks") || !strcmp(n, "officials") ||
	       !strcmp(n, "feedback");
}

/* Does the filter name a field with no data, or one unknown here? */
static bool lacks_data(const struct expr_filter *f, const struct expr_entity *en)
{
	if (!f)
		return false;
	if (f->kind == EXPR_F_CMP) {
		const struct dfield *d = dfield_of(en, f->field);
		return !d || !d->sql;
	}
	for (size_t i = 0; i < f->nkids; i++)
		if (lacks_data(f->kids[i], en))
			return true;
	return false;
}

/* ---- building the statement ---- */

struct sqlb {
	struct buf sql;
	struct db_arg *args;
	size_t nargs, cap;
	bool used[sizeof dfields / sizeof dfields[0]];
	bool nomem;
};

static int arg_add(struct sqlb *b, struct db_arg a)
{
	if (b->nargs == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 32;
		struct db_arg *p = realloc(b->args, cap * sizeof *p);
		if (!p) {
			b->nomem = true;
			return 0;
		}
		b->args = p;
		b->cap = cap;
	}
	b->args[b->nargs++] = a;
	return (int)b->nargs;
}

static void put_value(struct sqlb *b, const struct expr_field *fd, const struct expr_const *v)
{
	int k = arg_add(b, fd->type == EXPR_TEXT ? DB_TEXT(v->s ? v->s : "") : DB_INT(v->i));
	buf_printf(&b->sql, "?%d", k);
}

static void put_filter(struct sqlb *b, const struct expr_filter *f, const struct expr_entity *en)
{
	static const char *const ops[] = {
	    [EXPR_EQ] = " = ",  [EXPR_NE] = " <> ", [EXPR_LT] = " < ",
	    [EXPR_LE] = " <= ", [EXPR_GT] = " > ",  [EXPR_GE] = " >= "};
	switch (f->kind) {
	case EXPR_F_AND:
	case EXPR_F_OR:
		buf_putc(&b->sql, '(');
		for (size_t i = 0; i < f->nkids; i++) {
			if (i)
				buf_puts(&b->sql, f->kind == EXPR_F_AND ? " AND " : " OR ");
			put_filter(b, f->kids[i], en);
		}
		buf_putc(&b->sql, ')');
		return;
	case EXPR_F_NOT:
		buf_puts(&b->sql, "(NOT ");
		put_filter(b, f->kids[0], en);
		buf_putc(&b->sql, ')');
		return;
	case EXPR_F_CMP: break;
	}
	const struct expr_field *fd = &en->fields[f->field];
	size_t col = (size_t)(dfield_of(en, f->field) - dfields);
	b->used[col] = true;
	buf_printf(&b->sql, "(x.c%zu", col);
	if (f->cmp == EXPR_IN || f->cmp == EXPR_NOT_IN) {
		buf_puts(&b->sql, f->cmp == EXPR_IN ? " IN (" : " NOT IN (");
		for (size_t i = 0; i < f->nvalues; i++) {
			if (i)
				buf_puts(&b->sql, ", ");
			put_value(b, fd, &f->values[i]);
		}
		buf_puts(&b->sql, "))");
		return;
	}
	buf_puts(&b->sql, ops[f->cmp]);
	put_value(b, fd, &f->values[0]);
	buf_putc(&b->sql, ')');
}

/* The outer part: one sum per aggregate computed in SQL (idx[]). */
static void build(struct sqlb *b, const struct expr_agg *const *aggs, const size_t *idx, size_t n)
{
	struct buf outer;
	buf_init(&outer);
	struct buf keep = b->sql;
	b->sql = outer;
	buf_puts(&b->sql, "SELECT x.unit");
	for (size_t j = 0; j < n; j++) {
		const struct expr_agg *a = aggs[idx[j]];
		if (!a->where) {
			buf_puts(&b->sql, ", count(*)");
			continue;
		}
		buf_puts(&b->sql, ", sum(CASE WHEN ");
		put_filter(b, a->where, a->entity);
		buf_puts(&b->sql, " THEN 1 ELSE 0 END)");
	}
	outer = b->sql;
	b->sql = keep;
	buf_puts(&b->sql, "SELECT d.unit AS unit");
	for (size_t i = 0; i < sizeof dfields / sizeof dfields[0]; i++)
		if (b->used[i])
			buf_printf(&b->sql, ", %s AS c%zu", dfields[i].sql, i);
	buf_puts(&b->sql, " FROM dossier d WHERE d.submitted_at BETWEEN ?1 AND ?2 AND (d.unit = ?3 "
	                  "OR d.unit IN (SELECT code FROM unit WHERE parent = ?3))");
	buf_puts(&outer, " FROM (");
	buf_add(&outer, b->sql.data, b->sql.len);
	buf_puts(&outer, ") x GROUP BY x.unit");
	buf_free(&b->sql);
	b->sql = outer;
}

/* ---- interned statement texts ---- */

enum { INTERN_MAX = 256 };
static pthread_mutex_t intern_lock = PTHREAD_MUTEX_INITIALIZER;
static char *interned[INTERN_MAX];
static size_t ninterned;

/* The one copy of text for the life of the process; NULL when the table
 * is full or out of memory. */
static const char *intern(const char *text)
{
	const char *out = NULL;
	pthread_mutex_lock(&intern_lock);
	for (size_t i = 0; i < ninterned && !out; i++)
		if (!strcmp(interned[i], text))
			out = interned[i];
	if (!out && ninterned < INTERN_MAX && (interned[ninterned] = strdup(text)))
		out = interned[ninterned++];
	pthread_mutex_unlock(&intern_lock);
	return out;
}

/* ---- running it ---- */

/* The minute the period is judged at: its last minute, or now while it
 * runs (a dossier due tomorrow is not overdue today). */
static int64_t as_of(int32_t last)
{
	int64_t end = cal_time(last + 1, 0) - 1, now = st_now_local();
	return now < end ? now : end;
}

struct drow {
	size_t n, nall;
	const size_t *idx;
	double *vals; /* nall values, reused per row */
	const struct expr_agg *const *aggs;
	int (*fn)(const char *unit, const double *values, void *ctx);
	void *ctx;
};

/* Nothing to add for any aggregate, until a row says otherwise. */
static void fill_none(size_t n, double *v)
{
	for (size_t j = 0; j < n; j++)
		v[j] = NAN;
}

bool store_mon_no_data(const struct expr_agg *a)
{
	if (a->kind == EXPR_REPORTED)
		return true;
	if (!store_mon_evaluates(a) || a->never)
		return false;
	if (!strcmp(a->entity->name, "tasks") || !strcmp(a->entity->name, "feedback") ||
	    !strcmp(a->entity->name, "officials"))
		return false;
	return strcmp(a->entity->name, "dossiers") || lacks_data(a->where, a->entity);
}

static int dossier_row(struct db_stmt *st, void *ctx)
{
	struct drow *x = ctx;
	fill_none(x->nall, x->vals);
	for (size_t j = 0; j < x->n; j++)
		x->vals[x->idx[j]] = (double)db_int(st, (int)j + 1);
	return x->fn(db_text(st, 0), x->vals, x->ctx);
}

static bool dossier_sql(const struct expr_agg *a)
{
	return a->kind == EXPR_COUNT && !strcmp(a->entity->name, "dossiers") && !a->never &&
	       !lacks_data(a->where, a->entity);
}

static int eval_dossiers(struct store *s, const char *root, int32_t first, int32_t last,
                         const struct expr_agg *const *aggs, size_t n, struct drow *x,
                         struct xerr *e)
{
	size_t *idx = malloc((n ? n : 1) * sizeof *idx), m = 0;
	if (!idx)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	for (size_t j = 0; j < n; j++)
		if (dossier_sql(aggs[j]))
			idx[m++] = j;
	if (!m) {
		free(idx);
		return 0;
	}
	struct sqlb b = {0};
	buf_init(&b.sql);
	arg_add(&b, DB_INT(cal_time(first, 0)));
	arg_add(&b, DB_INT(as_of(last)));
	arg_add(&b, DB_TEXT(root));
	build(&b, aggs, idx, m);
	const char *sql = b.nomem ? NULL : intern(b.sql.data);
	int rc;
	if (!sql) {
		rc = xerr_set(e, XERR_NOMEM, NULL, "too many distinct formulas");
	} else {
		x->n = m;
		x->idx = idx;
		rc = st_each_stale(s, sql, b.args, (int)b.nargs, dossier_row, x, e);
	}
	buf_free(&b.sql);
	free(b.args);
	free(idx);
	return rc;
}

/* ---- plan tasks ---- */

struct trow {
	const struct expr_agg *const *aggs;
	size_t n;
	int32_t first, last;
	double *vals;
	int (*fn)(const char *unit, const double *values, void *ctx);
	void *ctx;
};

static int task_row(struct db_stmt *st, void *ctx)
{
	struct trow *x = ctx;
	const struct expr_entity *en = expr_entity_find("tasks");
	/* done, late, plan, deadline: the vocabulary's order. */
	int32_t deadline = (int32_t)db_int(st, 2), done_on = (int32_t)db_int(st, 3);
	enum ind_task_state k = ind_task_state(deadline, done_on, cal_time_day(as_of(x->last)));
	int64_t num[4] = {k == IND_TASK_DONE || k == IND_TASK_DONE_LATE, k == IND_TASK_LATE, 0,
	                  deadline};
	const char *text[4] = {NULL, NULL, db_text(st, 1), NULL};
	fill_none(x->n, x->vals);
	bool any = false;
	for (size_t j = 0; j < x->n; j++) {
		const struct expr_agg *a = x->aggs[j];
		if (a->entity != en || a->never || a->kind != EXPR_COUNT)
			continue;
		any = true;
		x->vals[j] = expr_filter_holds(a->where, en, num, text) ? 1 : 0;
	}
	return any ? x->fn(db_text(st, 0), x->vals, x->ctx) : 0;
}

static int eval_tasks(struct store *s, const char *root, struct trow *x, struct xerr *e)
{
	static const char sql[] =
	    "SELECT t.unit, t.plan, t.deadline, t.done_on FROM plan_task t WHERE t.created_at <= "
	    "?2 "
	    "AND (t.unit = ?1 OR t.unit IN (SELECT code FROM unit WHERE parent = ?1) OR t.unit IN "
	    "(SELECT u.code FROM unit u JOIN unit p ON p.code = u.parent WHERE p.parent = ?1))";
	bool wanted = false;
	for (size_t j = 0; j < x->n; j++)
		wanted |=
		    x->aggs[j]->kind == EXPR_COUNT && !strcmp(x->aggs[j]->entity->name, "tasks");
	if (!wanted)
		return 0;
	return st_each_stale(s, sql, DB_ARGS(DB_TEXT(root), DB_INT(as_of(x->last))), task_row, x,
	                     e);
}

/* ---- feedback ---- */

static int feedback_row(struct db_stmt *st, void *ctx)
{
	struct trow *x = ctx;
	const struct expr_entity *en = expr_entity_find("feedback");
	/* topic, on_time, satisfied: the vocabulary's order. */
	int64_t num[3] = {db_int(st, 1), db_int(st, 2), db_int(st, 3)};
	fill_none(x->n, x->vals);
	for (size_t j = 0; j < x->n; j++) {
		const struct expr_agg *a = x->aggs[j];
		if (a->entity == en && !a->never && a->kind == EXPR_COUNT)
			x->vals[j] = expr_filter_holds(a->where, en, num, NULL) ? 1 : 0;
	}
	return x->fn(db_text(st, 0), x->vals, x->ctx);
}

static int eval_feedback(struct store *s, const char *root, struct trow *x, struct xerr *e)
{
#define ON_TIME_AT_END ST_FEEDBACK_ON_TIME("?2")
	static const char sql[] =
	    "SELECT unit, topic, " ON_TIME_AT_END ", " ST_FEEDBACK_LIKED
	    " FROM feedback WHERE created_at BETWEEN ?1 AND ?2 AND " ST_SUBTREE("unit", "?3");
#undef ON_TIME_AT_END
	bool wanted = false;
	for (size_t j = 0; j < x->n; j++)
		wanted |=
		    x->aggs[j]->kind == EXPR_COUNT && !strcmp(x->aggs[j]->entity->name, "feedback");
	if (!wanted)
		return 0;
	return st_each_stale(
	    s, sql, DB_ARGS(DB_INT(cal_time(x->first, 0)), DB_INT(as_of(x->last)), DB_TEXT(root)),
	    feedback_row, x, e);
}

/* ---- officials ---- */

/* Officials are counted by certs.c (store_officials_certified) per unit;
 * each unit's officials are two groups of records, with and without a
 * valid certificate, and each group passes core's filter once. */
struct orow {
	const struct expr_agg *const *aggs;
	size_t n;
	double *vals;
	int (*fn)(const char *unit, const double *values, void *ctx);
	void *ctx;
};

static int official_row(const char *unit, long officials, long certified, void *ctx)
{
	struct orow *x = ctx;
	const struct expr_entity *en = expr_entity_find("officials");
	int f = expr_field_index(en, "has_valid_certificate");
	fill_none(x->n, x->vals);
	for (size_t j = 0; j < x->n; j++) {
		const struct expr_agg *a = x->aggs[j];
		if (a->entity != en || a->never || a->kind != EXPR_COUNT)
			continue;
		int64_t num[8] = {0};
		const char *text[8] = {NULL};
		x->vals[j] = 0;
		if (f < 0 || f >= 8)
			continue;
		num[f] = 1;
		if (expr_filter_holds(a->where, en, num, text))
			x->vals[j] += (double)certified;
		num[f] = 0;
		if (expr_filter_holds(a->where, en, num, text))
			x->vals[j] += (double)(officials - certified);
	}
	return x->fn(unit, x->vals, x->ctx);
}

static int eval_officials(struct store *s, const char *root, int32_t last, struct orow *x,
                          struct xerr *e)
{
	bool wanted = false;
	for (size_t j = 0; j < x->n; j++)
		wanted |= x->aggs[j]->kind == EXPR_COUNT && !x->aggs[j]->never &&
		          !strcmp(x->aggs[j]->entity->name, "officials");
	if (!wanted)
		return 0;
	/* A state entity: as it stood at the period's end (now while it runs). */
	int64_t at = dossier_unix_seconds(as_of(last)) + 59;
	return store_officials_certified(s, root, at, official_row, x, e);
}

int store_mon_eval(struct store *s, const char *root, int32_t first, int32_t last,
                   const struct expr_agg *const *aggs, size_t n,
                   int (*fn)(const char *unit, const double *values, void *ctx), void *ctx,
                   struct xerr *e)
{
	double *vals = malloc((n ? n : 1) * sizeof *vals);
	if (!vals)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	struct drow x = {0, n, NULL, vals, aggs, fn, ctx};
	int rc = eval_dossiers(s, root, first, last, aggs, n, &x, e);
	struct trow t = {aggs, n, first, last, vals, fn, ctx};
	if (rc == 0)
		rc = eval_tasks(s, root, &t, e);
	if (rc == 0)
		rc = eval_feedback(s, root, &t, e);
	struct orow o = {aggs, n, vals, fn, ctx};
	if (rc == 0)
		rc = eval_officials(s, root, last, &o, e);
	free(vals);
	return rc;
}
