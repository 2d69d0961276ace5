/*
 * page_digital.c: a commune's or a village's digital-transformation pages,
 * server-rendered, without JavaScript:
 *   GET  /units/CODE/digital        residents and e-ID coverage as of a day,
 *                                   the indicators computed from the records,
 *                                   links to every list
 *   GET  /units/CODE/KIND           a list (businesses, teams, members,
 *                                   activities, campaigns, products, reports)
 *                                   with its CSV export, its add form and its
 *                                   import form for those who may write
 *   POST /units/CODE/KIND           one record from the add form
 *   POST /units/CODE/KIND/import    a CSV file, all or nothing
 *   POST /units/CODE/reports/ID/decide   a leader's approval or rejection
 *   GET  /units/CODE/residents      a village's residents (audited, masked)
 * Lists, forms and CSV come from the kinds' column tables (core/records.h).
 */
#include <stdio.h>
#include <string.h>

#include "core/pii.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/import.h"
#include "web/page.h"
#include "web/people_view.h"
#include "web/records_view.h"

enum { LIST_PAGE = 50 };

/* The page's unit, checked for the route's action; NULL after answering. */
static bool page_unit(struct req *r, struct unit *u)
{
	struct xerr e = {0};
	if (store_unit_get(r->store, in_str(r, "code"), u, &e) != 0 ||
	    (!authz_allows(ROLE_NONE, r->route->action) &&
	     auth_unit(r, r->route->action, u->code, 0, &e) != 0)) {
		resp_error(r, &e);
		return false;
	}
	return true;
}

static void head(struct req *r, const struct unit *u, const char *title)
{
	page_begin(r, title);
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link(r, "/units/", u->code, u->name);
	buf_puts(&r->out, " › ");
	page_link_path(r, "/units/", u->code, "/digital", tr(r, "dx.title"));
	buf_puts(&r->out, "</nav><h1>");
	buf_html(&r->out, title);
	buf_puts(&r->out, "</h1>");
}

static void num_cell(struct req *r, double v)
{
	buf_printf(&r->out, "<td class=\"num\">%.0f</td>", v);
}

static void pct_cell(struct req *r, double num, double den)
{
	if (den > 0)
		buf_printf(&r->out, "<td class=\"num\">%.2f%%</td>", 100.0 * num / den);
	else
		buf_puts(&r->out, "<td class=\"num\">—</td>");
}

static void counts_row(struct req *r, const struct pop_counts *c, bool link, bool strong)
{
	buf_puts(&r->out, strong ? "<tr class=\"total\"><td>" : "<tr><td>");
	if (link)
		page_link_path(r, "/units/", c->code, "/digital", c->name);
	else
		buf_html(&r->out, c->name);
	buf_puts(&r->out, "</td>");
	num_cell(r, c->v[0]);
	num_cell(r, c->v[1]);
	num_cell(r, c->v[2]);
	pct_cell(r, c->v[2], c->v[1]);
	num_cell(r, c->v[3]);
	pct_cell(r, c->v[3], c->v[0]);
	num_cell(r, c->v[4]);
	buf_puts(&r->out, "</tr>");
}

static void population_table(struct req *r, const struct unit *u, const struct pop_summary *ps)
{
	static const char *const heads[] = {"dx.unit",         "dx.residents", "dx.aged14",
	                                    "dx.eid2",         "dx.eid_rate",  "dx.ehealth",
	                                    "dx.ehealth_rate", "dx.households"};
	buf_puts(&r->out, "<table><thead><tr>");
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		buf_puts(&r->out, i ? "<th class=\"num\">" : "<th>");
		page_text(r, heads[i]);
		buf_puts(&r->out, "</th>");
	}
	buf_puts(&r->out, "</tr></thead><tbody>");
	for (size_t i = 0; i < ps->nkids; i++)
		counts_row(r, &ps->kids[i], true, false);
	counts_row(r, &ps->total, false, true);
	buf_puts(&r->out, "</tbody></table>");
	(void)u;
}

