/* Tests for src/core/people.c: the demo population's ID numbers agree with
 * its birth dates and genders for any year the generator accepts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/people.h"
#include "core/pii.h"

/* Generates households as of year from seeds 1..seeds; checks every
 * resident's ID number against its birth date and gender. Returns the
 * earliest birth year seen. */
static int households_are_valid(int year, int seeds)
{
	static struct pid_seq ids;
	int earliest = 9999;
	memset(&ids, 0, sizeof ids);
	memcpy(ids.province, "066", 4);
	for (int seed = 1; seed <= seeds; seed++) {
		struct rng r;
		struct household hh;
		struct resident rs[16];
		rng_seed(&r, (uint64_t)seed);
		size_t n = people_demo_household(&r, &ids, "66001001", seed, year, 0, &hh, rs, 16);
		assert_true(n >= 1 && n <= 16);
		for (size_t i = 0; i < n; i++) {
			struct xerr e = {0};
			if (pid_check(rs[i].pid, rs[i].birth_date, rs[i].gender, "pid", &e) != 0)
				fail_msg("%d, seed %d: %s %s %c: %s", year, seed, rs[i].pid,
				         rs[i].birth_date, rs[i].gender, e.msg);
			int by = (rs[i].birth_date[0] - '0') * 1000 +
			         (rs[i].birth_date[1] - '0') * 100 +
			         (rs[i].birth_date[2] - '0') * 10 + (rs[i].birth_date[3] - '0');
			if (by < earliest)
				earliest = by;
		}
	}
	return earliest;
}

static void test_ids_agree_with_birth_dates(void **state)
{
	(void)state;
	assert_true(households_are_valid(2026, 500) >= 1900);
	assert_true(households_are_valid(2199, 200) >= 1900);
}

/* Found by fuzz/fuzz_pii.c: as of 1921 the generator made people born in
 * the 1870s and gave them the century digit of the 1970s (and before 1800
 * wrote outside struct pid_seq). Nobody is born before 1900 now. */
static void test_early_years(void **state)
{
	(void)state;
	assert_int_equal(households_are_valid(1921, 300), PEOPLE_YEAR_MIN);
	assert_int_equal(households_are_valid(PEOPLE_YEAR_MIN, 50), PEOPLE_YEAR_MIN);
}

static void test_years_out_of_range(void **state)
{
	(void)state;
	static struct pid_seq ids;
	struct rng r;
	struct household hh;
	struct resident rs[16];
	rng_seed(&r, 7);
	assert_int_equal(
	    people_demo_household(&r, &ids, "66001001", 1, PEOPLE_YEAR_MIN - 1, 0, &hh, rs, 16), 0);
	assert_int_equal(
	    people_demo_household(&r, &ids, "66001001", 1, PEOPLE_YEAR_MAX + 1, 0, &hh, rs, 16), 0);
	assert_int_equal(people_demo_household(&r, &ids, "66001001", 1, 1500, 0, &hh, rs, 16), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ids_agree_with_birth_dates),
	    cmocka_unit_test(test_early_years),
	    cmocka_unit_test(test_years_out_of_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
