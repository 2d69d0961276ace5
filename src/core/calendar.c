/*
 * calendar.c: the working-day calendar and deadline arithmetic.
 *
 * cal_new() lays the years out as one array of days: first the weekly rest
 * (Saturday and Sunday, Decision 188/1999/QĐ-TTg Art. 1), then the
 * statutory holidays in force on each date, then the compensatory days,
 * then the yearly overrides known as of the build day. From that it
 * derives before[i] (working days among the first i days) and work[k] (the
 * k-th working day), so that "the n-th working day after d" is two array
 * reads and "office minutes between two moments" is a subtraction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/csv.h"
#include "core/embedded.h"
#include "core/lunar.h"

enum day_kind {
	DAY_WORK = 0,
	DAY_WEEKEND = 1,
	DAY_HOLIDAY = 2,      /* statutory holiday (Labour Code) */
	DAY_COMPENSATORY = 3, /* Art. 111(3) */
	DAY_DECIDED_OFF = 4,  /* an override */
};

struct cal {
	int first_year, last_year;
	int32_t first; /* Julian day of 1 January first_year */
	int32_t ndays;
	uint8_t *kind;
	const char **name; /* per day; NULL for work days and weekends */
	int32_t *before;   /* ndays + 1 entries */
	int32_t *work;     /* nwork entries: day index of the k-th working day */
	int32_t nwork;
	struct cal_override *ov; /* the overrides applied, owning their names */
	size_t nov;
};

/* ---- statutory rules ---- */

enum rule_kind {
	RULE_SOLAR,        /* a fixed Gregorian day */
	RULE_LUNAR,        /* a fixed lunar day */
	RULE_TET,          /* five days around the lunar New Year */
	RULE_NATIONAL_ADJ, /* the day next to 2 September */
};

/* Each rule holds for holidays falling on or after valid_from (and up to
 * valid_to, 0 = still in force): a change of the law adds a rule and closes
 * the old one, and never changes the holidays of past years. */
static const struct rule {
	enum rule_kind kind;
	int month, day;
	const char *name;
	int32_t valid_from, valid_to; /* y*10000 + m*100 + d */
} rules[] = {
    /* Labour Code 2012 Art. 115(1) (in force 1/5/2013), kept by Labour Code
     * 2019 Art. 112(1)(a)-(e). */
    {RULE_SOLAR, 1, 1, "Tết Dương lịch", 20130501, 0},
    /* Art. 112(1)(b): Tết Âm lịch, 5 days; the Prime Minister fixes the
     * exact days each year (Art. 112(3)). Without a decision xaso takes the
     * last day of the old year and the first four of the new one. */
    {RULE_TET, 1, 1, "Tết Nguyên đán", 20130501, 0},
    /* Art. 112(1)(đ): Giỗ Tổ Hùng Vương, 10th day of the 3rd lunar month. */
    {RULE_LUNAR, 3, 10, "Giỗ Tổ Hùng Vương", 20130501, 0},
    {RULE_SOLAR, 4, 30, "Ngày Chiến thắng", 20130501, 0},
    {RULE_SOLAR, 5, 1, "Ngày Quốc tế Lao động", 20130501, 0},
    {RULE_SOLAR, 9, 2, "Quốc khánh", 20130501, 0},
    /* Labour Code 2019 Art. 112(1)(d) (in force 1/1/2021): 2 September and
     * one day before or after it, chosen yearly by the Prime Minister. */
    {RULE_NATIONAL_ADJ, 9, 2, "Quốc khánh", 20210101, 0},
};

static int32_t ymd_jdn(int32_t ymd)
{
	return lunar_jdn(ymd / 10000, ymd / 100 % 100, ymd % 100);
}

static bool rule_holds(const struct rule *r, int32_t day)
{
	return day >= ymd_jdn(r->valid_from) && (r->valid_to == 0 || day <= ymd_jdn(r->valid_to));
}

/* The adjacent day of 2 September when no decision names it: the one that
 * joins the holiday to a weekend (Monday 2/9 -> 3/9, Thursday -> 3/9,
 * otherwise 1/9), as the decisions of 2021-2025 did. */
