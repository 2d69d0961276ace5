/*
 * lunar.c: Gregorian day numbers and the Vietnamese lunar calendar.
 *
 * The astronomy is deliberately the smallest that decides calendar days:
 * a new moon to within a few seconds (Meeus ch. 49 with the planetary
 * terms), the sun's apparent longitude to about 0.01 degree (Meeus ch. 25),
 * and Delta T (TT - UT) from the Espenak-Meeus polynomials. Everything is
 * recomputed on demand; a cycle (one year of months) costs about thirty
 * evaluations of the series, so callers that walk many days keep a
 * struct lunar_cycle instead of calling the one-shot functions.
 */
#include <math.h>
#include <stddef.h>

#include "core/lunar.h"

/* The meridian the calendar is computed for. Vietnam's calendar has been
 * computed for UTC+7 since the lunar year 1968 (Government decision
 * 121-CP of 8 August 1967, in the North; nationwide after 1975: Tết Mậu
 * Thân fell on 29 January 1968 in the North and on 30 January in the
 * South). Before it, the calendar in use was the one computed for UTC+8,
 * which is what published Vietnamese tables give for those years. The
 * zone belongs to a solstice year (cycle): cycles up to 1967 use UTC+8. */
static double lunation_tz(int cycle, int index)
{
	/* Months 11 and 12 of lunar year 1967 open cycle 1968 (which has no
	 * leap 11 or 12) and were still computed for UTC+8. */
	if (cycle < 1968 || (cycle == 1968 && index < 2))
		return 8.0 / 24.0;
	return 7.0 / 24.0;
}

/* Month starts where the published Vietnamese calendar (Hồ Ngọc Đức's
 * tables, see tests/data/README.md) differs from the computation. In the
 * first five the new moon falls within minutes of midnight (UTC+8 before
 * 1968), closer than the difference between the historical computations
 * and the modern series; in 1925 the published calendar starts the year a
 * day later than the astronomy (the new moon was at 22:45 UTC+8 on 24
 * January): we follow the published calendar. 2054: the new moon is 23
 * seconds after midnight UTC+7, inside the uncertainty of Delta T. */
static const struct {
	int32_t computed, published; /* as y*10000 + m*100 + d */
} month_fix[] = {
    {19060424, 19060423}, /* 1906, month 4, new moon 00:07 */
    {19141118, 19141117}, /* 1914, month 10, 00:02 */
    {19160204, 19160203}, /* 1916, month 1 (Tết Bính Thìn), 00:05 */
    {19201111, 19201110}, /* 1920, month 10, 00:05 */
    {19250124, 19250125}, /* 1925, month 1 (Tết Ất Sửu) */
    {20540508, 20540507}, /* 2054, month 4, 00:00:23 */
};

#define DEG (M_PI / 180.0)

/* Mean synodic month (Meeus 49.1) and the epoch of lunation k = 0, the new
 * moon of 6 January 2000. */
#define SYNODIC   29.530588861
#define LUNATION0 2451550.09766

int32_t lunar_jdn(int y, int m, int d)
{
	/* Counts years from March, so that the leap day ends the year. */
	int a = (14 - m) / 12;
	int64_t yy = (int64_t)y + 4800 - a;
	int64_t mm = m + 12 * a - 3;
	return (int32_t)(d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045);
}

void lunar_civil(int32_t jdn, int *y, int *m, int *d)
{
	int64_t f = (int64_t)jdn + 1401 + (((4 * (int64_t)jdn + 274277) / 146097) * 3) / 4 - 38;
	int64_t e = 4 * f + 3;
	int64_t g = (e % 1461) / 4;
	int64_t h = 5 * g + 2;
	*d = (int)((h % 153) / 5 + 1);
	*m = (int)(((h / 153 + 2) % 12) + 1);
	*y = (int)(e / 1461 - 4716 + (14 - *m) / 12);
}

