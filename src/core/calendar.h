/*
 * calendar.h: the working-day calendar of Vietnamese state agencies and the
 * deadline arithmetic built on it. Pure logic: no I/O, no global state.
 *
 * A struct cal is built once from
 *   - the statutory rules (Labour Code 2019 Art. 112, with Art. 111(3)
 *     compensatory days), each carrying the date from which it holds;
 *   - yearly overrides (the Government's decisions: the exact Tết days, the
 *     day next to 2 September, swapped Saturdays), each carrying the date
 *     from which it is known ("effective_from"),
 * as of one day: overrides recorded after that day are ignored, so a
 * deadline computed on a given day can always be recomputed identically.
 * It then answers every question in constant time from a per-day table
 * (working or not) and two prefix arrays. A cal is read-only after
 * cal_new(): any number of threads may share it. cal_free() releases it.
 *
 * Days are Julian day numbers (see core/lunar.h). Timestamps are minutes
 * since 1970-01-01 00:00 in Vietnam's local time (UTC+7, no daylight
 * saving), as int64_t; no time-zone database is involved.
 *
 * How deadlines are counted (docs/calendar.md explains it for officials):
 *   - a period in days starts on the day after receipt (Civil Code 2015
 *     Art. 147(2)) and counts working days only; it ends at the close of
 *     office hours of its last working day (the unit can no longer act
 *     after closing time, which is stricter than the 24:00 of Civil Code
 *     Art. 148(1) and never later than it);
 *   - a period in hours counts office-hour minutes only, from the moment of
 *     receipt;
 *   - a paused interval (a request to supplement the dossier) moves the
 *     deadline by the office time it covered.
 */
#ifndef XASO_CORE_CALENDAR_H
#define XASO_CORE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/xerr.h"

enum {
	CAL_FIRST_YEAR = 2014, /* Labour Code 2012 (holidays as today, 2/9 one day) from 1/5/2013 */
	CAL_LAST_YEAR = 2199,  /* end of the lunar tables */
	CAL_MAX_SPANS = 4,
	CAL_NAME_MAX = 128,
	CAL_DAY_MINUTES = 1440,
	CAL_EPOCH_JDN = 2440588, /* 1970-01-01 */
	CAL_MAX_DAYS = 3650,     /* largest N accepted by cal_add_workdays */
};

/* Office hours of a unit: up to CAL_MAX_SPANS spans, minutes after
 * midnight, increasing and not overlapping. The same on every working day. */
struct cal_hours {
	int n;
	struct cal_span {
		int16_t from, to;
	} span[CAL_MAX_SPANS];
};

/* 07:30-11:30 and 13:30-17:00, the default of xaso. */
void cal_hours_default(struct cal_hours *h);
/* Checks office hours: 1 to CAL_MAX_SPANS increasing spans within a day. */
int cal_hours_check(const struct cal_hours *h, struct xerr *e);
/* Parses "07:30-11:30,13:30-17:00". */
int cal_hours_parse(const char *s, struct cal_hours *h, struct xerr *e);
/* Writes the form cal_hours_parse() reads; dst holds at least 64 bytes. */
void cal_hours_format(const struct cal_hours *h, char *dst, size_t cap);
/* Office minutes in one working day (450 for the default). */
int cal_hours_minutes(const struct cal_hours *h);

/* One row of a yearly decision. */
struct cal_override {
	int32_t day;            /* Julian day number */
	bool work;              /* true: a working day (a worked Saturday); false: a day off */
	int32_t effective_from; /* applies to calendars built as of this day or later */
	char name[CAL_NAME_MAX];
};

/* Parses a `date,kind,name` CSV (header row; kind `off` or `work`; an
 * optional `effective_from` column overrides the default given here).
 * Errors say file:line:column. *out is malloc'ed; the caller frees it. */
int cal_overrides_parse(const char *file, const char *data, size_t len, int32_t effective_from,
                        struct cal_override **out, size_t *n, struct xerr *e);

/* The overrides compiled into the binary (data/calendar/YYYY.csv), each
 * with the given effective_from. *out is malloc'ed; the caller frees it. */
