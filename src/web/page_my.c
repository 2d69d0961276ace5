/*
 * page_my.c: a citizen's own dossiers, as plain HTML forms:
 *   GET  /my/dossiers                      newest first, status, appointment
 *   GET  /my/dossiers/CODE                 everything about it, and what the
 *                                          applicant may do now
 *   GET  /my/dossiers/CODE/files/ID        a document, as an attachment
 *   GET  /my/dossiers/CODE/withdraw        "are you sure?"
 *   POST /my/dossiers/CODE/withdraw        any status -> 7 (applicant)
 *   POST /my/dossiers/CODE/supplement      documents and a note, 5 -> 4
 *   POST /my/dossiers/CODE/rating          once, after the result
 *
 * Whose dossier it is decides: auth_unit() lets the applicant (and staff
 * of the receiving unit) in, and answers 403 to other citizens. Whether a
 * change is allowed is the store's and core/dossier.c's decision.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pii.h"
#include "core/text.h"
#include "web/auth.h"
#include "web/dossier_view.h"
#include "web/files.h"
#include "web/form.h"
#include "web/page.h"
#include "web/result_view.h"
#include "web/citizen_view.h"
#include "web/pay_view.h"

enum {
	MY_LIST_MAX = 500,
	SUPPLEMENT_FILES = 3,
	SUPPLEMENT_MAX_BODY = SUPPLEMENT_FILES * BLOB_MAX_SIZE + 64 * 1024,
};

static bool is_applicant(const struct req *r, const struct dossier *d)
{
	return authz_owns(r->who, d->applicant_account);
}

static struct dossier *my_load(struct req *r, const char *action)
{
	return dossier_load(r, action);
}

static const char *my_path(struct req *r, const struct dossier *d, const char *rest)
{
	return arena_printf(&r->arena, "/my/dossiers/%s%s%s", d->code, rest, cit_lang_query(r));
}

/* ---- the list ---- */

struct row {
	char code[DOSSIER_CODE_MAX];
	char procedure[PROC_CODE_MAX];
	int status;
	int64_t submitted_at, due_at, finished_at;
	int64_t fee_left; /* what is still due on its fee */
};

struct list_ctx {
	struct row *rows;
	int n;
};

static int keep_row(const struct dossier *d, void *ctx)
{
	struct list_ctx *l = ctx;
	if (l->n >= MY_LIST_MAX)
		return 1;
	struct row *w = &l->rows[l->n++];
	snprintf(w->code, sizeof w->code, "%s", d->code);
	snprintf(w->procedure, sizeof w->procedure, "%s", d->procedure);
	w->status = d->status;
	w->submitted_at = d->submitted_at;
	w->due_at = d->due_at;
	w->finished_at = d->finished_at;
	w->fee_left = dossier_status_final(d->status) ? 0 : dossier_fee_left(d);
	return 0;
}

