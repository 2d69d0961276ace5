/*
 * page_index766.c: the pages of the 766 index, server-rendered, no script.
 *   GET /index766?parent=CODE&period=2026-Q1   the units under parent ranked (no parent:
 *                                              the provinces held)
 *   GET /index766/CODE?period=2026-Q1          a unit's score, its six groups as SVG bars,
 *                                              the breakdown with each row's rule, the
 *                                              trend by month (communes), and (for staff of the
 * unit) the dossiers to fix The numbers come from web/index766_view.h; bars and the trend are SVG
 * drawn here from numbers only (no text of anyone's in them).
 */
#include <math.h>
#include <string.h>

#include "core/authz.h"
#include "core/csv.h"
#include "core/lunar.h"
#include "web/index766_view.h"
#include "web/page.h"

static bool en(const struct req *r)
{
	return !strcmp(r->lang, "en");
}

/* "9,58 / 18" (points of a maximum) in the page's language. */
static void put_points(struct req *r, double points, double max)
{
	page_decimal(r, points, 2);
	buf_printf(&r->out, " / %.0f", max);
}

/* Six horizontal bars, points over max, 0..100 %. */
static void group_bars(struct req *r, const struct idx_result *x)
{
	buf_puts(&r->out, "<svg class=\"idx-bars\" viewBox=\"0 0 320 150\" role=\"img\" "
	                  "aria-labelledby=\"idx-groups\">");
	for (int g = 0; g < IDX_GROUPS; g++) {
		double max = x->groups[g].max, pts = x->groups[g].points;
		double w = max > 0 ? 200 * pts / max : 0;
		int y = 4 + g * 24;
		buf_printf(&r->out,
		           "<text x=\"0\" y=\"%d\" class=\"idx-l\">%d</text>"
		           "<rect x=\"16\" y=\"%d\" width=\"200\" height=\"16\" class=\"idx-bg\"/>"
		           "<rect x=\"16\" y=\"%d\" width=\"%.1f\" height=\"16\" class=\"idx-fg\"/>"
		           "<text x=\"222\" y=\"%d\" class=\"idx-l\">",
		           y + 13, g + 1, y, y, w, y + 13);
		put_points(r, pts, max);
		buf_puts(&r->out, "</text>");
	}
	buf_puts(&r->out, "</svg>");
}

/* The total of each of the 12 months up to the period's last month. */
static void trend(struct req *r, const char *unit, const struct ind_period *p)
{
	struct ind_period last, months[12];
	struct xerr e = {0};
	int y, m, d;
	lunar_civil(p->last, &y, &m, &d);
	if (ind_period_make(IND_MONTH, y, m, &last, &e) || ind_period_trend(&last, 12, months, &e))
		return;
	double v[12];
	for (int i = 0; i < 12; i++) {
		struct idx766_report rep;
		char text[IND_PERIOD_MAX];
		ind_period_format(&months[i], text);
		v[i] = NAN;
		if (idx766_report_make(r->store, unit, text, &rep, &e) == 0) {
			v[i] = rep.res[rep.root].total;
			idx766_report_free(&rep);
		}
	}
	buf_puts(&r->out, "<h2>");
	page_text(r, "idx.trend");
	buf_puts(&r->out, "</h2><svg class=\"idx-trend\" viewBox=\"0 0 360 120\" role=\"img\">"
	                  "<polyline class=\"idx-line\" points=\"");
	for (int i = 0; i < 12; i++)
		if (!isnan(v[i]))
			buf_printf(&r->out, "%d,%.1f ", 10 + i * 30, 105 - v[i]);
	buf_puts(&r->out, "\"/>");
	for (int i = 0; i < 12; i++) {
		char text[IND_PERIOD_MAX];
		ind_period_format(&months[i], text);
		buf_printf(&r->out, "<text x=\"%d\" y=\"118\" class=\"idx-s\">%s</text>", i * 30,
		           text + 5);
		if (!isnan(v[i]))
			buf_printf(&r->out, "<text x=\"%d\" y=\"%.1f\" class=\"idx-s\">%.0f</text>",
			           4 + i * 30, 100 - v[i], v[i]);
	}
	buf_puts(&r->out, "</svg>");
}

static const char *state_key(int state)
{
	switch (state) {
	case IDX_NOT_APPLICABLE: return "idx.na";
	case IDX_OUT_OF_SCOPE: return "idx.out_of_scope";
	case IDX_NO_DATA: return "idx.no_data";
	case IDX_TRACKING: return "idx.tracking";
	default: return NULL;
	}
}

/* Under an external row's name: who reported its figures and when the
 * report was approved, or that nothing was reported. */
