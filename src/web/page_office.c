/*
 * page_office.c: the one-stop-shop officer's pages, server-rendered HTML
 * that works without JavaScript:
 *   GET /office                      the unit's queue: filters by status,
 *                                    procedure and deadline, counts per status
 *   GET /office/dossiers/CODE        one dossier: applicant, files, history,
 *                                    pauses, appointment, the next actions
 *   GET /office/dossiers/CODE/files/ID   download an attachment
 *   GET /office/feedback             open feedback with its three deadlines
 *   GET, POST /office/feedback/ID    answer or refuse it, once
 * The actions on a dossier are page_office_actions.c, the counter filing
 * page_receive.c, the paper forms page_forms.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/auth.h"
#include "web/files.h"
#include "web/dossier_view.h"
#include "web/intake.h"
#include "web/office.h"
#include "web/citizen_view.h"
#include "web/page.h"
#include "web/pay_view.h"
#include "web/result_view.h"

enum { QUEUE_PAGE = 50 };

/* The unit of a list page: ?unit=, else the caller's own. */
static const char *list_unit(struct req *r, struct xerr *e)
{
	const char *unit = in_str(r, "unit");
	if (!unit || !*unit)
		unit = r->who && r->who->unit[0] ? r->who->unit : NULL;
	struct unit u;
	if (!unit) {
		xerr_set(e, XERR_INVALID, "unit", "unit is required");
		return NULL;
	}
	if (store_unit_get(r->store, unit, &u, e) != 0)
		return NULL;
	return unit;
}

/* Row class: overdue (red) or due today (amber), for open dossiers whose
 * clock runs. */
static const char *due_class(const struct dossier *d, int64_t now)
{
	if (dossier_judge(d, now) == DOSSIER_OVERDUE)
		return "overdue";
	return dossier_due_today(d, now) ? "due-today" : NULL;
}

struct queue {
	struct req *r;
	int64_t now, last;
	int n;
};

static int queue_row(const struct dossier *d, void *ctx)
{
	struct queue *q = ctx;
	struct req *r = q->r;
	const char *cls = due_class(d, q->now);
	if (cls)
		buf_printf(&r->out, "<tr class=\"%s\">", cls);
	else
		buf_puts(&r->out, "<tr>");
	buf_puts(&r->out, "<td>");
	page_link(r, "/office/dossiers/", d->code, d->code);
	buf_puts(&r->out, "</td><td>");
	buf_html(&r->out, office_procedure_name(r, d->procedure));
	buf_puts(&r->out, "</td><td>");
	buf_html(&r->out, d->applicant_name);
	buf_puts(&r->out, "</td><td>");
	buf_html(&r->out, dossier_status_label(r, d->status));
	buf_puts(&r->out, "</td><td>");
	office_time_short(r, d->received_at);
	buf_puts(&r->out, "</td><td>");
	office_time_short(r, d->due_at);
	if (cls) {
		buf_puts(&r->out, " <strong>");
		page_text(r, !strcmp(cls, "overdue") ? "office.overdue" : "office.due_today");
		buf_puts(&r->out, "</strong>");
	}
	buf_puts(&r->out, "</td></tr>");
	q->last = d->id;
	q->n++;
	return 0;
}

/* The deadline filter: due today, due within 2 working days, overdue. */
static int due_filter(struct req *r, const char *unit, const char *due, int64_t now,
                      struct dossier_filter *f, struct xerr *e)
{
	if (!due || !*due)
		return 0;
	f->running = true;
	if (!strcmp(due, "overdue")) {
		f->due_before = now;
	} else if (!strcmp(due, "today")) {
		f->due_from = cal_time(cal_time_day(now), 0);
		f->due_before = cal_time(cal_time_day(now) + 1, 0);
	} else if (!strcmp(due, "soon")) {
		const struct cal *cal;
		struct cal_hours h;
		int64_t end;
		if (store_calendar(r->store, &cal, e) != 0 ||
		    store_office_hours_get(r->store, unit, &h, e) != 0 ||
		    cal_add_workdays(cal, &h, now, 2, &end, e) != 0)
			return e->code;
		f->due_from = now;
		f->due_before = end + 1;
	} else {
		return xerr_set(e, XERR_INVALID, "due", "due must be today, soon or overdue");
	}
	return 0;
}

