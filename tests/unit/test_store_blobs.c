/* Tests for src/store/blobs.c: files stored once by SHA-256 under the
 * data directory, with their rows, uploaders (schema version 9 and its
 * data step) and audit entries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "store/store.h"
#include "samples.h"

static char db[64], dir[80];

static void rm_tree(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char p[512];
		snprintf(p, sizeof p, "%s/%s", path, de->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rm_tree(p);
		else
			unlink(p);
	}
	closedir(d);
	rmdir(path);
}

static int setup(void **state)
{
	snprintf(db, sizeof db, "/tmp/xaso-blobs-%d.db", (int)getpid());
	snprintf(dir, sizeof dir, "%s.files", db);
	unlink(db);
	rm_tree(dir);
	struct store *s = NULL;
	struct xerr e = {0};
	if (store_open(db, STORE_CREATE | STORE_MIGRATE, &s, &e) != 0) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	*state = s;
	return 0;
}

/* Removes a database file with its WAL and shared-memory files. */
static void remove_db(const char *path)
{
	char p[96];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

static int teardown(void **state)
{
	store_close(*state);
	remove_db(db);
	rm_tree(dir);
	return 0;
}

static size_t count_files(const char *path, int *tmp)
{
	size_t n = 0;
	DIR *d = opendir(path);
	if (!d)
		return 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' && (!de->d_name[1] || !strcmp(de->d_name, "..")))
			continue;
		char p[512];
		snprintf(p, sizeof p, "%s/%s", path, de->d_name);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			n += count_files(p, tmp);
		else {
			n++;
			if (!strncmp(de->d_name, ".tmp-", 5))
				(*tmp)++;
		}
	}
	closedir(d);
	return n;
}

struct audit_seen {
	int puts;
	char last_object[65];
	char last_detail[160];
	char last_login[64];
};

static int audit_cb(const struct audit_entry *a, void *ctx)
{
	struct audit_seen *s = ctx;
	if (!strcmp(a->action, "blob.put")) {
		if (!s->puts++) { /* newest first */
			snprintf(s->last_object, sizeof s->last_object, "%s", a->object);
			snprintf(s->last_detail, sizeof s->last_detail, "%s", a->detail);
			snprintf(s->last_login, sizeof s->last_login, "%s", a->login);
		}
	}
	return 0;
}

static void test_default_dir(void **state)
{
	assert_string_equal(store_blob_dir(*state), dir);
}

static void test_put_dedup(void **state)
{
	struct store *s = *state;
	struct xerr e = {0};
	struct actor who;
	actor_system(&who, "test");
	char sha[65], sha2[65];
	bool created = false;
	assert_int_equal(
	    store_blob_put(s, &who, sample_png, sizeof sample_png, "image/png", sha, &created, &e),
	    0);
	assert_true(created);
	assert_true(blob_sha256_valid(sha));
	/* SHA-256 of the sample, computed independently (sha256sum). */
	assert_string_equal(sha,
	                    "b1ff9c8ea3a780bad09b346c423d2d0e46815926879b18e841d928376a946640");

	char path[512];
	assert_int_equal(store_blob_path(s, sha, path, sizeof path, &e), 0);
	char want[512];
	snprintf(want, sizeof want, "%s/b1/%s", dir, sha + 2);
	assert_string_equal(path, want);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, (off_t)sizeof sample_png);
	assert_int_equal(st.st_mode & 0777, 0600);
	char sub[512];
	snprintf(sub, sizeof sub, "%s/b1", dir);
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);

	int tmp = 0;
	assert_int_equal(count_files(dir, &tmp), 1);
	assert_int_equal(
	    store_blob_put(s, &who, sample_png, sizeof sample_png, "image/png", sha2, &created, &e),
	    0);
	assert_false(created);
	assert_string_equal(sha, sha2);
	assert_int_equal(count_files(dir, &tmp), 1);
	assert_int_equal(tmp, 0);

	assert_int_equal(store_blob_put(s, &who, sample_jpeg, sizeof sample_jpeg, "image/jpeg",
	                                sha2, &created, &e),
	                 0);
	assert_true(created);
	assert_int_equal(count_files(dir, &tmp), 2);

	struct blob_meta m;
	assert_int_equal(store_blob_get(s, sha, &m, &e), 0);
	assert_int_equal(m.size, (int64_t)sizeof sample_png);
	assert_string_equal(m.mime, "image/png");
	assert_true(m.created_at > 0);

	int fd;
	assert_int_equal(store_blob_open(s, sha2, &m, &fd, &e), 0);
	assert_string_equal(m.mime, "image/jpeg");
	unsigned char got[sizeof sample_jpeg + 1];
	assert_int_equal(read(fd, got, sizeof got), (ssize_t)sizeof sample_jpeg);
	assert_memory_equal(got, sample_jpeg, sizeof sample_jpeg);
	close(fd);
}

