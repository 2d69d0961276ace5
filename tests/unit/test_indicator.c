/* Tests for src/core/indicator*.c: definitions and the built-in set,
 * values and colours, the on-track status, roll-up across mergers and
 * splits, periods, tasks and criteria. Expected figures are worked out by
 * hand in the comments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/calendar.h"
#include "core/index766.h"
#include "core/indicator.h"
#include "core/lunar.h"
#include "core/unit.h"

#define near(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void test_builtin_set(void **state)
{
	(void)state;
	size_t n;
	const struct ind_def *d = ind_builtin(&n);
	for (size_t i = 0; i < n; i++) {
		struct expr_plan *p;
		struct expr_error pe;
		struct xerr e = {0};
		if (ind_def_check(&d[i], &p, &pe, &e))
			fail_msg("%s: %s", d[i].id, e.msg);
		assert_true((p != NULL) == (d[i].formula != NULL));
		if (d[i].unit == IND_PERCENT && p)
			assert_non_null(p->den);
		assert_ptr_equal(ind_builtin_find(d[i].id), &d[i]);
		assert_true(strlen(d[i].source) > 10);
		expr_plan_free(p);
	}
	/* Issue 14 item 3 names these. */
	static const char *const named[] = {"online_rate",
	                                    "full_online_rate",
	                                    "on_time_rate",
	                                    "digitised_rate",
	                                    "cashless_rate",
	                                    "satisfaction_rate",
	                                    "eid_rate",
	                                    "ehealth_rate",
	                                    "einvoice_rate",
	                                    "team_village_rate",
	                                    "members_per_village",
	                                    "help_activities",
	                                    "training_target_rate",
	                                    "products_online_rate",
	                                    "broadband_village_rate",
	                                    "coverage_4g",
	                                    "coverage_5g",
	                                    "certificate_rate"};
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		assert_non_null(ind_builtin_find(named[i]));
	double t;
	const struct ind_def *sat = ind_builtin_find("satisfaction_rate");
	assert_int_equal(ind_target_for(sat, 2025, UNIT_COMMUNE, &t), 0);
	near(t, 90);
	assert_int_equal(ind_target_for(sat, 2026, UNIT_COMMUNE, &t), XERR_NOTFOUND);
	assert_true(ind_rolls_up(ind_builtin_find("coverage_4g")));
	assert_true(ind_rolls_up(ind_builtin_find("infrastructure_spending")));
}

/* Issue 16 item 5: the index's total and groups are built-in indicators,
 * one per value of core's idx_value_names, each computing that value
 * (index766(NAME) compiles to the aggregate of its place), in points, with
 * the maximum of the profile in force as provinces' target and none for
 * communes. */
static void test_builtin_index766(void **state)
{
	(void)state;
	size_t np;
	const struct idx_profile *p = idx_profiles(&np);
	const struct idx_profile *now = NULL;
	struct xerr e = {0};
	int32_t day = 0;
	assert_int_equal(cal_parse_date("2026-12-01", "day", &day, NULL), 0);
	assert_int_equal(idx_profile_for(p, np, day, &now, &e), 0);
	for (size_t v = 0; v < IDX_VALUES; v++) {
		const struct ind_def *d = ind_builtin_find(idx_value_names[v]);
		if (!d)
			fail_msg("no built-in %s", idx_value_names[v]);
		struct expr_plan *plan;
		struct expr_error pe;
		assert_int_equal(ind_def_check(d, &plan, &pe, &e), 0);
		assert_int_equal(d->unit, IND_COUNT);
		assert_int_equal(plan->naggs, 1);
		assert_int_equal(plan->aggs[0].kind, EXPR_INDEX766);
		assert_int_equal(plan->aggs[0].index, (int)v);
		expr_plan_free(plan);
		double max = 0, t;
		for (int g = 0; g < IDX_GROUPS; g++)
			if (v == 0 || (size_t)g == v - 1)
				max += now->groups[g].max;
		for (int year = 2025; year <= 2030; year += 5) {
			assert_int_equal(ind_target_for(d, year, UNIT_PROVINCE, &t), 0);
			near(t, max);
			assert_int_equal(ind_target_for(d, year, UNIT_COMMUNE, &t), XERR_NOTFOUND);
		}
		char formula[64];
		snprintf(formula, sizeof formula, "index766(%s)",
		         v ? now->groups[v - 1].code : "total");
		assert_string_equal(d->formula, formula);
	}
}

