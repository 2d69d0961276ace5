/*
 * api_people.c: the population view's API.
 *   GET  /api/v1/units/CODE/population?as_of=DATE[&format=csv]
 *        counts as of a day (default today) for the unit and each unit
 *        under it: residents, aged 14 and over, e-ID level 2 among them,
 *        e-health records, households (no personal data)
 *   GET  /api/v1/residents?unit=VILLAGE[&as_of=DATE][&after=ID][&limit=N]
 *        the residents of a village, ID numbers masked unless the caller
 *        may see them; ?format=csv exports a village or a commune (the
 *        columns of an extract); both are recorded in the audit log
 *   POST /api/v1/KIND/import?unit=CODE   a CSV file (text/csv) of residents
 *        or of a kind of records of the unit's subtree, imported in one
 *        transaction: 200 with what was stored, or 422 with the first bad
 *        rows (nothing is kept)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pii.h"
#include "web/auth.h"
#include "web/import.h"
#include "web/people_view.h"
#include "web/records_view.h"

static json_t *counts_json(const struct pop_counts *c)
{
	json_t *j =
	    json_pack("{s:I, s:I, s:I, s:I, s:I}", "residents", (json_int_t)c->v[0], "aged_14_plus",
	              (json_int_t)c->v[1], "eid_level2", (json_int_t)c->v[2], "ehealth",
	              (json_int_t)c->v[3], "households", (json_int_t)c->v[4]);
	json_object_set_new(j, "eid_rate",
	                    c->v[1] ? json_real(100.0 * c->v[2] / c->v[1]) : json_null());
	json_object_set_new(j, "ehealth_rate",
	                    c->v[0] ? json_real(100.0 * c->v[3] / c->v[0]) : json_null());
	return j;
}

static int get_population(struct req *r)
{
	struct xerr e = {0};
	const char *code = in_str(r, "code");
	int32_t day = in_day(r, "as_of") ? in_day(r, "as_of") : web_today();
	struct pop_summary *ps = arena_alloc(&r->arena, sizeof *ps);
	if (auth_unit(r, "people.count", code, 0, &e) != 0 ||
	    pop_summary(r, code, day, ps, &e) != 0)
		return resp_error(r, &e);
	char d[11];
	cal_format_date(day, d);
	if (want_csv(r)) {
		struct buf csv;
		buf_init(&csv);
		buf_puts(
		    &csv,
		    "code,name,residents,aged_14_plus,eid_level2,ehealth,households,as_of\r\n");
		for (size_t i = 0; i <= ps->nkids; i++) {
			const struct pop_counts *c = i < ps->nkids ? &ps->kids[i] : &ps->total;
			buf_printf(&csv, "%s,", c->code);
			csv_put_text(&csv, c->name);
			buf_printf(&csv, ",%.0f,%.0f,%.0f,%.0f,%.0f,%s\r\n", c->v[0], c->v[1],
			           c->v[2], c->v[3], c->v[4], d);
		}
		char name[48];
		snprintf(name, sizeof name, "population-%s-%s", code, d);
		resp_csv(r, name, &csv);
		buf_free(&csv);
		return 0;
	}
	json_t *units = json_array();
	for (size_t i = 0; i < ps->nkids; i++) {
		json_t *k = counts_json(&ps->kids[i]);
		json_object_set_new(k, "code", json_string(ps->kids[i].code));
		json_object_set_new(k, "name", json_string(ps->kids[i].name));
		json_array_append_new(units, k);
	}
	json_t *j =
	    json_pack("{s:s, s:s, s:o, s:o, s:I}", "unit", code, "as_of", d, "totals",
	              counts_json(&ps->total), "units", units, "count", (json_int_t)ps->nkids);
	r->cache_control = "private, max-age=60";
	return resp_json(r, 200, j);
}

struct people_out {
	struct req *r;
	json_t *arr;
	struct buf csv;
	bool plain, csv_mode;
	char day[11];
};

static int person_row(const struct person *p, void *ctx)
{
	struct people_out *o = ctx;
	char pid[16], sex[2] = {people_sex_letter(p->r.sex), 0}, since[11];
	if (o->plain)
		snprintf(pid, sizeof pid, "%s", p->r.pid);
	else
		pid_mask(p->r.pid, pid);
	if (o->csv_mode) {
		buf_printf(&o->csv, "%s,", pid);
		csv_put_text(&o->csv, p->r.full_name);
		buf_printf(&o->csv, ",%s,%s,", p->r.birth_date, sex);
		csv_put_text(&o->csv, p->r.household);
		buf_printf(&o->csv, ",%s,%d,%d,%s\r\n", p->r.village, p->r.eid_level, p->r.ehealth,
		           o->day);
		return 0;
	}
	cal_format_date(p->since, since);
	json_array_append_new(o->arr,
	                      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:b, s:s}", "pid", pid,
	                                "full_name", p->r.full_name, "birth_date", p->r.birth_date,
	                                "sex", sex, "household", p->r.household, "village",
	                                p->r.village, "eid_level", p->r.eid_level, "ehealth",
	                                p->r.ehealth, "since", since));
	return 0;
}

static int get_residents(struct req *r)
{
	struct xerr e = {0};
	const char *unit = in_str(r, "unit");
	int32_t day = in_day(r, "as_of") ? in_day(r, "as_of") : web_today();
	bool csv = want_csv(r);
	struct unit u;
	if (store_unit_get(r->store, unit, &u, &e) != 0) {
		e.field = "unit";
		return resp_error(r, &e);
	}
	if (u.level != UNIT_VILLAGE && (!csv || u.level != UNIT_COMMUNE))
		return resp_fail(
		    r, XERR_INVALID, "unit",
		    "residents are listed by village (a commune's are exported as CSV)");
	if (auth_unit(r, csv ? "person.export" : "person.list", unit, 0, &e) != 0)
		return resp_error(r, &e);
	struct people_out o = {r, json_array(), {0}, auth_sees_pii(r, unit), csv, ""};
	cal_format_date(day, o.day);
	buf_init(&o.csv);
	if (csv)
		for (size_t i = 0; people_extract_columns[i]; i++)
			buf_printf(&o.csv, "%s%s", i ? "," : "", people_extract_columns[i]);
	if (csv)
		buf_puts(&o.csv, "\r\n");
	struct actor who;
	req_actor(r, &who);
	int64_t last = 0;
	int limit = csv ? 0 : (int)in_int(r, "limit", 100);
	int rc = store_person_list(r->store, &who, unit, day, in_int(r, "after", 0), limit, csv,
	                           person_row, &o, &last, &e);
	if (rc == 0 && csv) {
		char name[48];
		snprintf(name, sizeof name, "residents-%s-%s", unit, o.day);
		resp_csv(r, name, &o.csv);
	}
	buf_free(&o.csv);
	if (rc || csv) {
		json_decref(o.arr);
		return rc ? resp_error(r, &e) : 0;
	}
	size_t n = json_array_size(o.arr);
	json_t *j = json_pack("{s:o, s:I}", "residents", o.arr, "count", (json_int_t)n);
	json_object_set_new(j, "next_after", n == (size_t)limit ? json_integer(last) : json_null());
	return resp_json(r, 200, j);
}

/* ---- imports ---- */

