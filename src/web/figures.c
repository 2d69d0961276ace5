/*
 * figures.c: the path of an indicator value (figures.h): the subtree as
 * it stood, the aggregates from the store in one pass, core's roll-up and
 * arithmetic, snapshots of closed periods.
 */
#include "web/figures.h"
#include "web/index766_view.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "core/dossier.h"

int32_t fig_today(void)
{
	return cal_time_day(dossier_local_minutes((int64_t)time(NULL)));
}

/* ---- the subtree ---- */

struct all_units {
	struct unit *u;
	size_t n, cap;
};

static int collect_unit(const struct unit *u, void *ctx)
{
	struct all_units *a = ctx;
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 1024;
		struct unit *p = realloc(a->u, cap * sizeof *p);
		if (!p)
			return XERR_NOMEM;
		a->u = p;
		a->cap = cap;
	}
	a->u[a->n++] = *u;
	return 0;
}

static const struct fig_tree *sort_tree;

static int by_code(const void *a, const void *b)
{
	return strcmp(sort_tree->nodes[*(const int *)a].u.code,
	              sort_tree->nodes[*(const int *)b].u.code);
}

int fig_tree_find(const struct fig_tree *t, const char *code)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(t->nodes[t->by_code[mid]].u.code, code);
		if (!c)
			return t->by_code[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void index_codes(struct fig_tree *t)
{
	for (size_t i = 0; i < t->n; i++)
		t->by_code[i] = (int)i;
	/* qsort has no context argument in C11: the tree is passed aside,
	 * under a lock, since pages are built by many threads. */
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&lock);
	sort_tree = t;
	qsort(t->by_code, t->n, sizeof *t->by_code, by_code);
	sort_tree = NULL;
	pthread_mutex_unlock(&lock);
}

static int32_t day_of(const char *s)
{
	int32_t d = 0;
	return s[0] && cal_parse_date(s, "day", &d, NULL) == 0 ? d : 0;
}

static int add_succ(const char *from, const char *to, int32_t effective, double share, void *ctx)
{
	struct fig_tree *t = ctx;
	(void)effective;
	int a = fig_tree_find(t, from), b = fig_tree_find(t, to);
	if (a < 0 || b < 0)
		return 0;
	struct ind_succ *p = realloc(t->succ, (t->nsucc + 1) * sizeof *p);
	if (!p)
		return XERR_NOMEM;
	t->succ = p;
	t->succ[t->nsucc++] = (struct ind_succ){a, b, share};
	return 0;
}

/* Units of `all` whose parent is a node, level by level. */
static int grow_tree(struct fig_tree *t, const struct all_units *all)
{
	for (int level = t->nodes[0].u.level + 1; level <= UNIT_VILLAGE; level++) {
		size_t before = t->n;
		index_codes(t);
		for (size_t i = 0; i < all->n; i++) {
			const struct unit *u = &all->u[i];
			int parent = u->level == level ? fig_tree_find(t, u->parent) : -1;
			if (parent < 0)
				continue;
			struct fig_node *n = &t->nodes[t->n++];
			n->u = *u;
			n->parent = parent;
			n->from = day_of(u->valid_from);
			n->to = day_of(u->valid_to);
			n->in_force = ind_in_force(n->from, n->to, t->period.last);
		}
		if (t->n == before)
			break;
	}
	index_codes(t);
	return 0;
}

