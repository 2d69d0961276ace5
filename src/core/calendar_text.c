/*
 * calendar_text.c: the calendar's text forms (calendar.h): office hours
 * ("07:30-11:30,13:30-17:00"), dates and times as the API and the forms
 * write them, and the yearly override files (date,kind,name). Pure: the
 * caller supplies the bytes; the working-day arithmetic is calendar.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/csv.h"
#include "core/embedded.h"
#include "core/lunar.h"

/* ---- office hours ---- */

int cal_hours_check(const struct cal_hours *h, struct xerr *e)
{
	if (h->n < 1 || h->n > CAL_MAX_SPANS)
		return xerr_set(e, XERR_INVALID, "hours", "office hours need 1 to %d spans",
		                CAL_MAX_SPANS);
	int prev = 0;
	for (int i = 0; i < h->n; i++) {
		if (h->span[i].from < prev || h->span[i].to <= h->span[i].from ||
		    h->span[i].to > CAL_DAY_MINUTES)
			return xerr_set(e, XERR_INVALID, "hours",
			                "office hours must be increasing spans within a day");
		prev = h->span[i].to;
	}
	return 0;
}

void cal_hours_default(struct cal_hours *h)
{
	memset(h, 0, sizeof *h);
	h->n = 2;
	h->span[0].from = 7 * 60 + 30;
	h->span[0].to = 11 * 60 + 30;
	h->span[1].from = 13 * 60 + 30;
	h->span[1].to = 17 * 60;
}

int cal_hours_minutes(const struct cal_hours *h)
{
	int n = 0;
	for (int i = 0; i < h->n; i++)
		n += h->span[i].to - h->span[i].from;
	return n;
}

/* Reads "HH:MM" at *p, advancing it. */
static int read_hhmm(const char **p, int *out)
{
	const char *s = *p;
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[2] != ':' || s[3] < '0' ||
	    s[3] > '9' || s[4] < '0' || s[4] > '9')
		return -1;
	int hh = (s[0] - '0') * 10 + s[1] - '0', mm = (s[3] - '0') * 10 + s[4] - '0';
	if (mm > 59 || hh > 24 || (hh == 24 && mm))
		return -1;
	*out = hh * 60 + mm;
	*p = s + 5;
	return 0;
}

int cal_hours_parse(const char *s, struct cal_hours *h, struct xerr *e)
{
	struct cal_hours t;
	memset(&t, 0, sizeof t);
	const char *p = s;
	for (;;) {
		int a, b;
		if (t.n == CAL_MAX_SPANS)
			return xerr_set(e, XERR_INVALID, "hours",
			                "at most %d spans of office hours", CAL_MAX_SPANS);
		if (read_hhmm(&p, &a) || *p++ != '-' || read_hhmm(&p, &b))
			return xerr_set(e, XERR_INVALID, "hours",
			                "office hours must look like 07:30-11:30,13:30-17:00");
		t.span[t.n].from = (int16_t)a;
		t.span[t.n].to = (int16_t)b;
		t.n++;
		if (*p == '\0')
			break;
		if (*p++ != ',')
			return xerr_set(e, XERR_INVALID, "hours",
			                "office hours must look like 07:30-11:30,13:30-17:00");
	}
	int rc = cal_hours_check(&t, e);
	if (rc)
		return rc;
	*h = t;
	return 0;
}

void cal_hours_format(const struct cal_hours *h, char *dst, size_t cap)
{
	size_t len = 0;
	dst[0] = '\0';
	for (int i = 0; i < h->n && len < cap; i++)
		len += (size_t)snprintf(dst + len, cap - len, "%s%02d:%02d-%02d:%02d", i ? "," : "",
		                        h->span[i].from / 60, h->span[i].from % 60,
		                        h->span[i].to / 60, h->span[i].to % 60);
}

/* ---- timestamps ---- */

int64_t cal_time(int32_t day, int minute)
{
	return ((int64_t)day - CAL_EPOCH_JDN) * CAL_DAY_MINUTES + minute;
}

int32_t cal_time_day(int64_t t)
{
	int64_t d = t / CAL_DAY_MINUTES;
	if (t % CAL_DAY_MINUTES < 0)
		d--;
	d += CAL_EPOCH_JDN;
	/* A moment no calendar holds (a damaged record) gives a day no
	 * calendar holds either, never one wrapped back into its years; the
	 * bound leaves room for day - first without overflow. */
	if (d > CAL_DAY_LIMIT)
		return CAL_DAY_LIMIT;
	if (d < -CAL_DAY_LIMIT)
		return -CAL_DAY_LIMIT;
	return (int32_t)d;
}

int cal_time_minute(int64_t t)
{
	int m = (int)(t % CAL_DAY_MINUTES);
	return m < 0 ? m + CAL_DAY_MINUTES : m;
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + s[i] - '0';
	}
	return v;
}

int cal_parse_date(const char *s, const char *field, int32_t *day, struct xerr *e)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return xerr_set(e, XERR_INVALID, field, "\"%.40s\" is not a date (YYYY-MM-DD)",
		                s ? s : "");
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return xerr_set(e, XERR_INVALID, field, "\"%.40s\" is not a date (YYYY-MM-DD)", s);
	return lunar_check_civil(y, m, d, field, day, e);
}

