/* sqlite_accounts.c: accounts, sessions, API tokens, login throttling. */
#include "store/sqlite_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define ACCOUNT_COLS                                                                               \
	"a.id, a.login, a.role, coalesce(a.unit, ''), a.full_name, coalesce(a.pid, ''), "          \
	"coalesce(a.phone, ''), a.password_hash, coalesce(a.totp_secret, ''), a.totp_last, "       \
	"a.disabled, a.created_at, a.failed_count, a.locked_until"

static void read_account(sqlite3_stmt *st, int at, struct account *a)
{
	char role[16];
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, at + 0);
	col_text(st, at + 1, a->login, sizeof a->login);
	col_text(st, at + 2, role, sizeof role);
	a->role = role_parse(role);
	col_text(st, at + 3, a->unit, sizeof a->unit);
	col_text(st, at + 4, a->full_name, sizeof a->full_name);
	col_text(st, at + 5, a->pid, sizeof a->pid);
	col_text(st, at + 6, a->phone, sizeof a->phone);
	col_text(st, at + 7, a->password_hash, sizeof a->password_hash);
	col_text(st, at + 8, a->totp_secret, sizeof a->totp_secret);
	a->totp_last = sqlite3_column_int64(st, at + 9);
	a->disabled = sqlite3_column_int(st, at + 10) != 0;
	a->created_at = sqlite3_column_int64(st, at + 11);
	a->failed_count = sqlite3_column_int(st, at + 12);
	a->locked_until = sqlite3_column_int64(st, at + 13);
}

/* An audit entry naming an object "kind:id". */
static int audit_obj(struct conn *c, const struct actor *who, const char *action, const char *kind,
                     int64_t id, const char *detail, struct xerr *e)
{
	char obj[64];
	snprintf(obj, sizeof obj, "%s:%" PRId64, kind, id);
	return audit_append(c, who, action, id ? obj : "", detail, e);
}

/* Reads at most one account with a prepared statement whose parameter 1
 * is bound by the caller; XERR_NOTFOUND when there is none. */
static int account_row(struct conn *c, sqlite3_stmt *st, struct account *out, struct xerr *e)
{
	int step = sqlite3_step(st);
	int rc = 0;
	if (step == SQLITE_ROW)
		read_account(st, 0, out);
	else if (step == SQLITE_DONE)
		rc = xerr_set(e, XERR_NOTFOUND, "login", "no such account");
	else
		rc = sql_err(c, step, e);
	sqlite3_reset(st);
	return rc;
}

/* ---- accounts ---- */

static const char sql_add[] =
    "INSERT INTO account (login, role, unit, full_name, pid, phone, password_hash, "
    "totp_secret, created_at) VALUES (?,?,?,?,?,?,?,?,strftime('%s','now'))";
static const char sql_unit_exists[] = "SELECT level FROM unit WHERE code = ?";

struct add_ctx {
	const struct actor *who;
	struct account *a;
};

static int add_tx(struct conn *c, void *p, struct xerr *e)
{
	struct add_ctx *x = p;
	struct account *a = x->a;
	sqlite3_stmt *st;
	if (a->unit[0]) {
		if (!(st = conn_stmt(c, sql_unit_exists, e)))
			return e->code;
		bind_text(st, 1, a->unit, false);
		int step = sqlite3_step(st);
		sqlite3_reset(st);
		if (step != SQLITE_ROW)
			return xerr_set(e, XERR_INVALID, "unit", "unit %s does not exist", a->unit);
	}
	if (!(st = conn_stmt(c, sql_add, e)))
		return e->code;
	bind_text(st, 1, a->login, false);
	bind_text(st, 2, role_name(a->role), false);
	bind_text(st, 3, a->unit, true);
	bind_text(st, 4, a->full_name, false);
	bind_text(st, 5, a->pid, true);
	bind_text(st, 6, a->phone, true);
	bind_text(st, 7, a->password_hash, false);
	bind_text(st, 8, a->totp_secret, true);
	int rc = stmt_done(c, st, e);
	if (rc == XERR_CONFLICT)
		return xerr_set(e, XERR_CONFLICT, "login",
		                "an account with this login or ID number exists");
	if (rc)
		return rc;
	a->id = sqlite3_last_insert_rowid(c->db);
	char detail[160];
	snprintf(detail, sizeof detail, "role=%s unit=%s", role_name(a->role), a->unit);
	return audit_obj(c, x->who, "account.add", "account", a->id, detail, e);
}

