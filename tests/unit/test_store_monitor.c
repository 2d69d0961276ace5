/* Tests for src/store/monitor_eval.c, indicators.c and plan_tasks.c: the
 * seeded definitions, saving indicators and criteria sets, every kind of
 * dossier filter turned into SQL and counted against dossiers written by
 * hand (counts worked out by hand below), "no data" for what is not kept,
 * plan tasks by core's states, successions and snapshots. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "cli/cli.h"
#include "core/calendar.h"
#include "core/dossier.h"
#include "core/lunar.h"
#include "store/store.h"
#include "store/store_audit.h"

#define DAY(y, m, d) lunar_jdn(y, m, d)

static char path[64];

static int teardown(void **state)
{
	(void)state;
	char p[80];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
	return 0;
}

static struct store *fresh(void)
{
	struct store *s;
	struct xerr e = {0};
	snprintf(path, sizeof path, "/tmp/xaso-monitor-%d.db", (int)getpid());
	unlink(path);
	assert_int_equal(store_open(path, STORE_CREATE | STORE_MIGRATE, &s, &e), 0);
	assert_int_equal(cli_seed_reference(s, &e), 0);
	return s;
}

/* Rows written beside the store, as a second process would. */
static void sql(const char *text)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(db, text, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", text, msg);
	sqlite3_close(db);
}

static int count_ind(const struct mon_indicator *m, void *ctx)
{
	struct mon_indicator copy = *m;
	struct expr_plan *plan = NULL;
	struct xerr e = {0};
	assert_int_equal(ind_def_check(mon_def(&copy), &plan, NULL, &e), 0);
	expr_plan_free(plan);
	(*(int *)ctx)++;
	return 0;
}

static void test_seed_and_save(void **state)
{
	(void)state;
	struct store *s = fresh();
	struct xerr e = {0};
	size_t nb;
	ind_builtin(&nb);
	int n = 0;
	assert_int_equal(store_indicator_list(s, count_ind, &n, &e), 0);
	assert_int_equal(n, (int)nb);

	struct mon_indicator m;
	assert_int_equal(store_indicator_get(s, "satisfaction_rate", &m, &e), 0);
	assert_true(m.headline);
	assert_int_equal(m.ntargets, 2);
	assert_true(isnan(m.red));
	assert_int_equal(store_indicator_get(s, "nothing", &m, &e), XERR_NOTFOUND);
	assert_string_equal(e.field, "id");

	struct actor who;
	actor_system(&who, "test");
	mon_from_def(&m, ind_builtin_find("online_rate"));
	assert_int_equal(store_indicator_save(s, &who, &m, true, &e), XERR_CONFLICT);
	snprintf(m.id, sizeof m.id, "x_rate");
	m.green = NAN;
	m.targets[0] = (struct ind_target){2027, UNIT_COMMUNE, 60};
	m.ntargets = 1;
	assert_int_equal(store_indicator_save(s, &who, &m, true, &e), 0);
	struct mon_indicator back;
	assert_int_equal(store_indicator_get(s, "x_rate", &back, &e), 0);
	assert_true(isnan(back.green));
	assert_int_equal(back.ntargets, 1);
	assert_int_equal(back.targets[0].year, 2027);
	snprintf(m.id, sizeof m.id, "y_rate");
	assert_int_equal(store_indicator_save(s, &who, &m, false, &e), XERR_NOTFOUND);

	struct mon_criteria_set c;
	assert_int_equal(store_criteria_for_level(s, UNIT_COMMUNE, &c, &e), 1);
	assert_string_equal(c.id, "commune-dx");
	assert_true(c.n >= 3);
	snprintf(c.id, sizeof c.id, "second");
	c.colour.red_failed_over = 3;
	assert_int_equal(store_criteria_save(s, &who, &c, true, &e), 0);
	store_criteria_clear(&c);
	assert_int_equal(store_criteria_get(s, "second", &c, &e), 0);
	assert_int_equal(c.colour.red_failed_over, 3);
	store_criteria_clear(&c);
	assert_int_equal(store_criteria_for_level(s, UNIT_VILLAGE, &c, &e), 0);
	store_close(s);
}

/* ---- dossiers ---- */

struct got {
	char unit[16][16];
	double v[16][8];
	int n;
	size_t k;
};

