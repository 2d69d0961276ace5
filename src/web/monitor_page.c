/*
 * monitor_page.c: the monitoring sections of the unit pages
 * (monitor_page.h). Figures come from web/monitor_view.h; colours,
 * targets, on-track status and criteria are core's; this file only draws.
 */
#include "web/monitor_page.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "web/auth.h"
#include "web/monitor_view.h"
#include "web/page.h"
#include "web/tabular.h"

/* "58,9" in Vietnamese, "58.9" in English; "—" for no data. */
void mon_put_number(struct req *r, double v, int unit)
{
	if (isnan(v)) {
		buf_puts(&r->out, "—");
		return;
	}
	page_decimal(r, v, v == floor(v) && fabs(v) < 1e12 ? 0 : 1);
	if (unit == IND_PERCENT)
		buf_puts(&r->out, "%");
}

const char *mon_colour_class(enum ind_colour c)
{
	static const char *const cls[] = {"c-none", "c-green", "c-yellow", "c-red"};
	return cls[c <= IND_RED ? c : 0];
}

void mon_put_colour_word(struct req *r, enum ind_colour c)
{
	static const char *const keys[] = {"mon.no_data", "mon.green", "mon.yellow", "mon.red"};
	page_text(r, keys[c <= IND_RED ? c : 0]);
}

void mon_sparkline(struct buf *b, const double *v, size_t n, bool percent)
{
	double lo = percent ? 0 : INFINITY, hi = percent ? 100 : -INFINITY;
	for (size_t i = 0; !percent && i < n; i++)
		if (!isnan(v[i])) {
			lo = v[i] < lo ? v[i] : lo;
			hi = v[i] > hi ? v[i] : hi;
		}
	if (!(hi > lo))
		hi = lo + 1;
	const int w = 120, h = 28;
	buf_printf(b,
	           "<svg class=\"spark\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	           "role=\"img\" aria-hidden=\"true\"><polyline points=\"",
	           w, h, w, h);
	for (size_t i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		double x = n > 1 ? (double)i * (w - 4) / (double)(n - 1) + 2 : w / 2.0;
		double y = h - 2 - (v[i] - lo) / (hi - lo) * (h - 4);
		buf_printf(b, "%.1f,%.1f ", x, y);
	}
	buf_puts(b, "\"/>");
	/* The last value as a dot: a single month still shows. */
	if (n && !isnan(v[n - 1]))
		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"/>",
		           n > 1 ? (double)(w - 2) : w / 2.0,
		           h - 2 - (v[n - 1] - lo) / (hi - lo) * (h - 4));
	buf_puts(b, "</svg>");
}

/* ---- the province ---- */

struct row {
	int node;
	struct fig_status st;
	int judged;
	int rank;
};

static const struct mon_view *sort_view;
static const char *sort_key;
static int sort_k = -1;

static int row_cmp(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	const struct fig_node *na = &sort_view->tree.nodes[a->node];
	const struct fig_node *nb = &sort_view->tree.nodes[b->node];
	if (sort_k >= 0) {
		size_t n = sort_view->set.n;
		const struct ind_value *x = &sort_view->vals[(size_t)a->node * n + (size_t)sort_k];
		const struct ind_value *y = &sort_view->vals[(size_t)b->node * n + (size_t)sort_k];
		int dir = sort_view->set.ind[sort_k].m.direction;
		if (x->has != y->has)
			return x->has ? -1 : 1;
		if (x->has && x->value != y->value)
			return (x->value > y->value ? -1 : 1) * dir;
	} else if (!strcmp(sort_key, "name")) {
		return strcmp(na->u.name, nb->u.name);
	} else if (a->rank != b->rank) {
		return (a->rank ? a->rank : 1 << 30) - (b->rank ? b->rank : 1 << 30);
	}
	return strcmp(na->u.code, nb->u.code);
}

/* Rank by criteria met (more is better), equal counts sharing a rank. */
static void rank_rows(struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		rows[i].rank = 0;
		if (!rows[i].judged)
			continue;
		rows[i].rank = 1;
		for (size_t j = 0; j < n; j++)
			if (rows[j].judged && rows[j].st.verdict.met > rows[i].st.verdict.met)
				rows[i].rank++;
	}
}

static void sort_rows(const struct mon_view *v, struct row *rows, size_t n, const char *key)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&lock);
	sort_view = v;
	sort_key = key ? key : "rank";
	sort_k = -1;
	for (size_t k = 0; key && k < v->set.n; k++)
		if (!strcmp(v->set.ind[k].m.id, key))
			sort_k = (int)k;
	qsort(rows, n, sizeof *rows, row_cmp);
	pthread_mutex_unlock(&lock);
}

