/*
 * server.c: libmicrohttpd glue. One MHD daemon with an internal thread pool
 * (a thread per core) on epoll. For each request: check the raw address
 * and the framing (guard.h), collect the body within the size limit, match
 * the route, check where a change comes from and what its body is, run the
 * authorisation hook and the rate limits (ratelimit.h), call the handler
 * with a request arena, add the security headers, send, log one line
 * (escaped: core/logsafe.h), count it in the metrics, free the arena.
 *
 * A route that computes password hashes (`.hashes`) has its handler run by
 * the hash pool (hashpool.h) instead: once the whole request is in and its
 * checks have passed, the connection is suspended and the request queued
 * (or, the queue being full, answered 503 with Retry-After); the worker
 * runs the handler and resumes the connection, and libmicrohttpd's next
 * call sends the answer. A request is only ever answered from a call of
 * on_request(), never from the worker, and never on the first call of a
 * request that has a body to read.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "core/logsafe.h"
#include "web/guard.h"
#include "web/hashpool.h"
#include "web/ratelimit.h"
#include "web/server_int.h"

struct slow;

/* Per-request state from the request line until the response is sent. */
struct pending {
	struct slow *slow; /* a request run by the hash pool (below) */
	struct buf body;
	long limit; /* the route's body limit, or the server's */
	bool too_big;
	bool started;      /* the handler was called once (headers are in) */
	bool close;        /* answer with Connection: close */
	struct xerr early; /* refused before routing (guard.h) */
	struct timespec start;
};

static uint64_t elapsed_us(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (uint64_t)(t1.tv_sec - t0->tv_sec) * 1000000u +
	       (uint64_t)((t1.tv_nsec - t0->tv_nsec) / 1000);
}

const char *req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

bool req_media_is(const char *ct, const char *type)
{
	size_t n = strcspn(ct, "; \t");
	return n == strlen(type) && !strncasecmp(ct, type, n);
}

void resp_header(struct req *r, const char *name, const char *value)
{
	if (r->nheaders < (int)(sizeof r->headers / sizeof r->headers[0])) {
		r->headers[r->nheaders][0] = name;
		r->headers[r->nheaders][1] = value;
		r->nheaders++;
	}
}

bool req_is_api(const struct req *r)
{
	return strncmp(r->path, "/api/", 5) == 0;
}

int resp_json(struct req *r, int status, json_t *j)
{
	r->status = status;
	r->content_type = "application/json; charset=utf-8";
	buf_reset(&r->out);
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (s) {
		buf_puts(&r->out, s);
		free(s);
	}
	return 0;
}

/* True when the answer already has the header `name`. */
static bool resp_has_header(const struct req *r, const char *name)
{
	for (int i = 0; i < r->nheaders; i++)
		if (!strcasecmp(r->headers[i][0], name))
			return true;
	return false;
}

int resp_error(struct req *r, const struct xerr *e)
{
	int status = xerr_http_status(e->code);
	/* Unavailable for now: say when to try again (RFC 9110 10.2.3). */
	if (status == 503 && !resp_has_header(r, "Retry-After"))
		resp_header(r, "Retry-After", "10");
	if (req_is_api(r)) {
		json_t *err =
		    json_pack("{s:s, s:s}", "code", xerr_name(e->code), "message", e->msg);
		if (e->field)
			json_object_set_new(err, "field", json_string(e->field));
		return resp_json(r, status, json_pack("{s:o}", "error", err));
	}
	/* Pages get a short HTML error; the message is escaped like any text. */
	buf_reset(&r->out);
	buf_puts(&r->out, "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\">"
	                  "<meta name=\"viewport\" content=\"width=device-width\">"
	                  "<link rel=\"stylesheet\" href=\"/static/xaso.css\"><title>");
	buf_printf(&r->out, "%d", status);
	buf_puts(&r->out, "</title><main><h1>");
	buf_printf(&r->out, "%d", status);
	buf_puts(&r->out, "</h1><p>");
	buf_html(&r->out, e->msg);
	buf_puts(&r->out, "</p><p>");
	if (status == 401) /* a page that needs an account: offer the way in */
		buf_puts(&r->out, "<a class=\"button\" href=\"/login\">Đăng nhập · Sign in</a> ");
	buf_puts(&r->out, "<a href=\"/\">xaso</a></p></main></html>");
	return resp_html(r, status);
}

