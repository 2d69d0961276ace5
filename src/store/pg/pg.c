/*
 * pg.c: the PostgreSQL back end, the store's table of functions for a
 * PostgreSQL database (db.h, db_pg_methods), through libpq. With
 * pg_stmt.c and pg_admin.c, the only code of xaso that calls PQ*.
 *
 * A pool of connections to one database, opened as they are first needed
 * (at most twice the cores plus two, as SQLite's pool), each with the
 * settings we rely on: synchronous_commit on (an acknowledged commit is on
 * the server's disk), UTF-8, standard strings. Statements are prepared on
 * the server once per connection and reused (pg_stmt.c).
 *
 * Transactions. A read is REPEATABLE READ, READ ONLY: one snapshot. A
 * write takes, after this process's own write mutex, a transaction-level
 * advisory lock that every xaso process asks for the same key: writers are
 * serialised across all servers of a database as they are within one
 * process, so the audit chain (each entry links to the last) and the id
 * counters grow in commit order, which the memo's look at other processes'
 * changes relies on (memo.c). Under the lock, READ COMMITTED sees every
 * earlier commit, so writers behave as if serialisable.
 *
 * Other processes' commits. Every write transaction sends NOTIFY
 * xaso_commit with its COMMIT; the pool keeps one more connection that
 * LISTENs on that channel, and changed() reads what has arrived on its
 * socket without a round trip. When that connection is lost, changed()
 * answers "changed" (always safe) until it is back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/pg/pg_int.h"
#include "store/store.h"

/* The advisory lock key of writers: "xaso" in ASCII. */
#define PG_WRITE_LOCK "2019652463"

static int64_t mono_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

int pg_command(PGconn *pg, const char *sql, struct xerr *e)
{
	PGresult *res = PQexec(pg, sql);
	ExecStatusType st = PQresultStatus(res);
	int rc = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = pg_result_error(pg, res, e);
	PQclear(res);
	return rc;
}

/* The first line of libpq's message, without "FATAL:  " and the like. */
static void connect_error(PGconn *pg, const char *what, struct xerr *e)
{
	const char *m = pg ? PQerrorMessage(pg) : "out of memory";
	const char *fatal = strstr(m, "FATAL:  ");
	if (fatal)
		m = fatal + 8;
	size_t n = strcspn(m, "\n");
	xerr_set(e, XERR_IO, "db", "%s: %.*s", what, (int)(n > 150 ? 150 : n), m);
}

/* The server's notices (NOTICE: relation exists, skipping) are not for
 * our users; errors come back with their results. */
static void no_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

PGconn *pg_connect(const struct pg_pool *p, const char *address, struct xerr *e)
{
	PGconn *pg = PQconnectdb(address);
	if (!pg || PQstatus(pg) != CONNECTION_OK) {
		connect_error(pg, "cannot connect to the PostgreSQL database", e);
		PQfinish(pg);
		return NULL;
	}
	PQsetNoticeProcessor(pg, no_notices, NULL);
	char set[256];
	snprintf(set, sizeof set,
	         "SET synchronous_commit = %s; SET client_encoding = 'UTF8'; "
	         "SET standard_conforming_strings = on; SET application_name = 'xaso'; "
	         "SET client_min_messages = warning",
	         p && p->bulk ? "off" : "on");
	if (pg_command(pg, set, e) != 0) {
		PQfinish(pg);
		return NULL;
	}
	return pg;
}

/* ---- the pool ---- */

static void conn_close(struct pg_conn *c)
{
	pg_stmts_free(c);
	PQfinish(c->pg);
	c->pg = NULL;
}

/* (Re)connects c when it has no live session; false when the server
 * cannot be reached (its statements then fail with that error). */
static bool conn_ready(struct pg_pool *p, struct pg_conn *c)
{
	if (c->pg && PQstatus(c->pg) == CONNECTION_OK)
		return true;
	struct xerr ignored = {0};
	conn_close(c);
	c->pg = pg_connect(p, p->address, &ignored);
	return c->pg != NULL;
}

