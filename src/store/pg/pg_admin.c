/*
 * pg_admin.c: whole-database operations of the PostgreSQL back end: the
 * schema version (a one-row table, xaso_schema), the migrations compiled
 * from src/store/pg/migrations/ (numbered as SQLite's: version N means
 * the same tables on both), yearly partitions, bulk loading, size, and
 * backups through PostgreSQL's own tools (pg_dump's custom format, read
 * back by pg_restore), which run as child processes given the connection's
 * settings in their environment, so that a password never appears on a
 * command line.
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "store/pg/pg_int.h"
#include "store/store.h"

extern char **environ;

/* ---- schema version ---- */

int pg_schema_version(struct db_conn *c, int *version, struct xerr *e)
{
	static const char sql_exists[] = "SELECT to_regclass('xaso_schema') IS NOT NULL";
	static const char sql[] = "SELECT coalesce(max(version), 0) FROM xaso_schema";
	int64_t exists = 0, v = 0;
	int rc = db_query_int(c, sql_exists, DB_NOARGS, &exists, e);
	if (rc >= 0 && exists)
		rc = db_query_int(c, sql, DB_NOARGS, &v, e);
	if (rc < 0)
		return rc;
	*version = (int)v;
	return 0;
}

int pg_set_schema_version(struct db_conn *c, int version, struct xerr *e)
{
	static const char sql_table[] = "CREATE TABLE IF NOT EXISTS xaso_schema "
	                                "(version integer NOT NULL)";
	static const char sql_clear[] = "DELETE FROM xaso_schema";
	static const char sql_set[] = "INSERT INTO xaso_schema(version) VALUES (?1)";
	int rc = db_run(c, sql_table, DB_NOARGS, e);
	if (rc == 0)
		rc = db_run(c, sql_clear, DB_NOARGS, e);
	if (rc == 0)
		rc = db_run(c, sql_set, DB_ARGS(DB_INT(version)), e);
	return rc;
}

const struct db_migration *pg_migrations(size_t *n)
{
	return db_migrations_of("src/store/pg/migrations/", n);
}

/* ---- upkeep ---- */

/* The partitions of the years around now (the local year, UTC+7): last
 * year, this one and the next two, created when missing. Rows of a year
 * without its partition land in the default one, so a filing never fails
 * for want of one. */
int pg_maintain(struct db *d, struct xerr *e)
{
	static const char sql[] =
	    "SELECT xaso_year_partitions(CAST(?1 AS integer), CAST(?2 AS integer))";
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	int year = tm.tm_year + 1900, version = 0;
	struct db_conn *c = d->m->get(d);
	int rc = pg_schema_version(c, &version, e);
	if (rc == 0 && version >= 6) {
		rc = db_begin(c, DB_WRITE, e);
		if (rc == 0) {
			int64_t made = 0;
			rc = db_query_int(c, sql, DB_ARGS(DB_INT(year - 1), DB_INT(year + 2)),
			                  &made, e);
			int rc2 = db_end(c, rc >= 0, e);
			rc = rc < 0 ? rc : rc2;
		}
	}
	d->m->put(d, c);
	return rc;
}

/* Loading a demo queues the statements without rows (pg_stmt.c) and
 * commits without waiting for the disk; an import stays as usual, each
 * statement answered at once (a refused row names its field) and every
 * commit durable. */
int pg_bulk_mode(struct db *d, enum db_bulk mode, struct xerr *e)
{
	struct pg_pool *p = PG_POOL(d);
	int rc = 0;
	bool on = mode == DB_BULK_FAST;
	pthread_mutex_lock(&p->lock);
	p->bulk = on;
	for (int i = 0; i < PG_POOL_MAX && rc == 0; i++)
		if (p->conn[i].pg && !p->conn[i].busy)
			rc = pg_command(
			    p->conn[i].pg,
			    on ? "SET synchronous_commit = off" : "SET synchronous_commit = on", e);
	pthread_mutex_unlock(&p->lock);
	return rc;
}

int64_t pg_size_bytes(struct db *d)
{
	static const char sql[] = "SELECT pg_database_size(current_database())";
	struct db_conn *c = d->m->get(d);
	struct xerr e = {0};
	int64_t size = 0;
	db_query_int(c, sql, DB_NOARGS, &size, &e);
	d->m->put(d, c);
	return size;
}

/* ---- the database itself ---- */

/* The maintenance database's address: the same server and user. */
static PGconn *connect_maintenance(const char *address, char **dbname, struct xerr *e)
{
	PQconninfoOption *opts = PQconninfoParse(address, NULL);
	if (!opts)
		return xerr_set(e, XERR_INVALID, "db", "cannot read the database address"), NULL;
	const char *keys[32], *vals[32];
	int n = 0;
	for (PQconninfoOption *o = opts; o->keyword && n < 30; o++) {
		if (!o->val)
			continue;
		if (!strcmp(o->keyword, "dbname")) {
			free(*dbname);
			*dbname = strdup(o->val);
			continue;
		}
		keys[n] = o->keyword;
		vals[n++] = o->val;
	}
	keys[n] = "dbname";
	vals[n++] = "postgres";
	keys[n] = NULL;
	vals[n] = NULL;
	PGconn *pg = *dbname ? PQconnectdbParams(keys, vals, 0) : NULL;
	PQconninfoFree(opts);
	if (!*dbname) {
		xerr_set(e, XERR_INVALID, "db", "the database address names no database");
		return NULL;
	}
	if (PQstatus(pg) != CONNECTION_OK) {
		xerr_set(e, XERR_IO, "db", "cannot connect to the server to create the database");
		PQfinish(pg);
		return NULL;
	}
	return pg;
}

