/*
 * bench_pop_eval.c: every built-in indicator's aggregates over the
 * population records (residents, households, villages, teams, members,
 * activities, trainings, campaigns, businesses, products, reported
 * figures), for every unit of the demo province at once, for a month "as
 * of" its last day (store_pop_eval, the call the monitoring layer makes).
 *
 *   cold      the first call after opening the database: it reads the
 *             residents' compact rows (current and history) into memory
 *   warm      the next calls, one per month of the last year, each as of
 *             that month's last day (past days read the history rows)
 *   commune   the same for one commune and its villages named (only their
 *             residents' rows are read), the call of a commune's pages
 *   ceiling   plain SQLite on the same file: one statement that counts
 *             only the current residents aged 14+, with e-ID level 2 and
 *             with an e-health record, grouped by village (no history, no
 *             other entity), and the same counts as one pass over the
 *             residents' integers already in memory
 *
 * Usage: bench_pop_eval [DB]   without DB, builds the demo province
 * (`xaso demo`, XASO_BIN or ./xaso beside this program) in TMPDIR and
 * removes it afterwards.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/expr.h"
#include "core/indicator.h"
#include "core/lunar.h"
#include "store/store.h"
#include "store/store_eval.h"
#include "store/store_units.h"

enum { PLANS_MAX = 64, AGGS_MAX = 256, MONTHS = 12 };

/* The commune of the demo province whose pages the demo logins open. */
#define COMMUNE "22015"

/* A commune's code and its villages'. */
enum { NAMES_MAX = 256 };
struct names {
	char code[NAMES_MAX][UNIT_CODE_MAX];
	size_t n;
};

static int add_name(const struct unit *u, void *ctx)
{
	struct names *x = ctx;
	if (x->n < NAMES_MAX)
		snprintf(x->code[x->n++], UNIT_CODE_MAX, "%s", u->code);
	return 0;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU seconds of this process: on a shared machine, wall time carries the
 * others' load. */
static double cpu_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct tally {
	long units;
	double sum;
};

static int add(const char *unit, const double *v, void *ctx)
{
	(void)unit;
	struct tally *t = ctx;
	t->units++;
	t->sum += v[0];
	return 0;
}

/* The aggregates of every built-in formula over entities this store
 * evaluates (dossiers, tasks, officials and feedback are counted
 * elsewhere). */
static size_t collect(struct expr_plan **plans, size_t *np, const struct expr_agg **aggs)
{
	static const char *const others[] = {"dossiers", "tasks", "officials", "feedback"};
	size_t nb, n = 0;
	const struct ind_def *defs = ind_builtin(&nb);
	*np = 0;
	for (size_t i = 0; i < nb && *np < PLANS_MAX; i++) {
		struct expr_plan *p = NULL;
		struct xerr e = {0};
		if (!defs[i].formula || ind_def_check(&defs[i], &p, NULL, &e) != 0 || !p)
			continue;
		bool ours = n + p->naggs <= AGGS_MAX;
		for (size_t k = 0; ours && k < p->naggs; k++)
			for (size_t j = 0; p->aggs[k].entity && j < 4; j++)
				ours = ours && strcmp(p->aggs[k].entity->name, others[j]) != 0;
		if (!ours) {
			expr_plan_free(p);
			continue;
		}
		for (size_t k = 0; k < p->naggs; k++)
			aggs[n++] = &p->aggs[k];
		plans[(*np)++] = p;
	}
	return n;
}

static int month_end(int back, int32_t *first, int32_t *last)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	int y = tm.tm_year + 1900, m = tm.tm_mon + 1 - back;
	while (m < 1) {
		m += 12;
		y--;
	}
	*first = lunar_jdn(y, m, 1);
	*last = (m == 12 ? lunar_jdn(y + 1, 1, 1) : lunar_jdn(y, m + 1, 1)) - 1;
	return 0;
}

