/*
 * accounts.c: accounts and sign-in bookkeeping (failures, locks). Sessions
 * and API tokens are sessions.c.
 */
#include "store/store_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void st_account_read(struct db_stmt *st, int at, struct account *a)
{
	memset(a, 0, sizeof *a);
	a->id = db_int(st, at + 0);
	db_text_copy(st, at + 1, a->login, sizeof a->login);
	a->role = role_parse(db_text(st, at + 2));
	db_text_copy(st, at + 3, a->unit, sizeof a->unit);
	db_text_copy(st, at + 4, a->full_name, sizeof a->full_name);
	db_text_copy(st, at + 5, a->pid, sizeof a->pid);
	db_text_copy(st, at + 6, a->phone, sizeof a->phone);
	db_text_copy(st, at + 7, a->password_hash, sizeof a->password_hash);
	db_text_copy(st, at + 8, a->totp_secret, sizeof a->totp_secret);
	a->totp_last = db_int(st, at + 9);
	a->disabled = db_int(st, at + 10) != 0;
	a->created_at = db_int(st, at + 11);
	a->failed_count = (int)db_int(st, at + 12);
	a->locked_until = db_int(st, at + 13);
}

static int account_row(struct db_stmt *st, void *a)
{
	st_account_read(st, 0, a);
	return 0;
}

int st_account_one(struct db_conn *c, const char *sql, const struct db_arg *args, int n,
                   struct account *out, struct xerr *e)
{
	int rc = db_query_first(c, sql, args, n, account_row, out, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "login", "no such account");
	return rc < 0 ? rc : 0;
}

int st_audit_object(struct db_conn *c, const struct actor *who, const char *action,
                    const char *kind, int64_t id, const char *detail, struct xerr *e)
{
	char obj[64];
	snprintf(obj, sizeof obj, "%s:%" PRId64, kind, id);
	return st_audit_append(c, who, action, id ? obj : "", detail, e);
}

/* ---- accounts ---- */

struct add_ctx {
	const struct actor *who;
	struct account *a;
};

static int add_tx(struct db_conn *c, void *p, struct xerr *e)
{
	static const char sql_unit_exists[] = "SELECT level FROM unit WHERE code = ?1";
	static const char sql_add[] =
	    "INSERT INTO account (login, role, unit, full_name, pid, phone, password_hash, "
	    "totp_secret, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id";
	struct add_ctx *x = p;
	struct account *a = x->a;
	int rc;
	if (a->unit[0]) {
		rc = db_query_first(c, sql_unit_exists, DB_ARGS(DB_TEXT(a->unit)), NULL, NULL, e);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return xerr_set(e, XERR_INVALID, "unit", "unit %s does not exist", a->unit);
	}
	rc = db_query_int(c, sql_add,
	                  DB_ARGS(DB_TEXT(a->login), DB_TEXT(role_name(a->role)), DB_TEXTN(a->unit),
	                          DB_TEXT(a->full_name), DB_TEXTN(a->pid), DB_TEXTN(a->phone),
	                          DB_TEXT(a->password_hash), DB_TEXTN(a->totp_secret),
	                          DB_INT(time(NULL))),
	                  &a->id, e);
	if (rc == XERR_CONFLICT)
		return xerr_set(e, XERR_CONFLICT, "login",
		                "an account with this login or ID number exists");
	if (rc < 0)
		return rc;
	char detail[160];
	snprintf(detail, sizeof detail, "role=%s unit=%s", role_name(a->role), a->unit);
	return st_audit_object(c, x->who, "account.add", "account", a->id, detail, e);
}

int store_account_add(struct store *s, const struct actor *who, struct account *a, struct xerr *e)
{
	/* Staff are bound to a unit; a citizen is decided by ownership. */
	bool own = authz_by_ownership(a->role);
	if (own != (a->unit[0] == 0))
		return xerr_set(e, XERR_INVALID, "unit",
		                own ? "a citizen account has no unit"
		                    : "a staff account needs a unit");
	struct add_ctx x = {who, a};
	return st_write(s, add_tx, &x, e);
}

/* A citizen may sign in with the ID number recorded on the account. */
static const char sql_get[] =
    "SELECT " ST_ACCOUNT_COLS " FROM account a WHERE a.login = ?1 OR a.pid = ?1 "
    "ORDER BY a.login = ?1 DESC LIMIT 1";

