/*
 * guard.c: request checks made by the server before any handler (see
 * guard.h). Nothing here knows a route's business: what it needs of a
 * route is in the route's declaration (raw_body, web/http.h).
 */
#include "web/guard.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "web/server_int.h"

bool guard_safe_method(const char *method)
{
	return !strcmp(method, "GET") || !strcmp(method, "HEAD") || !strcmp(method, "OPTIONS");
}

int guard_uri(const char *uri, struct xerr *e)
{
	/* Only the path: query values are declared inputs, each refused
	 * with its own name when it holds %00 (web/input.c). */
	size_t path_len = strcspn(uri, "?");
	for (const char *p = uri; (p = strchr(p, '%')) != NULL && (size_t)(p - uri) < path_len; p++)
		if (p[1] == '0' && p[2] == '0')
			return xerr_set(e, XERR_INVALID, "path",
			                "the path contains %%00 (a NUL character)");
	return 0;
}

struct header_counts {
	int content_length, transfer_encoding, host;
	const char *te;
};

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
	(void)kind;
	struct header_counts *n = cls;
	if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH))
		n->content_length++;
	else if (!strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING)) {
		n->transfer_encoding++;
		n->te = value;
	} else if (!strcasecmp(key, MHD_HTTP_HEADER_HOST))
		n->host++;
	return MHD_YES;
}

int guard_framing(struct MHD_Connection *conn, const char *version, struct xerr *e)
{
	struct header_counts n = {0, 0, 0, NULL};
	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header, &n);
	/* RFC 9112 6.3: a message with both is a smuggling attempt or an
	 * error; either way its length cannot be trusted. */
	if (n.transfer_encoding && n.content_length)
		return xerr_set(e, XERR_INVALID, "Transfer-Encoding",
		                "send either Content-Length or Transfer-Encoding, not both");
	if (n.content_length > 1)
		return xerr_set(e, XERR_INVALID, "Content-Length", "send one Content-Length");
	if (n.transfer_encoding > 1 ||
	    (n.transfer_encoding && strcasecmp(n.te ? n.te : "", "chunked")))
		return xerr_set(e, XERR_INVALID, "Transfer-Encoding",
		                "the only transfer coding accepted is chunked");
	/* RFC 9112 3.2: exactly one Host in an HTTP/1.1 request. */
	if (version && !strcmp(version, MHD_HTTP_VERSION_1_1) && n.host != 1)
		return xerr_set(e, XERR_INVALID, "Host", "send one Host header");
	return 0;
}

/* "scheme://authority" of the request's own site, compared with Origin. */
static bool same_site_origin(struct req *r, const char *origin)
{
	const char *sep = strstr(origin, "://");
	if (!sep || !strcmp(origin, "null"))
		return false;
	const struct server_opts *o = r->srv ? r->srv->opts : NULL;
	if (o && o->public_url && !strcasecmp(origin, o->public_url))
		return true;
	const char *authority = sep + 3, *host = req_header(r, MHD_HTTP_HEADER_HOST);
	if (!host || !*authority)
		return false;
	size_t hl = strlen(host);
	/* A Host with the scheme's default port names the same site. */
	bool https = !strncasecmp(origin, "https://", 8);
	const char *dflt = https ? ":443" : ":80";
	size_t dl = strlen(dflt);
	if (hl > dl && !strcmp(host + hl - dl, dflt) && !strchr(authority, ':'))
		hl -= dl;
	return strlen(authority) == hl && !strncasecmp(authority, host, hl);
}

int guard_request(struct req *r, const struct route *rt, struct xerr *e)
{
	if (guard_safe_method(r->method))
		return 0;
	/* Fetch metadata (sent by current browsers) and Origin: a browser
	 * says where the page that sent the request came from. Programs send
	 * neither and are not affected. */
	const char *site = req_header(r, "Sec-Fetch-Site");
	if (site && strcmp(site, "same-origin") && strcmp(site, "none"))
		return xerr_set(e, XERR_FORBIDDEN, "Sec-Fetch-Site",
		                "a change sent from another site is refused");
	const char *origin = req_header(r, "Origin");
	if (origin && !same_site_origin(r, origin))
		return xerr_set(e, XERR_FORBIDDEN, "Origin",
		                "a change sent from another site is refused");
	if (!req_is_api(r) || rt->raw_body)
		return 0;
	/* A form on another site can post text/plain or a form without
	 * asking; only a script allowed by the site (none is) could post
	 * JSON. */
	const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (r->body_len && (!ct || !req_media_is(ct, "application/json")))
		return xerr_set(e, XERR_MEDIA_TYPE, "Content-Type",
		                "send the body as application/json");
	return 0;
}

static void peer_ip(struct MHD_Connection *c, char *dst, size_t cap)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	dst[0] = '\0';
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, dst,
		          (socklen_t)cap);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		          dst, (socklen_t)cap);
}

/* True when ip is one of the comma-separated addresses of list. */
static bool listed(const char *list, const char *ip)
{
	size_t n = strlen(ip);
	for (const char *p = list; p && *p;) {
		p += strspn(p, ", ");
		size_t l = strcspn(p, ", ");
		if (l == n && n && !strncmp(p, ip, n))
			return true;
		p += l;
	}
	return false;
}

/* The last address of X-Forwarded-For (the one the proxy appended), in
 * canonical form; false when there is none or it is not an address. */
static bool forwarded_ip(const char *xff, char *dst, size_t cap)
{
	const char *last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	last += strspn(last, " \t");
	char tmp[64];
	size_t l = strcspn(last, " \t");
	if (l == 0 || l >= sizeof tmp)
		return false;
	memcpy(tmp, last, l);
	tmp[l] = '\0';
	unsigned char a[16];
	if (inet_pton(AF_INET, tmp, a) == 1)
		return inet_ntop(AF_INET, a, dst, (socklen_t)cap) != NULL;
	if (inet_pton(AF_INET6, tmp, a) == 1)
		return inet_ntop(AF_INET6, a, dst, (socklen_t)cap) != NULL;
	return false;
}

void guard_client_ip(struct MHD_Connection *conn, const struct server_opts *o, char *dst,
                     size_t cap)
{
	peer_ip(conn, dst, cap);
	if (!o || !o->trusted_proxy || !listed(o->trusted_proxy, dst))
		return;
	const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
	char fwd[64];
	if (xff && forwarded_ip(xff, fwd, sizeof fwd))
		snprintf(dst, cap, "%s", fwd);
}
