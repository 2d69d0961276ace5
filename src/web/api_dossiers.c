/*
 * api_dossiers.c: dossiers of the one-stop shop over HTTP.
 *   POST /api/v1/dossiers                       file a dossier (citizen online,
 *                                               officer at the counter or by post)
 *   GET  /api/v1/dossiers?unit=&status=&procedure=&due_before=&limit=&after=
 *   GET  /api/v1/dossiers/CODE                  one dossier with its history
 *   POST /api/v1/dossiers/CODE/transitions      {"to": N, "note": "..."}
 *   POST /api/v1/dossiers/CODE/apology          {"new_due": "...", "reason": "..."}
 *   POST /api/v1/dossiers/CODE/rating           {"satisfied": true, "reason": "..."}
 *   GET  /api/v1/track/CODE                     public tracking, no personal data
 * Feedback (phản ánh, kiến nghị) is in api_feedback.c.
 *
 * Every route's action is checked by the server; once the record is known,
 * auth_unit() checks its unit (staff) or its owner (citizens). The rules
 * live in core/dossier.c and the store; this file only translates.
 */
#include <stdlib.h>
#include <string.h>

#include <stdio.h>
#include <time.h>

#include "web/auth.h"
#include "web/api_json.h"
#include "web/i18n.h"
#include "web/dossier_view.h"
#include "web/intake.h"
#include "web/page.h"

static json_t *status_json(const struct req *r, int status)
{
	return json_pack("{s:i, s:s, s:s}", "code", status, "name", dossier_status_name(status),
	                 "label", dossier_status_label(r, status));
}

static int64_t now_local(void)
{
	return dossier_local_minutes((int64_t)time(NULL));
}

/* Identity and phone numbers are shown in full only to the officers of
 * the receiving unit (Decree 13/2023: least data); others see them masked. */
static bool sees_personal_data(struct req *r, const char *unit)
{
	return auth_sees_pii(r, unit);
}

/* The dossier as JSON. full: personal numbers and form data in clear;
 * public (tracking): nothing about the applicant, the form or the rating. */
static json_t *dossier_json_view(struct req *r, const struct dossier *d, bool full, bool public,
                                 int64_t now)
{
	char t[6][17];
	const int64_t times[6] = {d->submitted_at,    d->received_at, d->due_at,
	                          d->original_due_at, d->finished_at, d->apology_at};
	json_t *j =
	    json_pack("{s:s, s:s, s:s, s:i, s:s, s:o}", "code", d->code, "unit", d->unit,
	              "procedure", d->procedure, "channel", d->channel, "channel_name",
	              dossier_channel_name(d->channel), "status", status_json(r, d->status));
	static const char *const names[6] = {"submitted_at",    "received_at", "due_at",
	                                     "original_due_at", "finished_at", NULL};
	for (int i = 0; i < 5; i++) {
		cal_format_time(times[i], t[i]);
		json_object_set_new(j, names[i], times[i] ? json_string(t[i]) : json_null());
	}
	json_object_set_new(j, "on_time",
	                    d->finished_at
	                        ? json_boolean(dossier_on_time(d->finished_at, d->original_due_at,
	                                                       d->supplement_count))
	                        : json_null());
	int64_t overdue_from = dossier_overdue_from(d);
	json_object_set_new(j, "overdue", json_boolean(overdue_from && now >= overdue_from));
	json_object_set_new(j, "supplement_count", json_integer(d->supplement_count));
	if (d->apology_at) {
		/* Public answers carry no text typed by anyone: the reason an
		 * officer wrote may name the applicant. */
		cal_format_time(d->apology_at, t[5]);
		json_t *ap = json_pack("{s:s}", "at", t[5]);
		if (!public)
			json_object_set_new(ap, "reason", json_string(d->apology_reason));
		json_object_set_new(j, "apology", ap);
	} else {
		json_object_set_new(j, "apology", json_null());
	}
	if (public)
		return j;
	json_object_set_new(j, "rating",
	                    d->rating < 0 ? json_null()
	                                  : json_pack("{s:b, s:s}", "satisfied", d->rating == 1,
	                                              "reason", d->rating_reason));
	char pid[16], phone[20];
	intake_numbers(d, full, pid, phone);
	json_object_set_new(j, "applicant",
	                    json_pack("{s:s, s:s, s:s, s:s}", "name", d->applicant_name, "pid", pid,
	                              "phone", phone, "address", d->applicant_address));
	json_error_t je;
	json_t *form = full ? json_loads(d->form, 0, &je) : NULL;
	json_object_set_new(j, "form", form ? form : json_null());
	return j;
}

