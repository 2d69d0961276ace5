/*
 * indicators.c: indicator definitions, their targets and criteria sets as
 * rows (store_monitor.h), and the data step of schema version 13 that
 * seeds them from core's built-in set.
 *
 * A definition is read into a struct mon_indicator (fixed-size text);
 * mon_def() gives core's view of it. Writes replace the row and its
 * targets (or the set and its criteria) in one transaction with the audit
 * entry "indicator.create", "indicator.update", "criteria.create" or
 * "criteria.update".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/unit.h"
#include "store/store_audit.h"
#include "store/store_int.h"
#include "store/store_monitor.h"

const struct ind_def *mon_def(struct mon_indicator *m)
{
	m->def = (struct ind_def){m->id,
	                          m->name_vi,
	                          m->name_en,
	                          (enum ind_unit)m->unit,
	                          (enum ind_direction)m->direction,
	                          m->source,
	                          m->formula[0] ? m->formula : NULL,
	                          m->reported[0] ? m->reported : NULL,
	                          m->targets,
	                          m->ntargets,
	                          m->green,
	                          m->red};
	return &m->def;
}

void mon_from_def(struct mon_indicator *m, const struct ind_def *d)
{
	memset(m, 0, sizeof *m);
	snprintf(m->id, sizeof m->id, "%s", d->id);
	snprintf(m->name_vi, sizeof m->name_vi, "%s", d->name_vi ? d->name_vi : "");
	snprintf(m->name_en, sizeof m->name_en, "%s", d->name_en ? d->name_en : "");
	snprintf(m->source, sizeof m->source, "%s", d->source ? d->source : "");
	snprintf(m->formula, sizeof m->formula, "%s", d->formula ? d->formula : "");
	snprintf(m->reported, sizeof m->reported, "%s", d->reported ? d->reported : "");
	m->unit = d->unit;
	m->direction = d->direction;
	m->green = d->green;
	m->red = d->red;
	m->ntargets = d->ntargets < MON_TARGETS_MAX ? d->ntargets : MON_TARGETS_MAX;
	if (m->ntargets)
		memcpy(m->targets, d->targets, m->ntargets * sizeof *m->targets);
}

/* ---- reading ---- */

#define IND_COLS                                                                                   \
	"id, name_vi, name_en, unit, direction, source, coalesce(formula, ''), "                   \
	"coalesce(reported, ''), green, red, headline, position"

static double real_or_nan(struct db_stmt *st, int i)
{
	return db_null(st, i) ? NAN : db_double(st, i);
}

static void ind_read(struct db_stmt *st, struct mon_indicator *m)
{
	memset(m, 0, sizeof *m);
	db_text_copy(st, 0, m->id, sizeof m->id);
	db_text_copy(st, 1, m->name_vi, sizeof m->name_vi);
	db_text_copy(st, 2, m->name_en, sizeof m->name_en);
	m->unit = (int)db_int(st, 3);
	m->direction = (int)db_int(st, 4);
	db_text_copy(st, 5, m->source, sizeof m->source);
	db_text_copy(st, 6, m->formula, sizeof m->formula);
	db_text_copy(st, 7, m->reported, sizeof m->reported);
	m->green = real_or_nan(st, 8);
	m->red = real_or_nan(st, 9);
	m->headline = db_int(st, 10) != 0;
	m->position = (int)db_int(st, 11);
}

static int target_row(struct db_stmt *st, void *ctx)
{
	struct mon_indicator *m = ctx;
	if (m->ntargets < MON_TARGETS_MAX)
		m->targets[m->ntargets++] =
		    (struct ind_target){(int)db_int(st, 0), (int)db_int(st, 1), db_double(st, 2)};
	return 0;
}

static int targets_read(struct db_conn *c, struct mon_indicator *m, struct xerr *e)
{
	static const char sql[] = "SELECT year, level, value FROM indicator_target WHERE "
	                          "indicator = ?1 ORDER BY year, level";
	m->ntargets = 0;
	return db_query_each(c, sql, DB_ARGS(DB_TEXT(m->id)), target_row, m, e);
}

struct list_ctx {
	struct mon_indicator *all;
	size_t n, cap;
};

static int list_row(struct db_stmt *st, void *ctx)
{
	struct list_ctx *x = ctx;
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 32;
		struct mon_indicator *p = realloc(x->all, cap * sizeof *p);
		if (!p)
			return XERR_NOMEM;
		x->all = p;
		x->cap = cap;
	}
	ind_read(st, &x->all[x->n++]);
	return 0;
}

