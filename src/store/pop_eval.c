/*
 * pop_eval.c: the values of plans' aggregates over the population and the
 * records of issue 13, for every unit at once or for the units a caller
 * names (store_eval.h).
 *
 * Named units bound the residents read: the people count reads only their
 * villages' rows, so a village or a commune costs its own residents, not
 * the nation's. The other entities' records of units not named are read
 * and added up nowhere.
 *
 * Residents and households are counted in one pass (people_count.c). Each
 * other entity is read by one statement that selects its records for the
 * period (an event by its day, a state as it stood on the period's last
 * day, a span by its overlap) and hands each record's field values to
 * core's expr_filter_holds() for every aggregate over that entity; a
 * record adds 1 (count) or its field (sum) to its unit. Reported figures
 * are the approved reports, taken by core's report_value(). Nothing here
 * restates a rule of core.
 */
#include "store/store_eval.h"
#include "store/store_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/people.h"
#include "core/records.h"
#include "core/text.h"

struct slot {
	char code[UNIT_CODE_MAX];
	double *vals;
};

static int cmp_code(const void *a, const void *b)
{
	return strcmp(a, b);
}

struct eval {
	struct store *s;
	const struct expr_agg *const *aggs;
	size_t n;
	int32_t first, last;
	struct slot *slot; /* open addressing by code */
	size_t cap, used;
	bool nomem;
	/* With units named: them (code order) and the values of the others,
	 * added up nowhere. */
	bool scoped;
	char (*scope)[UNIT_CODE_MAX];
	size_t nscope;
	double *discard;
};

static bool grow(struct eval *ev)
{
	size_t cap = ev->cap ? ev->cap * 2 : 4096;
	struct slot *s = calloc(cap, sizeof *s);
	if (!s)
		return false;
	for (size_t i = 0; i < ev->cap; i++) {
		if (!ev->slot[i].vals)
			continue;
		size_t h = text_hash(ev->slot[i].code) & (cap - 1);
		while (s[h].vals)
			h = (h + 1) & (cap - 1);
		s[h] = ev->slot[i];
	}
	free(ev->slot);
	ev->slot = s;
	ev->cap = cap;
	return true;
}

/* The values of a unit, made when first needed: counts 0, reported
 * figures "no data". NULL when out of memory. */
static double *values_of(struct eval *ev, const char *code)
{
	if (ev->scoped && !bsearch(code, ev->scope, ev->nscope, UNIT_CODE_MAX, cmp_code))
		return ev->discard;
	if ((ev->used + 1) * 2 > ev->cap && !grow(ev)) {
		ev->nomem = true;
		return NULL;
	}
	size_t h = text_hash(code) & (ev->cap - 1);
	for (; ev->slot[h].vals; h = (h + 1) & (ev->cap - 1))
		if (!strcmp(ev->slot[h].code, code))
			return ev->slot[h].vals;
	double *v = malloc((ev->n ? ev->n : 1) * sizeof *v);
	if (!v) {
		ev->nomem = true;
		return NULL;
	}
	for (size_t j = 0; j < ev->n; j++)
		v[j] = ev->aggs[j]->kind == EXPR_REPORTED ? NAN : 0;
	snprintf(ev->slot[h].code, UNIT_CODE_MAX, "%s", code);
	ev->slot[h].vals = v;
	ev->used++;
	return v;
}

static bool over(const struct expr_agg *a, const struct expr_entity *en)
{
	return (a->kind == EXPR_COUNT || a->kind == EXPR_SUM) && a->entity == en && !a->never;
}

/* One record of entity en, of unit `unit`. */
static void add_record(struct eval *ev, const char *unit, const struct expr_entity *en,
                       const int64_t *num, const char *const *text)
{
	double *v = values_of(ev, unit);
	for (size_t j = 0; v && j < ev->n; j++) {
		const struct expr_agg *a = ev->aggs[j];
		if (over(a, en) && expr_filter_holds(a->where, en, num, text))
			v[j] += a->kind == EXPR_COUNT ? 1.0 : (double)num[a->field];
	}
}

