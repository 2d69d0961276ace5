/*
 * api_tasks.c: plan tasks and criteria sets (issue 14, items 5, 6, 9).
 *
 *   GET  /api/v1/tasks?unit=CODE[&format=csv|xlsx]   {"tasks": [...], "count": N}
 *   POST /api/v1/tasks, PUT /api/v1/tasks/ID          (province role, its subtree)
 *   GET  /api/v1/criteria                             {"criteria": [...], "count": N}
 *   POST /api/v1/criteria, PUT /api/v1/criteria/ID    (province role)
 *
 * A task's state (done, on track, late) is core's ind_task_state() as of
 * today; a criteria set's rules are compiled by core over the indicator
 * ids and the task counts when saved (422 naming the criterion and the
 * position in its rule).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "web/api_json.h"
#include "web/figures.h"
#include "web/http.h"
#include "web/tabular.h"

/* ---- tasks ---- */

static const char *task_state_name(enum ind_task_state s)
{
	switch (s) {
	case IND_TASK_DONE: return "done";
	case IND_TASK_DONE_LATE: return "done_late";
	case IND_TASK_LATE: return "late";
	default: return "on_track";
	}
}

static json_t *task_json(const struct mon_task *t, int32_t today)
{
	char deadline[11], done[11] = "";
	cal_format_date(t->deadline, deadline);
	if (t->done_on)
		cal_format_date(t->done_on, done);
	json_t *j =
	    json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s}", "id", (json_int_t)t->id,
	              "plan", t->plan, "title", t->title, "unit", t->unit, "owner", t->owner,
	              "deadline", deadline, "progress", t->progress, "evidence", t->evidence,
	              "state", task_state_name(ind_task_state(t->deadline, t->done_on, today)));
	json_object_set_new(j, "done_on", t->done_on ? json_string(done) : json_null());
	return j;
}

static const char *const task_head[] = {"id",       "plan",    "title",    "unit", "owner",
                                        "deadline", "done_on", "progress", "state"};

struct task_out {
	json_t *arr;
	struct tab *tab;
	int32_t today;
};

static int task_one(const struct mon_task *t, void *ctx)
{
	struct task_out *o = ctx;
	if (!o->tab) {
		json_array_append_new(o->arr, task_json(t, o->today));
		return 0;
	}
	char deadline[11], done[11] = "";
	cal_format_date(t->deadline, deadline);
	if (t->done_on)
		cal_format_date(t->done_on, done);
	enum ind_task_state st = ind_task_state(t->deadline, t->done_on, o->today);
	tab_num(o->tab, (double)t->id, IND_NO_COLOUR);
	tab_text(o->tab, t->plan);
	tab_text(o->tab, t->title);
	tab_text(o->tab, t->unit);
	tab_text(o->tab, t->owner);
	tab_text(o->tab, deadline);
	tab_text(o->tab, done);
	tab_num(o->tab, t->progress, IND_NO_COLOUR);
	tab_text(o->tab, task_state_name(st));
	return 0;
}

static int get_tasks(struct req *r)
{
	struct xerr e = {0};
	const char *unit = in_str(r, "unit");
	if (auth_unit(r, "task.read", unit, 0, &e) != 0)
		return resp_error(r, &e);
	const char *fmt = tab_format(r);
	struct tab tab;
	tab_init(&tab, r, task_head, 9);
	struct task_out o = {json_array(), fmt ? &tab : NULL, fig_today()};
	int rc = store_task_list(r->store, unit, task_one, &o, &e);
	if (rc == 0 && fmt)
		rc = tab_send(&tab, fmt, "tasks");
	tab_free(&tab);
	if (rc || fmt) {
		json_decref(o.arr);
		return rc ? resp_error(r, &e) : 0;
	}
	return resp_json(
	    r, 200,
	    json_pack("{s:o, s:I}", "tasks", o.arr, "count", (json_int_t)json_array_size(o.arr)));
}

static int read_day(struct req *r, json_t *body, const char *key, bool required, int32_t *day,
                    struct xerr *e)
{
	const char *s = NULL;
	*day = 0;
	if (api_str(r, body, key, 10, required, &s, e) != 0)
		return e->code;
	return s[0] ? cal_parse_date(s, key, day, e) : 0;
}

static int read_task(struct req *r, json_t *body, struct mon_task *t, struct xerr *e)
{
	const char *plan, *title, *unit, *owner, *evidence;
	long progress;
	if (api_str(r, body, "plan", sizeof t->plan / 4, true, &plan, e) ||
	    api_str(r, body, "title", 140, true, &title, e) ||
	    api_str(r, body, "unit", 12, true, &unit, e) ||
	    api_str(r, body, "owner", 140, false, &owner, e) ||
	    api_str(r, body, "evidence", 64, false, &evidence, e) ||
	    read_day(r, body, "deadline", true, &t->deadline, e) ||
	    read_day(r, body, "done_on", false, &t->done_on, e) ||
	    api_int(body, "progress", 0, 100, false, t->done_on ? 100 : 0, &progress, e))
		return e->code;
	snprintf(t->plan, sizeof t->plan, "%s", plan);
	snprintf(t->title, sizeof t->title, "%s", title);
	snprintf(t->unit, sizeof t->unit, "%s", unit);
	snprintf(t->owner, sizeof t->owner, "%s", owner);
	snprintf(t->evidence, sizeof t->evidence, "%s", evidence);
	t->progress = (int)progress;
	return 0;
}

