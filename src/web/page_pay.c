/*
 * page_pay.c: a dossier's fee at the counter, and the fee receipt:
 *   GET, POST /office/dossiers/CODE/fee/amount   set the fee for the case,
 *                                                with the reason
 *   GET, POST /office/dossiers/CODE/fee/cash     take cash, then the receipt
 *   GET /dossiers/CODE/fee-receipts/ID           biên lai thu phí, lệ phí:
 *                                                printable, numbered per unit
 *                                                and year, the amount in
 *                                                figures and in words
 * The receipt is readable by the unit's staff and the dossier's applicant;
 * the intake receipt /dossiers/CODE/receipt stays form 01 (page_forms.c).
 * Rules: core/fee.h; records: store_payments.h.
 */
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "web/auth.h"
#include "web/dossier_view.h"
#include "web/office.h"
#include "web/page.h"
#include "web/pay_view.h"

/* The page of a fee action: what it does, its form, an error above it. */
static int fee_page(struct req *r, const struct dossier *d, bool cash, const char *error,
                    int status)
{
	const char *title = tr(r, cash ? "pay.act_cash" : "pay.act_set");
	office_page_head(r, d, title, error);
	buf_puts(&r->out, "<dl class=\"facts\">");
	page_fact(r, "office.dossier", d->code);
	page_fact(r, "office.procedure", office_procedure_name(r, d->procedure));
	page_fact(r, "pay.fee", pay_amount(r, d->fee_vnd));
	page_fact(r, "pay.paid", pay_amount(r, d->paid_vnd));
	buf_puts(&r->out, "</dl><p>");
	page_text(r, cash ? "pay.what_cash" : "pay.what_set");
	buf_puts(&r->out, "</p><form class=\"stack\" method=\"post\" action=\"/office/dossiers/");
	buf_urlenc(&r->out, d->code);
	buf_puts(&r->out, cash ? "/fee/cash\">" : "/fee/amount\">");
	page_csrf(r);
	const char *amount = in_str(r, "amount");
	char left[24];
	snprintf(left, sizeof left, "%lld", (long long)(cash ? dossier_fee_left(d) : d->fee_vnd));
	page_input(r, "amount", "text", cash ? "pay.amount_taken" : "pay.amount_fee",
	           amount ? amount : left, "off", true);
	if (cash) {
		const char *payer = in_str(r, "payer");
		page_input(r, "payer", "text", "pay.payer", payer ? payer : d->applicant_name,
		           "off", false);
	} else {
		buf_puts(&r->out, "<label>");
		page_text(r, "pay.reason");
		buf_printf(&r->out,
		           "<textarea name=\"reason\" rows=\"3\" maxlength=\"%d\" required>",
		           FEE_REASON_CHARS);
		const char *reason = in_str(r, "reason");
		buf_html(&r->out, reason ? reason : "");
		buf_puts(&r->out, "</textarea></label>");
	}
	buf_puts(&r->out, "<button type=\"submit\">");
	buf_html(&r->out, title);
	buf_puts(&r->out, "</button></form>");
	return page_end(r, status);
}

static int get_fee_amount(struct req *r)
{
	struct dossier *d = office_dossier(r, "fee.set", false);
	return d ? fee_page(r, d, false, NULL, 200) : 0;
}

static int get_fee_cash(struct req *r)
{
	struct dossier *d = office_dossier(r, "fee.collect", false);
	return d ? fee_page(r, d, true, NULL, 200) : 0;
}

static const char *lang_query(struct req *r)
{
	return r->lang && !strcmp(r->lang, "en") ? "?lang=en" : "";
}

static int post_fee_amount(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = office_dossier(r, "fee.set", false);
	if (!d)
		return 0;
	struct actor who;
	req_actor(r, &who);
	const char *reason = in_str(r, "reason");
	if (in_error(r))
		return fee_page(r, d, false, in_error(r)->msg, 400);
	if (store_fee_set(r->store, &who, d->code, in_int(r, "amount", -1), reason ? reason : "", d,
	                  &e) != 0)
		return fee_page(r, d, false, e.msg, xerr_http_status(e.code));
	return page_redirect(
	    r, arena_printf(&r->arena, "/office/dossiers/%s%s#fee", d->code, lang_query(r)));
}