int fig_tree_load(struct store *s, const char *root, const struct ind_period *p, struct fig_tree *t,
                  struct xerr *e)
{
	memset(t, 0, sizeof *t);
	t->period = *p;
	struct all_units all = {0};
	struct unit r;
	int rc = store_unit_get(s, root, &r, e);
	if (rc == 0 && (rc = store_unit_all(s, collect_unit, &all, e)) == XERR_NOMEM)
		xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	if (rc) {
		free(all.u);
		return rc;
	}
	t->nodes = calloc(all.n + 1, sizeof *t->nodes);
	t->by_code = calloc(all.n + 1, sizeof *t->by_code);
	if (!t->nodes || !t->by_code) {
		free(all.u);
		fig_tree_free(t);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	{
		t->nodes[0] =
		    (struct fig_node){r, -1, day_of(r.valid_from), day_of(r.valid_to), true};
		t->nodes[0].in_force = ind_in_force(t->nodes[0].from, t->nodes[0].to, p->last);
		t->n = 1;
		grow_tree(t, &all);
		rc = store_unit_successions(s, add_succ, t, e);
		if (rc == XERR_NOMEM)
			xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	free(all.u);
	if (rc)
		fig_tree_free(t);
	return rc;
}

const char **fig_tree_codes(const struct fig_tree *t)
{
	const char **codes = malloc((t->n ? t->n : 1) * sizeof *codes);
	for (size_t i = 0; codes && i < t->n; i++)
		codes[i] = t->nodes[i].u.code;
	return codes;
}

int fig_pop_eval(struct store *s, const char *root, int32_t first, int32_t last,
                 const struct expr_agg *const *aggs, size_t n, pop_value_cb fn, void *ctx,
                 struct xerr *e)
{
	struct ind_period p = {.first = first, .last = last};
	struct fig_tree t;
	int rc = fig_tree_load(s, root, &p, &t, e);
	if (rc)
		return rc;
	const char **codes = fig_tree_codes(&t);
	rc = codes ? store_pop_eval(s, codes, t.n, first, last, aggs, n, fn, ctx, e)
	           : xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	free(codes);
	fig_tree_free(&t);
	return rc;
}

void fig_tree_free(struct fig_tree *t)
{
	free(t->nodes);
	free(t->by_code);
	free(t->succ);
	memset(t, 0, sizeof *t);
}

/* ---- the indicators ---- */

static int compile(struct fig_ind *f, struct xerr *e)
{
	const struct ind_def *d = mon_def(&f->m);
	struct expr_error pe;
	if (ind_def_check(d, &f->plan, &pe, e) != 0)
		return xerr_set(e, XERR_INVALID, "formula", "indicator %s: %s", f->m.id, e->msg);
	if (f->plan)
		return 0;
	char text[EXPR_NAME_MAX + 16];
	snprintf(text, sizeof text, "reported(%s)", d->reported);
	return expr_compile(text, EXPR_ANY, &f->plan, &pe, e);
}

struct set_ctx {
	struct fig_set *set;
	bool headline;
	int rc;
};

static int add_ind(const struct mon_indicator *m, void *ctx)
{
	struct set_ctx *x = ctx;
	if (x->headline && !m->headline)
		return 0;
	struct fig_ind *p = realloc(x->set->ind, (x->set->n + 1) * sizeof *p);
	if (!p)
		return XERR_NOMEM;
	x->set->ind = p;
	p[x->set->n] = (struct fig_ind){*m, NULL};
	mon_def(&p[x->set->n].m);
	x->set->n++;
	return 0;
}

int fig_set_load(struct store *s, const char *id, bool headline, struct fig_set *set,
                 struct xerr *e)
{
	memset(set, 0, sizeof *set);
	int rc;
	if (id) {
		set->ind = calloc(1, sizeof *set->ind);
		if (!set->ind)
			return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		rc = store_indicator_get(s, id, &set->ind[0].m, e);
		if (rc == 0)
			set->n = 1;
	} else {
		struct set_ctx x = {set, headline, 0};
		rc = store_indicator_list(s, add_ind, &x, e);
		if (rc == XERR_NOMEM)
			xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	for (size_t k = 0; rc == 0 && k < set->n; k++)
		rc = compile(&set->ind[k], e);
	if (rc)
		fig_set_free(set);
	return rc;
}

void fig_set_free(struct fig_set *set)
{
	for (size_t k = 0; k < set->n; k++)
		expr_plan_free(set->ind[k].plan);
	free(set->ind);
	memset(set, 0, sizeof *set);
}

/* ---- computing ---- */

struct comp {
	const struct fig_tree *t;
	size_t k; /* aggregates in all */
	double *own;
	const size_t *map; /* the store's aggregate j is ours map[j] */
};

static int take(const char *unit, const double *values, void *ctx, size_t n)
{
	struct comp *c = ctx;
	int i = fig_tree_find(c->t, unit);
	if (i < 0)
		return 0;
	for (size_t j = 0; j < n; j++) {
		double v = values[j], *o = &c->own[(size_t)i * c->k + c->map[j]];
		if (!isnan(v))
			*o = isnan(*o) ? v : *o + v;
	}
	return 0;
}

struct comp_pass {
	struct comp *c;
	size_t n;
};

static int take_pass(const char *unit, const double *values, void *ctx)
{
	struct comp_pass *p = ctx;
	return take(unit, values, p->c, p->n);
}

/* The 766 index's values (index766(NAME) aggregates) of every node, own
 * and total alike: the index of a unit is computed on the summed counts of
 * its subtree (index766_view.h, store_index766_load and core's
 * idx_tree_score), never by adding up its units' points. */
static int index766_values(struct store *s, const struct fig_tree *t, const struct expr_agg **aggs,
                           size_t k, double *own, double *total, struct xerr *e)
{
	bool wanted = false;
	for (size_t j = 0; j < k; j++)
		wanted |= aggs[j]->kind == EXPR_INDEX766;
	if (!wanted)
		return 0;
	char period[IND_PERIOD_MAX];
	ind_period_format(&t->period, period);
	struct idx766_report rep;
	int rc = idx766_report_make(s, t->nodes[0].u.code, period, &rep, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < t->n; i++) {
		int u = store_index766_find(&rep.data, t->nodes[i].u.code);
		double v[IDX_VALUES];
		if (u >= 0)
			idx_values(&rep.res[u], v);
		for (size_t j = 0; j < k; j++)
			if (aggs[j]->kind == EXPR_INDEX766)
				own[i * k + j] = total[i * k + j] =
				    u >= 0 ? v[aggs[j]->index] : NAN;
	}
	idx766_report_free(&rep);
	return 0;
}

/* The aggregates of the indicators not read from snapshots, evaluated by
 * the store and rolled up by core: total[node * k + j]. */
static int live_totals(struct store *s, const struct fig_tree *t, const struct expr_agg **aggs,
                       size_t k, double *own, double *total, struct xerr *e)
{
	const struct expr_agg **part = malloc((k ? k : 1) * sizeof(const struct expr_agg *));
	size_t *map = malloc((k ? k : 1) * sizeof *map), np = 0, nm = 0;
	struct ind_node *nodes = malloc(t->n * sizeof *nodes);
	if (!part || !map || !nodes) {
		free(part);
		free(map);
		free(nodes);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	for (size_t i = 0; i < t->n; i++)
		for (size_t j = 0; j < k; j++)
			own[i * k + j] = store_mon_no_data(aggs[j]) ? NAN : 0;
	struct comp c = {t, k, own, map};
	struct comp_pass pass = {&c, 0};
	int rc = 0;
	for (size_t j = 0; j < k; j++)
		if (!store_mon_evaluates(aggs[j]) && aggs[j]->kind != EXPR_INDEX766) {
			map[np] = j;
			part[np++] = aggs[j];
		}
	pass.n = np;
	const char **codes = np ? fig_tree_codes(t) : NULL;
	if (np && !codes)
		rc = xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	else if (np)
		rc = store_pop_eval(s, codes, t->n, t->period.first, t->period.last, part, np,
		                    take_pass, &pass, e);
	free(codes);
	for (size_t j = 0; j < k; j++)
		if (store_mon_evaluates(aggs[j])) {
			map[nm] = j;
			part[nm++] = aggs[j];
		}
	pass.n = nm;
	if (rc == 0 && nm)
		rc = store_mon_eval(s, t->nodes[0].u.code, t->period.first, t->period.last, part,
		                    nm, take_pass, &pass, e);
	for (size_t i = 0; i < t->n; i++)
		nodes[i] = (struct ind_node){t->nodes[i].parent,
		                             ind_retired(t->nodes[i].to, t->period.last)};
	if (rc == 0)
		rc = ind_rollup(nodes, t->n, t->succ, t->nsucc, k, own, total, e);
	if (rc == 0)
		rc = index766_values(s, t, aggs, k, own, total, e);
	free(part);
	free(map);
	free(nodes);
	return rc;
}

struct snap_fill {
	const struct fig_tree *t;
	struct ind_value *out;
	size_t nind, k;
	enum ind_unit unit;
};

static int snap_take(const struct mon_snap *v, void *ctx)
{
	struct snap_fill *x = ctx;
	int i = fig_tree_find(x->t, v->unit);
	if (i >= 0)
		x->out[(size_t)i * x->nind + x->k] = ind_value_of(x->unit, v->num, v->den);
	return 0;
}

/* Indicators of set read from snapshots: done[k] set. */
static int from_snapshots(struct store *s, const struct fig_tree *t, const struct fig_set *set,
                          struct ind_value *out, bool *done, struct xerr *e)
{
	char period[IND_PERIOD_MAX];
	ind_period_format(&t->period, period);
	for (size_t k = 0; k < set->n; k++) {
		struct snap_fill x = {t, out, set->n, k, (enum ind_unit)set->ind[k].m.unit};
		int rc = store_snapshot_read(s, set->ind[k].m.id, period, t->nodes[0].u.code,
		                             snap_take, &x, e);
		if (rc < 0)
			return rc;
		done[k] = rc > 0;
	}
	return 0;
}

int fig_compute(struct store *s, const struct fig_tree *t, const struct fig_set *set,
                bool use_snapshots, struct ind_value *out, struct xerr *e)
{
	bool *done = calloc(set->n + 1, sizeof *done);
	size_t *off = calloc(set->n + 1, sizeof *off), k = 0;
	if (!done || !off) {
		free(done);
		free(off);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	for (size_t i = 0; i < t->n * set->n; i++)
		out[i] = ind_value_of(IND_COUNT, NAN, NAN);
	int rc = 0;
	if (use_snapshots && t->period.last < fig_today())
		rc = from_snapshots(s, t, set, out, done, e);
	for (size_t j = 0; j < set->n; j++) {
		off[j] = k;
		k += done[j] ? 0 : set->ind[j].plan->naggs;
	}
	const struct expr_agg **aggs = malloc((k ? k : 1) * sizeof(const struct expr_agg *));
	double *own = malloc((t->n * k + 1) * sizeof *own);
	double *total = malloc((t->n * k + 1) * sizeof *total);
	if (!aggs || !own || !total) {
		free(aggs);
		free(own);
		free(total);
		free(done);
		free(off);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	for (size_t j = 0; rc == 0 && j < set->n; j++)
		for (size_t a = 0; !done[j] && a < set->ind[j].plan->naggs; a++)
			aggs[off[j] + a] = &set->ind[j].plan->aggs[a];
	if (rc == 0 && k)
		rc = live_totals(s, t, aggs, k, own, total, e);
	for (size_t j = 0; rc == 0 && j < set->n; j++) {
		const struct fig_ind *f = &set->ind[j];
		const double *src = ind_rolls_up(&f->m.def) ? total : own;
		for (size_t i = 0; !done[j] && i < t->n; i++) {
			double num, den;
			expr_eval(f->plan, &src[i * k + off[j]], &num, &den);
			out[i * set->n + j] = ind_value_of((enum ind_unit)f->m.unit, num, den);
		}
	}
	free(aggs);
	free(own);
	free(total);
	free(done);
	free(off);
	return rc;
}

/* ---- judging ---- */

int fig_base_period(const struct ind_period *p, struct ind_period *out, struct xerr *e)
{
	if (p->kind == IND_RANGE)
		return ind_period_prev(p, out, e);
	return ind_period_make(p->kind, p->year - 1, p->index, out, e);
}

void fig_judge(const struct ind_def *d, int level, const struct ind_period *p,
               const struct ind_value *v, const struct ind_value *base, struct fig_judgement *out)
{
	memset(out, 0, sizeof *out);
	out->colour = ind_colour_of(d, v);
	out->ratio = NAN;
	for (int y = p->year; y <= p->year + 10 && !out->has_target; y++)
		if (ind_target_for(d, y, level, &out->target) == 0) {
			out->has_target = true;
			out->target_year = y;
		}
	out->track = IND_TRACK_UNKNOWN;
	if (!out->has_target || !v->has || !base || !base->has)
		return;
	int32_t end = 0;
	struct xerr e = {0};
	struct ind_period b, ty;
	if (fig_base_period(p, &b, &e) != 0 ||
	    ind_period_make(IND_YEAR, out->target_year, 0, &ty, &e) != 0)
		return;
	end = ty.last;
	struct ind_obs ob = {b.last, base->value}, on = {p->last, v->value},
	               ot = {end, out->target};
	out->track = ind_on_track(&ob, &on, &ot, d->direction, &out->ratio);
}

/* ---- tasks ---- */

struct task_ctx {
	const struct fig_tree *t;
	int32_t day;
	double *out;
};

static int count_task(const struct mon_task *tk, void *ctx)
{
	struct task_ctx *x = ctx;
	enum ind_task_state st = ind_task_state(tk->deadline, tk->done_on, x->day);
	double one[IND_TASK_COUNTS];
	ind_task_count(&st, 1, one);
	for (int i = fig_tree_find(x->t, tk->unit); i >= 0; i = x->t->nodes[i].parent)
		for (int j = 0; j < IND_TASK_COUNTS; j++)
			x->out[(size_t)i * IND_TASK_COUNTS + (size_t)j] += one[j];
	return 0;
}

int fig_task_counts(struct store *s, const struct fig_tree *t, int32_t day, double *out,
                    struct xerr *e)
{
	memset(out, 0, t->n * IND_TASK_COUNTS * sizeof *out);
	struct task_ctx x = {t, day, out};
	return store_task_list(s, t->nodes[0].u.code, count_task, &x, e);
}

/* ---- criteria ---- */

/* A level's active set, read and compiled once per cache. */
struct fig_level {
	int state; /* 0 not read yet, 1 a set, -1 none */
	struct mon_criteria_set set;
	struct ind_criteria *c;
	size_t *first; /* per criterion: the first name its rule reads, or SIZE_MAX */
};

struct fig_criteria {
	const struct fig_set *all;
	const char **names; /* the indicators' ids, then the task counts */
	size_t nn;
	struct fig_level level[UNIT_VILLAGE + 1];
};

struct fig_criteria *fig_criteria_new(const struct fig_set *all)
{
	struct fig_criteria *fc = calloc(1, sizeof *fc);
	size_t nn = all->n + IND_TASK_COUNTS;
	if (!fc || !(fc->names = malloc(nn * sizeof *fc->names))) {
		free(fc);
		return NULL;
	}
	fc->all = all;
	fc->nn = nn;
	for (size_t k = 0; k < all->n; k++)
		fc->names[k] = all->ind[k].m.id;
	for (size_t j = 0; j < IND_TASK_COUNTS; j++)
		fc->names[all->n + j] = ind_task_names[j];
	return fc;
}

void fig_criteria_free(struct fig_criteria *fc)
{
	if (!fc)
		return;
	for (int l = 0; l <= UNIT_VILLAGE; l++) {
		store_criteria_clear(&fc->level[l].set);
		ind_criteria_free(fc->level[l].c);
		free(fc->level[l].first);
	}
	free(fc->names);
	free(fc);
}

/* Reads and compiles the set of a level, and for each criterion the first
 * name its rule reads (the figure shown beside it). */
static int level_load(struct store *s, struct fig_criteria *fc, struct fig_level *lv, int level,
                      struct xerr *e)
{
	int rc = store_criteria_for_level(s, level, &lv->set, e);
	if (rc <= 0) {
		lv->state = rc == 0 ? -1 : 0;
		return rc;
	}
	struct ind_criterion *items = malloc((lv->set.n + 1) * sizeof *items);
	lv->first = malloc((lv->set.n + 1) * sizeof *lv->first);
	if (!items || !lv->first) {
		free(items);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	struct ind_criteria_set view;
	size_t bad = 0;
	struct expr_error pe;
	mon_criteria_view(&lv->set, items, &view);
	rc = ind_criteria_compile(&view, fc->names, fc->nn, &lv->c, &bad, &pe, e);
	free(items);
	for (size_t i = 0; rc == 0 && i < lv->set.n; i++) {
		struct expr_rule *r = NULL;
		size_t idx = 0;
		lv->first[i] = SIZE_MAX;
		if (expr_rule_compile(lv->set.items[i].rule, fc->names, fc->nn, &r, &pe, NULL) ==
		        0 &&
		    expr_rule_names(r, &idx, 1) == 1)
			lv->first[i] = idx;
		expr_rule_free(r);
	}
	if (rc == 0)
		lv->state = 1;
	return rc ? rc : 1;
}

void fig_status_free(struct fig_status *st)
{
	free(st->states);
	free(st->values);
	st->states = NULL;
	st->values = NULL;
}

int fig_status(struct store *s, struct fig_criteria *fc, const struct fig_tree *t, int node,
               const struct ind_value *vals, const double *tasks, struct fig_status *out,
               struct xerr *e)
{
	memset(out, 0, sizeof *out);
	int level = t->nodes[node].u.level;
	if (level < 0 || level > UNIT_VILLAGE)
		return 0;
	struct fig_level *lv = &fc->level[level];
	int rc = lv->state ? lv->state : level_load(s, fc, lv, level, e);
	if (rc <= 0)
		return rc;
	const struct fig_set *all = fc->all;
	double *values = malloc(fc->nn * sizeof *values);
	out->states = calloc(lv->set.n + 1, sizeof *out->states);
	out->values = calloc(lv->set.n + 1, sizeof *out->values);
	if (!values || !out->states || !out->values) {
		free(values);
		fig_status_free(out);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	const struct ind_value *v = &vals[(size_t)node * all->n];
	for (size_t k = 0; k < all->n; k++)
		values[k] = v[k].has ? v[k].value : NAN;
	for (size_t j = 0; j < IND_TASK_COUNTS; j++)
		values[all->n + j] = tasks[(size_t)node * IND_TASK_COUNTS + j];
	out->set = &lv->set;
	ind_criteria_judge(lv->c, values, out->states, &out->verdict);
	for (size_t i = 0; i < lv->set.n; i++)
		out->values[i] = lv->first[i] == SIZE_MAX ? NAN : values[lv->first[i]];
	free(values);
	return 1;
}

/* ---- snapshots ---- */

/* Has a unit any figure: a numerator other than 0, or records under a
 * percentage (a count's denominator is always 1)? */
static bool holds_data(const struct fig_set *set, const struct ind_value *v)
{
	for (size_t k = 0; k < set->n; k++)
		if ((!isnan(v[k].num) && v[k].num != 0) ||
		    (set->ind[k].m.unit == IND_PERCENT && !isnan(v[k].den) && v[k].den != 0))
			return true;
	return false;
}

int fig_recompute(struct store *s, const struct actor *who, const struct fig_tree *t,
                  const struct fig_set *set, struct xerr *e)
{
	if (t->period.last >= fig_today())
		return xerr_set(e, XERR_INVALID, "period", "the period has not ended yet");
	struct ind_value *v = calloc(t->n * set->n + 1, sizeof *v);
	struct mon_snap *rows = calloc(t->n * set->n + 1, sizeof *rows);
	const char **ids = calloc(set->n + 1, sizeof *ids);
	if (!v || !rows || !ids) {
		free(v);
		free(rows);
		free(ids);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	int rc = fig_compute(s, t, set, false, v, e);
	char period[IND_PERIOD_MAX];
	ind_period_format(&t->period, period);
	/* The root, and the units that hold anything: a unit whose every
	 * figure is 0 or no data reads as no data without its rows (a country
	 * of villages without records would otherwise keep millions). */
	size_t n = 0;
	for (size_t i = 0; rc == 0 && i < t->n; i++) {
		if (i && !holds_data(set, &v[i * set->n]))
			continue;
		for (size_t k = 0; k < set->n; k++) {
			struct mon_snap *row = &rows[k * t->n + n];
			snprintf(row->unit, sizeof row->unit, "%s", t->nodes[i].u.code);
			row->num = v[i * set->n + k].num;
			row->den = v[i * set->n + k].den;
		}
		n++;
	}
	/* rows[k * t->n + i]: packed to rows[k * n + i] for the store. */
	for (size_t k = 1; rc == 0 && k < set->n; k++)
		memmove(&rows[k * n], &rows[k * t->n], n * sizeof *rows);
	for (size_t k = 0; k < set->n; k++)
		ids[k] = set->ind[k].m.id;
	/* Every indicator of the subtree in one transaction. */
	if (rc == 0)
		rc = store_snapshot_write_set(s, who, ids, set->n, period, rows, n, e);
	free(v);
	free(rows);
	free(ids);
	return rc;
}
