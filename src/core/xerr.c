/* xerr.c: filling and naming error records. */
#include "core/xerr.h"

#include <stdarg.h>
#include <stdio.h>

int xerr_set(struct xerr *e, int code, const char *field, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		e->code = code;
		e->field = field;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		va_end(ap);
	}
	return code;
}

const char *xerr_name(int code)
{
	switch (code) {
	case XERR_OK: return "ok";
	case XERR_INVALID: return "invalid";
	case XERR_NOTFOUND: return "not_found";
	case XERR_CONFLICT: return "conflict";
	case XERR_AUTH: return "unauthenticated";
	case XERR_FORBIDDEN: return "forbidden";
	case XERR_LIMIT: return "limit";
	case XERR_NOMEM: return "no_memory";
	case XERR_THROTTLED: return "throttled";
	case XERR_UNPROCESSABLE: return "unprocessable";
	case XERR_MEDIA_TYPE: return "unsupported_media_type";
	case XERR_UNAVAILABLE: return "unavailable";
	default: return "internal";
	}
}

int xerr_http_status(int code)
{
	switch (code) {
	case XERR_OK: return 200;
	case XERR_INVALID: return 400;
	case XERR_NOTFOUND: return 404;
	case XERR_CONFLICT: return 409;
	case XERR_AUTH: return 401;
	case XERR_FORBIDDEN: return 403;
	case XERR_LIMIT: return 413;
	case XERR_THROTTLED: return 429;
	case XERR_UNPROCESSABLE: return 422;
	case XERR_MEDIA_TYPE: return 415;
	case XERR_UNAVAILABLE: return 503;
	default: return 500;
	}
}
