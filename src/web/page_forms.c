/*
 * page_forms.c: the paper forms of the one-stop shop as printable HTML
 * (Circular 01/2018/TT-VPCP art. 9, kept by Decree 118/2025 and Circular
 * 03/2025/TT-VPCP annex I), A5 except the control sheet (A4):
 *   GET /dossiers/CODE/receipt      01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả,
 *                                   with a QR code to the public tracking page
 *   GET /dossiers/CODE/supplement   02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
 *   GET /dossiers/CODE/refusal      03 Phiếu từ chối tiếp nhận giải quyết hồ sơ
 *   GET /dossiers/CODE/apology      04 Phiếu xin lỗi và hẹn lại ngày trả kết quả
 *   GET /dossiers/CODE/control      06 Phiếu kiểm soát quá trình giải quyết hồ sơ
 * Readable by the unit's staff; the receipt also by its own applicant.
 * The text of the forms is Vietnamese, as filed; the page frame follows
 * the reader's language.
 */
#include <stdio.h>
#include <string.h>

#include "web/dossier_view.h"
#include "web/intake.h"
#include "web/office.h"
#include "web/page.h"
#include "web/pay_view.h"
#include "web/server_int.h"
#include "web/qr.h"

/* The last event that moved the dossier to `to` (or, with to == -1, the
 * apology: an event from a status to itself with a note). */
struct last_event {
	int to;
	bool found;
	struct dossier_event ev;
};

static int find_event(const struct dossier_event *ev, void *ctx)
{
	struct last_event *l = ctx;
	if (ev->to == l->to && ev->from != ev->to) {
		l->ev = *ev;
		l->found = true;
	}
	return 0;
}

static struct dossier_event *last_event(struct req *r, const struct dossier *d, int to)
{
	struct last_event *l = arena_alloc(&r->arena, sizeof *l);
	struct xerr e = {0};
	l->to = to;
	if (store_dossier_events(r->store, d->id, find_event, l, &e) != 0 || !l->found)
		return NULL;
	return &l->ev;
}

void office_paper_begin(struct req *r, const struct dossier *d, const char *title_key,
                        const char *size)
{
	page_begin(r, tr(r, title_key));
	buf_puts(&r->out, "<p class=\"noprint\">");
	page_link(r, "/office/dossiers/", d->code, d->code);
	buf_puts(&r->out, " · <span class=\"muted\">");
	page_text(r, "office.print_hint");
	buf_printf(&r->out,
	           "</span></p><article class=\"paper %s\"><div class=\"paper-head\">"
	           "<div class=\"issuer\"><span>",
	           size);
	buf_html(&r->out, office_unit_name(r, d->unit));
	buf_puts(&r->out, "</span><strong>BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ</strong></div>"
	                  "<div class=\"motto\"><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong>"
	                  "<span>Độc lập - Tự do - Hạnh phúc</span></div></div>");
	buf_puts(&r->out, "<p class=\"paper-no\">Mã hồ sơ: <strong>");
	buf_html(&r->out, d->code);
	buf_puts(&r->out, "</strong></p><h1 class=\"paper-title\">");
	buf_html(&r->out, tr(r, title_key));
	buf_puts(&r->out, "</h1>");
}

void office_paper_end(struct req *r, const struct dossier *d, int64_t at, const char *left_key,
                      const char *left_name, const char *right_key, const char *right_name)
{
	buf_puts(&r->out, "<p class=\"paper-date\">");
	buf_html(&r->out, office_unit_name(r, d->unit));
	buf_puts(&r->out, ", ");
	office_date_words(r, at);
	buf_puts(&r->out, "</p><div class=\"signatures\">");
	const char *keys[2] = {left_key, right_key}, *names[2] = {left_name, right_name};
	for (int i = 0; i < 2; i++) {
		buf_puts(&r->out, "<div>");
		if (keys[i]) {
			buf_puts(&r->out, "<strong>");
			page_text(r, keys[i]);
			buf_puts(&r->out,
			         "</strong><em>(Ký và ghi rõ họ tên)</em><span class=\"name\">");
			buf_html(&r->out, names[i] ? names[i] : "");
			buf_puts(&r->out, "</span>");
		}
		buf_puts(&r->out, "</div>");
	}
	buf_puts(&r->out, "</div></article>");
}

