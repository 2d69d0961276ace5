/*
 * bench_index766.c: the Decision 766 index of the demo province for a
 * year, and of one commune, beside the ceiling of the same counts as
 * hand-written SQL in the same run.
 *
 *   xaso     idx766_report_make(): the store's passes (units, catalogue,
 *            dossiers, procedures touched, feedback), the roll-up over the
 *            unit tree and the scoring of every unit (web/index766_view.h)
 *   by hand  the dossier, procedure and feedback counts of the same units
 *            and period written by hand against SQLite over every dossier
 *            (sqlite3 directly, statements prepared once), no roll-up, no
 *            scoring: what reading the dossiers costs
 *   ceiling  the same counts by hand from the counts kept per unit and
 *            month (migration 016), joined to the procedures' facts, and
 *            the dossiers unsettled at the period's end: what the store
 *            reads, without the roll-up, the scoring, feedback or the
 *            catalogue
 *
 * xaso reads the kept counts (store/index766_count.c), so the figure to
 * compare it with is the ceiling; the count over every dossier shows what
 * the kept counts save.
 *
 * Usage: bench_index766 [DB]   without DB, `xaso demo` builds the demo
 * province (seed 1, scale 1: about 300,000 dossiers) in a temporary
 * directory first (a few minutes). Goals: province < 500 ms, commune < 5 ms.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/calendar.h"
#include "core/lunar.h"
#include "web/index766_view.h"

/* CPU time of this process: the machine running the benchmark may be
 * shared, and wall time then measures the neighbours too (both printed). */
static double cpu_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double wall_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double (*now_s)(void) = cpu_s;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return v[n / 2];
}

/* The counts by hand: one statement per table, the same conditions. */
static const char hand_dossiers[] =
    "SELECT d.unit, "
    "sum(d.finished_at > 0 AND d.finished_at <= ?4 AND d.on_time = 1 OR "
    "(NOT (d.finished_at > 0 AND d.finished_at <= ?4) AND d.supplement_count <= 1 AND "
    "CASE WHEN d.finished_at > 0 THEN NOT (d.due_at > 0 AND d.due_at < ?4) "
    "ELSE NOT (d.overdue_from > 0 AND d.overdue_from <= ?4) END)), "
    "sum(d.received_at >= ?2), sum(d.received_at >= ?2 AND d.channel = 2), "
    "sum(d.received_at >= ?2 AND d.fee_due = 1), sum(d.received_at >= ?2 AND d.paid_online), "
    "sum(d.received_at >= ?2 AND d.identity_source > 0), "
    "sum(d.received_at >= ?2 AND p.paper_result = 1 AND d.status IN (9, 10)), "
    "sum(d.received_at >= ?2 AND d.rating = 0) "
    "FROM dossier d JOIN procedure p ON p.code = d.procedure "
    "WHERE d.unit IN (SELECT code FROM unit WHERE code = ?1 OR parent = ?1) "
    "AND d.received_at > 0 AND d.received_at < ?3 AND (d.finished_at = 0 OR d.finished_at >= ?2) "
    "GROUP BY d.unit";
static const char hand_files[] =
    "SELECT d.unit, count(DISTINCT f.dossier) FROM dossier_file f JOIN dossier d ON d.id = "
    "f.dossier WHERE d.unit IN (SELECT code FROM unit WHERE code = ?1 OR parent = ?1) AND "
    "d.received_at >= ?2 AND d.received_at < ?3 GROUP BY d.unit";
static const char hand_touched[] =
    "SELECT unit, procedure, max(channel = 2), max(paid_online), max(fee_due) FROM dossier "
    "WHERE unit IN (SELECT code FROM unit WHERE code = ?1 OR parent = ?1) AND received_at >= ?2 "
    "AND received_at < ?3 GROUP BY unit, procedure";
static const char hand_feedback[] =
    "SELECT unit, count(*), sum(CASE status WHEN 'answered' THEN answered_at <= answer_by "
    "WHEN 'refused' THEN answered_at <= refuse_by ELSE answer_by >= ?4 END) FROM feedback "
    "WHERE unit IN (SELECT code FROM unit WHERE code = ?1 OR parent = ?1) AND created_at >= ?2 "
    "AND created_at < ?3 GROUP BY unit";