static json_t *dossier_json(struct req *r, const struct dossier *d, bool full, int64_t now)
{
	return dossier_json_view(r, d, full, false, now);
}

/* ---- filing ---- */

static int post_dossier(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = arena_alloc(&r->arena, sizeof *d);
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	struct dossier_input in = {0};
	long channel = 0;
	bool citizen = r->who && r->who->role == ROLE_CITIZEN;
	json_t *ap = json_object_get(b, "applicant");
	in.form = json_object_get(b, "form");
	int rc = api_str(r, b, "unit", 12, true, &in.unit, &e);
	if (rc == 0)
		rc = api_str(r, b, "procedure", 8, true, &in.procedure, &e);
	if (rc == 0)
		rc = api_int(b, "channel", 1, 3, false, citizen ? DC_ONLINE : DC_COUNTER, &channel,
		             &e);
	if (rc == 0 && (!ap || !json_is_object(ap)))
		rc = xerr_set(&e, XERR_INVALID, "applicant",
		              "applicant must be an object with name, pid, phone, address");
	static const char *const members[4] = {"name", "pid", "phone", "address"};
	const char **values[4] = {&in.name, &in.pid, &in.phone, &in.address};
	for (int i = 0; rc == 0 && i < 4; i++)
		if ((rc = api_str(r, ap, members[i], 300, false, values[i], &e)) != 0)
			e.field = arena_printf(&r->arena, "applicant.%s", members[i]);
	in.channel = (int)channel;
	in.applicant_account = citizen ? r->who->account_id : 0;
	if (rc == 0)
		rc = intake_dossier(r, &in, d, &e);
	json_decref(b);
	if (rc)
		return resp_error(r, &e);
	char rt[17], dt[17];
	cal_format_time(d->received_at, rt);
	cal_format_time(d->due_at, dt);
	json_t *j = json_pack("{s:s, s:o}", "code", d->code, "status", status_json(r, d->status));
	json_object_set_new(j, "received_at", d->received_at ? json_string(rt) : json_null());
	json_object_set_new(j, "due_at", d->due_at ? json_string(dt) : json_null());
	resp_header(r, "Location", arena_printf(&r->arena, "/api/v1/dossiers/%s", d->code));
	return resp_json(r, 201, j);
}

/* ---- reading ---- */

/* Loads the dossier of the route's {} and checks the caller may run
 * `action` on it; answers and returns NULL otherwise. */
static struct dossier *load(struct req *r, const char *action)
{
	struct xerr e = {0};
	struct dossier *d = arena_alloc(&r->arena, sizeof *d);
	if (!dossier_code_valid(r->params[0])) {
		resp_fail(r, XERR_INVALID, "code", "a dossier code looks like 66001-260428-0001");
		return NULL;
	}
	if (store_dossier_get(r->store, r->params[0], d, &e) != 0 ||
	    auth_unit(r, action, d->unit, d->applicant_account, &e) != 0) {
		resp_error(r, &e);
		return NULL;
	}
	return d;
}

static int add_event(const struct dossier_event *ev, void *ctx)
{
	char at[17];
	cal_format_time(ev->at, at);
	json_t *j = json_pack("{s:i, s:i, s:s, s:s, s:s}", "from", ev->from, "to", ev->to, "at", at,
	                      "role", ev->role, "note", ev->note);
	json_array_append_new(ctx, j);
	return 0;
}

static int add_pause(const struct dossier_pause *p, void *ctx)
{
	char a[17], b[17], c[17];
	cal_format_time(p->start, a);
	cal_format_time(p->end, b);
	cal_format_time(p->restart_due, c);
	json_t *j = json_pack("{s:s}", "start", a);
	json_object_set_new(j, "end", p->end ? json_string(b) : json_null());
	json_object_set_new(j, "restart_due", p->restart_due ? json_string(c) : json_null());
	json_array_append_new(ctx, j);
	return 0;
}