int store_account_get(struct store *s, const char *login, struct account *out, struct xerr *e)
{
	struct db_conn *c = st_get(s);
	int rc = st_account_one(c, sql_get, DB_ARGS(DB_TEXT(login)), out, e);
	st_put(s, c);
	return rc;
}

int store_account_get_id(struct store *s, int64_t id, struct account *out, struct xerr *e)
{
	static const char sql[] = "SELECT " ST_ACCOUNT_COLS " FROM account a WHERE a.id = ?1";
	struct db_conn *c = st_get(s);
	int rc = st_account_one(c, sql, DB_ARGS(DB_INT(id)), out, e);
	st_put(s, c);
	return rc;
}

struct list_ctx {
	int (*cb)(const struct account *, void *);
	void *ctx;
};

static int list_row(struct db_stmt *st, void *ctx)
{
	struct list_ctx *l = ctx;
	struct account a;
	st_account_read(st, 0, &a);
	memset(a.password_hash, 0, sizeof a.password_hash);
	memset(a.totp_secret, 0, sizeof a.totp_secret);
	return l->cb(&a, l->ctx);
}

int store_account_list(struct store *s, const char *unit, int (*cb)(const struct account *, void *),
                       void *ctx, struct xerr *e)
{
	static const char sql_all[] = "SELECT " ST_ACCOUNT_COLS " FROM account a ORDER BY a.login";
	static const char sql_unit[] =
	    "SELECT " ST_ACCOUNT_COLS " FROM account a WHERE a.unit IN ("
	    " SELECT code FROM unit WHERE code = ?1 OR parent = ?1"
	    " OR parent IN (SELECT code FROM unit WHERE parent = ?1)) ORDER BY a.login";
	struct list_ctx l = {cb, ctx};
	if (unit)
		return st_each(s, sql_unit, DB_ARGS(DB_TEXT(unit)), list_row, &l, e);
	return st_each(s, sql_all, DB_NOARGS, list_row, &l, e);
}

/* An UPDATE of one account found by login (parameter 1: text_arg, or
 * int_arg when text_arg is NULL; parameter 2: the account id), then the
 * extra statements (parameter 1: the account id, and 2: now where
 * with_now), then the audit entry. */
struct extra_sql {
	const char *sql;
	bool with_now;
};

struct update_ctx {
	const struct actor *who;
	const char *sql, *login, *text_arg;
	int64_t int_arg;
	const char *action;
	const struct extra_sql *extra;
};

static int update_tx(struct db_conn *c, void *p, struct xerr *e)
{
	struct update_ctx *x = p;
	struct account a = {0};
	int rc = st_account_one(c, sql_get, DB_ARGS(DB_TEXT(x->login)), &a, e);
	if (rc == 0 && strcmp(a.login, x->login) != 0)
		rc = xerr_set(e, XERR_NOTFOUND, "login", "no account %s", x->login);
	if (rc)
		return rc;
	rc = db_run(c, x->sql,
	            DB_ARGS(x->text_arg ? DB_TEXTN(x->text_arg) : DB_INT(x->int_arg), DB_INT(a.id)),
	            e);
	for (const struct extra_sql *x2 = x->extra; rc == 0 && x2 && x2->sql; x2++)
		rc = x2->with_now ? db_run(c, x2->sql, DB_ARGS(DB_INT(a.id), DB_INT(time(NULL))), e)
		                  : db_run(c, x2->sql, DB_ARGS(DB_INT(a.id)), e);
	if (rc)
		return rc;
	return st_audit_object(c, x->who, x->action, "account", a.id, "", e);
}

static const char sql_end_sessions[] = "DELETE FROM session WHERE account_id = ?1";
static const char sql_revoke_all[] = "UPDATE api_token SET revoked_at = ?2 "
                                     "WHERE account_id = ?1 AND revoked_at IS NULL";

int store_account_disable(struct store *s, const struct actor *who, const char *login,
                          bool disabled, struct xerr *e)
{
	static const char sql_disable[] = "UPDATE account SET disabled = ?1 WHERE id = ?2";
	static const struct extra_sql extra[] = {
	    {sql_end_sessions, false}, {sql_revoke_all, true}, {NULL, false}};
	struct update_ctx x = {who,
	                       sql_disable,
	                       login,
	                       NULL,
	                       disabled ? 1 : 0,
	                       disabled ? "account.disable" : "account.enable",
	                       disabled ? extra : NULL};
	return st_write(s, update_tx, &x, e);
}

