/* reqjson.c: reading JSON request bodies. */
#include <string.h>

#include "core/text.h"
#include "web/http.h"

json_t *req_json(struct req *r, struct xerr *e)
{
	if (!r->body || r->body_len == 0) {
		xerr_set(e, XERR_INVALID, "body", "a JSON object is required");
		return NULL;
	}
	json_error_t je;
	json_t *j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		xerr_set(e, XERR_INVALID, "body", "not JSON at line %d column %d: %s", je.line,
		         je.column, je.text);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		xerr_set(e, XERR_INVALID, "body", "a JSON object is required");
		return NULL;
	}
	return j;
}

int json_text(json_t *o, const char *key, bool required, size_t max, const char **out,
              struct xerr *e)
{
	*out = NULL;
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v)) {
		if (required)
			return xerr_set(e, XERR_INVALID, key, "%s is required", key);
		return 0;
	}
	if (!json_is_string(v))
		return xerr_set(e, XERR_INVALID, key, "%s must be a string", key);
	const char *s = json_string_value(v);
	size_t n = json_string_length(v), bad;
	if (n > max)
		return xerr_set(e, XERR_INVALID, key, "%s is longer than %zu bytes", key, max);
	if (strlen(s) != n || !text_valid_utf8(s, n, &bad))
		return xerr_set(e, XERR_INVALID, key, "%s must be UTF-8 text without NUL", key);
	if (required && n == 0)
		return xerr_set(e, XERR_INVALID, key, "%s must not be empty", key);
	*out = s;
	return 0;
}
