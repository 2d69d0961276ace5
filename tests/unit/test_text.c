/* Tests for src/core/text.c: folding for search, UTF-8 checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/text.h"

static void fold_is(const char *in, const char *want)
{
	char *got = text_fold_dup(in);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_fold_vietnamese(void **state)
{
	(void)state;
	fold_is("Đắk Lắk", "dak lak");
	fold_is("ĐẮK LẮK", "dak lak");
	fold_is("Tỉnh Đắk Lắk", "tinh dak lak");
	fold_is("Đăng ký khai sinh", "dang ky khai sinh");
	fold_is("Phường Thủ Dầu Một", "phuong thu dau mot");
	fold_is("  Xã   Ea  Kar ", "xa ea kar");
	fold_is("Hòa Hoà", "hoa hoa"); /* both tone-mark placements */
	fold_is("", "");
}

static void unaccent_is(const char *in, const char *want)
{
	struct buf b;
	buf_init(&b);
	assert_int_equal(text_unaccent(in, &b), 0);
	assert_string_equal(b.data, want);
	buf_free(&b);
}

static void test_unaccent_keeps_case(void **state)
{
	(void)state;
	unaccent_is("Lệ phí Đắk Lắk", "Le phi Dak Lak");
	unaccent_is("ĐĂNG KÝ đăng ký", "DANG KY dang ky");
	unaccent_is(" Hòa  Hoà\t", "Hoa Hoa");
	unaccent_is("Phí 10€", "Phi 10€"); /* no form without marks: kept */
	unaccent_is("", "");
	struct buf b;
	buf_init(&b);
	assert_int_equal(text_unaccent("abc\xff", &b), -1);
	buf_free(&b);
}

static void test_bad_utf8(void **state)
{
	(void)state;
	assert_null(text_fold_dup("abc\xff"));
	size_t at = 0;
	assert_false(text_valid_utf8("ab\xc3", 3, &at));
	assert_int_equal(at, 2);
	assert_true(text_valid_utf8("Đắk", 5, NULL));
	assert_false(text_valid_utf8("\xed\xa0\x80", 3, &at)); /* surrogate */
}

/* Found by fuzz/fuzz_text.c: "ᾯ" decomposes to Ω and three marks, one of
 * which (U+0345) case-folds to ι; folded in one pass it gave "ωι", while
 * its unaccented form "Ω" folds to "ω". Marks go first now. */
static void test_fold_drops_marks_before_folding(void **state)
{
	(void)state;
	fold_is("\u1FAF", "ω");
	fold_is("\u1FB3 \u03B1\u0345", "α α");
	unaccent_is("\u1FAF", "Ω");
	const char *cases[] = {"\u1FAF Lắk", "İstanbul", "ǰ", "Straße ẞ", "ΣΑΣ", "ﬁ"};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf u;
		buf_init(&u);
		assert_int_equal(text_unaccent(cases[i], &u), 0);
		char *a = text_fold_dup(cases[i]), *b = text_fold_dup(u.data);
		assert_non_null(a);
		assert_non_null(b);
		assert_string_equal(a, b);
		free(a);
		free(b);
		buf_free(&u);
	}
}

static void test_length(void **state)
{
	(void)state;
	assert_int_equal(text_length("Đắk Lắk"), 7);
	assert_int_equal(text_length(""), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fold_vietnamese),
	    cmocka_unit_test(test_unaccent_keeps_case),
	    cmocka_unit_test(test_bad_utf8),
	    cmocka_unit_test(test_fold_drops_marks_before_folding),
	    cmocka_unit_test(test_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
