/*
 * fee_pay.c: a unit's fee setup, the fee set for a dossier, and payments
 * with their receipt numbers. Each change is one write transaction: read
 * the dossier, let core decide (core/fee.h, core/dossier.h), write what it
 * decided with its audit entry; the memo forgets the dossier after the
 * commit.
 *
 * Receipt numbers come from fee_receipt_seq, one row per unit and year,
 * raised by the statement that inserts the payment's number, inside the
 * payment's transaction: if anything after it fails, the rollback takes
 * the raised counter back with the payment, so the next payment gets the
 * same number and the year's numbers have no gap. (A database sequence
 * would not do: PostgreSQL never gives a number back.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "store/fee_int.h"
#include "store/store_calendar.h"

/* ---- the unit's setup ---- */

static int setup_row(struct db_stmt *st, void *ctx)
{
	struct fee_setup *f = ctx;
	db_text_copy(st, 0, f->bin, sizeof f->bin);
	db_text_copy(st, 1, f->account, sizeof f->account);
	db_text_copy(st, 2, f->holder, sizeof f->holder);
	f->words = (unsigned)db_int(st, 3);
	return 0;
}

int store_fee_setup_get(struct store *s, const char *unit, struct fee_setup *out, struct xerr *e)
{
	static const char sql[] =
	    "SELECT bin, account, holder, words FROM unit_fee_setup WHERE unit = ?1";
	memset(out, 0, sizeof *out);
	int rc = st_first(s, sql, DB_ARGS(DB_TEXT(unit)), setup_row, out, e);
	return rc < 0 ? rc : 0;
}

struct setup_tx {
	const struct actor *who;
	const char *unit;
	const struct fee_setup *in;
};

static int setup_put_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql_unit[] = "SELECT 1 FROM unit WHERE code = ?1";
	static const char sql[] =
	    "INSERT INTO unit_fee_setup(unit, bin, account, holder, words, updated_at, updated_by) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(unit) DO UPDATE SET bin = "
	    "excluded.bin, "
	    "account = excluded.account, holder = excluded.holder, words = excluded.words, "
	    "updated_at = excluded.updated_at, updated_by = excluded.updated_by";
	struct setup_tx *x = ctx;
	int rc = db_query_first(c, sql_unit, DB_ARGS(DB_TEXT(x->unit)), NULL, NULL, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "unit", "no unit %s", x->unit);
	if (rc < 0 ||
	    (rc = db_run(c, sql,
	                 DB_ARGS(DB_TEXT(x->unit), DB_TEXT(x->in->bin), DB_TEXT(x->in->account),
	                         DB_TEXT(x->in->holder), DB_INT(x->in->words),
	                         DB_INT(st_now_local()), DB_INT(x->who ? x->who->account_id : 0)),
	                 e)))
		return rc;
	char detail[96];
	snprintf(detail, sizeof detail, "account %s/%s, words %u", x->in->bin[0] ? x->in->bin : "-",
	         x->in->account[0] ? x->in->account : "-", x->in->words);
	return st_audit_append(c, x->who, "fee.setup", x->unit, detail, e);
}

int store_fee_setup_put(struct store *s, const struct actor *who, const char *unit,
                        const struct fee_setup *in, struct xerr *e)
{
	int rc = fee_setup_check(in, e);
	if (rc)
		return rc;
	struct setup_tx x = {who, unit, in};
	return st_write(s, setup_put_tx, &x, e);
}

/* ---- payments ---- */

#define PAYMENT_COLS                                                                               \
	"y.id, y.dossier, d.code, y.unit, y.procedure, y.method, y.amount, y.paid_at, y.payer, "   \
	"coalesce(y.credit, 0), coalesce(c.reference, ''), y.account_id, y.login, "                \
	"y.receipt_year, y.receipt_no FROM payment y JOIN dossier d ON d.id = y.dossier "          \
	"LEFT JOIN bank_credit c ON c.id = y.credit "