static void external_note(struct req *r, const struct idx766_report *rep, int i,
                          const struct idx_row *w)
{
	if (w->source != IDX_EXTERNAL)
		return;
	const struct idx766_reported *by = idx766_reported_of(rep, i, w);
	buf_puts(&r->out, "<br><small class=\"muted\">");
	page_text(r, "idx.external");
	if (by) {
		char day[11];
		idx766_reported_day(by, day);
		buf_puts(&r->out, ", ");
		page_text(r, "idx.reported_by");
		buf_puts(&r->out, " ");
		buf_html(&r->out, by->by);
		buf_puts(&r->out, " ");
		page_text(r, "idx.approved_on");
		buf_printf(&r->out, " %s", day);
	} else {
		buf_puts(&r->out, ": ");
		page_text(r, "idx.not_reported");
	}
	buf_puts(&r->out, "</small>");
}

/* The breakdown's number columns, by their headings' keys. */
static const char *const num_heads[] = {"idx.num", "idx.den", "idx.rate", "idx.target",
                                        "idx.points"};

/* Opens number column i's cell, labelled for a phone, where the rows are
 * stacked and the headings hidden (xaso.css). */
static void num_cell(struct req *r, int i)
{
	buf_puts(&r->out, "</td><td class=\"num\" data-l=\"");
	buf_html(&r->out, tr(r, num_heads[i]));
	buf_puts(&r->out, "\">");
}

/* A sub-indicator: its name with its rule folded under it, then its
 * numerator, denominator, rate, target and points. */
static void breakdown_row(struct req *r, const struct idx766_report *rep, int unit,
                          const struct idx_row_result *w)
{
	buf_printf(&r->out, "<tr id=\"row-%s\"><td>%s ", w->row->code, w->row->code);
	buf_html(&r->out, en(r) ? w->row->name_en : w->row->name_vi);
	external_note(r, rep, unit, w->row);
	buf_puts(&r->out, "<details class=\"rule\"><summary>");
	page_text(r, "idx.rule");
	buf_puts(&r->out, "</summary>");
	buf_html(&r->out, en(r) ? w->row->rule_en : w->row->rule_vi);
	buf_puts(&r->out, "</details>");
	num_cell(r, 0);
	page_decimal(r, w->num, 0);
	num_cell(r, 1);
	page_decimal(r, w->den, 0);
	num_cell(r, 2);
	const char *k2 = state_key(w->state);
	if (k2 && w->state != IDX_TRACKING)
		page_text(r, k2);
	else if (!isnan(w->rate)) {
		page_decimal(r, 100 * w->rate, 1);
		buf_puts(&r->out, "%");
	} else
		buf_puts(&r->out, "—");
	num_cell(r, 3);
	buf_printf(&r->out, "%.0f%%", 100 * w->row->target);
	num_cell(r, 4);
	put_points(r, w->points, w->max);
	buf_puts(&r->out, "</td></tr>");
}

static void breakdown(struct req *r, const struct idx766_report *rep, int unit,
                      const struct idx_result *x)
{
	buf_puts(&r->out, "<div class=\"idx-wrap\"><table class=\"idx\"><thead><tr><th>");
	page_text(r, "idx.row");
	for (int i = 0; i < 5; i++) {
		buf_puts(&r->out, "</th><th class=\"num\">");
		page_text(r, num_heads[i]);
	}
	buf_puts(&r->out, "</th></tr></thead><tbody>");
	for (int g = 0; g < IDX_GROUPS; g++) {
		const struct idx_group_def *gd = &x->profile->groups[g];
		buf_puts(&r->out, "<tr class=\"idx-g\"><th colspan=\"6\">");
		buf_html(&r->out, en(r) ? gd->name_en : gd->name_vi);
		buf_puts(&r->out, ": ");
		put_points(r, x->groups[g].points, x->groups[g].max);
		buf_puts(&r->out, "</th></tr>");
		for (size_t k = 0; k < x->nrows; k++)
			if (x->rows[k].row->group == (enum idx_group)g)
				breakdown_row(r, rep, unit, &x->rows[k]);
	}
	buf_puts(&r->out, "</tbody></table></div>");
}

struct fix {
	struct req *r;
	int n;
};

static int fix_row(const struct idx766_dossier *d, void *ctx)
{
	struct fix *f = ctx;
	if (!f->n++)
		buf_puts(&f->r->out, "<ul class=\"idx-fix\">");
	buf_puts(&f->r->out, "<li>");
	page_link(f->r, "/office/dossiers/", d->code, d->code);
	buf_puts(&f->r->out, "</li>");
	return 0;
}

