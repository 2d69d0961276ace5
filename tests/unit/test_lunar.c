/* Tests for src/core/lunar.c against published Vietnamese calendar tables
 * (tests/data/, sources in tests/data/README.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/lunar.h"

/* Opens tests/data/NAME under $XASO_SRC and skips the header row. */
static FILE *open_data(const char *name)
{
	const char *src = getenv("XASO_SRC");
	char path[1024];
	snprintf(path, sizeof path, "%s/tests/data/%s", src ? src : ".", name);
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s (set XASO_SRC)", path);
	char line[256];
	assert_non_null(fgets(line, sizeof line, f));
	return f;
}

static int32_t jdn_of(int y, int m, int d)
{
	return lunar_jdn(y, m, d);
}

static void test_tet_every_year(void **state)
{
	(void)state;
	FILE *f = open_data("tet-1900-2199.csv");
	char line[256];
	int n = 0;
	while (fgets(line, sizeof line, f)) {
		int y, ty, tm, td;
		assert_int_equal(sscanf(line, "%d,%d-%d-%d", &y, &ty, &tm, &td), 4);
		struct xerr e = {0};
		int32_t j;
		assert_int_equal(lunar_tet(y, &j, &e), 0);
		if (j != jdn_of(ty, tm, td)) {
			int a, b, c;
			lunar_civil(j, &a, &b, &c);
			fail_msg("Tết %d: published %04d-%02d-%02d, computed %04d-%02d-%02d", y, ty,
			         tm, td, a, b, c);
		}
		n++;
	}
	fclose(f);
	assert_int_equal(n, 300);
}

static void test_leap_month_every_year(void **state)
{
	(void)state;
	FILE *f = open_data("leap-months-1900-2199.csv");
	char line[256];
	int n = 0, leap_years = 0;
	while (fgets(line, sizeof line, f)) {
		int y, lm, mine;
		assert_int_equal(sscanf(line, "%d,%d", &y, &lm), 2);
		struct xerr e = {0};
		assert_int_equal(lunar_leap_month(y, &mine, &e), 0);
		if (mine != lm)
			fail_msg("leap month of %d: published %d, computed %d", y, lm, mine);
		leap_years += lm != 0;
		n++;
	}
	fclose(f);
	assert_int_equal(n, 300);
	assert_int_equal(leap_years, 111);
}

/* Every month of 300 years, not only Tết. */
static void test_every_month_start(void **state)
{
	(void)state;
	FILE *f = open_data("lunar-months-1900-2199.csv");
	char line[256];
	int n = 0;
	while (fgets(line, sizeof line, f)) {
		int y, m, l, gy, gm, gd;
		assert_int_equal(sscanf(line, "%d,%d,%d,%d-%d-%d", &y, &m, &l, &gy, &gm, &gd), 6);
		if (gy > LUNAR_LAST_YEAR)
			continue; /* month 12 of 2199 starts in 2200 */
		struct lunar_date ld = {y, m, 1, l != 0};
		struct xerr e = {0};
		int32_t j;
		if (lunar_to_jdn(&ld, &j, &e) != 0)
			fail_msg("%d-%d%s: %s", y, m, l ? " leap" : "", e.msg);
		if (j != jdn_of(gy, gm, gd))
			fail_msg("%d-%d%s: published %04d-%02d-%02d", y, m, l ? " leap" : "", gy,
			         gm, gd);
		n++;
	}
	fclose(f);
	assert_int_equal(n, 3710);
}

static void check_leap(int year, int month)
{
	struct xerr e = {0};
	int m = -1;
	assert_int_equal(lunar_leap_month(year, &m, &e), 0);
	assert_int_equal(m, month);
}

static void check_lunar(int y, int m, int d, int ly, int lm, int ld, bool leap)
{
	struct lunar_date out;
	struct xerr e = {0};
	assert_int_equal(lunar_from_solar(y, m, d, &out, &e), 0);
	assert_int_equal(out.year, ly);
	assert_int_equal(out.month, lm);
	assert_int_equal(out.day, ld);
	assert_int_equal(out.leap, leap);
	struct lunar_date back = {ly, lm, ld, leap};
	int32_t j;
	assert_int_equal(lunar_to_jdn(&back, &j, &e), 0);
	assert_int_equal(j, jdn_of(y, m, d));
}

static void test_known_leap_months(void **state)
{
	(void)state;
	check_leap(2020, 4);
	check_leap(2023, 2);
	check_leap(2025, 6);
	check_leap(2026, 0);
	check_leap(2028, 5);
	check_leap(1900, 8);
	/* Vietnam (UTC+7) has no leap month in 1984 and a leap 2nd month in
	 * 1985; China (UTC+8) had a leap 10th month in 1984, so its Tết 1985
	 * came a month later, on 20 February. */
	check_leap(1984, 0);
	check_leap(1985, 2);
	check_lunar(2020, 5, 23, 2020, 4, 1, true);
	check_lunar(2023, 3, 22, 2023, 2, 1, true);
	check_lunar(2023, 3, 21, 2023, 2, 30, false);
	check_lunar(2025, 7, 25, 2025, 6, 1, true);
	check_lunar(2025, 6, 25, 2025, 6, 1, false);
}