/* A link to the page sorted by key, for the same period. */
static void sort_link(struct req *r, const char *code, const char *key, const char *text)
{
	char q[96];
	const char *period = in_str(r, "period");
	snprintf(q, sizeof q, "?sort=%s%s%s", key, period ? "&period=" : "", period ? period : "");
	page_link_path(r, "/units/", code, q, text);
}

static void tiles(struct req *r, const struct mon_view *v, const struct row *rows, size_t n)
{
	buf_puts(&r->out, "<ul class=\"tiles\">");
	for (size_t i = 0; i < n; i++) {
		const struct fig_node *nd = &v->tree.nodes[rows[i].node];
		enum ind_colour c = rows[i].judged ? rows[i].st.verdict.colour : IND_NO_COLOUR;
		buf_printf(&r->out, "<li class=\"%s\">", mon_colour_class(c));
		page_link(r, "/units/", nd->u.code, nd->u.short_name);
		buf_puts(&r->out, "</li>");
	}
	buf_puts(&r->out, "</ul>");
}

static void table_head(struct req *r, const struct mon_view *v, const char *code)
{
	buf_puts(&r->out, "<div class=\"scroll\"><table class=\"mon\"><thead><tr><th>");
	sort_link(r, code, "rank", tr(r, "mon.rank"));
	buf_puts(&r->out, "</th><th>");
	sort_link(r, code, "name", tr(r, "unit.name"));
	buf_puts(&r->out, "</th><th>");
	page_text(r, "mon.colour");
	buf_puts(&r->out, "</th>");
	for (size_t k = 0; k < v->set.n; k++) {
		if (!v->set.ind[k].m.headline)
			continue;
		buf_puts(&r->out, "<th class=\"num\">");
		sort_link(r, code, v->set.ind[k].m.id,
		          !strcmp(r->lang, "en") ? v->set.ind[k].m.name_en
		                                 : v->set.ind[k].m.name_vi);
		buf_puts(&r->out, "</th>");
	}
	buf_puts(&r->out, "<th class=\"num\">");
	page_text(r, "mon.criteria_met");
	buf_puts(&r->out, "</th></tr></thead><tbody>");
}

static void table_row(struct req *r, const struct mon_view *v, const struct row *row)
{
	const struct fig_node *nd = &v->tree.nodes[row->node];
	enum ind_colour c = row->judged ? row->st.verdict.colour : IND_NO_COLOUR;
	buf_puts(&r->out, "<tr><td class=\"num\">");
	if (row->rank)
		buf_printf(&r->out, "%d", row->rank);
	buf_puts(&r->out, "</td><td>");
	page_link(r, "/units/", nd->u.code, nd->u.name);
	buf_printf(&r->out, "</td><td class=\"%s\">", mon_colour_class(c));
	mon_put_colour_word(r, c);
	buf_puts(&r->out, "</td>");
	for (size_t k = 0; k < v->set.n; k++) {
		if (!v->set.ind[k].m.headline)
			continue;
		const struct ind_value *x = &v->vals[(size_t)row->node * v->set.n + k];
		enum ind_colour ck = ind_colour_of(&v->set.ind[k].m.def, x);
		buf_printf(&r->out, "<td class=\"num %s\">", mon_colour_class(ck));
		mon_put_number(r, x->has ? x->value : NAN, v->set.ind[k].m.unit);
		buf_puts(&r->out, "</td>");
	}
	buf_puts(&r->out, "<td class=\"num\">");
	if (row->judged)
		buf_printf(&r->out, "%zu/%zu", row->st.verdict.met, row->st.set->n);
	buf_puts(&r->out, "</td></tr>");
}

