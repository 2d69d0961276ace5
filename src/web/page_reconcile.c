/*
 * page_reconcile.c: reconciling fees with the commune's bank statements,
 * and the commune's fee setup, as plain HTML forms:
 *   GET  /office/payments?unit=            read a statement (upload), the
 *                                          credits waiting for an officer, the
 *                                          statements read, the year's figures
 *   POST /office/payments                  the statement file: imported, then
 *                                          its page
 *   GET  /office/payments/statements/ID    what each of its lines did
 *   GET, POST /office/payments/credits/ID  a held credit: paid to a dossier,
 *                                          or dismissed with a note
 *   GET, POST /office/fee-setup?unit=      the commune's receiving account and
 *                                          its receipts' words (the leader)
 * A record's unit is checked (auth_unit) once it is read. The rules are
 * core/fee.h's and core/statement.h's; records store_payments.h's.
 */
#include <stdio.h>
#include <string.h>

#include "core/lunar.h"
#include "core/money.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/office.h"
#include "web/page.h"
#include "web/pay_view.h"
#include "web/ratelimit.h"

enum { STATEMENT_MAX_BODY = 4 * 1024 * 1024, CREDITS_PAGE = 100 };

/* The unit of a page: ?unit=, else the caller's own; checked for action. */
static const char *page_unit(struct req *r, const char *action, struct xerr *e)
{
	const char *unit = in_str(r, "unit");
	if (!unit || !*unit)
		unit = r->who && r->who->unit[0] ? r->who->unit : NULL;
	struct unit u;
	if (!unit)
		xerr_set(e, XERR_INVALID, "unit", "unit is required");
	else if (store_unit_get(r->store, unit, &u, e) == 0 &&
	         auth_unit(r, action, unit, 0, e) == 0)
		return unit;
	return NULL;
}

static void day_text(struct req *r, int32_t day)
{
	int y, m, d;
	lunar_civil(day, &y, &m, &d);
	buf_printf(&r->out, "%02d/%02d/%04d", d, m, y);
}

static void head_row(struct req *r, const char *const *keys, int n)
{
	buf_puts(&r->out, "<table class=\"credits\"><thead><tr>");
	for (int i = 0; i < n; i++) {
		buf_puts(&r->out, "<th>");
		page_text(r, keys[i]);
		buf_puts(&r->out, "</th>");
	}
	buf_puts(&r->out, "</tr></thead><tbody>");
}

static int credit_row(const struct bank_credit *k, void *ctx)
{
	struct req *r = ctx;
	buf_puts(&r->out, "<tr><td>");
	day_text(r, k->day);
	buf_puts(&r->out, "</td><td class=\"num\">");
	buf_html(&r->out, pay_amount(r, k->amount));
	buf_puts(&r->out, "</td><td>");
	buf_html(&r->out, k->description);
	buf_puts(&r->out, "</td><td>");
	if (k->code[0] && strcmp(k->verdict, "unknown_code") != 0)
		page_link(r, "/office/dossiers/", k->code, k->code);
	else
		buf_html(&r->out, k->code);
	buf_puts(&r->out, "</td><td>");
	page_text(r, arena_printf(&r->arena, "rec.verdict_%s", k->verdict));
	buf_puts(&r->out, "</td><td>");
	page_link_path(r, "/office/payments/credits/",
	               arena_printf(&r->arena, "%lld", (long long)k->id), NULL,
	               tr(r, arena_printf(&r->arena, "rec.state_%s", k->state)));
	buf_puts(&r->out, "</td></tr>");
	return 0;
}

static const char *const credit_heads[] = {"rec.day",     "pay.amount",  "rec.description",
                                           "office.code", "rec.verdict", "rec.state"};

static int statement_row(const struct bank_statement *b, void *ctx)
{
	struct req *r = ctx;
	buf_puts(&r->out, "<tr><td>");
	office_time_short(r, b->imported_at);
	buf_puts(&r->out, "</td><td>");
	page_link(r, "/office/payments/statements/",
	          arena_printf(&r->arena, "%lld", (long long)b->id), b->name);
	buf_printf(&r->out,
	           "</td><td class=\"num\">%ld</td><td class=\"num\">%ld</td>"
	           "<td class=\"num\">%ld</td><td class=\"num\">%ld</td></tr>",
	           b->lines, b->paid, b->held, b->seen);
	return 0;
}

