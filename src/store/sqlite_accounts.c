/* sqlite_accounts.c: accounts, sessions, API tokens, login throttling. */
#include "store/sqlite_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define ACCOUNT_COLS                                                                        \
	"a.id, a.login, a.role, coalesce(a.unit, ''), a.full_name, coalesce(a.pid, ''), "        \
	"coalesce(a.phone, ''), a.password_hash, coalesce(a.totp_secret, ''), a.totp_last, "     \
	"a.disabled, a.created_at, a.failed_count, a.locked_until"
enum { ACCOUNT_NCOLS = 14 };

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

static const char sql_add[] =
	"INSERT INTO account (login, role, unit, full_name, pid, phone, password_hash, "
	"totp_secret, created_at) VALUES (?,?,?,?,?,?,?,?,strftime('%s','now'))";
static const char sql_unit_exists[] = "SELECT level FROM unit WHERE code = ?";

int store_account_add(struct store *s, const struct actor *who, struct account *a,
                      struct xerr *e)
{
	if ((a->role == ROLE_CITIZEN) != (a->unit[0] == 0))
		return xerr_set(e, XERR_INVALID, "unit",
		                a->role == ROLE_CITIZEN ? "a citizen account has no unit"
		                                        : "a staff account needs a unit");
	struct conn *c = conn_get(s);
	int rc = tx_begin(s, c, e);
	if (rc) {
		conn_put(s, c);
		return rc;
	}
	sqlite3_stmt *st;
	if (a->unit[0]) {
		st = conn_stmt(c, sql_unit_exists, e);
		if (!st) {
			rc = e->code;
			goto out;
		}
		bind_text(st, 1, a->unit, false);
		int step = sqlite3_step(st);
		sqlite3_reset(st);
		if (step != SQLITE_ROW) {
			rc = xerr_set(e, XERR_INVALID, "unit", "unit %s does not exist", a->unit);
			goto out;
		}
	}
	st = conn_stmt(c, sql_add, e);
	if (!st) {
		rc = e->code;
		goto out;
	}
	bind_text(st, 1, a->login, false);
	bind_text(st, 2, role_name(a->role), false);
	bind_text(st, 3, a->unit, true);
	bind_text(st, 4, a->full_name, false);
	bind_text(st, 5, a->pid, true);
	bind_text(st, 6, a->phone, true);
	bind_text(st, 7, a->password_hash, false);
	bind_text(st, 8, a->totp_secret, true);
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		rc = sql_err(c, step, e);
		if (rc == XERR_CONFLICT)
			xerr_set(e, XERR_CONFLICT, "login", "an account with this login or ID number exists");
		goto out;
	}
	a->id = sqlite3_last_insert_rowid(c->db);
	char obj[64], detail[160];
	snprintf(obj, sizeof obj, "account:%" PRId64, a->id);
	snprintf(detail, sizeof detail, "role=%s unit=%s", role_name(a->role), a->unit);
	rc = audit_append(c, who, "account.add", obj, detail, e);
out:;
	int rc2 = tx_end(s, c, rc == 0, e);
	conn_put(s, c);
	return rc ? rc : rc2;
}

/* A citizen may sign in with the ID number recorded on the account. */
static const char sql_get[] =
	"SELECT " ACCOUNT_COLS " FROM account a WHERE a.login = ?1 OR a.pid = ?1 "
	"ORDER BY a.login = ?1 DESC LIMIT 1";
static const char sql_get_id[] = "SELECT " ACCOUNT_COLS " FROM account a WHERE a.id = ?";

static int get_one(struct store *s, const char *sql, const char *login, int64_t id,
                   struct account *out, struct xerr *e)
{
	struct conn *c = conn_get(s);
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	int rc = 0;
	if (!st) {
		conn_put(s, c);
		return e->code;
	}
	if (login)
		bind_text(st, 1, login, false);
	else
		sqlite3_bind_int64(st, 1, id);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		read_account(st, 0, out);
	else if (step == SQLITE_DONE)
		rc = xerr_set(e, XERR_NOTFOUND, "login", "no such account");
	else
		rc = sql_err(c, step, e);
	sqlite3_reset(st);
	conn_put(s, c);
	return rc;
}

int store_account_get(struct store *s, const char *login, struct account *out, struct xerr *e)
{
	return get_one(s, sql_get, login, 0, out, e);
}

int store_account_get_id(struct store *s, int64_t id, struct account *out, struct xerr *e)
{
	return get_one(s, sql_get_id, NULL, id, out, e);
}

static const char sql_list_all[] = "SELECT " ACCOUNT_COLS " FROM account a ORDER BY a.login";
static const char sql_list_unit[] =
	"SELECT " ACCOUNT_COLS " FROM account a WHERE a.unit IN ("
	" SELECT code FROM unit WHERE code = ?1 OR parent = ?1"
	" OR parent IN (SELECT code FROM unit WHERE parent = ?1)) ORDER BY a.login";

