/* Tests for src/core/text.c: folding for search, UTF-8 checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <utf8proc.h>

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

/* utf8proc's judgement of one sequence: valid when it decodes to one code
 * point that takes exactly n bytes. */
static bool utf8proc_says(const unsigned char *u, size_t n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate(u, (utf8proc_ssize_t)n, &cp);
	return k == (utf8proc_ssize_t)n && cp >= 0;
}

/* The validator (written for the speed of imports) agrees with utf8proc on
 * every 1-, 2- and 3-byte sequence and on 4-byte ones whose first two bytes
 * run through all values; the bad offset is where the sequence starts,
 * after two ASCII bytes (and after eight, past the fast path). */
static void test_utf8_agrees_with_utf8proc(void **state)
{
	(void)state;
	static const unsigned char tails[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
	                                      0xA0, 0xBF, 0xC0, 0xE0, 0xF4, 0xFF};
	unsigned char u[16];
	size_t at;
	for (unsigned a = 0; a < 256; a++)
		for (unsigned b = 0; b < 256; b++) {
			u[0] = (unsigned char)a, u[1] = (unsigned char)b;
			size_t n1 = a ? 1 : 0; /* NUL is a CSV matter, not UTF-8's */
			if (n1 && b == 0)
				assert_int_equal(text_valid_utf8((char *)u, 1, NULL),
				                 utf8proc_says(u, 1));
			bool want2 =
			    utf8proc_says(u, 2) || (utf8proc_says(u, 1) && utf8proc_says(u + 1, 1));
			assert_int_equal(text_valid_utf8((char *)u, 2, NULL), want2);
			for (unsigned c = 0; c < 256; c++) {
				u[2] = (unsigned char)c;
				if (a >= 0xE0 && a <= 0xEF) {
					bool want3 = utf8proc_says(u, 3);
					assert_int_equal(text_valid_utf8((char *)u, 3, NULL),
					                 want3);
				}
				if (a >= 0xF0)
					for (size_t t = 0; t < sizeof tails; t++) {
						u[3] = tails[t];
						assert_int_equal(
						    text_valid_utf8((char *)u, 4, NULL),
						    utf8proc_says(u, 4));
					}
			}
		}
	memcpy(u, "ab\xe0\x80\x80", 5);
	assert_false(text_valid_utf8((char *)u, 5, &at)); /* overlong */
	assert_int_equal(at, 2);
	memcpy(u, "abcdefghij\xf4\x90\x80\x80", 14);
	assert_false(text_valid_utf8((char *)u, 14, &at)); /* above U+10FFFF */
	assert_int_equal(at, 10);
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
	    cmocka_unit_test(test_utf8_agrees_with_utf8proc),
	    cmocka_unit_test(test_fold_drops_marks_before_folding),
	    cmocka_unit_test(test_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
