/*
 * index766.c: the counts of the 766 index per unit, in one pass per table
 * (see store_index766.h).
 *
 * One derived table, DOSSIER_FACTS, says per dossier what every row reads:
 * received in the period (rec), judged for progress (judged: not closed
 * without processing), late as of ?4 (the rule book's columns: on_time of a
 * dossier finished by then; else more supplement requests than core allows
 * (?5), or its appointment passed while it ran), its files, its procedure's
 * facts and any feedback about it. The counts aggregate it GROUP BY unit;
 * the lists of dossiers that lost a point filter it with the row's
 * condition, so a listed dossier is exactly one the count missed.
 *
 * Parameters (each statement takes the first ones it needs): ?1 the root
 * unit ("" for all), ?2 and ?3 the period's first and after-last local
 * minute, ?4 the minute judged at, ?5 the supplement requests core allows
 * on time.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/expr.h"
#include "core/records.h"
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

/* Every column it reads is in the index dossier_idx766 (migration 015), so
 * the pass reads that index alone, in unit order. */
#define DOSSIER_FACTS                                                                              \
	"(SELECT d.id, d.code, d.unit, d.procedure, d.channel, d.status, d.received_at, "          \
	"d.due_at, d.finished_at, d.fee_due, d.paid_online, d.identity_source, d.rating, "         \
	"p.paper_result AS paper, p.full_online_eligible AS elig, "                                \
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
	"WHERE d.unit IN " UNITS " AND d.received_at > 0 AND d.received_at < ?3 "                  \
	"AND (d.finished_at = 0 OR d.finished_at >= ?2)) x "

/* Each listed row: its condition on DOSSIER_FACTS (what loses its point). */
#define LOST_2_1  "judged = 1 AND late = 1"
#define LOST_3_3  "rec = 1 AND channel = 2 AND paper = 1 AND has_res = 0"
#define LOST_3_6  "rec = 1 AND fee_due = 1 AND paid_online = 0"
#define LOST_4_1  "rec = 1 AND paper = 1 AND status IN (9, 10) AND has_res = 0"
#define LOST_4_2  "rec = 1 AND (has_doc = 0 OR (paper = 1 AND has_res = 0))"
#define LOST_4_3  "rec = 1 AND reused = 0"
#define LOST_4_5B "rec = 1 AND identity_source = 0"
#define LOST_5_4  "rec = 1 AND (late = 1 OR coalesce(rating, 1) = 0 OR complained = 1)"

#define NOT(c) "NOT (" c ")"
#define F(c)   "count(*) FILTER (WHERE " c "), "

static const char sql_dossiers[] = "SELECT unit, " F("judged = 1 AND " NOT("late = 1"))
    F("judged = 1") F("rec = 1 AND channel = 2 AND (paper = 0 OR has_res = 1)") F("rec = 1")
        F("rec = 1 AND elig = 1 AND channel = 2") F("rec = 1 AND elig = 1")
            F("rec = 1 AND paid_online = 1") F("rec = 1 AND fee_due = 1")
                F("rec = 1 AND paper = 1 AND status IN (9, 10) AND has_res = 1")
                    F("rec = 1 AND paper = 1 AND status IN (9, 10)")
                        F("rec = 1 AND has_doc = 1 AND (paper = 0 OR has_res = 1)")
                            F("rec = 1 AND reused = 1") F("rec = 1 AND identity_source > 0")
                                F("rec = 1 AND " NOT(LOST_5_4)) "0 FROM " DOSSIER_FACTS
                                                                "GROUP BY unit";

static const char sql_procedures_touched[] =
    "SELECT unit, procedure, max(CASE WHEN channel = 2 THEN 1 ELSE 0 END), "
    "max(paid_online), max(fee_due), max(CASE WHEN identity_source > 0 THEN 1 ELSE 0 END) "
    "FROM dossier WHERE unit IN " UNITS " AND received_at >= ?2 AND received_at < ?3 "
    "GROUP BY unit, procedure";

