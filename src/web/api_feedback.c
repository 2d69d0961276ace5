/*
 * api_feedback.c: feedback and complaints (phản ánh, kiến nghị).
 *   POST /api/v1/feedback               anyone: {"unit", "content", "dossier_code",
 *                                       "name", "contact", "topic", "repeats"}
 *   GET  /api/v1/feedback?unit=&after=&limit=   staff of the unit's subtree
 *   POST /api/v1/feedback/ID/answer     {"answer": "...", "refuse": false, "topic"}
 *   POST /api/v1/feedback/ID/rating     the sender's account only, once, after
 *                                       the answer: {"satisfied": true, "reason"}
 * Deadlines (refuse 2, ask for more 5, answer 15 working days) are set by
 * the store; topics ("procedure", "staff") are core's words
 * (feedback_topic_parse), and so is when a rating is allowed, and when
 * feedback may follow up ("repeats") the sender's earlier feedback
 * (feedback_repeat_check; row 5.3 of the 766 index counts that one's
 * answer as not satisfying).
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/api_json.h"

static json_t *feedback_json(const struct feedback *f, bool staff)
{
	char t[5][17];
	const int64_t times[5] = {f->created_at, f->refuse_by, f->supplement_by, f->answer_by,
	                          f->answered_at};
	static const char *const names[5] = {"created_at", "refuse_by", "supplement_by",
	                                     "answer_by", "answered_at"};
	json_t *j = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)f->id, "unit", f->unit,
	                      "status", f->status, "content", f->content);
	json_object_set_new(j, "dossier_code",
	                    f->dossier_code[0] ? json_string(f->dossier_code) : json_null());
	for (int i = 0; i < 5; i++) {
		cal_format_time(times[i], t[i]);
		json_object_set_new(j, names[i], times[i] ? json_string(t[i]) : json_null());
	}
	json_object_set_new(j, "answer", f->answer[0] ? json_string(f->answer) : json_null());
	json_object_set_new(j, "repeats", f->repeats ? json_integer(f->repeats) : json_null());
	const char *topic = feedback_topic_word(f->topic);
	json_object_set_new(j, "topic", *topic ? json_string(topic) : json_null());
	json_object_set_new(j, "rating",
	                    f->rating < 0 ? json_null()
	                                  : json_pack("{s:b, s:s}", "satisfied", f->rating == 1,
	                                              "reason", f->rating_reason));
	if (staff)
		json_object_set_new(
		    j, "sender", json_pack("{s:s, s:s}", "name", f->name, "contact", f->contact));
	return j;
}

static int post_feedback(struct req *r)
{
	struct xerr e = {0};
	struct feedback *f = arena_alloc(&r->arena, sizeof *f);
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	const char *unit = "", *content = "", *code = "", *name = "", *contact = "", *topic = "";
	int rc = api_str(r, b, "unit", 12, false, &unit, &e);
	if (rc == 0 && (rc = api_str(r, b, "topic", 20, false, &topic, &e)) == 0)
		rc = feedback_topic_parse(topic, &f->topic, &e);
	if (rc == 0)
		rc = api_str(r, b, "content", FEEDBACK_TEXT_CHARS, true, &content, &e);
	if (rc == 0)
		rc = api_str(r, b, "dossier_code", DOSSIER_CODE_MAX - 1, false, &code, &e);
	if (rc == 0)
		rc = api_str(r, b, "name", FEEDBACK_NAME_CHARS, false, &name, &e);
	if (rc == 0)
		rc = api_str(r, b, "contact", FEEDBACK_CONTACT_CHARS, false, &contact, &e);
	long repeats = 0;
	if (rc == 0)
		rc = api_int(b, "repeats", 1, LONG_MAX, false, 0, &repeats, &e);
	json_decref(b);
	if (rc == 0 && *code) {
		/* Feedback about a dossier goes to the unit that received it. */
		struct dossier *d = arena_alloc(&r->arena, sizeof *d);
		if (!dossier_code_valid(code))
			rc = xerr_set(&e, XERR_INVALID, "dossier_code",
			              "a dossier code looks like 66001-260428-0001");
		else if ((rc = store_dossier_get(r->store, code, d, &e)) != 0)
			e.field = "dossier_code";
		else if (*unit && strcmp(unit, d->unit))
			rc = xerr_set(&e, XERR_INVALID, "unit",
			              "the dossier was received by unit %s", d->unit);
		else
			unit = d->unit;
	}
	if (rc == 0 && !*unit && !repeats)
		rc = xerr_set(&e, XERR_INVALID, "unit",
		              "unit is required (the commune or ward concerned)");
	if (rc)
		return resp_error(r, &e);
	snprintf(f->unit, sizeof f->unit, "%s", unit);
	snprintf(f->dossier_code, sizeof f->dossier_code, "%s", code);
	snprintf(f->name, sizeof f->name, "%s", name);
	snprintf(f->contact, sizeof f->contact, "%s", contact);
	snprintf(f->content, sizeof f->content, "%s", content);
	f->account_id = r->who ? r->who->account_id : 0;
	f->repeats = repeats; /* its unit and dossier are the earlier one's */
	struct actor who;
	req_actor(r, &who);
	if (store_feedback_create(r->store, &who, f, &e) != 0)
		return resp_error(r, &e);
	return resp_json(r, 201, feedback_json(f, false));
}

