/*
 * index766_view.c: the 766 index of a unit and a period, for the API, the
 * pages and the CLI (see the header).
 */
#include "web/index766_view.h"
#include "web/tabular.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "core/dossier.h"
#include "core/lunar.h"
#include "core/unit.h"
#include "store/store_calendar.h"

void idx766_period_now(char dst[IND_PERIOD_MAX])
{
	struct ind_period p;
	int y, m, d;
	lunar_civil(cal_time_day(dossier_local_minutes(time(NULL))), &y, &m, &d);
	if (ind_period_make(IND_QUARTER, y, (m - 1) / 3 + 1, &p, NULL) != 0)
		ind_period_make(IND_YEAR, y, 0, &p, NULL);
	ind_period_format(&p, dst);
}

int64_t idx766_as_of(const struct ind_period *p)
{
	int64_t end = cal_time(p->last + 1, 0) - 1, now = dossier_local_minutes(time(NULL));
	return now < end ? now : end;
}

int idx766_report_make(struct store *s, const char *unit, const char *period,
                       struct idx766_report *out, struct xerr *e)
{
	memset(out, 0, sizeof *out);
	out->root = -1;
	char now[IND_PERIOD_MAX];
	if (!period || !*period) {
		idx766_period_now(now);
		period = now;
	}
	int rc = ind_period_parse(period, &out->period, e);
	if (rc)
		return e->field = "period", rc;
	ind_period_format(&out->period, out->period_text);
	out->as_of = idx766_as_of(&out->period);
	const struct cal *cal;
	if ((rc = store_calendar(s, &cal, e)) ||
	    (rc = store_index766_load(s, unit, out->period.first, out->period.last, out->as_of,
	                              &out->data, e)))
		return rc;
	out->root = unit && *unit ? store_index766_find(&out->data, unit) : -1;
	out->res = calloc(out->data.n ? out->data.n : 1, sizeof *out->res);
	if (!out->res)
		rc = xerr_set(e, XERR_NOMEM, "unit", "out of memory");
	if (rc == 0)
		rc = idx_tree_score(cal, &out->data.tree, out->period.first, out->period.last, NULL,
		                    out->res, e);
	if (rc)
		idx766_report_free(out);
	return rc;
}

void idx766_report_free(struct idx766_report *rep)
{
	store_index766_free(&rep->data);
	free(rep->res);
	rep->res = NULL;
}

const char *idx766_state_name(int state)
{
	switch (state) {
	case IDX_SCORED: return "scored";
	case IDX_NOT_APPLICABLE: return "not_applicable";
	case IDX_OUT_OF_SCOPE: return "out_of_scope";
	case IDX_NO_DATA: return "no_data";
	case IDX_TRACKING: return "tracking";
	default: return "";
	}
}

static json_t *number(double v)
{
	return isnan(v) ? json_null() : json_real(round(v * 10000) / 10000);
}

const struct idx766_reported *idx766_reported_of(const struct idx766_report *rep, int i,
                                                 const struct idx_row *w)
{
	if (w->source != IDX_EXTERNAL || i < 0)
		return NULL;
	for (size_t k = 0; k < rep->data.nexternal; k++)
		if (rep->data.external[k] == w->counts) {
			const struct idx766_reported *x =
			    &rep->data.reported[(size_t)i * IDX766_EXTERNAL_MAX + k];
			return x->by[0] ? x : NULL;
		}
	return NULL;
}

void idx766_reported_day(const struct idx766_reported *x, char dst[11])
{
	cal_format_date(cal_time_day(dossier_local_minutes(x->at)), dst);
}