/* The figures of the year so far (dossiers filed and payments made). */
static void year_figures(struct req *r, const char *unit)
{
	struct fee_counts f;
	struct xerr e = {0};
	int64_t now = office_now();
	int y = fee_year_of(now);
	if (store_fee_counts(r->store, unit, cal_time(lunar_jdn(y, 1, 1), 0), 0, &f, &e) != 0)
		return;
	buf_printf(&r->out, "<h2>%s %d</h2><dl class=\"facts\">", tr(r, "rec.figures"), y);
	page_fact(r, "rec.fee_due", arena_printf(&r->arena, "%ld", f.fee_due));
	page_fact(r, "rec.paid_online", arena_printf(&r->arena, "%ld", f.paid_online));
	page_fact(r, "rec.paid_cash", arena_printf(&r->arena, "%ld", f.paid_cash));
	page_fact(r, "rec.amount_transfer", pay_amount(r, f.amount_transfer));
	page_fact(r, "rec.amount_cash", pay_amount(r, f.amount_cash));
	buf_puts(&r->out, "</dl>");
}

static int payments_page(struct req *r, const char *unit, const char *error, int status)
{
	struct xerr e = {0};
	page_begin(r, tr(r, "rec.title"));
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link_path(r, "/office?unit=", unit, NULL, tr(r, "office.queue"));
	buf_puts(&r->out, "</nav><h1>");
	page_text(r, "rec.title");
	buf_puts(&r->out, ": ");
	buf_html(&r->out, office_unit_name(r, unit));
	buf_puts(&r->out, "</h1>");
	if (error)
		page_message(r, "error", error);
	if (authz_allows(auth_role(r), "fee.collect")) {
		buf_puts(&r->out, "<form class=\"stack wide\" method=\"post\" "
		                  "enctype=\"multipart/form-data\" action=\"/office/payments\">");
		page_csrf(r);
		page_hidden(r, "unit", unit);
		buf_puts(&r->out, "<label>");
		page_text(r, "rec.file");
		buf_puts(&r->out,
		         "<input type=\"file\" name=\"statement\" required "
		         "accept=\".csv,text/csv,text/plain\"></label><p class=\"muted\">");
		page_text(r, "rec.file_how");
		buf_puts(&r->out, "</p><button type=\"submit\">");
		page_text(r, "rec.import");
		buf_puts(&r->out, "</button></form>");
	}
	buf_puts(&r->out, "<h2>");
	page_text(r, "rec.held");
	buf_puts(&r->out, "</h2>");
	head_row(r, credit_heads, 6);
	struct credit_filter f = {unit, 0, true, in_int(r, "after", 0), CREDITS_PAGE};
	int rc = store_credits(r->store, &f, credit_row, r, &e);
	buf_puts(&r->out, "</tbody></table><h2>");
	page_text(r, "rec.statements");
	buf_puts(&r->out, "</h2>");
	static const char *const sheads[] = {"rec.imported", "rec.file_name", "rec.lines",
	                                     "rec.paid",     "rec.held_n",    "rec.seen"};
	head_row(r, sheads, 6);
	if (rc == 0)
		rc = store_statements(r->store, unit, 0, 20, statement_row, r, &e);
	buf_puts(&r->out, "</tbody></table>");
	if (rc)
		return office_error(r, &e, "/office");
	year_figures(r, unit);
	return page_end(r, status);
}

static int get_payments(struct req *r)
{
	struct xerr e = {0};
	const char *unit = page_unit(r, "fee.read", &e);
	return unit ? payments_page(r, unit, NULL, 200) : office_error(r, &e, NULL);
}

static int post_statement(struct req *r)
{
	struct xerr e = {0};
	struct form f;
	if (form_parse(r, &f, &e) != 0)
		return office_error(r, &e, "/office/payments");
	const char *unit = page_unit(r, "fee.collect", &e);
	if (!unit)
		return office_error(r, &e, NULL);
	int n;
	const struct form_file *files = in_files(r, "statement", &n);
	if (!n) {
		xerr_set(&e, XERR_INVALID, "statement", "%s", tr(r, "rec.file_needed"));
		return payments_page(r, unit, e.msg, 400);
	}
	const char *name = files[0].filename[0] ? files[0].filename : "sao-ke.csv";
	struct statement st;
	struct bank_statement *b = arena_alloc(&r->arena, sizeof *b);
	struct actor who;
	req_actor(r, &who);
	if (statement_parse(name, (const char *)files[0].data, files[0].len, &r->arena, &st, &e) ||
	    store_statement_import(r->store, &who, unit, name, &st, b, NULL, NULL, &e))
		return payments_page(r, unit, e.msg, xerr_http_status(e.code));
	return page_redirect(r, arena_printf(&r->arena, "/office/payments/statements/%lld%s",
	                                     (long long)b->id,
	                                     r->lang && !strcmp(r->lang, "en") ? "?lang=en" : ""));
}