static int32_t national_day_adjacent(int32_t sep2)
{
	int wd = lunar_weekday(sep2);
	return wd == 0 || wd == 3 ? sep2 + 1 : sep2 - 1;
}

struct mark_ctx {
	struct cal *c;
	int32_t *hol; /* statutory holiday days, for the compensation pass */
	size_t nhol, cap;
};

static int mark_holiday(struct mark_ctx *m, int32_t day, const char *name)
{
	struct cal *c = m->c;
	int32_t i = day - c->first;
	if (i < 0 || i >= c->ndays)
		return 0;
	if (c->kind[i] == DAY_HOLIDAY)
		return 0;
	c->kind[i] = DAY_HOLIDAY;
	c->name[i] = name;
	if (m->nhol == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		int32_t *p = realloc(m->hol, cap * sizeof *p);
		if (!p)
			return XERR_NOMEM;
		m->hol = p;
		m->cap = cap;
	}
	m->hol[m->nhol++] = day;
	return 0;
}

/* Marks the statutory holidays of Gregorian year y. */
static int mark_year(struct mark_ctx *m, int y, struct xerr *e)
{
	struct lunar_cycle lc;
	int rc = lunar_cycle_compute(y, &lc, e);
	if (rc)
		return rc;
	/* Month 1 and month 3 of lunar year y lie in cycle y (a leap third month
	 * repeats it: the holiday is on the regular one, which comes first). */
	int32_t tet = 0, third = 0;
	for (int i = 0; i < lc.nmonths; i++) {
		if (lc.month[i] == 1 && !lc.leap[i] && !tet)
			tet = lc.start[i];
		if (lc.month[i] == 3 && !lc.leap[i] && !third)
			third = lc.start[i];
	}
	for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
		const struct rule *ru = &rules[r];
		int32_t day;
		switch (ru->kind) {
		case RULE_SOLAR:
			day = lunar_jdn(y, ru->month, ru->day);
			if (rule_holds(ru, day) && (rc = mark_holiday(m, day, ru->name)))
				return xerr_set(e, rc, NULL, "out of memory");
			break;
		case RULE_LUNAR:
			day = third + ru->day - 1;
			if (rule_holds(ru, day) && (rc = mark_holiday(m, day, ru->name)))
				return xerr_set(e, rc, NULL, "out of memory");
			break;
		case RULE_TET:
			for (day = tet - 1; day <= tet + 3; day++)
				if (rule_holds(ru, day) && (rc = mark_holiday(m, day, ru->name)))
					return xerr_set(e, rc, NULL, "out of memory");
			break;
		case RULE_NATIONAL_ADJ:
			day = national_day_adjacent(lunar_jdn(y, 9, 2));
			if (rule_holds(ru, day) && (rc = mark_holiday(m, day, ru->name)))
				return xerr_set(e, rc, NULL, "out of memory");
			break;
		}
	}
	return 0;
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

static const char *compensatory_name(const char *holiday)
{
	static const struct {
		const char *holiday, *name;
	} names[] = {
	    {"Tết Dương lịch", "Nghỉ bù Tết Dương lịch"},
	    {"Tết Nguyên đán", "Nghỉ bù Tết Nguyên đán"},
	    {"Giỗ Tổ Hùng Vương", "Nghỉ bù Giỗ Tổ Hùng Vương"},
	    {"Ngày Chiến thắng", "Nghỉ bù Ngày Chiến thắng"},
	    {"Ngày Quốc tế Lao động", "Nghỉ bù Ngày Quốc tế Lao động"},
	    {"Quốc khánh", "Nghỉ bù Quốc khánh"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i].holiday, holiday))
			return names[i].name;
	return "Nghỉ bù";
}

/* Labour Code 2019 Art. 111(3): a holiday that falls on the weekly rest day
 * gives a compensatory day off on the next working day. Holidays are taken
 * in date order so that two weekend holidays get two distinct days. */
