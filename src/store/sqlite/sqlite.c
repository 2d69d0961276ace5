/*
 * sqlite.c: the SQLite back end, the store's table of functions for a
 * SQLite file (db.h, db_sqlite_methods). The only file of xaso that calls
 * sqlite3_*.
 *
 * A pool of connections to one file, each with the settings we rely on:
 * WAL (readers beside the single writer), synchronous=FULL (an
 * acknowledged commit survives a power cut), foreign keys, a busy timeout.
 * Each connection caches its prepared statements, keyed by the address of
 * the static SQL text, in a table of CONN_STMT_SLOTS open-addressed slots,
 * so a statement is compiled once per connection and a call allocates
 * nothing. Writers also hold the pool's write mutex for their transaction
 * (BEGIN IMMEDIATE), so SQLite never answers SQLITE_BUSY between our own
 * threads. Another process's commits are noticed through PRAGMA
 * data_version on a connection kept for that alone.
 *
 * Migrations are the files src/store/sqlite/migrations/NNN_name.sql
 * compiled into the binary; NNN is the schema version the file brings the
 * database to, which PRAGMA user_version records.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <sys/statvfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store/sqlite/faultvfs.h"
#include "store/store.h"

enum { CONN_STMT_SLOTS = 512, POOL_MAX = 16 };

struct sq_conn;

struct sq_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
	struct sq_conn *c;
};

struct sq_conn {
	struct db_conn base;
	sqlite3 *db;
	struct sq_pool *pool;
	bool busy, writing;
	const char *key[CONN_STMT_SLOTS];
	struct sq_stmt stmt[CONN_STMT_SLOTS];
};

struct sq_pool {
	struct db base;
	char *path;
	int flags;
	int n;
	struct sq_conn conn[POOL_MAX];
	pthread_mutex_t lock;
	pthread_cond_t free;
	pthread_mutex_t write_lock;
	/* The connection that only asks PRAGMA data_version. */
	pthread_mutex_t watch_lock;
	sqlite3 *watch;
};

#define POOL(d) ((struct sq_pool *)(void *)(d))
#define CONN(c) ((struct sq_conn *)(void *)(c))
#define STMT(s) ((struct sq_stmt *)(void *)(s))

/* What an operator can do about the errors that come from the machine
 * rather than from xaso: a full disk, a read-only file, directory or disk,
 * a missing directory. Returns 0 for any other error. */
static int sq_machine_err(const char *path, int rc, struct xerr *e)
{
	rc &= 0xff;
	if (rc == SQLITE_FULL)
		return xerr_set(e, XERR_UNAVAILABLE, "db",
		                "the disk holding %s is full: free some space and try again", path);
	if (rc != SQLITE_READONLY && rc != SQLITE_CANTOPEN)
		return 0;
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	struct statvfs fs;
	if (statvfs(dir, &fs) != 0)
		return xerr_set(e, XERR_IO, "db", "cannot open %s: its directory %s does not exist",
		                path, dir);
	if ((fs.f_flag & ST_RDONLY) || access(path, W_OK) != 0 || access(dir, W_OK) != 0)
		return xerr_set(
		    e, XERR_IO, "db",
		    "%s is read-only (%s): give the account running xaso write access, or "
		    "copy the database to a writable place",
		    path,
		    (fs.f_flag & ST_RDONLY)  ? "its disk is mounted read-only"
		    : access(dir, W_OK) != 0 ? "its directory is not writable"
		                             : "the file is not writable");
	return xerr_set(e, XERR_IO, "db", "cannot open %s: %s", path, sqlite3_errstr(rc));
}

/* A full disk, an I/O error, the database locked by another program (after
 * the busy timeout): nothing was stored, and the same change can succeed
 * once the machine recovers, with no restart. XERR_UNAVAILABLE (503); no
 * path in the message, which may reach an HTTP client. Returns 0 for any
 * other error. */
static int sq_unavailable(int rc, struct xerr *e)
{
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return xerr_set(e, XERR_UNAVAILABLE, "db",
		                "the server's disk is full: nothing was stored; its operator must "
		                "free some space, then try again");
	case SQLITE_IOERR:
		return xerr_set(e, XERR_UNAVAILABLE, "db",
		                "the server's disk could not read or write (I/O error): nothing "
		                "was stored; try again later");
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return xerr_set(e, XERR_UNAVAILABLE, "db",
		                "the database is locked by another program: nothing was "
		                "stored; try again in a moment");
	}
	return 0;
}