static int export_rows(struct req *r, const struct mon_view *v, const struct row *rows, size_t n,
                       const char *fmt)
{
	const char **head = arena_alloc(&r->arena, (v->set.n + 6) * sizeof *head);
	size_t nc = 0;
	head[nc++] = "rank";
	head[nc++] = "unit";
	head[nc++] = "name";
	head[nc++] = "colour";
	head[nc++] = "criteria_met";
	for (size_t k = 0; k < v->set.n; k++)
		head[nc++] = v->set.ind[k].m.id;
	struct tab t;
	tab_init(&t, r, head, nc);
	for (size_t i = 0; i < n; i++) {
		const struct fig_node *nd = &v->tree.nodes[rows[i].node];
		enum ind_colour c = rows[i].judged ? rows[i].st.verdict.colour : IND_NO_COLOUR;
		tab_num(&t, rows[i].rank ? rows[i].rank : NAN, IND_NO_COLOUR);
		tab_text(&t, nd->u.code);
		tab_text(&t, nd->u.name);
		tab_text(&t, ind_colour_name(c));
		tab_num(&t, rows[i].judged ? (double)rows[i].st.verdict.met : NAN, c);
		for (size_t k = 0; k < v->set.n; k++) {
			const struct ind_value *x = &v->vals[(size_t)rows[i].node * v->set.n + k];
			tab_num(&t, x->has ? x->value : NAN,
			        ind_colour_of(&v->set.ind[k].m.def, x));
		}
	}
	char name[64];
	snprintf(name, sizeof name, "communes-%s", v->tree.nodes[0].u.code);
	int rc = tab_send(&t, fmt, name);
	tab_free(&t);
	return rc;
}

static void period_form(struct req *r, const char *action, const struct ind_period *p)
{
	char s[IND_PERIOD_MAX];
	ind_period_format(p, s);
	buf_puts(&r->out, "<form class=\"filters\" method=\"get\" action=\"");
	buf_html(&r->out, action);
	buf_puts(&r->out, "\"><label>");
	page_text(r, "mon.period");
	buf_puts(&r->out, "<input name=\"period\" size=\"10\" maxlength=\"23\" value=\"");
	buf_html(&r->out, s);
	buf_puts(&r->out, "\"></label><button type=\"submit\">");
	page_text(r, "mon.period_go");
	buf_puts(&r->out, "</button></form>");
}

static void download_links(struct req *r, const char *code, const struct ind_period *p)
{
	char period[IND_PERIOD_MAX], q[64];
	ind_period_format(p, period);
	buf_puts(&r->out, "<p class=\"actions\">");
	page_text(r, "mon.download");
	buf_puts(&r->out, ": ");
	snprintf(q, sizeof q, "?period=%s&format=csv", period);
	page_link_path(r, "/units/", code, q, "CSV");
	buf_puts(&r->out, " · ");
	snprintf(q, sizeof q, "?period=%s&format=xlsx", period);
	page_link_path(r, "/units/", code, q, "Excel");
	buf_puts(&r->out, "</p>");
}

static void free_rows(struct row *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++)
		if (rows[i].judged)
			fig_status_free(&rows[i].st);
	free(rows);
}

/* The communes in force under v's root, judged, ranked and sorted by
 * ?sort= (rank by default). */
static int commune_rows(struct req *r, const struct mon_view *v, struct row **out, size_t *nout,
                        struct xerr *e)
{
	struct row *rows = calloc(v->tree.n + 1, sizeof *rows);
	size_t n = 0;
	if (!rows)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	int rc = 0;
	for (size_t i = 1; rc == 0 && i < v->tree.n; i++) {
		if (v->tree.nodes[i].parent != 0 || !v->tree.nodes[i].in_force)
			continue;
		rows[n].node = (int)i;
		rc = mon_view_status(r, v, i, &rows[n].st, e);
		rows[n].judged = rc > 0;
		rc = rc < 0 ? rc : 0;
		n++;
	}
	if (rc) {
		free_rows(rows, n);
		return rc;
	}
	rank_rows(rows, n);
	sort_rows(v, rows, n, in_str(r, "sort"));
	*out = rows;
	*nout = n;
	return 0;
}

int mon_communes_table(struct req *r, const struct mon_view *v, struct xerr *e)
{
	struct row *rows;
	size_t n;
	int rc = commune_rows(r, v, &rows, &n, e);
	if (rc)
		return rc;
	table_head(r, v, v->tree.nodes[0].u.code);
	for (size_t i = 0; i < n; i++)
		table_row(r, v, &rows[i]);
	buf_puts(&r->out, "</tbody></table></div>");
	free_rows(rows, n);
	return 0;
}

