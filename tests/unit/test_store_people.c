/* Tests for src/store/people.c, people_count.c and person.c: extracts
 * loaded into an empty store (indexes built at the end, a number given
 * twice found there) and over earlier ones (changes kept with their days,
 * departures, returns, corrections, extracts written forward only), counts
 * as of any day from the snapshot (and after another import), counts for
 * the units of a commune or a village reading their villages only, lists
 * of a village's people as they were, the foreign-key checks a first
 * extract does without (on again for every later use of the connection),
 * and the move of version-1 rows by the data step of schema version 10. */
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
#include "core/dossier.h"
#include "core/lunar.h"
#include "store/store.h"
#include "store/store_int.h"

#include "store_fixture.h"

static int setup(void **state)
{
	(void)state;
	fixture_path("people");
	remove_db();
	return 0;
}

/* The store with three neighbourhoods (Tổ 1, Tổ 2 of commune 22015, Tổ 1 of
 * 22045). */
static struct store *fresh(void)
{
	static const char *const v[][4] = {{"22015001", "Tổ 1", "Tổ dân phố", "22015"},
	                                   {"22015002", "Tổ 2", "Tổ dân phố", "22015"},
	                                   {"22045001", "Tổ 1", "Tổ dân phố", "22045"}};
	struct store *s = fixture_store();
	fixture_villages(s, v, 3);
	return s;
}

static struct resident person(const char *pid, const char *born, const char *hh,
                              const char *village, int eid, int eh, int32_t day)
{
	struct resident r;
	memset(&r, 0, sizeof r);
	snprintf(r.pid, sizeof r.pid, "%s", pid);
	snprintf(r.full_name, sizeof r.full_name, "Người %s", pid + 9);
	snprintf(r.birth_date, sizeof r.birth_date, "%s", born);
	struct xerr e = {0};
	assert_int_equal(cal_parse_date(born, "b", &r.birth_day, &e), 0);
	r.sex = (pid[3] - '0') % 2 ? PEOPLE_FEMALE : PEOPLE_MALE;
	snprintf(r.household, sizeof r.household, "%s", hh);
	snprintf(r.village, sizeof r.village, "%s", village);
	r.eid_level = eid;
	r.ehealth = eh;
	r.extract_day = day;
	return r;
}

static int load(struct store *s, const struct resident *rs, size_t n, bool partial,
                struct people_import_stats *st, struct xerr *e)
{
	struct actor who;
	actor_system(&who, "test");
	struct people_import *im;
	int rc = store_people_import_begin(s, &who, "test", partial, &im, e);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = store_people_import_row(im, &rs[i], e);
	int rc2 = store_people_import_end(im, rc == 0, st, rc ? NULL : e);
	return rc ? rc : rc2;
}

/* Totals of residents, aged 14+, level 2 of those, e-health, households
 * of commune 22015 on a day. */
struct totals {
	double v[5];
};

static int add(const char *unit, const double *v, void *ctx)
{
	struct totals *t = ctx;
	if (strncmp(unit, "22015", 5))
		return 0;
	for (int i = 0; i < 5; i++)
		t->v[i] += v[i];
	return 0;
}

static struct totals count_on(struct store *s, int32_t day)
{
	static const char *const f[] = {"count(residents)", "count(residents where age >= 14)",
	                                "count(residents where age >= 14 and eid_level = 2)",
	                                "count(residents where ehealth)", "count(households)"};
	struct expr_plan *p[5];
	const struct expr_agg *aggs[5];
	struct expr_error pe;
	struct xerr e = {0};
	for (int i = 0; i < 5; i++) {
		assert_int_equal(expr_compile(f[i], EXPR_ANY, &p[i], &pe, &e), 0);
		aggs[i] = &p[i]->aggs[0];
	}
	struct totals t = {{0}};
	assert_int_equal(store_pop_eval(s, NULL, 0, day, day, aggs, 5, add, &t, &e), 0);
	for (int i = 0; i < 5; i++)
		expr_plan_free(p[i]);
	return t;
}

#define TOT(s, d, a, b, c, x, y)                                                                   \
	do {                                                                                       \
		struct totals t_ = count_on(s, d);                                                 \
		assert_true(t_.v[0] == (a) && t_.v[1] == (b) && t_.v[2] == (c) &&                  \
		            t_.v[3] == (x) && t_.v[4] == (y));                                     \
	} while (0)

static int list(const struct person *p, void *ctx)
{
	(void)p;
	(*(int *)ctx)++;
	return 0;
}