static void option(struct req *r, const char *value, const char *label, const char *current)
{
	buf_puts(&r->out, "<option value=\"");
	buf_html(&r->out, value);
	buf_puts(&r->out, current && !strcmp(current, value) ? "\" selected>" : "\">");
	buf_html(&r->out, label);
	buf_puts(&r->out, "</option>");
}

static void queue_filters(struct req *r, const char *unit, const char *status,
                          const char *procedure, const char *due)
{
	buf_puts(&r->out, "<form class=\"filters\" method=\"get\" action=\"/office\">");
	page_hidden(r, "unit", unit);
	if (r->lang && !strcmp(r->lang, "en"))
		page_hidden(r, "lang", "en");
	buf_puts(&r->out, "<label>");
	page_text(r, "office.status");
	buf_puts(&r->out, "<select name=\"status\">");
	option(r, "", tr(r, "office.status_active"), status);
	option(r, "all", tr(r, "office.status_all"), status);
	for (int s = 1; s <= DS_MAX; s++) {
		char v[4];
		snprintf(v, sizeof v, "%d", s);
		option(r, v, dossier_status_label(r, s), status);
	}
	buf_puts(&r->out, "</select></label><label>");
	page_text(r, "office.procedure_code");
	buf_puts(&r->out, "<input name=\"procedure\" size=\"10\" value=\"");
	buf_html(&r->out, procedure ? procedure : "");
	buf_puts(&r->out, "\"></label><label>");
	page_text(r, "office.deadline");
	buf_puts(&r->out, "<select name=\"due\">");
	option(r, "", tr(r, "office.due_any"), due);
	option(r, "today", tr(r, "office.due_today"), due);
	option(r, "soon", tr(r, "office.due_soon"), due);
	option(r, "overdue", tr(r, "office.overdue"), due);
	buf_puts(&r->out, "</select></label><button type=\"submit\">");
	page_text(r, "office.filter");
	buf_puts(&r->out, "</button></form>");
}

static void status_counts(struct req *r, const char *unit, const long counts[DS_MAX + 1])
{
	buf_puts(&r->out, "<ul class=\"counts\">");
	for (int s = 1; s <= DS_MAX; s++) {
		buf_puts(&r->out, "<li>");
		char *suffix = arena_printf(&r->arena, "&status=%d", s);
		page_link_path(r, "/office?unit=", unit, suffix, dossier_status_label(r, s));
		buf_printf(&r->out, " <strong>%ld</strong></li>", counts[s]);
	}
	buf_puts(&r->out, "<li>");
	page_text(r, "office.total");
	buf_printf(&r->out, " <strong>%ld</strong></li></ul>", counts[0]);
}

