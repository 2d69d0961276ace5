/*
 * auth.c: who is calling (session cookie, bearer session or API token),
 * whether the route's action is allowed to that role (the policy table in
 * core/authz.c), CSRF on cookie-authenticated changes, and signing in.
 */
#include "web/auth.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/pii.h"
#include "web/form.h"
#include "web/server_int.h"

static int64_t now_secs(void)
{
	return (int64_t)time(NULL);
}

static int session_idle(const struct req *r)
{
	return r->srv && r->srv->opts && r->srv->opts->session_idle > 0 ? r->srv->opts->session_idle
	                                                                : 30 * 60;
}

static int session_max(const struct req *r)
{
	return r->srv && r->srv->opts && r->srv->opts->session_max > 0 ? r->srv->opts->session_max
	                                                               : 12 * 60 * 60;
}

static bool https(const struct req *r)
{
	return r->tls || (r->srv && r->srv->opts && r->srv->opts->https);
}

/* What auth_route learned about the caller, kept for the handler. */
struct caller {
	struct principal p;
	char token_hash[TOKEN_HASH_LEN];
	char csrf[TOKEN_LEN];
	bool cookie;
};

static const struct caller *caller_of(const struct req *r)
{
	/* r->who is the first member of the caller allocated in the arena. */
	return (const struct caller *)(const void *)r->who;
}

static void principal_from(struct principal *p, const struct account *a, bool via_token)
{
	memset(p, 0, sizeof *p);
	p->account_id = a->id;
	p->role = a->role;
	snprintf(p->login, sizeof p->login, "%s", a->login);
	snprintf(p->unit, sizeof p->unit, "%s", a->unit);
	p->via_token = via_token;
}

/* Finds the caller: "Authorization: Bearer T" (a session or an API token),
 * else the session cookie. Returns 0 (anonymous when nothing was sent),
 * or XERR_AUTH for a credential that is not valid. */
static int identify(struct req *r, struct xerr *e)
{
	const char *authz = req_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *token = NULL;
	bool cookie = false;
	if (authz) {
		if (strncmp(authz, "Bearer ", 7) != 0)
			return xerr_set(e, XERR_AUTH, "Authorization",
			                "use Authorization: Bearer TOKEN");
		token = authz + 7;
	} else if (r->conn) {
		token = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "xaso_session");
		cookie = token != NULL;
	}
	if (!token)
		return 0;
	if (strlen(token) != TOKEN_LEN - 1)
		return xerr_set(e, XERR_AUTH, NULL, "the session has ended: sign in again");
	struct caller *c = arena_alloc(&r->arena, sizeof *c);
	if (!c)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	token_hash(token, c->token_hash);
	struct session ses;
	int rc =
	    store_session_lookup(r->store, c->token_hash, now_secs(), session_idle(r), &ses, e);
	if (rc == 0) {
		principal_from(&c->p, &ses.account, false);
		memcpy(c->csrf, ses.csrf, sizeof c->csrf);
		c->cookie = cookie;
		r->who = &c->p;
		return 0;
	}
	if (rc != XERR_AUTH || cookie)
		return rc;
	struct account a;
	if (store_token_lookup(r->store, c->token_hash, &a, e) != 0)
		return xerr_set(e, XERR_AUTH, "Authorization", "unknown, expired or revoked token");
	principal_from(&c->p, &a, true);
	r->who = &c->p;
	return 0;
}

/* The form field `name` (urlencoded or multipart body) equals want. The
 * body is parsed once, here, and the handler gets the same parse from
 * form_parse(). */
static bool form_field_equals(const struct req *r, const char *name, const char *want)
{
	struct form f;
	struct xerr fe;
	if (!r->body || form_parse((struct req *)r, &f, &fe) != 0)
		return false;
	const char *v = form_get(&f, name);
	size_t vl = v ? strlen(v) : 0;
	return v && vl == strlen(want) && sodium_memcmp(v, want, vl) == 0;
}

