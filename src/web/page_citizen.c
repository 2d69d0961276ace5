/*
 * page_citizen.c: the public pages of citizen self-service, plain HTML
 * that works on a cheap phone without JavaScript:
 *   GET  /procedures?q=&field=     find a procedure (diacritics ignored)
 *   GET  /procedures/CODE          what it takes: time, fee, documents
 *   GET  /track?code=  /track/CODE tracking by dossier code (the receipt's
 *                                  QR code points here); no personal data
 *   GET  /feedback, POST /feedback feedback and complaints, with deadlines
 * and the helpers of page_citizen.h. Filing and the citizen's own
 * dossiers are page_filing.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "core/text.h"
#include "web/dossier_view.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/page.h"
#include "web/page_citizen.h"

/* ---- helpers (page_citizen.h) ---- */

const char *cit_lang_query(const struct req *r)
{
	return r->lang && !strcmp(r->lang, "en") ? "?lang=en" : "";
}

void cit_time(struct req *r, int64_t t)
{
	if (!t) {
		buf_puts(&r->out, "—");
		return;
	}
	char s[17];
	cal_format_time(t, s);
	/* YYYY-MM-DDTHH:MM as the Vietnamese write it: DD/MM/YYYY HH:MM. */
	buf_printf(&r->out, "%.2s/%.2s/%.4s %.5s", s + 8, s + 5, s, s + 11);
}

void cit_fact(struct req *r, const char *label_key, const char *value)
{
	buf_puts(&r->out, "<dt>");
	page_text(r, label_key);
	buf_puts(&r->out, "</dt><dd>");
	buf_html(&r->out, value && *value ? value : "—");
	buf_puts(&r->out, "</dd>");
}

void cit_fact_time(struct req *r, const char *label_key, int64_t t)
{
	buf_puts(&r->out, "<dt>");
	page_text(r, label_key);
	buf_puts(&r->out, "</dt><dd>");
	cit_time(r, t);
	buf_puts(&r->out, "</dd>");
}

void cit_status(struct req *r, int status)
{
	buf_printf(&r->out, "<strong class=\"status s%d\">",
	           dossier_status_valid(status) ? status : 0);
	buf_html(&r->out, dossier_status_label(r, status));
	buf_puts(&r->out, "</strong>");
}

void cit_next_step(struct req *r, const struct dossier *d)
{
	char key[32];
	snprintf(key, sizeof key, "cit.next.%d", dossier_status_valid(d->status) ? d->status : 0);
	buf_puts(&r->out, "<p class=\"next\">");
	page_text(r, key);
	if (d->due_at && !d->finished_at && d->status != DS_SUPPLEMENT) {
		buf_puts(&r->out, " ");
		page_text(r, "cit.due_on");
		buf_puts(&r->out, " ");
		cit_time(r, d->due_at);
		buf_puts(&r->out, ".");
	}
	buf_puts(&r->out, "</p>");
}

void cit_dossier_head(struct req *r, const struct dossier *d, const char *procedure,
                      const char *unit)
{
	buf_puts(&r->out, "<h1>");
	page_text(r, "track.dossier");
	buf_puts(&r->out, " <span class=\"code\">");
	buf_html(&r->out, d->code);
	buf_puts(&r->out, "</span></h1><p>");
	cit_status(r, d->status);
	buf_puts(&r->out, "</p>");
	cit_next_step(r, d);
	buf_puts(&r->out, "<dl class=\"facts\">");
	cit_fact(r, "track.procedure", procedure);
	cit_fact(r, "track.unit", unit);
	cit_fact(r, "track.channel",
	         tr(r, arena_printf(&r->arena, "dossier.channel.%d", d->channel)));
	cit_fact_time(r, "track.submitted", d->submitted_at);
	cit_fact_time(r, "track.received", d->received_at);
	cit_fact_time(r, "track.due", d->due_at);
	if (d->finished_at)
		cit_fact_time(r, "track.finished", d->finished_at);
}