static int sq_err(sqlite3 *db, int rc, struct xerr *e)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return xerr_set(e, XERR_CONFLICT, NULL, "conflicts with stored data: %s",
		                sqlite3_errmsg(db));
	if (sq_unavailable(rc, e))
		return e->code;
	const char *path = db ? sqlite3_db_filename(db, "main") : NULL;
	if (sq_machine_err(path && *path ? path : "the database", rc, e))
		return e->code;
	return xerr_set(e, XERR_IO, "db", "database error: %s",
	                db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

static int sq_exec(struct db_conn *c, const char *sql, struct xerr *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(CONN(c)->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		const char *path = sqlite3_db_filename(CONN(c)->db, "main");
		if (!sq_machine_err(path && *path ? path : "the database", rc, e) &&
		    !sq_unavailable(rc, e))
			xerr_set(e, XERR_IO, "db", "database error: %s",
			         msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return e->code;
	}
	return 0;
}

/* ---- statements ---- */

static struct db_stmt *sq_prepare(struct db_conn *dc, const char *sql, struct xerr *e)
{
	struct sq_conn *c = CONN(dc);
	size_t h = ((uintptr_t)sql >> 3) % CONN_STMT_SLOTS;
	for (size_t n = 0; n < CONN_STMT_SLOTS; n++, h = (h + 1) % CONN_STMT_SLOTS) {
		if (c->key[h] == sql)
			return &c->stmt[h].base;
		if (!c->key[h]) {
			sqlite3_stmt *st = NULL;
			int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
			                            NULL);
			if (rc != SQLITE_OK) {
				sq_err(c->db, rc, e);
				return NULL;
			}
			c->key[h] = sql;
			c->stmt[h] = (struct sq_stmt){{&db_sqlite_methods}, st, c};
			return &c->stmt[h].base;
		}
	}
	xerr_set(e, XERR_IO, NULL, "statement cache full");
	return NULL;
}

static void sq_bind_int64(struct db_stmt *s, int i, int64_t v)
{
	sqlite3_bind_int64(STMT(s)->st, i, v);
}

static void sq_bind_double(struct db_stmt *s, int i, double v)
{
	sqlite3_bind_double(STMT(s)->st, i, v);
}

static void sq_bind_text(struct db_stmt *s, int i, const char *v)
{
	sqlite3_bind_text(STMT(s)->st, i, v, -1, SQLITE_TRANSIENT);
}

/* SQLite reads v during the step; the reset clears the binding. */
static void sq_bind_text_ref(struct db_stmt *s, int i, const char *v)
{
	sqlite3_bind_text(STMT(s)->st, i, v, -1, SQLITE_STATIC);
}

static void sq_bind_null(struct db_stmt *s, int i)
{
	sqlite3_bind_null(STMT(s)->st, i);
}

static int sq_step(struct db_stmt *s, struct xerr *e)
{
	int rc = sqlite3_step(STMT(s)->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return sq_err(STMT(s)->c->db, rc, e);
}

static int64_t sq_column_int64(struct db_stmt *s, int i)
{
	return sqlite3_column_int64(STMT(s)->st, i);
}

static double sq_column_double(struct db_stmt *s, int i)
{
	return sqlite3_column_double(STMT(s)->st, i);
}

static const char *sq_column_text(struct db_stmt *s, int i, size_t *len)
{
	const unsigned char *t = sqlite3_column_text(STMT(s)->st, i);
	if (len)
		*len = t ? (size_t)sqlite3_column_bytes(STMT(s)->st, i) : 0;
	return (const char *)t;
}

static bool sq_column_null(struct db_stmt *s, int i)
{
	return sqlite3_column_type(STMT(s)->st, i) == SQLITE_NULL;
}

static void sq_reset(struct db_stmt *s)
{
	sqlite3_reset(STMT(s)->st);
	sqlite3_clear_bindings(STMT(s)->st);
}

/* ---- transactions, through the statement cache (sqlite3_exec would
 * compile the text again on every call) ---- */

static const char sql_begin[] = "BEGIN", sql_begin_immediate[] = "BEGIN IMMEDIATE";
static const char sql_commit[] = "COMMIT", sql_rollback[] = "ROLLBACK";

static int tx_step(struct db_conn *c, const char *sql, struct xerr *e)
{
	struct db_stmt *st = sq_prepare(c, sql, e);
	if (!st)
		return e && e->code ? e->code : XERR_IO;
	int rc = sq_step(st, e);
	sq_reset(st);
	return rc < 0 ? rc : 0;
}

static void writer_done(struct sq_conn *c)
{
	if (c->writing) {
		c->writing = false;
		pthread_mutex_unlock(&c->pool->write_lock);
	}
}

static int sq_begin(struct db_conn *dc, enum db_tx mode, struct xerr *e)
{
	struct sq_conn *c = CONN(dc);
	if (mode == DB_READ)
		return tx_step(dc, sql_begin, e);
	pthread_mutex_lock(&c->pool->write_lock);
	c->writing = true;
	int rc = tx_step(dc, sql_begin_immediate, e);
	if (rc)
		writer_done(c);
	return rc;
}

static void sq_rollback(struct db_conn *dc)
{
	struct xerr ignored = {0};
	tx_step(dc, sql_rollback, &ignored);
	writer_done(CONN(dc));
}

static int sq_commit(struct db_conn *dc, struct xerr *e)
{
	int rc = tx_step(dc, sql_commit, e);
	if (rc) {
		sq_rollback(dc);
		return rc;
	}
	writer_done(CONN(dc));
	return 0;
}

/* ---- the pool ---- */

static int conn_open(struct sq_pool *p, struct sq_conn *c, struct xerr *e)
{
	int oflags = SQLITE_OPEN_NOMUTEX;
	oflags |= (p->flags & STORE_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (p->flags & STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	memset(c, 0, sizeof *c);
	c->base.m = &db_sqlite_methods;
	c->pool = p;
	int rc = sqlite3_open_v2(p->path, &c->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		if (!sq_machine_err(p->path, rc, e))
			xerr_set(e, XERR_IO, "db", "cannot open database %s: %s", p->path,
			         c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		sqlite3_close(c->db);
		c->db = NULL;
		return XERR_IO;
	}
	sqlite3_busy_timeout(c->db, 5000);
	sqlite3_extended_result_codes(c->db, 1);
	const char *pragmas = (p->flags & STORE_READONLY)
	                          ? "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
	                          : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
	                            "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";
	return sq_exec(&c->base, pragmas, e);
}

static void conn_close(struct sq_conn *c)
{
	for (int i = 0; i < CONN_STMT_SLOTS; i++)
		if (c->key[i])
			sqlite3_finalize(c->stmt[i].st);
	sqlite3_close(c->db);
	memset(c, 0, sizeof *c);
}

/* SQLite keeps allocation statistics under one global mutex by default:
 * every allocation of every connection takes it, and with two threads
 * reading at once that lock halves the store's read throughput. xaso never
 * reads those statistics. The setting must come before SQLite initialises,
 * so it is made once, before the first connection of the process. */
static pthread_once_t configured = PTHREAD_ONCE_INIT;

static void configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* Only when a test asks for it (XASO_FAULT_FILE): faultvfs.h. */
	if (faultvfs_install() != SQLITE_OK)
		fprintf(stderr, "xaso: cannot install the fault-injection VFS\n");
}

static void sq_close(struct db *d)
{
	struct sq_pool *p = POOL(d);
	if (!p)
		return;
	for (int i = 0; i < p->n; i++)
		if (p->conn[i].db)
			conn_close(&p->conn[i]);
	sqlite3_close(p->watch);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->free);
	pthread_mutex_destroy(&p->write_lock);
	pthread_mutex_destroy(&p->watch_lock);
	free(p->path);
	free(p->base.blob_dir);
	free(p);
}

static int sq_open(const char *path, int flags, struct db **out, struct xerr *e)
{
	*out = NULL;
	pthread_once(&configured, configure);
	if (!*path)
		return xerr_set(e, XERR_INVALID, "db", "the database address names no file");
	if (!(flags & STORE_CREATE) && access(path, F_OK) != 0)
		return xerr_set(e, XERR_NOTFOUND, "db",
		                "database %s does not exist (create it with: xaso init)", path);
	struct sq_pool *p = calloc(1, sizeof *p);
	if (!p)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	p->base.m = &db_sqlite_methods;
	p->flags = flags;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->free, NULL);
	pthread_mutex_init(&p->write_lock, NULL);
	pthread_mutex_init(&p->watch_lock, NULL);
	size_t pl = strlen(path);
	p->path = strdup(path);
	/* Attachments beside the database they belong to: ./xaso.db.files. */
	p->base.blob_dir = malloc(pl + sizeof ".files");
	if (!p->path || !p->base.blob_dir) {
		sq_close(&p->base);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	snprintf(p->base.blob_dir, pl + sizeof ".files", "%s.files", path);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int want = cpus > 0 ? (int)cpus * 2 + 2 : 4;
	/* The first connection creates the file and sets WAL before others open. */
	for (int i = 0; i < (want > POOL_MAX ? POOL_MAX : want); i++, p->n++)
		if (conn_open(p, &p->conn[i], e) != 0) {
			sq_close(&p->base);
			return e->code;
		}
	if (sqlite3_open_v2(path, &p->watch, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		sq_close(&p->base);
		return xerr_set(e, XERR_IO, "db", "cannot open database %s", path);
	}
	*out = &p->base;
	return 0;
}

static struct db_conn *sq_get(struct db *d)
{
	struct sq_pool *p = POOL(d);
	pthread_mutex_lock(&p->lock);
	for (;;) {
		for (int i = 0; i < p->n; i++) {
			if (!p->conn[i].busy) {
				p->conn[i].busy = true;
				pthread_mutex_unlock(&p->lock);
				return &p->conn[i].base;
			}
		}
		pthread_cond_wait(&p->free, &p->lock);
	}
}

static void sq_put(struct db *d, struct db_conn *c)
{
	struct sq_pool *p = POOL(d);
	pthread_mutex_lock(&p->lock);
	CONN(c)->busy = false;
	pthread_cond_signal(&p->free);
	pthread_mutex_unlock(&p->lock);
}

static bool sq_changed(struct db *d, uint64_t *stamp)
{
	struct sq_pool *p = POOL(d);
	uint64_t v = 0;
	sqlite3_stmt *st = NULL;
	pthread_mutex_lock(&p->watch_lock);
	if (sqlite3_prepare_v2(p->watch, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	pthread_mutex_unlock(&p->watch_lock);
	/* 0: the question failed; answer "changed", which is always safe. */
	bool changed = v == 0 || v != *stamp;
	*stamp = v;
	return changed;
}

/* ---- schema ---- */

static int sq_schema_version(struct db_conn *c, int *version, struct xerr *e)
{
	static const char sql[] = "PRAGMA user_version";
	struct db_stmt *st = sq_prepare(c, sql, e);
	if (!st)
		return XERR_IO;
	int rc = sq_step(st, e);
	if (rc == DB_ROW)
		*version = (int)sq_column_int64(st, 0);
	sq_reset(st);
	return rc < 0 ? rc : 0;
}

static int sq_set_schema_version(struct db_conn *c, int version, struct xerr *e)
{
	char pragma[48];
	snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", version);
	return sq_exec(c, pragma, e);
}

static const struct db_migration *sq_migrations(size_t *n)
{
	return db_migrations_of("src/store/sqlite/migrations/", n);
}

/* ---- whole-database operations ---- */

static int sq_backup(struct db *d, const char *path, struct xerr *e)
{
	struct sq_pool *p = POOL(d);
	sqlite3 *dst = NULL;
	int rc = sqlite3_open(path, &dst);
	if (rc != SQLITE_OK) {
		sqlite3_close(dst);
		return xerr_set(e, XERR_IO, "path", "cannot create %s", path);
	}
	struct db_conn *c = sq_get(d);
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", CONN(c)->db, "main");
	if (b) {
		sqlite3_backup_step(b, -1);
		sqlite3_backup_finish(b);
	}
	rc = sqlite3_errcode(dst);
	sq_put(&p->base, c);
	sqlite3_close(dst);
	if (rc != SQLITE_OK)
		return xerr_set(e, XERR_IO, "path", "backup to %s failed", path);
	return 0;
}

/* Copies the database file at path into this one, which must hold no
 * table yet (a new file). */
static int sq_restore(struct db *d, const char *path, struct xerr *e)
{
	static const char sql_tables[] = "SELECT count(*) FROM sqlite_master";
	sqlite3 *src = NULL;
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(src);
		return xerr_set(e, XERR_NOTFOUND, "path", "cannot open %s", path);
	}
	struct db_conn *c = sq_get(d);
	int64_t tables = 0;
	int rc = db_query_int(c, sql_tables, DB_NOARGS, &tables, e);
	if (rc >= 0 && tables > 0)
		rc = xerr_set(e, XERR_CONFLICT, "db",
		              "the database is not empty: restore into a new file");
	if (rc >= 0) {
		sqlite3_backup *b = sqlite3_backup_init(CONN(c)->db, "main", src, "main");
		int step = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
		sqlite3_backup_finish(b);
		rc = step == SQLITE_DONE
		         ? 0
		         : xerr_set(e, XERR_INVALID, "path", "%s is not a database backup: %s",
		                    path, sqlite3_errstr(step));
	}
	sq_put(d, c);
	sqlite3_close(src);
	return rc < 0 ? rc : 0;
}

/* Bulk loading trades the durability of the loading run for speed
 * (synchronous=OFF, a large page cache); turning it off checkpoints the
 * WAL. An import keeps synchronous=FULL with a 32 MiB cache and sorts (the
 * indexes it builds at its end) in temporary files rather than in memory.
 * SQLite's sorter holds at most a cache's worth of keys before it spills
 * to a file, so memory is the cache twice over for any file of a million
 * rows or more (bench_import: 78 MiB for 1 and for 3 million rows; with a
 * 64 MiB cache the sorter's share still grew between the two). */
static int sq_bulk_mode(struct db *d, enum db_bulk mode, struct xerr *e)
{
	static const char *const pragmas[] = {
	    [DB_BULK_OFF] = "PRAGMA synchronous=FULL; PRAGMA cache_size=-2000; "
	                    "PRAGMA temp_store=MEMORY;",
	    [DB_BULK_FAST] = "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;",
	    [DB_BULK_IMPORT] = "PRAGMA synchronous=FULL; PRAGMA cache_size=-32768; "
	                       "PRAGMA temp_store=FILE;",
	};
	struct sq_pool *p = POOL(d);
	int rc = 0;
	for (int i = 0; i < p->n && rc == 0; i++)
		rc = sq_exec(&p->conn[i].base, pragmas[mode], e);
	if (rc == 0 && mode == DB_BULK_OFF)
		rc = sq_exec(&p->conn[0].base, "PRAGMA wal_checkpoint(TRUNCATE)", e);
	return rc;
}

/* A flag pragma: SQLite expires the connection's prepared statements, so
 * the cached ones are compiled again with or without the checks. Inside a
 * transaction the pragma would do nothing: that is an error here. */
static int sq_foreign_keys(struct db_conn *c, bool on, struct xerr *e)
{
	if (!sqlite3_get_autocommit(CONN(c)->db))
		return xerr_set(e, XERR_IO, "db",
		                "foreign-key checks change only between transactions");
	return sq_exec(c, on ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF", e);
}

static int64_t sq_size_bytes(struct db *d)
{
	static const char sql[] =
	    "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";
	struct db_conn *c = sq_get(d);
	struct xerr e = {0};
	int64_t size = 0;
	struct db_stmt *st = sq_prepare(c, sql, &e);
	if (st && sq_step(st, &e) == DB_ROW)
		size = sq_column_int64(st, 0);
	if (st)
		sq_reset(st);
	sq_put(d, c);
	return size;
}

const struct store_methods db_sqlite_methods = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .get = sq_get,
    .put = sq_put,
    .prepare = sq_prepare,
    .bind_int64 = sq_bind_int64,
    .bind_double = sq_bind_double,
    .bind_text = sq_bind_text,
    .bind_text_ref = sq_bind_text_ref,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .column_int64 = sq_column_int64,
    .column_double = sq_column_double,
    .column_text = sq_column_text,
    .column_null = sq_column_null,
    .reset = sq_reset,
    .exec = sq_exec,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .foreign_keys = sq_foreign_keys,
    .schema_version = sq_schema_version,
    .set_schema_version = sq_set_schema_version,
    .migrations = sq_migrations,
    .backup = sq_backup,
    .restore = sq_restore,
    .bulk_mode = sq_bulk_mode,
    .size_bytes = sq_size_bytes,
    .changed = sq_changed,
};
