/*
 * hashpool.h: the workers that run the requests which compute password
 * hashes, off libmicrohttpd's threads.
 *
 * An Argon2id hash holds PASSWORD_HASH_MEM bytes (core/secret.h) and a core
 * for tens of milliseconds. Computed on libmicrohttpd's threads, the
 * hashes of sign-ins would take as much memory as there are threads and
 * stall every other request those threads serve (tracking, pages). So a
 * route that hashes (sign-in, registration, a password change: `.hashes`
 * in struct route, web/http.h) is run by this pool instead: the server
 * suspends the connection, submits a job, and the worker that runs it
 * resumes the connection when the answer is ready (server.c).
 *
 * At most `workers` jobs run at once, so at most that many hashes are held
 * in memory whatever the callers do; up to `queue_max` more wait their
 * turn in order; beyond that hashpool_submit() refuses the job and the
 * server answers 503 with Retry-After (hashpool_retry_after()). Workers
 * run at a lower scheduling priority than libmicrohttpd's threads (`nice`
 * steps more: 5 by default, about a third of their share of the cores
 * when both want them), so a burst of sign-ins takes the idle time of the
 * cores before it takes theirs. Under valgrind, where a process runs one
 * thread at a time, a lowered worker would slow the whole server on a busy
 * machine: there the setting is 0 (scripts/valgrind.sh).
 *
 * Memory: the pool owns its threads; jobs belong to the caller, who keeps
 * each alive until its run() has returned (run() may end it: the pool
 * does not touch a job after calling it). hashpool_free() runs every job
 * still queued, then stops the workers.
 */
#ifndef XASO_WEB_HASHPOOL_H
#define XASO_WEB_HASHPOOL_H

#include <stdint.h>

struct hashpool;

struct hashpool_job {
	void (*run)(struct hashpool_job *job); /* on a worker */
	/* The pool's own. */
	struct hashpool_job *next;
	uint64_t queued_us;
};

/* A pool of `workers` threads (0: one per core) at `nice` steps below the
 * caller's priority (0: the same), and a queue of queue_max jobs (0: none:
 * a job waits only for a free worker); NULL when the threads cannot start. */
struct hashpool *hashpool_new(int workers, int queue_max, int nice);

/* Queues job. 0, or -1 when workers and queue are full (nothing queued). */
int hashpool_submit(struct hashpool *p, struct hashpool_job *job);

/* Seconds after which a refused caller may expect room: the queue's length
 * times the recent time of a job, divided among the workers; at least 1. */
int hashpool_retry_after(struct hashpool *p);

/* The number of workers. */
int hashpool_workers(const struct hashpool *p);

/* Runs what is queued, stops and joins the workers, frees the pool. */
void hashpool_free(struct hashpool *p);

#endif
