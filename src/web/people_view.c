/* people_view.c: a unit's population summary (people_view.h). */
#include "web/people_view.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/lunar.h"

#include "core/indicator.h"
#include "web/figures.h"

struct summary_ctx {
	struct req *r;
	struct pop_summary *ps;
	const char *code;
	size_t cap;
};

static int add_kid(const struct unit *u, void *ctx)
{
	struct summary_ctx *x = ctx;
	if (x->ps->nkids == x->cap)
		return 0;
	struct pop_counts *k = &x->ps->kids[x->ps->nkids++];
	snprintf(k->code, sizeof k->code, "%s", u->code);
	snprintf(k->name, sizeof k->name, "%s", u->name);
	return 0;
}

/* A village's counts (aggregates: eid numerator, eid denominator, e-health
 * numerator, residents, households) added to the unit and to its unit
 * below it on the village's chain. */
static int add_village(const char *village, const double *v, void *ctx)
{
	struct summary_ctx *x = ctx;
	const double counts[5] = {v[3], v[1], v[0], v[2], v[4]};
	char chain[4][UNIT_CODE_MAX];
	int n = 0;
	snprintf(chain[n++], UNIT_CODE_MAX, "%s", village);
	struct unit u;
	while (n < 4 && store_unit_get(x->r->store, chain[n - 1], &u, NULL) == 0 && u.parent[0])
		snprintf(chain[n++], UNIT_CODE_MAX, "%s", u.parent);
	for (int i = 0; i < n; i++) {
		if (strcmp(chain[i], x->code))
			continue;
		for (int k = 0; k < 5; k++)
			x->ps->total.v[k] += counts[k];
		for (size_t j = 0; i > 0 && j < x->ps->nkids; j++)
			if (!strcmp(x->ps->kids[j].code, chain[i - 1]))
				for (int k = 0; k < 5; k++)
					x->ps->kids[j].v[k] += counts[k];
	}
	return 0;
}

/* The five aggregates, from the built-in indicators and one count. */
static int summary_plans(struct expr_plan *p[3], const struct expr_agg *aggs[5], struct xerr *e)
{
	struct expr_error pe;
	const struct ind_def *eid = ind_builtin_find("eid_rate"),
	                     *eh = ind_builtin_find("ehealth_rate");
	if (!eid || !eh) {
		xerr_set(e, XERR_IO, NULL, "built-in indicators missing");
		return XERR_IO;
	}
	int rc = expr_compile(eid->formula, EXPR_RATIO, &p[0], &pe, e);
	if (rc == 0)
		rc = expr_compile(eh->formula, EXPR_RATIO, &p[1], &pe, e);
	if (rc == 0)
		rc = expr_compile("count(households)", EXPR_ANY, &p[2], &pe, e);
	if (rc || p[0]->naggs != 2 || p[1]->naggs != 2 || p[2]->naggs != 1)
		return rc ? rc : xerr_set(e, XERR_IO, NULL, "unexpected built-in formulas");
	/* eid: level 2 of 14+, 14+; ehealth: records, residents (plan order). */
	aggs[0] = &p[0]->aggs[0];
	aggs[1] = &p[0]->aggs[1];
	aggs[2] = &p[1]->aggs[0];
	aggs[3] = &p[1]->aggs[1];
	aggs[4] = &p[2]->aggs[0];
	return 0;
}

int pop_summary(struct req *r, const char *code, int32_t day, struct pop_summary *out,
                struct xerr *e)
{
	memset(out, 0, sizeof *out);
	struct unit u;
	int rc = store_unit_get(r->store, code, &u, e);
	if (rc)
		return rc;
	snprintf(out->total.code, sizeof out->total.code, "%s", u.code);
	snprintf(out->total.name, sizeof out->total.name, "%s", u.name);
	struct summary_ctx x = {r, out, u.code, (size_t)u.child_count};
	out->kids = arena_alloc(&r->arena, (x.cap + 1) * sizeof *out->kids);
	if (u.level < UNIT_VILLAGE && (rc = store_unit_children(r->store, code, add_kid, &x, e)))
		return rc;
	struct expr_plan *p[3] = {NULL, NULL, NULL};
	const struct expr_agg *aggs[5];
	rc = summary_plans(p, aggs, e);
	if (rc == 0)
		rc = fig_pop_eval(r->store, code, day, day, aggs, 5, add_village, &x, e);
	for (int i = 0; i < 3; i++)
		expr_plan_free(p[i]);
	return rc;
}