int resp_fail(struct req *r, int code, const char *field, const char *fmt, ...)
{
	struct xerr e = {code, field, {0}};
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof e.msg, fmt, ap);
	va_end(ap);
	return resp_error(r, &e);
}

int resp_html(struct req *r, int status)
{
	r->status = status;
	r->content_type = "text/html; charset=utf-8";
	return 0;
}

int resp_file(struct req *r, int status, int fd, uint64_t size, const char *content_type)
{
	if (r->has_file)
		close(r->file_fd);
	buf_reset(&r->out);
	r->status = status;
	r->content_type = content_type;
	r->has_file = true;
	r->file_fd = fd;
	r->file_size = size;
	return 0;
}

/* Matches path against a pattern; fills params from the arena. */
static bool route_match(const char *pattern, const char *path, struct req *r)
{
	int np = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (p[0] == '{' && p[1] == '}') {
			const char *end = strchr(s, '/');
			size_t n = end ? (size_t)(end - s) : strlen(s);
			if (n == 0 || np == ROUTE_MAX_PARAMS)
				return false;
			if (r)
				r->params[np] = arena_strndup(&r->arena, s, n);
			np++;
			s += n;
			p += 2;
		} else if (*p == *s) {
			p++;
			s++;
		} else {
			return false;
		}
	}
	if (*p || *s)
		return false;
	if (r)
		r->nparams = np;
	return true;
}

static const char *pick_lang(struct MHD_Connection *c)
{
	const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
	if (q)
		return !strcmp(q, "en") ? "en" : "vi";
	const char *al = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language");
	if (al) {
		const char *en = strstr(al, "en"), *vi = strstr(al, "vi");
		if (en && (!vi || en < vi))
			return "en";
	}
	return "vi";
}

static void free_body(void *p)
{
	free(p);
}

/* Finds the route for the request; *method_mismatch tells 405 from 404. */
static int find_route(struct server_ctx *sc, struct req *r, bool *method_mismatch)
{
	*method_mismatch = false;
	for (int i = 0; i < sc->nroutes; i++) {
		const struct route *rt = sc->routes[i];
		if (!route_match(rt->pattern, r->path, NULL))
			continue;
		bool same = !strcmp(rt->method, r->method) ||
		            (!strcmp(r->method, "HEAD") && !strcmp(rt->method, "GET"));
		if (same) {
			route_match(rt->pattern, r->path, r);
			return i;
		}
		*method_mismatch = true;
	}
	return -1;
}

/* The route a request goes to, without filling a request; NULL if none. */
static const struct route *route_for(const struct server_ctx *sc, const char *url,
                                     const char *method)
{
	for (int i = 0; i < sc->nroutes; i++) {
		const struct route *rt = sc->routes[i];
		if (!strcmp(rt->method, method) && route_match(rt->pattern, url, NULL))
			return rt;
	}
	return NULL;
}

/* True when a request brings no credentials at all to a route that needs
 * them: it will be refused whatever its body, so the body is not read. */
static bool surely_anonymous(struct MHD_Connection *conn, const struct route *rt)
{
	const struct authz_rule *rule = rt ? authz_rule(rt->action) : NULL;
	if (!rule || (rule->roles & 1u))
		return false;
	return !MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION) &&
	       !MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
}

/* True when the declared Content-Length exceeds the limit. */
static bool declared_too_big(struct MHD_Connection *conn, long limit)
{
	const char *cl =
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (!cl)
		return false;
	char *end;
	unsigned long long n = strtoull(cl, &end, 10);
	return end != cl && n > (unsigned long long)limit;
}

/* Writes one line to stderr at once (one write: lines of concurrent
 * requests do not interleave). */
static void log_line(struct buf *b)
{
	buf_putc(b, '\n');
	fwrite(b->data, 1, b->len, stderr);
	buf_free(b);
}

static void log_stamp(struct buf *b)
{
	time_t now = time(NULL);
	struct tm tm;
	char ts[32];
	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_puts(b, ts);
}