int store_account_add(struct store *s, const struct actor *who, struct account *a, struct xerr *e)
{
	if ((a->role == ROLE_CITIZEN) != (a->unit[0] == 0))
		return xerr_set(e, XERR_INVALID, "unit",
		                a->role == ROLE_CITIZEN ? "a citizen account has no unit"
		                                        : "a staff account needs a unit");
	struct add_ctx x = {who, a};
	return store_write(s, add_tx, &x, e);
}

/* A citizen may sign in with the ID number recorded on the account. */
static const char sql_get[] =
    "SELECT " ACCOUNT_COLS " FROM account a WHERE a.login = ?1 OR a.pid = ?1 "
    "ORDER BY a.login = ?1 DESC LIMIT 1";
static const char sql_get_id[] = "SELECT " ACCOUNT_COLS " FROM account a WHERE a.id = ?";

int store_account_get(struct store *s, const char *login, struct account *out, struct xerr *e)
{
	struct conn *c = conn_get(s);
	sqlite3_stmt *st = conn_stmt(c, sql_get, e);
	int rc = st ? 0 : e->code;
	if (st) {
		bind_text(st, 1, login, false);
		rc = account_row(c, st, out, e);
	}
	conn_put(s, c);
	return rc;
}

int store_account_get_id(struct store *s, int64_t id, struct account *out, struct xerr *e)
{
	struct conn *c = conn_get(s);
	sqlite3_stmt *st = conn_stmt(c, sql_get_id, e);
	int rc = st ? 0 : e->code;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		rc = account_row(c, st, out, e);
	}
	conn_put(s, c);
	return rc;
}

static const char sql_list_all[] = "SELECT " ACCOUNT_COLS " FROM account a ORDER BY a.login";
static const char sql_list_unit[] =
    "SELECT " ACCOUNT_COLS " FROM account a WHERE a.unit IN ("
    " SELECT code FROM unit WHERE code = ?1 OR parent = ?1"
    " OR parent IN (SELECT code FROM unit WHERE parent = ?1)) ORDER BY a.login";