/* Feedback received in the period: all, about procedures (5.1a), about
 * officials (5.1b), handled on time as of ?4 (5.2); and for 5.3, the
 * feedback filed for the first time (not a follow-up of earlier
 * feedback), and of those the ones handled on time, not disliked by their
 * sender and not followed up by the sender by ?4 (migration 017). */
#define ON_TIME_AT_END ST_FEEDBACK_ON_TIME("?4") " = 1"
static const char sql_feedback[] =
    "SELECT unit, count(*), count(*) FILTER (WHERE topic = 1), count(*) FILTER (WHERE topic = 2), "
    "count(*) FILTER (WHERE " ON_TIME_AT_END "), count(*) FILTER (WHERE " ST_FEEDBACK_FIRST
    " = 1 AND " ON_TIME_AT_END " AND " ST_FEEDBACK_LIKED
    " = 1 AND " ST_FEEDBACK_REPEATED("?4") " = 0), count(*) FILTER (WHERE " ST_FEEDBACK_FIRST
                                           " = 1) "
                                           "FROM feedback WHERE unit IN " UNITS
                                           " AND created_at >= ?2 AND created_at < ?3 "
                                           "GROUP BY unit";
#undef ON_TIME_AT_END

static const char sql_units[] =
    "SELECT code, name, level, coalesce(parent, ''), coalesce(valid_to, '') FROM unit "
    "WHERE level <= 2 AND code IN " UNITS " ORDER BY level, code";

static const char sql_successions[] = "SELECT old_code, new_code, share FROM unit_succession";

static const char sql_catalogue[] =
    "SELECT code, level, coalesce(decision_date, ''), coalesce(basis_effective, ''), "
    "coalesce(public_date, ''), CASE WHEN fee_vnd > 0 THEN 1 ELSE 0 END, "
    "CASE WHEN name <> '' AND time_unit <> '' AND EXISTS (SELECT 1 FROM procedure_document pd "
    "WHERE pd.procedure = procedure.code) THEN 1 ELSE 0 END FROM procedure";

struct load {
	struct idx766_data *d;
	int32_t last;
	size_t cap;
	struct xerr *e;
};

static void *grow(void *p, size_t n, size_t size)
{
	return realloc(p, (n ? n : 1) * size);
}

static int unit_row(struct db_stmt *st, void *ctx)
{
	struct load *l = ctx;
	struct idx766_data *d = l->d;
	if (d->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		struct idx_unit *u = grow(d->units, l->cap, sizeof *u);
		if (!u)
			return xerr_set(l->e, XERR_NOMEM, "units", "out of memory");
		d->units = u;
	}
	struct idx_unit *u = &d->units[d->n++];
	db_text_copy(st, 0, u->code, sizeof u->code);
	db_text_copy(st, 1, u->name, sizeof u->name);
	u->level = (int)db_int(st, 2);
	db_text_copy(st, 3, u->parent, sizeof u->parent);
	int32_t to = 0;
	u->retired = *db_text(st, 4) &&
	             cal_parse_date(db_text(st, 4), "valid_to", &to, NULL) == 0 &&
	             ind_retired(to, l->last);
	return 0;
}

int store_index766_find(const struct idx766_data *d, const char *code)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->units[i].code, code))
			return (int)i;
	return -1;
}

static int succession_row(struct db_stmt *st, void *ctx)
{
	struct load *l = ctx;
	struct idx766_data *d = l->d;
	int from = store_index766_find(d, db_text(st, 0)),
	    to = store_index766_find(d, db_text(st, 1));
	if (from < 0 || to < 0)
		return 0;
	struct ind_succ *s = grow(d->succ, d->nsucc + 1, sizeof *s);
	if (!s)
		return xerr_set(l->e, XERR_NOMEM, "units", "out of memory");
	d->succ = s;
	d->succ[d->nsucc++] = (struct ind_succ){from, to, db_double(st, 2)};
	return 0;
}

static int32_t day_of(const char *text)
{
	int32_t day = 0;
	return *text && cal_parse_date(text, "date", &day, NULL) == 0 ? day : 0;
}