/* One line per request: the route's pattern (or "unmatched"), never the
 * path or query, which may carry personal data; every field escaped. */
static void log_request(const char *ip, const char *method, const struct route *rt, int status,
                        size_t len, uint64_t us)
{
	struct buf b;
	buf_init(&b);
	log_stamp(&b);
	buf_putc(&b, ' ');
	logsafe_append(&b, ip, 64, true);
	buf_putc(&b, ' ');
	logsafe_append(&b, method, 16, true);
	buf_putc(&b, ' ');
	logsafe_append(&b, rt ? rt->pattern : "unmatched", 128, true);
	buf_printf(&b, " %d %zu %.1fms", status, len, (double)us / 1000.0);
	log_line(&b);
}

/* libmicrohttpd's own messages, escaped like everything else logged (and
 * held back while the daemon starts: struct server_ctx's start_log). */
__attribute__((format(printf, 2, 0))) static void log_mhd(void *cls, const char *fmt, va_list ap)
{
	struct server_ctx *sc = cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	struct buf b;
	buf_init(&b);
	log_stamp(&b);
	buf_puts(&b, " libmicrohttpd: ");
	logsafe_append(&b, msg, sizeof msg, false);
	if (atomic_load(&sc->starting)) {
		pthread_mutex_lock(&sc->start_lock);
		buf_add(&sc->start_log, b.data, b.len);
		buf_add(&sc->start_log, "\n", 1);
		pthread_mutex_unlock(&sc->start_lock);
		buf_free(&b);
		return;
	}
	log_line(&b);
}

/* Routes the request and runs the checks of guard.h, the authorisation
 * hook, the rate limits and its declared inputs. Returns the route's index
 * (or -1); *run is true when the handler is to answer, false when a check
 * has already put the answer in r. */
static int route_checked(struct server_ctx *sc, struct req *r, const struct pending *pd, bool *run)
{
	bool mismatch;
	int ri = find_route(sc, r, &mismatch);
	r->route = ri < 0 ? NULL : sc->routes[ri];
	struct xerr e = {0};
	*run = false;
	if (pd->too_big) {
		resp_fail(r, XERR_LIMIT, "body", "request body larger than %ld bytes", pd->limit);
	} else if (pd->early.code) {
		resp_error(r, &pd->early);
	} else if (ri < 0) {
		if (mismatch) {
			resp_fail(r, XERR_INVALID, "method", "method %s not allowed here",
			          r->method);
			r->status = 405;
		} else {
			resp_fail(r, XERR_NOTFOUND, "path",
			          req_is_api(r)
			              ? "no such API route"
			              : (!strcmp(r->lang, "en") ? "Page not found"
			                                        : "Không tìm thấy trang"));
		}
	} else if (guard_request(r, r->route, &e) != 0 || auth_route(r, r->route, &e) != 0 ||
	           ratelimit_check(r, r->route, &e) != 0 || input_read(r, &e) != 0) {
		resp_error(r, &e);
	} else {
		*run = true;
	}
	return ri;
}

static void run_handler(struct req *r)
{
	if (r->route->handler(r) != 0 && r->status == 500 && !r->out.len)
		resp_fail(r, XERR_IO, NULL, "internal error");
}

/* The MHD response for r's answer (its buffer or its file) with the
 * security headers; *len gets the body's size. */