static void pool_close(struct db *d)
{
	struct pg_pool *p = PG_POOL(d);
	if (!p)
		return;
	for (int i = 0; i < PG_POOL_MAX; i++)
		conn_close(&p->conn[i]);
	PQfinish(p->watch);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->free);
	pthread_mutex_destroy(&p->write_lock);
	pthread_mutex_destroy(&p->watch_lock);
	free(p->address);
	free(p->base.blob_dir);
	free(p);
}

static bool says_no_database(const struct xerr *e)
{
	return strstr(e->msg, "database \"") && strstr(e->msg, "does not exist");
}

/* The message for a database that is not there says how to make it. */
static int no_database(struct xerr *e)
{
	char msg[sizeof e->msg];
	memcpy(msg, e->msg, sizeof msg);
	return xerr_set(e, XERR_NOTFOUND, "db", "%.150s (create it with: xaso init)", msg);
}

static int pool_open(const char *address, int flags, struct db **out, struct xerr *e)
{
	*out = NULL;
	struct pg_pool *p = calloc(1, sizeof *p);
	if (!p || !(p->address = strdup(address))) {
		free(p);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	p->base.m = &db_pg_methods;
	p->flags = flags;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->free, NULL);
	pthread_mutex_init(&p->write_lock, NULL);
	pthread_mutex_init(&p->watch_lock, NULL);
	for (int i = 0; i < PG_POOL_MAX; i++)
		p->conn[i].base.m = &db_pg_methods, p->conn[i].pool = p;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	p->max = cpus > 0 ? (int)cpus * 2 + 2 : 4;
	if (p->max > PG_POOL_MAX)
		p->max = PG_POOL_MAX;
	/* The first connection tells at once whether the address works; a
	 * new province's database is created by xaso init. */
	p->conn[0].pg = pg_connect(p, address, e);
	if (!p->conn[0].pg && (flags & STORE_CREATE) && says_no_database(e) &&
	    pg_create_database(address, e) == 0)
		p->conn[0].pg = pg_connect(p, address, e);
	if (!p->conn[0].pg) {
		if (says_no_database(e))
			no_database(e);
		pool_close(&p->base);
		return e->code;
	}
	/* Attachments have no place implied by a server address: --data. */
	p->base.blob_dir = NULL;
	*out = &p->base;
	return 0;
}

static struct db_conn *pool_get(struct db *d)
{
	struct pg_pool *p = PG_POOL(d);
	pthread_mutex_lock(&p->lock);
	for (;;) {
		int pick = -1;
		for (int i = 0; i < p->max; i++) {
			if (p->conn[i].busy)
				continue;
			if (p->conn[i].pg) {
				pick = i;
				break;
			}
			if (pick < 0)
				pick = i;
		}
		if (pick >= 0) {
			struct pg_conn *c = &p->conn[pick];
			c->busy = true;
			pthread_mutex_unlock(&p->lock);
			conn_ready(p, c);
			return &c->base;
		}
		pthread_cond_wait(&p->free, &p->lock);
	}
}

static void pool_put(struct db *d, struct db_conn *dc)
{
	struct pg_pool *p = PG_POOL(d);
	pthread_mutex_lock(&p->lock);
	PG_CONN(dc)->busy = false;
	pthread_cond_signal(&p->free);
	pthread_mutex_unlock(&p->lock);
}

/* ---- scripts and transactions ---- */

static int conn_exec(struct db_conn *dc, const char *sql, struct xerr *e)
{
	struct pg_conn *c = PG_CONN(dc);
	if (!c->pg)
		return xerr_set(e, XERR_IO, "db", "no connection to the PostgreSQL database");
	/* What bulk loading queued is read back first: its error is ours. */
	int rc = pg_flush(c, e);
	return rc ? rc : pg_command(c->pg, sql, e);
}

static void writer_done(struct pg_conn *c)
{
	c->defer = false;
	if (c->writing) {
		c->writing = false;
		pthread_mutex_unlock(&c->pool->write_lock);
	}
}