static void line(struct req *r, const char *label, const char *value)
{
	buf_puts(&r->out, "<p>");
	buf_html(&r->out, label);
	buf_puts(&r->out, " <strong>");
	buf_html(&r->out, value && *value ? value : "……………………");
	buf_puts(&r->out, "</strong></p>");
}

static void applicant_lines(struct req *r, const struct dossier *d)
{
	line(r, "Ông/bà:", d->applicant_name);
	line(r, "Địa chỉ:", d->applicant_address);
	line(r, "Số điện thoại:", d->applicant_phone);
	line(r, "Nội dung yêu cầu giải quyết:", office_procedure_name(r, d->procedure));
}

static int document_item(const struct dossier_file *f, void *ctx)
{
	struct req *r = ctx;
	if (strcmp(f->kind, "document") != 0)
		return 0;
	buf_puts(&r->out, "<li>");
	buf_html(&r->out, f->name);
	buf_puts(&r->out, "</li>");
	return 0;
}

static int required_item(const struct procedure_document *pd, void *ctx)
{
	struct req *r = ctx;
	buf_puts(&r->out, "<li>");
	buf_html(&r->out, pd->name);
	buf_puts(&r->out, "</li>");
	return 0;
}

static const char *time_unit_words(enum proc_time_unit u)
{
	switch (u) {
	case PROC_TIME_WORKDAY: return "ngày làm việc";
	case PROC_TIME_CALENDARDAY: return "ngày";
	case PROC_TIME_WORKHOUR: return "giờ làm việc";
	default: return "";
	}
}

/* The public tracking address, for the QR code: a phone's camera opens it. */
static const char *track_url(struct req *r, const char *code)
{
	return page_site_url(r, arena_printf(&r->arena, "/track/%s", code));
}

static int get_receipt(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = office_dossier(r, "dossier.read", true);
	if (!d)
		return 0;
	if (!d->received_at) {
		xerr_set(&e, XERR_CONFLICT, NULL, "the dossier has not been received yet");
		return office_error(r, &e, NULL);
	}
	struct procedure *p = arena_alloc(&r->arena, sizeof *p);
	struct dossier_event *recv = last_event(r, d, DS_RECEIVED);
	bool have_p = store_procedure_get(r->store, d->procedure, p, &e) == 0;
	office_paper_begin(r, d, "office.form01", "a5");
	buf_puts(&r->out, "<div class=\"qr\">");
	const char *url = track_url(r, d->code);
	if (qr_svg(&r->out, url, 112, "Tra cứu hồ sơ", &e) != 0)
		return office_error(r, &e, NULL);
	buf_puts(&r->out, "<small>");
	buf_html(&r->out, url);
	buf_puts(&r->out, "</small></div><p>Bộ phận tiếp nhận và trả kết quả ");
	buf_html(&r->out, office_unit_name(r, d->unit));
	buf_puts(&r->out, " tiếp nhận hồ sơ của:</p>");
	applicant_lines(r, d);
	buf_puts(&r->out, "<p>1. Thành phần hồ sơ nộp gồm:</p><ol class=\"docs\">");
	struct xerr fe = {0};
	size_t before = r->out.len;
	store_dossier_files(r->store, d->id, document_item, r, &fe);
	if (r->out.len == before)
		store_procedure_documents(r->store, d->procedure, required_item, r, &fe);
	buf_puts(&r->out, "</ol><p>2. Số lượng hồ sơ: <strong>01</strong> (bộ)</p>");
	buf_puts(&r->out, "<p>3. Thời gian giải quyết hồ sơ theo quy định là: <strong>");
	if (have_p && p->time_unit == PROC_TIME_SAMEDAY)
		buf_puts(&r->out, "trong ngày");
	else if (have_p && p->time_value > 0)
		buf_printf(&r->out, "%d %s", p->time_value, time_unit_words(p->time_unit));
	else
		buf_puts(&r->out, "……");
	buf_puts(&r->out, "</strong></p><p>4. Thời gian nhận hồ sơ: <strong>");
	office_time_words(r, d->received_at);
	buf_puts(&r->out, "</strong></p><p>5. Thời gian trả kết quả giải quyết hồ sơ: <strong>");
	office_time_words(r, d->due_at);
	buf_puts(&r->out, "</strong></p><p>6. Đăng ký nhận kết quả tại: Bộ phận tiếp nhận và trả "
	                  "kết quả, hoặc theo dõi hồ sơ bằng mã QR ở trên.</p>");
	pay_fee_paper(r, d);
	office_paper_end(r, d, d->received_at, "office.sign_applicant", d->applicant_name,
	                 "office.sign_officer", recv ? office_person(r, recv->account_id) : "");
	return page_end(r, 200);
}

