/* Tests for src/store/pg/: the placeholder rewriting (always), and, on the
 * PostgreSQL test server when XASO_TEST_PG names its state file (ctest's
 * fixture pg.start), the back end itself: one schema numbering with
 * SQLite's, values of every kind through bound parameters, errors mapped
 * to XERR codes, writers serialised across two pools (two servers), the
 * change watch, yearly partitions, and dossiers filed from two stores at
 * once with unique, gapless codes and one intact audit chain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <cmocka.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/lunar.h"
#include "store/pg/pg_int.h"
#include "store/store_int.h"

static void rewrites(const char *in, const char *want, int want_n)
{
	int n = -1;
	char *out = pg_rewrite(in, &n);
	assert_non_null(out);
	assert_string_equal(out, want);
	assert_int_equal(n, want_n);
	free(out);
}

static void test_rewrite(void **state)
{
	(void)state;
	rewrites("SELECT 1", "SELECT 1", 0);
	rewrites("SELECT ?1, ?2 WHERE a = ?12", "SELECT $1, $2 WHERE a = $12", 12);
	rewrites("SELECT '?1', \"?2\" , ?3", "SELECT '?1', \"?2\" , $3", 3);
	rewrites("SELECT 'it''s ?1' || ?2", "SELECT 'it''s ?1' || $2", 2);
	rewrites("SELECT ?1 -- and ?2\n, ?3", "SELECT $1 -- and ?2\n, $3", 3);
	rewrites("SELECT /* ?9 */ ?1", "SELECT /* ?9 */ $1", 1);
	rewrites("a LIKE ?1 ESCAPE '\\' AND b = ?2", "a LIKE $1 ESCAPE '\\' AND b = $2", 2);
	rewrites("SELECT '?1", "SELECT '?1", 0); /* an unclosed literal stays as it is */
}

/* Both back ends number their schema versions alike. */
static void test_one_numbering(void **state)
{
	(void)state;
	size_t ns, np;
	const struct db_migration *s = db_sqlite_methods.migrations(&ns);
	const struct db_migration *p = db_pg_methods.migrations(&np);
	assert_true(ns > 0);
	assert_int_equal(ns, np);
	for (size_t i = 0; i < ns; i++)
		assert_int_equal(s[i].version, p[i].version);
}

/* ---- on the PostgreSQL test server ---- */

static char url[256];
static struct store *st;
static struct actor sys;

static bool have_server(void)
{
	return getenv("XASO_TEST_PG") != NULL;
}

static void fresh_url(void)
{
	json_error_t err;
	json_t *j = json_load_file(getenv("XASO_TEST_PG"), 0, &err);
	assert_non_null(j);
	snprintf(url, sizeof url, "postgres://postgres@127.0.0.1:%lld/u_%d_%ld",
	         (long long)json_integer_value(json_object_get(j, "port")), (int)getpid(),
	         (long)random());
	json_decref(j);
}