static int collect(const char *unit, const double *values, void *ctx)
{
	struct got *g = ctx;
	int i = 0;
	while (i < g->n && strcmp(g->unit[i], unit))
		i++;
	if (i == g->n) {
		snprintf(g->unit[g->n], 16, "%s", unit);
		for (size_t j = 0; j < g->k; j++)
			g->v[g->n][j] = NAN;
		g->n++;
	}
	for (size_t j = 0; j < g->k; j++)
		if (!isnan(values[j]))
			g->v[i][j] = isnan(g->v[i][j]) ? values[j] : g->v[i][j] + values[j];
	return 0;
}

static double of(const struct got *g, const char *unit, size_t j)
{
	for (int i = 0; i < g->n; i++)
		if (!strcmp(g->unit[i], unit))
			return g->v[i][j];
	return -1; /* no row for the unit */
}

static const char *const dossier_formulas[] = {
    "count(dossiers)",
    "count(dossiers where channel in (online, post))",
    "count(dossiers where finished and not on_time)",
    "count(dossiers where status = processing)",
    "count(dossiers where digitised or e_result)",
    "count(dossiers where filed_on >= \"2026-03-10\" and procedure != \"9.999\")",
    "count(dossiers where overdue)",
    "count(dossiers where reused)",
};

static void put_dossiers(void)
{
	char buf[4096];
	int64_t m = cal_time(DAY(2026, 3, 1), 9 * 60), day = 1440;
	/* 22015: 1 online finished on time, a result file; 2 counter late; 3
	 * post still processing at the end (its status moved on in April),
	 * overdue from 03-20; 22045: one online dossier; 01001 (another
	 * province): one; and one of February in 22015 (not counted). */
	snprintf(buf, sizeof buf,
	         "INSERT INTO dossier(id, code, unit, procedure, channel, status, applicant_name, "
	         "submitted_at, finished_at, on_time, overdue_from, is_open) VALUES "
	         "(1, 'a1', '22015', '1.000080', 2, 10, 'x', %lld, %lld, 1, 0, 0),"
	         "(2, 'a2', '22015', '1.000080', 1, 10, 'x', %lld, %lld, 0, 0, 0),"
	         "(3, 'a3', '22015', '1.000094', 3, 10, 'x', %lld, %lld, 0, 0, 0),"
	         "(4, 'b1', '22045', '1.000080', 2, 2, 'x', %lld, 0, NULL, 0, 1),"
	         "(5, 'c1', '01001', '1.000080', 2, 2, 'x', %lld, 0, NULL, 0, 1),"
	         "(6, 'a0', '22015', '1.000080', 2, 10, 'x', %lld, %lld, 1, 0, 0);"
	         "INSERT INTO dossier_event(dossier, from_status, to_status, account_id, login, "
	         "role, at) VALUES (3, 0, 2, 0, 't', 'o', %lld), (3, 2, 4, 0, 't', 'o', %lld), "
	         "(3, 4, 10, 0, 't', 'o', %lld);"
	         "INSERT INTO dossier_file(dossier, kind, sha256, name) VALUES "
	         "(1, 'result', '%064d', 'kq.pdf');",
	         (long long)m, (long long)(m + day), (long long)(m + 2 * day),
	         (long long)(m + 3 * day), (long long)(m + 12 * day), (long long)(m + 40 * day),
	         (long long)m, (long long)m, (long long)(m - 20 * day), (long long)(m - 19 * day),
	         (long long)(m + 12 * day), (long long)(m + 13 * day), (long long)(m + 40 * day),
	         0);
	sql(buf);
	/* a3 was overdue from 03-20 before it ended (in April). */
	snprintf(buf, sizeof buf, "UPDATE dossier SET overdue_from = 0 WHERE id = 3");
	sql(buf);
}