static void payment_read(struct db_stmt *st, struct payment *p)
{
	memset(p, 0, sizeof *p);
	p->id = db_int(st, 0);
	p->dossier_id = db_int(st, 1);
	db_text_copy(st, 2, p->code, sizeof p->code);
	db_text_copy(st, 3, p->unit, sizeof p->unit);
	db_text_copy(st, 4, p->procedure, sizeof p->procedure);
	p->method = (int)db_int(st, 5);
	p->amount = db_int(st, 6);
	p->paid_at = db_int(st, 7);
	db_text_copy(st, 8, p->payer, sizeof p->payer);
	p->credit = db_int(st, 9);
	db_text_copy(st, 10, p->reference, sizeof p->reference);
	p->account_id = db_int(st, 11);
	db_text_copy(st, 12, p->login, sizeof p->login);
	p->receipt_year = (int)db_int(st, 13);
	p->receipt_no = db_int(st, 14);
}

static int payment_row(struct db_stmt *st, void *ctx)
{
	payment_read(st, ctx);
	return 0;
}

struct payment_each {
	payment_cb cb;
	void *ctx;
	struct payment p;
};

static int payment_each_row(struct db_stmt *st, void *ctx)
{
	struct payment_each *x = ctx;
	payment_read(st, &x->p);
	return x->cb(&x->p, x->ctx);
}

int store_payments(struct store *s, int64_t dossier_id, payment_cb cb, void *ctx, struct xerr *e)
{
	static const char sql[] = "SELECT " PAYMENT_COLS "WHERE y.dossier = ?1 ORDER BY y.id";
	struct payment_each *x = malloc(sizeof *x);
	if (!x)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	x->cb = cb;
	x->ctx = ctx;
	int rc = st_each(s, sql, DB_ARGS(DB_INT(dossier_id)), payment_each_row, x, e);
	free(x);
	return rc;
}

int store_payment_get(struct store *s, int64_t id, struct payment *out, struct xerr *e)
{
	static const char sql[] = "SELECT " PAYMENT_COLS "WHERE y.id = ?1";
	int rc = st_first(s, sql, DB_ARGS(DB_INT(id)), payment_row, out, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "payment", "no payment %lld", (long long)id);
	return rc < 0 ? rc : 0;
}

/* The next receipt number of unit for year, in the caller's transaction. */
static int receipt_next(struct db_conn *c, const char *unit, int year, int64_t *no, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO fee_receipt_seq(unit, year, last) VALUES (?1, ?2, 1) "
	    "ON CONFLICT(unit, year) DO UPDATE SET last = fee_receipt_seq.last + 1 RETURNING last";
	int rc = db_query_int(c, sql, DB_ARGS(DB_TEXT(unit), DB_INT(year)), no, e);
	return rc < 0 ? rc : 0;
}

static int payment_insert(struct db_conn *c, struct payment *p, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO payment(dossier, unit, procedure, method, amount, paid_at, payer, credit, "
	    "account_id, login, receipt_year, receipt_no) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	    "?9, ?10, ?11, ?12) RETURNING id";
	int rc = receipt_next(c, p->unit, p->receipt_year, &p->receipt_no, e);
	if (rc == 0)
		rc = db_query_int(c, sql,
		                  DB_ARGS(DB_INT(p->dossier_id), DB_TEXT(p->unit),
		                          DB_TEXT(p->procedure), DB_INT(p->method),
		                          DB_INT(p->amount), DB_INT(p->paid_at), DB_TEXT(p->payer),
		                          p->credit ? DB_INT(p->credit) : DB_NULL,
		                          DB_INT(p->account_id), DB_TEXT(p->login),
		                          DB_INT(p->receipt_year), DB_INT(p->receipt_no)),
		                  &p->id, e);
	return rc < 0 ? rc : 0;
}

