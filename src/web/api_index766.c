/*
 * api_index766.c: the index of Decision 766 over HTTP (docs/index766.md).
 *   GET  /api/v1/index766?unit=CODE&period=2026-Q1     a unit's score and breakdown (public)
 *   GET  /api/v1/index766/rankings?parent=CODE&period=  the units under parent ranked; no
 *        parent: the provinces held (public)
 *   GET  /api/v1/index766/dossiers?unit=&period=&row=   the dossiers that lost row's point
 *        (staff of the unit's subtree); paged by after=ID
 * Each also as ?format=csv or ?format=xlsx (web/tabular.h: numbers as
 * numbers, Vietnamese text). Scores are aggregates without personal data;
 * the dossier lists carry codes and dates only, still for staff of the
 * unit.
 */
#include <string.h>

#include "core/calendar.h"
#include "web/http.h"
#include "web/index766_view.h"
#include "web/tabular.h"

static int get_index(struct req *r)
{
	struct xerr e = {0};
	struct idx766_report rep;
	if (idx766_report_make(r->store, in_str(r, "unit"), in_str(r, "period"), &rep, &e) != 0)
		return resp_error(r, &e);
	r->cache_control = "public, max-age=60";
	const char *fmt = tab_format(r);
	if (fmt) {
		struct tab t;
		idx766_rows_tab(&rep, rep.root, !strcmp(r->lang, "en"), r, &t);
		int rc = tab_send(
		    &t, fmt,
		    arena_printf(&r->arena, "index766-%s-%s", in_str(r, "unit"), rep.period_text));
		tab_free(&t);
		idx766_report_free(&rep);
		return rc;
	}
	json_t *j = idx766_json(&rep, rep.root, !strcmp(r->lang, "en"));
	idx766_report_free(&rep);
	return resp_json(r, 200, j);
}

static int get_rankings(struct req *r)
{
	struct xerr e = {0};
	struct idx766_report rep;
	const char *parent = in_str(r, "parent");
	if (idx766_report_make(r->store, parent, in_str(r, "period"), &rep, &e) != 0)
		return resp_error(r, &e);
	r->cache_control = "public, max-age=60";
	const char *fmt = tab_format(r);
	if (fmt) {
		struct tab t;
		idx766_rankings_tab(&rep, r, &t);
		int rc = tab_send(&t, fmt,
		                  arena_printf(&r->arena, "index766-%s-%s",
		                               parent ? parent : "provinces", rep.period_text));
		tab_free(&t);
		idx766_report_free(&rep);
		return rc;
	}
	json_t *j = idx766_rankings_json(&rep);
	idx766_report_free(&rep);
	return resp_json(r, 200, j);
}

struct lost {
	struct req *r;
	json_t *arr;
	struct tab *tab; /* or NULL: JSON */
	int64_t last;
};

static const char *const lost_head[] = {"code",   "unit",        "procedure", "channel",
                                        "status", "received_at", "due_at",    "finished_at"};

static int add_lost(const struct idx766_dossier *d, void *ctx)
{
	struct lost *l = ctx;
	char rec[17] = "", due[17] = "", fin[17] = "";
	if (d->received_at)
		cal_format_time(d->received_at, rec);
	if (d->due_at)
		cal_format_time(d->due_at, due);
	if (d->finished_at)
		cal_format_time(d->finished_at, fin);
	l->last = d->id;
	if (l->tab) {
		const char *cells[] = {d->code,
		                       d->unit,
		                       d->procedure,
		                       dossier_channel_name(d->channel),
		                       dossier_status_name(d->status),
		                       rec,
		                       due,
		                       fin};
		for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++)
			tab_text(l->tab, cells[k]);
		return 0;
	}
	json_array_append_new(l->arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	                                        "id", (json_int_t)d->id, "code", d->code, "unit",
	                                        d->unit, "procedure", d->procedure, "channel",
	                                        dossier_channel_name(d->channel), "status",
	                                        dossier_status_name(d->status), "received_at", rec,
	                                        "due_at", due, "finished_at", fin));
	return 0;
}

static int get_lost(struct req *r)
{
	struct xerr e = {0};
	const char *unit = in_str(r, "unit"), *row = in_str(r, "row"),
	           *period = in_str(r, "period");
	struct ind_period p;
	char now[IND_PERIOD_MAX];
	if (!period) {
		idx766_period_now(now);
		period = now;
	}
	if (ind_period_parse(period, &p, &e) != 0) {
		e.field = "period";
		return resp_error(r, &e);
	}
	struct unit u;
	if (store_unit_get(r->store, unit, &u, &e) != 0) {
		e.field = "unit";
		return resp_error(r, &e);
	}
	if (auth_unit(r, "index766.dossiers", unit, 0, &e) != 0)
		return resp_error(r, &e);
	int limit = (int)in_int(r, "limit", 100);
	const char *fmt = tab_format(r);
	struct tab t;
	struct lost l = {r, NULL, fmt ? &t : NULL, 0};
	if (fmt)
		tab_init(&t, r, lost_head, sizeof lost_head / sizeof lost_head[0]);
	else
		l.arr = json_array();
	int rc = store_index766_dossiers(r->store, unit, row, p.first, p.last, idx766_as_of(&p),
	                                 in_int(r, "after", 0), limit, add_lost, &l, &e);
	if (fmt) {
		rc = rc ? resp_error(r, &e)
		        : tab_send(&t, fmt, arena_printf(&r->arena, "index766-%s-%s", unit, row));
		tab_free(&t);
		return rc;
	}
	if (rc != 0) {
		json_decref(l.arr);
		return resp_error(r, &e);
	}
	size_t n = json_array_size(l.arr);
	json_t *j = json_pack("{s:s, s:s, s:o, s:I}", "unit", unit, "row", row, "dossiers", l.arr,
	                      "count", (json_int_t)n);
	json_object_set_new(j, "next_after",
	                    n == (size_t)limit ? json_integer(l.last) : json_null());
	return resp_json(r, 200, j);
}

static const struct param index_in[] = {
    {"unit", IN_QUERY, IN_DIGITS, true, .min = 2, .max = 12},
    {"period", IN_QUERY, IN_TEXT, .min = 4, .max = 23},
    {"format", IN_QUERY, IN_WORD, .words = TAB_FORMATS},
    {NULL},
};
static const struct param rankings_in[] = {
    {"parent", IN_QUERY, IN_DIGITS, .min = 2, .max = 12},
    {"period", IN_QUERY, IN_TEXT, .min = 4, .max = 23},
    {"format", IN_QUERY, IN_WORD, .words = TAB_FORMATS},
    {NULL},
};
static const struct param lost_in[] = {
    {"unit", IN_QUERY, IN_DIGITS, true, .min = 2, .max = 12},
    {"period", IN_QUERY, IN_TEXT, .min = 4, .max = 23},
    {"row", IN_QUERY, IN_TEXT, true, .min = 3, .max = 4},
    {"after", IN_QUERY, IN_INT, .min = 0, .max = INT64_MAX},
    {"limit", IN_QUERY, IN_INT, .min = 1, .max = 1000},
    {"format", IN_QUERY, IN_WORD, .words = TAB_FORMATS},
    {NULL},
};
const struct route api_index766_routes[] = {
    {"GET", "/api/v1/index766", get_index, "index766.read", 0, index_in},
    {"GET", "/api/v1/index766/rankings", get_rankings, "index766.read", 0, rankings_in},
    {"GET", "/api/v1/index766/dossiers", get_lost, "index766.dossiers", 0, lost_in},
    {NULL, NULL, NULL, NULL},
};