static bool wants(const struct eval *ev, const struct expr_entity *en)
{
	for (size_t j = 0; j < ev->n; j++)
		if (over(ev->aggs[j], en))
			return true;
	return false;
}

/* ---- residents and households ---- */

static int people_values(const char *village, const double *values, void *ctx)
{
	struct eval *ev = ctx;
	double *v = values_of(ev, village);
	if (!v)
		return XERR_NOMEM;
	for (size_t j = 0; j < ev->n; j++) {
		const struct expr_agg *a = ev->aggs[j];
		const char *name = a->entity ? a->entity->name : "";
		if (a->kind != EXPR_REPORTED &&
		    (!strcmp(name, "residents") || !strcmp(name, "households")))
			v[j] += values[j];
	}
	return 0;
}

static int eval_people(struct eval *ev, struct xerr *e)
{
	if (!wants(ev, expr_entity_find("residents")) && !wants(ev, expr_entity_find("households")))
		return 0;
	struct people_counter *pc = people_counter_new(ev->last, ev->aggs, ev->n, e);
	if (!pc)
		return e ? e->code : XERR_NOMEM;
	int64_t *keys = ev->scoped ? malloc((ev->nscope + 1) * sizeof *keys) : NULL;
	size_t nkeys = 0;
	int rc = ev->scoped && !keys ? xerr_set(e, XERR_NOMEM, NULL, "out of memory") : 0;
	for (size_t i = 0; keys && i < ev->nscope; i++) {
		int64_t k = unit_key(ev->scope[i]);
		if (k >= 0 && (i == 0 || strcmp(ev->scope[i], ev->scope[i - 1])))
			keys[nkeys++] = k;
	}
	if (rc == 0)
		rc = store_people_count(ev->s, pc, keys, nkeys, people_values, ev, e);
	free(keys);
	people_counter_free(pc);
	return rc;
}

/* The units named, in code order, and room for the values of the others. */
static int name_units(struct eval *ev, const char *const *units, size_t n, struct xerr *e)
{
	ev->scoped = true;
	ev->scope = malloc((n ? n : 1) * UNIT_CODE_MAX);
	ev->discard = malloc((ev->n ? ev->n : 1) * sizeof *ev->discard);
	if (!ev->scope || !ev->discard)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	for (size_t i = 0; i < n; i++)
		snprintf(ev->scope[i], UNIT_CODE_MAX, "%s", units[i]);
	ev->nscope = n;
	if (n)
		qsort(ev->scope, n, UNIT_CODE_MAX, cmp_code);
	return 0;
}

/* ---- the other entities: one statement each ---- */

struct reader {
	struct eval *ev;
	const struct expr_entity *en;
	int f[4]; /* field indexes of the statement's columns 1.. */
	int text; /* the column that is text (-1: none) */
};

/* A row: the unit, then the values of fields f[0..] (a text field as
 * text). */
static int entity_row(struct db_stmt *st, void *ctx)
{
	struct reader *r = ctx;
	int64_t num[24] = {0};
	const char *text[24] = {NULL};
	for (int i = 0; i < 4 && r->f[i] >= 0; i++) {
		if (i == r->text)
			text[r->f[i]] = db_text(st, i + 1);
		else
			num[r->f[i]] = db_int(st, i + 1);
	}
	add_record(r->ev, db_text(st, 0), r->en, num, text);
	return r->ev->nomem ? XERR_NOMEM : 0;
}

static int read_entity(struct db_conn *c, struct eval *ev, const char *entity, const char *sql,
                       const char *const *fields, int text, struct xerr *e)
{
	struct reader r = {ev, expr_entity_find(entity), {-1, -1, -1, -1}, text};
	if (!r.en || !wants(ev, r.en))
		return 0;
	for (int i = 0; i < 4 && fields[i]; i++)
		r.f[i] = expr_field_index(r.en, fields[i]);
	return db_query_each(c, sql, DB_ARGS(DB_INT(ev->first), DB_INT(ev->last)), entity_row, &r,
	                     e);
}