static void test_audit(void **state)
{
	struct store *s = *state;
	struct xerr e = {0};
	struct actor who;
	actor_system(&who, "test");
	snprintf(who.login, sizeof who.login, "officer1");
	char sha[65];
	assert_int_equal(store_blob_put(s, &who, sample_pdf, strlen(sample_pdf), "application/pdf",
	                                sha, NULL, &e),
	                 0);
	struct audit_seen seen = {0};
	assert_int_equal(store_audit_list(s, NULL, 0, 100, audit_cb, &seen, &e), 0);
	assert_int_equal(seen.puts, 1);
	char object[32];
	snprintf(object, sizeof object, "blob:%.16s", sha);
	assert_string_equal(seen.last_object, object);
	assert_non_null(strstr(seen.last_detail, sha));
	assert_string_equal(seen.last_login, "officer1");
	assert_non_null(strstr(seen.last_detail, "application/pdf"));
	/* A repeated upload is recorded too, as such. */
	assert_int_equal(store_blob_put(s, &who, sample_pdf, strlen(sample_pdf), "application/pdf",
	                                sha, NULL, &e),
	                 0);
	memset(&seen, 0, sizeof seen);
	assert_int_equal(store_audit_list(s, NULL, 0, 100, audit_cb, &seen, &e), 0);
	assert_int_equal(seen.puts, 2);
	assert_non_null(strstr(seen.last_detail, "already stored"));
	int64_t n, bad;
	assert_int_equal(store_audit_verify(s, &n, &bad, &e), 0);
}

static void test_refused(void **state)
{
	struct store *s = *state;
	struct xerr e = {0};
	struct actor who;
	actor_system(&who, "test");
	char sha[65];
	assert_int_equal(store_blob_put(s, &who, "", 0, "image/png", sha, NULL, &e), XERR_INVALID);
	assert_int_equal(store_blob_put(s, &who, "hello", 5, "text/plain", sha, NULL, &e),
	                 XERR_INVALID);
	assert_string_equal(e.field, "mime");
	static char big[BLOB_MAX_SIZE + 1];
	assert_int_equal(store_blob_put(s, &who, big, sizeof big, "image/png", sha, NULL, &e),
	                 XERR_LIMIT);
	struct blob_meta m;
	assert_int_equal(store_blob_get(s, "../../etc/passwd", &m, &e), XERR_INVALID);
	assert_int_equal(
	    store_blob_get(s, "D87C8A4B6283B3E1AD1C2BFC3CF05E06846E1DD3E8D49CB9B3E2E2F75EC0D0F4",
	                   &m, &e),
	    XERR_INVALID);
	assert_int_equal(
	    store_blob_get(s, "0000000000000000000000000000000000000000000000000000000000000000",
	                   &m, &e),
	    XERR_NOTFOUND);
	int tmp = 0;
	assert_int_equal(count_files(dir, &tmp), 0);

	/* A data directory that cannot be created: nothing is recorded. */
	assert_int_equal(store_set_blob_dir(s, "/proc/xaso-no-such-dir", &e), 0);
	assert_int_equal(
	    store_blob_put(s, &who, sample_png, sizeof sample_png, "image/png", sha, NULL, &e),
	    XERR_IO);
	assert_null(strstr(e.msg, "/proc"));
	assert_int_equal(
	    store_blob_get(s, "b1ff9c8ea3a780bad09b346c423d2d0e46815926879b18e841d928376a946640",
	                   &m, &e),
	    XERR_NOTFOUND);
}

/* A file lost from the data directory is reported, and a new upload of
 * the same bytes puts it back. */
static void test_missing_file(void **state)
{
	struct store *s = *state;
	struct xerr e = {0};
	struct actor who;
	actor_system(&who, "test");
	char sha[65], path[512];
	assert_int_equal(
	    store_blob_put(s, &who, sample_png, sizeof sample_png, "image/png", sha, NULL, &e), 0);
	assert_int_equal(store_blob_path(s, sha, path, sizeof path, &e), 0);
	unlink(path);
	struct blob_meta m;
	int fd;
	assert_int_equal(store_blob_open(s, sha, &m, &fd, &e), XERR_IO);
	assert_int_equal(fd, -1);
	assert_int_equal(
	    store_blob_put(s, &who, sample_png, sizeof sample_png, "image/png", sha, NULL, &e), 0);
	assert_int_equal(store_blob_open(s, sha, &m, &fd, &e), 0);
	unsigned char got[sizeof sample_png + 1];
	assert_int_equal(read(fd, got, sizeof got), (ssize_t)sizeof sample_png);
	assert_memory_equal(got, sample_png, sizeof sample_png);
	close(fd);
	/* A damaged (truncated) file is reported and repaired the same way. */
	assert_int_equal(truncate(path, 10), 0);
	assert_int_equal(store_blob_open(s, sha, &m, &fd, &e), XERR_IO);
	assert_int_equal(
	    store_blob_put(s, &who, sample_png, sizeof sample_png, "image/png", sha, NULL, &e), 0);
	assert_int_equal(store_blob_open(s, sha, &m, &fd, &e), 0);
	close(fd);

	/* Another data directory takes the new files. */
	char other[96], jpg[65], p2[512];
	snprintf(other, sizeof other, "%s/elsewhere", dir);
	assert_int_equal(store_set_blob_dir(s, other, &e), 0);
	assert_string_equal(store_blob_dir(s), other);
	assert_int_equal(
	    store_blob_put(s, &who, sample_jpeg, sizeof sample_jpeg, "image/jpeg", jpg, NULL, &e),
	    0);
	assert_int_equal(store_blob_path(s, jpg, p2, sizeof p2, &e), 0);
	assert_int_equal(strncmp(p2, other, strlen(other)), 0);
	assert_int_equal(store_blob_open(s, jpg, &m, &fd, &e), 0);
	close(fd);
	assert_int_equal(store_set_blob_dir(s, "", &e), XERR_INVALID);
}