const char *cit_field_label(const struct req *r, const struct procedure_field *f)
{
	return r->lang && !strcmp(r->lang, "en") && f->label_en[0] ? f->label_en : f->label_vi;
}

void cit_choice(struct req *r, const char *opt, size_t n)
{
	char key[80];
	snprintf(key, sizeof key, "choice.%.*s", (int)(n < 64 ? n : 64), opt);
	const char *t = tr(r, key);
	if (strcmp(t, key)) {
		buf_html(&r->out, t);
		return;
	}
	char *plain = arena_printf(&r->arena, "%.*s", (int)n, opt);
	for (char *c = plain; *c; c++)
		if (*c == '_')
			*c = ' ';
	buf_html(&r->out, plain);
}

/* A stored form value as the applicant reads it: a choice by its label,
 * a date as dd/mm/yyyy, anything else as typed. */
static void form_value(struct req *r, const struct procedure_field *f, const char *v)
{
	if (!strncmp(f->type, "select:", 7)) {
		cit_choice(r, v, strlen(v));
	} else if (!strcmp(f->type, "date") && strlen(v) == 10) {
		buf_html(&r->out, arena_printf(&r->arena, "%.2s/%.2s/%.4s", v + 8, v + 5, v));
	} else {
		buf_html(&r->out, v);
	}
}

struct form_show {
	struct req *r;
	json_t *form;
};

static int form_row(const struct procedure_field *f, void *ctx)
{
	struct form_show *fs = ctx;
	json_t *v = json_object_get(fs->form, f->name);
	if (!v || !json_is_string(v))
		return 0;
	buf_puts(&fs->r->out, "<dt>");
	buf_html(&fs->r->out, cit_field_label(fs->r, f));
	buf_puts(&fs->r->out, "</dt><dd>");
	form_value(fs->r, f, json_string_value(v));
	buf_puts(&fs->r->out, "</dd>");
	return 0;
}

int cit_form_facts(struct req *r, const struct dossier *d, struct xerr *e)
{
	json_error_t je;
	struct form_show fs = {r, json_loads(d->form, 0, &je)};
	if (!fs.form)
		return 0;
	int rc = store_procedure_fields(r->store, d->procedure, form_row, &fs, e);
	json_decref(fs.form);
	return rc;
}

struct history_ctx {
	struct req *r;
	bool notes;
	int rows;
};

static int history_row(const struct dossier_event *ev, void *ctx)
{
	struct history_ctx *h = ctx;
	if (ev->from == ev->to)
		return 0; /* an apology or a rating: not a step */
	buf_puts(&h->r->out, "<li><time>");
	cit_time(h->r, ev->at);
	buf_puts(&h->r->out, "</time> ");
	buf_html(&h->r->out, dossier_status_label(h->r, ev->to));
	if (h->notes && ev->note[0] && strcmp(ev->note, "filed")) {
		buf_puts(&h->r->out, "<q>");
		buf_html(&h->r->out, ev->note);
		buf_puts(&h->r->out, "</q>");
	}
	buf_puts(&h->r->out, "</li>");
	h->rows++;
	return 0;
}

int cit_history(struct req *r, const struct dossier *d, bool notes, struct xerr *e)
{
	struct history_ctx h = {r, notes, 0};
	buf_puts(&r->out, "<h2>");
	page_text(r, "cit.history");
	buf_puts(&r->out, "</h2><ol class=\"history\">");
	int rc = store_dossier_events(r->store, d->id, history_row, &h, e);
	buf_puts(&r->out, "</ol>");
	return rc;
}

struct option_ctx {
	struct req *r;
	const char *selected;
};

static int unit_option(const struct unit *u, void *ctx)
{
	struct option_ctx *o = ctx;
	buf_puts(&o->r->out, "<option value=\"");
	buf_html(&o->r->out, u->code);
	buf_puts(&o->r->out, o->selected && !strcmp(o->selected, u->code) ? "\" selected>" : "\">");
	buf_html(&o->r->out, u->name);
	buf_puts(&o->r->out, "</option>");
	return 0;
}