static json_t *row_json(const struct idx766_report *rep, int i, const struct idx_row_result *x,
                        bool en)
{
	const struct idx_row *w = x->row;
	bool applicable = x->state == IDX_SCORED || x->state == IDX_TRACKING;
	json_t *j = json_pack(
	    "{s:s, s:s, s:s, s:o, s:o, s:o, s:f, s:o, s:o, s:b, s:s, s:s, s:s}", "code", w->code,
	    "api_code", w->api_code, "name", en ? w->name_en : w->name_vi, "num", number(x->num),
	    "den", number(x->den), "rate", number(x->rate), "target", w->target, "points",
	    number(x->points), "max", number(x->max), "applicable", applicable, "state",
	    idx766_state_name(x->state), "rule", en ? w->rule_en : w->rule_vi, "source",
	    w->source == IDX_EXTERNAL ? "external" : "xaso");
	json_t *lost = json_null();
	if (store_index766_row_listed(w->code))
		lost = json_sprintf("/api/v1/index766/dossiers?unit=%s&period=%s&row=%s",
		                    rep->data.units[i].code, rep->period_text, w->code);
	json_object_set_new(j, "lost_dossiers", lost);
	const struct idx766_reported *by = idx766_reported_of(rep, i, w);
	char day[11] = "";
	if (by)
		idx766_reported_day(by, day);
	if (w->source == IDX_EXTERNAL)
		json_object_set_new(j, "reported",
		                    by ? json_pack("{s:s, s:s}", "by", by->by, "approved_on", day)
		                       : json_null());
	return j;
}

json_t *idx766_json(const struct idx766_report *rep, int i, bool en)
{
	const struct idx_result *r = &rep->res[i];
	const struct idx_unit *u = &rep->data.units[i];
	json_t *groups = json_array();
	for (int g = 0; r->profile && g < IDX_GROUPS; g++) {
		const struct idx_group_def *d = &r->profile->groups[g];
		json_t *rows = json_array();
		for (size_t k = 0; k < r->nrows; k++)
			if (r->rows[k].row->group == (enum idx_group)g)
				json_array_append_new(rows, row_json(rep, i, &r->rows[k], en));
		json_t *gj =
		    json_pack("{s:s, s:s, s:o, s:o, s:o}", "code", d->code, "name",
		              en ? d->name_en : d->name_vi, "points", number(r->groups[g].points),
		              "max", number(r->groups[g].max), "indicators", rows);
		json_object_set_new(gj, "formula",
		                    d->formula ? json_string(d->formula) : json_null());
		json_array_append_new(groups, gj);
	}
	char from[11], to[11], as_of[17];
	cal_format_date(rep->period.first, from);
	cal_format_date(rep->period.last, to);
	cal_format_time(rep->as_of, as_of);
	return json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:o}", "unit",
	                 u->code, "name", u->name, "level", u->level, "period", rep->period_text,
	                 "from", from, "to", to, "judged_at", as_of, "profile",
	                 r->profile ? r->profile->id : "", "total", number(r->total), "max",
	                 number(r->max), "complete", r->complete, "groups", groups);
}

size_t idx766_ranked(const struct idx766_report *rep, int *units, int *ranks, size_t cap)
{
	/* Ranked: the units in force one level under the root; at the top
	 * (no root), the provinces. */
	size_t n = 0;
	double *totals = malloc((rep->data.n ? rep->data.n : 1) * sizeof *totals);
	int *rk = malloc((rep->data.n ? rep->data.n : 1) * sizeof *rk);
	if (!totals || !rk) {
		free(totals);
		free(rk);
		return 0;
	}
	for (size_t i = 0; i < rep->data.n && n < cap; i++) {
		const struct idx_unit *u = &rep->data.units[i];
		bool under = rep->root >= 0 ? rep->data.nodes[i].parent == rep->root
		                            : u->level == UNIT_PROVINCE;
		if (!under || u->retired || !rep->res[i].profile)
			continue;
		units[n] = (int)i;
		totals[n++] = rep->res[i].total;
	}
	idx_rank(totals, n, rk);
	/* Rank order (insertion sort: a few hundred units), code order in ties. */
	for (size_t a = 1; a < n; a++)
		for (size_t b = a; b > 0 && rk[b] < rk[b - 1]; b--) {
			int t = rk[b];
			rk[b] = rk[b - 1];
			rk[b - 1] = t;
			t = units[b];
			units[b] = units[b - 1];
			units[b - 1] = t;
		}
	memcpy(ranks, rk, n * sizeof *rk);
	free(totals);
	free(rk);
	return n;
}