int store_account_set_password(struct store *s, const struct actor *who, const char *login,
                               const char *hash, struct xerr *e)
{
	static const char sql[] = "UPDATE account SET password_hash = ?1, failed_count = 0, "
	                          "locked_until = 0 WHERE id = ?2";
	static const struct extra_sql extra[] = {{sql_end_sessions, false}, {NULL, false}};
	struct update_ctx x = {who, sql, login, hash, 0, "account.password", extra};
	return st_write(s, update_tx, &x, e);
}

int store_account_set_totp(struct store *s, const struct actor *who, const char *login,
                           const char *secret, struct xerr *e)
{
	static const char sql[] =
	    "UPDATE account SET totp_secret = ?1, totp_last = 0 WHERE id = ?2";
	struct update_ctx x = {
	    who,   sql,
	    login, secret ? secret : "",
	    0,     secret && secret[0] ? "account.totp_enrol" : "account.totp_remove",
	    NULL};
	return st_write(s, update_tx, &x, e);
}

/* ---- numbers claimed wrongly ---- */

enum { RELEASE_MAX = 16 };

struct release_ctx {
	const struct actor *who;
	const char *number;
	bool is_pid;
	int n;
	int64_t ids[RELEASE_MAX];
	bool was_login[RELEASE_MAX];
};

static int release_row(struct db_stmt *st, void *p)
{
	struct release_ctx *x = p;
	x->ids[x->n] = db_int(st, 0);
	x->was_login[x->n] = db_int(st, 1) != 0;
	return ++x->n == RELEASE_MAX;
}

/* One account loses the number (and, when it was its login, the login,
 * its sessions and tokens), with its audit entry. */
static int release_one(struct db_conn *c, struct release_ctx *x, int i, struct xerr *e)
{
	static const char sql[] =
	    "UPDATE account SET "
	    "pid = CASE WHEN ?2 = 1 AND pid = ?1 THEN NULL ELSE pid END, "
	    "phone = CASE WHEN ?2 = 0 AND phone = ?1 THEN NULL ELSE phone END, "
	    "disabled = CASE WHEN login = ?1 THEN 1 ELSE disabled END, "
	    "login = CASE WHEN login = ?1 THEN 'released-' || id ELSE login END WHERE id = ?3";
	int64_t id = x->ids[i];
	int rc = db_run(c, sql, DB_ARGS(DB_TEXT(x->number), DB_INT(x->is_pid), DB_INT(id)), e);
	if (rc == 0 && x->was_login[i])
		rc = db_run(c, sql_end_sessions, DB_ARGS(DB_INT(id)), e);
	if (rc == 0 && x->was_login[i])
		rc = db_run(c, sql_revoke_all, DB_ARGS(DB_INT(id), DB_INT(time(NULL))), e);
	if (rc)
		return rc;
	char detail[96];
	snprintf(detail, sizeof detail, "%s released%s", x->is_pid ? "ID number" : "phone",
	         x->was_login[i] ? "; it was the login: account disabled" : "");
	return st_audit_object(c, x->who, "account.release", "account", id, detail, e);
}

static int release_tx(struct db_conn *c, void *p, struct xerr *e)
{
	/* Only accounts decided by ownership (citizens) claim numbers. */
	static const char sql_find[] =
	    "SELECT id, CASE WHEN login = ?1 THEN 1 ELSE 0 END FROM account WHERE role = ?3 AND "
	    "(login = ?1 OR (?2 = 1 AND pid = ?1) OR (?2 = 0 AND phone = ?1)) ORDER BY id LIMIT 16";
	struct release_ctx *x = p;
	x->n = 0;
	int rc = db_query_each(
	    c, sql_find,
	    DB_ARGS(DB_TEXT(x->number), DB_INT(x->is_pid), DB_TEXT(role_name(ROLE_CITIZEN))),
	    release_row, x, e);
	if (rc < 0)
		return rc;
	for (int i = 0; i < x->n; i++)
		if ((rc = release_one(c, x, i, e)) != 0)
			return rc;
	return 0;
}

int store_account_release(struct store *s, const struct actor *who, const char *number, bool is_pid,
                          int *count, struct xerr *e)
{
	struct release_ctx x = {who, number, is_pid, 0, {0}, {false}};
	*count = 0;
	int rc = st_write(s, release_tx, &x, e);
	if (rc == 0)
		*count = x.n;
	return rc;
}

