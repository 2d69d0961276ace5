/*
 * page_office_actions.c: the actions on a dossier, each on its own page:
 *   GET  /office/dossiers/CODE/ACTION   says what will happen, with its form
 *   POST /office/dossiers/CODE/ACTION   does it, then shows the next page
 * ACTION is one of the names in `actions` below (a transition of the state
 * machine of docs/dossiers.md, made by the receiving unit), "apology"
 * (Decree 61/2018 art. 19(9): once, before the appointment), or, for a
 * procedure whose result is a signed document, "attach" (the officer
 * attaches the result) and "approve" (the leader approves it, which signs
 * it: web/results.h). An action the
 * current status does not allow answers 409 with the state machine's
 * message and changes nothing.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/form.h"
#include "web/dossier_view.h"
#include "web/intake.h"
#include "web/office.h"
#include "web/page.h"
#include "web/result_view.h"
#include "web/results.h"
#include "web/server_int.h"
#include "web/auth.h"

/* What an action does: move the dossier (a transition of the state
 * machine), send an apology, attach a result awaiting the leader's
 * approval, or approve (and so sign) it. */
enum act_kind { ACT_MOVE, ACT_APOLOGY, ACT_ATTACH, ACT_APPROVE };

struct office_action {
	const char *name;
	const char *note_key; /* label of the note; NULL: no note asked */
	const char *then;     /* where to go after it: a paper form, or the dossier */
	int to;
	bool note_required;
	enum act_kind kind;
};

static const struct office_action actions[] = {
    {"receive", NULL, "/receipt", DS_RECEIVED, false, ACT_MOVE},
    {"refuse", "office.reason", "/refusal", DS_REFUSED, true, ACT_MOVE},
    {"process", "office.note", NULL, DS_PROCESSING, false, ACT_MOVE},
    {"supplement", "office.missing", "/supplement", DS_SUPPLEMENT, true, ACT_MOVE},
    {"supplemented", "office.note", NULL, DS_PROCESSING, false, ACT_MOVE},
    {"fee", "office.fee_note", NULL, DS_FEE, false, ACT_MOVE},
    {"paid", "office.note", NULL, DS_PROCESSING, false, ACT_MOVE},
    {"stop", "office.reason", "/refusal", DS_STOPPED, true, ACT_MOVE},
    {"result", "office.note", NULL, DS_RESULT, false, ACT_MOVE},
    {"attach", NULL, NULL, 0, false, ACT_ATTACH},
    {"approve", "office.note", NULL, DS_RESULT, false, ACT_APPROVE},
    {"return", "office.note", NULL, DS_RETURNED, false, ACT_MOVE},
    {"apology", "office.apology_reason", "/apology", 0, true, ACT_APOLOGY},
};
enum { NACTIONS = sizeof actions / sizeof actions[0] };

/* "supplemented" and "paid" are the ways back to processing from 5 and 6
 * ("paid" is offered once the fee is paid in full: a payment recorded on
 * the dossier's fee section, or a fee set to what was paid); "process" is
 * the one from 2. */
static bool action_fits(const struct office_action *a, int from)
{
	if (!strcmp(a->name, "process"))
		return from == DS_RECEIVED;
	if (!strcmp(a->name, "supplemented"))
		return from == DS_SUPPLEMENT;
	if (!strcmp(a->name, "paid"))
		return from == DS_FEE;
	return true;
}

static const struct office_action *find_action(const char *name)
{
	for (int i = 0; i < NACTIONS; i++)
		if (!strcmp(actions[i].name, name))
			return &actions[i];
	return NULL;
}

/* 0 when a can be done now by the caller; otherwise the state machine's
 * refusal. signs: the procedure's result is a signed document, so that
 * the move to "result ready" is the leader's approval (core/dossier.h). */
static int action_check(struct req *r, const struct office_action *a, const struct dossier *d,
                        bool signs, int64_t now, struct xerr *e)
{
	bool approval = dossier_move_signs(d->status, DS_RESULT, signs);
	switch (a->kind) {
	case ACT_APOLOGY: return dossier_apology_check(d, now, e);
	case ACT_ATTACH:
		if (!approval || !authz_allows(auth_role(r), "dossier.process"))
			return xerr_set(e, XERR_CONFLICT, NULL,
			                "a result is attached for approval while the dossier is "
			                "processed, when its procedure issues a signed result");
		return 0;
	case ACT_APPROVE:
		if (!approval)
			return xerr_set(
			    e, XERR_CONFLICT, NULL,
			    "nothing to approve: the result of this procedure is not signed, "
			    "or the dossier is not being processed");
		break;
	case ACT_MOVE:
		if (a->to == DS_RESULT && approval)
			return xerr_set(e, XERR_FORBIDDEN, NULL, "%s",
			                tr(r, "office.result_is_approved"));
		break;
	}
	int rc = dossier_move_check(d, a->to, dossier_side_of(r), signs, e);
	if (rc == 0 && !action_fits(a, d->status))
		rc = xerr_set(e, XERR_CONFLICT, NULL, "use the action for the current status");
	return rc;
}