static int get_queue(struct req *r)
{
	struct xerr e = {0};
	const char *unit = list_unit(r, &e);
	if (!unit || auth_unit(r, "dossier.list", unit, 0, &e) != 0)
		return office_error(r, &e, NULL);
	if (in_error(r))
		return office_error(r, in_error(r), "/office");
	/* No status: the open dossiers; "all": every one; else that status. */
	const char *status = in_str(r, "status"), *procedure = in_str(r, "procedure");
	const char *due = in_str(r, "due");
	struct dossier_filter f = {.unit = unit, .limit = QUEUE_PAGE, .procedure = procedure};
	int64_t now = office_now();
	f.active = !status;
	f.status = status && strcmp(status, "all") ? atoi(status) : 0;
	f.after = in_int(r, "after", 0);
	due_filter(r, unit, due, now, &f, &e);
	long counts[DS_MAX + 1];
	if (e.code || store_dossier_status_counts(r->store, unit, counts, &e) != 0)
		return office_error(r, &e, "/office");
	page_begin(r, tr(r, "office.queue"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "office.queue");
	buf_puts(&r->out, ": ");
	buf_html(&r->out, office_unit_name(r, unit));
	buf_puts(&r->out, "</h1><p class=\"actions\">");
	if (authz_files_through(auth_role(r), DC_COUNTER)) {
		page_link_path(r, "/office/receive?unit=", unit, NULL, tr(r, "office.receive"));
		buf_puts(&r->out, " ");
	}
	page_link_path(r, "/office/feedback?unit=", unit, NULL, tr(r, "office.feedback"));
	if (authz_allows(r->who->role, "account.release")) {
		buf_puts(&r->out, " ");
		page_link(r, "/office/release", NULL, tr(r, "release.title"));
	}
	pay_office_links(r, unit);
	buf_puts(&r->out, "</p>");
	status_counts(r, unit, counts);
	queue_filters(r, unit, status, procedure, due);
	buf_puts(&r->out, "<table class=\"queue\"><thead><tr><th>");
	static const char *const heads[] = {"office.code",   "office.procedure", "office.applicant",
	                                    "office.status", "office.received",  "office.due"};
	for (int i = 0; i < 6; i++) {
		page_text(r, heads[i]);
		buf_puts(&r->out, i < 5 ? "</th><th>" : "</th></tr></thead><tbody>");
	}
	struct queue q = {r, now, 0, 0};
	if (store_dossier_list(r->store, &f, queue_row, &q, &e) != 0)
		return office_error(r, &e, "/office");
	buf_puts(&r->out, "</tbody></table>");
	if (!q.n) {
		buf_puts(&r->out, "<p class=\"muted\">");
		page_text(r, "office.none");
		buf_puts(&r->out, "</p>");
	}
	/* The filters again for the paging links: each was checked above. */
	const char *filters =
	    arena_printf(&r->arena, "&status=%s&due=%s&procedure=%s", status ? status : "",
	                 due ? due : "", f.procedure ? f.procedure : "");
	buf_puts(&r->out, "<p class=\"paging\">");
	if (f.after) {
		page_link_path(r, "/office?unit=", unit, filters, tr(r, "office.first_page"));
		buf_puts(&r->out, " ");
	}
	if (q.n == QUEUE_PAGE) {
		char *suffix = arena_printf(&r->arena, "%s&after=%lld", filters, (long long)q.last);
		page_link_path(r, "/office?unit=", unit, suffix, tr(r, "office.next_page"));
	}
	buf_puts(&r->out, "</p>");
	return page_end(r, 200);
}

/* ---- one dossier ---- */

static void fact_time(struct req *r, const char *key, int64_t t)
{
	buf_puts(&r->out, "<dt>");
	page_text(r, key);
	buf_puts(&r->out, "</dt><dd>");
	office_time_words(r, t);
	buf_puts(&r->out, "</dd>");
}

struct form_show {
	struct req *r;
	json_t *form;
};

static int show_field(const struct procedure_field *f, void *ctx)
{
	struct form_show *fs = ctx;
	json_t *v = json_object_get(fs->form, f->name);
	if (!v)
		return 0;
	char num[32];
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		s = num;
	}
	buf_puts(&fs->r->out, "<dt>");
	buf_html(&fs->r->out,
	         fs->r->lang && !strcmp(fs->r->lang, "en") ? f->label_en : f->label_vi);
	buf_puts(&fs->r->out, "</dt><dd>");
	buf_html(&fs->r->out, s ? s : "");
	buf_puts(&fs->r->out, "</dd>");
	return 0;
}

struct rows {
	struct req *r;
	const char *code;
	int n;
};

static int file_row(const struct dossier_file *f, void *ctx)
{
	struct rows *x = ctx;
	struct req *r = x->r;
	buf_puts(&r->out, "<tr><td>");
	page_text(r, !strcmp(f->kind, "result") ? "office.kind_result" : "office.kind_document");
	buf_puts(&r->out, "</td><td>");
	char *suffix = arena_printf(&r->arena, "/files/%lld", (long long)f->id);
	page_link_path(r, "/office/dossiers/", x->code, suffix, f->name[0] ? f->name : f->sha256);
	buf_puts(&r->out, "</td></tr>");
	x->n++;
	return 0;
}

