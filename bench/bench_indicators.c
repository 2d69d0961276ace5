/*
 * bench_indicators.c: monitoring on the demo province (xaso demo, 102
 * communes; --scale as given), two figures each beside a ceiling measured
 * in the same run:
 *
 *   compute   every stored indicator for every unit of the province for
 *             one month from raw data (web/figures.h fig_compute without
 *             snapshots: the store's passes over residents, households,
 *             villages, teams, businesses, products, reports, dossiers and
 *             tasks, core's roll-up and arithmetic), best of 3 after one
 *             cold run
 *   ceiling   the two largest of those passes as hand-written SQL on the
 *             same file: the dossier counts of the built-in dossier
 *             indicators in one GROUP BY and the residents aged 14+ with
 *             e-ID level 2 and e-health in one GROUP BY
 *   page      GET /units/66?period=MONTH (the province page: tiles, table,
 *             criteria of every commune) from the month's snapshots, server
 *             time to the last byte over loopback, median of 20 after one
 *   ceiling   reading the month's snapshot rows for the province with one
 *             hand-written SQL statement, median of 20
 *
 * Goals (issue 14): compute under 1 s, page under 20 ms.
 *
 * Usage: bench_indicators [SCALE]   (default 1; XASO_BIN: the binary,
 * default ./xaso beside this program; BENCH_DB: reuse a demo database).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/calendar.h"
#include "store/store.h"
#include "store/store_audit.h"
#include "web/figures.h"

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The directory of path ("." when it has none), in a static buffer. */
static const char *dirname_of(const char *path)
{
	static char dir[512];
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ".";
	snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	return dir;
}

static int run(char *const argv[])
{
	pid_t p = fork();
	if (p == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	int st = 0;
	waitpid(p, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

/* The hand-written passes: dossiers and residents. */
static double ceiling_compute(const char *db, const struct ind_period *p)
{
	static const char dossiers[] =
	    "SELECT unit, count(*), count(*) FILTER (WHERE channel = 2), "
	    "count(*) FILTER (WHERE on_time = 1 AND status NOT IN (1, 3)), "
	    "count(*) FILTER (WHERE status NOT IN (1, 3)), count(*) FILTER (WHERE rating = 1), "
	    "count(*) FILTER (WHERE rating IS NOT NULL) FROM dossier WHERE submitted_at BETWEEN ?1 "
	    "AND ?2 GROUP BY unit";
	static const char residents[] =
	    "SELECT village, count(*) FILTER (WHERE birth_day <= ?1 - 5113), "
	    "count(*) FILTER (WHERE birth_day <= ?1 - 5113 AND eid_level = 2), "
	    "count(*) FILTER (WHERE ehealth = 1), count(*) FROM resident WHERE valid_from <= ?1 "
	    "AND "
	    "(valid_to IS NULL OR valid_to > ?1) GROUP BY village";
	sqlite3 *h;
	sqlite3_stmt *a, *b;
	sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL);
	sqlite3_prepare_v2(h, dossiers, -1, &a, NULL);
	sqlite3_prepare_v2(h, residents, -1, &b, NULL);
	double best = 1e9;
	for (int rep = 0; rep < 4; rep++) {
		double t0 = now_s();
		sqlite3_bind_int64(a, 1, cal_time(p->first, 0));
		sqlite3_bind_int64(a, 2, cal_time(p->last + 1, 0) - 1);
		while (sqlite3_step(a) == SQLITE_ROW)
			;
		sqlite3_reset(a);
		sqlite3_bind_int64(b, 1, p->last);
		while (sqlite3_step(b) == SQLITE_ROW)
			;
		sqlite3_reset(b);
		double t = now_s() - t0;
		if (rep && t < best)
			best = t;
	}
	sqlite3_finalize(a);
	sqlite3_finalize(b);
	sqlite3_close(h);
	return best;
}

static double ceiling_page(const char *db, const char *period)
{
	static const char sql[] =
	    "SELECT s.indicator, s.unit, s.num, s.den FROM indicator_snapshot s JOIN unit u ON "
	    "u.code = s.unit WHERE s.period = ?1 AND (u.code = '66' OR u.parent = '66')";
	sqlite3 *h;
	sqlite3_stmt *st;
	sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL);
	sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	double t[21];
	for (int rep = 0; rep < 21; rep++) {
		double t0 = now_s();
		sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW)
			;
		sqlite3_reset(st);
		t[rep] = now_s() - t0;
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	qsort(t + 1, 20, sizeof *t, cmp_double);
	return t[11];
}

/* One GET over loopback: seconds to the last byte, *bytes its size. */
static double get(int port, const char *path, long *bytes)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	char req[256], buf[65536];
	int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
	                 path);
	double t0 = now_s();
	if (write(fd, req, (size_t)n) != n) {
		close(fd);
		return -1;
	}
	long total = 0;
	ssize_t k;
	while ((k = read(fd, buf, sizeof buf)) > 0)
		total += k;
	double t = now_s() - t0;
	close(fd);
	*bytes = total;
	return t;
}

