/*
 * page_units.c: the HTML pages of the unit tree: the home page (search and
 * the 34 provinces), a province page listing its communes and wards, and a
 * commune page listing its villages. Plain HTML, no JavaScript.
 */
#include <string.h>

#include "core/text.h"
#include "web/auth.h"
#include "web/monitor_page.h"
#include "web/page.h"
#include "web/units_view.h"

struct table_ctx {
	struct req *r;
	int rows;
};

static int unit_row(const struct unit *u, void *ctx)
{
	struct table_ctx *t = ctx;
	struct buf *b = &t->r->out;
	buf_puts(b, "<tr><td>");
	page_link(t->r, "/units/", u->code, u->name);
	buf_puts(b, "</td><td>");
	buf_html(b, u->type);
	buf_puts(b, "</td><td>");
	buf_html(b, u->code);
	buf_puts(b, "</td><td class=\"num\">");
	if (u->child_count)
		buf_printf(b, "%d", u->child_count);
	buf_puts(b, "</td></tr>");
	t->rows++;
	return 0;
}

static void table_open(struct req *r)
{
	buf_puts(&r->out, "<table><thead><tr><th>");
	page_text(r, "unit.name");
	buf_puts(&r->out, "</th><th>");
	page_text(r, "unit.type");
	buf_puts(&r->out, "</th><th>");
	page_text(r, "unit.code");
	buf_puts(&r->out, "</th><th class=\"num\">");
	page_text(r, "unit.count");
	buf_puts(&r->out, "</th></tr></thead><tbody>");
}

static void search_form(struct req *r, const char *q)
{
	struct buf *b = &r->out;
	buf_puts(b, "<form class=\"search\" method=\"get\" action=\"/\" role=\"search\">"
	            "<label for=\"q\" class=\"visually-hidden\" hidden>");
	page_text(r, "search.label");
	buf_puts(
	    b,
	    "</label><input id=\"q\" name=\"q\" type=\"search\" maxlength=\"100\" placeholder=\"");
	page_text(r, "search.label");
	buf_puts(b, "\" value=\"");
	buf_html(b, q ? q : "");
	buf_puts(b, "\">");
	if (!strcmp(r->lang, "en"))
		buf_puts(b, "<input type=\"hidden\" name=\"lang\" value=\"en\">");
	buf_puts(b, "<button type=\"submit\">");
	page_text(r, "search.button");
	buf_puts(b, "</button></form>");
}

