/*
 * office.c: what the officer's pages share (office.h), and their message
 * catalogue.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/auth.h"
#include "web/dossier_view.h"
#include "web/i18n.h"
#include "web/office.h"
#include "web/page.h"

static bool is_en(const struct req *r)
{
	return r->lang && !strcmp(r->lang, "en");
}

int64_t office_now(void)
{
	return dossier_local_minutes((int64_t)time(NULL));
}

struct dossier *office_dossier(struct req *r, const char *action, bool applicant_too)
{
	struct xerr e = {0};
	struct dossier *d = dossier_find(r, action, applicant_too, &e);
	if (!d)
		office_error(r, &e, NULL);
	return d;
}

int office_error(struct req *r, const struct xerr *e, const char *back)
{
	buf_reset(&r->out);
	page_begin(r, tr(r, "office.error"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "office.error");
	buf_puts(&r->out, "</h1>");
	page_message(r, "error", e->msg);
	if (back) {
		buf_puts(&r->out, "<p>");
		page_link_path(r, back, NULL, NULL, tr(r, "office.back"));
		buf_puts(&r->out, "</p>");
	}
	return page_end(r, xerr_http_status(e->code));
}

void office_page_head(struct req *r, const struct dossier *d, const char *title, const char *error)
{
	page_begin(r, title);
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link(r, "/office/dossiers/", d->code, d->code);
	buf_puts(&r->out, "</nav><h1>");
	buf_html(&r->out, title);
	buf_puts(&r->out, "</h1>");
	if (error)
		page_message(r, "error", error);
}

static const char *const months_en[12] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};

static void ymd(int64_t t, int *y, int *m, int *d)
{
	char s[11];
	cal_format_date(cal_time_day(t), s);
	if (sscanf(s, "%d-%d-%d", y, m, d) != 3)
		*y = *m = *d = 1;
}

void office_date_words(struct req *r, int64_t t)
{
	int y, m, d;
	if (!t) {
		buf_puts(&r->out, "—");
		return;
	}
	ymd(t, &y, &m, &d);
	if (is_en(r))
		buf_printf(&r->out, "%d %s %d", d, months_en[(m - 1) % 12], y);
	else
		buf_printf(&r->out, "ngày %d tháng %d năm %d", d, m, y);
}

void office_time_words(struct req *r, int64_t t)
{
	if (!t) {
		buf_puts(&r->out, "—");
		return;
	}
	int min = cal_time_minute(t);
	if (is_en(r))
		buf_printf(&r->out, "%02d:%02d on ", min / 60, min % 60);
	else
		buf_printf(&r->out, "%02d giờ %02d phút, ", min / 60, min % 60);
	office_date_words(r, t);
}

void office_time_short(struct req *r, int64_t t)
{
	int y, m, d;
	if (!t) {
		buf_puts(&r->out, "—");
		return;
	}
	ymd(t, &y, &m, &d);
	int min = cal_time_minute(t);
	buf_printf(&r->out, "%02d/%02d/%04d %02d:%02d", d, m, y, min / 60, min % 60);
}

const char *office_unit_name(struct req *r, const char *unit)
{
	struct unit u;
	struct xerr e = {0};
	if (store_unit_get(r->store, unit, &u, &e) != 0)
		return unit;
	return arena_strdup(&r->arena, u.name);
}

const char *office_person(struct req *r, int64_t account_id)
{
	struct account *a = arena_alloc(&r->arena, sizeof *a);
	struct xerr e = {0};
	if (!account_id || !a || store_account_get_id(r->store, account_id, a, &e) != 0)
		return "";
	return arena_strdup(&r->arena, a->full_name[0] ? a->full_name : a->login);
}

const char *office_procedure_name(struct req *r, const char *code)
{
	struct procedure *p = arena_alloc(&r->arena, sizeof *p);
	struct xerr e = {0};
	if (!p || store_procedure_get(r->store, code, p, &e) != 0)
		return code;
	return arena_strdup(&r->arena, p->name);
}

/* Sorted by key (checked by the catalogue test). */
const struct message i18n_office[] = {
    {"office.act.apology", "Xin lỗi và hẹn lại ngày trả", "Apologise and set a new date"},
    {"office.act.fee", "Yêu cầu nộp phí, lệ phí", "Request the fee"},
    {"office.act.paid", "Tiếp tục xử lý (đã nộp đủ phí)", "Go on (the fee is paid)"},
    {"office.act.process", "Bắt đầu xử lý", "Start processing"},
    {"office.act.receive", "Tiếp nhận hồ sơ", "Receive the dossier"},
    {"office.act.refuse", "Từ chối tiếp nhận", "Refuse to receive"},
    {"office.act.result", "Đính kèm kết quả, hoàn thành xử lý", "Attach the result, mark it ready"},
    {"office.act.return", "Trả kết quả", "Return the result"},
    {"office.act.stop", "Dừng xử lý", "Stop processing"},
    {"office.act.supplement", "Yêu cầu bổ sung hồ sơ", "Request a supplement"},
    {"office.act.supplemented", "Ghi nhận đã bổ sung", "Record the supplement"},
    {"office.address", "Địa chỉ", "Address"},
    {"office.apology_at", "Ngày xin lỗi", "Apology sent"},
    {"office.apology_reason", "Lý do chậm trễ", "Reason for the delay"},
    {"office.applicant", "Người nộp hồ sơ", "Applicant"},
    {"office.back", "Quay lại", "Back"},
    {"office.channel", "Hình thức nộp", "Channel"},
    {"office.choose_again", " Vui lòng chọn lại các tệp.", " Please choose the files again."},
    {"office.code", "Mã hồ sơ", "Code"},
    {"office.deadline", "Hạn giải quyết", "Deadline"},
    {"office.documents_needed", "Thành phần hồ sơ cần có", "Documents required"},
    {"office.dossier", "Hồ sơ", "Dossier"},
    {"office.due", "Hẹn trả kết quả", "Appointment"},
    {"office.due_any", "Mọi thời hạn", "Any deadline"},
    {"office.due_soon", "Đến hạn trong 2 ngày làm việc", "Due within 2 working days"},
    {"office.due_today", "Đến hạn hôm nay", "Due today"},
    {"office.error", "Không thực hiện được", "Could not be done"},
    {"office.event_same", "Xin lỗi / đánh giá", "Apology / rating"},
    {"office.fb_answer", "Trả lời phản ánh, kiến nghị", "Answer feedback"},
    {"office.fb_answer_by", "Hạn trả lời (15 ngày)", "Answer by (15 days)"},
    {"office.fb_answer_required", "Vui lòng nhập nội dung trả lời.", "Please write the answer."},
    {"office.fb_answer_text", "Nội dung trả lời", "Answer"},
    {"office.fb_answered", "Đã trả lời", "Answered"},
    {"office.fb_contact", "Liên hệ", "Contact"},
    {"office.fb_content", "Nội dung", "Content"},
    {"office.fb_deadlines",
     "Hạn từ chối 2 ngày, yêu cầu bổ sung 5 ngày, trả lời 15 ngày làm việc kể từ khi nhận.",
     "Refuse within 2, ask for more within 5, answer within 15 working days of receipt."},
    {"office.fb_id", "Số", "No."},
    {"office.fb_more_by", "Hạn yêu cầu bổ sung (5 ngày)", "Ask for more by (5 days)"},
    {"office.fb_none", "Không có phản ánh, kiến nghị nào đang chờ.", "No open feedback."},
    {"office.fb_once", "Chỉ trả lời (hoặc từ chối) một lần.",
     "Feedback is answered (or refused) once."},
    {"office.fb_open", "Đang chờ", "Open"},
    {"office.fb_open_only", "Chỉ xem đang chờ", "Open only"},
    {"office.fb_received", "Ngày nhận", "Received"},
    {"office.fb_refuse", "Từ chối tiếp nhận (nội dung trên là lý do)",
     "Refuse it (the text above is the reason)"},
    {"office.fb_refuse_by", "Hạn từ chối (2 ngày)", "Refuse by (2 days)"},
    {"office.fb_refused", "Đã từ chối", "Refused"},
    {"office.fb_send", "Gửi trả lời", "Send the answer"},
    {"office.fb_sender", "Người gửi", "Sender"},
    {"office.fb_show_all", "Xem cả đã xử lý", "Show all"},
    {"office.fee_note", "Khoản phí, lệ phí phải nộp", "Fee or tax to pay"},
    {"office.feedback", "Phản ánh, kiến nghị", "Feedback"},
    {"office.file_name", "Tệp", "File"},
    {"office.files", "Giấy tờ, tệp đính kèm", "Documents and files"},
    {"office.filter", "Lọc", "Filter"},
    {"office.find_procedure", "Tìm thủ tục (có thể gõ không dấu)",
     "Find the procedure (diacritics optional)"},
    {"office.finished", "Hoàn thành lúc", "Finished"},
    {"office.first_page", "Trang đầu", "First page"},
    {"office.form01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Receipt and appointment slip"},
    {"office.form02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "Supplement request"},
    {"office.form03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "Refusal notice"},
    {"office.form04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả", "Apology and new appointment"},
    {"office.form06", "Phiếu kiểm soát quá trình giải quyết hồ sơ", "Process control sheet"},
    {"office.forms", "Phiếu in", "Printable forms"},
    {"office.history", "Quá trình xử lý", "History"},
    {"office.kind", "Loại", "Kind"},
    {"office.kind_document", "Hồ sơ nộp", "Filed document"},
    {"office.kind_result", "Kết quả", "Result"},
    {"office.missing", "Giấy tờ, nội dung cần bổ sung (ghi đầy đủ một lần)",
     "What is missing (all of it, once)"},
    {"office.new_due", "Ngày giờ hẹn trả mới", "New appointment"},
    {"office.next_page", "Trang sau", "Next page"},
    {"office.no", "Trễ hạn", "Late"},
    {"office.no_procedure", "Không tìm thấy thủ tục nào.", "No procedure found."},
    {"office.none", "Không có hồ sơ nào.", "No dossiers."},
    {"office.note", "Ghi chú (không bắt buộc)", "Note (optional)"},
    {"office.note_required", "Vui lòng ghi lý do hoặc nội dung.",
     "Please give the reason or the content."},
    {"office.on_time", "Đúng hạn", "On time"},
    {"office.original_due", "Hẹn trả ban đầu", "First appointment"},
    {"office.overdue", "Quá hạn", "Overdue"},
    {"office.pause_end", "Bổ sung xong", "Supplemented"},
    {"office.pause_start", "Yêu cầu bổ sung", "Requested"},
    {"office.pauses", "Tạm dừng để bổ sung", "Pauses for supplements"},
    {"office.pauses_note",
     "Hẹn trả được lùi bằng thời gian tạm dừng (cách tính của Cổng dịch vụ công quốc gia); cột "
     "cuối là hẹn trả nếu tính lại từ đầu theo khoản 4 Điều 19 Nghị định 61/2018.",
     "The appointment moves by the paused office time (the national portal's reading); the last "
     "column is the appointment if the period restarted, as Decree 61/2018 art. 19(4) reads."},
    {"office.phone", "Số điện thoại", "Phone number"},
    {"office.pid", "Số định danh cá nhân", "Personal ID number"},
    {"office.print_hint", "In trang này (khổ A5, phiếu kiểm soát khổ A4).",
     "Print this page (A5; the control sheet A4)."},
    {"office.procedure", "Thủ tục", "Procedure"},
    {"office.procedure_code", "Mã thủ tục", "Procedure code"},
    {"office.queue", "Hồ sơ một cửa", "One-stop-shop dossiers"},
    {"office.reason", "Lý do", "Reason"},
    {"office.receive", "Tiếp nhận hồ sơ trực tiếp", "Receive a dossier at the counter"},
    {"office.receive_submit", "Tiếp nhận và in giấy hẹn", "Receive and print the receipt"},
    {"office.received", "Ngày tiếp nhận", "Received"},
    {"office.restart_due", "Hẹn trả nếu tính lại từ đầu", "Appointment if restarted"},
    {"office.result_file", "Tệp kết quả (PDF, JPEG, PNG; tối đa 10 MB)",
     "Result document (PDF, JPEG, PNG; at most 10 MB)"},
    {"office.scans", "Bản chụp, bản quét giấy tờ", "Scans and photos of the documents"},
    {"office.scans_hint", "PDF, JPEG hoặc PNG, mỗi tệp tối đa 10 MB, tối đa 4 tệp.",
     "PDF, JPEG or PNG, at most 10 MB each, up to 4 files."},
    {"office.sign_applicant", "NGƯỜI NỘP HỒ SƠ", "APPLICANT"},
    {"office.sign_officer", "NGƯỜI TIẾP NHẬN HỒ SƠ", "RECEIVING OFFICER"},
    {"office.status", "Trạng thái", "Status"},
    {"office.status_active", "Đang giải quyết", "In progress"},
    {"office.status_all", "Tất cả", "All"},
    {"office.step", "Bước", "Step"},
    {"office.submitted", "Ngày nộp", "Filed"},
    {"office.total", "Tổng số", "Total"},
    {"office.waiting", "Đang chờ bổ sung", "Waiting"},
    {"office.what.apology",
     "Gửi văn bản xin lỗi với lý do và ngày hẹn trả mới (Điều 19 khoản 9 Nghị định 61/2018). Chỉ "
     "được một lần và trước khi hết hạn.",
     "Sends a written apology with the reason and a new appointment (Decree 61/2018 art. 19(9)). "
     "Once only, before the appointment has passed."},
    {"office.what.fee",
     "Hồ sơ chuyển sang chờ người nộp thực hiện nghĩa vụ tài chính. Người nộp thấy mã VietQR "
     "để chuyển khoản số tiền còn phải nộp, hoặc nộp tiền mặt tại quầy.",
     "The dossier waits for the applicant to pay the fee or tax: they see the VietQR code for "
     "what is due, or pay in cash at the counter."},
    {"office.what.paid",
     "Phí, lệ phí đã nộp đủ (theo biên lai đã ghi nhận); hồ sơ tiếp tục được xử lý. Khoản nộp "
     "được ghi nhận ở mục Phí, lệ phí của hồ sơ: tiền mặt tại quầy, hoặc chuyển khoản khi nhập "
     "sao kê ngân hàng.",
     "The fee is paid in full (by the receipts recorded); processing goes on. Payments are "
     "recorded in the dossier's fee section: cash at the counter, or transfers when the bank "
     "statement is read."},
    {"office.what.process", "Hồ sơ chuyển sang đang xử lý.", "The dossier moves to processing."},
    {"office.what.receive",
     "Tiếp nhận hồ sơ nộp trực tuyến; hệ thống tính ngày hẹn trả kết quả và in giấy tiếp nhận.",
     "Receives the online dossier; the appointment is computed and the receipt printed."},
    {"office.what.refuse", "Từ chối tiếp nhận hồ sơ và in phiếu từ chối (mẫu 03) với lý do.",
     "Refuses the dossier and prints the refusal notice (form 03) with the reason."},
    {"office.what.result", "Đính kèm văn bản kết quả (nếu có) và ghi nhận đã xử lý xong.",
     "Attaches the result document (if any) and marks the result ready."},
    {"office.what.return", "Ghi nhận đã trả kết quả cho người nộp.",
     "Records that the result was handed to the applicant."},
    {"office.what.stop", "Dừng xử lý hồ sơ và in phiếu từ chối giải quyết với lý do.",
     "Stops processing and prints the refusal notice with the reason."},
    {"office.what.supplement",
     "Thời hạn tạm dừng; in phiếu yêu cầu bổ sung (mẫu 02) nêu đầy đủ giấy tờ còn thiếu.",
     "The clock stops; prints the supplement request (form 02) listing everything missing."},
    {"office.what.supplemented",
     "Ghi nhận người nộp đã bổ sung đủ; thời hạn chạy tiếp và hẹn trả được lùi tương ứng.",
     "Records the supplement; the clock runs again and the appointment moves accordingly."},
    {"office.when", "Thời gian", "When"},
    {"office.who", "Người thực hiện", "By"},
    {"office.yes", "Đúng hạn", "On time"},
    {NULL, NULL, NULL},
};
