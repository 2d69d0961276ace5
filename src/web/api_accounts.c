/*
 * api_accounts.c: signing in and out, the caller's profile, citizen
 * registration, staff accounts, API tokens, the audit log and the reading
 * of a resident's personal record.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/pii.h"
#include "web/api_json.h"
#include "web/auth.h"
#include "web/http.h"
#include "web/register.h"

static json_t *account_json(struct req *r, const struct account *a)
{
	char pid[16], phone[16];
	bool plain = r->who && r->who->account_id == a->id;
	if (plain) {
		snprintf(pid, sizeof pid, "%s", a->pid);
		snprintf(phone, sizeof phone, "%s", a->phone);
	} else {
		pid_mask(a->pid, pid);
		phone_mask(a->phone, phone);
	}
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:b, s:b}", "id", (json_int_t)a->id, "login",
	                      a->login, "role", role_name(a->role), "full_name", a->full_name,
	                      "disabled", a->disabled, "totp", a->totp_secret[0] != 0);
	json_object_set_new(j, "unit", a->unit[0] ? json_string(a->unit) : json_null());
	json_object_set_new(j, "pid", pid[0] ? json_string(pid) : json_null());
	json_object_set_new(j, "phone", phone[0] ? json_string(phone) : json_null());
	return j;
}

static int post_login(struct req *r)
{
	struct xerr e = {0};
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	const char *login, *password, *totp;
	if (api_str(r, b, "login", 63, true, &login, &e) ||
	    api_str(r, b, "password", PASSWORD_MAX, true, &password, &e) ||
	    api_str(r, b, "totp", 6, false, &totp, &e)) {
		json_decref(b);
		return resp_error(r, &e);
	}
	struct login_result lr;
	int rc = auth_login(r, login, password, totp, &lr, &e);
	json_decref(b);
	if (rc)
		return resp_error(r, &e);
	struct principal p = {.account_id = lr.account.id};
	r->who = &p;
	json_t *j =
	    json_pack("{s:s, s:s, s:I, s:o}", "token", lr.token, "csrf", lr.csrf, "expires_at",
	              (json_int_t)lr.expires_at, "account", account_json(r, &lr.account));
	r->who = NULL;
	return resp_json(r, 200, j);
}

static int post_logout(struct req *r)
{
	struct xerr e = {0};
	if (auth_logout(r, &e) != 0)
		return resp_error(r, &e);
	return resp_json(r, 200, json_pack("{s:b}", "signed_out", 1));
}

static int get_me(struct req *r)
{
	struct xerr e = {0};
	struct account a;
	if (store_account_get_id(r->store, r->who->account_id, &a, &e) != 0)
		return resp_error(r, &e);
	json_t *j = account_json(r, &a);
	json_object_set_new(j, "csrf", json_string(auth_csrf(r)));
	json_object_set_new(j, "via_token", json_boolean(r->who->via_token));
	return resp_json(r, 200, j);
}

/* Fills an account from a JSON body: login, password, full_name, and for
 * staff role and unit; pid and phone optional. */
static int account_from_json(struct req *r, json_t *b, bool citizen, struct account *a,
                             const char **password, struct xerr *e)
{
	memset(a, 0, sizeof *a);
	const char *login, *name, *role = "", *unit = "", *pid, *phone;
	if (api_str(r, b, "login", 63, true, &login, e) ||
	    api_str(r, b, "password", PASSWORD_MAX, true, password, e) ||
	    api_str(r, b, "full_name", ACCOUNT_NAME_CHARS, citizen, &name, e) ||
	    api_str(r, b, "pid", 12, false, &pid, e) ||
	    api_str(r, b, "phone", 20, false, &phone, e))
		return e->code;
	if (strlen(name) >= sizeof a->full_name)
		return xerr_set(e, XERR_INVALID, "full_name", "full_name is too long");
	if (!citizen && (api_str(r, b, "role", 15, true, &role, e) ||
	                 api_str(r, b, "unit", 15, true, &unit, e)))
		return e->code;
	a->role = citizen ? ROLE_CITIZEN : role_parse(role);
	if (!authz_role_valid(a->role) || citizen != authz_by_ownership(a->role))
		return xerr_set(e, XERR_INVALID, "role",
		                "role must be officer, leader, team, province or admin");
	if (login_normalise(citizen, login, a->login, e) != 0)
		return e->code;
	snprintf(a->full_name, sizeof a->full_name, "%s", name);
	snprintf(a->unit, sizeof a->unit, "%s", unit);
	if (*pid) {
		if (pid_check(pid, NULL, 0, "pid", e) != 0)
			return e->code;
		snprintf(a->pid, sizeof a->pid, "%s", pid);
	} else if (citizen && pid_like(a->login)) {
		snprintf(a->pid, sizeof a->pid, "%.12s", a->login);
	}
	if (*phone) {
		if (phone_normalise(phone, a->phone, sizeof a->phone, "phone", e) != 0)
			return e->code;
	} else if (citizen && !pid_like(a->login)) {
		snprintf(a->phone, sizeof a->phone, "%.15s", a->login);
	}
	if (password_check(*password, a->login, a->full_name, e) != 0)
		return e->code;
	return password_hash(*password, a->password_hash, e);
}

