/*
 * index766_count.c: the 766 index's counts over dossiers (rows 2.1, 3.3,
 * 3.4, 3.6, 4.1, 4.2, 4.3, 4.5b, 5.4) and the procedures each unit's
 * dossiers touched (3.2, 3.5, 3.5b, 4.5a), for every unit of a subtree and
 * a period of whole months (see store_index766.h, index766_int.h).
 *
 * What is counted is DOSSIER_FACTS GROUP BY unit: per dossier received
 * before the period's end and not finished before its start, received in
 * the period (rec), judged for progress (judged: not closed without
 * processing), late as of ?4 (the rule book's columns: on_time of a
 * dossier finished by then; else more supplement requests than core allows
 * (?5), or its appointment passed while it ran), its files, its
 * procedure's facts and any feedback about it. idx766_count_scratch()
 * counts exactly that, reading every dossier (the check: `xaso index766
 * --check`, the tests).
 *
 * idx766_count_kept() reads the same counts without reading the period's
 * dossiers. Triggers (migration 016) keep per unit and local month
 * (yyyymm) the dossiers received, split by procedure and by their own
 * columns (idx766_received), and the dossiers finished and finished late
 * (idx766_finished), in the transaction of every write. Every row
 * "received in the period" is a sum over the period's months, with the
 * procedure's facts (paper result, eligible for full online service)
 * applied here per procedure; the procedures touched are the same rows.
 * Row 2.1, and row 5.4's "late", judge a dossier as of ?4: one finished in
 * a month wholly before ?4 is late when on_time = 0, which the kept counts
 * say; the others, UNSETTLED (unfinished, or finished at or after ?6, the
 * start of the month ?4 is in, or the period's end once it is over), are
 * read from DOSSIER_FACTS itself and replace what the kept counts took for
 * them. They are few: the dossiers open now and those finished since the
 * month began.
 *
 * Parameters: ?1 the root unit ("" for all), ?2 and ?3 the period's first
 * and after-last local minute, ?4 the minute judged at, ?5 the supplement
 * requests core allows on time, ?6 the first minute not wholly judged by
 * the kept counts; the kept counts' statements take months (yyyymm).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "store/index766_int.h"

#define NOT(c)  "NOT (" c ")"
#define F(c)    "count(*) FILTER (WHERE " c "), "
#define UNHAPPY "(coalesce(rating, 1) = 0 OR complained = 1)"

/* Per unit: judged and not late, judged, late and received and not
 * otherwise unhappy (row 5.4 loses them), and what the kept counts took
 * for late of those (finished late, received, not otherwise unhappy). */
static const char sql_unsettled[] = "SELECT unit, " F("judged = 1 AND " NOT("late = 1"))
    F("judged = 1") F("rec = 1 AND late = 1 AND " NOT(UNHAPPY))
        F("rec = 1 AND finished_at > 0 AND coalesce(on_time, 1) = 0 AND " NOT(
            UNHAPPY)) "0 FROM " UNSETTLED "GROUP BY unit";

/* ?2 and ?3: the period's first and last month. Summed here, not GROUP BY
 * unit and procedure: the rows come in key order (unit, month, procedure),
 * and a sort would cost more than the sums. */
static const char sql_received[] =
    "SELECT unit, procedure, dossiers, online, online_result, done, done_result, documented, "
    "documented_result, reused, paid_online, fee_due, population, unhappy, late_finished "
    "FROM idx766_received WHERE unit IN " UNITS " AND month >= ?2 AND month <= ?3";

/* ?2 the period's first month, ?3 the first month not wholly judged. */
static const char sql_finished[] =
    "SELECT unit, sum(finished), sum(late) FROM idx766_finished WHERE unit IN " UNITS
    " AND month >= ?2 AND month < ?3 GROUP BY unit";

/* From scratch: the same counts over every dossier. */
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

/* ---- the period ---- */

/* A day's local month as yyyymm, and the first day of that month. */
static int month_of(int32_t day)
{
	char s[11];
	cal_format_date(day, s);
	return atoi(s) * 100 + atoi(s + 5);
}