static int64_t owners_of(const char *sha)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int64_t ids = 0;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h,
	                                    "SELECT coalesce(sum(account_id * account_id), 0) "
	                                    "FROM blob_owner WHERE sha256 = ?",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		ids = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return ids;
}

/* Every upload by an account records its uploader (migration 009). */
static void test_owner_recorded(void **state)
{
	struct store *s = *state;
	struct xerr e = {0};
	struct actor a = {.account_id = 5, .login = "0912000005", .role = "citizen"};
	struct actor b = {.account_id = 6, .login = "officer.x", .role = "officer"};
	struct actor sys;
	actor_system(&sys, "test");
	char sha[65];
	assert_int_equal(
	    store_blob_put(s, &a, sample_png, sizeof sample_png, "image/png", sha, NULL, &e), 0);
	assert_int_equal(owners_of(sha), 25);
	assert_int_equal(
	    store_blob_put(s, &b, sample_png, sizeof sample_png, "image/png", sha, NULL, &e), 0);
	assert_int_equal(
	    store_blob_put(s, &a, sample_png, sizeof sample_png, "image/png", sha, NULL, &e), 0);
	assert_int_equal(owners_of(sha), 25 + 36);
	assert_int_equal(
	    store_blob_put(s, &sys, sample_jpeg, sizeof sample_jpeg, "image/jpeg", sha, NULL, &e),
	    0);
	assert_int_equal(owners_of(sha), 0);
}

/* A database of version 7 with uploads: migration 009 gives each file the
 * accounts whose "blob.put" audit entries name it; the rest nobody. */
static void test_owner_migration(void **state)
{
	(void)state;
	char old[64];
	snprintf(old, sizeof old, "/tmp/xaso-blobs-old-%d.db", (int)getpid());
	unlink(old);
	struct store *s = NULL;
	struct xerr e = {0};
	assert_int_equal(store_open(old, STORE_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate_to(s, 7, &e), 0);
	store_close(s);
	const char *a = "aaaa000000000000000000000000000000000000000000000000000000000000";
	const char *b = "bbbb000000000000000000000000000000000000000000000000000000000000";
	const char *c = "cccc000000000000000000000000000000000000000000000000000000000000";
	sqlite3 *h;
	assert_int_equal(sqlite3_open(old, &h), SQLITE_OK);
	char sql[2048];
	snprintf(sql, sizeof sql,
	         "INSERT INTO blob VALUES ('%s', 9, 'image/png', 1), ('%s', 9, 'image/png', 1), "
	         "('%s', 9, 'image/png', 1);"
	         "INSERT INTO audit(at, account_id, login, role, unit, address, action, object, "
	         "detail, prev, hash) VALUES "
	         "(1, 5, 'u5', 'citizen', '', '', 'blob.put', 'blob:aaaa', "
	         " 'sha256 %s, 9 bytes, image/png', '', ''),"
	         "(2, 6, 'u6', 'officer', '', '', 'blob.put', 'blob:aaaa', "
	         " 'sha256 %s, 9 bytes, image/png, already stored', '', ''),"
	         "(3, 5, 'u5', 'citizen', '', '', 'blob.put', 'blob:aaaa', "
	         " 'sha256 %s, 9 bytes, image/png, already stored', '', ''),"
	         "(4, 0, 'system', 'system', '', '', 'blob.put', 'blob:bbbb', "
	         " 'sha256 %s, 9 bytes, image/png', '', ''),"
	         "(5, 7, 'u7', 'citizen', '', '', 'blob.put', 'blob:dddd', "
	         " 'sha256 dddd000000000000000000000000000000000000000000000000000000000000, "
	         "9 bytes, image/png', '', '');",
	         a, b, c, a, a, a, b);
	char *err = NULL;
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, &err), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(store_open(old, STORE_MIGRATE, &s, &e), 0);
	assert_int_equal(store_schema_version(s, &e), store_schema_latest());
	store_close(s);
	assert_int_equal(sqlite3_open(old, &h), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(h,
	                                    "SELECT group_concat(substr(sha256, 1, 4) || ':' || "
	                                    "account_id, ' ') FROM (SELECT * FROM blob_owner "
	                                    "ORDER BY sha256, account_id)",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "aaaa:5 aaaa:6");
	sqlite3_finalize(st);
	sqlite3_close(h);
	remove_db(old);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_default_dir, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_put_dedup, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_owner_recorded, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_owner_migration, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
