/*
 * page_verify.c: the public verification of a signed result, where the QR
 * code of its cover page leads (issue 17):
 *   GET  /verify                   a form to type the id printed on paper
 *   GET  /verify/ID[?sha256=HEX]   the verdict: the record of the cover
 *                                  page, the signatures, and a file named
 *                                  by its SHA-256
 *   POST /verify/ID                the same for a file uploaded (a PDF
 *                                  changed after signing shows altered)
 *   GET  /verify/ID/cover          the printable cover page with its QR code
 *   GET  /verify/ID/record.txt     the canonical record, record.p7s its
 *                                  signature, result.p7s the detached
 *                                  signature of a result that is not a PDF
 *   GET  /api/v1/verify/ID[?sha256=HEX]   the verdict as JSON
 * Public: nothing personal is shown beyond the applicant's masked ID number
 * in the record (Decree 13/2023), not even the result's file name; the id
 * is 80 random bits, so one result's address gives away no other.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/secret.h"
#include "web/form.h"
#include "web/office.h"
#include "web/page.h"
#include "web/qr.h"
#include "web/result_view.h"
#include "web/ratelimit.h"
#include "web/results.h"

static const char *status_label(struct req *r, enum sign_status s)
{
	return tr(r, arena_printf(&r->arena, "sign.status.%s", sign_status_name(s)));
}

/* The check of the route's result, with the file presented (its bytes,
 * or its SHA-256) if any; NULL after answering the error. */
static struct result_check *check(struct req *r, const void *file, size_t len, const char *sha256)
{
	struct result_check *c = arena_alloc(&r->arena, sizeof *c);
	struct xerr e = {0};
	if (results_check(r->store, in_str(r, "id"), (int64_t)time(NULL), file, len, sha256, c,
	                  &e) != 0) {
		if (req_is_api(r))
			resp_error(r, &e);
		else
			office_error(r, &e, "/verify");
		return NULL;
	}
	return c;
}

static void verdict(struct req *r, enum sign_status s, const char *what_key)
{
	buf_printf(&r->out, "<p class=\"verdict %s\"><strong>", sign_status_name(s));
	page_text(r, what_key);
	buf_puts(&r->out, ": ");
	buf_html(&r->out, status_label(r, s));
	buf_puts(&r->out, "</strong> — ");
	page_text(r, arena_printf(&r->arena, "sign.means.%s", sign_status_name(s)));
	buf_puts(&r->out, "</p>");
}

static void record_facts(struct req *r, const struct result_check *c)
{
	const struct result_record *rec = &c->record;
	buf_puts(&r->out, "<dl class=\"facts\">");
	page_fact(r, "sign.dossier", c->sig.dossier_code);
	page_fact(r, "sign.procedure",
	          arena_printf(&r->arena, "%s — %s", rec->procedure_code, rec->procedure_name));
	page_fact(r, "sign.applicant", rec->applicant);
	page_fact(r, "sign.unit",
	          arena_printf(&r->arena, "%s (%s)", rec->unit_name, rec->unit_code));
	page_fact(r, "sign.signer", c->sig.signer);
	buf_puts(&r->out, "<dt>");
	page_text(r, "sign.signed_at");
	buf_puts(&r->out, "</dt><dd>");
	office_time_words(r, dossier_local_minutes(c->sig.signed_at));
	buf_puts(&r->out, "</dd>");
	page_fact(r, "sign.format",
	          tr(r, arena_printf(&r->arena, "sign.format.%s", c->sig.format)));
	buf_puts(&r->out, "<dt>SHA-256</dt><dd><span class=\"hash\">");
	buf_html(&r->out, c->sig.signed_sha256);
	buf_puts(&r->out, "</span></dd></dl>");
}