static int setup(void **state)
{
	(void)state;
	if (!have_server())
		return 0;
	fresh_url();
	struct xerr e = {0};
	actor_system(&sys, "test");
	if (store_open(url, STORE_CREATE | STORE_MIGRATE, &st, &e) || cli_seed_reference(st, &e))
		fail_msg("%s", e.msg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	st = NULL;
	return 0;
}

#define NEED_SERVER()                                                                              \
	do {                                                                                       \
		if (!have_server())                                                                \
			skip();                                                                    \
	} while (0)

static void test_schema_version(void **state)
{
	(void)state;
	NEED_SERVER();
	struct xerr e = {0};
	assert_int_equal(store_schema_version(st, &e), store_schema_latest());
	assert_string_equal(store_backend(st), "postgresql");
}

struct values {
	int64_t i;
	double d;
	char t[64];
	bool null;
	size_t len;
};

static int values_row(struct db_stmt *s, void *ctx)
{
	struct values *v = ctx;
	v->i = db_int(s, 0);
	v->d = db_double(s, 1);
	db_text_copy(s, 2, v->t, sizeof v->t);
	v->null = db_null(s, 3);
	s->m->column_text(s, 2, &v->len);
	return 0;
}

static void test_values(void **state)
{
	(void)state;
	NEED_SERVER();
	static const char sql[] = "SELECT ?1 + 1, ?2 * 2, ?3 || '!', ?4";
	static const char sql_null[] = "SELECT count(*) FROM unit WHERE ?1 IS NULL";
	struct db_conn *c = st_get(st);
	struct xerr e = {0};
	struct values v = {0};
	assert_int_equal(db_query_first(c, sql,
	                                DB_ARGS(DB_INT(INT64_C(9000000000)), DB_REAL(1.25),
	                                        DB_TEXT("Đắk Lắk '?1'"), DB_NULL),
	                                values_row, &v, &e),
	                 1);
	assert_int_equal(v.i, INT64_C(9000000001));
	assert_true(v.d == 2.5);
	assert_string_equal(v.t, "Đắk Lắk '?1'!");
	assert_int_equal(v.len, strlen("Đắk Lắk '?1'!"));
	assert_true(v.null);
	/* The same statement with other kinds of values: prepared again. */
	assert_int_equal(db_query_first(c, sql,
	                                DB_ARGS(DB_INT(-1), DB_INT(3), DB_TEXT(""), DB_TEXT("x")),
	                                values_row, &v, &e),
	                 1);
	assert_int_equal(v.i, 0);
	assert_true(v.d == 6.0);
	assert_false(v.null);
	/* A NULL the statement does not type, inside a transaction. */
	int64_t n = 0;
	assert_int_equal(db_begin(c, DB_READ, &e), 0);
	assert_int_equal(db_query_int(c, sql_null, DB_ARGS(DB_NULL), &n, &e), 1);
	assert_int_equal(db_end(c, true, &e), 0);
	assert_true(n > 3000);
	st_put(st, c);
}

static void test_errors(void **state)
{
	(void)state;
	NEED_SERVER();
	static const char sql_dup[] = "INSERT INTO unit_succession(old_code, new_code, effective) "
	                              "VALUES (?1, ?2, '2025-07-01')";
	static const char sql_audit[] = "UPDATE audit SET detail = 'x' WHERE id = 1";
	static const char sql_bad[] = "SELECT no_such_column FROM unit";
	struct db_conn *c = st_get(st);
	struct xerr e = {0};
	assert_int_equal(db_run(c, sql_dup, DB_ARGS(DB_TEXT("66"), DB_TEXT("01")), &e), 0);
	assert_int_equal(db_run(c, sql_dup, DB_ARGS(DB_TEXT("66"), DB_TEXT("01")), &e),
	                 XERR_CONFLICT);
	assert_int_equal(db_run(c, sql_dup, DB_ARGS(DB_TEXT("66"), DB_TEXT("nope")), &e),
	                 XERR_CONFLICT);
	assert_int_equal(db_run(c, sql_audit, DB_NOARGS, &e), XERR_CONFLICT);
	assert_non_null(strstr(e.msg, "cannot be changed"));
	assert_int_equal(db_run(c, sql_bad, DB_NOARGS, &e), XERR_IO);
	/* A failed statement ends its transaction; the connection goes on. */
	assert_int_equal(db_begin(c, DB_WRITE, &e), 0);
	assert_int_equal(db_run(c, sql_bad, DB_NOARGS, &e), XERR_IO);
	assert_int_equal(db_end(c, false, &e), 0);
	int64_t n = 0;
	assert_int_equal(db_query_int(c, "SELECT 41 + 1", DB_NOARGS, &n, &e), 1);
	assert_int_equal(n, 42);
	st_put(st, c);
}

/* Bulk loading queues statements without rows (pipeline mode): they land,
 * and a bad one among hundreds fails the transaction, which keeps none. */
static void test_bulk_pipeline(void **state)
{
	(void)state;
	NEED_SERVER();
	static const char sql_ins[] = "INSERT INTO login_failure(address, at) VALUES (?1, ?2)";
	static const char sql_dup[] = "INSERT INTO unit_succession(old_code, new_code, effective) "
	                              "VALUES ('66', '01', '2025-07-01')";
	static const char sql_count[] = "SELECT count(*) FROM login_failure WHERE address = ?1";
	struct xerr e = {0};
	assert_int_equal(store_bulk_mode(st, true, &e), 0);
	struct db_conn *c = st_get(st);
	int64_t n = 0;
	/* 700 rows and the new succession: all land. */
	assert_int_equal(db_begin(c, DB_WRITE, &e), 0);
	for (int i = 0; i < 700; i++) {
		assert_int_equal(db_run(c, sql_ins, DB_ARGS(DB_TEXT("good"), DB_INT(i)), &e), 0);
		if (i == 10)
			assert_int_equal(db_run(c, sql_dup, DB_NOARGS, &e), 0);
	}
	assert_int_equal(db_query_int(c, sql_count, DB_ARGS(DB_TEXT("good")), &n, &e), 1);
	assert_int_equal(n, 700); /* a read in between sees what was queued */
	assert_int_equal(db_end(c, true, &e), 0);
	/* The same succession again among 700 rows: the error comes back from
	 * a later call (at most PG_PIPELINE_MAX statements on), as a conflict. */
	assert_int_equal(db_begin(c, DB_WRITE, &e), 0);
	int rc = 0, at = -1;
	for (int i = 0; i < 700 && rc == 0; i++) {
		rc = db_run(c, sql_ins, DB_ARGS(DB_TEXT("bad"), DB_INT(i)), &e);
		if (rc == 0 && i == 100)
			rc = db_run(c, sql_dup, DB_NOARGS, &e);
		at = i;
	}
	assert_int_equal(rc, XERR_CONFLICT);
	assert_true(at >= 100 && at < 100 + PG_PIPELINE_MAX);
	assert_int_equal(db_end(c, false, &e), 0);
	assert_int_equal(db_query_int(c, sql_count, DB_ARGS(DB_TEXT("good")), &n, &e), 1);
	assert_int_equal(n, 700);
	assert_int_equal(db_query_int(c, sql_count, DB_ARGS(DB_TEXT("bad")), &n, &e), 1);
	assert_int_equal(n, 0);
	st_put(st, c);
	assert_int_equal(store_bulk_mode(st, false, &e), 0);
}

/* A second pool on the same database: another server. */
static struct store *second_store(void)
{
	struct store *s2 = NULL;
	struct xerr e = {0};
	if (store_open(url, 0, &s2, &e))
		fail_msg("%s", e.msg);
	return s2;
}

struct blocked {
	struct store *s;
	double waited;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void *write_later(void *arg)
{
	struct blocked *b = arg;
	struct db_conn *c = st_get(b->s);
	struct xerr e = {0};
	double t0 = now_ms();
	assert_int_equal(db_begin(c, DB_WRITE, &e), 0);
	b->waited = now_ms() - t0;
	assert_int_equal(db_end(c, true, &e), 0);
	st_put(b->s, c);
	return NULL;
}

static void test_writers_across_pools(void **state)
{
	(void)state;
	NEED_SERVER();
	struct store *s2 = second_store();
	struct db_conn *c = st_get(st);
	struct xerr e = {0};
	assert_int_equal(db_begin(c, DB_WRITE, &e), 0);
	struct blocked b = {s2, 0};
	pthread_t th;
	pthread_create(&th, NULL, write_later, &b);
	usleep(300 * 1000);
	assert_int_equal(db_end(c, true, &e), 0);
	pthread_join(th, NULL);
	st_put(st, c);
	/* The other pool's writer waited for this one to commit. */
	assert_true(b.waited >= 250);
	store_close(s2);
}

static void test_changed(void **state)
{
	(void)state;
	NEED_SERVER();
	struct store *s2 = second_store();
	uint64_t stamp = 0;
	assert_true(s2->m->changed(s2->db, &stamp)); /* the first question */
	assert_false(s2->m->changed(s2->db, &stamp));
	struct xerr e = {0};
	assert_int_equal(store_audit_record(st, &sys, "test.change", "x", "", &e), 0);
	bool seen = false;
	for (int i = 0; i < 200 && !seen; i++) {
		seen = s2->m->changed(s2->db, &stamp);
		if (!seen)
			usleep(10 * 1000);
	}
	assert_true(seen);
	assert_false(s2->m->changed(s2->db, &stamp));
	store_close(s2);
}

/* Yearly partitions: the current year's exists, a dossier lands in it. */
static void test_partitions(void **state)
{
	(void)state;
	NEED_SERVER();
	static const char sql[] = "SELECT count(*) FROM pg_inherits i JOIN pg_class c "
	                          "ON c.oid = i.inhrelid WHERE c.relname = ?1";
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	char name[32];
	snprintf(name, sizeof name, "dossier_y%d", tm.tm_year + 1900 + 2);
	long n = 0;
	struct xerr e = {0};
	assert_int_equal(st_count(st, sql, DB_ARGS(DB_TEXT(name)), &n, &e), 0);
	assert_int_equal(n, 1);
	snprintf(name, sizeof name, "audit_y%d", tm.tm_year + 1900);
	assert_int_equal(st_count(st, sql, DB_ARGS(DB_TEXT(name)), &n, &e), 0);
	assert_int_equal(n, 1);
	/* Running the upkeep again adds nothing and fails nothing. */
	assert_int_equal(store_maintain(st, &e), 0);
	/* A dossier of a year without its partition lands in the default one;
	 * that year's partition is then not made (its rows stay there), the
	 * years around it are. */
	static const char sql_far[] =
	    "INSERT INTO dossier(code, unit, procedure, channel, status, applicant_name, "
	    "submitted_at) VALUES ('22015-400101-0001', '22015', '1.001193', 1, 1, 'A', ?1)";
	static const char sql_years[] =
	    "SELECT xaso_year_partitions(CAST(?1 AS integer), CAST(?2 AS integer))";
	static const char sql_where[] = "SELECT tableoid::regclass::text = 'dossier_default' "
	                                "FROM dossier WHERE code = '22015-400101-0001'";
	struct db_conn *c = st_get(st);
	int64_t made = 0, in_default = 0;
	int64_t minute = (int64_t)(lunar_jdn(2040, 1, 1) - lunar_jdn(1970, 1, 1)) * 1440 + 600;
	assert_int_equal(db_run(c, sql_far, DB_ARGS(DB_INT(minute)), &e), 0);
	assert_int_equal(db_query_int(c, sql_years, DB_ARGS(DB_INT(2039), DB_INT(2041)), &made, &e),
	                 1);
	assert_int_equal(made, 5); /* audit 2039-2041, dossier 2039 and 2041 */
	assert_int_equal(db_query_int(c, sql_where, DB_NOARGS, &in_default, &e), 1);
	assert_int_equal(in_default, 1);
	st_put(st, c);
}

/* Two stores (two servers) file for one unit and day at once. */
enum { FILERS = 4, PER_FILER = 25 };

struct filer {
	struct store *s;
	int ok;
	char codes[PER_FILER][DOSSIER_CODE_MAX];
};

static void *file_some(void *arg)
{
	struct filer *f = arg;
	for (int i = 0; i < PER_FILER; i++) {
		struct dossier *d = calloc(1, sizeof *d);
		struct xerr e = {0};
		strcpy(d->unit, "22015");
		strcpy(d->procedure, "1.001193");
		d->channel = DC_COUNTER;
		strcpy(d->applicant_name, "Nguyễn Văn An");
		strcpy(d->form, "{}");
		cal_parse_time("2026-04-28T09:00", "t", &d->submitted_at, &e);
		if (store_dossier_submit(f->s, &sys, d, &e) == 0)
			strcpy(f->codes[f->ok++], d->code);
		free(d);
	}
	return NULL;
}

static int cmp_code(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_filing_from_two_stores(void **state)
{
	(void)state;
	NEED_SERVER();
	struct store *s2 = second_store();
	pthread_t th[FILERS];
	struct filer *f = calloc(FILERS, sizeof *f);
	for (int i = 0; i < FILERS; i++) {
		f[i].s = i % 2 ? s2 : st;
		pthread_create(&th[i], NULL, file_some, &f[i]);
	}
	for (int i = 0; i < FILERS; i++)
		pthread_join(th[i], NULL);
	char(*all)[DOSSIER_CODE_MAX] = calloc(FILERS * PER_FILER, DOSSIER_CODE_MAX);
	int n = 0;
	for (int i = 0; i < FILERS; i++) {
		memcpy(all[n], f[i].codes, (size_t)f[i].ok * DOSSIER_CODE_MAX);
		n += f[i].ok;
	}
	assert_int_equal(n, FILERS * PER_FILER);
	qsort(all, (size_t)n, DOSSIER_CODE_MAX, cmp_code);
	for (int i = 0; i < n; i++) {
		char want[DOSSIER_CODE_MAX];
		snprintf(want, sizeof want, "22015-260428-%04d", i + 1);
		assert_string_equal(all[i], want);
	}
	int64_t count = 0, bad = 0;
	struct xerr e = {0};
	assert_int_equal(store_audit_verify(st, &count, &bad, &e), 0);
	assert_true(count > n);
	free(all);
	free(f);
	store_close(s2);
}

int main(void)
{
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rewrite),
	    cmocka_unit_test(test_one_numbering),
	    cmocka_unit_test_setup_teardown(test_schema_version, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_values, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bulk_pipeline, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_writers_across_pools, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_changed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_partitions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_filing_from_two_stores, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
