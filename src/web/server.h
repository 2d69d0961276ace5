/*
 * server.h: the HTTP server on libmicrohttpd (internal thread pool, one
 * thread per core, epoll). Owns the listening socket, the per-request
 * arenas, the route table, limits, logging and metrics. Business rules live
 * in core/ and data in store/; the server only translates.
 */
#ifndef XASO_WEB_SERVER_H
#define XASO_WEB_SERVER_H

#include <stdbool.h>

#include "core/xerr.h"
#include "store/store.h"
#include "web/ratelimit.h"

struct results_secret;

struct server_opts {
	const char *listen; /* "127.0.0.1:8080", "[::1]:8080", ":8080" */
	int threads;        /* 0: one per core */
	long max_body;      /* bytes; larger bodies get 413 */
	int max_connections;
	int idle_timeout;       /* seconds */
	const char *data_dir;   /* attachments */
	bool quiet;             /* no per-request log lines */
	int session_idle;       /* seconds; 0: 30 minutes */
	int session_max;        /* seconds; 0: 12 hours */
	bool https;             /* Secure cookies (TLS here or at a proxy) */
	const char *public_url; /* "https://xa.example.vn": printed QR codes; NULL: from Host */
	/* Addresses of reverse proxies whose X-Forwarded-For is believed,
	 * comma-separated in canonical form (NULL: none; web/guard.h). */
	const char *trusted_proxy;
	/* GET /metrics answers to loopback peers, and to others only with
	 * "Authorization: Bearer <metrics_token>" (NULL: loopback only). */
	const char *metrics_token;
	struct rl_rule rate[RL_CLASSES]; /* web/ratelimit.h */
	/* Password hashes computed at once (0: one per core), and sign-ins
	 * waiting for a turn beyond them (0: none): web/hashpool.h. */
	int hash_workers;
	int hash_queue;
	int hash_nice; /* the workers' priority below the other threads' */
	/* What opens the signing keys (web/results.h); NULL or no guard: no
	 * approval can sign. */
	const struct results_secret *secret;
	/* Called once, on the main thread, when the server listens (NULL:
	 * nothing): work that must not start before, such as the background
	 * snapshots (web/snapshots.h). */
	void (*listening)(void *ctx);
	void *listening_ctx;
};

/* Runs until SIGINT or SIGTERM, then finishes the requests in flight and
 * returns 0. Prints the URL on stdout once listening. */
int server_run(struct store *s, const struct server_opts *o, struct xerr *e);

#endif
