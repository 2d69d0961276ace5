/* Tests for src/core/index766*.c: the rule table of the Decision 766 index
 * and its scoring. Every expected point is worked out by hand from the
 * row's rule (RULES-766-2026.md §1.2) in the comment beside it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/expr.h"
#include "core/index766.h"
#include "core/lunar.h"
#include "core/unit.h"
#include "doctext.h"

#define near(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static const struct idx_profile *portal(void)
{
	const struct idx_profile *p = idx_profile_find("dvcqg-2026-09");
	assert_non_null(p);
	return p;
}

static const struct idx_row_result *row(const struct idx_result *r, const char *code)
{
	for (size_t i = 0; i < r->nrows; i++)
		if (!strcmp(r->rows[i].row->code, code))
			return &r->rows[i];
	fail_msg("no row %s", code);
	return NULL;
}

/* A province with figures for every row. */
static struct idx766_counts sample(void)
{
	struct idx766_counts c = {
	    .publish_on_time = {45, 50},         /* 1.1: 6 x 0.9 = 5.4 */
	    .public_update_on_time = {38, 40},   /* 1.2: 4 x 0.95 = 3.8 */
	    .public_content_full = {180, 200},   /* 1.3: 2 x 0.9 = 1.8 */
	    .dossier_sync = {900, 1000},         /* 1.4: 6 x 0.9 = 5.4 -> group 16.4 */
	    .on_time = {850, 1000},              /* 2.1: 20 x 0.85 = 17 */
	    .procedures_online = {120, 200},     /* 3.1: min(2, 2 x 0.6 / 0.8) = 1.5 */
	    .services_with_dossiers = {30, 120}, /* 3.2: 4 x 0.25 = 1 */
	    .online_dossiers = {300, 1000},      /* 3.3: min(6, 6 x 0.3 / 0.5) = 3.6 */
	    .full_online_dossiers = {50, 100},   /* 3.4: tracked, 0 -> group 6.1 */
	    .paid_online = {200, 400},           /* 3.6: 6 x 0.5 = 3 */
	    .procedures_paid_online = {30, 50},  /* 3.5b: min(2, 2.5 x 0.6) = 1.5 */
	    .procedures_fee_synced = {45, 50},   /* 3.5: min(2, 2.5 x 0.9 = 2.25) = 2 -> 6.5 */
	    .e_result = {700, 800},              /* 4.1: 6 x 0.875 = 5.25 */
	    .digitised = {900, 1000},            /* 4.2: 4 x 0.9 = 3.6 */
	    .certified_copy = {60, 102},         /* 4.6: 2 x 60/102 = 1.176470588 */
	    .reused = {100, 1000},               /* 4.3: min(2, 2 x 0.1 / 0.8) = 0.25 */
	    .personal_storage = {0, 1000},       /* 4.4: 0 */
	    .population_dossiers = {400, 1000},  /* 4.5b: 2 x 0.4 = 0.8 */
	    .population_procedures = {10, 40},   /* 4.5a: 2 x 0.25 = 0.5 -> 11.576470588 */
	    .feedback_on_procedures = {20, 50},  /* 5.1a: tracked */
	    .feedback_on_staff = {30, 50},       /* 5.1b: tracked */
	    .feedback_on_time = {45, 50},        /* 5.2: 6 x 0.9 = 5.4 */
	    .feedback_satisfied = {40, 50},      /* 5.3: 6 x 0.8 = 4.8 */
	    .dossier_satisfied = {855, 1000},    /* 5.4: min(6, 6 x 0.855 / 0.9) = 5.7 -> 15.9 */
	};
	return c;
}

