/* Tests for src/core/logsafe.c: nothing logged can forge a line, hide text
 * or carry a personal ID or phone number (issue 11). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "core/logsafe.h"

static char got[512];

static const char *esc(const char *s, size_t max, bool field)
{
	struct buf b;
	buf_init(&b);
	logsafe_append(&b, s, max, field);
	strncpy(got, b.data ? b.data : "", sizeof got - 1);
	buf_free(&b);
	return got;
}

static void test_control_characters(void **state)
{
	(void)state;
	/* The probe's forged line: a newline and a fake entry after it. */
	assert_string_equal(esc("/x\n2026-12-03T00:00:00Z 127.0.0.1 GET /FORGED", 200, false),
	                    "/x\\x0a2026-12-03T00:00:00Z 127.0.0.1 GET /FORGED");
	assert_string_equal(esc("a\rb\x1b[31mc\x7f", 200, false), "a\\x0db\\x1b[31mc\\x7f");
	assert_string_equal(esc("back\\slash", 200, false), "back\\x5cslash");
	/* Bytes above ASCII are escaped too (a terminal may interpret them). */
	assert_string_equal(esc("Th\xc3\xb4n", 200, false), "Th\\xc3\\xb4n");
	/* In a field, a space would shift the columns. */
	assert_string_equal(esc("GET /a b", 200, true), "GET\\x20/a\\x20b");
	assert_string_equal(esc("GET /a b", 200, false), "GET /a b");
	assert_string_equal(esc("", 200, true), "-");
	assert_string_equal(esc(NULL, 200, false), "-");
}

static void test_numbers_masked(void **state)
{
	(void)state;
	assert_string_equal(esc("/api/v1/people/066078001234", 200, true),
	                    "/api/v1/people/############");
	assert_string_equal(esc("call 0912345678 now", 200, false), "call ########## now");
	/* Shorter runs stay: codes, sizes, times. */
	assert_string_equal(esc("22015-260428-0001 12345678", 200, false),
	                    "22015-260428-0001 12345678");
	/* A run cut by the length limit is judged by its whole length. */
	assert_string_equal(esc("id=066078001234", 8, false), "id=#####...");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_control_characters),
	    cmocka_unit_test(test_numbers_masked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