static int get_statement(struct req *r)
{
	struct xerr e = {0};
	struct bank_statement *b = arena_alloc(&r->arena, sizeof *b);
	if (store_statement_get(r->store, in_int(r, "id", 0), b, &e) != 0 ||
	    auth_unit(r, "fee.read", b->unit, 0, &e) != 0)
		return office_error(r, &e, NULL);
	page_begin(r, b->name);
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link_path(r, "/office/payments?unit=", b->unit, NULL, tr(r, "rec.title"));
	buf_puts(&r->out, "</nav><h1>");
	buf_html(&r->out, b->name);
	buf_puts(&r->out, "</h1><dl class=\"facts\">");
	const long counts[] = {b->lines, b->paid, b->held, b->seen, b->debits};
	static const char *const keys[] = {"rec.lines", "rec.paid", "rec.held_n", "rec.seen",
	                                   "rec.debits"};
	for (int i = 0; i < 5; i++)
		page_fact(r, keys[i], arena_printf(&r->arena, "%ld", counts[i]));
	buf_puts(&r->out, "</dl>");
	head_row(r, credit_heads, 6);
	struct credit_filter f = {b->unit, b->id, false, in_int(r, "after", 0), 500};
	if (store_credits(r->store, &f, credit_row, r, &e) != 0)
		return office_error(r, &e, NULL);
	buf_puts(&r->out, "</tbody></table>");
	return page_end(r, 200);
}

/* ---- one held credit ---- */

static int credit_page(struct req *r, const struct bank_credit *k, const char *error, int status)
{
	page_begin(r, tr(r, "rec.credit"));
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link_path(r, "/office/payments?unit=", k->unit, NULL, tr(r, "rec.title"));
	buf_puts(&r->out, "</nav><h1>");
	page_text(r, "rec.credit");
	buf_printf(&r->out, " #%lld</h1>", (long long)k->id);
	if (error)
		page_message(r, "error", error);
	buf_puts(&r->out, "<dl class=\"facts\"><dt>");
	page_text(r, "rec.day");
	buf_puts(&r->out, "</dt><dd>");
	day_text(r, k->day);
	buf_puts(&r->out, "</dd>");
	page_fact(r, "pay.amount", pay_amount(r, k->amount));
	page_fact(r, "rec.description", k->description);
	page_fact(r, "rec.reference", k->reference);
	page_fact(r, "office.code", k->code);
	page_fact(r, "rec.verdict", tr(r, arena_printf(&r->arena, "rec.verdict_%s", k->verdict)));
	page_fact(r, "rec.state", tr(r, arena_printf(&r->arena, "rec.state_%s", k->state)));
	page_fact(r, "rec.note", k->note);
	buf_puts(&r->out, "</dl>");
	if (strcmp(k->state, "held") || !authz_allows(auth_role(r), "fee.collect"))
		return page_end(r, status);
	const char *action =
	    arena_printf(&r->arena, "/office/payments/credits/%lld", (long long)k->id);
	for (int dismiss = 0; dismiss < 2; dismiss++) {
		buf_puts(&r->out, "<form class=\"stack\" method=\"post\" action=\"");
		buf_html(&r->out, action);
		buf_puts(&r->out, "\"><h2>");
		page_text(r, dismiss ? "rec.dismiss" : "rec.pay_to");
		buf_puts(&r->out, "</h2><p class=\"muted\">");
		page_text(r, dismiss ? "rec.dismiss_how" : "rec.pay_how");
		buf_puts(&r->out, "</p>");
		page_csrf(r);
		if (dismiss) {
			page_hidden(r, "dismiss", "1");
			page_input(r, "note", "text", "rec.note", "", "off", true);
		} else {
			page_input(r, "code", "text", "office.code", k->code, "off", true);
		}
		buf_puts(&r->out, dismiss ? "<button class=\"danger\" type=\"submit\">"
		                          : "<button type=\"submit\">");
		page_text(r, dismiss ? "rec.dismiss" : "rec.pay_to");
		buf_puts(&r->out, "</button></form>");
	}
	return page_end(r, status);
}