int lunar_weekday(int32_t jdn)
{
	int r = jdn % 7;
	return r < 0 ? r + 7 : r;
}

int lunar_month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

int lunar_check_civil(int y, int m, int d, const char *field, int32_t *jdn, struct xerr *e)
{
	if (y < LUNAR_FIRST_YEAR || y > LUNAR_LAST_YEAR)
		return xerr_set(e, XERR_INVALID, field, "year %d is outside %d-%d", y,
		                LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR);
	if (m < 1 || m > 12)
		return xerr_set(e, XERR_INVALID, field, "month %d does not exist", m);
	if (d < 1 || d > lunar_month_days(y, m))
		return xerr_set(e, XERR_INVALID, field, "%04d-%02d-%02d does not exist", y, m, d);
	*jdn = lunar_jdn(y, m, d);
	return 0;
}

/* ---- astronomy ---- */

/* TT - UT in days for a decimal year (Espenak and Meeus, "Polynomial
 * expressions for Delta T", NASA 2006), for the span this module serves. */
static double delta_t(double year)
{
	double t, s;
	if (year < 1920) {
		t = year - 1900;
		s = -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t -
		    0.000197 * t * t * t * t;
	} else if (year < 1941) {
		t = year - 1920;
		s = 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
	} else if (year < 1961) {
		t = year - 1950;
		s = 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
	} else if (year < 1986) {
		t = year - 1975;
		s = 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
	} else if (year < 2005) {
		t = year - 2000;
		s = 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t +
		    0.000651814 * t * t * t * t + 0.00002373599 * t * t * t * t * t;
	} else if (year < 2050) {
		t = year - 2000;
		s = 62.92 + 0.32217 * t + 0.005589 * t * t;
	} else if (year < 2150) {
		double u = (year - 1820) / 100;
		s = -20 + 32 * u * u - 0.5628 * (2150 - year);
	} else {
		double u = (year - 1820) / 100;
		s = -20 + 32 * u * u;
	}
	return s / 86400.0;
}

static double jd_year(double jd)
{
	return 2000.0 + (jd - 2451545.0) / 365.25;
}

/* Julian ephemeris day of the true new moon of lunation k (Meeus ch. 49). */
static double new_moon_jde(int k)
{
	double T = k / 1236.85, T2 = T * T, T3 = T2 * T, T4 = T3 * T;
	double jde =
	    LUNATION0 + SYNODIC * k + 0.00015437 * T2 - 0.000000150 * T3 + 0.00000000073 * T4;
	double E = 1 - 0.002516 * T - 0.0000074 * T2;
	/* Sun's and Moon's mean anomalies, Moon's argument of latitude, and the
	 * longitude of the ascending node, in radians. */
	double M = (2.5534 + 29.10535670 * k - 0.0000014 * T2 - 0.00000011 * T3) * DEG;
	double Mp =
	    (201.5643 + 385.81693528 * k + 0.0107582 * T2 + 0.00001238 * T3 - 0.000000058 * T4) *
	    DEG;
	double F =
	    (160.7108 + 390.67050284 * k - 0.0016118 * T2 - 0.00000227 * T3 + 0.000000011 * T4) *
	    DEG;
	double Om = (124.7746 - 1.56375588 * k + 0.0020672 * T2 + 0.00000215 * T3) * DEG;

	double c =
	    -0.40720 * sin(Mp) + 0.17241 * E * sin(M) + 0.01608 * sin(2 * Mp) +
	    0.01039 * sin(2 * F) + 0.00739 * E * sin(Mp - M) - 0.00514 * E * sin(Mp + M) +
	    0.00208 * E * E * sin(2 * M) - 0.00111 * sin(Mp - 2 * F) - 0.00057 * sin(Mp + 2 * F) +
	    0.00056 * E * sin(2 * Mp + M) - 0.00042 * sin(3 * Mp) + 0.00042 * E * sin(M + 2 * F) +
	    0.00038 * E * sin(M - 2 * F) - 0.00024 * E * sin(2 * Mp - M) - 0.00017 * sin(Om) -
	    0.00007 * sin(Mp + 2 * M) + 0.00004 * sin(2 * Mp - 2 * F) + 0.00004 * sin(3 * M) +
	    0.00003 * sin(Mp + M - 2 * F) + 0.00003 * sin(2 * Mp + 2 * F) -
	    0.00003 * sin(Mp + M + 2 * F) + 0.00003 * sin(Mp - M + 2 * F) -
	    0.00002 * sin(Mp - M - 2 * F) - 0.00002 * sin(3 * Mp + M) + 0.00002 * sin(4 * Mp);

	/* Planetary arguments A1..A14 and their coefficients. */
	static const double arg0[14] = {299.77, 251.88, 251.83, 349.42, 84.66,  141.74, 207.14,
	                                154.84, 34.52,  207.19, 291.34, 161.72, 239.56, 331.55};
	static const double rate[14] = {0.107408,  0.016321,  26.651886, 36.412478, 18.206239,
	                                53.303771, 2.453732,  7.306860,  27.261239, 0.121824,
	                                1.844379,  24.198154, 25.513099, 3.592518};
	static const double amp[14] = {0.000325, 0.000165, 0.000164, 0.000126, 0.000110,
	                               0.000062, 0.000060, 0.000056, 0.000047, 0.000042,
	                               0.000040, 0.000037, 0.000035, 0.000023};
	double p = 0;
	for (int i = 0; i < 14; i++) {
		double a = arg0[i] + rate[i] * k;
		if (i == 0)
			a -= 0.009173 * T2;
		p += amp[i] * sin(a * DEG);
	}
	return jde + c + p;
}