struct list_ctx {
	json_t *arr;
	int64_t last;
};

static int add_feedback(const struct feedback *f, void *ctx)
{
	struct list_ctx *l = ctx;
	json_array_append_new(l->arr, feedback_json(f, true));
	l->last = f->id;
	return 0;
}

static int get_feedback(struct req *r)
{
	struct xerr e = {0};
	const char *unit = in_str(r, "unit");
	int64_t after = in_int(r, "after", 0), limit = in_int(r, "limit", 50);
	if (!unit)
		unit = r->who && r->who->unit[0] ? r->who->unit : NULL;
	if (!unit)
		return resp_fail(r, XERR_INVALID, "unit", "unit is required");
	struct unit u;
	if (store_unit_get(r->store, unit, &u, &e) != 0) {
		e.field = "unit";
		return resp_error(r, &e);
	}
	if (auth_unit(r, "feedback.read", unit, 0, &e) != 0)
		return resp_error(r, &e);
	struct list_ctx l = {json_array(), 0};
	if (store_feedback_list(r->store, unit, after, (int)limit, add_feedback, &l, &e) != 0) {
		json_decref(l.arr);
		return resp_error(r, &e);
	}
	size_t n = json_array_size(l.arr);
	json_t *j = json_pack("{s:o, s:I}", "feedback", l.arr, "count", (json_int_t)n);
	json_object_set_new(j, "next_after",
	                    n == (size_t)limit ? json_integer(l.last) : json_null());
	return resp_json(r, 200, j);
}

static int post_answer(struct req *r)
{
	struct xerr e = {0};
	int64_t id = in_int(r, "id", 0);
	struct feedback *f = arena_alloc(&r->arena, sizeof *f);
	if (store_feedback_get(r->store, id, f, &e) != 0 ||
	    auth_unit(r, "feedback.answer", f->unit, 0, &e) != 0)
		return resp_error(r, &e);
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	const char *answer, *word = "";
	int topic = 0;
	json_t *refuse = json_object_get(b, "refuse");
	int rc = api_str(r, b, "answer", FEEDBACK_TEXT_CHARS, true, &answer, &e);
	if (rc == 0 && (rc = api_str(r, b, "topic", 20, false, &word, &e)) == 0)
		rc = feedback_topic_parse(word, &topic, &e);
	if (rc == 0 && refuse && !json_is_boolean(refuse))
		rc = xerr_set(&e, XERR_INVALID, "refuse", "refuse must be true or false");
	bool refused = refuse && json_is_true(refuse);
	json_decref(b);
	struct actor who;
	req_actor(r, &who);
	if (rc || store_feedback_answer(r->store, &who, id, refused, answer, topic, 0, f, &e) != 0)
		return resp_error(r, &e);
	return resp_json(r, 200, feedback_json(f, true));
}

/* Only the account that sent the feedback rates the answer: an anonymous
 * sender cannot be told apart from anyone else (docs/index766.md). */
static int post_rating(struct req *r)
{
	struct xerr e = {0};
	int64_t id = in_int(r, "id", 0);
	struct feedback *f = arena_alloc(&r->arena, sizeof *f);
	if (store_feedback_get(r->store, id, f, &e) != 0)
		return resp_error(r, &e);
	if (!authz_owns(r->who, f->account_id))
		return resp_fail(r, XERR_FORBIDDEN, "id",
		                 "only its sender's account rates feedback");
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	const char *reason;
	bool satisfied;
	int rc = api_rating(r, b, FEEDBACK_TEXT_CHARS, &satisfied, &reason, &e);
	json_decref(b);
	struct actor who;
	req_actor(r, &who);
	if (rc || store_feedback_rate(r->store, &who, id, satisfied, reason, f, &e) != 0)
		return resp_error(r, &e);
	return resp_json(r, 200, feedback_json(f, false));
}

static const struct param list_in[] = {
    {"unit", IN_QUERY, IN_TEXT, .max = UNIT_CODE_MAX - 1},
    {"after", IN_QUERY, IN_INT, .min = 0, .max = INT64_MAX / 2},
    {"limit", IN_QUERY, IN_INT, .min = 1, .max = 500},
    {NULL},
};
static const struct param answer_in[] = {
    {"id", IN_PATH, IN_INT, .min = 1, .max = INT64_MAX},
    {NULL},
};

const struct route api_feedback_routes[] = {
    {"POST", "/api/v1/feedback", post_feedback, "feedback.create", .rate = RL_FEEDBACK},
    {"GET", "/api/v1/feedback", get_feedback, "feedback.read", 0, list_in},
    {"POST", "/api/v1/feedback/{}/answer", post_answer, "feedback.answer", 0, answer_in},
    {"POST", "/api/v1/feedback/{}/rating", post_rating, "feedback.rate", 0, answer_in},
    {NULL, NULL, NULL, NULL},
};