static int eval_records(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql_business[] =
	    "SELECT unit, kind, CASE WHEN einvoice_from <= ?2 THEN 1 ELSE 0 END, "
	    "CASE WHEN cashless_from <= ?2 THEN 1 ELSE 0 END FROM business WHERE ?1 <= ?2 AND "
	    "opened_on <= ?2 AND (closed_on IS NULL OR closed_on > ?2)";
	static const char sql_member[] =
	    "SELECT t.unit, m.position, CASE WHEN m.account_id IS NULL THEN 0 ELSE 1 END "
	    "FROM team_member m JOIN team t ON t.id = m.team WHERE ?1 <= ?2 AND m.joined_on <= ?2 "
	    "AND (m.left_on IS NULL OR m.left_on > ?2)";
	static const char sql_activity[] =
	    "SELECT t.unit, a.kind, a.people, a.attendance FROM activity a JOIN team t ON "
	    "t.id = a.team WHERE a.day >= ?1 AND a.day <= ?2";
	static const char sql_training[] =
	    "SELECT t.unit, coalesce(c.code, ''), a.attendance FROM activity a JOIN team t ON "
	    "t.id = a.team LEFT JOIN campaign c ON c.id = a.campaign WHERE a.kind = 6 AND "
	    "a.day >= ?1 AND a.day <= ?2";
	static const char sql_campaign[] =
	    "SELECT c.unit, c.code, coalesce((SELECT sum(g.target) FROM campaign_target g WHERE "
	    "g.campaign = c.id AND g.measure = 1), 0), coalesce((SELECT sum(g.target) FROM "
	    "campaign_target g WHERE g.campaign = c.id AND g.measure = 2), 0) FROM campaign c "
	    "WHERE c.starts_on <= ?2 AND c.ends_on >= ?1";
	static const char sql_product[] =
	    "SELECT p.unit, p.kind, CASE WHEN (SELECT min(l.since) FROM product_listing l WHERE "
	    "l.product = p.id) <= ?2 THEN 1 ELSE 0 END, p.ocop_stars FROM product p WHERE "
	    "?1 <= ?2 AND p.added_on <= ?2 AND (p.removed_on IS NULL OR p.removed_on > ?2)";
	struct eval *ev = ctx;
	static const char *const business[] = {"kind", "einvoice", "cashless", NULL};
	static const char *const member[] = {"position", "has_account", NULL};
	static const char *const activity[] = {"kind", "people", "attendance", NULL};
	static const char *const training[] = {"campaign", "attendance", NULL};
	static const char *const campaign[] = {"code", "target_sessions", "target_attendance",
	                                       NULL};
	static const char *const product[] = {"kind", "online", "ocop_stars", NULL};
	int rc = read_entity(c, ev, "businesses", sql_business, business, -1, e);
	if (rc == 0)
		rc = read_entity(c, ev, "team_members", sql_member, member, -1, e);
	if (rc == 0)
		rc = read_entity(c, ev, "activities", sql_activity, activity, -1, e);
	if (rc == 0)
		rc = read_entity(c, ev, "trainings", sql_training, training, 0, e);
	if (rc == 0)
		rc = read_entity(c, ev, "campaigns", sql_campaign, campaign, 0, e);
	if (rc == 0)
		rc = read_entity(c, ev, "products", sql_product, product, -1, e);
	return rc;
}

/* ---- teams and villages: their levels and kinds come from the units ---- */

struct team_reader {
	struct eval *ev;
	const struct expr_entity *en;
	int level, members;
	/* units with a team on the day, for villages.has_team */
	char (*units)[UNIT_CODE_MAX];
	size_t n, cap;
};

