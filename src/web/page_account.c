/*
 * page_account.c: the sign-in page, citizen registration, the account
 * page and signing out, as plain HTML forms that work without JavaScript.
 *
 * The sign-in and registration forms have no session yet, so they are
 * protected against cross-site posting by a double-submitted token: the
 * page sets a random value in the cookie xaso_pre (SameSite=Strict) and in
 * a hidden field; the POST must carry both, equal.
 */
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/pii.h"
#include "web/auth.h"
#include "core/text.h"
#include "web/i18n.h"
#include "web/page.h"
#include "web/qr.h"
#include "web/register.h"

static void pre_token(struct req *r)
{
	char tok[TOKEN_LEN];
	token_new(tok);
	char *cookie = arena_alloc(&r->arena, 160);
	if (cookie) {
		snprintf(cookie, 160,
		         "xaso_pre=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600", tok);
		resp_header(r, "Set-Cookie", cookie);
	}
	page_hidden(r, "pre", tok);
}

static bool pre_ok(struct req *r)
{
	const char *c = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "xaso_pre");
	const char *f = in_str(r, "pre");
	return c && f && strlen(c) == TOKEN_LEN - 1 && strlen(f) == strlen(c) &&
	       sodium_memcmp(c, f, strlen(c)) == 0;
}