static struct MHD_Response *response_of(struct req *r, size_t *len)
{
	char *body = buf_take(&r->out, len);
	struct MHD_Response *resp = NULL;
	if (r->has_file) {
		/* MHD reads the file as the socket drains (sendfile when it can)
		 * and closes it when the response is destroyed. */
		resp = MHD_create_response_from_fd64(r->file_size, r->file_fd);
		if (resp) {
			free(body);
			body = NULL;
			*len = (size_t)r->file_size;
		} else {
			close(r->file_fd);
			r->status = 500;
			r->content_type = "text/plain; charset=utf-8";
		}
	}
	if (!resp)
		resp = MHD_create_response_from_buffer_with_free_callback(*len, body, free_body);
	MHD_add_response_header(resp, "Content-Type",
	                        r->content_type ? r->content_type : "text/plain; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control",
	                        r->cache_control ? r->cache_control : "no-store");
	/* No inline script anywhere: pages work without JavaScript. */
	MHD_add_response_header(resp, "Content-Security-Policy",
	                        "default-src 'self'; script-src 'self'; style-src 'self'; "
	                        "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
	                        "form-action 'self'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	for (int i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->headers[i][0], r->headers[i][1]);
	return resp;
}

/* The request's fields, with the client's address written into ip[64]. */
static void req_begin(struct server_ctx *sc, struct MHD_Connection *conn, const char *url,
                      const char *method, const struct pending *pd, struct req *r, char *ip)
{
	memset(r, 0, sizeof *r);
	guard_client_ip(conn, sc->opts, ip, 64);
	arena_init(&r->arena);
	buf_init(&r->out);
	r->conn = conn;
	r->method = method;
	r->path = url;
	r->store = sc->store;
	r->srv = sc;
	r->client_ip = ip;
	r->lang = pick_lang(conn);
	r->body = pd->body.data;
	r->body_len = pd->body.len;
	r->status = 500;
}

/* Sends r's answer, logs and counts it, frees r's arena. */
static enum MHD_Result req_answer(struct server_ctx *sc, struct MHD_Connection *conn,
                                  const struct pending *pd, struct req *r, int ri)
{
	size_t len;
	struct MHD_Response *resp = response_of(r, &len);
	if (pd->close)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);

	uint64_t us = elapsed_us(&pd->start);
	metrics_observe(sc, ri < 0 ? sc->nroutes : ri, r->status, us);
	if (!sc->opts->quiet)
		log_request(r->client_ip, r->method, ri < 0 ? NULL : sc->routes[ri], r->status, len,
		            us);
	arena_free(&r->arena);
	return ret;
}

/* A request whose handler runs on the hash pool: the job, and the request
 * it answers (allocated with the pending request, freed with it). */
struct slow {
	struct hashpool_job job; /* first: the pool hands it back */
	struct MHD_Connection *conn;
	struct req r;
	char ip[64];
	int ri;
	atomic_bool done; /* the answer is in r */
	bool begun;       /* r holds an arena (req_begin) */
	bool answered;    /* r was sent and freed (req_answer) */
};

/* Sends the pool's answer (or a check's refusal) and frees r. */
static enum MHD_Result slow_answer(struct server_ctx *sc, struct MHD_Connection *conn,
                                   const struct pending *pd, struct slow *s)
{
	s->answered = true;
	return req_answer(sc, conn, pd, &s->r, s->ri);
}

/* Frees a pooled request with its pending state. One that was never
 * answered (the client left, or the server stopped, while it was
 * suspended: libmicrohttpd then ends it without calling on_request
 * again) still holds what its handler made: its arena, its answer. The
 * job has run by then: a suspended connection is not ended, and the
 * server empties the pool before it stops libmicrohttpd. */
static void slow_free(struct slow *s)
{
	if (s && s->begun && !s->answered) {
		buf_free(&s->r.out);
		if (s->r.has_file)
			close(s->r.file_fd);
		arena_free(&s->r.arena);
	}
	free(s);
}

/* On a hash worker: the handler, then the connection goes back to
 * libmicrohttpd, whose next call of on_request sends the answer. */
static void slow_run(struct hashpool_job *job)
{
	struct slow *s = (struct slow *)(void *)job;
	run_handler(&s->r);
	atomic_store(&s->done, true);
	MHD_resume_connection(s->conn); /* the last use of s on this thread */
}

/* Queues the request on the hash pool (pd->slow set), or answers it at
 * once when a check refuses it. */
static enum MHD_Result dispatch_slow(struct server_ctx *sc, struct MHD_Connection *conn,
                                     const char *url, const char *method, struct pending *pd)
{
	struct slow *s = pd->slow;
	req_begin(sc, conn, url, method, pd, &s->r, s->ip);
	s->begun = true;
	bool run;
	s->ri = route_checked(sc, &s->r, pd, &run);
	if (!run)
		return slow_answer(sc, conn, pd, s);
	s->conn = conn;
	s->job.run = slow_run;
	/* Suspended before the job is queued: its worker may resume the
	 * connection at once. */
	MHD_suspend_connection(conn);
	if (hashpool_submit(sc->hashes, &s->job) != 0) {
		resp_header(&s->r, "Retry-After",
		            arena_printf(&s->r.arena, "%d", hashpool_retry_after(sc->hashes)));
		resp_fail(&s->r, XERR_UNAVAILABLE, NULL,
		          "too many sign-ins at this moment: try again in a few seconds");
		atomic_store(&s->done, true);
		MHD_resume_connection(conn);
	}
	return MHD_YES;
}