/* ---- sign-in bookkeeping ---- */

struct login_ctx {
	const struct actor *who;
	int64_t account_id, now, totp_step;
	int lock_after, lock_secs;
};

static int failed_tx(struct db_conn *c, void *p, struct xerr *e)
{
	static const char sql_account[] =
	    "UPDATE account SET failed_count = failed_count + 1, locked_until = CASE "
	    "WHEN failed_count + 1 >= ?2 THEN ?1 + ?3 ELSE locked_until END WHERE id = ?4";
	static const char sql_address[] = "INSERT INTO login_failure (address, at) VALUES (?1, ?2)";
	static const char sql_prune[] = "DELETE FROM login_failure WHERE at < ?1";
	struct login_ctx *x = p;
	int rc = 0;
	if (x->account_id)
		rc = db_run(c, sql_account,
		            DB_ARGS(DB_INT(x->now), DB_INT(x->lock_after), DB_INT(x->lock_secs),
		                    DB_INT(x->account_id)),
		            e);
	if (rc == 0)
		rc = db_run(c, sql_address, DB_ARGS(DB_TEXT(x->who->address), DB_INT(x->now)), e);
	/* Failures older than a day no longer count for anything. */
	if (rc == 0)
		rc = db_run(c, sql_prune, DB_ARGS(DB_INT(x->now - 86400)), e);
	if (rc)
		return rc;
	return st_audit_object(c, x->who, "login.failed", "account", x->account_id, "", e);
}

int store_login_failed(struct store *s, const struct actor *who, int64_t account_id, int64_t now,
                       int lock_after, int lock_secs, struct xerr *e)
{
	struct login_ctx x = {who, account_id, now, 0, lock_after, lock_secs};
	return st_write(s, failed_tx, &x, e);
}

static int ok_tx(struct db_conn *c, void *p, struct xerr *e)
{
	static const char sql[] =
	    "UPDATE account SET failed_count = 0, locked_until = 0, "
	    "totp_last = CASE WHEN ?1 > totp_last THEN ?1 ELSE totp_last END WHERE id = ?2";
	struct login_ctx *x = p;
	int rc = db_run(c, sql, DB_ARGS(DB_INT(x->totp_step), DB_INT(x->account_id)), e);
	return rc ? rc
	          : st_audit_object(c, x->who, "login", "account", x->account_id,
	                            x->totp_step ? "totp" : "", e);
}

int store_login_ok(struct store *s, const struct actor *who, int64_t account_id, int64_t totp_step,
                   struct xerr *e)
{
	struct login_ctx x = {who, account_id, 0, totp_step, 0, 0};
	return st_write(s, ok_tx, &x, e);
}

/* A new hash of the same password: only if the stored one is still the
 * one that was verified (a password changed meanwhile stays changed);
 * sessions go on. */
struct rehash_ctx {
	const struct actor *who;
	int64_t account_id;
	const char *old_hash, *new_hash;
};

static int rehash_tx(struct db_conn *c, void *p, struct xerr *e)
{
	static const char sql[] = "UPDATE account SET password_hash = ?1 "
	                          "WHERE id = ?2 AND password_hash = ?3 RETURNING id";
	struct rehash_ctx *x = p;
	int rc = db_query_first(
	    c, sql, DB_ARGS(DB_TEXT(x->new_hash), DB_INT(x->account_id), DB_TEXT(x->old_hash)),
	    NULL, NULL, e);
	if (rc <= 0)
		return rc;
	return st_audit_object(c, x->who, "account.rehash", "account", x->account_id,
	                       "password hash renewed at the current cost", e);
}

int store_account_rehash(struct store *s, const struct actor *who, int64_t account_id,
                         const char *old_hash, const char *new_hash, struct xerr *e)
{
	struct rehash_ctx x = {who, account_id, old_hash, new_hash};
	return st_write(s, rehash_tx, &x, e);
}

int store_login_failures(struct store *s, const char *address, int64_t since, long *n,
                         struct xerr *e)
{
	static const char sql[] =
	    "SELECT count(*) FROM login_failure WHERE address = ?1 AND at >= ?2";
	return st_count(s, sql, DB_ARGS(DB_TEXT(address), DB_INT(since)), n, e);
}