/* The SQL ceiling: current residents only, one statement. */
static double sql_ceiling(const char *db, int32_t day, long *villages, long *people)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	double t0 = now_s();
	int rc = sqlite3_prepare_v2(
	    h,
	    "SELECT village, count(*), sum(eid_level = 2), sum(ehealth) FROM resident "
	    "WHERE valid_to IS NULL AND birth_day <= ?1 GROUP BY village",
	    -1, &st, NULL);
	*villages = *people = 0;
	if (rc == SQLITE_OK) {
		/* aged 14 on `day`: born at least 14 years before (close enough
		 * for a ceiling: the cost is the scan, not the comparison) */
		sqlite3_bind_int(st, 1, day - 14 * 365 - 3);
		while (sqlite3_step(st) == SQLITE_ROW) {
			(*villages)++;
			*people += sqlite3_column_int64(st, 1);
		}
		sqlite3_finalize(st);
	}
	double dt = now_s() - t0;
	sqlite3_close(h);
	return rc == SQLITE_OK ? dt : -1;
}

/* The memory ceiling: the residents' integers in arrays, one pass. */
static double mem_ceiling(const char *db, int32_t day, long *people)
{
	sqlite3 *h;
	sqlite3_stmt *st = NULL, *cnt = NULL;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, "SELECT count(*) FROM resident WHERE valid_to IS NULL", -1, &cnt,
	                       NULL) != SQLITE_OK ||
	    sqlite3_step(cnt) != SQLITE_ROW ||
	    sqlite3_prepare_v2(h,
	                       "SELECT village % 65536, birth_day, eid_level, ehealth "
	                       "FROM resident WHERE valid_to IS NULL",
	                       -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(cnt);
		sqlite3_close(h);
		return -1;
	}
	size_t cap = (size_t)sqlite3_column_int64(cnt, 0) + 1, n = 0;
	sqlite3_finalize(cnt);
	int32_t *v = malloc(cap * sizeof *v), *b = malloc(cap * sizeof *b);
	uint8_t *f = malloc(cap);
	static long cells[65536][3];
	double dt = -1;
	if (v && b && f) {
		while (n < cap && sqlite3_step(st) == SQLITE_ROW) {
			v[n] = sqlite3_column_int(st, 0);
			b[n] = sqlite3_column_int(st, 1);
			f[n++] =
			    (uint8_t)(sqlite3_column_int(st, 2) | sqlite3_column_int(st, 3) << 2);
		}
		memset(cells, 0, sizeof cells);
		double t0 = now_s();
		int32_t born = day - 14 * 365 - 3;
		for (size_t i = 0; i < n; i++) {
			long *c = cells[v[i]];
			c[0]++;
			c[1] += b[i] <= born && (f[i] & 3) == 2;
			c[2] += f[i] >> 2;
		}
		dt = now_s() - t0;
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	*people = 0;
	for (size_t i = 0; i < 65536; i++)
		*people += cells[i][0];
	free(v);
	free(b);
	free(f);
	return dt;
}

static int make_demo(const char *self, const char *db)
{
	char bin[600];
	if (getenv("XASO_BIN"))
		snprintf(bin, sizeof bin, "%s", getenv("XASO_BIN"));
	else {
		snprintf(bin, sizeof bin, "%s", self);
		char *slash = strrchr(bin, '/');
		snprintf(slash ? slash + 1 : bin,
		         sizeof bin - (size_t)(slash ? slash + 1 - bin : 0), "xaso");
	}
	pid_t pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execl(bin, bin, "demo", "--db", db, (char *)NULL);
		_exit(127);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static void remove_db(const char *db)
{
	static const char *const tails[] = {"", "-wal", "-shm"};
	char p[700];
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", db, tails[i]);
		unlink(p);
	}
	snprintf(p, sizeof p, "rm -rf '%s.files'", db);
	if (system(p) != 0)
		fprintf(stderr, "bench_pop_eval: could not remove %s.files\n", db);
}

