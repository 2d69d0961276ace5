/*
 * sqlite.c: the SQLite back end's life cycle: opening the file with the
 * settings we rely on, the connection pool, the statement cache,
 * transactions and versioned migrations.
 *
 * Migrations are the files src/store/migrations/NNN_name.sql compiled into
 * the binary; NNN is the schema version the file brings the database to.
 * PRAGMA user_version records the version reached. Each migration runs in
 * its own transaction, so a failed upgrade leaves the previous version.
 */
#include "store/sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/embedded.h"

static int conn_open(struct store *s, struct conn *c, struct xerr *e)
{
	int oflags = SQLITE_OPEN_NOMUTEX;
	if (s->flags & STORE_READONLY)
		oflags |= SQLITE_OPEN_READONLY;
	else
		oflags |= SQLITE_OPEN_READWRITE;
	if (s->flags & STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	memset(c, 0, sizeof *c);
	int rc = sqlite3_open_v2(s->path, &c->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		xerr_set(e, XERR_IO, "db", "cannot open database %s: %s", s->path,
		         c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		sqlite3_close(c->db);
		c->db = NULL;
		return XERR_IO;
	}
	sqlite3_busy_timeout(c->db, 5000);
	sqlite3_extended_result_codes(c->db, 1);
	/* WAL lets readers run beside the single writer; synchronous=FULL
	 * makes every acknowledged commit survive a power cut. */
	const char *pragmas = (s->flags & STORE_READONLY)
	                          ? "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
	                          : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
	                            "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";
	return conn_exec(c, pragmas, e);
}

static void conn_close(struct conn *c)
{
	for (int i = 0; i < CONN_STMT_SLOTS; i++)
		if (c->stmt[i])
			sqlite3_finalize(c->stmt[i]);
	sqlite3_close(c->db);
	memset(c, 0, sizeof *c);
}

/* SQLite keeps allocation statistics under one global mutex by default:
 * every allocation of every connection takes it, and with two threads
 * reading at once that lock halves the store's read throughput. xaso never
 * reads those statistics. The setting must come before SQLite initialises,
 * so it is made once, before the first connection of the process. */
static pthread_once_t sqlite_configured = PTHREAD_ONCE_INIT;

static void sqlite_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int store_open(const char *path, int flags, struct store **out, struct xerr *e)
{
	*out = NULL;
	pthread_once(&sqlite_configured, sqlite_configure);
	if (!(flags & STORE_CREATE) && access(path, F_OK) != 0)
		return xerr_set(e, XERR_NOTFOUND, "db",
		                "database %s does not exist (create it with: xaso init)", path);
	struct store *s = calloc(1, sizeof *s);
	if (!s)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	s->path = strdup(path);
	s->flags = flags;
	s->blob_dir = malloc(strlen(path) + sizeof ".files");
	if (!s->path || !s->blob_dir) {
		free(s->path);
		free(s->blob_dir);
		free(s);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	snprintf(s->blob_dir, strlen(path) + sizeof ".files", "%s.files", path);
	pthread_mutex_init(&s->pool_lock, NULL);
	pthread_cond_init(&s->pool_free, NULL);
	pthread_mutex_init(&s->write_lock, NULL);
	pthread_rwlock_init(&s->units_lock, NULL);
	pthread_mutex_init(&s->cal_lock, NULL);
	pthread_mutex_init(&s->writer_lock, NULL);
	if (memo_init(s) != 0) {
		xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		goto fail;
	}
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	s->nconn = cpus > 0 ? (int)cpus * 2 + 2 : 4;
	if (s->nconn > STORE_POOL_MAX)
		s->nconn = STORE_POOL_MAX;
	/* The first connection creates the file and sets WAL before others open. */
	if (conn_open(s, &s->conn[0], e) != 0)
		goto fail;
	if (flags & STORE_MIGRATE) {
		int from, to;
		if (store_migrate(s, &from, &to, e) != 0)
			goto fail;
	} else if (!(flags & STORE_READONLY)) {
		int v = store_schema_version(s, e);
		if (v < 0)
			goto fail;
		if (v > store_schema_latest()) {
			xerr_set(e, XERR_INVALID, "db",
			         "database %s has schema version %d, newer than this xaso (%d)",
			         path, v, store_schema_latest());
			goto fail;
		}
	}
	for (int i = 1; i < s->nconn; i++)
		if (conn_open(s, &s->conn[i], e) != 0)
			goto fail;
	*out = s;
	return 0;
fail:
	store_close(s);
	return e ? e->code : XERR_IO;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	dossier_writer_stop(s);
	pthread_mutex_destroy(&s->writer_lock);
	for (int i = 0; i < s->nconn; i++)
		if (s->conn[i].db)
			conn_close(&s->conn[i]);
	pthread_mutex_destroy(&s->pool_lock);
	pthread_cond_destroy(&s->pool_free);
	pthread_mutex_destroy(&s->write_lock);
	unit_cache_drop(s);
	pthread_rwlock_destroy(&s->units_lock);
	calendar_cache_free(s);
	pthread_mutex_destroy(&s->cal_lock);
	memo_free(s);
	free(s->path);
	free(s->blob_dir);
	free(s);
}

struct conn *conn_get(struct store *s)
{
	pthread_mutex_lock(&s->pool_lock);
	for (;;) {
		for (int i = 0; i < s->nconn; i++) {
			if (s->conn[i].db && !s->conn[i].busy) {
				s->conn[i].busy = true;
				pthread_mutex_unlock(&s->pool_lock);
				return &s->conn[i];
			}
		}
		pthread_cond_wait(&s->pool_free, &s->pool_lock);
	}
}

void conn_put(struct store *s, struct conn *c)
{
	pthread_mutex_lock(&s->pool_lock);
	c->busy = false;
	pthread_cond_signal(&s->pool_free);
	pthread_mutex_unlock(&s->pool_lock);
}

sqlite3_stmt *conn_stmt(struct conn *c, const char *sql, struct xerr *e)
{
	size_t h = ((uintptr_t)sql >> 3) % CONN_STMT_SLOTS;
	for (size_t n = 0; n < CONN_STMT_SLOTS; n++, h = (h + 1) % CONN_STMT_SLOTS) {
		if (c->stmt_key[h] == sql) {
			sqlite3_reset(c->stmt[h]);
			sqlite3_clear_bindings(c->stmt[h]);
			return c->stmt[h];
		}
		if (!c->stmt_key[h]) {
			sqlite3_stmt *st = NULL;
			int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
			                            NULL);
			if (rc != SQLITE_OK) {
				sql_err(c, rc, e);
				return NULL;
			}
			c->stmt_key[h] = sql;
			c->stmt[h] = st;
			return st;
		}
	}
	xerr_set(e, XERR_IO, NULL, "statement cache full");
	return NULL;
}

int conn_exec(struct conn *c, const char *sql, struct xerr *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		xerr_set(e, XERR_IO, "db", "database error: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return XERR_IO;
	}
	return 0;
}

int sql_err(struct conn *c, int rc, struct xerr *e)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return xerr_set(e, XERR_CONFLICT, NULL, "conflicts with stored data: %s",
		                sqlite3_errmsg(c->db));
	return xerr_set(e, XERR_IO, "db", "database error: %s", sqlite3_errmsg(c->db));
}

/* Transaction control through the statement cache: sqlite3_exec() would
 * compile the text again on every call. */
static const char sql_begin_immediate[] = "BEGIN IMMEDIATE";
static const char sql_commit[] = "COMMIT";
static const char sql_rollback[] = "ROLLBACK";

static int tx_step(struct conn *c, const char *sql, struct xerr *e)
{
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	return st ? stmt_done(c, st, e) : XERR_IO;
}

int tx_begin(struct store *s, struct conn *c, struct xerr *e)
{
	pthread_mutex_lock(&s->write_lock);
	if (tx_step(c, sql_begin_immediate, e) != 0) {
		pthread_mutex_unlock(&s->write_lock);
		return XERR_IO;
	}
	return 0;
}

int tx_end(struct store *s, struct conn *c, bool ok, struct xerr *e)
{
	int rc = 0;
	struct xerr ignored = {0};
	if (ok) {
		rc = tx_step(c, sql_commit, e);
		if (rc)
			tx_step(c, sql_rollback, &ignored);
	} else {
		tx_step(c, sql_rollback, &ignored);
	}
	pthread_mutex_unlock(&s->write_lock);
	return rc;
}

int store_write(struct store *s, int (*fn)(struct conn *c, void *ctx, struct xerr *e), void *ctx,
                struct xerr *e)
{
	struct conn *c = conn_get(s);
	int rc = tx_begin(s, c, e);
	if (rc == 0) {
		rc = fn(c, ctx, e);
		int rc2 = tx_end(s, c, rc == 0, rc == 0 ? e : NULL);
		if (rc == 0)
			rc = rc2;
	}
	conn_put(s, c);
	return rc;
}

int stmt_done(struct conn *c, sqlite3_stmt *st, struct xerr *e)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sql_err(c, rc, e);
}

