/*
 * indicator.h: the arithmetic of monitoring, pure (no I/O, no global state).
 *
 * This module owns what an indicator IS (its definition: id, names, unit,
 * direction, source, formula or reported figure, yearly targets per unit
 * level, colour thresholds) and every rule that turns counts into what a
 * province official sees:
 *   - a value from numerator and denominator, with "no data" distinct from 0;
 *   - its colour (green, yellow, red) by thresholds and direction;
 *   - the on-track status toward a target (the Open SDG method);
 *   - ROLL-UP: numerators and denominators (more generally, the additive
 *     parts of a formula: its aggregates) summed up a unit tree, never
 *     percentages averaged, with mergers and splits (a retired unit's
 *     figures go to its successors, times the succession's share);
 *   - periods (month, quarter, year, any date range), their first and last
 *     day, and the periods before them for trends;
 *   - criteria (rules over indicator values and task counts) that decide a
 *     unit's colour, and the state of a plan task by its deadline.
 * It does not own the data: the store evaluates a plan (core/expr.h) for
 * each unit and period and hands the aggregates' values here.
 *
 * The path of a figure (docs/indicators.md): definition -> expr_compile()
 * -> store fills own[unit][aggregate] for the period -> ind_rollup() ->
 * expr_eval() per unit -> ind_value_of() -> ind_colour_of(), ind_on_track().
 *
 * "No data" is NaN everywhere: a count over no records is 0 (a fact), a
 * figure nobody reported is NaN, and NaN never turns into 0 by roll-up.
 *
 * Memory: definitions are caller-owned (the built-in ones are static);
 * ind_criteria_compile() returns what ind_criteria_free() releases. Every
 * other function writes into caller-owned memory.
 */
#ifndef XASO_CORE_INDICATOR_H
#define XASO_CORE_INDICATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/expr.h"
#include "core/xerr.h"

enum ind_unit {
	IND_PERCENT = 1, /* a ratio shown as %: the formula must be A / B */
	IND_COUNT = 2,   /* a number: a count, a sum, or an average per thing */
};

enum ind_direction {
	IND_HIGHER = 1, /* higher is better */
	IND_LOWER = -1, /* lower is better */
};

enum ind_colour {
	IND_NO_COLOUR = 0, /* no data, or no thresholds */
	IND_GREEN = 1,
	IND_YELLOW = 2,
	IND_RED = 3,
};

enum { IND_ID_MAX = 48 };

/* A target for the year's end, for units of one level (core/unit.h). */
struct ind_target {
	int year;
	int level; /* UNIT_PROVINCE, UNIT_COMMUNE, UNIT_VILLAGE */
	double value;
};

struct ind_def {
	const char *id; /* stable: [a-z][a-z0-9_]*, used by criteria and URLs */
	const char *name_vi, *name_en;
	enum ind_unit unit;
	enum ind_direction direction;
	const char *source;   /* the decision, plan or report it comes from */
	const char *formula;  /* over live data; NULL for a reported indicator */
	const char *reported; /* the figure (core/expr.h) of a reported indicator */
	const struct ind_target *targets;
	size_t ntargets;
	/* Colours: green when the value reaches `green`, red when it is worse
	 * than `red`, yellow between (direction decides what "reaches" means).
	 * NaN `green`: no colours; NaN `red`: only green and yellow. */
	double green, red;
};

/* Checks a definition and compiles its formula (EXPR_RATIO for %). *plan
 * is NULL for a reported indicator. Errors name the field ("id", "formula",
 * "targets", ...); formula errors also fill *pe (may be NULL). */
int ind_def_check(const struct ind_def *d, struct expr_plan **plan, struct expr_error *pe,
                  struct xerr *e);

/* The built-in set of issue 14 (sources in each definition). */
const struct ind_def *ind_builtin(size_t *n);
const struct ind_def *ind_builtin_find(const char *id);

/* The target of `year` for units of `level`: 0 and *value, or
 * XERR_NOTFOUND. */
