/*
 * pg_stmt.c: statements of the PostgreSQL back end (db.h's prepare, bind,
 * step, column and reset).
 *
 * db_prepare() hands out the connection's statement for a static SQL text,
 * found by the text's address in an open-addressed table, as SQLite's back
 * end does; the first time, its ?N placeholders are rewritten as $N.
 * Values are bound as text, with their kind (integer, real, text, NULL).
 * The first step prepares the statement on the server (PQprepare) with
 * parameter types taken from those kinds (bigint, double precision, text;
 * a NULL's type is left to the server, or text when the server cannot tell
 * it from the statement), unless the connection has already prepared it
 * with the same types, then executes it and keeps the whole result; later
 * steps walk its rows. Results come back as text: column_int64 and
 * column_double parse them, booleans read as 1 and 0.
 *
 * Bulk loading (store_bulk_mode: the demo's hundred thousand rows) would
 * spend its time waiting for one answer per row, and so would the batch of
 * filings the dossier writer commits at once. There (bulk mode, or a
 * transaction that asked for it: db_defer_errors), inside a transaction, a
 * statement that returns no rows (INSERT, UPDATE or DELETE without
 * RETURNING) is queued in libpq's pipeline mode and its step answers at
 * once; the results are read back every PG_PIPELINE_MAX statements, before
 * any statement that returns rows, and before the commit, where the first
 * error, if any, fails the transaction. Elsewhere every statement's error
 * comes back from its own step.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/pg_int.h"

/* Parameter types (pg_type.h's OIDs, stable across versions). */
enum { OID_UNKNOWN = 0, OID_INT8 = 20, OID_TEXT = 25, OID_FLOAT8 = 701 };

/* ---- rewriting ?N as $N ---- */

/* Skips a literal, quoted name or comment starting at p; returns p when
 * none starts there. */
static const char *skip_quoted(const char *p)
{
	if (*p == '\'' || *p == '"') {
		char q = *p++;
		while (*p && !(*p == q && p[1] != q))
			p += *p == q ? 2 : 1;
		return *p ? p + 1 : p;
	}
	if (p[0] == '-' && p[1] == '-')
		return p + strcspn(p, "\n");
	if (p[0] == '/' && p[1] == '*') {
		const char *end = strstr(p + 2, "*/");
		return end ? end + 2 : p + strlen(p);
	}
	return p;
}

char *pg_rewrite(const char *sql, int *nparams)
{
	size_t n = strlen(sql);
	char *out = malloc(n + 1), *o = out;
	if (!out)
		return NULL;
	*nparams = 0;
	for (const char *p = sql; *p;) {
		const char *q = skip_quoted(p);
		if (q != p) {
			memcpy(o, p, (size_t)(q - p));
			o += q - p;
			p = q;
		} else if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
			int k = (int)strtol(p + 1, (char **)&q, 10);
			if (k > *nparams)
				*nparams = k;
			*o++ = '$';
			memcpy(o, p + 1, (size_t)(q - p - 1));
			o += q - p - 1;
			p = q;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

/* ---- errors ---- */

int pg_result_error(PGconn *pg, const PGresult *res, struct xerr *e)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg)
		msg = pg ? PQerrorMessage(pg) : "no connection";
	size_t n = strcspn(msg, "\n");
	if (n > 150)
		n = 150;
	if (state && state[0] == '2' && state[1] == '3')
		return xerr_set(e, XERR_CONFLICT, NULL, "conflicts with stored data: %.*s", (int)n,
		                msg);
	return xerr_set(e, XERR_IO, "db", "database error: %.*s", (int)n, msg);
}

/* ---- the statement cache ---- */

static void stmt_free(struct pg_stmt *st)
{
	if (!st)
		return;
	PQclear(st->res);
	for (int i = 0; i < st->nprep; i++)
		free(st->prep[i].sig);
	free(st->text);
	free(st->kind);
	free(st->off);
	free(st->vals);
	free(st->argv);
	free(st);
}

void pg_stmts_free(struct pg_conn *c)
{
	for (int i = 0; i < PG_STMT_SLOTS; i++) {
		stmt_free(c->stmt[i]);
		c->stmt[i] = NULL;
		c->key[i] = NULL;
	}
}