static void test_dossier_filters(void **state)
{
	(void)state;
	struct store *s = fresh();
	struct xerr e = {0};
	put_dossiers();
	size_t n = sizeof dossier_formulas / sizeof dossier_formulas[0];
	struct expr_plan *plans[8];
	const struct expr_agg *aggs[8];
	for (size_t j = 0; j < n; j++) {
		assert_int_equal(expr_compile(dossier_formulas[j], EXPR_ANY, &plans[j], NULL, &e),
		                 0);
		aggs[j] = &plans[j]->aggs[0];
		assert_true(store_mon_evaluates(aggs[j]));
	}
	assert_false(store_mon_no_data(aggs[0]));
	assert_true(store_mon_no_data(aggs[7])); /* reuse is not kept yet */
	struct got g = {.k = n};
	assert_int_equal(
	    store_mon_eval(s, "66", DAY(2026, 3, 1), DAY(2026, 3, 31), aggs, n, collect, &g, &e),
	    0);
	assert_int_equal(g.n, 2); /* 22015 and 22045, not 01001 */
	assert_true(of(&g, "22015", 0) == 3);
	assert_true(of(&g, "22015", 1) == 2); /* online, post */
	assert_true(of(&g, "22015", 2) == 1); /* a2 finished late; a3 ends in April */
	assert_true(of(&g, "22015", 3) == 1); /* a3 processing on 03-31 */
	assert_true(of(&g, "22015", 4) == 1); /* a1 has a result file */
	assert_true(of(&g, "22015", 5) == 1); /* a3 filed 03-13 */
	assert_true(of(&g, "22015", 6) == 1); /* a3 ended late after the period */
	assert_true(isnan(of(&g, "22015", 7)));
	assert_true(of(&g, "22045", 0) == 1);
	assert_true(of(&g, "22045", 1) == 1);

	/* The same statement again: the interned text is reused. */
	struct got g2 = {.k = n};
	assert_int_equal(store_mon_eval(s, "22015", DAY(2026, 3, 1), DAY(2026, 3, 31), aggs, n,
	                                collect, &g2, &e),
	                 0);
	assert_int_equal(g2.n, 1);
	assert_true(of(&g2, "22015", 0) == 3);
	for (size_t j = 0; j < n; j++)
		expr_plan_free(plans[j]);
	store_close(s);
}

/* ---- feedback ---- */

/* The feedback entity of the vocabulary counts from migration 015: topic,
 * on_time (the store's deadlines) and satisfied (not disliked). */
static void test_feedback(void **state)
{
	(void)state;
	struct store *s = fresh();
	struct xerr e = {0};
	char buf[2048];
	int64_t m = cal_time(DAY(2026, 3, 2), 9 * 60), day = 1440;
	/* 22015: on time and liked (procedure); answered late (staff); refused
	 * on time and disliked; 22045: still open, its answer due after the
	 * period (on time); one of February (not counted). */
	snprintf(buf, sizeof buf,
	         "INSERT INTO feedback(unit, content, created_at, refuse_by, supplement_by, "
	         "answer_by, status, answered_at, topic, rating) VALUES "
	         "('22015', 'a', %lld, %lld, %lld, %lld, 'answered', %lld, 1, 1),"
	         "('22015', 'b', %lld, %lld, %lld, %lld, 'answered', %lld, 2, NULL),"
	         "('22015', 'c', %lld, %lld, %lld, %lld, 'refused', %lld, 0, 0),"
	         "('22045', 'd', %lld, %lld, %lld, %lld, 'open', 0, 1, NULL),"
	         "('22015', 'e', %lld, %lld, %lld, %lld, 'open', 0, 1, NULL)",
	         (long long)m, (long long)(m + 2 * day), (long long)(m + 5 * day),
	         (long long)(m + 15 * day), (long long)(m + 3 * day), (long long)m,
	         (long long)(m + 2 * day), (long long)(m + 5 * day), (long long)(m + 15 * day),
	         (long long)(m + 16 * day), (long long)m, (long long)(m + 2 * day),
	         (long long)(m + 5 * day), (long long)(m + 15 * day), (long long)(m + day),
	         (long long)(m + 25 * day), (long long)(m + 27 * day), (long long)(m + 30 * day),
	         (long long)(m + 40 * day), (long long)(m - 20 * day), (long long)(m - 18 * day),
	         (long long)(m - 15 * day), (long long)(m - 5 * day));
	sql(buf);
	static const char *const formulas[] = {
	    "count(feedback)",
	    "count(feedback where topic = procedure)",
	    "count(feedback where topic = staff)",
	    "count(feedback where on_time)",
	    "count(feedback where on_time and satisfied)",
	};
	enum { N = sizeof formulas / sizeof formulas[0] };
	struct expr_plan *plans[N];
	const struct expr_agg *aggs[N];
	for (size_t j = 0; j < N; j++) {
		assert_int_equal(expr_compile(formulas[j], EXPR_ANY, &plans[j], NULL, &e), 0);
		aggs[j] = &plans[j]->aggs[0];
		assert_true(store_mon_evaluates(aggs[j]));
		assert_false(store_mon_no_data(aggs[j]));
	}
	struct got g = {.k = N};
	assert_int_equal(
	    store_mon_eval(s, "66", DAY(2026, 3, 1), DAY(2026, 3, 31), aggs, N, collect, &g, &e),
	    0);
	const double want15[N] = {3, 1, 1, 2, 1}, want45[N] = {1, 1, 0, 1, 1};
	for (size_t j = 0; j < N; j++) {
		assert_true(of(&g, "22015", j) == want15[j]);
		assert_true(of(&g, "22045", j) == want45[j]);
	}
	for (size_t j = 0; j < N; j++)
		expr_plan_free(plans[j]);
	store_close(s);
}

