/* Tests for src/core/unit.c: the shape of unit codes by level, and the
 * strict reading of the official lists and of village files (every error
 * with its line and column). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/embedded.h"
#include "core/unit.h"

static void test_codes_by_level(void **state)
{
	(void)state;
	struct xerr e = {0};
	assert_int_equal(unit_check_code("66", UNIT_PROVINCE, &e), 0);
	assert_int_equal(unit_check_code("066", UNIT_PROVINCE, &e), XERR_INVALID);
	assert_int_equal(unit_check_code("22015", UNIT_COMMUNE, &e), 0);
	assert_int_equal(unit_check_code("2201", UNIT_COMMUNE, &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "5 digits"));
	assert_int_equal(unit_check_code("22015001", UNIT_VILLAGE, &e), 0);
	assert_int_equal(unit_check_code("22015", UNIT_VILLAGE, &e), XERR_INVALID);
	assert_int_equal(unit_check_code("2201500100001", UNIT_VILLAGE, &e), XERR_INVALID);
	assert_int_equal(unit_check_code("2201a", UNIT_COMMUNE, &e), XERR_INVALID);
	assert_int_equal(unit_check_code("", UNIT_COMMUNE, &e), XERR_INVALID);
	assert_string_equal(e.field, "code");
}

/* The lists compiled into the binary: 34 provinces, 3,321 communes, each
 * with its parent. */
static void test_official_lists(void **state)
{
	(void)state;
	size_t len, n;
	struct unit *u;
	struct xerr e = {0};
	const char *data = embedded_find("data/vn-provinces-2025.csv", &len);
	assert_non_null(data);
	assert_int_equal(unit_parse_provinces("p.csv", data, len, &u, &n, &e), 0);
	assert_int_equal(n, 34);
	assert_string_equal(u[0].code, "01");
	assert_string_equal(u[0].name, "Thành phố Hà Nội");
	assert_string_equal(u[0].short_name, "Hà Nội");
	assert_int_equal(u[0].level, UNIT_PROVINCE);
	free(u);
	data = embedded_find("data/vn-units-2025.csv", &len);
	assert_int_equal(unit_parse_communes("c.csv", data, len, &u, &n, &e), 0);
	assert_int_equal(n, 3321);
	assert_string_equal(u[0].parent, "01");
	assert_int_equal(u[0].level, UNIT_COMMUNE);
	free(u);
}

static int villages(const char *csv, struct unit **u, size_t *n, struct xerr *e)
{
	return unit_parse_villages("thon.csv", csv, strlen(csv), u, n, e);
}

static void test_villages(void **state)
{
	(void)state;
	struct unit *u;
	size_t n;
	struct xerr e = {0};
	assert_int_equal(villages("code,name,type,parent_code\n"
	                          "24121001,Thôn 1,,24121\n"
	                          "24121002,Buôn Ko Sier,Buôn,24121\n",
	                          &u, &n, &e),
	                 0);
	assert_int_equal(n, 2);
	assert_string_equal(u[0].type, "Thôn"); /* the default */
	assert_string_equal(u[1].type, "Buôn");
	assert_int_equal(u[1].level, UNIT_VILLAGE);
	free(u);
	/* The type column may be left out altogether. */
	assert_int_equal(villages("code,name,parent_code\n24121001,Thôn 1,24121\n", &u, &n, &e), 0);
	free(u);
}

static void expect_error(const char *csv, const char *where, const char *what)
{
	struct unit *u = (struct unit *)1;
	size_t n = 1;
	struct xerr e = {0};
	assert_int_equal(villages(csv, &u, &n, &e), XERR_INVALID);
	assert_null(u);
	assert_int_equal(n, 0);
	if (!strstr(e.msg, where) || !strstr(e.msg, what))
		fail_msg("want %s ... %s, got: %s", where, what, e.msg);
}

static void test_village_errors(void **state)
{
	(void)state;
	const char *head = "code,name,type,parent_code\n";
	char csv[512];
	snprintf(csv, sizeof csv, "%s24121001,Thôn 1,Thôn,24121\n24121001,Thôn 2,Thôn,24121\n",
	         head);
	expect_error(csv, "thon.csv:3:1", "duplicate code 24121001");
	snprintf(csv, sizeof csv, "%s24045001,Thôn 1,Thôn,24121\n", head);
	expect_error(csv, "thon.csv:2:1", "must start with its commune's code");
	snprintf(csv, sizeof csv, "%s2412,Thôn 1,Thôn,24121\n", head);
	expect_error(csv, "thon.csv:2:1", "6 to 12 digits");
	snprintf(csv, sizeof csv, "%s24121001,,Thôn,24121\n", head);
	expect_error(csv, "thon.csv:2:", "\"name\" is empty");
	expect_error("code,name\n24121001,Thôn 1\n", "parent_code", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_codes_by_level),
	    cmocka_unit_test(test_official_lists),
	    cmocka_unit_test(test_villages),
	    cmocka_unit_test(test_village_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
