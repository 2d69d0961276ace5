/*
 * index766_unit.h: the counts of the 766 index for every unit of a tree,
 * from what the store counted per unit and per procedure. Pure: no I/O.
 *
 * This module owns the step between the store and the scoring
 * (core/index766.h): the store counts, in one pass per table, each unit's
 * own dossiers and feedback (the rows marked `additive` in the rule table)
 * and which procedures each unit's dossiers touched (online, paid online,
 * bearing a fee, with population data); it reads the catalogue's facts per
 * procedure. Here the additive counts and the procedures touched go up the
 * unit tree through ind_rollup (core/indicator.h: parents, mergers and
 * splits as they stood on the period's last day), and the rows that count
 * procedures are judged for each unit at its level: a commune counts the
 * procedures done at commune level, a province all of them.
 *
 * The publication rules of rows 1.1 and 1.2 live here, once:
 * idx_published_on_time() and idx_public_on_time().
 *
 * Memory: struct idx_tree is caller-owned; idx_tree_counts() writes into
 * caller-owned arrays and allocates only temporaries it frees.
 */
#ifndef XASO_CORE_INDEX766_UNIT_H
#define XASO_CORE_INDEX766_UNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/index766.h"
#include "core/indicator.h"
#include "core/xerr.h"

/* What a unit's dossiers of one procedure did in the period, counted by
 * the store per (unit, procedure): 1 when at least one did, else 0. */
enum idx_proc_flag {
	IDX_PF_ONLINE = 0,  /* received online (row 3.2) */
	IDX_PF_PAID_ONLINE, /* paid online in full (3.5b) */
	IDX_PF_FEE,         /* bearing a fee (3.5) */
	IDX_PF_POPULATION,  /* the applicant's identity from population data (4.5a) */
	IDX_PF_N,
};

/* A procedure of the catalogue as the index reads it. Days are Julian, 0
 * when not known. */
struct idx_proc {
	bool commune; /* done at commune level ("commune" in the catalogue) */
	int32_t decision_day, basis_day, public_day;
	bool has_fee;      /* a fee above 0 in the catalogue */
	bool content_full; /* every component xaso keeps is public: name, documents,
	                      processing time (Decree 63/2010 art. 8(2), as far as
	                      xaso's catalogue holds them) */
	bool paper;        /* its result is a paper document (rows 3.3, 4.1, 4.2) */
	bool elig;         /* eligible for full online service (row 3.4) */
};

/* Row 1.1 [P]: the publication decision came at least 5 working days
 * before the legal basis took effect (province level; RULES.md §1.2). */
bool idx_published_on_time(const struct cal *c, int32_t decision_day, int32_t basis_day);
/* Row 1.2 [P]: made public within 5 working days of the decision. */
bool idx_public_on_time(const struct cal *c, int32_t decision_day, int32_t public_day);

/* The tree and what the store counted. n units; nodes[i] (parent and
 * retired, core/indicator.h) and level[i] (UNIT_PROVINCE, UNIT_COMMUNE;
 * other levels are carried but not scored); own[i]: unit i's own additive
 * rows (the other rows are ignored); seen[(i * nproc + p) * IDX_PF_N + f]:
 * unit i's own dossiers of procedure p did f. */
struct idx_tree {
	size_t n;
	const struct ind_node *nodes;
	const int *level;
	const struct ind_succ *succ;
	size_t nsucc;
	const struct idx766_counts *own;
	size_t nproc;
	const struct idx_proc *procs;
	const double *seen;
};

/* out[i] (n of them): the counts of unit i's subtree for the period
 * [first, last] (Julian days): additive rows summed up the tree,
 * procedure rows judged at the unit's level. */
int idx_tree_counts(const struct cal *c, const struct idx_tree *t, int32_t first, int32_t last,
                    struct idx766_counts *out, struct xerr *e);

/* Scores every province and commune of t with the profile in force on the
 * period's last day: res[i] for unit i (n of them; units of other levels
 * get profile NULL and no rows). */
int idx_tree_score(const struct cal *c, const struct idx_tree *t, int32_t first, int32_t last,
                   const struct idx_options *o, struct idx_result *res, struct xerr *e);

/* Ranks by total, highest first, ties sharing a rank (1, 2, 2, 4):
 * rank[i] for total[i]. */
void idx_rank(const double *total, size_t n, int *rank);

/* Marks the rows xaso cannot count (EXTERNAL, and those whose data it does
 * not capture) as not known (NaN) in c; the store calls it on each unit's
 * own counts before filling them. */
void idx_counts_unknown(struct idx766_counts *c);

#endif