struct list_tx {
	struct list_ctx l;
};

static int list_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql[] = "SELECT " IND_COLS " FROM indicator ORDER BY position, id";
	struct list_ctx *x = ctx;
	int rc = db_query_each(c, sql, DB_NOARGS, list_row, x, e);
	for (size_t i = 0; rc == 0 && i < x->n; i++)
		rc = targets_read(c, &x->all[i], e);
	return rc;
}

int store_indicator_list(struct store *s, mon_indicator_cb fn, void *ctx, struct xerr *e)
{
	struct list_ctx x = {0};
	int rc = st_read(s, list_tx, &x, e);
	if (rc == XERR_NOMEM)
		xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	for (size_t i = 0; rc == 0 && i < x.n; i++) {
		mon_def(&x.all[i]);
		rc = fn(&x.all[i], ctx);
	}
	free(x.all);
	return rc;
}

struct get_ctx {
	const char *id;
	struct mon_indicator *out;
};

static int get_row(struct db_stmt *st, void *ctx)
{
	ind_read(st, ctx);
	return 0;
}

static int get_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql[] = "SELECT " IND_COLS " FROM indicator WHERE id = ?1";
	struct get_ctx *x = ctx;
	int rc = db_query_first(c, sql, DB_ARGS(DB_TEXT(x->id)), get_row, x->out, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "id", "no indicator %s", x->id);
	return rc < 0 ? rc : targets_read(c, x->out, e);
}

int store_indicator_get(struct store *s, const char *id, struct mon_indicator *out, struct xerr *e)
{
	struct get_ctx x = {id, out};
	int rc = st_read(s, get_tx, &x, e);
	if (rc == 0)
		mon_def(out);
	return rc;
}

/* ---- writing ---- */

static struct db_arg real_arg(double v)
{
	return isnan(v) ? DB_NULL : DB_REAL(v);
}

static int ind_put(struct db_conn *c, const struct mon_indicator *m, bool create, struct xerr *e)
{
	static const char ins[] = "INSERT INTO indicator(id, name_vi, name_en, unit, direction, "
	                          "source, formula, reported, "
	                          "green, red, headline, position, updated_at) VALUES "
	                          "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,"
	                          "?12,?13) ON CONFLICT (id) DO NOTHING RETURNING id";
	static const char upd[] =
	    "UPDATE indicator SET name_vi = ?2, name_en = ?3, unit = ?4, direction = ?5, source = "
	    "?6, "
	    "formula = ?7, reported = ?8, green = ?9, red = ?10, headline = ?11, position = ?12, "
	    "updated_at = ?13 WHERE id = ?1 RETURNING id";
	struct db_stmt *st = db_query(
	    c, create ? ins : upd,
	    DB_ARGS(DB_TEXT(m->id), DB_TEXT(m->name_vi), DB_TEXT(m->name_en), DB_INT(m->unit),
	            DB_INT(m->direction), DB_TEXT(m->source), DB_TEXTN(m->formula),
	            DB_TEXTN(m->reported), real_arg(m->green), real_arg(m->red),
	            DB_INT(m->headline), DB_INT(m->position), DB_INT(st_now_local())),
	    e);
	if (!st)
		return e ? e->code : XERR_IO;
	int rc = db_first(st, NULL, NULL, e);
	if (rc == 0)
		return create ? xerr_set(e, XERR_CONFLICT, "id", "indicator %s exists", m->id)
		              : xerr_set(e, XERR_NOTFOUND, "id", "no indicator %s", m->id);
	return rc < 0 ? rc : 0;
}

static int targets_put(struct db_conn *c, const struct mon_indicator *m, struct xerr *e)
{
	static const char del[] = "DELETE FROM indicator_target WHERE indicator = ?1";
	static const char ins[] =
	    "INSERT INTO indicator_target(indicator, year, level, value) VALUES (?1,?2,?3,?4)";
	int rc = db_run(c, del, DB_ARGS(DB_TEXT(m->id)), e);
	for (size_t i = 0; rc == 0 && i < m->ntargets; i++) {
		rc = db_run(c, ins,
		            DB_ARGS(DB_TEXT(m->id), DB_INT(m->targets[i].year),
		                    DB_INT(m->targets[i].level), DB_REAL(m->targets[i].value)),
		            e);
		if (rc == XERR_CONFLICT)
			xerr_set(e, XERR_INVALID, "targets", "two targets for year %d, level %d",
			         m->targets[i].year, m->targets[i].level);
	}
	return rc;
}