static int get_home(struct req *r)
{
	struct xerr e = {0};
	/* A search text that is not one is no search: the home page. */
	const char *q = in_str(r, "q");
	page_begin(r, tr(r, "app.name"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "app.tagline");
	buf_puts(&r->out, "</h1>");
	if (!q) {
		/* What most visitors come for, first and large. */
		buf_puts(&r->out, "<ul class=\"services\"><li>");
		page_link(r, "/procedures", NULL, tr(r, "home.procedures"));
		buf_puts(&r->out, "</li><li>");
		page_link(r, "/track", NULL, tr(r, "home.track"));
		buf_puts(&r->out, "</li><li>");
		if (authz_by_ownership(auth_role(r)))
			page_link(r, "/my/dossiers", NULL, tr(r, "nav.my"));
		else
			page_link(r, "/login", NULL, tr(r, "home.login"));
		buf_puts(&r->out, "</li><li>");
		page_link(r, "/feedback", NULL, tr(r, "home.feedback"));
		buf_puts(&r->out, "</li></ul>");
	}
	search_form(r, q);
	struct table_ctx t = {r, 0};
	buf_puts(&r->out, "<h2>");
	page_text(r, q ? "search.results" : "unit.provinces");
	buf_puts(&r->out, "</h2>");
	table_open(r);
	int rc = q ? store_unit_search(r->store, q, 100, unit_row, &t, &e)
	           : store_unit_children(r->store, NULL, unit_row, &t, &e);
	buf_puts(&r->out, "</tbody></table>");
	if (rc) {
		buf_reset(&r->out);
		return resp_error(r, &e);
	}
	if (!t.rows) {
		buf_puts(&r->out, "<p class=\"muted\">");
		page_text(r, "search.none");
		buf_puts(&r->out, "</p>");
	}
	return page_end(r, 200);
}

static int get_unit_page(struct req *r)
{
	struct xerr e = {0};
	struct unit u, chain[4];
	int n;
	if (store_unit_get(r->store, in_str(r, "code"), &u, &e) != 0 ||
	    units_parent_chain(r->store, &u, chain, &n, &e) != 0)
		return resp_error(r, &e);
	page_begin(r, u.name);
	buf_puts(&r->out, "<nav class=\"crumbs\">");
	page_link(r, "/", NULL, tr(r, "nav.home"));
	for (int i = 0; i < n; i++) {
		buf_puts(&r->out, " › ");
		page_link(r, "/units/", chain[i].code, chain[i].name);
	}
	buf_puts(&r->out, "</nav><h1>");
	buf_html(&r->out, u.name);
	buf_puts(&r->out, "</h1><dl class=\"facts\"><dt>");
	page_text(r, "unit.code");
	buf_puts(&r->out, "</dt><dd>");
	buf_html(&r->out, u.code);
	buf_puts(&r->out, "</dd><dt>");
	page_text(r, "unit.type");
	buf_puts(&r->out, "</dt><dd>");
	buf_html(&r->out, u.type);
	buf_puts(&r->out, "</dd></dl>");
	if (u.level > UNIT_PROVINCE || authz_allows(auth_role(r), "people.count")) {
		buf_puts(&r->out, "<p class=\"actions\">");
		page_link_path(
		    r, "/units/", u.code,
		    authz_allows(auth_role(r), "people.count") ? "/digital" : "/products",
		    tr(r, authz_allows(auth_role(r), "people.count") ? "dx.title" : "dx.products"));
		buf_puts(&r->out, "</p>");
	}
	/* Monitoring (issue 14): a province's communes with their colours, a
	 * commune's indicators, criteria and tasks. */
	if (u.level == UNIT_PROVINCE && mon_province_section(r, &u))
		return 0;
	if (u.level == UNIT_COMMUNE && mon_commune_section(r, &u))
		return 0;
	if (u.level == UNIT_COMMUNE) {
		buf_puts(&r->out, "<h2>");
		page_text(r, "unit.villages");
		buf_printf(&r->out, " (%d)</h2>", u.child_count);
		struct table_ctx t = {r, 0};
		table_open(r);
		int rc = store_unit_children(r->store, u.code, unit_row, &t, &e);
		buf_puts(&r->out, "</tbody></table>");
		if (rc) {
			buf_reset(&r->out);
			return resp_error(r, &e);
		}
		if (!t.rows) {
			buf_puts(&r->out, "<p class=\"muted\">");
			page_text(r, "unit.no_villages");
			buf_puts(&r->out, "</p>");
		}
	}
	/* The frame names the signed-in account and carries its CSRF token:
	 * only anonymous pages may be kept by shared caches, and only those
	 * without live monitoring figures (a village's). */
	if (!r->who && u.level == UNIT_VILLAGE) {
		r->cache_control = "public, max-age=60";
		resp_header(r, "Vary", "Cookie");
	}
	return page_end(r, 200);
}

static const struct param home_in[] = {
    {"q", IN_QUERY, IN_TEXT, .min = 1, .max = 100},
    {NULL},
};
static const struct param unit_in[] = {
    {"code", IN_PATH, IN_TEXT, .max = UNIT_CODE_MAX - 1},
    {"period", IN_QUERY, IN_TEXT, .min = 4, .max = 23},
    {"sort", IN_QUERY, IN_TEXT, .min = 1, .max = 47},
    {"format", IN_QUERY, IN_WORD, .words = "json|csv|xlsx"},
    {NULL},
};

const struct route page_units_routes[] = {
    {"GET", "/", get_home, "public", 0, home_in, true},
    {"GET", "/units/{}", get_unit_page, "public", 0, unit_in},
    {NULL, NULL, NULL, NULL},
};