static void test_extracts_and_history(void **state)
{
	(void)state;
	struct store *s = fresh();
	struct xerr e = {0};
	struct people_import_stats st;
	int32_t d1 = lunar_jdn(2026, 1, 31), d2 = lunar_jdn(2026, 3, 31),
	        d3 = lunar_jdn(2026, 6, 30);
	struct resident a[] = {
	    person("066090000101", "1990-05-01", "H1", "22015001", 2, 1, d1),
	    person("066312000102", "2012-03-01", "H1", "22015001", 0, 1, d1),
	    person("066150000103", "1950-07-15", "H2", "22015001", 1, 0, d1),
	    person("066085000105", "1985-01-09", "H3", "22015002", 0, 0, d1),
	};
	assert_int_equal(load(s, a, 4, false, &st, &e), 0);
	assert_true(st.added == 4 && st.changed == 0);
	TOT(s, d1, 4, 3, 1, 2, 3);
	TOT(s, d1 - 1, 0, 0, 0, 0, 0);
	/* The second: Bình at level 2, Cúc gone, Em to H1 of village 1. */
	struct resident b[] = {
	    person("066090000101", "1990-05-01", "H1", "22015001", 2, 1, d2),
	    person("066312000102", "2012-03-01", "H1", "22015001", 2, 1, d2),
	    person("066085000105", "1985-01-09", "H1", "22015001", 0, 0, d2),
	};
	assert_int_equal(load(s, b, 3, false, &st, &e), 0);
	assert_true(st.added == 0 && st.changed == 2 && st.departed == 1 && st.unchanged == 1);
	TOT(s, d2, 3, 3, 2, 2, 1);
	/* Bình is 14 from 1 March: counted, at her level of then. */
	TOT(s, lunar_jdn(2026, 3, 1), 4, 4, 1, 2, 3);
	/* An older extract of the commune is refused. */
	struct resident old[] = {
	    person("066090000101", "1990-05-01", "H1", "22015001", 1, 1, lunar_jdn(2026, 2, 1))};
	assert_int_equal(load(s, old, 1, true, &st, &e), XERR_INVALID);
	assert_string_equal(e.field, "extract_date");
	/* A partial extract departs nobody; Cúc comes back. */
	struct resident c[] = {person("066150000103", "1950-07-15", "H2", "22015001", 2, 1, d3)};
	assert_int_equal(load(s, c, 1, true, &st, &e), 0);
	assert_true(st.changed == 1 && st.departed == 0);
	TOT(s, d3, 4, 4, 3, 3, 2);
	TOT(s, d2, 3, 3, 2, 2, 1);
	TOT(s, d1, 4, 3, 1, 2, 3);
	/* As they were: village 1 on 1 February held An, Bình and Cúc. */
	int64_t last = 0;
	int n = 0;
	struct actor who;
	actor_system(&who, "test");
	assert_int_equal(
	    store_person_list(s, &who, "22015001", d1, 0, 0, false, list, &n, &last, &e), 0);
	assert_int_equal(n, 3);
	n = 0;
	assert_int_equal(
	    store_person_list(s, &who, "22015002", d1, 0, 0, false, list, &n, &last, &e), 0);
	assert_int_equal(n, 1);
	struct person p;
	assert_int_equal(store_person_get(s, &who, "066150000103", &p, &e), 0);
	assert_int_equal(p.since, d3);
	assert_int_equal(p.r.eid_level, 2);
	assert_string_equal(p.commune, "22015");
	store_close(s);
}

/* Which units a count for root reports, and their residents. */
struct seen {
	char units[8][16];
	double residents[8];
	int n;
};

static int seen_unit(const char *unit, const double *v, void *ctx)
{
	struct seen *x = ctx;
	assert_true(x->n < 8);
	snprintf(x->units[x->n], sizeof x->units[0], "%s", unit);
	x->residents[x->n++] = v[0];
	return 0;
}

static double seen_of(const struct seen *x, const char *unit)
{
	for (int i = 0; i < x->n; i++)
		if (!strcmp(x->units[i], unit))
			return x->residents[i];
	return -1;
}

static struct seen count_for(struct store *s, const char *const *units, size_t n, int32_t day)
{
	struct expr_plan *p;
	struct expr_error pe;
	struct xerr e = {0};
	assert_int_equal(expr_compile("count(residents)", EXPR_ANY, &p, &pe, &e), 0);
	const struct expr_agg *a = &p->aggs[0];
	struct seen x = {0};
	assert_int_equal(store_pop_eval(s, units, n, day, day, &a, 1, seen_unit, &x, &e), 0);
	expr_plan_free(p);
	return x;
}

/* A count for the units of a commune or of a village reports those units
 * only (their villages' rows alone are read), with the same figures as a
 * count of every unit; a unit named twice counts once. */
