/*
 * index766.c: choosing the profile in force and scoring a unit with it.
 *
 * Scoring runs in three passes over the rows, so that a row whose points
 * move elsewhere (the "split" zero rule) is settled before the rows that
 * receive them: (1) each row's state and maximum (scope, tracking, no data,
 * zero denominator); (2) the moves of split rows; (3) points, then group
 * and total sums. Every point formula is one: max x rate / target, capped at
 * max where the row says so (linear rows have target 1).
 */
#include "core/index766.h"

#include <math.h>
#include <string.h>

#include "core/calendar.h"
#include "core/unit.h"

const char *const idx_value_names[IDX_VALUES] = {
    "index766_total",          "index766_transparency",   "index766_progress",
    "index766_online_service", "index766_online_payment", "index766_digitisation",
    "index766_satisfaction",
};

const struct idx_profile *idx_profile_find(const char *id)
{
	size_t n;
	const struct idx_profile *p = idx_profiles(&n);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(p[i].id, id))
			return &p[i];
	return NULL;
}

int idx_profile_for(const struct idx_profile *ps, size_t n, int32_t day,
                    const struct idx_profile **out, struct xerr *e)
{
	char d[11];
	cal_format_date(day, d);
	*out = NULL;
	/* ISO dates compare as text. */
	for (size_t i = 0; i < n; i++) {
		const struct idx_profile *p = &ps[i];
		if (!p->found || strcmp(p->effective_from, d) > 0 ||
		    (p->effective_to && strcmp(d, p->effective_to) >= 0))
			continue;
		if (!*out || strcmp(p->effective_from, (*out)->effective_from) > 0)
			*out = p;
	}
	if (!*out)
		return xerr_set(
		    e, XERR_NOTFOUND, "period",
		    "no rule table of the 766 index is known for %s (the official annex "
		    "of Decision 766/QĐ-TTg was not found)",
		    d);
	return 0;
}

const struct idx_row *idx_row_find(const struct idx_profile *p, const char *code)
{
	for (size_t i = 0; i < p->nrows; i++)
		if (!strcmp(p->rows[i].code, code))
			return &p->rows[i];
	return NULL;
}

void idx_options_default(struct idx_options *o)
{
	o->commune = IDX_COMMUNE_NA;
	o->feedback_zero = IDX_ZERO_FULL;
	o->fee_synced_uncapped = false;
}

static const struct idx_frac *frac_of(const struct idx766_counts *c, const struct idx_row *r)
{
	return (const struct idx_frac *)((const char *)c + r->counts);
}

/* Pass 1: state, numbers and maximum of one row. */
static int settle(const struct idx_row *r, int level, const struct idx766_counts *c,
                  const struct idx_options *o, struct idx_row_result *x, struct xerr *e)
{
	const struct idx_frac *f = frac_of(c, r);
	*x = (struct idx_row_result){r, IDX_SCORED, f->num, f->den, NAN, r->max, 0, 0};
	bool known = !isnan(f->num) && !isnan(f->den);
	if (known && (f->num < 0 || f->den < 0 || f->num > f->den || isinf(f->den)))
		return xerr_set(e, XERR_INVALID, r->code,
		                "766 %s: %g of %g is not a count out of a total", r->code, f->num,
		                f->den);
	if (known && f->den > 0)
		x->rate = f->num / f->den;
	if (level == UNIT_COMMUNE && r->scope == IDX_PROVINCE_ONLY) {
		x->state = IDX_OUT_OF_SCOPE;
		if (o->commune == IDX_COMMUNE_NA || r->convert == IDX_TRACKED)
			x->max = 0;
		return 0;
	}
	if (r->convert == IDX_TRACKED) {
		x->state = IDX_TRACKING;
		x->max = 0;
	} else if (!known) {
		x->state = IDX_NO_DATA;
	} else if (f->den == 0) {
		x->state = IDX_NOT_APPLICABLE;
		x->zero = r->option == IDX_OPT_FEEDBACK_ZERO ? o->feedback_zero : r->zero;
		if (x->zero == IDX_ZERO_NA || x->zero == IDX_ZERO_SPLIT)
			x->max = 0;
	}
	return 0;
}