static int event_row(const struct dossier_event *ev, void *ctx)
{
	struct rows *x = ctx;
	struct req *r = x->r;
	buf_puts(&r->out, "<tr><td>");
	office_time_short(r, ev->at);
	buf_puts(&r->out, "</td><td>");
	if (ev->from == ev->to)
		page_text(r, "office.event_same");
	else
		buf_html(&r->out, dossier_status_label(r, ev->to));
	buf_puts(&r->out, "</td><td>");
	const char *who = office_person(r, ev->account_id);
	buf_html(&r->out, *who ? who : ev->login);
	buf_puts(&r->out, "</td><td>");
	buf_html(&r->out, ev->note);
	buf_puts(&r->out, "</td></tr>");
	return 0;
}

static int pause_row(const struct dossier_pause *p, void *ctx)
{
	struct rows *x = ctx;
	struct req *r = x->r;
	buf_puts(&r->out, "<tr><td>");
	office_time_short(r, p->start);
	buf_puts(&r->out, "</td><td>");
	if (p->end)
		office_time_short(r, p->end);
	else
		page_text(r, "office.waiting");
	buf_puts(&r->out, "</td><td>");
	office_time_short(r, p->restart_due);
	buf_puts(&r->out, "</td></tr>");
	x->n++;
	return 0;
}

static void table_head(struct req *r, const char *const *keys, int n)
{
	buf_puts(&r->out, "<table><thead><tr>");
	for (int i = 0; i < n; i++) {
		buf_puts(&r->out, "<th>");
		page_text(r, keys[i]);
		buf_puts(&r->out, "</th>");
	}
	buf_puts(&r->out, "</tr></thead><tbody>");
}

static void form_links(struct req *r, const struct dossier *d)
{
	static const char *const forms[][2] = {
	    {"/receipt", "office.form01"}, {"/supplement", "office.form02"},
	    {"/refusal", "office.form03"}, {"/apology", "office.form04"},
	    {"/control", "office.form06"},
	};
	bool have[5] = {d->received_at != 0, d->supplement_count > 0,
	                d->status == DS_REFUSED || d->status == DS_STOPPED, d->apology_at != 0,
	                true};
	buf_puts(&r->out, "<ul class=\"forms\">");
	for (int i = 0; i < 5; i++)
		if (have[i]) {
			buf_puts(&r->out, "<li>");
			page_link_path(r, "/dossiers/", d->code, forms[i][0], tr(r, forms[i][1]));
			buf_puts(&r->out, "</li>");
		}
	buf_puts(&r->out, "</ul>");
}

/* The code, the status with its highlight, and the actions open now. */
static void dossier_head(struct req *r, const struct dossier *d, int64_t now)
{
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link_path(r, "/office?unit=", d->unit, NULL, tr(r, "office.queue"));
	buf_puts(&r->out, "</nav><h1>");
	page_text(r, "office.dossier");
	buf_puts(&r->out, " ");
	buf_html(&r->out, d->code);
	buf_puts(&r->out, "</h1><p class=\"status s");
	buf_printf(&r->out, "%d\">", d->status);
	buf_html(&r->out, dossier_status_label(r, d->status));
	const char *cls = due_class(d, now);
	if (cls) {
		buf_printf(&r->out, " <strong class=\"%s\">", cls);
		page_text(r, !strcmp(cls, "overdue") ? "office.overdue" : "office.due_today");
		buf_puts(&r->out, "</strong>");
	}
	buf_puts(&r->out, "</p>");
	if (authz_allows(auth_role(r), "dossier.process"))
		office_action_links(r, d);
}

/* The applicant (personal numbers and form data in full only when
 * full), the procedure and the times. */
