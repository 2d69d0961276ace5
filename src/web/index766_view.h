/*
 * index766_view.h: the 766 index of a unit and a period as the API, the
 * pages and the CLI show it. It only translates: the store counts
 * (store_index766_load), core rolls up and scores (idx_tree_score); here
 * the period is read, the judging minute chosen (the period's end, or now
 * when the period is not over), and the result turned into JSON (jansson)
 * or CSV (core/csv.h).
 *
 * Memory: idx766_report_make() fills a report that idx766_report_free()
 * releases; JSON values are new references for the caller.
 */
#ifndef XASO_WEB_INDEX766_VIEW_H
#define XASO_WEB_INDEX766_VIEW_H

#include <jansson.h>

#include "core/buf.h"
#include "core/indicator.h"
#include "store/store_index766.h"

struct store;

struct idx766_report {
	struct ind_period period;
	char period_text[IND_PERIOD_MAX];
	int64_t as_of; /* the local minute dossiers are judged at */
	struct idx766_data data;
	struct idx_result *res; /* data.n of them */
	int root;               /* index of the unit asked for, -1 for all */
};

/* The period's text ("2026", "2026-Q1", "2026-03"; NULL or "": the
 * current quarter) and unit ("" or NULL: every province held). */
int idx766_report_make(struct store *s, const char *unit, const char *period,
                       struct idx766_report *out, struct xerr *e);
void idx766_report_free(struct idx766_report *rep);

/* The current quarter's text into dst. */
void idx766_period_now(char dst[IND_PERIOD_MAX]);
/* The minute dossiers of period p are judged at: its last minute, or now. */
int64_t idx766_as_of(const struct ind_period *p);

/* {unit, name, period, profile, total, max, complete, groups: [{code, name,
 * points, max, indicators: [{code, name, num, den, rate, target, points,
 * max, applicable, state, rule, source, lost_dossiers}]}]} for unit i. */
json_t *idx766_json(const struct idx766_report *rep, int i, bool en);
/* The units one level under the root (in force), ranked:
 * {"rankings": [{unit, name, total, max, rank}], "count": N}. */
json_t *idx766_rankings_json(const struct idx766_report *rep);
/* The same rankings as a table (rank, unit, name, total, max, period) for
 * CSV or Excel (web/tabular.h); the caller sends and frees it. */
struct tab;
struct req;
void idx766_rankings_tab(const struct idx766_report *rep, struct req *r, struct tab *t);
/* Unit i's rows as a table: unit, period, group, code, name, num, den,
 * rate, target, points, max, state, source. */
void idx766_rows_tab(const struct idx766_report *rep, int i, bool en, struct req *r, struct tab *t);

/* The ranked units' indexes (into rep->data) in rank order and their
 * ranks; returns how many (at most cap). */
size_t idx766_ranked(const struct idx766_report *rep, int *units, int *ranks, size_t cap);

/* Who reported the figures of external row w for unit i (its latest
 * approval that counts); NULL when w is not external or the unit
 * reported nothing itself. */
const struct idx766_reported *idx766_reported_of(const struct idx766_report *rep, int i,
                                                 const struct idx_row *w);
/* The approval day ("YYYY-MM-DD", local) of a report. */
void idx766_reported_day(const struct idx766_reported *x, char dst[11]);

/* The state of a row result as a stable word ("scored", "not_applicable",
 * "out_of_scope", "no_data", "tracking"). */
const char *idx766_state_name(int state);

#endif