static void mark_compensatory(struct mark_ctx *m)
{
	struct cal *c = m->c;
	qsort(m->hol, m->nhol, sizeof *m->hol, cmp_i32);
	for (size_t h = 0; h < m->nhol; h++) {
		int32_t i = m->hol[h] - c->first;
		int wd = lunar_weekday(m->hol[h]);
		if (wd < 5)
			continue;
		int32_t j = i + 1;
		while (j < c->ndays && c->kind[j] != DAY_WORK)
			j++;
		if (j < c->ndays) {
			c->kind[j] = DAY_COMPENSATORY;
			c->name[j] = compensatory_name(c->name[i]);
		}
	}
}

static int cmp_override(const void *a, const void *b)
{
	const struct cal_override *x = a, *y = b;
	if (x->effective_from != y->effective_from)
		return x->effective_from < y->effective_from ? -1 : 1;
	return 0;
}

int cal_new(const struct cal_params *p, struct cal **out, struct xerr *e)
{
	*out = NULL;
	int fy = p->first_year ? p->first_year : CAL_FIRST_YEAR;
	int ly = p->last_year ? p->last_year : CAL_LAST_YEAR;
	if (fy < CAL_FIRST_YEAR || ly > CAL_LAST_YEAR || fy > ly)
		return xerr_set(e, XERR_INVALID, "year", "the calendar covers %d-%d, not %d-%d",
		                CAL_FIRST_YEAR, CAL_LAST_YEAR, fy, ly);
	struct cal *c = calloc(1, sizeof *c);
	struct mark_ctx m = {c, NULL, 0, 0};
	int rc = 0;
	if (!c)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	c->first_year = fy;
	c->last_year = ly;
	c->first = lunar_jdn(fy, 1, 1);
	c->ndays = lunar_jdn(ly + 1, 1, 1) - c->first;
	c->kind = calloc((size_t)c->ndays, 1);
	c->name = calloc((size_t)c->ndays, sizeof *c->name);
	c->before = malloc(((size_t)c->ndays + 1) * sizeof *c->before);
	c->work = malloc((size_t)c->ndays * sizeof *c->work);
	if (p->nov)
		c->ov = malloc(p->nov * sizeof *c->ov);
	if (!c->kind || !c->name || !c->before || !c->work || (p->nov && !c->ov)) {
		rc = xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		goto fail;
	}
	for (int32_t i = 0; i < c->ndays; i++)
		c->kind[i] = lunar_weekday(c->first + i) >= 5 ? DAY_WEEKEND : DAY_WORK;
	for (int y = fy; y <= ly; y++)
		if ((rc = mark_year(&m, y, e)))
			goto fail;
	mark_compensatory(&m);

	/* Overrides known on the build day, older first, so that a later
	 * decision about the same date wins; equal dates keep their order. */
	for (size_t i = 0; i < p->nov; i++) {
		if (p->as_of && p->ov[i].effective_from > p->as_of)
			continue;
		c->ov[c->nov] = p->ov[i];
		c->ov[c->nov].name[CAL_NAME_MAX - 1] = '\0';
		c->nov++;
	}
	for (size_t i = 1; i < c->nov; i++) { /* insertion sort: stable, lists are short */
		struct cal_override t = c->ov[i];
		size_t j = i;
		while (j > 0 && cmp_override(&c->ov[j - 1], &t) > 0) {
			c->ov[j] = c->ov[j - 1];
			j--;
		}
		c->ov[j] = t;
	}
	for (size_t i = 0; i < c->nov; i++) {
		int32_t d = c->ov[i].day - c->first;
		if (d < 0 || d >= c->ndays)
			continue;
		c->kind[d] = c->ov[i].work ? DAY_WORK : DAY_DECIDED_OFF;
		c->name[d] = c->ov[i].work ? NULL : c->ov[i].name;
	}

	c->before[0] = 0;
	for (int32_t i = 0; i < c->ndays; i++) {
		int w = c->kind[i] == DAY_WORK;
		if (w)
			c->work[c->nwork++] = i;
		c->before[i + 1] = c->before[i] + w;
	}
	free(m.hol);
	*out = c;
	return 0;
fail:
	free(m.hol);
	cal_free(c);
	return rc;
}

