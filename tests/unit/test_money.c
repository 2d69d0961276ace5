/* Tests for src/core/money.c: amounts in Vietnamese words and figures.
 *
 * The expected words are written by hand from the rules of reading numbers
 * (docs/payments.md, "Amounts in words"; sources: the rules for 1, 4 and 5
 * as taught for invoices, meo.tips "the art of numerals"; the "lăm" and
 * "mốt" rules and linh/lẻ, vietnamese.nil.seattle.wa.us/numbers; "tư" after
 * "mươi", en.wikipedia.org/wiki/Vietnamese_numerals). Each case names the
 * rule it checks. A second test reads every amount up to 999.999, and a
 * spread of larger ones, back from its words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/money.h"

static const char *words(int64_t v, unsigned style)
{
	static char out[512];
	struct buf b;
	struct xerr e = {0};
	buf_init(&b);
	if (money_words(v, style, &b, &e) != 0)
		snprintf(out, sizeof out, "error %s: %s", e.field, e.msg);
	else
		snprintf(out, sizeof out, "%s", b.data);
	buf_free(&b);
	return out;
}

static void test_words_rules(void **state)
{
	(void)state;
	static const struct {
		int64_t v;
		const char *want, *rule;
	} cases[] = {
	    {0, "Không đồng", "zero"},
	    {1, "Một đồng", "a units digit alone"},
	    {5, "Năm đồng", "5 alone is năm"},
	    {10, "Mười đồng", "ten is mười"},
	    {11, "Mười một đồng", "1 after mười stays một"},
	    {14, "Mười bốn đồng", "4 after mười stays bốn"},
	    {15, "Mười lăm đồng", "5 after mười is lăm"},
	    {20, "Hai mươi đồng", "tens from 20 are mươi"},
	    {21, "Hai mươi mốt đồng", "1 after mươi is mốt"},
	    {24, "Hai mươi tư đồng", "4 after mươi is tư"},
	    {25, "Hai mươi lăm đồng", "5 after mươi is lăm"},
	    {55, "Năm mươi lăm đồng", "năm as tens digit, lăm as units"},
	    {101, "Một trăm linh một đồng", "zero tens: linh, then một"},
	    {104, "Một trăm linh bốn đồng", "4 after linh stays bốn"},
	    {105, "Một trăm linh năm đồng", "5 after linh stays năm"},
	    {110, "Một trăm mười đồng", "110"},
	    {114, "Một trăm mười bốn đồng", "114"},
	    {141, "Một trăm bốn mươi mốt đồng", "141"},
	    {1001, "Một nghìn không trăm linh một đồng", "a later group is read in full"},
	    {1005, "Một nghìn không trăm linh năm đồng", "1005"},
	    {1010, "Một nghìn không trăm mười đồng", "1010"},
	    {10000, "Mười nghìn đồng", "10000"},
	    {15000, "Mười lăm nghìn đồng", "lăm before a scale word"},
	    {21000, "Hai mươi mốt nghìn đồng", "mốt before a scale word"},
	    {120000, "Một trăm hai mươi nghìn đồng", "the issue's example"},
	    {205000, "Hai trăm linh năm nghìn đồng", "linh in the leading group"},
	    {1000000, "Một triệu đồng", "groups of zeros are not read"},
	    {1000001, "Một triệu không trăm linh một đồng", "1000001"},
	    {1000000000, "Một tỷ đồng", "tỷ"},
	    {1000000005, "Một tỷ không trăm linh năm đồng", "two zero groups in the middle"},
	    {1000050000, "Một tỷ không trăm năm mươi nghìn đồng", "1000050000"},
	    {1001001001,
	     "Một tỷ không trăm linh một triệu không trăm linh một nghìn không trăm linh một đồng",
	     "every group after the first in full"},
	    {999999999999,
	     "Chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi "
	     "chín nghìn chín trăm chín mươi chín đồng",
	     "the largest"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (strcmp(words(cases[i].v, 0), cases[i].want))
			fail_msg("%lld (%s): got \"%s\", want \"%s\"", (long long)cases[i].v,
			         cases[i].rule, words(cases[i].v, 0), cases[i].want);
}

static void test_words_styles_and_limits(void **state)
{
	(void)state;
	assert_string_equal(words(105, MONEY_LE), "Một trăm lẻ năm đồng");
	assert_string_equal(words(2000000000, MONEY_TI), "Hai tỉ đồng");
	assert_string_equal(words(3000001004, MONEY_LE | MONEY_TI),
	                    "Ba tỉ không trăm lẻ một nghìn không trăm lẻ bốn đồng");
	assert_string_equal(words(-1, 0),
	                    "error amount: an amount in words is 0 to 999.999.999.999 đồng");
	assert_string_equal(words(1000000000000, 0),
	                    "error amount: an amount in words is 0 to 999.999.999.999 đồng");
}

/* Reads words back into a number, independently of money.c. */
static int64_t read_back(const char *s)
{
	static const char *const digit[][2] = {
	    {"không", NULL}, {"một", "mốt"}, {"hai", NULL}, {"ba", NULL},  {"bốn", "tư"},
	    {"năm", "lăm"},  {"sáu", NULL},  {"bảy", NULL}, {"tám", NULL}, {"chín", NULL}};
	int64_t total = 0, group = 0, cur = 0;
	char w[32];
	const char *p = s;
	/* The first word is capitalised: compare from its second byte on. */
	while (*p) {
		size_t n = strcspn(p, " ");
		snprintf(w, sizeof w, "%.*s", (int)n, p);
		if (p == s)
			w[0] = (char)(w[0] - 'A' + 'a');
		int d = -1;
		for (int i = 0; i < 10; i++)
			if (!strcmp(w, digit[i][0]) || (digit[i][1] && !strcmp(w, digit[i][1])))
				d = i;
		if (d >= 0)
			cur += d;
		else if (!strcmp(w, "mười"))
			cur += 10;
		else if (!strcmp(w, "mươi"))
			cur *= 10;
		else if (!strcmp(w, "trăm"))
			group += cur * 100, cur = 0;
		else if (!strcmp(w, "nghìn"))
			total += (group + cur) * 1000, group = cur = 0;
		else if (!strcmp(w, "triệu"))
			total += (group + cur) * 1000000, group = cur = 0;
		else if (!strcmp(w, "tỷ"))
			total += (group + cur) * 1000000000, group = cur = 0;
		else if (strcmp(w, "linh") && strcmp(w, "đồng"))
			return -1;
		p += n + (p[n] == ' ');
	}
	return total + group + cur;
}