static void list_links(struct req *r, const struct unit *u)
{
	buf_puts(&r->out, "<ul class=\"actions\">");
	for (const struct rec_actions *a = rec_actions; a->kind; a++) {
		if (!authz_allows(auth_role(r), a->read) || !strcmp(a->kind, "residents"))
			continue;
		buf_puts(&r->out, "<li>");
		page_link_path(r, "/units/", u->code, arena_printf(&r->arena, "/%s", a->kind),
		               tr(r, arena_printf(&r->arena, "dx.%s", a->kind)));
		buf_puts(&r->out, "</li>");
	}
	if (u->level == UNIT_VILLAGE && authz_allows(auth_role(r), "person.list")) {
		buf_puts(&r->out, "<li>");
		page_link_path(r, "/units/", u->code, "/residents", tr(r, "dx.residents_list"));
		buf_puts(&r->out, "</li>");
	}
	buf_puts(&r->out, "</ul>");
}

static void day_form(struct req *r, const char *action, int32_t day)
{
	char d[11];
	cal_format_date(day, d);
	buf_puts(&r->out, "<form class=\"filters\" method=\"get\" action=\"");
	buf_html(&r->out, action);
	buf_puts(&r->out, "\"><label>");
	page_text(r, "dx.as_of");
	buf_puts(&r->out, "<input type=\"date\" name=\"as_of\" value=\"");
	buf_html(&r->out, d);
	buf_puts(&r->out, "\"></label>");
	if (!strcmp(r->lang, "en"))
		page_hidden(r, "lang", "en");
	buf_puts(&r->out, "<button type=\"submit\">");
	page_text(r, "dx.show");
	buf_puts(&r->out, "</button></form>");
}

static void value_row(struct req *r, const struct pop_value *v)
{
	buf_puts(&r->out, "<tr><td>");
	buf_html(&r->out, strcmp(r->lang, "en") ? v->def->name_vi : v->def->name_en);
	buf_puts(&r->out, "</td><td class=\"num\">");
	if (!v->v.has)
		page_text(r, "dx.no_data");
	else if (v->def->unit == IND_PERCENT)
		buf_printf(&r->out, "%.2f%%", v->v.value);
	else
		buf_printf(&r->out, "%.2f", v->v.value);
	buf_puts(&r->out, "</td><td class=\"num\">");
	if (v->v.has && v->def->unit == IND_PERCENT)
		buf_printf(&r->out, "%.0f / %.0f", v->v.num, v->v.den);
	buf_puts(&r->out, "</td></tr>");
}

static int get_digital(struct req *r)
{
	struct xerr e = {0};
	struct unit u;
	if (!page_unit(r, &u))
		return 0;
	int32_t day = in_day(r, "as_of") ? in_day(r, "as_of") : web_today();
	struct pop_summary *ps = arena_alloc(&r->arena, sizeof *ps);
	struct pop_value *vals = NULL;
	size_t nvals = 0;
	if (pop_summary(r, u.code, day, ps, &e) != 0 ||
	    pop_indicators(r, u.code, day, &vals, &nvals, &e) != 0)
		return resp_error(r, &e);
	char d[11];
	cal_format_date(day, d);
	head(r, &u, arena_printf(&r->arena, "%s — %s", tr(r, "dx.title"), u.name));
	day_form(r, arena_printf(&r->arena, "/units/%s/digital", u.code), day);
	buf_puts(&r->out, "<h2>");
	page_text(r, "dx.population");
	buf_puts(&r->out, "</h2>");
	population_table(r, &u, ps);
	buf_puts(&r->out, "<p class=\"actions\">");
	page_link_path(r, "/api/v1/units/", u.code,
	               arena_printf(&r->arena, "/population?format=csv&as_of=%s", d),
	               tr(r, "dx.csv"));
	buf_puts(&r->out, "</p><h2>");
	page_text(r, "dx.indicators");
	buf_puts(&r->out, "</h2><table><thead><tr><th>");
	page_text(r, "dx.indicator");
	buf_puts(&r->out, "</th><th class=\"num\">");
	page_text(r, "dx.value");
	buf_puts(&r->out, "</th><th class=\"num\">");
	page_text(r, "dx.from_counts");
	buf_puts(&r->out, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < nvals; i++)
		value_row(r, &vals[i]);
	buf_puts(&r->out, "</tbody></table><h2>");
	page_text(r, "dx.records");
	buf_puts(&r->out, "</h2>");
	list_links(r, &u);
	return page_end(r, 200);
}