/* Answers the request on this thread. */
static enum MHD_Result dispatch_now(struct server_ctx *sc, struct MHD_Connection *conn,
                                    const char *url, const char *method, struct pending *pd)
{
	struct req r;
	char ip[64];
	req_begin(sc, conn, url, method, pd, &r, ip);
	bool run;
	int ri = route_checked(sc, &r, pd, &run);
	if (run)
		run_handler(&r);
	return req_answer(sc, conn, pd, &r, ri);
}

/* The last call of a request, its body all in (and the call after the hash
 * pool resumed it): the answer, now or from the pool. */
static enum MHD_Result dispatch(struct server_ctx *sc, struct MHD_Connection *conn, const char *url,
                                const char *method, struct pending *pd)
{
	if (pd->slow) /* resumed: the pool's answer is ready */
		return atomic_load(&pd->slow->done) ? slow_answer(sc, conn, pd, pd->slow) : MHD_YES;
	const struct route *rt = route_for(sc, url, method);
	if (rt && rt->hashes && sc->hashes && !pd->early.code && !pd->too_big &&
	    (pd->slow = calloc(1, sizeof *pd->slow)) != NULL)
		return dispatch_slow(sc, conn, url, method, pd);
	return dispatch_now(sc, conn, url, method, pd);
}

/* Called by MHD with the raw request target, before it is decoded: the
 * request's state starts here (it becomes *con_cls of on_request). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)conn;
	struct pending *pd = calloc(1, sizeof *pd);
	if (!pd)
		return NULL;
	buf_init(&pd->body);
	clock_gettime(CLOCK_MONOTONIC, &pd->start);
	guard_uri(uri, &pd->early);
	return pd;
}

/* The first call, once the headers are in: answers at once, without
 * reading the body, what can be decided from them. Returns true when the
 * request was answered. */
