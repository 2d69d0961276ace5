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
#include "store_fixture.h"

#define DAY(y, m, d) lunar_jdn(y, m, d)

static struct store *fresh(void)
{
	fixture_path("monitor");
	return fixture_store();
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
	double v[16][12];
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
    "count(dossiers where identity_from_population)",
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
	         "INSERT INTO dossier_file(dossier, kind, sha256, name, reused) VALUES "
	         "(1, 'result', '%064d', 'kq.pdf', 0), (2, 'document', '%064d', 'cccd.pdf', 1), "
	         "(6, 'document', '%064d', 'cccd.pdf', 1);"
	         /* identity from the population data (a1, a0), an e-ID sign-in (b1) */
	         /* the files' facts, kept on the dossier as dossier_file.c keeps them */
	         "UPDATE dossier SET has_document = 1, has_reused = 1 WHERE id IN (2, 6);"
	         "UPDATE dossier SET has_result = 1 WHERE id = 1;"
	         "UPDATE dossier SET identity_source = 1 WHERE id IN (1, 6);"
	         "UPDATE dossier SET identity_source = 2 WHERE id = 4;",
	         (long long)m, (long long)(m + day), (long long)(m + 2 * day),
	         (long long)(m + 3 * day), (long long)(m + 12 * day), (long long)(m + 40 * day),
	         (long long)m, (long long)m, (long long)(m - 20 * day), (long long)(m - 19 * day),
	         (long long)(m + 12 * day), (long long)(m + 13 * day), (long long)(m + 40 * day), 0,
	         1, 2);
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
	struct expr_plan *plans[12];
	const struct expr_agg *aggs[12];
	for (size_t j = 0; j < n; j++) {
		assert_int_equal(expr_compile(dossier_formulas[j], EXPR_ANY, &plans[j], NULL, &e),
		                 0);
		aggs[j] = &plans[j]->aggs[0];
		assert_true(store_mon_evaluates(aggs[j]));
	}
	assert_false(store_mon_no_data(aggs[0]));
	assert_false(store_mon_no_data(aggs[7])); /* reuse is kept (migration 014) */
	struct got g = {.k = n};
	assert_int_equal(
	    store_mon_eval(s, "66", DAY(2026, 3, 1), DAY(2026, 3, 31), aggs, n, collect, &g, &e),
	    0);
	assert_int_equal(g.n, 2); /* 22015 and 22045, not 01001 */
	assert_true(of(&g, "22015", 0) == 3);
	assert_true(of(&g, "22015", 1) == 2); /* online, post */
	assert_true(of(&g, "22015", 2) == 1); /* a2 finished late; a3 ends in April */
	assert_true(of(&g, "22015", 3) == 1); /* a3 processing on 03-31 */
	assert_true(of(&g, "22015", 4) == 2); /* a1 has a result file, a2 a document */
	assert_true(of(&g, "22015", 5) == 1); /* a3 filed 03-13 */
	assert_true(of(&g, "22015", 6) == 1); /* a3 ended late after the period */
	assert_true(of(&g, "22015", 7) == 1); /* a2 reuses a document; a0 is February's */
	assert_true(of(&g, "22015", 8) == 1); /* a1 from the population data */
	assert_true(of(&g, "22045", 0) == 1);
	assert_true(of(&g, "22045", 1) == 1);
	assert_true(of(&g, "22045", 7) == 0);
	assert_true(of(&g, "22045", 8) == 1); /* b1 signed in with its e-ID */

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

/* ---- officials and their certificates ---- */

