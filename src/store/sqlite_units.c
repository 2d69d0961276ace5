/* sqlite_units.c: administrative units in the SQLite back end. */
#include <stdint.h>
#include <time.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "store/sqlite_int.h"

#define UNIT_COLS                                                                                  \
	"u.code, u.name, u.short_name, u.type, coalesce(u.parent, ''), u.level, "                  \
	"(SELECT count(*) FROM unit c WHERE c.parent = u.code AND c.valid_to IS NULL), "           \
	"u.valid_from"

static void unit_row(sqlite3_stmt *st, struct unit *u)
{
	col_text(st, 0, u->code, sizeof u->code);
	col_text(st, 1, u->name, sizeof u->name);
	col_text(st, 2, u->short_name, sizeof u->short_name);
	col_text(st, 3, u->type, sizeof u->type);
	col_text(st, 4, u->parent, sizeof u->parent);
	u->level = sqlite3_column_int(st, 5);
	u->child_count = sqlite3_column_int(st, 6);
	col_text(st, 7, u->valid_from, sizeof u->valid_from);
}

/* Steps st and hands each row to cb; shared by the listing functions. */
static int unit_each(struct conn *c, sqlite3_stmt *st, unit_cb cb, void *ctx, struct xerr *e)
{
	int rc;
	struct unit u;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		unit_row(st, &u);
		int stop = cb(&u, ctx);
		if (stop) {
			sqlite3_reset(st);
			return stop;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sql_err(c, rc, e);
}

/* ---- the unit cache ---- */

struct unit_cache {
	int64_t rev;        /* unit_rev.rev when built */
	int64_t checked_at; /* monotonic seconds of the last check */
	struct unit *units;
	size_t n;
	uint32_t *slot; /* index + 1 into units; 0 empty; size mask + 1 */
	size_t mask;
};

static size_t code_hash(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static void cache_free(struct unit_cache *uc)
{
	if (uc) {
		free(uc->units);
		free(uc->slot);
		free(uc);
	}
}

void unit_cache_drop(struct store *s)
{
	pthread_rwlock_wrlock(&s->units_lock);
	cache_free(s->units);
	s->units = NULL;
	pthread_rwlock_unlock(&s->units_lock);
}

static int64_t now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

static int64_t units_rev(struct conn *c)
{
	static const char sql[] = "SELECT rev FROM unit_rev";
	sqlite3_stmt *st = conn_stmt(c, sql, NULL);
	int64_t rev = -1;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		rev = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return rev;
}

static struct unit_cache *cache_build(struct conn *c, struct xerr *e)
{
	static const char sql[] = "SELECT " UNIT_COLS " FROM unit u";
	struct unit_cache *uc = calloc(1, sizeof *uc);
	if (!uc)
		return NULL;
	size_t cap = 4096;
	uc->rev = units_rev(c);
	uc->checked_at = now_seconds();
	uc->units = malloc(cap * sizeof *uc->units);
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	int rc = st ? SQLITE_OK : SQLITE_ERROR;
	while (st && uc->units && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (uc->n == cap) {
			cap *= 2;
			struct unit *p = realloc(uc->units, cap * sizeof *p);
			if (!p)
				break;
			uc->units = p;
		}
		unit_row(st, &uc->units[uc->n++]);
	}
	if (st)
		sqlite3_reset(st);
	size_t size = 16;
	while (size < uc->n * 2)
		size *= 2;
	uc->mask = size - 1;
	uc->slot = calloc(size, sizeof *uc->slot);
	if (rc != SQLITE_DONE || !uc->units || !uc->slot) {
		if (rc != SQLITE_DONE && st)
			sql_err(c, rc, e);
		cache_free(uc);
		return NULL;
	}
	for (size_t i = 0; i < uc->n; i++) {
		size_t h = code_hash(uc->units[i].code) & uc->mask;
		while (uc->slot[h])
			h = (h + 1) & uc->mask;
		uc->slot[h] = (uint32_t)(i + 1);
	}
	return uc;
}

static const struct unit *cache_find(const struct unit_cache *uc, const char *code)
{
	for (size_t h = code_hash(code) & uc->mask; uc->slot[h]; h = (h + 1) & uc->mask)
		if (!strcmp(uc->units[uc->slot[h] - 1].code, code))
			return &uc->units[uc->slot[h] - 1];
	return NULL;
}

/* At most once a second, drops the cache if another process changed the
 * units (xaso import while the server runs). */
static void cache_revalidate(struct store *s)
{
	pthread_rwlock_rdlock(&s->units_lock);
	bool stale_check = s->units && now_seconds() != s->units->checked_at;
	pthread_rwlock_unlock(&s->units_lock);
	if (!stale_check)
		return;
	struct conn *c = conn_get(s);
	int64_t rev = units_rev(c);
	conn_put(s, c);
	pthread_rwlock_wrlock(&s->units_lock);
	if (s->units && s->units->rev != rev) {
		cache_free(s->units);
		s->units = NULL;
	} else if (s->units) {
		s->units->checked_at = now_seconds();
	}
	pthread_rwlock_unlock(&s->units_lock);
}

int store_unit_get(struct store *s, const char *code, struct unit *out, struct xerr *e)
{
	cache_revalidate(s);
	pthread_rwlock_rdlock(&s->units_lock);
	if (!s->units) {
		/* Upgrade to the write lock to build; another thread may win. */
		pthread_rwlock_unlock(&s->units_lock);
		pthread_rwlock_wrlock(&s->units_lock);
		if (!s->units) {
			struct conn *c = conn_get(s);
			s->units = cache_build(c, e);
			conn_put(s, c);
		}
		if (!s->units) {
			pthread_rwlock_unlock(&s->units_lock);
			return XERR_IO;
		}
	}
	const struct unit *u = cache_find(s->units, code);
	if (u)
		*out = *u;
	pthread_rwlock_unlock(&s->units_lock);
	if (!u)
		return xerr_set(e, XERR_NOTFOUND, "code", "no administrative unit with code %.20s",
		                code);
	return 0;
}

int store_unit_children(struct store *s, const char *parent, unit_cb cb, void *ctx, struct xerr *e)
{
	static const char sql_top[] =
	    "SELECT " UNIT_COLS " FROM unit u "
	    "WHERE u.parent IS NULL AND u.valid_to IS NULL ORDER BY u.code";
	static const char sql_kids[] = "SELECT " UNIT_COLS " FROM unit u "
	                               "WHERE u.parent = ?1 AND u.valid_to IS NULL ORDER BY u.code";
	bool top = !parent || !*parent;
	struct conn *c = conn_get(s);
	int rc = XERR_IO;
	sqlite3_stmt *st = conn_stmt(c, top ? sql_top : sql_kids, e);
	if (st) {
		if (!top)
			bind_text(st, 1, parent, false);
		rc = unit_each(c, st, cb, ctx, e);
	}
	conn_put(s, c);
	return rc;
}

int store_unit_search(struct store *s, const char *query, int limit, unit_cb cb, void *ctx,
                      struct xerr *e)
{
	static const char sql[] = "SELECT " UNIT_COLS " FROM unit u "
	                          "WHERE u.valid_to IS NULL AND instr(u.name_folded, ?1) > 0 "
	                          "ORDER BY u.level, instr(u.name_folded, ?1) > 1, u.code LIMIT ?2";
	char *folded = text_fold_dup(query);
	if (!folded)
		return xerr_set(e, XERR_INVALID, "q", "the search text is not valid UTF-8");
	struct conn *c = conn_get(s);
	int rc = XERR_IO;
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (st) {
		bind_text(st, 1, folded, false);
		sqlite3_bind_int(st, 2, limit);
		rc = unit_each(c, st, cb, ctx, e);
	}
	conn_put(s, c);
	free(folded);
	return rc;
}

int store_unit_insert(struct store *s, const struct unit *units, size_t n, size_t *bad_index,
                      struct xerr *e)
{
	struct actor who;
	actor_system(&who, "cli");
	return store_unit_insert_as(s, &who, units, n, bad_index, e);
}

int store_unit_insert_as(struct store *s, const struct actor *who, const struct unit *units,
                         size_t n, size_t *bad_index, struct xerr *e)
{
	static const char sql_parent[] = "SELECT level FROM unit WHERE code = ?1";
	static const char sql_ins[] =
	    "INSERT INTO unit"
	    "(code, name, short_name, name_folded, type, level, parent, valid_from) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, '2025-07-01'))";
	struct conn *c = conn_get(s);
	int rc = tx_begin(s, c, e);
	size_t i = 0;
	struct buf folded;
	buf_init(&folded);
	if (rc)
		goto out;
	for (; i < n; i++) {
		const struct unit *u = &units[i];
		if (u->level != UNIT_PROVINCE) {
			sqlite3_stmt *p = conn_stmt(c, sql_parent, e);
			if (!p) {
				rc = XERR_IO;
				break;
			}
			bind_text(p, 1, u->parent, false);
			int prc = sqlite3_step(p);
			int plevel = prc == SQLITE_ROW ? sqlite3_column_int(p, 0) : 0;
			sqlite3_reset(p);
			if (plevel == 0) {
				rc = xerr_set(e, XERR_INVALID, "parent", "unknown parent unit %s",
				              u->parent);
				break;
			}
			if (plevel != u->level - 1) {
				rc = xerr_set(e, XERR_INVALID, "parent",
				              "unit %s cannot be the parent of a level-%d unit",
				              u->parent, u->level);
				break;
			}
		}
		buf_reset(&folded);
		if (text_fold(u->name, &folded) != 0) {
			rc = xerr_set(e, XERR_INVALID, "name", "name is not valid UTF-8");
			break;
		}
		sqlite3_stmt *st = conn_stmt(c, sql_ins, e);
		if (!st) {
			rc = XERR_IO;
			break;
		}
		bind_text(st, 1, u->code, false);
		bind_text(st, 2, u->name, false);
		bind_text(st, 3, u->short_name[0] ? u->short_name : u->name, false);
		bind_text(st, 4, folded.data, false);
		bind_text(st, 5, u->type, false);
		sqlite3_bind_int(st, 6, u->level);
		bind_text(st, 7, u->parent, true);
		bind_text(st, 8, u->valid_from, true);
		int src = sqlite3_step(st);
		sqlite3_reset(st);
		if (src != SQLITE_DONE) {
			if ((src & 0xff) == SQLITE_CONSTRAINT)
				rc = xerr_set(e, XERR_CONFLICT, "code", "duplicate unit code %s",
				              u->code);
			else
				rc = sql_err(c, src, e);
			break;
		}
	}
	if (bad_index)
		*bad_index = i;
	if (rc == 0 && n > 0) {
		char detail[64];
		snprintf(detail, sizeof detail, "%zu units", n);
		rc = audit_append(c, who, "unit.insert", units[0].code, detail, e);
	}
	int trc = tx_end(s, c, rc == 0, rc == 0 ? e : NULL);
	if (rc == 0)
		rc = trc;
	if (rc == 0)
		unit_cache_drop(s);
out:
	buf_free(&folded);
	conn_put(s, c);
	return rc;
}

int store_unit_count(struct store *s, int level, const char *parent, long *out, struct xerr *e)
{
	static const char sql[] = "SELECT count(*) FROM unit WHERE level = ?1 "
	                          "AND valid_to IS NULL AND (?2 IS NULL OR parent = ?2)";
	struct conn *c = conn_get(s);
	int rc = XERR_IO;
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (st) {
		sqlite3_bind_int(st, 1, level);
		bind_text(st, 2, parent, true);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int64(st, 0);
			rc = 0;
		} else {
			rc = sql_err(c, rc, e);
		}
		sqlite3_reset(st);
	}
	conn_put(s, c);
	return rc;
}