int ind_target_for(const struct ind_def *d, int year, int level, double *value);

/* A reported indicator in % does not roll up (a percentage cannot be
 * summed): a parent shows its own report. Counts roll up by summing. */
bool ind_rolls_up(const struct ind_def *d);

/* ---- values and colours ---- */

struct ind_value {
	bool has; /* false: no data (NaN part, or a zero denominator) */
	double num, den;
	double value; /* num / den, times 100 for IND_PERCENT */
};

struct ind_value ind_value_of(enum ind_unit unit, double num, double den);
enum ind_colour ind_colour_of(const struct ind_def *d, const struct ind_value *v);
const char *ind_colour_name(enum ind_colour c); /* "green", ...; "" for none */

/* ---- on track: the Open SDG progress measure ----
 * Open SDG (open-sdg/open-sdg docs/progress-methodology.md, from Statistics
 * Canada's method; implemented in open-sdg/sdg-build sdg/ProgressMeasure.py):
 * observed compound annual growth from a base value to the current one,
 * over the compound annual growth required to go from the base value to
 * the target by the target's date:
 *     CAGR_o = (current / base)^(1 / years_o) - 1
 *     CAGR_r = (target / base)^(1 / years_r) - 1
 *     R = d * CAGR_o / |CAGR_r|      (d = +1 higher is better, -1 lower)
 * A target already reached is ACHIEVED; else R >= 0.95 ON track, 0.6..0.95
 * needs ATTENTION, 0..0.6 OFF track, R < 0 getting WORSE. A base or target
 * of 0 is replaced by 0.001 (as Open SDG does); years are days / 365.25, so
 * months and quarters work. Unable to assess (UNKNOWN): no data, the
 * current day not after the base day, or values of opposite signs. */
enum ind_track {
	IND_TRACK_UNKNOWN = 0,
	IND_TRACK_ACHIEVED = 1,
	IND_TRACK_ON = 2,
	IND_TRACK_ATTENTION = 3,
	IND_TRACK_OFF = 4,
	IND_TRACK_WORSE = 5,
};

struct ind_obs {
	int32_t day; /* Julian day: the last day of the value's period, or the target's */
	double value;
};

enum ind_track ind_on_track(const struct ind_obs *base, const struct ind_obs *now,
                            const struct ind_obs *target, enum ind_direction dir, double *ratio);
const char *ind_track_name(enum ind_track t); /* "on_track", ...; "unknown" */

/* ---- roll-up ----
 * nodes[i] is a unit; own[i * k + j] its own value of part j (the j-th
 * aggregate of a plan: what was recorded directly on this unit), NaN for no
 * data. Each unit passes its total to ONE place: its successors when it is
 * retired (no longer in force on the day the tree is drawn for, see
 * ind_in_force()) and has successors, each taking `share` of every part
 * alike; otherwise its parent. total[i * k + j] = own + what is passed to i.
 * NaN parts are skipped (no data + 5 = 5; no data everywhere stays NaN).
 * Refused: a parent or succession index out of range, a share outside
 * (0, 1], shares of one unit summing over 1, and cycles. */
struct ind_node {
	int parent;   /* index, -1 for the root(s) */
	bool retired; /* its figures go to its successors */
};

struct ind_succ {
	int from, to; /* indexes: the old unit and one of its successors */
	double share; /* of the old unit's figures (1 for a merger) */
};

int ind_rollup(const struct ind_node *nodes, size_t n, const struct ind_succ *succ, size_t ns,
               size_t k, const double *own, double *total, struct xerr *e);

/* A unit is in force on `day` when valid_from <= day and (valid_to is 0 or
 * day < valid_to): valid_to is the first day it no longer exists, the
 * effective day of its successors. */
bool ind_in_force(int32_t valid_from, int32_t valid_to, int32_t day);
/* Retired on `day` (its figures go to its successors): valid_to is set and
 * has come. A unit not yet in force is not retired. */
bool ind_retired(int32_t valid_to, int32_t day);

/* ---- periods ---- */

