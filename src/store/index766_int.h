/*
 * index766_int.h: what the store's two halves of the 766 index share:
 * store/index766.c (units, catalogue, feedback, external rows, the lists
 * of dossiers) and store/index766_count.c (the counts over dossiers, kept
 * or from scratch). Private to the store.
 *
 * It owns the SQL of a subtree's units (UNITS) and of a dossier's facts
 * (FACTS_OF, DOSSIER_FACTS: see index766_count.c), the period as the
 * statements bind it (struct idx766_span) and the load under way (struct
 * idx766_load, whose arrays belong to the struct idx766_data it fills).
 */
#ifndef XASO_STORE_INDEX766_INT_H
#define XASO_STORE_INDEX766_INT_H

#include "store/store_index766.h"
#include "store/store_int.h"

/* The units counted for root ?1: itself, its children (in force or not),
 * and the units merged into either ("": every unit). One branch per kind,
 * each an index search, so a commune's list costs a few lookups rather
 * than a scan of the unit table in every statement. */
#define UNITS                                                                                      \
	"(SELECT code FROM unit WHERE ?1 = '' UNION ALL SELECT ?1 WHERE ?1 <> '' UNION ALL "       \
	"SELECT code FROM unit WHERE parent = ?1 UNION ALL SELECT old_code FROM unit_succession "  \
	"WHERE new_code = ?1 UNION ALL SELECT s.old_code FROM unit n JOIN unit_succession s ON "   \
	"s.new_code = n.code WHERE n.parent = ?1)"

/* A dossier's facts, for the dossiers where: filter. */
#define FACTS_OF(where)                                                                            \
	"SELECT d.id, d.code, d.unit, d.procedure, d.channel, d.status, d.received_at, "           \
	"d.due_at, d.finished_at, d.on_time, d.fee_due, d.paid_online, d.identity_source, "        \
	"d.rating, p.paper_result AS paper, p.full_online_eligible AS elig, "                      \
	"CASE WHEN d.received_at >= ?2 THEN 1 ELSE 0 END AS rec, "                                 \
	"CASE WHEN d.is_open = 0 AND d.finished_at = 0 THEN 0 ELSE 1 END AS judged, "              \
	"CASE WHEN d.finished_at > 0 AND d.finished_at <= ?4 "                                     \
	"THEN (CASE WHEN d.on_time = 0 THEN 1 ELSE 0 END) "                                        \
	"WHEN d.supplement_count > ?5 THEN 1 "                                                     \
	"WHEN d.finished_at > 0 THEN (CASE WHEN d.due_at > 0 AND d.due_at < ?4 THEN 1 ELSE 0 "     \
	"END) "                                                                                    \
	"WHEN d.overdue_from > 0 AND d.overdue_from <= ?4 THEN 1 ELSE 0 END AS late, "             \
	"d.has_document AS has_doc, d.has_result AS has_res, d.has_reused AS reused, "             \
	"CASE WHEN d.code IN (SELECT b.dossier_code FROM feedback b WHERE b.dossier_code <> '') "  \
	"THEN 1 ELSE 0 END AS complained "                                                         \
	"FROM dossier d JOIN procedure p ON p.code = d.procedure "                                 \
	"WHERE d.unit IN " UNITS " AND d.received_at > 0 AND d.received_at < ?3 AND " where

/* Every column it reads is in the index dossier_idx766 (migration 015), so
 * a list reads that index alone, in unit order. */
#define DOSSIER_FACTS "(" FACTS_OF("(d.finished_at = 0 OR d.finished_at >= ?2)") ") x "

/* The dossiers the kept counts cannot judge: unfinished, or finished at or
 * after ?6 (index dossier_idx766_finished, migration 016). */
#define UNSETTLED                                                                                  \
	"(" FACTS_OF("d.finished_at = 0") " UNION ALL " FACTS_OF("d.finished_at >= ?6") ") x "

/* Each listed row: its condition on DOSSIER_FACTS (what loses its point). */
#define LOST_2_1  "judged = 1 AND late = 1"
#define LOST_3_3  "rec = 1 AND channel = 2 AND paper = 1 AND has_res = 0"
#define LOST_3_6  "rec = 1 AND fee_due = 1 AND paid_online = 0"
#define LOST_4_1  "rec = 1 AND paper = 1 AND status IN (9, 10) AND has_res = 0"
#define LOST_4_2  "rec = 1 AND (has_doc = 0 OR (paper = 1 AND has_res = 0))"
#define LOST_4_3  "rec = 1 AND reused = 0"
#define LOST_4_5B "rec = 1 AND identity_source = 0"
#define LOST_5_4  "rec = 1 AND (late = 1 OR coalesce(rating, 1) = 0 OR complained = 1)"

/* The period as the statements bind it (?1 to ?6, index766_count.c). */
struct idx766_span {
	const char *root;
	int64_t from, to, as_of, settled; /* settled: ?6 */
	int32_t first, last;
	int month_first, month_last, month_settled; /* yyyymm */
};

/* Checks that the period is whole months and fills *p. */
int idx766_span_init(struct idx766_span *p, const char *root, int32_t first, int32_t last,
                     int64_t as_of, struct xerr *e);

struct idx766_load {
	struct idx766_data *d;
	int32_t last;
	size_t cap;
	struct xerr *e;
	int unit; /* the last unit found (-1: none yet), and its code */
	char code[UNIT_CODE_MAX];
};

/* The procedure's index in d's sorted catalogue, -1 if none. */
int idx766_proc_find(const struct idx766_data *d, const char *code);

/* The rows counted over dossiers (2.1, 3.3, 3.4, 3.6, 4.1, 4.2, 4.3, 4.5b,
 * 5.4) and the procedures touched, into l->d (own[], seen[]): from the
 * kept counts, or from the dossiers themselves (the check). */
int idx766_count_kept(struct db_conn *c, const struct idx766_span *p, struct idx766_load *l,
                      struct xerr *e);
int idx766_count_scratch(struct db_conn *c, const struct idx766_span *p, struct idx766_load *l,
                         struct xerr *e);

#endif