static void signatures_table(struct req *r, const struct result_check *c,
                             const struct sign_report *rep)
{
	static const char *const head[] = {"sign.signer", "sign.role", "sign.signed_at",
	                                   "sign.verdict"};
	buf_puts(&r->out, "<table class=\"signatures\"><tr>");
	for (int i = 0; i < 4; i++) {
		buf_puts(&r->out, "<th>");
		page_text(r, head[i]);
		buf_puts(&r->out, "</th>");
	}
	buf_puts(&r->out, "</tr>");
	for (size_t i = 0; i < rep->n; i++) {
		const struct sign_signature *g = &rep->sig[i];
		const char *role = results_signer_role(c, &g->cert);
		buf_puts(&r->out, "<tr><td>");
		buf_html(&r->out, g->cert.common_name);
		buf_puts(&r->out, "<br><small class=\"muted\">");
		buf_html(&r->out, g->cert.organisation);
		buf_puts(&r->out, "</small></td><td>");
		page_text(r, *role ? arena_printf(&r->arena, "sign.role.%s", role)
		                   : "sign.role.other");
		buf_puts(&r->out, "</td><td>");
		office_time_words(r, dossier_local_minutes(g->signed_at));
		buf_printf(&r->out, "</td><td class=\"verdict %s\">", sign_status_name(g->status));
		buf_html(&r->out, status_label(r, g->status));
		if (g->status != SIGN_VALID && g->detail[0]) {
			buf_puts(&r->out, "<br><small>");
			buf_html(&r->out, g->detail);
			buf_puts(&r->out, "</small>");
		}
		buf_puts(&r->out, "</td></tr>");
	}
	buf_puts(&r->out, "</table>");
}

static void presented(struct req *r, const struct result_check *c)
{
	buf_puts(&r->out, "<h2>");
	page_text(r, "sign.presented");
	buf_printf(&r->out, "</h2><p class=\"verdict %s\"><strong>",
	           c->matches ? "valid" : sign_status_name(c->presented_report.status));
	page_text(r, c->matches ? "sign.is_signed_file" : "sign.not_signed_file");
	buf_puts(&r->out, "</strong> <span class=\"hash\">");
	buf_html(&r->out, c->presented_sha256);
	buf_puts(&r->out, "</span></p>");
	if (!c->matches && c->presented_report.n) {
		verdict(r, c->presented_report.status, "sign.its_signatures");
		signatures_table(r, c, &c->presented_report);
	}
}

static void forms(struct req *r, const struct result_check *c)
{
	buf_puts(&r->out, "<h2>");
	page_text(r, "sign.compare");
	buf_puts(&r->out,
	         "</h2><form class=\"stack\" method=\"post\" enctype=\"multipart/form-data\" "
	         "action=\"/verify/");
	buf_urlenc(&r->out, c->sig.public_id);
	buf_puts(&r->out, "\">");
	page_csrf(r);
	buf_puts(&r->out, "<label>");
	page_text(r, "sign.upload");
	buf_puts(&r->out,
	         "<input type=\"file\" name=\"file\" required></label><button type=\"submit\">");
	page_text(r, "sign.check");
	buf_puts(&r->out, "</button></form><form class=\"stack\" method=\"get\" action=\"/verify/");
	buf_urlenc(&r->out, c->sig.public_id);
	buf_puts(&r->out, "\">");
	page_input(r, "sha256", "text", "sign.sha256", c->presented ? c->presented_sha256 : "",
	           "off", true);
	buf_puts(&r->out, "<button type=\"submit\">");
	page_text(r, "sign.check");
	buf_puts(&r->out, "</button></form>");
}

static void downloads(struct req *r, const struct result_check *c)
{
	const char *id = c->sig.public_id;
	buf_puts(&r->out, "<p class=\"actions\">");
	page_link_path(r, "/verify/", id, "/cover", tr(r, "sign.cover"));
	page_link_path(r, "/verify/", id, "/record.txt", tr(r, "sign.record_txt"));
	page_link_path(r, "/verify/", id, "/record.p7s", tr(r, "sign.record_p7s"));
	if (!strcmp(c->sig.format, "cms"))
		page_link_path(r, "/verify/", id, "/result.p7s", tr(r, "sign.result_p7s"));
	page_link(r, "/certs", NULL, tr(r, "sign.directory"));
	buf_puts(&r->out, "</p><p class=\"muted\">");
	page_text(r, "sign.offline");
	buf_puts(&r->out, "</p>");
}