static void dossier_facts(struct req *r, const struct dossier *d, bool full, int64_t now)
{
	struct xerr e = {0};
	buf_puts(&r->out, "<dl class=\"facts\">");
	page_fact(r, "office.procedure", office_procedure_name(r, d->procedure));
	page_fact(r, "office.channel",
	          tr(r, arena_printf(&r->arena, "dossier.channel.%d", d->channel)));
	page_fact(r, "office.applicant", d->applicant_name);
	char pid[16], phone[20];
	intake_numbers(d, full, pid, phone);
	page_fact(r, "office.pid", pid);
	page_fact(r, "office.phone", phone);
	page_fact(r, "office.address", d->applicant_address);
	if (full) {
		json_error_t je;
		struct form_show fs = {r, json_loads(d->form, 0, &je)};
		if (fs.form)
			store_procedure_fields(r->store, d->procedure, show_field, &fs, &e);
		json_decref(fs.form);
	}
	fact_time(r, "office.submitted", d->submitted_at);
	fact_time(r, "office.received", d->received_at);
	fact_time(r, "office.due", d->due_at);
	if (d->apology_at) {
		fact_time(r, "office.original_due", d->original_due_at);
		fact_time(r, "office.apology_at", d->apology_at);
		page_fact(r, "office.apology_reason", d->apology_reason);
	}
	if (d->finished_at) {
		fact_time(r, "office.finished", d->finished_at);
		page_fact(
		    r, "office.on_time",
		    tr(r, dossier_judge(d, now) == DOSSIER_ON_TIME ? "office.yes" : "office.no"));
	}
	if (d->rating >= 0) { /* the applicant's rating (row 5.4 of the 766 index) */
		page_fact(r, "my.rating", tr(r, d->rating ? "my.satisfied" : "my.unsatisfied"));
		page_fact(r, "my.reason", d->rating_reason);
	}
	buf_puts(&r->out, "</dl>");
}

/* Its files, its pauses and its history, each a table. */
static int dossier_tables(struct req *r, const struct dossier *d, struct xerr *e)
{
	static const char *const fh[] = {"office.kind", "office.file_name"};
	static const char *const ph[] = {"office.pause_start", "office.pause_end",
	                                 "office.restart_due"};
	static const char *const eh[] = {"office.when", "office.step", "office.who", "office.note"};
	struct rows x = {r, d->code, 0};
	buf_puts(&r->out, "<h2>");
	page_text(r, "office.files");
	buf_puts(&r->out, "</h2>");
	table_head(r, fh, 2);
	if (store_dossier_files(r->store, d->id, file_row, &x, e) != 0)
		return e->code;
	buf_puts(&r->out, "</tbody></table>");
	result_view_links(r, d);
	buf_puts(&r->out, "<h2>");
	page_text(r, "office.pauses");
	buf_puts(&r->out, "</h2><p class=\"muted\">");
	page_text(r, "office.pauses_note");
	buf_puts(&r->out, "</p>");
	table_head(r, ph, 3);
	if (store_dossier_pauses(r->store, d->id, pause_row, &x, e) != 0)
		return e->code;
	buf_puts(&r->out, "</tbody></table><h2>");
	page_text(r, "office.history");
	buf_puts(&r->out, "</h2>");
	table_head(r, eh, 4);
	if (store_dossier_events(r->store, d->id, event_row, &x, e) != 0)
		return e->code;
	buf_puts(&r->out, "</tbody></table>");
	return 0;
}

static int get_dossier_page(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = office_dossier(r, "dossier.read", false);
	if (!d)
		return 0;
	bool full = auth_sees_pii(r, d->unit);
	struct actor who;
	req_actor(r, &who);
	if (full && store_audit_record(r->store, &who, "dossier.read", d->code, "applicant", &e))
		return office_error(r, &e, "/office");
	int64_t now = office_now();
	page_begin(r, d->code);
	dossier_head(r, d, now);
	dossier_facts(r, d, full, now);
	pay_fee_section(r, d, PAY_OFFICE);
	buf_puts(&r->out, "<h2>");
	page_text(r, "office.forms");
	buf_puts(&r->out, "</h2>");
	form_links(r, d);
	if (dossier_tables(r, d, &e) != 0)
		return office_error(r, &e, "/office");
	return page_end(r, 200);
}

