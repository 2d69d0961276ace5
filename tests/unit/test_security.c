/* Tests for the security building blocks: personal ID and phone numbers
 * (core/pii.c), passwords, tokens and TOTP (core/secret.c), the policy
 * table (core/authz.c), the message catalogues, and the audit chain in the
 * store (store/sqlite_audit.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "core/authz.h"
#include "core/people.h"
#include "core/pii.h"
#include "core/secret.h"
#include "store/store.h"
#include "web/i18n.h"

static void test_pid(void **state)
{
	(void)state;
	struct xerr e = {0};
	assert_int_equal(pid_check("066078001234", "1978-04-14", 'M', "pid", &e), 0);
	assert_int_equal(pid_check("001305001234", "2005-01-01", 'F', "pid", &e), 0);
	assert_int_equal(pid_check("06607800123", NULL, 0, "pid", &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "12 digits"));
	assert_int_equal(pid_check("06607800123a", NULL, 0, "pid", &e), XERR_INVALID);
	/* 003 is not a province code of birth registration. */
	assert_int_equal(pid_check("003078001234", NULL, 0, "pid", &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "003"));
	/* The table's ends and neighbours (it is searched by halves). */
	static const char *const known[] = {"001", "002", "048", "096"};
	static const char *const unknown[] = {"000", "047", "050", "097", "999"};
	char pid[13];
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		snprintf(pid, sizeof pid, "%s078001234", known[i]);
		assert_int_equal(pid_check(pid, NULL, 0, "pid", &e), 0);
	}
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		snprintf(pid, sizeof pid, "%s078001234", unknown[i]);
		assert_int_equal(pid_check(pid, NULL, 0, "pid", &e), XERR_INVALID);
	}
	/* Century and year must agree with the birth date, gender with G. */
	assert_int_equal(pid_check("066078001234", "2078-04-14", 0, "pid", &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "1978"));
	assert_int_equal(pid_check("066078001234", "1979-04-14", 0, "pid", &e), XERR_INVALID);
	assert_int_equal(pid_check("066078001234", NULL, 'F', "pid", &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "male"));
	assert_string_equal(e.field, "pid");
	assert_true(pid_like("066078001234"));
	assert_false(pid_like("0912345678"));
}

static void test_phone(void **state)
{
	(void)state;
	struct xerr e = {0};
	char out[16];
	assert_int_equal(phone_normalise("+84 912 345 678", out, sizeof out, "phone", &e), 0);
	assert_string_equal(out, "0912345678");
	assert_int_equal(phone_normalise("0912.345.678", out, sizeof out, "phone", &e), 0);
	assert_string_equal(out, "0912345678");
	assert_int_equal(phone_normalise("84 388 123 456", out, sizeof out, "phone", &e), 0);
	assert_string_equal(out, "0388123456");
	assert_int_equal(phone_normalise("0262 3852 123", out, sizeof out, "phone", &e), 0);
	assert_string_equal(out, "02623852123");
	assert_int_equal(phone_normalise("0112345678", out, sizeof out, "phone", &e), XERR_INVALID);
	assert_int_equal(phone_normalise("+1 555 123 4567", out, sizeof out, "phone", &e),
	                 XERR_INVALID);
	assert_int_equal(phone_normalise("09123x5678", out, sizeof out, "phone", &e), XERR_INVALID);
	assert_int_equal(phone_normalise("", out, sizeof out, "phone", &e), XERR_INVALID);
	char m[16];
	phone_mask("0912345678", m);
	assert_string_equal(m, "091****678");
	pid_mask("066078001234", m);
	assert_string_equal(m, "*********234");
	pid_mask("", m);
	assert_string_equal(m, "");
}