/* For staff who may see them: up to 10 dossiers per row that lost its point. */
static void to_fix(struct req *r, const struct idx766_report *rep, const struct idx_result *x)
{
	const char *unit = rep->data.units[rep->root].code;
	struct xerr e = {0};
	if (!r->who || auth_unit(r, "index766.dossiers", unit, 0, &e) != 0)
		return;
	buf_puts(&r->out, "<h2 id=\"to-fix\">");
	page_text(r, "idx.to_fix");
	buf_puts(&r->out, "</h2>");
	for (size_t k = 0; k < x->nrows; k++) {
		const struct idx_row_result *w = &x->rows[k];
		if (!store_index766_row_listed(w->row->code) || w->state != IDX_SCORED ||
		    w->num >= w->den)
			continue;
		buf_printf(&r->out, "<h3>%s ", w->row->code);
		buf_html(&r->out, en(r) ? w->row->name_en : w->row->name_vi);
		buf_printf(&r->out, " (%.0f)</h3>", w->den - w->num);
		struct fix f = {r, 0};
		store_index766_dossiers(r->store, unit, w->row->code, rep->period.first,
		                        rep->period.last, rep->as_of, 0, 10, fix_row, &f, &e);
		if (f.n)
			buf_puts(&r->out, "</ul>");
		buf_puts(&r->out, "<p>");
		page_link_path(r, "/api/v1/index766/dossiers?unit=", unit,
		               arena_printf(&r->arena, "&period=%s&row=%s&format=csv",
		                            rep->period_text, w->row->code),
		               tr(r, "idx.csv"));
		buf_puts(&r->out, " · ");
		page_link_path(r, "/api/v1/index766/dossiers?unit=", unit,
		               arena_printf(&r->arena, "&period=%s&row=%s&format=xlsx",
		                            rep->period_text, w->row->code),
		               tr(r, "idx.xlsx"));
		buf_puts(&r->out, "</p>");
	}
}

static void period_form(struct req *r, const char *action, const char *parent, const char *period)
{
	buf_puts(&r->out, "<form method=\"get\" class=\"idx-period\" action=\"");
	buf_html(&r->out, action);
	buf_puts(&r->out, "\">");
	if (parent)
		page_hidden(r, "parent", parent);
	if (en(r))
		page_hidden(r, "lang", "en");
	page_input(r, "period", "text", "idx.period", period, "off", false);
	buf_puts(&r->out, "<button type=\"submit\">");
	page_text(r, "idx.show");
	buf_puts(&r->out, "</button></form>");
}

static int get_unit_index(struct req *r)
{
	struct xerr e = {0};
	const char *code = in_str(r, "code");
	struct idx766_report rep;
	if (idx766_report_make(r->store, code, in_str(r, "period"), &rep, &e) != 0)
		return resp_error(r, &e);
	const struct idx_result *x = &rep.res[rep.root];
	const struct idx_unit *u = &rep.data.units[rep.root];
	if (!x->profile) {
		idx766_report_free(&rep);
		return resp_fail(r, XERR_INVALID, "unit",
		                 "the 766 index scores provinces and communes");
	}
	page_begin(r, arena_printf(&r->arena, "%s — %s", tr(r, "idx.title"), u->name));
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link(r, "/index766", NULL, tr(r, "idx.ranking"));
	struct unit up;
	if (u->parent[0]) {
		buf_puts(&r->out, " › ");
		page_link(r, "/index766/", u->parent,
		          store_unit_get(r->store, u->parent, &up, NULL) == 0 ? up.name
		                                                              : u->parent);
	}
	buf_puts(&r->out, "</nav><h1>");
	buf_html(&r->out, u->name);
	buf_puts(&r->out, "</h1>");
	period_form(r, arena_printf(&r->arena, "/index766/%s", u->code), NULL, rep.period_text);
	buf_puts(&r->out, "<p class=\"idx-total\">");
	page_text(r, "idx.total");
	buf_puts(&r->out, ": <strong>");
	page_decimal(r, x->total, 2);
	buf_printf(&r->out, "</strong> / %.0f (%s)</p>", x->max, rep.period_text);
	if (!x->complete) {
		buf_puts(&r->out, "<p class=\"muted\">");
		page_text(r, "idx.incomplete");
		buf_puts(&r->out, "</p>");
	}
	buf_puts(&r->out, "<h2 id=\"idx-groups\">");
	page_text(r, "idx.groups");
	buf_puts(&r->out, "</h2><ol class=\"idx-legend\">");
	for (int g = 0; g < IDX_GROUPS; g++) {
		buf_puts(&r->out, "<li>");
		buf_html(&r->out,
		         en(r) ? x->profile->groups[g].name_en : x->profile->groups[g].name_vi);
		buf_puts(&r->out, "</li>");
	}
	buf_puts(&r->out, "</ol>");
	group_bars(r, x);
	buf_puts(&r->out, "<h2>");
	page_text(r, "idx.breakdown");
	buf_puts(&r->out, "</h2>");
	breakdown(r, &rep, rep.root, x);
	to_fix(r, &rep, x);
	/* Twelve months of a commune are twelve small counts; a province's
	 * would read its dossiers twelve times over: its communes' pages and
	 * the ranking show them. */
	if (u->level == UNIT_COMMUNE)
		trend(r, u->code, &rep.period);
	buf_puts(&r->out, "<p class=\"muted\">");
	buf_html(&r->out, en(r) ? x->profile->note_en : x->profile->note_vi);
	buf_puts(&r->out, "</p>");
	idx766_report_free(&rep);
	return page_end(r, 200);
}

