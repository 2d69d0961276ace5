/*
 * page_indicators.c: /indicators (every indicator with its formula and
 * source) and /indicators/ID?parent=CODE&period=P (the units under a
 * province or a commune ranked on one indicator, with a bar drawn in SVG;
 * also as ?format=csv or xlsx). Without ?parent= the page ranks the units
 * under the signed-in account's unit, or offers the provinces to pick.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "web/monitor_page.h"
#include "web/monitor_view.h"
#include "web/page.h"
#include "web/tabular.h"

static const char *name_of(const struct req *r, const struct mon_indicator *m)
{
	return !strcmp(r->lang, "en") && m->name_en[0] ? m->name_en : m->name_vi;
}

static int list_row(const struct mon_indicator *m, void *ctx)
{
	struct req *r = ctx;
	buf_puts(&r->out, "<tr><td>");
	page_link(r, "/indicators/", m->id, name_of(r, m));
	buf_puts(&r->out, "</td><td><code>");
	buf_html(&r->out, m->formula[0] ? m->formula : m->reported);
	buf_puts(&r->out, "</code></td><td>");
	buf_html(&r->out, m->source);
	buf_puts(&r->out, "</td></tr>");
	return 0;
}

static int get_indicators_page(struct req *r)
{
	struct xerr e = {0};
	page_begin(r, tr(r, "mon.indicators"));
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link(r, "/", NULL, tr(r, "nav.home"));
	buf_puts(&r->out, "</nav><h1>");
	page_text(r, "mon.indicators");
	buf_puts(&r->out, "</h1><div class=\"scroll\"><table><thead><tr><th>");
	page_text(r, "mon.indicator");
	buf_puts(&r->out, "</th><th>Công thức / Formula</th><th>");
	page_text(r, "mon.source");
	buf_puts(&r->out, "</th></tr></thead><tbody>");
	if (store_indicator_list(r->store, list_row, r, &e) != 0) {
		buf_reset(&r->out);
		return resp_error(r, &e);
	}
	buf_puts(&r->out, "</tbody></table></div>");
	return page_end(r, 200);
}

static int pick_province(const struct unit *u, void *ctx)
{
	struct req *r = ctx;
	char q[96];
	snprintf(q, sizeof q, "?parent=%s", u->code);
	buf_puts(&r->out, "<li>");
	page_link_path(r, "/indicators/", in_str(r, "id"), q, u->name);
	buf_puts(&r->out, "</li>");
	return 0;
}

static void bar(struct req *r, double value, double max)
{
	double w = isfinite(value) && max > 0 ? value / max * 100 : 0;
	buf_printf(&r->out,
	           "<svg class=\"bar\" viewBox=\"0 0 100 10\" width=\"100\" height=\"10\" "
	           "aria-hidden=\"true\"><rect width=\"%.1f\" height=\"10\"/></svg>",
	           w < 0 ? 0 : w);
}

static void rank_table(struct req *r, const struct mon_view *v, const struct mon_rank *rk, size_t n)
{
	const struct mon_indicator *m = &v->set.ind[0].m;
	double max = m->unit == IND_PERCENT ? 100 : 0;
	for (size_t i = 0; m->unit != IND_PERCENT && i < n; i++) {
		const struct ind_value *x = &v->vals[rk[i].node];
		if (x->has && x->value > max)
			max = x->value;
	}
	buf_puts(&r->out,
	         "<div class=\"scroll\"><table class=\"mon\"><thead><tr><th class=\"num\">");
	page_text(r, "mon.rank");
	buf_puts(&r->out, "</th><th>");
	page_text(r, "unit.name");
	buf_puts(&r->out, "</th><th class=\"num\">");
	page_text(r, "mon.value");
	buf_puts(&r->out, "</th><th></th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct fig_node *nd = &v->tree.nodes[rk[i].node];
		const struct ind_value *x = &v->vals[rk[i].node];
		enum ind_colour c = ind_colour_of(&m->def, x);
		buf_puts(&r->out, "<tr><td class=\"num\">");
		if (rk[i].rank)
			buf_printf(&r->out, "%d", rk[i].rank);
		buf_puts(&r->out, "</td><td>");
		page_link(r, "/units/", nd->u.code, nd->u.name);
		static const char *const cls[] = {"", " c-green", " c-yellow", " c-red"};
		buf_printf(&r->out, "</td><td class=\"num%s\">", cls[c <= IND_RED ? c : 0]);
		if (x->has)
			buf_printf(&r->out, "%.1f%s", x->value, m->unit == IND_PERCENT ? "%" : "");
		else
			buf_puts(&r->out, "—");
		buf_puts(&r->out, "</td><td>");
		bar(r, x->has ? x->value : NAN, max);
		buf_puts(&r->out, "</td></tr>");
	}
	buf_puts(&r->out, "</tbody></table></div>");
}

static int export_ranking(struct req *r, const struct mon_view *v, const struct mon_rank *rk,
                          size_t n, const char *fmt)
{
	static const char *const head[] = {"rank",  "unit",      "name",
	                                   "value", "numerator", "denominator"};
	struct tab t;
	tab_init(&t, r, head, 6);
	for (size_t i = 0; i < n; i++) {
		const struct ind_value *x = &v->vals[rk[i].node];
		tab_num(&t, rk[i].rank ? rk[i].rank : NAN, IND_NO_COLOUR);
		tab_text(&t, v->tree.nodes[rk[i].node].u.code);
		tab_text(&t, v->tree.nodes[rk[i].node].u.name);
		tab_num(&t, x->has ? x->value : NAN, ind_colour_of(&v->set.ind[0].m.def, x));
		tab_num(&t, x->num, IND_NO_COLOUR);
		tab_num(&t, x->den, IND_NO_COLOUR);
	}
	int rc = tab_send(&t, fmt, v->set.ind[0].m.id);
	tab_free(&t);
	return rc;
}

static int get_indicator_page(struct req *r)
{
	struct xerr e = {0};
	const char *parent = in_str(r, "parent");
	if (!parent && r->who && r->who->unit[0])
		parent = r->who->unit;
	struct mon_indicator m = {0};
	if (store_indicator_get(r->store, in_str(r, "id"), &m, &e) != 0)
		return resp_error(r, &e);
	if (!parent) {
		page_begin(r, name_of(r, &m));
		buf_puts(&r->out, "<h1>");
		buf_html(&r->out, name_of(r, &m));
		buf_puts(&r->out, "</h1><p>");
		page_text(r, "mon.pick_parent");
		buf_puts(&r->out, "</p><ul>");
		if (store_unit_children(r->store, NULL, pick_province, r, &e) != 0) {
			buf_reset(&r->out);
			return resp_error(r, &e);
		}
		buf_puts(&r->out, "</ul>");
		return page_end(r, 200);
	}
	struct mon_view v;
	if (mon_view_load(r, m.id, parent, 0, &v, &e) != 0)
		return resp_error(r, &e);
	struct mon_rank *rk = arena_alloc(&r->arena, (v.tree.n + 1) * sizeof *rk);
	size_t n = mon_view_rank(&v, 0, rk);
	const char *fmt = tab_format(r);
	int rc;
	if (fmt) {
		rc = export_ranking(r, &v, rk, n, fmt);
	} else {
		char period[IND_PERIOD_MAX];
		ind_period_format(&v.tree.period, period);
		page_begin(r, name_of(r, &m));
		buf_puts(&r->out, "<nav class=\"crumbs\">");
		page_link(r, "/indicators", NULL, tr(r, "mon.indicators"));
		buf_puts(&r->out, " › ");
		page_link(r, "/units/", v.tree.nodes[0].u.code, v.tree.nodes[0].u.name);
		buf_puts(&r->out, "</nav><h1>");
		buf_html(&r->out, name_of(r, &m));
		buf_puts(&r->out, "</h1><p class=\"muted\">");
		buf_html(&r->out, m.source);
		buf_puts(&r->out, "</p><h2>");
		page_text(r, "mon.ranking");
		buf_printf(&r->out, " · %s</h2>", period);
		rank_table(r, &v, rk, n);
		char q[64];
		snprintf(q, sizeof q, "?parent=%s&period=%s&format=", parent, period);
		buf_puts(&r->out, "<p class=\"actions\">");
		page_text(r, "mon.download");
		buf_puts(&r->out, ": ");
		char qc[80], qx[80];
		snprintf(qc, sizeof qc, "%scsv", q);
		snprintf(qx, sizeof qx, "%sxlsx", q);
		page_link_path(r, "/indicators/", m.id, qc, "CSV");
		buf_puts(&r->out, " · ");
		page_link_path(r, "/indicators/", m.id, qx, "Excel");
		buf_puts(&r->out, "</p>");
		rc = page_end(r, 200);
	}
	mon_view_free(&v);
	return rc;
}

static const struct param indicator_in[] = {
    {"id", IN_PATH, IN_TEXT, .min = 1, .max = IND_ID_MAX - 1},
    {"parent", IN_QUERY, IN_DIGITS, .min = 2, .max = 12},
    {"period", IN_QUERY, IN_TEXT, .min = 4, .max = IND_PERIOD_MAX - 1},
    {"format", IN_QUERY, IN_WORD, .words = TAB_FORMATS},
    {NULL},
};

const struct route page_indicators_routes[] = {
    {"GET", "/indicators", get_indicators_page, "indicator.read"},
    {"GET", "/indicators/{}", get_indicator_page, "indicator.read", 0, indicator_in},
    {NULL},
};
