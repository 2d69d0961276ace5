/*
 * api_procedures.c: the procedure catalogue over HTTP (public).
 *   GET /api/v1/procedures?q=TEXT&field=FIELD&limit=N&after=CODE
 *       search ignoring case and diacritics, filter by field, page by code
 *   GET /api/v1/procedures/CODE   one procedure with its documents and form fields
 *   POST /api/v1/procedures/CODE/index766   what the 766 index reads of it: the
 *       publication decision's date, the legal basis's effective date, the day
 *       it was made public in xaso, paper result, full-online eligibility
 *       (procedure.write; a key left out keeps its value)
 */
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/text.h"
#include "web/api_json.h"
#include "web/http.h"

static json_t *procedure_json(const struct procedure *p)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", p->code, "name", p->name,
	                      "field", p->field, "level", p->level, "online_level",
	                      p->online_full ? "full" : "partial");
	json_t *t = p->time_unit == PROC_TIME_NONE
	                ? json_null()
	                : json_pack("{s:i, s:s}", "value", p->time_value, "unit",
	                            proc_time_unit_name(p->time_unit));
	json_object_set_new(j, "processing_time", t);
	json_object_set_new(j, "fee_vnd", p->fee_vnd >= 0 ? json_integer(p->fee_vnd) : json_null());
	int32_t days[] = {p->decision_day, p->basis_day, p->public_day};
	const char *keys[] = {"decision_date", "basis_effective", "public_date"};
	for (int i = 0; i < 3; i++) {
		char d[11];
		if (days[i])
			cal_format_date(days[i], d);
		json_object_set_new(j, keys[i], days[i] ? json_string(d) : json_null());
	}
	json_object_set_new(j, "paper_result", json_boolean(p->paper_result > 0));
	json_object_set_new(j, "full_online_eligible", json_boolean(p->full_online_eligible > 0));
	return j;
}

static int collect(const struct procedure *p, void *ctx)
{
	json_array_append_new(ctx, procedure_json(p));
	return 0;
}

static int get_procedures(struct req *r)
{
	struct xerr e = {0};
	const char *q = in_str(r, "q"), *field = in_str(r, "field"), *after = in_str(r, "after");
	int limit = (int)in_int(r, "limit", 50);
	json_t *arr = json_array();
	if (store_procedure_search(r->store, q, field, after, limit, collect, arr, &e) != 0) {
		json_decref(arr);
		return resp_error(r, &e);
	}
	size_t n = json_array_size(arr);
	json_t *j = json_pack("{s:o, s:I}", "procedures", arr, "count", (json_int_t)n);
	json_t *last =
	    n == (size_t)limit ? json_object_get(json_array_get(arr, n - 1), "code") : NULL;
	json_object_set(j, "next_after", last ? last : json_null());
	r->cache_control = "public, max-age=60";
	return resp_json(r, 200, j);
}

static int add_document(const struct procedure_document *d, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:i, s:s, s:s, s:i, s:b}", "seq", d->seq, "name",
	                                     d->name, "original_or_copy", d->original_or_copy,
	                                     "count", d->count, "reusable", d->reusable));
	return 0;
}

static int add_field(const struct procedure_field *f, void *ctx)
{
	json_array_append_new(ctx,
	                      json_pack("{s:i, s:s, s:s, s:s, s:s, s:b}", "seq", f->seq, "name",
	                                f->name, "label_vi", f->label_vi, "label_en", f->label_en,
	                                "type", f->type, "required", f->required));
	return 0;
}

static int get_procedure(struct req *r)
{
	struct xerr e = {0};
	struct procedure *p = arena_alloc(&r->arena, sizeof *p);
	if (store_procedure_get(r->store, in_str(r, "code"), p, &e) != 0)
		return resp_error(r, &e);
	json_t *j = procedure_json(p);
	json_t *docs = json_array(), *fields = json_array();
	json_object_set_new(j, "documents", docs);
	json_object_set_new(j, "form_fields", fields);
	json_object_set_new(j, "source", json_string(p->source));
	if (store_procedure_documents(r->store, p->code, add_document, docs, &e) != 0 ||
	    store_procedure_fields(r->store, p->code, add_field, fields, &e) != 0) {
		json_decref(j);
		return resp_error(r, &e);
	}
	r->cache_control = "public, max-age=60";
	return resp_json(r, 200, j);
}

/* A date of the body ("YYYY-MM-DD"; absent: unchanged) into *day. */
static int body_day(json_t *b, const char *key, int32_t *day, struct xerr *e)
{
	json_t *v = json_object_get(b, key);
	*day = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return xerr_set(e, XERR_INVALID, key, "%s must be a date YYYY-MM-DD", key);
	return cal_parse_date(json_string_value(v), key, day, e);
}

static int body_flag(json_t *b, const char *key, int *out, struct xerr *e)
{
	json_t *v = json_object_get(b, key);
	*out = -1;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return xerr_set(e, XERR_INVALID, key, "%s must be true or false", key);
	*out = json_is_true(v);
	return 0;
}

static int post_procedure_facts(struct req *r)
{
	struct xerr e = {0};
	struct procedure *p = arena_alloc(&r->arena, sizeof *p);
	if (store_procedure_get(r->store, in_str(r, "code"), p, &e) != 0)
		return resp_error(r, &e);
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	int rc = body_day(b, "decision_date", &p->decision_day, &e);
	if (rc == 0)
		rc = body_day(b, "basis_effective", &p->basis_day, &e);
	if (rc == 0)
		rc = body_day(b, "public_date", &p->public_day, &e);
	if (rc == 0)
		rc = body_flag(b, "paper_result", &p->paper_result, &e);
	if (rc == 0)
		rc = body_flag(b, "full_online_eligible", &p->full_online_eligible, &e);
	json_decref(b);
	struct actor who;
	req_actor(r, &who);
	if (rc || store_procedure_set_766(r->store, &who, p, &e) != 0 ||
	    store_procedure_get(r->store, p->code, p, &e) != 0)
		return resp_error(r, &e);
	return resp_json(r, 200, procedure_json(p));
}

static const struct param procedures_in[] = {
    {"q", IN_QUERY, IN_TEXT, .min = 1, .max = 100},
    {"field", IN_QUERY, IN_TEXT, .min = 1, .max = 200},
    {"after", IN_QUERY, IN_PROCEDURE},
    {"limit", IN_QUERY, IN_INT, .min = 1, .max = 500},
    {NULL},
};
static const struct param procedure_in[] = {
    {"code", IN_PATH, IN_PROCEDURE},
    {NULL},
};

const struct route api_procedures_routes[] = {
    {"GET", "/api/v1/procedures", get_procedures, "public", 0, procedures_in},
    {"GET", "/api/v1/procedures/{}", get_procedure, "public", 0, procedure_in},
    {"POST", "/api/v1/procedures/{}/index766", post_procedure_facts, "procedure.write", 0,
     procedure_in},
    {NULL, NULL, NULL, NULL},
};