/* ---- the lists ---- */

struct list_page {
	struct req *r;
	const struct rec_kind *k;
	const struct unit *u;
	bool decide; /* reports: the caller may approve */
	int64_t last;
	int n;
};

static void heading(struct req *r, const struct rec_col *col)
{
	buf_html(&r->out, strcmp(r->lang, "en") ? col->vi : col->name);
}

static void decide_form(struct req *r, const struct unit *u, const struct report *rep)
{
	for (int approve = 1; approve >= 0; approve--) {
		buf_puts(&r->out, "<form method=\"post\" class=\"inline\" action=\"");
		buf_html(&r->out, arena_printf(&r->arena, "/units/%s/reports/%lld/decide", u->code,
		                               (long long)rep->id));
		buf_puts(&r->out, "\">");
		page_csrf(r);
		page_hidden(r, "approve", approve ? "1" : "0");
		buf_puts(&r->out, approve ? "<button type=\"submit\">"
		                          : "<button type=\"submit\" class=\"secondary\">");
		page_text(r, approve ? "dx.approve" : "dx.reject");
		buf_puts(&r->out, "</button></form>");
	}
}

static int list_row(const void *rec, void *ctx)
{
	struct list_page *l = ctx;
	struct req *r = l->r;
	char v[512];
	buf_puts(&r->out, "<tr>");
	for (size_t i = 0; i < l->k->ncols; i++) {
		rec_get(l->k, i, rec, v, sizeof v);
		bool num = l->k->cols[i].type == REC_INT || l->k->cols[i].type == REC_REAL;
		buf_puts(&r->out, num ? "<td class=\"num\">" : "<td>");
		buf_html(&r->out, v);
		buf_puts(&r->out, "</td>");
	}
	if (l->decide) {
		const struct report *rep = rec;
		buf_puts(&r->out, "<td>");
		if (rep->status == REPORT_WAITING)
			decide_form(r, l->u, rep);
		buf_puts(&r->out, "</td>");
	}
	buf_puts(&r->out, "</tr>");
	l->last = *(const int64_t *)rec;
	l->n++;
	return 0;
}