static void check_fails(const struct ind_def *d, const char *field)
{
	struct expr_plan *p;
	struct xerr e = {0};
	assert_int_equal(ind_def_check(d, &p, NULL, &e), XERR_INVALID);
	assert_null(p);
	assert_string_equal(e.field, field);
}

static void test_def_errors(void **state)
{
	(void)state;
	static const struct ind_target dup[] = {{2026, 2, 50}, {2026, 2, 60}};
	static const struct ind_target over[] = {{2026, 2, 150}};
	struct ind_def d = {"x_rate",
	                    "Tỷ lệ",
	                    "Rate",
	                    IND_PERCENT,
	                    IND_HIGHER,
	                    "test",
	                    "count(dossiers where late) / count(dossiers)",
	                    NULL,
	                    NULL,
	                    0,
	                    NAN,
	                    NAN};
	struct expr_plan *p;
	struct xerr e;
	assert_int_equal(ind_def_check(&d, &p, NULL, &e), 0);
	expr_plan_free(p);
	struct ind_def b = d;
	b.id = "Online";
	check_fails(&b, "id");
	b.id = "count";
	check_fails(&b, "id");
	b.id = "tasks_done";
	check_fails(&b, "id");
	b = d;
	b.formula = "count(dossiers where late)";
	check_fails(&b, "formula"); /* % needs a ratio */
	b.unit = IND_COUNT;
	assert_int_equal(ind_def_check(&b, &p, NULL, &e), 0);
	expr_plan_free(p);
	b = d;
	b.reported = "population";
	check_fails(&b, "formula"); /* both */
	b.formula = NULL;
	b.reported = "populaton";
	check_fails(&b, "reported");
	b = d;
	b.targets = dup;
	b.ntargets = 2;
	check_fails(&b, "targets");
	b.targets = over;
	b.ntargets = 1;
	check_fails(&b, "targets");
	b = d;
	b.red = 10;
	check_fails(&b, "green");
	b.green = 5;
	check_fails(&b, "red"); /* higher is better: red above green */
	b.direction = IND_LOWER;
	assert_int_equal(ind_def_check(&b, &p, NULL, &e), 0);
	expr_plan_free(p);
	b = d;
	b.name_en = "";
	check_fails(&b, "name");
	b = d;
	b.source = NULL;
	check_fails(&b, "source");
}

static void test_values_and_colours(void **state)
{
	(void)state;
	struct ind_value v = ind_value_of(IND_PERCENT, 47, 100);
	assert_true(v.has);
	near(v.value, 47);
	v = ind_value_of(IND_PERCENT, 0, 0);
	assert_false(v.has); /* nothing filed: no data, not 0 % */
	v = ind_value_of(IND_PERCENT, NAN, 10);
	assert_false(v.has);
	v = ind_value_of(IND_COUNT, 49, 10);
	near(v.value, 4.9);
	v = ind_value_of(IND_PERCENT, 0, 12);
	assert_true(v.has);
	near(v.value, 0);

	const struct ind_def *online = ind_builtin_find("online_rate"); /* green 50, red 35 */
	struct ind_value x = {true, 0, 0, 50};
	assert_int_equal(ind_colour_of(online, &x), IND_GREEN);
	x.value = 50 - 1e-12; /* float noise reaches the threshold */
	assert_int_equal(ind_colour_of(online, &x), IND_GREEN);
	x.value = 49.99;
	assert_int_equal(ind_colour_of(online, &x), IND_YELLOW);
	x.value = 35;
	assert_int_equal(ind_colour_of(online, &x), IND_YELLOW);
	x.value = 34.9;
	assert_int_equal(ind_colour_of(online, &x), IND_RED);
	x.has = false;
	assert_int_equal(ind_colour_of(online, &x), IND_NO_COLOUR);

	struct ind_def late = *online;
	late.direction = IND_LOWER;
	late.green = 5;
	late.red = 10;
	struct ind_value y = {true, 0, 0, 4};
	assert_int_equal(ind_colour_of(&late, &y), IND_GREEN);
	y.value = 7;
	assert_int_equal(ind_colour_of(&late, &y), IND_YELLOW);
	y.value = 10;
	assert_int_equal(ind_colour_of(&late, &y), IND_YELLOW);
	y.value = 11;
	assert_int_equal(ind_colour_of(&late, &y), IND_RED);
	late.red = NAN; /* green and yellow only */
	assert_int_equal(ind_colour_of(&late, &y), IND_YELLOW);
	late.green = NAN;
	assert_int_equal(ind_colour_of(&late, &y), IND_NO_COLOUR);
	assert_string_equal(ind_colour_name(IND_RED), "red");
}