static void test_table(void **state)
{
	(void)state;
	size_t n;
	const struct idx_profile *ps = idx_profiles(&n);
	assert_int_equal(n, 2);
	assert_false(idx_profile_find("qd766-2022")->found); /* the official annex: not found */
	const struct idx_profile *p = portal();
	assert_true(p->found);
	assert_true(p->nrows <= IDX_ROWS_MAX);
	double sum[IDX_GROUPS] = {0}, total = 0;
	for (size_t i = 0; i < p->nrows; i++) {
		const struct idx_row *r = &p->rows[i];
		assert_ptr_equal(idx_row_find(p, r->code), r);
		assert_true(r->counts + sizeof(struct idx_frac) <= sizeof(struct idx766_counts));
		assert_true(r->counts % sizeof(struct idx_frac) == 0);
		for (size_t j = 0; j < i; j++)
			assert_true(p->rows[j].counts != r->counts);
		assert_true(r->target > 0 && r->target <= 1);
		assert_true(strlen(r->rule_vi) > 20 && strlen(r->rule_en) > 20);
		assert_true(strstr(r->rule_vi, "[P]") || strstr(r->rule_vi, "[O]"));
		if (r->source == IDX_EXTERNAL) {
			assert_non_null(expr_figure_find(r->figure_num));
			assert_non_null(expr_figure_find(r->figure_den));
		}
		if (r->zero == IDX_ZERO_SPLIT || r->option == IDX_OPT_FEEDBACK_ZERO)
			for (int k = 0; k < 2; k++)
				assert_non_null(idx_row_find(p, r->split_to[k]));
		sum[r->group] += r->max;
		total += r->max;
	}
	/* 18 + 20 + 12 + 10 + 22 + 18 = 100 (RULES-766-2026.md §1.1). */
	static const double group_max[IDX_GROUPS] = {18, 20, 12, 10, 22, 18};
	for (int g = 0; g < IDX_GROUPS; g++) {
		near(sum[g], group_max[g]);
		near(p->groups[g].max, group_max[g]);
	}
	near(total, 100);
	assert_non_null(ps[0].note_en);
	/* Dossiers add up over communes; procedures do not. */
	assert_true(idx_row_find(p, "2.1")->additive);
	assert_true(idx_row_find(p, "4.6")->additive);
	assert_false(idx_row_find(p, "3.1")->additive);
	assert_false(idx_row_find(p, "1.1")->additive);
}

static void test_every_row_province(void **state)
{
	(void)state;
	struct idx766_counts c = sample();
	struct idx_result r;
	struct xerr e;
	assert_int_equal(idx_score(portal(), UNIT_PROVINCE, &c, NULL, &r, &e), 0);
	static const struct {
		const char *code;
		double points, max;
		enum idx_state state;
	} want[] = {
	    {"1.1", 5.4, 6, IDX_SCORED},         {"1.2", 3.8, 4, IDX_SCORED},
	    {"1.3", 1.8, 2, IDX_SCORED},         {"1.4", 5.4, 6, IDX_SCORED},
	    {"2.1", 17, 20, IDX_SCORED},         {"3.1", 1.5, 2, IDX_SCORED},
	    {"3.2", 1, 4, IDX_SCORED},           {"3.3", 3.6, 6, IDX_SCORED},
	    {"3.4", 0, 0, IDX_TRACKING},         {"3.6", 3, 6, IDX_SCORED},
	    {"3.5b", 1.5, 2, IDX_SCORED},        {"3.5", 2, 2, IDX_SCORED},
	    {"4.1", 5.25, 6, IDX_SCORED},        {"4.2", 3.6, 4, IDX_SCORED},
	    {"4.6", 120.0 / 102, 2, IDX_SCORED}, {"4.3", 0.25, 2, IDX_SCORED},
	    {"4.4", 0, 4, IDX_SCORED},           {"4.5b", 0.8, 2, IDX_SCORED},
	    {"4.5a", 0.5, 2, IDX_SCORED},        {"5.1a", 0, 0, IDX_TRACKING},
	    {"5.1b", 0, 0, IDX_TRACKING},        {"5.2", 5.4, 6, IDX_SCORED},
	    {"5.3", 4.8, 6, IDX_SCORED},         {"5.4", 5.7, 6, IDX_SCORED},
	};
	assert_int_equal(r.nrows, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct idx_row_result *x = row(&r, want[i].code);
		if (fabs(x->points - want[i].points) > 1e-9 || x->max != want[i].max ||
		    x->state != want[i].state)
			fail_msg("%s: %g/%g state %d", want[i].code, x->points, x->max, x->state);
	}
	near(row(&r, "3.4")->rate, 0.5); /* tracked rows still show their rate */
	near(row(&r, "4.6")->rate, 60.0 / 102);
	static const double groups[IDX_GROUPS][2] = {
	    {16.4, 18}, {17, 20}, {6.1, 12}, {6.5, 10}, {10.4 + 120.0 / 102, 22}, {15.9, 18}};
	for (int g = 0; g < IDX_GROUPS; g++) {
		near(r.groups[g].points, groups[g][0]);
		near(r.groups[g].max, groups[g][1]);
	}
	/* 16.4 + 17 + 6.1 + 6.5 + 11.576470588 + 15.9 = 73.476470588 of 100. */
	near(r.total, 72.3 + 120.0 / 102);
	near(r.max, 100);
	assert_true(r.complete);
	double v[IDX_VALUES];
	idx_values(&r, v);
	near(v[0], r.total);
	near(v[1 + IDX_PAYMENT], 6.5);
	assert_string_equal(idx_value_names[1 + IDX_PAYMENT], "index766_online_payment");

	/* As fitted, 3.5 is not capped: 2.5 x 0.9 = 2.25, the group 6.75. */
	struct idx_options o;
	idx_options_default(&o);
	o.fee_synced_uncapped = true;
	assert_int_equal(idx_score(portal(), UNIT_PROVINCE, &c, &o, &r, &e), 0);
	near(row(&r, "3.5")->points, 2.25);
	near(r.groups[IDX_PAYMENT].points, 6.75);
}

