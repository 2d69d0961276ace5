/*
 * bench_pg_copy: the ceiling of durable filing on PostgreSQL, for
 * bench_pg.sh. The rows one filing writes (the dossier, its filing event,
 * its audit entry with a SHA-256 chain link) are put straight into xaso's
 * own tables of an initialised database with COPY, in transactions of
 * BATCH dossiers (as the group-commit writer batches them), with
 * synchronous_commit on: the most PostgreSQL can take of these rows,
 * without xaso's statements, checks or HTTP. Prints dossiers/s and a line
 * "CEILING <dossiers/s>".
 *
 * usage: bench_pg_copy ADDRESS [N] [BATCH]   (defaults 20000, 512)
 */
#include <libpq-fe.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int command(PGconn *pg, const char *sql)
{
	PGresult *r = PQexec(pg, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "bench_pg_copy: %s: %s", sql, PQerrorMessage(pg));
	PQclear(r);
	return ok ? 0 : -1;
}

static long long first_value(PGconn *pg, const char *sql)
{
	PGresult *r = PQexec(pg, sql);
	long long v = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1
	                  ? strtoll(PQgetvalue(r, 0, 0), NULL, 10)
	                  : -1;
	PQclear(r);
	return v;
}

/* One COPY of the rows that put_row writes for dossiers [from, to). */
static int copy_rows(PGconn *pg, const char *sql, long from, long to, char *line, size_t cap,
                     int (*put_row)(long i, char *line, size_t cap))
{
	PGresult *r = PQexec(pg, sql);
	int ok = PQresultStatus(r) == PGRES_COPY_IN;
	PQclear(r);
	for (long i = from; ok && i < to; i++) {
		int n = put_row(i, line, cap);
		ok = PQputCopyData(pg, line, n) == 1;
	}
	if (PQputCopyEnd(pg, ok ? NULL : "stopped") != 1)
		ok = 0;
	while ((r = PQgetResult(pg)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			ok = 0;
		PQclear(r);
	}
	if (!ok)
		fprintf(stderr, "bench_pg_copy: %s: %s", sql, PQerrorMessage(pg));
	return ok ? 0 : -1;
}

static long long id0, audit0, minute;
static char prev[65];

static int dossier_row(long i, char *line, size_t cap)
{
	return snprintf(line, cap,
	                "%lld\tBENCH-%08ld\t22015\t1.001193\t2\t1\tNguyễn Văn An\t066090000123\t"
	                "0912345678\tPhường Tuy Hòa\t{}\t%lld\t%lld\t%lld\t1\t%lld\n",
	                id0 + i, i, minute, minute + 7200, minute + 7200, minute + 7200);
}

static int event_row(long i, char *line, size_t cap)
{
	return snprintf(line, cap, "%lld\t0\t1\t1\t0912345678\tcitizen\t%lld\tfiled\n", id0 + i,
	                minute);
}

static int audit_row(long i, char *line, size_t cap)
{
	char hash[65];
	unsigned char h[crypto_hash_sha256_BYTES];
	int n = snprintf(line, cap,
	                 "%lld\t%lld\t1\t0912345678\tcitizen\t\t127.0.0.1\tdossier.create\t"
	                 "BENCH-%08ld\tprocedure 1.001193, channel 2\t%s\t",
	                 audit0 + i, (long long)time(NULL), i, prev);
	crypto_hash_sha256(h, (const unsigned char *)line, (unsigned long long)n);
	sodium_bin2hex(hash, sizeof hash, h, sizeof h);
	memcpy(prev, hash, sizeof prev);
	return n + snprintf(line + n, cap - (size_t)n, "%s\n", hash);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		/* bench/run.sh runs every bench_* program: this one is run by
		 * bench_pg.sh, with the server it starts. */
		printf("bench_pg_copy ADDRESS [N] [BATCH]: the COPY ceiling of bench_pg.sh\n");
		return 0;
	}
	long n = argc > 2 ? atol(argv[2]) : 20000, batch = argc > 3 ? atol(argv[3]) : 512;
	PGconn *pg = PQconnectdb(argv[1]);
	if (sodium_init() < 0 || PQstatus(pg) != CONNECTION_OK) {
		fprintf(stderr, "bench_pg_copy: %s", PQerrorMessage(pg));
		return 1;
	}
	if (command(pg, "SET synchronous_commit = on") != 0)
		return 1;
	id0 = first_value(pg, "SELECT coalesce(max(id), 0) + 1000000 FROM dossier");
	audit0 = first_value(pg, "SELECT coalesce(max(id), 0) + 1 FROM audit");
	minute = ((long long)time(NULL) + 7 * 3600) / 60;
	memset(prev, '0', 64);
	prev[64] = '\0';
	char line[1024];
	double t0 = now_s();
	int rc = 0;
	for (long from = 0; rc == 0 && from < n; from += batch) {
		long to = from + batch < n ? from + batch : n;
		rc = command(pg, "BEGIN") ||
		     copy_rows(
		         pg,
		         "COPY dossier(id, code, unit, procedure, channel, status, "
		         "applicant_name, applicant_pid, applicant_phone, applicant_address, form, "
		         "submitted_at, due_at, original_due_at, is_open, overdue_from) FROM STDIN",
		         from, to, line, sizeof line, dossier_row) ||
		     copy_rows(
		         pg,
		         "COPY dossier_event(dossier, from_status, to_status, account_id, login, "
		         "role, at, note) FROM STDIN",
		         from, to, line, sizeof line, event_row) ||
		     copy_rows(pg,
		               "COPY audit(id, at, account_id, login, role, unit, address, action, "
		               "object, detail, prev, hash) FROM STDIN",
		               from, to, line, sizeof line, audit_row) ||
		     command(pg, "COMMIT");
	}
	double dt = now_s() - t0;
	PQfinish(pg);
	if (rc)
		return 1;
	printf("  ceiling, COPY of the same rows (dossier, event, audit entry), %ld per "
	       "transaction, synchronous_commit on: %.0f dossiers/s (%ld in %.2f s)\n",
	       batch, (double)n / dt, n, dt);
	printf("CEILING %.0f\n", (double)n / dt);
	return 0;
}