static struct bank_credit *load_credit(struct req *r, const char *action)
{
	struct xerr e = {0};
	struct bank_credit *k = arena_alloc(&r->arena, sizeof *k);
	if (store_credit_get(r->store, in_int(r, "id", 0), k, &e) == 0 &&
	    auth_unit(r, action, k->unit, 0, &e) == 0)
		return k;
	office_error(r, &e, NULL);
	return NULL;
}

static int get_credit(struct req *r)
{
	struct bank_credit *k = load_credit(r, "fee.read");
	return k ? credit_page(r, k, NULL, 200) : 0;
}

static int post_credit(struct req *r)
{
	struct xerr e = {0};
	struct bank_credit *k = load_credit(r, "fee.collect");
	if (!k)
		return 0;
	if (in_error(r))
		return credit_page(r, k, in_error(r)->msg, 400);
	bool dismiss = in_str(r, "dismiss") != NULL;
	const char *code = dismiss ? NULL : in_str(r, "code");
	if (!dismiss && !code)
		return credit_page(r, k, tr(r, "rec.code_needed"), 400);
	struct actor who;
	req_actor(r, &who);
	if (store_credit_resolve(r->store, &who, k->id, code, in_str(r, "note"), k, NULL, &e) != 0)
		return credit_page(r, k, e.msg, xerr_http_status(e.code));
	return page_redirect(r, arena_printf(&r->arena, "/office/payments?unit=%s%s", k->unit,
	                                     r->lang && !strcmp(r->lang, "en") ? "&lang=en" : ""));
}

/* ---- the commune's fee setup ---- */

static void words_choice(struct req *r, const char *name, const char *a, const char *b, bool second)
{
	buf_puts(&r->out, "<fieldset><legend>");
	page_text(r, arena_printf(&r->arena, "rec.%s", name));
	buf_puts(&r->out, "</legend>");
	for (int i = 0; i < 2; i++) {
		buf_printf(
		    &r->out,
		    "<label class=\"choice\"><input type=\"radio\" name=\"%s\" value=\"%d\"%s>",
		    name, i, i == (int)second ? " checked" : "");
		buf_html(&r->out, i ? b : a);
		buf_puts(&r->out, "</label>");
	}
	buf_puts(&r->out, "</fieldset>");
}

static int setup_page(struct req *r, const char *unit, const struct fee_setup *f, const char *msg,
                      bool ok, int status)
{
	page_begin(r, tr(r, "rec.setup"));
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link_path(r, "/office?unit=", unit, NULL, tr(r, "office.queue"));
	buf_puts(&r->out, "</nav><h1>");
	page_text(r, "rec.setup");
	buf_puts(&r->out, ": ");
	buf_html(&r->out, office_unit_name(r, unit));
	buf_puts(&r->out, "</h1>");
	if (msg)
		page_message(r, ok ? "ok" : "error", msg);
	buf_puts(&r->out, "<form class=\"stack wide\" method=\"post\" "
	                  "action=\"/office/fee-setup\"><p class=\"muted\">");
	page_text(r, "rec.setup_how");
	buf_puts(&r->out, "</p>");
	page_csrf(r);
	page_hidden(r, "unit", unit);
	page_input(r, "bin", "text", "rec.bin", f->bin, "off", false);
	page_input(r, "account", "text", "pay.account", f->account, "off", false);
	page_input(r, "holder", "text", "pay.holder", f->holder, "off", false);
	words_choice(r, "le", "một trăm linh năm", "một trăm lẻ năm", f->words & MONEY_LE);
	words_choice(r, "ti", "hai tỷ", "hai tỉ", f->words & MONEY_TI);
	buf_puts(&r->out, "<button type=\"submit\">");
	page_text(r, "rec.save");
	buf_puts(&r->out, "</button></form>");
	return page_end(r, status);
}

static int get_setup(struct req *r)
{
	struct xerr e = {0};
	struct fee_setup f;
	const char *unit = page_unit(r, "fee.setup", &e);
	if (!unit || store_fee_setup_get(r->store, unit, &f, &e) != 0)
		return office_error(r, &e, NULL);
	return setup_page(r, unit, &f, NULL, false, 200);
}

