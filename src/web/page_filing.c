/*
 * page_filing.c: filing a dossier online from a phone, without script:
 *   GET  /procedures/CODE/file   the form built from the procedure's
 *                                declared fields, the applicant (filled in
 *                                from the account), the receiving commune
 *                                and one upload per required document
 *   POST /procedures/CODE/file   multipart; every error is shown above the
 *                                form naming the field, values kept
 *
 * Nothing is half-written: the one intake (intake.h) checks every input
 * and every file before anything is stored, names every fault at once,
 * then puts the files in the blob store (named by content, so a retry
 * stores nothing twice) and files the dossier with its document links in
 * one transaction.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/citizen_view.h"
#include "web/dossier_view.h"
#include "web/form.h"
#include "web/intake.h"
#include "web/auth.h"
#include "web/page.h"

enum { FILING_FIELDS_MAX = 40, FILING_DOCS_MAX = FORM_MAX_FILES };

/* The largest filing: four documents at their limit (phone photos are a
 * few MB each), plus the fields. The body is held in memory while it is
 * parsed, so this bounds what one request may cost an old commune PC. */
enum { FILING_MAX_BODY = 4 * BLOB_MAX_SIZE + 512 * 1024 };

struct filing {
	struct procedure p;
	struct procedure_field fields[FILING_FIELDS_MAX];
	int nfields;
	struct procedure_document docs[FILING_DOCS_MAX];
	int ndocs;
};

static int keep_field(const struct procedure_field *f, void *ctx)
{
	struct filing *fl = ctx;
	if (fl->nfields < FILING_FIELDS_MAX)
		fl->fields[fl->nfields++] = *f;
	return 0;
}

static int keep_doc(const struct procedure_document *d, void *ctx)
{
	struct filing *fl = ctx;
	if (fl->ndocs < FILING_DOCS_MAX)
		fl->docs[fl->ndocs++] = *d;
	return 0;
}

static struct filing *filing_load(struct req *r, struct xerr *e)
{
	struct filing *fl = arena_alloc(&r->arena, sizeof *fl);
	if (!fl) {
		xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		return NULL;
	}
	fl->nfields = fl->ndocs = 0;
	if (store_procedure_get(r->store, in_str(r, "code"), &fl->p, e) != 0 ||
	    store_procedure_fields(r->store, fl->p.code, keep_field, fl, e) != 0 ||
	    store_procedure_documents(r->store, fl->p.code, keep_doc, fl, e) != 0)
		return NULL;
	if (!cit_procedure_fileable(&fl->p)) {
		xerr_set(e, XERR_CONFLICT, NULL, "%s", tr(r, "proc.not_online"));
		return NULL;
	}
	return fl;
}

/* ---- the form ---- */

