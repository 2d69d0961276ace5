/* libFuzzer harness for the JSON bodies of the API (web/api_json.c): the
 * bytes are a request body, read by api_body() as every API handler reads
 * its body, then each member that some route reads is taken the way that
 * route takes it (api_str with its limit and whether it is required,
 * api_int with its range, api_text), at the top level and inside the
 * nested objects the routes read (applicant, form, documents).
 *
 * Properties beyond "does not crash":
 *   - a body refused names the field at fault ("body", or the path of the
 *     member holding \u0000) with a message, as a 400 (never a 500);
 *   - a string taken is valid UTF-8 without NUL, at most its limit in
 *     characters, not empty when required, and a copy in the arena;
 *   - a member refused is named by its own key;
 *   - an integer taken lies in its range;
 *   - the body read as a record of each kind (rec_from_json, the records'
 *     routes: businesses, teams, activities...) is refused naming a
 *     field, or accepted, and then written back (rec_json) it reads
 *     again into the same JSON.
 * The seed corpus holds a body of each API route that takes one. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "web/api_json.h"
#include "web/records_view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

/* The members routes read with api_str: key, limit in characters, required. */
static const struct {
	const char *key;
	size_t max;
	bool required;
} strs[] = {
    {"login", 63, true},         {"password", 128, true}, {"totp", 6, false},
    {"full_name", 100, false},   {"pid", 12, false},      {"phone", 20, false},
    {"role", 15, true},          {"unit", 12, true},      {"unit", 15, false},
    {"birth_date", 10, false},   {"procedure", 8, true},  {"code", 15, true},
    {"parent", 15, true},        {"name", 200, true},     {"name", 60, true},
    {"type", 15, false},         {"note", 1000, false},   {"reason", 1000, true},
    {"new_due", 16, true},       {"sha256", 64, true},    {"kind", 12, false},
    {"dossier_code", 31, false}, {"content", 4000, true}, {"contact", 200, false},
    {"answer", 4000, true},      {"address", 0, false},   {"reason", 500, true},
    {"payer", 100, false},       {"dismiss", 500, false}, {"bin", 6, false},
    {"account", 19, false},      {"holder", 60, false},   {"note", 200, false},
    {"name", 50, true},
};

/* The members routes read with api_int: key and range. */
static const struct {
	const char *key;
	long lo, hi;
} ints[] = {{"channel", 1, 3}, {"to", 1, 20}, {"limit", 1, 1000}};

static void take_strings(struct req *r, json_t *obj)
{
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		const char *out = NULL;
		struct xerr e = {0};
		size_t max = strs[i].max ? strs[i].max : SIZE_MAX;
		int rc = strs[i].max ? api_str(r, obj, strs[i].key, max, strs[i].required, &out, &e)
		                     : api_text(r, obj, strs[i].key, &out, &e);
		if (rc) {
			check(rc == XERR_INVALID && e.field && !strcmp(e.field, strs[i].key) &&
			      e.msg[0]);
			continue;
		}
		size_t n = strlen(out);
		check(text_valid_utf8(out, n, NULL) && text_length(out) <= max);
		check(!(strs[i].required && !*out));
		json_t *v = json_object_get(obj, strs[i].key);
		check(!json_is_string(v) ||
		      (n == json_string_length(v) && !memcmp(out, json_string_value(v), n) &&
		       out != json_string_value(v)));
	}
	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
		long out = 0;
		struct xerr e = {0};
		if (api_int(obj, ints[i].key, ints[i].lo, ints[i].hi, false, -1, &out, &e) == 0)
			check(out == -1 || (out >= ints[i].lo && out <= ints[i].hi));
		else
			check(e.field && !strcmp(e.field, ints[i].key));
	}
}

/* The body as a record of every kind, as POST /api/v1/KIND reads it. */
static void take_records(json_t *obj)
{
	size_t n = 0;
	const struct rec_kind *const *kinds = rec_kinds(&n);
	for (size_t i = 0; i < n; i++) {
		const struct rec_kind *k = kinds[i];
		void *rec = malloc(k->size), *again = malloc(k->size);
		struct xerr e = {0};
		/* The day entered is fixed: 2026-06-01. */
		const int32_t today = 2461193;
		if (!rec || !again)
			abort();
		if (rec_from_json(k, obj, rec, today, &e) != 0) {
			check(e.code && e.msg[0]);
		} else {
			json_t *j = rec_json(k, rec, NULL);
			struct xerr e2 = {0};
			check(j && rec_from_json(k, j, again, today, &e2) == 0);
			json_t *j2 = rec_json(k, again, NULL);
			check(json_equal(j, j2));
			json_decref(j);
			json_decref(j2);
		}
		free(rec);
		free(again);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The server hands handlers a NUL-terminated copy of the body. */
	char *body = malloc(size + 1);
	if (!body)
		return 0;
	memcpy(body, data, size);
	body[size] = '\0';
	struct req r;
	memset(&r, 0, sizeof r);
	arena_init(&r.arena);
	r.body = body;
	r.body_len = size;
	struct xerr e = {0};
	json_t *b = api_body(&r, &e);
	if (!b) {
		check((e.code == XERR_INVALID || e.code == XERR_NOMEM) && e.field && e.msg[0]);
		check(xerr_http_status(e.code) != 500 || e.code == XERR_NOMEM);
	} else {
		check(json_is_object(b));
		take_strings(&r, b);
		take_records(b);
		/* Nested objects the routes read: the applicant, the form's
		 * fields (each as text), the documents of a filing. */
		static const char *const nested[] = {"applicant", "form"};
		for (size_t i = 0; i < 2; i++) {
			json_t *o = json_object_get(b, nested[i]);
			if (json_is_object(o))
				take_strings(&r, o);
		}
		json_t *docs = json_object_get(b, "documents");
		size_t i;
		json_t *d;
		json_array_foreach(docs, i, d)
		{
			if (json_is_object(d))
				take_strings(&r, d);
		}
		json_decref(b);
	}
	arena_free(&r.arena);
	free(body);
	return 0;
}
