/*
 * store_fixture.h: what the store's unit tests share (test_store_people,
 * _records, _payments, _dossiers, _units, _certs, _monitor and _index766):
 * a temporary database of the test program and process (`path`), its
 * removal with SQLite's -wal and -shm files and its attachment directory,
 * a fresh store with the official units, villages added to
 * it, and T(), a time literal ("2026-04-20 09:00") as the store keeps it.
 *
 * Included once by each test program after cmocka.h: it defines static
 * variables and static inline functions (unused ones cost nothing). The
 * store a function opens belongs to the test, which closes it.
 */
#ifndef XASO_TESTS_STORE_FIXTURE_H
#define XASO_TESTS_STORE_FIXTURE_H

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cli/cli.h"
#include "store/store.h"

static char path[64];

/* The database's path for this program: /tmp/xaso-NAME-PID.db. */
static inline void fixture_path(const char *name)
{
	snprintf(path, sizeof path, "/tmp/xaso-%s-%d.db", name, (int)getpid());
}

static inline int fixture_remove_one(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(p);
}

/* Removes the database at db, its -wal and -shm files and its attachment
 * directory (the store's default: the path + ".files"). */
static inline void fixture_remove_at(const char *db)
{
	char p[160];
	unlink(db);
	snprintf(p, sizeof p, "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db);
	unlink(p);
	snprintf(p, sizeof p, "%s.files", db);
	nftw(p, fixture_remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* Removes the database at path, as fixture_remove_at. */
static inline void remove_db(void)
{
	fixture_remove_at(path);
}

/* cmocka's teardown removing the database (the test closed its store). */
static inline int fixture_remove(void **state)
{
	(void)state;
	remove_db();
	return 0;
}

/* A new database at path, migrated, with the official units. */
static inline struct store *fixture_store(void)
{
	struct store *s = NULL;
	struct xerr e = {0};
	remove_db();
	if (store_open(path, STORE_CREATE | STORE_MIGRATE, &s, &e) || cli_seed_reference(s, &e))
		fail_msg("%s", e.msg);
	return s;
}

/* Adds villages (code, name, type, parent commune) to the store. */
static inline void fixture_villages(struct store *s, const char *const (*v)[4], size_t n)
{
	struct unit u[8];
	struct xerr e = {0};
	assert_true(n <= sizeof u / sizeof u[0]);
	memset(u, 0, sizeof u);
	for (size_t i = 0; i < n; i++) {
		snprintf(u[i].code, sizeof u[i].code, "%s", v[i][0]);
		snprintf(u[i].name, sizeof u[i].name, "%s", v[i][1]);
		snprintf(u[i].type, sizeof u[i].type, "%s", v[i][2]);
		snprintf(u[i].parent, sizeof u[i].parent, "%s", v[i][3]);
		u[i].level = UNIT_VILLAGE;
	}
	if (store_unit_insert(s, u, n, NULL, &e))
		fail_msg("%s", e.msg);
}

/* A time literal "YYYY-MM-DD HH:MM" as the store keeps it. */
static inline int64_t T(const char *s)
{
	int64_t t;
	struct xerr e = {0};
	if (cal_parse_time(s, "t", &t, &e))
		fail_msg("%s: %s", s, e.msg);
	return t;
}

/* The rows an older database's tests start from: the province 66, its
 * commune 22015 and the procedure 9.000005. */
#define FIXTURE_OLD_UNITS                                                                          \
	"INSERT INTO unit(code, name, short_name, name_folded, type, level, parent) VALUES "       \
	"('66', 'Tỉnh', 'Tỉnh', 'tinh', 'Tỉnh', 1, NULL), "                                  \
	"('22015', 'Xã A', 'Xã A', 'xa a', 'Xã', 2, '66');"                                     \
	"INSERT INTO procedure(code, name, name_folded, field, level, online_level) VALUES "       \
	"('9.000005', 'P', 'p', 'F', 'commune', 'full');"

/* A database at path + "-vN" with the schema of version n only and sql
 * run on it as that version's program wrote its rows; its path in old
 * (remove it with fixture_remove_at). */
static inline void fixture_old_db(char *old, size_t cap, int version, const char *sql)
{
	struct store *s;
	struct xerr e = {0};
	sqlite3 *db;
	snprintf(old, cap, "%s-v%d", path, version);
	fixture_remove_at(old);
	assert_int_equal(store_open(old, STORE_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate_to(s, version, &e), 0);
	store_close(s);
	assert_int_equal(sqlite3_open(old, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

#endif
