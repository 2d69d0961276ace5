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

#include "core/lunar.h"
#include "core/people.h"
#include "core/pii.h"
#include "core/text.h"

/* 15 June 2026. */
#define TODAY lunar_jdn(2026, 6, 15)

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
		size_t n =
		    people_demo_household(&r, ids, "24121001", h + 1, TODAY, 0.9, &hh, rs, 8);
		assert_true(n >= 1 && n <= 7);
		assert_string_equal(hh.village, "24121001");
		assert_int_equal(strncmp(hh.code, "24121001", 8), 0);
		for (size_t i = 0; i < n; i++) {
			struct xerr e = {0};
			char sex = people_sex_letter(rs[i].sex);
			if (pid_check(rs[i].pid, rs[i].birth_date, sex, "pid", &e) != 0)
				fail_msg("%s (%s %c): %s", rs[i].pid, rs[i].birth_date, sex, e.msg);
			assert_true(rs[i].birth_day <= TODAY);
			assert_int_equal(strncmp(rs[i].pid, "066", 3), 0);
			assert_string_equal(rs[i].household, hh.code);
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
	size_t n1 = people_demo_household(&r1, i1, "22015001", 1, TODAY, 0.9, &ha, a, 8);
	size_t n2 = people_demo_household(&r2, i2, "22015001", 1, TODAY, 0.9, &hb, b, 8);
	assert_int_equal(n1, n2);
	for (size_t i = 0; i < n1; i++) {
		assert_string_equal(a[i].pid, b[i].pid);
		assert_string_equal(a[i].full_name, b[i].full_name);
		assert_string_equal(a[i].birth_date, b[i].birth_date);
	}
	free(i1);
	free(i2);
}

/* Generates households as of the day today from seeds 1..seeds; checks
 * every resident's ID number against its birth date and gender. Returns
 * the earliest birth year seen. */
static int households_are_valid_on(int32_t today, int seeds)
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
		size_t n =
		    people_demo_household(&r, &ids, "66001001", seed, today, 0.9, &hh, rs, 16);
		assert_true(n >= 1 && n <= 16);
		for (size_t i = 0; i < n; i++) {
			struct xerr e = {0};
			char sex = people_sex_letter(rs[i].sex);
			if (pid_check(rs[i].pid, rs[i].birth_date, sex, "pid", &e) != 0)
				fail_msg("day %d, seed %d: %s %s %c: %s", (int)today, seed,
				         rs[i].pid, rs[i].birth_date, sex, e.msg);
			assert_true(rs[i].birth_day <= today);
			int by = (rs[i].birth_date[0] - '0') * 1000 +
			         (rs[i].birth_date[1] - '0') * 100 +
			         (rs[i].birth_date[2] - '0') * 10 + (rs[i].birth_date[3] - '0');
			if (by < earliest)
				earliest = by;
		}
	}
	return earliest;
}

static int households_are_valid(int year, int seeds)
{
	return households_are_valid_on(lunar_jdn(year, 12, 31), seeds);
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
	/* Found by fuzz_pii on its empty input: as of 1 January 1900, pushing
	 * a birth day back to before today gave 1899. */
	assert_int_equal(households_are_valid_on(lunar_jdn(PEOPLE_YEAR_MIN, 1, 1), 50),
	                 PEOPLE_YEAR_MIN);
}

static void test_years_out_of_range(void **state)
{
	(void)state;
	static struct pid_seq ids;
	struct rng r;
	struct household hh;
	struct resident rs[16];
	rng_seed(&r, 7);
	assert_int_equal(people_demo_household(&r, &ids, "66001001", 1,
	                                       lunar_jdn(PEOPLE_YEAR_MIN - 1, 12, 31), 0.9, &hh, rs,
	                                       16),
	                 0);
	assert_int_equal(people_demo_household(&r, &ids, "66001001", 1,
	                                       lunar_jdn(PEOPLE_YEAR_MAX + 1, 1, 1), 0.9, &hh, rs,
	                                       16),
	                 0);
	assert_int_equal(
	    people_demo_household(&r, &ids, "66001001", 1, lunar_jdn(1500, 6, 1), 0.9, &hh, rs, 16),
	    0);
}

/* ---- extracts ---- */

