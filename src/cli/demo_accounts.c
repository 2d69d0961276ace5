/*
 * demo_accounts.c: one account per role for the demo province, so that a
 * new user can sign in as each kind of user at once. Logins, password and
 * second-factor secrets are derived from the province and the seed, so
 * `xaso demo --logins` prints them again at any time. Demo only: a real
 * deployment creates its accounts with `xaso user add`.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/demo.h"
#include "core/rng.h"
#include "core/text.h"

const char demo_password[] = "motcua-demo-2026";

struct demo_login {
	enum role role;
	char login[64];
	char unit[16];
	char name[64];
	bool totp;
};

static int demo_list(struct store *s, const char *province, struct demo_login out[7],
                     struct xerr *e)
{
	struct unit first[2];
	struct pick {
		struct unit *u;
		int n;
	} p = {first, 0};
	memset(out, 0, 7 * sizeof *out);
	/* demo_pick2 stops the listing (returns 1) once it has enough. */
	int rc = store_unit_children(s, province, demo_pick2, &p, e);
	if (rc < 0)
		return rc;
	if (p.n < 2)
		return xerr_set(e, XERR_INVALID, "province",
		                "province %s has fewer than 2 communes", province);
	struct unit village;
	struct pick pv = {&village, 0};
	rc = store_unit_children(s, first[0].code, demo_pick2, &pv, e);
	if (rc < 0)
		return rc;
	const char *c1 = first[0].code, *c2 = first[1].code;
	out[0] = (struct demo_login){ROLE_CITIZEN, "0912345678", "", "H'Nga Niê", false};
	out[1].role = ROLE_OFFICER;
	snprintf(out[1].login, 64, "officer.%s", c1);
	snprintf(out[1].unit, 16, "%s", c1);
	snprintf(out[1].name, 64, "Trần Thị Mai");
	out[2].role = ROLE_OFFICER;
	snprintf(out[2].login, 64, "officer.%s", c2);
	snprintf(out[2].unit, 16, "%s", c2);
	snprintf(out[2].name, 64, "Lê Văn Hùng");
	out[3].role = ROLE_LEADER;
	snprintf(out[3].login, 64, "leader.%s", c1);
	snprintf(out[3].unit, 16, "%s", c1);
	snprintf(out[3].name, 64, "Y Khuê Byă");
	out[4].role = ROLE_TEAM;
	snprintf(out[4].login, 64, "team.%s", pv.n ? village.code : c1);
	snprintf(out[4].unit, 16, "%s", pv.n ? village.code : c1);
	snprintf(out[4].name, 64, "H'Lan Êban");
	out[5].role = ROLE_PROVINCE;
	snprintf(out[5].login, 64, "province.%s", province);
	snprintf(out[5].unit, 16, "%s", province);
	snprintf(out[5].name, 64, "Phạm Minh Tuấn");
	out[6].role = ROLE_ADMIN;
	snprintf(out[6].login, 64, "admin");
	snprintf(out[6].unit, 16, "%s", province);
	snprintf(out[6].name, 64, "Quản trị hệ thống");
	for (int i = 0; i < 7; i++)
		out[i].totp = authz_needs_second_factor(out[i].role);
	return 0;
}

int demo_pick2(const struct unit *u, void *ctx)
{
	struct {
		struct unit *u;
		int n;
	} *p = ctx;
	p->u[p->n++] = *u;
	return p->n >= 2 || (p->n >= 1 && u->level == UNIT_VILLAGE) ? 1 : 0;
}

static void demo_secret(unsigned long seed, const char *login, char out[TOTP_SECRET_LEN])
{
	struct rng r;
	rng_seed(&r, seed ^ text_hash(login));
	unsigned char raw[20];
	for (int i = 0; i < 20; i++)
		raw[i] = (unsigned char)rng_next(&r);
	struct xerr e = {0};
	if (totp_encode_secret(raw, out, &e) != 0)
		out[0] = 0;
}

static void print_logins(const struct demo_login *l, unsigned long seed, FILE *f)
{
	fprintf(f, "\nDemo logins (password for all: %s):\n", demo_password);
	for (int i = 0; i < 7; i++) {
		fprintf(f, "  %-9s %-22s %s", role_name(l[i].role), l[i].login,
		        l[i].unit[0] ? l[i].unit : "");
		if (l[i].totp) {
			char secret[TOTP_SECRET_LEN], code[7];
			struct xerr e = {0};
			demo_secret(seed, l[i].login, secret);
			if (totp_code(secret, (int64_t)time(NULL), code, &e) == 0)
				fprintf(f,
				        "  second factor: secret %s (code now %s; oathtool --totp "
				        "-b %s)",
				        secret, code, secret);
		}
		fprintf(f, "\n");
	}
}

int demo_accounts(struct store *s, const char *province, unsigned long seed, FILE *f,
                  struct xerr *e)
{
	struct demo_login l[7];
	int rc = demo_list(s, province, l, e);
	if (rc)
		return rc;
	struct actor who;
	actor_system(&who, "demo");
	char hash[PASSWORD_HASH_LEN];
	if ((rc = password_hash(demo_password, hash, e)) != 0)
		return rc;
	for (int i = 0; i < 7; i++) {
		struct account a;
		memset(&a, 0, sizeof a);
		a.role = l[i].role;
		snprintf(a.login, sizeof a.login, "%s", l[i].login);
		snprintf(a.unit, sizeof a.unit, "%s", l[i].unit);
		snprintf(a.full_name, sizeof a.full_name, "%s", l[i].name);
		memcpy(a.password_hash, hash, sizeof hash);
		if (authz_by_ownership(a.role)) /* a citizen signs in with a phone */
			snprintf(a.phone, sizeof a.phone, "%.15s", a.login);
		if (l[i].totp)
			demo_secret(seed, a.login, a.totp_secret);
		if ((rc = store_account_add(s, &who, &a, e)) != 0)
			return rc;
	}
	print_logins(l, seed, f);
	return 0;
}

int demo_print_logins(struct store *s, const char *province, unsigned long seed, FILE *f,
                      struct xerr *e)
{
	struct demo_login l[7];
	int rc = demo_list(s, province, l, e);
	if (rc == 0)
		print_logins(l, seed, f);
	return rc;
}