static void form_field_input(struct req *r, const struct procedure_field *f, const char *value)
{
	char name[80];
	snprintf(name, sizeof name, "f_%s", f->name);
	buf_puts(&r->out, "<label><span>");
	buf_html(&r->out, cit_field_label(r, f));
	if (f->required)
		buf_puts(&r->out, " <span class=\"req\">*</span>");
	buf_puts(&r->out, "</span>");
	if (!strncmp(f->type, "select:", 7)) {
		buf_puts(&r->out, "<select name=\"");
		buf_html(&r->out, name);
		buf_puts(&r->out, f->required ? "\" required>" : "\">");
		buf_puts(&r->out, "<option value=\"\">—</option>");
		for (const char *o = f->type + 7; *o;) {
			size_t n = strcspn(o, "|");
			buf_puts(&r->out, "<option value=\"");
			char *v = arena_printf(&r->arena, "%.*s", (int)n, o);
			buf_html(&r->out, v);
			buf_puts(&r->out, value && !strcmp(value, v) ? "\" selected>" : "\">");
			cit_choice(r, o, n);
			buf_puts(&r->out, "</option>");
			o += n + (o[n] == '|');
		}
		buf_puts(&r->out, "</select></label>");
		return;
	}
	if (!strcmp(f->type, "textarea")) {
		buf_puts(&r->out, "<textarea rows=\"4\" maxlength=\"2000\" name=\"");
		buf_html(&r->out, name);
		buf_puts(&r->out, f->required ? "\" required>" : "\">");
		buf_html(&r->out, value ? value : "");
		buf_puts(&r->out, "</textarea></label>");
		return;
	}
	const char *type = "text", *extra = " maxlength=\"500\"";
	if (!strcmp(f->type, "date"))
		type = "date", extra = "";
	else if (!strcmp(f->type, "number"))
		extra = " inputmode=\"numeric\" maxlength=\"15\"";
	else if (!strcmp(f->type, "pid"))
		extra = " inputmode=\"numeric\" maxlength=\"12\"";
	else if (!strcmp(f->type, "phone"))
		type = "tel", extra = " maxlength=\"15\"";
	buf_printf(&r->out, "<input type=\"%s\"%s name=\"", type, extra);
	buf_html(&r->out, name);
	buf_puts(&r->out, f->required ? "\" required value=\"" : "\" value=\"");
	buf_html(&r->out, value ? value : "");
	buf_puts(&r->out, "\"></label>");
}

static const char *posted(struct req *r, const char *name, const char *fallback)
{
	const char *v = in_str(r, name);
	return v ? v : fallback;
}

static int filing_form(struct req *r, struct filing *fl, const struct cit_errors *er)
{
	struct xerr e = {0};
	struct account *a = arena_alloc(&r->arena, sizeof *a);
	memset(a, 0, sizeof *a);
	bool citizen = authz_files_through(auth_role(r), DC_ONLINE);
	if (citizen && store_account_get_id(r->store, r->who->account_id, a, &e) != 0)
		return resp_error(r, &e);
	const char *province = in_str(r, "province");
	page_begin(r, tr(r, "file.title"));
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link(r, "/procedures/", fl->p.code, fl->p.name);
	buf_puts(&r->out, "</nav><h1>");
	page_text(r, "file.title");
	buf_puts(&r->out, "</h1><p class=\"lead\">");
	buf_html(&r->out, fl->p.name);
	buf_puts(&r->out, "</p>");
	if (!citizen) {
		page_message(r, "error", tr(r, "file.citizens_only"));
		return page_end(r, er && er->status ? er->status : 200);
	}
	cit_errors_show(r, er);
	char *action = arena_printf(&r->arena, "/procedures/%s/file", fl->p.code);
	buf_puts(&r->out, "<h2>");
	page_text(r, "file.step_commune");
	buf_puts(&r->out, "</h2>");
	cit_province_form(r, action, province);
	buf_puts(&r->out,
	         "<form class=\"stack wide\" method=\"post\" enctype=\"multipart/form-data\" "
	         "action=\"");
	buf_html(&r->out, action);
	buf_puts(&r->out, cit_lang_query(r));
	buf_puts(&r->out, "\">");
	page_csrf(r);
	cit_commune_picker(r, province, in_str(r, "unit"));
	buf_puts(&r->out, "<fieldset><legend>");
	page_text(r, "file.applicant");
	buf_puts(&r->out, "</legend>");
	page_input(r, "name", "text", "file.name", posted(r, "name", a->full_name), "name", true);
	page_input(r, "pid", "text", "file.pid", posted(r, "pid", a->pid), "off", false);
	page_input(r, "phone", "tel", "file.phone", posted(r, "phone", a->phone), "tel", false);
	page_input(r, "address", "text", "file.address", posted(r, "address", ""), "street-address",
	           false);
	buf_puts(&r->out, "</fieldset>");
	if (fl->nfields) {
		buf_puts(&r->out, "<fieldset><legend>");
		page_text(r, "file.form");
		buf_puts(&r->out, "</legend>");
		for (int i = 0; i < fl->nfields; i++)
			form_field_input(r, &fl->fields[i], in_field(r, "f_", fl->fields[i].name));
		buf_puts(&r->out, "</fieldset>");
	}
	buf_puts(&r->out, "<fieldset><legend>");
	page_text(r, "file.documents");
	buf_puts(&r->out, "</legend><p class=\"muted\">");
	page_text(r, "file.documents_hint");
	buf_puts(&r->out, "</p>");
	for (int i = 0; i < fl->ndocs; i++) {
		buf_printf(&r->out, "<label>%d. ", i + 1);
		buf_html(&r->out, fl->docs[i].name);
		buf_printf(&r->out,
		           "<input type=\"file\" name=\"doc_%d\" "
		           "accept=\"application/pdf,image/jpeg,image/png\"></label>",
		           fl->docs[i].seq);
	}
	if (!fl->ndocs)
		buf_puts(&r->out, "<label><input type=\"file\" name=\"doc_1\" "
		                  "accept=\"application/pdf,image/jpeg,image/png\"></label>");
	buf_puts(&r->out, "</fieldset><button class=\"big\" type=\"submit\">");
	page_text(r, "file.submit");
	buf_puts(&r->out, "</button></form>");
	return page_end(r, er && er->status ? er->status : 200);
}