static int32_t month_start(int32_t day)
{
	char s[11];
	int32_t first = day;
	cal_format_date(day, s);
	s[8] = '0';
	s[9] = '1';
	cal_parse_date(s, "day", &first, NULL);
	return first;
}

int idx766_span_init(struct idx766_span *p, const char *root, int32_t first, int32_t last,
                     int64_t as_of, struct xerr *e)
{
	if (month_start(first) != first || month_start(last + 1) != last + 1 || last < first)
		return xerr_set(e, XERR_INVALID, "period",
		                "the 766 index counts whole months (a year, a quarter, a month)");
	*p = (struct idx766_span){root ? root : "",
	                          cal_time(first, 0),
	                          cal_time(last + 1, 0),
	                          as_of,
	                          0,
	                          first,
	                          last,
	                          month_of(first),
	                          month_of(last),
	                          0};
	/* ?6: the period's end once it is over, else the start of the month
	 * the minute judged is in (months before it are wholly judged). */
	p->settled = p->to;
	if (as_of < p->to - 1) {
		int32_t day = month_start(cal_time_day(as_of + 1));
		p->settled = day < first ? p->from : cal_time(day, 0);
	}
	p->month_settled = month_of(cal_time_day(p->settled));
	return 0;
}

/* ---- from the kept counts ---- */

/* What a unit's counts add up to. */
enum {
	K_RECEIVED,
	K_ONLINE,      /* 3.3: online, with the result file where a paper result is due */
	K_ELIG_ONLINE, /* 3.4 */
	K_ELIG,
	K_PAID, /* 3.6 */
	K_FEE,
	K_RESULT, /* 4.1 */
	K_DONE,
	K_DIGITISED,  /* 4.2 */
	K_REUSED,     /* 4.3 */
	K_POPULATION, /* 4.5b */
	K_LOST_54,    /* 5.4: received and lost the point */
	K_ON_TIME,    /* 2.1 */
	K_JUDGED,
	K_N
};

struct kept {
	struct idx766_load *l;
	long (*acc)[K_N]; /* per unit */
};

/* The unit of a row, found once for the rows of one unit in a row. */
static int unit_of(struct idx766_load *l, const char *code)
{
	if (l->unit < 0 || strcmp(l->code, code)) {
		l->unit = store_index766_find(l->d, code);
		snprintf(l->code, sizeof l->code, "%s", code);
	}
	return l->unit;
}

static int received_row(struct db_stmt *st, void *ctx)
{
	struct kept *k = ctx;
	struct idx766_data *d = k->l->d;
	int u = unit_of(k->l, db_text(st, 0)), p = idx766_proc_find(d, db_text(st, 1));
	if (u < 0 || p < 0)
		return 0;
	/* Columns: dossiers, online, online with a result file, ended with a
	 * result, with its file, documented, documented with a result file,
	 * reused, paid online, bearing a fee, population data, unhappy, late. */
	long v[13];
	for (int i = 0; i < 13; i++)
		v[i] = (long)db_int(st, 2 + i);
	const struct idx_proc *f = &d->procs[p];
	long *a = k->acc[u];
	a[K_RECEIVED] += v[0];
	a[K_ONLINE] += f->paper ? v[2] : v[1];
	a[K_ELIG_ONLINE] += f->elig ? v[1] : 0;
	a[K_ELIG] += f->elig ? v[0] : 0;
	a[K_PAID] += v[8];
	a[K_FEE] += v[9];
	a[K_RESULT] += f->paper ? v[4] : 0;
	a[K_DONE] += f->paper ? v[3] : 0;
	a[K_DIGITISED] += f->paper ? v[6] : v[5];
	a[K_REUSED] += v[7];
	a[K_POPULATION] += v[10];
	a[K_LOST_54] += v[11] + v[12];
	/* Touched in any month of the period (counts are never below 0). */
	double *s = d->seen + ((size_t)u * d->nproc + (size_t)p) * IDX_PF_N;
	s[IDX_PF_ONLINE] = s[IDX_PF_ONLINE] || v[1] > 0;
	s[IDX_PF_PAID_ONLINE] = s[IDX_PF_PAID_ONLINE] || v[8] > 0;
	s[IDX_PF_FEE] = s[IDX_PF_FEE] || v[9] > 0;
	s[IDX_PF_POPULATION] = s[IDX_PF_POPULATION] || v[10] > 0;
	return 0;
}

