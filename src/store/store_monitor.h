/*
 * store_monitor.h: what monitoring keeps (issue 14): indicator
 * definitions with their targets, criteria sets, plan tasks, the unit
 * successions, snapshots of closed periods, and the values of plans'
 * aggregates over the entities of the one-stop shop (dossiers) and over
 * plan tasks. Part of the store.h contract.
 *
 * Definitions are rows here and rules in core: the store keeps a formula
 * as text and never reads it; core compiles it (ind_def_check) before it
 * is saved and whenever it is used. Every write is one transaction with
 * its audit entry. The evaluation (monitor_eval.c) builds its SQL from the
 * plan's filter trees only: field names map to fixed SQL expressions and
 * every constant is bound, so no formula text reaches SQL.
 *
 * Memory: every struct here is caller-owned with fixed-size text, except
 * struct mon_criteria_set's items (malloc'd by the store, released by
 * store_criteria_clear()).
 */
#ifndef XASO_STORE_MONITOR_H
#define XASO_STORE_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/expr.h"
#include "core/indicator.h"
#include "core/xerr.h"

struct store;
struct actor;

enum {
	MON_TARGETS_MAX = 16,
	MON_NAME_MAX = 400,    /* bytes of a name */
	MON_SOURCE_MAX = 1200, /* bytes of a source */
	MON_CRITERIA_MAX = 64, /* criteria in a set */
	MON_TEXT_MAX = 600,    /* a task's title, an owner */
};

/* An indicator as stored. mon_def() points def's fields at the buffers
 * (call it after copying the struct). */
struct mon_indicator {
	char id[IND_ID_MAX];
	char name_vi[MON_NAME_MAX], name_en[MON_NAME_MAX];
	char source[MON_SOURCE_MAX];
	char formula[EXPR_TEXT_MAX + 1]; /* "" for a reported indicator */
	char reported[EXPR_NAME_MAX + 1];
	int unit, direction;
	double green, red; /* NaN: none */
	bool headline;     /* shown in the province's table of communes */
	int position;
	struct ind_target targets[MON_TARGETS_MAX];
	size_t ntargets;
	struct ind_def def;
};
const struct ind_def *mon_def(struct mon_indicator *m);
/* Fills m from a definition of core (the built-in set). */
void mon_from_def(struct mon_indicator *m, const struct ind_def *d);

typedef int (*mon_indicator_cb)(const struct mon_indicator *m, void *ctx);
/* Every indicator, by position then id. */
int store_indicator_list(struct store *s, mon_indicator_cb fn, void *ctx, struct xerr *e);
/* XERR_NOTFOUND naming "id" when there is none. */
int store_indicator_get(struct store *s, const char *id, struct mon_indicator *out, struct xerr *e);
/* Creates (XERR_CONFLICT when the id exists) or replaces (XERR_NOTFOUND
 * when it does not) an indicator and its targets, audited. The caller has
 * checked it with core (ind_def_check). */
int store_indicator_save(struct store *s, const struct actor *who, const struct mon_indicator *m,
                         bool create, struct xerr *e);

struct mon_criterion {
	char id[IND_ID_MAX];
	char name_vi[MON_NAME_MAX], name_en[MON_NAME_MAX];
	char rule[EXPR_TEXT_MAX + 1];
	bool critical;
};

struct mon_criteria_set {
	char id[IND_ID_MAX], phase[IND_ID_MAX];
	char name_vi[MON_NAME_MAX], name_en[MON_NAME_MAX];
	int level; /* the level of the units it judges */
	struct ind_colour_rule colour;
	bool active;
	struct mon_criterion *items; /* malloc'd */
	size_t n;
};
void store_criteria_clear(struct mon_criteria_set *c);
/* The set's view for core (its items point into c; `items` is caller
 * storage for c->n of them). */
void mon_criteria_view(const struct mon_criteria_set *c, struct ind_criterion *items,
                       struct ind_criteria_set *out);

typedef int (*mon_criteria_cb)(const struct mon_criteria_set *c, void *ctx);
int store_criteria_list(struct store *s, mon_criteria_cb fn, void *ctx, struct xerr *e);
int store_criteria_get(struct store *s, const char *id, struct mon_criteria_set *out,
                       struct xerr *e);