static int get_file(struct req *r)
{
	struct xerr e = {0};
	struct filing *fl = filing_load(r, &e);
	if (!fl)
		return resp_error(r, &e);
	return filing_form(r, fl, NULL);
}

/* ---- filing ---- */

/* A fault of the filing as the page names it, in the reader's language. */
static void show_fault(struct req *r, const struct filing *fl, const struct filing_fault *f,
                       struct cit_errors *er)
{
	static const struct {
		const char *field;
		const char *label, *missing, *bad;
	} words[] = {
	    {"unit", "cit.commune", "file.need_commune", "file.bad_commune"},
	    {"applicant.name", "file.name", "file.need_name", "file.need_name"},
	    {"applicant.pid", "file.pid", "file.bad_pid", "file.bad_pid"},
	    {"applicant.phone", "file.phone", "file.bad_phone", "file.bad_phone"},
	    {"applicant.address", "file.address", "file.too_long", "file.too_long"},
	};
	int status = f->code == XERR_LIMIT ? 413 : 400;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strcmp(f->field, words[i].field)) {
			const char *msg =
			    f->kind == FILING_MISSING ? words[i].missing : words[i].bad;
			cit_error_add(r, er, tr(r, words[i].label), tr(r, msg), status);
			return;
		}
	if (!strcmp(f->field, "documents")) {
		const char *label =
		    arena_printf(&r->arena, "%s %s", tr(r, "file.document"), f->key);
		cit_error_add(r, er, label,
		              tr(r, f->code == XERR_LIMIT ? "file.too_large" : "file.bad_type"),
		              status);
		return;
	}
	/* The form data: a field by its label, or the form as a whole. */
	const char *label = NULL;
	for (int i = 0; i < fl->nfields; i++)
		if (!strcmp(fl->fields[i].name, f->key))
			label = cit_field_label(r, &fl->fields[i]);
	cit_error_add(r, er, label,
	              tr(r, f->kind == FILING_MISSING    ? "file.need_value"
	                    : f->kind == FILING_TOO_LONG ? "file.too_long"
	                                                 : "file.bad_value"),
	              status);
}

/* The declared fields as the form posted them ("f_" and the name). */
static json_t *posted_form(struct req *r, const struct filing *fl)
{
	json_t *form = json_object();
	for (int i = 0; i < fl->nfields; i++) {
		const char *v = in_field(r, "f_", fl->fields[i].name);
		if (v && *v)
			json_object_set_new(form, fl->fields[i].name, json_string(v));
	}
	return form;
}