int st_fee_pay_on(struct db_conn *c, const struct actor *who, const struct cal *cal,
                  struct dossier *d, int method, int64_t amount, int64_t at, int64_t now,
                  const char *payer, int64_t credit, struct payment *out, struct xerr *e)
{
	int rc = fee_pay(d, method, amount, at, e);
	if (rc)
		return rc;
	struct payment *p = calloc(1, sizeof *p);
	if (!p)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	p->dossier_id = d->id;
	snprintf(p->code, sizeof p->code, "%s", d->code);
	snprintf(p->unit, sizeof p->unit, "%s", d->unit);
	snprintf(p->procedure, sizeof p->procedure, "%s", d->procedure);
	p->method = method;
	p->amount = amount;
	p->paid_at = at;
	snprintf(p->payer, sizeof p->payer, "%s", payer && *payer ? payer : d->applicant_name);
	p->credit = credit;
	p->account_id = who ? who->account_id : 0;
	snprintf(p->login, sizeof p->login, "%s", who ? who->login : "system");
	p->receipt_year = fee_year_of(at);
	char label[24], note[96];
	if ((rc = payment_insert(c, p, e)) != 0)
		goto out;
	fee_receipt_label(p->receipt_no, label);
	snprintf(note, sizeof note, "fee paid (%s), receipt %s/%d", fee_method_name(method), label,
	         p->receipt_year);
	/* A dossier waiting for its fee goes on through the rule book. */
	rc = fee_moves_on(d)
	         ? st_dossier_move_on(c, who, cal, d, DS_PROCESSING, SIDE_STAFF, now, note, e)
	         : st_dossier_update(c, d, e);
	if (rc == 0) {
		char detail[160];
		snprintf(detail, sizeof detail, "%s %lld, receipt %s/%d%s", fee_method_name(method),
		         (long long)amount, label, p->receipt_year,
		         credit ? ", statement credit" : "");
		rc = st_audit_append(c, who, "fee.pay", d->code, detail, e);
	}
	if (rc == 0 && out)
		*out = *p;
out:
	free(p);
	return rc;
}

int st_fee_dossier_of_unit(struct db_conn *c, const char *code, const char *unit, struct dossier *d,
                           struct xerr *e)
{
	struct xerr miss = {0};
	int rc = st_dossier_get_on(c, code, d, &miss);
	if (rc == XERR_NOTFOUND || (rc == 0 && strcmp(d->unit, unit) != 0))
		return 0;
	if (rc) {
		if (e)
			*e = miss;
		return rc;
	}
	return 1;
}

/* ---- changes of one dossier ---- */

struct fee_tx {
	const struct actor *who;
	const char *code;
	const struct cal *cal;
	struct dossier *d;
	int64_t amount;
	const char *text; /* the reason (fee set) or the payer (cash) */
	struct payment *receipt;
};

static int fee_set_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	struct fee_tx *x = ctx;
	int rc = st_dossier_get_on(c, x->code, x->d, e);
	int64_t before = x->d->fee_vnd;
	if (rc || (rc = fee_set(x->d, x->amount, x->text, st_now_local(), e)) ||
	    (rc = st_dossier_update(c, x->d, e)))
		return rc;
	char detail[96];
	snprintf(detail, sizeof detail, "fee %lld -> %lld", (long long)before,
	         (long long)x->amount);
	return st_audit_append(c, x->who, "fee.set", x->d->code, detail, e);
}

static int fee_cash_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	struct fee_tx *x = ctx;
	int64_t now = st_now_local();
	int rc = st_dossier_get_on(c, x->code, x->d, e);
	return rc ? rc
	          : st_fee_pay_on(c, x->who, x->cal, x->d, FEE_CASH, x->amount, now, now, x->text,
	                          0, x->receipt, e);
}

/* Runs fn on the dossier with code in one write transaction; out gets the
 * dossier after it. */
static int fee_change(struct store *s, st_fn fn, struct fee_tx *x, struct dossier *out,
                      struct xerr *e)
{
	int rc = store_calendar(s, &x->cal, e);
	if (rc)
		return rc;
	if (!(x->d = calloc(1, sizeof *x->d)))
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	rc = st_write(s, fn, x, e);
	if (rc == 0)
		st_memo_forget(s, x->d->code);
	if (rc == 0 && out)
		memcpy(out, x->d, sizeof *out);
	free(x->d);
	return rc;
}

int store_fee_set(struct store *s, const struct actor *who, const char *code, int64_t amount,
                  const char *reason, struct dossier *out, struct xerr *e)
{
	struct fee_tx x = {.who = who, .code = code, .amount = amount, .text = reason};
	return fee_change(s, fee_set_tx, &x, out, e);
}

int store_fee_cash(struct store *s, const struct actor *who, const char *code, int64_t amount,
                   const char *payer, struct dossier *out, struct payment *receipt, struct xerr *e)
{
	if (payer && strlen(payer) >= DOSSIER_NAME_MAX)
		return xerr_set(e, XERR_INVALID, "payer", "the payer's name is too long");
	struct fee_tx x = {
	    .who = who, .code = code, .amount = amount, .text = payer, .receipt = receipt};
	return fee_change(s, fee_cash_tx, &x, out, e);
}