static double page(const char *bin, const char *db, const char *period, long *bytes)
{
	int port = 20000 + (int)(getpid() % 20000);
	char listen[32], path[64];
	snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
	snprintf(path, sizeof path, "/units/66?period=%s", period);
	pid_t p = fork();
	if (p == 0) {
		execl(bin, bin, "serve", "--db", db, "--listen", listen, (char *)NULL);
		_exit(127);
	}
	double t[21] = {0};
	for (int i = 0; i < 100 && get(port, "/healthz", bytes) < 0; i++)
		usleep(50000);
	for (int rep = 0; rep < 21; rep++)
		t[rep] = get(port, path, bytes);
	kill(p, SIGTERM);
	waitpid(p, NULL, 0);
	qsort(t + 1, 20, sizeof *t, cmp_double);
	return t[11];
}

static int compute(const char *db, const struct ind_period *p, double *cold, double *best,
                   size_t *nind, size_t *nunits)
{
	struct store *s;
	struct xerr e = {0};
	if (store_open(db, 0, &s, &e) != 0) {
		fprintf(stderr, "bench_indicators: %s\n", e.msg);
		return 1;
	}
	struct fig_set set;
	struct fig_tree t;
	int rc = fig_set_load(s, NULL, false, &set, &e);
	if (rc == 0 && (rc = fig_tree_load(s, "66", p, &t, &e)) == 0) {
		struct ind_value *v = calloc(t.n * set.n + 1, sizeof *v);
		*best = 1e9;
		for (int rep = 0; rc == 0 && rep < 4; rep++) {
			double t0 = now_s();
			rc = fig_compute(s, &t, &set, false, v, &e);
			double el = now_s() - t0;
			if (!rep)
				*cold = el;
			else if (el < *best)
				*best = el;
		}
		*nind = set.n;
		*nunits = t.n;
		struct actor who;
		actor_system(&who, "bench");
		if (rc == 0)
			rc = fig_recompute(s, &who, &t, &set, &e);
		free(v);
		fig_tree_free(&t);
	}
	if (rc)
		fprintf(stderr, "bench_indicators: %s\n", e.msg);
	fig_set_free(&set);
	store_close(s);
	return rc != 0;
}

int main(int argc, char **argv)
{
	const char *scale = argc > 1 ? argv[1] : "1";
	char bin[512], db[512];
	if (getenv("XASO_BIN"))
		snprintf(bin, sizeof bin, "%s", getenv("XASO_BIN"));
	else
		snprintf(bin, sizeof bin, "%.500s/xaso", dirname_of(argv[0]));
	if (getenv("BENCH_DB")) {
		snprintf(db, sizeof db, "%s", getenv("BENCH_DB"));
	} else {
		const char *tmp = getenv("TMPDIR");
		snprintf(db, sizeof db, "%s/xaso-bench-ind-%d.db", tmp && *tmp ? tmp : "/tmp",
		         (int)getpid());
		char *demo[] = {bin, "demo", "--db", db, "--scale", (char *)scale, NULL};
		double t0 = now_s();
		if (run(demo) != 0) {
			fprintf(stderr, "bench_indicators: xaso demo failed\n");
			return 1;
		}
		printf("demo province at scale %s built in %.1f s\n", scale, now_s() - t0);
	}
	/* The last month that has ended. */
	struct ind_period p, m;
	struct xerr e = {0};
	char day[11];
	cal_format_date(fig_today(), day);
	day[7] = 0;
	if (ind_period_parse(day, &m, &e) != 0 || ind_period_prev(&m, &p, &e) != 0)
		return 1;
	char period[IND_PERIOD_MAX];
	ind_period_format(&p, period);
	double cold = 0, best = 0;
	size_t nind = 0, nunits = 0;
	if (compute(db, &p, &cold, &best, &nind, &nunits))
		return 1;
	double ceil = ceiling_compute(db, &p);
	printf("compute %zu indicators x %zu units, %s, from raw data: %.3f s (first run %.3f s); "
	       "ceiling (dossier and resident passes as hand-written SQL): %.3f s; ratio %.2f; "
	       "goal < 1 s %s\n",
	       nind, nunits, period, best, cold, ceil, ceil / best, best < 1 ? "met" : "NOT met");
	long bytes = 0;
	double pg = page(bin, db, period, &bytes), pc = ceiling_page(db, period);
	printf("province page from snapshots: %.2f ms, %ld bytes; ceiling (its snapshot rows by "
	       "hand-written SQL): %.2f ms; ratio %.2f; goal < 20 ms %s\n",
	       pg * 1e3, bytes, pc * 1e3, pc / pg, pg < 0.020 ? "met" : "NOT met");
	if (!getenv("BENCH_DB")) {
		char p2[600];
		unlink(db);
		snprintf(p2, sizeof p2, "%s-wal", db);
		unlink(p2);
		snprintf(p2, sizeof p2, "%s-shm", db);
		unlink(p2);
	}
	return 0;
}
