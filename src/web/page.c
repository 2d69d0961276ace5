/* page.c: the frame shared by every HTML page, and the stylesheet route. */
#include <math.h>
#include <string.h>

#include "core/embedded.h"
#include "web/page.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/server_int.h"

static bool is_en(const struct req *r)
{
	return r->lang && !strcmp(r->lang, "en");
}

void page_text(struct req *r, const char *key)
{
	buf_html(&r->out, tr(r, key));
}

void page_decimal(struct req *r, double v, int decimals)
{
	if (isnan(v)) {
		buf_puts(&r->out, "—");
		return;
	}
	char s[48];
	snprintf(s, sizeof s, "%.*f", decimals, v);
	if (strcmp(r->lang, "en"))
		for (char *p = s; *p; p++)
			if (*p == '.')
				*p = ',';
	buf_puts(&r->out, s);
}

void page_link(struct req *r, const char *prefix, const char *value, const char *text)
{
	page_link_path(r, prefix, value, NULL, text);
}

void page_link_path(struct req *r, const char *prefix, const char *value, const char *suffix,
                    const char *text)
{
	buf_puts(&r->out, "<a href=\"");
	buf_html(&r->out, prefix);
	if (value)
		buf_urlenc(&r->out, value);
	if (suffix)
		buf_html(&r->out, suffix);
	if (is_en(r))
		buf_puts(&r->out, suffix && strchr(suffix, '?') ? "&amp;lang=en" : "?lang=en");
	buf_puts(&r->out, "\">");
	buf_html(&r->out, text);
	buf_puts(&r->out, "</a>");
}

void page_begin(struct req *r, const char *title)
{
	struct buf *b = &r->out;
	buf_printf(b,
	           "<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	           "<link rel=\"stylesheet\" href=\"/static/xaso.css\"><title>",
	           is_en(r) ? "en" : "vi");
	buf_html(b, title);
	buf_puts(b, " · xaso</title></head><body><header class=\"top\">");
	page_link(r, "/", NULL, tr(r, "app.name"));
	buf_puts(b, "<nav>");
	if (r->who) {
		if (authz_allows(auth_role(r), "dossier.process"))
			page_link(r, "/office", NULL, tr(r, "office.queue"));
		if (auth_role(r) == ROLE_TEAM)
			page_link(r, "/team", NULL, tr(r, "team.title"));
		else if (authz_allows(auth_role(r), "people.count") && r->who->unit[0])
			page_link_path(r, "/units/", r->who->unit, "/digital", tr(r, "dx.title"));
		page_link(r, "/account", NULL, r->who->login);
		buf_puts(b, "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" "
		            "name=\"csrf\" value=\"");
		buf_html(b, auth_csrf(r));
		buf_puts(b, "\"><button type=\"submit\">");
		page_text(r, "nav.logout");
		buf_puts(b, "</button></form>");
	} else {
		page_link(r, "/login", NULL, tr(r, "nav.login"));
	}
	/* The switch keeps the path and offers the other language. */
	buf_puts(b, "<a class=\"lang\" href=\"");
	buf_html(b, r->path);
	buf_puts(b, is_en(r) ? "?lang=vi\" hreflang=\"vi\">" : "?lang=en\" hreflang=\"en\">");
	page_text(r, "nav.lang_other");
	buf_puts(b, "</a></nav></header><nav class=\"site\">");
	/* The citizen's services, on every page. */
	page_link(r, "/procedures", NULL, tr(r, "nav.procedures"));
	page_link(r, "/track", NULL, tr(r, "nav.track"));
	if (authz_by_ownership(auth_role(r)))
		page_link(r, "/my/dossiers", NULL, tr(r, "nav.my"));
	page_link(r, "/feedback", NULL, tr(r, "nav.feedback"));
	if (authz_by_ownership(auth_role(r)))
		page_link(r, "/my/feedback", NULL, tr(r, "fb.mine"));
	buf_puts(b, "</nav><main>");
}