static int catalogue_row(struct db_stmt *st, void *ctx)
{
	struct load *l = ctx;
	struct idx766_data *d = l->d;
	if (d->nproc == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		struct idx_proc *p = grow(d->procs, l->cap, sizeof *p);
		char(*c)[PROC_CODE_MAX] = p ? grow(d->proc_codes, l->cap, sizeof *c) : NULL;
		if (p)
			d->procs = p;
		if (!c)
			return xerr_set(l->e, XERR_NOMEM, "procedures", "out of memory");
		d->proc_codes = c;
	}
	size_t i = d->nproc++;
	db_text_copy(st, 0, d->proc_codes[i], PROC_CODE_MAX);
	d->procs[i] = (struct idx_proc){
	    .commune = !strcmp(db_text(st, 1), "commune"),
	    .decision_day = day_of(db_text(st, 2)),
	    .basis_day = day_of(db_text(st, 3)),
	    .public_day = day_of(db_text(st, 4)),
	    .has_fee = db_int(st, 5) != 0,
	    .content_full = db_int(st, 6) != 0,
	};
	return 0;
}

static int proc_find(const struct idx766_data *d, const char *code)
{
	size_t lo = 0, hi = d->nproc;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(d->proc_codes[mid], code);
		if (!c)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int dossier_row(struct db_stmt *st, void *ctx)
{
	struct load *l = ctx;
	int u = store_index766_find(l->d, db_text(st, 0));
	if (u < 0)
		return 0;
	struct idx766_counts *c = &l->d->own[u];
	struct idx_frac *rows[] = {&c->on_time,
	                           &c->online_dossiers,
	                           &c->full_online_dossiers,
	                           &c->paid_online,
	                           &c->e_result,
	                           &c->digitised,
	                           &c->reused,
	                           &c->population_dossiers,
	                           &c->dossier_satisfied};
	/* Columns: on time, judged, online, received, full online, eligible,
	 * paid online, bearing a fee, e-result, with a result, digitised, then
	 * three numerators over the dossiers received. */
	long v[14];
	for (int i = 0; i < 14; i++)
		v[i] = (long)db_int(st, 1 + i);
	long received = v[3];
	*rows[0] = (struct idx_frac){v[0], v[1]};
	*rows[1] = (struct idx_frac){v[2], received};
	*rows[2] = (struct idx_frac){v[4], v[5]};
	*rows[3] = (struct idx_frac){v[6], v[7]};
	*rows[4] = (struct idx_frac){v[8], v[9]};
	*rows[5] = (struct idx_frac){v[10], received};
	*rows[6] = (struct idx_frac){v[11], received};
	*rows[7] = (struct idx_frac){v[12], received};
	*rows[8] = (struct idx_frac){v[13], received};
	return 0;
}

static int touched_row(struct db_stmt *st, void *ctx)
{
	struct load *l = ctx;
	int u = store_index766_find(l->d, db_text(st, 0)), p = proc_find(l->d, db_text(st, 1));
	if (u < 0 || p < 0)
		return 0;
	double *s = l->d->seen + ((size_t)u * l->d->nproc + (size_t)p) * IDX_PF_N;
	for (int f = 0; f < IDX_PF_N; f++)
		s[f] = (double)db_int(st, 2 + f);
	return 0;
}

static int feedback_row(struct db_stmt *st, void *ctx)
{
	struct load *l = ctx;
	int u = store_index766_find(l->d, db_text(st, 0));
	if (u < 0)
		return 0;
	struct idx766_counts *c = &l->d->own[u];
	double all = (double)db_int(st, 1);
	c->feedback_on_procedures = (struct idx_frac){(double)db_int(st, 2), all};
	c->feedback_on_staff = (struct idx_frac){(double)db_int(st, 3), all};
	c->feedback_on_time = (struct idx_frac){(double)db_int(st, 4), all};
	c->feedback_satisfied = (struct idx_frac){(double)db_int(st, 5), (double)db_int(st, 6)};
	return 0;
}

static int cmp_code(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The catalogue in code order (byte order, whatever the back end's
 * collation), the facts following their codes. */
static int sort_catalogue(struct idx766_data *d, struct xerr *e)
{
	struct pair {
		char code[PROC_CODE_MAX];
		struct idx_proc p;
	} *tmp = malloc((d->nproc ? d->nproc : 1) * sizeof *tmp);
	if (!tmp)
		return xerr_set(e, XERR_NOMEM, "procedures", "out of memory");
	for (size_t i = 0; i < d->nproc; i++) {
		memcpy(tmp[i].code, d->proc_codes[i], PROC_CODE_MAX);
		tmp[i].p = d->procs[i];
	}
	qsort(tmp, d->nproc, sizeof *tmp, cmp_code);
	for (size_t i = 0; i < d->nproc; i++) {
		memcpy(d->proc_codes[i], tmp[i].code, PROC_CODE_MAX);
		d->procs[i] = tmp[i].p;
	}
	free(tmp);
	return 0;
}

/* The arrays per unit, once the units are known. */
static int shape(struct idx766_data *d, struct xerr *e)
{
	size_t n = d->n ? d->n : 1, kp = d->nproc * IDX_PF_N;
	d->nodes = calloc(n, sizeof *d->nodes);
	d->level = calloc(n, sizeof *d->level);
	d->own = calloc(n, sizeof *d->own);
	d->seen = calloc(n * (kp ? kp : 1), sizeof *d->seen);
	d->reported = calloc(n * IDX766_EXTERNAL_MAX, sizeof *d->reported);
	if (!d->nodes || !d->level || !d->own || !d->seen || !d->reported)
		return xerr_set(e, XERR_NOMEM, "units", "out of memory");
	for (size_t i = 0; i < d->n; i++) {
		d->nodes[i].parent = store_index766_find(d, d->units[i].parent);
		d->nodes[i].retired = d->units[i].retired;
		d->level[i] = d->units[i].level;
		idx_counts_unknown(&d->own[i]);
	}
	return 0;
}

struct load_args {
	const char *root;
	int64_t from, to, as_of;
	int32_t first, last;
	struct load l;
};

/* ---- external rows: the approved reports of their figures ---- */

static const char sql_reports[] =
    "SELECT unit, first_day, last_day, value, reporter, coalesce(decided_at, 0) FROM report "
    "WHERE unit IN " UNITS " AND figure = ?2 AND status = ?3 ORDER BY unit";

/* One figure's reports, gathered unit by unit. */
struct figure_load {
	struct idx766_data *d;
	int32_t first, last;
	bool flow;
	double *value;              /* per unit, NaN: nothing reported */
	struct idx766_reported *by; /* per unit: the latest approval that counts */
	int unit;
	struct report_span *span;
	size_t n, cap;
};

static void figure_flush(struct figure_load *f)
{
	if (f->unit >= 0 && f->n)
		f->value[f->unit] = report_value(f->flow, f->span, f->n, f->first, f->last);
	f->n = 0;
}

static int figure_row(struct db_stmt *st, void *ctx)
{
	struct figure_load *f = ctx;
	int u = store_index766_find(f->d, db_text(st, 0));
	if (u != f->unit) {
		figure_flush(f);
		f->unit = u;
	}
	if (u < 0)
		return 0;
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		struct report_span *p = realloc(f->span, cap * sizeof *p);
		if (!p)
			return XERR_NOMEM;
		f->span = p;
		f->cap = cap;
	}
	struct report_span s = {(int32_t)db_int(st, 1), (int32_t)db_int(st, 2), db_double(st, 3)};
	f->span[f->n++] = s;
	/* Who: the latest approval among the reports of the period or, for a
	 * level, of the year before its end. */
	int64_t at = db_int(st, 5);
	if (s.last <= f->last && s.last >= f->first - 366 && at >= f->by[u].at) {
		db_text_copy(st, 4, f->by[u].by, sizeof f->by[u].by);
		f->by[u].at = at;
	}
	return 0;
}

/* A figure's value for every unit (value[], NaN when not reported). */
static int figure_values(struct db_conn *c, const struct load_args *a, const char *name,
                         double *value, struct idx766_reported *by, struct xerr *e)
{
	const struct expr_figure *fig = expr_figure_find(name);
	struct figure_load f = {a->l.d, a->first, a->last, fig && fig->flow, value, by, -1,
	                        NULL,   0,        0};
	for (size_t u = 0; u < a->l.d->n; u++)
		value[u] = NAN;
	int rc = db_query_each(c, sql_reports,
	                       DB_ARGS(DB_TEXT(a->root), DB_TEXT(name), DB_INT(REPORT_APPROVED)),
	                       figure_row, &f, e);
	if (rc == XERR_NOMEM)
		rc = xerr_set(e, XERR_NOMEM, "reports", "out of memory");
	if (rc == 0)
		figure_flush(&f);
	free(f.span);
	return rc;
}

static void external_set(struct idx766_data *d, size_t k, const double *num, const double *den)
{
	for (size_t u = 0; u < d->n; u++) {
		struct idx_frac *f = (struct idx_frac *)((char *)&d->own[u] + d->external[k]);
		bool hn = !isnan(num[u]), hd = !isnan(den[u]);
		if (!hn && !hd)
			*f = (struct idx_frac){0, 0}; /* nothing reported: not applicable */
		else if (hn && hd && num[u] >= 0 && num[u] <= den[u])
			*f = (struct idx_frac){num[u], den[u]};
		else
			*f = (struct idx_frac){NAN, NAN}; /* half reported or inconsistent */
	}
}

/* The external rows of every profile (their counts, once each) and their
 * figures' reports for every unit. */
static int external_rows(struct db_conn *c, struct load_args *a, struct xerr *e)
{
	struct idx766_data *d = a->l.d;
	size_t np;
	const struct idx_profile *ps = idx_profiles(&np);
	size_t n = d->n ? d->n : 1;
	double *num = malloc(n * sizeof *num), *den = malloc(n * sizeof *den);
	struct idx766_reported *by = calloc(n, sizeof *by);
	int rc = 0;
	if (!num || !den || !by) {
		free(num);
		free(den);
		free(by);
		return xerr_set(e, XERR_NOMEM, "reports", "out of memory");
	}
	for (size_t p = 0; rc == 0 && p < np; p++)
		for (size_t i = 0; rc == 0 && i < ps[p].nrows; i++) {
			const struct idx_row *w = &ps[p].rows[i];
			size_t k = 0;
			while (k < d->nexternal && d->external[k] != w->counts)
				k++;
			if (w->source != IDX_EXTERNAL || k < d->nexternal ||
			    k == IDX766_EXTERNAL_MAX)
				continue;
			d->external[d->nexternal++] = w->counts;
			for (size_t u = 0; u < d->n; u++)
				by[u] = (struct idx766_reported){"", 0};
			rc = figure_values(c, a, w->figure_num, num, by, e);
			if (rc == 0)
				rc = figure_values(c, a, w->figure_den, den, by, e);
			for (size_t u = 0; rc == 0 && u < d->n; u++)
				d->reported[u * IDX766_EXTERNAL_MAX + k] = by[u];
			if (rc == 0)
				external_set(d, k, num, den);
		}
	free(num);
	free(den);
	free(by);
	return rc;
}

static int load_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	struct load_args *a = ctx;
	struct idx766_data *d = a->l.d;
	const struct db_arg args[] = {DB_TEXT(a->root), DB_INT(a->from), DB_INT(a->to),
	                              DB_INT(a->as_of), DB_INT(DOSSIER_SUPPLEMENTS_ON_TIME)};
	int rc = db_begin(c, DB_READ, e);
	if (rc)
		return rc;
	a->l.cap = 0;
	rc = db_query_each(c, sql_units, args, 1, unit_row, &a->l, e);
	if (rc == 0 && a->root[0] && store_index766_find(d, a->root) < 0)
		rc = xerr_set(e, XERR_NOTFOUND, "unit", "no unit %s", a->root);
	if (rc == 0)
		rc = db_query_each(c, sql_successions, NULL, 0, succession_row, &a->l, e);
	a->l.cap = 0;
	if (rc == 0)
		rc = db_query_each(c, sql_catalogue, NULL, 0, catalogue_row, &a->l, e);
	if (rc == 0 && (rc = sort_catalogue(d, e)) == 0)
		rc = shape(d, e);
	if (rc == 0)
		rc = db_query_each(c, sql_dossiers, args, 5, dossier_row, &a->l, e);
	if (rc == 0)
		rc = db_query_each(c, sql_procedures_touched, args, 3, touched_row, &a->l, e);
	if (rc == 0)
		rc = db_query_each(c, sql_feedback, args, 4, feedback_row, &a->l, e);
	if (rc == 0)
		rc = external_rows(c, a, e);
	db_end(c, false, NULL);
	return rc;
}