static bool csrf_ok(struct req *r, const struct caller *c)
{
	if (!c->cookie)
		return true; /* bearer tokens are not sent by browsers on their own */
	if (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD"))
		return true;
	size_t n = strlen(c->csrf);
	const char *h = req_header(r, "X-CSRF-Token");
	if (h && strlen(h) == n && sodium_memcmp(h, c->csrf, n) == 0)
		return true;
	return form_field_equals(r, "csrf", c->csrf);
}

int auth_route(struct req *r, const struct route *rt, struct xerr *e)
{
	r->who = NULL;
	const struct authz_rule *rule = authz_rule(rt->action);
	if (!rule)
		return xerr_set(e, XERR_FORBIDDEN, NULL, "no policy for this route");
	int rc = identify(r, e);
	if (rc == XERR_AUTH && rule->roles & 1u) {
		/* A stale cookie must not lock anyone out of public pages. */
		r->who = NULL;
		return 0;
	}
	if (rc)
		return rc;
	if (!authz_allows(auth_role(r), rt->action))
		return r->who ? xerr_set(e, XERR_FORBIDDEN, NULL, "your role may not do this")
		              : xerr_set(e, XERR_AUTH, NULL, "sign in first");
	if (r->who && !csrf_ok(r, caller_of(r))) {
		/* Anyone may run a public action: without a valid CSRF token the
		 * request goes on as anonymous, never with the session's rights. */
		if (rule->roles & 1u) {
			r->who = NULL;
			return 0;
		}
		/* A form whose token could not be read because the body is too
		 * large or unreadable: say that, naming the field (413, 400),
		 * rather than blame the token. Nothing runs either way. */
		const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
		struct form f;
		if (ct && r->body &&
		    (req_media_is(ct, "multipart/form-data") ||
		     req_media_is(ct, "application/x-www-form-urlencoded")) &&
		    form_parse(r, &f, e) != 0)
			return e->code;
		return xerr_set(e, XERR_FORBIDDEN, "csrf",
		                "the form is out of date or came from another site: reload the "
		                "page and try again");
	}
	return 0;
}

int auth_unit_chain(struct req *r, const char *unit, char chain[][16], int max)
{
	int n = 0;
	char code[16];
	snprintf(code, sizeof code, "%s", unit ? unit : "");
	while (code[0] && n < max) {
		struct unit u;
		struct xerr e = {0};
		if (store_unit_get(r->store, code, &u, &e) != 0)
			break;
		snprintf(chain[n++], 16, "%s", u.code);
		snprintf(code, sizeof code, "%s", u.parent);
	}
	return n;
}

int auth_unit(struct req *r, const char *action, const char *unit, int64_t owner_account,
              struct xerr *e)
{
	char chain[4][16];
	const char *ptr[4];
	int n = auth_unit_chain(r, unit, chain, 4);
	for (int i = 0; i < n; i++)
		ptr[i] = chain[i];
	return authz_decide(r->who, action, ptr, n, owner_account, e);
}

bool auth_sees_pii(struct req *r, const char *unit)
{
	struct xerr e = {0};
	return auth_unit(r, "pii.full", unit, 0, &e) == 0;
}

enum role auth_role(const struct req *r)
{
	return r->who ? r->who->role : ROLE_NONE;
}

const char *auth_csrf(const struct req *r)
{
	return r->who ? caller_of(r)->csrf : "";
}

static void set_cookie(struct req *r, const char *value, int max_age)
{
	char *v = arena_alloc(&r->arena, 256);
	if (!v)
		return;
	snprintf(v, 256, "xaso_session=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s", value,
	         max_age, https(r) ? "; Secure" : "");
	resp_header(r, "Set-Cookie", v);
}

/* Too many failures from the caller's address: 429 for the window. */
static int address_throttled(struct req *r, const struct actor *who, int64_t now, struct xerr *e)
{
	long fails = 0;
	if (store_login_failures(r->store, who->address, now - AUTH_ADDRESS_WINDOW, &fails, e) != 0)
		return e->code;
	if (fails < AUTH_ADDRESS_MAX)
		return 0;
	resp_header(r, "Retry-After", "900");
	return xerr_set(e, XERR_THROTTLED, NULL,
	                "too many failed sign-ins from this address: wait 15 minutes");
}

/* The account a login names: a staff login, an ID number, or a phone
 * number in any usual form (stored in national form). */
static int account_of(struct req *r, const char *login, struct account *a, struct xerr *e)
{
	char key[64], phone[16];
	struct xerr pe = {0};
	snprintf(key, sizeof key, "%s", login);
	if (!pid_like(login) && (login[0] == '+' || login[0] == '0') &&
	    phone_normalise(login, phone, sizeof phone, "login", &pe) == 0)
		snprintf(key, sizeof key, "%s", phone);
	return store_account_get(r->store, key, a, e);
}

/* A new session for the account, its cookie on r's response. Its clock
 * starts now, once the hashes are done: stamped with the time the request
 * arrived, a session would already have been idle for as long as they
 * took (seconds under valgrind, and in a long queue of sign-ins). */
static int start_session(struct req *r, struct login_result *out, struct xerr *e)
{
	int64_t now = now_secs();
	token_new(out->token);
	token_new(out->csrf);
	char hash[TOKEN_HASH_LEN];
	token_hash(out->token, hash);
	out->expires_at = now + session_max(r);
	int rc = store_session_create(r->store, out->account.id, hash, out->csrf, now,
	                              out->expires_at, e);
	if (rc)
		return rc;
	char *cookie_val = arena_strdup(&r->arena, out->token);
	if (cookie_val)
		set_cookie(r, cookie_val, session_max(r));
	return 0;
}

/* The password was right, but its hash was made at another cost (an older
 * default, core/secret.h): store it again at the current cost. A failure
 * keeps the old hash, which still verifies; the sign-in goes on. */
static void rehash(struct req *r, const struct actor *who, const struct account *a,
                   const char *password)
{
	char hash[PASSWORD_HASH_LEN];
	struct xerr e = {0};
	if (password_hash(password, hash, &e) == 0)
		store_account_rehash(r->store, who, a->id, a->password_hash, hash, &e);
	sodium_memzero(hash, sizeof hash);
}

int auth_login(struct req *r, const char *login, const char *password, const char *totp,
               struct login_result *out, struct xerr *e)
{
	memset(out, 0, sizeof out->account);
	if (secret_init(e) != 0)
		return e->code;
	if (!login || !*login)
		return xerr_set(e, XERR_INVALID, "login", "enter your login, phone or ID number");
	if (!password || !*password)
		return xerr_set(e, XERR_INVALID, "password", "enter your password");
	struct actor who;
	req_actor(r, &who);
	int64_t now = now_secs();
	struct account *a = &out->account;
	int rc = address_throttled(r, &who, now, e);
	if (rc == 0)
		rc = account_of(r, login, a, e);
	if (rc && rc != XERR_NOTFOUND)
		return rc;
	bool known = rc == 0;
	if (known) {
		snprintf(who.login, sizeof who.login, "%s", a->login);
		snprintf(who.role, sizeof who.role, "%s", role_name(a->role));
		snprintf(who.unit, sizeof who.unit, "%s", a->unit);
		who.account_id = a->id;
	}
	/* Until the password is right, every failure gets the same answer in
	 * the same time (one Argon2id check), whether the login is unknown,
	 * the account disabled or locked: no telling accounts apart. A locked
	 * account is not even asked for its password (that would let a
	 * guesser go on during the lock); its owner learns of the lock from
	 * the message, which names it as a possible cause. */
	bool usable = known && a->locked_until <= now;
	bool ok = password_verify(password, usable ? a->password_hash : password_dummy_hash()) &&
	          usable && !a->disabled;
	now = now_secs(); /* the hash took its time: the code is checked as of now */
	int64_t step = 0;
	if (ok && a->totp_secret[0]) {
		/* The second-factor step: the password was right. */
		if (!totp || !*totp)
			return xerr_set(e, XERR_AUTH, "totp",
			                "enter the 6-digit code from your authenticator app");
		struct xerr te = {0};
		ok = totp_verify(a->totp_secret, totp, now, a->totp_last, &step, &te) == 0;
	}
	if (!ok) {
		/* Counted against the address always, the account unless locked. */
		store_login_failed(r->store, &who, usable ? a->id : 0, now, AUTH_LOCK_AFTER,
		                   AUTH_LOCK_SECS, e);
		return xerr_set(
		    e, XERR_AUTH, "password",
		    "wrong login, password or code (after %d failed attempts an account "
		    "is locked for %d minutes)",
		    AUTH_LOCK_AFTER, AUTH_LOCK_SECS / 60);
	}
	if (authz_needs_second_factor(a->role) && !a->totp_secret[0])
		return xerr_set(e, XERR_FORBIDDEN, "totp",
		                "this role must use a second factor: ask an administrator to run "
		                "`xaso user totp %s`",
		                a->login);
	if ((rc = store_login_ok(r->store, &who, a->id, step, e)) != 0)
		return rc;
	if (password_needs_rehash(a->password_hash))
		rehash(r, &who, a, password);
	return start_session(r, out, e);
}

int auth_logout(struct req *r, struct xerr *e)
{
	if (!r->who)
		return xerr_set(e, XERR_AUTH, NULL, "not signed in");
	const struct caller *c = caller_of(r);
	if (r->who->via_token)
		return xerr_set(e, XERR_INVALID, "Authorization",
		                "API tokens are revoked by an administrator, not signed out");
	int rc = store_session_delete(r->store, c->token_hash, e);
	set_cookie(r, "", 0);
	return rc;
}

void req_actor(const struct req *r, struct actor *a)
{
	memset(a, 0, sizeof *a);
	if (r->who) {
		a->account_id = r->who->account_id;
		snprintf(a->login, sizeof a->login, "%s", r->who->login);
		snprintf(a->role, sizeof a->role, "%s", role_name(r->who->role));
		snprintf(a->unit, sizeof a->unit, "%s", r->who->unit);
	} else {
		snprintf(a->login, sizeof a->login, "anonymous");
		snprintf(a->role, sizeof a->role, "anonymous");
	}
	snprintf(a->address, sizeof a->address, "%s", r->client_ip ? r->client_ip : "");
}