struct save_ctx {
	const struct actor *who;
	const struct mon_indicator *m;
	const struct mon_criteria_set *cs;
	bool create;
};

static int save_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	struct save_ctx *x = ctx;
	int rc = ind_put(c, x->m, x->create, e);
	if (rc == 0)
		rc = targets_put(c, x->m, e);
	if (rc == 0 && x->who)
		rc =
		    st_audit_append(c, x->who, x->create ? "indicator.create" : "indicator.update",
		                    x->m->id, x->m->formula[0] ? x->m->formula : x->m->reported, e);
	return rc;
}

int store_indicator_save(struct store *s, const struct actor *who, const struct mon_indicator *m,
                         bool create, struct xerr *e)
{
	struct save_ctx x = {who, m, NULL, create};
	return st_write(s, save_tx, &x, e);
}

/* ---- criteria sets ---- */

void store_criteria_clear(struct mon_criteria_set *c)
{
	free(c->items);
	c->items = NULL;
	c->n = 0;
}

void mon_criteria_view(const struct mon_criteria_set *c, struct ind_criterion *items,
                       struct ind_criteria_set *out)
{
	for (size_t i = 0; i < c->n; i++)
		items[i] =
		    (struct ind_criterion){c->items[i].id, c->items[i].name_vi, c->items[i].name_en,
		                           c->items[i].rule, c->items[i].critical};
	*out = (struct ind_criteria_set){c->id, c->phase, c->name_vi, c->name_en,
	                                 items, c->n,     c->colour};
}

#define SET_COLS                                                                                   \
	"id, phase, name_vi, name_en, level, red_failed_over, red_on_critical, no_data_fails, "    \
	"active"

static void set_read(struct db_stmt *st, struct mon_criteria_set *c)
{
	memset(c, 0, sizeof *c);
	db_text_copy(st, 0, c->id, sizeof c->id);
	db_text_copy(st, 1, c->phase, sizeof c->phase);
	db_text_copy(st, 2, c->name_vi, sizeof c->name_vi);
	db_text_copy(st, 3, c->name_en, sizeof c->name_en);
	c->level = (int)db_int(st, 4);
	c->colour =
	    (struct ind_colour_rule){(int)db_int(st, 5), db_int(st, 6) != 0, db_int(st, 7) != 0};
	c->active = db_int(st, 8) != 0;
}

static int item_row(struct db_stmt *st, void *ctx)
{
	struct mon_criteria_set *c = ctx;
	if (c->n >= MON_CRITERIA_MAX)
		return 0;
	if (!c->items && !(c->items = calloc(MON_CRITERIA_MAX, sizeof *c->items)))
		return XERR_NOMEM;
	struct mon_criterion *it = &c->items[c->n++];
	db_text_copy(st, 0, it->id, sizeof it->id);
	db_text_copy(st, 1, it->name_vi, sizeof it->name_vi);
	db_text_copy(st, 2, it->name_en, sizeof it->name_en);
	db_text_copy(st, 3, it->rule, sizeof it->rule);
	it->critical = db_int(st, 4) != 0;
	return 0;
}

static int items_read(struct db_conn *c, struct mon_criteria_set *cs, struct xerr *e)
{
	static const char sql[] = "SELECT id, name_vi, name_en, rule, critical FROM criterion "
	                          "WHERE criteria_set = ?1 ORDER BY position";
	int rc = db_query_each(c, sql, DB_ARGS(DB_TEXT(cs->id)), item_row, cs, e);
	return rc == XERR_NOMEM ? xerr_set(e, XERR_NOMEM, NULL, "out of memory") : rc;
}

struct sets_ctx {
	struct mon_criteria_set *all;
	size_t n, cap;
	const char *id;
	int level;
};

static int sets_row(struct db_stmt *st, void *ctx)
{
	struct sets_ctx *x = ctx;
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 8;
		struct mon_criteria_set *p = realloc(x->all, cap * sizeof *p);
		if (!p)
			return XERR_NOMEM;
		x->all = p;
		x->cap = cap;
	}
	set_read(st, &x->all[x->n++]);
	return 0;
}

