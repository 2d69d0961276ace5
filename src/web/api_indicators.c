/*
 * api_indicators.c: the monitoring API (issue 14, item 9).
 *
 *   GET  /api/v1/indicators[?format=csv|xlsx]      {"indicators": [...], "count": N}
 *   GET  /api/v1/indicators/ID                     one definition
 *   POST /api/v1/indicators, PUT /api/v1/indicators/ID   (province role)
 *   GET  /api/v1/indicators/ID/values?unit=CODE&period=P[&format=]
 *        the unit's value, numerator, denominator, target, colour and
 *        on-track status, and the same for each unit under it ("units")
 *   GET  /api/v1/rankings?indicator=ID&parent=CODE&period=P[&format=]
 *        {"rankings": [...], "count": N}
 *   GET  /api/v1/units/CODE/status?period=P        colour, criteria met and failed
 *
 * Figures are aggregates of public services and population data, so
 * reading them is public ("indicator.read"); definitions are changed by
 * the province ("indicator.write"). A formula is checked by core when
 * saved: refused with 422 naming its line and column.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/api_json.h"
#include "web/figures.h"
#include "web/http.h"
#include "web/monitor_view.h"
#include "web/tabular.h"

/* ---- definitions ---- */

static json_t *num_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *mon_indicator_json(const struct mon_indicator *m)
{
	json_t *t = json_array();
	for (size_t i = 0; i < m->ntargets; i++)
		json_array_append_new(t, json_pack("{s:i, s:i, s:f}", "year", m->targets[i].year,
		                                   "level", m->targets[i].level, "value",
		                                   m->targets[i].value));
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:i, s:o}", "id", m->id,
	                      "name_vi", m->name_vi, "name_en", m->name_en, "unit",
	                      m->unit == IND_PERCENT ? "percent" : "count", "direction",
	                      m->direction == IND_HIGHER ? "higher" : "lower", "source", m->source,
	                      "headline", m->headline, "position", m->position, "targets", t);
	json_object_set_new(j, "formula", m->formula[0] ? json_string(m->formula) : json_null());
	json_object_set_new(j, "reported", m->reported[0] ? json_string(m->reported) : json_null());
	json_object_set_new(j, "green", num_or_null(m->green));
	json_object_set_new(j, "red", num_or_null(m->red));
	return j;
}

static const char *const list_head[] = {"id", "name_vi", "name_en", "unit", "formula", "source"};

struct list_ctx {
	json_t *arr;
	struct tab *tab;
};

static int list_one(const struct mon_indicator *m, void *ctx)
{
	struct list_ctx *x = ctx;
	if (!x->tab) {
		json_array_append_new(x->arr, mon_indicator_json(m));
		return 0;
	}
	const char *cells[] = {m->id,
	                       m->name_vi,
	                       m->name_en,
	                       m->unit == IND_PERCENT ? "%" : "count",
	                       m->formula[0] ? m->formula : m->reported,
	                       m->source};
	for (size_t i = 0; i < 6; i++)
		tab_text(x->tab, cells[i]);
	return 0;
}

static int get_indicators(struct req *r)
{
	struct xerr e = {0};
	const char *fmt = tab_format(r);
	struct tab tab;
	tab_init(&tab, r, list_head, 6);
	struct list_ctx x = {json_array(), fmt ? &tab : NULL};
	int rc = store_indicator_list(r->store, list_one, &x, &e);
	if (rc == 0 && fmt)
		rc = tab_send(&tab, fmt, "indicators");
	tab_free(&tab);
	if (rc || fmt) {
		json_decref(x.arr);
		return rc ? resp_error(r, &e) : 0;
	}
	return resp_json(r, 200,
	                 json_pack("{s:o, s:I}", "indicators", x.arr, "count",
	                           (json_int_t)json_array_size(x.arr)));
}

