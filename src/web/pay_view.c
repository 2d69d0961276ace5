/*
 * pay_view.c: a dossier's fee on the pages (pay_view.h), and the message
 * catalogue of the fee pages (pay_view.c, page_pay.c, page_reconcile.c).
 */
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "core/payref.h"
#include "web/auth.h"
#include "web/i18n.h"
#include "web/office.h"
#include "web/page.h"
#include "web/pay_view.h"
#include "web/qr.h"

/* Banks of the NAPAS 247 network most communes hold accounts with, for
 * the page's line "bank"; the code carries the BIN either way. */
static const struct {
	const char *bin, *name;
} banks[] = {
    {"970403", "Sacombank"},   {"970405", "Agribank"}, {"970407", "Techcombank"},
    {"970415", "VietinBank"},  {"970416", "ACB"},      {"970418", "BIDV"},
    {"970422", "MB"},          {"970423", "TPBank"},   {"970432", "VPBank"},
    {"970436", "Vietcombank"},
};

const char *pay_bank_name(const char *bin)
{
	for (size_t i = 0; i < sizeof banks / sizeof banks[0]; i++)
		if (!strcmp(banks[i].bin, bin))
			return banks[i].name;
	return bin;
}

const char *pay_amount(struct req *r, int64_t vnd)
{
	struct buf b;
	buf_init(&b);
	money_figures(vnd, &b);
	buf_puts(&b, " đồng");
	const char *s = arena_strdup(&r->arena, b.data);
	buf_free(&b);
	return s;
}

int pay_amount_check(const char *v, int64_t *num, struct xerr *e)
{
	return money_parse(v, "amount", num, e);
}

/* Where a fee stands, as a catalogue key. */
static const char *state_key(struct req *r, const struct dossier *d)
{
	return arena_printf(&r->arena, "pay.state_%s", fee_state_name(fee_state_of(d)));
}

/* The code and what a payer reads beside it: bank, account, holder,
 * amount, description; the payload as text. 0 when drawn; otherwise
 * nothing is written. */
static int vietqr_block(struct req *r, const struct dossier *d, int size)
{
	size_t at = r->out.len;
	struct fee_setup *f = arena_alloc(&r->arena, sizeof *f);
	struct xerr e = {0};
	struct buf payload;
	buf_init(&payload);
	int rc = store_fee_setup_get(r->store, d->unit, f, &e);
	if (rc == 0)
		rc = fee_vietqr(f, d, &payload, &e);
	char purpose[DOSSIER_CODE_MAX];
	if (rc == 0)
		rc = payref_purpose(d->code, purpose, sizeof purpose, &e);
	if (rc == 0) {
		buf_puts(&r->out, "<div class=\"vietqr\"><div class=\"qr-code\">");
		rc = qr_svg(&r->out, payload.data, size, tr(r, "pay.qr_title"), &e);
	}
	if (rc == 0) {
		buf_puts(&r->out, "</div><div><p>");
		page_text(r, "pay.qr_how");
		buf_puts(&r->out, "</p><dl class=\"facts\">");
		page_fact(r, "pay.bank", pay_bank_name(f->bin));
		page_fact(r, "pay.account", f->account);
		page_fact(r, "pay.holder", f->holder);
		page_fact(r, "pay.amount_due", pay_amount(r, dossier_fee_left(d)));
		page_fact(r, "pay.purpose", purpose);
		buf_puts(&r->out, "</dl><p class=\"muted\">");
		page_text(r, "pay.payload_how");
		buf_puts(&r->out, "</p><p><code class=\"payload\">");
		buf_html(&r->out, payload.data);
		buf_puts(&r->out, "</code></p></div></div>");
	}
	buf_free(&payload);
	if (rc) {
		r->out.len = at;
		if (r->out.data)
			r->out.data[at] = '\0';
	}
	return rc;
}

struct receipts {
	struct req *r;
	const struct dossier *d;
	int n;
};

static int receipt_row(const struct payment *p, void *ctx)
{
	struct receipts *x = ctx;
	struct req *r = x->r;
	if (!x->n++) {
		buf_puts(&r->out, "<table class=\"payments\"><thead><tr><th>");
		page_text(r, "pay.receipt_no");
		buf_puts(&r->out, "</th><th>");
		page_text(r, "pay.paid_on");
		buf_puts(&r->out, "</th><th>");
		page_text(r, "pay.method");
		buf_puts(&r->out, "</th><th class=\"num\">");
		page_text(r, "pay.amount");
		buf_puts(&r->out, "</th></tr></thead><tbody>");
	}
	char label[24];
	fee_receipt_label(p->receipt_no, label);
	buf_puts(&r->out, "<tr><td>");
	page_link_path(r, "/dossiers/", x->d->code,
	               arena_printf(&r->arena, "/fee-receipts/%lld", (long long)p->id),
	               arena_printf(&r->arena, "%s/%d", label, p->receipt_year));
	buf_puts(&r->out, "</td><td>");
	office_time_short(r, p->paid_at);
	buf_puts(&r->out, "</td><td>");
	page_text(r, arena_printf(&r->arena, "pay.method_%s", fee_method_name(p->method)));
	buf_puts(&r->out, "</td><td class=\"num\">");
	buf_html(&r->out, pay_amount(r, p->amount));
	buf_puts(&r->out, "</td></tr>");
	return 0;
}