static int add_file(const struct dossier_file *f, void *ctx)
{
	json_array_append_new(ctx,
	                      json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)f->id, "kind",
	                                f->kind, "sha256", f->sha256, "name", f->name));
	return 0;
}

/* Records that the caller read a dossier's personal data in full. */
static int audit_read(struct req *r, const char *object, const char *detail, struct xerr *e)
{
	struct actor who;
	req_actor(r, &who);
	return store_audit_record(r->store, &who, "dossier.read", object, detail, e);
}

static int get_dossier(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = load(r, "dossier.read");
	if (!d)
		return 0;
	bool full = sees_personal_data(r, d->unit);
	if (full && audit_read(r, d->code, "applicant", &e) != 0)
		return resp_error(r, &e);
	json_t *j = dossier_json(r, d, full, now_local());
	json_t *events = json_array(), *pauses = json_array();
	json_object_set_new(j, "events", events);
	json_t *files = json_array();
	json_object_set_new(j, "pauses", pauses);
	json_object_set_new(j, "files", files);
	if (store_dossier_events(r->store, d->id, add_event, events, &e) != 0 ||
	    store_dossier_pauses(r->store, d->id, add_pause, pauses, &e) != 0 ||
	    store_dossier_files(r->store, d->id, add_file, files, &e) != 0) {
		json_decref(j);
		return resp_error(r, &e);
	}
	return resp_json(r, 200, j);
}

struct list_ctx {
	struct req *r;
	json_t *arr;
	bool full;
	int64_t now, last;
};

static int add_dossier(const struct dossier *d, void *ctx)
{
	struct list_ctx *l = ctx;
	json_array_append_new(l->arr, dossier_json(l->r, d, l->full, l->now));
	l->last = d->id;
	return 0;
}

/* "YYYY-MM-DD" (the start of that day) or "YYYY-MM-DDTHH:MM". */
static int parse_when(const char *s, const char *field, int64_t *t, struct xerr *e)
{
	int32_t day;
	if (strlen(s) == 10) {
		if (cal_parse_date(s, field, &day, e))
			return XERR_INVALID;
		*t = cal_time(day, 0);
		return 0;
	}
	return cal_parse_time(s, field, t, e);
}

static int get_dossiers(struct req *r)
{
	struct xerr e = {0};
	struct dossier_filter f;
	memset(&f, 0, sizeof f);
	long status, limit, after;
	const char *due = req_query(r, "due_before");
	bool citizen = r->who && r->who->role == ROLE_CITIZEN;
	f.unit = req_query(r, "unit");
	f.procedure = req_query(r, "procedure");
	if (api_query_int(r, "status", 1, DS_MAX, 0, &status, &e) ||
	    api_query_int(r, "limit", 1, 500, 50, &limit, &e) ||
	    api_query_int(r, "after", 0, INT64_MAX / 2, 0, &after, &e) ||
	    (due && parse_when(due, "due_before", &f.due_before, &e)))
		return resp_error(r, &e);
	if (f.unit && (strlen(f.unit) < 2 || strlen(f.unit) > 12 ||
	               strspn(f.unit, "0123456789") != strlen(f.unit)))
		return resp_fail(r, XERR_INVALID, "unit", "unit must be a unit code");
	if (f.procedure && procedure_check_code(f.procedure, &e)) {
		e.field = "procedure";
		return resp_error(r, &e);
	}
	f.status = (int)status;
	f.limit = (int)limit;
	f.after = after;
	if (citizen && !f.unit) {
		/* A citizen lists their own dossiers; a unit's list is staff's. */
		f.applicant_account = r->who->account_id;
	} else {
		if (!f.unit)
			f.unit = r->who && r->who->unit[0] ? r->who->unit : NULL;
		if (!f.unit)
			return resp_fail(r, XERR_INVALID, "unit", "unit is required");
		struct unit u;
		if (store_unit_get(r->store, f.unit, &u, &e) != 0) {
			e.field = "unit";
			return resp_error(r, &e);
		}
		if (auth_unit(r, "dossier.list", f.unit, 0, &e) != 0)
			return resp_error(r, &e);
	}
	struct list_ctx l = {r, json_array(), !f.applicant_account && sees_personal_data(r, f.unit),
	                     now_local(), 0};
	if (store_dossier_list(r->store, &f, add_dossier, &l, &e) != 0) {
		json_decref(l.arr);
		return resp_error(r, &e);
	}
	size_t n = json_array_size(l.arr);
	if (l.full && n &&
	    audit_read(r, f.unit, arena_printf(&r->arena, "list of %zu dossiers", n), &e) != 0) {
		json_decref(l.arr);
		return resp_error(r, &e);
	}
	json_t *j = json_pack("{s:o, s:I}", "dossiers", l.arr, "count", (json_int_t)n);
	json_object_set_new(j, "next_after",
	                    n == (size_t)f.limit ? json_integer(l.last) : json_null());
	return resp_json(r, 200, j);
}