int store_account_list(struct store *s, const char *unit, int (*cb)(const struct account *, void *),
                       void *ctx, struct xerr *e)
{
	struct conn *c = conn_get(s);
	sqlite3_stmt *st = conn_stmt(c, unit ? sql_list_unit : sql_list_all, e);
	if (!st) {
		conn_put(s, c);
		return e->code;
	}
	if (unit)
		bind_text(st, 1, unit, false);
	int rc = 0, step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct account a;
		read_account(st, 0, &a);
		memset(a.password_hash, 0, sizeof a.password_hash);
		memset(a.totp_secret, 0, sizeof a.totp_secret);
		if ((rc = cb(&a, ctx)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = sql_err(c, step, e);
	sqlite3_reset(st);
	conn_put(s, c);
	return rc;
}

/* An UPDATE of one account found by login (parameter 1: text_arg, or
 * int_arg when text_arg is NULL; parameter 2: the account id), then the
 * extra statements (parameter 1: the account id), then the audit entry. */
struct update_ctx {
	const struct actor *who;
	const char *sql, *login, *text_arg;
	int64_t int_arg;
	const char *action;
	const char *const *extra;
};

static int update_tx(struct conn *c, void *p, struct xerr *e)
{
	struct update_ctx *x = p;
	struct account a = {0};
	sqlite3_stmt *st = conn_stmt(c, sql_get, e);
	if (!st)
		return e->code;
	bind_text(st, 1, x->login, false);
	int rc = account_row(c, st, &a, e);
	if (rc == 0 && strcmp(a.login, x->login) != 0)
		rc = xerr_set(e, XERR_NOTFOUND, "login", "no account %s", x->login);
	if (rc)
		return rc;
	if (!(st = conn_stmt(c, x->sql, e)))
		return e->code;
	if (x->text_arg)
		bind_text(st, 1, x->text_arg, true);
	else
		sqlite3_bind_int64(st, 1, x->int_arg);
	sqlite3_bind_int64(st, 2, a.id);
	if ((rc = stmt_done(c, st, e)) != 0)
		return rc;
	for (const char *const *sql = x->extra; sql && *sql; sql++) {
		if (!(st = conn_stmt(c, *sql, e)))
			return e->code;
		sqlite3_bind_int64(st, 1, a.id);
		if ((rc = stmt_done(c, st, e)) != 0)
			return rc;
	}
	return audit_obj(c, x->who, x->action, "account", a.id, "", e);
}

static const char sql_disable[] = "UPDATE account SET disabled = ?1 WHERE id = ?2";
static const char sql_end_sessions[] = "DELETE FROM session WHERE account_id = ?1";
static const char sql_revoke_all[] = "UPDATE api_token SET revoked_at = strftime('%s','now') "
                                     "WHERE account_id = ?1 AND revoked_at IS NULL";

int store_account_disable(struct store *s, const struct actor *who, const char *login,
                          bool disabled, struct xerr *e)
{
	static const char *const extra[] = {sql_end_sessions, sql_revoke_all, NULL};
	struct update_ctx x = {who,
	                       sql_disable,
	                       login,
	                       NULL,
	                       disabled ? 1 : 0,
	                       disabled ? "account.disable" : "account.enable",
	                       disabled ? extra : NULL};
	return store_write(s, update_tx, &x, e);
}

static const char sql_set_password[] =
    "UPDATE account SET password_hash = ?1, failed_count = 0, locked_until = 0 WHERE id = ?2";

int store_account_set_password(struct store *s, const struct actor *who, const char *login,
                               const char *hash, struct xerr *e)
{
	static const char *const extra[] = {sql_end_sessions, NULL};
	struct update_ctx x = {who, sql_set_password, login, hash, 0, "account.password", extra};
	return store_write(s, update_tx, &x, e);
}

static const char sql_set_totp[] =
    "UPDATE account SET totp_secret = ?1, totp_last = 0 WHERE id = ?2";

int store_account_set_totp(struct store *s, const struct actor *who, const char *login,
                           const char *secret, struct xerr *e)
{
	struct update_ctx x = {
	    who,   sql_set_totp,
	    login, secret ? secret : "",
	    0,     secret && secret[0] ? "account.totp_enrol" : "account.totp_remove",
	    NULL};
	return store_write(s, update_tx, &x, e);
}

/* ---- numbers claimed wrongly ---- */

enum { RELEASE_MAX = 16 };

static const char sql_release_find[] =
    "SELECT id, login = ?1 FROM account WHERE role = 'citizen' AND "
    "(login = ?1 OR (?2 = 1 AND pid = ?1) OR (?2 = 0 AND phone = ?1)) LIMIT 16";
static const char sql_release[] =
    "UPDATE account SET "
    "pid = CASE WHEN ?2 = 1 AND pid = ?1 THEN NULL ELSE pid END, "
    "phone = CASE WHEN ?2 = 0 AND phone = ?1 THEN NULL ELSE phone END, "
    "disabled = CASE WHEN login = ?1 THEN 1 ELSE disabled END, "
    "login = CASE WHEN login = ?1 THEN 'released-' || id ELSE login END WHERE id = ?3";

struct release_ctx {
	const struct actor *who;
	const char *number;
	bool is_pid;
	int count;
};

static int release_tx(struct conn *c, void *p, struct xerr *e)
{
	struct release_ctx *x = p;
	int64_t ids[RELEASE_MAX];
	bool was_login[RELEASE_MAX];
	int n = 0, step = SQLITE_DONE;
	sqlite3_stmt *st = conn_stmt(c, sql_release_find, e);
	if (!st)
		return e->code;
	bind_text(st, 1, x->number, false);
	sqlite3_bind_int(st, 2, x->is_pid);
	while (n < RELEASE_MAX && (step = sqlite3_step(st)) == SQLITE_ROW) {
		ids[n] = sqlite3_column_int64(st, 0);
		was_login[n++] = sqlite3_column_int(st, 1) != 0;
	}
	sqlite3_reset(st);
	if (n < RELEASE_MAX && step != SQLITE_DONE)
		return sql_err(c, step, e);
	for (int i = 0; i < n; i++) {
		static const char *const end_all[] = {sql_end_sessions, sql_revoke_all};
		int rc;
		if (!(st = conn_stmt(c, sql_release, e)))
			return e->code;
		bind_text(st, 1, x->number, false);
		sqlite3_bind_int(st, 2, x->is_pid);
		sqlite3_bind_int64(st, 3, ids[i]);
		if ((rc = stmt_done(c, st, e)) != 0)
			return rc;
		for (int k = 0; was_login[i] && k < 2; k++) {
			if (!(st = conn_stmt(c, end_all[k], e)))
				return e->code;
			sqlite3_bind_int64(st, 1, ids[i]);
			if ((rc = stmt_done(c, st, e)) != 0)
				return rc;
		}
		char detail[96];
		snprintf(detail, sizeof detail, "%s released%s", x->is_pid ? "ID number" : "phone",
		         was_login[i] ? "; it was the login: account disabled" : "");
		if ((rc = audit_obj(c, x->who, "account.release", "account", ids[i], detail, e)))
			return rc;
	}
	x->count = n;
	return 0;
}

int store_account_release(struct store *s, const struct actor *who, const char *number, bool is_pid,
                          int *count, struct xerr *e)
{
	struct release_ctx x = {who, number, is_pid, 0};
	*count = 0;
	int rc = store_write(s, release_tx, &x, e);
	if (rc == 0)
		*count = x.count;
	return rc;
}

/* ---- sign-in bookkeeping ---- */

static const char sql_fail_account[] =
    "UPDATE account SET failed_count = failed_count + 1, locked_until = CASE "
    "WHEN failed_count + 1 >= ?2 THEN ?1 + ?3 ELSE locked_until END WHERE id = ?4";
static const char sql_fail_address[] = "INSERT INTO login_failure (address, at) VALUES (?, ?)";
static const char sql_fail_prune[] = "DELETE FROM login_failure WHERE at < ?";
static const char sql_login_ok[] = "UPDATE account SET failed_count = 0, locked_until = 0, "
                                   "totp_last = max(totp_last, ?1) WHERE id = ?2";

struct login_ctx {
	const struct actor *who;
	int64_t account_id, now, totp_step;
	int lock_after, lock_secs;
};

static int failed_tx(struct conn *c, void *p, struct xerr *e)
{
	struct login_ctx *x = p;
	sqlite3_stmt *st;
	int rc;
	if (x->account_id) {
		if (!(st = conn_stmt(c, sql_fail_account, e)))
			return e->code;
		sqlite3_bind_int64(st, 1, x->now);
		sqlite3_bind_int(st, 2, x->lock_after);
		sqlite3_bind_int(st, 3, x->lock_secs);
		sqlite3_bind_int64(st, 4, x->account_id);
		if ((rc = stmt_done(c, st, e)) != 0)
			return rc;
	}
	if (!(st = conn_stmt(c, sql_fail_address, e)))
		return e->code;
	bind_text(st, 1, x->who->address, false);
	sqlite3_bind_int64(st, 2, x->now);
	if ((rc = stmt_done(c, st, e)) != 0)
		return rc;
	/* Failures older than a day no longer count for anything. */
	if (!(st = conn_stmt(c, sql_fail_prune, e)))
		return e->code;
	sqlite3_bind_int64(st, 1, x->now - 86400);
	if ((rc = stmt_done(c, st, e)) != 0)
		return rc;
	return audit_obj(c, x->who, "login.failed", "account", x->account_id, "", e);
}

int store_login_failed(struct store *s, const struct actor *who, int64_t account_id, int64_t now,
                       int lock_after, int lock_secs, struct xerr *e)
{
	struct login_ctx x = {who, account_id, now, 0, lock_after, lock_secs};
	return store_write(s, failed_tx, &x, e);
}

static int ok_tx(struct conn *c, void *p, struct xerr *e)
{
	struct login_ctx *x = p;
	sqlite3_stmt *st = conn_stmt(c, sql_login_ok, e);
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 1, x->totp_step);
	sqlite3_bind_int64(st, 2, x->account_id);
	int rc = stmt_done(c, st, e);
	return rc ? rc
	          : audit_obj(c, x->who, "login", "account", x->account_id,
	                      x->totp_step ? "totp" : "", e);
}

int store_login_ok(struct store *s, const struct actor *who, int64_t account_id, int64_t totp_step,
                   struct xerr *e)
{
	struct login_ctx x = {who, account_id, 0, totp_step, 0, 0};
	return store_write(s, ok_tx, &x, e);
}

static const char sql_fail_count[] =
    "SELECT count(*) FROM login_failure WHERE address = ? AND at >= ?";

int store_login_failures(struct store *s, const char *address, int64_t since, long *n,
                         struct xerr *e)
{
	struct conn *c = conn_get(s);
	sqlite3_stmt *st = conn_stmt(c, sql_fail_count, e);
	int rc = st ? 0 : e->code;
	if (st) {
		bind_text(st, 1, address, false);
		sqlite3_bind_int64(st, 2, since);
		int step = sqlite3_step(st);
		if (step == SQLITE_ROW)
			*n = (long)sqlite3_column_int64(st, 0);
		else
			rc = sql_err(c, step, e);
		sqlite3_reset(st);
	}
	conn_put(s, c);
	return rc;
}

/* ---- sessions (not audited themselves: sign-ins have their entries) ---- */

static const char sql_session_add[] =
    "INSERT INTO session (token_hash, account_id, csrf, created_at, last_seen, expires_at) "
    "VALUES (?1, ?2, ?3, ?4, ?4, ?5)";
static const char sql_session_get[] =
    "SELECT s.csrf, s.created_at, s.last_seen, s.expires_at, " ACCOUNT_COLS
    " FROM session s JOIN account a ON a.id = s.account_id WHERE s.token_hash = ?";
static const char sql_session_touch[] = "UPDATE session SET last_seen = ?2 WHERE token_hash = ?1";
static const char sql_session_del[] = "DELETE FROM session WHERE token_hash = ?1";

struct session_ctx {
	const char *sql, *token_hash, *csrf;
	int64_t account_id, now, expires_at;
};

static int session_tx(struct conn *c, void *p, struct xerr *e)
{
	struct session_ctx *x = p;
	sqlite3_stmt *st = conn_stmt(c, x->sql, e);
	if (!st)
		return e->code;
	bind_text(st, 1, x->token_hash, false);
	if (x->sql == sql_session_add) {
		sqlite3_bind_int64(st, 2, x->account_id);
		bind_text(st, 3, x->csrf, false);
		sqlite3_bind_int64(st, 4, x->now);
		sqlite3_bind_int64(st, 5, x->expires_at);
	} else if (x->sql == sql_session_touch) {
		sqlite3_bind_int64(st, 2, x->now);
	}
	return stmt_done(c, st, e);
}

int store_session_create(struct store *s, int64_t account_id, const char *token_hash,
                         const char *csrf, int64_t now, int64_t expires_at, struct xerr *e)
{
	struct session_ctx x = {sql_session_add, token_hash, csrf, account_id, now, expires_at};
	return store_write(s, session_tx, &x, e);
}

int store_session_lookup(struct store *s, const char *token_hash, int64_t now, int idle_secs,
                         struct session *out, struct xerr *e)
{
	struct conn *c = conn_get(s);
	sqlite3_stmt *st = conn_stmt(c, sql_session_get, e);
	if (!st) {
		conn_put(s, c);
		return e->code;
	}
	bind_text(st, 1, token_hash, false);
	int step = sqlite3_step(st);
	int rc = 0;
	if (step == SQLITE_ROW) {
		col_text(st, 0, out->csrf, sizeof out->csrf);
		out->created_at = sqlite3_column_int64(st, 1);
		out->last_seen = sqlite3_column_int64(st, 2);
		out->expires_at = sqlite3_column_int64(st, 3);
		read_account(st, 4, &out->account);
	} else if (step == SQLITE_DONE) {
		rc = xerr_set(e, XERR_AUTH, NULL, "the session has ended: sign in again");
	} else {
		rc = sql_err(c, step, e);
	}
	sqlite3_reset(st);
	conn_put(s, c);
	if (rc)
		return rc;
	struct xerr ignored = {0};
	if (out->account.disabled || now >= out->expires_at || now - out->last_seen > idle_secs) {
		struct session_ctx x = {sql_session_del, token_hash, NULL, 0, now, 0};
		store_write(s, session_tx, &x, &ignored);
		return xerr_set(e, XERR_AUTH, NULL, "the session has ended: sign in again");
	}
	if (now - out->last_seen >= 60) {
		struct session_ctx x = {sql_session_touch, token_hash, NULL, 0, now, 0};
		store_write(s, session_tx, &x, &ignored);
	}
	return 0;
}

int store_session_delete(struct store *s, const char *token_hash, struct xerr *e)
{
	struct session_ctx x = {sql_session_del, token_hash, NULL, 0, 0, 0};
	return store_write(s, session_tx, &x, e);
}

/* ---- API tokens ---- */

static const char sql_token_add[] =
    "INSERT INTO api_token (token_hash, account_id, name, created_by, created_at) "
    "VALUES (?, ?, ?, ?, ?)";
static const char sql_token_revoke[] =
    "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";

struct token_ctx {
	const struct actor *who;
	int64_t account_id, now;
	const char *name, *token_hash;
	int64_t *id;
};

static int token_add_tx(struct conn *c, void *p, struct xerr *e)
{
	struct token_ctx *x = p;
	sqlite3_stmt *st = conn_stmt(c, sql_token_add, e);
	if (!st)
		return e->code;
	bind_text(st, 1, x->token_hash, false);
	sqlite3_bind_int64(st, 2, x->account_id);
	bind_text(st, 3, x->name, false);
	sqlite3_bind_int64(st, 4, x->who->account_id ? x->who->account_id : x->account_id);
	sqlite3_bind_int64(st, 5, x->now);
	int rc = stmt_done(c, st, e);
	if (rc)
		return rc;
	*x->id = sqlite3_last_insert_rowid(c->db);
	char detail[64];
	snprintf(detail, sizeof detail, "account:%" PRId64, x->account_id);
	return audit_obj(c, x->who, "token.create", "token", *x->id, detail, e);
}

int store_token_create(struct store *s, const struct actor *who, int64_t account_id,
                       const char *name, const char *token_hash, int64_t now, int64_t *id,
                       struct xerr *e)
{
	struct token_ctx x = {who, account_id, now, name, token_hash, id};
	return store_write(s, token_add_tx, &x, e);
}

static int token_revoke_tx(struct conn *c, void *p, struct xerr *e)
{
	struct token_ctx *x = p;
	sqlite3_stmt *st = conn_stmt(c, sql_token_revoke, e);
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 1, x->now);
	sqlite3_bind_int64(st, 2, *x->id);
	int rc = stmt_done(c, st, e);
	if (rc)
		return rc;
	if (sqlite3_changes(c->db) == 0)
		return xerr_set(e, XERR_NOTFOUND, "id", "no live token %" PRId64, *x->id);
	return audit_obj(c, x->who, "token.revoke", "token", *x->id, "", e);
}