static void put_officials(void)
{
	char buf[2048];
	int64_t jan = dossier_unix_seconds(cal_time(DAY(2026, 1, 1), 0)),
	        feb15 = dossier_unix_seconds(cal_time(DAY(2026, 2, 15), 0)),
	        mar10 = dossier_unix_seconds(cal_time(DAY(2026, 3, 10), 0)),
	        dec = dossier_unix_seconds(cal_time(DAY(2026, 12, 31), 0));
	/* 22015: o1 certified all year, l1's expired on 02-15, o2 none, o3
	 * disabled (not counted), a team member (not an official); 22045: o4
	 * revoked on 03-10; 01001 (another province): o5 certified. */
	snprintf(
	    buf, sizeof buf,
	    "INSERT INTO account(id, login, role, unit, password_hash, disabled, created_at) "
	    "VALUES (11, 'o1', 'officer', '22015', 'x', 0, %lld), (12, 'l1', 'leader', "
	    "'22015', 'x', 0, %lld), (13, 'o2', 'officer', '22015', 'x', 0, %lld), "
	    "(14, 'o3', 'officer', '22015', 'x', 1, %lld), (15, 't1', 'team', '22015', 'x', 0, "
	    "%lld), (16, 'o4', 'officer', '22045', 'x', 0, %lld), (17, 'o5', 'officer', "
	    "'01001', 'x', 0, %lld);"
	    "INSERT INTO cert(kind, unit, account, common_name, subject, issuer, serial, sha256, "
	    "not_before, not_after, chain_pem, created_at, revoked_at) VALUES "
	    "('person', '22015', 11, 'o1', 's', 'i', '01', '%064d', %lld, %lld, 'p', 0, 0), "
	    "('person', '22015', 12, 'l1', 's', 'i', '02', '%064d', %lld, %lld, 'p', 0, 0), "
	    "('person', '22015', 14, 'o3', 's', 'i', '03', '%064d', %lld, %lld, 'p', 0, 0), "
	    "('person', '22045', 16, 'o4', 's', 'i', '04', '%064d', %lld, %lld, 'p', 0, %lld), "
	    "('person', '01001', 17, 'o5', 's', 'i', '05', '%064d', %lld, %lld, 'p', 0, 0);",
	    (long long)jan, (long long)jan, (long long)jan, (long long)jan, (long long)jan,
	    (long long)jan, (long long)jan, 1, (long long)jan, (long long)dec, 2, (long long)jan,
	    (long long)feb15, 3, (long long)jan, (long long)dec, 4, (long long)jan, (long long)dec,
	    (long long)mar10, 5, (long long)jan, (long long)dec);
	sql(buf);
}

static void test_officials(void **state)
{
	(void)state;
	struct store *s = fresh();
	struct xerr e = {0};
	put_officials();
	const char *const formulas[] = {
	    "count(officials)",
	    "count(officials where has_valid_certificate)",
	    "count(officials where not has_valid_certificate)",
	};
	struct expr_plan *plans[3];
	const struct expr_agg *aggs[3];
	for (size_t j = 0; j < 3; j++) {
		assert_int_equal(expr_compile(formulas[j], EXPR_ANY, &plans[j], NULL, &e), 0);
		aggs[j] = &plans[j]->aggs[0];
		assert_true(store_mon_evaluates(aggs[j]));
		assert_false(store_mon_no_data(aggs[j]));
	}
	struct got g = {.k = 3};
	assert_int_equal(
	    store_mon_eval(s, "66", DAY(2026, 3, 1), DAY(2026, 3, 31), aggs, 3, collect, &g, &e),
	    0);
	assert_int_equal(g.n, 2); /* not 01001 */
	assert_true(of(&g, "22015", 0) == 3);
	assert_true(of(&g, "22015", 1) == 1); /* o1; l1's expired in February */
	assert_true(of(&g, "22015", 2) == 2);
	assert_true(of(&g, "22045", 0) == 1);
	assert_true(of(&g, "22045", 1) == 0); /* revoked on 03-10 */
	/* In February l1's certificate still held, o4's was not revoked yet. */
	struct got f = {.k = 3};
	assert_int_equal(
	    store_mon_eval(s, "66", DAY(2026, 2, 1), DAY(2026, 2, 14), aggs, 3, collect, &f, &e),
	    0);
	assert_true(of(&f, "22015", 1) == 2);
	assert_true(of(&f, "22045", 1) == 1);
	for (size_t j = 0; j < 3; j++)
		expr_plan_free(plans[j]);
	store_close(s);
}

