/*
 * page_release.c: the counter's remedy when a citizen account took a
 * number that is not its holder's (register.h):
 *   GET  /office/release   the form: the ID or phone number to give back
 *   POST /office/release   releases it from every citizen account holding it
 * The officer does this after seeing the person's papers; the store records
 * each account changed in the audit log (never the number itself).
 */
#include <stdio.h>
#include <string.h>

#include "web/i18n.h"
#include "web/page.h"
#include "web/register.h"

static int release_form(struct req *r, const char *cls, const char *message, int status)
{
	page_begin(r, tr(r, "release.title"));
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link(r, "/office", NULL, tr(r, "office.queue"));
	buf_puts(&r->out, "</nav><h1>");
	page_text(r, "release.title");
	buf_puts(&r->out, "</h1><p>");
	page_text(r, "release.intro");
	buf_puts(&r->out, "</p>");
	if (message)
		page_message(r, cls, message);
	buf_puts(&r->out, "<form class=\"stack\" method=\"post\" action=\"/office/release\">");
	page_csrf(r);
	page_input(r, "number", "text", "release.number", NULL, "off", true);
	buf_puts(&r->out, "<button type=\"submit\">");
	page_text(r, "release.submit");
	buf_puts(&r->out, "</button></form>");
	return page_end(r, status);
}

static int get_release(struct req *r)
{
	return release_form(r, NULL, NULL, 200);
}

static int post_release(struct req *r)
{
	int status;
	const char *unreadable = page_form_problem(r, &status);
	if (unreadable)
		return release_form(r, "error", unreadable, status);
	const char *number = in_str(r, "number");
	struct xerr e = {0};
	int n = 0;
	if (in_error(r))
		return release_form(r, "error", in_error(r)->msg, 400);
	if (!number || !*number)
		return release_form(r, "error", tr(r, "release.empty"), 400);
	if (release_number(r, number, "number", &n, &e) != 0)
		return release_form(r, "error", e.msg, xerr_http_status(e.code));
	if (n == 0)
		return release_form(r, "error", tr(r, "release.none"), 404);
	return release_form(r, "ok", arena_printf(&r->arena, "%s %d", tr(r, "release.done"), n),
	                    200);
}

/* The number as typed: an ID number or a phone number in any usual form
 * (register.h checks which). The page shows a refused value: lenient. */
static const struct param release_in[] = {
    {"number", IN_FORM, IN_TEXT, .max = 20},
    {NULL},
};

const struct route page_release_routes[] = {
    {"GET", "/office/release", get_release, "account.release"},
    {"POST", "/office/release", post_release, "account.release", 0, release_in, true},
    {NULL, NULL, NULL, NULL, 0},
};

/* Sorted by key. */
const struct message i18n_release[] = {
    {"release.done", "Đã thu hồi số khỏi số tài khoản:", "Accounts that lost the number:"},
    {"release.empty", "Vui lòng nhập số định danh hoặc số điện thoại.",
     "Enter an ID number or a phone number."},
    {"release.intro",
     "Khi một tài khoản công dân đã đăng ký bằng số định danh hoặc số điện thoại của người "
     "khác: sau khi kiểm tra giấy tờ của chủ số, thu hồi số đó để chủ số đăng ký. Tài khoản "
     "dùng số đó làm tên đăng nhập bị khóa. Việc thu hồi được ghi nhật ký.",
     "When a citizen account registered with another person's ID or phone number: after "
     "checking the owner's papers, release the number so that its owner can register. An "
     "account that used it as its login is disabled. The release is recorded in the audit "
     "log."},
    {"release.none", "Không có tài khoản công dân nào dùng số này.",
     "No citizen account holds this number."},
    {"release.number", "Số định danh (12 chữ số) hoặc số điện thoại",
     "ID number (12 digits) or phone number"},
    {"release.submit", "Thu hồi số", "Release the number"},
    {"release.title", "Thu hồi số bị đăng ký nhầm", "Release a wrongly claimed number"},
    {NULL, NULL, NULL},
};