int store_account_list(struct store *s, const char *unit,
                       int (*cb)(const struct account *, void *), void *ctx, struct xerr *e)
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

/* One UPDATE of an account by login, with an audit entry, in one
 * transaction; extra statements (sessions, tokens) run after it. */
static int account_update(struct store *s, const struct actor *who, const char *sql,
                          const char *login, const char *text_arg, int64_t int_arg,
                          const char *action, const char *detail, const char *const *extra,
                          struct xerr *e)
{
	struct conn *c = conn_get(s);
	int rc = tx_begin(s, c, e);
	if (rc) {
		conn_put(s, c);
		return rc;
	}
	struct account a;
	sqlite3_stmt *st = conn_stmt(c, sql_get, e);
	if (!st) {
		rc = e->code;
		goto out;
	}
	bind_text(st, 1, login, false);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		read_account(st, 0, &a);
	sqlite3_reset(st);
	if (step != SQLITE_ROW) {
		rc = xerr_set(e, XERR_NOTFOUND, "login", "no account %s", login);
		goto out;
	}
	st = conn_stmt(c, sql, e);
	if (!st) {
		rc = e->code;
		goto out;
	}
	if (text_arg)
		bind_text(st, 1, text_arg, true);
	else
		sqlite3_bind_int64(st, 1, int_arg);
	sqlite3_bind_int64(st, 2, a.id);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		rc = sql_err(c, step, e);
		goto out;
	}
	for (; extra && *extra; extra++) {
		st = conn_stmt(c, *extra, e);
		if (!st) {
			rc = e->code;
			goto out;
		}
		sqlite3_bind_int64(st, 1, a.id);
		step = sqlite3_step(st);
		sqlite3_reset(st);
		if (step != SQLITE_DONE) {
			rc = sql_err(c, step, e);
			goto out;
		}
	}
	char obj[64];
	snprintf(obj, sizeof obj, "account:%" PRId64, a.id);
	rc = audit_append(c, who, action, obj, detail, e);
out:;
	int rc2 = tx_end(s, c, rc == 0, e);
	conn_put(s, c);
	return rc ? rc : rc2;
}

static const char sql_disable[] = "UPDATE account SET disabled = ?1 WHERE id = ?2";
static const char sql_end_sessions[] = "DELETE FROM session WHERE account_id = ?1";
static const char sql_revoke_all[] =
	"UPDATE api_token SET revoked_at = strftime('%s','now') "
	"WHERE account_id = ?1 AND revoked_at IS NULL";

int store_account_disable(struct store *s, const struct actor *who, const char *login,
                          bool disabled, struct xerr *e)
{
	static const char *const extra[] = {sql_end_sessions, sql_revoke_all, NULL};
	return account_update(s, who, sql_disable, login, NULL, disabled ? 1 : 0,
	                      disabled ? "account.disable" : "account.enable", "",
	                      disabled ? extra : NULL, e);
}

static const char sql_set_password[] =
	"UPDATE account SET password_hash = ?1, failed_count = 0, locked_until = 0 WHERE id = ?2";

int store_account_set_password(struct store *s, const struct actor *who, const char *login,
                               const char *hash, struct xerr *e)
{
	static const char *const extra[] = {sql_end_sessions, NULL};
	return account_update(s, who, sql_set_password, login, hash, 0, "account.password", "",
	                      extra, e);
}

static const char sql_set_totp[] =
	"UPDATE account SET totp_secret = ?1, totp_last = 0 WHERE id = ?2";

int store_account_set_totp(struct store *s, const struct actor *who, const char *login,
                           const char *secret, struct xerr *e)
{
	return account_update(s, who, sql_set_totp, login, secret ? secret : "", 0,
	                      secret && secret[0] ? "account.totp_enrol" : "account.totp_remove",
	                      "", NULL, e);
}

static const char sql_fail_account[] =
	"UPDATE account SET failed_count = failed_count + 1, locked_until = CASE "
	"WHEN failed_count + 1 >= ?2 THEN ?1 + ?3 ELSE locked_until END WHERE id = ?4";
static const char sql_fail_address[] = "INSERT INTO login_failure (address, at) VALUES (?, ?)";
static const char sql_fail_prune[] = "DELETE FROM login_failure WHERE at < ?";

