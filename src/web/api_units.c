/*
 * api_units.c: GET /api/v1/units (provinces, ?parent=CODE children,
 * ?q=TEXT search ignoring case and diacritics), GET /api/v1/units/CODE
 * (one unit with its parent chain and child count) and GET
 * /api/v1/units/CODE/figures (its dossiers counted for dashboards).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "core/dossier.h"
#include "core/text.h"
#include "web/api_json.h"
#include "web/http.h"
#include "web/units_view.h"

json_t *unit_json(const struct unit *u)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i}", "code", u->code, "name", u->name,
	                      "short_name", u->short_name, "type", u->type, "level", u->level,
	                      "child_count", u->child_count);
	json_object_set_new(j, "parent", u->parent[0] ? json_string(u->parent) : json_null());
	return j;
}

static int collect(const struct unit *u, void *ctx)
{
	json_array_append_new(ctx, unit_json(u));
	return 0;
}

int units_parent_chain(struct store *s, const struct unit *u, struct unit *chain, int *n,
                       struct xerr *e)
{
	*n = 0;
	char code[UNIT_CODE_MAX];
	memcpy(code, u->parent, sizeof code);
	while (code[0] && *n < 4) {
		int rc = store_unit_get(s, code, &chain[*n], e);
		if (rc)
			return rc;
		memcpy(code, chain[*n].parent, sizeof code);
		(*n)++;
	}
	/* Top-down order: province first. */
	for (int i = 0; i < *n / 2; i++) {
		struct unit t = chain[i];
		chain[i] = chain[*n - 1 - i];
		chain[*n - 1 - i] = t;
	}
	return 0;
}

static int get_units(struct req *r)
{
	struct xerr e = {0};
	const char *q = in_str(r, "q"), *parent = in_str(r, "parent");
	int limit = (int)in_int(r, "limit", 50);
	json_t *arr = json_array();
	int rc;
	if (q) {
		rc = store_unit_search(r->store, q, limit, collect, arr, &e);
	} else {
		if (parent) {
			struct unit p;
			if (store_unit_get(r->store, parent, &p, &e) != 0) {
				json_decref(arr);
				e.field = "parent";
				return resp_error(r, &e);
			}
		}
		rc = store_unit_children(r->store, parent, collect, arr, &e);
	}
	if (rc) {
		json_decref(arr);
		return resp_error(r, &e);
	}
	return resp_json(
	    r, 200,
	    json_pack("{s:o, s:I}", "units", arr, "count", (json_int_t)json_array_size(arr)));
}

static int get_unit(struct req *r)
{
	struct xerr e = {0};
	struct unit u, chain[4];
	int n;
	if (store_unit_get(r->store, in_str(r, "code"), &u, &e) != 0 ||
	    units_parent_chain(r->store, &u, chain, &n, &e) != 0)
		return resp_error(r, &e);
	json_t *j = unit_json(&u);
	json_t *parents = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(parents,
		                      json_pack("{s:s, s:s, s:i}", "code", chain[i].code, "name",
		                                chain[i].name, "level", chain[i].level));
	json_object_set_new(j, "parents", parents);
	json_object_set_new(j, "valid_from", json_string(u.valid_from));
	r->cache_control = "public, max-age=60";
	return resp_json(r, 200, j);
}

/* The dossier figures of a unit's subtree filed in [from, to) (from: 1
 * January of this year by default; to: open), counted at this moment as
 * dashboards and the 766 index count them (store_dossier_counts). Figures,
 * not records: the store may read them from a replica a moment behind. */
