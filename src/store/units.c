/*
 * units.c: administrative units, served from an in-memory cache of every
 * unit (built on first use, dropped when units change: at once in this
 * process, within a second in another, through the unit_rev counter that
 * the schema's triggers raise).
 */
#include <stdint.h>
#include <time.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "store/store_int.h"

#define UNIT_COLS                                                                                  \
	"u.code, u.name, u.short_name, u.type, coalesce(u.parent, ''), u.level, "                  \
	"(SELECT count(*) FROM unit c WHERE c.parent = u.code AND c.valid_to IS NULL), "           \
	"u.valid_from, coalesce(u.valid_to, '')"

static void unit_row(struct db_stmt *st, struct unit *u)
{
	db_text_copy(st, 0, u->code, sizeof u->code);
	db_text_copy(st, 1, u->name, sizeof u->name);
	db_text_copy(st, 2, u->short_name, sizeof u->short_name);
	db_text_copy(st, 3, u->type, sizeof u->type);
	db_text_copy(st, 4, u->parent, sizeof u->parent);
	u->level = (int)db_int(st, 5);
	u->child_count = (int)db_int(st, 6);
	db_text_copy(st, 7, u->valid_from, sizeof u->valid_from);
	db_text_copy(st, 8, u->valid_to, sizeof u->valid_to);
}

/* Each row to the caller's callback; shared by the listing functions. */
struct unit_each {
	unit_cb cb;
	void *ctx;
};

static int each_row(struct db_stmt *st, void *ctx)
{
	struct unit_each *x = ctx;
	struct unit u;
	unit_row(st, &u);
	return x->cb(&u, x->ctx);
}

/* ---- the unit cache ---- */

struct unit_cache {
	int64_t rev;        /* unit_rev.rev when built */
	int64_t checked_at; /* monotonic seconds of the last check */
	struct unit *units;
	size_t n, cap;
	uint32_t *slot; /* index + 1 into units; 0 empty; size mask + 1 */
	size_t mask;
};

static void cache_free(struct unit_cache *uc)
{
	if (uc) {
		free(uc->units);
		free(uc->slot);
		free(uc);
	}
}

void st_units_drop(struct store *s)
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

static int64_t units_rev(struct db_conn *c)
{
	static const char sql[] = "SELECT rev FROM unit_rev";
	int64_t rev = -1;
	struct xerr ignored = {0};
	return db_query_int(c, sql, DB_NOARGS, &rev, &ignored) == 1 ? rev : -1;
}

/* Appends a row to the cache being built (growing it as needed). */
static int cache_row(struct db_stmt *st, void *ctx)
{
	struct unit_cache *uc = ctx;
	if (uc->n == uc->cap) {
		size_t cap = uc->cap ? uc->cap * 2 : 4096;
		struct unit *p = realloc(uc->units, cap * sizeof *p);
		if (!p)
			return XERR_NOMEM;
		uc->units = p;
		uc->cap = cap;
	}
	unit_row(st, &uc->units[uc->n++]);
	return 0;
}

static struct unit_cache *cache_build(struct db_conn *c, struct xerr *e)
{
	static const char sql[] = "SELECT " UNIT_COLS " FROM unit u";
	struct unit_cache *uc = calloc(1, sizeof *uc);
	if (!uc)
		return NULL;
	uc->rev = units_rev(c);
	uc->checked_at = now_seconds();
	int rc = db_query_each(c, sql, DB_NOARGS, cache_row, uc, e);
	if (rc == XERR_NOMEM)
		xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	size_t size = 16;
	while (size < uc->n * 2)
		size *= 2;
	uc->mask = size - 1;
	uc->slot = rc == 0 ? calloc(size, sizeof *uc->slot) : NULL;
	if (!uc->slot) {
		cache_free(uc);
		return NULL;
	}
	for (size_t i = 0; i < uc->n; i++) {
		size_t h = text_hash(uc->units[i].code) & uc->mask;
		while (uc->slot[h])
			h = (h + 1) & uc->mask;
		uc->slot[h] = (uint32_t)(i + 1);
	}
	return uc;
}

