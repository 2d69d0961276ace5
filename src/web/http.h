/*
 * http.h: what a route handler sees of an HTTP request, and how it answers.
 *
 * The server (server.c) parses the request, finds the route, checks that
 * the route declared its authorisation, gives the handler a struct req with
 * a request arena, and sends whatever the handler put in the response
 * fields. Everything allocated from r->arena is freed after the response is
 * sent. Handlers hold no state between requests.
 */
#ifndef XASO_WEB_HTTP_H
#define XASO_WEB_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/authz.h"
#include "core/buf.h"
#include "core/xerr.h"
#include "store/store.h"

struct MHD_Connection;
struct form;

enum { ROUTE_MAX_PARAMS = 4 };

struct req {
	struct MHD_Connection *conn;
	const char *method;
	const char *path;
	const char *params[ROUTE_MAX_PARAMS]; /* the {} segments of the pattern */
	int nparams;
	const char *lang;      /* "vi" (default) or "en" */
	const char *client_ip; /* textual address of the peer */
	struct arena arena;
	struct store *store;
	const struct server_ctx *srv;
	const char *body; /* request body (NUL-terminated), may be NULL */
	size_t body_len;
	bool tls;
	const struct principal *who; /* NULL when anonymous; set by the auth hook */

	/* The response. */
	int status;
	const char *content_type;
	struct buf out;
	const char *headers[8][2]; /* extra headers (name, value) from the arena */
	int nheaders;
	const char *cache_control; /* default: no-store */
	struct form *form;         /* the body parsed by form_parse(), once */
	/* A file to send instead of out (resp_file): the server closes it. */
	bool has_file;
	int file_fd;
	uint64_t file_size;
};

/* A route: method and path pattern ("/api/v1/units/{}" captures one path
 * segment), its handler, and the authorisation action it requires
 * ("public" when anyone may call it). A route whose action is NULL makes the
 * server refuse to start: no route is reachable without a declared policy. */
struct route {
	const char *method;
	const char *pattern;
	int (*handler)(struct req *r);
	const char *action;
	/* Largest request body in bytes (0: the server's max_body). A larger
	 * declared Content-Length is refused with 413 before the body is read,
	 * and so is a body that grows beyond it while arriving. */
	long max_body;
};

/* Query-string value, or NULL. */
const char *req_query(struct req *r, const char *key);
/* Request header value, or NULL. */
const char *req_header(struct req *r, const char *name);
/* Adds a response header (name and value must outlive the request: use
 * literals or arena strings). */
void resp_header(struct req *r, const char *name, const char *value);

/* JSON answer; takes the reference to j. Returns 0. */
int resp_json(struct req *r, int status, json_t *j);
/* JSON error {"error": {"code", "message", "field"}} with the status that
 * matches e->code. Returns 0. */
int resp_error(struct req *r, const struct xerr *e);
/* Same, from parts. */
int resp_fail(struct req *r, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* HTML answer: the page is already in r->out. Returns 0. */
int resp_html(struct req *r, int status);
/* Answers with the first size bytes of the open file fd (read from offset
 * 0), which the server closes once sent (also on error). Returns 0. */
int resp_file(struct req *r, int status, int fd, uint64_t size, const char *content_type);

/* Authorisation of an action on a record of a given unit: fetches the
 * unit's chain (the unit, its parent, ...) and asks core's one decision
 * (authz_decide): the role may run the action, the record's unit is within
 * the principal's subtree (staff) or owner_account is the caller
 * (citizens; pass 0 when the record has no owner). Returns 0, XERR_AUTH or
 * XERR_FORBIDDEN (e filled). */
int auth_unit(struct req *r, const char *action, const char *unit, int64_t owner_account,
              struct xerr *e);

/* The audit actor for changes made by this request: the principal (or
 * anonymous) and the client's address. */
void req_actor(const struct req *r, struct actor *a);

/* True when the client asked for JSON (an /api/ path). */
bool req_is_api(const struct req *r);

#endif
