/*
 * people_count.c: ages, and counting residents "as of" a day in one pass
 * for every village (people.h explains the cells).
 *
 * The cuts: a comparison of `age` with c, as of day D, holds on one side
 * of the last birth day of people aged c on D and of those aged c + 1;
 * a comparison of `birth_date` with day d on one side of d - 1 and d. Any
 * condition built from such comparisons, sex, e-ID level and e-health
 * record is therefore decided alike for every resident of one cell, and
 * people_counter_new() decides it once per cell, on the cell's first birth
 * day, for each aggregate.
 */
#include <stdlib.h>
#include <string.h>

#include "core/lunar.h"
#include "core/people.h"

int people_age(int32_t birth_day, int32_t on)
{
	int by, bm, bd, y, m, d;
	lunar_civil(birth_day, &by, &bm, &bd);
	lunar_civil(on, &y, &m, &d);
	int age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

int32_t people_born_by(int32_t on, int years)
{
	int y, m, d;
	lunar_civil(on, &y, &m, &d);
	int ly = y - years, last = lunar_month_days(ly, m);
	/* 29 February of a year without one: 28 February is the last day. */
	return lunar_jdn(ly, m, d < last ? d : last);
}

/* The resident fields the cells stand for, by index in the vocabulary. */
struct fields {
	int age, sex, eid, ehealth, birth;
};

static struct fields resident_fields(const struct expr_entity *en)
{
	return (struct fields){expr_field_index(en, "age"), expr_field_index(en, "sex"),
	                       expr_field_index(en, "eid_level"), expr_field_index(en, "ehealth"),
	                       expr_field_index(en, "birth_date")};
}

static bool is_entity(const struct expr_agg *a, const char *name)
{
	return a && (a->kind == EXPR_COUNT || a->kind == EXPR_SUM) && a->entity &&
	       !strcmp(a->entity->name, name);
}

static int add_cut(struct people_counter *pc, int32_t day, struct xerr *e)
{
	for (int i = 0; i < pc->ncuts; i++)
		if (pc->cut[i] == day)
			return 0;
	if (pc->ncuts == PEOPLE_CUTS_MAX)
		return xerr_set(e, XERR_LIMIT, "formula",
		                "the conditions compare ages or birth dates with more than %d "
		                "values: count them in separate formulas",
		                PEOPLE_CUTS_MAX / 2);
	pc->cut[pc->ncuts++] = day;
	return 0;
}

/* The cuts of every comparison of age or birth_date in f. */
static int collect_cuts(struct people_counter *pc, const struct fields *fi,
                        const struct expr_filter *f, struct xerr *e)
{
	if (!f)
		return 0;
	for (size_t i = 0; i < f->nkids; i++) {
		int rc = collect_cuts(pc, fi, f->kids[i], e);
		if (rc)
			return rc;
	}
	if (f->kind != EXPR_F_CMP || (f->field != fi->age && f->field != fi->birth))
		return 0;
	for (size_t i = 0; i < f->nvalues; i++) {
		int64_t v = f->values[i].i;
		int rc;
		if (f->field == fi->age) {
			int years = v < -1 ? -1 : v > 200 ? 200 : (int)v;
			rc = add_cut(pc, people_born_by(pc->as_of, years), e);
			if (rc == 0)
				rc = add_cut(pc, people_born_by(pc->as_of, years + 1), e);
		} else {
			rc = add_cut(pc, (int32_t)v - 1, e);
			if (rc == 0)
				rc = add_cut(pc, (int32_t)v, e);
		}
		if (rc)
			return rc;
	}
	return 0;
}

static int cmp_day(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* The first birth day of cell band k (the representative resident's). */
static int32_t band_day(const struct people_counter *pc, int k)
{
	if (pc->ncuts == 0)
		return pc->as_of;
	return k < pc->ncuts ? pc->cut[k] : pc->cut[pc->ncuts - 1] + 1;
}

/* Decides every residents' aggregate on every cell, once. */
static void decide_cells(struct people_counter *pc, const struct fields *fi)
{
	const struct expr_entity *en = expr_entity_find("residents");
	int64_t num[16] = {0};
	for (size_t j = 0; j < pc->naggs; j++) {
		const struct expr_agg *a = pc->aggs[j];
		if (!is_entity(a, "residents") || a->never)
			continue;
		for (size_t k = 0; k < pc->ncells; k++) {
			int32_t bday = band_day(pc, (int)(k / 12));
			num[fi->age] = people_age(bday, pc->as_of);
			num[fi->birth] = bday;
			num[fi->sex] = (int64_t)(k / 6 % 2) + PEOPLE_MALE;
			num[fi->eid] = (int64_t)(k / 2 % 3);
			num[fi->ehealth] = (int64_t)(k % 2);
			pc->keeps[j * pc->ncells + k] = expr_filter_holds(a->where, en, num, NULL);
		}
	}
}

struct people_counter *people_counter_new(int32_t as_of, const struct expr_agg *const *aggs,
                                          size_t n, struct xerr *e)
{
	struct people_counter *pc = calloc(1, sizeof *pc);
	if (!pc) {
		xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		return NULL;
	}
	pc->as_of = as_of;
	pc->aggs = aggs;
	pc->naggs = n;
	const struct expr_entity *en = expr_entity_find("residents");
	struct fields fi = resident_fields(en);
	for (size_t j = 0; j < n; j++) {
		if (!is_entity(aggs[j], "residents"))
			continue;
		if (aggs[j]->kind == EXPR_SUM && aggs[j]->field == fi.age)
			pc->age_sums = true;
		if (collect_cuts(pc, &fi, aggs[j]->where, e) != 0) {
			free(pc);
			return NULL;
		}
	}
	qsort(pc->cut, (size_t)pc->ncuts, sizeof pc->cut[0], cmp_day);
	pc->ncells = (size_t)(pc->ncuts + 1) * 12;
	pc->keeps = calloc(n ? n : 1, pc->ncells);
	pc->house = calloc(n ? n : 1, sizeof *pc->house);
	if (!pc->keeps || !pc->house) {
		free(pc->keeps);
		free(pc->house);
		free(pc);
		xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		return NULL;
	}
	decide_cells(pc, &fi);
	/* Households are evaluated once each (hundreds of thousands a count):
	 * their aggregates and field are looked up here, once. */
	pc->members = expr_field_index(expr_entity_find("households"), "members");
	for (size_t j = 0; j < n; j++)
		if (is_entity(aggs[j], "households") && !aggs[j]->never)
			pc->house[pc->nhouse++] = j;
	return pc;
}

void people_counter_free(struct people_counter *pc)
{
	if (pc) {
		free(pc->keeps);
		free(pc->house);
		free(pc);
	}
}

size_t people_cell(const struct people_counter *pc, int32_t birth_day, int sex, int eid_level,
                   int ehealth)
{
	int lo = 0, hi = pc->ncuts; /* the band: how many cuts lie before the birth day */
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (pc->cut[mid] < birth_day)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t s = sex == PEOPLE_FEMALE ? 1 : 0;
	size_t l = eid_level < 0 ? 0 : eid_level > 2 ? 2 : (size_t)eid_level;
	return (((size_t)lo * 2 + s) * 3 + l) * 2 + (ehealth ? 1 : 0);
}

void people_cells_eval(const struct people_counter *pc, const long *count, const double *agesum,
                       double *out)
{
	const struct expr_entity *en = expr_entity_find("residents");
	int eid = expr_field_index(en, "eid_level");
	for (size_t j = 0; j < pc->naggs; j++) {
		const struct expr_agg *a = pc->aggs[j];
		if (!is_entity(a, "residents"))
			continue;
		double v = 0;
		const unsigned char *keeps = pc->keeps + j * pc->ncells;
		for (size_t k = 0; k < pc->ncells && !a->never; k++) {
			if (!keeps[k] || !count[k])
				continue;
			if (a->kind == EXPR_COUNT)
				v += (double)count[k];
			else if (a->field == eid)
				v += (double)count[k] * (double)(k / 2 % 3);
			else if (agesum)
				v += agesum[k];
		}
		out[j] = v;
	}
}

void people_household_eval(const struct people_counter *pc, int members, double *out)
{
	int64_t num[4] = {0};
	num[pc->members & 3] = members;
	for (size_t i = 0; i < pc->nhouse; i++) {
		size_t j = pc->house[i];
		const struct expr_agg *a = pc->aggs[j];
		if (a->where && !expr_filter_holds(a->where, a->entity, num, NULL))
			continue;
		out[j] += a->kind == EXPR_COUNT ? 1.0 : (double)members;
	}
}