static int get_indicator(struct req *r)
{
	struct xerr e = {0};
	struct mon_indicator *m = arena_alloc(&r->arena, sizeof *m);
	if (store_indicator_get(r->store, in_str(r, "id"), m, &e) != 0)
		return resp_error(r, &e);
	json_t *j = mon_indicator_json(m);
	struct fig_set set;
	if (fig_set_load(r->store, m->id, false, &set, &e) == 0) {
		struct buf b;
		buf_init(&b);
		expr_format(set.ind[0].plan, &b);
		json_object_set_new(j, "canonical", json_string(b.data ? b.data : ""));
		buf_free(&b);
		fig_set_free(&set);
	}
	return resp_json(r, 200, j);
}

/* ---- writing definitions ---- */

static int read_number(json_t *body, const char *key, double *out, struct xerr *e)
{
	json_t *v = json_object_get(body, key);
	*out = NAN;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_number(v))
		return xerr_set(e, XERR_INVALID, key, "%s must be a number or null", key);
	*out = json_number_value(v);
	return 0;
}

static int read_targets(json_t *body, struct mon_indicator *m, struct xerr *e)
{
	json_t *arr = json_object_get(body, "targets"), *t;
	size_t i;
	m->ntargets = 0;
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > MON_TARGETS_MAX)
		return xerr_set(e, XERR_INVALID, "targets", "targets: a list of at most %d",
		                MON_TARGETS_MAX);
	json_array_foreach(arr, i, t)
	{
		long year, level;
		double value;
		if (api_int(t, "year", 2000, 2100, true, 0, &year, e) ||
		    api_int(t, "level", 1, 3, true, 0, &level, e) ||
		    read_number(t, "value", &value, e) || isnan(value))
			return xerr_set(e, XERR_INVALID, "targets",
			                "target %zu: year, level (1-3) and value are needed",
			                i + 1);
		m->targets[m->ntargets++] = (struct ind_target){(int)year, (int)level, value};
	}
	return 0;
}