int store_login_failed(struct store *s, const struct actor *who, int64_t account_id,
                       int64_t now, int lock_after, int lock_secs, struct xerr *e)
{
	struct conn *c = conn_get(s);
	int rc = tx_begin(s, c, e);
	if (rc) {
		conn_put(s, c);
		return rc;
	}
	sqlite3_stmt *st;
	int step;
	if (account_id) {
		st = conn_stmt(c, sql_fail_account, e);
		if (!st) {
			rc = e->code;
			goto out;
		}
		sqlite3_bind_int64(st, 1, now);
		sqlite3_bind_int(st, 2, lock_after);
		sqlite3_bind_int(st, 3, lock_secs);
		sqlite3_bind_int64(st, 4, account_id);
		step = sqlite3_step(st);
		sqlite3_reset(st);
		if (step != SQLITE_DONE) {
			rc = sql_err(c, step, e);
			goto out;
		}
	}
	st = conn_stmt(c, sql_fail_address, e);
	if (!st) {
		rc = e->code;
		goto out;
	}
	bind_text(st, 1, who->address, false);
	sqlite3_bind_int64(st, 2, now);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		rc = sql_err(c, step, e);
		goto out;
	}
	/* Failures older than a day no longer count for anything. */
	st = conn_stmt(c, sql_fail_prune, e);
	if (!st) {
		rc = e->code;
		goto out;
	}
	sqlite3_bind_int64(st, 1, now - 86400);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		rc = sql_err(c, step, e);
		goto out;
	}
	char obj[64];
	snprintf(obj, sizeof obj, "account:%" PRId64, account_id);
	rc = audit_append(c, who, "login.failed", account_id ? obj : "", "", e);
out:;
	int rc2 = tx_end(s, c, rc == 0, e);
	conn_put(s, c);
	return rc ? rc : rc2;
}

static const char sql_login_ok[] =
	"UPDATE account SET failed_count = 0, locked_until = 0, "
	"totp_last = max(totp_last, ?1) WHERE id = ?2";

int store_login_ok(struct store *s, const struct actor *who, int64_t account_id,
                   int64_t totp_step, struct xerr *e)
{
	struct conn *c = conn_get(s);
	int rc = tx_begin(s, c, e);
	if (rc) {
		conn_put(s, c);
		return rc;
	}
	sqlite3_stmt *st = conn_stmt(c, sql_login_ok, e);
	if (!st) {
		rc = e->code;
		goto out;
	}
	sqlite3_bind_int64(st, 1, totp_step);
	sqlite3_bind_int64(st, 2, account_id);
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		rc = sql_err(c, step, e);
		goto out;
	}
	char obj[64];
	snprintf(obj, sizeof obj, "account:%" PRId64, account_id);
	rc = audit_append(c, who, "login", obj, totp_step ? "totp" : "", e);
out:;
	int rc2 = tx_end(s, c, rc == 0, e);
	conn_put(s, c);
	return rc ? rc : rc2;
}

static const char sql_fail_count[] =
	"SELECT count(*) FROM login_failure WHERE address = ? AND at >= ?";

int store_login_failures(struct store *s, const char *address, int64_t since, long *n,
                         struct xerr *e)
{
	struct conn *c = conn_get(s);
	sqlite3_stmt *st = conn_stmt(c, sql_fail_count, e);
	if (!st) {
		conn_put(s, c);
		return e->code;
	}
	bind_text(st, 1, address, false);
	sqlite3_bind_int64(st, 2, since);
	int step = sqlite3_step(st);
	int rc = 0;
	if (step == SQLITE_ROW)
		*n = (long)sqlite3_column_int64(st, 0);
	else
		rc = sql_err(c, step, e);
	sqlite3_reset(st);
	conn_put(s, c);
	return rc;
}

/* ---- sessions ---- */

/* Runs one statement in a short write transaction (no audit: sessions are
 * not stored data of the service, and logins are audited by their own
 * entries). Parameters beyond the statement's own are not bound (SQLite
 * answers SQLITE_RANGE, which is ignored on purpose). */
static int exec_write(struct store *s, const char *sql, const char *t1, int64_t i2,
                      const char *t3, int64_t i4, int64_t i5, int64_t i6, struct xerr *e)
{
	struct conn *c = conn_get(s);
	int rc = tx_begin(s, c, e);
	if (rc) {
		conn_put(s, c);
		return rc;
	}
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st) {
		rc = e->code;
	} else {
		bind_text(st, 1, t1, false);
		sqlite3_bind_int64(st, 2, i2);
		if (t3)
			bind_text(st, 3, t3, false);
		else
			sqlite3_bind_int64(st, 3, 0);
		sqlite3_bind_int64(st, 4, i4);
		sqlite3_bind_int64(st, 5, i5);
		sqlite3_bind_int64(st, 6, i6);
		int step = sqlite3_step(st);
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			rc = sql_err(c, step, e);
	}
	int rc2 = tx_end(s, c, rc == 0, e);
	conn_put(s, c);
	return rc ? rc : rc2;
}

static const char sql_session_add[] =
	"INSERT INTO session (token_hash, account_id, csrf, created_at, last_seen, expires_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

