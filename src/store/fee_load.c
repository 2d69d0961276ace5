/*
 * fee_load.c: bulk loading of payments and held credits (demo data, a
 * migration from another system), in one transaction: the statement row
 * the credits belong to, each payment with its receipt number from the
 * unit's counter (in the order given, so receipts follow the payments'
 * times), a transfer's credit kept as paid, the held credits, one audit
 * entry. The dossiers' own rows are the caller's (store_dossier_import).
 */
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "store/fee_int.h"

struct load_tx {
	const struct actor *who;
	const char *unit, *name;
	const struct payment_load *p;
	size_t np;
	const struct credit_load *k;
	size_t nk;
	int64_t statement;
};

struct paid_dossier {
	int64_t id;
	char procedure[PROC_CODE_MAX];
};

static int dossier_row(struct db_stmt *st, void *ctx)
{
	struct paid_dossier *d = ctx;
	d->id = db_int(st, 0);
	db_text_copy(st, 1, d->procedure, sizeof d->procedure);
	return 0;
}

/* Inserts one credit of the load's statement; its id in *id. */
static int credit_insert(struct db_conn *c, struct load_tx *x, const char *key, int32_t day,
                         int64_t amount, const char *desc, const char *code,
                         enum statement_verdict v, const char *state, const char *why, int64_t *id,
                         struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO bank_credit(unit, line_key, statement, line, day, amount, description, "
	    "reference, code, dossier, verdict, state, why) VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, '', "
	    "?7, (SELECT id FROM dossier WHERE code = ?7), ?8, ?9, ?10) RETURNING id";
	int rc = db_query_int(c, sql,
	                      DB_ARGS(DB_TEXT(x->unit), DB_TEXT(key), DB_INT(x->statement),
	                              DB_INT(day), DB_INT(amount), DB_TEXT(desc), DB_TEXT(code),
	                              DB_TEXT(statement_verdict_name(v)), DB_TEXT(state),
	                              DB_TEXT(why ? why : "")),
	                      id, e);
	return rc < 0 ? rc : 0;
}

static int load_payment(struct db_conn *c, struct load_tx *x, size_t i, struct xerr *e)
{
	static const char sql_dossier[] = "SELECT id, procedure FROM dossier WHERE code = ?1";
	static const char sql_seq[] =
	    "INSERT INTO fee_receipt_seq(unit, year, last) VALUES (?1, ?2, 1) "
	    "ON CONFLICT(unit, year) DO UPDATE SET last = fee_receipt_seq.last + 1 RETURNING last";
	static const char sql_pay[] =
	    "INSERT INTO payment(dossier, unit, procedure, method, amount, paid_at, payer, credit, "
	    "account_id, login, receipt_year, receipt_no) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "(SELECT applicant_name FROM dossier WHERE id = ?1), ?7, ?8, ?9, ?10, ?11)";
	const struct payment_load *p = &x->p[i];
	struct paid_dossier d = {0, ""};
	int64_t no = 0, credit = 0;
	int rc = db_query_first(c, sql_dossier, DB_ARGS(DB_TEXT(p->code)), dossier_row, &d, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "code", "no dossier %s", p->code);
	int year = fee_year_of(p->at);
	if (rc < 0 ||
	    (rc = db_query_int(c, sql_seq, DB_ARGS(DB_TEXT(x->unit), DB_INT(year)), &no, e)) < 0)
		return rc;
	if (p->method == FEE_TRANSFER) {
		char key[48];
		snprintf(key, sizeof key, "bulk:%lld:%zu", (long long)x->statement, i);
		if ((rc = credit_insert(c, x, key, cal_time_day(p->at), p->amount, p->description,
		                        p->code, STMT_MATCH, "paid", "", &credit, e)) != 0)
			return rc;
	}
	return db_run(c, sql_pay,
	              DB_ARGS(DB_INT(d.id), DB_TEXT(x->unit), DB_TEXT(d.procedure),
	                      DB_INT(p->method), DB_INT(p->amount), DB_INT(p->at),
	                      credit ? DB_INT(credit) : DB_NULL,
	                      DB_INT(x->who ? x->who->account_id : 0),
	                      DB_TEXT(x->who ? x->who->login : "system"), DB_INT(year), DB_INT(no)),
	              e);
}

static int load_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql_new[] =
	    "INSERT INTO bank_statement(unit, name, imported_at, account_id, login, lines, "
	    "credits, "
	    "paid, held) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8) RETURNING id";
	struct load_tx *x = ctx;
	size_t transfers = 0;
	for (size_t i = 0; i < x->np; i++)
		transfers += x->p[i].method == FEE_TRANSFER;
	int rc = db_query_int(c, sql_new,
	                      DB_ARGS(DB_TEXT(x->unit), DB_TEXT(x->name), DB_INT(st_now_local()),
	                              DB_INT(x->who ? x->who->account_id : 0),
	                              DB_TEXT(x->who ? x->who->login : "system"),
	                              DB_INT(transfers + x->nk), DB_INT(transfers), DB_INT(x->nk)),
	                      &x->statement, e);
	if (rc < 0)
		return rc;
	rc = 0;
	for (size_t i = 0; i < x->np && rc == 0; i++)
		rc = load_payment(c, x, i, e);
	for (size_t i = 0; i < x->nk && rc == 0; i++) {
		const struct credit_load *k = &x->k[i];
		char key[48];
		int64_t id;
		snprintf(key, sizeof key, "bulk:%lld:held:%zu", (long long)x->statement, i);
		rc = credit_insert(c, x, key, k->day, k->amount, k->description, k->code,
		                   k->verdict, "held", k->why, &id, e);
	}
	if (rc == 0) {
		char detail[96];
		snprintf(detail, sizeof detail, "%zu payments, %zu held credits", x->np, x->nk);
		rc = st_audit_append(c, x->who, "fee.load", x->unit, detail, e);
	}
	return rc;
}

int store_payments_load(struct store *s, const struct actor *who, const char *unit,
                        const char *name, const struct payment_load *p, size_t np,
                        const struct credit_load *k, size_t nk, struct xerr *e)
{
	struct load_tx x = {who, unit, name, p, np, k, nk, 0};
	return st_write(s, load_tx, &x, e);
}
