/*
 * api_dossiers.c: dossiers of the one-stop shop over HTTP.
 *   POST /api/v1/dossiers                       file a dossier (citizen online,
 *                                               officer at the counter or by post)
 *   GET  /api/v1/dossiers?unit=&status=&procedure=&due_before=&limit=&after=
 *   GET  /api/v1/dossiers/CODE                  one dossier with its history
 *   POST /api/v1/dossiers/CODE/transitions      {"to": N, "note": "..."}
 *   POST /api/v1/dossiers/CODE/approve          {"note": "...", "file": {"sha256", "name"}}:
 *                                               a leader approves a signed result
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
#include "web/result_view.h"
#include "web/results.h"
#include "web/server_int.h"

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
	enum dossier_verdict v = dossier_judge(d, now);
	json_object_set_new(j, "on_time",
	                    v == DOSSIER_ON_TIME || v == DOSSIER_LATE
	                        ? json_boolean(v == DOSSIER_ON_TIME)
	                        : json_null());
	json_object_set_new(j, "overdue", json_boolean(v == DOSSIER_OVERDUE));
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

/* "documents": [{"sha256", "name"}], files uploaded before (POST
 * /api/v1/blobs), linked in the filing's transaction. */
static int documents_of(struct req *r, json_t *b, struct dossier_input *in, struct xerr *e)
{
	json_t *docs = json_object_get(b, "documents");
	if (!docs || json_is_null(docs))
		return 0;
	if (!json_is_array(docs))
		return xerr_set(e, XERR_INVALID, "documents",
		                "documents must be a list of {\"sha256\", \"name\"}");
	size_t n = json_array_size(docs);
	struct dossier_file *links = arena_alloc(&r->arena, sizeof *links * (n + 1));
	for (size_t i = 0; i < n; i++) {
		json_t *doc = json_array_get(docs, i);
		const char *sha, *name;
		if (!json_is_object(doc) || api_str(r, doc, "sha256", 64, true, &sha, e) ||
		    api_str(r, doc, "name", 200, true, &name, e))
			return xerr_set(e, XERR_INVALID, "documents",
			                "documents[%zu] must be {\"sha256\", \"name\"}", i);
		snprintf(links[i].kind, sizeof links[i].kind, "document");
		snprintf(links[i].sha256, sizeof links[i].sha256, "%s", sha);
		snprintf(links[i].name, sizeof links[i].name, "%s", name);
	}
	in->links = links;
	in->nlinks = (int)n;
	return 0;
}

static int post_dossier(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = arena_alloc(&r->arena, sizeof *d);
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	struct dossier_input in = {0};
	long channel = 0;
	json_t *ap = json_object_get(b, "applicant");
	in.form = json_object_get(b, "form");
	int rc = api_str(r, b, "unit", 12, true, &in.unit, &e);
	if (rc == 0)
		rc = api_str(r, b, "procedure", 8, true, &in.procedure, &e);
	if (rc == 0)
		rc = api_int(b, "channel", 1, 3, false, 0, &channel, &e);
	if (rc == 0 && (!ap || !json_is_object(ap)))
		rc = xerr_set(&e, XERR_INVALID, "applicant",
		              "applicant must be an object with name, pid, phone, address");
	/* The applicant's text as given: its limits are core's (core/filing.h). */
	static const char *const members[4] = {"name", "pid", "phone", "address"};
	const char **values[4] = {&in.name, &in.pid, &in.phone, &in.address};
	for (int i = 0; rc == 0 && i < 4; i++)
		if ((rc = api_text(r, ap, members[i], values[i], &e)) != 0)
			e.field = arena_printf(&r->arena, "applicant.%s", members[i]);
	if (rc == 0)
		rc = documents_of(r, b, &in, &e);
	in.channel = (int)channel;
	if (rc == 0)
		rc = intake_dossier(r, &in, d, NULL, &e);
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

struct file_list {
	json_t *arr;
	struct result_view_filter shown;
};

static int add_file(const struct dossier_file *f, void *ctx)
{
	struct file_list *l = ctx;
	if (result_view_hides(&l->shown, f))
		return 0;
	json_array_append_new(l->arr,
	                      json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)f->id, "kind",
	                                f->kind, "sha256", f->sha256, "name", f->name));
	return 0;
}

struct sig_list {
	struct req *r;
	json_t *arr;
};