static bool unit_code_shape(const char *s)
{
	return s && text_digits(s, 2, 12);
}

void cit_province_form(struct req *r, const char *action, const char *province)
{
	struct xerr e = {0};
	struct option_ctx o = {r, province};
	buf_puts(&r->out, "<form class=\"search\" method=\"get\" action=\"");
	buf_html(&r->out, action);
	buf_puts(&r->out, "\"><label class=\"grow\">");
	page_text(r, "cit.province");
	buf_puts(&r->out, "<select name=\"province\"><option value=\"\">—</option>");
	store_unit_children(r->store, NULL, unit_option, &o, &e);
	buf_puts(&r->out, "</select></label>");
	if (*cit_lang_query(r))
		page_hidden(r, "lang", "en");
	buf_puts(&r->out, "<button type=\"submit\">");
	page_text(r, "cit.province_pick");
	buf_puts(&r->out, "</button></form>");
}

void cit_commune_picker(struct req *r, const char *province, const char *unit)
{
	struct xerr e = {0};
	struct option_ctx o = {r, unit};
	buf_puts(&r->out, "<fieldset><legend>");
	page_text(r, "cit.commune");
	buf_puts(&r->out, "</legend>");
	if (unit_code_shape(province)) {
		page_hidden(r, "province", province);
		buf_puts(&r->out, "<label>");
		page_text(r, "cit.commune_pick");
		buf_puts(&r->out, "<select name=\"unit\"><option value=\"\">—</option>");
		store_unit_children(r->store, province, unit_option, &o, &e);
		buf_puts(&r->out, "</select></label>");
	}
	page_input(r, "unit_code", "text", "cit.commune_code", page_field(r, "unit_code"), "off",
	           false);
	buf_puts(&r->out, "</fieldset>");
}

const char *cit_picked_unit(struct req *r)
{
	const char *typed = page_field(r, "unit_code");
	if (typed && *typed)
		return typed;
	const char *u = page_field(r, "unit");
	return u ? u : "";
}

void cit_error_add(struct req *r, struct cit_errors *er, const char *label, const char *msg,
                   int status)
{
	if (er->n < CIT_ERRORS_MAX) {
		er->label[er->n] = label;
		er->msg[er->n] = arena_printf(&r->arena, "%s", msg);
		er->n++;
	}
	if (status > er->status)
		er->status = status;
}

void cit_errors_show(struct req *r, const struct cit_errors *er)
{
	if (!er || !er->n)
		return;
	buf_puts(&r->out, "<div class=\"error\" role=\"alert\"><p>");
	page_text(r, "file.errors");
	buf_puts(&r->out, "</p><ul>");
	for (int i = 0; i < er->n; i++) {
		buf_puts(&r->out, "<li>");
		if (er->label[i]) {
			buf_puts(&r->out, "<strong>");
			buf_html(&r->out, er->label[i]);
			buf_puts(&r->out, "</strong>: ");
		}
		buf_html(&r->out, er->msg[i]);
		buf_puts(&r->out, "</li>");
	}
	buf_puts(&r->out, "</ul></div>");
}

/* A client's file name as a stored document name: at most 255 bytes, cut
 * on a character boundary; the fallback when it has none. */