static int get_supplement(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = office_dossier(r, "dossier.read", false);
	if (!d)
		return 0;
	struct dossier_event *ev = last_event(r, d, DS_SUPPLEMENT);
	if (!ev) {
		xerr_set(&e, XERR_CONFLICT, NULL, "no supplement was requested for this dossier");
		return office_error(r, &e, NULL);
	}
	office_paper_begin(r, d, "office.form02", "a5");
	buf_puts(&r->out, "<p>Bộ phận tiếp nhận và trả kết quả ");
	buf_html(&r->out, office_unit_name(r, d->unit));
	buf_puts(&r->out, " đã tiếp nhận hồ sơ của:</p>");
	applicant_lines(r, d);
	buf_puts(&r->out, "<p>Ngày tiếp nhận: <strong>");
	office_time_words(r, d->received_at);
	buf_puts(&r->out, "</strong></p><p>Sau khi xem xét, hồ sơ chưa đầy đủ. Đề nghị ông/bà bổ "
	                  "sung, hoàn thiện hồ sơ một lần, đầy đủ gồm những nội dung sau:</p>"
	                  "<p class=\"paper-note\">");
	buf_html(&r->out, ev->note);
	buf_puts(&r->out, "</p><p>Thời hạn giải quyết tạm dừng từ ");
	office_time_words(r, ev->at);
	buf_puts(&r->out, " cho đến khi nhận đủ hồ sơ. Trong quá trình hoàn thiện hồ sơ, nếu có "
	                  "vướng mắc, ông/bà liên hệ Bộ phận tiếp nhận và trả kết quả để được "
	                  "hướng dẫn.</p>");
	office_paper_end(r, d, ev->at, NULL, NULL, "office.sign_officer",
	                 office_person(r, ev->account_id));
	return page_end(r, 200);
}

static int get_refusal(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = office_dossier(r, "dossier.read", false);
	if (!d)
		return 0;
	struct dossier_event *ev = last_event(r, d, DS_REFUSED);
	if (!ev)
		ev = last_event(r, d, DS_STOPPED);
	if (!ev) {
		xerr_set(&e, XERR_CONFLICT, NULL, "the dossier was neither refused nor stopped");
		return office_error(r, &e, NULL);
	}
	office_paper_begin(r, d, "office.form03", "a5");
	buf_puts(&r->out, "<p>Bộ phận tiếp nhận và trả kết quả ");
	buf_html(&r->out, office_unit_name(r, d->unit));
	buf_puts(&r->out, " tiếp nhận hồ sơ của:</p>");
	applicant_lines(r, d);
	buf_puts(&r->out,
	         "<p>Sau khi xem xét, căn cứ quy định hiện hành, cơ quan, đơn vị từ chối "
	         "tiếp nhận, giải quyết hồ sơ này với lý do sau:</p><p class=\"paper-note\">");
	buf_html(&r->out, ev->note);
	buf_puts(&r->out, "</p><p>Xin thông báo để ông/bà được biết và thực hiện.</p>");
	office_paper_end(r, d, ev->at, NULL, NULL, "office.sign_officer",
	                 office_person(r, ev->account_id));
	return page_end(r, 200);
}

struct apology_event {
	int64_t account_id;
	bool found;
};

static int find_apology(const struct dossier_event *ev, void *ctx)
{
	struct apology_event *a = ctx;
	if (ev->from == ev->to && !a->found && ev->note[0]) {
		a->account_id = ev->account_id;
		a->found = true;
	}
	return 0;
}

