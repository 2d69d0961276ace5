/*
 * page_citizen.c: the public pages of citizen self-service, plain HTML
 * that works on a cheap phone without JavaScript:
 *   GET  /procedures?q=&field=     find a procedure (diacritics ignored)
 *   GET  /procedures/CODE          what it takes: time, fee, documents
 *   GET  /track?code=  /track/CODE tracking by dossier code (the receipt's
 *                                  QR code points here); no personal data
 *   GET  /feedback, POST /feedback feedback and complaints, with deadlines
 * Filing is page_filing.c, the citizen's own dossiers page_my.c, and the
 * pieces they share citizen_view.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "web/pay_view.h"
#include "web/dossier_view.h"
#include "web/page.h"
#include "web/citizen_view.h"

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
	/* A search text or field that is not one is no filter. */
	const char *q = in_str(r, "q"), *field = in_str(r, "field");
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
	if (store_procedure_get(r->store, in_str(r, "code"), p, &e) != 0)
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
	const char *code = in_str(r, "code");
	if (in_refused(r, "code"))
		return track_page(r, NULL, tr(r, "track.bad_code"), 400);
	if (!code)
		return track_page(r, NULL, NULL, 200);
	return page_redirect(r, arena_printf(&r->arena, "/track/%s%s", code, cit_lang_query(r)));
}

static int get_track(struct req *r)
{
	struct xerr e = {0};
	const char *code = in_str(r, "code");
	if (!code)
		return track_page(r, NULL, tr(r, "track.bad_code"), 400);
	struct dossier_track *t = arena_alloc(&r->arena, sizeof *t);
	struct cit_steps steps = {&r->arena, NULL, 0, 0};
	int rc = store_dossier_track(r->store, code, t, cit_step_add, &steps, &e);
	if (rc == XERR_NOTFOUND)
		return track_page(r, code, tr(r, "track.not_found"), 404);
	if (rc)
		return resp_error(r, &e);
	/* Public: the status, dates and steps; nothing about the applicant. */
	page_begin(r, t->d.code);
	cit_dossier_head(r, &t->d, t->procedure_name, t->unit_name);
	buf_puts(&r->out, "</dl>");
	pay_fee_section(r, &t->d, PAY_PUBLIC);
	cit_steps_show(r, &steps);
	buf_puts(&r->out, "<p class=\"muted\">");
	page_text(r, "track.private");
	buf_puts(&r->out, "</p>");
	track_form(r, NULL);
	return page_end(r, 200);
}

/* ---- feedback ---- */

static int feedback_form(struct req *r, const char *error, int status)
{
	const char *province = in_str(r, "province");
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
	cit_commune_picker(r, province, in_str(r, "unit"));
	page_input(r, "dossier_code", "text", "fb.dossier", in_str(r, "dossier_code"), "off",
	           false);
	page_input(r, "name", "text", "fb.name", in_str(r, "name"), "name", false);
	page_input(r, "contact", "text", "fb.contact", in_str(r, "contact"), "tel", false);
	int topic = 0;
	feedback_topic_parse(in_str(r, "topic"), &topic, NULL);
	cit_topic_select(r, topic);
	cit_repeats_select(r, in_int(r, "repeats", 0));
	buf_puts(&r->out, "<label>");
	page_text(r, "fb.content");
	buf_printf(&r->out, "<textarea name=\"content\" rows=\"6\" maxlength=\"%d\" required>",
	           FEEDBACK_TEXT_CHARS);
	buf_html(&r->out, in_str(r, "content") ? in_str(r, "content") : "");
	buf_puts(&r->out, "</textarea></label><button type=\"submit\">");
	page_text(r, "fb.send");
	buf_puts(&r->out, "</button></form>");
	return page_end(r, status);
}

static int get_feedback(struct req *r)
{
	return feedback_form(r, NULL, 200);
}

/* A text input of the form: "" when not given. */
static const char *text_in(struct req *r, const char *name)
{
	const char *v = in_str(r, name);
	return v ? v : "";
}