static void office_links(struct req *r, const struct dossier *d)
{
	if (dossier_status_final(d->status))
		return;
	buf_puts(&r->out, "<ul class=\"actions\">");
	if (authz_allows(auth_role(r), "fee.set")) {
		buf_puts(&r->out, "<li>");
		page_link_path(r, "/office/dossiers/", d->code, "/fee/amount",
		               tr(r, "pay.act_set"));
		buf_puts(&r->out, "</li>");
	}
	if (dossier_fee_left(d) && authz_allows(auth_role(r), "fee.collect")) {
		buf_puts(&r->out, "<li>");
		page_link_path(r, "/office/dossiers/", d->code, "/fee/cash", tr(r, "pay.act_cash"));
		buf_puts(&r->out, "</li>");
	}
	buf_puts(&r->out, "</ul>");
}

void pay_fee_section(struct req *r, const struct dossier *d, enum pay_view v)
{
	if (!d->fee_due && v != PAY_OFFICE)
		return;
	buf_puts(&r->out, "<section class=\"fee\" id=\"fee\"><h2>");
	page_text(r, "pay.title");
	buf_puts(&r->out, "</h2><dl class=\"facts\">");
	page_fact(r, "pay.fee", d->fee_due ? pay_amount(r, d->fee_vnd) : tr(r, "pay.none"));
	if (d->fee_due) {
		page_fact(r, "pay.paid", pay_amount(r, d->paid_vnd));
		page_fact(r, "pay.left", pay_amount(r, dossier_fee_left(d)));
		page_fact(r, "pay.state", tr(r, state_key(r, d)));
	}
	if (v == PAY_OFFICE && d->fee_note[0])
		page_fact(r, "pay.fee_note", d->fee_note);
	buf_puts(&r->out, "</dl>");
	if (dossier_fee_left(d) && !dossier_status_final(d->status) && vietqr_block(r, d, 220) &&
	    v != PAY_PUBLIC) {
		buf_puts(&r->out, "<p class=\"muted\">");
		page_text(r, "pay.cash_only");
		buf_puts(&r->out, "</p>");
	}
	if (v != PAY_PUBLIC) {
		struct receipts x = {r, d, 0};
		struct xerr e = {0};
		store_payments(r->store, d->id, receipt_row, &x, &e);
		if (x.n)
			buf_puts(&r->out, "</tbody></table>");
	}
	if (v == PAY_OFFICE)
		office_links(r, d);
	buf_puts(&r->out, "</section>");
}

void pay_office_links(struct req *r, const char *unit)
{
	if (authz_allows(auth_role(r), "fee.read")) {
		buf_puts(&r->out, " ");
		page_link_path(r, "/office/payments?unit=", unit, NULL, tr(r, "pay.reconcile"));
	}
	if (authz_allows(auth_role(r), "fee.setup")) {
		buf_puts(&r->out, " ");
		page_link_path(r, "/office/fee-setup?unit=", unit, NULL, tr(r, "pay.setup"));
	}
}

void pay_fee_paper(struct req *r, const struct dossier *d)
{
	if (!dossier_fee_left(d) || dossier_status_final(d->status))
		return;
	struct fee_setup f;
	struct xerr e = {0};
	if (store_fee_setup_get(r->store, d->unit, &f, &e) != 0 || !fee_setup_has_account(&f))
		return; /* cash only: the form says where to pay */
	buf_puts(&r->out, "<div class=\"paper-pay\"><p>");
	buf_printf(&r->out, "Phí, lệ phí phải nộp: <strong>%s</strong>. ",
	           pay_amount(r, dossier_fee_left(d)));
	buf_puts(&r->out,
	         "Chuyển khoản bằng mã VietQR dưới đây (ứng dụng ngân hàng bất kỳ), hoặc nộp "
	         "tiền mặt tại Bộ phận tiếp nhận và trả kết quả.</p>");
	vietqr_block(r, d, 132);
	buf_puts(&r->out, "</div>");
}

