/* Tests for src/core/expr_match.c: whether a record meets a compiled
 * filter, for every kind of field (numbers, lists, yes/no, texts, dates)
 * and every way of joining conditions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/expr.h"
#include "core/lunar.h"

/* Does a record of the formula's entity, given by field name and value,
 * meet the filter of the formula's one aggregate? */
static bool holds(const char *formula, const char *const *names, const int64_t *values,
                  const char *const *texts)
{
	struct expr_plan *p;
	struct expr_error pe;
	struct xerr e = {0};
	if (expr_compile(formula, EXPR_ANY, &p, &pe, &e) != 0)
		fail_msg("%s: %s", formula, e.msg);
	const struct expr_agg *a = &p->aggs[0];
	int64_t num[32] = {0};
	const char *text[32] = {NULL};
	for (size_t i = 0; names[i]; i++) {
		int f = expr_field_index(a->entity, names[i]);
		assert_true(f >= 0);
		num[f] = values[i];
		text[f] = texts ? texts[i] : NULL;
	}
	bool h = expr_filter_holds(a->where, a->entity, num, text);
	expr_plan_free(p);
	return h;
}

static void test_numbers_lists_flags(void **state)
{
	(void)state;
	static const char *const f[] = {"age", "eid_level", "ehealth", "sex", NULL};
	const int64_t young[] = {12, 0, 1, 2}, adult[] = {40, 2, 0, 1};
	assert_true(holds("count(residents)", f, young, NULL));
	assert_true(holds("count(residents where age >= 14 and eid_level = 2)", f, adult, NULL));
	assert_false(holds("count(residents where age >= 14 and eid_level = 2)", f, young, NULL));
	assert_true(holds("count(residents where ehealth)", f, young, NULL));
	assert_true(holds("count(residents where not ehealth)", f, adult, NULL));
	assert_true(holds("count(residents where sex = female or age > 30)", f, young, NULL));
	assert_true(holds("count(residents where eid_level in (1, 2))", f, adult, NULL));
	assert_true(holds("count(residents where eid_level not in (1, 2))", f, young, NULL));
	assert_false(holds("count(residents where age != 12)", f, young, NULL));
	assert_true(holds("count(residents where age < 13 and not (sex = male))", f, young, NULL));
}

static void test_texts_and_dates(void **state)
{
	(void)state;
	static const char *const f[] = {"campaign", "attendance", NULL};
	const int64_t v[] = {0, 30};
	const char *const in[] = {"BDHVS-2026", NULL}, *const none[] = {"", NULL};
	assert_true(holds("count(trainings where campaign != \"\")", f, v, in));
	assert_false(holds("count(trainings where campaign != \"\")", f, v, none));
	assert_true(holds("count(trainings where campaign in (\"A\", \"BDHVS-2026\"))", f, v, in));
	assert_true(holds("count(trainings where campaign = \"BDHVS-2026\" and attendance >= 30)",
	                  f, v, in));
	static const char *const d[] = {"birth_date", NULL};
	const int64_t born[] = {lunar_jdn(2000, 2, 29)};
	assert_true(holds("count(residents where birth_date >= \"2000-02-29\")", d, born, NULL));
	assert_false(holds("count(residents where birth_date > \"2000-02-29\")", d, born, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_numbers_lists_flags),
	    cmocka_unit_test(test_texts_and_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
