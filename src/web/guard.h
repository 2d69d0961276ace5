/*
 * guard.h: the checks every request passes before any handler, made in one
 * place by the server (server.c calls them in this order):
 *
 *   guard_uri()      on the raw request target, before libmicrohttpd
 *                    decodes it: a %00 would cut the decoded path short
 *                    (/api/v1/track/CODE%00 would reach CODE), so it is
 *                    refused (400) before any route is matched. (A query
 *                    value is a route's declared input: web/input.c
 *                    refuses one holding %00, naming it.);
 *   guard_framing()  on the headers, before the body is read: a request
 *                    whose length is ambiguous (Content-Length with
 *                    Transfer-Encoding, two Content-Lengths, a transfer
 *                    coding other than chunked) or an HTTP/1.1 request
 *                    without exactly one Host is refused (400) and the
 *                    connection is closed, since what follows on it cannot
 *                    be told apart from the body;
 *   guard_request()  once the route is known: a state-changing request
 *                    (any method but GET, HEAD, OPTIONS) that a browser
 *                    says comes from another site (Origin, Sec-Fetch-Site)
 *                    is refused (403): no page elsewhere can sign a
 *                    visitor in, or act with their session. A state-
 *                    changing API route takes only application/json bodies
 *                    (415 otherwise), except a route that declares it
 *                    takes a file (raw_body in struct route, web/http.h).
 *
 * guard_client_ip() decides the client's address: the peer's, or, when the
 * peer is a configured trusted proxy, the address that proxy appended to
 * X-Forwarded-For. The request log, the audit log, the sign-in throttle and
 * the rate limits all use it. What a reverse proxy must still cover (header
 * deadlines, slow bodies) is in docs/security.md and deploy/nginx/.
 */
#ifndef XASO_WEB_GUARD_H
#define XASO_WEB_GUARD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/xerr.h"

struct MHD_Connection;
struct req;
struct route;
struct server_opts;

/* The raw request target (path and query, still percent-encoded): its
 * path must hold no %00. */
int guard_uri(const char *uri, struct xerr *e);

/* The request line's version and the headers, on the first call. */
int guard_framing(struct MHD_Connection *conn, const char *version, struct xerr *e);

/* Cross-site state changes and the media type of API bodies. XERR_FORBIDDEN
 * (403) or XERR_MEDIA_TYPE (415) naming the header at fault. */
int guard_request(struct req *r, const struct route *rt, struct xerr *e);

/* The client's address as text into dst[cap] ("" when unknown). */
void guard_client_ip(struct MHD_Connection *conn, const struct server_opts *o, char *dst,
                     size_t cap);

/* True for GET, HEAD and OPTIONS: methods that change nothing. */
bool guard_safe_method(const char *method);

#endif