/* The kept counts by hand (migration 016): the rows of the period's months
 * read (the sums left to the caller, as the store does), and the
 * unsettled dossiers (unfinished or finished after the period) judged
 * from the dossiers themselves. */
static const char kept_received[] =
    "SELECT unit, dossiers, online, online_result, done, done_result, documented, "
    "documented_result, reused, paid_online, fee_due, population, unhappy, late_finished, "
    "procedure FROM idx766_received WHERE unit IN (SELECT code FROM unit WHERE code = ?1 OR "
    "parent = ?1) AND month >= ?2 AND month <= ?3";
static const char kept_finished[] =
    "SELECT unit, sum(finished), sum(late) FROM idx766_finished WHERE unit IN (SELECT code "
    "FROM unit WHERE code = ?1 OR parent = ?1) AND month >= ?2 AND month <= ?3 GROUP BY unit";
static const char kept_unsettled[] =
    "SELECT unit, sum(supplement_count <= 1 AND NOT (overdue_from > 0 AND overdue_from <= ?4)) "
    "FROM (SELECT unit, supplement_count, overdue_from FROM dossier WHERE unit IN (SELECT code "
    "FROM unit WHERE code = ?1 OR parent = ?1) AND finished_at = 0 AND received_at > 0 AND "
    "received_at < ?3 UNION ALL SELECT unit, supplement_count, overdue_from FROM dossier "
    "WHERE unit IN (SELECT code FROM unit WHERE code = ?1 OR parent = ?1) AND finished_at >= "
    "?3 AND received_at > 0 AND received_at < ?3) GROUP BY unit";

static sqlite3_stmt *hand[4], *kept[3];

/* The kept counts' months (yyyymm) of a period. */
static int yyyymm(int32_t day)
{
	char d[11];
	cal_format_date(day, d);
	return atoi(d) * 100 + atoi(d + 5);
}

static long run_kept(const char *unit, const struct ind_period *p)
{
	long rows = 0;
	int64_t to = cal_time(p->last + 1, 0);
	for (int i = 0; i < 3; i++) {
		sqlite3_stmt *st = kept[i];
		sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, i < 2 ? yyyymm(p->first) : cal_time(p->first, 0));
		sqlite3_bind_int64(st, 3, i < 2 ? yyyymm(p->last) : to);
		if (i == 2)
			sqlite3_bind_int64(st, 4, to - 1);
		while (sqlite3_step(st) == SQLITE_ROW)
			rows += sqlite3_column_int64(st, 1) >= 0;
		sqlite3_reset(st);
	}
	return rows;
}

static long run_hand(const char *unit, int64_t from, int64_t to, int64_t as_of)
{
	long rows = 0;
	for (int i = 0; i < 4; i++) {
		sqlite3_stmt *st = hand[i];
		sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, from);
		sqlite3_bind_int64(st, 3, to);
		if (sqlite3_bind_parameter_count(st) >= 4)
			sqlite3_bind_int64(st, 4, as_of);
		while (sqlite3_step(st) == SQLITE_ROW)
			rows += sqlite3_column_int64(st, 1) >= 0;
		sqlite3_reset(st);
	}
	return rows;
}

static double time_xaso(struct store *s, const char *unit, const char *period, int runs,
                        double *score)
{
	double *v = malloc((size_t)runs * sizeof *v);
	for (int i = 0; i < runs; i++) {
		struct idx766_report rep;
		struct xerr e = {0};
		double t0 = now_s();
		if (idx766_report_make(s, unit, period, &rep, &e)) {
			fprintf(stderr, "bench_index766: %s\n", e.msg);
			exit(1);
		}
		v[i] = now_s() - t0;
		*score = rep.res[rep.root].total;
		idx766_report_free(&rep);
	}
	double m = median(v, runs);
	free(v);
	return m;
}

