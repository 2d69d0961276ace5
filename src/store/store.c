/*
 * store.c: a store's life cycle. store_open() picks the back end from the
 * database address, opens its pool through the back end's table and adds
 * what every back end shares (caches, the writer, the memo); the schema
 * is brought up to date by one runner for all back ends.
 *
 * Addresses: a plain path or "sqlite:PATH" is a SQLite file;
 * "postgres://..." and "postgresql://..." name a PostgreSQL database
 * (libpq's URI: postgres://user:password@host:port/dbname?options).
 * Migrations are numbered alike in every back
 * end (version N means the same tables everywhere); each back end lists
 * its own scripts, applied in order, each in its own transaction with its
 * version, so a failed upgrade leaves the previous version. A version may
 * also have a data step written once in C (st_steps below), run in the
 * same transaction after the script.
 */
#include "store/store_int.h"

#include "core/buf.h"
#include "core/dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
	const char *scheme;
	const struct store_methods *m;
	bool whole; /* the back end reads the whole address, scheme included */
} backends[] = {
    {"sqlite:", &db_sqlite_methods, false},
    {"postgres://", &db_pg_methods, true},
    {"postgresql://", &db_pg_methods, true},
};

/* The back end of an address (NULL and *e set when there is none) and
 * what it is given of the address. */
static const struct store_methods *pick_backend(const char *address, const char **rest,
                                                struct xerr *e)
{
	for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
		size_t n = strlen(backends[i].scheme);
		if (strncmp(address, backends[i].scheme, n) != 0)
			continue;
		*rest = backends[i].whole ? address : address + n;
		return backends[i].m;
	}
	const char *colon = strstr(address, "://");
	if (colon) {
		xerr_set(e, XERR_INVALID, "db",
		         "unknown kind of database address \"%.*s\" (a path, sqlite:PATH or "
		         "postgres://...)",
		         (int)(colon - address), address);
		return NULL;
	}
	*rest = address;
	return &db_sqlite_methods;
}

int store_open(const char *address, int flags, struct store **out, struct xerr *e)
{
	*out = NULL;
	const char *rest = NULL;
	const struct store_methods *m = pick_backend(address, &rest, e);
	if (!m)
		return e->code;
	struct store *s = calloc(1, sizeof *s);
	if (!s)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	s->m = m;
	s->flags = flags;
	pthread_rwlock_init(&s->units_lock, NULL);
	pthread_mutex_init(&s->cal_lock, NULL);
	pthread_mutex_init(&s->writer_lock, NULL);
	for (int i = 0; i < STORE_BLOB_LOCKS; i++)
		pthread_mutex_init(&s->blob_lock[i], NULL);
	pthread_rwlock_init(&s->people_lock, NULL);
	if (st_memo_init(s) != 0) {
		xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		goto fail;
	}
	if (m->open(rest, flags, &s->db, e) != 0)
		goto fail;
	if (s->db->blob_dir && !(s->blob_dir = strdup(s->db->blob_dir))) {
		xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		goto fail;
	}
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
			         address, v, store_schema_latest());
			goto fail;
		}
	}
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
	st_writer_stop(s);
	pthread_mutex_destroy(&s->writer_lock);
	for (int i = 0; i < STORE_BLOB_LOCKS; i++)
		pthread_mutex_destroy(&s->blob_lock[i]);
	if (s->db)
		s->m->close(s->db);
	if (s->read_db)
		s->read_m->close(s->read_db);
	st_units_drop(s);
	pthread_rwlock_destroy(&s->units_lock);
	st_calendar_free(s);
	pthread_mutex_destroy(&s->cal_lock);
	st_memo_free(s);
	st_people_free(s->people);
	pthread_rwlock_destroy(&s->people_lock);
	free(s->blob_dir);
	free(s);
}

int st_read(struct store *s, st_fn fn, void *ctx, struct xerr *e)
{
	struct db_conn *c = st_get(s);
	int rc = fn(c, ctx, e);
	st_put(s, c);
	return rc;
}

int st_read_stale(struct store *s, st_fn fn, void *ctx, struct xerr *e)
{
	struct db_conn *c = st_get_stale(s);
	int rc = fn(c, ctx, e);
	st_put_stale(s, c);
	return rc;
}

int st_write(struct store *s, st_fn fn, void *ctx, struct xerr *e)
{
	struct db_conn *c = st_get(s);
	int rc = db_begin(c, DB_WRITE, e);
	if (rc == 0) {
		rc = fn(c, ctx, e);
		int rc2 = db_end(c, rc == 0, e);
		if (rc == 0)
			rc = rc2;
	}
	st_put(s, c);
	return rc;
}

/* A query on a pooled connection (the replica's when stale and there is
 * one): each row, or the first one. */
static int st_query(struct store *s, bool stale, const char *sql, const struct db_arg *args, int n,
                    db_row_fn row, void *ctx, bool first, struct xerr *e)
{
	struct db_conn *c = stale ? st_get_stale(s) : st_get(s);
	int rc = first ? db_query_first(c, sql, args, n, row, ctx, e)
	               : db_query_each(c, sql, args, n, row, ctx, e);
	if (stale)
		st_put_stale(s, c);
	else
		st_put(s, c);
	return rc;
}

int st_each(struct store *s, const char *sql, const struct db_arg *args, int n, db_row_fn row,
            void *ctx, struct xerr *e)
{
	return st_query(s, false, sql, args, n, row, ctx, false, e);
}

int st_each_stale(struct store *s, const char *sql, const struct db_arg *args, int n, db_row_fn row,
                  void *ctx, struct xerr *e)
{
	return st_query(s, true, sql, args, n, row, ctx, false, e);
}

