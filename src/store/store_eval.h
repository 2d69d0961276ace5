/*
 * store_eval.h: the values of formula aggregates (core/expr.h plans) over
 * residents, households, villages, teams and their members, activities,
 * trainings, campaigns, businesses, products and reported figures, for
 * every unit at once, or for the units asked about. Part of the store.h
 * contract.
 *
 * The caller (the monitoring layer, a page) gives the aggregates of the
 * plans it needs and a period; each unit that holds records gets the
 * values recorded directly on it (a resident's village, a team's unit, a
 * business's unit...), which core then adds up the unit tree
 * (ind_rollup). Event entities count the records of the period's days,
 * state entities the records as they stood on its last day, spans those
 * that overlap it; reported figures are approved reports (core/records.h
 * report_value), NaN when none counts.
 */
#ifndef XASO_STORE_EVAL_H
#define XASO_STORE_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/expr.h"
#include "core/xerr.h"

struct store;

/* fn(unit code, values) once per unit that holds records, values[j] for
 * aggs[j] (0 for a count without records, NaN for a figure not
 * reported); a non-zero return stops and is returned. Aggregates over
 * entities kept elsewhere (dossiers, tasks, officials, feedback) are
 * refused (XERR_INVALID), never counted as 0. */
typedef int (*pop_value_cb)(const char *unit, const double *values, void *ctx);
/* units[0..nunits): only these units' values are wanted (e.g. a subtree's
 * codes), and only their villages' residents are read; units NULL: every
 * unit's. */
int store_pop_eval(struct store *s, const char *const *units, size_t nunits, int32_t first,
                   int32_t last, const struct expr_agg *const *aggs, size_t n, pop_value_cb fn,
                   void *ctx, struct xerr *e);

#endif
