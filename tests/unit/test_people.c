/* Tests for src/core/people.c: the demo population. Villages named as a
 * commune or a ward names them; households of one to seven people with
 * identity numbers that are valid (Decree 137/2015 art. 13), agree with
 * each person's birth year and gender, and never repeat; the same seed
 * gives the same people; ID numbers agree with birth dates and genders for
 * any year the generator accepts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/people.h"
#include "core/pii.h"
#include "core/text.h"

static void test_villages(void **state)
{
	(void)state;
	struct rng r;
	rng_seed(&r, 1);
	struct unit xa = {.code = "24121", .type = "Xã", .level = UNIT_COMMUNE};
	struct unit phuong = {.code = "00004", .type = "Phường", .level = UNIT_COMMUNE};
	struct unit v[40];
	int n = people_demo_villages(&r, &xa, v, 40);
	assert_true(n >= 6 && n <= 40);
	for (int i = 0; i < n; i++) {
		assert_int_equal(v[i].level, UNIT_VILLAGE);
		assert_string_equal(v[i].parent, "24121");
		assert_int_equal(strncmp(v[i].code, "24121", 5), 0);
		assert_int_equal(strlen(v[i].code), 8);
		assert_true(!strcmp(v[i].type, "Thôn") || !strcmp(v[i].type, "Buôn"));
		for (int k = 0; k < i; k++) /* names differ within a commune */
			assert_string_not_equal(v[k].name, v[i].name);
	}
	n = people_demo_villages(&r, &phuong, v, 40);
	for (int i = 0; i < n; i++)
		assert_string_equal(v[i].type, "Tổ dân phố");
	/* At most max. */
	assert_int_equal(people_demo_villages(&r, &xa, v, 3), 3);
}

static int cmp_pid(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_households(void **state)
{
	(void)state;
	struct rng r;
	rng_seed(&r, 5);
	struct pid_seq *ids = calloc(1, sizeof *ids);
	snprintf(ids->province, sizeof ids->province, "066");
	enum { HH = 2000 };
	struct resident *all = calloc(HH * 8, sizeof *all);
	size_t total = 0;
	for (int h = 0; h < HH; h++) {
		struct household hh;
		struct resident rs[8];
		size_t n = people_demo_household(&r, ids, "24121001", h + 1, 2026, h, &hh, rs, 8);
		assert_true(n >= 1 && n <= 7);
		assert_string_equal(hh.village, "24121001");
		assert_int_equal(strncmp(hh.code, "24121001", 8), 0);
		for (size_t i = 0; i < n; i++) {
			struct xerr e = {0};
			if (pid_check(rs[i].pid, rs[i].birth_date, rs[i].gender, "pid", &e) != 0)
				fail_msg("%s (%s %c): %s", rs[i].pid, rs[i].birth_date,
				         rs[i].gender, e.msg);
			assert_int_equal(strncmp(rs[i].pid, "066", 3), 0);
			assert_int_equal(rs[i].household, h);
			assert_true(rs[i].eid_level >= 0 && rs[i].eid_level <= 2);
			assert_true(
			    text_valid_utf8(rs[i].full_name, strlen(rs[i].full_name), NULL));
			all[total++] = rs[i];
		}
	}
	/* No identity number twice. */
	char(*pids)[13] = calloc(total, 13);
	for (size_t i = 0; i < total; i++)
		memcpy(pids[i], all[i].pid, 13);
	qsort(pids, total, 13, cmp_pid);
	for (size_t i = 1; i < total; i++)
		assert_string_not_equal(pids[i - 1], pids[i]);
	free(pids);
	free(all);
	free(ids);
}

static void test_same_seed_same_people(void **state)
{
	(void)state;
	struct resident a[8], b[8];
	struct household ha, hb;
	struct rng r1, r2;
	struct pid_seq *i1 = calloc(1, sizeof *i1), *i2 = calloc(1, sizeof *i2);
	rng_seed(&r1, 9);
	rng_seed(&r2, 9);
	size_t n1 = people_demo_household(&r1, i1, "22015001", 1, 2026, 0, &ha, a, 8);
	size_t n2 = people_demo_household(&r2, i2, "22015001", 1, 2026, 0, &hb, b, 8);
	assert_int_equal(n1, n2);
	for (size_t i = 0; i < n1; i++) {
		assert_string_equal(a[i].pid, b[i].pid);
		assert_string_equal(a[i].full_name, b[i].full_name);
		assert_string_equal(a[i].birth_date, b[i].birth_date);
	}
	free(i1);
	free(i2);
}

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
	    cmocka_unit_test(test_villages),
	    cmocka_unit_test(test_households),
	    cmocka_unit_test(test_same_seed_same_people),
	    cmocka_unit_test(test_ids_agree_with_birth_dates),
	    cmocka_unit_test(test_early_years),
	    cmocka_unit_test(test_years_out_of_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
