/* Tests for src/store/records.c, records_business.c, records_team.c,
 * records_activity.c, reports.c and pop_eval.c: records stored by their
 * keys (an update, not a second record), the unit and team checks, an
 * activity kept once per id, reports waiting, approved, superseded, and
 * the value of every kind of aggregate over them for a period, counted by
 * hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli/cli.h"
#include "core/lunar.h"
#include "store/store.h"

#define DAY(y, m, d) lunar_jdn(y, m, d)

#include "store_fixture.h"

/* The store with villages 22015001, 22015002 and 22045001. */
static struct store *fresh(void)
{
	static const char *const v[][4] = {{"22015001", "Thôn 1", "Thôn", "22015"},
	                                   {"22015002", "Tổ dân phố 2", "Tổ dân phố", "22015"},
	                                   {"22045001", "Thôn 1", "Thôn", "22045"}};
	fixture_path("records");
	struct store *s = fixture_store();
	fixture_villages(s, v, 3);
	return s;
}

/* Reads a record of kind k from "col=value;col=value" and saves it. */
static int save(struct store *s, const struct rec_kind *k, const char *spec, bool *dup,
                struct xerr *e)
{
	char rec[4096], buf[512];
	memset(rec, 0, sizeof rec);
	snprintf(buf, sizeof buf, "%s", spec);
	for (char *p = strtok(buf, ";"); p; p = strtok(NULL, ";")) {
		char *eq = strchr(p, '=');
		*eq = 0;
		int i = rec_col_index(k, p);
		assert_true(i >= 0);
		if (rec_set(k, (size_t)i, eq + 1, rec, e) != 0)
			return e->code;
	}
	int rc = k->check(rec, DAY(2026, 12, 1), e);
	struct actor who;
	actor_system(&who, "test");
	who.account_id = 99;
	snprintf(who.login, sizeof who.login, "tester");
	return rc ? rc : store_record_save(s, &who, k, rec, dup, e);
}

static int count_cb(const void *rec, void *ctx)
{
	(void)rec;
	(*(int *)ctx)++;
	return 0;
}

static int listed(struct store *s, const struct rec_kind *k, const char *unit, int32_t as_of)
{
	int n = 0;
	struct xerr e = {0};
	struct rec_query q = {.unit = unit, .as_of = as_of};
	assert_int_equal(store_records_list(s, k, &q, count_cb, &n, &e), 0);
	return n;
}

/* The value of one aggregate for 22015's subtree over [first, last]. */
struct sum {
	double v;
	bool any;
};

static int add(const char *unit, const double *v, void *ctx)
{
	struct sum *t = ctx;
	if (strncmp(unit, "22015", 5) || isnan(v[0]))
		return 0;
	t->v += v[0];
	t->any = true;
	return 0;
}

static int province(const char *unit, const double *v, void *ctx)
{
	struct sum *t = ctx;
	if (!strcmp(unit, "66")) {
		t->v += v[0];
		t->any = true;
	}
	return 0;
}

static double value(struct store *s, const char *formula, int32_t first, int32_t last)
{
	struct expr_plan *p;
	struct expr_error pe;
	struct xerr e = {0};
	if (expr_compile(formula, EXPR_ANY, &p, &pe, &e) != 0)
		fail_msg("%s: %s", formula, e.msg);
	const struct expr_agg *a = &p->aggs[0];
	struct sum t = {0, false};
	if (store_pop_eval(s, NULL, 0, first, last, &a, 1, add, &t, &e) != 0)
		fail_msg("%s: %s", formula, e.msg);
	bool reported = a->kind == EXPR_REPORTED;
	expr_plan_free(p);
	return t.any || !reported ? t.v : NAN;
}