/* Sorted by key (checked by the catalogue test). */
const struct message i18n_pay[] = {
    {"pay.account", "Số tài khoản", "Account number"},
    {"pay.act_cash", "Thu tiền mặt, in biên lai", "Take cash, print the receipt"},
    {"pay.act_set", "Đặt mức phí cho hồ sơ này", "Set this dossier's fee"},
    {"pay.amount", "Số tiền", "Amount"},
    {"pay.amount_due", "Số tiền", "Amount"},
    {"pay.amount_fee", "Mức phí, lệ phí của hồ sơ (đồng)", "The dossier's fee (đồng)"},
    {"pay.amount_taken", "Số tiền thu (đồng)", "Amount taken (đồng)"},
    {"pay.bank", "Ngân hàng", "Bank"},
    {"pay.cash_only",
     "Xã chưa khai báo tài khoản nhận chuyển khoản: nộp tiền mặt tại Bộ phận một cửa.",
     "The commune has no account for transfers yet: pay in cash at the one-stop shop."},
    {"pay.fee", "Phí, lệ phí", "Fee"},
    {"pay.fee_note", "Lý do mức phí", "Why this fee"},
    {"pay.holder", "Chủ tài khoản", "Account holder"},
    {"pay.left", "Còn phải nộp", "Still due"},
    {"pay.method", "Hình thức", "How"},
    {"pay.method_cash", "Tiền mặt", "Cash"},
    {"pay.method_transfer", "Chuyển khoản", "Bank transfer"},
    {"pay.none", "Không thu phí", "No fee"},
    {"pay.paid", "Đã nộp", "Paid"},
    {"pay.paid_on", "Ngày nộp", "Paid on"},
    {"pay.payer", "Họ tên người nộp tiền", "Payer's name"},
    {"pay.payload_how", "Mã dạng chữ, để dán vào ứng dụng ngân hàng nhận mã VietQR dạng chữ:",
     "The code as text, for banking apps that take a VietQR code pasted:"},
    {"pay.purpose", "Nội dung chuyển khoản", "Transfer description"},
    {"pay.qr_how",
     "Mở ứng dụng ngân hàng, chọn quét mã QR và quét mã này: số tiền và nội dung đã được điền "
     "sẵn. Giữ nguyên nội dung chuyển khoản để hồ sơ được ghi nhận đã nộp phí.",
     "Open your banking app, scan this QR code: the amount and the description are filled in. "
     "Keep the description as it is, so the payment is matched to the dossier."},
    {"pay.qr_title", "Mã VietQR nộp phí, lệ phí", "VietQR code to pay the fee"},
    {"pay.reason", "Lý do (số trang, số bản, diện tích...)", "Reason (pages, copies, area...)"},
    {"pay.receipt_no", "Biên lai số", "Receipt no."},
    {"pay.receipt_title", "Biên lai thu phí, lệ phí", "Fee receipt"},
    {"pay.reconcile", "Đối soát phí, lệ phí", "Fee reconciliation"},
    {"pay.setup", "Tài khoản nhận phí", "Account for fees"},
    {"pay.sign_collector", "NGƯỜI THU TIỀN", "COLLECTED BY"},
    {"pay.sign_payer", "NGƯỜI NỘP TIỀN", "PAID BY"},
    {"pay.state", "Tình trạng", "State"},
    {"pay.state_due", "Chưa nộp", "Not paid"},
    {"pay.state_none", "Không thu phí", "No fee"},
    {"pay.state_paid_cash", "Đã nộp đủ (có tiền mặt)", "Paid in full (some in cash)"},
    {"pay.state_paid_online", "Đã nộp đủ (chuyển khoản)", "Paid in full (by transfer)"},
    {"pay.state_part", "Đã nộp một phần", "Partly paid"},
    {"pay.title", "Phí, lệ phí", "Fee"},
    {"pay.what_cash",
     "Ghi nhận số tiền mặt người nộp đã nộp tại quầy và in biên lai (số biên lai tự động theo thứ "
     "tự trong năm). Không thu quá số tiền còn phải nộp. Nộp đủ thì hồ sơ đang chờ nộp phí được "
     "tiếp tục xử lý.",
     "Records the cash paid at the counter and prints the receipt (numbered in the year's order). "
     "Never more than what is due. Once the fee is paid in full, a dossier waiting for it goes "
     "on."},
    {"pay.what_set",
     "Đặt mức phí, lệ phí cho hồ sơ khi mức thu tùy trường hợp (theo trang, theo bản...). Ghi rõ "
     "lý do; thay đổi được ghi vào nhật ký. Không thấp hơn số tiền đã nộp.",
     "Sets the dossier's fee when it depends on the case (per page, per copy...). Give the reason; "
     "the change is audited. Never below what was paid."},
    {NULL, NULL, NULL},
};