static int sets_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char all[] = "SELECT " SET_COLS " FROM criteria_set ORDER BY id";
	static const char one[] = "SELECT " SET_COLS " FROM criteria_set WHERE id = ?1";
	static const char lvl[] =
	    "SELECT " SET_COLS
	    " FROM criteria_set WHERE level = ?1 AND active = 1 ORDER BY id LIMIT 1";
	struct sets_ctx *x = ctx;
	int rc = x->id      ? db_query_each(c, one, DB_ARGS(DB_TEXT(x->id)), sets_row, x, e)
	         : x->level ? db_query_each(c, lvl, DB_ARGS(DB_INT(x->level)), sets_row, x, e)
	                    : db_query_each(c, all, DB_NOARGS, sets_row, x, e);
	for (size_t i = 0; rc == 0 && i < x->n; i++)
		rc = items_read(c, &x->all[i], e);
	return rc;
}

static int sets_read(struct store *s, struct sets_ctx *x, struct xerr *e)
{
	int rc = st_read(s, sets_tx, x, e);
	if (rc == XERR_NOMEM)
		xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	if (rc) {
		for (size_t i = 0; i < x->n; i++)
			store_criteria_clear(&x->all[i]);
		free(x->all);
		x->all = NULL;
		x->n = 0;
	}
	return rc;
}

int store_criteria_list(struct store *s, mon_criteria_cb fn, void *ctx, struct xerr *e)
{
	struct sets_ctx x = {0};
	int rc = sets_read(s, &x, e);
	for (size_t i = 0; i < x.n; i++) {
		if (rc == 0)
			rc = fn(&x.all[i], ctx);
		store_criteria_clear(&x.all[i]);
	}
	free(x.all);
	return rc;
}

static int sets_one(struct store *s, struct sets_ctx *x, struct mon_criteria_set *out,
                    struct xerr *e)
{
	int rc = sets_read(s, x, e);
	if (rc)
		return rc;
	if (!x->n) {
		free(x->all);
		return 0;
	}
	*out = x->all[0];
	for (size_t i = 1; i < x->n; i++)
		store_criteria_clear(&x->all[i]);
	free(x->all);
	return 1;
}

int store_criteria_get(struct store *s, const char *id, struct mon_criteria_set *out,
                       struct xerr *e)
{
	struct sets_ctx x = {.id = id};
	int rc = sets_one(s, &x, out, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "id", "no criteria set %s", id);
	return rc < 0 ? rc : 0;
}

int store_criteria_for_level(struct store *s, int level, struct mon_criteria_set *out,
                             struct xerr *e)
{
	struct sets_ctx x = {.level = level};
	return sets_one(s, &x, out, e);
}

static int set_put(struct db_conn *c, const struct mon_criteria_set *cs, bool create,
                   struct xerr *e)
{
	static const char ins[] =
	    "INSERT INTO criteria_set(id, phase, name_vi, name_en, level, red_failed_over, "
	    "red_on_critical, no_data_fails, active) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9) "
	    "ON CONFLICT (id) DO NOTHING RETURNING id";
	static const char upd[] =
	    "UPDATE criteria_set SET phase = ?2, name_vi = ?3, name_en = ?4, level = ?5, "
	    "red_failed_over = ?6, red_on_critical = ?7, no_data_fails = ?8, active = ?9 "
	    "WHERE id = ?1 RETURNING id";
	struct db_stmt *st =
	    db_query(c, create ? ins : upd,
	             DB_ARGS(DB_TEXT(cs->id), DB_TEXT(cs->phase), DB_TEXT(cs->name_vi),
	                     DB_TEXT(cs->name_en), DB_INT(cs->level),
	                     DB_INT(cs->colour.red_failed_over), DB_INT(cs->colour.red_on_critical),
	                     DB_INT(cs->colour.no_data_fails), DB_INT(cs->active)),
	             e);
	if (!st)
		return e ? e->code : XERR_IO;
	int rc = db_first(st, NULL, NULL, e);
	if (rc == 0)
		return create ? xerr_set(e, XERR_CONFLICT, "id", "criteria set %s exists", cs->id)
		              : xerr_set(e, XERR_NOTFOUND, "id", "no criteria set %s", cs->id);
	return rc < 0 ? rc : 0;
}