struct find_file {
	int64_t id;
	struct dossier_file f;
	bool found;
};

static int match_file(const struct dossier_file *f, void *ctx)
{
	struct find_file *ff = ctx;
	if (f->id != ff->id)
		return 0;
	ff->f = *f;
	ff->found = true;
	return 1;
}

static int get_file(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = office_dossier(r, "file.read", false);
	if (!d)
		return 0;
	struct find_file *ff = arena_alloc(&r->arena, sizeof *ff);
	ff->id = in_int(r, "file", 0);
	if (store_dossier_files(r->store, d->id, match_file, ff, &e) < 0)
		return office_error(r, &e, NULL);
	if (!ff->found) {
		xerr_set(&e, XERR_NOTFOUND, "file", "this dossier has no such file");
		return office_error(r, &e, NULL);
	}
	return resp_blob(r, ff->f.sha256, ff->f.name);
}

/* ---- feedback ---- */

static void deadline_cell(struct req *r, int64_t t, int64_t now, bool open)
{
	const char *cls = !open                                  ? NULL
	                  : t < now                              ? "overdue"
	                  : cal_time_day(t) == cal_time_day(now) ? "due-today"
	                                                         : NULL;
	if (cls)
		buf_printf(&r->out, "<td class=\"%s\">", cls);
	else
		buf_puts(&r->out, "<td>");
	office_time_short(r, t);
	buf_puts(&r->out, "</td>");
}

struct fb_list {
	struct req *r;
	int64_t now, last;
	bool all;
	int n, seen;
};

static int feedback_row(const struct feedback *f, void *ctx)
{
	struct fb_list *l = ctx;
	struct req *r = l->r;
	l->last = f->id;
	l->seen++;
	bool open = !strcmp(f->status, "open");
	if (!open && !l->all)
		return 0;
	buf_puts(&r->out, "<tr><td>");
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)f->id);
	page_link(r, "/office/feedback/", id, id);
	buf_puts(&r->out, "</td><td>");
	office_time_short(r, f->created_at);
	buf_puts(&r->out, "</td><td>");
	buf_html(&r->out, f->content);
	if (f->dossier_code[0]) {
		buf_puts(&r->out, " (");
		page_link(r, "/office/dossiers/", f->dossier_code, f->dossier_code);
		buf_puts(&r->out, ")");
	}
	buf_puts(&r->out, "</td>");
	deadline_cell(r, f->refuse_by, l->now, open);
	deadline_cell(r, f->supplement_by, l->now, open);
	deadline_cell(r, f->answer_by, l->now, open);
	buf_puts(&r->out, "<td>");
	page_text(r, arena_printf(&r->arena, "office.fb_%s", f->status));
	buf_puts(&r->out, "</td></tr>");
	l->n++;
	return 0;
}