/* Words that the rules never put side by side. */
static void check_rules(int64_t v, const char *s)
{
	static const char *const never[] = {"mươi một", "mươi bốn",   "mươi năm", "mười năm",
	                                    "mười mốt", "mười tư",    "linh mốt", "linh tư",
	                                    "linh lăm", "không mươi", "một mươi", "  "};
	for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
		if (strstr(s, never[i]))
			fail_msg("%lld: \"%s\" has \"%s\"", (long long)v, s, never[i]);
	if (read_back(s) != v)
		fail_msg("%lld: \"%s\" reads back as %lld", (long long)v, s,
		         (long long)read_back(s));
}

static void test_words_read_back(void **state)
{
	(void)state;
	for (int64_t v = 0; v <= 999999; v++)
		check_rules(v, words(v, 0));
	/* Larger amounts: a deterministic spread, and each group's extremes. */
	uint64_t x = 88172645463325252u;
	for (int i = 0; i < 200000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		int64_t v = (int64_t)(x % (uint64_t)(MONEY_WORDS_MAX + 1));
		check_rules(v, words(v, 0));
	}
	for (int64_t a = 0; a < 1000; a += 111)
		for (int64_t b = 0; b < 1000; b += 99) {
			int64_t v = a * 1000000000 + b * 1000000 + (999 - b) * 1000 + a;
			check_rules(v, words(v, 0));
		}
}

static const char *figures(int64_t v)
{
	static char out[64];
	struct buf b;
	buf_init(&b);
	money_figures(v, &b);
	snprintf(out, sizeof out, "%s", b.data);
	buf_free(&b);
	return out;
}

static void test_figures(void **state)
{
	(void)state;
	assert_string_equal(figures(0), "0");
	assert_string_equal(figures(999), "999");
	assert_string_equal(figures(1000), "1.000");
	assert_string_equal(figures(120000), "120.000");
	assert_string_equal(figures(1000000), "1.000.000");
	assert_string_equal(figures(999999999999), "999.999.999.999");
	assert_string_equal(figures(-50000), "-50.000");
	assert_string_equal(figures(INT64_MIN), "-9.223.372.036.854.775.808");
}

static void test_parse(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int64_t v;
	} good[] = {
	    {"120000", 120000},
	    {"120.000", 120000},
	    {"120,000", 120000},
	    {"120 000", 120000},
	    {"1.200.000", 1200000},
	    {"1,200,000", 1200000},
	    {"120.000,00", 120000},
	    {"120,000.00", 120000},
	    {"120000.00", 120000},
	    {"120000,0", 120000},
	    {"+120.000", 120000},
	    {"-50.000", -50000},
	    {"(50.000)", -50000},
	    {" 120.000 VND ", 120000},
	    {"VND 120000", 120000},
	    {"120.000đ", 120000},
	    {"120.000 ₫", 120000},
	    {"120.000 VNĐ", 120000},
	    {"-120.000 đồng", -120000},
	    {"1\xC2\xA0"
	     "000",
	     1000},
	    {"0", 0},
	    {"999.999.999.999.999", 999999999999999},
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		int64_t v = -1;
		struct xerr e = {0};
		if (money_parse(good[i].s, "amount", &v, &e) != 0 || v != good[i].v)
			fail_msg("\"%s\": got %lld (%s), want %lld", good[i].s, (long long)v, e.msg,
			         (long long)good[i].v);
	}
	static const char *const bad[] = {
	    "",           "abc",
	    "12a",        "1.5",
	    "120.000,50", "1.20.000",
	    "1234.000",   "12,000.000,0",
	    "1.000 000",  ".5",
	    "5.",         "--5",
	    "120000.001", "1.000.000.000.000.000",
	    "1,2,3",      "(5",
	    "VND",        "1 2",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t v = 0;
		struct xerr e = {0};
		if (money_parse(bad[i], "credit", &v, &e) != XERR_INVALID ||
		    strcmp(e.field, "credit"))
			fail_msg("\"%s\" was read as %lld", bad[i], (long long)v);
	}
	struct xerr e = {0};
	int64_t v;
	assert_int_equal(money_parse("120.000,50", "amount", &v, &e), XERR_INVALID);
	assert_string_equal(e.msg,
	                    "\"120.000,50\" has a fraction of a đồng, which has no smaller unit");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_words_rules),     cmocka_unit_test(test_words_styles_and_limits),
	    cmocka_unit_test(test_words_read_back), cmocka_unit_test(test_figures),
	    cmocka_unit_test(test_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