/* The add form: one input per column the kind reads. */
static void add_form(struct req *r, const struct rec_kind *k, const struct unit *u)
{
	buf_puts(&r->out, "<h2>");
	page_text(r, "dx.add");
	buf_puts(&r->out, "</h2><form class=\"stack wide\" method=\"post\" action=\"");
	buf_html(&r->out, arena_printf(&r->arena, "/units/%s/%s", u->code, k->name));
	buf_puts(&r->out, "\">");
	page_csrf(r);
	for (size_t i = 0; i < k->ncols; i++) {
		const struct rec_col *col = &k->cols[i];
		if (col->out)
			continue;
		buf_puts(&r->out, "<label>");
		heading(r, col);
		const char *name = arena_printf(&r->arena, "f.%s", col->name);
		if (col->type == REC_WORD) {
			buf_puts(&r->out, "<select name=\"");
			buf_html(&r->out, name);
			buf_puts(&r->out, "\">");
			const struct expr_word *w = rec_words(col);
			for (size_t j = 0; w[j].word; j++) {
				buf_puts(&r->out, "<option value=\"");
				buf_html(&r->out, w[j].word);
				buf_puts(&r->out, "\">");
				buf_html(&r->out, w[j].vi);
				buf_puts(&r->out, "</option>");
			}
			buf_puts(&r->out, "</select></label>");
			continue;
		}
		const char *type = col->type == REC_DAY    ? "date"
		                   : col->type == REC_TEXT ? "text"
		                                           : "number";
		const char *value =
		    !strcmp(col->name, "unit") || !strcmp(col->name, "team_unit") ? u->code : "";
		buf_puts(&r->out, "<input name=\"");
		buf_html(&r->out, name);
		buf_puts(&r->out, "\" type=\"");
		buf_puts(&r->out, type);
		buf_puts(&r->out,
		         col->type == REC_REAL ? "\" step=\"any\" value=\"" : "\" value=\"");
		buf_html(&r->out, value);
		buf_puts(&r->out, col->required ? "\" required></label>" : "\"></label>");
	}
	buf_puts(&r->out, "<button type=\"submit\">");
	page_text(r, "dx.save");
	buf_puts(&r->out, "</button></form>");
}

static void import_form(struct req *r, const char *kind, const struct unit *u)
{
	buf_puts(&r->out, "<h2>");
	page_text(r, "dx.import");
	buf_puts(&r->out, "</h2><form class=\"stack wide\" method=\"post\" "
	                  "enctype=\"multipart/form-data\" action=\"");
	buf_html(&r->out, arena_printf(&r->arena, "/units/%s/%s/import", u->code, kind));
	buf_puts(&r->out, "\">");
	page_csrf(r);
	buf_puts(&r->out, "<label>");
	page_text(r, "dx.csv_file");
	buf_puts(&r->out,
	         "<input type=\"file\" name=\"file\" accept=\".csv,text/csv\" required></label>"
	         "<button type=\"submit\">");
	page_text(r, "dx.import");
	buf_puts(&r->out, "</button></form>");
}

static int list_page(struct req *r, const struct rec_kind *k, const char *notice, bool ok)
{
	struct xerr e = {0};
	struct unit u;
	if (!page_unit(r, &u))
		return 0;
	struct rec_query q = {.unit = u.code,
	                      .as_of = in_day(r, "as_of"),
	                      .after = in_int(r, "after", 0),
	                      .limit = LIST_PAGE};
	if (k == &rec_reports && !in_str(r, "all"))
		q.status = REPORT_WAITING;
	const char *title = tr(r, arena_printf(&r->arena, "dx.%s", k->name));
	head(r, &u, arena_printf(&r->arena, "%s — %s", title, u.name));
	if (notice)
		page_message(r, ok ? "ok" : "error", notice);
	struct list_page l = {r, k, &u, false, 0, 0};
	l.decide = k == &rec_reports && authz_allows(auth_role(r), "report.approve");
	buf_puts(&r->out, "<p class=\"actions\">");
	page_link_path(r, "/api/v1/", k->name,
	               arena_printf(&r->arena, "?unit=%s&format=csv", u.code), tr(r, "dx.csv"));
	if (k == &rec_reports)
		page_link_path(r, "/units/", u.code, q.status ? "/reports?all=1" : "/reports",
		               tr(r, q.status ? "dx.all_reports" : "dx.waiting_reports"));
	buf_puts(&r->out, "</p><div class=\"scroll\"><table><thead><tr>");
	for (size_t i = 0; i < k->ncols; i++) {
		buf_puts(&r->out, "<th>");
		heading(r, &k->cols[i]);
		buf_puts(&r->out, "</th>");
	}
	if (l.decide)
		buf_puts(&r->out, "<th></th>");
	buf_puts(&r->out, "</tr></thead><tbody>");
	int rc = store_records_list(r->store, k, &q, list_row, &l, &e);
	buf_puts(&r->out, "</tbody></table></div>");
	if (rc) {
		buf_reset(&r->out);
		return resp_error(r, &e);
	}
	if (!l.n)
		page_message(r, "muted", tr(r, "dx.none"));
	if (l.n == LIST_PAGE) {
		buf_puts(&r->out, "<p>");
		page_link_path(r, "/units/", u.code,
		               arena_printf(&r->arena, "/%s?after=%lld%s", k->name,
		                            (long long)l.last, q.status ? "" : "&all=1"),
		               tr(r, "dx.more"));
		buf_puts(&r->out, "</p>");
	}
	const struct rec_actions *acts = rec_actions_of(k->name);
	if (acts && auth_unit(r, acts->write, u.code, 0, &e) == 0) {
		add_form(r, k, &u);
		import_form(r, k->name, &u);
	}
	return page_end(r, 200);
}