static int conn_begin(struct db_conn *dc, enum db_tx mode, struct xerr *e)
{
	struct pg_conn *c = PG_CONN(dc);
	if (mode == DB_READ)
		return conn_exec(dc, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", e);
	if (c->pool->flags & STORE_READONLY)
		return xerr_set(e, XERR_IO, "db", "the database was opened read-only");
	pthread_mutex_lock(&c->pool->write_lock);
	c->writing = true;
	int rc = conn_exec(dc, "BEGIN; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")", e);
	if (rc) {
		struct xerr ignored = {0};
		conn_exec(dc, "ROLLBACK", &ignored);
		writer_done(c);
	}
	return rc;
}

static void conn_defer_errors(struct db_conn *dc)
{
	PG_CONN(dc)->defer = true;
}

static void conn_rollback(struct db_conn *dc)
{
	struct xerr ignored = {0};
	pg_flush(PG_CONN(dc), &ignored);
	conn_exec(dc, "ROLLBACK", &ignored);
	writer_done(PG_CONN(dc));
}

static int conn_commit(struct db_conn *dc, struct xerr *e)
{
	struct pg_conn *c = PG_CONN(dc);
	int rc = conn_exec(dc, c->writing ? "NOTIFY " PG_CHANNEL "; COMMIT" : "COMMIT", e);
	if (rc) {
		conn_rollback(dc);
		return rc;
	}
	writer_done(c);
	return 0;
}

/* ---- other processes' commits ---- */

static void watch_connect(struct pg_pool *p)
{
	struct xerr ignored = {0};
	PQfinish(p->watch);
	p->watch = pg_connect(p, p->address, &ignored);
	if (p->watch && pg_command(p->watch, "LISTEN " PG_CHANNEL, &ignored) != 0) {
		PQfinish(p->watch);
		p->watch = NULL;
	}
	if (p->watch)
		PQsetnonblocking(p->watch, 1);
	else
		p->watch_retry = mono_seconds() + 1;
}

static bool pool_changed(struct db *d, uint64_t *stamp)
{
	struct pg_pool *p = PG_POOL(d);
	bool lost = false;
	pthread_mutex_lock(&p->watch_lock);
	if (!p->watch || PQstatus(p->watch) != CONNECTION_OK) {
		/* Until the watch is back, every question answers "changed". */
		if (mono_seconds() >= p->watch_retry)
			watch_connect(p);
		p->commits++;
		lost = true;
	} else if (PQconsumeInput(p->watch) == 0) {
		p->commits++;
		lost = true;
		PQfinish(p->watch);
		p->watch = NULL;
	} else {
		PGnotify *n;
		while ((n = PQnotifies(p->watch)) != NULL) {
			p->commits++;
			PQfreemem(n);
		}
	}
	uint64_t now = p->commits + 1; /* never 0, so a first stamp of 0 differs */
	pthread_mutex_unlock(&p->watch_lock);
	bool changed = lost || now != *stamp;
	*stamp = now;
	return changed;
}

static int pool_open_watched(const char *address, int flags, struct db **out, struct xerr *e)
{
	int rc = pool_open(address, flags, out, e);
	/* A read-only pool (a replica, a backup) has no changes to follow:
	 * a standby refuses LISTEN. */
	if (rc == 0 && !(flags & STORE_READONLY)) {
		struct pg_pool *p = PG_POOL(*out);
		pthread_mutex_lock(&p->watch_lock);
		watch_connect(p);
		pthread_mutex_unlock(&p->watch_lock);
	}
	return rc;
}

const struct store_methods db_pg_methods = {
    .name = "postgresql",
    .open = pool_open_watched,
    .close = pool_close,
    .get = pool_get,
    .put = pool_put,
    .prepare = pg_prepare,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .column_int64 = pg_column_int64,
    .column_double = pg_column_double,
    .column_text = pg_column_text,
    .column_null = pg_column_null,
    .reset = pg_reset,
    .exec = conn_exec,
    .defer_errors = conn_defer_errors,
    .begin = conn_begin,
    .commit = conn_commit,
    .rollback = conn_rollback,
    .schema_version = pg_schema_version,
    .set_schema_version = pg_set_schema_version,
    .migrations = pg_migrations,
    .backup = pg_backup,
    .restore = pg_restore,
    .bulk_mode = pg_bulk_mode,
    .size_bytes = pg_size_bytes,
    .maintain = pg_maintain,
    .changed = pool_changed,
};
