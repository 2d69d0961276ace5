/* Tests for src/core/payref.c: the transfer description written for a
 * dossier, and the dossier codes found again in what banks make of it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/payref.h"

static void test_purpose(void **state)
{
	(void)state;
	char dst[DOSSIER_CODE_MAX];
	struct xerr e = {0};
	assert_int_equal(payref_purpose("66001-260315-0001", dst, sizeof dst, &e), 0);
	assert_string_equal(dst, "66001 260315 0001");
	assert_int_equal(payref_purpose("66001-260315-0001x", dst, sizeof dst, &e), XERR_INVALID);
	assert_string_equal(e.field, "code");
	/* The longest code the shape allows does not fit 25 characters. */
	assert_int_equal(payref_purpose("123456789012-260315-000001", dst, sizeof dst, &e),
	                 XERR_INVALID);
	assert_non_null(strstr(e.msg, "26 characters"));
	assert_int_equal(payref_purpose("66001-260315-0001", dst, 17, &e), XERR_INVALID);
}

/* The codes found in desc, joined by spaces. */
static const char *found(const char *desc, int max)
{
	static char out[256];
	char codes[PAYREF_MAX_CODES][DOSSIER_CODE_MAX];
	int n = payref_find(desc, codes, max);
	out[0] = '\0';
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? " " : "",
		         codes[i]);
	return out;
}

static void test_find(void **state)
{
	(void)state;
	static const struct {
		const char *desc, *want;
	} cases[] = {
	    /* What xaso writes, and the code as printed on the receipt. */
	    {"66001 260315 0001", "66001-260315-0001"},
	    {"66001-260315-0001 NOP PHI", "66001-260315-0001"},
	    /* Banks' additions around it (a Vietcombank mobile transfer). */
	    {"MBVCB.3272981234.66001.260315.0001.CT tu 0071000123456 NGUYEN VAN A toi "
	     "0011001932418",
	     "66001-260315-0001"},
	    {"HS66001 260315 0001", "66001-260315-0001"},
	    {"Nộp phí hồ sơ 66001_260315_0001.", "66001-260315-0001"},
	    {"66001 - 260315 - 0001", "66001-260315-0001"},
	    {"66001/260315/0001", "66001-260315-0001"},
	    /* Dashes dropped, one or both. */
	    {"660012603150001", "66001-260315-0001"},
	    {"66001-2603150001", "66001-260315-0001"},
	    {"66001260315-0001", "66001-260315-0001"},
	    /* Longer sequences and units. */
	    {"24121 261231 123456", "24121-261231-123456"},
	    {"66 260101 0007", "66-260101-0007"},
	    /* Two codes, in order; the same code twice counts once. */
	    {"66001-260315-0001 66001-260315-0002", "66001-260315-0001 66001-260315-0002"},
	    {"66001-260315-0001 / 66001 260315 0001", "66001-260315-0001"},
	    /* Separated codes come before run-together digits. */
	    {"660012603150002 66001 260315 0001", "66001-260315-0001 66001-260315-0002"},
	    /* Digits that split two ways: both are returned. */
	    {"12121212121212", "12-121212-121212 1212-121212-1212"},
	    /* Not codes. */
	    {"66001 261315 0001", ""},    /* month 13 */
	    {"66001 260230 0001", ""},    /* 30 February */
	    {"66001 260315 001", ""},     /* sequence of 3 digits */
	    {"66001x260315x0001", ""},    /* letters do not separate */
	    {"66001    260315 0001", ""}, /* four separators */
	    {"CT tu 0071000123456 toi 0011001932418", ""},
	    {"Chuyen tien", ""},
	    {"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (strcmp(found(cases[i].desc, PAYREF_MAX_CODES), cases[i].want))
			fail_msg("\"%s\": got \"%s\", want \"%s\"", cases[i].desc,
			         found(cases[i].desc, PAYREF_MAX_CODES), cases[i].want);
	assert_string_equal(found("66001-260315-0001 66001-260315-0002", 1), "66001-260315-0001");
}

static void test_round_trip(void **state)
{
	(void)state;
	/* Every code xaso writes is found again in what it writes. */
	const char *codes[] = {"66001-260315-0001", "24121-251231-9999", "01-000229-0001",
	                       "123456789-991231-12345"};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		char purpose[DOSSIER_CODE_MAX];
		struct xerr e = {0};
		assert_int_equal(payref_purpose(codes[i], purpose, sizeof purpose, &e), 0);
		assert_string_equal(found(purpose, PAYREF_MAX_CODES), codes[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_purpose),
	    cmocka_unit_test(test_find),
	    cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