int cal_overrides_embedded(int32_t effective_from, struct cal_override **out, size_t *n,
                           struct xerr *e);

struct cal_params {
	int first_year, last_year;     /* 0: CAL_FIRST_YEAR / CAL_LAST_YEAR */
	int32_t as_of;                 /* Julian day; 0: every override applies */
	const struct cal_override *ov; /* may be NULL; copied by cal_new */
	size_t nov;
};

struct cal;

int cal_new(const struct cal_params *p, struct cal **out, struct xerr *e);
void cal_free(struct cal *c);

/* Years the calendar covers. */
void cal_years(const struct cal *c, int *first, int *last);

/* Whether day is a working day (false outside the calendar's years). */
bool cal_is_workday(const struct cal *c, int32_t day);

/* Name of the holiday, compensatory day or decided day off on `day`, or
 * NULL for a working day or a plain weekend. Valid while c lives. */
const char *cal_day_name(const struct cal *c, int32_t day);

/* Calls cb for each day off of `year` that is not a plain weekend (public
 * holidays, compensatory days, decided days off, weekend days inside a
 * decided holiday), in date order. A non-zero return stops and is returned. */
typedef int (*cal_day_cb)(int32_t day, const char *name, void *ctx);
int cal_holidays(const struct cal *c, int year, cal_day_cb cb, void *ctx, struct xerr *e);

/* Deadline of a period of n working days (1..CAL_MAX_DAYS) received at
 * `received`: the close of office hours of the n-th working day after the
 * day of receipt (Civil Code 2015 Art. 147: the period starts the next
 * day). */
int cal_add_workdays(const struct cal *c, const struct cal_hours *h, int64_t received, int n,
                     int64_t *deadline, struct xerr *e);

/* The moment at which `minutes` office minutes (>= 0) have elapsed since
 * `from`, counting only office hours of working days. A result that ends
 * a span is the span's closing time. */
int cal_add_workminutes(const struct cal *c, const struct cal_hours *h, int64_t from,
                        int64_t minutes, int64_t *out, struct xerr *e);

/* Working days d with from < d <= to (negative when to < from), so that
 * cal_workdays_between(receipt day, deadline day) is the N of the period. */
int cal_workdays_between(const struct cal *c, int32_t from, int32_t to, int32_t *n, struct xerr *e);

/* Office minutes within [a, b) (0 when b <= a). */
int cal_workminutes_between(const struct cal *c, const struct cal_hours *h, int64_t a, int64_t b,
                            int64_t *n, struct xerr *e);

/* The deadline moved by the office time the pause [from, to) covered
 * (a request to supplement the dossier stops the clock). */
int cal_extend_for_pause(const struct cal *c, const struct cal_hours *h, int64_t deadline,
                         int64_t from, int64_t to, int64_t *out, struct xerr *e);

/* Decree 61/2018/NĐ-CP art. 18: a paper dossier received after 15:00 (or on
 * a day off) is transferred to the deciding body on the next working day.
 * *by is the close of office hours of the day the transfer is due. */
int cal_paper_transfer(const struct cal *c, const struct cal_hours *h, int64_t received,
                       int64_t *by, struct xerr *e);

/* ---- timestamps ---- */

int64_t cal_time(int32_t day, int minute);
/* The day (JDN) of a moment, within +-CAL_DAY_LIMIT (moments beyond give
 * the bound, a day outside every calendar). */
enum { CAL_DAY_LIMIT = 1000000000 };
int32_t cal_time_day(int64_t t);
int cal_time_minute(int64_t t);
/* Strict "YYYY-MM-DD" in 1900..2199; the field name goes into e. */
int cal_parse_date(const char *s, const char *field, int32_t *day, struct xerr *e);
/* Strict "YYYY-MM-DDTHH:MM" (a space instead of T is accepted). */
int cal_parse_time(const char *s, const char *field, int64_t *t, struct xerr *e);
/* "YYYY-MM-DD" into dst[11]; "YYYY-MM-DDTHH:MM" into dst[17]. */
void cal_format_date(int32_t day, char dst[11]);
void cal_format_time(int64_t t, char dst[17]);

#endif