static struct pg_stmt *stmt_new(struct pg_conn *c, const char *sql)
{
	struct pg_stmt *st = calloc(1, sizeof *st);
	if (!st)
		return NULL;
	st->base.m = &db_pg_methods;
	st->c = c;
	st->sql = sql;
	st->text = pg_rewrite(sql, &st->nparams);
	int k = st->nparams > 0 ? st->nparams : 1;
	st->kind = calloc((size_t)k, 1);
	st->off = calloc((size_t)k, sizeof *st->off);
	st->argv = calloc((size_t)k, sizeof *st->argv);
	if (!st->text || !st->kind || !st->off || !st->argv) {
		stmt_free(st);
		return NULL;
	}
	for (int i = 0; i < st->nparams; i++)
		st->off[i] = -1, st->kind[i] = 'u';
	st->rowless = (!strncasecmp(sql, "INSERT", 6) || !strncasecmp(sql, "UPDATE", 6) ||
	               !strncasecmp(sql, "DELETE", 6)) &&
	              !strcasestr(sql, "RETURNING");
	return st;
}

struct db_stmt *pg_prepare(struct db_conn *dc, const char *sql, struct xerr *e)
{
	struct pg_conn *c = PG_CONN(dc);
	if (!c->pg) {
		xerr_set(e, XERR_IO, "db", "no connection to the PostgreSQL database");
		return NULL;
	}
	size_t h = ((uintptr_t)sql >> 3) % PG_STMT_SLOTS;
	for (size_t n = 0; n < PG_STMT_SLOTS; n++, h = (h + 1) % PG_STMT_SLOTS) {
		if (c->key[h] == sql)
			return &c->stmt[h]->base;
		if (!c->key[h]) {
			struct pg_stmt *st = stmt_new(c, sql);
			if (!st) {
				xerr_set(e, XERR_NOMEM, NULL, "out of memory");
				return NULL;
			}
			c->key[h] = sql;
			c->stmt[h] = st;
			return &st->base;
		}
	}
	xerr_set(e, XERR_IO, NULL, "statement cache full");
	return NULL;
}

/* ---- binding ---- */

/* Keeps a copy of value v for parameter i (1-based) of kind k. */
static void bind_value(struct pg_stmt *st, int i, char k, const char *v, size_t n)
{
	if (i < 1 || i > st->nparams)
		return;
	st->kind[i - 1] = k;
	if (!v) {
		st->off[i - 1] = -1;
		return;
	}
	if (st->vlen + n + 1 > st->vcap) {
		size_t cap = st->vcap ? st->vcap : 256;
		while (cap < st->vlen + n + 1)
			cap *= 2;
		char *p = realloc(st->vals, cap);
		if (!p) {
			/* Bound as NULL: the statement then fails its constraints
			 * or finds nothing, never writes a wrong value. */
			st->off[i - 1] = -1;
			return;
		}
		st->vals = p;
		st->vcap = cap;
	}
	memcpy(st->vals + st->vlen, v, n);
	st->vals[st->vlen + n] = '\0';
	st->off[i - 1] = (long)st->vlen;
	st->vlen += n + 1;
}

void pg_bind_int64(struct db_stmt *s, int i, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof num, "%lld", (long long)v);
	bind_value(PG_STMT(s), i, 'i', num, (size_t)n);
}

void pg_bind_double(struct db_stmt *s, int i, double v)
{
	char num[32];
	int n = snprintf(num, sizeof num, "%.17g", v);
	bind_value(PG_STMT(s), i, 'd', num, (size_t)n);
}

void pg_bind_text(struct db_stmt *s, int i, const char *v)
{
	bind_value(PG_STMT(s), i, 't', v, strlen(v));
}

void pg_bind_null(struct db_stmt *s, int i)
{
	bind_value(PG_STMT(s), i, 'u', NULL, 0);
}

/* ---- executing ---- */

static unsigned oid_of(char kind, bool null_as_text)
{
	switch (kind) {
	case 'i': return OID_INT8;
	case 'd': return OID_FLOAT8;
	case 't': return OID_TEXT;
	default: return null_as_text ? OID_TEXT : OID_UNKNOWN;
	}
}

static PGresult *prepare_typed(struct pg_stmt *st, const char *name, bool null_as_text, Oid *types)
{
	for (int i = 0; i < st->nparams; i++)
		types[i] = oid_of(st->kind[i], null_as_text);
	return PQprepare(st->c->pg, name, st->text, st->nparams, types);
}