static int get_feedback_queue(struct req *r)
{
	struct xerr e = {0};
	const char *unit = list_unit(r, &e);
	if (!unit || auth_unit(r, "feedback.read", unit, 0, &e) != 0)
		return office_error(r, &e, NULL);
	struct fb_list l = {r, office_now(), in_int(r, "after", 0), in_str(r, "all") != NULL, 0, 0};
	page_begin(r, tr(r, "office.feedback"));
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link_path(r, "/office?unit=", unit, NULL, tr(r, "office.queue"));
	buf_puts(&r->out, "</nav><h1>");
	page_text(r, "office.feedback");
	buf_puts(&r->out, "</h1><p class=\"muted\">");
	page_text(r, "office.fb_deadlines");
	buf_puts(&r->out, " ");
	page_link_path(r, "/office/feedback?unit=", unit, l.all ? NULL : "&all=1",
	               tr(r, l.all ? "office.fb_open_only" : "office.fb_show_all"));
	buf_puts(&r->out, "</p>");
	static const char *const heads[] = {
	    "office.fb_id",      "office.fb_received",  "office.fb_content", "office.fb_refuse_by",
	    "office.fb_more_by", "office.fb_answer_by", "office.status"};
	table_head(r, heads, 7);
	/* Closed feedback is skipped: read on until a page of open ones. */
	do {
		l.seen = 0;
		if (store_feedback_list(r->store, unit, l.last, 200, feedback_row, &l, &e) != 0)
			return office_error(r, &e, "/office");
	} while (l.seen == 200 && l.n < QUEUE_PAGE);
	buf_puts(&r->out, "</tbody></table>");
	if (!l.n) {
		buf_puts(&r->out, "<p class=\"muted\">");
		page_text(r, "office.fb_none");
		buf_puts(&r->out, "</p>");
	}
	if (l.seen == 200) {
		char *suffix = arena_printf(&r->arena, "&after=%lld%s", (long long)l.last,
		                            l.all ? "&all=1" : "");
		buf_puts(&r->out, "<p class=\"paging\">");
		page_link_path(r, "/office/feedback?unit=", unit, suffix,
		               tr(r, "office.next_page"));
		buf_puts(&r->out, "</p>");
	}
	return page_end(r, 200);
}

static int feedback_page(struct req *r, const struct feedback *f, const char *error, int status)
{
	page_begin(r, tr(r, "office.fb_answer"));
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link_path(r, "/office/feedback?unit=", f->unit, NULL, tr(r, "office.feedback"));
	buf_puts(&r->out, "</nav><h1>");
	page_text(r, "office.fb_answer");
	buf_printf(&r->out, " #%lld</h1>", (long long)f->id);
	if (error)
		page_message(r, "error", error);
	buf_puts(&r->out, "<dl class=\"facts\">");
	page_fact(r, "office.fb_content", f->content);
	page_fact(r, "office.fb_sender", f->name);
	page_fact(r, "office.fb_contact", f->contact);
	page_fact(r, "office.dossier", f->dossier_code);
	fact_time(r, "office.fb_received", f->created_at);
	fact_time(r, "office.fb_refuse_by", f->refuse_by);
	fact_time(r, "office.fb_more_by", f->supplement_by);
	fact_time(r, "office.fb_answer_by", f->answer_by);
	page_fact(r, "office.status", tr(r, arena_printf(&r->arena, "office.fb_%s", f->status)));
	page_fact(r, "fb.topic", cit_topic_name(r, f->topic));
	if (f->answer[0])
		page_fact(r, "office.fb_answer_text", f->answer);
	if (f->rating >= 0) {
		page_fact(r, "fb.rated", tr(r, f->rating ? "fb.like" : "fb.dislike"));
		page_fact(r, "fb.rate_reason", f->rating_reason);
	}
	buf_puts(&r->out, "</dl>");
	if (!strcmp(f->status, "open")) {
		buf_printf(
		    &r->out,
		    "<form class=\"stack\" method=\"post\" action=\"/office/feedback/%lld\">",
		    (long long)f->id);
		page_csrf(r);
		buf_puts(&r->out, "<label>");
		page_text(r, "office.fb_answer_text");
		buf_puts(&r->out,
		         "<textarea name=\"answer\" rows=\"5\" maxlength=\"2000\" required>");
		buf_html(&r->out, in_str(r, "answer") ? in_str(r, "answer") : "");
		buf_puts(&r->out,
		         "</textarea></label><label class=\"check\"><input type=\"checkbox\" "
		         "name=\"refuse\" value=\"1\"> ");
		page_text(r, "office.fb_refuse");
		buf_puts(&r->out, "</label>");
		cit_topic_select(r, f->topic);
		buf_puts(&r->out, "<p class=\"muted\">");
		page_text(r, "office.fb_once");
		buf_puts(&r->out, "</p><button type=\"submit\">");
		page_text(r, "office.fb_send");
		buf_puts(&r->out, "</button></form>");
	}
	return page_end(r, status);
}

