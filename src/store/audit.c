/*
 * audit.c: the hash-chained audit log.
 *
 * hash = SHA-256(prev || each field as "<length>:<bytes>"), hex encoded;
 * the first entry's prev is 64 zeros. Length prefixes make the encoding
 * unambiguous whatever the fields contain.
 */
#include "store/store_int.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char zero_hash[65] =
    "0000000000000000000000000000000000000000000000000000000000000000";

void actor_system(struct actor *a, const char *what)
{
	memset(a, 0, sizeof *a);
	snprintf(a->login, sizeof a->login, "system");
	snprintf(a->role, sizeof a->role, "system");
	snprintf(a->address, sizeof a->address, "%s", what ? what : "cli");
}

static void feed(crypto_hash_sha256_state *st, const char *v)
{
	char len[24];
	size_t n = strlen(v);
	int k = snprintf(len, sizeof len, "%zu:", n);
	crypto_hash_sha256_update(st, (const unsigned char *)len, (unsigned long long)k);
	crypto_hash_sha256_update(st, (const unsigned char *)v, n);
}

static void entry_hash(const struct audit_entry *a, char out[65])
{
	crypto_hash_sha256_state st;
	char num[3][24];
	snprintf(num[0], sizeof num[0], "%" PRId64, a->id);
	snprintf(num[1], sizeof num[1], "%" PRId64, a->at);
	snprintf(num[2], sizeof num[2], "%" PRId64, a->account_id);
	crypto_hash_sha256_init(&st);
	feed(&st, a->prev);
	feed(&st, num[0]);
	feed(&st, num[1]);
	feed(&st, num[2]);
	feed(&st, a->login);
	feed(&st, a->role);
	feed(&st, a->unit);
	feed(&st, a->address);
	feed(&st, a->action);
	feed(&st, a->object);
	feed(&st, a->detail);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, 65, h, sizeof h);
}

static const char sql_last[] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
static const char sql_insert[] =
    "INSERT INTO audit (id, at, account_id, login, role, unit, address, action, object, "
    "detail, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

static int read_link(struct db_stmt *st, void *ctx)
{
	struct audit_entry *a = ctx;
	a->id = db_int(st, 0) + 1;
	db_text_copy(st, 1, a->prev, sizeof a->prev);
	return 0;
}

/* The link is read from the table once per write transaction: the
 * transaction is the only writer, so after its first entry the chain's
 * end is the entry it wrote last (db_conn.audit_*). */
int st_audit_append_entry(struct db_conn *c, struct audit_entry *a, struct xerr *e)
{
	int rc = 1;
	if (c->writing && c->audit_known) {
		a->id = c->audit_id + 1;
		memcpy(a->prev, c->audit_hash, sizeof a->prev);
	} else if ((rc = db_query_first(c, sql_last, DB_NOARGS, read_link, a, e)) < 0) {
		return rc;
	}
	if (rc == 0) {
		a->id = 1;
		memcpy(a->prev, zero_hash, sizeof a->prev);
	}
	entry_hash(a, a->hash);
	rc = db_run(c, sql_insert,
	            DB_ARGS(DB_INT(a->id), DB_INT(a->at), DB_INT(a->account_id), DB_TEXT(a->login),
	                    DB_TEXT(a->role), DB_TEXT(a->unit), DB_TEXT(a->address),
	                    DB_TEXT(a->action), DB_TEXT(a->object), DB_TEXT(a->detail),
	                    DB_TEXT(a->prev), DB_TEXT(a->hash)),
	            e);
	if (rc == 0 && c->writing) {
		c->audit_known = true;
		c->audit_id = a->id;
		memcpy(c->audit_hash, a->hash, sizeof c->audit_hash);
	}
	return rc;
}

int st_audit_append(struct db_conn *c, const struct actor *who, const char *action,
                    const char *object, const char *detail, struct xerr *e)
{
	struct audit_entry a;
	memset(&a, 0, sizeof a);
	a.at = (int64_t)time(NULL);
	a.account_id = who ? who->account_id : 0;
	snprintf(a.login, sizeof a.login, "%s", who ? who->login : "system");
	snprintf(a.role, sizeof a.role, "%s", who ? who->role : "system");
	snprintf(a.unit, sizeof a.unit, "%s", who ? who->unit : "");
	snprintf(a.address, sizeof a.address, "%s", who ? who->address : "");
	snprintf(a.action, sizeof a.action, "%s", action);
	snprintf(a.object, sizeof a.object, "%s", object ? object : "");
	snprintf(a.detail, sizeof a.detail, "%s", detail ? detail : "");
	return st_audit_append_entry(c, &a, e);
}

struct record_ctx {
	const struct actor *who;
	const char *action, *object, *detail;
};

static int record_tx(struct db_conn *c, void *p, struct xerr *e)
{
	struct record_ctx *x = p;
	return st_audit_append(c, x->who, x->action, x->object, x->detail, e);
}

