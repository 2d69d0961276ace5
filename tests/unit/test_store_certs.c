/* Tests for src/store/certs.c: storing certificates (who may own one, each
 * stored once), listing and choosing the one that signs (valid at a time,
 * with its key, the newest), revocations, CRLs marking what they list, and
 * the monitoring figure of officials holding a valid certificate. The
 * store keeps what src/sign/ reads: the facts here are written by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "store/store.h"
#include "store_fixture.h"

static struct store *st;
static struct actor sys;
static int64_t officer, leader, leader2, team, gone;
static const int64_t now = 1790000000; /* 2026-09-21 */

static int64_t account(const char *login, enum role role, const char *unit, bool disabled)
{
	struct account a;
	struct xerr e = {0};
	memset(&a, 0, sizeof a);
	snprintf(a.login, sizeof a.login, "%s", login);
	snprintf(a.unit, sizeof a.unit, "%s", unit);
	snprintf(a.password_hash, sizeof a.password_hash, "x");
	a.role = role;
	if (store_account_add(st, &sys, &a, &e))
		fail_msg("%s: %s", login, e.msg);
	if (disabled && store_account_disable(st, &sys, login, true, &e))
		fail_msg("%s", e.msg);
	return a.id;
}

static int setup(void **state)
{
	(void)state;
	fixture_path("certs");
	remove_db();
	struct xerr e = {0};
	actor_system(&sys, "test");
	if (store_open(path, STORE_CREATE | STORE_MIGRATE, &st, &e) || cli_seed_reference(st, &e))
		fail_msg("%s", e.msg);
	officer = account("canbo", ROLE_OFFICER, "22015", false);
	leader = account("lanhdao", ROLE_LEADER, "22015", false);
	leader2 = account("lanhdao2", ROLE_LEADER, "22045", false);
	team = account("team", ROLE_TEAM, "22015", false);
	gone = account("nghi", ROLE_OFFICER, "22015", true);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	remove_db();
	return 0;
}

/* A certificate's facts; the SHA-256 from a number. */
static struct cert_row row(enum cert_kind kind, const char *unit, int64_t acct, int n, int64_t from,
                           int64_t to)
{
	struct cert_row c;
	memset(&c, 0, sizeof c);
	c.kind = kind;
	snprintf(c.unit, sizeof c.unit, "%s", unit);
	c.account = acct;
	snprintf(c.common_name, sizeof c.common_name, "Chứng thư %d", n);
	snprintf(c.subject, sizeof c.subject, "CN=Chứng thư %d", n);
	snprintf(c.issuer, sizeof c.issuer, "CN=CA");
	snprintf(c.serial, sizeof c.serial, "%04X", n);
	snprintf(c.sha256, sizeof c.sha256, "%064x", n);
	c.not_before = from;
	c.not_after = to;
	return c;
}

static int64_t add(struct cert_row c, bool key)
{
	struct xerr e = {0};
	int64_t id = 0;
	c.guard = key ? CERT_KEYFILE : CERT_NO_KEY;
	if (store_cert_add(st, &sys, &c, "-----BEGIN CERTIFICATE-----\nx\n", key ? "KEY" : NULL,
	                   &id, &e))
		fail_msg("%s", e.msg);
	return id;
}