static int run(const char *db)
{
	struct expr_plan *plans[PLANS_MAX];
	const struct expr_agg *aggs[AGGS_MAX];
	size_t np, n = collect(plans, &np, aggs);
	struct store *s = NULL;
	struct xerr e = {0};
	int rc = store_open(db, 0, &s, &e);
	int32_t first, last;
	double best = 1e9, worst = 0, cpu = 0, t0 = now_s(), c0 = cpu_s();
	struct tally t = {0};
	month_end(1, &first, &last);
	if (rc == 0)
		rc = store_pop_eval(s, NULL, 0, first, last, aggs, n, add, &t, &e);
	double cold = now_s() - t0, cold_cpu = cpu_s() - c0;
	printf("bench_pop_eval: %zu built-in indicators, %zu aggregates over population records, "
	       "%ld units with records\n",
	       np, n, t.units);
	for (int k = 1; rc == 0 && k <= MONTHS; k++) {
		month_end(k, &first, &last);
		t0 = now_s();
		c0 = cpu_s();
		rc = store_pop_eval(s, NULL, 0, first, last, aggs, n, add, &t, &e);
		double dt = now_s() - t0;
		cpu += cpu_s() - c0;
		best = dt < best ? dt : best;
		worst = dt > worst ? dt : worst;
		if (getenv("BENCH_VERBOSE"))
			printf("  month -%d  %.3f s\n", k, dt);
	}
	/* One commune of the demo province and its villages, each month
	 * again. */
	double commune = 0;
	struct tally tc = {0};
	struct names kids = {.n = 1};
	snprintf(kids.code[0], sizeof kids.code[0], "%s", COMMUNE);
	if (rc == 0)
		rc = store_unit_children(s, COMMUNE, add_name, &kids, &e);
	const char *codes[NAMES_MAX];
	for (size_t i = 0; i < kids.n; i++)
		codes[i] = kids.code[i];
	for (int k = 1; rc == 0 && k <= MONTHS; k++) {
		month_end(k, &first, &last);
		c0 = cpu_s();
		rc = store_pop_eval(s, codes, kids.n, first, last, aggs, n, add, &tc, &e);
		commune += cpu_s() - c0;
	}
	if (rc)
		fprintf(stderr, "bench_pop_eval: %s\n", e.msg);
	long villages = 0, people = 0, people2 = 0;
	double sql = sql_ceiling(db, last, &villages, &people);
	double mem = mem_ceiling(db, last, &people2);
	printf("  cold      %8.3f s  (%.3f s CPU; first call: reads the residents' rows)\n", cold,
	       cold_cpu);
	printf("  warm      %8.3f s best, %.3f s worst, %.3f s CPU a month on average, over %d "
	       "months as of their last days\n",
	       best, worst, cpu / MONTHS, MONTHS);
	printf(
	    "  commune   %8.3f ms CPU a month on average: commune %s and its villages (%ld units "
	    "with records over %d months)\n",
	    commune / MONTHS * 1e3, COMMUNE, tc.units, MONTHS);
	printf("  ceiling   %8.3f s  one SQL statement, current residents only, 3 counts by "
	       "village (%ld villages, %ld residents)\n",
	       sql, villages, people);
	printf("  ceiling   %8.3f s  the same 3 counts, one pass over %ld residents' integers in "
	       "memory\n",
	       mem, people2);
	if (s)
		store_close(s);
	for (size_t i = 0; i < np; i++)
		expr_plan_free(plans[i]);
	return rc;
}

int main(int argc, char **argv)
{
	char db[600];
	bool made = argc < 2;
	if (made) {
		const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
		snprintf(db, sizeof db, "%s/xaso-bench-eval-%ld.db", tmp, (long)getpid());
		double t0 = now_s();
		if (make_demo(argv[0], db) != 0) {
			fprintf(stderr, "bench_pop_eval: xaso demo failed\n");
			remove_db(db);
			return 1;
		}
		printf("bench_pop_eval: demo province built in %.1f s\n", now_s() - t0);
	} else
		snprintf(db, sizeof db, "%s", argv[1]);
	int rc = run(db);
	if (made)
		remove_db(db);
	return rc ? 1 : 0;
}