/* A new database is UTF-8 and sorts text by code point (collation C), as
 * SQLite does: listings come out in the same order on both back ends. */
int pg_create_database(const char *address, struct xerr *e)
{
	char *dbname = NULL;
	PGconn *pg = connect_maintenance(address, &dbname, e);
	if (!pg || !dbname) {
		PQfinish(pg);
		free(dbname);
		return e->code ? e->code : XERR_IO;
	}
	/* CREATE DATABASE takes no parameters: the name goes in quoted. */
	char *quoted = PQescapeIdentifier(pg, dbname, strlen(dbname));
	int rc = 0;
	if (!quoted) {
		rc = xerr_set(e, XERR_INVALID, "db", "bad database name");
	} else {
		size_t n = strlen(quoted) + 128;
		char *sql = malloc(n);
		if (!sql)
			rc = xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		else {
			snprintf(sql, n,
			         "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' "
			         "LC_COLLATE 'C' LC_CTYPE 'C'",
			         quoted);
			rc = pg_command(pg, sql, e);
			/* Another server's xaso init may have made it meanwhile. */
			if (rc && strstr(e->msg, "already exists"))
				rc = 0;
			free(sql);
		}
	}
	PQfreemem(quoted);
	PQfinish(pg);
	free(dbname);
	return rc;
}

/* ---- backups with pg_dump and pg_restore ---- */

/* libpq's connection keywords and the environment variables that carry
 * them to PostgreSQL's tools. */
static const char *const env_of[][2] = {
    {"host", "PGHOST"},
    {"hostaddr", "PGHOSTADDR"},
    {"port", "PGPORT"},
    {"dbname", "PGDATABASE"},
    {"user", "PGUSER"},
    {"password", "PGPASSWORD"},
    {"passfile", "PGPASSFILE"},
    {"sslmode", "PGSSLMODE"},
    {"sslcert", "PGSSLCERT"},
    {"sslkey", "PGSSLKEY"},
    {"sslrootcert", "PGSSLROOTCERT"},
    {"service", "PGSERVICE"},
    {"connect_timeout", "PGCONNECT_TIMEOUT"},
};
enum { ENV_KEYS = sizeof env_of / sizeof env_of[0] };

/* Runs argv with the connection's settings as PG* variables (replacing
 * any of ours); 0 when it exits with status 0. */
static int run_tool(struct pg_pool *p, char *const argv[], struct xerr *e)
{
	PQconninfoOption *opts = PQconninfoParse(p->address, NULL);
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = calloc(n + ENV_KEYS + 1, sizeof *env);
	if (!opts || !env) {
		PQconninfoFree(opts);
		free(env);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "PG", 2) != 0)
			env[k++] = environ[i];
	size_t first_own = k;
	for (PQconninfoOption *o = opts; o->keyword; o++)
		for (size_t j = 0; o->val && j < ENV_KEYS; j++)
			if (!strcmp(o->keyword, env_of[j][0]) &&
			    asprintf(&env[k], "%s=%s", env_of[j][1], o->val) > 0)
				k++;
	PQconninfoFree(opts);
	pid_t pid;
	int status = 0, rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, env);
	if (rc == 0 && waitpid(pid, &status, 0) < 0)
		rc = -1;
	for (size_t i = first_own; i < k; i++)
		free(env[i]);
	free(env);
	if (rc != 0)
		return xerr_set(e, XERR_IO, "db", "cannot run %s (install postgresql-client)",
		                argv[0]);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return xerr_set(e, XERR_IO, "db", "%s failed (exit status %d)", argv[0],
		                WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

int pg_backup(struct db *d, const char *path, struct xerr *e)
{
	char file[4096];
	snprintf(file, sizeof file, "--file=%s", path);
	char *const argv[] = {"pg_dump", "--format=custom", "--no-owner", "--no-privileges", file,
	                      NULL};
	return run_tool(PG_POOL(d), argv, e);
}

/* Restores into a database with no tables of ours (a fresh one, as
 * xaso init --db would create it, but not initialised). */
int pg_restore(struct db *d, const char *path, struct xerr *e)
{
	static const char sql[] = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'";
	struct pg_pool *p = PG_POOL(d);
	int64_t tables = 0;
	char dbname[256];
	struct db_conn *c = d->m->get(d);
	int rc = db_query_int(c, sql, DB_NOARGS, &tables, e);
	if (rc >= 0)
		snprintf(dbname, sizeof dbname, "--dbname=%s", PQdb(PG_CONN(c)->pg));
	d->m->put(d, c);
	if (rc < 0)
		return rc;
	if (tables > 0)
		return xerr_set(e, XERR_CONFLICT, "db",
		                "the database is not empty: restore into a new database");
	char *const argv[] = {"pg_restore",           "--exit-on-error",
	                      "--single-transaction", "--no-owner",
	                      "--no-privileges",      dbname,
	                      (char *)path,           NULL};
	return run_tool(p, argv, e);
}
