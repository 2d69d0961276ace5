/*
 * page_receive.c: receiving a dossier at the counter (or by post), made to
 * take under a minute:
 *   GET  /office/receive?q=              find the procedure (diacritics optional)
 *   GET  /office/receive?procedure=CODE  the form: applicant, the procedure's
 *                                        form fields, scans and photos
 *   POST /office/receive                 files it (received at once, with its
 *                                        appointment) and opens the receipt
 * Scans are judged by their content (PDF, JPEG, PNG, at most 10 MB each)
 * before anything is filed, so a bad file files nothing, and are linked to
 * the dossier in the transaction that files it: the checks and the filing
 * are those of the API and the online page (intake.h).
 */
#include <stdio.h>
#include <string.h>

#include "web/form.h"
#include "web/intake.h"
#include "web/office.h"
#include "web/page.h"

enum {
	RECEIVE_MAX_FILES = 4,
	/* The scans and the form around them. */
	RECEIVE_MAX_BODY = RECEIVE_MAX_FILES * BLOB_MAX_SIZE + 64 * 1024,
};

/* A form value to show again after an error (NULL on a fresh form). */
static const char *again(struct req *r, const char *name)
{
	return r->body ? in_str(r, name) : NULL;
}

struct search {
	struct req *r;
	const char *unit;
	int n;
};

static int search_row(const struct procedure *p, void *ctx)
{
	struct search *s = ctx;
	struct req *r = s->r;
	buf_puts(&r->out, "<li>");
	page_link_path(r, "/office/receive?unit=", s->unit,
	               arena_printf(&r->arena, "&procedure=%s", p->code), p->name);
	buf_puts(&r->out, " <span class=\"muted\">");
	buf_html(&r->out, p->code);
	buf_puts(&r->out, "</span></li>");
	s->n++;
	return 0;
}

static int procedure_search(struct req *r, const char *unit)
{
	struct xerr e = {0};
	const char *q = in_str(r, "q");
	page_begin(r, tr(r, "office.receive"));
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link_path(r, "/office?unit=", unit, NULL, tr(r, "office.queue"));
	buf_puts(&r->out, "</nav><h1>");
	page_text(r, "office.receive");
	buf_puts(&r->out, "</h1><form class=\"search\" method=\"get\" action=\"/office/receive\">");
	page_hidden(r, "unit", unit);
	if (r->lang && !strcmp(r->lang, "en"))
		page_hidden(r, "lang", "en");
	buf_puts(&r->out, "<input name=\"q\" type=\"search\" autofocus aria-label=\"");
	page_text(r, "office.find_procedure");
	buf_puts(&r->out, "\" placeholder=\"");
	page_text(r, "office.find_procedure");
	buf_puts(&r->out, "\" value=\"");
	buf_html(&r->out, q ? q : "");
	buf_puts(&r->out, "\"><button type=\"submit\">");
	page_text(r, "search.button");
	buf_puts(&r->out, "</button></form><ul class=\"procedures\">");
	struct search s = {r, unit, 0};
	if (store_procedure_search(r->store, q, NULL, NULL, 30, search_row, &s, &e) != 0)
		return office_error(r, &e, "/office");
	buf_puts(&r->out, "</ul>");
	if (!s.n) {
		buf_puts(&r->out, "<p class=\"muted\">");
		page_text(r, "office.no_procedure");
		buf_puts(&r->out, "</p>");
	}
	return page_end(r, 200);
}

static int document_item(const struct procedure_document *d, void *ctx)
{
	struct req *r = ctx;
	buf_puts(&r->out, "<li>");
	buf_html(&r->out, d->name);
	buf_printf(&r->out, " (%d)</li>", d->count > 0 ? d->count : 1);
	return 0;
}