static int post_fee_cash(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = office_dossier(r, "fee.collect", false);
	if (!d)
		return 0;
	struct actor who;
	req_actor(r, &who);
	struct payment *p = arena_alloc(&r->arena, sizeof *p);
	if (in_error(r))
		return fee_page(r, d, true, in_error(r)->msg, 400);
	if (store_fee_cash(r->store, &who, d->code, in_int(r, "amount", 0), in_str(r, "payer"), d,
	                   p, &e) != 0)
		return fee_page(r, d, true, e.msg, xerr_http_status(e.code));
	return page_redirect(r, arena_printf(&r->arena, "/dossiers/%s/fee-receipts/%lld%s", d->code,
	                                     (long long)p->id, lang_query(r)));
}

/* ---- the receipt ---- */

static void receipt_line(struct req *r, const char *label, const char *value)
{
	buf_puts(&r->out, "<p>");
	buf_html(&r->out, label);
	buf_puts(&r->out, " <strong>");
	buf_html(&r->out, value);
	buf_puts(&r->out, "</strong></p>");
}

static int get_fee_receipt(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = office_dossier(r, "dossier.read", true);
	if (!d)
		return 0;
	struct payment *p = arena_alloc(&r->arena, sizeof *p);
	if (store_payment_get(r->store, in_int(r, "payment", 0), p, &e) != 0 ||
	    p->dossier_id != d->id) {
		xerr_set(&e, XERR_NOTFOUND, "payment", "this dossier has no such receipt");
		return office_error(r, &e, NULL);
	}
	struct fee_setup f;
	struct buf words;
	buf_init(&words);
	if (store_fee_setup_get(r->store, p->unit, &f, &e) != 0 ||
	    money_words(p->amount, f.words, &words, &e) != 0) {
		buf_free(&words);
		return office_error(r, &e, NULL);
	}
	char label[24];
	fee_receipt_label(p->receipt_no, label);
	office_paper_begin(r, d, "pay.receipt_title", "a5");
	buf_printf(&r->out, "<p class=\"receipt-no\">Số: <strong>%s</strong> — Năm %d</p>", label,
	           p->receipt_year);
	receipt_line(r, "Họ tên người nộp tiền:", p->payer);
	receipt_line(r, "Địa chỉ:", d->applicant_address[0] ? d->applicant_address : "……………………");
	receipt_line(r, "Nội dung thu:",
	             arena_printf(&r->arena, "Phí, lệ phí thủ tục %s — hồ sơ %s",
	                          office_procedure_name(r, d->procedure), d->code));
	receipt_line(r, "Số tiền:", pay_amount(r, p->amount));
	receipt_line(r, "Viết bằng chữ:", words.data);
	receipt_line(r, "Hình thức thanh toán:",
	             p->method == FEE_CASH
	                 ? "Tiền mặt"
	                 : arena_printf(&r->arena, "Chuyển khoản (VietQR)%s%s",
	                                p->reference[0] ? ", mã giao dịch " : "", p->reference));
	buf_free(&words);
	office_paper_end(r, d, p->paid_at, "pay.sign_payer", p->method == FEE_CASH ? p->payer : "",
	                 "pay.sign_collector", office_person(r, p->account_id));
	return page_end(r, 200);
}

/* The fee amount and the reason of a setting; the cash taken and who paid. */
static const struct param fee_in[] = {
    DOSSIER_CODE_IN,
    {"amount", IN_FORM, IN_CHECK, .max = 32, .check = pay_amount_check},
    {"reason", IN_FORM, IN_TEXT, .max = FEE_REASON_CHARS},
    {"payer", IN_FORM, IN_TEXT, .max = 100},
    {NULL},
};
static const struct param receipt_in[] = {
    DOSSIER_CODE_IN,
    {"payment", IN_PATH, IN_INT, .min = 1, .max = INT64_MAX},
    {NULL},
};

const struct route page_pay_routes[] = {
    {"GET", "/office/dossiers/{}/fee/amount", get_fee_amount, "fee.set", 0, fee_in},
    {"POST", "/office/dossiers/{}/fee/amount", post_fee_amount, "fee.set", 0, fee_in, true},
    {"GET", "/office/dossiers/{}/fee/cash", get_fee_cash, "fee.collect", 0, fee_in},
    {"POST", "/office/dossiers/{}/fee/cash", post_fee_cash, "fee.collect", 0, fee_in, true},
    {"GET", "/dossiers/{}/fee-receipts/{}", get_fee_receipt, "dossier.read", 0, receipt_in},
    {NULL, NULL, NULL, NULL, 0},
};