static int post_feedback(struct req *r)
{
	int status;
	const char *unreadable = page_form_problem(r, &status);
	if (unreadable)
		return feedback_form(r, unreadable, status);
	struct xerr e = {0};
	struct feedback *f = arena_alloc(&r->arena, sizeof *f);
	struct dossier *d = arena_alloc(&r->arena, sizeof *d);
	const char *unit = cit_picked_unit(r), *code = text_in(r, "dossier_code");
	const char *name = text_in(r, "name"), *contact = text_in(r, "contact");
	const char *content = text_in(r, "content");
	if (in_refused(r, "dossier_code"))
		return feedback_form(r, tr(r, "fb.bad_dossier"), 400);
	if (*code && store_dossier_get(r->store, code, d, &e) != 0)
		return feedback_form(r, tr(r, "fb.no_dossier"), 400);
	if (*code)
		unit = d->unit; /* feedback about a dossier goes to its unit */
	/* A follow-up goes where the earlier feedback went: the store checks
	 * it (core's feedback_repeat_check) and takes its unit and dossier. */
	int64_t repeats = in_refused(r, "repeats") ? -1 : in_int(r, "repeats", 0);
	if (repeats < 0)
		return feedback_form(r, tr(r, "fb.repeats_bad"), 400);
	if (!*unit && !repeats)
		return feedback_form(r, tr(r, "fb.need_unit"), 400);
	if (in_refused(r, "name") || in_refused(r, "contact") || in_refused(r, "content"))
		return feedback_form(r, tr(r, "fb.too_long"), 400);
	if (!*content)
		return feedback_form(r, tr(r, "fb.need_content"), 400);
	struct unit u;
	if (!repeats && (!text_digits(unit, 2, 12) || store_unit_get(r->store, unit, &u, &e) != 0 ||
	                 u.level != UNIT_COMMUNE))
		return feedback_form(r, tr(r, "fb.bad_unit"), 400);
	snprintf(f->unit, sizeof f->unit, "%s", unit);
	snprintf(f->dossier_code, sizeof f->dossier_code, "%s", code);
	f->account_id = r->who ? r->who->account_id : 0;
	snprintf(f->name, sizeof f->name, "%s", name);
	snprintf(f->contact, sizeof f->contact, "%s", contact);
	snprintf(f->content, sizeof f->content, "%s", content);
	feedback_topic_parse(in_str(r, "topic"), &f->topic, NULL); /* checked by the route */
	f->repeats = repeats;
	struct actor who;
	req_actor(r, &who);
	if (store_feedback_create(r->store, &who, f, &e) != 0)
		return feedback_form(r, e.msg, xerr_http_status(e.code));
	if (repeats && store_unit_get(r->store, f->unit, &u, &e) != 0)
		snprintf(u.name, sizeof u.name, "%s", f->unit);
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

static const struct param procedures_in[] = {
    {"q", IN_QUERY, IN_TEXT, .max = 100},
    {"field", IN_QUERY, IN_TEXT, .min = 1, .max = 200},
    {NULL},
};
static const struct param procedure_in[] = {{"code", IN_PATH, IN_PROCEDURE}, {NULL}};
static const struct param track_form_in[] = {{"code", IN_QUERY, IN_DOSSIER}, {NULL}};
static const struct param track_in[] = {{"code", IN_PATH, IN_DOSSIER}, {NULL}};
static const struct param feedback_in[] = {
    {"province", IN_QUERY, IN_DIGITS, .min = 2, .max = 2},
    {"province", IN_FORM, IN_DIGITS, .min = 2, .max = 2},
    CIT_COMMUNE_IN,
    {"dossier_code", IN_FORM, IN_DOSSIER},
    {"name", IN_FORM, IN_TEXT, .max = FEEDBACK_NAME_CHARS},
    {"contact", IN_FORM, IN_TEXT, .max = FEEDBACK_CONTACT_CHARS},
    {"content", IN_FORM, IN_TEXT, .max = FEEDBACK_TEXT_CHARS},
    CIT_TOPIC_IN,
    CIT_REPEATS_IN,
    {NULL},
};

/* Pages answer a refused input inside themselves: lenient routes. */
const struct route page_citizen_routes[] = {
    {"GET", "/procedures", get_procedures, "public", 0, procedures_in, true},
    {"GET", "/procedures/{}", get_procedure, "public", 0, procedure_in},
    {"GET", "/track", get_track_form, "dossier.track", 0, track_form_in, true, .rate = RL_TRACK},
    {"GET", "/track/{}", get_track, "dossier.track", 0, track_in, true, .rate = RL_TRACK},
    {"GET", "/feedback", get_feedback, "feedback.create", 0, feedback_in, true},
    {"POST", "/feedback", post_feedback, "feedback.create", 0, feedback_in, true,
     .rate = RL_FEEDBACK},
    {NULL, NULL, NULL, NULL},
};