int page_end(struct req *r, int status)
{
	buf_puts(&r->out, "</main><footer>");
	page_text(r, "app.tagline");
	buf_puts(&r->out, "</footer></body></html>\n");
	return resp_html(r, status);
}

void page_hidden(struct req *r, const char *name, const char *value)
{
	buf_puts(&r->out, "<input type=\"hidden\" name=\"");
	buf_html(&r->out, name);
	buf_puts(&r->out, "\" value=\"");
	buf_html(&r->out, value ? value : "");
	buf_puts(&r->out, "\">");
}

void page_csrf(struct req *r)
{
	page_hidden(r, "csrf", auth_csrf(r));
}

void page_input(struct req *r, const char *name, const char *type, const char *label_key,
                const char *value, const char *autocomplete, bool required)
{
	buf_puts(&r->out, "<label>");
	page_text(r, label_key);
	buf_puts(&r->out, "<input name=\"");
	buf_html(&r->out, name);
	buf_puts(&r->out, "\" type=\"");
	buf_html(&r->out, type);
	buf_puts(&r->out, "\" autocomplete=\"");
	buf_html(&r->out, autocomplete);
	buf_puts(&r->out, required ? "\" required value=\"" : "\" value=\"");
	buf_html(&r->out, value ? value : "");
	buf_puts(&r->out, "\"></label>");
}

void page_message(struct req *r, const char *cls, const char *text)
{
	buf_puts(&r->out, "<p class=\"");
	buf_html(&r->out, cls);
	buf_puts(&r->out, "\" role=\"alert\">");
	buf_html(&r->out, text);
	buf_puts(&r->out, "</p>");
}

void page_fact(struct req *r, const char *key, const char *value)
{
	buf_puts(&r->out, "<dt>");
	page_text(r, key);
	buf_puts(&r->out, "</dt><dd>");
	buf_html(&r->out, value && *value ? value : "—");
	buf_puts(&r->out, "</dd>");
}

int page_redirect(struct req *r, const char *to)
{
	resp_header(r, "Location", to);
	r->status = 303;
	r->content_type = "text/plain; charset=utf-8";
	buf_reset(&r->out);
	buf_puts(&r->out, to);
	return 0;
}

const char *page_form_problem(struct req *r, int *status)
{
	const struct xerr *e = in_form_error(r);
	if (!e)
		return NULL;
	*status = xerr_http_status(e->code);
	const char *what = tr(r, e->code == XERR_LIMIT ? "form.too_long" : "form.unreadable");
	if (!e->field || !strcmp(e->field, "body") || !strcmp(e->field, "Content-Type"))
		return arena_printf(&r->arena, "%s %s", tr(r, "form.body"), what);
	return arena_printf(&r->arena, "%s “%s”: %s", tr(r, "form.field"), e->field, what);
}

static int get_css(struct req *r)
{
	size_t len;
	const char *css = embedded_find("src/web/static/xaso.css", &len);
	if (!css)
		return resp_fail(r, XERR_NOTFOUND, "path", "no stylesheet");
	buf_add(&r->out, css, len);
	r->status = 200;
	r->content_type = "text/css; charset=utf-8";
	r->cache_control = "public, max-age=86400";
	return 0;
}

const struct route static_routes[] = {
    {"GET", "/static/xaso.css", get_css, "public"},
    {NULL, NULL, NULL, NULL},
};

const char *page_site_url(struct req *r, const char *path)
{
	if (r->srv && r->srv->opts && r->srv->opts->public_url)
		return arena_printf(&r->arena, "%s%s", r->srv->opts->public_url, path);
	const char *host = req_header(r, "Host");
	return arena_printf(&r->arena, "%s://%s%s", r->tls ? "https" : "http",
	                    host && *host && !strpbrk(host, "\"<> /") ? host : "localhost", path);
}
