/*
 * sqlite_audit.c: the hash-chained audit log.
 *
 * hash = SHA-256(prev || each field as "<length>:<bytes>"), hex encoded;
 * the first entry's prev is 64 zeros. Length prefixes make the encoding
 * unambiguous whatever the fields contain.
 */
#include "store/sqlite_int.h"

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
    "detail, prev, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";

int audit_append(struct conn *c, const struct actor *who, const char *action, const char *object,
                 const char *detail, struct xerr *e)
{
	struct audit_entry a;
	memset(&a, 0, sizeof a);
	sqlite3_stmt *st = conn_stmt(c, sql_last, e);
	if (!st)
		return e->code;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		a.id = sqlite3_column_int64(st, 0) + 1;
		col_text(st, 1, a.prev, sizeof a.prev);
	} else if (rc == SQLITE_DONE) {
		a.id = 1;
		memcpy(a.prev, zero_hash, sizeof a.prev);
	} else {
		return sql_err(c, rc, e);
	}
	sqlite3_reset(st);
	a.at = (int64_t)time(NULL);
	a.account_id = who ? who->account_id : 0;
	snprintf(a.login, sizeof a.login, "%s", who ? who->login : "system");
	snprintf(a.role, sizeof a.role, "%s", who ? who->role : "system");
	snprintf(a.unit, sizeof a.unit, "%s", who ? who->unit : "");
	snprintf(a.address, sizeof a.address, "%s", who ? who->address : "");
	snprintf(a.action, sizeof a.action, "%s", action);
	snprintf(a.object, sizeof a.object, "%s", object ? object : "");
	snprintf(a.detail, sizeof a.detail, "%s", detail ? detail : "");
	entry_hash(&a, a.hash);

	st = conn_stmt(c, sql_insert, e);
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 1, a.id);
	sqlite3_bind_int64(st, 2, a.at);
	sqlite3_bind_int64(st, 3, a.account_id);
	bind_text(st, 4, a.login, false);
	bind_text(st, 5, a.role, false);
	bind_text(st, 6, a.unit, false);
	bind_text(st, 7, a.address, false);
	bind_text(st, 8, a.action, false);
	bind_text(st, 9, a.object, false);
	bind_text(st, 10, a.detail, false);
	bind_text(st, 11, a.prev, false);
	bind_text(st, 12, a.hash, false);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sql_err(c, rc, e);
}

struct record_ctx {
	const struct actor *who;
	const char *action, *object, *detail;
};

static int record_tx(struct conn *c, void *p, struct xerr *e)
{
	struct record_ctx *x = p;
	return audit_append(c, x->who, x->action, x->object, x->detail, e);
}

int store_audit_record(struct store *s, const struct actor *who, const char *action,
                       const char *object, const char *detail, struct xerr *e)
{
	struct record_ctx x = {who, action, object, detail};
	return store_write(s, record_tx, &x, e);
}

static void read_entry(sqlite3_stmt *st, struct audit_entry *a)
{
	a->id = sqlite3_column_int64(st, 0);
	a->at = sqlite3_column_int64(st, 1);
	a->account_id = sqlite3_column_int64(st, 2);
	col_text(st, 3, a->login, sizeof a->login);
	col_text(st, 4, a->role, sizeof a->role);
	col_text(st, 5, a->unit, sizeof a->unit);
	col_text(st, 6, a->address, sizeof a->address);
	col_text(st, 7, a->action, sizeof a->action);
	col_text(st, 8, a->object, sizeof a->object);
	col_text(st, 9, a->detail, sizeof a->detail);
	col_text(st, 10, a->prev, sizeof a->prev);
	col_text(st, 11, a->hash, sizeof a->hash);
}

static const char sql_walk[] =
    "SELECT id, at, account_id, login, role, unit, address, action, object, detail, prev, "
    "hash FROM audit ORDER BY id";

int store_audit_verify(struct store *s, int64_t *count, int64_t *bad, struct xerr *e)
{
	*count = 0;
	*bad = 0;
	struct conn *c = conn_get(s);
	int rc = 0;
	/* One read transaction: a consistent snapshot while writers go on. */
	if (conn_exec(c, "BEGIN", e) != 0) {
		conn_put(s, c);
		return e->code;
	}
	sqlite3_stmt *st = conn_stmt(c, sql_walk, e);
	if (!st) {
		rc = e->code;
		goto out;
	}
	char prev[65];
	memcpy(prev, zero_hash, sizeof prev);
	int64_t expect_id = 1;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry a;
		read_entry(st, &a);
		char h[65];
		entry_hash(&a, h);
		if (a.id != expect_id) {
			*bad = expect_id;
			rc = xerr_set(e, XERR_CONFLICT, "id",
			              "entry %" PRId64 " is missing (the next is %" PRId64 ")",
			              expect_id, a.id);
			break;
		}
		if (strcmp(a.prev, prev) != 0) {
			*bad = a.id;
			rc = xerr_set(e, XERR_CONFLICT, "prev",
			              "entry %" PRId64 " does not link to the entry before it",
			              a.id);
			break;
		}
		if (strcmp(a.hash, h) != 0) {
			*bad = a.id;
			rc = xerr_set(e, XERR_CONFLICT, "hash",
			              "entry %" PRId64 " was changed after it was written", a.id);
			break;
		}
		memcpy(prev, a.hash, sizeof prev);
		expect_id++;
		(*count)++;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = sql_err(c, step, e);
	sqlite3_reset(st);
out:
	conn_exec(c, "COMMIT", &(struct xerr){0});
	conn_put(s, c);
	return rc;
}

static const char sql_list_all[] =
    "SELECT id, at, account_id, login, role, unit, address, action, object, detail, prev, "
    "hash FROM audit WHERE (?1 = 0 OR id < ?1) ORDER BY id DESC LIMIT ?2";
static const char sql_list_unit[] =
    "SELECT id, at, account_id, login, role, unit, address, action, object, detail, prev, "
    "hash FROM audit WHERE (?1 = 0 OR id < ?1) AND unit IN ("
    " SELECT code FROM unit WHERE code = ?3 OR parent = ?3"
    " OR parent IN (SELECT code FROM unit WHERE parent = ?3))"
    " ORDER BY id DESC LIMIT ?2";

int store_audit_list(struct store *s, const char *unit, int64_t before, int limit,
                     int (*cb)(const struct audit_entry *, void *), void *ctx, struct xerr *e)
{
	struct conn *c = conn_get(s);
	sqlite3_stmt *st = conn_stmt(c, unit ? sql_list_unit : sql_list_all, e);
	int rc = 0;
	if (!st) {
		conn_put(s, c);
		return e->code;
	}
	sqlite3_bind_int64(st, 1, before);
	sqlite3_bind_int(st, 2, limit);
	if (unit)
		bind_text(st, 3, unit, false);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry a;
		read_entry(st, &a);
		rc = cb(&a, ctx);
		if (rc)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = sql_err(c, step, e);
	sqlite3_reset(st);
	conn_put(s, c);
	return rc;
}