/* ---- changes ---- */

static int post_transition(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = load(r, "dossier.transition");
	if (!d)
		return 0;
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	long to;
	const char *note;
	int rc = api_int(b, "to", 1, DS_MAX, true, 0, &to, &e);
	if (rc == 0)
		rc = api_str(r, b, "note", 500, false, &note, &e);
	json_decref(b);
	if (rc)
		return resp_error(r, &e);
	enum dossier_side side =
	    r->who && r->who->role == ROLE_CITIZEN ? SIDE_APPLICANT : SIDE_STAFF;
	struct actor who;
	req_actor(r, &who);
	if (store_dossier_transition(r->store, &who, d->code, (int)to, side, note, 0, d, &e) != 0)
		return resp_error(r, &e);
	return resp_json(r, 200, dossier_json(r, d, sees_personal_data(r, d->unit), now_local()));
}

static int post_apology(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = load(r, "dossier.transition");
	if (!d)
		return 0;
	if (!r->who || r->who->role == ROLE_CITIZEN)
		return resp_fail(r, XERR_FORBIDDEN, NULL,
		                 "only the receiving unit sends an apology");
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	const char *new_due, *reason;
	int64_t due = 0;
	int rc = api_str(r, b, "new_due", 16, true, &new_due, &e);
	if (rc == 0)
		rc = cal_parse_time(new_due, "new_due", &due, &e);
	if (rc == 0)
		rc = api_str(r, b, "reason", 500, true, &reason, &e);
	json_decref(b);
	struct actor who;
	req_actor(r, &who);
	if (rc || store_dossier_apology(r->store, &who, d->code, due, reason, 0, d, &e) != 0)
		return resp_error(r, &e);
	return resp_json(r, 200, dossier_json(r, d, sees_personal_data(r, d->unit), now_local()));
}

static int post_rating(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = load(r, "dossier.rate");
	if (!d)
		return 0;
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	json_t *sat = json_object_get(b, "satisfied");
	const char *reason = "";
	int rc = sat && json_is_boolean(sat)
	             ? 0
	             : xerr_set(&e, XERR_INVALID, "satisfied", "satisfied must be true or false");
	if (rc == 0)
		rc = api_str(r, b, "reason", 500, false, &reason, &e);
	bool satisfied = sat && json_is_true(sat);
	json_decref(b);
	struct actor who;
	req_actor(r, &who);
	if (rc || store_dossier_rate(r->store, &who, d->code, satisfied, reason, 0, d, &e) != 0)
		return resp_error(r, &e);
	return resp_json(r, 200,
	                 json_pack("{s:s, s:b, s:s}", "code", d->code, "satisfied", satisfied,
	                           "reason", reason));
}

/* Links an uploaded file (POST /api/v1/blobs) to the dossier: the
 * applicant or the unit adds documents, only the unit adds results. */
static int post_file(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = load(r, "file.upload");
	if (!d)
		return 0;
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	const char *sha = "", *name = "", *kind = "";
	int rc = api_str(r, b, "sha256", 64, true, &sha, &e);
	if (rc == 0)
		rc = api_str(r, b, "name", 200, true, &name, &e);
	if (rc == 0)
		rc = api_str(r, b, "kind", 12, false, &kind, &e);
	json_decref(b);
	if (rc)
		return resp_error(r, &e);
	struct dossier_file f;
	memset(&f, 0, sizeof f);
	snprintf(f.kind, sizeof f.kind, "%s", *kind ? kind : "document");
	snprintf(f.sha256, sizeof f.sha256, "%s", sha);
	snprintf(f.name, sizeof f.name, "%s", name);
	if (!strcmp(f.kind, "result") && (!r->who || r->who->role == ROLE_CITIZEN))
		return resp_fail(r, XERR_FORBIDDEN, "kind",
		                 "only the receiving unit issues results");
	struct actor who;
	req_actor(r, &who);
	if (store_dossier_file_add(r->store, &who, d->code, &f, &e) != 0)
		return resp_error(r, &e);
	return resp_json(r, 201,
	                 json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)f.id, "kind", f.kind,
	                           "sha256", f.sha256, "name", f.name));
}