static int login_form(struct req *r, const char *error, const char *login, int status)
{
	page_begin(r, tr(r, "login.title"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "login.title");
	buf_puts(&r->out, "</h1>");
	if (error)
		page_message(r, "error", error);
	buf_puts(&r->out, "<form class=\"stack\" method=\"post\" action=\"/login\">");
	pre_token(r);
	page_input(r, "login", "text", "login.login", login, "username", true);
	page_input(r, "password", "password", "login.password", NULL, "current-password", true);
	page_input(r, "totp", "text", "login.totp", NULL, "one-time-code", false);
	buf_puts(&r->out, "<button type=\"submit\">");
	page_text(r, "nav.login");
	buf_puts(&r->out, "</button></form><p class=\"muted\">");
	page_text(r, "login.register_hint");
	buf_puts(&r->out, " ");
	page_link(r, "/register", NULL, tr(r, "register.title"));
	buf_puts(&r->out, "</p>");
	return page_end(r, status);
}

static int get_login(struct req *r)
{
	return login_form(r, NULL, NULL, 200);
}

static int post_login(struct req *r)
{
	int status;
	const char *unreadable = page_form_problem(r, &status);
	if (unreadable)
		return login_form(r, unreadable, NULL, status);
	const char *login = in_str(r, "login");
	if (!pre_ok(r))
		return login_form(r, tr(r, "form.stale"), login, 403);
	struct login_result lr;
	struct xerr e = {0};
	if (auth_login(r, login, in_str(r, "password"), in_str(r, "totp"), &lr, &e) != 0)
		return login_form(r, e.msg, login, xerr_http_status(e.code));
	return page_redirect(r, "/account");
}

static int post_logout(struct req *r)
{
	struct xerr e = {0};
	auth_logout(r, &e);
	return page_redirect(r, "/");
}

static int register_form(struct req *r, const char *error, int status)
{
	page_begin(r, tr(r, "register.title"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "register.title");
	buf_puts(&r->out, "</h1>");
	if (error)
		page_message(r, "error", error);
	buf_puts(&r->out, "<form class=\"stack\" method=\"post\" action=\"/register\">");
	pre_token(r);
	page_input(r, "full_name", "text", "register.name", in_str(r, "full_name"), "name", true);
	page_input(r, "login", "tel", "register.phone", in_str(r, "login"), "tel", true);
	page_input(r, "pid", "text", "register.pid", in_str(r, "pid"), "off", false);
	page_input(r, "birth_date", "date", "register.birth_date", in_str(r, "birth_date"), "bday",
	           false);
	page_input(r, "password", "password", "register.password", NULL, "new-password", true);
	buf_puts(&r->out, "<button type=\"submit\">");
	page_text(r, "register.submit");
	buf_puts(&r->out, "</button></form>");
	return page_end(r, status);
}

static int get_register(struct req *r)
{
	return register_form(r, NULL, 200);
}

static int post_register(struct req *r)
{
	int status;
	const char *unreadable = page_form_problem(r, &status);
	if (unreadable)
		return register_form(r, unreadable, status);
	if (!pre_ok(r))
		return register_form(r, tr(r, "form.stale"), 403);
	struct xerr e = {0};
	struct account a;
	memset(&a, 0, sizeof a);
	a.role = ROLE_CITIZEN;
	const char *name = in_str(r, "full_name"), *pid = in_str(r, "pid");
	const char *password = in_str(r, "password"), *login = in_str(r, "login");
	if (in_error(r))
		e = *in_error(r); /* a value refused by its declaration */
	else if (!name || !*name)
		xerr_set(&e, XERR_INVALID, "full_name", "%s", tr(r, "register.name_required"));
	else if (phone_normalise(login, a.phone, sizeof a.phone, "login", &e) == 0 &&
	         (!pid || !*pid || pid_check(pid, NULL, 0, "pid", &e) == 0) &&
	         password_check(password, a.phone, name, &e) == 0 &&
	         password_hash(password, a.password_hash, &e) == 0) {
		snprintf(a.login, sizeof a.login, "%s", a.phone);
		snprintf(a.full_name, sizeof a.full_name, "%s", name);
		if (pid && *pid)
			snprintf(a.pid, sizeof a.pid, "%.12s", pid);
		if (register_citizen(r, &a, in_str(r, "birth_date"), &e) == 0) {
			struct login_result lr;
			if (auth_login(r, a.login, password, NULL, &lr, &e) == 0)
				return page_redirect(r, "/account");
		}
	}
	return register_form(r, e.msg, xerr_http_status(e.code));
}

static int get_account(struct req *r)
{
	struct xerr e = {0};
	struct account a;
	if (store_account_get_id(r->store, r->who->account_id, &a, &e) != 0)
		return resp_error(r, &e);
	page_begin(r, tr(r, "account.title"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "account.title");
	buf_puts(&r->out, "</h1><dl class=\"facts\">");
	page_fact(r, "account.login", a.login);
	page_fact(r, "account.name", a.full_name);
	char role_key[32];
	snprintf(role_key, sizeof role_key, "role.%s", role_name(a.role));
	page_fact(r, "account.role", tr(r, role_key));
	if (a.unit[0]) {
		struct unit u;
		page_fact(r, "account.unit",
		          store_unit_get(r->store, a.unit, &u, &e) == 0 ? u.name : a.unit);
	}
	char pid[16], phone[16];
	pid_mask(a.pid, pid);
	phone_mask(a.phone, phone);
	page_fact(r, "account.pid", pid);
	page_fact(r, "account.phone", phone);
	page_fact(r, "account.totp",
	          tr(r, a.totp_secret[0] ? "account.totp_on" : "account.totp_off"));
	buf_puts(&r->out, "</dl><p>");
	page_link(r, "/account/password", NULL, tr(r, "password.title"));
	if (!a.totp_secret[0]) {
		buf_puts(&r->out, " · ");
		page_link(r, "/account/totp", NULL, tr(r, "totp.title"));
	}
	buf_puts(&r->out, "</p>");
	return page_end(r, 200);
}

static int password_form(struct req *r, const char *error, int status)
{
	page_begin(r, tr(r, "password.title"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "password.title");
	buf_puts(&r->out, "</h1>");
	if (error)
		page_message(r, "error", error);
	buf_puts(&r->out, "<form class=\"stack\" method=\"post\" action=\"/account/password\">");
	page_csrf(r);
	page_input(r, "current", "password", "password.current", NULL, "current-password", true);
	page_input(r, "password", "password", "register.password", NULL, "new-password", true);
	buf_puts(&r->out, "<button type=\"submit\">");
	page_text(r, "password.submit");
	buf_puts(&r->out, "</button></form>");
	return page_end(r, status);
}

static int get_password(struct req *r)
{
	return password_form(r, NULL, 200);
}

/* A new password ends every session of the account, this one included:
 * the user signs in again with it. */
static int post_password(struct req *r)
{
	struct xerr e = {0};
	struct account a;
	if (store_account_get_id(r->store, r->who->account_id, &a, &e) != 0)
		return resp_error(r, &e);
	const char *current = in_str(r, "current"), *password = in_str(r, "password");
	if (!current || !password_verify(current, a.password_hash))
		return password_form(r, tr(r, "password.wrong"), 400);
	char hash[PASSWORD_HASH_LEN];
	struct actor who;
	req_actor(r, &who);
	if (password_check(password, a.login, a.full_name, &e) != 0 ||
	    password_hash(password, hash, &e) != 0 ||
	    store_account_set_password(r->store, &who, a.login, hash, &e) != 0)
		return password_form(r, e.msg, xerr_http_status(e.code));
	return page_redirect(r, "/login");
}

static int totp_form(struct req *r, const char *secret, const char *error, int status)
{
	struct xerr e = {0};
	page_begin(r, tr(r, "totp.title"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "totp.title");
	buf_puts(&r->out, "</h1>");
	if (error)
		page_message(r, "error", error);
	buf_puts(&r->out, "<p>");
	page_text(r, "totp.explain");
	buf_puts(&r->out, "</p>");
	char uri[160];
	snprintf(uri, sizeof uri, "otpauth://totp/xaso:%s?secret=%s&issuer=xaso", r->who->login,
	         secret);
	if (qr_svg(&r->out, uri, 200, tr(r, "totp.title"), &e) != 0)
		page_message(r, "error", e.msg);
	buf_puts(&r->out, "<p><code>");
	buf_html(&r->out, secret);
	buf_puts(&r->out,
	         "</code></p><form class=\"stack\" method=\"post\" action=\"/account/totp\">");
	page_csrf(r);
	page_hidden(r, "secret", secret);
	page_input(r, "totp", "text", "login.totp", NULL, "one-time-code", true);
	buf_puts(&r->out, "<button type=\"submit\">");
	page_text(r, "totp.submit");
	buf_puts(&r->out, "</button></form>");
	return page_end(r, status);
}

static int get_totp(struct req *r)
{
	struct xerr e = {0};
	struct account a;
	if (store_account_get_id(r->store, r->who->account_id, &a, &e) != 0)
		return resp_error(r, &e);
	if (a.totp_secret[0])
		return resp_fail(
		    r, XERR_CONFLICT, "totp",
		    "a second factor is already enrolled; an administrator can remove it");
	char secret[TOTP_SECRET_LEN];
	if (totp_new_secret(secret, &e) != 0)
		return resp_error(r, &e);
	return totp_form(r, secret, NULL, 200);
}

/* The secret travels in the form (it is shown on the page anyway) and is
 * stored only once a code made from it proves the app has it. */
static int post_totp(struct req *r)
{
	struct xerr e = {0};
	struct account a;
	if (store_account_get_id(r->store, r->who->account_id, &a, &e) != 0)
		return resp_error(r, &e);
	if (a.totp_secret[0])
		return resp_fail(r, XERR_CONFLICT, "totp", "a second factor is already enrolled");
	const char *secret = in_str(r, "secret"), *code = in_str(r, "totp");
	if (!secret || strlen(secret) != TOTP_SECRET_LEN - 1 ||
	    strspn(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != TOTP_SECRET_LEN - 1)
		return resp_fail(r, XERR_INVALID, "secret", "the form is damaged: reload the page");
	int64_t step;
	if (totp_verify(secret, code, (int64_t)time(NULL), 0, &step, &e) != 0)
		return totp_form(r, secret, e.msg, 400);
	struct actor who;
	req_actor(r, &who);
	if (store_account_set_totp(r->store, &who, a.login, secret, &e) != 0)
		return resp_error(r, &e);
	return page_redirect(r, "/account");
}

/* The same limits as the API's (api_accounts.c) for the same fields. */
static const struct param login_in[] = {
    {"pre", IN_FORM, IN_TEXT, .max = TOKEN_LEN - 1},
    {"login", IN_FORM, IN_TEXT, .max = 63},
    {"password", IN_FORM, IN_TEXT, .max = PASSWORD_MAX},
    {"totp", IN_FORM, IN_TEXT, .max = 6},
    {NULL},
};
static const struct param register_in[] = {
    {"pre", IN_FORM, IN_TEXT, .max = TOKEN_LEN - 1},
    {"full_name", IN_FORM, IN_TEXT, .max = ACCOUNT_NAME_CHARS},
    {"login", IN_FORM, IN_TEXT, .max = 63},
    {"pid", IN_FORM, IN_TEXT, .max = 12},
    {"birth_date", IN_FORM, IN_DATE},
    {"password", IN_FORM, IN_TEXT, .max = PASSWORD_MAX},
    {NULL},
};
static const struct param password_in[] = {
    {"current", IN_FORM, IN_TEXT, .max = PASSWORD_MAX},
    {"password", IN_FORM, IN_TEXT, .max = PASSWORD_MAX},
    {NULL},
};
static const struct param totp_in[] = {
    {"secret", IN_FORM, IN_TEXT, .max = TOTP_SECRET_LEN - 1},
    {"totp", IN_FORM, IN_TEXT, .max = 6},
    {NULL},
};

/* The forms show a refused value as a wrong or missing one: lenient. */
const struct route page_account_routes[] = {
    {"GET", "/login", get_login, "public"},
    {"POST", "/login", post_login, "public", 0, login_in, true, .rate = RL_SIGNIN, .hashes = true},
    {"GET", "/register", get_register, "public", 0, register_in},
    {"POST", "/register", post_register, "public", 0, register_in, true, .rate = RL_REGISTER,
     .hashes = true},
    {"POST", "/logout", post_logout, "session"},
    {"GET", "/account", get_account, "session"},
    {"GET", "/account/password", get_password, "session"},
    {"POST", "/account/password", post_password, "session", 0, password_in, true, .hashes = true},
    {"GET", "/account/totp", get_totp, "session"},
    {"POST", "/account/totp", post_totp, "session", 0, totp_in, true},
    {NULL, NULL, NULL, NULL},
};

/* Sorted by key. */
const struct message i18n_account[] = {
    {"account.login", "Tên đăng nhập", "Login"},
    {"account.name", "Họ và tên", "Full name"},
    {"account.phone", "Số điện thoại", "Phone number"},
    {"account.pid", "Số định danh cá nhân", "Personal ID number"},
    {"account.role", "Vai trò", "Role"},
    {"account.title", "Tài khoản của tôi", "My account"},
    {"account.totp", "Xác thực hai lớp", "Second factor"},
    {"account.totp_off", "Chưa bật", "Not enrolled"},
    {"account.totp_on", "Đã bật", "Enrolled"},
    {"account.unit", "Đơn vị", "Unit"},
    {"form.stale", "Biểu mẫu đã cũ hoặc được gửi từ trang khác. Vui lòng tải lại trang và thử lại.",
     "The form is out of date or came from another site. Reload the page and try again."},
    {"login.login", "Số điện thoại, số định danh hoặc tên đăng nhập",
     "Phone number, ID number or login"},
    {"login.password", "Mật khẩu", "Password"},
    {"login.register_hint", "Chưa có tài khoản?", "No account yet?"},
    {"login.title", "Đăng nhập", "Sign in"},
    {"login.totp", "Mã xác thực 6 số (nếu có)", "6-digit code (if enrolled)"},
    {"password.current", "Mật khẩu hiện tại", "Current password"},
    {"password.submit", "Đổi mật khẩu", "Change password"},
    {"password.title", "Đổi mật khẩu", "Change password"},
    {"password.wrong", "Mật khẩu hiện tại không đúng.", "The current password is wrong."},
    {"register.birth_date", "Ngày sinh (bắt buộc khi nhập số định danh)",
     "Date of birth (needed with an ID number)"},
    {"register.name", "Họ và tên", "Full name"},
    {"register.name_required", "Vui lòng nhập họ và tên.", "Please enter your full name."},
    {"register.password", "Mật khẩu (ít nhất 10 ký tự)", "Password (at least 10 characters)"},
    {"register.phone", "Số điện thoại", "Phone number"},
    {"register.pid", "Số định danh cá nhân (không bắt buộc)", "Personal ID number (optional)"},
    {"register.submit", "Tạo tài khoản", "Create account"},
    {"register.title", "Đăng ký tài khoản công dân", "Register as a citizen"},
    {"role.admin", "Quản trị hệ thống", "Administrator"},
    {"role.citizen", "Công dân", "Citizen"},
    {"role.leader", "Lãnh đạo xã", "Commune leader"},
    {"role.officer", "Cán bộ một cửa", "One-stop-shop officer"},
    {"role.province", "Sở, ngành cấp tỉnh", "Provincial department"},
    {"role.team", "Tổ công nghệ số cộng đồng", "Community digital team"},
    {"totp.explain",
     "Quét mã QR bằng ứng dụng xác thực (Google Authenticator, Microsoft Authenticator, "
     "FreeOTP...) hoặc nhập khóa bên dưới, rồi nhập mã 6 số ứng dụng hiển thị.",
     "Scan the QR code with an authenticator app (Google Authenticator, Microsoft "
     "Authenticator, FreeOTP...) or type the key below, then enter the 6-digit code it shows."},
    {"totp.submit", "Bật xác thực hai lớp", "Enrol the second factor"},
    {"totp.title", "Xác thực hai lớp", "Second factor"},
    {NULL, NULL, NULL},
};
