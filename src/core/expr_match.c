/*
 * expr_match.c: does a record meet a filter? The store reads the records
 * of small entities (businesses, teams, activities, products...) and of
 * the cells of counted residents, hands their field values here, and adds
 * up the records a plan's aggregates keep. This is the one reading of a
 * filter's meaning on data; expr_sat.c decides whether a filter can hold
 * at all, expr_format.c prints it.
 */
#include <string.h>

#include "core/expr.h"

static bool cmp_int(enum expr_cmp op, int64_t a, int64_t b)
{
	switch (op) {
	case EXPR_EQ: return a == b;
	case EXPR_NE: return a != b;
	case EXPR_LT: return a < b;
	case EXPR_LE: return a <= b;
	case EXPR_GT: return a > b;
	case EXPR_GE: return a >= b;
	default: return false;
	}
}

/* One comparison of field f->field of the record with the filter's values. */
static bool compare(const struct expr_filter *f, const struct expr_entity *en, const int64_t *num,
                    const char *const *text)
{
	bool is_text = en->fields[f->field].type == EXPR_TEXT;
	const char *s = is_text && text && text[f->field] ? text[f->field] : "";
	int64_t v = num[f->field];
	if (f->cmp == EXPR_IN || f->cmp == EXPR_NOT_IN) {
		bool found = false;
		for (size_t i = 0; i < f->nvalues && !found; i++)
			found = is_text ? strcmp(s, f->values[i].s ? f->values[i].s : "") == 0
			                : v == f->values[i].i;
		return f->cmp == EXPR_IN ? found : !found;
	}
	if (f->nvalues < 1)
		return false;
	if (is_text) {
		int c = strcmp(s, f->values[0].s ? f->values[0].s : "");
		return cmp_int(f->cmp, c, 0);
	}
	return cmp_int(f->cmp, v, f->values[0].i);
}

bool expr_filter_holds(const struct expr_filter *f, const struct expr_entity *en,
                       const int64_t *num, const char *const *text)
{
	if (!f)
		return true;
	switch (f->kind) {
	case EXPR_F_AND:
		for (size_t i = 0; i < f->nkids; i++)
			if (!expr_filter_holds(f->kids[i], en, num, text))
				return false;
		return true;
	case EXPR_F_OR:
		for (size_t i = 0; i < f->nkids; i++)
			if (expr_filter_holds(f->kids[i], en, num, text))
				return true;
		return false;
	case EXPR_F_NOT: return f->nkids > 0 && !expr_filter_holds(f->kids[0], en, num, text);
	case EXPR_F_CMP:
		return f->field >= 0 && (size_t)f->field < en->nfields && compare(f, en, num, text);
	}
	return false;
}
