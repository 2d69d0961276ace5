/*
 * page_reports.c: the printable monthly report of a unit (issue 14 item
 * 8): GET /reports/CODE?period=2026-03 for the staff of the unit's
 * subtree (action indicator.report).
 *
 * One page that prints on A4 (the print rules of xaso.css): the unit's
 * colour and criteria, every indicator with its value, numerator and
 * denominator, target, colour, on-track status and its 12-month trend as
 * an SVG line, the plan tasks done and late, and for a province the table
 * of its communes. ?format=xlsx (or csv) gives the indicator table as a
 * workbook. Figures come from web/monitor_view.h, drawing pieces from
 * web/monitor_page.h; this file only lays them out.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "web/auth.h"
#include "web/monitor_page.h"
#include "web/monitor_view.h"
#include "web/page.h"
#include "web/tabular.h"

/* The x of month i and the y of a percentage on the trend chart. */
enum { TW = 640, TH = 180, TL = 34, TB = 20 };
static double trend_x(size_t i)
{
	return TL + (double)i * (TW - TL - 30) / (MON_TREND_N - 1);
}
static double trend_y(double pct)
{
	return TH - TB - fmin(fmax(pct, 0), 100) * (TH - TB - 8) / 100.0;
}

/* The trend of the headline percentages over the report's 12 months, one
 * line each on 0-100 %, months along the bottom, a legend below. */
static void trend_chart(struct req *r, const struct mon_view *v)
{
	static const char *const colours[] = {"#0b57d0", "#137333", "#b58100", "#a50f15",
	                                      "#6b3fa0", "#00796b", "#c2185b", "#5d4037"};
	struct ind_period months[MON_TREND_N];
	struct xerr e = {0};
	if (ind_period_trend(&v->tree.period, MON_TREND_N, months, &e) != 0)
		return;
	struct buf *b = &r->out;
	struct buf legend;
	buf_init(&legend);
	buf_printf(b,
	           "<figure class=\"trend\"><svg viewBox=\"0 0 %d %d\" role=\"img\" "
	           "aria-label=\"",
	           TW, TH);
	page_text(r, "mon.report_trend");
	buf_puts(b, "\">");
	for (int pct = 0; pct <= 100; pct += 50)
		buf_printf(b,
		           "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>"
		           "<text x=\"2\" y=\"%.1f\">%d%%</text>",
		           TL, trend_y(pct), TW, trend_y(pct), trend_y(pct) + 4, pct);
	for (size_t i = 0; i < MON_TREND_N; i++) {
		char text[IND_PERIOD_MAX];
		ind_period_format(&months[i], text);
		buf_printf(b, "<text x=\"%.1f\" y=\"%d\">", trend_x(i) - 8, TH - 4);
		buf_html(b, strlen(text) > 5 ? text + 5 : text);
		buf_puts(b, "</text>");
	}
	size_t line = 0;
	for (size_t k = 0; k < v->set.n; k++) {
		const struct fig_ind *f = &v->set.ind[k];
		if (!f->m.headline || f->m.unit != IND_PERCENT)
			continue;
		double series[MON_TREND_N];
		mon_trend(r, v, k, series);
		const char *colour = colours[line++ % (sizeof colours / sizeof colours[0])];
		buf_printf(b, "<polyline class=\"line\" stroke=\"%s\" points=\"", colour);
		for (size_t i = 0; i < MON_TREND_N; i++)
			if (!isnan(series[i]))
				buf_printf(b, "%.1f,%.1f ", trend_x(i), trend_y(series[i]));
		buf_puts(b, "\"/>");
		/* A point for each month, so a single month still shows. */
		for (size_t i = 0; i < MON_TREND_N; i++)
			if (!isnan(series[i]))
				buf_printf(b,
				           "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>",
				           trend_x(i), trend_y(series[i]), colour);
		/* Colours as SVG attributes: the pages' policy allows no inline
		 * style. */
		buf_printf(&legend,
		           "<span><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect "
		           "width=\"12\" height=\"12\" fill=\"%s\"/></svg> ",
		           colour);
		buf_html(&legend, !strcmp(r->lang, "en") ? f->m.name_en : f->m.name_vi);
		buf_puts(&legend, "</span> ");
	}
	buf_puts(b, "</svg><figcaption>");
	buf_add(b, legend.data ? legend.data : "", legend.len);
	buf_puts(b, "</figcaption></figure>");
	buf_free(&legend);
}

