/* Tests for src/core/xerr.c: errors as values, their names and the HTTP
 * status each stands for. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "core/xerr.h"

static void test_set(void **state)
{
	(void)state;
	struct xerr e = {0};
	assert_int_equal(xerr_set(&e, XERR_INVALID, "code", "code %s must be %d digits", "22", 5),
	                 XERR_INVALID);
	assert_int_equal(e.code, XERR_INVALID);
	assert_string_equal(e.field, "code");
	assert_string_equal(e.msg, "code 22 must be 5 digits");
	/* No record: the code comes back all the same. */
	assert_int_equal(xerr_set(NULL, XERR_NOTFOUND, "x", "y"), XERR_NOTFOUND);
	/* A long message is cut to the record, NUL-terminated. */
	char big[400];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = 0;
	xerr_set(&e, XERR_IO, NULL, "%s", big);
	assert_int_equal(strlen(e.msg), sizeof e.msg - 1);
	assert_null(e.field);
}

static void test_names_and_statuses(void **state)
{
	(void)state;
	static const struct {
		int code;
		const char *name;
		int status;
	} want[] = {
	    {XERR_OK, "ok", 200},
	    {XERR_INVALID, "invalid", 400},
	    {XERR_NOTFOUND, "not_found", 404},
	    {XERR_CONFLICT, "conflict", 409},
	    {XERR_AUTH, "unauthenticated", 401},
	    {XERR_FORBIDDEN, "forbidden", 403},
	    {XERR_LIMIT, "limit", 413},
	    {XERR_IO, "internal", 500},
	    {XERR_NOMEM, "no_memory", 500},
	    {XERR_THROTTLED, "throttled", 429},
	    {XERR_UNPROCESSABLE, "unprocessable", 422},
	    {XERR_MEDIA_TYPE, "unsupported_media_type", 415},
	    {XERR_UNAVAILABLE, "unavailable", 503},
	    {-99, "internal", 500},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		assert_string_equal(xerr_name(want[i].code), want[i].name);
		assert_int_equal(xerr_http_status(want[i].code), want[i].status);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_set),
	    cmocka_unit_test(test_names_and_statuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
