/*
 * api_json.h: reading JSON request bodies for the API handlers, with the
 * field at fault named in every error. Strings returned live in the
 * request arena.
 */
#ifndef XASO_WEB_API_JSON_H
#define XASO_WEB_API_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "web/http.h"

/* The body as a JSON object (caller json_decref()s it); NULL with e filled
 * (400) when absent, not JSON or not an object. */
json_t *api_body(struct req *r, struct xerr *e);

/* obj[key] as a string of at most max code points of valid UTF-8, copied
 * into the arena; "" when absent or null. Required and absent or empty:
 * XERR_INVALID naming key. */
int api_str(struct req *r, json_t *obj, const char *key, size_t max, bool required,
            const char **out, struct xerr *e);

/* obj[key] as valid UTF-8 text of any length (a rule of core limits it),
 * copied into the arena; "" when absent or null. */
int api_text(struct req *r, json_t *obj, const char *key, const char **out, struct xerr *e);

/* obj[key] as an integer in [lo, hi]; absent: dflt, or XERR_INVALID when
 * required. */
int api_int(json_t *obj, const char *key, long lo, long hi, bool required, long dflt, long *out,
            struct xerr *e);

/* A rating's body: "satisfied" (true or false, required) and "reason"
 * (at most max code points, optional). */
int api_rating(struct req *r, json_t *obj, size_t max, bool *satisfied, const char **reason,
               struct xerr *e);

#endif