/* ---- tasks, successions, snapshots ---- */

struct snaps {
	int n;
	char units[256]; /* "|A|B|" */
};

static int snap_got(const struct mon_snap *v, void *ctx)
{
	struct snaps *x = ctx;
	size_t len = strlen(x->units);
	snprintf(x->units + len, sizeof x->units - len, "%s%s|", len ? "" : "|", v->unit);
	x->n++;
	return 0;
}

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

	/* A read gives the root and its children, not the rest. */
	struct mon_snap other = {"01001", 1, 1};
	assert_int_equal(store_snapshot_write(s, &who, "online_rate", "2026-03", &other, 1, &e), 0);
	struct snaps got = {0};
	assert_int_equal(store_snapshot_read(s, "online_rate", "2026-03", "66", snap_got, &got, &e),
	                 1);
	assert_int_equal(got.n, 2);
	assert_true(strstr(got.units, "|66|") && strstr(got.units, "|22015|"));
	memset(&got, 0, sizeof got);
	assert_int_equal(
	    store_snapshot_read(s, "online_rate", "2026-03", "22015", snap_got, &got, &e), 1);
	assert_int_equal(got.n, 1);
	assert_string_equal(got.units, "|22015|");
	assert_int_equal(store_snapshot_read(s, "online_rate", "2026-04", "66", snap_got, &got, &e),
	                 0);
	store_close(s);
}

/* Migration 017 on a database from before it: the 766 index's indicators
 * it lacks are added with their targets after the last position; an id a
 * province already used keeps the province's definition; feedback gets
 * its "repeats" column, NULL for what was there. */
static void test_upgrade_017(void **state)
{
	(void)state;
	char old[80];
	struct store *s;
	struct xerr e = {0};
	fixture_path("monitor");
	const char *sql = FIXTURE_OLD_UNITS
	    "DELETE FROM indicator_target WHERE indicator LIKE 'index766%';"
	    "DELETE FROM indicator WHERE id LIKE 'index766%';"
	    "INSERT INTO indicator(id, name_vi, name_en, unit, direction, source, formula, "
	    "headline, position, updated_at) VALUES ('index766_total', 'Của tỉnh', 'Ours', 2, 1, "
	    "'tỉnh', 'index766(total) - index766(progress)', 0, 50, 1);"
	    "INSERT INTO feedback(unit, content, created_at, refuse_by, supplement_by, answer_by) "
	    "VALUES ('22015', 'x', 1, 2, 3, 4);";
	fixture_old_db(old, sizeof old, 15, sql);
	assert_int_equal(store_open(old, STORE_MIGRATE, &s, &e), 0);
	struct mon_indicator m;
	assert_int_equal(store_indicator_get(s, "index766_total", &m, &e), 0);
	assert_string_equal(m.name_vi, "Của tỉnh");
	assert_string_equal(m.formula, "index766(total) - index766(progress)");
	assert_int_equal(store_indicator_get(s, "index766_progress", &m, &e), 0);
	assert_string_equal(m.formula, "index766(progress)");
	assert_true(m.position > 50);
	assert_int_equal(m.ntargets, 2);
	assert_true(fabs(m.targets[0].value - 20) < 1e-9);
	struct feedback f;
	assert_int_equal(store_feedback_get(s, 1, &f, &e), 0);
	assert_int_equal(f.repeats, 0);
	store_close(s);
	fixture_remove_at(old);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_seed_and_save, fixture_remove),
	    cmocka_unit_test_teardown(test_dossier_filters, fixture_remove),
	    cmocka_unit_test_teardown(test_feedback, fixture_remove),
	    cmocka_unit_test_teardown(test_officials, fixture_remove),
	    cmocka_unit_test_teardown(test_tasks_and_snapshots, fixture_remove),
	    cmocka_unit_test(test_upgrade_017),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
