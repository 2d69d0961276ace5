/*
 * lunar.h: the Gregorian calendar as day numbers, and the Vietnamese lunar
 * (lunisolar) calendar computed from the astronomy, for 1900-2199.
 *
 * This module owns date arithmetic on whole days (Julian day numbers) and
 * the conversion between Gregorian and lunar dates. It does no I/O and
 * keeps no state; every function is safe to call from any thread.
 *
 * How the lunar calendar is built (the rules Vietnamese calendars follow,
 * computed for the meridian of UTC+7, which since 1 January 1968 is what
 * makes Vietnam's calendar differ from China's UTC+8 one, e.g. in 1985):
 *   - a month starts on the local civil day that contains a new moon;
 *   - month 11 is the month that contains the December solstice (the sun's
 *     apparent longitude reaching 270 degrees);
 *   - when 13 months lie between two consecutive months 11, the first of
 *     them (after month 11) that contains no major solar term (the sun's
 *     longitude crossing a multiple of 30 degrees) is the leap month; it
 *     repeats the number of the month before it;
 *   - the lunar year starts with month 1 (Tết Nguyên đán).
 * New moons come from the series of Meeus, "Astronomical Algorithms" (2nd
 * ed., 1998), ch. 49; the sun's longitude from ch. 25; Delta T from the
 * Espenak-Meeus polynomials (NASA, 2006).
 */
#ifndef XASO_CORE_LUNAR_H
#define XASO_CORE_LUNAR_H

#include <stdbool.h>
#include <stdint.h>

#include "core/xerr.h"

enum {
	LUNAR_FIRST_YEAR = 1900,
	LUNAR_LAST_YEAR = 2199,
};

struct lunar_date {
	int year;  /* lunar year, named by the Gregorian year in which it mostly falls */
	int month; /* 1..12 */
	int day;   /* 1..30 */
	bool leap; /* true for the intercalary (nhuận) month */
};

/* The months between the start of month 11 of Gregorian year `year - 1`
 * and the start of month 11 of `year` (the "solstice year" ending in
 * `year`): months 11, 12, then 1..10 with one leap month when there are
 * 13. start[] holds Julian day numbers; start[nmonths] is the first day of
 * the next month 11. */
struct lunar_cycle {
	int year;
	int nmonths; /* 12 or 13 */
	int32_t start[14];
	uint8_t month[13];
	bool leap[13];
};

/* Julian day number of a Gregorian date (no validation; proleptic). */
int32_t lunar_jdn(int y, int m, int d);
/* Gregorian date of a Julian day number. */
void lunar_civil(int32_t jdn, int *y, int *m, int *d);
/* Day of the week of a Julian day number: 0 Monday .. 6 Sunday. */
int lunar_weekday(int32_t jdn);
/* Days in a Gregorian month (0 for a month outside 1..12). */
int lunar_month_days(int y, int m);
/* Validates a Gregorian date of 1900-01-01..2199-12-31 and returns its
 * Julian day number in *jdn. XERR_INVALID (field `field`) otherwise. */
int lunar_check_civil(int y, int m, int d, const char *field, int32_t *jdn, struct xerr *e);

/* Computes the cycle ending with month 11 of Gregorian `year`
 * (1900..2200). */
int lunar_cycle_compute(int year, struct lunar_cycle *out, struct xerr *e);

/* Lunar date of a Gregorian date (1900-01-01..2199-12-31). */
int lunar_from_solar(int y, int m, int d, struct lunar_date *out, struct xerr *e);
/* The same with a cycle the caller already holds (fast path for loops);
 * XERR_INVALID when jdn is not inside c. */
int lunar_from_jdn_in(const struct lunar_cycle *c, int32_t jdn, struct lunar_date *out,
                      struct xerr *e);

/* Gregorian date (as a Julian day number) of a lunar date. Fails for a
 * month outside 1..12, a leap flag on a month that is not leap that year,
 * a day past the month's 29 or 30 days, or a date whose Gregorian day falls
 * outside 1900-01-01..2199-12-31. */
int lunar_to_jdn(const struct lunar_date *ld, int32_t *jdn, struct xerr *e);

/* First day of lunar year `year` (Tết Nguyên đán), 1900..2199. */
int lunar_tet(int year, int32_t *jdn, struct xerr *e);

/* The leap month of lunar year `year` (0 when none), 1900..2199. */
int lunar_leap_month(int year, int *month, struct xerr *e);

#endif