static int field_input(const struct procedure_field *f, void *ctx)
{
	struct req *r = ctx;
	char *name = arena_printf(&r->arena, "f.%s", f->name);
	const char *v = r->body ? in_field(r, "f.", f->name) : NULL;
	const char *label = r->lang && !strcmp(r->lang, "en") ? f->label_en : f->label_vi;
	buf_puts(&r->out, "<label>");
	buf_html(&r->out, label);
	if (!strcmp(f->type, "textarea")) {
		buf_puts(&r->out, "<textarea rows=\"3\" name=\"");
		buf_html(&r->out, name);
		buf_puts(&r->out, f->required ? "\" required>" : "\">");
		buf_html(&r->out, v ? v : "");
		buf_puts(&r->out, "</textarea>");
	} else if (!strncmp(f->type, "select:", 7)) {
		buf_puts(&r->out, "<select name=\"");
		buf_html(&r->out, name);
		buf_puts(&r->out, f->required ? "\" required><option value=\"\"></option>"
		                              : "\"><option value=\"\"></option>");
		for (const char *p = f->type + 7; *p;) {
			size_t n = strcspn(p, "|");
			char *opt = arena_printf(&r->arena, "%.*s", (int)n, p);
			buf_puts(&r->out, "<option");
			buf_puts(&r->out, v && !strcmp(v, opt) ? " selected>" : ">");
			buf_html(&r->out, opt);
			buf_puts(&r->out, "</option>");
			p += n + (p[n] == '|');
		}
		buf_puts(&r->out, "</select>");
	} else {
		const char *type = !strcmp(f->type, "date")     ? "date"
		                   : !strcmp(f->type, "number") ? "number"
		                   : !strcmp(f->type, "phone")  ? "tel"
		                                                : "text";
		buf_printf(&r->out, "<input type=\"%s\" name=\"", type);
		buf_html(&r->out, name);
		buf_puts(&r->out, f->required ? "\" required value=\"" : "\" value=\"");
		buf_html(&r->out, v ? v : "");
		buf_puts(&r->out, "\">");
	}
	buf_puts(&r->out, "</label>");
	return 0;
}

static int receive_form(struct req *r, const char *unit, const char *code, const char *error,
                        int status)
{
	struct xerr e = {0};
	struct procedure *p = arena_alloc(&r->arena, sizeof *p);
	if (procedure_check_code(code, &e) != 0 || store_procedure_get(r->store, code, p, &e) != 0)
		return office_error(r, &e, "/office/receive");
	page_begin(r, tr(r, "office.receive"));
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link_path(r, "/office/receive?unit=", unit, NULL, tr(r, "office.receive"));
	buf_puts(&r->out, "</nav><h1>");
	buf_html(&r->out, p->name);
	buf_puts(&r->out, "</h1>");
	if (error)
		page_message(r, "error", error);
	buf_puts(&r->out, "<p class=\"muted\">");
	buf_html(&r->out, p->code);
	buf_puts(&r->out, " · ");
	buf_html(&r->out, p->field);
	buf_puts(&r->out, "</p><details open><summary>");
	page_text(r, "office.documents_needed");
	buf_puts(&r->out, "</summary><ol>");
	store_procedure_documents(r->store, p->code, document_item, r, &e);
	buf_puts(&r->out, "</ol></details>");
	buf_puts(&r->out, "<form class=\"stack wide\" method=\"post\" action=\"/office/receive");
	if (r->lang && !strcmp(r->lang, "en"))
		buf_puts(&r->out, "?lang=en");
	buf_puts(&r->out, "\" enctype=\"multipart/form-data\">");
	page_csrf(r);
	page_hidden(r, "unit", unit);
	page_hidden(r, "procedure", p->code);
	const char *channel = again(r, "channel");
	buf_puts(&r->out, "<label>");
	page_text(r, "office.channel");
	buf_puts(&r->out, "<select name=\"channel\"><option value=\"1\">");
	page_text(r, "dossier.channel.1");
	buf_puts(&r->out, channel && !strcmp(channel, "3")
	                      ? "</option><option value=\"3\" selected>"
	                      : "</option><option value=\"3\">");
	page_text(r, "dossier.channel.3");
	buf_puts(&r->out, "</option></select></label>");
	page_input(r, "name", "text", "office.applicant", again(r, "name"), "off", true);
	page_input(r, "pid", "text", "office.pid", again(r, "pid"), "off", false);
	page_input(r, "phone", "tel", "office.phone", again(r, "phone"), "off", false);
	page_input(r, "address", "text", "office.address", again(r, "address"), "off", false);
	store_procedure_fields(r->store, p->code, field_input, r, &e);
	buf_puts(&r->out, "<label>");
	page_text(r, "office.scans");
	buf_puts(&r->out, "<input type=\"file\" name=\"file\" multiple "
	                  "accept=\".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png\">"
	                  "</label><p class=\"muted\">");
	page_text(r, "office.scans_hint");
	buf_puts(&r->out, "</p><button type=\"submit\">");
	page_text(r, "office.receive_submit");
	buf_puts(&r->out, "</button></form>");
	return page_end(r, status);
}

/* The unit the page files for: the form's or the query's, else the
 * caller's own; the caller must be allowed to file there. */
