/*
 * cmd_user.c: `xaso user`, `xaso token`, `xaso audit` and `xaso routes`:
 * the operator's tools for accounts, machine tokens, the audit log and the
 * authorisation policy of every route.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/pii.h"
#include "core/secret.h"
#include <sodium.h>
#include "web/server_int.h"

/* Reads one line (the password) from stdin, without the newline. */
static int read_password(char *out, size_t cap, struct xerr *e)
{
	if (!fgets(out, (int)cap, stdin))
		return xerr_set(e, XERR_INVALID, "password", "no password on standard input");
	out[strcspn(out, "\r\n")] = 0;
	return 0;
}

/* A random password of 4 groups of 5 letters and digits, easy to read
 * out over the phone (no 0/O, 1/l/I). */
static void random_password(char out[32])
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
	unsigned char r[20];
	randombytes_buf(r, sizeof r);
	int k = 0;
	for (int i = 0; i < 20; i++) {
		if (i && i % 5 == 0)
			out[k++] = '-';
		out[k++] = alphabet[r[i] % 32];
	}
	out[k] = 0;
}

static void print_account(const struct account *a)
{
	char pid[16], phone[16];
	pid_mask(a->pid, pid);
	phone_mask(a->phone, phone);
	printf("%-24s %-9s %-8s %-3s %-4s %s\n", a->login, role_name(a->role),
	       a->unit[0] ? a->unit : "-", a->disabled ? "off" : "on",
	       a->totp_secret[0] ? "totp" : "-", a->full_name);
}

static int print_cb(const struct account *a, void *ctx)
{
	(void)ctx;
	print_account(a);
	return 0;
}

/* The common start of user, token and audit: usage on -h or with no
 * subcommand, settings, crypto libraries, the store. Returns the store, or
 * NULL with *status set to the exit status. */
static struct store *start(int argc, char **argv, const char *usage, int *status)
{
	*status = 0;
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return NULL;
	}
	if (argc < 2) {
		fputs(usage, stderr);
		*status = 2;
		return NULL;
	}
	struct settings cfg;
	if ((*status = settings_load(&cfg, argc, argv)) != 0)
		return NULL;
	struct xerr e = {0};
	if (secret_init(&e) != 0) {
		*status = cli_fail(&e);
		return NULL;
	}
	struct store *s = cli_open_store(cfg.db, 0);
	if (!s)
		*status = 1;
	return s;
}

static const char user_usage[] =
    "usage: xaso user add --role ROLE [--unit CODE] --login LOGIN [--name NAME]\n"
    "                     [--phone PHONE] [--pid ID] [--password-stdin] [--totp]\n"
    "       xaso user list [--unit CODE]\n"
    "       xaso user disable LOGIN [--enable]\n"
    "       xaso user password LOGIN [--password-stdin]\n"
    "       xaso user totp LOGIN [--remove]\n\n"
    "Roles: citizen (login: phone or ID number, no unit), officer, leader, team,\n"
    "province, admin (bound to --unit, act only within its subtree). Without\n"
    "--password-stdin a random password is made and printed once. province and\n"
    "admin must enrol a second factor (--totp, or `xaso user totp LOGIN`): the\n"
    "secret is printed for an authenticator app.\n"
    "Options: --db FILE (or XASO_DB).\n";

static int enrol_totp(struct store *s, const struct actor *who, const char *login, struct xerr *e)
{
	char secret[TOTP_SECRET_LEN];
	if (totp_new_secret(secret, e) != 0 ||
	    store_account_set_totp(s, who, login, secret, e) != 0)
		return e->code;
	printf("totp secret for %s: %s\n", login, secret);
	printf("otpauth://totp/xaso:%s?secret=%s&issuer=xaso\n", login, secret);
	return 0;
}