/* Whose accounts a role manages is the role table's (core/authz.c); the
 * account's unit is then decided like any record's. */
static int may_manage(struct req *r, const struct account *target, struct xerr *e)
{
	if (!authz_manages(r->who, target->role))
		return xerr_set(e, XERR_FORBIDDEN, "role",
		                "only an administrator manages this account");
	return authz_everywhere(auth_role(r)) ? 0
	                                      : auth_unit(r, "account.manage", target->unit, 0, e);
}

/* An account from the body: a citizen registering (citizen), or staff
 * added by someone who manages them. */
static int add_account(struct req *r, bool citizen)
{
	struct xerr e = {0};
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	struct account a;
	const char *password, *birth = "";
	int rc = account_from_json(r, b, citizen, &a, &password, &e);
	if (rc == 0 && citizen)
		rc = api_str(r, b, "birth_date", 10, false, &birth, &e);
	json_decref(b);
	struct actor who;
	req_actor(r, &who);
	/* A citizen's ID number is checked against the population data
	 * (register.h); staff are added by someone who manages them. */
	if (rc == 0 && citizen)
		rc = register_citizen(r, &a, birth, &e);
	else if (rc == 0 && (rc = may_manage(r, &a, &e)) == 0)
		rc = store_account_add(r->store, &who, &a, &e);
	if (rc)
		return resp_error(r, &e);
	return resp_json(r, 201, account_json(r, &a));
}

/* Citizens register themselves with a phone or ID number; an ID number
 * comes with the birth date (register.h). */
static int post_register(struct req *r)
{
	return add_account(r, true);
}

/* POST /api/v1/accounts/release {"pid": "..."} or {"phone": "..."}: the
 * counter gives back a number a citizen account claimed wrongly. */
static int post_release(struct req *r)
{
	struct xerr e = {0};
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	const char *pid = "", *phone = "";
	int rc = api_str(r, b, "pid", 12, false, &pid, &e);
	if (rc == 0)
		rc = api_str(r, b, "phone", 20, false, &phone, &e);
	json_decref(b);
	if (rc == 0 && !*pid == !*phone)
		rc = xerr_set(&e, XERR_INVALID, "pid", "give either pid or phone");
	if (rc == 0 && *pid && !pid_like(pid))
		rc =
		    xerr_set(&e, XERR_INVALID, "pid", "a personal ID number has exactly 12 digits");
	if (rc == 0 && *phone && pid_like(phone))
		rc = xerr_set(&e, XERR_INVALID, "phone", "this is an ID number: send it as pid");
	int n = 0;
	if (rc || release_number(r, *pid ? pid : phone, *pid ? "pid" : "phone", &n, &e) != 0)
		return resp_error(r, &e);
	if (n == 0)
		return resp_fail(r, XERR_NOTFOUND, *pid ? "pid" : "phone",
		                 "no citizen account holds this number");
	return resp_json(r, 200, json_pack("{s:i}", "released", n));
}

static int post_user(struct req *r)
{
	return add_account(r, false);
}

struct list_ctx {
	struct req *r;
	json_t *arr;
};

static int collect_account(const struct account *a, void *p)
{
	struct list_ctx *c = p;
	json_array_append_new(c->arr, account_json(c->r, a));
	return 0;
}