static int post_setup(struct req *r)
{
	struct xerr e = {0};
	struct fee_setup f;
	memset(&f, 0, sizeof f);
	const char *unit = page_unit(r, "fee.setup", &e);
	if (!unit)
		return office_error(r, &e, NULL);
	const struct {
		const char *name;
		char *dst;
		size_t cap;
	} fields[] = {{"bin", f.bin, sizeof f.bin},
	              {"account", f.account, sizeof f.account},
	              {"holder", f.holder, sizeof f.holder}};
	for (size_t i = 0; i < 3; i++)
		snprintf(fields[i].dst, fields[i].cap, "%s",
		         in_str(r, fields[i].name) ? in_str(r, fields[i].name) : "");
	f.words = (in_int(r, "le", 0) ? MONEY_LE : 0) | (in_int(r, "ti", 0) ? MONEY_TI : 0);
	struct actor who;
	req_actor(r, &who);
	if (in_error(r))
		return setup_page(r, unit, &f, in_error(r)->msg, false, 400);
	if (store_fee_setup_put(r->store, &who, unit, &f, &e) != 0)
		return setup_page(r, unit, &f, e.msg, false, xerr_http_status(e.code));
	return setup_page(r, unit, &f, tr(r, "rec.saved"), true, 200);
}

static const struct param payments_in[] = {
    {"unit", IN_QUERY, IN_DIGITS, .min = 2, .max = UNIT_CODE_MAX - 1},
    {"after", IN_QUERY, IN_INT, .min = 0, .max = INT64_MAX},
    {NULL},
};
static const struct param statement_post_in[] = {
    {"unit", IN_FORM, IN_DIGITS, .min = 2, .max = UNIT_CODE_MAX - 1},
    {"after", IN_QUERY, IN_INT, .min = 0, .max = INT64_MAX}, /* the page shown on a refusal */
    {"statement", IN_FORM, IN_FILES, .max = 1},
    {NULL},
};
static const struct param id_in[] = {
    {"id", IN_PATH, IN_INT, .min = 1, .max = INT64_MAX},
    {"after", IN_QUERY, IN_INT, .min = 0, .max = INT64_MAX},
    {"code", IN_FORM, IN_DOSSIER},
    {"dismiss", IN_FORM, IN_WORD, .words = "1"},
    {"note", IN_FORM, IN_TEXT, .max = 500},
    {NULL},
};
/* The setup's fields; the unit comes by the query (GET) or the form. */
#define SETUP_FIELDS                                                                               \
	{"bin", IN_FORM, IN_TEXT, .max = VIETQR_BIN_LEN},                                          \
	    {"account", IN_FORM, IN_TEXT, .max = VIETQR_ACCOUNT_MAX},                              \
	    {"holder", IN_FORM, IN_TEXT, .max = 60}, {"le", IN_FORM, IN_WORD, .words = "0|1"},     \
	{                                                                                          \
		"ti", IN_FORM, IN_WORD, .words = "0|1"                                             \
	}
static const struct param setup_in[] = {
    {"unit", IN_QUERY, IN_DIGITS, .min = 2, .max = UNIT_CODE_MAX - 1},
    SETUP_FIELDS,
    {NULL},
};
static const struct param setup_post_in[] = {
    {"unit", IN_FORM, IN_DIGITS, .min = 2, .max = UNIT_CODE_MAX - 1},
    SETUP_FIELDS,
    {NULL},
};

const struct route page_reconcile_routes[] = {
    {"GET", "/office/payments", get_payments, "fee.read", 0, payments_in},
    {"POST", "/office/payments", post_statement, "fee.collect", STATEMENT_MAX_BODY,
     statement_post_in, .rate = RL_UPLOAD},
    {"GET", "/office/payments/statements/{}", get_statement, "fee.read", 0, id_in},
    {"GET", "/office/payments/credits/{}", get_credit, "fee.read", 0, id_in},
    {"POST", "/office/payments/credits/{}", post_credit, "fee.collect", 0, id_in, true},
    {"GET", "/office/fee-setup", get_setup, "fee.setup", 0, setup_in},
    {"POST", "/office/fee-setup", post_setup, "fee.setup", 0, setup_post_in, true},
    {NULL, NULL, NULL, NULL, 0},
};