static void test_logins(void **state)
{
	(void)state;
	struct xerr e = {0};
	char out[64];
	assert_int_equal(login_normalise(true, "+84912345678", out, &e), 0);
	assert_string_equal(out, "0912345678");
	assert_int_equal(login_normalise(true, "066078001234", out, &e), 0);
	assert_int_equal(login_normalise(false, "officer.22015", out, &e), 0);
	assert_int_equal(login_normalise(false, "0912345678", out, &e), XERR_INVALID);
	assert_int_equal(login_normalise(false, "Officer", out, &e), XERR_INVALID);
	assert_int_equal(login_normalise(false, "ab", out, &e), XERR_INVALID);
	assert_int_equal(login_normalise(false, "a b", out, &e), XERR_INVALID);
}

static void test_passwords(void **state)
{
	(void)state;
	struct xerr e = {0};
	assert_int_equal(secret_init(&e), 0);
	assert_int_equal(password_check("short", NULL, NULL, &e), XERR_INVALID);
	static const char *const weak[] = {
	    "password123",  "1234567890",   "qwertyuiop",   "matkhau123456",
	    "anhyeuem1234", "iloveyou2026", "aaaaaaaaaaaa", NULL};
	for (int i = 0; weak[i]; i++)
		assert_int_equal(password_check(weak[i], NULL, NULL, &e), XERR_INVALID);
	/* The login and the name are guessable words. */
	assert_int_equal(password_check("nguyenvanan1990", "an.nguyen", "Nguyễn Văn An", &e),
	                 XERR_INVALID);
	assert_int_equal(password_check("cà phê buôn ma thuột", NULL, NULL, &e), 0);
	assert_int_equal(password_check("motcua-demo-2026", NULL, NULL, &e), 0);
	char h[PASSWORD_HASH_LEN];
	assert_int_equal(password_hash("cà phê buôn ma thuột", h, &e), 0);
	assert_non_null(strstr(h, "$argon2id$"));
	assert_true(password_verify("cà phê buôn ma thuột", h));
	assert_false(password_verify("ca phe buon ma thuot", h));
	assert_false(password_verify("x", password_dummy_hash()));
}