int mon_province_section(struct req *r, const struct unit *u)
{
	struct xerr e = {0};
	struct mon_view v;
	if (mon_view_load(r, NULL, u->code, 0, &v, &e) != 0) {
		resp_error(r, &e);
		return 1;
	}
	struct row *rows = NULL;
	size_t n = 0;
	int rc = commune_rows(r, &v, &rows, &n, &e);
	const char *fmt = tab_format(r);
	if (rc) {
		resp_error(r, &e);
	} else if (fmt) {
		export_rows(r, &v, rows, n, fmt);
	} else {
		buf_puts(&r->out, "<h2>");
		page_text(r, "mon.communes");
		buf_printf(&r->out, " (%zu)</h2>", n);
		char action[32];
		snprintf(action, sizeof action, "/units/%s", u->code);
		period_form(r, action, &v.tree.period);
		tiles(r, &v, rows, n);
		table_head(r, &v, u->code);
		for (size_t i = 0; i < n; i++)
			table_row(r, &v, &rows[i]);
		buf_puts(&r->out, "</tbody></table></div>");
		download_links(r, u->code, &v.tree.period);
		mon_report_link(r, u->code, &v.tree.period);
	}
	free_rows(rows, n);
	mon_view_free(&v);
	return rc || fmt ? 1 : 0;
}

void mon_report_link(struct req *r, const char *code, const struct ind_period *p)
{
	if (!authz_allows(auth_role(r), "indicator.report"))
		return;
	char period[IND_PERIOD_MAX], q[64];
	ind_period_format(p, period);
	snprintf(q, sizeof q, "?period=%s", period);
	buf_puts(&r->out, "<p class=\"actions\">");
	page_link_path(r, "/reports/", code, q, tr(r, "mon.report"));
	buf_puts(&r->out, "</p>");
}

/* ---- the commune ---- */

void mon_trend(struct req *r, const struct mon_view *v, size_t k, double *series)
{
	struct ind_period months[MON_TREND_N];
	struct xerr e = {0};
	const char *names[MON_TREND_N];
	char text[MON_TREND_N][IND_PERIOD_MAX];
	double num[MON_TREND_N], den[MON_TREND_N];
	const struct fig_ind *f = &v->set.ind[k];
	for (size_t i = 0; i < MON_TREND_N; i++)
		series[i] = NAN;
	if (ind_period_trend(&v->tree.period, MON_TREND_N, months, &e) != 0)
		return;
	for (size_t i = 0; i < MON_TREND_N; i++) {
		ind_period_format(&months[i], text[i]);
		names[i] = text[i];
	}
	if (store_snapshot_series(r->store, f->m.id, v->tree.nodes[0].u.code, names,
	                          MON_TREND_N - 1, num, den, &e) != 0)
		return;
	for (size_t i = 0; i + 1 < MON_TREND_N; i++) {
		struct ind_value x = ind_value_of((enum ind_unit)f->m.unit, num[i], den[i]);
		series[i] = x.has ? x.value : NAN;
	}
	series[MON_TREND_N - 1] = v->vals[k].has ? v->vals[k].value : NAN;
}

static void card(struct req *r, const struct mon_view *v, size_t k)
{
	const struct fig_ind *f = &v->set.ind[k];
	struct fig_judgement j;
	mon_view_judge(v, 0, k, &j);
	double series[MON_TREND_N];
	mon_trend(r, v, k, series);
	buf_printf(&r->out, "<article class=\"card %s\"><h3>", mon_colour_class(j.colour));
	page_link(r, "/indicators/", f->m.id, !strcmp(r->lang, "en") ? f->m.name_en : f->m.name_vi);
	buf_puts(&r->out, "</h3><p class=\"big\">");
	mon_put_number(r, v->vals[k].has ? v->vals[k].value : NAN, f->m.unit);
	buf_puts(&r->out, "</p><p class=\"muted\">");
	if (v->vals[k].has) {
		mon_put_number(r, v->vals[k].num, IND_COUNT);
		buf_puts(&r->out, " / ");
		mon_put_number(r, v->vals[k].den, IND_COUNT);
		buf_puts(&r->out, " · ");
	}
	if (j.has_target) {
		page_text(r, "mon.target");
		buf_printf(&r->out, " %d: ", j.target_year);
		mon_put_number(r, j.target, f->m.unit);
		buf_puts(&r->out, " · ");
	}
	char key[48];
	snprintf(key, sizeof key, "mon.track.%s", ind_track_name(j.track));
	page_text(r, key);
	buf_puts(&r->out, "</p>");
	mon_sparkline(&r->out, series, MON_TREND_N, f->m.unit == IND_PERCENT);
	buf_puts(&r->out, "</article>");
}