/* Open SDG: R = d * CAGR_o / |CAGR_r|, CAGR = (v1/v0)^(1/years) - 1, years =
 * days / 365.25. Base 40 % on 2025-12-31, target 60 % on 2026-12-31 (365
 * days); current values on 2026-06-30 (181 days):
 *   46 %: CAGR_o = 1.15^(365.25/181) - 1 = 0.32582, CAGR_r = 1.5^(365.25/365)
 *         - 1 = 0.50042, R = 0.65110 -> needs attention;
 *   55 %: R = 1.80143 -> on track;  41 %: R = 0.10210 -> off track;
 *   38 %: R = -0.19650 -> getting worse;  61 %: target reached. */
static void test_on_track(void **state)
{
	(void)state;
	int32_t b = lunar_jdn(2025, 12, 31), n = lunar_jdn(2026, 6, 30),
	        t = lunar_jdn(2026, 12, 31);
	struct ind_obs base = {b, 40}, target = {t, 60};
	static const struct {
		double now, ratio;
		enum ind_track track;
	} cases[] = {
	    {46, 0.651103522247589, IND_TRACK_ATTENTION},
	    {55, 1.8014324024931458, IND_TRACK_ON},
	    {41, 0.10209677614432407, IND_TRACK_OFF},
	    {38, -0.19649792719572018, IND_TRACK_WORSE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ind_obs now = {n, cases[i].now};
		double r;
		assert_int_equal(ind_on_track(&base, &now, &target, IND_HIGHER, &r),
		                 cases[i].track);
		assert_true(fabs(r - cases[i].ratio) < 1e-9);
	}
	struct ind_obs now = {n, 61};
	assert_int_equal(ind_on_track(&base, &now, &target, IND_HIGHER, NULL), IND_TRACK_ACHIEVED);
	/* Quarterly: 30 -> 33 by 2026-03-31 toward 45 by year end: R = 0.94374,
	 * just short of on track. */
	struct ind_obs qb = {b, 30}, qn = {lunar_jdn(2026, 3, 31), 33}, qt = {t, 45};
	double r;
	assert_int_equal(ind_on_track(&qb, &qn, &qt, IND_HIGHER, &r), IND_TRACK_ATTENTION);
	assert_true(fabs(r - 0.9437390483512964) < 1e-9);
	/* Lower is better: late dossiers 20 % -> target 5 %; 10 % at mid-year
	 * gives R = 1.00381 (on track), 17 % gives R = 0.37269 (off track). */
	struct ind_obs lb = {b, 20}, lt = {t, 5}, ln = {n, 10};
	assert_int_equal(ind_on_track(&lb, &ln, &lt, IND_LOWER, &r), IND_TRACK_ON);
	assert_true(fabs(r - 1.0038054013337854) < 1e-9);
	ln.value = 17;
	assert_int_equal(ind_on_track(&lb, &ln, &lt, IND_LOWER, &r), IND_TRACK_OFF);
	assert_true(fabs(r - 0.37268915854040613) < 1e-9);
	ln.value = 4;
	assert_int_equal(ind_on_track(&lb, &ln, &lt, IND_LOWER, &r), IND_TRACK_ACHIEVED);
	/* A base of 0 counts as 0.001 (Open SDG): 0 -> 10 toward 60 gives a huge R. */
	struct ind_obs zb = {b, 0}, zn = {n, 10};
	assert_int_equal(ind_on_track(&zb, &zn, &target, IND_HIGHER, &r), IND_TRACK_ON);
	assert_true(fabs(r - 1951.670186686124) < 1e-6);
	/* Target equal to the base and missed now: worse. */
	struct ind_obs eq = {t, 40}, down = {n, 39};
	assert_int_equal(ind_on_track(&base, &down, &eq, IND_HIGHER, &r), IND_TRACK_WORSE);
	/* Unable to assess. */
	struct ind_obs same = {b, 50}, nodata = {n, NAN};
	assert_int_equal(ind_on_track(&base, &same, &target, IND_HIGHER, &r), IND_TRACK_UNKNOWN);
	assert_true(isnan(r));
	assert_int_equal(ind_on_track(&base, &nodata, &target, IND_HIGHER, &r), IND_TRACK_UNKNOWN);
	struct ind_obs neg = {n, -3};
	assert_int_equal(ind_on_track(&base, &neg, &target, IND_HIGHER, &r), IND_TRACK_UNKNOWN);
	assert_string_equal(ind_track_name(IND_TRACK_ATTENTION), "needs_attention");
}

/* Province 0; communes 1 (A) and 2 (B); villages 3, 4 of A. Two parts:
 * online dossiers and all dossiers. A = own (1, 2) + (3, 10) + (5, 10) =
 * (9, 22); province = A + B (4, 8) = (13, 30): 43.33 %, not the mean of
 * A's 40.91 % and B's 50 % (45.45 %). */
static void test_rollup_sums(void **state)
{
	(void)state;
	struct ind_node nodes[] = {{-1, false}, {0, false}, {0, false}, {1, false}, {1, false}};
	double own[] = {NAN, NAN, 1, 2, 4, 8, 3, 10, 5, 10}, total[10];
	struct xerr e;
	assert_int_equal(ind_rollup(nodes, 5, NULL, 0, 2, own, total, &e), 0);
	near(total[2], 9);
	near(total[3], 22);
	near(total[0], 13);
	near(total[1], 30);
	struct ind_value v = ind_value_of(IND_PERCENT, total[0], total[1]);
	near(v.value, 1300.0 / 30);
	/* The same through a plan: the parts are the plan's aggregates. */
	struct expr_plan *p;
	assert_int_equal(expr_compile("count(dossiers where channel = online) / count(dossiers)",
	                              EXPR_RATIO, &p, NULL, &e),
	                 0);
	double num, den;
	expr_eval(p, total, &num, &den);
	near(num, 13);
	near(den, 30);
	expr_plan_free(p);
}

/* Communes A (1) and B (2) merged into C (3) on 2025-07-01. Dossiers:
 * A filed 40 (10 online) and B 20 (5 online) before the merger, C 60 (30
 * online) after. Drawn for 2025-12-31 (the year 2025): A and B are retired
 * and pass everything to C: C = (45, 120) = 37.5 %, and so is the province.
 * Drawn for 2025-06-30 (Q2): A and B are in force and sit under the
 * province; C, not yet in force, has no data of its own. */
static void test_rollup_merger(void **state)
{
	(void)state;
	int32_t merger = lunar_jdn(2025, 7, 1);
	int32_t valid_to[] = {0, merger, merger, 0};
	double own[] = {NAN, NAN, 10, 40, 5, 20, 30, 60}, total[8];
	struct ind_succ succ[] = {{1, 3, 1}, {2, 3, 1}};
	struct ind_node nodes[4];
	struct xerr e;
	int32_t day = lunar_jdn(2025, 12, 31);
	for (int i = 0; i < 4; i++)
		nodes[i] = (struct ind_node){i ? 0 : -1, ind_retired(valid_to[i], day)};
	assert_true(nodes[1].retired && nodes[2].retired && !nodes[3].retired);
	assert_int_equal(ind_rollup(nodes, 4, succ, 2, 2, own, total, &e), 0);
	near(total[6], 45);
	near(total[7], 120);
	near(total[0], 45);
	near(total[1], 120);
	near(ind_value_of(IND_PERCENT, total[6], total[7]).value, 37.5);

	/* Q2 alone: A (10, 40) and B (5, 20) only; C filed nothing yet. */
	double q2[] = {NAN, NAN, 10, 40, 5, 20, NAN, NAN};
	day = lunar_jdn(2025, 6, 30);
	for (int i = 0; i < 4; i++)
		nodes[i].retired = ind_retired(valid_to[i], day);
	assert_false(nodes[1].retired);
	assert_false(ind_in_force(merger, 0, day));
	assert_int_equal(ind_rollup(nodes, 4, succ, 2, 2, q2, total, &e), 0);
	near(total[0], 15);
	near(total[1], 60);
	assert_true(isnan(total[6]) && isnan(total[7]));
	/* C's trend drawn on today's tree: Q2's figures of A and B are C's. */
	day = lunar_jdn(2026, 3, 31);
	for (int i = 0; i < 4; i++)
		nodes[i].retired = ind_retired(valid_to[i], day);
	assert_int_equal(ind_rollup(nodes, 4, succ, 2, 2, q2, total, &e), 0);
	near(total[6], 15);
	near(total[7], 60);
	near(total[0], 15);
}

/* Commune X (1) split into Y (2, share 0.6) and Z (3, share 0.4). X's
 * (100, 200) become (60, 120) and (40, 80): both parts times the share, so
 * X's 50 % stays 50 % in each. With their own (6, 10) and (1, 20): Y =
 * (66, 130) = 50.77 %, Z = (41, 100) = 41 %, province = (107, 230). */
static void test_rollup_split(void **state)
{
	(void)state;
	struct ind_node nodes[] = {{-1, false}, {0, true}, {0, false}, {0, false}};
	struct ind_succ succ[] = {{1, 2, 0.6}, {1, 3, 0.4}};
	double own[] = {NAN, NAN, 100, 200, 6, 10, 1, 20}, total[8];
	struct xerr e;
	assert_int_equal(ind_rollup(nodes, 4, succ, 2, 2, own, total, &e), 0);
	near(total[4], 66);
	near(total[5], 130);
	near(total[6], 41);
	near(total[7], 100);
	near(total[0], 107);
	near(total[1], 230);
	/* A unit retired without successors still counts under its parent. */
	nodes[1].retired = true;
	assert_int_equal(ind_rollup(nodes, 4, NULL, 0, 2, own, total, &e), 0);
	near(total[0], 107);
	/* Parts without data are skipped, never read as 0. */
	double gaps[] = {NAN, NAN, NAN, 7, NAN, NAN, NAN, 3};
	assert_int_equal(ind_rollup(nodes, 4, succ, 2, 2, gaps, total, &e), 0);
	assert_true(isnan(total[0]));
	near(total[1], 10);
	near(total[5], 7 * 0.6);
}

static void test_rollup_errors(void **state)
{
	(void)state;
	double own[4] = {1, 1, 1, 1}, total[4];
	struct xerr e;
	struct ind_node cyc[] = {{1, false}, {0, false}};
	assert_int_equal(ind_rollup(cyc, 2, NULL, 0, 2, own, total, &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "cycle"));
	struct ind_node two[] = {{-1, false}, {0, true}};
	struct ind_succ big[] = {{1, 0, 1.5}};
	assert_int_equal(ind_rollup(two, 2, big, 1, 2, own, total, &e), XERR_INVALID);
	assert_string_equal(e.field, "share");
	struct ind_node three[] = {{-1, false}, {0, true}, {0, false}};
	struct ind_succ over[] = {{1, 0, 0.7}, {1, 2, 0.5}};
	double own3[3] = {1, 1, 1}, total3[3];
	assert_int_equal(ind_rollup(three, 3, over, 2, 1, own3, total3, &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "sum to 1.2"));
	struct ind_node bad[] = {{-1, false}, {7, false}};
	assert_int_equal(ind_rollup(bad, 2, NULL, 0, 2, own, total, &e), XERR_INVALID);
	/* A succession back into its own successor's parent chain is a cycle. */
	struct ind_node loop[] = {{-1, false}, {2, true}, {0, false}};
	struct ind_succ back[] = {{1, 2, 1}};
	assert_int_equal(ind_rollup(loop, 3, back, 1, 1, own3, total3, &e), 0);
	struct ind_node loop2[] = {{-1, false}, {0, true}, {1, false}};
	assert_int_equal(ind_rollup(loop2, 3, back, 1, 1, own3, total3, &e), XERR_INVALID);
}

static void period_is(const char *text, enum ind_period_kind kind, int32_t first, int32_t last)
{
	struct ind_period p;
	struct xerr e = {0};
	if (ind_period_parse(text, &p, &e))
		fail_msg("%s: %s", text, e.msg);
	assert_int_equal(p.kind, kind);
	assert_int_equal(p.first, first);
	assert_int_equal(p.last, last);
	char back[IND_PERIOD_MAX];
	ind_period_format(&p, back);
	assert_string_equal(back, text);
}

static void test_periods(void **state)
{
	(void)state;
	period_is("2026-03", IND_MONTH, lunar_jdn(2026, 3, 1), lunar_jdn(2026, 3, 31));
	period_is("2024-02", IND_MONTH, lunar_jdn(2024, 2, 1), lunar_jdn(2024, 2, 29));
	period_is("2026-Q1", IND_QUARTER, lunar_jdn(2026, 1, 1), lunar_jdn(2026, 3, 31));
	period_is("2026-Q4", IND_QUARTER, lunar_jdn(2026, 10, 1), lunar_jdn(2026, 12, 31));
	period_is("2026", IND_YEAR, lunar_jdn(2026, 1, 1), lunar_jdn(2026, 12, 31));
	period_is("2026-01-15..2026-02-14", IND_RANGE, lunar_jdn(2026, 1, 15),
	          lunar_jdn(2026, 2, 14));
	period_is("2026-01-15..2026-01-15", IND_RANGE, lunar_jdn(2026, 1, 15),
	          lunar_jdn(2026, 1, 15));
	struct ind_period p, q;
	struct xerr e;
	assert_int_equal(ind_period_parse("2026-q2", &p, &e), 0);
	assert_int_equal(p.index, 2);
	static const char *const bad[] = {"2026-13",
	                                  "2026-00",
	                                  "2026-Q5",
	                                  "2026-Q0",
	                                  "26",
	                                  "2026-3",
	                                  "1899",
	                                  "2200-01",
	                                  "2026-02-30..2026-03-01",
	                                  "2026-03-31..2026-03-01",
	                                  "",
	                                  "2026-01-01.2026-01-02"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (ind_period_parse(bad[i], &p, &e) != XERR_INVALID)
			fail_msg("%s accepted", bad[i]);
		assert_string_equal(e.field, "period");
	}
	char s[IND_PERIOD_MAX];
	static const char *const prev[][2] = {
	    {"2026-01", "2025-12"}, {"2026-03", "2026-02"},
	    {"2026-Q1", "2025-Q4"}, {"2026-Q3", "2026-Q2"},
	    {"2026", "2025"},       {"2026-03-01..2026-03-10", "2026-02-19..2026-02-28"}};
	for (size_t i = 0; i < sizeof prev / sizeof prev[0]; i++) {
		assert_int_equal(ind_period_parse(prev[i][0], &p, &e), 0);
		assert_int_equal(ind_period_prev(&p, &q, &e), 0);
		ind_period_format(&q, s);
		assert_string_equal(s, prev[i][1]);
	}
	struct ind_period t[12];
	assert_int_equal(ind_period_parse("2026-03", &p, &e), 0);
	assert_int_equal(ind_period_trend(&p, 12, t, &e), 0);
	ind_period_format(&t[0], s);
	assert_string_equal(s, "2025-04");
	ind_period_format(&t[11], s);
	assert_string_equal(s, "2026-03");
	assert_int_equal(ind_period_parse("1900", &p, &e), 0);
	assert_int_equal(ind_period_prev(&p, &q, &e), XERR_INVALID);
}

static void test_tasks(void **state)
{
	(void)state;
	int32_t due = lunar_jdn(2026, 3, 31);
	assert_int_equal(ind_task_state(due, 0, due), IND_TASK_ON_TRACK);
	assert_int_equal(ind_task_state(due, 0, due + 1), IND_TASK_LATE);
	assert_int_equal(ind_task_state(due, due, due + 5), IND_TASK_DONE);
	assert_int_equal(ind_task_state(due, due + 2, due + 5), IND_TASK_DONE_LATE);
	/* Done after the day asked about: not done yet on that day. */
	assert_int_equal(ind_task_state(due, due - 1, due - 3), IND_TASK_ON_TRACK);
	/* 25 tasks: 15 done in time, 2 done late, 5 open in time, 3 overdue:
	 * "17/25 done", 3 late, 8 open. */
	enum ind_task_state st[25];
	for (int i = 0; i < 25; i++)
		st[i] = i < 15   ? IND_TASK_DONE
		        : i < 17 ? IND_TASK_DONE_LATE
		        : i < 22 ? IND_TASK_ON_TRACK
		                 : IND_TASK_LATE;
	double c[IND_TASK_COUNTS];
	ind_task_count(st, 25, c);
	near(c[IND_TASKS_TOTAL], 25);
	near(c[IND_TASKS_DONE], 17);
	near(c[IND_TASKS_LATE], 3);
	near(c[IND_TASKS_OPEN], 8);
	assert_string_equal(ind_task_names[IND_TASKS_DONE], "tasks_done");
}

static void test_criteria(void **state)
{
	(void)state;
	const char *names[] = {"online_rate", "eid_rate",   "satisfaction_rate", "tasks_total",
	                       "tasks_done",  "tasks_late", "tasks_open"};
	static const struct ind_criterion items[] = {
	    {"c1", "Hồ sơ trực tuyến", "Online dossiers", "online_rate >= 35", true},
	    {"c2", "Định danh điện tử", "E-ID", "eid_rate >= 80", false},
	    {"c3", "Nhiệm vụ", "Tasks", "tasks_done = tasks_total", false},
	    {"c4", "Hài lòng", "Satisfaction", "satisfaction_rate >= 90", false},
	};
	struct ind_criteria_set set = {"dx-commune", "phase-1", "Tiêu chí",      "Criteria",
	                               items,        4,         {1, true, false}};
	struct ind_criteria *c;
	size_t bad;
	struct xerr e;
	assert_int_equal(ind_criteria_compile(&set, names, 7, &c, &bad, NULL, &e), 0);
	int st[4];
	struct ind_verdict v;
	double all[7] = {40, 85, 95, 25, 25, 0, 0};
	ind_criteria_judge(c, all, st, &v);
	assert_int_equal(v.colour, IND_GREEN);
	assert_int_equal(v.met, 4);
	double one[7] = {40, 85, 95, 25, 17, 2, 8}; /* 17 of 25 tasks */
	ind_criteria_judge(c, one, st, &v);
	assert_int_equal(v.colour, IND_YELLOW);
	assert_int_equal(st[2], 0);
	assert_int_equal(v.failed, 1);
	double two[7] = {40, 70, 95, 25, 17, 2, 8}; /* more than 1 failed */
	ind_criteria_judge(c, two, st, &v);
	assert_int_equal(v.colour, IND_RED);
	double critical[7] = {30, 85, 95, 25, 25, 0, 0}; /* only the critical one */
	ind_criteria_judge(c, critical, st, &v);
	assert_int_equal(v.colour, IND_RED);
	assert_true(v.critical_failed);
	double gap[7] = {40, 85, NAN, 25, 25, 0, 0}; /* no satisfaction data */
	ind_criteria_judge(c, gap, st, &v);
	assert_int_equal(v.colour, IND_YELLOW);
	assert_int_equal(st[3], -1);
	assert_int_equal(v.no_data, 1);
	ind_criteria_free(c);

	/* No data counted as failing: the critical criterion without data is red. */
	set.colour = (struct ind_colour_rule){-1, true, true};
	assert_int_equal(ind_criteria_compile(&set, names, 7, &c, &bad, NULL, &e), 0);
	double nocrit[7] = {NAN, 85, 95, 25, 25, 0, 0};
	ind_criteria_judge(c, nocrit, st, &v);
	assert_int_equal(v.colour, IND_RED);
	double many[7] = {40, 10, 10, 25, 1, 20, 24}; /* 3 fail, but never red by count */
	ind_criteria_judge(c, many, st, &v);
	assert_int_equal(v.colour, IND_YELLOW);
	ind_criteria_free(c);

	static const struct ind_criterion broken[] = {
	    {"a", "A", "A", "online_rate >= 35", false},
	    {"b", "B", "B", "eid_rat >= 80", false},
	};
	struct ind_criteria_set bs = {"x", "p", "X", "X", broken, 2, {0, false, false}};
	struct expr_error pe;
	assert_int_equal(ind_criteria_compile(&bs, names, 7, &c, &bad, &pe, &e), XERR_INVALID);
	assert_null(c);
	assert_int_equal(bad, 1);
	assert_non_null(strstr(pe.en, "did you mean \"eid_rate\""));
	struct ind_criteria_set empty = {"x", "p", "X", "X", NULL, 0, {0, false, false}};
	assert_int_equal(ind_criteria_compile(&empty, names, 7, &c, &bad, NULL, &e), 0);
	ind_criteria_judge(c, all, st, &v);
	assert_int_equal(v.colour, IND_NO_COLOUR);
	ind_criteria_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_builtin_set),   cmocka_unit_test(test_builtin_index766),
	    cmocka_unit_test(test_def_errors),    cmocka_unit_test(test_values_and_colours),
	    cmocka_unit_test(test_on_track),      cmocka_unit_test(test_rollup_sums),
	    cmocka_unit_test(test_rollup_merger), cmocka_unit_test(test_rollup_split),
	    cmocka_unit_test(test_rollup_errors), cmocka_unit_test(test_periods),
	    cmocka_unit_test(test_tasks),         cmocka_unit_test(test_criteria),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