static void test_tokens(void **state)
{
	(void)state;
	char a[TOKEN_LEN], b[TOKEN_LEN], ha[TOKEN_HASH_LEN], ha2[TOKEN_HASH_LEN];
	token_new(a);
	token_new(b);
	assert_int_equal(strlen(a), 43);
	assert_string_not_equal(a, b);
	assert_int_equal(
	    strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 43);
	token_hash(a, ha);
	token_hash(a, ha2);
	assert_string_equal(ha, ha2);
	assert_int_equal(strlen(ha), 64);
	/* SHA-256("abc"), FIPS 180-2. */
	token_hash("abc", ha);
	assert_string_equal(ha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	/* The names of signed results: 16 characters of Crockford base32,
	 * every one of the 32 reachable, two draws different. */
	char id[PUBLIC_ID_LEN], id2[PUBLIC_ID_LEN];
	bool seen[128] = {false};
	int distinct = 0;
	for (int i = 0; i < 200; i++) {
		public_id_new(id);
		assert_true(public_id_valid(id));
		for (const char *c = id; *c; c++) {
			distinct += !seen[(unsigned char)*c];
			seen[(unsigned char)*c] = true;
		}
	}
	assert_int_equal(distinct, 32);
	public_id_new(id2);
	assert_string_not_equal(id, id2);
	assert_false(public_id_valid("0123456789abcdeu")); /* no u */
	assert_false(public_id_valid("0123456789ABCDEF"));
	assert_false(public_id_valid("0123456789abcde"));
	assert_false(public_id_valid(NULL));
}

static void test_totp(void **state)
{
	(void)state;
	struct xerr e = {0};
	/* RFC 6238 appendix B, SHA-1 key "12345678901234567890": 8-digit codes
	 * 94287082 at T=59 and 07081804 at T=1111111109; 6 digits are their
	 * last six. */
	char secret[TOTP_SECRET_LEN], code[7];
	assert_int_equal(
	    totp_encode_secret((const unsigned char *)"12345678901234567890", secret, &e), 0);
	assert_string_equal(secret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	assert_int_equal(totp_code(secret, 59, code, &e), 0);
	assert_string_equal(code, "287082");
	assert_int_equal(totp_code(secret, 1111111109, code, &e), 0);
	assert_string_equal(code, "081804");
	int64_t step = 0;
	assert_int_equal(totp_verify(secret, "081804", 1111111109, 0, &step, &e), 0);
	assert_int_equal(step, 1111111109 / 30);
	/* One step of clock drift either way is accepted, two are not. */
	assert_int_equal(totp_verify(secret, "081804", 1111111109 + 30, 0, &step, &e), 0);
	assert_int_equal(totp_verify(secret, "081804", 1111111109 + 90, 0, &step, &e), XERR_AUTH);
	/* No replay: a step already used is refused. */
	assert_int_equal(totp_verify(secret, "081804", 1111111109, 1111111109 / 30, &step, &e),
	                 XERR_AUTH);
	assert_non_null(strstr(e.msg, "already used"));
	assert_int_equal(totp_verify(secret, "12345", 59, 0, &step, &e), XERR_AUTH);
	char fresh[TOTP_SECRET_LEN];
	assert_int_equal(totp_new_secret(fresh, &e), 0);
	assert_int_equal(strlen(fresh), 32);
}

static void test_policy(void **state)
{
	(void)state;
	size_t n;
	const struct authz_rule *rules = authz_rules(&n);
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(rules[i - 1].action, rules[i].action) < 0);
	for (size_t i = 0; i < n; i++)
		assert_ptr_equal(authz_rule(rules[i].action), &rules[i]);
	assert_null(authz_rule("no.such.action"));
	assert_null(authz_rule(NULL));
	assert_false(authz_allows(ROLE_ADMIN, "no.such.action"));
	assert_true(authz_allows(ROLE_NONE, "public"));
	assert_false(authz_allows(ROLE_NONE, "session"));
	assert_false(authz_allows(ROLE_CITIZEN, "person.read"));
	assert_true(authz_allows(ROLE_OFFICER, "person.read"));
	assert_false(authz_allows(ROLE_PROVINCE, "token.manage"));
	assert_false(authz_allows((enum role)40, "public"));
	/* Releasing a wrongly claimed number is the counter's act only. */
	assert_true(authz_allows(ROLE_OFFICER, "account.release"));
	assert_false(authz_allows(ROLE_CITIZEN, "account.release"));
	assert_false(authz_allows(ROLE_NONE, "account.release"));
	assert_false(authz_allows(ROLE_LEADER, "account.release"));

	struct principal off = {.account_id = 2, .role = ROLE_OFFICER, .unit = "22015"};
	const char *in[] = {"22015001", "22015", "66"}, *out[] = {"22045001", "22045", "66"};
	assert_true(authz_unit_allows(&off, in, 3));
	assert_false(authz_unit_allows(&off, out, 3));
	struct principal prov = {.role = ROLE_PROVINCE, .unit = "66"};
	assert_true(authz_unit_allows(&prov, out, 3));
	struct principal team = {.role = ROLE_TEAM, .unit = "22015001"};
	assert_true(authz_unit_allows(&team, in, 3));
	assert_false(authz_unit_allows(&team, in + 1, 2));
	struct principal cit = {.role = ROLE_CITIZEN};
	assert_false(authz_unit_allows(&cit, in, 3));
	struct principal admin = {.role = ROLE_ADMIN, .unit = "01"};
	assert_true(authz_unit_allows(&admin, out, 3));
	assert_false(authz_unit_allows(NULL, in, 3));
}

/* Registration with an ID number: the resident's name, folded, and birth
 * date must match (core/people.c). */
static void test_identity_match(void **state)
{
	(void)state;
	struct resident r;
	memset(&r, 0, sizeof r);
	strcpy(r.pid, "066190001234");
	strcpy(r.full_name, "Nguyễn Thị Đào");
	strcpy(r.birth_date, "1990-05-17");
	assert_true(people_identity_matches(&r, "Nguyễn Thị Đào", "1990-05-17"));
	assert_true(people_identity_matches(&r, "  NGUYEN  thi dao ", "1990-05-17"));
	assert_false(people_identity_matches(&r, "Nguyễn Thị Đào", "1990-05-18"));
	assert_false(people_identity_matches(&r, "Nguyễn Thị Hoa", "1990-05-17"));
	assert_false(people_identity_matches(&r, "Nguyễn Thị", "1990-05-17"));
	assert_false(people_identity_matches(&r, "", "1990-05-17"));
	assert_false(people_identity_matches(&r, NULL, "1990-05-17"));
	assert_false(people_identity_matches(NULL, "Nguyễn Thị Đào", "1990-05-17"));
	strcpy(r.full_name, "");
	assert_false(people_identity_matches(&r, "", "1990-05-17"));
}

static void test_catalogues(void **state)
{
	(void)state;
	/* Each catalogue sorted; no key in two catalogues; both languages. */
	for (int c = 0; i18n_catalogues[c]; c++) {
		const struct message *m = i18n_catalogues[c];
		for (int i = 0; m[i].key; i++) {
			assert_non_null(m[i].vi);
			assert_non_null(m[i].en);
			if (i > 0)
				assert_true(strcmp(m[i - 1].key, m[i].key) < 0);
			for (int d = c + 1; i18n_catalogues[d]; d++)
				for (const struct message *o = i18n_catalogues[d]; o->key; o++)
					assert_string_not_equal(m[i].key, o->key);
		}
	}
}

static int count_cb(const struct audit_entry *a, void *ctx)
{
	(void)a;
	(*(int *)ctx)++;
	return 0;
}

static void test_audit_chain(void **state)
{
	(void)state;
	char path[] = "/tmp/xaso-audit-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	struct store *s;
	struct xerr e = {0};
	assert_int_equal(store_open(path, STORE_CREATE | STORE_MIGRATE, &s, &e), 0);
	struct actor who;
	actor_system(&who, "test");
	for (int i = 0; i < 5; i++)
		assert_int_equal(store_audit_record(s, &who, "test.event", "obj", "d", &e), 0);
	int64_t count, bad;
	assert_int_equal(store_audit_verify(s, &count, &bad, &e), 0);
	assert_int_equal(count, 5);
	int n = 0;
	assert_int_equal(store_audit_list(s, NULL, 0, 3, count_cb, &n, &e), 0);
	assert_int_equal(n, 3);
	store_close(s);

	/* Behind the program's back: the triggers stop plain edits... */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE audit SET detail='x' WHERE id=2", 0, 0, 0),
	                     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit WHERE id=2", 0, 0, 0), SQLITE_OK);
	/* ... and once they are dropped, the chain shows the change. */
	assert_int_equal(sqlite3_exec(db,
	                              "DROP TRIGGER audit_no_update; "
	                              "UPDATE audit SET detail='x' WHERE id=3",
	                              0, 0, 0),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, 0, &s, &e), 0);
	assert_int_equal(store_audit_verify(s, &count, &bad, &e), XERR_CONFLICT);
	assert_int_equal(bad, 3);
	assert_int_equal(count, 2);
	store_close(s);

	/* A removed entry is reported as missing. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "UPDATE audit SET detail='d' WHERE id=3; "
	                              "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id=4",
	                              0, 0, 0),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, 0, &s, &e), 0);
	assert_int_equal(store_audit_verify(s, &count, &bad, &e), XERR_CONFLICT);
	assert_int_equal(bad, 4);
	assert_non_null(strstr(e.msg, "missing"));
	store_close(s);
	unlink(path);
	char side[64];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pid),         cmocka_unit_test(test_phone),
	    cmocka_unit_test(test_logins),      cmocka_unit_test(test_passwords),
	    cmocka_unit_test(test_tokens),      cmocka_unit_test(test_totp),
	    cmocka_unit_test(test_policy),      cmocka_unit_test(test_catalogues),
	    cmocka_unit_test(test_audit_chain), cmocka_unit_test(test_identity_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