static int add_signature(const struct result_signature *g, void *ctx)
{
	struct sig_list *l = ctx;
	json_array_append_new(l->arr, result_view_json(l->r, g));
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
	struct dossier *d = dossier_load(r, "dossier.read");
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
	json_t *signatures = json_array();
	json_object_set_new(j, "signatures", signatures);
	struct sig_list sl = {r, signatures};
	struct file_list *fl = arena_alloc(&r->arena, sizeof *fl);
	fl->arr = files;
	result_view_filter_init(r, d, &fl->shown);
	if (store_dossier_events(r->store, d->id, add_event, events, &e) != 0 ||
	    store_dossier_pauses(r->store, d->id, add_pause, pauses, &e) != 0 ||
	    store_dossier_files(r->store, d->id, add_file, fl, &e) != 0 ||
	    store_result_signatures(r->store, d->id, add_signature, &sl, &e) != 0) {
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

static int get_dossiers(struct req *r)
{
	struct xerr e = {0};
	struct dossier_filter f;
	memset(&f, 0, sizeof f);
	bool own = authz_by_ownership(auth_role(r));
	f.unit = in_str(r, "unit");
	f.procedure = in_str(r, "procedure");
	f.due_before = in_int(r, "due_before", 0);
	f.status = (int)in_int(r, "status", 0);
	f.limit = (int)in_int(r, "limit", 50);
	f.after = in_int(r, "after", 0);
	if (own && !f.unit) {
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

/* The leader's approval of a signed result (web/results.h): the result
 * attached before, or file ({"sha256", "name"} uploaded with POST
 * /api/v1/blobs), signed, and the dossier moved with it. */
static int approve(struct req *r, struct dossier *d, const char *note, json_t *file)
{
	struct xerr e = {0};
	struct dossier_file df = {0};
	const char *sha = NULL, *name = NULL;
	if (file && !json_is_null(file) &&
	    (!json_is_object(file) || api_str(r, file, "sha256", 64, true, &sha, &e) ||
	     api_str(r, file, "name", 200, true, &name, &e)))
		return resp_fail(r, XERR_INVALID, "file", "file must be {\"sha256\", \"name\"}");
	if (sha) {
		snprintf(df.kind, sizeof df.kind, "result");
		snprintf(df.sha256, sizeof df.sha256, "%s", sha);
		snprintf(df.name, sizeof df.name, "%s", name);
	}
	struct result_signature *sig = arena_alloc(&r->arena, sizeof *sig);
	if (result_view_approve(r, d, note, sha ? &df : NULL, sig, &e) != 0)
		return resp_error(r, &e);
	json_t *j = dossier_json(r, d, sees_personal_data(r, d->unit), now_local());
	json_object_set_new(j, "signature", result_view_json(r, sig));
	return resp_json(r, 200, j);
}

static int post_approve(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = dossier_load(r, "dossier.approve");
	if (!d)
		return 0;
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	const char *note = "";
	int rc = api_str(r, b, "note", DOSSIER_NOTE_CHARS, false, &note, &e);
	rc = rc ? resp_error(r, &e) : approve(r, d, note, json_object_get(b, "file"));
	json_decref(b);
	return rc;
}

static int post_transition(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = dossier_load(r, "dossier.transition");
	if (!d)
		return 0;
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	long to;
	const char *note;
	int rc = api_int(b, "to", 1, DS_MAX, true, 0, &to, &e);
	if (rc == 0)
		rc = api_str(r, b, "note", DOSSIER_NOTE_CHARS, false, &note, &e);
	json_decref(b);
	if (rc)
		return resp_error(r, &e);
	enum dossier_side side = dossier_side_of(r);
	/* A leader moving a signed result to "result ready" approves it. */
	if ((side & SIDE_APPROVER) &&
	    dossier_move_signs(d->status, (int)to, dossier_result_signed(r, d)))
		return approve(r, d, note, NULL);
	struct actor who;
	req_actor(r, &who);
	if (store_dossier_transition(r->store, &who, d->code, (int)to, side, note, 0, d, &e) != 0)
		return resp_error(r, &e);
	return resp_json(r, 200, dossier_json(r, d, sees_personal_data(r, d->unit), now_local()));
}

static int post_apology(struct req *r)
{
	struct xerr e = {0};
	struct dossier *d = dossier_load(r, "dossier.process");
	if (!d)
		return 0;
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	const char *new_due, *reason;
	int64_t due = 0;
	int rc = api_str(r, b, "new_due", 16, true, &new_due, &e);
	if (rc == 0)
		rc = cal_parse_time(new_due, "new_due", &due, &e);
	if (rc == 0)
		rc = api_str(r, b, "reason", DOSSIER_NOTE_CHARS, true, &reason, &e);
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
	struct dossier *d = dossier_load(r, "dossier.rate");
	if (!d)
		return 0;
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	const char *reason;
	bool satisfied;
	int rc = api_rating(r, b, DOSSIER_NOTE_CHARS, &satisfied, &reason, &e);
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
	struct dossier *d = dossier_load(r, "file.upload");
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
	if (!strcmp(f.kind, "result") && !authz_allows(auth_role(r), "dossier.process"))
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
	const char *code = in_str(r, "code");
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

static const struct param list_in[] = {
    {"unit", IN_QUERY, IN_DIGITS, .min = 2, .max = 12},
    {"status", IN_QUERY, IN_INT, .min = 1, .max = DS_MAX},
    {"procedure", IN_QUERY, IN_PROCEDURE},
    {"due_before", IN_QUERY, IN_TIME},
    {"limit", IN_QUERY, IN_INT, .min = 1, .max = 500},
    {"after", IN_QUERY, IN_INT, .min = 0, .max = INT64_MAX / 2},
    {NULL},
};
static const struct param dossier_in[] = {DOSSIER_CODE_IN, {NULL}};

const struct route api_dossiers_routes[] = {
    {"POST", "/api/v1/dossiers", post_dossier, "dossier.create", .rate = RL_FILING},
    {"GET", "/api/v1/dossiers", get_dossiers, "dossier.list", 0, list_in},
    {"GET", "/api/v1/dossiers/{}", get_dossier, "dossier.read", 0, dossier_in},
    {"POST", "/api/v1/dossiers/{}/transitions", post_transition, "dossier.transition", 0,
     dossier_in},
    {"POST", "/api/v1/dossiers/{}/approve", post_approve, "dossier.approve", 0, dossier_in},
    {"POST", "/api/v1/dossiers/{}/apology", post_apology, "dossier.process", 0, dossier_in},
    {"POST", "/api/v1/dossiers/{}/rating", post_rating, "dossier.rate", 0, dossier_in},
    {"POST", "/api/v1/dossiers/{}/files", post_file, "file.upload", 0, dossier_in},
    {"GET", "/api/v1/track/{}", get_track, "dossier.track", 0, dossier_in, .rate = RL_TRACK},
    {NULL, NULL, NULL, NULL},
};