/* The same figures for a commune: 3.4, 4.5a and 4.5b are for provinces. */
static void test_commune_rule(void **state)
{
	(void)state;
	struct idx766_counts c = sample();
	struct idx_result r;
	struct xerr e;
	assert_int_equal(idx_score(portal(), UNIT_COMMUNE, &c, NULL, &r, &e), 0);
	assert_int_equal(row(&r, "4.5a")->state, IDX_OUT_OF_SCOPE);
	near(row(&r, "4.5a")->points, 0);
	near(row(&r, "4.5a")->max, 0);
	/* Digitisation without 4.5a and 4.5b: 10.276470588 of 18; total 96. */
	near(r.groups[IDX_DIGITISATION].points, 9.1 + 120.0 / 102);
	near(r.groups[IDX_DIGITISATION].max, 18);
	near(r.total, 71.0 + 120.0 / 102);
	near(r.max, 96);
	/* The rule the qd766 repo records as a requirement: full points. */
	struct idx_options o;
	idx_options_default(&o);
	o.commune = IDX_COMMUNE_FULL;
	assert_int_equal(idx_score(portal(), UNIT_COMMUNE, &c, &o, &r, &e), 0);
	near(row(&r, "4.5b")->points, 2);
	near(r.groups[IDX_DIGITISATION].points, 13.1 + 120.0 / 102);
	near(r.total, 75.0 + 120.0 / 102);
	near(r.max, 100);
	near(row(&r, "3.4")->max, 0); /* tracked stays unscored */
	assert_int_equal(idx_score(portal(), UNIT_VILLAGE, &c, NULL, &r, &e), XERR_INVALID);
}