static int verify_page(struct req *r, const struct result_check *c, const char *error, int status)
{
	page_begin(r, tr(r, "sign.verify_title"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "sign.verify_title");
	buf_puts(&r->out, "</h1>");
	if (error)
		page_message(r, "error", error);
	verdict(r, c->status, "sign.result");
	record_facts(r, c);
	buf_puts(&r->out, "<h2>");
	page_text(r, "sign.signatures");
	buf_puts(&r->out, "</h2>");
	signatures_table(r, c, &c->file_report);
	verdict(r, c->record_report.status, "sign.record");
	if (c->presented)
		presented(r, c);
	forms(r, c);
	downloads(r, c);
	return page_end(r, status);
}

static json_t *report_json(struct req *r, const struct result_check *c,
                           const struct sign_report *rep)
{
	json_t *a = json_array();
	for (size_t i = 0; i < rep->n; i++) {
		const struct sign_signature *g = &rep->sig[i];
		char problems[200];
		sign_problem_text(g->problems, problems, sizeof problems);
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:s}",
		                                   "status", sign_status_name(g->status), "role",
		                                   results_signer_role(c, &g->cert), "signer",
		                                   g->cert.common_name, "subject", g->cert.subject,
		                                   "serial", g->cert.serial, "signed_at",
		                                   result_view_time(r, g->signed_at), "problems",
		                                   problems, "detail", g->detail));
	}
	return json_pack("{s:s, s:o}", "status", sign_status_name(rep->status), "signatures", a);
}

static int verify_json(struct req *r, const struct result_check *c)
{
	const struct result_record *rec = &c->record;
	json_t *j = json_pack(
	    "{s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:s, s:{s:s, s:s}, s:s, s:s, s:s, s:s, s:o, s:o}",
	    "id", c->sig.public_id, "url", result_view_url(r, c->sig.public_id), "status",
	    sign_status_name(c->status), "dossier", c->sig.dossier_code, "procedure", "code",
	    rec->procedure_code, "name", rec->procedure_name, "applicant", rec->applicant, "unit",
	    "code", c->sig.unit, "name", rec->unit_name, "signer", c->sig.signer, "signed_at",
	    result_view_time(r, c->sig.signed_at), "format", c->sig.format, "sha256",
	    c->sig.signed_sha256, "record", report_json(r, c, &c->record_report), "file",
	    report_json(r, c, &c->file_report));
	if (c->presented)
		json_object_set_new(j, "presented",
		                    json_pack("{s:s, s:b, s:o}", "sha256", c->presented_sha256,
		                              "matches", c->matches, "check",
		                              report_json(r, c, &c->presented_report)));
	return resp_json(r, 200, j);
}

static int get_verify(struct req *r)
{
	struct result_check *c = check(r, NULL, 0, in_str(r, "sha256"));
	if (!c)
		return 0;
	return req_is_api(r) ? verify_json(r, c) : verify_page(r, c, NULL, 200);
}

static int post_verify(struct req *r)
{
	struct form f;
	struct xerr e = {0};
	int n = 0;
	const struct form_file *files = NULL;
	int rc = in_error(r) ? (e = *in_error(r)).code : form_parse(r, &f, &e);
	if (rc == 0 && (files = in_files(r, "file", &n), n == 0))
		rc = xerr_set(&e, XERR_INVALID, "file", "%s", tr(r, "sign.upload"));
	struct result_check *c = check(r, rc ? NULL : files[0].data, rc ? 0 : files[0].len, NULL);
	if (!c)
		return 0;
	return verify_page(r, c, rc ? e.msg : NULL, rc ? xerr_http_status(e.code) : 200);
}