/* Local civil day (zone tz, in days), as a Julian day number, of
 * lunation k. */
static int32_t new_moon_day(int k, double tz)
{
	double jde = new_moon_jde(k);
	double ut = jde - delta_t(jd_year(jde));
	int32_t day = (int32_t)floor(ut + 0.5 + tz);
	if (day < 2417000 || (day > 2425000 && day < 2471000) || day > 2472000)
		return day; /* outside the years of month_fix: skip the search */
	int y, m, d;
	lunar_civil(day, &y, &m, &d);
	int32_t key = y * 10000 + m * 100 + d;
	for (size_t i = 0; i < sizeof month_fix / sizeof month_fix[0]; i++)
		if (month_fix[i].computed == key) {
			int32_t p = month_fix[i].published;
			return lunar_jdn(p / 10000, p / 100 % 100, p % 100);
		}
	return day;
}

/* Apparent geocentric longitude of the sun in degrees [0, 360) at a Julian
 * ephemeris day (Meeus ch. 25, the "lower accuracy" method). */
static double sun_longitude(double jde)
{
	double T = (jde - 2451545.0) / 36525.0, T2 = T * T;
	double L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T2;
	double M = (357.52911 + 35999.05029 * T - 0.0001537 * T2) * DEG;
	double C = (1.914602 - 0.004817 * T - 0.000014 * T2) * sin(M) +
	           (0.019993 - 0.000101 * T) * sin(2 * M) + 0.000289 * sin(3 * M);
	double om = (125.04 - 1934.136 * T) * DEG;
	/* Nutation and aberration, to the precision of the method. */
	double lambda = L0 + C - 0.00569 - 0.00478 * sin(om);
	lambda = fmod(lambda, 360.0);
	return lambda < 0 ? lambda + 360.0 : lambda;
}

/* Which 30-degree sector of longitude the sun is in at local midnight
 * starting day jdn: a month "contains a major term" exactly when the sector
 * at its first day differs from the sector at the next month's first day. */
static int sun_sector(int32_t jdn, double tz)
{
	double ut = jdn - 0.5 - tz;
	return (int)(sun_longitude(ut + delta_t(jd_year(ut))) / 30.0);
}

