/*
 * page_my_feedback.c: a signed-in citizen's own feedback (phản ánh, kiến
 * nghị), as plain HTML forms:
 *   GET  /my/feedback                  newest first: status, answer, rating
 *   POST /my/feedback/ID/rating        like or dislike the answer, once
 *
 * Only feedback sent while signed in is listed and can be rated: anonymous
 * feedback cannot be told apart from anyone else's. When a rating is
 * allowed is core's decision (feedback_rate_check); the store records it
 * with its audit entry. Row 5.3 of the 766 index counts the dislikes.
 */
#include <stdio.h>
#include <string.h>

#include "web/auth.h"
#include "web/citizen_view.h"
#include "web/form.h"
#include "web/page.h"

enum { MY_FEEDBACK_MAX = 100 };

struct mine {
	struct req *r;
	int n;
};

static void rate_form(struct req *r, const struct feedback *f)
{
	buf_printf(
	    &r->out,
	    "<form class=\"stack wide\" method=\"post\" action=\"/my/feedback/%lld/rating%s\">",
	    (long long)f->id, cit_lang_query(r));
	page_csrf(r);
	buf_puts(&r->out, "<p>");
	page_text(r, "fb.rate");
	buf_puts(&r->out, "</p>");
	cit_rating_choices(r, "fb.rate_reason");
	buf_puts(&r->out, "<button type=\"submit\">");
	page_text(r, "fb.rate_send");
	buf_puts(&r->out, "</button></form>");
}

static int show_one(const struct feedback *f, void *ctx)
{
	struct mine *m = ctx;
	struct req *r = m->r;
	struct xerr e = {0};
	m->n++;
	buf_printf(&r->out, "<li id=\"fb-%lld\"><strong>#%lld</strong> ", (long long)f->id,
	           (long long)f->id);
	buf_html(&r->out, f->content);
	buf_puts(&r->out, "<dl class=\"facts\">");
	cit_fact_time(r, "fb.sent_at", f->created_at);
	cit_fact(r, "fb.topic", cit_topic_name(r, f->topic));
	cit_fact(r, "fb.status", tr(r, arena_printf(&r->arena, "fb.status_%s", f->status)));
	if (f->answer[0])
		cit_fact(r, "fb.answer", f->answer);
	if (f->rating >= 0)
		cit_fact(r, "fb.rated", tr(r, f->rating ? "fb.like" : "fb.dislike"));
	buf_puts(&r->out, "</dl>");
	if (feedback_rate_check(f->status, f->rating >= 0, &e) == 0)
		rate_form(r, f);
	if (feedback_repeat_check(f->status, f->account_id, f->account_id, f->dossier_code, "",
	                          NULL) == 0) {
		buf_printf(&r->out, "<p><a href=\"/feedback?repeats=%lld%s\">", (long long)f->id,
		           *cit_lang_query(r) ? "&amp;lang=en" : "");
		page_text(r, "fb.follow_up");
		buf_puts(&r->out, "</a></p>");
	}
	buf_puts(&r->out, "</li>");
	return m->n >= MY_FEEDBACK_MAX;
}

static int feedback_page(struct req *r, const char *error, int status)
{
	struct xerr e = {0};
	page_begin(r, tr(r, "fb.mine"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "fb.mine");
	buf_puts(&r->out, "</h1>");
	if (error)
		page_message(r, "error", error);
	else if (in_str(r, "done"))
		page_message(r, "ok", tr(r, "fb.rated_thanks"));
	buf_puts(&r->out, "<ul class=\"cards\">");
	struct mine m = {r, 0};
	if (store_feedback_mine(r->store, r->who->account_id, 0, MY_FEEDBACK_MAX, show_one, &m,
	                        &e) < 0)
		return resp_error(r, &e);
	buf_puts(&r->out, "</ul>");
	if (!m.n) {
		buf_puts(&r->out, "<p class=\"muted\">");
		page_text(r, "fb.mine_none");
		buf_puts(&r->out, "</p>");
	}
	return page_end(r, status);
}

static int get_mine(struct req *r)
{
	return feedback_page(r, NULL, 200);
}

static int post_rating(struct req *r)
{
	struct xerr e = {0};
	struct feedback *f = arena_alloc(&r->arena, sizeof *f);
	const char *sat = in_str(r, "satisfied"), *reason = in_str(r, "reason");
	if (in_refused(r, "id") || store_feedback_get(r->store, in_int(r, "id", 0), f, &e) != 0)
		return feedback_page(r, tr(r, "fb.not_found"), 404);
	if (!authz_owns(r->who, f->account_id)) /* like another's dossier: 403 */
		return feedback_page(r, tr(r, "fb.not_yours"), 403);
	if (!sat)
		return feedback_page(r, tr(r, "my.rate_pick"), 400);
	if (in_refused(r, "reason"))
		return feedback_page(r, tr(r, "file.too_long"), 400);
	struct actor who;
	req_actor(r, &who);
	if (store_feedback_rate(r->store, &who, f->id, !strcmp(sat, "1"), reason ? reason : "", f,
	                        &e) != 0)
		return feedback_page(r, e.msg, xerr_http_status(e.code));
	return page_redirect(r,
	                     arena_printf(&r->arena, "/my/feedback?%sdone=rated#fb-%lld",
	                                  *cit_lang_query(r) ? "lang=en&" : "", (long long)f->id));
}

static const struct param mine_in[] = {
    {"done", IN_QUERY, IN_WORD, .words = "rated"},
    {NULL},
};
static const struct param rating_in[] = {
    {"id", IN_PATH, IN_INT, .min = 1, .max = INT64_MAX},
    {"satisfied", IN_FORM, IN_WORD, .words = "1|0"},
    {"reason", IN_FORM, IN_TEXT, .max = DOSSIER_NOTE_CHARS},
    {NULL},
};

/* The pages answer a refused input inside themselves: lenient routes. */
const struct route page_my_feedback_routes[] = {
    {"GET", "/my/feedback", get_mine, "feedback.rate", 0, mine_in, true},
    {"POST", "/my/feedback/{}/rating", post_rating, "feedback.rate", 0, rating_in, true},
    {NULL, NULL, NULL, NULL, 0},
};