static int copy_str(struct req *r, json_t *body, const char *key, size_t max, bool required,
                    char *dst, size_t cap, struct xerr *e)
{
	const char *v = NULL;
	if (api_str(r, body, key, max, required, &v, e) != 0)
		return e->code;
	if (strlen(v) >= cap)
		return xerr_set(e, XERR_INVALID, key, "%s is too long", key);
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

static int read_indicator(struct req *r, json_t *body, struct mon_indicator *m, struct xerr *e)
{
	const char *unit = NULL, *dir = NULL;
	long position = 0;
	if (copy_str(r, body, "name_vi", 200, true, m->name_vi, sizeof m->name_vi, e) ||
	    copy_str(r, body, "name_en", 200, true, m->name_en, sizeof m->name_en, e) ||
	    copy_str(r, body, "source", 500, true, m->source, sizeof m->source, e) ||
	    copy_str(r, body, "formula", EXPR_TEXT_MAX, false, m->formula, sizeof m->formula, e) ||
	    copy_str(r, body, "reported", EXPR_NAME_MAX, false, m->reported, sizeof m->reported,
	             e) ||
	    api_str(r, body, "unit", 10, true, &unit, e) ||
	    api_str(r, body, "direction", 10, false, &dir, e) ||
	    read_number(body, "green", &m->green, e) || read_number(body, "red", &m->red, e) ||
	    api_int(body, "position", 0, 100000, false, 0, &position, e) ||
	    read_targets(body, m, e))
		return e->code;
	if (strcmp(unit, "percent") && strcmp(unit, "count"))
		return xerr_set(e, XERR_INVALID, "unit", "unit is \"percent\" or \"count\"");
	if (dir[0] && strcmp(dir, "higher") && strcmp(dir, "lower"))
		return xerr_set(e, XERR_INVALID, "direction",
		                "direction is \"higher\" or \"lower\"");
	m->unit = !strcmp(unit, "percent") ? IND_PERCENT : IND_COUNT;
	m->direction = !strcmp(dir, "lower") ? IND_LOWER : IND_HIGHER;
	m->position = (int)position;
	m->headline = json_is_true(json_object_get(body, "headline"));
	return 0;
}

/* A definition core refuses: 422, with the formula's position. */
static int refuse_def(struct req *r, const struct xerr *e, const struct expr_error *pe)
{
	json_t *err = json_pack("{s:s, s:s}", "code", "unprocessable", "message", e->msg);
	json_object_set_new(err, "field", json_string(e->field ? e->field : "formula"));
	if (e->field && !strcmp(e->field, "formula") && pe->line > 0) {
		json_object_set_new(err, "line", json_integer(pe->line));
		json_object_set_new(err, "column", json_integer(pe->column));
		json_object_set_new(err, "offset", json_integer((json_int_t)pe->offset));
	}
	return resp_json(r, 422, json_pack("{s:o}", "error", err));
}

static int save_indicator(struct req *r, const char *id, bool create)
{
	struct xerr e = {0};
	json_t *body = api_body(r, &e);
	if (!body)
		return resp_error(r, &e);
	struct mon_indicator *m = arena_alloc(&r->arena, sizeof *m);
	int rc = 0;
	if (create)
		rc = copy_str(r, body, "id", IND_ID_MAX - 1, true, m->id, sizeof m->id, &e);
	else
		snprintf(m->id, sizeof m->id, "%s", id);
	if (rc == 0)
		rc = read_indicator(r, body, m, &e);
	json_decref(body);
	if (rc)
		return resp_error(r, &e);
	struct expr_plan *plan = NULL;
	struct expr_error pe = {0};
	if (ind_def_check(mon_def(m), &plan, &pe, &e) != 0)
		return refuse_def(r, &e, &pe);
	expr_plan_free(plan);
	struct actor who;
	req_actor(r, &who);
	if (store_indicator_save(r->store, &who, m, create, &e) != 0)
		return resp_error(r, &e);
	return resp_json(r, create ? 201 : 200, mon_indicator_json(m));
}

static int post_indicator(struct req *r)
{
	return save_indicator(r, NULL, true);
}

static int put_indicator(struct req *r)
{
	return save_indicator(r, in_str(r, "id"), false);
}

/* ---- values ---- */

static json_t *value_json(const struct fig_node *n, const struct ind_def *d,
                          const struct ind_value *v, const struct fig_judgement *j)
{
	json_t *o =
	    json_pack("{s:s, s:s, s:i}", "unit", n->u.code, "name", n->u.name, "level", n->u.level);
	json_object_set_new(o, "value", v->has ? json_real(v->value) : json_null());
	json_object_set_new(o, "numerator", num_or_null(v->num));
	json_object_set_new(o, "denominator", num_or_null(v->den));
	json_object_set_new(o, "target", j->has_target ? json_real(j->target) : json_null());
	json_object_set_new(o, "target_year",
	                    j->has_target ? json_integer(j->target_year) : json_null());
	json_object_set_new(o, "colour",
	                    j->colour ? json_string(ind_colour_name(j->colour)) : json_null());
	json_object_set_new(o, "on_track", json_string(ind_track_name(j->track)));
	(void)d;
	return o;
}

static const char *const values_head[] = {"unit",        "name",   "value",  "numerator",
                                          "denominator", "target", "colour", "on_track"};

static void value_row(struct tab *t, const struct fig_node *n, const struct ind_value *v,
                      const struct fig_judgement *j)
{
	tab_text(t, n->u.code);
	tab_text(t, n->u.name);
	tab_num(t, v->has ? v->value : NAN, j->colour);
	tab_num(t, v->num, IND_NO_COLOUR);
	tab_num(t, v->den, IND_NO_COLOUR);
	tab_num(t, j->has_target ? j->target : NAN, IND_NO_COLOUR);
	tab_text(t, ind_colour_name(j->colour));
	tab_text(t, ind_track_name(j->track));
}

static int get_values(struct req *r)
{
	struct xerr e = {0};
	struct mon_view v;
	if (mon_view_load(r, in_str(r, "id"), in_str(r, "unit"), true, &v, &e) != 0)
		return resp_error(r, &e);
	const char *fmt = tab_format(r);
	struct tab tab;
	tab_init(&tab, r, values_head, 8);
	json_t *units = json_array(), *top = NULL;
	const struct ind_def *d = &v.set.ind[0].m.def;
	for (size_t i = 0; i < v.tree.n; i++) {
		if (i && (v.tree.nodes[i].parent != 0 || !v.tree.nodes[i].in_force))
			continue;
		struct fig_judgement j;
		mon_view_judge(&v, i, 0, &j);
		if (fmt)
			value_row(&tab, &v.tree.nodes[i], &v.vals[i], &j);
		else if (i)
			json_array_append_new(units,
			                      value_json(&v.tree.nodes[i], d, &v.vals[i], &j));
		else
			top = value_json(&v.tree.nodes[i], d, &v.vals[i], &j);
	}
	char period[IND_PERIOD_MAX];
	ind_period_format(&v.tree.period, period);
	int rc = 0;
	if (fmt) {
		char name[96];
		snprintf(name, sizeof name, "%s-%s-%s", d->id, v.tree.nodes[0].u.code, period);
		rc = tab_send(&tab, fmt, name);
		json_decref(units);
	} else {
		json_object_set_new(top, "indicator", json_string(d->id));
		json_object_set_new(top, "period", json_string(period));
		json_object_set_new(top, "unit_of_value",
		                    json_string(d->unit == IND_PERCENT ? "percent" : "count"));
		json_object_set_new(top, "count", json_integer((json_int_t)json_array_size(units)));
		json_object_set_new(top, "units", units);
		rc = resp_json(r, 200, top);
	}
	tab_free(&tab);
	mon_view_free(&v);
	return rc;
}

/* ---- rankings ---- */

static const char *const rank_head[] = {"rank",      "unit",        "name",  "value",
                                        "numerator", "denominator", "colour"};

static int get_rankings(struct req *r)
{
	struct xerr e = {0};
	struct mon_view v;
	if (mon_view_load(r, in_str(r, "indicator"), in_str(r, "parent"), false, &v, &e) != 0)
		return resp_error(r, &e);
	struct mon_rank *rk = arena_alloc(&r->arena, (v.tree.n + 1) * sizeof *rk);
	size_t n = mon_view_rank(&v, 0, rk);
	const char *fmt = tab_format(r);
	struct tab tab;
	tab_init(&tab, r, rank_head, 7);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct fig_node *nd = &v.tree.nodes[rk[i].node];
		const struct ind_value *x = &v.vals[rk[i].node];
		enum ind_colour c = ind_colour_of(&v.set.ind[0].m.def, x);
		if (fmt) {
			tab_num(&tab, rk[i].rank ? rk[i].rank : NAN, IND_NO_COLOUR);
			tab_text(&tab, nd->u.code);
			tab_text(&tab, nd->u.name);
			tab_num(&tab, x->has ? x->value : NAN, c);
			tab_num(&tab, x->num, IND_NO_COLOUR);
			tab_num(&tab, x->den, IND_NO_COLOUR);
			tab_text(&tab, ind_colour_name(c));
			continue;
		}
		json_t *o = json_pack("{s:s, s:s}", "unit", nd->u.code, "name", nd->u.name);
		json_object_set_new(o, "rank", rk[i].rank ? json_integer(rk[i].rank) : json_null());
		json_object_set_new(o, "value", x->has ? json_real(x->value) : json_null());
		json_object_set_new(o, "numerator", num_or_null(x->num));
		json_object_set_new(o, "denominator", num_or_null(x->den));
		json_object_set_new(o, "colour", c ? json_string(ind_colour_name(c)) : json_null());
		json_array_append_new(arr, o);
	}
	int rc;
	if (fmt) {
		rc = tab_send(&tab, fmt, "rankings");
		json_decref(arr);
	} else {
		char period[IND_PERIOD_MAX];
		ind_period_format(&v.tree.period, period);
		rc =
		    resp_json(r, 200,
		              json_pack("{s:s, s:s, s:s, s:o, s:I}", "indicator", v.set.ind[0].m.id,
		                        "parent", v.tree.nodes[0].u.code, "period", period,
		                        "rankings", arr, "count", (json_int_t)n));
	}
	tab_free(&tab);
	mon_view_free(&v);
	return rc;
}