static void doc_name(char dst[256], const char *client, const char *fallback)
{
	const char *s = client && *client ? client : fallback;
	size_t n = strlen(s);
	if (n > 255) {
		n = 255;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = 0;
}

int cit_uploads(struct req *r, const struct form *f, const char *prefix, struct cit_upload *out,
                int max, struct cit_errors *er)
{
	int n = 0;
	size_t pl = strlen(prefix);
	for (int i = 0; i < f->nfiles && n < max; i++) {
		const struct form_file *ff = &f->files[i];
		if (strncmp(ff->field, prefix, pl) || (!ff->len && !ff->filename[0]))
			continue; /* an input left empty */
		enum filetype t;
		struct xerr e = {0};
		char *label = arena_printf(&r->arena, "%s %s", tr(r, "file.document"),
		                           ff->filename[0] ? ff->filename : ff->field + pl);
		if (upload_judge(ff->data, ff->len, ff->field, &t, &e) != 0) {
			cit_error_add(
			    r, er, label,
			    tr(r, e.code == XERR_LIMIT ? "file.too_large" : "file.bad_type"),
			    xerr_http_status(e.code));
			continue;
		}
		memset(&out[n], 0, sizeof out[n]);
		snprintf(out[n].link.kind, sizeof out[n].link.kind, "document");
		doc_name(out[n].link.name, ff->filename,
		         arena_printf(&r->arena, "giay-to-%s.%s", ff->field + pl, filetype_ext(t)));
		out[n].file = ff;
		out[n].mime = filetype_mime(t);
		n++;
	}
	return n;
}

int cit_uploads_store(struct req *r, struct cit_upload *up, int n, struct xerr *e)
{
	struct actor who;
	req_actor(r, &who);
	for (int i = 0; i < n; i++) {
		const struct form_file *ff = up[i].file;
		if (store_blob_put(r->store, &who, ff->data, ff->len, up[i].mime, up[i].link.sha256,
		                   NULL, e) != 0)
			return e->code;
	}
	return 0;
}

/* ---- procedures ---- */

/* "5 ngày làm việc", "Trong ngày", ... */
static void proc_time_words(struct req *r, enum proc_time_unit unit, int value)
{
	switch (unit) {
	case PROC_TIME_WORKDAY:
		buf_printf(&r->out, "%d ", value);
		page_text(r, "proc.time.workday");
		break;
	case PROC_TIME_CALENDARDAY:
		buf_printf(&r->out, "%d ", value);
		page_text(r, "proc.time.calendarday");
		break;
	case PROC_TIME_WORKHOUR:
		buf_printf(&r->out, "%d ", value);
		page_text(r, "proc.time.workhour");
		break;
	case PROC_TIME_SAMEDAY: page_text(r, "proc.time.sameday"); break;
	default: page_text(r, "proc.time.none");
	}
}

/* "Miễn phí", "50.000 đồng" (Vietnamese groups thousands with dots). */
static void proc_fee_words(struct req *r, int64_t fee)
{
	if (fee < 0) {
		page_text(r, "proc.fee.unknown");
		return;
	}
	if (fee == 0) {
		page_text(r, "proc.fee.free");
		return;
	}
	char digits[24], grouped[32];
	int n = snprintf(digits, sizeof digits, "%lld", (long long)fee), k = 0;
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			grouped[k++] = '.';
		grouped[k++] = digits[i];
	}
	grouped[k] = 0;
	buf_puts(&r->out, grouped);
	buf_puts(&r->out, " ");
	page_text(r, "proc.fee.unit");
}

/* A procedure as the list shows it. */
struct proc_item {
	const char *code, *name, *field;
	enum proc_time_unit time_unit;
	int time_value;
	size_t len; /* characters of the name: shorter is closer */
};

struct proc_list {
	struct req *r;
	struct proc_item *items;
	int n, cap;
	/* Distinct fields, for the filter. */
	const char **fields;
	int nfields, fcap;
};

static int keep_proc(const struct procedure *p, void *ctx)
{
	struct proc_list *l = ctx;
	if (l->n >= l->cap)
		return 1;
	struct proc_item *it = &l->items[l->n++];
	it->code = arena_strdup(&l->r->arena, p->code);
	it->name = arena_strdup(&l->r->arena, p->name);
	it->field = arena_strdup(&l->r->arena, p->field);
	it->time_unit = p->time_unit;
	it->time_value = p->time_value;
	it->len = text_length(p->name);
	return 0;
}

/* The closest match first: every word of the query is in every name, so
 * the shortest name says the least else ("Thủ tục đăng ký khai sinh"
 * before "... khai sinh lưu động"); the code breaks ties. */