/* ---- tasks, successions, snapshots ---- */

static void test_tasks_and_snapshots(void **state)
{
	(void)state;
	struct store *s = fresh();
	struct xerr e = {0};
	struct actor who;
	actor_system(&who, "test");
	struct mon_task t = {.deadline = DAY(2026, 2, 15)};
	snprintf(t.plan, sizeof t.plan, "KH-1");
	snprintf(t.title, sizeof t.title, "Wifi");
	snprintf(t.unit, sizeof t.unit, "22015");
	assert_int_equal(store_task_save(s, &who, &t, true, &e), 0);
	struct mon_task u = t;
	u.id = 0;
	u.deadline = DAY(2099, 12, 31);
	assert_int_equal(store_task_save(s, &who, &u, true, &e), 0);
	snprintf(u.unit, sizeof u.unit, "00000");
	assert_int_equal(store_task_save(s, &who, &u, false, &e), XERR_INVALID);
	assert_string_equal(e.field, "unit");

	struct expr_plan *late, *all;
	assert_int_equal(expr_compile("count(tasks where late)", EXPR_ANY, &late, NULL, &e), 0);
	assert_int_equal(expr_compile("count(tasks)", EXPR_ANY, &all, NULL, &e), 0);
	const struct expr_agg *aggs[2] = {&late->aggs[0], &all->aggs[0]};
	/* Tasks count from the day they were assigned (today). */
	int32_t today = cal_time_day(dossier_local_minutes((int64_t)time(NULL)));
	struct got g = {.k = 2};
	assert_int_equal(store_mon_eval(s, "66", today - 30, today, aggs, 2, collect, &g, &e), 0);
	assert_true(of(&g, "22015", 0) == 1); /* the first is late, the second on track */
	assert_true(of(&g, "22015", 1) == 2);
	struct got before = {.k = 2};
	assert_int_equal(store_mon_eval(s, "66", DAY(2026, 3, 1), DAY(2026, 3, 31), aggs, 2,
	                                collect, &before, &e),
	                 0);
	assert_int_equal(before.n, 0); /* not assigned yet in March */
	expr_plan_free(late);
	expr_plan_free(all);

	assert_int_equal(
	    store_unit_succession_add(s, &who, "22045", "22015", DAY(2026, 3, 1), 0.5, &e), 0);
	struct mon_snap rows[2] = {{"22015", 3, 4}, {"66", NAN, NAN}};
	assert_int_equal(store_snapshot_write(s, &who, "online_rate", "2026-03", rows, 2, &e), 0);
	rows[0].num = 2;
	assert_int_equal(store_snapshot_write(s, &who, "online_rate", "2026-03", rows, 1, &e), 0);
	const char *periods[3] = {"2026-02", "2026-03", "2026-04"};
	double num[3], den[3];
	assert_int_equal(store_snapshot_series(s, "online_rate", "22015", periods, 3, num, den, &e),
	                 0);
	assert_true(isnan(num[0]) && num[1] == 2 && den[1] == 4 && isnan(num[2]));
	assert_int_equal(store_snapshot_series(s, "online_rate", "66", periods, 3, num, den, &e),
	                 0);
	assert_true(isnan(num[1]) && isnan(den[1]));
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_seed_and_save, teardown),
	    cmocka_unit_test_teardown(test_dossier_filters, teardown),
	    cmocka_unit_test_teardown(test_feedback, teardown),
	    cmocka_unit_test_teardown(test_tasks_and_snapshots, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