static int one_row(const char *line, struct resident *r, struct xerr *e)
{
	char text[512];
	snprintf(
	    text, sizeof text,
	    "pid,full_name,birth_date,sex,household,village,eid_level,ehealth,extract_date\n%s\n",
	    line);
	struct csv c;
	struct people_cols cols;
	int rc = csv_open(&c, "x.csv", text, strlen(text), NULL, e);
	if (rc == 0)
		rc = people_extract_open(&c, &cols, e);
	if (rc == 0 && (rc = csv_next(&c, e)) == 1)
		rc = people_row(&c, &cols, r, e);
	csv_close(&c);
	return rc;
}

static void test_extract_rows(void **state)
{
	(void)state;
	struct resident r;
	struct xerr e = {0};
	assert_int_equal(
	    one_row("066090000101,Nguyễn Văn An,1990-05-01,Nam,H-1/2,22015001,2,có,2026-01-31", &r,
	            &e),
	    0);
	assert_int_equal(r.sex, PEOPLE_MALE);
	assert_int_equal(r.birth_day, lunar_jdn(1990, 5, 1));
	assert_int_equal(r.extract_day, lunar_jdn(2026, 1, 31));
	assert_int_equal(r.eid_level, 2);
	assert_int_equal(r.ehealth, 1);
	assert_string_equal(r.household, "H-1/2");
	assert_int_equal(
	    one_row("066190000101,H'Hen Niê,1990-05-01,nữ,H1,22015001,0,không,2026-01-31", &r, &e),
	    0);
	assert_int_equal(r.sex, PEOPLE_FEMALE);
	assert_int_equal(r.ehealth, 0);
	/* The ID number's sex and year agree with the row's. */
	assert_int_equal(one_row("066090000101,A,1990-05-01,F,H1,22015001,0,0,2026-01-31", &r, &e),
	                 XERR_INVALID);
	assert_string_equal(e.msg, "x.csv:2:1: digit 4 says male, the record says female");
	assert_int_equal(one_row("066090000101,A,1990-05-01,M,H1,22015001,0,0,1989-01-31", &r, &e),
	                 XERR_INVALID);
	assert_string_equal(e.msg, "x.csv:2:16: born after the extract's day (1989-01-31)");
	assert_int_equal(one_row("066090000101,A,1990-05-01,X,H1,22015001,0,0,2026-01-31", &r, &e),
	                 XERR_INVALID);
	assert_string_equal(e.msg, "x.csv:2:27: sex is M or F (Nam or Nữ)");
	assert_int_equal(one_row("066090000101,A,1990-05-01,M,H 1,22015001,0,0,2026-01-31", &r, &e),
	                 XERR_INVALID);
	assert_int_equal(one_row("066090000101,A,1990-05-01,M,H1,2201,0,0,2026-01-31", &r, &e),
	                 XERR_INVALID);
	assert_string_equal(e.msg, "x.csv:2:32: a village code has 6 to 12 digits");
	assert_int_equal(one_row("066090000101,A,1990-05-01,M,H1,22015001,3,0,2026-01-31", &r, &e),
	                 XERR_INVALID);
	assert_int_equal(
	    one_row("066090000101,A,1990-05-01,M,H1,22015001,1,maybe,2026-01-31", &r, &e),
	    XERR_INVALID);
	struct resident a = r, b = r;
	b.eid_level = 2;
	assert_true(people_state_changed(&a, &b));
	b = a;
	snprintf(b.full_name, sizeof b.full_name, "B");
	assert_false(people_state_changed(&a, &b));
}

/* ---- ages and counts ---- */

static void test_ages(void **state)
{
	(void)state;
	int32_t birth = lunar_jdn(2012, 3, 1);
	assert_int_equal(people_age(birth, lunar_jdn(2026, 2, 28)), 13);
	assert_int_equal(people_age(birth, lunar_jdn(2026, 3, 1)), 14);
	/* Born on 29 February: a year older on 1 March in other years. */
	int32_t leap = lunar_jdn(2012, 2, 29);
	assert_int_equal(people_age(leap, lunar_jdn(2026, 2, 28)), 13);
	assert_int_equal(people_age(leap, lunar_jdn(2026, 3, 1)), 14);
	assert_int_equal(people_age(leap, lunar_jdn(2028, 2, 29)), 16);
	assert_int_equal(people_age(lunar_jdn(2027, 1, 1), lunar_jdn(2026, 1, 1)), -1);
	/* The last birth day of those aged 14 on a day. */
	assert_int_equal(people_born_by(lunar_jdn(2026, 3, 1), 14), lunar_jdn(2012, 3, 1));
	assert_int_equal(people_born_by(lunar_jdn(2028, 2, 29), 14), lunar_jdn(2014, 2, 28));
	assert_int_equal(people_born_by(lunar_jdn(2028, 2, 29), 16), lunar_jdn(2012, 2, 29));
	assert_int_equal(people_sex_parse("f"), PEOPLE_FEMALE);
	assert_int_equal(people_sex_parse("NAM"), PEOPLE_MALE);
	assert_int_equal(people_sex_parse("Nữ"), PEOPLE_FEMALE);
	assert_int_equal(people_sex_parse("?"), 0);
}