static bool indeterminate(const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	/* 42P18 indeterminate_datatype, 42P08 ambiguous_parameter */
	return PQresultStatus(res) != PGRES_COMMAND_OK && state &&
	       (!strcmp(state, "42P18") || !strcmp(state, "42P08"));
}

/* Prepares under name with the bound kinds. A NULL's type is left to the
 * server; when the statement does not imply it (`?2 IS NULL` alone), the
 * server refuses and it is prepared again with that NULL as text. Inside
 * a transaction the refusal would abort it, so a first try that may be
 * refused runs under a savepoint. */
static PGresult *prepare_kinds(struct pg_stmt *st, const char *name, Oid *types)
{
	PGconn *pg = st->c->pg;
	bool unknown = memchr(st->kind, 'u', (size_t)st->nparams) != NULL;
	bool guard = unknown && PQtransactionStatus(pg) == PQTRANS_INTRANS;
	struct xerr ignored = {0};
	if (guard && pg_command(pg, "SAVEPOINT xaso_prepare", &ignored) != 0)
		return prepare_typed(st, name, true, types);
	PGresult *res = prepare_typed(st, name, false, types);
	if (unknown && indeterminate(res)) {
		PQclear(res);
		if (guard)
			pg_command(pg, "ROLLBACK TO SAVEPOINT xaso_prepare", &ignored);
		res = prepare_typed(st, name, true, types);
	}
	if (guard)
		pg_command(pg, "RELEASE SAVEPOINT xaso_prepare", &ignored);
	return res;
}

/* The name of the server's prepared statement for st with the bound
 * kinds, preparing it the first time; NULL and *e set on error. */
static const char *server_prepare(struct pg_stmt *st, struct xerr *e)
{
	size_t n = (size_t)st->nparams;
	for (int i = 0; i < st->nprep; i++)
		if (!memcmp(st->prep[i].sig, st->kind, n))
			return st->prep[i].name;
	/* Beyond PG_PREP_PER_STMT shapes the oldest is dropped on the server. */
	if (st->nprep == PG_PREP_PER_STMT) {
		char sql[48];
		struct xerr ignored = {0};
		snprintf(sql, sizeof sql, "DEALLOCATE %s", st->prep[0].name);
		pg_command(st->c->pg, sql, &ignored);
		free(st->prep[0].sig);
		memmove(&st->prep[0], &st->prep[1], sizeof st->prep[0] * (PG_PREP_PER_STMT - 1));
		st->nprep--;
	}
	struct pg_prep *pp = &st->prep[st->nprep];
	Oid *types = malloc((n ? n : 1) * sizeof *types);
	pp->sig = malloc(n + 1);
	if (!types || !pp->sig) {
		free(types);
		free(pp->sig);
		xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		return NULL;
	}
	snprintf(pp->name, sizeof pp->name, "x%u", ++st->c->names);
	PGresult *res = prepare_kinds(st, pp->name, types);
	free(types);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		pg_result_error(st->c->pg, res, e);
		PQclear(res);
		free(pp->sig);
		return NULL;
	}
	PQclear(res);
	memcpy(pp->sig, st->kind, n);
	pp->sig[n] = '\0';
	st->nprep++;
	return pp->name;
}

/* ---- pipeline mode (bulk loading) ---- */

int pg_flush(struct pg_conn *c, struct xerr *e)
{
	if (!c->pg || PQpipelineStatus(c->pg) == PQ_PIPELINE_OFF)
		return 0;
	int rc = PQpipelineSync(c->pg) == 1 ? 0 : pg_result_error(c->pg, NULL, e);
	/* Each queued statement's result, then the sync's; an error skips
	 * the rest (PGRES_PIPELINE_ABORTED) up to the sync. */
	for (bool synced = false; !synced && PQstatus(c->pg) == CONNECTION_OK;) {
		PGresult *res = PQgetResult(c->pg);
		if (!res)
			continue; /* the end of one statement's results */
		ExecStatusType s = PQresultStatus(res);
		synced = s == PGRES_PIPELINE_SYNC;
		if (!synced && s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && rc == 0 &&
		    s != PGRES_PIPELINE_ABORTED)
			rc = pg_result_error(c->pg, res, e);
		PQclear(res);
	}
	c->queued = 0;
	if (PQexitPipelineMode(c->pg) != 1 && rc == 0)
		rc = pg_result_error(c->pg, NULL, e);
	return rc;
}