/* kept: the kept counts by hand, else the counts over every dossier. */
static double time_hand(const char *unit, const struct ind_period *p, int runs, bool by_kept)
{
	double *v = malloc((size_t)runs * sizeof *v);
	int64_t from = cal_time(p->first, 0), to = cal_time(p->last + 1, 0);
	for (int i = 0; i < runs; i++) {
		double t0 = now_s();
		if (by_kept)
			run_kept(unit, p);
		else
			run_hand(unit, from, to, to - 1);
		v[i] = now_s() - t0;
	}
	double m = median(v, runs);
	free(v);
	return m;
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/xaso-bench-idx-XXXXXX", path[600];
	if (argc > 1) {
		snprintf(path, sizeof path, "%s", argv[1]);
	} else {
		if (!mkdtemp(dir))
			return 1;
		snprintf(path, sizeof path, "%s/demo.db", dir);
		char *demo[] = {"demo", "--db", path, NULL};
		fprintf(stderr, "building the demo province in %s (a few minutes)...\n", path);
		if (cmd_demo(3, demo) != 0)
			return 1;
	}
	struct store *s = cli_open_store(path, STORE_READONLY);
	sqlite3 *db;
	if (!s || sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return 1;
	const char *sql[7] = {hand_dossiers, hand_files,    hand_touched,  hand_feedback,
	                      kept_received, kept_finished, kept_unsettled};
	for (int i = 0; i < 7; i++)
		if (sqlite3_prepare_v2(db, sql[i], -1, i < 4 ? &hand[i] : &kept[i - 4], NULL) !=
		    SQLITE_OK) {
			fprintf(stderr, "bench_index766: %s\n", sqlite3_errmsg(db));
			return 1;
		}
	struct ind_period year;
	struct xerr e = {0};
	if (ind_period_parse("2026", &year, &e))
		return 1;
	double score;
	/* Warm the page cache and both statement caches once. */
	time_xaso(s, "66", "2026", 1, &score);
	time_hand("66", &year, 1, false);
	time_hand("66", &year, 1, true);

	for (int clock = 0; clock < 2; clock++) {
		now_s = clock ? wall_s : cpu_s;
		printf("-- %s time, median\n", clock ? "wall" : "CPU");
		double px = time_xaso(s, "66", "2026", 7, &score),
		       ph = time_hand("66", &year, 7, false), pk = time_hand("66", &year, 7, true);
		printf("province 66, 2026 (every unit scored): %8.1f ms  total %.2f\n", px * 1e3,
		       score);
		printf(
		    "  the same counts by hand, every dossier: %5.1f ms  ratio %.2f  goal < 500 ms "
		    "%s\n",
		    ph * 1e3, ph / px, px < 0.5 ? "met" : "NOT met");
		printf("  ceiling, the kept counts by hand:    %8.1f ms  ratio %.2f\n", pk * 1e3,
		       pk / px);
		double cx = time_xaso(s, "22015", "2026", 51, &score);
		double ch = time_hand("22015", &year, 51, false),
		       ck = time_hand("22015", &year, 51, true);
		printf("commune 22015, 2026:                   %8.2f ms  total %.2f\n", cx * 1e3,
		       score);
		printf(
		    "  the same counts by hand, every dossier: %5.2f ms  ratio %.2f  goal < 5 ms "
		    "%s\n",
		    ch * 1e3, ch / cx, cx < 0.005 ? "met" : "NOT met");
		printf("  ceiling, the kept counts by hand:    %8.2f ms  ratio %.2f\n", ck * 1e3,
		       ck / cx);
		double qx = time_xaso(s, "22015", "2026-Q2", 51, &score);
		printf("commune 22015, 2026-Q2:                %8.2f ms  total %.2f\n", qx * 1e3,
		       score);
	}
	for (int i = 0; i < 4; i++)
		sqlite3_finalize(hand[i]);
	for (int i = 0; i < 3; i++)
		sqlite3_finalize(kept[i]);
	sqlite3_close(db);
	store_close(s);
	return 0;
}