static json_t *errors_json(const struct import_result *res)
{
	json_t *arr = json_array();
	for (int i = 0; i < res->nerrors && i < IMPORT_ERRORS_MAX; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s?}", "message", res->errors[i].msg,
		                                     "field", res->errors[i].field));
	return arr;
}

/* Every row's unit within the subtree of ?unit=. */
static int row_allowed(const char *unit, void *ctx, struct xerr *e)
{
	return import_within(ctx, in_str(ctx, "unit"), unit, e);
}

static int post_import(struct req *r, const char *kind)
{
	struct xerr e = {0};
	struct csv c;
	struct import_result *res = arena_alloc(&r->arena, sizeof *res);
	if (auth_unit(r, r->route->action, in_str(r, "unit"), 0, &e) != 0)
		return resp_error(r, &e);
	if (!r->body_len)
		return resp_fail(r, XERR_INVALID, "body",
		                 "send the CSV file as the body (text/csv)");
	char name[40];
	snprintf(name, sizeof name, "%s.csv", kind);
	struct actor who;
	req_actor(r, &who);
	int rc = csv_open(&c, name, r->body, r->body_len, NULL, &e);
	if (rc == 0) {
		struct import_hooks h = {NULL, row_allowed, r};
		rc = import_csv(r->store, &who, kind, &c, name, false, web_today(), &h, res, &e);
		csv_close(&c);
	}
	if (rc)
		return resp_error(r, &e);
	json_t *j =
	    json_pack("{s:s, s:I, s:I, s:I}", "kind", kind, "rows", (json_int_t)res->rows, "stored",
	              (json_int_t)res->stored, "duplicates", (json_int_t)res->dups);
	if (res->nerrors) {
		json_t *err = json_pack("{s:s, s:s, s:o}", "code", "invalid", "message",
		                        "bad rows: nothing was imported", "rows", errors_json(res));
		json_decref(j);
		return resp_json(r, 422, json_pack("{s:o}", "error", err));
	}
	return resp_json(r, 200, j);
}

