/*
 * xerr.h: errors as values.
 *
 * A function that can fail returns 0 on success or a negative XERR_* code,
 * and fills a caller-owned struct xerr with the field at fault and a human
 * message. The edges turn it into an HTTP status (web/) or a CLI message and
 * exit status (cli/). Messages never contain personal data or secrets.
 */
#ifndef XASO_CORE_XERR_H
#define XASO_CORE_XERR_H

enum xerr_code {
	XERR_OK = 0,
	XERR_INVALID = -1,        /* bad input: 400/422, CLI exit 2 */
	XERR_NOTFOUND = -2,       /* 404 */
	XERR_CONFLICT = -3,       /* 409: duplicate, or a transition not allowed */
	XERR_AUTH = -4,           /* 401: not signed in */
	XERR_FORBIDDEN = -5,      /* 403: signed in but not allowed */
	XERR_LIMIT = -6,          /* 413/429: too large, too many */
	XERR_IO = -7,             /* 500: storage or system failure */
	XERR_NOMEM = -8,          /* 500 */
	XERR_THROTTLED = -9,      /* 429: too many attempts, try again later */
	XERR_UNPROCESSABLE = -10, /* 422: well-formed but not acceptable */
	XERR_MEDIA_TYPE = -11,    /* 415: a body of a type the route does not take */
	/* 503: the machine cannot serve it now (a full disk, an I/O error, the
	 * database locked by another program, too many sign-ins at once);
	 * nothing was changed, and the same request can be sent again later. */
	XERR_UNAVAILABLE = -12,
};

struct xerr {
	int code;
	const char *field; /* static string naming the input at fault, or NULL */
	char msg[200];
};

/* Fills e (when not NULL) and returns code, so callers can write
 * `return xerr_set(e, XERR_INVALID, "code", "must be 5 digits");`. */
int xerr_set(struct xerr *e, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Stable machine-readable name of a code: "invalid", "not_found", ... */
const char *xerr_name(int code);

/* HTTP status for a code (400 for XERR_INVALID, 500 for XERR_IO, ...). */
int xerr_http_status(int code);

#endif