static void test_add(void **state)
{
	(void)state;
	struct xerr e = {0};
	int64_t id, ca = add(row(CERT_CA, "", 0, 1, 0, now * 2), true);
	struct cert_row c = row(CERT_SEAL, "22015", 0, 2, now - 10, now + 10);
	c.ca = ca;
	c.guard = CERT_KEYFILE;
	assert_int_equal(store_cert_add(st, &sys, &c, "PEM", "KEY", &id, &e), 0);
	assert_int_equal(store_cert_add(st, &sys, &c, "PEM", "KEY", &id, &e), XERR_CONFLICT);
	assert_int_equal(id, c.id); /* it names the one stored */
	struct cert_row back;
	assert_int_equal(store_cert_get(st, id, &back, &e), 0);
	assert_string_equal(back.common_name, "Chứng thư 2");
	assert_int_equal(back.kind, CERT_SEAL);
	assert_int_equal(back.guard, CERT_KEYFILE);
	assert_int_equal(back.ca, ca);
	assert_int_equal(store_cert_by_sha256(st, c.sha256, &back, &e), 0);
	assert_int_equal(back.id, id);
	struct buf chain, key;
	buf_init(&chain);
	buf_init(&key);
	assert_int_equal(store_cert_pem(st, id, &chain, &key, &e), 0);
	assert_string_equal(chain.data, "PEM");
	assert_string_equal(key.data, "KEY");
	buf_free(&chain);
	buf_free(&key);

	/* Who may own one: a person's is an official's of that unit. */
	struct cert_row bad = row(CERT_PERSON, "22015", team, 3, 0, now * 2);
	assert_int_equal(store_cert_add(st, &sys, &bad, "PEM", NULL, NULL, &e), XERR_INVALID);
	assert_string_equal(e.field, "login");
	bad = row(CERT_PERSON, "22045", officer, 3, 0, now * 2);
	assert_int_equal(store_cert_add(st, &sys, &bad, "PEM", NULL, NULL, &e), XERR_INVALID);
	assert_string_equal(e.field, "unit");
	bad = row(CERT_SEAL, "99999", 0, 3, 0, now * 2);
	assert_int_equal(store_cert_add(st, &sys, &bad, "PEM", NULL, NULL, &e), XERR_INVALID);
	bad = row(CERT_CA, "22015", 0, 3, 0, now * 2);
	assert_int_equal(store_cert_add(st, &sys, &bad, "PEM", NULL, NULL, &e), XERR_INVALID);
	bad = row(CERT_SEAL, "22015", 0, 3, now, now);
	assert_int_equal(store_cert_add(st, &sys, &bad, "PEM", NULL, NULL, &e), XERR_INVALID);
	bad = row(CERT_SEAL, "22015", 0, 3, 0, now * 2);
	assert_int_equal(store_cert_add(st, &sys, &bad, "PEM", "KEY", NULL, &e), XERR_INVALID);
	assert_string_equal(e.field, "key"); /* a key says how it is kept */
	assert_int_equal(store_cert_get(st, 999, &back, &e), XERR_NOTFOUND);
}

static int count_row(const struct cert_row *c, void *ctx)
{
	(void)c;
	(*(int *)ctx)++;
	return 0;
}

/* The one that signs: valid then, with its key, the newest. */
static void test_signer(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct cert_row c;
	assert_int_equal(store_cert_signer(st, "22045", 0, now, &c, &e), XERR_NOTFOUND);
	assert_string_equal(e.field, "seal");
	int64_t old = add(row(CERT_SEAL, "22045", 0, 10, now - 100, now + 100), true);
	int64_t newer = add(row(CERT_SEAL, "22045", 0, 11, now - 50, now + 100), true);
	add(row(CERT_SEAL, "22045", 0, 12, now - 10, now + 100), false); /* no key */
	add(row(CERT_SEAL, "22045", 0, 13, now + 10, now + 100), true);  /* not yet */
	assert_int_equal(store_cert_signer(st, "22045", 0, now, &c, &e), 0);
	assert_int_equal(c.id, newer);
	assert_int_equal(store_cert_revoke(st, &sys, newer, now - 1, "mất", &e), 0);
	assert_int_equal(store_cert_revoke(st, &sys, newer, now, "lại", &e), XERR_CONFLICT);
	assert_int_equal(store_cert_revoke(st, &sys, 9999, now, "", &e), XERR_NOTFOUND);
	assert_int_equal(store_cert_signer(st, "22045", 0, now, &c, &e), 0);
	assert_int_equal(c.id, old);
	/* Before its revocation it was valid. */
	assert_int_equal(store_cert_signer(st, "22045", 0, now - 2, &c, &e), 0);
	assert_int_equal(c.id, newer);
	assert_int_equal(store_cert_signer(st, "22045", 0, now + 101, &c, &e), XERR_NOTFOUND);
	/* A leader's own. */
	assert_int_equal(store_cert_signer(st, "22045", leader2, now, &c, &e), XERR_NOTFOUND);
	assert_string_equal(e.field, "leader");
	int64_t mine = add(row(CERT_PERSON, "22045", leader2, 14, now - 10, now + 10), true);
	assert_int_equal(store_cert_signer(st, "22045", leader2, now, &c, &e), 0);
	assert_int_equal(c.id, mine);
	assert_string_equal(c.login, "lanhdao2");
	/* Listings filter by unit, kind, account, validity and key. */
	int n = 0;
	struct cert_filter f = {.unit = "22045", .kind = CERT_SEAL};
	assert_int_equal(store_cert_list(st, &f, count_row, &n, &e), 0);
	assert_int_equal(n, 4);
	n = 0;
	f = (struct cert_filter){.unit = "22045", .valid_at = now, .with_key = true};
	assert_int_equal(store_cert_list(st, &f, count_row, &n, &e), 0);
	assert_int_equal(n, 2); /* the old seal and the leader's */
	n = 0;
	f = (struct cert_filter){.account = leader2};
	assert_int_equal(store_cert_list(st, &f, count_row, &n, &e), 0);
	assert_int_equal(n, 1);
}