/* A small commune: nothing received, no feedback, no fees. */
static void test_zero_denominators(void **state)
{
	(void)state;
	struct idx766_counts c = sample();
	c.on_time = (struct idx_frac){0, 0};            /* 2.1: not applicable, out of the max */
	c.paid_online = (struct idx_frac){0, 0};        /* 3.6: 0 of 6 (rate 0) */
	c.e_result = (struct idx_frac){0, 0};           /* 4.1: null, out of the max */
	c.feedback_on_time = (struct idx_frac){0, 0};   /* 5.2: 6 of 6 */
	c.feedback_satisfied = (struct idx_frac){0, 0}; /* 5.3: 6 of 6 */
	c.dossier_satisfied = (struct idx_frac){0, 0};  /* 5.4: 0 of 6 */
	struct idx_result r;
	struct xerr e;
	assert_int_equal(idx_score(portal(), UNIT_COMMUNE, &c, NULL, &r, &e), 0);
	const struct idx_row_result *x = row(&r, "2.1");
	assert_int_equal(x->state, IDX_NOT_APPLICABLE);
	assert_int_equal(x->zero, IDX_ZERO_NA);
	assert_true(isnan(x->rate));
	near(x->max, 0);
	near(r.groups[IDX_PROGRESS].max, 0);
	x = row(&r, "3.6");
	assert_int_equal(x->zero, IDX_ZERO_NONE);
	near(x->points, 0);
	near(x->max, 6);
	near(r.groups[IDX_PAYMENT].points, 3.5);
	near(row(&r, "4.1")->max, 0);
	near(row(&r, "5.2")->points, 6);
	near(row(&r, "5.3")->points, 6);
	near(row(&r, "5.4")->points, 0);
	near(r.groups[IDX_SATISFACTION].points, 12);
	near(r.groups[IDX_SATISFACTION].max, 18);
	/* The METRICS note's split: 5.3's 6 points go 3 to 5.2 (no feedback:
	 * full, 9) and 3 to 5.4 (0 dossiers: 0 of 9). */
	struct idx_options o;
	idx_options_default(&o);
	o.feedback_zero = IDX_ZERO_SPLIT;
	assert_int_equal(idx_score(portal(), UNIT_COMMUNE, &c, &o, &r, &e), 0);
	near(row(&r, "5.3")->max, 0);
	near(row(&r, "5.2")->points, 9);
	near(row(&r, "5.4")->max, 9);
	near(r.groups[IDX_SATISFACTION].points, 9);
	near(r.groups[IDX_SATISFACTION].max, 18);
	/* With dossiers: 5.4 = min(9, 9 x 0.855 / 0.9) = 8.55; group 17.55
	 * (the observed rule gives 6 + 6 + 5.7 = 17.7). */
	c.dossier_satisfied = (struct idx_frac){855, 1000};
	assert_int_equal(idx_score(portal(), UNIT_COMMUNE, &c, &o, &r, &e), 0);
	near(r.groups[IDX_SATISFACTION].points, 17.55);
	assert_int_equal(idx_score(portal(), UNIT_COMMUNE, &c, NULL, &r, &e), 0);
	near(r.groups[IDX_SATISFACTION].points, 17.7);
}

static void test_targets_cap(void **state)
{
	(void)state;
	struct idx766_counts c = sample();
	c.dossier_satisfied = (struct idx_frac){950, 1000}; /* 95 % >= 90 %: full 6 */
	c.online_dossiers = (struct idx_frac){600, 1000};   /* 60 % >= 50 %: full 6 */
	c.reused = (struct idx_frac){700, 1000};            /* 70 % of 80 %: 1.75 */
	c.procedures_online = (struct idx_frac){200, 200};  /* 100 %: capped at 2 */
	c.on_time = (struct idx_frac){1000, 1000};          /* linear: 20 */
	struct idx_result r;
	struct xerr e;
	assert_int_equal(idx_score(portal(), UNIT_PROVINCE, &c, NULL, &r, &e), 0);
	near(row(&r, "5.4")->points, 6);
	near(row(&r, "3.3")->points, 6);
	near(row(&r, "4.3")->points, 1.75);
	near(row(&r, "3.1")->points, 2);
	near(row(&r, "2.1")->points, 20);
	near(r.groups[IDX_ONLINE].points, 2 + 1 + 6); /* the composite A + B + C */
}