/* A form for the id printed on paper; with ?id=..., on to its page. */
static int get_ask(struct req *r)
{
	const char *id = in_str(r, "id");
	if (id)
		return page_redirect(
		    r, arena_printf(&r->arena, "/verify/%s%s", id,
		                    r->lang && !strcmp(r->lang, "en") ? "?lang=en" : ""));
	page_begin(r, tr(r, "sign.verify_title"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "sign.verify_title");
	buf_puts(&r->out, "</h1>");
	if (in_refused(r, "id"))
		page_message(r, "error", tr(r, "sign.bad_id"));
	buf_puts(&r->out, "<p>");
	page_text(r, "sign.ask");
	buf_puts(&r->out, "</p><form class=\"stack\" method=\"get\" action=\"/verify\">");
	page_input(r, "id", "text", "sign.id", "", "off", true);
	buf_puts(&r->out, "<button type=\"submit\">");
	page_text(r, "sign.check");
	buf_puts(&r->out, "</button></form>");
	return page_end(r, in_refused(r, "id") ? 400 : 200);
}

/* ---- the cover page and the files of the signature ---- */

static void cover_line(struct req *r, const char *label, const char *value)
{
	buf_puts(&r->out, "<p>");
	buf_html(&r->out, label);
	buf_puts(&r->out, " <strong>");
	buf_html(&r->out, value);
	buf_puts(&r->out, "</strong></p>");
}

/* The printable page that goes with a paper result: the record it binds,
 * in words and in its canonical bytes, and a QR code to /verify/ID. */
static int cover(struct req *r, const struct result_signature *g, const struct result_record *rec,
                 const struct buf *text)
{
	struct xerr e = {0};
	const char *url = result_view_url(r, g->public_id);
	page_begin(r, tr(r, "sign.cover"));
	buf_puts(&r->out, "<p class=\"noprint\">");
	page_link(r, "/verify/", g->public_id, tr(r, "sign.check"));
	buf_puts(&r->out, "</p><article class=\"paper a4 cover\"><div class=\"paper-head\">"
	                  "<div class=\"issuer\"><span>");
	buf_html(&r->out, rec->unit_name);
	buf_puts(&r->out,
	         "</span></div><div class=\"motto\"><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT "
	         "NAM</strong><span>Độc lập - Tự do - Hạnh phúc</span></div></div>"
	         "<div class=\"qr\">");
	if (qr_svg(&r->out, url, 112, "Kiểm tra kết quả", &e) != 0)
		return office_error(r, &e, NULL);
	buf_puts(&r->out, "<small>");
	buf_html(&r->out, url);
	buf_puts(&r->out, "</small></div><h1 class=\"paper-title\">Kết quả giải quyết thủ tục hành "
	                  "chính có chữ ký số</h1>");
	cover_line(r, "Mã hồ sơ:", rec->dossier_code);
	cover_line(r, "Thủ tục:",
	           arena_printf(&r->arena, "%s (%s)", rec->procedure_name, rec->procedure_code));
	cover_line(r, "Số định danh người nộp:", rec->applicant);
	cover_line(
	    r, "Đơn vị cấp:", arena_printf(&r->arena, "%s (%s)", rec->unit_name, rec->unit_code));
	cover_line(r, "Người ký:", rec->signer);
	buf_puts(&r->out, "<p>Thời điểm ký: <strong>");
	office_time_words(r, dossier_local_minutes(rec->signed_at));
	buf_puts(&r->out, "</strong></p><p>SHA-256 của tệp kết quả:</p><p class=\"hash\">");
	buf_html(&r->out, rec->file_sha256);
	buf_puts(&r->out, "</p><p>Mã kiểm tra: <strong class=\"code\">");
	buf_html(&r->out, g->public_id);
	buf_puts(&r->out, "</strong>. Quét mã QR hoặc mở địa chỉ trên để kiểm tra chữ ký số và so "
	                  "sánh tệp kết quả. Bản ghi dưới đây được ký số cùng kết quả "
	                  "(record.p7s).</p><pre class=\"record\">");
	buf_html(&r->out, text->data);
	buf_puts(&r->out, "</pre></article>");
	return page_end(r, 200);
}

/* Sends text or DER bytes as a download named name. */
static int download(struct req *r, const struct buf *b, const char *type, const char *name)
{
	buf_reset(&r->out);
	buf_add(&r->out, b->data ? b->data : "", b->len);
	resp_header(r, "Content-Disposition",
	            arena_printf(&r->arena, "attachment; filename=\"%s\"", name));
	r->content_type = type;
	r->status = 200;
	return 0;
}

static int get_part(struct req *r)
{
	const char *part = in_str(r, "part");
	struct result_signature g;
	struct buf rec, rec_p7s, file_p7s;
	buf_init(&rec);
	buf_init(&rec_p7s);
	buf_init(&file_p7s);
	struct result_signature_data data = {&rec, &rec_p7s, &file_p7s};
	struct result_record rr;
	struct xerr e = {0};
	int rc = store_result_signature(r->store, in_str(r, "id"), &g, &data, &e);
	if (rc == 0 && !strcmp(part, "cover"))
		rc = result_record_decode(rec.data, rec.len, &rr, &e);
	if (rc == 0 && !strcmp(part, "result.p7s") && strcmp(g.format, "cms"))
		rc = xerr_set(&e, XERR_NOTFOUND, "part", "%s", tr(r, "sign.in_pdf"));
	if (rc)
		office_error(r, &e, "/verify");
	else if (!strcmp(part, "cover"))
		cover(r, &g, &rr, &rec);
	else if (!strcmp(part, "record.txt"))
		download(r, &rec, "text/plain; charset=utf-8", "record.txt");
	else
		download(r, !strcmp(part, "record.p7s") ? &rec_p7s : &file_p7s,
		         "application/pkcs7-signature", part);
	buf_free(&rec);
	buf_free(&rec_p7s);
	buf_free(&file_p7s);
	return 0;
}

/* The id as printed on the cover page. */
static int id_check(const char *v, int64_t *num, struct xerr *e)
{
	(void)num;
	if (!public_id_valid(v))
		return xerr_set(
		    e, XERR_INVALID, "id",
		    "a signed result's id is 16 letters and digits, as on its cover page");
	return 0;
}

static int sha_check(const char *v, int64_t *num, struct xerr *e)
{
	(void)num;
	if (strlen(v) != 64 || strspn(v, "0123456789abcdef") != 64)
		return xerr_set(e, XERR_INVALID, "sha256", "a SHA-256 is 64 lower-case hex digits");
	return 0;
}

static const struct param get_in[] = {
    {"id", IN_PATH, IN_CHECK, .max = 16, .check = id_check},
    {"sha256", IN_QUERY, IN_CHECK, .max = 64, .check = sha_check},
    {NULL},
};
static const struct param post_in[] = {
    {"id", IN_PATH, IN_CHECK, .max = 16, .check = id_check},
    {"file", IN_FORM, IN_FILES, .max = 1},
    {NULL},
};
static const struct param ask_in[] = {
    {"id", IN_QUERY, IN_CHECK, .max = 16, .check = id_check},
    {NULL},
};
static const struct param part_in[] = {
    {"id", IN_PATH, IN_CHECK, .max = 16, .check = id_check},
    {"part", IN_PATH, IN_WORD, .words = "cover|record.txt|record.p7s|result.p7s"},
    {NULL},
};

enum { VERIFY_MAX_BODY = BLOB_MAX_SIZE + 64 * 1024 };

const struct route page_verify_routes[] = {
    /* Public lookups by a code, as tracking is: its rate limit; checking an
     * uploaded file (qpdf reads it), the upload's. */
    {"GET", "/verify", get_ask, "public", 0, ask_in, true},
    {"GET", "/verify/{}", get_verify, "public", 0, get_in, .rate = RL_TRACK},
    {"GET", "/verify/{}/{}", get_part, "public", 0, part_in, .rate = RL_TRACK},
    {"POST", "/verify/{}", post_verify, "public", VERIFY_MAX_BODY, post_in, true,
     .rate = RL_UPLOAD},
    {"GET", "/api/v1/verify/{}", get_verify, "public", 0, get_in, .rate = RL_TRACK},
    {NULL, NULL, NULL, NULL},
};
