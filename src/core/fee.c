/* fee.c: a dossier's fee, its payments, the VietQR that asks for it, the
 * verdict on a statement's credit, receipt numbers and the figures. */
#include "core/fee.h"

#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/lunar.h"
#include "core/money.h"
#include "core/payref.h"
#include "core/text.h"

const char *fee_method_name(int method)
{
	return method == FEE_TRANSFER ? "transfer" : method == FEE_CASH ? "cash" : "";
}

enum fee_state fee_state_of(const struct dossier *d)
{
	if (!d->fee_due)
		return FEE_NONE;
	if (d->paid_online)
		return FEE_PAID_ONLINE;
	if (d->paid_cash)
		return FEE_PAID_CASH;
	return d->paid_vnd ? FEE_PART : FEE_DUE;
}

const char *fee_state_name(enum fee_state s)
{
	static const char *const n[] = {"none", "due", "part", "paid_online", "paid_cash"};
	return (unsigned)s < sizeof n / sizeof n[0] ? n[s] : "";
}

bool fee_setup_has_account(const struct fee_setup *s)
{
	return s->account[0] != '\0';
}

int fee_setup_check(const struct fee_setup *s, struct xerr *e)
{
	if (s->words & ~(unsigned)(MONEY_LE | MONEY_TI))
		return xerr_set(e, XERR_INVALID, "words", "unknown style of amounts in words");
	if (!s->bin[0] && !s->account[0] && !s->holder[0])
		return 0;
	if (!s->holder[0])
		return xerr_set(e, XERR_INVALID, "holder",
		                "give the account holder's name as the bank has it");
	/* What a VietQR can carry is vietqr_encode's to say: a static code
	 * to the account is written, or the field at fault is named. */
	struct vietqr q = {0};
	memcpy(q.bin, s->bin, sizeof q.bin);
	memcpy(q.account, s->account, sizeof q.account);
	memcpy(q.name, s->holder, sizeof q.name);
	struct buf b;
	buf_init(&b);
	int rc = vietqr_encode(&q, &b, e);
	buf_free(&b);
	if (rc && e && e->field && !strcmp(e->field, "name"))
		e->field = "holder";
	return rc;
}

int fee_vietqr(const struct fee_setup *s, const struct dossier *d, struct buf *out, struct xerr *e)
{
	if (!fee_setup_has_account(s))
		return xerr_set(e, XERR_NOTFOUND, "account",
		                "the unit has no account for transfers: pay at the counter");
	if (dossier_status_final(d->status) || dossier_fee_left(d) == 0)
		return xerr_set(e, XERR_CONFLICT, "fee", "nothing is due on this dossier");
	struct vietqr q = {0};
	memcpy(q.bin, s->bin, sizeof q.bin);
	memcpy(q.account, s->account, sizeof q.account);
	memcpy(q.name, s->holder, sizeof q.name);
	q.amount = dossier_fee_left(d);
	int rc;
	if ((rc = payref_purpose(d->code, q.purpose, sizeof q.purpose, e)) != 0)
		return rc;
	return vietqr_encode(&q, out, e);
}

int fee_set(struct dossier *d, int64_t amount, const char *reason, int64_t at, struct xerr *e)
{
	if (!reason || !*reason)
		return xerr_set(e, XERR_INVALID, "reason", "say why the fee is set for this case");
	if (text_length(reason) > FEE_REASON_CHARS)
		return xerr_set(e, XERR_INVALID, "reason", "the reason has more than %d characters",
		                FEE_REASON_CHARS);
	if (amount < 0 || amount > MONEY_WORDS_MAX)
		return xerr_set(e, XERR_INVALID, "amount", "a fee is 0 to %lld đồng",
		                (long long)MONEY_WORDS_MAX);
	if (dossier_status_final(d->status))
		return xerr_set(e, XERR_CONFLICT, "code", "the dossier is closed");
	if (amount < d->paid_vnd)
		return xerr_set(e, XERR_CONFLICT, "amount",
		                "%lld đồng were already paid: the fee cannot be less (refunds are "
		                "made outside xaso)",
		                (long long)d->paid_vnd);
	if (strlen(reason) >= sizeof d->fee_note)
		return xerr_set(e, XERR_INVALID, "reason", "the reason is too long");
	d->fee_vnd = amount;
	snprintf(d->fee_note, sizeof d->fee_note, "%s", reason);
	/* Lowered to what was paid, the fee is paid from now; raised above
	 * it, it is not paid any more. */
	if (!amount || !dossier_fee_paid(d))
		d->paid_at = 0;
	else if (!d->paid_at)
		d->paid_at = at;
	dossier_settle(d);
	return 0;
}