static int user_add(struct store *s, const struct actor *who, int argc, char **argv, struct xerr *e)
{
	const char *role = cli_opt(argc, argv, "role"), *unit = cli_opt(argc, argv, "unit");
	const char *login = cli_opt(argc, argv, "login"), *name = cli_opt(argc, argv, "name");
	const char *phone = cli_opt(argc, argv, "phone"), *pid = cli_opt(argc, argv, "pid");
	if (!role || !login)
		return xerr_set(e, XERR_INVALID, "role", "--role and --login are required");
	struct account a;
	memset(&a, 0, sizeof a);
	a.role = role_parse(role);
	if (!authz_role_valid(a.role))
		return xerr_set(e, XERR_INVALID, "role",
		                "unknown role %s (citizen, officer, leader, team, province, admin)",
		                role);
	bool citizen = authz_by_ownership(a.role);
	if (login_normalise(citizen, login, a.login, e) != 0)
		return e->code;
	snprintf(a.unit, sizeof a.unit, "%s", unit ? unit : "");
	snprintf(a.full_name, sizeof a.full_name, "%s", name ? name : "");
	if (pid && pid_check(pid, NULL, 0, "--pid", e) != 0)
		return e->code;
	snprintf(a.pid, sizeof a.pid, "%.12s", pid ? pid : (pid_like(a.login) ? a.login : ""));
	if (phone && phone_normalise(phone, a.phone, sizeof a.phone, "--phone", e) != 0)
		return e->code;
	if (!phone && citizen && !pid_like(a.login))
		snprintf(a.phone, sizeof a.phone, "%.15s", a.login);
	char password[PASSWORD_MAX + 2];
	bool generated = !cli_flag(argc, argv, "password-stdin");
	if (generated)
		random_password(password);
	else if (read_password(password, sizeof password, e) != 0)
		return e->code;
	if (password_check(password, a.login, a.full_name, e) != 0 ||
	    password_hash(password, a.password_hash, e) != 0 ||
	    store_account_add(s, who, &a, e) != 0)
		return e->code;
	printf("added %s (%s%s%s)\n", a.login, role_name(a.role), a.unit[0] ? " of " : "", a.unit);
	if (generated)
		printf("password: %s\n", password);
	if (cli_flag(argc, argv, "totp"))
		return enrol_totp(s, who, a.login, e);
	if (authz_needs_second_factor(a.role))
		printf("note: %s must enrol a second factor before signing in: xaso user totp %s\n",
		       a.login, a.login);
	return 0;
}

int cmd_user(int argc, char **argv)
{
	int rc;
	struct store *s = start(argc, argv, user_usage, &rc);
	if (!s)
		return rc;
	struct xerr e = {0};
	struct actor who;
	actor_system(&who, "cli");
	const char *sub = argv[1];
	const char *arg = argc > 2 && argv[2][0] != '-' ? argv[2] : NULL;
	if (!strcmp(sub, "add")) {
		rc = user_add(s, &who, argc, argv, &e);
	} else if (!strcmp(sub, "list")) {
		rc = store_account_list(s, cli_opt(argc, argv, "unit"), print_cb, NULL, &e);
	} else if (!strcmp(sub, "disable") && arg) {
		bool enable = cli_flag(argc, argv, "enable");
		rc = store_account_disable(s, &who, arg, !enable, &e);
		if (!rc)
			printf("%s %s\n", arg, enable ? "enabled" : "disabled");
	} else if (!strcmp(sub, "password") && arg) {
		struct account a;
		char password[PASSWORD_MAX + 2];
		bool generated = !cli_flag(argc, argv, "password-stdin");
		if (generated)
			random_password(password);
		rc = store_account_get(s, arg, &a, &e);
		if (!rc && !generated)
			rc = read_password(password, sizeof password, &e);
		if (!rc)
			rc = password_check(password, a.login, a.full_name, &e);
		if (!rc)
			rc = password_hash(password, a.password_hash, &e);
		if (!rc)
			rc = store_account_set_password(s, &who, a.login, a.password_hash, &e);
		if (!rc)
			printf("password of %s changed%s%s\n", a.login, generated ? ": " : "",
			       generated ? password : "");
	} else if (!strcmp(sub, "totp") && arg) {
		if (cli_flag(argc, argv, "remove")) {
			rc = store_account_set_totp(s, &who, arg, "", &e);
			if (!rc)
				printf("second factor of %s removed\n", arg);
		} else {
			rc = enrol_totp(s, &who, arg, &e);
		}
	} else {
		store_close(s);
		fputs(user_usage, stderr);
		return 2;
	}
	store_close(s);
	return rc ? cli_fail(&e) : 0;
}

static int token_print(const struct api_token *t, void *ctx)
{
	(void)ctx;
	printf("%-5" PRId64 " %-20s %-24s %s\n", t->id, t->name, t->login,
	       t->revoked_at ? "revoked" : "live");
	return 0;
}