void mon_checklist(struct req *r, const struct fig_status *st)
{
	buf_puts(&r->out, "<h2>");
	page_text(r, "mon.criteria");
	buf_printf(&r->out, " (%zu/%zu)</h2><ul class=\"checklist\">", st->verdict.met, st->set->n);
	for (size_t i = 0; i < st->set->n; i++) {
		const struct mon_criterion *c = &st->set->items[i];
		int s = st->states[i];
		buf_printf(&r->out, "<li class=\"%s\"><strong>",
		           s > 0   ? "met"
		           : s < 0 ? "nodata"
		                   : "failed");
		page_text(r, s > 0 ? "mon.met" : s < 0 ? "mon.no_data" : "mon.failed");
		buf_puts(&r->out, "</strong> ");
		buf_html(&r->out,
		         !strcmp(r->lang, "en") && c->name_en[0] ? c->name_en : c->name_vi);
		buf_puts(&r->out, " <code>");
		buf_html(&r->out, c->rule);
		buf_puts(&r->out, "</code> → ");
		mon_put_number(r, st->values[i], IND_COUNT);
		buf_puts(&r->out, "</li>");
	}
	buf_puts(&r->out, "</ul>");
}

struct task_page {
	struct req *r;
	int32_t today;
	int rows;
};

static int task_row(const struct mon_task *t, void *ctx)
{
	struct task_page *x = ctx;
	static const char *const states[] = {"", "on_track", "late", "done", "done_late"};
	enum ind_task_state s = ind_task_state(t->deadline, t->done_on, x->today);
	char day[11];
	cal_format_date(t->deadline, day);
	buf_printf(&x->r->out, "<tr class=\"task-%s\"><td>", states[s]);
	buf_html(&x->r->out, t->title);
	buf_puts(&x->r->out, "</td><td>");
	buf_html(&x->r->out, t->owner);
	buf_printf(&x->r->out, "</td><td>%s</td><td class=\"num\">%d%%</td><td>%s</td></tr>", day,
	           t->progress, states[s]);
	x->rows++;
	return 0;
}

int mon_tasks_table(struct req *r, const struct mon_view *v, struct xerr *e)
{
	const double *tk = v->tasks;
	buf_printf(&r->out, "<h2>");
	page_text(r, "mon.tasks");
	buf_printf(&r->out, " (%.0f/%.0f ", tk[IND_TASKS_DONE], tk[IND_TASKS_TOTAL]);
	page_text(r, "mon.tasks_done");
	buf_puts(&r->out, ")</h2>");
	if (!authz_allows(auth_role(r), "task.read"))
		return 0;
	buf_puts(&r->out, "<table><thead><tr><th>");
	page_text(r, "mon.tasks");
	buf_puts(&r->out, "</th><th>");
	page_text(r, "mon.owner");
	buf_puts(&r->out, "</th><th>");
	page_text(r, "mon.deadline");
	buf_puts(&r->out, "</th><th class=\"num\">");
	page_text(r, "mon.progress");
	buf_puts(&r->out, "</th><th>");
	page_text(r, "mon.state");
	buf_puts(&r->out, "</th></tr></thead><tbody>");
	struct task_page x = {r, fig_today(), 0};
	int rc = store_task_list(r->store, v->tree.nodes[0].u.code, task_row, &x, e);
	buf_puts(&r->out, "</tbody></table>");
	return rc;
}

int mon_commune_section(struct req *r, const struct unit *u)
{
	struct xerr e = {0};
	struct mon_view v;
	if (mon_view_load(r, NULL, u->code, MV_BASE, &v, &e) != 0) {
		resp_error(r, &e);
		return 1;
	}
	struct fig_status st;
	int judged = mon_view_status(r, &v, 0, &st, &e);
	int rc = judged < 0 ? judged : 0;
	if (rc == 0) {
		enum ind_colour c = judged > 0 ? st.verdict.colour : IND_NO_COLOUR;
		buf_printf(&r->out, "<h2>");
		page_text(r, "mon.status");
		buf_printf(&r->out, ": <span class=\"badge %s\">", mon_colour_class(c));
		mon_put_colour_word(r, c);
		buf_puts(&r->out, "</span></h2>");
		char action[32];
		snprintf(action, sizeof action, "/units/%s", u->code);
		period_form(r, action, &v.tree.period);
		buf_puts(&r->out, "<div class=\"cards\">");
		for (size_t k = 0; k < v.set.n; k++)
			card(r, &v, k);
		buf_puts(&r->out, "</div>");
		if (judged > 0)
			mon_checklist(r, &st);
		rc = mon_tasks_table(r, &v, &e);
		if (rc == 0)
			mon_report_link(r, u->code, &v.tree.period);
	}
	if (judged > 0)
		fig_status_free(&st);
	mon_view_free(&v);
	if (rc) {
		buf_reset(&r->out);
		resp_error(r, &e);
		return 1;
	}
	return 0;
}
