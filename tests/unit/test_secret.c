/* Tests for the cost of password hashes in src/core/secret.c: new hashes at
 * the OWASP configuration, hashes of the former cost still verifying and
 * marked for rehashing. (Password policy, tokens and TOTP are tested in
 * test_security.c.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/secret.h"

static const char password[] = "cà phê buôn ma thuột";

/* A hash stored before 2026, at libsodium's interactive limits (t=2,
 * 64 MiB), of the password above. */
static const char old_hash[] = "$argon2id$v=19$m=65536,t=2,p=1$uAaIILF/i59hskTfEvuwow$"
                               "nuLQxQbaLoHoZ8VAiUnseWmpcz64KUAqTPHw1w2ZAR8";

static void test_new_hashes_record_their_cost(void **state)
{
	(void)state;
	struct xerr e = {0};
	char h[PASSWORD_HASH_LEN], prefix[64];
	assert_int_equal(password_hash(password, h, &e), 0);
	snprintf(prefix, sizeof prefix, "$argon2id$v=19$m=%d,t=%d,p=1$", PASSWORD_HASH_MEM / 1024,
	         PASSWORD_HASH_OPS);
	assert_string_equal(prefix, "$argon2id$v=19$m=19456,t=2,p=1$");
	assert_memory_equal(h, prefix, strlen(prefix));
	assert_true(password_verify(password, h));
	assert_false(password_verify("ca phe buon ma thuot", h));
	assert_false(password_needs_rehash(h));
	/* Two hashes of one password differ (a random salt each). */
	char h2[PASSWORD_HASH_LEN];
	assert_int_equal(password_hash(password, h2, &e), 0);
	assert_string_not_equal(h, h2);
}

static void test_old_hashes_verify_and_need_rehash(void **state)
{
	(void)state;
	assert_true(password_verify(password, old_hash));
	assert_false(password_verify("Cà phê buôn ma thuột", old_hash));
	assert_true(password_needs_rehash(old_hash));
	/* Another cost in either direction. */
	assert_true(password_needs_rehash("$argon2id$v=19$m=19456,t=3,p=1$uAaIILF/i59hskTfEvuwow$"
	                                  "nuLQxQbaLoHoZ8VAiUnseWmpcz64KUAqTPHw1w2ZAR8"));
	assert_true(password_needs_rehash("$argon2id$v=19$m=12288,t=2,p=1$uAaIILF/i59hskTfEvuwow$"
	                                  "nuLQxQbaLoHoZ8VAiUnseWmpcz64KUAqTPHw1w2ZAR8"));
}

static void test_not_a_hash(void **state)
{
	(void)state;
	assert_true(password_needs_rehash(NULL));
	assert_true(password_needs_rehash(""));
	assert_true(password_needs_rehash("$2b$10$abcdefghijklmnopqrstuu"));
	assert_false(password_verify(password, ""));
	assert_false(password_verify(password, NULL));
}

/* A login that does not exist is checked against the dummy hash: it must
 * cost what a real account's hash costs. */
static void test_dummy_hash_at_current_cost(void **state)
{
	(void)state;
	assert_false(password_needs_rehash(password_dummy_hash()));
	assert_false(password_verify(password, password_dummy_hash()));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_new_hashes_record_their_cost),
	    cmocka_unit_test(test_old_hashes_verify_and_need_rehash),
	    cmocka_unit_test(test_not_a_hash),
	    cmocka_unit_test(test_dummy_hash_at_current_cost),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