int store_token_revoke(struct store *s, const struct actor *who, int64_t id, int64_t now,
                       struct xerr *e)
{
	struct token_ctx x = {who, 0, now, NULL, NULL, &id};
	return store_write(s, token_revoke_tx, &x, e);
}

static const char sql_token_get[] =
    "SELECT " ACCOUNT_COLS " FROM api_token t JOIN account a ON a.id = t.account_id "
    "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.disabled = 0";

int store_token_lookup(struct store *s, const char *token_hash, struct account *out, struct xerr *e)
{
	struct conn *c = conn_get(s);
	sqlite3_stmt *st = conn_stmt(c, sql_token_get, e);
	int rc = st ? 0 : e->code;
	if (st) {
		bind_text(st, 1, token_hash, false);
		rc = account_row(c, st, out, e);
		if (rc == XERR_NOTFOUND)
			rc = xerr_set(e, XERR_AUTH, NULL, "unknown or revoked token");
	}
	conn_put(s, c);
	return rc;
}

static const char sql_token_list[] =
    "SELECT t.id, t.name, a.login, b.login, t.created_at, coalesce(t.revoked_at, 0) "
    "FROM api_token t JOIN account a ON a.id = t.account_id "
    "JOIN account b ON b.id = t.created_by ORDER BY t.id";

int store_token_list(struct store *s, int (*cb)(const struct api_token *, void *), void *ctx,
                     struct xerr *e)
{
	struct conn *c = conn_get(s);
	sqlite3_stmt *st = conn_stmt(c, sql_token_list, e);
	if (!st) {
		conn_put(s, c);
		return e->code;
	}
	int rc = 0, step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct api_token t;
		memset(&t, 0, sizeof t);
		t.id = sqlite3_column_int64(st, 0);
		col_text(st, 1, t.name, sizeof t.name);
		col_text(st, 2, t.login, sizeof t.login);
		col_text(st, 3, t.created_by, sizeof t.created_by);
		t.created_at = sqlite3_column_int64(st, 4);
		t.revoked_at = sqlite3_column_int64(st, 5);
		if ((rc = cb(&t, ctx)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = sql_err(c, step, e);
	sqlite3_reset(st);
	conn_put(s, c);
	return rc;
}