int store_session_create(struct store *s, int64_t account_id, const char *token_hash,
                         const char *csrf, int64_t now, int64_t expires_at, struct xerr *e)
{
	return exec_write(s, sql_session_add, token_hash, account_id, csrf, now, now, expires_at,
	                  e);
}

static const char sql_session_get[] =
	"SELECT s.csrf, s.created_at, s.last_seen, s.expires_at, " ACCOUNT_COLS
	" FROM session s JOIN account a ON a.id = s.account_id WHERE s.token_hash = ?";
static const char sql_session_touch[] =
	"UPDATE session SET last_seen = ?2 WHERE token_hash = ?1";
static const char sql_session_del[] =
	"DELETE FROM session WHERE token_hash = ?1";

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
	if (out->account.disabled || now >= out->expires_at || now - out->last_seen > idle_secs) {
		exec_write(s, sql_session_del, token_hash, 0, NULL, 0, 0, 0, &(struct xerr){0});
		return xerr_set(e, XERR_AUTH, NULL, "the session has ended: sign in again");
	}
	if (now - out->last_seen >= 60)
		exec_write(s, sql_session_touch, token_hash, now, NULL, 0, 0, 0, &(struct xerr){0});
	return 0;
}

int store_session_delete(struct store *s, const char *token_hash, struct xerr *e)
{
	return exec_write(s, sql_session_del, token_hash, 0, NULL, 0, 0, 0, e);
}

/* ---- API tokens ---- */

static const char sql_token_add[] =
	"INSERT INTO api_token (token_hash, account_id, name, created_by, created_at) "
	"VALUES (?, ?, ?, ?, ?)";

int store_token_create(struct store *s, const struct actor *who, int64_t account_id,
                       const char *name, const char *token_hash, int64_t now, int64_t *id,
                       struct xerr *e)
{
	struct conn *c = conn_get(s);
	int rc = tx_begin(s, c, e);
	if (rc) {
		conn_put(s, c);
		return rc;
	}
	sqlite3_stmt *st = conn_stmt(c, sql_token_add, e);
	if (!st) {
		rc = e->code;
		goto out;
	}
	bind_text(st, 1, token_hash, false);
	sqlite3_bind_int64(st, 2, account_id);
	bind_text(st, 3, name, false);
	sqlite3_bind_int64(st, 4, who->account_id ? who->account_id : account_id);
	sqlite3_bind_int64(st, 5, now);
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		rc = sql_err(c, step, e);
		goto out;
	}
	*id = sqlite3_last_insert_rowid(c->db);
	char obj[64], detail[160];
	snprintf(obj, sizeof obj, "token:%" PRId64, *id);
	snprintf(detail, sizeof detail, "account:%" PRId64, account_id);
	rc = audit_append(c, who, "token.create", obj, detail, e);
out:;
	int rc2 = tx_end(s, c, rc == 0, e);
	conn_put(s, c);
	return rc ? rc : rc2;
}

static const char sql_token_revoke[] =
	"UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";

int store_token_revoke(struct store *s, const struct actor *who, int64_t id, int64_t now,
                       struct xerr *e)
{
	struct conn *c = conn_get(s);
	int rc = tx_begin(s, c, e);
	if (rc) {
		conn_put(s, c);
		return rc;
	}
	sqlite3_stmt *st = conn_stmt(c, sql_token_revoke, e);
	if (!st) {
		rc = e->code;
		goto out;
	}
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, id);
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		rc = sql_err(c, step, e);
		goto out;
	}
	if (sqlite3_changes(c->db) == 0) {
		rc = xerr_set(e, XERR_NOTFOUND, "id", "no live token %" PRId64, id);
		goto out;
	}
	char obj[64];
	snprintf(obj, sizeof obj, "token:%" PRId64, id);
	rc = audit_append(c, who, "token.revoke", obj, "", e);
out:;
	int rc2 = tx_end(s, c, rc == 0, e);
	conn_put(s, c);
	return rc ? rc : rc2;
}

static const char sql_token_get[] =
	"SELECT " ACCOUNT_COLS " FROM api_token t JOIN account a ON a.id = t.account_id "
	"WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.disabled = 0";

int store_token_lookup(struct store *s, const char *token_hash, struct account *out,
                       struct xerr *e)
{
	struct conn *c = conn_get(s);
	sqlite3_stmt *st = conn_stmt(c, sql_token_get, e);
	if (!st) {
		conn_put(s, c);
		return e->code;
	}
	bind_text(st, 1, token_hash, false);
	int step = sqlite3_step(st);
	int rc = 0;
	if (step == SQLITE_ROW)
		read_account(st, 0, out);
	else if (step == SQLITE_DONE)
		rc = xerr_set(e, XERR_AUTH, NULL, "unknown or revoked token");
	else
		rc = sql_err(c, step, e);
	sqlite3_reset(st);
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