/* Local civil day of the December solstice of Gregorian year y. */
static int32_t solstice_day(int y, double tz)
{
	double jde = lunar_jdn(y, 12, 21) + 0.0;
	for (int i = 0; i < 8; i++) {
		double diff = 270.0 - sun_longitude(jde);
		if (diff > 180)
			diff -= 360;
		if (diff < -180)
			diff += 360;
		jde += diff * (365.2422 / 360.0);
		if (fabs(diff) < 1e-7)
			break;
	}
	double ut = jde - delta_t(jd_year(jde));
	return (int32_t)floor(ut + 0.5 + tz);
}

/* Lunation number of the month that contains day jdn. */
static int lunation_at(int32_t jdn, double tz)
{
	int k = (int)floor((jdn - LUNATION0) / SYNODIC);
	while (new_moon_day(k + 1, tz) <= jdn)
		k++;
	while (new_moon_day(k, tz) > jdn)
		k--;
	return k;
}

int lunar_cycle_compute(int year, struct lunar_cycle *out, struct xerr *e)
{
	if (year < LUNAR_FIRST_YEAR || year > LUNAR_LAST_YEAR + 1)
		return xerr_set(e, XERR_INVALID, "year", "year %d is outside %d-%d", year,
		                LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR);
	double tz = lunation_tz(year, 0);
	int k0 = lunation_at(solstice_day(year - 1, tz), tz);
	tz = lunation_tz(year, 2);
	int k1 = lunation_at(solstice_day(year, tz), tz);
	int n = k1 - k0;
	if (n != 12 && n != 13)
		return xerr_set(e, XERR_IO, "year", "%d lunations in the solstice year %d", n,
		                year);
	out->year = year;
	out->nmonths = n;
	for (int i = 0; i < n; i++)
		out->start[i] = new_moon_day(k0 + i, lunation_tz(year, i));
	/* The end is the next cycle's first day, in that cycle's zone, so that
	 * consecutive cycles tile the days even across the 1968 change. */
	out->start[n] = new_moon_day(k1, lunation_tz(year + 1, 0));

	int leap = -1;
	if (n == 13) {
		int prev = sun_sector(out->start[1], tz);
		for (int i = 1; i < n; i++) {
			int next = sun_sector(out->start[i + 1], tz);
			if (next == prev) {
				leap = i;
				break;
			}
			prev = next;
		}
		if (leap < 0)
			return xerr_set(e, XERR_IO, "year", "no month without a major term in %d",
			                year);
	}
	int num = 11;
	for (int i = 0; i < n; i++) {
		if (i == leap) {
			out->month[i] = out->month[i - 1];
			out->leap[i] = true;
			continue;
		}
		out->month[i] = (uint8_t)num;
		out->leap[i] = false;
		num = num % 12 + 1;
	}
	return 0;
}

int lunar_from_jdn_in(const struct lunar_cycle *c, int32_t jdn, struct lunar_date *out,
                      struct xerr *e)
{
	if (jdn < c->start[0] || jdn >= c->start[c->nmonths])
		return xerr_set(e, XERR_INVALID, "date", "day outside the lunar cycle of %d",
		                c->year);
	int i = c->nmonths - 1;
	while (c->start[i] > jdn)
		i--;
	out->month = c->month[i];
	out->leap = c->leap[i];
	out->day = (int)(jdn - c->start[i]) + 1;
	/* Months 11 and 12 at the head of the cycle close the previous lunar year. */
	out->year = out->month >= 11 ? c->year - 1 : c->year;
	return 0;
}

int lunar_from_solar(int y, int m, int d, struct lunar_date *out, struct xerr *e)
{
	int32_t jdn = 0;
	int rc = lunar_check_civil(y, m, d, "date", &jdn, e);
	if (rc)
		return rc;
	struct lunar_cycle c = {0};
	rc = lunar_cycle_compute(y, &c, e);
	if (rc)
		return rc;
	if (jdn >= c.start[c.nmonths]) {
		rc = lunar_cycle_compute(y + 1, &c, e);
		if (rc)
			return rc;
	}
	return lunar_from_jdn_in(&c, jdn, out, e);
}