static int team_row(struct db_stmt *st, void *ctx)
{
	struct team_reader *r = ctx;
	const char *code = db_text(st, 0);
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		char(*p)[UNIT_CODE_MAX] = realloc(r->units, cap * UNIT_CODE_MAX);
		if (!p)
			return XERR_NOMEM;
		r->units = p;
		r->cap = cap;
	}
	snprintf(r->units[r->n++], UNIT_CODE_MAX, "%s", code);
	struct unit u;
	if (store_unit_get(r->ev->s, code, &u, NULL) != 0)
		return 0;
	int64_t num[4] = {0};
	/* The vocabulary's team levels: 1 a village's team, 2 a commune's. */
	num[r->level] = u.level == UNIT_VILLAGE ? 1 : 2;
	num[r->members] = db_int(st, 1);
	if (r->en)
		add_record(r->ev, code, r->en, num, NULL);
	return r->ev->nomem ? XERR_NOMEM : 0;
}

struct village_reader {
	struct eval *ev;
	const struct expr_entity *en;
	int kind, has_team;
	const struct team_reader *teams;
};

static int village_unit(const struct unit *u, void *ctx)
{
	struct village_reader *r = ctx;
	int32_t from = 0, to = 0;
	if (u->level != UNIT_VILLAGE || cal_parse_date(u->valid_from, "from", &from, NULL) != 0 ||
	    (u->valid_to[0] && cal_parse_date(u->valid_to, "to", &to, NULL) != 0) ||
	    !rec_in_force(from, to, r->ev->last))
		return 0;
	int64_t num[4] = {0};
	/* The vocabulary's village kinds: 2 a residential group (tổ dân phố). */
	num[r->kind] = strstr(u->type, "Tổ dân phố") ? 2 : 1;
	num[r->has_team] =
	    bsearch(u->code, r->teams->units, r->teams->n, UNIT_CODE_MAX, cmp_code) != NULL;
	add_record(r->ev, u->code, r->en, num, NULL);
	return r->ev->nomem ? XERR_NOMEM : 0;
}

static int eval_teams(struct eval *ev, struct xerr *e)
{
	static const char sql[] =
	    "SELECT t.unit, (SELECT count(*) FROM team_member m WHERE m.team = t.id AND "
	    "m.joined_on <= ?2 AND (m.left_on IS NULL OR m.left_on > ?2)) FROM team t "
	    "WHERE ?1 <= ?2 AND t.founded_on <= ?2 AND (t.dissolved_on IS NULL OR "
	    "t.dissolved_on > ?2)";
	const struct expr_entity *teams = expr_entity_find("teams"),
	                         *villages = expr_entity_find("villages");
	if (!wants(ev, teams) && !wants(ev, villages))
		return 0;
	struct team_reader t = {
	    ev, teams, expr_field_index(teams, "level"), expr_field_index(teams, "members"), NULL,
	    0,  0};
	/* Teams are added to their units only when counted. */
	if (!wants(ev, teams))
		t.en = NULL;
	int rc = st_each_stale(ev->s, sql, DB_ARGS(DB_INT(ev->first), DB_INT(ev->last)), team_row,
	                       &t, e);
	if (rc == 0 && wants(ev, villages)) {
		if (t.n) /* qsort may not be given NULL, even for no items */
			qsort(t.units, t.n, UNIT_CODE_MAX, cmp_code);
		struct village_reader v = {ev, villages, expr_field_index(villages, "kind"),
		                           expr_field_index(villages, "has_team"), &t};
		rc = store_unit_all(ev->s, village_unit, &v, e);
	}
	free(t.units);
	return rc == XERR_NOMEM ? xerr_set(e, XERR_NOMEM, NULL, "out of memory") : rc;
}

/* ---- reported figures ---- */

struct reported {
	struct eval *ev;
	const struct expr_figure *fig;
	char unit[UNIT_CODE_MAX];
	struct report_span *span;
	size_t n, cap;
};

/* The figure's value for the unit whose reports were gathered. */
static void reported_flush(struct reported *r)
{
	if (!r->n)
		return;
	double value = report_value(r->fig->flow, r->span, r->n, r->ev->first, r->ev->last);
	double *v = values_of(r->ev, r->unit);
	for (size_t j = 0; v && j < r->ev->n; j++)
		if (r->ev->aggs[j]->kind == EXPR_REPORTED && r->ev->aggs[j]->figure == r->fig)
			v[j] = value;
	r->n = 0;
}

