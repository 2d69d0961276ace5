/* Tests for src/store/sqlite.c and sqlite_units.c: opening, migrations
 * (upgrading an older database in place), the official unit lists and the
 * all-or-nothing insert of units. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "cli/cli.h"
#include "core/embedded.h"
#include "store/store.h"

#include "store_fixture.h"

static int setup(void **state)
{
	(void)state;
	fixture_path("test");
	remove_db();
	return 0;
}

static int count_cb(const struct unit *u, void *ctx)
{
	(void)u;
	(*(int *)ctx)++;
	return 0;
}

static void test_open_missing_without_create(void **state)
{
	(void)state;
	struct store *s;
	struct xerr e = {0};
	assert_int_equal(store_open(path, 0, &s, &e), XERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "xaso init"));
}

static void test_reference_lists(void **state)
{
	(void)state;
	struct store *s;
	struct xerr e = {0};
	assert_int_equal(store_open(path, STORE_CREATE | STORE_MIGRATE, &s, &e), 0);
	assert_int_equal(cli_seed_reference(s, &e), 0);
	assert_int_equal(cli_seed_reference(s, &e), 0); /* idempotent */
	long n;
	assert_int_equal(store_unit_count(s, UNIT_PROVINCE, NULL, &n, &e), 0);
	assert_int_equal(n, 34);
	assert_int_equal(store_unit_count(s, UNIT_COMMUNE, NULL, &n, &e), 0);
	assert_int_equal(n, 3321);
	struct unit u;
	assert_int_equal(store_unit_get(s, "66", &u, &e), 0);
	assert_string_equal(u.name, "Tỉnh Đắk Lắk");
	assert_string_equal(u.short_name, "Đắk Lắk");
	assert_int_equal(u.child_count, 102);
	int found = 0;
	assert_int_equal(store_unit_search(s, "dak lak", 10, count_cb, &found, &e), 0);
	assert_true(found >= 1);
	found = 0;
	assert_int_equal(store_unit_search(s, "PHỐ BẢNG", 10, count_cb, &found, &e), 0);
	assert_int_equal(found, 1);
	assert_int_equal(store_unit_get(s, "00745", &u, &e), 0);
	assert_string_equal(u.name, "Xã Phố Bảng");
	assert_int_equal(store_unit_get(s, "999", &u, &e), XERR_NOTFOUND);
	store_close(s);
}

static void test_insert_is_all_or_nothing(void **state)
{
	(void)state;
	struct store *s;
	struct xerr e = {0};
	assert_int_equal(store_open(path, STORE_CREATE | STORE_MIGRATE, &s, &e), 0);
	assert_int_equal(cli_seed_reference(s, &e), 0);
	struct unit v[3];
	memset(v, 0, sizeof v);
	for (int i = 0; i < 3; i++) {
		snprintf(v[i].code, sizeof v[i].code, "2412100%d", i + 1);
		snprintf(v[i].name, sizeof v[i].name, "Thôn %d", i + 1);
		strcpy(v[i].type, "Thôn");
		strcpy(v[i].parent, "24121");
		v[i].level = UNIT_VILLAGE;
	}
	strcpy(v[2].parent, "99999"); /* unknown parent: the first two must not stay */
	size_t bad = 0;
	assert_int_equal(store_unit_insert(s, v, 3, &bad, &e), XERR_INVALID);
	assert_int_equal(bad, 2);
	assert_string_equal(e.field, "parent");
	long n;
	assert_int_equal(store_unit_count(s, UNIT_VILLAGE, NULL, &n, &e), 0);
	assert_int_equal(n, 0);
	strcpy(v[2].parent, "66"); /* a province cannot hold a village */
	assert_int_equal(store_unit_insert(s, v, 3, &bad, &e), XERR_INVALID);
	strcpy(v[2].parent, "24121");
	strcpy(v[2].code, v[0].code); /* duplicate */
	assert_int_equal(store_unit_insert(s, v, 3, &bad, &e), XERR_CONFLICT);
	assert_int_equal(store_unit_count(s, UNIT_VILLAGE, NULL, &n, &e), 0);
	assert_int_equal(n, 0);
	strcpy(v[2].code, "24121003");
	assert_int_equal(store_unit_insert(s, v, 3, &bad, &e), 0);
	assert_int_equal(store_unit_count(s, UNIT_VILLAGE, "24121", &n, &e), 0);
	assert_int_equal(n, 3);
	store_close(s);
}

/* A database made by the first schema version, with data in it, is
 * upgraded in place to the newest version and keeps its data. */
static void test_upgrade_in_place(void **state)
{
	(void)state;
	struct store *s;
	struct xerr e = {0};
	assert_true(store_schema_latest() >= 2);
	assert_int_equal(store_open(path, STORE_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate_to(s, 1, &e), 0);
	assert_int_equal(store_schema_version(s, &e), 1);
	store_close(s);
	/* Rows written as the version-1 program wrote them. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db,
	                 "INSERT INTO unit (code, name, short_name, name_folded, type, level, "
	                 "parent) VALUES "
	                 "('66', 'Tỉnh Đắk Lắk', 'Đắk Lắk', 'tinh dak lak', 'Tỉnh', 1, NULL), "
	                 "('24121', 'Xã Ea Kar', 'Xã Ea Kar', 'xa ea kar', 'Xã', 2, '66')",
	                 NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);

	/* Without STORE_MIGRATE an old file opens as it is ... */
	assert_int_equal(store_open(path, 0, &s, &e), 0);
	assert_int_equal(store_schema_version(s, &e), 1);
	int from, to;
	/* ... and migrating brings it to the newest version. */
	assert_int_equal(store_migrate(s, &from, &to, &e), 0);
	assert_int_equal(from, 1);
	assert_int_equal(to, store_schema_latest());
	struct unit got;
	assert_int_equal(store_unit_get(s, "24121", &got, &e), 0);
	assert_string_equal(got.name, "Xã Ea Kar");
	assert_string_equal(got.parent, "66");
	/* The newer tables work on the upgraded file. */
	assert_int_equal(cal_seed_store(s, &e), 0);
	long n;
	assert_int_equal(store_calendar_count(s, &n, &e), 0);
	assert_true(n > 0);
	assert_int_equal(store_unit_count(s, UNIT_COMMUNE, NULL, &n, &e), 0);
	assert_int_equal(n, 1);
	store_close(s);

	/* A file from a newer xaso is refused, not damaged. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", store_schema_latest() + 1);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, 0, &s, &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "newer than this xaso"));
}

static void test_wal_and_foreign_keys(void **state)
{
	(void)state;
	struct store *s;
	struct xerr e = {0};
	assert_int_equal(store_open(path, STORE_CREATE | STORE_MIGRATE, &s, &e), 0);
	store_close(s);
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_open_missing_without_create, setup,
	                                    fixture_remove),
	    cmocka_unit_test_setup_teardown(test_reference_lists, setup, fixture_remove),
	    cmocka_unit_test_setup_teardown(test_insert_is_all_or_nothing, setup, fixture_remove),
	    cmocka_unit_test_setup_teardown(test_upgrade_in_place, setup, fixture_remove),
	    cmocka_unit_test_setup_teardown(test_wal_and_foreign_keys, setup, fixture_remove),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