/* ---- residents ---- */

struct resident_rows {
	struct req *r;
	bool plain;
	int64_t last;
	int n;
};

static int resident_row(const struct person *p, void *ctx)
{
	struct resident_rows *x = ctx;
	struct req *r = x->r;
	char pid[16], since[11];
	if (x->plain)
		snprintf(pid, sizeof pid, "%s", p->r.pid);
	else
		pid_mask(p->r.pid, pid);
	cal_format_date(p->since, since);
	buf_puts(&r->out, "<tr><td>");
	buf_html(&r->out, pid);
	buf_puts(&r->out, "</td><td>");
	buf_html(&r->out, p->r.full_name);
	buf_puts(&r->out, "</td><td>");
	buf_html(&r->out, p->r.birth_date);
	buf_printf(&r->out, "</td><td>%c</td><td>", people_sex_letter(p->r.sex));
	buf_html(&r->out, p->r.household);
	buf_printf(&r->out, "</td><td class=\"num\">%d</td><td>%s</td><td>", p->r.eid_level,
	           p->r.ehealth ? "✓" : "");
	buf_html(&r->out, since);
	buf_puts(&r->out, "</td></tr>");
	x->n++;
	return 0;
}

static int residents_page(struct req *r, const char *notice, bool ok)
{
	struct xerr e = {0};
	struct unit u;
	if (!page_unit(r, &u))
		return 0;
	if (u.level != UNIT_VILLAGE)
		return resp_fail(r, XERR_INVALID, "code", "residents are listed by village");
	int32_t day = in_day(r, "as_of") ? in_day(r, "as_of") : web_today();
	head(r, &u, arena_printf(&r->arena, "%s — %s", tr(r, "dx.residents_list"), u.name));
	if (notice)
		page_message(r, ok ? "ok" : "error", notice);
	day_form(r, arena_printf(&r->arena, "/units/%s/residents", u.code), day);
	static const char *const heads[] = {"dx.pid",         "dx.name",      "dx.birth",
	                                    "dx.sex",         "dx.household", "dx.eid_level",
	                                    "dx.has_ehealth", "dx.since"};
	buf_puts(&r->out, "<div class=\"scroll\"><table><thead><tr>");
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		buf_puts(&r->out, "<th>");
		page_text(r, heads[i]);
		buf_puts(&r->out, "</th>");
	}
	buf_puts(&r->out, "</tr></thead><tbody>");
	struct resident_rows x = {r, auth_sees_pii(r, u.code), 0, 0};
	struct actor who;
	req_actor(r, &who);
	int rc = store_person_list(r->store, &who, u.code, day, in_int(r, "after", 0), LIST_PAGE,
	                           false, resident_row, &x, &x.last, &e);
	buf_puts(&r->out, "</tbody></table></div>");
	if (rc) {
		buf_reset(&r->out);
		return resp_error(r, &e);
	}
	if (x.n == LIST_PAGE) {
		buf_puts(&r->out, "<p>");
		page_link_path(r, "/units/", u.code,
		               arena_printf(&r->arena, "/residents?after=%lld", (long long)x.last),
		               tr(r, "dx.more"));
		buf_puts(&r->out, "</p>");
	}
	if (auth_unit(r, "person.export", u.code, 0, &e) == 0) {
		buf_puts(&r->out, "<p class=\"actions\">");
		page_link_path(r, "/api/v1/residents?unit=", u.code, "&format=csv",
		               tr(r, "dx.csv"));
		buf_puts(&r->out, "</p>");
	}
	if (auth_unit(r, "person.import", u.code, 0, &e) == 0)
		import_form(r, "residents", &u);
	return page_end(r, 200);
}

