/*
 * auth.h: signing in and out, for the API and the pages.
 *
 * A session is a random 256-bit token: the browser holds it in the cookie
 * xaso_session (HttpOnly, SameSite=Lax, Secure over HTTPS); programs send
 * it, or an API token, as "Authorization: Bearer TOKEN". The store keeps
 * only SHA-256 hashes. A session ends after session_idle seconds without
 * use, after session_max seconds in any case, at logout, and when the
 * account is disabled or its password changes.
 *
 * Requests authenticated by the cookie that change data (any method but
 * GET and HEAD) must carry the session's CSRF token: the X-CSRF-Token
 * header, or a form field named csrf.
 *
 * Throttling: 5 failed sign-ins in a row lock an account for 15 minutes
 * (the lock answers like any failure, so it tells nobody the account
 * exists); 20 failures from one address within 15 minutes refuse that
 * address for the rest of the window (429). Every failure before the
 * second factor gets one answer: 401 "wrong login, password or code".
 */
#ifndef XASO_WEB_AUTH_H
#define XASO_WEB_AUTH_H

#include "store/store.h"
#include "web/http.h"

enum {
	AUTH_LOCK_AFTER = 5,
	AUTH_LOCK_SECS = 15 * 60,
	AUTH_ADDRESS_WINDOW = 15 * 60,
	AUTH_ADDRESS_MAX = 20,
};

struct login_result {
	struct account account;
	char token[TOKEN_LEN];
	char csrf[TOKEN_LEN];
	int64_t expires_at;
};

/* Checks the credentials (login is a staff login, a phone number or a
 * personal ID number), applies throttling, requires the TOTP code where the
 * account has one (and refuses province and admin accounts without one),
 * starts a session and sets its cookie on r's response. */
int auth_login(struct req *r, const char *login, const char *password, const char *totp,
               struct login_result *out, struct xerr *e);

/* Ends the caller's session (cookie or bearer) and clears the cookie. */
int auth_logout(struct req *r, struct xerr *e);

/* The CSRF token of the caller's cookie session ("" otherwise), to put in
 * forms as <input type=hidden name=csrf>. */
const char *auth_csrf(const struct req *r);

/* The unit chain of a unit (itself, parent, grandparent), from the store's
 * cache; returns its length (0 when the unit is unknown). */
int auth_unit_chain(struct req *r, const char *unit, char chain[][16], int max);

/* True when the caller may see personal ID and phone numbers of records of
 * `unit` unmasked (action "pii.full": the one-stop-shop officers of that
 * unit's subtree, who need them to process dossiers). Everyone else sees
 * them masked. */
bool auth_sees_pii(struct req *r, const char *unit);

/* The caller's role (ROLE_NONE when anonymous), to ask core/authz.h. */
enum role auth_role(const struct req *r);

#endif
