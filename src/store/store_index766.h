/*
 * store_index766.h: what the index of Decision 766 counts, for every unit
 * of a subtree and a period at once. Part of the store.h contract.
 *
 * store_index766_load() reads, in one read transaction, the units of the
 * subtree (in force or retired, with their successions), the catalogue's
 * facts per procedure, and counts per unit: dossiers (received in the
 * period, or received before and still being processed in it) and the
 * procedures each unit's dossiers touched, from the counts kept per unit
 * and month by triggers (migration 016) and the few dossiers those cannot
 * judge (store/index766_count.c), and feedback in one pass; and the approved reports of the figures
 * of the external rows (1.4, 4.4, 4.6: core/records.h report_value(), per unit, as any reported
 * figure is read). A unit that reported neither figure of a row counts 0 of 0 for it (nothing
 * reported: not applicable, by the row's zero rule); one that reported only one of the two, or a
 * numerator above its denominator, counts as not known (no data). Whether a dossier is late is the
 * rule book's verdict as of the period's end (or now, for a period not over): the columns core
 * keeps (on_time, overdue_from, supplement_count; core/dossier.h), never a restated rule.
 * core/index766_unit.h rolls the counts up the tree and core/index766.h scores them.
 *
 * store_index766_dossiers() lists the dossiers that lost a row's point,
 * with the same conditions as the counts (one SQL text for both).
 *
 * Memory: store_index766_load() allocates what store_index766_free()
 * releases.
 */
#ifndef XASO_STORE_INDEX766_H
#define XASO_STORE_INDEX766_H

#include <stddef.h>
#include <stdint.h>

#include "core/dossier.h"
#include "core/index766_unit.h"
#include "core/unit.h"
#include "core/xerr.h"

struct store;

struct idx_unit {
	char code[UNIT_CODE_MAX];
	char name[UNIT_NAME_MAX];
	char parent[UNIT_CODE_MAX];
	int level;
	bool retired; /* on the period's last day: its figures went to its successors */
};

/* An external row's reported figures for one unit (its own approved
 * reports): who reported the latest that counts, and when it was
 * approved (unix seconds); by "" when the unit reported nothing. */
enum { IDX766_EXTERNAL_MAX = 8 };
struct idx766_reported {
	char by[64];
	int64_t at;
};

struct idx766_data {
	size_t n;
	struct idx_unit *units;
	struct ind_node *nodes;
	int *level;
	struct ind_succ *succ;
	size_t nsucc;
	struct idx766_counts *own;
	size_t nproc;
	struct idx_proc *procs;
	char (*proc_codes)[PROC_CODE_MAX];
	double *seen;
	/* The external rows (source IDX_EXTERNAL of every profile, by their
	 * counts offset) and, per unit, reported[u * IDX766_EXTERNAL_MAX + k]. */
	size_t external[IDX766_EXTERNAL_MAX], nexternal;
	struct idx766_reported *reported;
	struct idx_tree tree; /* pointing into the above, for idx_tree_counts() */
};

/* The subtree of root ("" or NULL: every province and commune held) for
 * the days [first, last]; dossiers are judged as of the local minute
 * as_of (the period's end, or now when earlier). XERR_NOTFOUND when root
 * is not a unit. */
int store_index766_load(struct store *s, const char *root, int32_t first, int32_t last,
                        int64_t as_of, struct idx766_data *out, struct xerr *e);
void store_index766_free(struct idx766_data *d);
/* The index of a unit in d, or -1. */
int store_index766_find(const struct idx766_data *d, const char *code);

/* The same as store_index766_load(), but the counts over dossiers read
 * from the dossiers themselves instead of the counts kept per month
 * (migration 016): the check of those (`xaso index766 --check`, the
 * tests). Slower: it reads every dossier of the period. */
int store_index766_recount(struct store *s, const char *root, int32_t first, int32_t last,
                           int64_t as_of, struct idx766_data *out, struct xerr *e);

/* Whether two loads of the same subtree and period count the same over
 * dossiers (rows 2.1, 3.3, 3.4, 3.6, 4.1, 4.2, 4.3, 4.5b, 5.4 and the
 * procedures touched); if not, the first difference into what. */
bool store_index766_same(const struct idx766_data *a, const struct idx766_data *b, char *what,
                         size_t cap);

/* Row codes whose lost points store_index766_dossiers() lists ("2.1",
 * "3.3", "3.6", "4.1", "4.2", "4.3", "4.5b", "5.4"). */
bool store_index766_row_listed(const char *row);

struct idx766_dossier {
	int64_t id;
	char code[DOSSIER_CODE_MAX];
	char unit[UNIT_CODE_MAX];
	char procedure[PROC_CODE_MAX];
	int channel, status;
	int64_t received_at, due_at, finished_at;
};
typedef int (*idx766_dossier_cb)(const struct idx766_dossier *d, void *ctx);

/* The dossiers of unit's subtree (with the units merged into it) that
 * lost row's point in [first, last], after id `after`, at most limit, in
 * id order. XERR_INVALID (field "row") for a row not listed. */
int store_index766_dossiers(struct store *s, const char *unit, const char *row, int32_t first,
                            int32_t last, int64_t as_of, int64_t after, int limit,
                            idx766_dossier_cb cb, void *ctx, struct xerr *e);

#endif
