/*
 * sqlite_int.h: internals shared by the SQLite back end's files. Not part
 * of the store contract; only src/store/sqlite_*.c include it.
 *
 * A store owns a pool of connections. A call takes one with conn_get(),
 * prepares statements through conn_stmt() (cached per connection, keyed by
 * the address of the static SQL text) and gives it back with conn_put().
 * Writers also hold the write mutex for their transaction (tx_begin/tx_end),
 * so SQLite never has to return SQLITE_BUSY between our own threads.
 */
#ifndef XASO_STORE_SQLITE_INT_H
#define XASO_STORE_SQLITE_INT_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "core/xerr.h"
#include "store/store.h"

enum { CONN_STMT_SLOTS = 512, STORE_POOL_MAX = 16 };

struct conn {
	sqlite3 *db;
	bool busy;
	const char *stmt_key[CONN_STMT_SLOTS];
	sqlite3_stmt *stmt[CONN_STMT_SLOTS];
};

struct store {
	char *path;
	int flags;
	int nconn;
	struct conn conn[STORE_POOL_MAX];
	pthread_mutex_t pool_lock;
	pthread_cond_t pool_free;
	pthread_mutex_t write_lock;
	/* Every unit, read on almost every request (pages, authorisation
	 * chains): built on first use, dropped when units change. */
	pthread_rwlock_t units_lock;
	struct unit_cache *units;
	/* The working-day calendar built from the stored overrides: rebuilt
	 * when their number changes (checked at most once a second). Replaced
	 * calendars stay alive until store_close(), since callers may still
	 * hold them; replacements are rare (a decision file a year). */
	pthread_mutex_t cal_lock;
	struct cal *cal;
	long cal_rows;
	int64_t cal_checked;
	struct cal_retired *cal_retired;
	/* Where attachment files live (store_blobs.h); set before serving. */
	char *blob_dir;
	/* The group-commit writer of dossier submissions, started on first
	 * use and stopped by store_close() after draining its queue. */
	pthread_mutex_t writer_lock;
	struct dossier_writer *writer;
	/* Answers derived from one dossier (sqlite_memo.c). */
	struct memo *memo;
};

/* The dossier answer memo (sqlite_memo.c): made by store_open, freed by
 * store_close; store_memo_forget drops what is kept for a dossier and is
 * called after every committed change to it. */
int memo_init(struct store *s);
void memo_free(struct store *s);
void store_memo_forget(struct store *s, const char *code);

/* Stops the dossier writer after it has committed what is queued. */
void dossier_writer_stop(struct store *s);

/* Office hours of a unit read on c (inside the caller's transaction); the
 * default hours when none are stored. */
struct cal_hours;
int office_hours_on(struct conn *c, const char *unit, struct cal_hours *out, struct xerr *e);

/* Shared by the dossier files (sqlite_dossiers.c, sqlite_dossier_writer.c),
 * all inside the caller's transaction on c. */
struct cal;
struct dossier;
/* Now, in local minutes (UTC+7). */
int64_t store_now_local(void);
/* The appointment of d received at `at` (its procedure's time, its unit's
 * office hours, the calendar cal). */
int dossier_compute_due(struct conn *c, const struct cal *cal, const struct dossier *d, int64_t at,
                        int64_t *due, struct xerr *e);
int dossier_insert_row(struct conn *c, const struct dossier *d, int64_t *id, struct xerr *e);
/* A file link of a dossier: its shape (before any transaction), and the
 * row with its audit entry inside the caller's transaction (*id may be
 * NULL). */
int dossier_file_check(const struct dossier_file *f, struct xerr *e);
int dossier_file_insert(struct conn *c, const struct actor *who, const struct dossier *d,
                        const struct dossier_file *f, int64_t *id, struct xerr *e);
int dossier_event_add(struct conn *c, const struct actor *who, int64_t dossier, int from, int to,
                      int64_t at, const char *note, struct xerr *e);

/* Frees the calendars (store_close). */
void calendar_cache_free(struct store *s);

/* Drops the unit cache (after a committed change to units). */
void unit_cache_drop(struct store *s);

struct conn *conn_get(struct store *s);
void conn_put(struct store *s, struct conn *c);

/* The prepared statement for sql (a string literal or other static text),
 * reset and with bindings cleared; NULL on error (e is filled). */
sqlite3_stmt *conn_stmt(struct conn *c, const char *sql, struct xerr *e);

/* BEGIN IMMEDIATE under the store's write lock; tx_end commits when ok is
 * true and rolls back otherwise, then releases the lock. */
int tx_begin(struct store *s, struct conn *c, struct xerr *e);
int tx_end(struct store *s, struct conn *c, bool ok, struct xerr *e);

/* Runs fn(c, ctx, e) in one write transaction on a pooled connection:
 * committed when fn returns 0, rolled back otherwise. */
int store_write(struct store *s, int (*fn)(struct conn *c, void *ctx, struct xerr *e), void *ctx,
                struct xerr *e);

/* Steps a statement that returns no rows, then resets it: 0 or the error. */
int stmt_done(struct conn *c, sqlite3_stmt *st, struct xerr *e);

/* Turns a SQLite result code into an xerr (constraint -> XERR_CONFLICT). */
int sql_err(struct conn *c, int rc, struct xerr *e);

/* Binds text (NULL or "" binds NULL when null_if_empty). */
void bind_text(sqlite3_stmt *st, int i, const char *v, bool null_if_empty);

/* Copies column i as text into dst[cap], always NUL-terminated. */
void col_text(sqlite3_stmt *st, int i, char *dst, size_t cap);

/* Appends an audit entry inside the caller's transaction (between
 * tx_begin and tx_end): the chain link is read and written under the write
 * lock, so entries are totally ordered. */
int audit_append(struct conn *c, const struct actor *who, const char *action, const char *object,
                 const char *detail, struct xerr *e);

/* Runs a multi-statement SQL script on c (migrations, pragmas). */
int conn_exec(struct conn *c, const char *sql, struct xerr *e);

#endif
