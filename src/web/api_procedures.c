/*
 * api_procedures.c: the procedure catalogue over HTTP (public).
 *   GET /api/v1/procedures?q=TEXT&field=FIELD&limit=N&after=CODE
 *       search ignoring case and diacritics, filter by field, page by code
 *   GET /api/v1/procedures/CODE   one procedure with its documents and form fields
 */
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
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
	return j;
}

static int collect(const struct procedure *p, void *ctx)
{
	json_array_append_new(ctx, procedure_json(p));
	return 0;
}

/* A query value of at most max code points of UTF-8 text, or NULL in
 * *out when absent. Returns -1 after answering 400 for a bad value. */
static int text_param(struct req *r, const char *name, size_t max, const char **out)
{
	const char *v = req_query(r, name);
	*out = NULL;
	if (!v)
		return 0;
	if (!*v || !text_valid_utf8(v, strlen(v), NULL) || text_length(v) > max) {
		resp_fail(r, XERR_INVALID, name, "%s must be 1 to %zu characters of text", name,
		          max);
		return -1;
	}
	*out = v;
	return 0;
}

static int get_procedures(struct req *r)
{
	struct xerr e = {0};
	const char *q, *field, *after = req_query(r, "after");
	const char *lim = req_query(r, "limit");
	int limit = 50;
	if (lim) {
		char *end;
		long v = strtol(lim, &end, 10);
		if (!*lim || *end || v < 1 || v > 500)
			return resp_fail(r, XERR_INVALID, "limit",
			                 "limit must be a number from 1 to 500");
		limit = (int)v;
	}
	if (text_param(r, "q", 100, &q) || text_param(r, "field", 200, &field))
		return 0;
	if (after && procedure_check_code(after, &e)) {
		e.field = "after";
		return resp_error(r, &e);
	}
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
	if (procedure_check_code(r->params[0], &e))
		return resp_error(r, &e);
	struct procedure *p = arena_alloc(&r->arena, sizeof *p);
	if (store_procedure_get(r->store, r->params[0], p, &e) != 0)
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

const struct route api_procedures_routes[] = {
    {"GET", "/api/v1/procedures", get_procedures, "public"},
    {"GET", "/api/v1/procedures/{}", get_procedure, "public"},
    {NULL, NULL, NULL, NULL},
};