#define IMPORT_ROUTE(kind)                                                                         \
	static int post_import_##kind(struct req *r)                                               \
	{                                                                                          \
		return post_import(r, #kind);                                                      \
	}
IMPORT_ROUTE(residents)
IMPORT_ROUTE(businesses)
IMPORT_ROUTE(teams)
IMPORT_ROUTE(members)
IMPORT_ROUTE(activities)
IMPORT_ROUTE(campaigns)
IMPORT_ROUTE(products)
IMPORT_ROUTE(reports)

static const struct param population_in[] = {
    {"code", IN_PATH, IN_DIGITS, .min = 2, .max = 12},
    {"as_of", IN_QUERY, IN_DATE},
    {"format", IN_QUERY, IN_WORD, .words = "json|csv"},
    {NULL},
};
static const struct param residents_in[] = {
    {"unit", IN_QUERY, IN_DIGITS, true, .min = 2, .max = 12},
    {"as_of", IN_QUERY, IN_DATE},
    {"after", IN_QUERY, IN_INT, .min = 0, .max = INT64_MAX},
    {"limit", IN_QUERY, IN_INT, .min = 1, .max = 1000},
    {"format", IN_QUERY, IN_WORD, .words = "json|csv"},
    {NULL},
};

static const struct param import_in[] = {
    {"unit", IN_QUERY, IN_DIGITS, true, .min = 2, .max = 12},
    {NULL},
};

/* Imports of up to 64 MiB (a commune's extract is about 2 MiB), every row
 * within the subtree of ?unit=. */
#define IMPORT(kind, action)                                                                       \
	{                                                                                          \
		"POST", "/api/v1/" #kind "/import", post_import_##kind, action, 64L << 20,         \
		    import_in, .raw_body = true                                                    \
	}

const struct route api_people_routes[] = {
    {"GET", "/api/v1/units/{}/population", get_population, "people.count", 0, population_in},
    {"GET", "/api/v1/residents", get_residents, "person.list", 0, residents_in},
    IMPORT(residents, "person.import"),
    IMPORT(businesses, "business.write"),
    IMPORT(teams, "team.write"),
    IMPORT(members, "team.write"),
    IMPORT(activities, "activity.create"),
    IMPORT(campaigns, "campaign.write"),
    IMPORT(products, "product.write"),
    IMPORT(reports, "report.write"),
    {NULL, NULL, NULL, NULL},
};