/* ---- a unit's status ---- */

static int get_status(struct req *r)
{
	struct xerr e = {0};
	struct mon_view v;
	if (mon_view_load(r, NULL, in_str(r, "code"), false, &v, &e) != 0)
		return resp_error(r, &e);
	struct fig_status st;
	int rc = mon_view_status(r, &v, 0, &st, &e);
	if (rc < 0) {
		mon_view_free(&v);
		return resp_error(r, &e);
	}
	char period[IND_PERIOD_MAX];
	ind_period_format(&v.tree.period, period);
	json_t *o = json_pack("{s:s, s:s}", "unit", v.tree.nodes[0].u.code, "period", period);
	json_t *met = json_array(), *failed = json_array(), *nodata = json_array();
	for (size_t i = 0; rc > 0 && i < st.set.n; i++) {
		const struct mon_criterion *c = &st.set.items[i];
		json_t *item =
		    json_pack("{s:s, s:s, s:s, s:s, s:b}", "id", c->id, "name_vi", c->name_vi,
		              "name_en", c->name_en, "rule", c->rule, "critical", c->critical);
		json_object_set_new(item, "value", num_or_null(st.values[i]));
		json_array_append_new(st.states[i] > 0 ? met
		                      : st.states[i]   ? nodata
		                                       : failed,
		                      item);
	}
	json_object_set_new(o, "colour",
	                    rc > 0 && st.verdict.colour
	                        ? json_string(ind_colour_name(st.verdict.colour))
	                        : json_null());
	json_object_set_new(o, "criteria_set", rc > 0 ? json_string(st.set.id) : json_null());
	json_object_set_new(o, "met", met);
	json_object_set_new(o, "failed", failed);
	json_object_set_new(o, "no_data", nodata);
	const double *tk = v.tasks;
	json_object_set_new(o, "tasks",
	                    json_pack("{s:f, s:f, s:f, s:f}", "total", tk[IND_TASKS_TOTAL], "done",
	                              tk[IND_TASKS_DONE], "late", tk[IND_TASKS_LATE], "open",
	                              tk[IND_TASKS_OPEN]));
	if (rc > 0)
		fig_status_free(&st);
	mon_view_free(&v);
	return resp_json(r, 200, o);
}