static void test_count_for_named_units(void **state)
{
	(void)state;
	struct store *s = fresh();
	struct xerr e = {0};
	int32_t d1 = lunar_jdn(2026, 1, 31);
	struct resident a[] = {
	    person("066090000101", "1990-05-01", "H1", "22015001", 2, 1, d1),
	    person("066312000102", "2012-03-01", "H1", "22015001", 0, 1, d1),
	    person("066085000105", "1985-01-09", "H3", "22015002", 0, 0, d1),
	    person("066085000106", "1985-01-09", "H4", "22045001", 0, 0, d1),
	    person("066085000107", "1987-01-09", "H4", "22045001", 0, 0, d1),
	};
	assert_int_equal(load(s, a, 5, false, NULL, &e), 0);
	static const char *const commune[] = {"22015", "22015001", "22015002"},
	                         *const village[] = {"22015002", "22015002"},
	                         *const other[] = {"22045001", "22045"}, *const none[] = {"99999"};
	struct seen all = count_for(s, NULL, 0, d1), c = count_for(s, commune, 3, d1),
	            v = count_for(s, village, 2, d1), o = count_for(s, other, 2, d1),
	            z = count_for(s, none, 1, d1);
	assert_int_equal(all.n, 3);
	assert_true(seen_of(&all, "22015001") == 2 && seen_of(&all, "22015002") == 1 &&
	            seen_of(&all, "22045001") == 2);
	assert_int_equal(c.n, 2);
	assert_true(seen_of(&c, "22015001") == 2 && seen_of(&c, "22015002") == 1);
	assert_int_equal(v.n, 1);
	assert_true(seen_of(&v, "22015002") == 1);
	assert_int_equal(o.n, 1);
	assert_true(seen_of(&o, "22045001") == 2);
	assert_int_equal(z.n, 0);
	store_close(s);
}

static void test_first_extract_checks(void **state)
{
	(void)state;
	struct store *s = fresh();
	struct xerr e = {0};
	struct people_import_stats st;
	int32_t d = lunar_jdn(2026, 1, 31);
	/* A number twice in a first extract: found when the index is built. */
	struct resident twice[] = {
	    person("066090000101", "1990-05-01", "H1", "22015001", 2, 1, d),
	    person("066085000105", "1985-01-09", "H2", "22015002", 0, 0, d),
	    person("066090000101", "1990-05-01", "H2", "22015002", 2, 1, d),
	};
	assert_int_equal(load(s, twice, 3, false, &st, &e), XERR_INVALID);
	assert_true(st.twice[0] == 1 && st.twice[1] == 3);
	TOT(s, d, 0, 0, 0, 0, 0);
	/* The indexes are back after the refusal, and after a good load. */
	struct resident bad[] = {person("066090000101", "1990-05-01", "H1", "99999999", 2, 1, d)};
	assert_int_equal(load(s, bad, 1, false, &st, &e), XERR_INVALID);
	assert_string_equal(e.field, "village");
	struct resident mixed[] = {
	    person("066090000101", "1990-05-01", "H1", "22015001", 2, 1, d),
	    person("066085000105", "1985-01-09", "H2", "22015002", 0, 0, d),
	    person("066312000102", "2012-03-01", "H1", "22015001", 0, 1, d),
	};
	/* A household listed twice apart is the same household. */
	assert_int_equal(load(s, mixed, 3, false, &st, &e), 0);
	TOT(s, d, 3, 2, 1, 2, 2);
	/* Rows after one with another day are refused. */
	struct resident days[] = {
	    person("066090000101", "1990-05-01", "H1", "22015001", 2, 1, d + 1),
	    person("066085000105", "1985-01-09", "H2", "22015002", 0, 0, d)};
	assert_int_equal(load(s, days, 2, true, &st, &e), XERR_INVALID);
	store_close(s);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *q;
	sqlite3_prepare_v2(db,
	                   "SELECT count(*) FROM sqlite_master WHERE name IN "
	                   "('resident_pid', 'resident_village')",
	                   -1, &q, NULL);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 2);
	sqlite3_finalize(q);
	sqlite3_close(db);
}

/* PRAGMA foreign_keys of the connection the store hands out next. */
static int64_t checks_of(struct store *s)
{
	static const char sql[] = "PRAGMA foreign_keys";
	struct db_conn *c = st_get(s);
	struct xerr e = {0};
	int64_t on = -1;
	assert_true(db_query_int(c, sql, DB_NOARGS, &on, &e) >= 0);
	st_put(s, c);
	return on;
}