static const char *receive_unit(struct req *r, const char *given, struct xerr *e)
{
	const char *unit = given && *given ? given : r->who->unit;
	if (!*unit) {
		xerr_set(e, XERR_INVALID, "unit", "unit is required");
		return NULL;
	}
	if (auth_unit(r, "dossier.create", unit, 0, e) != 0)
		return NULL;
	return unit;
}

static int get_receive(struct req *r)
{
	struct xerr e = {0};
	const char *unit = receive_unit(r, in_str(r, "unit"), &e);
	if (!unit)
		return office_error(r, &e, NULL);
	const char *code = in_str(r, "procedure");
	if (code && *code)
		return receive_form(r, unit, code, NULL, 200);
	return procedure_search(r, unit);
}

struct form_collect {
	struct req *r;
	json_t *form;
};

static int collect_field(const struct procedure_field *f, void *ctx)
{
	struct form_collect *fc = ctx;
	const char *v = in_field(fc->r, "f.", f->name);
	if (v && *v)
		json_object_set_new(fc->form, f->name, json_string(v));
	return 0;
}

/* The scans chosen in the form, under their names. */
static void scans_of(struct req *r, struct dossier_input *in)
{
	int n;
	const struct form_file *ff = in_files(r, "file", &n);
	struct intake_upload *up = arena_alloc(&r->arena, sizeof *up * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		up[i] = (struct intake_upload){*ff[i].filename ? ff[i].filename : "tai-lieu",
		                               ff[i].data, ff[i].len};
	in->uploads = up;
	in->nuploads = n;
}

static int post_receive(struct req *r)
{
	struct xerr e = {0};
	struct form f;
	if (form_parse(r, &f, &e) != 0)
		return office_error(r, &e, "/office/receive");
	const char *unit = receive_unit(r, in_str(r, "unit"), &e);
	if (!unit)
		return office_error(r, &e, NULL);
	const char *code = in_str(r, "procedure"), *channel = in_str(r, "channel");
	if (!code) {
		xerr_set(&e, XERR_INVALID, "procedure", "choose the procedure first");
		return office_error(r, &e, "/office/receive");
	}
	struct dossier_input in = {
	    .unit = unit,
	    .procedure = code,
	    .channel = channel ? atoi(channel) : DC_COUNTER,
	    .name = in_str(r, "name"),
	    .pid = in_str(r, "pid"),
	    .phone = in_str(r, "phone"),
	    .address = in_str(r, "address"),
	    .form = json_object(),
	};
	struct form_collect fc = {r, in.form};
	struct dossier *d = arena_alloc(&r->arena, sizeof *d);
	scans_of(r, &in);
	int rc = store_procedure_fields(r->store, code, collect_field, &fc, &e);
	if (rc == 0)
		rc = intake_dossier(r, &in, d, NULL, &e);
	json_decref(in.form);
	if (rc)
		return receive_form(r, unit, code,
		                    arena_printf(&r->arena, "%s%s", e.msg,
		                                 f.nfiles ? tr(r, "office.choose_again") : ""),
		                    xerr_http_status(e.code));
	return page_redirect(r, arena_printf(&r->arena, "/dossiers/%s/receipt%s", d->code,
	                                     r->lang && !strcmp(r->lang, "en") ? "?lang=en" : ""));
}

/* One list for the search, the form and its filing: a GET has no form
 * (a form field is then absent), a POST no query. The applicant's fields
 * are text whose limits are core's (core/filing.h) and the procedure's
 * fields (f. and its name) are checked by core against their declarations:
 * each is checked once, in the intake. */
static const struct param receive_in[] = {
    {"unit", IN_FORM, IN_TEXT, .max = UNIT_CODE_MAX - 1},
    {"unit", IN_QUERY, IN_TEXT, .max = UNIT_CODE_MAX - 1},
    {"procedure", IN_FORM, IN_PROCEDURE},
    {"procedure", IN_QUERY, IN_PROCEDURE},
    {"q", IN_QUERY, IN_TEXT, .max = 100},
    {"channel", IN_FORM, IN_WORD, .words = "1|3"},
    INTAKE_APPLICANT_IN,
    {"f.", IN_FORM, IN_FIELDS},
    {"file", IN_FORM, IN_FILES, .max = RECEIVE_MAX_FILES},
    {NULL},
};

const struct route page_receive_routes[] = {
    {"GET", "/office/receive", get_receive, "dossier.create", 0, receive_in},
    {"POST", "/office/receive", post_receive, "dossier.create", RECEIVE_MAX_BODY, receive_in,
     .rate = RL_FILING},
    {NULL, NULL, NULL, NULL, 0},
};