/* Sorted by key (checked by the catalogue test). */
const struct message i18n_reconcile[] = {
    {"rec.amount_cash", "Thu bằng tiền mặt", "Received in cash"},
    {"rec.amount_transfer", "Thu bằng chuyển khoản", "Received by transfer"},
    {"rec.bin", "Mã ngân hàng (BIN, 6 chữ số, ví dụ 970405 Agribank)",
     "Bank BIN (6 digits, e.g. 970405 Agribank)"},
    {"rec.code_needed", "Nhập mã hồ sơ nhận khoản này.", "Give the code of the dossier it pays."},
    {"rec.credit", "Khoản tiền vào", "Credit"},
    {"rec.day", "Ngày giao dịch", "Date"},
    {"rec.debits", "Khoản tiền ra (không phải thu phí)", "Money out (not fees)"},
    {"rec.description", "Nội dung", "Description"},
    {"rec.dismiss", "Không ghi nhận", "Dismiss"},
    {"rec.dismiss_how",
     "Khoản không phải phí của hồ sơ nào, hoặc đã hoàn trả người chuyển: ghi rõ lý do.",
     "Not a dossier's fee, or refunded to the payer: say why."},
    {"rec.fee_due", "Hồ sơ có phí, lệ phí", "Dossiers with a fee"},
    {"rec.figures", "Số liệu năm", "Figures of"},
    {"rec.file", "Tệp sao kê (CSV)", "Statement file (CSV)"},
    {"rec.file_how",
     "Xuất sao kê tài khoản nhận phí từ ngân hàng điện tử, lưu dạng CSV UTF-8. Nhập lại một sao "
     "kê (hoặc sao kê trùng ngày) không ghi nhận hai lần.",
     "Export the fee account's statement from internet banking and save it as CSV UTF-8. A "
     "statement read again (or one that overlaps) is never counted twice."},
    {"rec.file_name", "Tệp", "File"},
    {"rec.file_needed", "Chọn tệp sao kê.", "Choose the statement file."},
    {"rec.held", "Khoản chờ cán bộ xử lý", "Credits waiting for an officer"},
    {"rec.held_n", "Chờ xử lý", "Waiting"},
    {"rec.import", "Nhập sao kê", "Read the statement"},
    {"rec.imported", "Nhập lúc", "Read at"},
    {"rec.le", "Số 0 hàng chục", "A zero tens digit"},
    {"rec.lines", "Số dòng", "Lines"},
    {"rec.note", "Ghi chú", "Note"},
    {"rec.paid", "Đã ghi nhận nộp phí", "Recorded as paid"},
    {"rec.paid_cash", "Nộp đủ, có tiền mặt", "Paid, some in cash"},
    {"rec.paid_online", "Nộp đủ bằng chuyển khoản", "Paid by transfer"},
    {"rec.pay_how",
     "Ghi nhận khoản này là phí của hồ sơ (không quá số tiền còn phải nộp); biên lai được lập.",
     "Records it as the dossier's fee (never more than is due); its receipt is issued."},
    {"rec.pay_to", "Ghi nhận cho hồ sơ", "Pay it to a dossier"},
    {"rec.reference", "Số tham chiếu", "Reference"},
    {"rec.save", "Lưu", "Save"},
    {"rec.saved", "Đã lưu.", "Saved."},
    {"rec.seen", "Đã nhập trước đó", "Read before"},
    {"rec.setup", "Tài khoản nhận phí, lệ phí", "Account for fees"},
    {"rec.setup_how",
     "Tài khoản nhận chuyển khoản phí, lệ phí của xã: mã VietQR trên hồ sơ chuyển tiền vào tài "
     "khoản này. Để trống cả ba ô nếu xã chỉ thu tiền mặt. Tên chủ tài khoản ghi như ngân hàng, "
     "tối đa 25 ký tự không dấu.",
     "The commune's account for fees paid by transfer: the dossiers' VietQR codes pay into it. "
     "Leave all three empty if the commune takes cash only. The holder's name as the bank has it, "
     "at most 25 characters without diacritics."},
    {"rec.state", "Xử lý", "State"},
    {"rec.state_dismissed", "Không ghi nhận", "Dismissed"},
    {"rec.state_held", "Chờ xử lý", "Waiting"},
    {"rec.state_paid", "Đã ghi nhận", "Recorded"},
    {"rec.statements", "Sao kê đã nhập", "Statements read"},
    {"rec.ti", "Đơn vị tỷ", "Billions"},
    {"rec.title", "Đối soát phí, lệ phí", "Fee reconciliation"},
    {"rec.verdict", "Kết quả đối chiếu", "Verdict"},
    {"rec.verdict_duplicate", "Hồ sơ đã nộp đủ trước đó", "Already paid"},
    {"rec.verdict_excess", "Nhiều hơn số phải nộp", "More than due"},
    {"rec.verdict_match", "Khớp", "Matches"},
    {"rec.verdict_no_code", "Không có mã hồ sơ", "No dossier code"},
    {"rec.verdict_partial", "Ít hơn số phải nộp", "Less than due"},
    {"rec.verdict_unknown_code", "Không tìm thấy hồ sơ", "No such dossier"},
    {NULL, NULL, NULL},
};