int cmd_token(int argc, char **argv)
{
	static const char usage[] =
	    "usage: xaso token create --login LOGIN --name NAME\n"
	    "       xaso token revoke ID\n"
	    "       xaso token list\n\n"
	    "An API token lets a program act as the account LOGIN, within that account's\n"
	    "role and unit: send it as `Authorization: Bearer TOKEN`. It is printed once;\n"
	    "only its SHA-256 is stored.\n";
	int rc;
	struct store *s = start(argc, argv, usage, &rc);
	if (!s)
		return rc;
	struct xerr e = {0};
	struct actor who;
	actor_system(&who, "cli");
	if (!strcmp(argv[1], "create")) {
		const char *login = cli_opt(argc, argv, "login"),
		           *name = cli_opt(argc, argv, "name");
		struct account a;
		if (!login || !name) {
			rc = xerr_set(&e, XERR_INVALID, "login", "--login and --name are required");
		} else if ((rc = store_account_get(s, login, &a, &e)) == 0) {
			char token[TOKEN_LEN], hash[TOKEN_HASH_LEN];
			int64_t id = 0;
			token_new(token);
			token_hash(token, hash);
			rc = store_token_create(s, &who, a.id, name, hash, (int64_t)time(NULL), &id,
			                        &e);
			if (!rc)
				printf("token %" PRId64 " for %s: %s\n", id, a.login, token);
		}
	} else if (!strcmp(argv[1], "revoke") && argc > 2) {
		char *end;
		long long id = strtoll(argv[2], &end, 10);
		if (*end || id <= 0)
			rc = xerr_set(&e, XERR_INVALID, "id", "a token id is a positive number");
		else
			rc = store_token_revoke(s, &who, id, (int64_t)time(NULL), &e);
		if (!rc)
			printf("token %lld revoked\n", id);
	} else if (!strcmp(argv[1], "list")) {
		rc = store_token_list(s, token_print, NULL, &e);
	} else {
		store_close(s);
		fputs(usage, stderr);
		return 2;
	}
	store_close(s);
	return rc ? cli_fail(&e) : 0;
}

static int audit_print(const struct audit_entry *a, void *ctx)
{
	(void)ctx;
	char ts[32];
	time_t t = (time_t)a->at;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	printf("%-7" PRId64 " %s %-16s %-8s %-8s %-18s %s %s\n", a->id, ts, a->login, a->role,
	       a->unit[0] ? a->unit : "-", a->action, a->object, a->detail);
	return 0;
}

int cmd_audit(int argc, char **argv)
{
	static const char usage[] =
	    "usage: xaso audit verify\n"
	    "       xaso audit list [--unit CODE] [--limit N]\n\n"
	    "verify walks the hash chain of the audit log from the first entry and reports\n"
	    "the first entry that was changed, removed or re-linked (exit status 1).\n";
	int rc;
	struct store *s = start(argc, argv, usage, &rc);
	if (!s)
		return rc;
	struct xerr e = {0};
	if (!strcmp(argv[1], "verify")) {
		int64_t count = 0, bad = 0;
		rc = store_audit_verify(s, &count, &bad, &e);
		if (rc == 0)
			printf("audit log intact: %" PRId64 " entries\n", count);
		else if (bad)
			fprintf(stderr, "xaso: audit log broken at entry %" PRId64 ": %s\n", bad,
			        e.msg);
		store_close(s);
		if (rc && !bad)
			return cli_fail(&e);
		return rc ? 1 : 0;
	}
	if (!strcmp(argv[1], "list")) {
		const char *lim = cli_opt(argc, argv, "limit");
		int limit = lim ? atoi(lim) : 50;
		if (limit < 1 || limit > 100000)
			rc = xerr_set(&e, XERR_INVALID, "--limit", "--limit is 1 to 100000");
		else
			rc = store_audit_list(s, cli_opt(argc, argv, "unit"), 0, limit, audit_print,
			                      NULL, &e);
		store_close(s);
		return rc ? cli_fail(&e) : 0;
	}
	store_close(s);
	fputs(usage, stderr);
	return 2;
}

int cmd_routes(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf(
		    "usage: xaso routes\n\nLists every HTTP route with the action it requires and "
		    "the roles the policy table allows it\n(anonymous = not signed in).\n");
		return 0;
	}
	const struct route *const *tables = web_route_tables();
	for (int t = 0; tables[t]; t++)
		for (const struct route *rt = tables[t]; rt->method; rt++) {
			const struct authz_rule *rule = authz_rule(rt->action);
			printf("%-6s %-40s %-20s", rt->method, rt->pattern, rt->action);
			for (int role = ROLE_NONE; rule && role <= ROLE_ADMIN; role++)
				if (rule->roles & (1u << role))
					printf(" %s", role == ROLE_NONE
					                  ? "anonymous"
					                  : role_name((enum role)role));
			printf("\n");
		}
	return 0;
}
