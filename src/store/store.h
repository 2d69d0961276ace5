/*
 * store.h: the persistence contract. Every SQL statement of xaso lives
 * behind this interface, in src/store/; core/, web/ and cli/ never see SQL.
 *
 * The functions below are written once, against the connection and
 * statement interface of store/db.h, which each back end implements as one
 * table of functions (struct store_methods): SQLite now (src/store/sqlite/:
 * WAL mode, foreign keys on, busy timeout, statements prepared once per
 * connection and reused) and PostgreSQL (src/store/pg/, libpq: a
 * connection pool, statements prepared on the server). store_open() picks it from the database
 * address. Rules are core's: the store reads what core needs, asks it, and writes what it decided.
 *
 * Threads: a struct store may be shared by any number of threads; it hands
 * each call a connection of its own pool and serialises writers itself.
 * Every function that changes data does it in one transaction: on error
 * nothing is written. Results are copied into caller-owned structs, or
 * passed one row at a time to a callback (the row is valid only during the
 * call; a callback returning non-zero stops the iteration and that value is
 * returned).
 *
 * Per-area functions are declared in the store_*.h headers included below.
 */
#ifndef XASO_STORE_STORE_H
#define XASO_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/xerr.h"

struct store;

enum store_flags {
	STORE_CREATE = 1, /* create the file if missing */
	STORE_READONLY = 2,
	STORE_MIGRATE = 4, /* apply pending migrations on open */
};

/* Opens (and with STORE_CREATE creates) the database at address: a path
 * or "sqlite:PATH" is a SQLite file; "postgres://..." or
 * "postgresql://..." is a PostgreSQL database (libpq's URI), created on
 * the server with STORE_CREATE when missing. With STORE_MIGRATE, brings
 * the schema to the newest version, each migration in its own
 * transaction. Caller frees with store_close(). */
int store_open(const char *address, int flags, struct store **out, struct xerr *e);
void store_close(struct store *s);

/* Sends the reads that may be slightly stale (the figures of dashboards
 * and the index: store_dossier_counts) to a second
 * database, a streaming replica of this one, opened read-only. Call
 * before the store is shared between threads. */
int store_set_read_db(struct store *s, const char *address, struct xerr *e);

/* Schema version in the file, and the newest this binary knows. */
int store_schema_version(struct store *s, struct xerr *e);
int store_schema_latest(void);
/* Applies pending migrations, then the back end's upkeep
 * (store_maintain); *from and *to report the versions. */
int store_migrate(struct store *s, int *from, int *to, struct xerr *e);
/* The back end's upkeep, run by xaso init and by a server at start:
 * PostgreSQL adds the partitions of the coming years. */
int store_maintain(struct store *s, struct xerr *e);
/* The back end's name: "sqlite" or "postgresql". */
const char *store_backend(const struct store *s);
/* Applies migrations only up to version `upto` (tests of upgrades). */
int store_migrate_to(struct store *s, int upto, struct xerr *e);

/* Size of the database in bytes (pages times page size). */
int64_t store_size_bytes(struct store *s);

/* Bulk loading (demo data, large imports): trades durability of the
 * loading run for speed (synchronous=OFF, a large page cache) until turned
 * off again, which checkpoints the WAL. Never used while serving. */
int store_bulk_mode(struct store *s, bool on, struct xerr *e);
/* Importing a large file (xaso import): a page cache of a fixed size for
 * its run, so that memory does not grow with the file; durable as usual. */
int store_import_mode(struct store *s, bool on, struct xerr *e);

/* Writes a consistent copy of the database to path: SQLite's online
 * backup (a database file), or pg_dump's custom format for PostgreSQL. */
int store_backup(struct store *s, const char *path, struct xerr *e);
/* Reads such a copy back into a database that holds no table yet (a new
 * file, or a new PostgreSQL database); XERR_CONFLICT when it is not
 * empty. */
int store_restore(struct store *s, const char *path, struct xerr *e);

#include "store/store_units.h"
#include "store/store_people.h"
#include "store/store_calendar.h"
#include "store/store_audit.h"
#include "store/store_procedures.h"
#include "store/store_dossiers.h"
#include "store/store_accounts.h"
#include "store/store_blobs.h"
#include "store/store_records.h"
#include "store/store_eval.h"
#include "store/store_monitor.h"
#include "store/store_payments.h"
#include "store/store_certs.h"

#endif
