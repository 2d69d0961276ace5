/*
 * calendar.c: the working-day calendar's data (yearly overrides, office
 * hours per unit) and the calendar built from it, shared by every thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/embedded.h"
#include "core/lunar.h"
#include "store/store_calendar.h"
#include "store/store_int.h"

struct import_ctx {
	const struct actor *who;
	const struct cal_override *ov;
	size_t n;
	const char *source;
};

static int import_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO calendar_override"
	    "(date, kind, name, effective_from, source) VALUES (?1, ?2, ?3, ?4, ?5)";
	struct import_ctx *x = ctx;
	const char *source = x->source ? x->source : "";
	for (size_t i = 0; i < x->n; i++) {
		char date[11], eff[11];
		cal_format_date(x->ov[i].day, date);
		cal_format_date(x->ov[i].effective_from, eff);
		int rc = db_run(c, sql,
		                DB_ARGS(DB_TEXT(date), DB_TEXT(x->ov[i].work ? "work" : "off"),
		                        DB_TEXT(x->ov[i].name), DB_TEXT(eff), DB_TEXT(source)),
		                e);
		if (rc)
			return rc;
	}
	char detail[160];
	snprintf(detail, sizeof detail, "%zu days from %.100s", x->n, source);
	return st_audit_append(c, x->who, "calendar.import", "calendar", detail, e);
}

int store_calendar_import(struct store *s, const struct cal_override *ov, size_t n,
                          const char *source, struct xerr *e)
{
	struct actor who;
	actor_system(&who, "cli");
	return store_calendar_import_as(s, &who, ov, n, source, e);
}

int store_calendar_import_as(struct store *s, const struct actor *who,
                             const struct cal_override *ov, size_t n, const char *source,
                             struct xerr *e)
{
	struct import_ctx x = {who, ov, n, source};
	return st_write(s, import_tx, &x, e);
}

struct override_each {
	cal_override_cb cb;
	void *ctx;
	struct xerr *e;
};

static int override_row(struct db_stmt *st, void *ctx)
{
	struct override_each *x = ctx;
	struct cal_override o;
	memset(&o, 0, sizeof o);
	struct xerr pe;
	db_text_copy(st, 2, o.name, sizeof o.name);
	if (cal_parse_date(db_text(st, 0), "date", &o.day, &pe) ||
	    cal_parse_date(db_text(st, 3), "effective_from", &o.effective_from, &pe))
		return xerr_set(x->e, XERR_IO, "calendar_override", "stored override: %s", pe.msg);
	o.work = !strcmp(db_text(st, 1), "work");
	return x->cb(&o, x->ctx);
}

int store_calendar_overrides(struct store *s, cal_override_cb cb, void *ctx, struct xerr *e)
{
	static const char sql[] = "SELECT date, kind, name, effective_from FROM calendar_override "
	                          "ORDER BY effective_from, id";
	struct override_each x = {cb, ctx, e};
	return st_each(s, sql, DB_NOARGS, override_row, &x, e);
}

/* Counts rows, all of them or those of one source. */
static int count_rows(struct store *s, const char *source, long *n, struct xerr *e)
{
	static const char sql_all[] = "SELECT count(*) FROM calendar_override";
	static const char sql_src[] = "SELECT count(*) FROM calendar_override WHERE source = ?1";
	return source ? st_count(s, sql_src, DB_ARGS(DB_TEXT(source)), n, e)
	              : st_count(s, sql_all, DB_NOARGS, n, e);
}

int store_calendar_count(struct store *s, long *n, struct xerr *e)
{
	return count_rows(s, NULL, n, e);
}

static int read_spans(struct db_stmt *st, void *ctx)
{
	db_text_copy(st, 0, ctx, 128);
	return 0;
}

int st_office_hours_on(struct db_conn *c, const char *unit, struct cal_hours *out, struct xerr *e)
{
	static const char sql[] = "SELECT spans FROM office_hours WHERE unit = ?1";
	char spans[128] = "";
	int rc = db_query_first(c, sql, DB_ARGS(DB_TEXT(unit)), read_spans, spans, e);
	if (rc < 0)
		return rc;
	if (rc == 1)
		return cal_hours_parse(spans, out, e);
	cal_hours_default(out);
	return 0;
}

int store_office_hours_get(struct store *s, const char *unit, struct cal_hours *out, struct xerr *e)
{
	static const char sql[] = "SELECT coalesce(h.spans, '') FROM unit u "
	                          "LEFT JOIN office_hours h ON h.unit = u.code WHERE u.code = ?1";
	char spans[128] = "";
	int rc = st_first(s, sql, DB_ARGS(DB_TEXT(unit)), read_spans, spans, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "unit", "no administrative unit with code %s",
		                unit);
	if (!spans[0]) {
		cal_hours_default(out);
		return 0;
	}
	return cal_hours_parse(spans, out, e);
}

struct hours_ctx {
	const char *unit, *spans, *effective_from;
};