static bool early_answer(struct server_ctx *sc, struct MHD_Connection *conn, const char *url,
                         const char *method, const char *version, struct pending *pd,
                         enum MHD_Result *ret)
{
	const struct route *rt = route_for(sc, url, method);
	pd->limit = rt && rt->max_body > 0 ? rt->max_body : sc->opts->max_body;
	/* Framing that leaves the body's end in doubt: whatever follows on
	 * this connection cannot be trusted, so it is closed; so is one whose
	 * address was refused before its body was read. */
	if (!pd->early.code)
		guard_framing(conn, version, &pd->early);
	if (pd->early.code)
		pd->close = true;
	/* Refuse a body declared too large before reading any of it (and
	 * before MHD answers "100 Continue"); MHD then closes the connection
	 * after the 413. Likewise answer 401 at once to a request without
	 * credentials for a route that needs them (the usual path through
	 * the authorisation hook, with no body). */
	if (!pd->early.code && declared_too_big(conn, pd->limit))
		pd->too_big = true;
	if (pd->early.code || pd->too_big || surely_anonymous(conn, rt)) {
		/* Never through the hash pool: no hash is needed to refuse. */
		*ret = dispatch_now(sc, conn, url, method, pd);
		return true;
	}
	return false;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	struct server_ctx *sc = cls;
	struct pending *pd = *con_cls;
	if (!pd)
		return MHD_NO; /* out of memory in on_uri */
	if (!pd->started) {
		pd->started = true;
		atomic_fetch_add(&sc->in_flight, 1);
		enum MHD_Result ret;
		if (early_answer(sc, conn, url, method, version, pd, &ret))
			return ret;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!pd->too_big) {
			if ((long)(pd->body.len + *upload_data_size) > pd->limit) {
				pd->too_big = true;
				buf_free(&pd->body);
			} else {
				buf_add(&pd->body, upload_data, *upload_data_size);
			}
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	return dispatch(sc, conn, url, method, pd);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	(void)toe;
	struct server_ctx *sc = cls;
	struct pending *pd = *con_cls;
	if (pd) {
		if (pd->started)
			atomic_fetch_sub(&sc->in_flight, 1);
		buf_free(&pd->body);
		slow_free(pd->slow);
		free(pd);
		*con_cls = NULL;
	}
}

/* Why the daemon could not listen on ss, in words an operator can act on:
 * libmicrohttpd only says that it failed, so bind a socket once to learn
 * the reason. */
static int listen_problem(const char *listen, const struct sockaddr_storage *ss, struct xerr *e)
{
	int fd = socket(ss->ss_family, SOCK_STREAM, 0);
	int err = 0;
	if (fd >= 0) {
		int one = 1;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		socklen_t len = ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
		                                          : sizeof(struct sockaddr_in);
		if (bind(fd, (const struct sockaddr *)ss, len) != 0)
			err = errno;
		close(fd);
	}
	switch (err) {
	case EADDRINUSE:
		return xerr_set(
		    e, XERR_IO, "listen",
		    "cannot listen on %s: another program already uses that port; stop "
		    "it, or choose another port (xaso serve --listen 127.0.0.1:8081, or "
		    "make run LISTEN=127.0.0.1:8081)",
		    listen);
	case EACCES:
		return xerr_set(
		    e, XERR_IO, "listen",
		    "cannot listen on %s: ports below 1024 need special rights; choose a "
		    "port above 1024, or serve behind the reverse proxy of deploy/",
		    listen);
	case EADDRNOTAVAIL:
		return xerr_set(e, XERR_IO, "listen",
		                "cannot listen on %s: this machine has no such address", listen);
	}
	return xerr_set(e, XERR_IO, "listen", "cannot listen on %s: %s", listen,
	                err ? strerror(err) : "the web server could not start");
}

/* Parses "host:port", "[v6]:port" or ":port" into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, struct xerr *e)
{
	char host[128] = "", port[16] = "";
	const char *colon = strrchr(listen, ':');
	if (!colon || !colon[1] || strlen(colon + 1) >= sizeof port)
		return xerr_set(e, XERR_INVALID, "listen",
		                "listen address \"%s\" must look like 127.0.0.1:8080", listen);
	snprintf(port, sizeof port, "%s", colon + 1);
	size_t hl = (size_t)(colon - listen);
	if (hl >= sizeof host)
		return xerr_set(e, XERR_INVALID, "listen", "listen host too long");
	memcpy(host, listen, hl);
	host[hl] = '\0';
	if (host[0] == '[' && hl >= 2 && host[hl - 1] == ']') {
		memmove(host, host + 1, hl - 2);
		host[hl - 2] = '\0';
	}
	struct addrinfo hints = {0}, *res = NULL;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	int rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
	if (rc != 0 || !res)
		return xerr_set(e, XERR_INVALID, "listen", "cannot use listen address \"%s\": %s",
		                listen, gai_strerror(rc));
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	return 0;
}

/* Flattens the module route tables and refuses undeclared policies. */
static int collect_routes(struct server_ctx *sc, struct xerr *e)
{
	int n = 0;
	const struct route *const *tables = web_route_tables();
	for (int t = 0; tables[t]; t++)
		for (const struct route *rt = tables[t]; rt->method; rt++)
			n++;
	sc->routes = calloc((size_t)n + 1, sizeof(const struct route *));
	sc->metrics = calloc((size_t)n + 1, sizeof *sc->metrics);
	if (!sc->routes || !sc->metrics)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	n = 0;
	for (int t = 0; tables[t]; t++) {
		for (const struct route *rt = tables[t]; rt->method; rt++) {
			if (!rt->action || !*rt->action)
				return xerr_set(e, XERR_INVALID, "route",
				                "route %s %s declares no authorisation policy; "
				                "refusing to start",
				                rt->method, rt->pattern);
			if (!authz_rule(rt->action))
				return xerr_set(
				    e, XERR_INVALID, "route",
				    "route %s %s names action \"%s\", which the policy table "
				    "does not know; refusing to start",
				    rt->method, rt->pattern, rt->action);
			if (input_check_route(rt, e) != 0)
				return e->code;
			if (rt->rate >= RL_CLASSES)
				return xerr_set(
				    e, XERR_INVALID, "route",
				    "route %s %s names no known rate limit; refusing to "
				    "start",
				    rt->method, rt->pattern);
			sc->routes[n++] = rt;
		}
	}
	sc->nroutes = n;
	return 0;
}

/* The routes, the rate limiter and the hash pool. */
static int server_setup(struct server_ctx *sc, const struct server_opts *o, struct xerr *e)
{
	int rc = collect_routes(sc, e);
	if (rc == 0 && !(sc->limiter = ratelimit_new(o->rate, RATELIMIT_SLOTS)))
		rc = xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	if (rc == 0 && !(sc->hashes = hashpool_new(o->hash_workers, o->hash_queue, o->hash_nice)))
		rc = xerr_set(e, XERR_NOMEM, NULL, "cannot start the password hashing workers");
	return rc;
}

int server_run(struct store *s, const struct server_opts *o, struct xerr *e)
{
	struct server_ctx sc;
	memset(&sc, 0, sizeof sc);
	sc.store = s;
	sc.opts = o;
	pthread_mutex_init(&sc.start_lock, NULL);
	buf_init(&sc.start_log);
	atomic_store(&sc.starting, true);
	int rc = server_setup(&sc, o, e);
	if (rc)
		goto done;
	struct sockaddr_storage ss = {0};
	if ((rc = parse_listen(o->listen, &ss, e)) != 0)
		goto done;

	/* Threads started by MHD inherit this mask: only the main thread
	 * receives SIGINT/SIGTERM, through sigwait() below. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads =
	    o->threads > 0 ? (unsigned)o->threads : (unsigned)(cores > 0 ? cores : 1);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
	                 MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct MHD_Daemon *d = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, &sc, MHD_OPTION_EXTERNAL_LOGGER, log_mhd, &sc,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)o->max_connections,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->idle_timeout,
	    /* Bounds request line plus headers (and MHD's read buffer). */
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned)(o->max_connections > 256 ? 256 : o->max_connections),
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, &sc, MHD_OPTION_URI_LOG_CALLBACK, on_uri,
	    &sc, MHD_OPTION_END);
	atomic_store(&sc.starting, false);
	if (!d) {
		rc = listen_problem(o->listen, &ss, e);
		goto done;
	}
	if (sc.start_log.len)
		fwrite(sc.start_log.data, 1, sc.start_log.len, stderr);
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[128];
	snprintf(host, sizeof host, "%s", o->listen);
	char *colon = strrchr(host, ':');
	if (colon)
		*colon = '\0';
	const char *shown = host[0] ? host : "0.0.0.0";
	unsigned port = di ? di->port : 0;
	printf("xaso: listening on http://%s:%u/ (%u threads, %d for password hashes); open it in "
	       "a browser, sign in at http://%s:%u/login\n",
	       shown, port, threads, hashpool_workers(sc.hashes), shown, port);
	fflush(stdout);
	if (o->listening)
		o->listening(o->listening_ctx);

	int sig = 0;
	sigwait(&stop, &sig);
	fprintf(stderr, "xaso: %s received, finishing requests in flight\n",
	        sig == SIGTERM ? "SIGTERM" : "SIGINT");
	MHD_socket ls = MHD_quiesce_daemon(d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	/* Requests already being handled run to completion before stop returns. */
	for (int i = 0; i < 100 && atomic_load(&sc.in_flight) > 0; i++)
		usleep(50 * 1000);
	/* Runs what the hash pool still holds and resumes those connections:
	 * libmicrohttpd must not stop with a connection suspended. */
	hashpool_free(sc.hashes);
	sc.hashes = NULL;
	MHD_stop_daemon(d);
	rc = 0;
done:
	buf_free(&sc.start_log);
	pthread_mutex_destroy(&sc.start_lock);
	free(sc.routes);
	free(sc.metrics);
	ratelimit_free(sc.limiter);
	hashpool_free(sc.hashes);
	return rc;
}
