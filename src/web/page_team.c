/*
 * page_team.c: the community digital team member's phone page.
 *   GET  /team          a form to log one piece of help in a few taps (big
 *                       buttons, today's date, one person by default) and the
 *                       team's last entries
 *   POST /team          the same form without JavaScript
 *   GET  /static/team.js   keeps entries on the phone when the link drops
 * Each form carries an id for its entry (client_id), made here for the
 * form without JavaScript and by the phone for the script: the store keeps
 * an id once, so a form sent twice (a double tap, a resend after a lost
 * answer) counts once. The script sends entries to POST
 * /api/v1/activities and keeps those not yet sent in localStorage until
 * the link is back (docs/guide-team.md).
 */
#include <stdio.h>
#include <string.h>

#include "core/embedded.h"
#include "core/secret.h"
#include "web/auth.h"
#include "web/page.h"
#include "web/records_view.h"

/* A new entry id: a random token's first 32 characters. */
static const char *entry_id(struct req *r)
{
	char token[TOKEN_LEN];
	token_new(token);
	return arena_strndup(&r->arena, token, 32);
}

struct recent {
	struct req *r;
	int n;
};

static int recent_row(const void *rec, void *ctx)
{
	const struct activity *a = rec;
	struct recent *x = ctx;
	struct req *r = x->r;
	char day[11], kind[48];
	cal_format_date(a->day, day);
	rec_get(&rec_activities, (size_t)rec_col_index(&rec_activities, "kind"), a, kind,
	        sizeof kind);
	buf_puts(&r->out, "<li>");
	buf_html(&r->out, day);
	buf_puts(&r->out, " · ");
	page_text(r, arena_printf(&r->arena, "team.kind.%s", kind));
	buf_printf(&r->out, " · %lld",
	           (long long)(a->kind == ACT_TRAINING ? a->attendance : a->people));
	if (a->member[0]) {
		buf_puts(&r->out, " · ");
		buf_html(&r->out, a->member);
	}
	buf_puts(&r->out, "</li>");
	x->n++;
	return 0;
}

static void kind_buttons(struct req *r)
{
	const struct expr_word *w =
	    rec_words(&rec_activities.cols[rec_col_index(&rec_activities, "kind")]);
	buf_puts(&r->out, "<fieldset class=\"kinds\"><legend>");
	page_text(r, "team.what");
	buf_puts(&r->out, "</legend>");
	for (size_t i = 0; w[i].word; i++) {
		buf_puts(&r->out, "<label class=\"kind\"><input type=\"radio\" name=\"f.kind\" "
		                  "required value=\"");
		buf_html(&r->out, w[i].word);
		buf_puts(&r->out, i == 0 ? "\" checked> " : "\"> ");
		page_text(r, arena_printf(&r->arena, "team.kind.%s", w[i].word));
		buf_puts(&r->out, "</label>");
	}
	buf_puts(&r->out, "</fieldset>");
}

static void entry_form(struct req *r)
{
	char today[11];
	cal_format_date(web_today(), today);
	buf_puts(
	    &r->out,
	    "<form id=\"activity-form\" class=\"stack team\" method=\"post\" action=\"/team\">");
	page_csrf(r);
	page_hidden(r, "f.id", entry_id(r));
	kind_buttons(r);
	buf_puts(&r->out, "<label>");
	page_text(r, "team.people");
	buf_puts(&r->out,
	         "<input name=\"f.people\" type=\"number\" min=\"1\" max=\"1000\" value=\"1\" "
	         "inputmode=\"numeric\"></label><label>");
	page_text(r, "team.attendance");
	buf_puts(&r->out, "<input name=\"f.attendance\" type=\"number\" min=\"0\" max=\"100000\" "
	                  "inputmode=\"numeric\" placeholder=\"0\"></label><label>");
	page_text(r, "team.day");
	buf_puts(&r->out, "<input name=\"f.day\" type=\"date\" required value=\"");
	buf_html(&r->out, today);
	buf_puts(&r->out, "\"></label><label>");
	page_text(r, "team.note");
	buf_puts(&r->out,
	         "<input name=\"f.note\" maxlength=\"200\"></label><button type=\"submit\" "
	         "class=\"big\">");
	page_text(r, "team.save");
	buf_puts(&r->out,
	         "</button></form><p id=\"pending\" class=\"pending\" hidden data-label=\"");
	buf_html(&r->out, tr(r, "team.pending"));
	buf_puts(&r->out, "\" data-saved=\"");
	buf_html(&r->out, tr(r, "team.saved_offline"));
	buf_puts(&r->out, "\" data-sent=\"");
	buf_html(&r->out, tr(r, "team.sent"));
	buf_puts(&r->out, "\" data-refused=\"");
	buf_html(&r->out, tr(r, "team.refused"));
	buf_puts(&r->out, "\"></p><p id=\"team-notice\" role=\"status\"></p>");
}