static int get_users(struct req *r)
{
	struct xerr e = {0};
	const char *unit = in_str(r, "unit");
	if (!authz_everywhere(auth_role(r))) {
		if (!unit)
			unit = r->who->unit;
		if (auth_unit(r, "account.manage", unit, 0, &e) != 0)
			return resp_error(r, &e);
	}
	struct list_ctx c = {r, json_array()};
	if (store_account_list(r->store, unit, collect_account, &c, &e) != 0) {
		json_decref(c.arr);
		return resp_error(r, &e);
	}
	return resp_json(r, 200, json_pack("{s:o}", "users", c.arr));
}

static int post_user_disable(struct req *r)
{
	struct xerr e = {0};
	struct account a;
	const char *login = in_str(r, "login");
	if (store_account_get(r->store, login, &a, &e) != 0 || strcmp(a.login, login))
		return resp_fail(r, XERR_NOTFOUND, "login", "no such account");
	if (may_manage(r, &a, &e) != 0)
		return resp_error(r, &e);
	bool disabled = true;
	if (r->body_len) {
		json_t *b = api_body(r, &e);
		if (!b)
			return resp_error(r, &e);
		json_t *d = json_object_get(b, "disabled");
		if (d && !json_is_boolean(d)) {
			json_decref(b);
			return resp_fail(r, XERR_INVALID, "disabled",
			                 "disabled must be true or false");
		}
		if (d)
			disabled = json_is_true(d);
		json_decref(b);
	}
	if (a.id == r->who->account_id)
		return resp_fail(r, XERR_INVALID, "login", "you cannot disable your own account");
	struct actor who;
	req_actor(r, &who);
	if (store_account_disable(r->store, &who, a.login, disabled, &e) != 0)
		return resp_error(r, &e);
	return resp_json(r, 200, json_pack("{s:s, s:b}", "login", a.login, "disabled", disabled));
}

static int collect_token(const struct api_token *t, void *p)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)t->id, "name", t->name,
	                      "login", t->login, "created_by", t->created_by, "created_at",
	                      (json_int_t)t->created_at);
	json_object_set_new(j, "revoked_at",
	                    t->revoked_at ? json_integer(t->revoked_at) : json_null());
	json_array_append_new(p, j);
	return 0;
}

static int get_tokens(struct req *r)
{
	struct xerr e = {0};
	json_t *arr = json_array();
	if (store_token_list(r->store, collect_token, arr, &e) != 0) {
		json_decref(arr);
		return resp_error(r, &e);
	}
	return resp_json(r, 200, json_pack("{s:o}", "tokens", arr));
}

static int post_token(struct req *r)
{
	struct xerr e = {0};
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	const char *login, *name;
	struct account a;
	int rc = api_str(r, b, "login", 63, true, &login, &e) ||
	         api_str(r, b, "name", 60, true, &name, &e);
	if (!rc && store_account_get(r->store, login, &a, &e) != 0)
		rc = xerr_set(&e, XERR_INVALID, "login", "no such account");
	if (!rc && a.disabled)
		rc = xerr_set(&e, XERR_INVALID, "login", "the account is disabled");
	char token[TOKEN_LEN], hash[TOKEN_HASH_LEN];
	int64_t id = 0;
	if (!rc) {
		token_new(token);
		token_hash(token, hash);
		struct actor who;
		req_actor(r, &who);
		rc = store_token_create(r->store, &who, a.id, name, hash, (int64_t)time(NULL), &id,
		                        &e);
	}
	json_decref(b);
	if (rc)
		return resp_error(r, &e);
	return resp_json(
	    r, 201,
	    json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "token", token, "login", a.login));
}

static int delete_token(struct req *r)
{
	struct xerr e = {0};
	int64_t id = in_int(r, "id", 0);
	struct actor who;
	req_actor(r, &who);
	if (store_token_revoke(r->store, &who, id, (int64_t)time(NULL), &e) != 0)
		return resp_error(r, &e);
	return resp_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "revoked", 1));
}

static int collect_audit(const struct audit_entry *a, void *p)
{
	json_array_append_new(p, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	                                   "id", (json_int_t)a->id, "at", (json_int_t)a->at,
	                                   "login", a->login, "role", a->role, "unit", a->unit,
	                                   "address", a->address, "action", a->action, "object",
	                                   a->object, "detail", a->detail, "hash", a->hash));
	return 0;
}