/* ---- public tracking ---- */

static int track_event(const struct dossier_event *ev, void *ctx)
{
	struct list_ctx *l = ctx;
	char at[17];
	if (ev->from == ev->to)
		return 0; /* an apology or a rating: not a step */
	cal_format_time(ev->at, at);
	json_array_append_new(
	    l->arr, json_pack("{s:o, s:s}", "status", status_json(l->r, ev->to), "at", at));
	return 0;
}

/* Until when a tracking answer built at now_s stays right: a minute at
 * most (names of units and procedures may change elsewhere), and no later
 * than the minute its "overdue" turns true. */
static int64_t track_expiry(const struct dossier *d, int64_t now_s)
{
	int64_t until = now_s + 60, from = dossier_overdue_from(d);
	if (from) {
		int64_t from_s = dossier_unix_seconds(from);
		if (from_s > now_s && from_s < until)
			until = from_s;
	}
	return until;
}

static int get_track(struct req *r)
{
	struct xerr e = {0};
	const char *code = r->params[0];
	if (!dossier_code_valid(code))
		return resp_fail(r, XERR_INVALID, "code",
		                 "a dossier code looks like 66001-260428-0001");
	/* Tracking is read far more often than dossiers change: the answer
	 * is kept until the dossier changes (store_memo_get). */
	int variant = !strcmp(r->lang, "en");
	int64_t now_s = (int64_t)time(NULL);
	uint64_t ticket;
	r->content_type = "application/json; charset=utf-8";
	if (store_memo_get(r->store, code, variant, now_s, &r->out, &ticket)) {
		r->status = 200;
		return 0;
	}
	struct dossier_track *t = arena_alloc(&r->arena, sizeof *t);
	int64_t now = dossier_local_minutes(now_s);
	struct list_ctx l = {r, json_array(), false, now, 0};
	if (store_dossier_track(r->store, code, t, track_event, &l, &e) != 0) {
		json_decref(l.arr);
		return resp_error(r, &e);
	}
	const struct dossier *d = &t->d;
	/* Tracking is public: nothing about the applicant. */
	json_t *j = dossier_json_view(r, d, false, true, now);
	json_object_set_new(
	    j, "procedure",
	    json_pack("{s:s, s:s}", "code", d->procedure, "name", t->procedure_name));
	json_object_set_new(j, "unit",
	                    json_pack("{s:s, s:s}", "code", d->unit, "name", t->unit_name));
	int next[8];
	int n = dossier_next_statuses(d->status, next, 8);
	json_t *steps = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(steps, status_json(r, next[i]));
	json_object_set_new(j, "next_steps", steps);
	json_object_set_new(j, "history", l.arr);
	resp_json(r, 200, j);
	store_memo_put(r->store, code, variant, r->out.data, r->out.len, track_expiry(d, now_s),
	               ticket);
	return 0;
}

const struct route api_dossiers_routes[] = {
    {"POST", "/api/v1/dossiers", post_dossier, "dossier.create"},
    {"GET", "/api/v1/dossiers", get_dossiers, "dossier.list"},
    {"GET", "/api/v1/dossiers/{}", get_dossier, "dossier.read"},
    {"POST", "/api/v1/dossiers/{}/transitions", post_transition, "dossier.transition"},
    {"POST", "/api/v1/dossiers/{}/apology", post_apology, "dossier.transition"},
    {"POST", "/api/v1/dossiers/{}/rating", post_rating, "dossier.rate"},
    {"POST", "/api/v1/dossiers/{}/files", post_file, "file.upload"},
    {"GET", "/api/v1/track/{}", get_track, "dossier.track"},
    {NULL, NULL, NULL, NULL},
};
