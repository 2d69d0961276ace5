/*
 * pg_int.h: what the files of the PostgreSQL back end share (pg.c: the
 * pool, connections, transactions and the change watch; pg_stmt.c:
 * statements; pg_admin.c: schema versions, migrations, backups and other
 * whole-database operations). Only src/store/pg/ includes it, apart from
 * the unit test of the placeholder rewriting.
 *
 * Every struct begins with its db.h counterpart, so the table's functions
 * cast between them. A pool owns its connections; a connection owns its
 * statements (cached by the address of their static SQL text, as SQLite's
 * back end does) and the server-side prepared statements behind them.
 */
#ifndef XASO_STORE_PG_INT_H
#define XASO_STORE_PG_INT_H

#include <libpq-fe.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

enum {
	PG_POOL_MAX = 16,
	PG_STMT_SLOTS = 512,
	PG_PREP_PER_STMT = 4,  /* parameter type signatures kept per statement */
	PG_PIPELINE_MAX = 256, /* results read back after this many queued */
};

struct pg_conn;

/* One server-side prepared statement: the parameter types it was
 * prepared with ('i' bigint, 'd' double precision, 't' text, 'u' left to
 * the server) and its name on the connection. */
struct pg_prep {
	char *sig;
	char name[16];
};

struct pg_stmt {
	struct db_stmt base;
	struct pg_conn *c;
	const char *sql; /* the caller's text (the cache key) */
	char *text;      /* with $N for ?N (malloc'd) */
	int nparams;
	bool rowless; /* INSERT, UPDATE or DELETE without RETURNING: no rows */
	/* Bound values as text: offsets into vals (-1: NULL), and kinds. */
	char *kind;
	long *off;
	char *vals;
	size_t vlen, vcap;
	const char **argv; /* built at execution from off */
	struct pg_prep prep[PG_PREP_PER_STMT];
	int nprep;
	/* The result being read: all rows at once, row `row` current; ran:
	 * executed since the last reset (queued statements have no result). */
	PGresult *res;
	int row, nrows;
	bool ran;
};

struct pg_conn {
	struct db_conn base;
	struct pg_pool *pool;
	PGconn *pg;
	bool busy, writing;
	unsigned names; /* prepared statements named so far */
	int queued;     /* statements sent in pipeline mode, results unread */
	bool defer;     /* this transaction's rowless statements may be queued */
	const char *key[PG_STMT_SLOTS];
	struct pg_stmt *stmt[PG_STMT_SLOTS];
};

struct pg_pool {
	struct db base;
	char *address; /* the libpq connection URI */
	int flags;
	int max; /* connections at most */
	bool bulk;
	struct pg_conn conn[PG_POOL_MAX];
	pthread_mutex_t lock;
	pthread_cond_t free;
	/* Writers of this process queue here before the server's lock. */
	pthread_mutex_t write_lock;
	/* The connection that LISTENs for commits (changed). */
	pthread_mutex_t watch_lock;
	PGconn *watch;
	int64_t watch_retry; /* monotonic seconds of the next reconnection try */
	uint64_t commits;    /* notifications seen */
};

#define PG_POOL(d) ((struct pg_pool *)(void *)(d))
#define PG_CONN(c) ((struct pg_conn *)(void *)(c))
#define PG_STMT(s) ((struct pg_stmt *)(void *)(s))

/* The channel every write transaction notifies at commit. */
#define PG_CHANNEL "xaso_commit"

extern const struct store_methods db_pg_methods;

/* ---- pg.c ---- */

/* Opens a connection to the pool's server with our session settings;
 * NULL and *e set on failure. */
PGconn *pg_connect(const struct pg_pool *p, const char *address, struct xerr *e);
/* Runs a command (or several, in the simple protocol) that returns no
 * rows; 0 or the error. */
int pg_command(PGconn *pg, const char *sql, struct xerr *e);

/* ---- pg_stmt.c ---- */

/* Rewrites ?N placeholders as $N, leaving string literals, quoted names
 * and comments alone; *nparams is the highest N. Returns a malloc'd text,
 * or NULL (out of memory). */
char *pg_rewrite(const char *sql, int *nparams);
/* The XERR_* code for a failed result: a broken constraint (SQLSTATE
 * class 23) is XERR_CONFLICT, anything else XERR_IO. Fills e. */
int pg_result_error(PGconn *pg, const PGresult *res, struct xerr *e);
struct db_stmt *pg_prepare(struct db_conn *dc, const char *sql, struct xerr *e);
void pg_bind_int64(struct db_stmt *s, int i, int64_t v);
void pg_bind_double(struct db_stmt *s, int i, double v);
void pg_bind_text(struct db_stmt *s, int i, const char *v);
void pg_bind_null(struct db_stmt *s, int i);
int pg_step(struct db_stmt *s, struct xerr *e);
int64_t pg_column_int64(struct db_stmt *s, int i);
double pg_column_double(struct db_stmt *s, int i);
const char *pg_column_text(struct db_stmt *s, int i, size_t *len);
bool pg_column_null(struct db_stmt *s, int i);
void pg_reset(struct db_stmt *s);
/* Frees a connection's statements (the server's go with the session). */
void pg_stmts_free(struct pg_conn *c);
/* Reads the results of the statements queued in pipeline mode (bulk
 * loading) and leaves that mode: 0, or the first statement's error. */
int pg_flush(struct pg_conn *c, struct xerr *e);

/* ---- pg_admin.c ---- */

int pg_schema_version(struct db_conn *c, int *version, struct xerr *e);
int pg_set_schema_version(struct db_conn *c, int version, struct xerr *e);
const struct db_migration *pg_migrations(size_t *n);
int pg_backup(struct db *db, const char *path, struct xerr *e);
int pg_restore(struct db *db, const char *path, struct xerr *e);
int pg_bulk_mode(struct db *db, enum db_bulk mode, struct xerr *e);
int64_t pg_size_bytes(struct db *db);
int pg_maintain(struct db *db, struct xerr *e);
/* Creates the database the address names when the server says it does
 * not exist (xaso init on a new province). */
int pg_create_database(const char *address, struct xerr *e);

#endif