/* The cells give what deciding each resident one by one gives, for many
 * formulas and random residents. */
static void test_cells_match_residents(void **state)
{
	(void)state;
	static const char *const formulas[] = {
	    "count(residents)",
	    "count(residents where age >= 14 and eid_level = 2)",
	    "count(residents where age >= 14)",
	    "count(residents where age = 60 or age < 6 and sex = female)",
	    "count(residents where not (age in (17, 18, 80)) and ehealth)",
	    "count(residents where birth_date >= \"2000-02-29\" and eid_level != 0)",
	    "sum(residents.age where age > 17 and age <= 35)",
	    "sum(residents.eid_level where sex = male)",
	    "count(households where members >= 3)",
	    "sum(households.members)",
	};
	enum { NF = sizeof formulas / sizeof formulas[0], N = 3000 };
	struct expr_plan *p[NF];
	const struct expr_agg *aggs[NF];
	struct xerr e = {0};
	struct expr_error pe;
	for (size_t i = 0; i < NF; i++) {
		if (expr_compile(formulas[i], EXPR_ANY, &p[i], &pe, &e) != 0)
			fail_msg("%s: %s", formulas[i], e.msg);
		aggs[i] = &p[i]->aggs[0];
	}
	int32_t day = lunar_jdn(2026, 2, 28);
	struct people_counter *pc = people_counter_new(day, aggs, NF, &e);
	assert_non_null(pc);
	assert_true(pc->age_sums);
	long *cells = calloc(pc->ncells, sizeof *cells);
	double *agesum = calloc(pc->ncells, sizeof *agesum), want[NF] = {0}, got[NF] = {0};
	const struct expr_entity *en = expr_entity_find("residents");
	int fage = expr_field_index(en, "age"), fsex = expr_field_index(en, "sex"),
	    feid = expr_field_index(en, "eid_level"), feh = expr_field_index(en, "ehealth"),
	    fbirth = expr_field_index(en, "birth_date");
	struct rng r;
	rng_seed(&r, 42);
	int members[N / 2] = {0};
	for (int i = 0; i < N; i++) {
		int32_t birth = day - (int32_t)rng_below(&r, 365 * 90);
		int sex = 1 + (int)rng_below(&r, 2), eid = (int)rng_below(&r, 3),
		    eh = (int)rng_below(&r, 2);
		size_t k = people_cell(pc, birth, sex, eid, eh);
		cells[k]++;
		agesum[k] += people_age(birth, day);
		members[rng_below(&r, N / 2)]++;
		int64_t num[8] = {0};
		num[fage] = people_age(birth, day);
		num[fsex] = sex;
		num[feid] = eid;
		num[feh] = eh;
		num[fbirth] = birth;
		for (size_t j = 0; j < NF; j++)
			if (!strcmp(aggs[j]->entity->name, "residents") &&
			    expr_filter_holds(aggs[j]->where, en, num, NULL))
				want[j] +=
				    aggs[j]->kind == EXPR_COUNT ? 1 : (double)num[aggs[j]->field];
	}
	people_cells_eval(pc, cells, agesum, got);
	for (int h = 0; h < N / 2; h++)
		if (members[h]) {
			want[NF - 2] += members[h] >= 3;
			want[NF - 1] += members[h];
			people_household_eval(pc, members[h], got);
		}
	for (size_t j = 0; j < NF; j++)
		if (want[j] != got[j])
			fail_msg("%s: %g by resident, %g from the cells", formulas[j], want[j],
			         got[j]);
	assert_true(want[1] > 0 && want[3] > 0 && want[5] > 0);
	people_counter_free(pc);
	free(cells);
	free(agesum);
	for (size_t i = 0; i < NF; i++)
		expr_plan_free(p[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_extract_rows),
	    cmocka_unit_test(test_ages),
	    cmocka_unit_test(test_cells_match_residents),
	    cmocka_unit_test(test_villages),
	    cmocka_unit_test(test_households),
	    cmocka_unit_test(test_same_seed_same_people),
	    cmocka_unit_test(test_ids_agree_with_birth_dates),
	    cmocka_unit_test(test_early_years),
	    cmocka_unit_test(test_years_out_of_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