static void test_businesses_and_products(void **state)
{
	(void)state;
	struct store *s = fresh();
	struct xerr e = {0};
	assert_int_equal(save(s, &rec_businesses,
	                      "tax_code=0100109106;kind=enterprise;name=A;unit=22015001;"
	                      "opened_on=2020-01-01;einvoice_from=2022-07-01",
	                      NULL, &e),
	                 0);
	/* The same tax code updates the business. */
	assert_int_equal(
	    save(s, &rec_businesses,
	         "tax_code=0100109106;kind=enterprise;name=A2;unit=22015001;"
	         "opened_on=2020-01-01;einvoice_from=2022-07-01;cashless_from=2026-05-01",
	         NULL, &e),
	    0);
	assert_int_equal(save(s, &rec_businesses,
	                      "tax_code=0101243150;kind=household_business;name=B;unit=22015002;"
	                      "opened_on=2021-01-01;closed_on=2026-06-01",
	                      NULL, &e),
	                 0);
	assert_int_equal(save(s, &rec_businesses,
	                      "tax_code=0101243150-001;kind=enterprise;name=C;unit=66;"
	                      "opened_on=2021-01-01",
	                      NULL, &e),
	                 XERR_INVALID);
	assert_string_equal(e.field, "unit");
	assert_int_equal(listed(s, &rec_businesses, "22015", 0), 2);
	assert_int_equal(listed(s, &rec_businesses, "22015", DAY(2026, 7, 1)), 1);
	assert_int_equal(listed(s, &rec_businesses, "22045", 0), 0);
	int32_t m = DAY(2026, 5, 1), end = DAY(2026, 5, 31);
	assert_true(value(s, "count(businesses)", m, end) == 2);
	assert_true(value(s, "count(businesses where einvoice)", m, end) == 1);
	assert_true(value(s, "count(businesses where cashless)", m, end) == 1);
	assert_true(
	    value(s, "count(businesses where cashless)", DAY(2026, 4, 1), DAY(2026, 4, 30)) == 0);
	assert_true(value(s, "count(businesses where kind = household_business)", DAY(2026, 7, 1),
	                  DAY(2026, 7, 31)) == 0);
	/* Products, each listing a row; online once listed. */
	assert_int_equal(save(s, &rec_products,
	                      "code=P1;unit=22015;name=Mật ong;producer=HTX;kind=ocop;ocop_stars=4;"
	                      "added_on=2024-01-01;platform=Shopee;url=https://shopee.vn/p1;"
	                      "online_since=2026-03-01",
	                      NULL, &e),
	                 0);
	assert_int_equal(save(s, &rec_products,
	                      "code=P1;unit=22015;name=Mật ong;producer=HTX;kind=ocop;ocop_stars=4;"
	                      "added_on=2024-01-01;platform=Postmart;online_since=2025-01-01",
	                      NULL, &e),
	                 0);
	assert_int_equal(save(s, &rec_products,
	                      "code=P2;unit=22015001;name=Gạo;producer=HTX;kind=agricultural;"
	                      "added_on=2024-01-01",
	                      NULL, &e),
	                 0);
	assert_int_equal(listed(s, &rec_products, "22015", 0), 3);
	assert_true(value(s, "count(products where online)", DAY(2025, 2, 1), DAY(2025, 2, 28)) ==
	            1);
	assert_true(value(s, "count(products where ocop_stars >= 4)", m, end) == 1);
	assert_true(value(s, "count(products)", m, end) == 2);
	store_close(s);
}