static int get_ranking(struct req *r)
{
	struct xerr e = {0};
	const char *parent = in_str(r, "parent");
	struct idx766_report rep;
	if (idx766_report_make(r->store, parent, in_str(r, "period"), &rep, &e) != 0)
		return resp_error(r, &e);
	const char *title = rep.root >= 0 ? rep.data.units[rep.root].name : tr(r, "idx.provinces");
	page_begin(r, arena_printf(&r->arena, "%s — %s", tr(r, "idx.ranking"), title));
	buf_puts(&r->out, "<h1>");
	page_text(r, "idx.ranking");
	buf_puts(&r->out, ": ");
	buf_html(&r->out, title);
	buf_puts(&r->out, "</h1>");
	period_form(r, "/index766", parent, rep.period_text);
	size_t cap = rep.data.n ? rep.data.n : 1;
	int *units = arena_alloc(&r->arena, cap * sizeof *units);
	int *ranks = arena_alloc(&r->arena, cap * sizeof *ranks);
	size_t n = idx766_ranked(&rep, units, ranks, cap);
	buf_puts(&r->out, "<table class=\"idx-rank\"><thead><tr><th class=\"num\">");
	page_text(r, "idx.rank");
	buf_puts(&r->out, "</th><th>");
	page_text(r, "idx.unit");
	buf_puts(&r->out, "</th><th class=\"num\">");
	page_text(r, "idx.total");
	buf_puts(&r->out, "</th></tr></thead><tbody>");
	const char *suffix = arena_printf(&r->arena, "?period=%s", rep.period_text);
	for (size_t k = 0; k < n; k++) {
		const struct idx_unit *u = &rep.data.units[units[k]];
		buf_printf(&r->out, "<tr><td class=\"num\">%d</td><td>", ranks[k]);
		page_link_path(r, "/index766/", u->code, suffix, u->name);
		if (u->level == UNIT_PROVINCE) {
			buf_puts(&r->out, " · ");
			page_link_path(r, "/index766?parent=", u->code,
			               arena_printf(&r->arena, "&period=%s", rep.period_text),
			               tr(r, "idx.ranking"));
		}
		buf_puts(&r->out, "</td><td class=\"num\">");
		put_points(r, rep.res[units[k]].total, rep.res[units[k]].max);
		buf_puts(&r->out, "</td></tr>");
	}
	buf_puts(&r->out, "</tbody></table><p>");
	for (int x = 0; x < 2; x++) {
		const char *fmt = x ? "xlsx" : "csv";
		if (x)
			buf_puts(&r->out, " · ");
		page_link_path(r, "/api/v1/index766/rankings?period=", rep.period_text,
		               parent ? arena_printf(&r->arena, "&parent=%s&format=%s", parent, fmt)
		                      : arena_printf(&r->arena, "&format=%s", fmt),
		               tr(r, x ? "idx.xlsx" : "idx.csv"));
	}
	buf_puts(&r->out, "</p>");
	idx766_report_free(&rep);
	return page_end(r, 200);
}

static const struct param unit_in[] = {
    {"code", IN_PATH, IN_DIGITS, .min = 2, .max = 12},
    {"period", IN_QUERY, IN_TEXT, .min = 4, .max = 23},
    {NULL},
};
static const struct param ranking_in[] = {
    {"parent", IN_QUERY, IN_DIGITS, .min = 2, .max = 12},
    {"period", IN_QUERY, IN_TEXT, .min = 4, .max = 23},
    {NULL},
};

const struct route page_index766_routes[] = {
    {"GET", "/index766", get_ranking, "index766.read", 0, ranking_in},
    {"GET", "/index766/{}", get_unit_index, "index766.read", 0, unit_in},
    {NULL, NULL, NULL, NULL},
};