/* ---- indicators ---- */

enum { IND_MAX = 32, AGG_MAX = 96 };

struct ind_ctx {
	struct req *r;
	const char *code;
	const struct expr_agg *aggs[AGG_MAX];
	size_t naggs;
	double sum[AGG_MAX];
	bool seen[AGG_MAX];
};

/* Is unit `code` under (or) the unit asked about? */
static bool under(struct req *r, const char *code, const char *top)
{
	char cur[UNIT_CODE_MAX];
	snprintf(cur, sizeof cur, "%s", code);
	for (int i = 0; i < 4 && cur[0]; i++) {
		if (!strcmp(cur, top))
			return true;
		struct unit u;
		if (store_unit_get(r->store, cur, &u, NULL) != 0)
			return false;
		snprintf(cur, sizeof cur, "%s", u.parent);
	}
	return false;
}

/* Roll-up as core/indicator.h says: parts added, "no data" skipped. */
static int add_unit(const char *unit, const double *v, void *ctx)
{
	struct ind_ctx *x = ctx;
	if (!under(x->r, unit, x->code))
		return 0;
	for (size_t j = 0; j < x->naggs; j++)
		if (!isnan(v[j])) {
			x->sum[j] += v[j];
			x->seen[j] = true;
		}
	return 0;
}

/* Does every aggregate of the plan count records this store evaluates? */
static bool ours(const struct expr_plan *p)
{
	static const char *const others[] = {"dossiers", "tasks", "officials", "feedback"};
	for (size_t i = 0; i < p->naggs; i++)
		if (p->aggs[i].kind == EXPR_INDEX766) /* the 766 index's values */
			return false;
	for (size_t i = 0; i < p->naggs; i++)
		for (size_t k = 0; p->aggs[i].entity && k < 4; k++)
			if (!strcmp(p->aggs[i].entity->name, others[k]))
				return false;
	return true;
}

int pop_indicators(struct req *r, const char *code, int32_t day, struct pop_value **out, size_t *n,
                   struct xerr *e)
{
	size_t nb;
	const struct ind_def *defs = ind_builtin(&nb);
	struct expr_plan *plans[IND_MAX] = {NULL};
	const struct ind_def *used[IND_MAX];
	size_t first[IND_MAX], np = 0;
	struct ind_ctx *x = arena_alloc(&r->arena, sizeof *x);
	x->r = r;
	x->code = code;
	int rc = 0;
	for (size_t i = 0; i < nb && np < IND_MAX && rc == 0; i++) {
		struct expr_plan *p = NULL;
		if (!defs[i].formula || ind_def_check(&defs[i], &p, NULL, e) != 0 || !p ||
		    !ours(p) || x->naggs + p->naggs > AGG_MAX) {
			expr_plan_free(p);
			continue;
		}
		first[np] = x->naggs;
		for (size_t k = 0; k < p->naggs; k++)
			x->aggs[x->naggs++] = &p->aggs[k];
		used[np] = &defs[i];
		plans[np++] = p;
	}
	int y, m, d;
	lunar_civil(day, &y, &m, &d);
	rc = fig_pop_eval(r->store, code, lunar_jdn(y, m, 1), day, x->aggs, x->naggs, add_unit, x,
	                  e);
	*out = arena_alloc(&r->arena, (np + 1) * sizeof **out);
	*n = 0;
	for (size_t i = 0; rc == 0 && i < np; i++) {
		double parts[AGG_MAX], num, den;
		for (size_t k = 0; k < plans[i]->naggs; k++) {
			size_t j = first[i] + k;
			parts[k] =
			    x->seen[j] || x->aggs[j]->kind != EXPR_REPORTED ? x->sum[j] : NAN;
		}
		expr_eval(plans[i], parts, &num, &den);
		(*out)[*n].def = used[i];
		(*out)[(*n)++].v = ind_value_of(used[i]->unit, num, den);
	}
	for (size_t i = 0; i < np; i++)
		expr_plan_free(plans[i]);
	return rc;
}
