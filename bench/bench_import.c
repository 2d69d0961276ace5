/*
 * bench_import.c: `xaso import residents` of generated population
 * extracts (1 and 3 million rows by default): rows per second and the peak
 * memory of the importing process, beside two ceilings measured in the
 * same run on the same rows and the same schema, each in a process of its
 * own with the same 32 MiB page cache as the import (store/sqlite):
 *
 *   import      xaso import residents FILE (a first extract: CSV read as a
 *               stream, every row checked, one transaction, the ID-number
 *               and village indexes built at the end, no foreign-key
 *               checks: the households it references are its own)
 *   ceiling A   the rows inserted straight into SQLite, in transactions of
 *               BATCH rows, into the tables with their indexes in place
 *               and foreign keys checked
 *   ceiling B   the same, with the two indexes dropped first and built at
 *               the end and no foreign-key checks (what a first extract
 *               does, without parsing or checking anything)
 *
 * Wall time on a shared machine carries its load; CPU time (user + system)
 * is printed too. The same peak memory for every file size is the point of
 * the streaming import.
 *
 * Usage: bench_import [ROWS ...]   XASO_BIN: the binary (default
 * ./xaso beside this program); TMPDIR: where files go (default /tmp);
 * XASO_BENCH_KEEP=1 keeps the template database and the last extract
 * there (to profile `xaso import` on them: copy the template first).
 */
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/lunar.h"
#include "core/people.h"

enum { BATCH = 100000, MAX_COMMUNES = 256, MAX_VILLAGES = 8192 };

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct villages {
	struct unit *u;
	size_t n;
};

static int add_commune(const struct unit *u, void *ctx)
{
	struct villages *v = ctx;
	if (v->n < MAX_COMMUNES)
		v->u[v->n++] = *u;
	return 0;
}

/* A database with the demo province's villages, the template of each run. */
static int make_template(const char *path, struct villages *vil)
{
	struct store *s;
	struct xerr e = {0};
	struct villages c = {calloc(MAX_COMMUNES, sizeof(struct unit)), 0};
	vil->u = calloc(MAX_VILLAGES, sizeof(struct unit));
	vil->n = 0;
	int rc = store_open(path, STORE_CREATE | STORE_MIGRATE, &s, &e);
	if (rc == 0 && (rc = cli_seed_reference(s, &e)) == 0)
		rc = store_unit_children(s, "66", add_commune, &c, &e);
	struct rng r;
	rng_seed(&r, 1);
	for (size_t i = 0; rc == 0 && i < c.n; i++)
		vil->n += (size_t)people_demo_villages(&r, &c.u[i], vil->u + vil->n, 24);
	if (rc == 0)
		rc = store_unit_insert(s, vil->u, vil->n, NULL, &e);
	if (rc)
		fprintf(stderr, "bench_import: %s\n", e.msg);
	if (s)
		store_close(s);
	free(c.u);
	return rc;
}

/* An extract of `rows` residents spread over the villages, a village's
 * households together (as the population database lists them). */
static int make_extract(const char *path, const struct villages *vil, long rows)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("pid,full_name,birth_date,sex,household,village,eid_level,ehealth,extract_date\n", f);
	struct pid_seq *ids = calloc(1, sizeof *ids);
	memcpy(ids->province, "066", 4);
	struct rng r;
	rng_seed(&r, 7);
	int32_t day = lunar_jdn(2026, 6, 30);
	long n = 0;
	long per = rows / (long)(vil->n * 3) + 1; /* households of a village */
	for (int seq = 1; n < rows; seq++) {
		const struct unit *v = &vil->u[(size_t)(seq / per) % vil->n];
		struct household hh;
		struct resident rs[8];
		size_t k = people_demo_household(&r, ids, v->code, seq, day, 0.85, &hh, rs, 8);
		for (size_t i = 0; i < k && n < rows; i++, n++)
			fprintf(f, "%s,%s,%s,%c,%s,%s,%d,%d,2026-06-30\n", rs[i].pid,
			        rs[i].full_name, rs[i].birth_date, people_sex_letter(rs[i].sex),
			        rs[i].household, rs[i].village, rs[i].eid_level, rs[i].ehealth);
	}
	free(ids);
	return fclose(f);
}

