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
#include "web/ratelimit.h"

struct MHD_Connection;
struct form;
struct form_file;
struct route;
struct in_value;

enum { ROUTE_MAX_PARAMS = 4 };

struct req {
	struct MHD_Connection *conn;
	const char *method;
	const char *path;
	const char *params[ROUTE_MAX_PARAMS]; /* the {} segments (read them through in_str) */
	int nparams;
	const struct route *route;   /* the route matched */
	struct in_value *in;         /* its declared inputs, validated (input.c) */
	const struct xerr *in_err;   /* the first input refused (lenient routes) */
	const struct xerr *form_err; /* why the form body could not be read */
	const char *lang;            /* "vi" (default) or "en" */
	const char *client_ip;       /* textual address of the peer */
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

/* Declared inputs, in the manner of kcgi's validated keys: a route lists
 * the query, path and form parameters it reads, each with a validator and
 * a limit. The dispatcher checks them after the route's action and before
 * its handler, and answers 400 naming the parameter (413 for too many
 * files); the handler reads typed values with in_str(), in_int(),
 * in_field() and in_files(), and nothing else: a parameter a route does
 * not declare never reaches it. A route marked lenient gets refused
 * values as absent and in_refused() says which, so a page can show the
 * error inside its form.
 *
 * Text is refused when it is not UTF-8 or holds a NUL: a form body that
 * cannot be read for that reason (or a value too long for the form
 * reader, 413) is refused as a whole, naming the field (in_form_error());
 * a query value holding %00 is refused naming the parameter, never read
 * cut short at the NUL. (A %00 in the path is refused by the server before
 * any route is matched: web/guard.h.)
 *
 * Path parameters are declared in the order of the pattern's {} segments.
 * What a rule of core checks (an applicant's name, the form data against
 * the procedure's fields) is declared as text with max 0: the form's own
 * limits only, and core's check is the one check. */
enum in_from { IN_QUERY = 1, IN_PATH, IN_FORM };
enum in_kind {
	IN_TEXT = 1,  /* UTF-8 text of min..max characters (max 0: no limit of its own) */
	IN_INT,       /* a whole number in [min, max] */
	IN_DIGITS,    /* min..max ASCII digits: unit codes, numeric ids */
	IN_WORD,      /* one of the words of `words` ("today|soon|overdue") */
	IN_DATE,      /* YYYY-MM-DD; its value is the day's first local minute */
	IN_TIME,      /* YYYY-MM-DDTHH:MM or a date; its value in local minutes */
	IN_DOSSIER,   /* a dossier code (core/dossier.h) */
	IN_PROCEDURE, /* a procedure code (core/procedure.h) */
	IN_FIELDS,    /* every form field whose name starts with `name`: text of at
	                 most max bytes (0: the form's limit), checked by core */
	IN_FILES,     /* the files of the form fields starting with `name` (an
	                 input left empty is not one): at most max of them */
	IN_CHECK,     /* text of at most max bytes that check() accepts (and
	                 turns into its number) */
};
struct param {
	const char *name;
	unsigned char from, kind; /* enum in_from, enum in_kind */
	bool required;
	long long min, max;
	const char *words;
	int (*check)(const char *v, int64_t *num, struct xerr *e); /* IN_CHECK */
};
struct in_value {
	const char *text; /* the value as given; NULL when absent or refused */
	int64_t num;      /* IN_INT, IN_DATE, IN_TIME: the value */
	bool refused;
	struct form_file *files; /* IN_FILES: copies of the form's entries */
	int nfiles;
};

/* A route: method and path pattern ("/api/v1/units/{}" captures one path
 * segment), its handler, and the authorisation action it requires
 * ("public" when anyone may call it). A route whose action is NULL makes the
 * server refuse to start: no route is reachable without a declared policy;
 * so does one whose {} segments are not all declared inputs. */
struct route {
	const char *method;
	const char *pattern;
	int (*handler)(struct req *r);
	const char *action;
	/* Largest request body in bytes (0: the server's max_body). A larger
	 * declared Content-Length is refused with 413 before the body is read,
	 * and so is a body that grows beyond it while arriving. */
	long max_body;
	const struct param *in; /* the inputs it reads, ended by {NULL}; NULL: none */
	bool lenient;           /* refused inputs go to the handler as absent */
	/* The kind of request it is for anti-automation: the limit of
	 * web/ratelimit.h it counts against (enum rl_class; RL_NONE: none). */
	unsigned char rate;
	/* A state-changing API route whose body is not JSON but a file or a
	 * CSV decision: web/guard.h then does not ask for application/json. */
	bool raw_body;
	/* The handler computes password hashes (core/secret.h: sign-in,
	 * registration, a new password): it runs on the hash pool, off
	 * libmicrohttpd's threads, at most hash_workers at once
	 * (web/hashpool.h). A handler that hashes must say so. */
	bool hashes;
};

/* The declared input `name` (a programmer's mistake when undeclared):
 * its text (NULL when absent or refused), its number (dflt when absent
 * or refused), and whether a value was given and refused. */
const char *in_str(const struct req *r, const char *name);
int64_t in_int(const struct req *r, const char *name, int64_t dflt);
bool in_refused(const struct req *r, const char *name);
/* On a lenient route, why the first refused input was refused; NULL
 * when none was. */
const struct xerr *in_error(const struct req *r);
/* Why the route's form body could not be read (a value that is not
 * UTF-8 text or holds a NUL, a value too long, a broken body), naming the
 * field at fault; NULL when it could, or when there is none. None of its
 * values is then read; on a lenient route it is also in_error(). */
const struct xerr *in_form_error(const struct req *r);
/* The form field prefix + key of a declared IN_FIELDS prefix (NULL when
 * absent), and the files of a declared IN_FILES name: *n of them. */
const char *in_field(struct req *r, const char *prefix, const char *key);
const struct form_file *in_files(const struct req *r, const char *name, int *n);

/* Request header value, or NULL. */
const char *req_header(struct req *r, const char *name);
/* True when the Content-Type value ct is of the media type `type`
 * ("application/json"), whatever its parameters. */
bool req_media_is(const char *ct, const char *type);
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