/* Queues a prepared statement that returns no rows. */
static int enqueue(struct pg_stmt *st, const char *name, struct xerr *e)
{
	PGconn *pg = st->c->pg;
	if (PQpipelineStatus(pg) == PQ_PIPELINE_OFF && PQenterPipelineMode(pg) != 1)
		return pg_result_error(pg, NULL, e);
	if (PQsendQueryPrepared(pg, name, st->nparams, st->argv, NULL, NULL, 0) != 1)
		return pg_result_error(pg, NULL, e);
	st->nrows = 0;
	st->row = -1;
	return ++st->c->queued >= PG_PIPELINE_MAX ? pg_flush(st->c, e) : 0;
}

static bool may_queue(const struct pg_stmt *st)
{
	return st->rowless && (st->c->pool->bulk || st->c->defer) &&
	       (PQpipelineStatus(st->c->pg) != PQ_PIPELINE_OFF ||
	        PQtransactionStatus(st->c->pg) == PQTRANS_INTRANS);
}

static int execute(struct pg_stmt *st, struct xerr *e)
{
	if (!st->c->pg || PQstatus(st->c->pg) != CONNECTION_OK)
		return xerr_set(e, XERR_IO, "db", "no connection to the PostgreSQL database");
	/* A statement is prepared outside pipeline mode (PQprepare waits). */
	const char *name = NULL;
	for (int i = 0; i < st->nprep && !name; i++)
		if (!memcmp(st->prep[i].sig, st->kind, (size_t)st->nparams))
			name = st->prep[i].name;
	int rc = name && may_queue(st) ? 0 : pg_flush(st->c, e);
	if (rc)
		return rc;
	if (!name && !(name = server_prepare(st, e)))
		return e && e->code ? e->code : XERR_IO;
	for (int i = 0; i < st->nparams; i++)
		st->argv[i] = st->off[i] < 0 ? NULL : st->vals + st->off[i];
	if (may_queue(st))
		return enqueue(st, name, e);
	st->res = PQexecPrepared(st->c->pg, name, st->nparams, st->argv, NULL, NULL, 0);
	ExecStatusType s = PQresultStatus(st->res);
	if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
		rc = pg_result_error(st->c->pg, st->res, e);
		PQclear(st->res);
		st->res = NULL;
		return rc;
	}
	st->nrows = s == PGRES_TUPLES_OK ? PQntuples(st->res) : 0;
	st->row = -1;
	return 0;
}

int pg_step(struct db_stmt *s, struct xerr *e)
{
	struct pg_stmt *st = PG_STMT(s);
	if (!st->ran) {
		int rc = execute(st, e);
		if (rc)
			return rc;
		st->ran = true;
	}
	if (st->row < st->nrows)
		st->row++;
	return st->row < st->nrows ? DB_ROW : DB_DONE;
}

void pg_reset(struct db_stmt *s)
{
	struct pg_stmt *st = PG_STMT(s);
	PQclear(st->res);
	st->res = NULL;
	st->nrows = 0;
	st->row = -1;
	st->ran = false;
	st->vlen = 0;
	for (int i = 0; i < st->nparams; i++)
		st->off[i] = -1, st->kind[i] = 'u';
}

/* ---- columns ---- */

static const char *cell(struct pg_stmt *st, int i)
{
	if (!st->res || st->row < 0 || st->row >= st->nrows || i < 0 || i >= PQnfields(st->res) ||
	    PQgetisnull(st->res, st->row, i))
		return NULL;
	return PQgetvalue(st->res, st->row, i);
}

int64_t pg_column_int64(struct db_stmt *s, int i)
{
	const char *v = cell(PG_STMT(s), i);
	if (!v)
		return 0;
	/* Booleans (a comparison read as a value) come back as t and f. */
	if (v[0] == 't' || v[0] == 'f')
		return v[0] == 't';
	return strtoll(v, NULL, 10);
}

double pg_column_double(struct db_stmt *s, int i)
{
	const char *v = cell(PG_STMT(s), i);
	return v ? strtod(v, NULL) : 0.0;
}

const char *pg_column_text(struct db_stmt *s, int i, size_t *len)
{
	struct pg_stmt *st = PG_STMT(s);
	const char *v = cell(st, i);
	if (len)
		*len = v ? (size_t)PQgetlength(st->res, st->row, i) : 0;
	return v;
}

bool pg_column_null(struct db_stmt *s, int i)
{
	return cell(PG_STMT(s), i) == NULL;
}