static void test_vietnam_differs_from_china(void **state)
{
	(void)state;
	/* Tết 1985 in Vietnam: 21 January; 20 February (China's New Year) is
	 * the 1st of the 2nd month in Vietnam. */
	check_lunar(1985, 1, 21, 1985, 1, 1, false);
	check_lunar(1985, 2, 20, 1985, 2, 1, false);
	check_lunar(1985, 3, 21, 1985, 2, 1, true);
	check_lunar(1985, 1, 20, 1984, 12, 30, false);
	/* 2007: Vietnam 17 February, China 18 February. */
	check_lunar(2007, 2, 17, 2007, 1, 1, false);
	/* 1968, the first year computed for UTC+7: Tết Mậu Thân 29 January. */
	check_lunar(1968, 1, 29, 1968, 1, 1, false);
}

static void test_known_dates(void **state)
{
	(void)state;
	check_lunar(2026, 2, 17, 2026, 1, 1, false);
	check_lunar(2026, 2, 16, 2025, 12, 29, false);
	check_lunar(2026, 4, 26, 2026, 3, 10, false); /* Giỗ Tổ Hùng Vương 2026 */
	check_lunar(2025, 4, 7, 2025, 3, 10, false);
	check_lunar(1900, 1, 1, 1899, 12, 1, false);
	check_lunar(1900, 1, 31, 1900, 1, 1, false);
	check_lunar(2199, 12, 31, 2199, 11, 14, false);
	assert_int_equal(lunar_weekday(jdn_of(2026, 2, 17)), 1); /* Tuesday */
	assert_int_equal(lunar_weekday(jdn_of(2026, 2, 14)), 5); /* Saturday */
	int y, m, d;
	lunar_civil(jdn_of(2000, 2, 29), &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20000229);
}

/* Every day of 1900-2199 goes to its lunar date and back; consecutive days
 * advance the lunar day by one or start a month at 1. */
static void test_round_trip_every_day(void **state)
{
	(void)state;
	int32_t first = jdn_of(1900, 1, 1), last = jdn_of(2199, 12, 31);
	struct lunar_cycle c;
	struct xerr e = {0};
	int cy = 1900;
	assert_int_equal(lunar_cycle_compute(cy, &c, &e), 0);
	struct lunar_date prev = {0, 0, 0, false};
	long days = 0;
	for (int32_t j = first; j <= last; j++) {
		if (j >= c.start[c.nmonths]) {
			assert_int_equal(c.start[c.nmonths], j);
			assert_int_equal(lunar_cycle_compute(++cy, &c, &e), 0);
			assert_int_equal(c.start[0], j);
		}
		struct lunar_date ld;
		assert_int_equal(lunar_from_jdn_in(&c, j, &ld, &e), 0);
		int32_t back;
		if (lunar_to_jdn(&ld, &back, &e) != 0 || back != j)
			fail_msg("day %d: %d-%d-%d leap=%d does not come back (%s)", (int)j,
			         ld.year, ld.month, ld.day, ld.leap, e.msg);
		if (j > first && !(ld.day == prev.day + 1 && ld.month == prev.month) && ld.day != 1)
			fail_msg("day %d: lunar day %d after %d", (int)j, ld.day, prev.day);
		if (ld.day == 1 && j > first)
			assert_true(prev.day == 29 || prev.day == 30);
		prev = ld;
		days++;
	}
	assert_int_equal(days, 109573);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct lunar_date ld;
	struct xerr e = {0};
	int32_t j;
	assert_int_equal(lunar_from_solar(2026, 2, 30, &ld, &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "2026-02-30"));
	assert_int_equal(lunar_from_solar(2026, 13, 1, &ld, &e), XERR_INVALID);
	assert_int_equal(lunar_from_solar(1899, 12, 31, &ld, &e), XERR_INVALID);
	assert_int_equal(lunar_from_solar(2200, 1, 1, &ld, &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "1900-2199"));
	struct lunar_date m13 = {2026, 13, 1, false};
	assert_int_equal(lunar_to_jdn(&m13, &j, &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "month 13"));
	struct lunar_date no_leap = {2026, 5, 1, true};
	assert_int_equal(lunar_to_jdn(&no_leap, &j, &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "no leap month"));
	/* Month 12 of lunar 2025 runs 2026-01-19..2026-02-16: 29 days. */
	struct lunar_date d29 = {2025, 12, 29, false}, d30 = {2025, 12, 30, false};
	assert_int_equal(lunar_to_jdn(&d29, &j, &e), 0);
	assert_int_equal(j, jdn_of(2026, 2, 16));
	assert_int_equal(lunar_to_jdn(&d30, &j, &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "has 29 days"));
	struct lunar_date y2200 = {2200, 1, 1, false};
	assert_int_equal(lunar_to_jdn(&y2200, &j, &e), XERR_INVALID);
	struct lunar_date y1899 = {1899, 6, 1, false};
	assert_int_equal(lunar_to_jdn(&y1899, &j, &e), XERR_INVALID);
	assert_int_equal(lunar_tet(2200, &j, &e), XERR_INVALID);
	assert_int_equal(lunar_check_civil(2024, 2, 29, "d", &j, &e), 0);
	assert_int_equal(lunar_check_civil(2100, 2, 29, "d", &j, &e), XERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tet_every_year),
	    cmocka_unit_test(test_leap_month_every_year),
	    cmocka_unit_test(test_every_month_start),
	    cmocka_unit_test(test_known_leap_months),
	    cmocka_unit_test(test_vietnam_differs_from_china),
	    cmocka_unit_test(test_known_dates),
	    cmocka_unit_test(test_round_trip_every_day),
	    cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
