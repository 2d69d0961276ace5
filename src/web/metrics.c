/*
 * metrics.c: request counters and the latency histogram (atomic, shared by
 * all server threads), and GET /metrics in the Prometheus text format.
 *
 * The figures tell an outsider what the server does and how busy it is, so
 * /metrics answers only a monitor on the same machine (a loopback peer
 * that no proxy forwarded for) or one that sends the configured token as
 * "Authorization: Bearer TOKEN" (setting metrics_token).
 */
#include <arpa/inet.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "web/server_int.h"

const int metric_status_codes[METRIC_STATUSES] = {200, 201, 204, 301, 302, 303, 304,
                                                  400, 401, 403, 404, 405, 409, 413,
                                                  415, 422, 429, 500, 503, 0 /* other */};

const double metric_bucket_bounds[METRIC_BUCKETS] = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

int metric_status_index(int status)
{
	for (int i = 0; i < METRIC_STATUSES - 1; i++)
		if (metric_status_codes[i] == status)
			return i;
	return METRIC_STATUSES - 1;
}

void metrics_observe(struct server_ctx *sc, int route, int status, uint64_t micros)
{
	atomic_fetch_add_explicit(&sc->metrics[route].by_status[metric_status_index(status)], 1,
	                          memory_order_relaxed);
	double secs = (double)micros / 1e6;
	for (int b = 0; b < METRIC_BUCKETS; b++) {
		if (secs <= metric_bucket_bounds[b]) {
			atomic_fetch_add_explicit(&sc->latency_bucket[b], 1, memory_order_relaxed);
			break;
		}
	}
	atomic_fetch_add_explicit(&sc->latency_count, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&sc->latency_sum_us, micros, memory_order_relaxed);
}

/* 127.0.0.0/8 or ::1, not forwarded by a proxy on the same machine. */
static bool local_monitor(struct req *r)
{
	unsigned char a[16];
	const char *ip = r->client_ip ? r->client_ip : "";
	if (req_header(r, "X-Forwarded-For") || req_header(r, "Forwarded"))
		return false;
	if (inet_pton(AF_INET, ip, a) == 1)
		return a[0] == 127;
	static const unsigned char one[16] = {[15] = 1};
	return inet_pton(AF_INET6, ip, a) == 1 && !memcmp(a, one, sizeof one);
}

static bool token_ok(struct req *r)
{
	const char *want = r->srv->opts ? r->srv->opts->metrics_token : NULL;
	const char *h = req_header(r, "Authorization");
	if (!want || !h || strncmp(h, "Bearer ", 7))
		return false;
	size_t n = strlen(want);
	return strlen(h + 7) == n && sodium_memcmp(h + 7, want, n) == 0;
}

static int get_metrics(struct req *r)
{
	const struct server_ctx *sc = r->srv;
	if (!local_monitor(r) && !token_ok(r))
		return resp_fail(r, XERR_FORBIDDEN, "Authorization",
		                 "metrics are served to this machine, or with the metrics token");
	struct buf *b = &r->out;
	buf_puts(b, "# HELP xaso_http_requests_total HTTP requests by route and status.\n"
	            "# TYPE xaso_http_requests_total counter\n");
	for (int i = 0; i <= sc->nroutes; i++) {
		const char *route = i < sc->nroutes ? sc->routes[i]->pattern : "unmatched";
		const char *method = i < sc->nroutes ? sc->routes[i]->method : "";
		for (int s = 0; s < METRIC_STATUSES; s++) {
			unsigned long v = atomic_load(&sc->metrics[i].by_status[s]);
			if (!v)
				continue;
			if (metric_status_codes[s])
				buf_printf(b,
				           "xaso_http_requests_total{method=\"%s\",route=\"%s\","
				           "status=\"%d\"} %lu\n",
				           method, route, metric_status_codes[s], v);
			else
				buf_printf(b,
				           "xaso_http_requests_total{method=\"%s\",route=\"%s\","
				           "status=\"other\"} %lu\n",
				           method, route, v);
		}
	}
	buf_puts(b, "# HELP xaso_http_request_duration_seconds Time from request to response.\n"
	            "# TYPE xaso_http_request_duration_seconds histogram\n");
	unsigned long cum = 0;
	for (int i = 0; i < METRIC_BUCKETS; i++) {
		cum += atomic_load(&sc->latency_bucket[i]);
		buf_printf(b, "xaso_http_request_duration_seconds_bucket{le=\"%g\"} %lu\n",
		           metric_bucket_bounds[i], cum);
	}
	unsigned long count = atomic_load(&sc->latency_count);
	buf_printf(b, "xaso_http_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n", count);
	buf_printf(b, "xaso_http_request_duration_seconds_sum %.6f\n",
	           (double)atomic_load(&sc->latency_sum_us) / 1e6);
	buf_printf(b, "xaso_http_request_duration_seconds_count %lu\n", count);
	buf_printf(b,
	           "# HELP xaso_http_requests_in_flight Requests being handled.\n"
	           "# TYPE xaso_http_requests_in_flight gauge\n"
	           "xaso_http_requests_in_flight %lu\n",
	           atomic_load(&sc->in_flight));
	buf_printf(b,
	           "# HELP xaso_db_size_bytes Size of the database.\n"
	           "# TYPE xaso_db_size_bytes gauge\n"
	           "xaso_db_size_bytes %lld\n",
	           (long long)store_size_bytes(r->store));
	r->status = 200;
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
	return 0;
}

static int get_healthz(struct req *r)
{
	struct xerr e = {0};
	if (store_schema_version(r->store, &e) < 0)
		return resp_fail(r, XERR_IO, "db", "database unavailable");
	buf_puts(&r->out, "ok\n");
	r->status = 200;
	r->content_type = "text/plain; charset=utf-8";
	return 0;
}

const struct route ops_routes[] = {
    {"GET", "/healthz", get_healthz, "public"},
    {"GET", "/metrics", get_metrics, "public"},
    {NULL, NULL, NULL, NULL},
};
