/*
 * api_records.c: the JSON API of the records of core/records.h, one list
 * and one write per kind, all through the kinds' column tables:
 *   GET  /api/v1/businesses|teams|members|activities|campaigns|products|reports
 *        ?unit=CODE [&as_of=DATE] [&from=DATE&to=DATE] [&status=waiting]
 *        [&after=ID] [&limit=N] [&format=csv]    {"businesses": [...], "count": N}
 *   POST /api/v1/KIND      one record (JSON object of its columns): created,
 *                          or updated by its key (store_records.h)
 *   POST /api/v1/reports/ID/approve, /reject    {"note": "..."}
 * A team member posts an activity without team_unit: it is their team's;
 * the same id (the phone's key) sent twice answers 200 with the first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pii.h"
#include "web/api_json.h"
#include "web/auth.h"
#include "web/records_view.h"

/* A kind; the actions are the routes' (r->route->action). */
struct kind_api {
	const struct rec_kind *k;
};

static const struct kind_api businesses = {&rec_businesses};
static const struct kind_api teams = {&rec_teams};
static const struct kind_api members = {&rec_members};
static const struct kind_api activities = {&rec_activities};
static const struct kind_api campaigns = {&rec_campaigns};
static const struct kind_api products = {&rec_products};
static const struct kind_api reports = {&rec_reports};

/* The unit of a list: ?unit=, else the caller's own; checked for the
 * action (an action anyone may run needs no unit of the caller's). */
static const char *list_unit(struct req *r, const char *action, struct xerr *e)
{
	const char *unit = in_str(r, "unit");
	if (!unit)
		unit = r->who && r->who->unit[0] ? r->who->unit : NULL;
	if (!unit) {
		xerr_set(e, XERR_INVALID, "unit", "unit is required");
		return NULL;
	}
	struct unit u;
	if (store_unit_get(r->store, unit, &u, e) != 0) {
		e->field = "unit";
		return NULL;
	}
	if (!authz_allows(ROLE_NONE, action) && auth_unit(r, action, unit, 0, e) != 0)
		return NULL;
	return unit;
}

struct list_out {
	struct req *r;
	const struct rec_kind *k;
	json_t *arr;
	struct buf csv;
	bool csv_mode, mask_tax;
	int64_t last;
	long n;
};

static int list_row(const void *rec, void *ctx)
{
	struct list_out *o = ctx;
	/* A household business named by its owner's ID number shows it masked
	 * to whoever may not see ID numbers. */
	struct business b;
	if (o->k == &rec_businesses && o->mask_tax &&
	    strlen(((const struct business *)rec)->tax_code) == 12) {
		b = *(const struct business *)rec;
		pid_mask(b.tax_code, b.tax_code);
		rec = &b;
	}
	if (o->csv_mode)
		rec_csv_row(o->k, rec, &o->csv);
	else
		json_array_append_new(o->arr, rec_json(o->k, rec, NULL));
	o->last = *(const int64_t *)rec;
	o->n++;
	return 0;
}

static int list_kind(struct req *r, const struct kind_api *ka)
{
	struct xerr e = {0};
	const char *unit = list_unit(r, r->route->action, &e);
	if (!unit)
		return resp_error(r, &e);
	struct rec_query q = {.unit = unit,
	                      .as_of = in_day(r, "as_of"),
	                      .from = in_day(r, "from"),
	                      .to = in_day(r, "to"),
	                      .after = in_int(r, "after", 0),
	                      .limit = (int)in_int(r, "limit", want_csv(r) ? 0 : 100)};
	if (ka->k == &rec_reports && in_str(r, "status")) {
		struct report st = {0};
		rec_set(&rec_reports, (size_t)rec_col_index(&rec_reports, "status"),
		        in_str(r, "status"), &st, NULL);
		q.status = st.status;
	}
	struct list_out o = {r, ka->k, json_array(), {0}, want_csv(r), !auth_sees_pii(r, unit),
	                     0, 0};
	buf_init(&o.csv);
	if (o.csv_mode)
		rec_csv_header(ka->k, &o.csv);
	int rc = store_records_list(r->store, ka->k, &q, list_row, &o, &e);
	if (rc == 0 && o.csv_mode) {
		char name[64];
		snprintf(name, sizeof name, "%s-%s", ka->k->name, unit);
		resp_csv(r, name, &o.csv);
	}
	buf_free(&o.csv);
	if (rc) {
		json_decref(o.arr);
		return resp_error(r, &e);
	}
	if (o.csv_mode) {
		json_decref(o.arr);
		return 0;
	}
	json_t *j = json_object();
	json_object_set_new(j, ka->k->name, o.arr);
	json_object_set_new(j, "count", json_integer(o.n));
	json_object_set_new(j, "next_after",
	                    q.limit && o.n == q.limit ? json_integer(o.last) : json_null());
	return resp_json(r, 200, j);
}