static const struct param list_in[] = {
    {"format", IN_QUERY, IN_WORD, .words = TAB_FORMATS},
    {NULL},
};
static const struct param id_in[] = {
    {"id", IN_PATH, IN_TEXT, .min = 1, .max = IND_ID_MAX - 1},
    {NULL},
};
static const struct param values_in[] = {
    {"id", IN_PATH, IN_TEXT, .min = 1, .max = IND_ID_MAX - 1},
    {"unit", IN_QUERY, IN_DIGITS, true, .min = 2, .max = 12},
    {"period", IN_QUERY, IN_TEXT, .min = 4, .max = IND_PERIOD_MAX - 1},
    {"format", IN_QUERY, IN_WORD, .words = TAB_FORMATS},
    {NULL},
};
static const struct param rankings_in[] = {
    {"indicator", IN_QUERY, IN_TEXT, true, .min = 1, .max = IND_ID_MAX - 1},
    {"parent", IN_QUERY, IN_DIGITS, true, .min = 2, .max = 12},
    {"period", IN_QUERY, IN_TEXT, .min = 4, .max = IND_PERIOD_MAX - 1},
    {"format", IN_QUERY, IN_WORD, .words = TAB_FORMATS},
    {NULL},
};
static const struct param status_in[] = {
    {"code", IN_PATH, IN_DIGITS, .min = 2, .max = 12},
    {"period", IN_QUERY, IN_TEXT, .min = 4, .max = IND_PERIOD_MAX - 1},
    {NULL},
};

const struct route api_indicators_routes[] = {
    {"GET", "/api/v1/indicators", get_indicators, "indicator.read", 0, list_in},
    {"POST", "/api/v1/indicators", post_indicator, "indicator.write", 64 << 10},
    {"GET", "/api/v1/indicators/{}", get_indicator, "indicator.read", 0, id_in},
    {"PUT", "/api/v1/indicators/{}", put_indicator, "indicator.write", 64 << 10, id_in},
    {"GET", "/api/v1/indicators/{}/values", get_values, "indicator.read", 0, values_in},
    {"GET", "/api/v1/rankings", get_rankings, "indicator.read", 0, rankings_in},
    {"GET", "/api/v1/units/{}/status", get_status, "indicator.read", 0, status_in},
    {NULL},
};
