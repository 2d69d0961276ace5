/* Tests for src/core/authz.c: the one decision (caller, action, the
 * record's unit chain, its owner) and the role table, written out here
 * independently of the tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/authz.h"
#include "core/dossier.h"

static const char *const in[] = {"22015001", "22015", "66"};
static const char *const out[] = {"22045001", "22045", "66"};
static const char *const other_province[] = {"01001", "01"};

static int decide(const struct principal *p, const char *action, const char *const *chain, int n,
                  int64_t owner)
{
	struct xerr e = {0};
	return authz_decide(p, action, chain, n, owner, &e);
}

static void test_decide_staff_by_unit(void **state)
{
	(void)state;
	struct principal off = {.account_id = 2, .role = ROLE_OFFICER, .unit = "22015"};
	assert_int_equal(decide(&off, "dossier.read", in, 3, 0), 0);
	assert_int_equal(decide(&off, "dossier.read", in + 1, 2, 0), 0);
	assert_int_equal(decide(&off, "dossier.read", out, 3, 0), XERR_FORBIDDEN);
	/* Staff are never let through by owning a record. */
	assert_int_equal(decide(&off, "dossier.read", out, 3, 2), XERR_FORBIDDEN);
	/* The role first: an officer may not manage accounts anywhere. */
	struct xerr e = {0};
	assert_int_equal(authz_decide(&off, "account.manage", in, 3, 0, &e), XERR_FORBIDDEN);
	assert_string_equal(e.msg, "your role may not do this");
	assert_int_equal(authz_decide(&off, "dossier.read", out, 3, 0, &e), XERR_FORBIDDEN);
	assert_string_equal(e.field, "unit");
	struct principal prov = {.account_id = 3, .role = ROLE_PROVINCE, .unit = "66"};
	assert_int_equal(decide(&prov, "dossier.list", out, 3, 0), 0);
	assert_int_equal(decide(&prov, "dossier.list", other_province, 2, 0), XERR_FORBIDDEN);
	struct principal admin = {.account_id = 4, .role = ROLE_ADMIN, .unit = "66"};
	assert_int_equal(decide(&admin, "account.manage", other_province, 2, 0), 0);
	/* An unknown unit has no chain: only an admin reaches it. */
	assert_int_equal(decide(&prov, "dossier.list", NULL, 0, 0), XERR_FORBIDDEN);
	assert_int_equal(decide(&admin, "account.manage", NULL, 0, 0), 0);
}

static void test_decide_citizen_by_owner(void **state)
{
	(void)state;
	struct principal cit = {.account_id = 7, .role = ROLE_CITIZEN};
	assert_int_equal(decide(&cit, "dossier.read", in, 3, 7), 0);
	assert_int_equal(decide(&cit, "dossier.read", in, 3, 8), XERR_FORBIDDEN);
	assert_int_equal(decide(&cit, "dossier.read", in, 3, 0), XERR_FORBIDDEN);
	assert_int_equal(decide(&cit, "person.read", in, 3, 7), XERR_FORBIDDEN);
	assert_int_equal(decide(NULL, "dossier.read", in, 3, 7), XERR_AUTH);
	assert_int_equal(decide(&cit, "no.such.action", in, 3, 7), XERR_FORBIDDEN);
	assert_true(authz_owns(&cit, 7));
	assert_false(authz_owns(&cit, 0));
	struct principal off = {.account_id = 7, .role = ROLE_OFFICER, .unit = "22015"};
	assert_false(authz_owns(&off, 7));
}

/* The behaviours that used to be role tests in the handlers. */
static void test_role_table(void **state)
{
	(void)state;
	assert_true(authz_needs_second_factor(ROLE_PROVINCE));
	assert_true(authz_needs_second_factor(ROLE_ADMIN));
	assert_false(authz_needs_second_factor(ROLE_OFFICER));
	assert_false(authz_needs_second_factor(ROLE_CITIZEN));
	assert_true(authz_by_ownership(ROLE_CITIZEN));
	assert_false(authz_by_ownership(ROLE_TEAM));
	assert_false(authz_by_ownership(ROLE_NONE));
	assert_true(authz_everywhere(ROLE_ADMIN));
	assert_false(authz_everywhere(ROLE_PROVINCE));
	assert_false(authz_role_valid(ROLE_NONE));
	assert_false(authz_role_valid((enum role)40));
	assert_true(authz_role_valid(ROLE_TEAM));
	struct principal prov = {.role = ROLE_PROVINCE, .unit = "66"};
	struct principal admin = {.role = ROLE_ADMIN, .unit = "66"};
	assert_true(authz_manages(&prov, ROLE_OFFICER));
	assert_true(authz_manages(&prov, ROLE_PROVINCE));
	assert_false(authz_manages(&prov, ROLE_ADMIN));
	assert_false(authz_manages(&prov, ROLE_CITIZEN));
	assert_true(authz_manages(&admin, ROLE_ADMIN));
	assert_true(authz_manages(&admin, ROLE_CITIZEN));
	assert_false(authz_manages(NULL, ROLE_OFFICER));
	/* Citizens file online; the officer at the counter or by post. */
	assert_true(authz_files_through(ROLE_CITIZEN, DC_ONLINE));
	assert_false(authz_files_through(ROLE_CITIZEN, DC_COUNTER));
	assert_true(authz_files_through(ROLE_OFFICER, DC_POST));
	assert_false(authz_files_through(ROLE_OFFICER, DC_ONLINE));
	assert_false(authz_files_through(ROLE_LEADER, DC_COUNTER));
	assert_int_equal(authz_usual_channel(ROLE_CITIZEN), DC_ONLINE);
	assert_int_equal(authz_usual_channel(ROLE_OFFICER), DC_COUNTER);
	assert_int_equal(authz_usual_channel(ROLE_PROVINCE), 0);
	/* The officials whose certificates the monitoring figure counts. */
	assert_true(authz_is_official(ROLE_OFFICER));
	assert_true(authz_is_official(ROLE_LEADER));
	assert_false(authz_is_official(ROLE_TEAM));
	assert_false(authz_is_official(ROLE_PROVINCE));
	assert_false(authz_is_official(ROLE_CITIZEN));
	assert_false(authz_is_official((enum role)40));
	assert_int_equal(role_parse("leader"), ROLE_LEADER);
	assert_string_equal(role_name(ROLE_TEAM), "team");
	assert_string_equal(role_name((enum role)40), "");
}

/* Per-role behaviours that are rows of the policy table. */
static void test_policy_rows(void **state)
{
	(void)state;
	struct principal off = {.role = ROLE_OFFICER, .unit = "22015"};
	struct principal leader = {.role = ROLE_LEADER, .unit = "22015"};
	/* Full ID numbers: the officers of the unit's subtree only. */
	assert_int_equal(decide(&off, "pii.full", in, 3, 0), 0);
	assert_int_equal(decide(&off, "pii.full", out, 3, 0), XERR_FORBIDDEN);
	assert_int_equal(decide(&leader, "pii.full", in, 3, 0), XERR_FORBIDDEN);
	/* Acting as the receiving unit: officers and leaders. */
	assert_true(authz_allows(ROLE_LEADER, "dossier.process"));
	assert_false(authz_allows(ROLE_CITIZEN, "dossier.process"));
	assert_false(authz_allows(ROLE_PROVINCE, "dossier.process"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decide_staff_by_unit),
	    cmocka_unit_test(test_decide_citizen_by_owner),
	    cmocka_unit_test(test_role_table),
	    cmocka_unit_test(test_policy_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