void office_action_links(struct req *r, const struct dossier *d)
{
	bool signs = dossier_result_signed(r, d);
	int64_t now = office_now();
	buf_puts(&r->out, "<ul class=\"actions\">");
	for (int i = 0; i < NACTIONS; i++) {
		struct xerr e = {0};
		if (action_check(r, &actions[i], d, signs, now, &e) != 0)
			continue;
		buf_puts(&r->out, "<li>");
		page_link_path(r, "/office/dossiers/", d->code,
		               arena_printf(&r->arena, "/%s", actions[i].name),
		               tr(r, arena_printf(&r->arena, "office.act.%s", actions[i].name)));
		buf_puts(&r->out, "</li>");
	}
	buf_puts(&r->out, "</ul>");
}

static void action_form(struct req *r, const struct dossier *d, const struct office_action *a)
{
	bool upload = !strcmp(a->name, "result") || a->kind == ACT_ATTACH || a->kind == ACT_APPROVE;
	buf_printf(&r->out, "<form class=\"stack\" method=\"post\"%s action=\"/office/dossiers/",
	           upload ? " enctype=\"multipart/form-data\"" : "");
	buf_urlenc(&r->out, d->code);
	buf_puts(&r->out, "/");
	buf_html(&r->out, a->name);
	buf_puts(&r->out, "\">");
	page_csrf(r);
	if (a->kind == ACT_APOLOGY) {
		char v[17] = "";
		const char *given = in_str(r, "new_due");
		if (!given && d->due_at) {
			const struct cal *cal;
			struct cal_hours h;
			struct xerr e = {0};
			int64_t next = 0;
			/* A suggestion: five working days after the current one. */
			if (store_calendar(r->store, &cal, &e) == 0 &&
			    store_office_hours_get(r->store, d->unit, &h, &e) == 0 &&
			    cal_add_workdays(cal, &h, d->due_at, 5, &next, &e) == 0)
				cal_format_time(next, v);
		}
		page_input(r, "new_due", "datetime-local", "office.new_due", given ? given : v,
		           "off", true);
	}
	if (a->note_key) {
		buf_puts(&r->out, "<label>");
		page_text(r, a->note_key);
		buf_printf(&r->out, "<textarea name=\"note\" rows=\"4\" maxlength=\"%d\"%s>",
		           DOSSIER_NOTE_CHARS, a->note_required ? " required" : "");
		const char *note = in_str(r, "note");
		buf_html(&r->out, note ? note : "");
		buf_puts(&r->out, "</textarea></label>");
	}
	if (upload) {
		buf_puts(&r->out, "<label>");
		page_text(r, "office.result_file");
		buf_printf(&r->out,
		           "<input type=\"file\" name=\"file\"%s "
		           "accept=\".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png\">"
		           "</label>",
		           a->kind == ACT_ATTACH ? " required" : "");
	}
	buf_puts(&r->out, "<button type=\"submit\">");
	page_text(r, arena_printf(&r->arena, "office.act.%s", a->name));
	buf_puts(&r->out, "</button></form>");
}

/* The confirmation page; error (may be NULL) above the form. */
static int action_page(struct req *r, const struct dossier *d, const struct office_action *a,
                       const char *error, int status)
{
	office_page_head(r, d, tr(r, arena_printf(&r->arena, "office.act.%s", a->name)), error);
	buf_puts(&r->out, "<dl class=\"facts\"><dt>");
	page_text(r, "office.dossier");
	buf_puts(&r->out, "</dt><dd>");
	buf_html(&r->out, d->code);
	buf_puts(&r->out, " — ");
	buf_html(&r->out, d->applicant_name);
	buf_puts(&r->out, "</dd><dt>");
	page_text(r, "office.procedure");
	buf_puts(&r->out, "</dt><dd>");
	buf_html(&r->out, office_procedure_name(r, d->procedure));
	buf_puts(&r->out, "</dd><dt>");
	page_text(r, "office.status");
	buf_puts(&r->out, "</dt><dd>");
	buf_html(&r->out, dossier_status_label(r, d->status));
	if (a->to) {
		buf_puts(&r->out, " → ");
		buf_html(&r->out, dossier_status_label(r, a->to));
	}
	buf_puts(&r->out, "</dd><dt>");
	page_text(r, "office.due");
	buf_puts(&r->out, "</dt><dd>");
	office_time_words(r, d->due_at);
	buf_puts(&r->out, "</dd></dl><p>");
	page_text(r, arena_printf(&r->arena, "office.what.%s", a->name));
	buf_puts(&r->out, "</p>");
	if (a->kind == ACT_APPROVE)
		result_view_approval(r, d);
	if (status < 300 || status == 400 || status == 413)
		action_form(r, d, a);
	return page_end(r, status);
}

static const struct office_action *load(struct req *r, struct dossier **d)
{
	*d = office_dossier(r, "dossier.transition", false);
	if (!*d)
		return NULL;
	const struct office_action *a = find_action(in_str(r, "action"));
	if (!a) {
		struct xerr e = {0};
		xerr_set(&e, XERR_NOTFOUND, "action", "no such action on a dossier");
		office_error(r, &e, NULL);
	}
	return a;
}

