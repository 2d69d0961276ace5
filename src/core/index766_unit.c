/*
 * index766_unit.c: the 766 index's counts up a unit tree (see the header).
 *
 * Two roll-ups through ind_rollup: the counts themselves (struct
 * idx766_counts read as an array of doubles; only the additive rows mean
 * anything there) and the procedures each unit's dossiers touched, summed
 * the same way so that a procedure touched anywhere under a unit is
 * touched by the unit (above 0). Then, per unit, the rows over procedures.
 */
#include "core/index766_unit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/fee.h"
#include "core/unit.h"

/* Days between the publication decision and the dates it is judged by
 * (RULES.md §1.2, rows 1.1 and 1.2: the province's 5 working days). */
enum { IDX_PUBLISH_WORKDAYS = 5 };

bool idx_published_on_time(const struct cal *c, int32_t decision_day, int32_t basis_day)
{
	int32_t n = 0;
	if (!decision_day || !basis_day ||
	    cal_workdays_between(c, decision_day, basis_day, &n, NULL))
		return false;
	return n >= IDX_PUBLISH_WORKDAYS;
}

bool idx_public_on_time(const struct cal *c, int32_t decision_day, int32_t public_day)
{
	int32_t n = 0;
	if (!decision_day || !public_day ||
	    cal_workdays_between(c, decision_day, public_day, &n, NULL))
		return false;
	return n <= IDX_PUBLISH_WORKDAYS;
}

void idx_counts_unknown(struct idx766_counts *c)
{
	struct idx_frac unknown = {NAN, NAN};
	/* Reported figures: the national portal's sync and storage, communes
	 * offering e-certified copies. */
	c->dossier_sync = c->personal_storage = c->certified_copy = unknown;
}

static struct idx_frac frac(long num, long den)
{
	return (struct idx_frac){(double)num, (double)den};
}

/* The rows over procedures for one unit: procs at its level, seen[p * IDX_PF_N + f]
 * its subtree's total for procedure p. */
static void procedure_rows(const struct cal *c, const struct idx_tree *t, bool commune,
                           const double *seen, int32_t first, int32_t last, struct idx766_counts *o)
{
	long decided = 0, published_ok = 0, public_ok = 0, shown = 0, full = 0;
	long at_level = 0, online = 0, services_used = 0, population = 0;
	struct fee_counts f;
	memset(&f, 0, sizeof f);
	for (size_t p = 0; p < t->nproc; p++) {
		const struct idx_proc *x = &t->procs[p];
		static const double none[IDX_PF_N];
		const double *s = seen ? seen + p * IDX_PF_N : none;
		if (commune && !x->commune)
			continue;
		at_level++;
		if (x->decision_day >= first && x->decision_day <= last) {
			decided++;
			published_ok += idx_published_on_time(c, x->decision_day, x->basis_day);
			public_ok += idx_public_on_time(c, x->decision_day, x->public_day);
		}
		bool is_public = x->public_day && x->public_day <= last;
		if (is_public) {
			shown++;
			full += x->content_full;
			online++;
			services_used += s[IDX_PF_ONLINE] > 0;
		}
		population += s[IDX_PF_POPULATION] > 0;
		if (x->has_fee) {
			f.procedures_with_fee++;
			f.procedures_paid_online += s[IDX_PF_PAID_ONLINE] > 0;
			f.procedures_on_dossiers += s[IDX_PF_FEE] > 0;
		}
	}
	o->publish_on_time = frac(published_ok, decided);
	o->public_update_on_time = frac(public_ok, decided);
	o->public_content_full = frac(full, shown);
	/* Offered online: made public in xaso, where every procedure can be
	 * filed online. */
	o->procedures_online = frac(online, at_level);
	o->services_with_dossiers = frac(services_used, shown);
	o->population_procedures = frac(population, at_level);
	/* Rows 3.5b and 3.5 as the payments module maps them; 3.6 (dossiers)
	 * stays as rolled up. */
	struct idx_frac paid = o->paid_online;
	f.paid_online = (long)paid.num;
	f.fee_due = (long)paid.den;
	fee_counts_idx766(&f, o);
	o->paid_online = paid;
}

int idx_tree_counts(const struct cal *c, const struct idx_tree *t, int32_t first, int32_t last,
                    struct idx766_counts *out, struct xerr *e)
{
	enum { K = sizeof(struct idx766_counts) / sizeof(double) };
	_Static_assert(sizeof(struct idx766_counts) % sizeof(double) == 0,
	               "the counts are doubles only");
	size_t kp = t->nproc * IDX_PF_N;
	double *seen = NULL;
	if (t->n && kp) {
		if (t->n > SIZE_MAX / sizeof(double) / kp)
			return xerr_set(e, XERR_LIMIT, "units", "too many units and procedures");
		seen = malloc(t->n * kp * sizeof *seen);
		if (!seen)
			return xerr_set(e, XERR_NOMEM, "units", "out of memory");
	}
	int rc = ind_rollup(t->nodes, t->n, t->succ, t->nsucc, K, (const double *)t->own,
	                    (double *)out, e);
	if (rc == 0 && seen)
		rc = ind_rollup(t->nodes, t->n, t->succ, t->nsucc, kp, t->seen, seen, e);
	for (size_t i = 0; rc == 0 && i < t->n; i++)
		procedure_rows(c, t, t->level[i] == UNIT_COMMUNE, seen ? seen + i * kp : NULL,
		               first, last, &out[i]);
	free(seen);
	return rc;
}

int idx_tree_score(const struct cal *c, const struct idx_tree *t, int32_t first, int32_t last,
                   const struct idx_options *o, struct idx_result *res, struct xerr *e)
{
	size_t np;
	const struct idx_profile *ps = idx_profiles(&np), *p;
	int rc = idx_profile_for(ps, np, last, &p, e);
	if (rc)
		return rc;
	struct idx766_counts *counts = calloc(t->n ? t->n : 1, sizeof *counts);
	if (!counts)
		return xerr_set(e, XERR_NOMEM, "units", "out of memory");
	rc = idx_tree_counts(c, t, first, last, counts, e);
	for (size_t i = 0; rc == 0 && i < t->n; i++) {
		memset(&res[i], 0, sizeof res[i]);
		if (t->level[i] == UNIT_PROVINCE || t->level[i] == UNIT_COMMUNE)
			rc = idx_score(p, t->level[i], &counts[i], o, &res[i], e);
	}
	free(counts);
	return rc;
}

void idx_rank(const double *total, size_t n, int *rank)
{
	/* n is a province's communes or the provinces: a few hundred. */
	for (size_t i = 0; i < n; i++) {
		int above = 0;
		for (size_t j = 0; j < n; j++)
			above += total[j] > total[i];
		rank[i] = above + 1;
	}
}
