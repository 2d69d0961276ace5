/*
 * fee_count.c: the fee figures of a unit's subtree over a period, for the
 * monitoring layer and the 766 index (struct fee_counts, core/fee.h).
 * Whether a dossier bears a fee and how it was paid are the columns core
 * keeps in every row (fee_due, paid_online, paid_cash: dossier_settle), so
 * the counts say what each dossier's page says. A commune's figures are its
 * own; a province's are those of its communes (one level down, as
 * store_dossier_counts counts them).
 */
#include <string.h>

#include "store/fee_int.h"

static int dossier_figures(struct db_stmt *st, void *ctx)
{
	struct fee_counts *f = ctx;
	f->dossiers = (long)db_int(st, 0);
	f->fee_due = (long)db_int(st, 1);
	f->paid_online = (long)db_int(st, 2);
	f->paid_cash = (long)db_int(st, 3);
	f->procedures_on_dossiers = (long)db_int(st, 4);
	return 0;
}

static int payment_figures(struct db_stmt *st, void *ctx)
{
	struct fee_counts *f = ctx;
	f->payments = (long)db_int(st, 0);
	f->amount_transfer = db_int(st, 1);
	f->amount_cash = db_int(st, 2);
	f->procedures_paid_online = (long)db_int(st, 3);
	return 0;
}

static int procedure_figures(struct db_stmt *st, void *ctx)
{
	((struct fee_counts *)ctx)->procedures_with_fee = (long)db_int(st, 0);
	return 0;
}

/* The procedures with a fee at the level counted: ?N = 1 for a commune. */
#define FEE_PROCEDURES(n)                                                                          \
	"(SELECT code FROM procedure WHERE fee_vnd > 0 AND (?" n " = 0 OR level = 'commune'))"
#define DOSSIER_COLS                                                                               \
	"SELECT count(*), count(*) FILTER (WHERE fee_due = 1), "                                   \
	"count(*) FILTER (WHERE paid_online = 1), count(*) FILTER (WHERE paid_cash = 1), "         \
	"count(DISTINCT procedure) FILTER (WHERE fee_due = 1 AND procedure IN " FEE_PROCEDURES(    \
	    "4") ") FROM dossier "
#define DOSSIER_RANGE "AND submitted_at >= ?2 AND (?3 = 0 OR submitted_at < ?3)"
#define PAYMENT_COLS                                                                               \
	"SELECT count(*), coalesce(sum(amount) FILTER (WHERE method = ?5), 0), "                   \
	"coalesce(sum(amount) FILTER (WHERE method <> ?5), 0), "                                   \
	"count(DISTINCT procedure) FILTER (WHERE method = ?5 AND procedure IN " FEE_PROCEDURES(    \
	    "4") ") FROM payment "
#define PAYMENT_RANGE "AND paid_at >= ?2 AND (?3 = 0 OR paid_at < ?3)"
#define IN_PROVINCE   "unit IN (SELECT code FROM unit WHERE parent = ?1) "

int store_fee_counts(struct store *s, const char *unit, int64_t from, int64_t to,
                     struct fee_counts *out, struct xerr *e)
{
	static const char sql_d_commune[] = DOSSIER_COLS "WHERE unit = ?1 " DOSSIER_RANGE;
	static const char sql_d_province[] = DOSSIER_COLS "WHERE " IN_PROVINCE DOSSIER_RANGE;
	static const char sql_p_commune[] = PAYMENT_COLS "WHERE unit = ?1 " PAYMENT_RANGE;
	static const char sql_p_province[] = PAYMENT_COLS "WHERE " IN_PROVINCE PAYMENT_RANGE;
	static const char sql_procedures[] =
	    "SELECT count(*) FROM procedure WHERE fee_vnd > 0 AND (?1 = 0 OR level = 'commune')";
	memset(out, 0, sizeof *out);
	bool commune = strlen(unit) >= 5;
	int rc = st_first(s, commune ? sql_d_commune : sql_d_province,
	                  DB_ARGS(DB_TEXT(unit), DB_INT(from), DB_INT(to), DB_INT(commune)),
	                  dossier_figures, out, e);
	if (rc >= 0)
		rc = st_first(s, commune ? sql_p_commune : sql_p_province,
		              DB_ARGS(DB_TEXT(unit), DB_INT(from), DB_INT(to), DB_INT(commune),
		                      DB_INT(FEE_TRANSFER)),
		              payment_figures, out, e);
	if (rc >= 0)
		rc = st_first(s, sql_procedures, DB_ARGS(DB_INT(commune)), procedure_figures, out,
		              e);
	return rc < 0 ? rc : 0;
}