static void test_no_data_and_bad_counts(void **state)
{
	(void)state;
	struct idx766_counts c = sample();
	c.dossier_sync = (struct idx_frac){NAN, NAN}; /* not reported yet */
	struct idx_result r;
	struct xerr e;
	assert_int_equal(idx_score(portal(), UNIT_PROVINCE, &c, NULL, &r, &e), 0);
	assert_int_equal(row(&r, "1.4")->state, IDX_NO_DATA);
	near(row(&r, "1.4")->points, 0);
	near(row(&r, "1.4")->max, 6);
	assert_false(r.complete);
	double v[IDX_VALUES];
	idx_values(&r, v);
	assert_true(isnan(v[0]) && isnan(v[1 + IDX_TRANSPARENCY]));
	near(v[1 + IDX_PROGRESS], 17);
	c = sample();
	c.on_time = (struct idx_frac){1001, 1000};
	assert_int_equal(idx_score(portal(), UNIT_PROVINCE, &c, NULL, &r, &e), XERR_INVALID);
	assert_string_equal(e.field, "2.1");
	c.on_time = (struct idx_frac){-1, 10};
	assert_int_equal(idx_score(portal(), UNIT_PROVINCE, &c, NULL, &r, &e), XERR_INVALID);
	c = sample();
	assert_int_equal(idx_score(idx_profile_find("qd766-2022"), UNIT_PROVINCE, &c, NULL, &r, &e),
	                 XERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "not found"));
}

static void test_profile_by_date(void **state)
{
	(void)state;
	size_t n;
	const struct idx_profile *ps = idx_profiles(&n), *p;
	struct xerr e;
	assert_int_equal(idx_profile_for(ps, n, lunar_jdn(2026, 3, 31), &p, &e), 0);
	assert_string_equal(p->id, "dvcqg-2026-09");
	assert_int_equal(idx_profile_for(ps, n, lunar_jdn(2022, 6, 23), &p, &e), 0);
	assert_int_equal(idx_profile_for(ps, n, lunar_jdn(2022, 6, 22), &p, &e), XERR_NOTFOUND);
	assert_null(p);
	/* A later version takes over on its day; the earlier one ends the day
	 * before; a newer slot without a table is never chosen. */
	struct idx_profile v[3] = {*portal(), *portal(), *portal()};
	v[0].id = "old";
	v[0].effective_to = "2026-10-01";
	v[1].id = "new";
	v[1].effective_from = "2026-10-01";
	v[2].id = "unknown";
	v[2].effective_from = "2027-01-01";
	v[2].found = false;
	assert_int_equal(idx_profile_for(v, 3, lunar_jdn(2026, 9, 30), &p, &e), 0);
	assert_string_equal(p->id, "old");
	assert_int_equal(idx_profile_for(v, 3, lunar_jdn(2026, 10, 1), &p, &e), 0);
	assert_string_equal(p->id, "new");
	assert_int_equal(idx_profile_for(v, 3, lunar_jdn(2027, 6, 1), &p, &e), 0);
	assert_string_equal(p->id, "new");
}

/* docs/index766.md has a line for every row, with the portal's code. */
static void test_guide_has_every_row(void **state)
{
	(void)state;
	char *doc = doc_read("index766.md");
	if (!doc)
		fail_msg("docs/index766.md not found (set XASO_SRC)");
	const struct idx_profile *p = portal();
	char q[80];
	for (size_t i = 0; i < p->nrows; i++) {
		snprintf(q, sizeof q, "| %s |", p->rows[i].code);
		if (!strstr(doc, q))
			fail_msg("docs/index766.md lacks row %s", p->rows[i].code);
		snprintf(q, sizeof q, "`%s`", p->rows[i].api_code);
		if (*p->rows[i].api_code && !strstr(doc, q))
			fail_msg("docs/index766.md lacks %s", q);
	}
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),           cmocka_unit_test(test_every_row_province),
	    cmocka_unit_test(test_commune_rule),    cmocka_unit_test(test_zero_denominators),
	    cmocka_unit_test(test_targets_cap),     cmocka_unit_test(test_no_data_and_bad_counts),
	    cmocka_unit_test(test_profile_by_date), cmocka_unit_test(test_guide_has_every_row),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