int store_index766_load(struct store *s, const char *root, int32_t first, int32_t last,
                        int64_t as_of, struct idx766_data *out, struct xerr *e)
{
	memset(out, 0, sizeof *out);
	struct load_args a = {
	    root ? root : "", cal_time(first, 0), cal_time(last + 1, 0), as_of, first, last,
	    {out, last, 0, e}};
	int rc = st_read_stale(s, load_tx, &a, e);
	if (rc) {
		store_index766_free(out);
		return rc;
	}
	out->tree = (struct idx_tree){out->n,   out->nodes, out->level, out->succ, out->nsucc,
	                              out->own, out->nproc, out->procs, out->seen};
	return 0;
}

void store_index766_free(struct idx766_data *d)
{
	free(d->units);
	free(d->nodes);
	free(d->level);
	free(d->succ);
	free(d->own);
	free(d->procs);
	free(d->proc_codes);
	free(d->seen);
	free(d->reported);
	memset(d, 0, sizeof *d);
}

#define LIST(cond)                                                                                 \
	"SELECT id, code, unit, procedure, channel, status, received_at, due_at, finished_at "     \
	"FROM " DOSSIER_FACTS "WHERE " cond " AND id > ?6 ORDER BY id LIMIT ?7"

static const struct {
	const char *row, *sql;
} lists[] = {
    {"2.1", LIST(LOST_2_1)},   {"3.3", LIST(LOST_3_3)}, {"3.6", LIST(LOST_3_6)},
    {"4.1", LIST(LOST_4_1)},   {"4.2", LIST(LOST_4_2)}, {"4.3", LIST(LOST_4_3)},
    {"4.5b", LIST(LOST_4_5B)}, {"5.4", LIST(LOST_5_4)},
};