static int team_page(struct req *r, const char *notice, bool ok)
{
	struct xerr e = {0};
	struct team_member m;
	if (!r->who || store_member_of_account(r->store, r->who->account_id, &m, &e) != 0) {
		/* Staff who may log help but are no member: they log it on their
		 * unit's activities page. */
		page_begin(r, tr(r, "team.title"));
		page_message(r, "error", tr(r, "team.not_member"));
		return page_end(r, 200);
	}
	struct unit u;
	if (store_unit_get(r->store, m.team_unit, &u, &e) != 0)
		return resp_error(r, &e);
	page_begin(r, tr(r, "team.title"));
	buf_puts(&r->out, "<script src=\"/static/team.js\" defer></script><h1>");
	page_text(r, "team.title");
	buf_puts(&r->out, "</h1><p class=\"muted\">");
	buf_html(&r->out, m.full_name);
	buf_puts(&r->out, " · ");
	buf_html(&r->out, u.name);
	buf_puts(&r->out, "</p>");
	if (notice)
		page_message(r, ok ? "ok" : "error", notice);
	entry_form(r);
	buf_puts(&r->out, "<h2>");
	page_text(r, "team.recent");
	buf_puts(&r->out, "</h2><ul class=\"recent\">");
	struct rec_query q = {.unit = m.team_unit, .from = web_today() - 30};
	struct recent x = {r, 0};
	store_records_list(r->store, &rec_activities, &q, recent_row, &x, &e);
	buf_puts(&r->out, "</ul>");
	return page_end(r, ok ? 200 : 422);
}

static int get_team(struct req *r)
{
	return team_page(r, in_str(r, "ok") ? tr(r, "team.sent") : NULL, true);
}

static int post_team(struct req *r)
{
	struct xerr e = {0};
	struct activity a;
	struct team_member m;
	if (!r->who || store_member_of_account(r->store, r->who->account_id, &m, &e) != 0)
		return resp_error(r, &e);
	/* A member's entry is their team's. */
	const char *const fixed[] = {"team_unit", m.team_unit, NULL};
	int rc = rec_from_form(r, &rec_activities, &a, web_today(), fixed, &e);
	struct actor who;
	req_actor(r, &who);
	bool dup = false;
	if (rc == 0)
		rc = store_activity_enter(r->store, &who, &a, &dup, &e);
	if (rc == XERR_FORBIDDEN || rc == XERR_AUTH)
		return resp_error(r, &e);
	if (rc)
		return team_page(r, e.msg, false);
	return page_redirect(r, "/team?ok=1");
}

static int get_script(struct req *r)
{
	size_t len;
	const char *js = embedded_find("src/web/static/team.js", &len);
	if (!js)
		return resp_fail(r, XERR_NOTFOUND, "path", "no script");
	buf_add(&r->out, js, len);
	r->status = 200;
	r->content_type = "text/javascript; charset=utf-8";
	r->cache_control = "public, max-age=3600";
	return 0;
}

static const struct param team_in[] = {
    {"ok", IN_QUERY, IN_WORD, .words = "1"},
    {"f.", IN_FORM, IN_FIELDS, .max = 200},
    {NULL},
};

const struct route page_team_routes[] = {
    {"GET", "/team", get_team, "activity.create", 0, team_in},
    {"POST", "/team", post_team, "activity.create", 0, team_in},
    {"GET", "/static/team.js", get_script, "public"},
    {NULL, NULL, NULL, NULL},
};