static int save_task(struct req *r, bool create)
{
	struct xerr e = {0};
	struct mon_task t = {0};
	if (!create) {
		t.id = (int64_t)in_int(r, "id", 0);
		if (store_task_get(r->store, t.id, &t, &e) != 0 ||
		    auth_unit(r, "task.write", t.unit, 0, &e) != 0)
			return resp_error(r, &e);
	}
	json_t *body = api_body(r, &e);
	if (!body)
		return resp_error(r, &e);
	int rc = read_task(r, body, &t, &e);
	json_decref(body);
	if (rc || auth_unit(r, "task.write", t.unit, 0, &e) != 0)
		return resp_error(r, &e);
	struct actor who;
	req_actor(r, &who);
	if (store_task_save(r->store, &who, &t, create, &e) != 0)
		return resp_error(r, &e);
	return resp_json(r, create ? 201 : 200, task_json(&t, fig_today()));
}

static int post_task(struct req *r)
{
	return save_task(r, true);
}

static int put_task(struct req *r)
{
	return save_task(r, false);
}

/* ---- criteria sets ---- */

static json_t *criteria_json(const struct mon_criteria_set *c)
{
	json_t *items = json_array();
	for (size_t i = 0; i < c->n; i++)
		json_array_append_new(
		    items, json_pack("{s:s, s:s, s:s, s:s, s:b}", "id", c->items[i].id, "name_vi",
		                     c->items[i].name_vi, "name_en", c->items[i].name_en, "rule",
		                     c->items[i].rule, "critical", c->items[i].critical));
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:b, s:{s:i, s:b, s:b}, s:o}", "id", c->id,
	                 "phase", c->phase, "name_vi", c->name_vi, "name_en", c->name_en, "level",
	                 c->level, "active", c->active, "colour", "red_failed_over",
	                 c->colour.red_failed_over, "red_on_critical", c->colour.red_on_critical,
	                 "no_data_fails", c->colour.no_data_fails, "criteria", items);
}

static int criteria_one(const struct mon_criteria_set *c, void *ctx)
{
	json_array_append_new(ctx, criteria_json(c));
	return 0;
}

static int get_criteria(struct req *r)
{
	struct xerr e = {0};
	json_t *arr = json_array();
	if (store_criteria_list(r->store, criteria_one, arr, &e) != 0) {
		json_decref(arr);
		return resp_error(r, &e);
	}
	return resp_json(
	    r, 200,
	    json_pack("{s:o, s:I}", "criteria", arr, "count", (json_int_t)json_array_size(arr)));
}

static int copy(struct req *r, json_t *o, const char *key, size_t max, bool required, char *dst,
                size_t cap, struct xerr *e)
{
	const char *v;
	if (api_str(r, o, key, max, required, &v, e) != 0)
		return e->code;
	snprintf(dst, cap, "%s", v);
	return 0;
}

static int read_items(struct req *r, json_t *body, struct mon_criteria_set *c, struct xerr *e)
{
	json_t *arr = json_object_get(body, "criteria"), *it;
	size_t i;
	if (!json_is_array(arr) || !json_array_size(arr) || json_array_size(arr) > MON_CRITERIA_MAX)
		return xerr_set(e, XERR_INVALID, "criteria", "criteria: a list of 1 to %d",
		                MON_CRITERIA_MAX);
	c->items = calloc(json_array_size(arr), sizeof *c->items);
	if (!c->items)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	json_array_foreach(arr, i, it)
	{
		struct mon_criterion *m = &c->items[c->n++];
		if (copy(r, it, "id", IND_ID_MAX - 1, true, m->id, sizeof m->id, e) ||
		    copy(r, it, "name_vi", 200, true, m->name_vi, sizeof m->name_vi, e) ||
		    copy(r, it, "name_en", 200, false, m->name_en, sizeof m->name_en, e) ||
		    copy(r, it, "rule", EXPR_TEXT_MAX, true, m->rule, sizeof m->rule, e))
			return xerr_set(e, XERR_INVALID, "criteria", "criterion %zu: %s", i + 1,
			                e->msg);
		m->critical = json_is_true(json_object_get(it, "critical"));
	}
	return 0;
}

