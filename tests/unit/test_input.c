/* Tests for src/web/input.c: each validator of the declared inputs and its
 * limit, the refusal naming the parameter, and the check at start that a
 * route declares every path segment it captures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "web/server_int.h"

static int checks(const struct param *p, const char *v, int64_t *num)
{
	struct xerr e = {0};
	int rc = input_check(p, v, num, &e);
	if (rc)
		assert_string_equal(e.field, p->name); /* every refusal names it */
	return rc;
}

static void test_numbers_and_words(void **state)
{
	(void)state;
	int64_t n = 0;
	const struct param limit = {"limit", IN_QUERY, IN_INT, .min = 1, .max = 500};
	assert_int_equal(checks(&limit, "500", &n), 0);
	assert_int_equal(n, 500);
	assert_int_equal(checks(&limit, "501", &n), XERR_INVALID);
	assert_int_equal(checks(&limit, "0", &n), XERR_INVALID);
	assert_int_equal(checks(&limit, "12x", &n), XERR_INVALID);
	assert_int_equal(checks(&limit, "", &n), XERR_INVALID);
	const struct param unit = {"unit", IN_QUERY, IN_DIGITS, .min = 2, .max = 12};
	assert_int_equal(checks(&unit, "22015", &n), 0);
	assert_int_equal(checks(&unit, "2", &n), XERR_INVALID);
	assert_int_equal(checks(&unit, "22a15", &n), XERR_INVALID);
	const struct param due = {"due", IN_QUERY, IN_WORD, .words = "today|soon|overdue"};
	assert_int_equal(checks(&due, "soon", &n), 0);
	assert_int_equal(checks(&due, "so", &n), XERR_INVALID);
	assert_int_equal(checks(&due, "tomorrow", &n), XERR_INVALID);
}

static void test_text_and_codes(void **state)
{
	(void)state;
	int64_t n = 0;
	const struct param q = {"q", IN_QUERY, IN_TEXT, .min = 1, .max = 3};
	assert_int_equal(checks(&q, "Đắk", &n), 0); /* characters, not bytes */
	assert_int_equal(checks(&q, "Đắk Lắk", &n), XERR_INVALID);
	assert_int_equal(checks(&q, "", &n), XERR_INVALID);
	assert_int_equal(checks(&q, "\xff", &n), XERR_INVALID);
	/* max 0: a rule of core limits it; only text is asked. */
	const struct param name = {"name", IN_FORM, IN_TEXT};
	char long_name[4000];
	memset(long_name, 'a', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = 0;
	assert_int_equal(checks(&name, long_name, &n), 0);
	const struct param code = {"code", IN_PATH, IN_DOSSIER};
	assert_int_equal(checks(&code, "22015-260428-0001", &n), 0);
	assert_int_equal(checks(&code, "nope", &n), XERR_INVALID);
	const struct param proc = {"procedure", IN_QUERY, IN_PROCEDURE};
	assert_int_equal(checks(&proc, "1.001193", &n), 0);
	assert_int_equal(checks(&proc, "1.0011", &n), XERR_INVALID);
}

static void test_times(void **state)
{
	(void)state;
	int64_t n = 0, day = 0;
	const struct param t = {"from", IN_QUERY, IN_TIME};
	assert_int_equal(checks(&t, "2026-04-28T09:00", &n), 0);
	const struct param d = {"from", IN_QUERY, IN_DATE};
	assert_int_equal(checks(&d, "2026-04-28", &day), 0);
	assert_int_equal(n - day, 9 * 60);
	/* A date is the first minute of its day. */
	assert_int_equal(checks(&t, "2026-04-28", &n), 0);
	assert_int_equal(n, day);
	assert_int_equal(checks(&t, "2026-02-30T09:00", &n), XERR_INVALID);
	assert_int_equal(checks(&d, "28/04/2026", &n), XERR_INVALID);
}

static int even(const char *v, int64_t *num, struct xerr *e)
{
	*num = atoi(v);
	return *num % 2 ? xerr_set(e, XERR_INVALID, NULL, "must be even") : 0;
}

static void test_own_check(void **state)
{
	(void)state;
	int64_t n = 0;
	const struct param p = {"pair", IN_QUERY, IN_CHECK, .max = 4, .check = even};
	assert_int_equal(checks(&p, "12", &n), 0);
	assert_int_equal(n, 12);
	assert_int_equal(checks(&p, "13", &n), XERR_INVALID);
	assert_int_equal(checks(&p, "12345", &n), XERR_INVALID); /* over its max */
}

static int nothing(struct req *r)
{
	(void)r;
	return 0;
}

/* A route whose {} are not all declared makes the server refuse to
 * start; so does one declaring a path input it does not capture. */
static void test_routes_declare_their_path(void **state)
{
	(void)state;
	struct xerr e = {0};
	static const struct param one[] = {{"code", IN_PATH, IN_DOSSIER}, {NULL}};
	static const struct param two[] = {
	    {"code", IN_PATH, IN_DOSSIER}, {"file", IN_PATH, IN_INT, .min = 1, .max = 9}, {NULL}};
	const struct route ok = {"GET", "/x/{}", nothing, "public", 0, one};
	const struct route missing = {"GET", "/x/{}/files/{}", nothing, "public", 0, one};
	const struct route extra = {"GET", "/x", nothing, "public", 0, two};
	const struct route none = {"GET", "/x/{}", nothing, "public"};
	assert_int_equal(input_check_route(&ok, &e), 0);
	assert_int_equal(input_check_route(&missing, &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "declares 1 of its 2 path parameters"));
	assert_int_equal(input_check_route(&extra, &e), XERR_INVALID);
	assert_int_equal(input_check_route(&none, &e), XERR_INVALID);
	/* Every route of the server passes. */
	for (const struct route *const *t = web_route_tables(); *t; t++)
		for (const struct route *rt = *t; rt->method; rt++)
			if (input_check_route(rt, &e) != 0)
				fail_msg("%s", e.msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_numbers_and_words),
	    cmocka_unit_test(test_text_and_codes),
	    cmocka_unit_test(test_times),
	    cmocka_unit_test(test_own_check),
	    cmocka_unit_test(test_routes_declare_their_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
