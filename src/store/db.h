/*
 * db.h: the store's database interface, one level below store.h. Not part
 * of the store contract: only src/store/ includes it.
 *
 * The store's functions (units, accounts, audit, dossiers, ...) are written
 * once, against this interface, and each back end implements it as one
 * table of functions, struct store_methods, the way SQLite's pager talks to
 * any operating system through sqlite3_vfs and sqlite3_io_methods. The
 * SQLite back end is src/store/sqlite/, the PostgreSQL one (libpq)
 * src/store/pg/. store_open() picks the table from the database address.
 *
 * The level is that of connections and statements, so that each query is
 * stated once for every back end and the SQL cannot drift between them:
 *
 *   - a back end owns a pool of connections (struct db); a call takes one
 *     with db_get() and gives it back with db_put();
 *   - db_prepare() returns the connection's statement for a static SQL
 *     text, prepared on first use and cached by the text's address, so a
 *     hot path allocates nothing;
 *   - SQL numbers its placeholders ?1..?N (the PostgreSQL driver rewrites
 *     them to $N); values are bound with explicit types; new rows report
 *     their id with RETURNING, never through a "last insert id";
 *   - shared SQL is portable (ON CONFLICT ... DO NOTHING/UPDATE, CASE
 *     instead of two-argument max(), count(*) FILTER (WHERE ...), no GLOB,
 *     no date functions, no rowid; text search with LIKE on folded text).
 *     A statement that had to differ would take its text from the back
 *     end's table; none does today.
 *
 * Statements, rows and column values belong to the connection: a column's
 * text is valid until the next step or reset of its statement. Every
 * struct here begins with the back end's table, so the inline wrappers
 * below cost one indirect call.
 */
#ifndef XASO_STORE_DB_H
#define XASO_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/xerr.h"

struct store_methods;

/* A back end's pool, one of its connections, and one of their prepared
 * statements: each back end's own structs start with these. */
struct db {
	const struct store_methods *m;
	char *blob_dir; /* the default attachment directory (malloc'd), or NULL */
};
struct db_conn {
	const struct store_methods *m;
	/* Set by db_begin/db_end (db.c): inside a write transaction, and the
	 * audit chain's last entry once this transaction has read or written
	 * it (audit.c): the only writer need not read it again. */
	bool writing;
	bool audit_known;
	int64_t audit_id;
	char audit_hash[65];
};
struct db_stmt {
	const struct store_methods *m;
};

/* db_step() answers: a row is ready, or the statement has run to its end;
 * a negative XERR_* is an error (a broken constraint is XERR_CONFLICT). */
enum { DB_DONE = 0, DB_ROW = 1 };

/* Transactions: a read sees one snapshot; a write is the only writer of
 * the database (the back end serialises writers, so the audit chain is
 * totally ordered). */
enum db_tx { DB_READ, DB_WRITE };

/* One schema version of a back end: its number and its script. */
struct db_migration {
	int version;
	const char *name; /* the script's file name, for messages */
	const char *sql;
};

/* The scripts compiled into the binary under dir (e.g.
 * "src/store/sqlite/migrations/"), each named NNN_name.sql for the version
 * NNN it brings the database to, in version order: listed on the first
 * call, kept for the process. */
const struct db_migration *db_migrations_of(const char *dir, size_t *n);

/* How writes are made: as usual; loading a demo (durability of the run
 * traded for speed, a large cache); importing a large file (a bounded
 * cache, durable as usual). */
enum db_bulk { DB_BULK_OFF = 0, DB_BULK_FAST, DB_BULK_IMPORT };

struct store_methods {
	const char *name; /* "sqlite", "postgresql" */
	/* address is what follows the scheme ("sqlite:PATH" gives PATH), or
	 * the whole address for a back end whose library reads it (libpq's
	 * postgres://...); flags are enum store_flags. */
	int (*open)(const char *address, int flags, struct db **out, struct xerr *e);
	void (*close)(struct db *db);
	struct db_conn *(*get)(struct db *db); /* waits for a free connection */
	void (*put)(struct db *db, struct db_conn *c);