static void test_teams_members_activities(void **state)
{
	(void)state;
	struct store *s = fresh();
	struct xerr e = {0};
	bool dup = false;
	assert_int_equal(save(s, &rec_teams, "unit=22015001;founded_on=2024-01-01", NULL, &e), 0);
	assert_int_equal(save(s, &rec_teams, "unit=22015;founded_on=2023-01-01", NULL, &e), 0);
	/* One team of a unit at a time. */
	assert_int_equal(save(s, &rec_teams, "unit=22015001;founded_on=2025-01-01", NULL, &e),
	                 XERR_INVALID);
	assert_int_equal(save(s, &rec_teams, "unit=22015002;founded_on=2026-06-01", NULL, &e), 0);
	assert_int_equal(
	    save(s, &rec_members,
	         "team_unit=22015001;full_name=A;position=teacher;joined_on=2024-01-01", NULL, &e),
	    0);
	assert_int_equal(save(s, &rec_members,
	                      "team_unit=22015001;full_name=B;position=police;joined_on=2024-02-01;"
	                      "left_on=2026-04-01",
	                      NULL, &e),
	                 0);
	/* The same name and day: an update (she left). */
	assert_int_equal(
	    save(s, &rec_members,
	         "team_unit=22015001;full_name=A;position=teacher;joined_on=2024-01-01;"
	         "left_on=2026-10-01",
	         NULL, &e),
	    0);
	assert_int_equal(
	    save(s, &rec_members,
	         "team_unit=22015001;full_name=C;position=teacher;joined_on=2024-01-01;"
	         "login=nobody",
	         NULL, &e),
	    XERR_INVALID);
	assert_string_equal(e.field, "login");
	assert_int_equal(
	    save(s, &rec_members,
	         "team_unit=22045001;full_name=D;position=teacher;joined_on=2024-01-01", NULL, &e),
	    XERR_INVALID);
	assert_string_equal(e.field, "team_unit");
	assert_int_equal(listed(s, &rec_members, "22015", 0), 2);
	int32_t may = DAY(2026, 5, 1), mayend = DAY(2026, 5, 31);
	assert_true(value(s, "count(team_members)", may, mayend) == 1);
	assert_true(value(s, "count(teams where members >= 1)", may, mayend) == 1);
	assert_true(value(s, "count(teams where level = commune)", may, mayend) == 1);
	assert_true(value(s, "count(villages)", may, mayend) == 2);
	assert_true(value(s, "count(villages where has_team)", may, mayend) == 1);
	assert_true(value(s, "count(villages where has_team)", DAY(2026, 7, 1), DAY(2026, 7, 31)) ==
	            2);
	assert_true(value(s, "count(villages where kind = residential_group)", may, mayend) == 1);
	/* Activities: an id kept once; a campaign's sessions. */
	assert_int_equal(save(s, &rec_campaigns,
	                      "code=C1;unit=66;name=Bình dân học vụ số;starts_on=2026-05-01;"
	                      "ends_on=2026-06-30;seq=1;target_name=Buổi;measure=sessions;target=4",
	                      NULL, &e),
	                 0);
	assert_int_equal(save(s, &rec_campaigns,
	                      "code=C1;unit=66;name=Bình dân học vụ số;starts_on=2026-05-01;"
	                      "ends_on=2026-06-30;seq=2;target_name=Lượt;measure=attendance;"
	                      "target=100",
	                      NULL, &e),
	                 0);
	const char *entry = "team_unit=22015001;day=2026-05-10;kind=eid_activation;people=2;id=k1";
	assert_int_equal(save(s, &rec_activities, entry, &dup, &e), 0);
	assert_false(dup);
	assert_int_equal(save(s, &rec_activities, entry, &dup, &e), 0);
	assert_true(dup);
	assert_int_equal(save(s, &rec_activities,
	                      "team_unit=22015;day=2026-05-12;kind=training;attendance=30;"
	                      "campaign=C1",
	                      NULL, &e),
	                 0);
	assert_int_equal(save(s, &rec_activities,
	                      "team_unit=22015;day=2026-07-12;kind=training;attendance=30;"
	                      "campaign=C1",
	                      NULL, &e),
	                 XERR_INVALID);
	assert_string_equal(e.field, "campaign");
	assert_int_equal(save(s, &rec_activities,
	                      "team_unit=22015002;day=2026-05-10;kind=eid_activation", NULL, &e),
	                 XERR_INVALID);
	assert_true(value(s, "count(activities)", may, mayend) == 2);
	assert_true(value(s, "sum(activities.people)", may, mayend) == 32);
	assert_true(value(s, "count(activities)", DAY(2026, 4, 1), DAY(2026, 4, 30)) == 0);
	assert_true(value(s, "sum(trainings.attendance where campaign = \"C1\")", may, mayend) ==
	            30);
	/* The campaign's targets are its unit's, the province's. */
	struct sum t = {0, false};
	struct expr_plan *p;
	struct expr_error pe;
	assert_int_equal(expr_compile("sum(campaigns.target_attendance)", EXPR_ANY, &p, &pe, &e),
	                 0);
	const struct expr_agg *a = &p->aggs[0];
	assert_int_equal(store_pop_eval(s, NULL, 0, may, mayend, &a, 1, province, &t, &e), 0);
	assert_true(t.any && t.v == 100);
	t = (struct sum){0, false};
	assert_int_equal(
	    store_pop_eval(s, NULL, 0, DAY(2026, 8, 1), DAY(2026, 8, 31), &a, 1, province, &t, &e),
	    0);
	assert_false(t.any && t.v != 0);
	expr_plan_free(p);
	store_close(s);
}