bool store_index766_row_listed(const char *row)
{
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		if (!strcmp(lists[i].row, row))
			return true;
	return false;
}

struct list_ctx {
	idx766_dossier_cb cb;
	void *ctx;
};

static int list_row(struct db_stmt *st, void *ctx)
{
	struct list_ctx *x = ctx;
	struct idx766_dossier d;
	memset(&d, 0, sizeof d);
	d.id = db_int(st, 0);
	db_text_copy(st, 1, d.code, sizeof d.code);
	db_text_copy(st, 2, d.unit, sizeof d.unit);
	db_text_copy(st, 3, d.procedure, sizeof d.procedure);
	d.channel = (int)db_int(st, 4);
	d.status = (int)db_int(st, 5);
	d.received_at = db_int(st, 6);
	d.due_at = db_int(st, 7);
	d.finished_at = db_int(st, 8);
	return x->cb(&d, x->ctx);
}

int store_index766_dossiers(struct store *s, const char *unit, const char *row, int32_t first,
                            int32_t last, int64_t as_of, int64_t after, int limit,
                            idx766_dossier_cb cb, void *ctx, struct xerr *e)
{
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		if (strcmp(lists[i].row, row))
			continue;
		struct list_ctx x = {cb, ctx};
		return st_each_stale(s, lists[i].sql,
		                     DB_ARGS(DB_TEXT(unit), DB_INT(cal_time(first, 0)),
		                             DB_INT(cal_time(last + 1, 0)), DB_INT(as_of),
		                             DB_INT(DOSSIER_SUPPLEMENTS_ON_TIME), DB_INT(after),
		                             DB_INT(limit)),
		                     list_row, &x, e);
	}
	return xerr_set(e, XERR_INVALID, "row",
	                "row %s has no list of dossiers (2.1, 3.3, 3.6, 4.1, 4.2, 4.3, 4.5b, 5.4)",
	                row);
}