static int hours_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql_unit[] = "SELECT 1 FROM unit WHERE code = ?1";
	static const char sql[] =
	    "INSERT INTO office_hours(unit, spans, effective_from) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT(unit) DO UPDATE SET spans = excluded.spans, "
	    "effective_from = excluded.effective_from, updated_at = ?4";
	struct hours_ctx *x = ctx;
	int rc = db_query_first(c, sql_unit, DB_ARGS(DB_TEXT(x->unit)), NULL, NULL, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "unit", "no administrative unit with code %s",
		                x->unit);
	char now[24];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	rc = db_run(
	    c, sql,
	    DB_ARGS(DB_TEXT(x->unit), DB_TEXT(x->spans), DB_TEXT(x->effective_from), DB_TEXT(now)),
	    e);
	if (rc)
		return rc;
	struct actor who;
	actor_system(&who, "cli");
	char detail[160];
	snprintf(detail, sizeof detail, "%s from %s", x->spans, x->effective_from);
	return st_audit_append(c, &who, "office_hours.set", x->unit, detail, e);
}

int store_office_hours_set(struct store *s, const char *unit, const struct cal_hours *h,
                           const char *effective_from, struct xerr *e)
{
	char spans[128];
	int32_t day;
	int rc = cal_parse_date(effective_from, "effective_from", &day, e);
	if (rc)
		return rc;
	cal_hours_format(h, spans, sizeof spans);
	struct cal_hours check;
	if ((rc = cal_hours_parse(spans, &check, e)))
		return rc;
	struct hours_ctx x = {unit, spans, effective_from};
	return st_write(s, hours_tx, &x, e);
}

int cal_seed_store(struct store *s, struct xerr *e)
{
	static const char prefix[] = "data/calendar/";
	/* Seeds are the baseline: known before any deadline xaso computes. */
	int32_t baseline = lunar_jdn(1900, 1, 1);
	for (const struct embedded_file *f = embedded_files(); f->path; f++) {
		size_t pl = strlen(f->path);
		if (strncmp(f->path, prefix, sizeof prefix - 1) || pl < 4 ||
		    strcmp(f->path + pl - 4, ".csv"))
			continue;
		/* One file at a time, by source, so a newer binary adds the years
		 * it brings without duplicating those already stored. */
		long have = 0;
		int rc = count_rows(s, f->path, &have, e);
		if (rc)
			return rc;
		if (have)
			continue;
		struct cal_override *ov;
		size_t n;
		rc = cal_overrides_parse(f->path, f->data, embedded_len(f), baseline, &ov, &n, e);
		if (rc == 0)
			rc = store_calendar_import(s, ov, n, f->path, e);
		free(ov);
		if (rc)
			return rc;
	}
	return 0;
}

struct cal_retired {
	struct cal *cal;
	struct cal_retired *next;
};

struct override_list {
	struct cal_override *v;
	size_t n, cap;
};

static int collect_override(const struct cal_override *o, void *ctx)
{
	struct override_list *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		struct cal_override *p = realloc(l->v, l->cap * sizeof *p);
		if (!p)
			return XERR_NOMEM;
		l->v = p;
	}
	l->v[l->n++] = *o;
	return 0;
}

static int64_t mono_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

int store_calendar(struct store *s, const struct cal **out, struct xerr *e)
{
	int rc = 0;
	pthread_mutex_lock(&s->cal_lock);
	int64_t now = mono_seconds();
	if (!s->cal || now != s->cal_checked) {
		long rows = 0;
		rc = store_calendar_count(s, &rows, e);
		if (rc == 0 && (!s->cal || rows != s->cal_rows)) {
			struct override_list l = {NULL, 0, 0};
			rc = store_calendar_overrides(s, collect_override, &l, e);
			struct cal *c = NULL;
			if (rc == 0) {
				struct cal_params p = {0};
				p.ov = l.v;
				p.nov = l.n;
				rc = cal_new(&p, &c, e);
			}
			free(l.v);
			if (rc == 0) {
				if (s->cal) {
					struct cal_retired *r = malloc(sizeof *r);
					if (!r) {
						cal_free(c);
						rc = xerr_set(e, XERR_NOMEM, NULL, "out of memory");
						goto done;
					}
					r->cal = s->cal;
					r->next = s->cal_retired;
					s->cal_retired = r;
				}
				s->cal = c;
				s->cal_rows = rows;
			}
		}
		if (rc == 0)
			s->cal_checked = now;
	}
done:
	*out = s->cal;
	pthread_mutex_unlock(&s->cal_lock);
	return s->cal ? 0 : (rc ? rc : XERR_IO);
}

void st_calendar_free(struct store *s)
{
	cal_free(s->cal);
	s->cal = NULL;
	while (s->cal_retired) {
		struct cal_retired *r = s->cal_retired;
		s->cal_retired = r->next;
		cal_free(r->cal);
		free(r);
	}
}