int lunar_to_jdn(const struct lunar_date *ld, int32_t *jdn, struct xerr *e)
{
	if (ld->year < LUNAR_FIRST_YEAR - 1 || ld->year > LUNAR_LAST_YEAR)
		return xerr_set(e, XERR_INVALID, "date", "lunar year %d is outside %d-%d", ld->year,
		                LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR);
	if (ld->month < 1 || ld->month > 12)
		return xerr_set(e, XERR_INVALID, "date", "lunar month %d does not exist (1-12)",
		                ld->month);
	if (ld->day < 1 || ld->day > 30)
		return xerr_set(e, XERR_INVALID, "date", "lunar day %d does not exist (1-30)",
		                ld->day);
	struct lunar_cycle c = {0};
	/* Months 11 and 12 of lunar year Y open the solstice year Y + 1. */
	int rc = lunar_cycle_compute(ld->month >= 11 ? ld->year + 1 : ld->year, &c, e);
	if (rc)
		return rc;
	int first = ld->month >= 11 ? 0 : 2;
	int last = ld->month >= 11 ? (c.nmonths == 13 ? 3 : 2) : c.nmonths;
	for (int i = first; i < last; i++) {
		if (c.month[i] != ld->month || c.leap[i] != ld->leap)
			continue;
		int len = (int)(c.start[i + 1] - c.start[i]);
		if (ld->day > len)
			return xerr_set(e, XERR_INVALID, "date",
			                "lunar month %d%s of %d has %d days, not %d", ld->month,
			                ld->leap ? " (leap)" : "", ld->year, len, ld->day);
		int32_t j = c.start[i] + ld->day - 1;
		int y, m, d;
		lunar_civil(j, &y, &m, &d);
		if (y < LUNAR_FIRST_YEAR || y > LUNAR_LAST_YEAR)
			return xerr_set(e, XERR_INVALID, "date",
			                "lunar date %d-%02d-%02d falls outside %d-%d", ld->year,
			                ld->month, ld->day, LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR);
		*jdn = j;
		return 0;
	}
	if (ld->leap)
		return xerr_set(e, XERR_INVALID, "date", "lunar year %d has no leap month %d",
		                ld->year, ld->month);
	return xerr_set(e, XERR_INVALID, "date", "lunar month %d of %d is outside %d-%d", ld->month,
	                ld->year, LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR);
}

int lunar_tet(int year, int32_t *jdn, struct xerr *e)
{
	if (year < LUNAR_FIRST_YEAR || year > LUNAR_LAST_YEAR)
		return xerr_set(e, XERR_INVALID, "year", "year %d is outside %d-%d", year,
		                LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR);
	struct lunar_date ld = {year, 1, 1, false};
	return lunar_to_jdn(&ld, jdn, e);
}

int lunar_leap_month(int year, int *month, struct xerr *e)
{
	if (year < LUNAR_FIRST_YEAR || year > LUNAR_LAST_YEAR)
		return xerr_set(e, XERR_INVALID, "year", "year %d is outside %d-%d", year,
		                LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR);
	struct lunar_cycle c = {0};
	*month = 0;
	/* Months 1..10 (and their leap) live in cycle `year`; a leap 11 or 12
	 * of lunar year `year` opens cycle `year + 1`. */
	int rc = lunar_cycle_compute(year, &c, e);
	if (rc)
		return rc;
	for (int i = 2; i < c.nmonths; i++)
		if (c.leap[i] && c.month[i] <= 10)
			*month = c.month[i];
	if (*month)
		return 0;
	rc = lunar_cycle_compute(year + 1, &c, e);
	if (rc)
		return rc;
	for (int i = 0; i < 4 && i < c.nmonths; i++)
		if (c.leap[i] && c.month[i] >= 11)
			*month = c.month[i];
	return 0;
}