static void indicator_head(struct req *r)
{
	static const char *const keys[] = {"mon.indicator",   "mon.value",  "mon.fraction",
	                                   "mon.target",      "mon.colour", "mon.state",
	                                   "mon.report_trend"};
	buf_puts(&r->out, "<table class=\"mon report\"><thead><tr>");
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		buf_puts(&r->out, i == 1 || i == 2 || i == 3 ? "<th class=\"num\">" : "<th>");
		page_text(r, keys[i]);
		buf_puts(&r->out, "</th>");
	}
	buf_puts(&r->out, "</tr></thead><tbody>");
}

static void indicator_row(struct req *r, const struct mon_view *v, size_t k)
{
	const struct fig_ind *f = &v->set.ind[k];
	const struct ind_value *x = &v->vals[k];
	struct fig_judgement j;
	mon_view_judge(v, 0, k, &j);
	buf_puts(&r->out, "<tr><td>");
	buf_html(&r->out, !strcmp(r->lang, "en") ? f->m.name_en : f->m.name_vi);
	buf_printf(&r->out, "</td><td class=\"num %s\">", mon_colour_class(j.colour));
	mon_put_number(r, x->has ? x->value : NAN, f->m.unit);
	buf_puts(&r->out, "</td><td class=\"num\">");
	if (x->has) {
		mon_put_number(r, x->num, IND_COUNT);
		buf_puts(&r->out, " / ");
		mon_put_number(r, x->den, IND_COUNT);
	}
	buf_puts(&r->out, "</td><td class=\"num\">");
	if (j.has_target) {
		mon_put_number(r, j.target, f->m.unit);
		buf_printf(&r->out, " (%d)", j.target_year);
	}
	buf_printf(&r->out, "</td><td class=\"%s\">", mon_colour_class(j.colour));
	mon_put_colour_word(r, j.colour);
	char key[48];
	snprintf(key, sizeof key, "mon.track.%s", ind_track_name(j.track));
	buf_puts(&r->out, "</td><td>");
	page_text(r, key);
	buf_puts(&r->out, "</td><td>");
	double series[MON_TREND_N];
	mon_trend(r, v, k, series);
	mon_sparkline(&r->out, series, MON_TREND_N, f->m.unit == IND_PERCENT);
	buf_puts(&r->out, "</td></tr>");
}

static int export_indicators(struct req *r, const struct mon_view *v, const char *fmt)
{
	static const char *const head[] = {"indicator",   "name",   "value",  "numerator",
	                                   "denominator", "target", "colour", "on_track"};
	struct tab t;
	tab_init(&t, r, head, sizeof head / sizeof head[0]);
	for (size_t k = 0; k < v->set.n; k++) {
		const struct fig_ind *f = &v->set.ind[k];
		const struct ind_value *x = &v->vals[k];
		struct fig_judgement j;
		mon_view_judge(v, 0, k, &j);
		tab_text(&t, f->m.id);
		tab_text(&t, !strcmp(r->lang, "en") ? f->m.name_en : f->m.name_vi);
		tab_num(&t, x->has ? x->value : NAN, j.colour);
		tab_num(&t, x->has ? x->num : NAN, IND_NO_COLOUR);
		tab_num(&t, x->has ? x->den : NAN, IND_NO_COLOUR);
		tab_num(&t, j.has_target ? j.target : NAN, IND_NO_COLOUR);
		tab_text(&t, ind_colour_name(j.colour));
		tab_text(&t, ind_track_name(j.track));
	}
	char name[64], period[IND_PERIOD_MAX];
	ind_period_format(&v->tree.period, period);
	snprintf(name, sizeof name, "report-%s-%s", v->tree.nodes[0].u.code, period);
	int rc = tab_send(&t, fmt, name);
	tab_free(&t);
	return rc;
}