int fee_pay_check(const struct dossier *d, int method, int64_t amount, struct xerr *e)
{
	if (method != FEE_TRANSFER && method != FEE_CASH)
		return xerr_set(e, XERR_INVALID, "method", "a payment is a transfer or cash");
	if (dossier_status_final(d->status))
		return xerr_set(e, XERR_CONFLICT, "code",
		                "the dossier is closed (%s): its money is refunded, not recorded",
		                dossier_status_name(d->status));
	if (amount <= 0)
		return xerr_set(e, XERR_INVALID, "amount", "an amount of more than 0 đồng");
	int64_t left = dossier_fee_left(d);
	if (left == 0)
		return xerr_set(e, XERR_CONFLICT, "amount",
		                d->fee_vnd ? "the fee is already paid" : "this dossier has no fee");
	if (amount > left)
		return xerr_set(e, XERR_CONFLICT, "amount",
		                "%lld đồng is more than the %lld due: the rest is refunded, not "
		                "recorded",
		                (long long)amount, (long long)left);
	return 0;
}

int fee_pay(struct dossier *d, int method, int64_t amount, int64_t at, struct xerr *e)
{
	int rc = fee_pay_check(d, method, amount, e);
	if (rc)
		return rc;
	d->paid_vnd += amount;
	if (method == FEE_CASH)
		d->paid_cash_vnd += amount;
	if (dossier_fee_paid(d))
		d->paid_at = at;
	dossier_settle(d);
	return 0;
}

bool fee_moves_on(const struct dossier *d)
{
	return d->status == DS_FEE && d->fee_vnd > 0 && dossier_fee_paid(d);
}

void fee_credit_judge(const struct statement_line *l, const struct dossier *d,
                      struct fee_credit *out)
{
	struct xerr e = {0};
	*out = (struct fee_credit){.why = ""};
	out->verdict = statement_classify(l, d ? d->fee_vnd : -1, d ? d->paid_vnd : 0);
	switch (out->verdict) {
	case STMT_NOT_CREDIT: out->ignore = true; return;
	case STMT_NO_CODE: out->why = "the description names no dossier"; return;
	case STMT_UNKNOWN_CODE: out->why = "no dossier of this unit has the code"; return;
	case STMT_PARTIAL: out->why = "less than the fee due"; return;
	case STMT_EXCESS: out->why = "more than the fee due"; return;
	case STMT_DUPLICATE: out->why = "the fee was already paid"; return;
	case STMT_MATCH: break;
	}
	out->pay = d && fee_pay_check(d, FEE_TRANSFER, l->amount, &e) == 0;
	out->why = out->pay ? "" : "the dossier is closed";
}

void fee_receipt_label(int64_t number, char dst[24])
{
	snprintf(dst, 24, "%0*lld", FEE_RECEIPT_DIGITS, (long long)number);
}

int fee_year_of(int64_t at)
{
	int y, m, d;
	lunar_civil(cal_time_day(at), &y, &m, &d);
	return y;
}

void fee_counts_idx766(const struct fee_counts *f, struct idx766_counts *c)
{
	c->paid_online = (struct idx_frac){(double)f->paid_online, (double)f->fee_due};
	c->procedures_paid_online =
	    (struct idx_frac){(double)f->procedures_paid_online, (double)f->procedures_with_fee};
	c->procedures_fee_synced =
	    (struct idx_frac){(double)f->procedures_on_dossiers, (double)f->procedures_with_fee};
}