static const struct unit *cache_find(const struct unit_cache *uc, const char *code)
{
	for (size_t h = text_hash(code) & uc->mask; uc->slot[h]; h = (h + 1) & uc->mask)
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
	struct db_conn *c = st_get(s);
	int64_t rev = units_rev(c);
	st_put(s, c);
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
			struct db_conn *c = st_get(s);
			s->units = cache_build(c, e);
			st_put(s, c);
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

int store_unit_all(struct store *s, unit_cb cb, void *ctx, struct xerr *e)
{
	/* Builds the cache when needed, through the one path that does. */
	struct unit any;
	int rc = store_unit_get(s, "00", &any, NULL);
	(void)rc;
	pthread_rwlock_rdlock(&s->units_lock);
	if (!s->units) {
		pthread_rwlock_unlock(&s->units_lock);
		return xerr_set(e, XERR_IO, NULL, "the units could not be read");
	}
	int stop = 0;
	for (size_t i = 0; i < s->units->n && !stop; i++)
		stop = cb(&s->units->units[i], ctx);
	pthread_rwlock_unlock(&s->units_lock);
	return stop;
}

int store_unit_children(struct store *s, const char *parent, unit_cb cb, void *ctx, struct xerr *e)
{
	static const char sql_top[] =
	    "SELECT " UNIT_COLS " FROM unit u "
	    "WHERE u.parent IS NULL AND u.valid_to IS NULL ORDER BY u.code";
	static const char sql_kids[] = "SELECT " UNIT_COLS " FROM unit u "
	                               "WHERE u.parent = ?1 AND u.valid_to IS NULL ORDER BY u.code";
	struct unit_each x = {cb, ctx};
	if (!parent || !*parent)
		return st_each(s, sql_top, DB_NOARGS, each_row, &x, e);
	return st_each(s, sql_kids, DB_ARGS(DB_TEXT(parent)), each_row, &x, e);
}

int store_unit_search(struct store *s, const char *query, int limit, unit_cb cb, void *ctx,
                      struct xerr *e)
{
	/* Provinces first, then communes, then villages; within a level the
	 * names that start with the text first. */
	static const char sql[] = "SELECT " UNIT_COLS " FROM unit u "
	                          "WHERE u.valid_to IS NULL AND u.name_folded LIKE ?1 ESCAPE '\\' "
	                          "ORDER BY u.level, u.name_folded NOT LIKE ?2 ESCAPE '\\', u.code "
	                          "LIMIT ?3";
	char *folded = text_fold_dup(query);
	if (!folded)
		return xerr_set(e, XERR_INVALID, "q", "the search text is not valid UTF-8");
	struct buf within, start;
	buf_init(&within);
	buf_init(&start);
	st_like(&within, folded, true);
	st_like(&start, folded, false);
	struct unit_each x = {cb, ctx};
	int rc = st_each(s, sql, DB_ARGS(DB_TEXT(within.data), DB_TEXT(start.data), DB_INT(limit)),
	                 each_row, &x, e);
	buf_free(&within);
	buf_free(&start);
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

/* One unit on c: its parent exists one level up, its name folds. */
static int insert_one(struct db_conn *c, const struct unit *u, struct buf *folded, struct xerr *e)
{
	static const char sql_parent[] = "SELECT level FROM unit WHERE code = ?1";
	static const char sql_ins[] =
	    "INSERT INTO unit"
	    "(code, name, short_name, name_folded, type, level, parent, valid_from) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, '2025-07-01'))";
	if (u->level != UNIT_PROVINCE) {
		int64_t plevel = 0;
		int rc = db_query_int(c, sql_parent, DB_ARGS(DB_TEXT(u->parent)), &plevel, e);
		if (rc < 0)
			return rc;
		if (plevel == 0)
			return xerr_set(e, XERR_INVALID, "parent", "unknown parent unit %s",
			                u->parent);
		if (plevel != u->level - 1)
			return xerr_set(e, XERR_INVALID, "parent",
			                "unit %s cannot be the parent of a level-%d unit",
			                u->parent, u->level);
	}
	buf_reset(folded);
	if (text_fold(u->name, folded) != 0)
		return xerr_set(e, XERR_INVALID, "name", "name is not valid UTF-8");
	int rc = db_run(c, sql_ins,
	                DB_ARGS(DB_TEXT(u->code), DB_TEXT(u->name),
	                        DB_TEXT(u->short_name[0] ? u->short_name : u->name),
	                        DB_TEXT(folded->data), DB_TEXT(u->type), DB_INT(u->level),
	                        DB_TEXTN(u->parent), DB_TEXTN(u->valid_from)),
	                e);
	if (rc == XERR_CONFLICT)
		return xerr_set(e, XERR_CONFLICT, "code", "duplicate unit code %s", u->code);
	return rc;
}

struct insert_ctx {
	const struct actor *who;
	const struct unit *units;
	size_t n, *bad_index;
};

static int insert_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	struct insert_ctx *x = ctx;
	struct buf folded;
	buf_init(&folded);
	int rc = 0;
	size_t i = 0;
	for (; i < x->n && rc == 0; i++)
		rc = insert_one(c, &x->units[i], &folded, e);
	buf_free(&folded);
	if (x->bad_index)
		*x->bad_index = rc ? i - 1 : i;
	if (rc == 0 && x->n > 0) {
		char detail[64];
		snprintf(detail, sizeof detail, "%zu units", x->n);
		rc = st_audit_append(c, x->who, "unit.insert", x->units[0].code, detail, e);
	}
	return rc;
}

int store_unit_insert_as(struct store *s, const struct actor *who, const struct unit *units,
                         size_t n, size_t *bad_index, struct xerr *e)
{
	struct insert_ctx x = {who, units, n, bad_index};
	int rc = st_write(s, insert_tx, &x, e);
	if (rc == 0)
		st_units_drop(s);
	return rc;
}

int store_unit_count(struct store *s, int level, const char *parent, long *out, struct xerr *e)
{
	static const char sql[] = "SELECT count(*) FROM unit WHERE level = ?1 "
	                          "AND valid_to IS NULL AND (?2 IS NULL OR parent = ?2)";
	return st_count(s, sql, DB_ARGS(DB_INT(level), DB_TEXTN(parent)), out, e);
}
