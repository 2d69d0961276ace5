/* Tests for src/core/arena.c: allocations are zeroed, aligned to 16 bytes,
 * survive until arena_free, and larger ones than a block work too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"

static void test_alloc(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	char *p[100];
	for (int i = 0; i < 100; i++) {
		p[i] = arena_alloc(&a, (size_t)i * 37 + 1);
		assert_int_equal((uintptr_t)p[i] % 16, 0);
		for (int k = 0; k < i * 37 + 1; k++)
			assert_int_equal(p[i][k], 0);
		memset(p[i], i, (size_t)i * 37 + 1);
	}
	/* Nothing written later overwrote anything earlier. */
	for (int i = 0; i < 100; i++)
		for (int k = 0; k < i * 37 + 1; k++)
			assert_int_equal(p[i][k], (char)i);
	/* Larger than a block. */
	char *big = arena_alloc(&a, 1 << 20);
	assert_int_equal(big[(1 << 20) - 1], 0);
	memset(big, 1, 1 << 20);
	assert_int_equal(p[99][0], 99);
	arena_free(&a);
	assert_null(a.head);
	/* An arena can be used again after it is freed. */
	assert_non_null(arena_alloc(&a, 8));
	arena_free(&a);
}

static void test_strings(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	const char *s = "Đắk Lắk";
	char *d = arena_strdup(&a, s);
	assert_string_equal(d, s);
	assert_ptr_not_equal(d, s);
	assert_string_equal(arena_strndup(&a, "22015-260428", 5), "22015");
	assert_string_equal(arena_printf(&a, "%s-%06d-%04ld", "22015", 260428, 7L),
	                    "22015-260428-0007");
	char long_text[5000];
	memset(long_text, 'x', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = 0;
	assert_int_equal(strlen(arena_printf(&a, "%s%s", long_text, long_text)), 9998);
	assert_string_equal(arena_printf(&a, "%s", ""), "");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_alloc),
	    cmocka_unit_test(test_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