static int finished_row(struct db_stmt *st, void *ctx)
{
	struct kept *k = ctx;
	int u = unit_of(k->l, db_text(st, 0));
	if (u >= 0) {
		k->acc[u][K_JUDGED] += (long)db_int(st, 1);
		k->acc[u][K_ON_TIME] += (long)(db_int(st, 1) - db_int(st, 2));
	}
	return 0;
}

static int unsettled_row(struct db_stmt *st, void *ctx)
{
	struct kept *k = ctx;
	int u = unit_of(k->l, db_text(st, 0));
	if (u >= 0) {
		k->acc[u][K_ON_TIME] += (long)db_int(st, 1);
		k->acc[u][K_JUDGED] += (long)db_int(st, 2);
		k->acc[u][K_LOST_54] += (long)(db_int(st, 3) - db_int(st, 4));
	}
	return 0;
}

static struct idx_frac frac(long num, long den)
{
	return (struct idx_frac){(double)num, (double)den};
}

/* The rows, from what each unit added up to. */
static void kept_rows(struct idx766_data *d, long (*acc)[K_N])
{
	for (size_t u = 0; u < d->n; u++) {
		struct idx766_counts *c = &d->own[u];
		const long *a = acc[u], r = a[K_RECEIVED];
		c->on_time = frac(a[K_ON_TIME], a[K_JUDGED]);
		c->online_dossiers = frac(a[K_ONLINE], r);
		c->full_online_dossiers = frac(a[K_ELIG_ONLINE], a[K_ELIG]);
		c->paid_online = frac(a[K_PAID], a[K_FEE]);
		c->e_result = frac(a[K_RESULT], a[K_DONE]);
		c->digitised = frac(a[K_DIGITISED], r);
		c->reused = frac(a[K_REUSED], r);
		c->population_dossiers = frac(a[K_POPULATION], r);
		c->dossier_satisfied = frac(r - a[K_LOST_54], r);
	}
}

int idx766_count_kept(struct db_conn *c, const struct idx766_span *p, struct idx766_load *l,
                      struct xerr *e)
{
	struct kept k = {l, calloc(l->d->n ? l->d->n : 1, sizeof *k.acc)};
	if (!k.acc)
		return xerr_set(e, XERR_NOMEM, "units", "out of memory");
	l->unit = -1;
	int rc =
	    db_query_each(c, sql_received,
	                  DB_ARGS(DB_TEXT(p->root), DB_INT(p->month_first), DB_INT(p->month_last)),
	                  received_row, &k, e);
	if (rc == 0)
		rc = db_query_each(
		    c, sql_finished,
		    DB_ARGS(DB_TEXT(p->root), DB_INT(p->month_first), DB_INT(p->month_settled)),
		    finished_row, &k, e);
	if (rc == 0)
		rc = db_query_each(c, sql_unsettled,
		                   DB_ARGS(DB_TEXT(p->root), DB_INT(p->from), DB_INT(p->to),
		                           DB_INT(p->as_of), DB_INT(DOSSIER_SUPPLEMENTS_ON_TIME),
		                           DB_INT(p->settled)),
		                   unsettled_row, &k, e);
	if (rc == 0)
		kept_rows(l->d, k.acc);
	free(k.acc);
	return rc;
}

/* ---- from scratch ---- */