int store_audit_record(struct store *s, const struct actor *who, const char *action,
                       const char *object, const char *detail, struct xerr *e)
{
	struct record_ctx x = {who, action, object, detail};
	return st_write(s, record_tx, &x, e);
}

void st_audit_read(struct db_stmt *st, struct audit_entry *a)
{
	memset(a, 0, sizeof *a);
	a->id = db_int(st, 0);
	a->at = db_int(st, 1);
	a->account_id = db_int(st, 2);
	db_text_copy(st, 3, a->login, sizeof a->login);
	db_text_copy(st, 4, a->role, sizeof a->role);
	db_text_copy(st, 5, a->unit, sizeof a->unit);
	db_text_copy(st, 6, a->address, sizeof a->address);
	db_text_copy(st, 7, a->action, sizeof a->action);
	db_text_copy(st, 8, a->object, sizeof a->object);
	db_text_copy(st, 9, a->detail, sizeof a->detail);
	db_text_copy(st, 10, a->prev, sizeof a->prev);
	db_text_copy(st, 11, a->hash, sizeof a->hash);
}

/* The walk of the chain: each entry against the one before it. */
struct verify {
	char prev[65];
	int64_t expect_id, *count, *bad;
	struct xerr *e;
};

static int verify_row(struct db_stmt *st, void *ctx)
{
	struct verify *v = ctx;
	struct audit_entry a;
	st_audit_read(st, &a);
	char h[65];
	entry_hash(&a, h);
	if (a.id != v->expect_id) {
		*v->bad = v->expect_id;
		return xerr_set(v->e, XERR_CONFLICT, "id",
		                "entry %" PRId64 " is missing (the next is %" PRId64 ")",
		                v->expect_id, a.id);
	}
	if (strcmp(a.prev, v->prev) != 0) {
		*v->bad = a.id;
		return xerr_set(v->e, XERR_CONFLICT, "prev",
		                "entry %" PRId64 " does not link to the entry before it", a.id);
	}
	if (strcmp(a.hash, h) != 0) {
		*v->bad = a.id;
		return xerr_set(v->e, XERR_CONFLICT, "hash",
		                "entry %" PRId64 " was changed after it was written", a.id);
	}
	memcpy(v->prev, a.hash, sizeof v->prev);
	v->expect_id++;
	(*v->count)++;
	return 0;
}

/* One read transaction (a consistent snapshot while writers go on),
 * read in pages so that a long log is never held in memory at once. */
enum { VERIFY_PAGE = 10000 };

static int verify_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "SELECT " ST_AUDIT_COLS " FROM audit WHERE id >= ?1 ORDER BY id LIMIT ?2";
	struct verify *v = ctx;
	int rc = db_begin(c, DB_READ, e);
	if (rc)
		return rc;
	int64_t before;
	do {
		before = *v->count;
		rc = db_query_each(c, sql, DB_ARGS(DB_INT(v->expect_id), DB_INT(VERIFY_PAGE)),
		                   verify_row, ctx, e);
	} while (rc == 0 && *v->count - before == VERIFY_PAGE);
	db_end(c, false, NULL);
	return rc;
}

int store_audit_verify(struct store *s, int64_t *count, int64_t *bad, struct xerr *e)
{
	*count = 0;
	*bad = 0;
	struct verify v = {"", 1, count, bad, e};
	memcpy(v.prev, zero_hash, sizeof v.prev);
	return st_read(s, verify_tx, &v, e);
}

struct list_ctx {
	int (*cb)(const struct audit_entry *, void *);
	void *ctx;
};

static int list_row(struct db_stmt *st, void *ctx)
{
	struct list_ctx *l = ctx;
	struct audit_entry a;
	st_audit_read(st, &a);
	return l->cb(&a, l->ctx);
}

int store_audit_list(struct store *s, const char *unit, int64_t before, int limit,
                     int (*cb)(const struct audit_entry *, void *), void *ctx, struct xerr *e)
{
	static const char sql_all[] = "SELECT " ST_AUDIT_COLS " FROM audit "
	                              "WHERE (?1 = 0 OR id < ?1) ORDER BY id DESC LIMIT ?2";
	static const char sql_unit[] =
	    "SELECT " ST_AUDIT_COLS " FROM audit WHERE (?1 = 0 OR id < ?1) AND unit IN ("
	    " SELECT code FROM unit WHERE code = ?3 OR parent = ?3"
	    " OR parent IN (SELECT code FROM unit WHERE parent = ?3))"
	    " ORDER BY id DESC LIMIT ?2";
	struct list_ctx l = {cb, ctx};
	if (unit)
		return st_each(s, sql_unit, DB_ARGS(DB_INT(before), DB_INT(limit), DB_TEXT(unit)),
		               list_row, &l, e);
	return st_each(s, sql_all, DB_ARGS(DB_INT(before), DB_INT(limit)), list_row, &l, e);
}