enum ind_period_kind {
	IND_MONTH = 1,   /* "2026-03" */
	IND_QUARTER = 2, /* "2026-Q1" */
	IND_YEAR = 3,    /* "2026" */
	IND_RANGE = 4,   /* "2026-01-01..2026-03-31", both days included */
};

enum { IND_PERIOD_MAX = 24 };

struct ind_period {
	enum ind_period_kind kind;
	int year, index;     /* index: month 1-12 or quarter 1-4 */
	int32_t first, last; /* Julian days, both included */
};

int ind_period_parse(const char *s, struct ind_period *p, struct xerr *e);
void ind_period_format(const struct ind_period *p, char dst[IND_PERIOD_MAX]);
/* A month, quarter or year by number; XERR_INVALID when out of range. */
int ind_period_make(enum ind_period_kind kind, int year, int index, struct ind_period *p,
                    struct xerr *e);
/* The period just before: the previous month, quarter or year; for a range,
 * as many days ending the day before. XERR_INVALID before 1900. */
int ind_period_prev(const struct ind_period *p, struct ind_period *out, struct xerr *e);
/* The n periods ending with p, oldest first (a 12-month sparkline). */
int ind_period_trend(const struct ind_period *p, size_t n, struct ind_period *out, struct xerr *e);

/* ---- plan tasks ---- */

enum ind_task_state {
	IND_TASK_ON_TRACK = 1, /* not done, deadline not passed */
	IND_TASK_LATE = 2,     /* not done, deadline passed */
	IND_TASK_DONE = 3,     /* done by its deadline */
	IND_TASK_DONE_LATE = 4,
};

/* The state on day as_of of a task due on `deadline` (its last day) and
 * done on `done_on` (0: not done; a day after as_of counts as not done yet).
 * "Late by the calendar": the deadline's day has passed. */
enum ind_task_state ind_task_state(int32_t deadline, int32_t done_on, int32_t as_of);

/* The task counts criteria may name, in this order. */
enum { IND_TASKS_TOTAL, IND_TASKS_DONE, IND_TASKS_LATE, IND_TASKS_OPEN, IND_TASK_COUNTS };
extern const char *const ind_task_names[IND_TASK_COUNTS];
/* Counts states[0..n) into out[IND_TASK_COUNTS]. */
void ind_task_count(const enum ind_task_state *states, size_t n, double *out);

/* ---- criteria ---- */

struct ind_criterion {
	const char *id;
	const char *name_vi, *name_en;
	const char *rule; /* "online_rate >= 35", "tasks_done = tasks_total" */
	bool critical;
};

/* Green when every criterion is met. Otherwise red when more than
 * `red_failed_over` failed (negative: never by count) or, with
 * `red_on_critical`, when a critical one failed; yellow else. A criterion
 * without data is never met; with `no_data_fails` it also counts as failed
 * (toward red), else it only keeps the unit from green. */
struct ind_colour_rule {
	int red_failed_over;
	bool red_on_critical;
	bool no_data_fails;
};

struct ind_criteria_set {
	const char *id, *phase;
	const char *name_vi, *name_en;
	const struct ind_criterion *items;
	size_t n;
	struct ind_colour_rule colour;
};

struct ind_criteria;

/* Compiles every rule over `names` (indicator ids and ind_task_names).
 * On error *bad is the index of the criterion at fault. */
int ind_criteria_compile(const struct ind_criteria_set *s, const char *const *names, size_t nnames,
                         struct ind_criteria **out, size_t *bad, struct expr_error *pe,
                         struct xerr *e);
void ind_criteria_free(struct ind_criteria *c);

struct ind_verdict {
	enum ind_colour colour;
	size_t met, failed, no_data;
	bool critical_failed;
};

/* states[i] (caller-owned, set->n of them) gets 1 met, 0 failed, -1 no
 * data for criterion i, given values[j] for names[j] (NaN: no data). */
void ind_criteria_judge(const struct ind_criteria *c, const double *values, int *states,
                        struct ind_verdict *v);

#endif
