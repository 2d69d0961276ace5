/* api_json.c: JSON request bodies and typed query parameters. */
#include "web/api_json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

json_t *api_body(struct req *r, struct xerr *e)
{
	if (!r->body || !r->body_len) {
		xerr_set(e, XERR_INVALID, "body", "send a JSON object");
		return NULL;
	}
	json_error_t je;
	json_t *j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!j || !json_is_object(j)) {
		json_decref(j);
		xerr_set(e, XERR_INVALID, "body", "the body must be a JSON object%s%s",
		         j ? "" : ": ", j ? "" : je.text);
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
