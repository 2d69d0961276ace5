/*
 * indicator_period.c: the periods figures are computed for. A period is a
 * kind (month, quarter, year, date range) and its first and last day, both
 * included, as Julian day numbers (core/lunar.h); the text forms are
 * "2026-03", "2026-Q1", "2026" and "2026-01-01..2026-03-31".
 */
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/indicator.h"
#include "core/lunar.h"

enum { FIRST_YEAR = 1900, LAST_YEAR = 2199 };

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int ind_period_make(enum ind_period_kind kind, int year, int index, struct ind_period *p,
                    struct xerr *e)
{
	if (year < FIRST_YEAR || year > LAST_YEAR)
		return xerr_set(e, XERR_INVALID, "period", "year %d is outside %d-%d", year,
		                FIRST_YEAR, LAST_YEAR);
	int m0, m1;
	switch (kind) {
	case IND_MONTH:
		if (index < 1 || index > 12)
			return xerr_set(e, XERR_INVALID, "period", "no month %d", index);
		m0 = m1 = index;
		break;
	case IND_QUARTER:
		if (index < 1 || index > 4)
			return xerr_set(e, XERR_INVALID, "period", "no quarter %d", index);
		m0 = 3 * index - 2;
		m1 = 3 * index;
		break;
	case IND_YEAR:
		index = 0;
		m0 = 1;
		m1 = 12;
		break;
	default: return xerr_set(e, XERR_INVALID, "period", "not a month, quarter or year");
	}
	p->kind = kind;
	p->year = year;
	p->index = index;
	p->first = lunar_jdn(year, m0, 1);
	p->last = lunar_jdn(year, m1, lunar_month_days(year, m1));
	return 0;
}

static int range(const char *s, struct ind_period *p, struct xerr *e)
{
	char a[11], b[11];
	memcpy(a, s, 10);
	a[10] = '\0';
	memcpy(b, s + 12, 10);
	b[10] = '\0';
	int32_t first, last;
	int rc = cal_parse_date(a, "period", &first, e);
	if (!rc)
		rc = cal_parse_date(b, "period", &last, e);
	if (rc)
		return rc;
	if (last < first)
		return xerr_set(e, XERR_INVALID, "period", "the range ends before it starts");
	int y, m, d;
	lunar_civil(first, &y, &m, &d);
	*p = (struct ind_period){IND_RANGE, y, 0, first, last};
	return 0;
}

int ind_period_parse(const char *s, struct ind_period *p, struct xerr *e)
{
	size_t n = s ? strlen(s) : 0;
	int y = n >= 4 ? digits(s, 4) : -1;
	if (n == 4 && y >= 0)
		return ind_period_make(IND_YEAR, y, 0, p, e);
	if (n == 7 && y >= 0 && s[4] == '-' && (s[5] == 'Q' || s[5] == 'q') &&
	    digits(s + 6, 1) >= 0)
		return ind_period_make(IND_QUARTER, y, digits(s + 6, 1), p, e);
	if (n == 7 && y >= 0 && s[4] == '-' && digits(s + 5, 2) >= 0)
		return ind_period_make(IND_MONTH, y, digits(s + 5, 2), p, e);
	if (n == 22 && !memcmp(s + 10, "..", 2))
		return range(s, p, e);
	return xerr_set(e, XERR_INVALID, "period",
	                "\"%.30s\" is not a period: 2026-03, 2026-Q1, 2026 or "
	                "2026-01-01..2026-03-31",
	                s ? s : "");
}

void ind_period_format(const struct ind_period *p, char dst[IND_PERIOD_MAX])
{
	char a[11], b[11];
	switch (p->kind) {
	case IND_MONTH: snprintf(dst, IND_PERIOD_MAX, "%04d-%02d", p->year, p->index); return;
	case IND_QUARTER: snprintf(dst, IND_PERIOD_MAX, "%04d-Q%d", p->year, p->index); return;
	case IND_YEAR: snprintf(dst, IND_PERIOD_MAX, "%04d", p->year); return;
	default:
		cal_format_date(p->first, a);
		cal_format_date(p->last, b);
		snprintf(dst, IND_PERIOD_MAX, "%s..%s", a, b);
		return;
	}
}

int ind_period_prev(const struct ind_period *p, struct ind_period *out, struct xerr *e)
{
	switch (p->kind) {
	case IND_MONTH:
		return p->index > 1 ? ind_period_make(IND_MONTH, p->year, p->index - 1, out, e)
		                    : ind_period_make(IND_MONTH, p->year - 1, 12, out, e);
	case IND_QUARTER:
		return p->index > 1 ? ind_period_make(IND_QUARTER, p->year, p->index - 1, out, e)
		                    : ind_period_make(IND_QUARTER, p->year - 1, 4, out, e);
	case IND_YEAR: return ind_period_make(IND_YEAR, p->year - 1, 0, out, e);
	default: {
		int32_t len = p->last - p->first + 1;
		if (p->first - len < lunar_jdn(FIRST_YEAR, 1, 1))
			return xerr_set(e, XERR_INVALID, "period", "no period before %d",
			                FIRST_YEAR);
		int y, m, d;
		lunar_civil(p->first - len, &y, &m, &d);
		*out = (struct ind_period){IND_RANGE, y, 0, p->first - len, p->first - 1};
		return 0;
	}
	}
}

int ind_period_trend(const struct ind_period *p, size_t n, struct ind_period *out, struct xerr *e)
{
	if (n == 0)
		return 0;
	out[n - 1] = *p;
	for (size_t i = n - 1; i > 0; i--) {
		int rc = ind_period_prev(&out[i], &out[i - 1], e);
		if (rc)
			return rc;
	}
	return 0;
}