static int get_audit(struct req *r)
{
	struct xerr e = {0};
	const char *unit = in_str(r, "unit");
	int64_t b = in_int(r, "before", 0), limit = in_int(r, "limit", 100);
	if (!authz_everywhere(auth_role(r))) {
		if (!unit)
			unit = r->who->unit;
		if (auth_unit(r, "audit.read", unit, 0, &e) != 0)
			return resp_error(r, &e);
	}
	json_t *arr = json_array();
	if (store_audit_list(r->store, unit, b, (int)limit, collect_audit, arr, &e) != 0) {
		json_decref(arr);
		return resp_error(r, &e);
	}
	return resp_json(r, 200, json_pack("{s:o}", "entries", arr));
}

static int get_person(struct req *r)
{
	struct xerr e = {0};
	const char *pid = in_str(r, "pid");
	char village[16];
	if (store_person_unit(r->store, pid, village, &e) != 0)
		return resp_error(r, &e);
	if (auth_unit(r, "person.read", village, 0, &e) != 0)
		return resp_error(r, &e);
	struct actor who;
	req_actor(r, &who);
	struct person p;
	if (store_person_get(r->store, &who, pid, &p, &e) != 0)
		return resp_error(r, &e);
	char pm[16];
	if (auth_sees_pii(r, village))
		snprintf(pm, sizeof pm, "%s", p.r.pid);
	else
		pid_mask(p.r.pid, pm);
	char sex[2] = {people_sex_letter(p.r.sex), 0};
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:i, s:b, s:s, s:s, s:s}", "pid", pm,
	                      "full_name", p.r.full_name, "birth_date", p.r.birth_date, "sex", sex,
	                      "eid_level", p.r.eid_level, "ehealth", p.r.ehealth, "household",
	                      p.r.household, "village", p.r.village, "commune", p.commune);
	char since[11];
	cal_format_date(p.since, since);
	json_object_set_new(j, "since", json_string(since));
	return resp_json(r, 200, j);
}

static const struct param unit_in[] = {
    {"unit", IN_QUERY, IN_TEXT, .max = UNIT_CODE_MAX - 1},
    {NULL},
};
static const struct param login_in[] = {
    {"login", IN_PATH, IN_TEXT, .min = 1, .max = 63},
    {NULL},
};
static const struct param token_in[] = {
    {"id", IN_PATH, IN_INT, .min = 1, .max = INT64_MAX},
    {NULL},
};
static const struct param audit_in[] = {
    {"unit", IN_QUERY, IN_TEXT, .max = UNIT_CODE_MAX - 1},
    {"before", IN_QUERY, IN_INT, .min = 0, .max = INT64_MAX},
    {"limit", IN_QUERY, IN_INT, .min = 1, .max = 1000},
    {NULL},
};
static const struct param person_in[] = {
    {"pid", IN_PATH, IN_DIGITS, .min = 12, .max = 12},
    {NULL},
};

const struct route api_accounts_routes[] = {
    {"POST", "/api/v1/login", post_login, "public", .rate = RL_SIGNIN, .hashes = true},
    {"POST", "/api/v1/logout", post_logout, "session"},
    {"GET", "/api/v1/me", get_me, "session"},
    {"POST", "/api/v1/register", post_register, "public", .rate = RL_REGISTER, .hashes = true},
    {"POST", "/api/v1/accounts/release", post_release, "account.release"},
    {"GET", "/api/v1/users", get_users, "account.manage", 0, unit_in},
    {"POST", "/api/v1/users", post_user, "account.manage", .hashes = true},
    {"POST", "/api/v1/users/{}/disable", post_user_disable, "account.manage", 0, login_in},
    {"GET", "/api/v1/tokens", get_tokens, "token.manage"},
    {"POST", "/api/v1/tokens", post_token, "token.manage"},
    {"DELETE", "/api/v1/tokens/{}", delete_token, "token.manage", 0, token_in},
    {"GET", "/api/v1/audit", get_audit, "audit.read", 0, audit_in},
    {"GET", "/api/v1/people/{}", get_person, "person.read", 0, person_in},
    {NULL, NULL, NULL, NULL},
};
