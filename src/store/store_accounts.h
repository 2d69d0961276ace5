/*
 * store_accounts.h: accounts, sessions, API tokens and login throttling.
 * Part of the store.h contract.
 *
 * The store keeps what the web layer decides with: it checks no passwords
 * itself (core/secret.h does) and holds tokens only as their SHA-256.
 * Every change appends an audit entry in the same transaction.
 */
#ifndef XASO_STORE_ACCOUNTS_H
#define XASO_STORE_ACCOUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/authz.h"
#include "core/secret.h"
#include "core/xerr.h"

struct store;
struct actor;

enum { ACCOUNT_NAME_CHARS = 100 }; /* a full name: full_name holds them in any UTF-8 */

struct account {
	int64_t id;
	char login[64];
	enum role role;
	char unit[16];       /* "" for citizens */
	char full_name[404]; /* 100 characters of any UTF-8 */
	char pid[13];        /* "" when unknown */
	char phone[16];      /* "" when unknown */
	char password_hash[PASSWORD_HASH_LEN];
	char totp_secret[TOTP_SECRET_LEN]; /* "" when not enrolled */
	int64_t totp_last;
	bool disabled;
	int64_t created_at;
	int failed_count;
	int64_t locked_until; /* unix seconds; 0 when not locked */
};

/* Creates an account (a->id is set). XERR_CONFLICT when the login, or the
 * ID number, is taken; XERR_INVALID when the unit does not exist or a
 * citizen has a unit. */
int store_account_add(struct store *s, const struct actor *who, struct account *a, struct xerr *e);
/* By login (XERR_NOTFOUND when none). */
int store_account_get(struct store *s, const char *login, struct account *out, struct xerr *e);
int store_account_get_id(struct store *s, int64_t id, struct account *out, struct xerr *e);
/* Accounts whose unit is within `unit`'s subtree (NULL: all, citizens
 * included), ordered by login. The callback sees no password hash. */
int store_account_list(struct store *s, const char *unit, int (*cb)(const struct account *, void *),
                       void *ctx, struct xerr *e);
/* Disabling also ends the account's sessions and revokes its API tokens. */
int store_account_disable(struct store *s, const struct actor *who, const char *login,
                          bool disabled, struct xerr *e);
int store_account_set_password(struct store *s, const struct actor *who, const char *login,
                               const char *hash, struct xerr *e);
/* At the counter, after seeing a person's papers, an officer releases the
 * personal ID number (is_pid) or phone number (national form) that citizen
 * accounts claimed wrongly. Each citizen account holding it as its ID or
 * phone number loses it; one whose login it was also loses that login
 * (it becomes "released-<id>") and is disabled, its sessions and tokens
 * ended: nobody goes on signing in with another person's number. One
 * transaction with an "account.release" audit entry per account, naming
 * the account by id and what it lost, never the number. *count gets the
 * number of accounts changed (0: none held it). */
int store_account_release(struct store *s, const struct actor *who, const char *number, bool is_pid,
                          int *count, struct xerr *e);
/* Enrols ("" removes) a TOTP secret. */
int store_account_set_totp(struct store *s, const struct actor *who, const char *login,
                           const char *secret, struct xerr *e);

/* Login bookkeeping. A failure counts against the account (0: unknown
 * login) and the address; after lock_after consecutive failures the
 * account is locked for lock_secs. A success resets the account's count
 * and records the TOTP step used (0: none). */
int store_login_failed(struct store *s, const struct actor *who, int64_t account_id, int64_t now,
                       int lock_after, int lock_secs, struct xerr *e);
int store_login_ok(struct store *s, const struct actor *who, int64_t account_id, int64_t totp_step,
                   struct xerr *e);
/* Replaces the account's password hash old_hash by new_hash, the same
 * password hashed at the current cost (core/secret.h,
 * password_needs_rehash()), with an "account.rehash" audit entry; does
 * nothing when the stored hash is no longer old_hash. Sessions go on. */
int store_account_rehash(struct store *s, const struct actor *who, int64_t account_id,
                         const char *old_hash, const char *new_hash, struct xerr *e);
/* Failures from an address since `since` (unix seconds). */
int store_login_failures(struct store *s, const char *address, int64_t since, long *n,
                         struct xerr *e);

struct session {
	struct account account;
	char csrf[TOKEN_LEN];
	int64_t created_at, last_seen, expires_at;
};

int store_session_create(struct store *s, int64_t account_id, const char *token_hash,
                         const char *csrf, int64_t now, int64_t expires_at, struct xerr *e);
/* The live session for a token hash: not past its absolute expiry, seen
 * within idle_secs, account not disabled. XERR_AUTH otherwise (an expired
 * session is deleted). Refreshes last_seen at most once a minute. */
int store_session_lookup(struct store *s, const char *token_hash, int64_t now, int idle_secs,
                         struct session *out, struct xerr *e);
int store_session_delete(struct store *s, const char *token_hash, struct xerr *e);

struct api_token {
	int64_t id;
	char name[64];
	char login[64]; /* the account it acts as */
	char created_by[64];
	int64_t created_at, revoked_at;
};

/* A machine token acting as account_id (*id is set). */
int store_token_create(struct store *s, const struct actor *who, int64_t account_id,
                       const char *name, const char *token_hash, int64_t now, int64_t *id,
                       struct xerr *e);
int store_token_revoke(struct store *s, const struct actor *who, int64_t id, int64_t now,
                       struct xerr *e);
/* The account behind a live (not revoked, account not disabled) token. */
int store_token_lookup(struct store *s, const char *token_hash, struct account *out,
                       struct xerr *e);
int store_token_list(struct store *s, int (*cb)(const struct api_token *, void *), void *ctx,
                     struct xerr *e);

#endif