static int get_residents(struct req *r)
{
	return residents_page(r, NULL, true);
}

/* ---- writes from the pages ---- */

static int post_record(struct req *r, const struct rec_kind *k)
{
	struct xerr e = {0};
	struct unit u;
	if (store_unit_get(r->store, in_str(r, "code"), &u, &e) != 0)
		return resp_error(r, &e);
	void *rec = arena_alloc(&r->arena, k->size);
	int rc = rec_from_form(r, k, rec, web_today(), NULL, &e);
	if (rc == 0)
		rc = auth_unit(r, r->route->action, rec_unit(k, rec), 0, &e);
	struct actor who;
	req_actor(r, &who);
	if (rc == 0)
		rc = store_record_save(r->store, &who, k, rec, NULL, &e);
	if (rc == XERR_AUTH || rc == XERR_FORBIDDEN)
		return resp_error(r, &e);
	if (rc) {
		int rc2 = list_page(r, k, e.msg, false);
		if (r->status == 200)
			r->status = 422;
		return rc2;
	}
	return page_redirect(r, arena_printf(&r->arena, "/units/%s/%s", u.code, k->name));
}

/* Every row's unit within the subtree of the page's unit. */
static int row_allowed(const char *unit, void *ctx, struct xerr *e)
{
	return import_within(ctx, in_str(ctx, "code"), unit, e);
}

static int post_import(struct req *r, const char *kind)
{
	struct xerr e = {0};
	struct unit u;
	if (!page_unit(r, &u))
		return 0;
	int n = 0;
	const struct form_file *f = in_files(r, "file", &n);
	if (!n)
		return resp_fail(r, XERR_INVALID, "file", "choose a CSV file");
	struct csv c;
	struct import_result *res = arena_alloc(&r->arena, sizeof *res);
	struct actor who;
	req_actor(r, &who);
	const char *name = f[0].filename && *f[0].filename ? f[0].filename : "tep.csv";
	int rc = csv_open(&c, name, (const char *)f[0].data, f[0].len, NULL, &e);
	if (rc == 0) {
		struct import_hooks h = {NULL, row_allowed, r};
		rc = import_csv(r->store, &who, kind, &c, name, false, web_today(), &h, res, &e);
		csv_close(&c);
	}
	struct buf msg;
	buf_init(&msg);
	if (rc)
		buf_puts(&msg, e.msg);
	else if (res->nerrors) {
		for (int i = 0; i < res->nerrors && i < IMPORT_ERRORS_MAX; i++)
			buf_printf(&msg, "%s%s", i ? " · " : "", res->errors[i].msg);
		buf_puts(&msg, tr(r, "dx.nothing_imported"));
	} else
		buf_printf(&msg, "%ld / %ld", res->stored, res->rows);
	const char *text = arena_strdup(&r->arena, msg.data ? msg.data : "");
	buf_free(&msg);
	bool ok = rc == 0 && !res->nerrors;
	const struct rec_kind *k = rec_kind_find(kind);
	int rc2 = k ? list_page(r, k, text, ok) : residents_page(r, text, ok);
	if (!ok && r->status == 200)
		r->status = 422;
	return rc2;
}

