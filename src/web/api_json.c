/* api_json.c: JSON request bodies and typed query parameters. */
#include "web/api_json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* The path ("applicant.name") of the first string in j holding a NUL, or
 * NULL. Keys are checked as text before they are named. */
static const char *nul_path(struct req *r, json_t *j, const char *prefix)
{
	const char *key;
	json_t *v;
	json_object_foreach(j, key, v)
	{
		if (!text_valid_utf8(key, strlen(key), NULL) || strlen(key) > 64)
			continue;
		const char *path = prefix ? arena_printf(&r->arena, "%s.%s", prefix, key)
		                          : arena_strdup(&r->arena, key);
		if (json_is_string(v) && strlen(json_string_value(v)) != json_string_length(v))
			return path;
		if (json_is_object(v) && (path = nul_path(r, v, path)) != NULL)
			return path;
	}
	return NULL;
}

/* jansson's errors in our words, with where the body went wrong. */
static const struct {
	const char *words;
	enum json_error_code code;
	bool where; /* followed by the line and column */
} json_words[] = {
    {"the body is not valid UTF-8", json_error_invalid_utf8, true},
    {"the body ends before its JSON object does", json_error_premature_end_of_input, true},
    {"there is more after the JSON object", json_error_end_of_input_expected, true},
    {"a key appears twice in the body", json_error_duplicate_key, true},
    {"a number in the body is too large", json_error_numeric_overflow, true},
    {"the body is nested too deeply", json_error_stack_overflow, false},
    {"the body holds the character \\u0000", json_error_null_character, true},
};

static int json_fail(struct req *r, const json_error_t *je, struct xerr *e)
{
	enum json_error_code code = json_error_code(je);
	if (code == json_error_out_of_memory)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	if (code == json_error_null_character) {
		/* Parsed again letting NUL through, to name the member. */
		json_error_t je2;
		json_t *j = json_loadb(r->body, r->body_len, JSON_ALLOW_NUL, &je2);
		const char *path = j && json_is_object(j) ? nul_path(r, j, NULL) : NULL;
		json_decref(j);
		if (path)
			return xerr_set(e, XERR_INVALID, path,
			                "%s must be text without the character \\u0000", path);
	}
	const char *words = "the body is not valid JSON";
	bool where = true;
	for (size_t i = 0; i < sizeof json_words / sizeof json_words[0]; i++)
		if (json_words[i].code == code) {
			words = json_words[i].words;
			where = json_words[i].where;
		}
	if (!where)
		return xerr_set(e, XERR_INVALID, "body", "%s", words);
	return xerr_set(e, XERR_INVALID, "body", "%s (line %d, column %d)", words, je->line,
	                je->column);
}

json_t *api_body(struct req *r, struct xerr *e)
{
	if (!r->body || !r->body_len) {
		xerr_set(e, XERR_INVALID, "body", "send a JSON object");
		return NULL;
	}
	json_error_t je;
	json_t *j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		json_fail(r, &je, e);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		xerr_set(e, XERR_INVALID, "body", "the body must be a JSON object");
		return NULL;
	}
	return j;
}

int api_text(struct req *r, json_t *obj, const char *key, const char **out, struct xerr *e)
{
	return api_str(r, obj, key, SIZE_MAX, false, out, e);
}

int api_str(struct req *r, json_t *obj, const char *key, size_t max, bool required,
            const char **out, struct xerr *e)
{
	json_t *v = json_object_get(obj, key);
	*out = "";
	if (!v || json_is_null(v)) {
		if (required)
			return xerr_set(e, XERR_INVALID, key, "%s is required", key);
		return 0;
	}
	if (!json_is_string(v))
		return xerr_set(e, XERR_INVALID, key, "%s must be a string", key);
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (strlen(s) != n || !text_valid_utf8(s, n, NULL))
		return xerr_set(e, XERR_INVALID, key, "%s must be text", key);
	if (text_length(s) > max)
		return xerr_set(e, XERR_INVALID, key, "%s must be at most %zu characters", key,
		                max);
	if (required && !*s)
		return xerr_set(e, XERR_INVALID, key, "%s is required", key);
	*out = arena_strdup(&r->arena, s);
	return 0;
}

int api_int(json_t *obj, const char *key, long lo, long hi, bool required, long dflt, long *out,
            struct xerr *e)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v)) {
		*out = dflt;
		return required ? xerr_set(e, XERR_INVALID, key, "%s is required", key) : 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return xerr_set(e, XERR_INVALID, key, "%s must be a whole number from %ld to %ld",
		                key, lo, hi);
	*out = (long)json_integer_value(v);
	return 0;
}

int api_rating(struct req *r, json_t *obj, size_t max, bool *satisfied, const char **reason,
               struct xerr *e)
{
	json_t *sat = json_object_get(obj, "satisfied");
	*reason = "";
	*satisfied = sat && json_is_true(sat);
	if (!sat || !json_is_boolean(sat))
		return xerr_set(e, XERR_INVALID, "satisfied", "satisfied must be true or false");
	return api_str(r, obj, "reason", max, false, reason, e);
}