static int get_status(const void *rec, void *ctx)
{
	const struct report *r = rec;
	((int *)ctx)[r->status]++;
	return 0;
}

static void test_reports(void **state)
{
	(void)state;
	struct store *s = fresh();
	struct xerr e = {0};
	struct actor who;
	actor_system(&who, "test");
	const char *march = "unit=22015;figure=people_4g;period=2026-03;value=900";
	assert_int_equal(save(s, &rec_reports, march, NULL, &e), 0);
	int32_t apr = DAY(2026, 4, 1), aprend = DAY(2026, 4, 30);
	assert_true(isnan(value(s, "reported(people_4g)", apr, aprend)));
	struct rec_query q = {.unit = "22015", .status = REPORT_WAITING};
	struct report r;
	int counts[5] = {0};
	assert_int_equal(store_records_list(s, &rec_reports, &q, get_status, counts, &e), 0);
	assert_int_equal(counts[REPORT_WAITING], 1);
	assert_int_equal(store_report_get(s, 1, &r, &e), 0);
	assert_int_equal(store_report_decide(s, &who, 1, true, "ok", &e), 0);
	assert_int_equal(store_report_decide(s, &who, 1, false, "", &e), XERR_CONFLICT);
	assert_true(value(s, "reported(people_4g)", apr, aprend) == 900);
	/* A correction waits; once approved the first is superseded. */
	assert_int_equal(
	    save(s, &rec_reports, "unit=22015;figure=people_4g;period=2026-03;value=950", NULL, &e),
	    0);
	assert_true(value(s, "reported(people_4g)", apr, aprend) == 900);
	assert_int_equal(store_report_decide(s, &who, 2, true, "", &e), 0);
	assert_true(value(s, "reported(people_4g)", apr, aprend) == 950);
	/* Flows add up the months of a quarter. */
	assert_int_equal(save(s, &rec_reports,
	                      "unit=22015;figure=documents_online;period=2026-01;value=10", NULL,
	                      &e),
	                 0);
	assert_int_equal(save(s, &rec_reports,
	                      "unit=22015001;figure=documents_online;period=2026-02;value=5", NULL,
	                      &e),
	                 0);
	assert_int_equal(store_report_decide(s, &who, 3, true, "", &e), 0);
	assert_int_equal(store_report_decide(s, &who, 4, true, "", &e), 0);
	assert_true(value(s, "reported(documents_online)", DAY(2026, 1, 1), DAY(2026, 3, 31)) ==
	            15);
	memset(counts, 0, sizeof counts);
	q.status = 0;
	assert_int_equal(store_records_list(s, &rec_reports, &q, get_status, counts, &e), 0);
	assert_true(counts[REPORT_APPROVED] == 3 && counts[REPORT_SUPERSEDED] == 1);
	/* Entities kept elsewhere are refused, never counted as 0. */
	struct expr_plan *p;
	struct expr_error pe;
	assert_int_equal(expr_compile("count(dossiers)", EXPR_ANY, &p, &pe, &e), 0);
	const struct expr_agg *a = &p->aggs[0];
	struct sum t = {0, false};
	assert_int_equal(store_pop_eval(s, NULL, 0, apr, aprend, &a, 1, add, &t, &e), XERR_INVALID);
	expr_plan_free(p);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_businesses_and_products, fixture_remove),
	    cmocka_unit_test_teardown(test_teams_members_activities, fixture_remove),
	    cmocka_unit_test_teardown(test_reports, fixture_remove),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