static int get_apology(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = office_dossier(r, "dossier.read", false);
	if (!d)
		return 0;
	if (!d->apology_at) {
		xerr_set(&e, XERR_CONFLICT, NULL, "no apology was sent for this dossier");
		return office_error(r, &e, NULL);
	}
	struct apology_event a = {0};
	store_dossier_events(r->store, d->id, find_apology, &a, &e);
	office_paper_begin(r, d, "office.form04", "a5");
	buf_puts(&r->out, "<p>Kính gửi: <strong>");
	buf_html(&r->out, d->applicant_name);
	buf_puts(&r->out, "</strong></p><p>Ngày ");
	office_time_words(r, d->received_at);
	buf_puts(&r->out, ", ");
	buf_html(&r->out, office_unit_name(r, d->unit));
	buf_puts(&r->out, " tiếp nhận giải quyết hồ sơ đề nghị ");
	buf_html(&r->out, office_procedure_name(r, d->procedure));
	buf_puts(&r->out, " của ông/bà. Thời hạn trả kết quả giải quyết hồ sơ: ");
	office_time_words(r, d->original_due_at);
	buf_puts(&r->out, ".</p><p>Tuy nhiên đến nay, cơ quan, đơn vị chưa trả kết quả giải quyết "
	                  "hồ sơ cho ông/bà đúng hạn. Lý do:</p><p class=\"paper-note\">");
	buf_html(&r->out, d->apology_reason);
	buf_puts(&r->out, "</p><p>Sự chậm trễ này đã gây phiền hà cho ông/bà. Chúng tôi thành thật "
	                  "xin lỗi và hẹn trả kết quả vào: <strong>");
	office_time_words(r, d->due_at);
	buf_puts(&r->out, "</strong>.</p><p>Rất mong nhận được sự thông cảm của ông/bà.</p>");
	office_paper_end(r, d, d->apology_at, NULL, NULL, "office.sign_officer",
	                 office_person(r, a.account_id));
	return page_end(r, 200);
}

struct control_rows {
	struct req *r;
	int n;
};

static int control_row(const struct dossier_event *ev, void *ctx)
{
	struct control_rows *c = ctx;
	struct req *r = c->r;
	buf_printf(&r->out, "<tr><td class=\"num\">%d</td><td>", ++c->n);
	office_time_short(r, ev->at);
	buf_puts(&r->out, "</td><td>");
	const char *who = office_person(r, ev->account_id);
	buf_html(&r->out, *who ? who : ev->login);
	buf_puts(&r->out, "</td><td>");
	if (ev->from && ev->from != ev->to) {
		buf_html(&r->out, dossier_status_label(r, ev->from));
		buf_puts(&r->out, " → ");
	}
	buf_html(&r->out,
	         ev->from == ev->to ? tr(r, "office.event_same") : dossier_status_label(r, ev->to));
	buf_puts(&r->out, "</td><td>");
	buf_html(&r->out, ev->note);
	buf_puts(&r->out, "</td></tr>");
	return 0;
}

static int get_control(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = office_dossier(r, "dossier.read", false);
	if (!d)
		return 0;
	office_paper_begin(r, d, "office.form06", "a4");
	applicant_lines(r, d);
	buf_puts(&r->out, "<p>Thời gian nhận hồ sơ: <strong>");
	office_time_words(r, d->received_at);
	buf_puts(&r->out, "</strong></p><p>Thời gian trả kết quả: <strong>");
	office_time_words(r, d->due_at);
	buf_puts(&r->out, "</strong></p><table class=\"control\"><thead><tr><th>TT</th>"
	                  "<th>Thời gian giao, nhận</th><th>Người thực hiện</th>"
	                  "<th>Bước xử lý</th><th>Ghi chú</th></tr></thead><tbody>");
	struct control_rows c = {r, 0};
	if (store_dossier_events(r->store, d->id, control_row, &c, &e) != 0)
		return office_error(r, &e, NULL);
	buf_puts(&r->out, "</tbody></table>");
	office_paper_end(r, d, office_now(), NULL, NULL, "office.sign_officer",
	                 office_person(r, r->who->account_id));
	return page_end(r, 200);
}

static const struct param form_in[] = {DOSSIER_CODE_IN, {NULL}};

const struct route page_forms_routes[] = {
    {"GET", "/dossiers/{}/receipt", get_receipt, "dossier.read", 0, form_in},
    {"GET", "/dossiers/{}/supplement", get_supplement, "dossier.read", 0, form_in},
    {"GET", "/dossiers/{}/refusal", get_refusal, "dossier.read", 0, form_in},
    {"GET", "/dossiers/{}/apology", get_apology, "dossier.read", 0, form_in},
    {"GET", "/dossiers/{}/control", get_control, "dossier.read", 0, form_in},
    {NULL, NULL, NULL, NULL, 0},
};