static int crl_row(int64_t ca, const char *pem, void *ctx)
{
	(void)ca;
	buf_printf(ctx, "%s;", pem);
	return 0;
}

/* A CRL marks the certificates of its CA it lists, once, in its
 * transaction; an older one is refused. */
static void test_crl(void **state)
{
	(void)state;
	struct xerr e = {0};
	int64_t ca = add(row(CERT_CA, "", 0, 20, 0, now * 2), false);
	struct cert_row c = row(CERT_SEAL, "22045", 0, 21, now - 10, now + 10);
	c.ca = ca;
	int64_t listed = add(c, true);
	struct cert_mark m = {listed, now - 5};
	assert_int_equal(store_crl_add(st, &sys, ca, now - 6, now + 100, "CRL 1", &m, 1, &e), 0);
	assert_int_equal(store_cert_get(st, listed, &c, &e), 0);
	assert_int_equal(c.revoked_at, now - 5);
	assert_string_equal(c.revoked_reason, "CRL");
	assert_int_equal(store_crl_add(st, &sys, ca, now - 6, now + 100, "CRL 1", NULL, 0, &e),
	                 XERR_CONFLICT);
	/* A mark outside the CA's certificates changes nothing. */
	struct cert_mark other = {1, now};
	assert_int_equal(store_crl_add(st, &sys, ca, now, now + 100, "CRL 2", &other, 1, &e), 0);
	struct cert_row first;
	assert_int_equal(store_cert_get(st, 1, &first, &e), 0);
	assert_int_equal(first.revoked_at, 0);
	struct buf crls;
	buf_init(&crls);
	assert_int_equal(store_crl_list(st, crl_row, &crls, &e), 0);
	assert_string_equal(crls.data, "CRL 2;"); /* the newest of each CA */
	buf_free(&crls);
}

struct officials {
	char unit[8][16];
	long officials[8], certified[8];
	int n;
};

static int officials_row(const char *unit, long officials, long certified, void *ctx)
{
	struct officials *o = ctx;
	snprintf(o->unit[o->n], sizeof o->unit[0], "%s", unit);
	o->officials[o->n] = officials;
	o->certified[o->n++] = certified;
	return 0;
}

/* Officials are officers and leaders still enabled; a certificate counts
 * when valid at the date asked. */
static void test_officials(void **state)
{
	(void)state;
	struct xerr e = {0};
	int64_t t0 = (int64_t)time(NULL);
	add(row(CERT_PERSON, "22015", leader, 30, t0 - 100, t0 + 1000), false);
	add(row(CERT_PERSON, "22015", officer, 31, t0 + 500, t0 + 1000), false);
	struct officials o = {0};
	assert_int_equal(store_officials_certified(st, "66", t0, officials_row, &o, &e), 0);
	assert_int_equal(o.n, 2);
	assert_string_equal(o.unit[0], "22015");
	assert_int_equal(o.officials[0], 2); /* not the team member, not the disabled one */
	assert_int_equal(o.certified[0], 1);
	assert_string_equal(o.unit[1], "22045");
	assert_int_equal(o.certified[1], 0); /* lanhdao2's of test_signer has lapsed */
	memset(&o, 0, sizeof o);
	assert_int_equal(store_officials_certified(st, "22045", now, officials_row, &o, &e), 0);
	assert_int_equal(o.n, 0); /* no account existed yet then */
	memset(&o, 0, sizeof o);
	assert_int_equal(store_officials_certified(st, "22015", t0 + 600, officials_row, &o, &e),
	                 0);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.certified[0], 2);
	memset(&o, 0, sizeof o);
	assert_int_equal(store_officials_certified(st, "22015", t0 + 2000, officials_row, &o, &e),
	                 0);
	assert_int_equal(o.certified[0], 0);
	(void)gone;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_add),
	    cmocka_unit_test(test_signer),
	    cmocka_unit_test(test_crl),
	    cmocka_unit_test(test_officials),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