/* The active set for units of `level` (the first by id): 1 found, 0 none. */
int store_criteria_for_level(struct store *s, int level, struct mon_criteria_set *out,
                             struct xerr *e);
int store_criteria_save(struct store *s, const struct actor *who, const struct mon_criteria_set *c,
                        bool create, struct xerr *e);

struct mon_task {
	int64_t id;
	char plan[IND_ID_MAX * 2];
	char title[MON_TEXT_MAX];
	char unit[16];
	char owner[MON_TEXT_MAX];
	int32_t deadline, done_on; /* Julian days; done_on 0 while not done */
	int progress;              /* percent */
	char evidence[65];         /* sha256 of a stored document, or "" */
	int64_t created_at;
};
typedef int (*mon_task_cb)(const struct mon_task *t, void *ctx);
/* The tasks of the units of root's subtree (root itself, its children
 * and grandchildren), by deadline. */
int store_task_list(struct store *s, const char *root, mon_task_cb fn, void *ctx, struct xerr *e);
int store_task_get(struct store *s, int64_t id, struct mon_task *out, struct xerr *e);
/* Creates (t->id set) or updates a task, audited. The unit must exist
 * (XERR_INVALID naming "unit"). */
int store_task_save(struct store *s, const struct actor *who, struct mon_task *t, bool create,
                    struct xerr *e);

/* The successions of units (mergers and splits), effective day as a
 * Julian day. */
typedef int (*mon_succ_cb)(const char *from, const char *to, int32_t effective, double share,
                           void *ctx);
int store_unit_successions(struct store *s, mon_succ_cb fn, void *ctx, struct xerr *e);
/* Records a succession (a merger: share 1), audited. */
int store_unit_succession_add(struct store *s, const struct actor *who, const char *from,
                              const char *to, int32_t effective, double share, struct xerr *e);

/* ---- snapshots of closed periods ---- */

struct mon_snap {
	char unit[16];
	double num, den; /* NaN: no data */
};
typedef int (*mon_snap_cb)(const struct mon_snap *v, void *ctx);
/* The snapshot of an indicator for a period, every unit kept: 0 when
 * there is none (nothing called). */
int store_snapshot_read(struct store *s, const char *indicator, const char *period, mon_snap_cb fn,
                        void *ctx, struct xerr *e);
/* The snapshots of one unit and indicator for the given periods:
 * num[i], den[i] for periods[i] (NaN when none is kept). */
int store_snapshot_series(struct store *s, const char *indicator, const char *unit,
                          const char *const *periods, size_t n, double *num, double *den,
                          struct xerr *e);
/* Replaces the rows of these units for (indicator, period) in one
 * transaction with its audit entry. */
int store_snapshot_write(struct store *s, const struct actor *who, const char *indicator,
                         const char *period, const struct mon_snap *rows, size_t n, struct xerr *e);

/* ---- values of aggregates over dossiers and tasks ---- */

/* Like store_pop_eval (store_eval.h) for the aggregates over dossiers and
 * plan tasks of the units of root's subtree: fn(unit, values) for the
 * units that hold records, possibly more than once for a unit (once for
 * its dossiers, once per task): values[j] is what to ADD to aggregate j,
 * NaN for nothing. Aggregates over officials and feedback, and over
 * dossier fields not kept yet (reuse, identity source), are never
 * given: they are "no data" (store_mon_no_data). Dossiers are selected by their filing day;
 * status is read from their history as of the period's end; finished,
 * on_time, late and overdue from the columns core keeps (docs/indicators.md
 * says how a dossier that ended after the period is judged). */
int store_mon_eval(struct store *s, const char *root, int32_t first, int32_t last,
                   const struct expr_agg *const *aggs, size_t n,
                   int (*fn)(const char *unit, const double *values, void *ctx), void *ctx,
                   struct xerr *e);
/* True when store_mon_eval computes aggregate a (else store_pop_eval). */
bool store_mon_evaluates(const struct expr_agg *a);
/* True when a unit's value of a starts as "no data" (NaN) rather than 0:
 * reported figures, and what store_mon_eval cannot count yet. */
bool store_mon_no_data(const struct expr_agg *a);

#endif