int cal_parse_time(const char *s, const char *field, int64_t *t, struct xerr *e)
{
	char date[11];
	if (!s || strlen(s) != 16 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
		return xerr_set(e, XERR_INVALID, field,
		                "\"%.40s\" is not a date and time (YYYY-MM-DDTHH:MM)", s ? s : "");
	memcpy(date, s, 10);
	date[10] = '\0';
	int32_t day;
	int rc = cal_parse_date(date, field, &day, e);
	if (rc)
		return rc;
	int hh = digits(s + 11, 2), mm = digits(s + 14, 2);
	if (hh < 0 || mm < 0 || hh > 23 || mm > 59)
		return xerr_set(e, XERR_INVALID, field, "\"%.40s\" has no such time of day", s);
	*t = cal_time(day, hh * 60 + mm);
	return 0;
}

/* Writes v (>= 0) as exactly `width` decimal digits. */
static void put_digits(char *p, int v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void cal_format_date(int32_t day, char dst[11])
{
	int y, m, d;
	lunar_civil(day, &y, &m, &d);
	put_digits(dst, y < 0 ? 0 : y % 10000, 4);
	dst[4] = '-';
	put_digits(dst + 5, m, 2);
	dst[7] = '-';
	put_digits(dst + 8, d, 2);
	dst[10] = '\0';
}

void cal_format_time(int64_t t, char dst[17])
{
	int m = cal_time_minute(t);
	cal_format_date(cal_time_day(t), dst);
	dst[10] = 'T';
	put_digits(dst + 11, m / 60, 2);
	dst[13] = ':';
	put_digits(dst + 14, m % 60, 2);
	dst[16] = '\0';
}

/* ---- override files ---- */

int cal_overrides_parse(const char *file, const char *data, size_t len, int32_t effective_from,
                        struct cal_override **out, size_t *n, struct xerr *e)
{
	static const char *const req[] = {"date", "kind", "name", NULL};
	struct csv c;
	struct cal_override *arr = NULL;
	size_t cnt = 0, cap = 0;
	*out = NULL;
	*n = 0;
	int rc = csv_open(&c, file, data, len, req, e);
	if (rc)
		goto fail;
	int cdate = csv_col(&c, "date"), ckind = csv_col(&c, "kind"), cname = csv_col(&c, "name");
	int ceff = csv_col(&c, "effective_from");
	while ((rc = csv_next(&c, e)) == 1) {
		if (cnt == cap) {
			size_t ncap = cap ? 2 * cap : 32;
			struct cal_override *p = realloc(arr, ncap * sizeof *p);
			if (!p) {
				rc = xerr_set(e, XERR_NOMEM, NULL, "out of memory");
				goto fail;
			}
			arr = p;
			cap = ncap;
		}
		struct cal_override *o = &arr[cnt];
		struct xerr fe;
		memset(o, 0, sizeof *o);
		if (cal_parse_date(csv_field(&c, cdate), "date", &o->day, &fe)) {
			rc = csv_error(&c, cdate, e, "%s", fe.msg);
			goto fail;
		}
		const char *kind = csv_field(&c, ckind);
		if (strcmp(kind, "off") && strcmp(kind, "work")) {
			rc = csv_error(&c, ckind, e,
			               "kind must be \"off\" or \"work\", not \"%.40s\"", kind);
			goto fail;
		}
		o->work = kind[0] == 'w';
		const char *name = csv_field(&c, cname);
		size_t nl = strlen(name);
		if (nl == 0 || nl >= CAL_NAME_MAX) {
			rc =
			    csv_error(&c, cname, e, "name must be 1 to %d bytes", CAL_NAME_MAX - 1);
			goto fail;
		}
		memcpy(o->name, name, nl + 1);
		o->effective_from = effective_from;
		if (ceff >= 0 && csv_field(&c, ceff)[0] &&
		    cal_parse_date(csv_field(&c, ceff), "effective_from", &o->effective_from,
		                   &fe)) {
			rc = csv_error(&c, ceff, e, "%s", fe.msg);
			goto fail;
		}
		for (size_t i = 0; i < cnt; i++)
			if (arr[i].day == o->day && arr[i].effective_from == o->effective_from) {
				rc = csv_error(&c, cdate, e, "%s appears twice",
				               csv_field(&c, cdate));
				goto fail;
			}
		cnt++;
	}
	if (rc < 0)
		goto fail;
	csv_close(&c);
	*out = arr;
	*n = cnt;
	return 0;
fail:
	csv_close(&c);
	free(arr);
	return rc;
}

int cal_overrides_embedded(int32_t effective_from, struct cal_override **out, size_t *n,
                           struct xerr *e)
{
	static const char prefix[] = "data/calendar/";
	struct cal_override *all = NULL;
	size_t cnt = 0;
	*out = NULL;
	*n = 0;
	for (const struct embedded_file *f = embedded_files(); f->path; f++) {
		size_t pl = strlen(f->path);
		if (strncmp(f->path, prefix, sizeof prefix - 1) || pl < 4 ||
		    strcmp(f->path + pl - 4, ".csv"))
			continue;
		struct cal_override *part;
		size_t np;
		int rc = cal_overrides_parse(f->path, f->data, embedded_len(f), effective_from,
		                             &part, &np, e);
		if (rc) {
			free(all);
			return rc;
		}
		struct cal_override *p = realloc(all, (cnt + np + 1) * sizeof *p);
		if (!p) {
			free(part);
			free(all);
			return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		}
		all = p;
		if (np)
			memcpy(all + cnt, part, np * sizeof *part);
		cnt += np;
		free(part);
	}
	*out = all;
	*n = cnt;
	return 0;
}