static struct feedback *load_feedback(struct req *r)
{
	struct xerr e = {0};
	struct feedback *f = arena_alloc(&r->arena, sizeof *f);
	if (in_refused(r, "id"))
		e = *in_error(r);
	else if (store_feedback_get(r->store, in_int(r, "id", 0), f, &e) == 0 &&
	         auth_unit(r, "feedback.answer", f->unit, 0, &e) == 0)
		return f;
	office_error(r, &e, NULL);
	return NULL;
}

static int get_feedback_answer(struct req *r)
{
	struct feedback *f = load_feedback(r);
	return f ? feedback_page(r, f, NULL, 200) : 0;
}

static int post_feedback_answer(struct req *r)
{
	struct xerr e = {0};
	struct feedback *f = load_feedback(r);
	if (!f)
		return 0;
	const char *answer = in_str(r, "answer");
	if (in_refused(r, "answer"))
		return feedback_page(r, f, in_error(r)->msg, 400);
	if (!answer || !*answer)
		return feedback_page(r, f, tr(r, "office.fb_answer_required"), 400);
	int topic = 0;
	feedback_topic_parse(in_str(r, "topic"), &topic, NULL); /* checked by the route */
	struct actor who;
	req_actor(r, &who);
	if (store_feedback_answer(r->store, &who, f->id, in_str(r, "refuse") != NULL, answer, topic,
	                          0, f, &e) != 0)
		return feedback_page(r, f, e.msg, xerr_http_status(e.code));
	return page_redirect(r, arena_printf(&r->arena, "/office/feedback/%lld", (long long)f->id));
}

static const struct param queue_in[] = {
    {"unit", IN_QUERY, IN_TEXT, .max = UNIT_CODE_MAX - 1},
    {"status", IN_QUERY, IN_WORD, .words = "all|1|2|3|4|5|6|7|8|9|10"},
    {"procedure", IN_QUERY, IN_PROCEDURE},
    {"due", IN_QUERY, IN_WORD, .words = "today|soon|overdue"},
    {"after", IN_QUERY, IN_INT, .min = 0, .max = INT64_MAX},
    {NULL},
};
static const struct param dossier_in[] = {DOSSIER_CODE_IN, {NULL}};
static const struct param file_in[] = {
    DOSSIER_CODE_IN,
    {"file", IN_PATH, IN_INT, .min = 1, .max = INT64_MAX},
    {NULL},
};
static const struct param feedback_list_in[] = {
    {"unit", IN_QUERY, IN_TEXT, .max = UNIT_CODE_MAX - 1},
    {"after", IN_QUERY, IN_INT, .min = 0, .max = INT64_MAX},
    {"all", IN_QUERY, IN_WORD, .words = "1"},
    {NULL},
};
static const struct param feedback_in[] = {
    {"id", IN_PATH, IN_INT, .min = 1, .max = INT64_MAX},
    {"answer", IN_FORM, IN_TEXT, .max = FEEDBACK_TEXT_CHARS},
    {"refuse", IN_FORM, IN_WORD, .words = "1"},
    CIT_TOPIC_IN,
    {NULL},
};

const struct route page_office_routes[] = {
    {"GET", "/office", get_queue, "dossier.list", 0, queue_in, true},
    {"GET", "/office/dossiers/{}", get_dossier_page, "dossier.read", 0, dossier_in},
    {"GET", "/office/dossiers/{}/files/{}", get_file, "file.read", 0, file_in},
    {"GET", "/office/feedback", get_feedback_queue, "feedback.read", 0, feedback_list_in},
    {"GET", "/office/feedback/{}", get_feedback_answer, "feedback.answer", 0, feedback_in},
    {"POST", "/office/feedback/{}", post_feedback_answer, "feedback.answer", 0, feedback_in, true},
    {NULL, NULL, NULL, NULL, 0},
};