static int get_action(struct req *r)
{
	struct dossier *d;
	const struct office_action *a = load(r, &d);
	if (!a)
		return 0;
	struct xerr e = {0};
	if (action_check(r, a, d, dossier_result_signed(r, d), office_now(), &e) != 0)
		return action_page(r, d, a, e.msg, xerr_http_status(e.code));
	return action_page(r, d, a, NULL, 200);
}

/* The result document sent with the form, judged and put in the blob
 * store (*got false when none was sent). */
static int result_upload(struct req *r, struct dossier_file *df, bool *got, struct xerr *e)
{
	struct form f;
	int n;
	*got = false;
	memset(df, 0, sizeof *df);
	if (form_parse(r, &f, e) != 0)
		return e->code;
	const struct form_file *files = in_files(r, "file", &n);
	if (!n)
		return 0;
	const struct form_file *ff = &files[0];
	if (intake_document(r, ff->data, ff->len, "file", df->sha256, NULL, e) != 0)
		return e->code;
	snprintf(df->kind, sizeof df->kind, "result");
	snprintf(df->name, sizeof df->name, "%s", *ff->filename ? ff->filename : "ket-qua");
	*got = true;
	return 0;
}

/* The leader's approval: the result sent now, or the one attached
 * before, signed by the leader's certificate and the unit's seal, and the
 * dossier moved with it (web/results.h). */
static int approve(struct req *r, struct dossier *d, const char *note, struct xerr *e)
{
	struct dossier_file df;
	bool got;
	int rc = auth_unit(r, "dossier.approve", d->unit, 0, e);
	if (rc || (rc = result_upload(r, &df, &got, e)))
		return rc;
	return result_view_approve(r, d, note, got ? &df : NULL, NULL, e);
}

static int do_action(struct req *r, const struct office_action *a, struct dossier *d,
                     const char *note, struct xerr *e)
{
	struct actor who;
	req_actor(r, &who);
	struct dossier_file df;
	bool got = false;
	int rc = 0;
	switch (a->kind) {
	case ACT_APPROVE: return approve(r, d, note, e);
	case ACT_APOLOGY: {
		int64_t due = in_int(r, "new_due", 0);
		if (!due)
			return xerr_set(e, XERR_INVALID, "new_due", "give the new appointment");
		return store_dossier_apology(r->store, &who, d->code, due, note, 0, d, e);
	}
	case ACT_ATTACH:
		if ((rc = result_upload(r, &df, &got, e)) == 0 && !got)
			rc = xerr_set(e, XERR_INVALID, "file", "%s", tr(r, "office.result_file"));
		return rc ? rc : store_dossier_file_add(r->store, &who, d->code, &df, e);
	case ACT_MOVE:
		/* A result sent with "result" is linked before the status changes,
		 * so a ready result always has its file. */
		if (a->to == DS_RESULT && (rc = result_upload(r, &df, &got, e)) == 0 && got)
			rc = store_dossier_file_add(r->store, &who, d->code, &df, e);
		return rc ? rc
		          : store_dossier_transition(r->store, &who, d->code, a->to,
		                                     dossier_side_of(r), note, 0, d, e);
	}
	return xerr_set(e, XERR_INVALID, "action", "no such action");
}

static int post_action(struct req *r)
{
	struct dossier *d;
	const struct office_action *a = load(r, &d);
	if (!a)
		return 0;
	struct xerr e = {0};
	const char *note = in_str(r, "note");
	if (!note)
		note = "";
	int rc = in_error(r) ? (e = *in_error(r)).code
	                     : action_check(r, a, d, dossier_result_signed(r, d), office_now(), &e);
	if (rc == 0 && a->note_required && !*note)
		rc = xerr_set(&e, XERR_INVALID, "note", "%s", tr(r, "office.note_required"));
	if (rc == 0)
		rc = do_action(r, a, d, note, &e);
	if (rc)
		return action_page(r, d, a, e.msg, xerr_http_status(e.code));
	const char *lang = r->lang && !strcmp(r->lang, "en") ? "?lang=en" : "";
	return page_redirect(r, arena_printf(&r->arena, "/%s/%s%s%s",
	                                     a->then ? "dossiers" : "office/dossiers", d->code,
	                                     a->then ? a->then : "", lang));
}

/* A result document and the form around it. */
enum { ACTION_MAX_BODY = BLOB_MAX_SIZE + 64 * 1024 };

static const struct param action_in[] = {
    DOSSIER_CODE_IN,
    {"action", IN_PATH, IN_TEXT, .max = 16},
    {"note", IN_FORM, IN_TEXT, .max = DOSSIER_NOTE_CHARS},
    {"new_due", IN_FORM, IN_TIME},
    {"file", IN_FORM, IN_FILES, .max = 1},
    {NULL},
};

const struct route page_office_actions_routes[] = {
    {"GET", "/office/dossiers/{}/{}", get_action, "dossier.transition", 0, action_in},
    {"POST", "/office/dossiers/{}/{}", post_action, "dossier.transition", ACTION_MAX_BODY,
     action_in, true},
    {NULL, NULL, NULL, NULL, 0},
};