static int copy_template(const char *template, const char *to)
{
	struct store *s;
	struct xerr e = {0};
	char p[700];
	unlink(to);
	snprintf(p, sizeof p, "%s-wal", to);
	unlink(p);
	int rc = store_open(template, 0, &s, &e);
	if (rc == 0) {
		rc = store_backup(s, to, &e);
		store_close(s);
	}
	return rc;
}

/* ---- the ceilings: plain SQLite, in a child process ---- */

static int ceiling(const char *db, const char *csv, bool indexes_after)
{
	sqlite3 *h;
	if (sqlite3_open(db, &h) != SQLITE_OK)
		return 1;
	sqlite3_exec(h,
	             "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
	             "PRAGMA cache_size=-32768;",
	             NULL, NULL, NULL);
	/* B does what a first extract does: no foreign-key checks. */
	sqlite3_exec(h, indexes_after ? "PRAGMA foreign_keys=OFF" : "PRAGMA foreign_keys=ON", NULL,
	             NULL, NULL);
	if (indexes_after)
		sqlite3_exec(h, "DROP INDEX resident_pid; DROP INDEX resident_village;", NULL, NULL,
		             NULL);
	sqlite3_stmt *hs, *rs;
	sqlite3_prepare_v2(h, "INSERT INTO household(id, code) VALUES (?1, ?2)", -1, &hs, NULL);
	sqlite3_prepare_v2(h,
	                   "INSERT INTO resident(id, pid, full_name, birth_day, sex, household, "
	                   "village, eid_level, ehealth, valid_from) "
	                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	                   -1, &rs, NULL);
	FILE *f = fopen(csv, "r");
	char line[512], last[32] = "";
	long id = 0, hid = 0;
	if (!f || !fgets(line, sizeof line, f))
		return 1;
	sqlite3_exec(h, "BEGIN", NULL, NULL, NULL);
	while (fgets(line, sizeof line, f)) {
		char *fld[9], *p = line;
		for (int i = 0; i < 9; i++)
			fld[i] = strsep(&p, ",\n");
		if (strcmp(last, fld[4])) {
			snprintf(last, sizeof last, "%s", fld[4]);
			sqlite3_bind_int64(hs, 1, ++hid);
			sqlite3_bind_text(hs, 2, fld[4], -1, SQLITE_TRANSIENT);
			sqlite3_step(hs);
			sqlite3_reset(hs);
		}
		int y = atoi(fld[2]), m = atoi(fld[2] + 5), d = atoi(fld[2] + 8);
		sqlite3_bind_int64(rs, 1, ++id);
		sqlite3_bind_text(rs, 2, fld[0], -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(rs, 3, fld[1], -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(rs, 4, lunar_jdn(y, m, d));
		sqlite3_bind_int(rs, 5, fld[3][0] == 'F' ? 2 : 1);
		sqlite3_bind_int64(rs, 6, hid);
		sqlite3_bind_int64(rs, 7, unit_key(fld[5]));
		sqlite3_bind_int(rs, 8, atoi(fld[6]));
		sqlite3_bind_int(rs, 9, atoi(fld[7]));
		sqlite3_bind_int(rs, 10, lunar_jdn(2026, 6, 30));
		if (sqlite3_step(rs) != SQLITE_DONE)
			return 1;
		sqlite3_reset(rs);
		if (id % BATCH == 0)
			sqlite3_exec(h, "COMMIT; BEGIN", NULL, NULL, NULL);
	}
	if (indexes_after)
		sqlite3_exec(h,
		             "CREATE UNIQUE INDEX resident_pid ON resident(pid); "
		             "CREATE INDEX resident_village ON resident(village);",
		             NULL, NULL, NULL);
	int rc = sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK;
	fclose(f);
	sqlite3_finalize(hs);
	sqlite3_finalize(rs);
	sqlite3_close(h);
	return rc;
}

struct run {
	double wall, cpu;
	long peak_kb;
	int status;
};

/* Runs fn in a child (or execs argv when fn is NULL) and measures it. */
static struct run measure(char *const argv[], const char *db, const char *csv, int kind)
{
	struct run out = {0};
	double t0 = now_s();
	pid_t pid = fork();
	if (pid == 0) {
		if (kind == 0) {
			int null = open("/dev/null", O_WRONLY);
			dup2(null, 1);
			execv(argv[0], argv);
			_exit(127);
		}
		_exit(ceiling(db, csv, kind == 2));
	}
	int status = 0;
	struct rusage ru;
	wait4(pid, &status, 0, &ru);
	out.wall = now_s() - t0;
	out.cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	          (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	out.peak_kb = ru.ru_maxrss;
	out.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
	return out;
}

static void print_run(const char *what, long rows, const struct run *r)
{
	printf("  %-10s %8.0f rows/s (%6.0f rows per CPU second)  %6.1f s  peak %6.1f MiB%s\n",
	       what, (double)rows / r->wall, (double)rows / r->cpu, r->wall,
	       (double)r->peak_kb / 1024.0, r->status ? "  FAILED" : "");
}

int main(int argc, char **argv)
{
	long sizes[8] = {1000000, 3000000};
	int nsizes = 2;
	for (int i = 1; i < argc && i <= 8; i++, nsizes = i - 1)
		sizes[i - 1] = atol(argv[i]);
	char bin[600];
	if (getenv("XASO_BIN"))
		snprintf(bin, sizeof bin, "%s", getenv("XASO_BIN"));
	else {
		snprintf(bin, sizeof bin, "%s", argv[0]);
		char *slash = strrchr(bin, '/');
		snprintf(slash ? slash + 1 : bin,
		         sizeof bin - (size_t)(slash ? slash + 1 - bin : 0), "xaso");
	}
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char dir[512], template[600], csv[600], db[600];
	snprintf(dir, sizeof dir, "%s/xaso-bench-import-XXXXXX", tmp);
	if (!mkdtemp(dir))
		return 1;
	snprintf(template, sizeof template, "%s/template.db", dir);
	snprintf(csv, sizeof csv, "%s/extract.csv", dir);
	snprintf(db, sizeof db, "%s/import.db", dir);
	struct villages vil;
	if (make_template(template, &vil) != 0)
		return 1;
	printf("bench_import: first extracts into a database of %zu villages; transactions of "
	       "%d rows for the ceilings\n",
	       vil.n, BATCH);
	for (int i = 0; i < nsizes; i++) {
		long rows = sizes[i];
		if (make_extract(csv, &vil, rows) != 0)
			return 1;
		printf("%ld rows:\n", rows);
		char *args[] = {bin, "import", "residents", csv, "--db", db, NULL};
		static const char *const names[] = {"import", "ceiling A", "ceiling B"};
		for (int kind = 0; kind < 3; kind++) {
			if (copy_template(template, db) != 0)
				return 1;
			struct run r = measure(args, db, csv, kind);
			print_run(names[kind], rows, &r);
		}
	}
	if (getenv("XASO_BENCH_KEEP") && !strcmp(getenv("XASO_BENCH_KEEP"), "1")) {
		printf("kept: %s (template.db, extract.csv)\n", dir);
		free(vil.u);
		return 0;
	}
	char p[700];
	const char *files[] = {"template.db",    "extract.csv",   "import.db",
	                       "import.db-wal",  "import.db-shm", "template.db-wal",
	                       "template.db-shm"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		unlink(p);
	}
	rmdir(dir);
	free(vil.u);
	return 0;
}