/* The title, the colour and the criteria. */
static void report_head(struct req *r, const struct mon_view *v, const struct fig_status *st,
                        int judged)
{
	const struct unit *u = &v->tree.nodes[0].u;
	char period[IND_PERIOD_MAX];
	ind_period_format(&v->tree.period, period);
	char *title =
	    arena_printf(&r->arena, "%s %s — %s", tr(r, "mon.report_title"), period, u->name);
	page_begin(r, title);
	buf_puts(&r->out, "<article class=\"report\"><nav class=\"crumbs noprint\">");
	page_link(r, "/units/", u->code, u->name);
	buf_puts(&r->out, "</nav><h1>");
	buf_html(&r->out, title);
	buf_puts(&r->out, "</h1><p class=\"muted\">");
	char day[11];
	cal_format_date(fig_today(), day);
	page_text(r, "mon.report_made");
	buf_printf(&r->out, " %s · ", day);
	page_text(r, v->tree.period.last < fig_today() ? "mon.report_closed" : "mon.report_open");
	buf_puts(&r->out, "</p>");
	enum ind_colour c = judged > 0 ? st->verdict.colour : IND_NO_COLOUR;
	buf_puts(&r->out, "<h2>");
	page_text(r, "mon.status");
	buf_printf(&r->out, ": <span class=\"badge %s\">", mon_colour_class(c));
	mon_put_colour_word(r, c);
	buf_puts(&r->out, "</span></h2>");
	if (judged > 0)
		mon_checklist(r, st);
}

static int get_report(struct req *r)
{
	struct xerr e = {0};
	const char *code = in_str(r, "code");
	struct unit u;
	if (store_unit_get(r->store, code, &u, &e) != 0 ||
	    auth_unit(r, r->route->action, u.code, 0, &e) != 0)
		return resp_error(r, &e);
	struct mon_view v;
	if (mon_view_load(r, NULL, u.code, MV_BASE, &v, &e) != 0)
		return resp_error(r, &e);
	const char *fmt = tab_format(r);
	if (fmt) {
		int rc = export_indicators(r, &v, fmt);
		mon_view_free(&v);
		return rc;
	}
	struct fig_status st;
	int judged = mon_view_status(r, &v, 0, &st, &e);
	int rc = judged < 0 ? judged : 0;
	if (rc == 0) {
		report_head(r, &v, &st, judged);
		buf_puts(&r->out, "<h2>");
		page_text(r, "mon.report_trend");
		buf_puts(&r->out, "</h2>");
		trend_chart(r, &v);
		buf_puts(&r->out, "<h2>");
		page_text(r, "mon.indicators");
		buf_puts(&r->out, "</h2>");
		indicator_head(r);
		for (size_t k = 0; k < v.set.n; k++)
			indicator_row(r, &v, k);
		buf_puts(&r->out, "</tbody></table>");
		rc = mon_tasks_table(r, &v, &e);
	}
	if (rc == 0 && u.level == UNIT_PROVINCE) {
		buf_puts(&r->out, "<h2 class=\"newpage\">");
		page_text(r, "mon.communes");
		buf_puts(&r->out, "</h2>");
		rc = mon_communes_table(r, &v, &e);
	}
	if (judged > 0)
		fig_status_free(&st);
	mon_view_free(&v);
	if (rc) {
		buf_reset(&r->out);
		return resp_error(r, &e);
	}
	buf_puts(&r->out, "</article>");
	return page_end(r, 200);
}

static const struct param report_in[] = {
    {"code", IN_PATH, IN_TEXT, .max = UNIT_CODE_MAX - 1},
    {"period", IN_QUERY, IN_TEXT, .min = 4, .max = 23},
    {"sort", IN_QUERY, IN_TEXT, .min = 1, .max = 47}, /* the communes' table */
    {"format", IN_QUERY, IN_WORD, .words = TAB_FORMATS},
    {NULL},
};

const struct route page_reports_routes[] = {
    {"GET", "/reports/{}", get_report, "indicator.report", 0, report_in},
    {NULL, NULL, NULL, NULL},
};