static int reported_row(struct db_stmt *st, void *ctx)
{
	struct reported *r = ctx;
	if (strcmp(r->unit, db_text(st, 0))) {
		reported_flush(r);
		db_text_copy(st, 0, r->unit, sizeof r->unit);
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct report_span *p = realloc(r->span, cap * sizeof *p);
		if (!p)
			return XERR_NOMEM;
		r->span = p;
		r->cap = cap;
	}
	r->span[r->n++] =
	    (struct report_span){(int32_t)db_int(st, 1), (int32_t)db_int(st, 2), db_double(st, 3)};
	return r->ev->nomem ? XERR_NOMEM : 0;
}

static int eval_reported(struct db_conn *c, struct eval *ev, struct xerr *e)
{
	static const char sql[] = "SELECT unit, first_day, last_day, value FROM report "
	                          "WHERE figure = ?1 AND status = ?2 ORDER BY unit";
	int rc = 0;
	for (size_t j = 0; rc == 0 && j < ev->n; j++) {
		const struct expr_agg *a = ev->aggs[j];
		bool seen = false;
		for (size_t i = 0; i < j && !seen; i++)
			seen =
			    ev->aggs[i]->kind == EXPR_REPORTED && ev->aggs[i]->figure == a->figure;
		if (a->kind != EXPR_REPORTED || seen)
			continue;
		struct reported r = {ev, a->figure, "", NULL, 0, 0};
		rc = db_query_each(c, sql,
		                   DB_ARGS(DB_TEXT(a->figure->name), DB_INT(REPORT_APPROVED)),
		                   reported_row, &r, e);
		if (rc == 0)
			reported_flush(&r);
		free(r.span);
	}
	return rc;
}

static int eval_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	struct eval *ev = ctx;
	int rc = eval_records(c, ev, e);
	return rc ? rc : eval_reported(c, ev, e);
}

/* Entities this file does not count (dossiers, tasks, officials,
 * feedback) are refused, so that no aggregate is silently 0. */
static int check_entities(const struct eval *ev, struct xerr *e)
{
	static const char *const known[] = {"residents", "households",   "businesses", "villages",
	                                    "teams",     "team_members", "activities", "trainings",
	                                    "campaigns", "products"};
	for (size_t j = 0; j < ev->n; j++) {
		const struct expr_agg *a = ev->aggs[j];
		if (a->kind == EXPR_REPORTED)
			continue;
		bool ok = false;
		for (size_t i = 0; i < sizeof known / sizeof known[0] && !ok; i++)
			ok = a->entity && !strcmp(a->entity->name, known[i]);
		if (!ok)
			return xerr_set(e, XERR_INVALID, "formula",
			                "%s are not counted by the population store",
			                a->entity ? a->entity->name : "?");
	}
	return 0;
}

int store_pop_eval(struct store *s, const char *const *units, size_t nunits, int32_t first,
                   int32_t last, const struct expr_agg *const *aggs, size_t n, pop_value_cb fn,
                   void *ctx, struct xerr *e)
{
	struct eval ev = {.s = s, .aggs = aggs, .n = n, .first = first, .last = last};
	int rc = check_entities(&ev, e);
	if (rc == 0 && units)
		rc = name_units(&ev, units, nunits, e);
	if (rc == 0 && !grow(&ev))
		rc = xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	if (rc == 0)
		rc = eval_people(&ev, e);
	if (rc == 0)
		rc = eval_teams(&ev, e);
	if (rc == 0)
		rc = st_read_stale(s, eval_tx, &ev, e);
	if (rc == 0 && ev.nomem)
		rc = xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	for (size_t i = 0; rc == 0 && i < ev.cap; i++)
		if (ev.slot[i].vals)
			rc = fn(ev.slot[i].code, ev.slot[i].vals, ctx);
	for (size_t i = 0; i < ev.cap; i++)
		free(ev.slot[i].vals);
	free(ev.slot);
	free(ev.scope);
	free(ev.discard);
	return rc;
}