static int post_decide(struct req *r)
{
	struct xerr e = {0};
	struct report rep;
	int rc =
	    rec_report_decide(r, in_int(r, "id", 0), in_int(r, "approve", 0) == 1, "", &rep, &e);
	if (rc)
		return resp_error(r, &e);
	return page_redirect(r, arena_printf(&r->arena, "/units/%s/reports", in_str(r, "code")));
}

/* ---- routes ---- */

#define KIND_PAGES(name)                                                                           \
	static int get_##name(struct req *r)                                                       \
	{                                                                                          \
		return list_page(r, &rec_##name, NULL, true);                                      \
	}                                                                                          \
	static int post_##name(struct req *r)                                                      \
	{                                                                                          \
		return post_record(r, &rec_##name);                                                \
	}                                                                                          \
	static int import_##name(struct req *r)                                                    \
	{                                                                                          \
		return post_import(r, #name);                                                      \
	}
KIND_PAGES(businesses)
KIND_PAGES(teams)
KIND_PAGES(members)
KIND_PAGES(activities)
KIND_PAGES(campaigns)
KIND_PAGES(products)
KIND_PAGES(reports)

static int import_residents(struct req *r)
{
	return post_import(r, "residents");
}

/* What a list page reads; the writes show the list again after them. */
#define PAGE_QUERY                                                                                 \
	{"code", IN_PATH, IN_DIGITS, .min = 2, .max = 12}, {"as_of", IN_QUERY, IN_DATE},           \
	    {"after", IN_QUERY, IN_INT, .min = 0, .max = INT64_MAX},                               \
	{                                                                                          \
		"all", IN_QUERY, IN_WORD, .words = "1"                                             \
	}
static const struct param page_in[] = {
    PAGE_QUERY,
    {NULL},
};
static const struct param form_in[] = {
    PAGE_QUERY,
    {"f.", IN_FORM, IN_FIELDS, .max = 400},
    {NULL},
};
static const struct param file_in[] = {
    PAGE_QUERY,
    {"file", IN_FORM, IN_FILES, .max = 1},
    {NULL},
};
static const struct param decide_in[] = {
    {"code", IN_PATH, IN_DIGITS, .min = 2, .max = 12},
    {"id", IN_PATH, IN_INT, .min = 1, .max = INT64_MAX},
    {"approve", IN_FORM, IN_WORD, true, .words = "0|1"},
    {NULL},
};

/* A commune's file is a few MiB; 32 MiB leaves room. */
#define PAGE_IMPORT_MAX (32L << 20)
#define KIND_PAGE_ROUTES(name, read, write)                                                        \
	{"GET", "/units/{}/" #name, get_##name, read, 0, page_in},                                 \
	    {"POST", "/units/{}/" #name, post_##name, write, 0, form_in},                          \
	{                                                                                          \
		"POST", "/units/{}/" #name "/import", import_##name, write, PAGE_IMPORT_MAX,       \
		    file_in                                                                        \
	}

const struct route page_digital_routes[] = {
    {"GET", "/units/{}/digital", get_digital, "people.count", 0, page_in},
    {"GET", "/units/{}/residents", get_residents, "person.list", 0, page_in},
    {"POST", "/units/{}/residents/import", import_residents, "person.import", PAGE_IMPORT_MAX,
     file_in},
    KIND_PAGE_ROUTES(businesses, "business.read", "business.write"),
    KIND_PAGE_ROUTES(teams, "team.read", "team.write"),
    KIND_PAGE_ROUTES(members, "team.read", "team.write"),
    KIND_PAGE_ROUTES(activities, "activity.read", "activity.create"),
    KIND_PAGE_ROUTES(campaigns, "campaign.read", "campaign.write"),
    KIND_PAGE_ROUTES(products, "product.read", "product.write"),
    KIND_PAGE_ROUTES(reports, "report.read", "report.write"),
    {"POST", "/units/{}/reports/{}/decide", post_decide, "report.approve", 0, decide_in},
    {NULL, NULL, NULL, NULL},
};
