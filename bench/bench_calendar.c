/*
 * bench_calendar.c: deadline computations per second on one core.
 *
 * Adds N working days (1..30) to random receipt timestamps spread over
 * 2025-2027 with cal_add_workdays(), the call every dossier makes. The
 * ceiling, measured in the same run over the same inputs, is a loop that
 * does the same two table reads without the calendar's checks, and plain
 * timestamp arithmetic (t + N * 1440) that reads no table at all.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/calendar.h"
#include "core/lunar.h"

enum { NINPUT = 1 << 16, ROUNDS = 400 };

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	struct xerr e = {0};
	struct cal_override *ov;
	size_t nov;
	if (cal_overrides_embedded(0, &ov, &nov, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	struct cal_params p = {0, 0, 0, ov, nov};
	struct cal *c;
	double t0 = now();
	if (cal_new(&p, &c, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	double build = now() - t0;
	struct cal_hours h;
	cal_hours_default(&h);

	static int64_t in[NINPUT];
	static int n[NINPUT];
	int64_t lo = cal_time(lunar_jdn(2025, 1, 1), 0), hi = cal_time(lunar_jdn(2027, 12, 31), 0);
	uint64_t x = 88172645463325252ull;
	for (int i = 0; i < NINPUT; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		in[i] = lo + (int64_t)(x % (uint64_t)(hi - lo));
		n[i] = 1 + (int)((x >> 32) % 30);
	}

	/* Same inputs, same two reads (before[], work[]) as cal_add_workdays. */
	int32_t first = lunar_jdn(CAL_FIRST_YEAR, 1, 1), ndays = lunar_jdn(2200, 1, 1) - first;
	int32_t *before = malloc(((size_t)ndays + 1) * sizeof *before);
	int32_t *work = malloc((size_t)ndays * sizeof *work);
	int32_t nwork = 0;
	before[0] = 0;
	for (int32_t i = 0; i < ndays; i++) {
		int w = cal_is_workday(c, first + i);
		if (w)
			work[nwork++] = i;
		before[i + 1] = before[i] + w;
	}

	long total = (long)NINPUT * ROUNDS;
	int64_t sink = 0, out;
	t0 = now();
	for (int r = 0; r < ROUNDS; r++)
		for (int i = 0; i < NINPUT; i++) {
			if (cal_add_workdays(c, &h, in[i], n[i], &out, &e))
				return 1;
			sink += out;
		}
	double t_cal = now() - t0;

	int64_t sink2 = 0;
	t0 = now();
	for (int r = 0; r < ROUNDS; r++)
		for (int i = 0; i < NINPUT; i++) {
			int32_t d = (int32_t)(in[i] / CAL_DAY_MINUTES) + CAL_EPOCH_JDN - first;
			sink2 += work[before[d + 1] + n[i] - 1] * (int64_t)CAL_DAY_MINUTES + 1020;
		}
	double t_reads = now() - t0;

	int64_t sink3 = 0;
	t0 = now();
	for (int r = 0; r < ROUNDS; r++)
		for (int i = 0; i < NINPUT; i++)
			sink3 += in[i] + (int64_t)n[i] * CAL_DAY_MINUTES;
	double t_plain = now() - t0;

	double rate = total / t_cal, reads = total / t_reads, plain = total / t_plain;
	printf("calendar build (2014-2199, %zu overrides): %.1f ms\n", nov, build * 1e3);
	printf("cal_add_workdays:        %8.1f M deadlines/s (%.1f ns each)\n", rate / 1e6,
	       1e9 / rate);
	printf("ceiling, same reads:     %8.1f M/s  ratio %.2f\n", reads / 1e6, rate / reads);
	printf("ceiling, t + N*1440:     %8.1f M/s  ratio %.2f\n", plain / 1e6, rate / plain);
	printf("goal 10 M/s: %s   (checksums %lld %lld %lld)\n", rate >= 10e6 ? "met" : "NOT met",
	       (long long)(sink & 0xffff), (long long)(sink2 & 0xffff),
	       (long long)(sink3 & 0xffff));
	free(before);
	free(work);
	free(ov);
	cal_free(c);
	return 0;
}