/* Pass 2: a split row's maximum goes in halves to the rows it names. */
static void move_split(const struct idx_profile *p, struct idx_result *out)
{
	for (size_t i = 0; i < out->nrows; i++) {
		const struct idx_row_result *x = &out->rows[i];
		if (x->state != IDX_NOT_APPLICABLE || x->zero != IDX_ZERO_SPLIT)
			continue;
		for (int k = 0; k < 2; k++) {
			const struct idx_row *to =
			    x->row->split_to[k] ? idx_row_find(p, x->row->split_to[k]) : NULL;
			if (to)
				out->rows[to - p->rows].max += x->row->max / 2;
		}
	}
}

/* Pass 3: the points of a settled row. */
static double points(const struct idx_row_result *x, const struct idx_options *o)
{
	const struct idx_row *r = x->row;
	switch (x->state) {
	case IDX_SCORED: {
		double v = x->max * x->rate / r->target;
		bool cap = r->cap && !(r->option == IDX_OPT_FEE_CAP && o->fee_synced_uncapped);
		return cap && v > x->max ? x->max : v;
	}
	case IDX_NOT_APPLICABLE: return x->zero == IDX_ZERO_FULL ? x->max : 0;
	case IDX_OUT_OF_SCOPE: return x->max; /* 0 unless the commune rule gives full points */
	default: return 0;
	}
}

int idx_score(const struct idx_profile *p, int level, const struct idx766_counts *c,
              const struct idx_options *o, struct idx_result *out, struct xerr *e)
{
	struct idx_options def;
	if (!o) {
		idx_options_default(&def);
		o = &def;
	}
	memset(out, 0, sizeof *out);
	out->profile = p;
	out->complete = true;
	if (!p->found)
		return xerr_set(e, XERR_NOTFOUND, "profile",
		                "the rule table of %s was not found in the sources", p->id);
	if (level != UNIT_PROVINCE && level != UNIT_COMMUNE)
		return xerr_set(e, XERR_INVALID, "unit",
		                "the 766 index scores provinces and communes");
	if (p->nrows > IDX_ROWS_MAX)
		return xerr_set(e, XERR_LIMIT, "profile", "more than %d rows", IDX_ROWS_MAX);
	out->nrows = p->nrows;
	for (size_t i = 0; i < p->nrows; i++) {
		int rc = settle(&p->rows[i], level, c, o, &out->rows[i], e);
		if (rc)
			return rc;
	}
	move_split(p, out);
	for (size_t i = 0; i < p->nrows; i++) {
		struct idx_row_result *x = &out->rows[i];
		x->points = points(x, o);
		struct idx_group_result *g = &out->groups[x->row->group];
		g->points += x->points;
		g->max += x->max;
		if (x->state == IDX_NO_DATA)
			out->complete = false;
	}
	for (int g = 0; g < IDX_GROUPS; g++) {
		out->total += out->groups[g].points;
		out->max += out->groups[g].max;
	}
	return 0;
}

void idx_values(const struct idx_result *r, double out[IDX_VALUES])
{
	bool group_complete[IDX_GROUPS];
	for (int g = 0; g < IDX_GROUPS; g++)
		group_complete[g] = true;
	for (size_t i = 0; i < r->nrows; i++)
		if (r->rows[i].state == IDX_NO_DATA)
			group_complete[r->rows[i].row->group] = false;
	/* Missing figures make the value unknown, never a lower score. */
	out[0] = r->complete ? r->total : NAN;
	for (int g = 0; g < IDX_GROUPS; g++)
		out[g + 1] = group_complete[g] ? r->groups[g].points : NAN;
}