void bind_text(sqlite3_stmt *st, int i, const char *v, bool null_if_empty)
{
	if (!v || (null_if_empty && !*v))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

void col_text(sqlite3_stmt *st, int i, char *dst, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	if (!t) {
		dst[0] = '\0';
		return;
	}
	size_t n = (size_t)sqlite3_column_bytes(st, i);
	if (n >= cap)
		n = cap - 1; /* cut, as the fixed-size fields of the structs are */
	memcpy(dst, t, n);
	dst[n] = '\0';
}

/* ---- migrations ---- */

static int migration_version(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	return atoi(base);
}

static bool is_migration(const char *path)
{
	return strncmp(path, "src/store/migrations/", 21) == 0;
}

int store_schema_latest(void)
{
	int v = 0;
	for (const struct embedded_file *f = embedded_files(); f->path; f++)
		if (is_migration(f->path) && migration_version(f->path) > v)
			v = migration_version(f->path);
	return v;
}

int store_schema_version(struct store *s, struct xerr *e)
{
	struct conn *c = conn_get(s);
	int v = -1;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	else
		sql_err(c, sqlite3_errcode(c->db), e);
	sqlite3_finalize(st);
	conn_put(s, c);
	return v;
}

int store_migrate_to(struct store *s, int upto, struct xerr *e)
{
	int cur = store_schema_version(s, e);
	if (cur < 0)
		return XERR_IO;
	if (cur > store_schema_latest())
		return xerr_set(e, XERR_INVALID, "db",
		                "database has schema version %d, newer than this xaso (%d)", cur,
		                store_schema_latest());
	/* Applies in version order; the embedded table is sorted by path. */
	for (const struct embedded_file *f = embedded_files(); f->path; f++) {
		if (!is_migration(f->path))
			continue;
		int v = migration_version(f->path);
		if (v <= cur || v > upto)
			continue;
		struct conn *c = conn_get(s);
		int rc = tx_begin(s, c, e);
		if (rc == 0) {
			char pragma[48];
			snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", v);
			rc = conn_exec(c, f->data, e);
			if (rc == 0)
				rc = conn_exec(c, pragma, e);
			if (rc && e)
				snprintf(e->msg + strlen(e->msg), sizeof e->msg - strlen(e->msg),
				         " (migration %s)", f->path);
			int rc2 = tx_end(s, c, rc == 0, rc == 0 ? e : NULL);
			if (rc == 0)
				rc = rc2;
		}
		conn_put(s, c);
		if (rc)
			return rc;
		cur = v;
	}
	return 0;
}

int store_migrate(struct store *s, int *from, int *to, struct xerr *e)
{
	*from = store_schema_version(s, e);
	if (*from < 0)
		return XERR_IO;
	int rc = store_migrate_to(s, store_schema_latest(), e);
	*to = store_schema_version(s, e);
	return rc;
}

int64_t store_size_bytes(struct store *s)
{
	struct conn *c = conn_get(s);
	int64_t size = 0;
	sqlite3_stmt *st = conn_stmt(
	    c, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()", NULL);
	if (st && sqlite3_step(st) == SQLITE_ROW)
		size = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	conn_put(s, c);
	return size;
}

int store_backup(struct store *s, const char *path, struct xerr *e)
{
	sqlite3 *dst = NULL;
	int rc = sqlite3_open(path, &dst);
	if (rc != SQLITE_OK) {
		sqlite3_close(dst);
		return xerr_set(e, XERR_IO, "path", "cannot create %s", path);
	}
	struct conn *c = conn_get(s);
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", c->db, "main");
	if (b) {
		sqlite3_backup_step(b, -1);
		sqlite3_backup_finish(b);
	}
	rc = sqlite3_errcode(dst);
	conn_put(s, c);
	sqlite3_close(dst);
	if (rc != SQLITE_OK)
		return xerr_set(e, XERR_IO, "path", "backup to %s failed", path);
	return 0;
}

int store_bulk_mode(struct store *s, bool on, struct xerr *e)
{
	int rc = 0;
	for (int i = 0; i < s->nconn && rc == 0; i++) {
		struct conn *c = &s->conn[i];
		rc = conn_exec(c,
		               on ? "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;"
		                  : "PRAGMA synchronous=FULL; PRAGMA cache_size=-2000;",
		               e);
	}
	if (rc == 0 && !on)
		rc = conn_exec(&s->conn[0], "PRAGMA wal_checkpoint(TRUNCATE)", e);
	return rc;
}