static int get_my_dossiers(struct req *r)
{
	struct xerr e = {0};
	struct dossier_filter f;
	memset(&f, 0, sizeof f);
	f.applicant_account = r->who->account_id;
	f.limit = MY_LIST_MAX;
	struct list_ctx l = {arena_alloc(&r->arena, sizeof(struct row) * MY_LIST_MAX), 0};
	int rc = store_dossier_list(r->store, &f, keep_row, &l, &e);
	if (rc < 0)
		return resp_error(r, &e);
	page_begin(r, tr(r, "my.title"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "my.title");
	buf_puts(&r->out, "</h1><ul class=\"cards\">");
	struct procedure *p = arena_alloc(&r->arena, sizeof *p);
	for (int i = l.n - 1; i >= 0; i--) { /* newest first */
		const struct row *w = &l.rows[i];
		buf_puts(&r->out, "<li>");
		page_link(r, "/my/dossiers/", w->code, w->code);
		buf_puts(&r->out, " ");
		cit_status(r, w->status);
		buf_puts(&r->out, "<span>");
		buf_html(&r->out, store_procedure_get(r->store, w->procedure, p, &e) == 0
		                      ? p->name
		                      : w->procedure);
		buf_puts(&r->out, "</span><span class=\"muted\">");
		page_text(r, "track.submitted");
		buf_puts(&r->out, ": ");
		cit_time(r, w->submitted_at);
		if (w->due_at && !w->finished_at) {
			buf_puts(&r->out, " · ");
			page_text(r, "track.due");
			buf_puts(&r->out, ": ");
			cit_time(r, w->due_at);
		}
		buf_puts(&r->out, "</span>");
		if (w->fee_left) {
			buf_puts(&r->out, "<span class=\"fee-due\">");
			page_text(r, "pay.left");
			buf_puts(&r->out, ": ");
			buf_html(&r->out, pay_amount(r, w->fee_left));
			buf_puts(&r->out, "</span>");
		}
		buf_puts(&r->out, "</li>");
	}
	buf_puts(&r->out, "</ul>");
	if (!l.n) {
		buf_puts(&r->out, "<p class=\"muted\">");
		page_text(r, "my.none");
		buf_puts(&r->out, "</p>");
	}
	buf_puts(&r->out, "<p>");
	page_link(r, "/procedures", NULL, tr(r, "my.file_new"));
	buf_puts(&r->out, "</p>");
	return page_end(r, 200);
}

/* ---- one dossier ---- */

struct files_ctx {
	struct req *r;
	const struct dossier *d;
	int n;
	struct result_view_filter shown;
};

static int file_row(const struct dossier_file *f, void *ctx)
{
	struct files_ctx *fc = ctx;
	struct req *r = fc->r;
	if (result_view_hides(&fc->shown, f))
		return 0;
	buf_puts(&r->out, "<li><a href=\"");
	buf_html(&r->out, arena_printf(&r->arena, "/my/dossiers/%s/files/%lld", fc->d->code,
	                               (long long)f->id));
	buf_puts(&r->out, "\" download>");
	buf_html(&r->out, f->name);
	buf_puts(&r->out, "</a> <span class=\"muted\">");
	page_text(r, !strcmp(f->kind, "result") ? "my.kind.result" : "my.kind.document");
	buf_puts(&r->out, "</span></li>");
	fc->n++;
	return 0;
}

static void actions(struct req *r, const struct dossier *d)
{
	struct xerr e = {0};
	if (dossier_status_paused(d->status)) {
		buf_puts(&r->out, "<h2>");
		page_text(r, "my.supplement");
		buf_puts(&r->out, "</h2><form class=\"stack wide\" method=\"post\" "
		                  "enctype=\"multipart/form-data\" action=\"");
		buf_html(&r->out, my_path(r, d, "/supplement"));
		buf_puts(&r->out, "\">");
		page_csrf(r);
		for (int i = 1; i <= SUPPLEMENT_FILES; i++) {
			buf_printf(&r->out,
			           "<label>%s %d<input type=\"file\" name=\"sup_%d\" "
			           "accept=\"application/pdf,image/jpeg,image/png\"></label>",
			           tr(r, "file.document"), i, i);
		}
		buf_puts(&r->out, "<label>");
		page_text(r, "my.note");
		buf_puts(&r->out, "<textarea name=\"note\" rows=\"3\" maxlength=\"500\"></textarea>"
		                  "</label><button type=\"submit\">");
		page_text(r, "my.supplement_send");
		buf_puts(&r->out, "</button></form>");
	}
	if (dossier_rate_check(d, &e) == 0) {
		buf_puts(&r->out, "<h2>");
		page_text(r, "my.rate");
		buf_puts(&r->out, "</h2><form class=\"stack wide\" method=\"post\" action=\"");
		buf_html(&r->out, my_path(r, d, "/rating"));
		buf_puts(&r->out, "\">");
		page_csrf(r);
		cit_rating_choices(r, "my.reason");
		buf_puts(&r->out, "<button type=\"submit\">");
		page_text(r, "my.rate_send");
		buf_puts(&r->out, "</button></form>");
	}
	if (dossier_transition_check(d->status, DS_WITHDRAWN, SIDE_APPLICANT, &e) == 0) {
		buf_puts(&r->out, "<p><a class=\"button danger\" href=\"");
		buf_html(&r->out, my_path(r, d, "/withdraw"));
		buf_puts(&r->out, "\">");
		page_text(r, "my.withdraw");
		buf_puts(&r->out, "</a></p>");
	}
}

static int detail_page(struct req *r, struct dossier *d, const struct cit_errors *er, int status)
{
	struct xerr e = {0};
	struct procedure *p = arena_alloc(&r->arena, sizeof *p);
	struct unit u;
	bool mine = is_applicant(r, d);
	/* The applicant sees their own data; staff of the unit see it as the
	 * API shows it to them, and such reads are audited. */
	bool full = mine || auth_sees_pii(r, d->unit);
	if (store_procedure_get(r->store, d->procedure, p, &e) != 0 ||
	    store_unit_get(r->store, d->unit, &u, &e) != 0)
		return resp_error(r, &e);
	if (full && !mine) {
		struct actor who;
		req_actor(r, &who);
		if (store_audit_record(r->store, &who, "dossier.read", d->code, "applicant", &e) !=
		    0)
			return resp_error(r, &e);
	}
	page_begin(r, d->code);
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link(r, "/my/dossiers", NULL, tr(r, "my.title"));
	buf_puts(&r->out, "</nav>");
	const char *done = in_str(r, "done");
	if (done)
		page_message(r, "ok", tr(r, arena_printf(&r->arena, "my.done.%s", done)));
	cit_errors_show(r, er);
	cit_dossier_head(r, d, p->name, u.name);
	if (d->rating >= 0)
		cit_fact(r, "my.rating", tr(r, d->rating ? "my.satisfied" : "my.unsatisfied"));
	buf_puts(&r->out, "</dl><h2>");
	page_text(r, "file.applicant");
	buf_puts(&r->out, "</h2><dl class=\"facts\">");
	char pid[16], phone[16];
	snprintf(pid, sizeof pid, "%s", d->applicant_pid);
	snprintf(phone, sizeof phone, "%s", d->applicant_phone);
	if (!full) {
		pid_mask(d->applicant_pid, pid);
		phone_mask(d->applicant_phone, phone);
	}
	cit_fact(r, "file.name", d->applicant_name);
	cit_fact(r, "file.pid", pid);
	cit_fact(r, "file.phone", phone);
	cit_fact(r, "file.address", d->applicant_address);
	int rc = full ? cit_form_facts(r, d, &e) : 0;
	buf_puts(&r->out, "</dl><h2>");
	page_text(r, "file.documents");
	buf_puts(&r->out, "</h2><ul class=\"files\">");
	struct files_ctx fc = {r, d, 0, {0}};
	result_view_filter_init(r, d, &fc.shown);
	if (rc == 0)
		rc = store_dossier_files(r->store, d->id, file_row, &fc, &e);
	buf_puts(&r->out, "</ul>");
	if (!fc.n) {
		buf_puts(&r->out, "<p class=\"muted\">");
		page_text(r, "my.no_files");
		buf_puts(&r->out, "</p>");
	}
	result_view_links(r, d);
	if (rc == 0)
		pay_fee_section(r, d, mine ? PAY_OWNER : PAY_PUBLIC);
	if (rc == 0)
		rc = cit_history(r, d, true, &e);
	if (rc != 0) {
		buf_reset(&r->out);
		return resp_error(r, &e);
	}
	if (mine)
		actions(r, d);
	buf_puts(&r->out, "<p>");
	page_link(r, "/track/", d->code, tr(r, "my.public_link"));
	buf_puts(&r->out, "</p>");
	return page_end(r, status);
}

static int get_my_dossier(struct req *r)
{
	struct dossier *d = my_load(r, "dossier.read");
	return d ? detail_page(r, d, NULL, 200) : 0;
}

/* Shows the dossier again with the error of a change that was refused. */
static int refused(struct req *r, struct dossier *d, const char *label, const char *msg, int status)
{
	struct cit_errors *er = arena_alloc(&r->arena, sizeof *er);
	memset(er, 0, sizeof *er);
	cit_error_add(r, er, label, msg, status);
	return detail_page(r, d, er, status);
}

struct file_find {
	int64_t id;
	struct dossier_file found;
	struct result_view_filter shown;
};

static int find_file(const struct dossier_file *f, void *ctx)
{
	struct file_find *ff = ctx;
	if (f->id != ff->id || result_view_hides(&ff->shown, f))
		return 0;
	ff->found = *f;
	return 1;
}

static int get_my_file(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = my_load(r, "file.read");
	if (!d)
		return 0;
	struct file_find *ff = arena_alloc(&r->arena, sizeof *ff);
	memset(ff, 0, sizeof *ff);
	ff->id = in_int(r, "file", 0);
	result_view_filter_init(r, d, &ff->shown);
	int rc = store_dossier_files(r->store, d->id, find_file, ff, &e);
	if (rc < 0)
		return resp_error(r, &e);
	if (rc == 0)
		return resp_fail(r, XERR_NOTFOUND, "file", "%s", tr(r, "my.no_such_file"));
	return resp_blob(r, ff->found.sha256, ff->found.name);
}

/* ---- changes ---- */

static int get_withdraw(struct req *r)
{
	struct dossier *d = my_load(r, "dossier.transition");
	if (!d)
		return 0;
	page_begin(r, tr(r, "my.withdraw"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "my.withdraw");
	buf_puts(&r->out, " <span class=\"code\">");
	buf_html(&r->out, d->code);
	buf_puts(&r->out, "</span></h1><p>");
	page_text(r, "my.withdraw_confirm");
	buf_puts(&r->out, "</p><form class=\"stack wide\" method=\"post\" action=\"");
	buf_html(&r->out, my_path(r, d, "/withdraw"));
	buf_puts(&r->out, "\">");
	page_csrf(r);
	buf_puts(&r->out, "<label>");
	page_text(r, "my.note");
	buf_puts(&r->out, "<textarea name=\"note\" rows=\"3\" maxlength=\"500\"></textarea></label>"
	                  "<button class=\"danger\" type=\"submit\">");
	page_text(r, "my.withdraw_yes");
	buf_puts(&r->out, "</button></form><p>");
	page_link(r, "/my/dossiers/", d->code, tr(r, "my.withdraw_no"));
	buf_puts(&r->out, "</p>");
	return page_end(r, 200);
}

static const char *note_field(struct req *r, const char *name)
{
	const char *v = in_str(r, name);
	return v ? v : "";
}

static int post_withdraw(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = my_load(r, "dossier.transition");
	if (!d)
		return 0;
	const char *note = note_field(r, "note");
	if (in_refused(r, "note"))
		return refused(r, d, tr(r, "my.note"), tr(r, "file.too_long"), 400);
	struct actor who;
	req_actor(r, &who);
	if (store_dossier_transition(r->store, &who, d->code, DS_WITHDRAWN, dossier_side_of(r),
	                             note, 0, d, &e) != 0)
		return refused(r, d, NULL, tr(r, "my.not_now"), xerr_http_status(e.code));
	return page_redirect(r, arena_printf(&r->arena, "/my/dossiers/%s?%sdone=withdrawn", d->code,
	                                     *cit_lang_query(r) ? "lang=en&" : ""));
}

static int post_supplement(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = my_load(r, "dossier.transition");
	if (!d)
		return 0;
	struct cit_errors *er = arena_alloc(&r->arena, sizeof *er);
	memset(er, 0, sizeof *er);
	struct form f;
	if (form_parse(r, &f, &e) != 0)
		return refused(r, d, NULL,
		               tr(r, e.code == XERR_LIMIT ? "file.too_large" : "file.bad_form"),
		               xerr_http_status(e.code));
	if (!dossier_status_paused(d->status))
		return refused(r, d, NULL, tr(r, "my.not_now"), 409);
	const char *note = note_field(r, "note");
	struct cit_upload up[SUPPLEMENT_FILES];
	int n = cit_uploads(r, "sup_", up, er);
	if (in_refused(r, "note"))
		cit_error_add(r, er, tr(r, "my.note"), tr(r, "file.too_long"), 400);
	if (!er->n && !n && !*note)
		cit_error_add(r, er, NULL, tr(r, "my.supplement_empty"), 400);
	if (er->n)
		return detail_page(r, d, er, er->status);
	struct actor who;
	req_actor(r, &who);
	/* Files first: if the change is then refused, the dossier still waits
	 * for its supplement, with the documents already there. */
	int rc = cit_uploads_store(r, up, n, &e);
	for (int i = 0; rc == 0 && i < n; i++)
		rc = store_dossier_file_add(r->store, &who, d->code, &up[i].link, &e);
	if (rc == 0)
		rc = store_dossier_transition(r->store, &who, d->code, DS_PROCESSING,
		                              dossier_side_of(r), note, 0, d, &e);
	if (rc != 0)
		return refused(r, d, NULL, e.msg, xerr_http_status(e.code));
	return page_redirect(r, arena_printf(&r->arena, "/my/dossiers/%s?%sdone=supplemented",
	                                     d->code, *cit_lang_query(r) ? "lang=en&" : ""));
}

static int post_rating(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = my_load(r, "dossier.rate");
	if (!d)
		return 0;
	const char *sat = in_str(r, "satisfied"), *reason = note_field(r, "reason");
	if (!sat)
		return refused(r, d, tr(r, "my.rate"), tr(r, "my.rate_pick"), 400);
	if (in_refused(r, "reason"))
		return refused(r, d, tr(r, "my.reason"), tr(r, "file.too_long"), 400);
	if (!strcmp(sat, "0") && !*reason)
		return refused(r, d, tr(r, "my.reason"), tr(r, "my.reason_needed"), 400);
	struct actor who;
	req_actor(r, &who);
	if (store_dossier_rate(r->store, &who, d->code, !strcmp(sat, "1"), reason, 0, d, &e) != 0)
		return refused(r, d, NULL,
		               tr(r, e.code == XERR_CONFLICT && d->rating >= 0 ? "my.rated_once"
		                                                               : "my.not_now"),
		               xerr_http_status(e.code));
	return page_redirect(r, arena_printf(&r->arena, "/my/dossiers/%s?%sdone=rated", d->code,
	                                     *cit_lang_query(r) ? "lang=en&" : ""));
}

/* Every route that shows the dossier's page (after a refusal too) reads
 * what was just done. */
#define MY_DOSSIER_IN                                                                              \
	DOSSIER_CODE_IN,                                                                           \
	{                                                                                          \
		"done", IN_QUERY, IN_WORD, .words = "filed|withdrawn|supplemented|rated"           \
	}
static const struct param dossier_in[] = {MY_DOSSIER_IN, {NULL}};
static const struct param file_in[] = {
    DOSSIER_CODE_IN,
    {"file", IN_PATH, IN_INT, .min = 1, .max = INT64_MAX},
    {NULL},
};
static const struct param withdraw_in[] = {
    MY_DOSSIER_IN,
    {"note", IN_FORM, IN_TEXT, .max = DOSSIER_NOTE_CHARS},
    {NULL},
};
static const struct param supplement_in[] = {
    MY_DOSSIER_IN,
    {"note", IN_FORM, IN_TEXT, .max = DOSSIER_NOTE_CHARS},
    {"sup_", IN_FORM, IN_FILES, .max = SUPPLEMENT_FILES},
    {NULL},
};
static const struct param rating_in[] = {
    MY_DOSSIER_IN,
    {"satisfied", IN_FORM, IN_WORD, .words = "1|0"},
    {"reason", IN_FORM, IN_TEXT, .max = DOSSIER_NOTE_CHARS},
    {NULL},
};

/* The pages answer a refused input inside themselves: lenient routes. */
const struct route page_my_routes[] = {
    {"GET", "/my/dossiers", get_my_dossiers, "dossier.list"},
    {"GET", "/my/dossiers/{}", get_my_dossier, "dossier.read", 0, dossier_in, true},
    {"GET", "/my/dossiers/{}/files/{}", get_my_file, "file.read", 0, file_in},
    {"GET", "/my/dossiers/{}/withdraw", get_withdraw, "dossier.transition", 0, withdraw_in},
    {"POST", "/my/dossiers/{}/withdraw", post_withdraw, "dossier.transition", 0, withdraw_in, true},
    {"POST", "/my/dossiers/{}/supplement", post_supplement, "dossier.transition",
     SUPPLEMENT_MAX_BODY, supplement_in, true},
    {"POST", "/my/dossiers/{}/rating", post_rating, "dossier.rate", 0, rating_in, true},
    {NULL, NULL, NULL, NULL, 0},
};
