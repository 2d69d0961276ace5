/*
 * figures.h: the path of an indicator value (DESIGN.md "An indicator
 * value"), shared by the API, the pages and the command line.
 *
 * This module owns no rule and no SQL. Asked for indicators over a unit's
 * subtree and a period, it loads the subtree as it stood in the period
 * (units with their validity and successions), compiles each definition
 * with core (ind_def_check), asks the store for the values of every
 * plan's aggregates on every unit in one pass per entity (store_pop_eval
 * for the population, store_mon_eval for dossiers and tasks), has core
 * roll them up the tree (ind_rollup), then turns each unit's parts into
 * numerator and denominator (expr_eval) and a value (ind_value_of).
 * Colours, targets and on-track status come from core (fig_judge).
 *
 * A closed period with a snapshot (store_snapshot_read) is read from it,
 * indicator by indicator, so history does not move when data is corrected
 * (fig_recompute writes it). The open period is always computed from the
 * data as it is: a dossier change shows at the next request.
 *
 * Memory: fig_tree_load and fig_set_load fill caller-owned structs that
 * fig_tree_free and fig_set_free release; values are caller-owned arrays.
 */
#ifndef XASO_WEB_FIGURES_H
#define XASO_WEB_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/indicator.h"
#include "core/unit.h"
#include "store/store.h"
#include "store/store_eval.h"

struct fig_node {
	struct unit u;
	int parent;       /* index, -1 for the root */
	int32_t from, to; /* validity (Julian days; to 0 while in force) */
	bool in_force;    /* on the period's last day */
};

struct fig_tree {
	struct fig_node *nodes; /* the root first, parents before children */
	size_t n;
	struct ind_succ *succ;
	size_t nsucc;
	struct ind_period period;
	int *by_code; /* node indexes in code order (fig_tree_find) */
};

/* The subtree of `root` as it stood in period p (retired units included,
 * so that their figures pass to their successors). */
int fig_tree_load(struct store *s, const char *root, const struct ind_period *p, struct fig_tree *t,
                  struct xerr *e);
void fig_tree_free(struct fig_tree *t);
/* The node of a code, or -1. */
int fig_tree_find(const struct fig_tree *t, const char *code);
/* The codes of t's nodes (pointing into t), t->n of them, for the store's
 * evaluations of a subtree; the caller frees the array; NULL when out of
 * memory. */
const char **fig_tree_codes(const struct fig_tree *t);
/* store_pop_eval over the subtree of `root` as it stood on day `last`
 * (fig_tree_load): only its units' values, only its residents read. */
int fig_pop_eval(struct store *s, const char *root, int32_t first, int32_t last,
                 const struct expr_agg *const *aggs, size_t n, pop_value_cb fn, void *ctx,
                 struct xerr *e);

/* Indicators with their compiled plans. */
struct fig_ind {
	struct mon_indicator m;
	struct expr_plan *plan; /* a reported indicator gets "reported(NAME)" */
};
struct fig_set {
	struct fig_ind *ind;
	size_t n;
};
/* Every stored indicator (id NULL), the headline ones (headline true), or
 * the one of `id` (XERR_NOTFOUND naming "id"). A stored formula that no
 * longer compiles is refused naming the indicator. */
int fig_set_load(struct store *s, const char *id, bool headline, struct fig_set *set,
                 struct xerr *e);
void fig_set_free(struct fig_set *set);

/* Values of set's indicators for every node: out[node * set->n + k].
 * use_snapshots: read closed periods from their snapshots when kept; an
 * indicator read from its snapshot has values for the root and its
 * children only (what every page and list shows), deeper nodes "no
 * data". */
int fig_compute(struct store *s, const struct fig_tree *t, const struct fig_set *set,
                bool use_snapshots, struct ind_value *out, struct xerr *e);

/* What a value means for a unit of `level`: its colour, the target of the
 * period's year (or the next year that has one), and the on-track status
 * from `base` (the value a year before; has false when unknown). */
struct fig_judgement {
	enum ind_colour colour;
	bool has_target;
	double target;
	int target_year;
	enum ind_track track;
	double ratio;
};
void fig_judge(const struct ind_def *d, int level, const struct ind_period *p,
               const struct ind_value *v, const struct ind_value *base, struct fig_judgement *out);
/* The same period a year before (a range: as many days before). */
int fig_base_period(const struct ind_period *p, struct ind_period *out, struct xerr *e);

/* Task counts (ind_task_names order) of every node's subtree as of day,
 * out[node * IND_TASK_COUNTS + j]. */
int fig_task_counts(struct store *s, const struct fig_tree *t, int32_t day, double *out,
                    struct xerr *e);

/* The criteria sets of one request or one run: each level's active set
 * is read and compiled once, for the indicators of `all` (which must
 * outlive it). NULL when out of memory; fig_criteria_free releases it. */
struct fig_criteria;
struct fig_criteria *fig_criteria_new(const struct fig_set *all);
void fig_criteria_free(struct fig_criteria *fc);

/* A unit's status by the active criteria set of its level: 1 judged (v,
 * states[] for set->n criteria, values[] per criterion: the value of the
 * first name its rule reads), 0 when no set applies. set points into fc. */
struct fig_status {
	const struct mon_criteria_set *set;
	int *states;
	double *values;
	struct ind_verdict verdict;
};
int fig_status(struct store *s, struct fig_criteria *fc, const struct fig_tree *t, int node,
               const struct ind_value *vals, const double *tasks, struct fig_status *out,
               struct xerr *e);
void fig_status_free(struct fig_status *st);

/* Recomputes and keeps the snapshot of every indicator of set for the
 * subtree of t (t's period must be closed: XERR_INVALID naming "period"),
 * in one transaction: the root's rows, and those of the units with any
 * figure other than 0 or no data (the others read as no data). */
int fig_recompute(struct store *s, const struct actor *who, const struct fig_tree *t,
                  const struct fig_set *set, struct xerr *e);

/* Today in Julian days (local time). */
int32_t fig_today(void);

#endif