int st_first(struct store *s, const char *sql, const struct db_arg *args, int n, db_row_fn row,
             void *ctx, struct xerr *e)
{
	return st_query(s, false, sql, args, n, row, ctx, true, e);
}

static int count_row(struct db_stmt *st, void *out)
{
	*(long *)out = (long)db_int(st, 0);
	return 0;
}

int st_first_stale(struct store *s, const char *sql, const struct db_arg *args, int n,
                   db_row_fn row, void *ctx, struct xerr *e)
{
	return st_query(s, true, sql, args, n, row, ctx, true, e);
}

int store_set_read_db(struct store *s, const char *address, struct xerr *e)
{
	const char *rest = NULL;
	const struct store_methods *m = pick_backend(address, &rest, e);
	if (!m)
		return e->code;
	struct db *d = NULL;
	int rc = m->open(rest, STORE_READONLY, &d, e);
	if (rc)
		return rc;
	if (s->read_db)
		s->read_m->close(s->read_db);
	s->read_m = m;
	s->read_db = d;
	return 0;
}

int st_count(struct store *s, const char *sql, const struct db_arg *args, int n, long *out,
             struct xerr *e)
{
	*out = 0;
	int rc = st_query(s, false, sql, args, n, count_row, out, true, e);
	return rc < 0 ? rc : 0;
}

void st_like(struct buf *out, const char *text, bool within)
{
	buf_reset(out);
	if (within)
		buf_putc(out, '%');
	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_putc(out, '\\');
		buf_putc(out, *p);
	}
	buf_putc(out, '%');
}

int64_t st_now_local(void)
{
	return dossier_local_minutes((int64_t)time(NULL));
}

/* ---- schema versions ---- */

/* Data steps of a version, written once for every back end. */
static const struct {
	int version;
	int (*run)(struct db_conn *c, struct xerr *e);
} st_steps[] = {
    {8, st_dossiers_settle_all}, {9, st_blob_owners_recover},       {10, st_people_move_v1},
    {13, st_indicators_seed},    {17, st_indicators_seed_index766},
};

int store_schema_latest(void)
{
	size_t n;
	const struct db_migration *mg = db_sqlite_methods.migrations(&n);
	return n ? mg[n - 1].version : 0;
}

int store_schema_version(struct store *s, struct xerr *e)
{
	struct db_conn *c = st_get(s);
	int v = -1;
	if (s->m->schema_version(c, &v, e) != 0)
		v = -1;
	st_put(s, c);
	return v;
}

/* Script and data step of one version, and the version, in one
 * transaction on c. Another process (a second server starting at the same
 * time) may have applied it since the version was read: the writers' lock
 * is held here, so the version read again is the last word. */
static int migrate_one(struct db_conn *c, const struct db_migration *mg, struct xerr *e)
{
	int now = 0;
	int rc = c->m->schema_version(c, &now, e);
	if (rc || now >= mg->version)
		return rc;
	rc = db_exec(c, mg->sql, e);
	for (size_t i = 0; rc == 0 && i < sizeof st_steps / sizeof st_steps[0]; i++)
		if (st_steps[i].version == mg->version)
			rc = st_steps[i].run(c, e);
	if (rc == 0)
		rc = c->m->set_schema_version(c, mg->version, e);
	if (rc && e)
		snprintf(e->msg + strlen(e->msg), sizeof e->msg - strlen(e->msg), " (migration %s)",
		         mg->name);
	return rc;
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
	size_t n;
	const struct db_migration *mg = s->m->migrations(&n);
	for (size_t i = 0; i < n; i++) {
		if (mg[i].version <= cur || mg[i].version > upto)
			continue;
		struct db_conn *c = st_get(s);
		int rc = db_begin(c, DB_WRITE, e);
		if (rc == 0) {
			rc = migrate_one(c, &mg[i], e);
			int rc2 = db_end(c, rc == 0, e);
			if (rc == 0)
				rc = rc2;
		}
		st_put(s, c);
		if (rc)
			return rc;
		cur = mg[i].version;
	}
	return 0;
}

int store_migrate(struct store *s, int *from, int *to, struct xerr *e)
{
	*from = store_schema_version(s, e);
	if (*from < 0)
		return XERR_IO;
	int rc = store_migrate_to(s, store_schema_latest(), e);
	if (rc == 0)
		rc = store_maintain(s, e);
	*to = store_schema_version(s, e);
	return rc;
}

int store_maintain(struct store *s, struct xerr *e)
{
	return s->m->maintain ? s->m->maintain(s->db, e) : 0;
}

/* ---- what only the back end knows how to do ---- */

int64_t store_size_bytes(struct store *s)
{
	return s->m->size_bytes(s->db);
}

int store_bulk_mode(struct store *s, bool on, struct xerr *e)
{
	return s->m->bulk_mode(s->db, on ? DB_BULK_FAST : DB_BULK_OFF, e);
}

int store_import_mode(struct store *s, bool on, struct xerr *e)
{
	return s->m->bulk_mode(s->db, on ? DB_BULK_IMPORT : DB_BULK_OFF, e);
}

int store_backup(struct store *s, const char *path, struct xerr *e)
{
	return s->m->backup(s->db, path, e);
}

int store_restore(struct store *s, const char *path, struct xerr *e)
{
	int rc = s->m->restore(s->db, path, e);
	if (rc == 0)
		st_units_drop(s);
	return rc;
}

const char *store_backend(const struct store *s)
{
	return s->m->name;
}