static int get_figures(struct req *r)
{
	struct xerr e = {0};
	struct unit u;
	struct dossier_counts c;
	if (store_unit_get(r->store, in_str(r, "code"), &u, &e) != 0)
		return resp_error(r, &e);
	int64_t now = dossier_local_minutes((int64_t)time(NULL));
	char d[11];
	cal_format_date(cal_time_day(now), d);
	memcpy(d + 4, "-01-01", 7);
	int32_t jan1 = 0;
	cal_parse_date(d, "from", &jan1, &e);
	int64_t from = in_int(r, "from", cal_time(jan1, 0)), to = in_int(r, "to", 0);
	if (store_dossier_counts(r->store, u.code, from, to, now, &c, &e) != 0)
		return resp_error(r, &e);
	char from_s[11], to_s[11];
	cal_format_date(cal_time_day(from), from_s);
	cal_format_date(cal_time_day(to), to_s);
	json_t *j = json_pack(
	    "{s:s, s:s, s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}}", "unit",
	    u.code, "from", from_s, "to", to ? json_string(to_s) : json_null(), "dossiers", "total",
	    (json_int_t)c.total, "online", (json_int_t)c.online, "received", (json_int_t)c.received,
	    "finished", (json_int_t)c.finished, "on_time", (json_int_t)c.on_time, "late",
	    (json_int_t)c.late, "overdue_open", (json_int_t)c.overdue_open, "supplemented",
	    (json_int_t)c.supplemented, "apologised", (json_int_t)c.apologised, "rated",
	    (json_int_t)c.rated, "unsatisfied", (json_int_t)c.unsatisfied);
	return resp_json(r, 200, j);
}

/* A village or residential group under a commune of the caller's subtree. */
static int post_unit(struct req *r)
{
	struct xerr e = {0};
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	const char *code, *name, *parent, *type;
	struct unit u;
	memset(&u, 0, sizeof u);
	int rc = api_str(r, b, "code", UNIT_CODE_MAX - 1, true, &code, &e) ||
	         api_str(r, b, "name", 50, true, &name, &e) ||
	         api_str(r, b, "parent", UNIT_CODE_MAX - 1, true, &parent, &e) ||
	         api_str(r, b, "type", 15, false, &type, &e);
	if (!rc)
		rc = unit_check_code(code, UNIT_VILLAGE, &e);
	if (!rc && strncmp(code, parent, strlen(parent)) != 0)
		rc = xerr_set(&e, XERR_INVALID, "code",
		              "a village code starts with its commune's code");
	if (!rc) {
		snprintf(u.code, sizeof u.code, "%s", code);
		snprintf(u.name, sizeof u.name, "%s", name);
		snprintf(u.parent, sizeof u.parent, "%s", parent);
		snprintf(u.type, sizeof u.type, "%s", *type ? type : "Thôn");
		u.level = UNIT_VILLAGE;
		rc = auth_unit(r, "unit.write", parent, 0, &e);
	}
	json_decref(b);
	struct actor who;
	req_actor(r, &who);
	if (rc || store_unit_insert_as(r->store, &who, &u, 1, NULL, &e) != 0)
		return resp_error(r, &e);
	struct unit stored;
	if (store_unit_get(r->store, u.code, &stored, &e) != 0)
		return resp_error(r, &e);
	return resp_json(r, 201, unit_json(&stored));
}

static const struct param units_in[] = {
    {"q", IN_QUERY, IN_TEXT, .min = 1, .max = 100},
    {"parent", IN_QUERY, IN_TEXT, .max = UNIT_CODE_MAX - 1},
    {"limit", IN_QUERY, IN_INT, .min = 1, .max = 500},
    {NULL},
};
static const struct param unit_in[] = {
    {"code", IN_PATH, IN_TEXT, .max = UNIT_CODE_MAX - 1},
    {NULL},
};

static const struct param figures_in[] = {
    {"code", IN_PATH, IN_TEXT, .max = UNIT_CODE_MAX - 1},
    {"from", IN_QUERY, IN_DATE},
    {"to", IN_QUERY, IN_DATE},
    {NULL},
};

const struct route api_units_routes[] = {
    {"GET", "/api/v1/units", get_units, "public", 0, units_in},
    {"GET", "/api/v1/units/{}", get_unit, "public", 0, unit_in},
    {"GET", "/api/v1/units/{}/figures", get_figures, "public", 0, figures_in},
    {"POST", "/api/v1/units", post_unit, "unit.write"},
    {NULL, NULL, NULL, NULL},
};
