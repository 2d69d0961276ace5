/* libFuzzer harness for calendar input (src/core/calendar.c): the
 * decision/override CSV, dates, date-times and office hours, and the
 * deadline arithmetic on what they give. Properties checked, beyond not
 * crashing:
 *   - a date or date-time read is written back as the same text (with 'T'
 *     between date and time), office hours read are written in a form that
 *     reads back the same;
 *   - every override read has a date in range and a name of 1 to 127
 *     bytes; a calendar built from them takes, for each date, the decision
 *     with the latest effective_from;
 *   - a deadline of n working days falls at the close of office hours of
 *     the n-th working day after the day of receipt; adding office minutes
 *     lands a moment whose office minutes since the start are those added;
 *     a pause never moves a deadline earlier; a paper transfer falls on a
 *     working day, never before the day of receipt.
 *
 * Input: the whole input is the override CSV; its first line is also
 * tried as a date, a date-time and office hours; its first bytes are
 * numbers for the arithmetic (a moment, a count of days or minutes). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/lunar.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

/* Round trips of the three text forms; *h gets the hours read, or the
 * default ones. */
static void texts(const char *s, struct cal_hours *h)
{
	struct xerr e;
	int32_t day;
	int64_t t;
	char out[64];
	if (cal_parse_date(s, "d", &day, &e) == 0) {
		cal_format_date(day, out);
		check(!strcmp(out, s));
	} else {
		check(e.code == XERR_INVALID && e.field && !strcmp(e.field, "d"));
	}
	if (cal_parse_time(s, "t", &t, &e) == 0) {
		cal_format_time(t, out);
		check(!strncmp(out, s, 10) && out[10] == 'T' && !strcmp(out + 11, s + 11));
	} else {
		check(e.code == XERR_INVALID);
	}
	struct cal_hours back;
	if (cal_hours_parse(s, h, &e) == 0) {
		cal_hours_format(h, out, sizeof out);
		check(cal_hours_parse(out, &back, &e) == 0 && !memcmp(&back, h, sizeof back));
		check(cal_hours_minutes(h) > 0);
	} else {
		cal_hours_default(h);
	}
}

/* The decision that holds for ov[i].day: the latest effective_from (the
 * reader refuses two decisions on one date with the same one). */
static const struct cal_override *winner(const struct cal_override *ov, size_t n, size_t i)
{
	const struct cal_override *w = &ov[i];
	for (size_t j = 0; j < n; j++)
		if (ov[j].day == w->day && ov[j].effective_from > w->effective_from)
			w = &ov[j];
	return w;
}

static int year_of(int32_t day)
{
	char d[11];
	cal_format_date(day, d);
	return atoi(d);
}

static void overrides(const uint8_t *data, size_t size)
{
	struct cal_override *ov;
	size_t n;
	struct xerr e;
	if (cal_overrides_parse("fuzz.csv", (const char *)data, size, 2460000, &ov, &n, &e) != 0) {
		check(e.code == XERR_INVALID || e.code == XERR_NOMEM);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(ov[i].name);
		char d[11];
		int32_t back;
		check(len >= 1 && len < CAL_NAME_MAX);
		cal_format_date(ov[i].day, d);
		check(cal_parse_date(d, "d", &back, &e) == 0 && back == ov[i].day);
	}
	/* One year's calendar around the first decision keeps each run short. */
	int y = n ? year_of(ov[0].day) : 2026;
	struct cal_params p = {y, y, 0, ov, n};
	struct cal *c;
	if (y >= CAL_FIRST_YEAR && y <= CAL_LAST_YEAR && cal_new(&p, &c, &e) == 0) {
		for (size_t i = 0; i < n; i++) {
			const struct cal_override *w = winner(ov, n, i);
			if (year_of(w->day) != y)
				continue;
			check(cal_is_workday(c, w->day) == w->work);
			const char *name = cal_day_name(c, w->day);
			check(w->work ? name == NULL : name && !strcmp(name, w->name));
		}
		cal_free(c);
	}
	free(ov);
}

/* Deadline arithmetic on a calendar of every year with the decisions
 * compiled into the binary, built once. */
static void arithmetic(const uint8_t *data, size_t size, const struct cal_hours *h)
{
	static struct cal *c;
	struct xerr e;
	if (!c) {
		struct cal_override *ov;
		size_t n;
		check(cal_overrides_embedded(0, &ov, &n, &e) == 0);
		struct cal_params p = {0, 0, 0, ov, n};
		check(cal_new(&p, &c, &e) == 0);
		free(ov);
	}
	int64_t span = (int64_t)(CAL_LAST_YEAR - CAL_FIRST_YEAR + 2) * 366 * CAL_DAY_MINUTES;
	int64_t base = cal_time(lunar_jdn(CAL_FIRST_YEAR, 1, 1) - 400, 0);
	uint64_t r = fuzz_u64(data, size, 0), q = fuzz_u64(data, size, 8);
	/* Mostly moments in and around the calendar's years, sometimes any
	 * 64-bit value (what a caller might pass from a damaged record). */
	bool wild = (r & 0xff) == 0xff;
	int64_t at = wild ? (int64_t)r : base + (int64_t)(r % (uint64_t)span);
	int ndays = (int)(q % (CAL_MAX_DAYS + 2));
	int64_t minutes = (int64_t)(q % ((uint64_t)CAL_MAX_DAYS * CAL_DAY_MINUTES + 2));
	int close = h->span[h->n - 1].to;

	int64_t out, back;
	int32_t nw;
	if (cal_add_workdays(c, h, at, ndays, &out, &e) == 0) {
		check(out > at && cal_is_workday(c, cal_time_day(out - 1)));
		check(cal_time_minute(out) == close % CAL_DAY_MINUTES);
		check(cal_workdays_between(c, cal_time_day(at), cal_time_day(out - 1), &nw, &e) ||
		      nw == ndays);
	}
	if (cal_add_workminutes(c, h, at, minutes, &out, &e) == 0) {
		check(out >= at);
		check(cal_workminutes_between(c, h, at, out, &back, &e) || back == minutes);
	}
	if (cal_paper_transfer(c, h, at, &out, &e) == 0)
		check(cal_time_day(out - 1) >= cal_time_day(at) &&
		      cal_is_workday(c, cal_time_day(out - 1)));
	if (wild)
		return;
	int64_t to = at + (int64_t)(q % (60 * 24 * 90));
	if (cal_extend_for_pause(c, h, at, at - 60 * 24 * 7, to, &out, &e) == 0)
		check(out >= at);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char first[64];
	struct cal_hours h;
	fuzz_line(data, size, 0, first, sizeof first);
	texts(first, &h);
	overrides(data, size);
	arithmetic(data, size, &h);
	return 0;
}
