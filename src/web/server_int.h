/*
 * server_int.h: pieces of the web layer shared between its files, not
 * visible to handlers: the server context, the route tables, metrics and
 * the authorisation hook.
 */
#ifndef XASO_WEB_SERVER_INT_H
#define XASO_WEB_SERVER_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "web/http.h"
#include "web/server.h"

/* Status codes counted one by one in the metrics; others go to "other". */
enum { METRIC_STATUSES = 20, METRIC_BUCKETS = 13 };

struct route_metrics {
	atomic_ulong by_status[METRIC_STATUSES];
};

struct server_ctx {
	struct store *store;
	const struct server_opts *opts;
	const struct route **routes; /* flattened, NULL-terminated */
	int nroutes;
	struct route_metrics *metrics; /* nroutes + 1 (the last: no route) */
	atomic_ulong latency_bucket[METRIC_BUCKETS];
	atomic_ulong latency_count;
	atomic_ullong latency_sum_us;
	atomic_ulong in_flight;
	struct ratelimit *limiter; /* web/ratelimit.h */
	struct hashpool *hashes;   /* web/hashpool.h */
	/* While the daemon starts, libmicrohttpd's messages wait here: printed
	 * once it listens, dropped when it cannot (server.c explains why in
	 * words an operator can act on, instead of "Failed to bind to port 0"). */
	atomic_bool starting;
	pthread_mutex_t start_lock;
	struct buf start_log;
};

/* Every module's route table, terminated by a route with NULL method. */
const struct route *const *web_route_tables(void);

/* The status codes counted one by one; index of a status in that list. */
extern const int metric_status_codes[METRIC_STATUSES];
int metric_status_index(int status);
extern const double metric_bucket_bounds[METRIC_BUCKETS];
void metrics_observe(struct server_ctx *sc, int route, int status, uint64_t micros);

/* The single authorisation decision: may the caller of r run `action`?
 * Fills r's principal (when signed in). Returns 0, XERR_AUTH or
 * XERR_FORBIDDEN (with e filled). Routes call auth_unit() again once they
 * know the unit of the record they touch. */
int auth_route(struct req *r, const struct route *rt, struct xerr *e);

/* Declared inputs (input.c): the check of a route's declarations at
 * start, and the reading of a request's inputs into r->in after its
 * action was allowed (0, or the first refusal: 400, 413 for files). */
int input_check_route(const struct route *rt, struct xerr *e);
/* One value against its declaration: 0 with *num set (IN_INT, IN_DATE,
 * IN_TIME, IN_CHECK), or the refusal naming the parameter. */
int input_check(const struct param *p, const char *v, int64_t *num, struct xerr *e);
int input_read(struct req *r, struct xerr *e);

#endif