static int criteria_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char del[] = "DELETE FROM criterion WHERE criteria_set = ?1";
	static const char ins[] = "INSERT INTO criterion(criteria_set, position, id, name_vi, "
	                          "name_en, rule, critical) VALUES (?1,?2,?3,?4,?5,?6,?7)";
	struct save_ctx *x = ctx;
	const struct mon_criteria_set *cs = x->cs;
	int rc = set_put(c, cs, x->create, e);
	if (rc == 0)
		rc = db_run(c, del, DB_ARGS(DB_TEXT(cs->id)), e);
	for (size_t i = 0; rc == 0 && i < cs->n; i++) {
		const struct mon_criterion *it = &cs->items[i];
		rc = db_run(c, ins,
		            DB_ARGS(DB_TEXT(cs->id), DB_INT(i), DB_TEXT(it->id),
		                    DB_TEXT(it->name_vi), DB_TEXT(it->name_en), DB_TEXT(it->rule),
		                    DB_INT(it->critical)),
		            e);
		if (rc == XERR_CONFLICT)
			xerr_set(e, XERR_INVALID, "criteria", "criterion %s is given twice",
			         it->id);
	}
	if (rc == 0 && x->who)
		rc = st_audit_append(c, x->who, x->create ? "criteria.create" : "criteria.update",
		                     cs->id, "", e);
	return rc;
}

int store_criteria_save(struct store *s, const struct actor *who, const struct mon_criteria_set *c,
                        bool create, struct xerr *e)
{
	struct save_ctx x = {who, NULL, c, create};
	return st_write(s, criteria_tx, &x, e);
}

/* ---- the data step of version 13 ---- */

/* The indicators shown in the province's table of communes. */
static bool headline(const char *id)
{
	static const char *const ids[] = {"online_rate", "on_time_rate", "satisfaction_rate",
	                                  "eid_rate"};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		if (!strcmp(ids[i], id))
			return true;
	return false;
}

/* A starting criteria set for communes. The official list (the "16 tiêu
 * chí") was not found (RULES.md §5.1): each criterion here cites the
 * figure it takes from a source, and provinces replace the set. */
static const struct mon_criterion commune_criteria[] = {
    {"online", "Hồ sơ trực tuyến trên 35%", "Online dossiers over 35%", "online_rate >= 35",
     true}, /* Đắk Lắk, PRODUCT.md */
    {"satisfaction", "Mức độ hài lòng từ 90%", "Satisfaction at least 90%",
     "satisfaction_rate >= 90", false}, /* Resolution 76/NQ-CP */
    {"teams", "Mọi thôn có tổ công nghệ số cộng đồng", "Every village has a digital team",
     "team_village_rate >= 100", false}, /* Official letter 793/BTTTT-THH */
    {"tasks", "Không có nhiệm vụ trễ hạn", "No plan task late", "tasks_late = 0", false},
};

static int seed_set(struct db_conn *c, struct xerr *e)
{
	struct mon_criteria_set cs = {
	    "commune-dx",
	    "2026",
	    "Bộ tiêu chí chuyển đổi số cấp xã (mẫu, tỉnh điều chỉnh)",
	    "Commune digital-transformation criteria (example, set by the province)",
	    UNIT_COMMUNE,
	    {1, true, false},
	    true,
	    (struct mon_criterion *)commune_criteria,
	    sizeof commune_criteria / sizeof commune_criteria[0]};
	struct save_ctx x = {NULL, NULL, &cs, true};
	return criteria_tx(c, &x, e);
}

/* Puts the built-in indicators a database does not hold yet (an id a
 * province has taken for its own indicator keeps the province's), each
 * with its targets, after the last position. */
static int seed_missing(struct db_conn *c, struct xerr *e)
{
	static const char sql_last[] = "SELECT coalesce(max(position), 0) FROM indicator";
	size_t n;
	const struct ind_def *d = ind_builtin(&n);
	int64_t last = 0;
	int rc = db_query_int(c, sql_last, NULL, 0, &last, e);
	if (rc < 0)
		return rc;
	struct mon_indicator *m = malloc(sizeof *m);
	if (!m)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		mon_from_def(m, &d[i]);
		m->headline = headline(m->id);
		m->position = (int)last + (int)i + 1;
		rc = ind_put(c, m, true, e);
		if (rc == XERR_CONFLICT) {
			rc = 0;
			continue;
		}
		if (rc == 0)
			rc = targets_put(c, m, e);
	}
	free(m);
	return rc;
}

int st_indicators_seed(struct db_conn *c, struct xerr *e)
{
	int rc = seed_missing(c, e);
	return rc ? rc : seed_set(c, e);
}

/* ---- the data step of version 17 ---- */

int st_indicators_seed_index766(struct db_conn *c, struct xerr *e)
{
	return seed_missing(c, e);
}