static int by_closeness(const void *a, const void *b)
{
	const struct proc_item *x = a, *y = b;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return strcmp(x->code, y->code);
}

static int collect_field(const struct procedure *p, void *ctx)
{
	struct proc_list *l = ctx;
	for (int i = 0; i < l->nfields; i++)
		if (!strcmp(l->fields[i], p->field))
			return 0;
	if (l->nfields < l->fcap && p->field[0])
		l->fields[l->nfields++] = arena_strdup(&l->r->arena, p->field);
	return 0;
}

/* Fields in the order of their folded names (Đ among the D's). */
static int by_folded(const void *a, const void *b)
{
	char *x = text_fold_dup(*(const char *const *)a),
	     *y = text_fold_dup(*(const char *const *)b);
	int c = x && y ? strcmp(x, y) : 0;
	free(x);
	free(y);
	return c;
}

enum { PROC_LIST_MAX = 500, PROC_FIELDS_MAX = 64 };

static int get_procedures(struct req *r)
{
	struct xerr e = {0};
	const char *q = req_query(r, "q"), *field = req_query(r, "field");
	if (q && (!text_valid_utf8(q, strlen(q), NULL) || text_length(q) > 100))
		q = NULL;
	if (field && (!*field || !text_valid_utf8(field, strlen(field), NULL) ||
	              strlen(field) >= PROC_FIELD_MAX))
		field = NULL;
	struct proc_list l = {r,
	                      arena_alloc(&r->arena, sizeof(struct proc_item) * PROC_LIST_MAX),
	                      0,
	                      PROC_LIST_MAX,
	                      arena_alloc(&r->arena, sizeof(char *) * PROC_FIELDS_MAX),
	                      0,
	                      PROC_FIELDS_MAX};
	if (store_procedure_search(r->store, NULL, NULL, NULL, PROC_LIST_MAX, collect_field, &l,
	                           &e) != 0 ||
	    store_procedure_search(r->store, q, field, NULL, PROC_LIST_MAX, keep_proc, &l, &e) < 0)
		return resp_error(r, &e);
	qsort(l.fields, (size_t)l.nfields, sizeof *l.fields, by_folded);
	if (q && *q)
		qsort(l.items, (size_t)l.n, sizeof *l.items, by_closeness);
	page_begin(r, tr(r, "proc.title"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "proc.title");
	buf_puts(&r->out, "</h1><form class=\"filters\" method=\"get\" action=\"/procedures\" "
	                  "role=\"search\"><label>");
	page_text(r, "proc.search");
	buf_puts(&r->out, "<input name=\"q\" type=\"search\" maxlength=\"100\" value=\"");
	buf_html(&r->out, q ? q : "");
	buf_puts(&r->out, "\"></label><label>");
	page_text(r, "proc.field");
	buf_puts(&r->out, "<select name=\"field\"><option value=\"\">");
	page_text(r, "proc.field_all");
	buf_puts(&r->out, "</option>");
	for (int i = 0; i < l.nfields; i++) {
		buf_puts(&r->out, "<option");
		if (field && !strcmp(field, l.fields[i]))
			buf_puts(&r->out, " selected");
		buf_puts(&r->out, ">");
		buf_html(&r->out, l.fields[i]);
		buf_puts(&r->out, "</option>");
	}
	buf_puts(&r->out, "</select></label>");
	if (*cit_lang_query(r))
		page_hidden(r, "lang", "en");
	buf_puts(&r->out, "<button type=\"submit\">");
	page_text(r, "search.button");
	buf_puts(&r->out, "</button></form><ul class=\"cards\">");
	for (int i = 0; i < l.n; i++) {
		buf_puts(&r->out, "<li>");
		page_link(r, "/procedures/", l.items[i].code, l.items[i].name);
		buf_puts(&r->out, "<span class=\"muted\">");
		buf_html(&r->out, l.items[i].field);
		buf_puts(&r->out, " · ");
		proc_time_words(r, l.items[i].time_unit, l.items[i].time_value);
		buf_puts(&r->out, "</span></li>");
	}
	buf_puts(&r->out, "</ul>");
	if (!l.n) {
		buf_puts(&r->out, "<p class=\"muted\">");
		page_text(r, "proc.none");
		buf_puts(&r->out, "</p>");
	}
	return page_end(r, 200);
}

static int document_row(const struct procedure_document *d, void *ctx)
{
	struct req *r = ctx;
	char key[48];
	buf_puts(&r->out, "<li>");
	buf_html(&r->out, d->name);
	buf_puts(&r->out, "<span class=\"muted\">");
	snprintf(key, sizeof key, "proc.doc.%s", d->original_or_copy);
	page_text(r, key);
	buf_printf(&r->out, " · %d ", d->count);
	page_text(r, d->count == 1 ? "proc.doc.copy_one" : "proc.doc.copies");
	if (d->reusable) {
		buf_puts(&r->out, " · ");
		page_text(r, "proc.doc.reusable");
	}
	buf_puts(&r->out, "</span></li>");
	return 0;
}

bool cit_procedure_fileable(const struct procedure *p)
{
	return !strcmp(p->level, "commune");
}

static int get_procedure(struct req *r)
{
	struct xerr e = {0};
	struct procedure *p = arena_alloc(&r->arena, sizeof *p);
	if (procedure_check_code(r->params[0], &e) != 0 ||
	    store_procedure_get(r->store, r->params[0], p, &e) != 0)
		return resp_error(r, &e);
	page_begin(r, p->name);
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link(r, "/procedures", NULL, tr(r, "proc.title"));
	buf_puts(&r->out, "</nav><h1>");
	buf_html(&r->out, p->name);
	buf_puts(&r->out, "</h1><dl class=\"facts\">");
	cit_fact(r, "proc.code", p->code);
	cit_fact(r, "proc.field", p->field);
	buf_puts(&r->out, "<dt>");
	page_text(r, "proc.time");
	buf_puts(&r->out, "</dt><dd>");
	proc_time_words(r, p->time_unit, p->time_value);
	buf_puts(&r->out, "</dd><dt>");
	page_text(r, "proc.fee");
	buf_puts(&r->out, "</dt><dd>");
	proc_fee_words(r, p->fee_vnd);
	buf_puts(&r->out, "</dd>");
	cit_fact(r, "proc.online",
	         tr(r, p->online_full ? "proc.online.full" : "proc.online.partial"));
	buf_puts(&r->out, "</dl>");
	if (cit_procedure_fileable(p)) {
		buf_puts(&r->out, "<p><a class=\"button big\" href=\"/procedures/");
		buf_urlenc(&r->out, p->code);
		buf_puts(&r->out, "/file");
		buf_puts(&r->out, cit_lang_query(r));
		buf_puts(&r->out, "\">");
		page_text(r, "proc.file_online");
		buf_puts(&r->out, "</a></p>");
	} else {
		buf_puts(&r->out, "<p class=\"muted\">");
		page_text(r, "proc.not_online");
		buf_puts(&r->out, "</p>");
	}
	buf_puts(&r->out, "<h2>");
	page_text(r, "proc.documents");
	buf_puts(&r->out, "</h2><ol class=\"docs\">");
	if (store_procedure_documents(r->store, p->code, document_row, r, &e) != 0) {
		buf_reset(&r->out);
		return resp_error(r, &e);
	}
	buf_puts(&r->out, "</ol>");
	/* The frame names the signed-in account and carries its CSRF token:
	 * only the browser itself may keep the page. */
	if (!r->who) {
		r->cache_control = "public, max-age=300";
		resp_header(r, "Vary", "Cookie");
	}
	return page_end(r, 200);
}

/* ---- tracking ---- */

static void track_form(struct req *r, const char *code)
{
	buf_puts(&r->out, "<form class=\"search\" method=\"get\" action=\"/track\" role=\"search\">"
	                  "<label class=\"grow\">");
	page_text(r, "track.code");
	buf_puts(&r->out, "<input name=\"code\" inputmode=\"numeric\" autocomplete=\"off\" "
	                  "maxlength=\"24\" placeholder=\"22015-260428-0007\" required value=\"");
	buf_html(&r->out, code ? code : "");
	buf_puts(&r->out, "\"></label>");
	if (*cit_lang_query(r))
		page_hidden(r, "lang", "en");
	buf_puts(&r->out, "<button type=\"submit\">");
	page_text(r, "track.button");
	buf_puts(&r->out, "</button></form>");
}

static int track_page(struct req *r, const char *code, const char *error, int status)
{
	page_begin(r, tr(r, "track.title"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "track.title");
	buf_puts(&r->out, "</h1>");
	if (error)
		page_message(r, "error", error);
	track_form(r, code);
	return page_end(r, status);
}

static int get_track_form(struct req *r)
{
	const char *code = req_query(r, "code");
	if (!code)
		return track_page(r, NULL, NULL, 200);
	if (!dossier_code_valid(code))
		return track_page(r, NULL, tr(r, "track.bad_code"), 400);
	return page_redirect(r, arena_printf(&r->arena, "/track/%s%s", code, cit_lang_query(r)));
}

static int get_track(struct req *r)
{
	struct xerr e = {0};
	const char *code = r->params[0];
	if (!dossier_code_valid(code))
		return track_page(r, NULL, tr(r, "track.bad_code"), 400);
	struct dossier *d = arena_alloc(&r->arena, sizeof *d);
	struct procedure *p = arena_alloc(&r->arena, sizeof *p);
	struct unit u;
	int rc = store_dossier_get(r->store, code, d, &e);
	if (rc == XERR_NOTFOUND)
		return track_page(r, code, tr(r, "track.not_found"), 404);
	if (rc || store_procedure_get(r->store, d->procedure, p, &e) != 0 ||
	    store_unit_get(r->store, d->unit, &u, &e) != 0)
		return resp_error(r, &e);
	/* Public: the status, dates and steps; nothing about the applicant. */
	page_begin(r, d->code);
	cit_dossier_head(r, d, p->name, u.name);
	buf_puts(&r->out, "</dl>");
	if (cit_history(r, d, false, &e) != 0) {
		buf_reset(&r->out);
		return resp_error(r, &e);
	}
	buf_puts(&r->out, "<p class=\"muted\">");
	page_text(r, "track.private");
	buf_puts(&r->out, "</p>");
	track_form(r, NULL);
	return page_end(r, 200);
}

/* ---- feedback ---- */

static int feedback_form(struct req *r, const char *error, int status)
{
	const char *province = req_query(r, "province");
	if (!province)
		province = page_field(r, "province");
	page_begin(r, tr(r, "fb.title"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "fb.title");
	buf_puts(&r->out, "</h1><p>");
	page_text(r, "fb.intro");
	buf_puts(&r->out, "</p>");
	if (error)
		page_message(r, "error", error);
	cit_province_form(r, "/feedback", province);
	buf_printf(&r->out, "<form class=\"stack\" method=\"post\" action=\"/feedback%s\">",
	           cit_lang_query(r));
	page_csrf(r);
	cit_commune_picker(r, province, page_field(r, "unit"));
	page_input(r, "dossier_code", "text", "fb.dossier", page_field(r, "dossier_code"), "off",
	           false);
	page_input(r, "name", "text", "fb.name", page_field(r, "name"), "name", false);
	page_input(r, "contact", "text", "fb.contact", page_field(r, "contact"), "tel", false);
	buf_puts(&r->out, "<label>");
	page_text(r, "fb.content");
	buf_puts(&r->out, "<textarea name=\"content\" rows=\"6\" maxlength=\"2000\" required>");
	buf_html(&r->out, page_field(r, "content") ? page_field(r, "content") : "");
	buf_puts(&r->out, "</textarea></label><button type=\"submit\">");
	page_text(r, "fb.send");
	buf_puts(&r->out, "</button></form>");
	return page_end(r, status);
}

static int get_feedback(struct req *r)
{
	return feedback_form(r, NULL, 200);
}

/* A text field of the form: trimmed of nothing, checked for length in
 * characters (the form layer already checked it is UTF-8). */
static const char *text_field(struct req *r, const char *name, size_t max_chars)
{
	const char *v = page_field(r, name);
	if (!v)
		return "";
	return text_length(v) > max_chars ? NULL : v;
}

static int post_feedback(struct req *r)
{
	struct xerr e = {0};
	struct feedback *f = arena_alloc(&r->arena, sizeof *f);
	struct dossier *d = arena_alloc(&r->arena, sizeof *d);
	const char *unit = cit_picked_unit(r), *code = text_field(r, "dossier_code", 24);
	const char *name = text_field(r, "name", 100), *contact = text_field(r, "contact", 100);
	const char *content = text_field(r, "content", 2000);
	if (!code || (*code && !dossier_code_valid(code)))
		return feedback_form(r, tr(r, "fb.bad_dossier"), 400);
	if (*code && store_dossier_get(r->store, code, d, &e) != 0)
		return feedback_form(r, tr(r, "fb.no_dossier"), 400);
	if (*code)
		unit = d->unit; /* feedback about a dossier goes to its unit */
	if (!*unit)
		return feedback_form(r, tr(r, "fb.need_unit"), 400);
	if (!name || !contact)
		return feedback_form(r, tr(r, "fb.too_long"), 400);
	if (!content || !*content)
		return feedback_form(r, tr(r, content ? "fb.need_content" : "fb.too_long"), 400);
	struct unit u;
	if (!unit_code_shape(unit) || store_unit_get(r->store, unit, &u, &e) != 0 ||
	    u.level != UNIT_COMMUNE)
		return feedback_form(r, tr(r, "fb.bad_unit"), 400);
	snprintf(f->unit, sizeof f->unit, "%s", unit);
	snprintf(f->dossier_code, sizeof f->dossier_code, "%s", code);
	f->account_id = r->who ? r->who->account_id : 0;
	snprintf(f->name, sizeof f->name, "%s", name);
	snprintf(f->contact, sizeof f->contact, "%s", contact);
	snprintf(f->content, sizeof f->content, "%s", content);
	struct actor who;
	req_actor(r, &who);
	if (store_feedback_create(r->store, &who, f, &e) != 0)
		return feedback_form(r, e.msg, xerr_http_status(e.code));
	page_begin(r, tr(r, "fb.sent"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "fb.sent");
	buf_printf(&r->out, "</h1><p class=\"ok\" role=\"status\">");
	page_text(r, "fb.number");
	buf_printf(&r->out, " <strong>%lld</strong> · ", (long long)f->id);
	buf_html(&r->out, u.name);
	buf_puts(&r->out, "</p><p>");
	page_text(r, "fb.deadlines");
	buf_puts(&r->out, "</p><dl class=\"facts\">");
	cit_fact_time(r, "fb.refuse_by", f->refuse_by);
	cit_fact_time(r, "fb.supplement_by", f->supplement_by);
	cit_fact_time(r, "fb.answer_by", f->answer_by);
	buf_puts(&r->out, "</dl>");
	return page_end(r, 201);
}

const struct route page_citizen_routes[] = {
    {"GET", "/procedures", get_procedures, "public"},
    {"GET", "/procedures/{}", get_procedure, "public"},
    {"GET", "/track", get_track_form, "dossier.track"},
    {"GET", "/track/{}", get_track, "dossier.track"},
    {"GET", "/feedback", get_feedback, "feedback.create"},
    {"POST", "/feedback", post_feedback, "feedback.create"},
    {NULL, NULL, NULL, NULL},
};