static int post_kind(struct req *r, const struct kind_api *ka)
{
	struct xerr e = {0};
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	void *rec = arena_alloc(&r->arena, ka->k->size);
	bool member = ka->k == &rec_activities && r->who && r->who->role == ROLE_TEAM &&
	              !json_object_get(b, "team_unit");
	/* A member's activity is their team's: the store fills team_unit. */
	if (member)
		json_object_set_new(b, "team_unit", json_string(r->who->unit));
	int rc = rec_from_json(ka->k, b, rec, web_today(), &e);
	json_decref(b);
	if (rc == 0)
		rc = auth_unit(r, r->route->action, rec_unit(ka->k, rec), 0, &e);
	struct actor who;
	req_actor(r, &who);
	bool dup = false;
	if (rc == 0)
		rc = member ? store_activity_enter(r->store, &who, rec, &dup, &e)
		            : store_record_save(r->store, &who, ka->k, rec, &dup, &e);
	if (rc)
		return resp_error(r, &e);
	json_t *j = rec_json(ka->k, rec, NULL);
	if (dup)
		json_object_set_new(j, "duplicate", json_true());
	return resp_json(r, dup ? 200 : 201, j);
}

static int decide(struct req *r, bool approve)
{
	struct xerr e = {0};
	struct report rep;
	const char *note = "";
	json_t *b = r->body_len ? api_body(r, &e) : json_object();
	if (!b)
		return resp_error(r, &e);
	int rc = api_str(r, b, "note", 200, false, &note, &e);
	if (rc == 0)
		rc = rec_report_decide(r, in_int(r, "id", 0), approve, note, &rep, &e);
	json_decref(b);
	if (rc)
		return resp_error(r, &e);
	return resp_json(r, 200, rec_json(&rec_reports, &rep, NULL));
}

static int post_approve(struct req *r)
{
	return decide(r, true);
}

static int post_reject(struct req *r)
{
	return decide(r, false);
}

#define KIND_HANDLERS(name)                                                                        \
	static int get_##name(struct req *r)                                                       \
	{                                                                                          \
		return list_kind(r, &(name));                                                      \
	}                                                                                          \
	static int post_##name(struct req *r)                                                      \
	{                                                                                          \
		return post_kind(r, &(name));                                                      \
	}
KIND_HANDLERS(businesses)
KIND_HANDLERS(teams)
KIND_HANDLERS(members)
KIND_HANDLERS(activities)
KIND_HANDLERS(campaigns)
KIND_HANDLERS(products)
KIND_HANDLERS(reports)

static const struct param list_in[] = {
    {"unit", IN_QUERY, IN_DIGITS, .min = 2, .max = 12},
    {"as_of", IN_QUERY, IN_DATE},
    {"from", IN_QUERY, IN_DATE},
    {"to", IN_QUERY, IN_DATE},
    {"status", IN_QUERY, IN_WORD, .words = "waiting|approved|rejected|superseded"},
    {"after", IN_QUERY, IN_INT, .min = 0, .max = INT64_MAX},
    {"limit", IN_QUERY, IN_INT, .min = 1, .max = 1000},
    {"format", IN_QUERY, IN_WORD, .words = "json|csv"},
    {NULL},
};
static const struct param id_in[] = {
    {"id", IN_PATH, IN_INT, .min = 1, .max = INT64_MAX},
    {NULL},
};

#define KIND_ROUTES(name, read, write)                                                             \
	{"GET", "/api/v1/" #name, get_##name, read, 0, list_in},                                   \
	{                                                                                          \
		"POST", "/api/v1/" #name, post_##name, write                                       \
	}

const struct route api_records_routes[] = {
    KIND_ROUTES(businesses, "business.read", "business.write"),
    KIND_ROUTES(teams, "team.read", "team.write"),
    KIND_ROUTES(members, "team.read", "team.write"),
    KIND_ROUTES(activities, "activity.read", "activity.create"),
    KIND_ROUTES(campaigns, "campaign.read", "campaign.write"),
    KIND_ROUTES(products, "product.read", "product.write"),
    KIND_ROUTES(reports, "report.read", "report.write"),
    {"POST", "/api/v1/reports/{}/approve", post_approve, "report.approve", 0, id_in},
    {"POST", "/api/v1/reports/{}/reject", post_reject, "report.approve", 0, id_in},
    {NULL, NULL, NULL, NULL},
};