static int read_set(struct req *r, json_t *body, struct mon_criteria_set *c, struct xerr *e)
{
	long level, over;
	json_t *col = json_object_get(body, "colour");
	if (copy(r, body, "phase", IND_ID_MAX - 1, false, c->phase, sizeof c->phase, e) ||
	    copy(r, body, "name_vi", 200, true, c->name_vi, sizeof c->name_vi, e) ||
	    copy(r, body, "name_en", 200, false, c->name_en, sizeof c->name_en, e) ||
	    api_int(body, "level", 1, 3, false, 2, &level, e) ||
	    api_int(col, "red_failed_over", -1, MON_CRITERIA_MAX, false, -1, &over, e))
		return e->code;
	c->level = (int)level;
	c->colour.red_failed_over = (int)over;
	c->colour.red_on_critical = json_is_true(json_object_get(col, "red_on_critical"));
	c->colour.no_data_fails = json_is_true(json_object_get(col, "no_data_fails"));
	json_t *active = json_object_get(body, "active");
	c->active = !active || json_is_true(active);
	return read_items(r, body, c, e);
}

/* Core compiles every rule over the indicator ids and the task counts. */
static int check_set(struct req *r, const struct mon_criteria_set *c)
{
	struct xerr e = {0};
	struct fig_set all;
	if (fig_set_load(r->store, NULL, false, &all, &e) != 0)
		return resp_error(r, &e);
	size_t nn = all.n + IND_TASK_COUNTS;
	const char **names = arena_alloc(&r->arena, nn * sizeof *names);
	for (size_t k = 0; k < all.n; k++)
		names[k] = arena_strdup(&r->arena, all.ind[k].m.id);
	for (size_t j = 0; j < IND_TASK_COUNTS; j++)
		names[all.n + j] = ind_task_names[j];
	fig_set_free(&all);
	struct ind_criterion *items = arena_alloc(&r->arena, (c->n + 1) * sizeof *items);
	struct ind_criteria_set view;
	struct ind_criteria *compiled = NULL;
	struct expr_error pe = {0};
	size_t bad = 0;
	mon_criteria_view(c, items, &view);
	if (ind_criteria_compile(&view, names, nn, &compiled, &bad, &pe, &e) == 0) {
		ind_criteria_free(compiled);
		return 0;
	}
	json_t *err = json_pack("{s:s, s:s, s:s, s:I, s:i, s:i}", "code", "unprocessable",
	                        "message", e.msg, "field", "criteria", "criterion",
	                        (json_int_t)bad + 1, "line", pe.line, "column", pe.column);
	resp_json(r, 422, json_pack("{s:o}", "error", err));
	return 1;
}

static int save_set(struct req *r, bool create)
{
	struct xerr e = {0};
	struct mon_criteria_set c = {0};
	json_t *body = api_body(r, &e);
	if (!body)
		return resp_error(r, &e);
	int rc = create ? copy(r, body, "id", IND_ID_MAX - 1, true, c.id, sizeof c.id, &e) : 0;
	if (!create)
		snprintf(c.id, sizeof c.id, "%s", in_str(r, "id"));
	if (rc == 0)
		rc = read_set(r, body, &c, &e);
	json_decref(body);
	if (rc) {
		store_criteria_clear(&c);
		return resp_error(r, &e);
	}
	if (check_set(r, &c)) {
		store_criteria_clear(&c);
		return 0;
	}
	struct actor who;
	req_actor(r, &who);
	rc = store_criteria_save(r->store, &who, &c, create, &e);
	json_t *j = rc ? NULL : criteria_json(&c);
	store_criteria_clear(&c);
	return rc ? resp_error(r, &e) : resp_json(r, create ? 201 : 200, j);
}

static int post_criteria(struct req *r)
{
	return save_set(r, true);
}

static int put_criteria(struct req *r)
{
	return save_set(r, false);
}

static const struct param tasks_in[] = {
    {"unit", IN_QUERY, IN_DIGITS, true, .min = 2, .max = 12},
    {"format", IN_QUERY, IN_WORD, .words = TAB_FORMATS},
    {NULL},
};
static const struct param task_id_in[] = {
    {"id", IN_PATH, IN_INT, .min = 1, .max = INT64_MAX},
    {NULL},
};
static const struct param set_id_in[] = {
    {"id", IN_PATH, IN_TEXT, .min = 1, .max = IND_ID_MAX - 1},
    {NULL},
};

const struct route api_tasks_routes[] = {
    {"GET", "/api/v1/tasks", get_tasks, "task.read", 0, tasks_in},
    {"POST", "/api/v1/tasks", post_task, "task.write", 16 << 10},
    {"PUT", "/api/v1/tasks/{}", put_task, "task.write", 16 << 10, task_id_in},
    {"GET", "/api/v1/criteria", get_criteria, "indicator.read"},
    {"POST", "/api/v1/criteria", post_criteria, "indicator.write", 64 << 10},
    {"PUT", "/api/v1/criteria/{}", put_criteria, "indicator.write", 64 << 10, set_id_in},
    {NULL},
};