static int dossier_row(struct db_stmt *st, void *ctx)
{
	struct idx766_load *l = ctx;
	int u = unit_of(l, db_text(st, 0));
	if (u < 0)
		return 0;
	struct idx766_counts *c = &l->d->own[u];
	/* Columns: on time, judged, online, received, full online, eligible,
	 * paid online, bearing a fee, e-result, with a result, digitised, then
	 * three numerators over the dossiers received. */
	long v[14];
	for (int i = 0; i < 14; i++)
		v[i] = (long)db_int(st, 1 + i);
	long received = v[3];
	c->on_time = frac(v[0], v[1]);
	c->online_dossiers = frac(v[2], received);
	c->full_online_dossiers = frac(v[4], v[5]);
	c->paid_online = frac(v[6], v[7]);
	c->e_result = frac(v[8], v[9]);
	c->digitised = frac(v[10], received);
	c->reused = frac(v[11], received);
	c->population_dossiers = frac(v[12], received);
	c->dossier_satisfied = frac(v[13], received);
	return 0;
}

static int touched_row(struct db_stmt *st, void *ctx)
{
	struct idx766_load *l = ctx;
	int u = unit_of(l, db_text(st, 0)), p = idx766_proc_find(l->d, db_text(st, 1));
	if (u < 0 || p < 0)
		return 0;
	double *s = l->d->seen + ((size_t)u * l->d->nproc + (size_t)p) * IDX_PF_N;
	for (int f = 0; f < IDX_PF_N; f++)
		s[f] = (double)db_int(st, 2 + f);
	return 0;
}

int idx766_count_scratch(struct db_conn *c, const struct idx766_span *p, struct idx766_load *l,
                         struct xerr *e)
{
	l->unit = -1;
	int rc = db_query_each(c, sql_dossiers,
	                       DB_ARGS(DB_TEXT(p->root), DB_INT(p->from), DB_INT(p->to),
	                               DB_INT(p->as_of), DB_INT(DOSSIER_SUPPLEMENTS_ON_TIME)),
	                       dossier_row, l, e);
	if (rc == 0)
		rc = db_query_each(c, sql_procedures_touched,
		                   DB_ARGS(DB_TEXT(p->root), DB_INT(p->from), DB_INT(p->to)),
		                   touched_row, l, e);
	return rc;
}

/* ---- the check ---- */

bool store_index766_same(const struct idx766_data *a, const struct idx766_data *b, char *what,
                         size_t cap)
{
	static const struct {
		const char *row;
		size_t at;
	} rows[] = {
	    {"2.1", offsetof(struct idx766_counts, on_time)},
	    {"3.3", offsetof(struct idx766_counts, online_dossiers)},
	    {"3.4", offsetof(struct idx766_counts, full_online_dossiers)},
	    {"3.6", offsetof(struct idx766_counts, paid_online)},
	    {"4.1", offsetof(struct idx766_counts, e_result)},
	    {"4.2", offsetof(struct idx766_counts, digitised)},
	    {"4.3", offsetof(struct idx766_counts, reused)},
	    {"4.5b", offsetof(struct idx766_counts, population_dossiers)},
	    {"5.4", offsetof(struct idx766_counts, dossier_satisfied)},
	};
	if (a->n != b->n || a->nproc != b->nproc) {
		snprintf(what, cap, "%zu units and %zu procedures against %zu and %zu", a->n,
		         a->nproc, b->n, b->nproc);
		return false;
	}
	for (size_t u = 0; u < a->n; u++) {
		for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
			const struct idx_frac *x = (const void *)((const char *)&a->own[u] +
			                                          rows[i].at),
			                      *y = (const void *)((const char *)&b->own[u] +
			                                          rows[i].at);
			if (x->num != y->num || x->den != y->den) {
				snprintf(what, cap, "%s %s: %g/%g against %g/%g", a->units[u].code,
				         rows[i].row, x->num, x->den, y->num, y->den);
				return false;
			}
		}
		for (size_t k = 0; k < a->nproc * IDX_PF_N; k++)
			if (a->seen[u * a->nproc * IDX_PF_N + k] !=
			    b->seen[u * b->nproc * IDX_PF_N + k]) {
				snprintf(what, cap, "%s: procedure %s touched differently",
				         a->units[u].code, a->proc_codes[k / IDX_PF_N]);
				return false;
			}
	}
	return true;
}