json_t *idx766_rankings_json(const struct idx766_report *rep)
{
	size_t cap = rep->data.n ? rep->data.n : 1;
	int *units = malloc(cap * sizeof *units), *ranks = malloc(cap * sizeof *ranks);
	json_t *arr = json_array();
	size_t n = units && ranks ? idx766_ranked(rep, units, ranks, cap) : 0;
	for (size_t k = 0; k < n; k++) {
		const struct idx_unit *u = &rep->data.units[units[k]];
		const struct idx_result *r = &rep->res[units[k]];
		json_array_append_new(arr, json_pack("{s:s, s:s, s:o, s:o, s:i, s:b}", "unit",
		                                     u->code, "name", u->name, "total",
		                                     number(r->total), "max", number(r->max),
		                                     "rank", ranks[k], "complete", r->complete));
	}
	free(units);
	free(ranks);
	return json_pack("{s:s, s:o, s:I}", "period", rep->period_text, "rankings", arr, "count",
	                 (json_int_t)json_array_size(arr));
}

/* Points as the portal shows them: two decimals. */
static double points2(double v)
{
	return isnan(v) ? v : round(v * 100) / 100;
}

static const char *const rankings_head[] = {"rank", "unit", "name", "total", "max", "period"};

void idx766_rankings_tab(const struct idx766_report *rep, struct req *r, struct tab *t)
{
	tab_init(t, r, rankings_head, sizeof rankings_head / sizeof rankings_head[0]);
	size_t cap = rep->data.n ? rep->data.n : 1;
	int *units = malloc(cap * sizeof *units), *ranks = malloc(cap * sizeof *ranks);
	size_t n = units && ranks ? idx766_ranked(rep, units, ranks, cap) : 0;
	for (size_t k = 0; k < n; k++) {
		const struct idx_unit *u = &rep->data.units[units[k]];
		const struct idx_result *res = &rep->res[units[k]];
		tab_num(t, ranks[k], IND_NO_COLOUR);
		tab_text(t, u->code);
		tab_text(t, u->name);
		tab_num(t, points2(res->total), IND_NO_COLOUR);
		tab_num(t, points2(res->max), IND_NO_COLOUR);
		tab_text(t, rep->period_text);
	}
	free(units);
	free(ranks);
}

static const char *const rows_head[] = {"unit", "period", "group",  "code", "name",  "num",   "den",
                                        "rate", "target", "points", "max",  "state", "source"};

void idx766_rows_tab(const struct idx766_report *rep, int i, bool en, struct req *r, struct tab *t)
{
	tab_init(t, r, rows_head, sizeof rows_head / sizeof rows_head[0]);
	const struct idx_result *res = &rep->res[i];
	for (size_t k = 0; res->profile && k < res->nrows; k++) {
		const struct idx_row_result *x = &res->rows[k];
		const struct idx_row *w = x->row;
		const struct idx_group_def *g = &res->profile->groups[w->group];
		tab_text(t, rep->data.units[i].code);
		tab_text(t, rep->period_text);
		tab_text(t, en ? g->name_en : g->name_vi);
		tab_text(t, w->code);
		tab_text(t, en ? w->name_en : w->name_vi);
		tab_num(t, x->num, IND_NO_COLOUR);
		tab_num(t, x->den, IND_NO_COLOUR);
		tab_num(t, isnan(x->rate) ? NAN : round(x->rate * 10000) / 10000, IND_NO_COLOUR);
		tab_num(t, w->target, IND_NO_COLOUR);
		tab_num(t, points2(x->points), IND_NO_COLOUR);
		tab_num(t, points2(x->max), IND_NO_COLOUR);
		tab_text(t, idx766_state_name(x->state));
		tab_text(t, w->source == IDX_EXTERNAL ? "external" : "xaso");
	}
}
