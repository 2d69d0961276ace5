/* sqlite_calendar.c: calendar overrides and office hours in the SQLite back end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/embedded.h"
#include "core/lunar.h"
#include "store/store_calendar.h"
#include "store/sqlite_int.h"

/* Inserts the rows on a connection inside the caller's transaction. */
static int insert_overrides(struct conn *c, const struct cal_override *ov, size_t n,
                            const char *source, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO calendar_override"
	    "(date, kind, name, effective_from, source) VALUES (?1, ?2, ?3, ?4, ?5)";
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = conn_stmt(c, sql, e);
		if (!st)
			return XERR_IO;
		char date[11], eff[11];
		cal_format_date(ov[i].day, date);
		cal_format_date(ov[i].effective_from, eff);
		bind_text(st, 1, date, false);
		bind_text(st, 2, ov[i].work ? "work" : "off", false);
		bind_text(st, 3, ov[i].name, false);
		bind_text(st, 4, eff, false);
		bind_text(st, 5, source ? source : "", false);
		int rc = stmt_done(c, st, e);
		if (rc != 0)
			return rc;
	}
	return 0;
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
	struct conn *c = conn_get(s);
	int rc = tx_begin(s, c, e);
	if (rc == 0) {
		rc = insert_overrides(c, ov, n, source, e);
		if (rc == 0) {
			char detail[160];
			snprintf(detail, sizeof detail, "%zu days from %.100s", n,
			         source ? source : "");
			rc = audit_append(c, who, "calendar.import", "calendar", detail, e);
		}
		int rc2 = tx_end(s, c, rc == 0, rc == 0 ? e : NULL);
		if (rc == 0)
			rc = rc2;
	}
	conn_put(s, c);
	return rc;
}

int store_calendar_overrides(struct store *s, cal_override_cb cb, void *ctx, struct xerr *e)
{
	static const char sql[] = "SELECT date, kind, name, effective_from FROM calendar_override "
	                          "ORDER BY effective_from, id";
	struct conn *c = conn_get(s);
	int rc = XERR_IO;
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cal_override o;
		char date[16], kind[8], eff[16];
		memset(&o, 0, sizeof o);
		col_text(st, 0, date, sizeof date);
		col_text(st, 1, kind, sizeof kind);
		col_text(st, 2, o.name, sizeof o.name);
		col_text(st, 3, eff, sizeof eff);
		struct xerr pe;
		if (cal_parse_date(date, "date", &o.day, &pe) ||
		    cal_parse_date(eff, "effective_from", &o.effective_from, &pe)) {
			sqlite3_reset(st);
			rc = xerr_set(e, XERR_IO, "calendar_override", "stored override: %s",
			              pe.msg);
			goto out;
		}
		o.work = !strcmp(kind, "work");
		int stop = cb(&o, ctx);
		if (stop) {
			sqlite3_reset(st);
			rc = stop;
			goto out;
		}
	}
	sqlite3_reset(st);
	rc = rc == SQLITE_DONE ? 0 : sql_err(c, rc, e);
out:
	conn_put(s, c);
	return rc;
}

/* Counts rows, all of them or those of one source. */
static int count_rows(struct store *s, const char *source, long *n, struct xerr *e)
{
	static const char sql_all[] = "SELECT count(*) FROM calendar_override";
	static const char sql_src[] = "SELECT count(*) FROM calendar_override WHERE source = ?1";
	struct conn *c = conn_get(s);
	int rc = XERR_IO;
	sqlite3_stmt *st = conn_stmt(c, source ? sql_src : sql_all, e);
	if (st) {
		if (source)
			bind_text(st, 1, source, false);
		rc = sqlite3_step(st);
		*n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
		rc = rc == SQLITE_ROW ? 0 : sql_err(c, rc, e);
		sqlite3_reset(st);
	}
	conn_put(s, c);
	return rc;
}

int store_calendar_count(struct store *s, long *n, struct xerr *e)
{
	return count_rows(s, NULL, n, e);
}

int store_office_hours_get(struct store *s, const char *unit, struct cal_hours *out, struct xerr *e)
{
	static const char sql[] = "SELECT u.code, coalesce(h.spans, '') FROM unit u "
	                          "LEFT JOIN office_hours h ON h.unit = u.code WHERE u.code = ?1";
	struct conn *c = conn_get(s);
	int rc = XERR_IO;
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		goto out;
	bind_text(st, 1, unit, false);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		char spans[128];
		col_text(st, 1, spans, sizeof spans);
		if (!spans[0])
			cal_hours_default(out);
		rc = spans[0] ? cal_hours_parse(spans, out, e) : 0;
	} else if (rc == SQLITE_DONE) {
		rc =
		    xerr_set(e, XERR_NOTFOUND, "unit", "no administrative unit with code %s", unit);
	} else {
		rc = sql_err(c, rc, e);
	}
	sqlite3_reset(st);
out:
	conn_put(s, c);
	return rc;
}

int store_office_hours_set(struct store *s, const char *unit, const struct cal_hours *h,
                           const char *effective_from, struct xerr *e)
{
	static const char sql_unit[] = "SELECT 1 FROM unit WHERE code = ?1";
	static const char sql[] =
	    "INSERT INTO office_hours(unit, spans, effective_from) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT(unit) DO UPDATE SET spans = excluded.spans, "
	    "effective_from = excluded.effective_from, "
	    "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";
	char spans[128];
	int32_t day;
	int rc = cal_parse_date(effective_from, "effective_from", &day, e);
	if (rc)
		return rc;
	cal_hours_format(h, spans, sizeof spans);
	struct cal_hours check;
	if ((rc = cal_hours_parse(spans, &check, e)))
		return rc;
	struct conn *c = conn_get(s);
	if ((rc = tx_begin(s, c, e)))
		goto out;
	sqlite3_stmt *st = conn_stmt(c, sql_unit, e);
	if (!st) {
		rc = XERR_IO;
	} else {
		bind_text(st, 1, unit, false);
		int src = sqlite3_step(st);
		sqlite3_reset(st);
		if (src == SQLITE_DONE)
			rc = xerr_set(e, XERR_NOTFOUND, "unit",
			              "no administrative unit with code %s", unit);
		else if (src != SQLITE_ROW)
			rc = sql_err(c, src, e);
	}
	if (rc == 0) {
		st = conn_stmt(c, sql, e);
		if (!st) {
			rc = XERR_IO;
		} else {
			bind_text(st, 1, unit, false);
			bind_text(st, 2, spans, false);
			bind_text(st, 3, effective_from, false);
			rc = stmt_done(c, st, e);
		}
	}
	if (rc == 0) {
		struct actor who;
		actor_system(&who, "cli");
		char detail[160];
		snprintf(detail, sizeof detail, "%s from %s", spans, effective_from);
		rc = audit_append(c, &who, "office_hours.set", unit, detail, e);
	}
	int rc2 = tx_end(s, c, rc == 0, rc == 0 ? e : NULL);
	if (rc == 0)
		rc = rc2;
out:
	conn_put(s, c);
	return rc;
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

void calendar_cache_free(struct store *s)
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