static void test_first_extract_foreign_keys(void **state)
{
	(void)state;
	static const char sql_orphan[] =
	    "INSERT INTO resident(id, pid, full_name, birth_day, sex, household, village, "
	    "eid_level, ehealth, valid_from) VALUES (99, '066090000199', 'X', 1, 1, 999999, 1, 0, "
	    "0, 1)";
	static const char sql_check[] = "PRAGMA foreign_key_check";
	struct store *s = fresh();
	struct xerr e = {0};
	struct people_import_stats st;
	int32_t d = lunar_jdn(2026, 1, 31);
	assert_int_equal(checks_of(s), 1);
	/* A refused first extract and a good one give the connection back
	 * checking. */
	struct resident bad[] = {person("066090000101", "1990-05-01", "H1", "99999999", 2, 1, d)};
	assert_int_equal(load(s, bad, 1, false, &st, &e), XERR_INVALID);
	assert_int_equal(checks_of(s), 1);
	struct resident ok[] = {
	    person("066090000101", "1990-05-01", "H1", "22015001", 2, 1, d),
	    person("066085000105", "1985-01-09", "H2", "22015002", 0, 0, d),
	    person("066312000102", "2012-03-01", "H1", "22015001", 0, 1, d),
	};
	assert_int_equal(load(s, ok, 3, false, &st, &e), 0);
	assert_int_equal(checks_of(s), 1);
	TOT(s, d, 3, 2, 1, 2, 2);
	struct db_conn *c = st_get(s);
	/* Every reference the unchecked load wrote holds; a broken one is
	 * refused again. */
	assert_int_equal(db_query_first(c, sql_check, DB_NOARGS, NULL, NULL, &e), DB_DONE);
	assert_int_equal(db_run(c, sql_orphan, DB_NOARGS, &e), XERR_CONFLICT);
	/* The checks change only between transactions. */
	assert_int_equal(db_foreign_keys(c, false, &e), 0);
	assert_int_equal(db_run(c, sql_orphan, DB_NOARGS, &e), 0);
	assert_int_equal(db_query_first(c, sql_check, DB_NOARGS, NULL, NULL, &e), DB_ROW);
	assert_int_equal(db_begin(c, DB_READ, &e), 0);
	assert_int_not_equal(db_foreign_keys(c, true, &e), 0);
	assert_int_equal(db_end(c, false, &e), 0);
	assert_int_equal(db_foreign_keys(c, true, &e), 0);
	st_put(s, c);
	assert_int_equal(checks_of(s), 1);
	store_close(s);
}

/* Version-1 rows move to version 10's tables, with days and keys. */
static void test_migration(void **state)
{
	(void)state;
	struct store *s;
	struct xerr e = {0};
	assert_int_equal(store_open(path, STORE_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate_to(s, 9, &e), 0);
	/* The units only: today's store writes the other reference data
	 * (procedures) in the columns of today's schema, not version 9's. */
	struct unit v[] = {
	    {.code = "66", .name = "Tỉnh Đắk Lắk", .type = "Tỉnh", .level = UNIT_PROVINCE},
	    {.code = "22015",
	     .name = "Phường Tuy Hòa",
	     .type = "Phường",
	     .parent = "66",
	     .level = UNIT_COMMUNE},
	    {.code = "22015001",
	     .name = "Tổ 1",
	     .type = "Tổ dân phố",
	     .parent = "22015",
	     .level = UNIT_VILLAGE},
	};
	assert_int_equal(store_unit_insert(s, v, 3, NULL, &e), 0);
	store_close(s);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(
	        db,
	        "INSERT INTO household(id, code, village, address) VALUES "
	        "(7, 'H7', '22015001', 'Số 1');"
	        "INSERT INTO resident(pid, full_name, birth_date, gender, household, village, "
	        "commune, eid_level, ehealth, phone) VALUES ('066090000101', 'Nguyễn Văn An', "
	        "'1990-05-01', 'M', 7, '22015001', '22015', 2, 1, '0912345678'),"
	        "('066190000102', 'Trần Thị Bình', '1990-06-01', 'F', 7, '22015001', "
	        "'22015', 1, 0, NULL);",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, STORE_MIGRATE, &s, &e), 0);
	struct actor who;
	actor_system(&who, "test");
	struct person p;
	assert_int_equal(store_person_get(s, &who, "066190000102", &p, &e), 0);
	assert_int_equal(p.r.sex, PEOPLE_FEMALE);
	assert_int_equal(p.r.birth_day, lunar_jdn(1990, 6, 1));
	assert_string_equal(p.r.household, "H7");
	assert_string_equal(p.r.village, "22015001");
	int32_t today = cal_time_day(dossier_local_minutes((int64_t)time(NULL)));
	TOT(s, today, 2, 2, 1, 1, 1);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_extracts_and_history, setup, fixture_remove),
	    cmocka_unit_test_setup_teardown(test_count_for_named_units, setup, fixture_remove),
	    cmocka_unit_test_setup_teardown(test_first_extract_checks, setup, fixture_remove),
	    cmocka_unit_test_setup_teardown(test_first_extract_foreign_keys, setup, fixture_remove),
	    cmocka_unit_test_setup_teardown(test_migration, setup, fixture_remove),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