	struct db_stmt *(*prepare)(struct db_conn *c, const char *sql, struct xerr *e);
	void (*bind_int64)(struct db_stmt *st, int i, int64_t v);
	void (*bind_double)(struct db_stmt *st, int i, double v);
	void (*bind_text)(struct db_stmt *st, int i, const char *v); /* copied */
	/* v not copied: it stays unchanged until the statement's reset
	 * (DB_TEXTREF); NULL when the back end copies anyway (bind_text). */
	void (*bind_text_ref)(struct db_stmt *st, int i, const char *v);
	void (*bind_null)(struct db_stmt *st, int i);
	int (*step)(struct db_stmt *st, struct xerr *e);
	int64_t (*column_int64)(struct db_stmt *st, int i);
	double (*column_double)(struct db_stmt *st, int i);
	const char *(*column_text)(struct db_stmt *st, int i, size_t *len); /* NULL for NULL */
	bool (*column_null)(struct db_stmt *st, int i);
	void (*reset)(struct db_stmt *st); /* also clears the bindings */

	int (*exec)(struct db_conn *c, const char *script, struct xerr *e);
	/* Until the transaction ends, statements that return no rows may
	 * report their error at a later call of the transaction (at the latest
	 * its commit): for batches that are filed again one by one when they
	 * fail (dossier_writer.c). NULL when the back end always answers at
	 * once (SQLite: no round trips to save). */
	void (*defer_errors)(struct db_conn *c);
	int (*begin)(struct db_conn *c, enum db_tx mode, struct xerr *e);
	int (*commit)(struct db_conn *c, struct xerr *e);
	void (*rollback)(struct db_conn *c);
	/* Outside a transaction: whether this connection checks foreign keys.
	 * Only a load that makes every reference it writes itself turns the
	 * checks off (store/people.c, a first extract), and back on before
	 * the connection is given back. NULL when the back end always checks
	 * (PostgreSQL). */
	int (*foreign_keys)(struct db_conn *c, bool on, struct xerr *e);

	/* The schema version recorded in the database, and setting it inside
	 * the migration's transaction; the back end's migrations in version
	 * order. */
	int (*schema_version)(struct db_conn *c, int *version, struct xerr *e);
	int (*set_schema_version)(struct db_conn *c, int version, struct xerr *e);
	const struct db_migration *(*migrations)(size_t *n);

	/* A consistent copy of the whole database into the file at path, and
	 * the reverse into a database that holds nothing yet. */
	int (*backup)(struct db *db, const char *path, struct xerr *e);
	int (*restore)(struct db *db, const char *path, struct xerr *e);
	int (*bulk_mode)(struct db *db, enum db_bulk mode, struct xerr *e);
	int64_t (*size_bytes)(struct db *db);
	/* Upkeep that a server runs at start and xaso init after migrating
	 * (PostgreSQL: the coming years' partitions); NULL when none. */
	int (*maintain)(struct db *db, struct xerr *e);
	/* True when anything was committed, by this process or another, since
	 * the value *stamp holds (which it updates); cheap enough to ask on
	 * every request. */
	bool (*changed)(struct db *db, uint64_t *stamp);
};

/* The back ends built in. */
extern const struct store_methods db_sqlite_methods;
extern const struct store_methods db_pg_methods;

/* ---- the table through short names ---- */

static inline struct db_stmt *db_prepare(struct db_conn *c, const char *sql, struct xerr *e)
{
	return c->m->prepare(c, sql, e);
}
static inline int db_step(struct db_stmt *st, struct xerr *e)
{
	return st->m->step(st, e);
}
static inline void db_reset(struct db_stmt *st)
{
	st->m->reset(st);
}
static inline int64_t db_int(struct db_stmt *st, int i)
{
	return st->m->column_int64(st, i);
}
static inline double db_double(struct db_stmt *st, int i)
{
	return st->m->column_double(st, i);
}
static inline bool db_null(struct db_stmt *st, int i)
{
	return st->m->column_null(st, i);
}
/* Column i as text, "" for NULL. */
static inline const char *db_text(struct db_stmt *st, int i)
{
	const char *t = st->m->column_text(st, i, NULL);
	return t ? t : "";
}

/* Foreign-key checks on or off for c (store_methods.foreign_keys). */
static inline int db_foreign_keys(struct db_conn *c, bool on, struct xerr *e)
{
	return c->m->foreign_keys ? c->m->foreign_keys(c, on, e) : 0;
}

/* Copies column i as text into dst[cap], always NUL-terminated and cut to
 * fit (as the fixed-size fields of the structs are). */
void db_text_copy(struct db_stmt *st, int i, char *dst, size_t cap);