void cal_free(struct cal *c)
{
	if (!c)
		return;
	free(c->kind);
	free(c->name);
	free(c->before);
	free(c->work);
	free(c->ov);
	free(c);
}

void cal_years(const struct cal *c, int *first, int *last)
{
	*first = c->first_year;
	*last = c->last_year;
}

bool cal_is_workday(const struct cal *c, int32_t day)
{
	int32_t i = day - c->first;
	return i >= 0 && i < c->ndays && c->kind[i] == DAY_WORK;
}

const char *cal_day_name(const struct cal *c, int32_t day)
{
	int32_t i = day - c->first;
	return i >= 0 && i < c->ndays ? c->name[i] : NULL;
}

static int out_of_range(const struct cal *c, const char *field, int32_t day, struct xerr *e)
{
	char d[11];
	cal_format_date(day, d);
	return xerr_set(e, XERR_INVALID, field, "%s is outside the calendar's years %d-%d", d,
	                c->first_year, c->last_year);
}

int cal_holidays(const struct cal *c, int year, cal_day_cb cb, void *ctx, struct xerr *e)
{
	if (year < c->first_year || year > c->last_year)
		return xerr_set(e, XERR_INVALID, "year",
		                "year %d is outside the calendar's years %d-%d", year,
		                c->first_year, c->last_year);
	int32_t a = lunar_jdn(year, 1, 1) - c->first, b = lunar_jdn(year + 1, 1, 1) - c->first;
	for (int32_t i = a; i < b; i++) {
		if (!c->name[i])
			continue;
		int rc = cb(c->first + i, c->name[i], ctx);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- arithmetic ---- */

static int span_close(const struct cal_hours *h)
{
	return h->span[h->n - 1].to;
}

int cal_add_workdays(const struct cal *c, const struct cal_hours *h, int64_t received, int n,
                     int64_t *deadline, struct xerr *e)
{
	if (n < 1 || n > CAL_MAX_DAYS)
		return xerr_set(e, XERR_INVALID, "add",
		                "a period of %d working days is not allowed (1-%d)", n,
		                CAL_MAX_DAYS);
	int32_t day = cal_time_day(received);
	int32_t i = day - c->first;
	if (i < 0 || i >= c->ndays)
		return out_of_range(c, "from", day, e);
	/* Civil Code 2015 Art. 147(2): the period starts the day after receipt,
	 * so the first counted day is the first working day after `day`. */
	int32_t k = c->before[i + 1] + n - 1;
	if (k >= c->nwork)
		return xerr_set(e, XERR_INVALID, "add", "the deadline falls after %d",
		                c->last_year);
	*deadline = cal_time(c->first + c->work[k], span_close(h));
	return 0;
}

/* Office minutes of day index i strictly before minute m. */
static int64_t minutes_before(const struct cal *c, const struct cal_hours *h, int32_t i, int m)
{
	int64_t n = (int64_t)c->before[i] * cal_hours_minutes(h);
	if (c->kind[i] != DAY_WORK)
		return n;
	for (int s = 0; s < h->n; s++) {
		if (m <= h->span[s].from)
			break;
		n += (m < h->span[s].to ? m : h->span[s].to) - h->span[s].from;
	}
	return n;
}

int cal_workminutes_between(const struct cal *c, const struct cal_hours *h, int64_t a, int64_t b,
                            int64_t *n, struct xerr *e)
{
	int rc = cal_hours_check(h, e);
	if (rc)
		return rc;
	int32_t ia = cal_time_day(a) - c->first, ib = cal_time_day(b) - c->first;
	if (ia < 0 || ia >= c->ndays)
		return out_of_range(c, "from", cal_time_day(a), e);
	if (ib < 0 || ib >= c->ndays)
		return out_of_range(c, "to", cal_time_day(b), e);
	if (b <= a) {
		*n = 0;
		return 0;
	}
	*n = minutes_before(c, h, ib, cal_time_minute(b)) -
	     minutes_before(c, h, ia, cal_time_minute(a));
	return 0;
}

int cal_add_workminutes(const struct cal *c, const struct cal_hours *h, int64_t from,
                        int64_t minutes, int64_t *out, struct xerr *e)
{
	int rc = cal_hours_check(h, e);
	if (rc)
		return rc;
	if (minutes < 0 || minutes > (int64_t)CAL_MAX_DAYS * CAL_DAY_MINUTES)
		return xerr_set(e, XERR_INVALID, "add",
		                "a period of %lld office minutes is not allowed",
		                (long long)minutes);
	int32_t i = cal_time_day(from) - c->first;
	if (i < 0 || i >= c->ndays)
		return out_of_range(c, "from", cal_time_day(from), e);
	if (minutes == 0) {
		*out = from;
		return 0;
	}
	/* Consume what is left of the day of `from`. */
	int m = cal_time_minute(from);
	int64_t left = minutes;
	if (c->kind[i] == DAY_WORK) {
		for (int s = 0; s < h->n; s++) {
			if (m >= h->span[s].to)
				continue;
			int start = m > h->span[s].from ? m : h->span[s].from;
			int avail = h->span[s].to - start;
			if (left <= avail) {
				*out = cal_time(c->first + i, start + (int)left);
				return 0;
			}
			left -= avail;
		}
	}
	/* Whole working days, then the rest inside the last one. */
	int per_day = cal_hours_minutes(h);
	if (per_day <= 0)
		return xerr_set(e, XERR_INVALID, "hours", "office hours are empty");
	int64_t q = (left - 1) / per_day;
	int rest = (int)(left - q * per_day);
	int64_t k = c->before[i + 1] + q;
	if (k >= c->nwork)
		return xerr_set(e, XERR_INVALID, "add", "the deadline falls after %d",
		                c->last_year);
	int32_t d = c->work[k];
	for (int s = 0; s < h->n; s++) {
		int len = h->span[s].to - h->span[s].from;
		if (rest <= len) {
			*out = cal_time(c->first + d, h->span[s].from + rest);
			return 0;
		}
		rest -= len;
	}
	return xerr_set(e, XERR_IO, NULL, "office-minute arithmetic overflowed a day");
}

int cal_workdays_between(const struct cal *c, int32_t from, int32_t to, int32_t *n, struct xerr *e)
{
	int32_t a = from - c->first, b = to - c->first;
	if (a < 0 || a >= c->ndays)
		return out_of_range(c, "from", from, e);
	if (b < 0 || b >= c->ndays)
		return out_of_range(c, "to", to, e);
	*n = c->before[b + 1] - c->before[a + 1];
	return 0;
}

int cal_extend_for_pause(const struct cal *c, const struct cal_hours *h, int64_t deadline,
                         int64_t from, int64_t to, int64_t *out, struct xerr *e)
{
	if (to < from)
		return xerr_set(e, XERR_INVALID, "to", "the pause ends before it starts");
	int64_t covered = 0;
	int rc = cal_workminutes_between(c, h, from, to, &covered, e);
	if (rc)
		return rc;
	return cal_add_workminutes(c, h, deadline, covered, out, e);
}

int cal_paper_transfer(const struct cal *c, const struct cal_hours *h, int64_t received,
                       int64_t *by, struct xerr *e)
{
	int32_t day = cal_time_day(received);
	int32_t i = day - c->first;
	if (i < 0 || i >= c->ndays)
		return out_of_range(c, "from", day, e);
	/* Decree 61/2018/NĐ-CP art. 18: received after 15:00 -> transferred on
	 * the next working day; otherwise on the day of receipt. */
	if (c->kind[i] == DAY_WORK && cal_time_minute(received) <= 15 * 60) {
		*by = cal_time(day, span_close(h));
		return 0;
	}
	int32_t k = c->before[i + 1];
	if (k >= c->nwork)
		return xerr_set(e, XERR_INVALID, "from", "the transfer falls after %d",
		                c->last_year);
	*by = cal_time(c->first + c->work[k], span_close(h));
	return 0;
}