/* Every document chosen, under the name it came with. */
static int posted_documents(struct req *r, struct intake_upload *out)
{
	int n;
	const struct form_file *ff = in_files(r, "doc_", &n);
	for (int i = 0; i < n; i++)
		out[i] = (struct intake_upload){
		    ff[i].filename[0] ? ff[i].filename
		                      : arena_printf(&r->arena, "giay-to-%s", ff[i].field + 4),
		    ff[i].data, ff[i].len};
	return n;
}

static int post_file(struct req *r)
{
	struct xerr e = {0};
	struct filing *fl = filing_load(r, &e);
	if (!fl)
		return resp_error(r, &e);
	struct cit_errors *er = arena_alloc(&r->arena, sizeof *er);
	memset(er, 0, sizeof *er);
	struct form f;
	if (form_parse(r, &f, &e) != 0) {
		/* Show the form afresh: an empty parse, so that reading each
		 * field does not parse the refused body again. */
		r->form = arena_alloc(&r->arena, sizeof *r->form);
		memset(r->form, 0, sizeof *r->form);
		cit_error_add(r, er, NULL,
		              tr(r, e.code == XERR_LIMIT ? "file.too_large" : "file.bad_form"),
		              xerr_http_status(e.code));
		return filing_form(r, fl, er);
	}
	if (!authz_files_through(auth_role(r), DC_ONLINE)) {
		cit_error_add(r, er, NULL, tr(r, "file.citizens_only"), 400);
		return filing_form(r, fl, er);
	}
	struct intake_upload *up = arena_alloc(&r->arena, sizeof *up * FORM_MAX_FILES);
	struct dossier_input in = {
	    .unit = cit_picked_unit(r),
	    .procedure = fl->p.code,
	    .channel = DC_ONLINE,
	    .name = posted(r, "name", ""),
	    .pid = posted(r, "pid", ""),
	    .phone = posted(r, "phone", ""),
	    .address = posted(r, "address", ""),
	    .form = posted_form(r, fl),
	    .uploads = up,
	    .nuploads = posted_documents(r, up),
	};
	struct dossier *d = arena_alloc(&r->arena, sizeof *d);
	struct filing_faults *faults = arena_alloc(&r->arena, sizeof *faults);
	int rc = intake_dossier(r, &in, d, faults, &e);
	json_decref(in.form);
	if (rc) {
		for (int i = 0; i < faults->n; i++)
			show_fault(r, fl, &faults->v[i], er);
		if (!faults->n)
			cit_error_add(r, er, NULL, e.msg, xerr_http_status(e.code));
		return filing_form(r, fl, er);
	}
	return page_redirect(r, arena_printf(&r->arena, "/my/dossiers/%s%s%s", d->code,
	                                     *cit_lang_query(r) ? "?lang=en&" : "?", "done=filed"));
}

/* The applicant's fields are text whose limits are core's (core/filing.h),
 * the procedure's fields (f_ and its name) are checked by core against
 * their declarations: each is checked once, in the intake. */
static const struct param filing_in[] = {
    {"code", IN_PATH, IN_PROCEDURE},
    {"province", IN_QUERY, IN_DIGITS, .min = 2, .max = 2},
    {"province", IN_FORM, IN_DIGITS, .min = 2, .max = 2},
    CIT_COMMUNE_IN,
    INTAKE_APPLICANT_IN,
    {"f_", IN_FORM, IN_FIELDS},
    {"doc_", IN_FORM, IN_FILES, .max = FILING_DOCS_MAX},
    {NULL},
};

const struct route page_filing_routes[] = {
    {"GET", "/procedures/{}/file", get_file, "dossier.create", 0, filing_in, true},
    {"POST", "/procedures/{}/file", post_file, "dossier.create", FILING_MAX_BODY, filing_in, true,
     .rate = RL_FILING},
    {NULL, NULL, NULL, NULL, 0},
};
