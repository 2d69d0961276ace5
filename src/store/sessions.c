/*
 * sessions.c: sign-in sessions and API tokens, both held as the SHA-256
 * of their secret (store_accounts.h). Sessions have no audit entry of
 * their own: sign-ins have theirs.
 */
#include "store/store_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char sql_session_del[] = "DELETE FROM session WHERE token_hash = ?1";

struct session_ctx {
	const char *token_hash, *csrf;
	int64_t account_id, now, expires_at;
};

static int create_tx(struct db_conn *c, void *p, struct xerr *e)
{
	static const char sql[] = "INSERT INTO session (token_hash, account_id, csrf, created_at, "
	                          "last_seen, expires_at) VALUES (?1, ?2, ?3, ?4, ?4, ?5)";
	struct session_ctx *x = p;
	return db_run(c, sql,
	              DB_ARGS(DB_TEXT(x->token_hash), DB_INT(x->account_id), DB_TEXT(x->csrf),
	                      DB_INT(x->now), DB_INT(x->expires_at)),
	              e);
}

static int touch_tx(struct db_conn *c, void *p, struct xerr *e)
{
	static const char sql[] = "UPDATE session SET last_seen = ?2 WHERE token_hash = ?1";
	struct session_ctx *x = p;
	return db_run(c, sql, DB_ARGS(DB_TEXT(x->token_hash), DB_INT(x->now)), e);
}

static int delete_tx(struct db_conn *c, void *p, struct xerr *e)
{
	struct session_ctx *x = p;
	return db_run(c, sql_session_del, DB_ARGS(DB_TEXT(x->token_hash)), e);
}

int store_session_create(struct store *s, int64_t account_id, const char *token_hash,
                         const char *csrf, int64_t now, int64_t expires_at, struct xerr *e)
{
	struct session_ctx x = {token_hash, csrf, account_id, now, expires_at};
	return st_write(s, create_tx, &x, e);
}

static int session_row(struct db_stmt *st, void *p)
{
	struct session *out = p;
	db_text_copy(st, 0, out->csrf, sizeof out->csrf);
	out->created_at = db_int(st, 1);
	out->last_seen = db_int(st, 2);
	out->expires_at = db_int(st, 3);
	st_account_read(st, 4, &out->account);
	return 0;
}

int store_session_lookup(struct store *s, const char *token_hash, int64_t now, int idle_secs,
                         struct session *out, struct xerr *e)
{
	static const char sql[] =
	    "SELECT s.csrf, s.created_at, s.last_seen, s.expires_at, " ST_ACCOUNT_COLS
	    " FROM session s JOIN account a ON a.id = s.account_id WHERE s.token_hash = ?1";
	int rc = st_first(s, sql, DB_ARGS(DB_TEXT(token_hash)), session_row, out, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return xerr_set(e, XERR_AUTH, NULL, "the session has ended: sign in again");
	struct xerr ignored = {0};
	struct session_ctx x = {token_hash, NULL, 0, now, 0};
	if (out->account.disabled || now >= out->expires_at || now - out->last_seen > idle_secs) {
		st_write(s, delete_tx, &x, &ignored);
		return xerr_set(e, XERR_AUTH, NULL, "the session has ended: sign in again");
	}
	if (now - out->last_seen >= 60)
		st_write(s, touch_tx, &x, &ignored);
	return 0;
}

int store_session_delete(struct store *s, const char *token_hash, struct xerr *e)
{
	struct session_ctx x = {token_hash, NULL, 0, 0, 0};
	return st_write(s, delete_tx, &x, e);
}

/* ---- API tokens ---- */

struct token_ctx {
	const struct actor *who;
	int64_t account_id, now;
	const char *name, *token_hash;
	int64_t *id;
};

static int token_add_tx(struct db_conn *c, void *p, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO api_token (token_hash, account_id, name, created_by, created_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id";
	struct token_ctx *x = p;
	int64_t by = x->who->account_id ? x->who->account_id : x->account_id;
	int rc = db_query_int(c, sql,
	                      DB_ARGS(DB_TEXT(x->token_hash), DB_INT(x->account_id),
	                              DB_TEXT(x->name), DB_INT(by), DB_INT(x->now)),
	                      x->id, e);
	if (rc < 0)
		return rc;
	char detail[64];
	snprintf(detail, sizeof detail, "account:%" PRId64, x->account_id);
	return st_audit_object(c, x->who, "token.create", "token", *x->id, detail, e);
}

int store_token_create(struct store *s, const struct actor *who, int64_t account_id,
                       const char *name, const char *token_hash, int64_t now, int64_t *id,
                       struct xerr *e)
{
	struct token_ctx x = {who, account_id, now, name, token_hash, id};
	return st_write(s, token_add_tx, &x, e);
}

static int token_revoke_tx(struct db_conn *c, void *p, struct xerr *e)
{
	static const char sql[] = "UPDATE api_token SET revoked_at = ?1 "
	                          "WHERE id = ?2 AND revoked_at IS NULL RETURNING id";
	struct token_ctx *x = p;
	int64_t id = 0;
	int rc = db_query_int(c, sql, DB_ARGS(DB_INT(x->now), DB_INT(*x->id)), &id, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "id", "no live token %" PRId64, *x->id);
	return st_audit_object(c, x->who, "token.revoke", "token", *x->id, "", e);
}

int store_token_revoke(struct store *s, const struct actor *who, int64_t id, int64_t now,
                       struct xerr *e)
{
	struct token_ctx x = {who, 0, now, NULL, NULL, &id};
	return st_write(s, token_revoke_tx, &x, e);
}

int store_token_lookup(struct store *s, const char *token_hash, struct account *out, struct xerr *e)
{
	static const char sql[] =
	    "SELECT " ST_ACCOUNT_COLS " FROM api_token t JOIN account a ON a.id = t.account_id "
	    "WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND a.disabled = 0";
	struct db_conn *c = st_get(s);
	int rc = st_account_one(c, sql, DB_ARGS(DB_TEXT(token_hash)), out, e);
	st_put(s, c);
	if (rc == XERR_NOTFOUND)
		rc = xerr_set(e, XERR_AUTH, NULL, "unknown or revoked token");
	return rc;
}

struct token_each {
	int (*cb)(const struct api_token *, void *);
	void *ctx;
};

static int token_row(struct db_stmt *st, void *ctx)
{
	struct token_each *x = ctx;
	struct api_token t;
	memset(&t, 0, sizeof t);
	t.id = db_int(st, 0);
	db_text_copy(st, 1, t.name, sizeof t.name);
	db_text_copy(st, 2, t.login, sizeof t.login);
	db_text_copy(st, 3, t.created_by, sizeof t.created_by);
	t.created_at = db_int(st, 4);
	t.revoked_at = db_int(st, 5);
	return x->cb(&t, x->ctx);
}

int store_token_list(struct store *s, int (*cb)(const struct api_token *, void *), void *ctx,
                     struct xerr *e)
{
	static const char sql[] =
	    "SELECT t.id, t.name, a.login, b.login, t.created_at, coalesce(t.revoked_at, 0) "
	    "FROM api_token t JOIN account a ON a.id = t.account_id "
	    "JOIN account b ON b.id = t.created_by ORDER BY t.id";
	struct token_each x = {cb, ctx};
	return st_each(s, sql, DB_NOARGS, token_row, &x, e);
}
