/*
 * citizen_view.c: the pieces shared by the citizen's pages (see
 * citizen_view.h): times and facts, the dossier head and history, the
 * commune picker, form errors, uploads and the form data in words.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/text.h"
#include "web/citizen_view.h"
#include "web/dossier_view.h"
#include "web/form.h"
#include "web/page.h"

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
	/* The appointment, while the clock runs towards it. */
	if (dossier_overdue_from(d)) {
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

/* One step of the history as a list item; note may be NULL. */
static void history_item(struct req *r, int to, int64_t at, const char *note)
{
	buf_puts(&r->out, "<li><time>");
	cit_time(r, at);
	buf_puts(&r->out, "</time> ");
	buf_html(&r->out, dossier_status_label(r, to));
	if (note && note[0] && strcmp(note, "filed")) {
		buf_puts(&r->out, "<q>");
		buf_html(&r->out, note);
		buf_puts(&r->out, "</q>");
	}
	buf_puts(&r->out, "</li>");
}

static void history_open(struct req *r)
{
	buf_puts(&r->out, "<h2>");
	page_text(r, "cit.history");
	buf_puts(&r->out, "</h2><ol class=\"history\">");
}

struct history_ctx {
	struct req *r;
	bool notes;
};

static int history_row(const struct dossier_event *ev, void *ctx)
{
	struct history_ctx *h = ctx;
	if (ev->from != ev->to) /* an apology or a rating: not a step */
		history_item(h->r, ev->to, ev->at, h->notes ? ev->note : NULL);
	return 0;
}

int cit_history(struct req *r, const struct dossier *d, bool notes, struct xerr *e)
{
	struct history_ctx h = {r, notes};
	history_open(r);
	int rc = store_dossier_events(r->store, d->id, history_row, &h, e);
	buf_puts(&r->out, "</ol>");
	return rc;
}

int cit_step_add(const struct dossier_event *ev, void *ctx)
{
	struct cit_steps *s = ctx;
	if (ev->from == ev->to)
		return 0;
	if (s->n == s->cap) {
		int cap = s->cap ? s->cap * 2 : 16;
		struct cit_step *v = arena_alloc(s->arena, (size_t)cap * sizeof *v);
		if (s->n)
			memcpy(v, s->v, (size_t)s->n * sizeof *v);
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n].to = ev->to;
	s->v[s->n].at = ev->at;
	s->n++;
	return 0;
}

void cit_steps_show(struct req *r, const struct cit_steps *s)
{
	history_open(r);
	for (int i = 0; i < s->n; i++)
		history_item(r, s->v[i].to, s->v[i].at, NULL);
	buf_puts(&r->out, "</ol>");
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
	page_input(r, "unit_code", "text", "cit.commune_code", in_str(r, "unit_code"), "off",
	           false);
	buf_puts(&r->out, "</fieldset>");
}

const char *cit_picked_unit(struct req *r)
{
	const char *typed = in_str(r, "unit_code");
	if (typed && *typed)
		return typed;
	const char *u = in_str(r, "unit");
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

int cit_uploads(struct req *r, const char *prefix, struct cit_upload *out, struct cit_errors *er)
{
	int n = 0, nfiles;
	size_t pl = strlen(prefix);
	const struct form_file *files = in_files(r, prefix, &nfiles);
	for (int i = 0; i < nfiles; i++) {
		const struct form_file *ff = &files[i];
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

/* ---- feedback ---- */

const char *cit_topic_name(struct req *r, int topic)
{
	const char *w = feedback_topic_word(topic);
	return *w ? tr(r, arena_printf(&r->arena, "fb.topic_%s", w)) : "—";
}

void cit_topic_select(struct req *r, int topic)
{
	buf_puts(&r->out, "<label>");
	page_text(r, "fb.topic");
	buf_puts(&r->out, "<select name=\"topic\"><option value=\"\">");
	page_text(r, "fb.topic_none");
	buf_puts(&r->out, "</option>");
	for (int t = 1; *feedback_topic_word(t); t++) {
		buf_printf(&r->out, "<option value=\"%s\"%s>", feedback_topic_word(t),
		           t == topic ? " selected" : "");
		buf_html(&r->out, cit_topic_name(r, t));
		buf_puts(&r->out, "</option>");
	}
	buf_puts(&r->out, "</select></label>");
}

enum { REPEATS_LISTED = 20, EXCERPT_CHARS = 60 };

/* The first `n` code points of valid UTF-8 s, escaped, "…" when cut. */
static void put_excerpt(struct buf *b, const char *s, size_t n)
{
	size_t i = 0, points = 0;
	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && points++ == n)
			break;
	char *cut = strndup(s, i);
	buf_html(b, cut ? cut : "");
	free(cut);
	if (s[i])
		buf_puts(b, "…");
}

struct repeat_opts {
	struct req *r;
	int64_t chosen;
	int n;
};

static int repeat_option(const struct feedback *f, void *ctx)
{
	struct repeat_opts *x = ctx;
	if (feedback_repeat_check(f->status, f->account_id, f->account_id, f->dossier_code, "",
	                          NULL) != 0)
		return 0;
	struct buf *b = &x->r->out;
	char day[17];
	cal_format_time(f->created_at, day);
	day[10] = '\0';
	buf_printf(b, "<option value=\"%lld\"%s>#%lld · %s", (long long)f->id,
	           f->id == x->chosen ? " selected" : "", (long long)f->id, day);
	if (f->dossier_code[0]) {
		buf_puts(b, " · ");
		buf_html(b, f->dossier_code);
	}
	buf_puts(b, " · ");
	put_excerpt(b, f->content, EXCERPT_CHARS);
	buf_puts(b, "</option>");
	return ++x->n >= REPEATS_LISTED;
}

void cit_repeats_select(struct req *r, int64_t chosen)
{
	if (!r->who || !r->who->account_id)
		return;
	buf_puts(&r->out, "<label>");
	page_text(r, "fb.repeats");
	buf_puts(&r->out, "<select name=\"repeats\"><option value=\"0\">");
	page_text(r, "fb.repeats_none");
	buf_puts(&r->out, "</option>");
	struct repeat_opts x = {r, chosen, 0};
	struct xerr e = {0};
	store_feedback_mine(r->store, r->who->account_id, 0, 200, repeat_option, &x, &e);
	buf_puts(&r->out, "</select></label>");
}

void cit_rating_choices(struct req *r, const char *reason_key)
{
	buf_puts(&r->out, "<label class=\"choice\"><input type=\"radio\" name=\"satisfied\" "
	                  "value=\"1\" required>");
	page_text(r, "my.satisfied");
	buf_puts(&r->out, "</label><label class=\"choice\"><input type=\"radio\" "
	                  "name=\"satisfied\" value=\"0\">");
	page_text(r, "my.unsatisfied");
	buf_puts(&r->out, "</label><label>");
	page_text(r, reason_key);
	buf_printf(&r->out, "<textarea name=\"reason\" rows=\"3\" maxlength=\"%d\"></textarea>",
	           DOSSIER_NOTE_CHARS);
	buf_puts(&r->out, "</label>");
}