/* ---- binding values ---- */

/* A value to bind, with its type: DB_INT(x), DB_REAL(x), DB_TEXT(s) (NULL
 * binds NULL), DB_TEXTN(s) (NULL or "" binds NULL), DB_TEXTREF(s) (as
 * DB_TEXT, not copied where the back end allows: s must stay unchanged
 * until the statement is reset, as db_run and db_query_first/_int/_each
 * do before they return; for the rows of an import, where the copy and
 * its free were a twentieth of the work), DB_NULL. A statement's values
 * are passed as DB_ARGS(a, b, ...), bound to ?1, ?2, ... */
struct db_arg {
	enum { DB_A_INT, DB_A_REAL, DB_A_TEXT, DB_A_TEXTN, DB_A_TEXTREF, DB_A_NULL } type;
	int64_t i;
	double r;
	const char *s;
};
#define DB_INT(x)     ((struct db_arg){.type = DB_A_INT, .i = (int64_t)(x)})
#define DB_REAL(x)    ((struct db_arg){.type = DB_A_REAL, .r = (double)(x)})
#define DB_TEXT(x)    ((struct db_arg){.type = DB_A_TEXT, .s = (x)})
#define DB_TEXTN(x)   ((struct db_arg){.type = DB_A_TEXTN, .s = (x)})
#define DB_TEXTREF(x) ((struct db_arg){.type = DB_A_TEXTREF, .s = (x)})
#define DB_NULL       ((struct db_arg){.type = DB_A_NULL})
#define DB_ARGS(...)                                                                               \
	(const struct db_arg[]){__VA_ARGS__},                                                      \
	    (int)(sizeof((const struct db_arg[]){__VA_ARGS__}) / sizeof(struct db_arg))
#define DB_NOARGS NULL, 0

/* Prepares sql on c and binds args[0..n) to ?1..?n; NULL on error. */
struct db_stmt *db_query(struct db_conn *c, const char *sql, const struct db_arg *args, int n,
                         struct xerr *e);

/* ---- rows ---- */

/* A row reader: turns the statement's current row into the caller's
 * value. For db_each, a non-zero return stops the iteration. */
typedef int (*db_row_fn)(struct db_stmt *st, void *ctx);

/* Steps st to its end, calling row(st, ctx) on each row; resets st.
 * Returns 0, the first non-zero value of row (which stops it), or the
 * error. This is the one loop over rows; no file writes its own. */
int db_each(struct db_stmt *st, db_row_fn row, void *ctx, struct xerr *e);
/* Steps st once: calls row(st, ctx) and returns 1 when there is a row (its
 * non-zero return is returned instead), 0 when there is none, or the error;
 * resets st. row may be NULL (an existence test). */
int db_first(struct db_stmt *st, db_row_fn row, void *ctx, struct xerr *e);

/* The same on a fresh query (db_query + db_each / db_first). */
int db_query_each(struct db_conn *c, const char *sql, const struct db_arg *args, int n,
                  db_row_fn row, void *ctx, struct xerr *e);
int db_query_first(struct db_conn *c, const char *sql, const struct db_arg *args, int n,
                   db_row_fn row, void *ctx, struct xerr *e);
/* Runs a statement that returns no rows: 0 or the error. */
int db_run(struct db_conn *c, const char *sql, const struct db_arg *args, int n, struct xerr *e);
/* Runs a statement returning one integer (count(*), RETURNING id): 1 with
 * *out set, 0 without a row, or the error. */
int db_query_int(struct db_conn *c, const char *sql, const struct db_arg *args, int n, int64_t *out,
                 struct xerr *e);

/* ---- transactions ---- */

int db_begin(struct db_conn *c, enum db_tx mode, struct xerr *e);
/* See store_methods.defer_errors; nothing on a back end without it. */
static inline void db_defer_errors(struct db_conn *c)
{
	if (c->m->defer_errors)
		c->m->defer_errors(c);
}
/* Commits when ok, rolls back otherwise; returns the commit's error, or
 * 0 (a rollback never fails the caller, who already has an error). */
int db_end(struct db_conn *c, bool ok, struct xerr *e);
/* Runs multi-statement SQL (scripts, migrations). */
static inline int db_exec(struct db_conn *c, const char *script, struct xerr *e)
{
	return c->m->exec(c, script, e);
}

#endif
