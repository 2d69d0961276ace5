/*
 * bench_submit.c: durable dossier filing without HTTP, beside its ceiling.
 *
 *   ceiling  the same rows (dossier, filing event, audit entry) inserted
 *            straight into SQLite by one thread in transactions of BATCH
 *            rows, synchronous=FULL: what the disk and SQLite allow
 *   store    CLIENTS threads calling store_dossier_submit(), which commits
 *            through the group-commit writer (also synchronous=FULL)
 *
 * Usage: bench_submit [N [CLIENTS [BATCH]]]   (defaults 20000 64 64)
 * bench/bench_submit.sh adds the HTTP figure (wrk, 64 connections).
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store.h"

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void remove_db(const char *path)
{
	char p[600];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

static const char form[] =
    "{\"requester_full_name\":\"Nguyễn Văn An\",\"requester_pid\":\"066090000123\","
    "\"requester_relationship\":\"cha\",\"child_full_name\":\"Nguyễn Văn "
    "Bình\",\"child_sex\":\"nam\","
    "\"child_birth_date\":\"2026-04-20\",\"child_birth_place\":\"Bệnh viện tỉnh Đắk Lắk\","
    "\"child_hometown\":\"Đắk Lắk\",\"child_ethnicity\":\"Kinh\",\"child_nationality\":\"Việt "
    "Nam\"}";

/* The ceiling: plain prepared inserts of the same three rows per dossier. */
static double ceiling(const char *path, int n, int batch)
{
	sqlite3 *db;
	sqlite3_stmt *d, *ev, *au;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return 0;
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL, NULL);
	sqlite3_prepare_v2(
	    db,
	    "INSERT INTO dossier(code, unit, procedure, channel, status, applicant_account, "
	    "applicant_name, applicant_pid, applicant_phone, form, submitted_at) "
	    "VALUES (?1, '22015', '1.001193', 2, 1, 7, 'Nguyễn Văn An', '066090000123', "
	    "'0912345678', ?2, 29000000)",
	    -1, &d, NULL);
	sqlite3_prepare_v2(
	    db,
	    "INSERT INTO dossier_event(dossier, from_status, to_status, account_id, login, "
	    "role, at, note) VALUES (?1, 0, 1, 7, '0912345678', 'citizen', 29000000, 'filed')",
	    -1, &ev, NULL);
	sqlite3_prepare_v2(
	    db,
	    "INSERT INTO audit(at, account_id, login, role, unit, address, action, object, "
	    "detail, prev, hash) VALUES (1, 7, '0912345678', 'citizen', '', '127.0.0.1', "
	    "'dossier.create', ?1, 'procedure 1.001193, channel 2', ?2, ?2)",
	    -1, &au, NULL);
	double t0 = now_s();
	for (int i = 0; i < n;) {
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		for (int k = 0; k < batch && i < n; k++, i++) {
			char code[40];
			snprintf(code, sizeof code, "22015-260428-%06d", i + 1);
			sqlite3_bind_text(d, 1, code, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(d, 2, form, -1, SQLITE_STATIC);
			sqlite3_step(d);
			sqlite3_reset(d);
			sqlite3_bind_int64(ev, 1, sqlite3_last_insert_rowid(db));
			sqlite3_step(ev);
			sqlite3_reset(ev);
			sqlite3_bind_text(au, 1, code, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(
			    au, 2,
			    "0000000000000000000000000000000000000000000000000000000000000000", -1,
			    SQLITE_STATIC);
			sqlite3_step(au);
			sqlite3_reset(au);
		}
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	double dt = now_s() - t0;
	sqlite3_finalize(d);
	sqlite3_finalize(ev);
	sqlite3_finalize(au);
	sqlite3_close(db);
	return n / dt;
}

struct client {
	struct store *s;
	int n;
	double *lat;
	int failed;
};

static void *client_main(void *arg)
{
	struct client *c = arg;
	struct actor who;
	actor_system(&who, "bench");
	who.account_id = 7;
	struct dossier *d = malloc(sizeof *d);
	for (int i = 0; i < c->n; i++) {
		memset(d, 0, sizeof *d);
		strcpy(d->unit, "22015");
		strcpy(d->procedure, "1.001193");
		d->channel = DC_ONLINE;
		d->applicant_account = 7;
		strcpy(d->applicant_name, "Nguyễn Văn An");
		strcpy(d->applicant_pid, "066090000123");
		strcpy(d->applicant_phone, "0912345678");
		snprintf(d->form, sizeof d->form, "%s", form);
		struct xerr e = {0};
		double t0 = now_s();
		if (store_dossier_submit(c->s, &who, d, &e) != 0)
			c->failed++;
		c->lat[i] = now_s() - t0;
	}
	free(d);
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int prepare(const char *path, struct store **s)
{
	struct xerr e = {0};
	remove_db(path);
	if (store_open(path, STORE_CREATE | STORE_MIGRATE, s, &e) || cli_seed_reference(*s, &e)) {
		fprintf(stderr, "bench_submit: %s\n", e.msg);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 20000;
	int clients = argc > 2 ? atoi(argv[2]) : 64;
	int batch = argc > 3 ? atoi(argv[3]) : 64;
	if (n < clients || clients < 1 || batch < 1) {
		fprintf(stderr, "usage: bench_submit [N [CLIENTS [BATCH]]]\n");
		return 2;
	}
	char path[64];
	snprintf(path, sizeof path, "/tmp/xaso-bench-submit-%d.db", (int)getpid());
	struct store *s;
	if (prepare(path, &s))
		return 1;
	store_close(s);
	double ceil_rps = ceiling(path, n, batch);

	if (prepare(path, &s))
		return 1;
	struct client *c = calloc((size_t)clients, sizeof *c);
	double *lat = calloc((size_t)n, sizeof *lat);
	pthread_t *th = calloc((size_t)clients, sizeof *th);
	int per = n / clients, total = per * clients, failed = 0;
	double t0 = now_s();
	for (int i = 0; i < clients; i++) {
		c[i] = (struct client){s, per, lat + (size_t)i * per, 0};
		pthread_create(&th[i], NULL, client_main, &c[i]);
	}
	for (int i = 0; i < clients; i++) {
		pthread_join(th[i], NULL);
		failed += c[i].failed;
	}
	double dt = now_s() - t0;
	store_close(s);
	remove_db(path);
	qsort(lat, (size_t)total, sizeof *lat, cmp_double);
	double store_rps = total / dt;
	printf("durable dossier filing, %d dossiers, synchronous=FULL, %ld cores\n", total,
	       sysconf(_SC_NPROCESSORS_ONLN));
	printf("  store (group commit, %d threads): %8.0f dossiers/s  p50 %6.2f ms  p99 %6.2f ms  "
	       "failed %d\n",
	       clients, store_rps, lat[total / 2] * 1e3, lat[(size_t)(total * 0.99)] * 1e3, failed);
	printf("  ceiling (raw SQLite, batches of %d): %8.0f dossiers/s\n", batch, ceil_rps);
	printf("  ratio store/ceiling: %.2f\n", store_rps / ceil_rps);
	printf("CEILING %.0f\n", ceil_rps);
	free(c);
	free(lat);
	free(th);
	return failed ? 1 : 0;
}
