/*
 * intake.c: the checks and the filing shared by the API and the officer's
 * pages (intake.h). A dossier's form data is checked against the fields
 * its procedure declares; a document against its content.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/filetype.h"
#include "core/pii.h"
#include "core/text.h"
#include "web/dossier_view.h"
#include "web/intake.h"
#include "web/page.h"

/* The path of an applicant's member in errors ("applicant.pid"). */
static const char *applicant_field(const char *name)
{
	static const char *const paths[] = {"applicant.name", "applicant.pid", "applicant.phone",
	                                    "applicant.address"};
	for (int i = 0; i < 4; i++)
		if (!strcmp(name, paths[i] + 10))
			return paths[i];
	return "applicant";
}

void intake_numbers(const struct dossier *d, bool full, char pid[16], char phone[20])
{
	if (full) {
		snprintf(pid, 16, "%s", d->applicant_pid);
		snprintf(phone, 20, "%s", d->applicant_phone);
	} else {
		pid_mask(d->applicant_pid, pid);
		phone_mask(d->applicant_phone, phone);
	}
}

/* An applicant's text member: at most max characters (form bodies and
 * JSON are already valid UTF-8). */
static int applicant_text(const char *v, const char *name, size_t max, bool required,
                          struct xerr *e)
{
	if (required && (!v || !*v))
		return xerr_set(e, XERR_INVALID, applicant_field(name), "%s is required",
		                applicant_field(name));
	if (v && text_length(v) > max)
		return xerr_set(e, XERR_INVALID, applicant_field(name),
		                "%s must be at most %zu characters", applicant_field(name), max);
	return 0;
}

int intake_dossier(struct req *r, const struct dossier_input *in, struct dossier *d, struct xerr *e)
{
	const char *pid = in->pid ? in->pid : "", *phone = in->phone ? in->phone : "";
	char phone_n[16];
	bool citizen = r->who && r->who->role == ROLE_CITIZEN;
	int rc = applicant_text(in->name, "name", 100, true, e);
	if (rc == 0)
		rc = applicant_text(pid, "pid", 12, false, e);
	if (rc == 0 && *pid && (rc = pid_check(pid, NULL, 0, "pid", e)) != 0)
		e->field = applicant_field("pid");
	if (rc == 0)
		rc = applicant_text(phone, "phone", 20, false, e);
	if (rc == 0 && *phone) {
		if ((rc = phone_normalise(phone, phone_n, sizeof phone_n, "phone", e)) != 0)
			e->field = applicant_field("phone");
		phone = phone_n;
	}
	if (rc == 0)
		rc = applicant_text(in->address, "address", 300, false, e);
	if (rc == 0 && in->form && !json_is_object(in->form))
		rc = xerr_set(e, XERR_INVALID, "form",
		              "form must be an object of the procedure's fields");
	if (rc == 0 && citizen && in->channel != DC_ONLINE)
		rc = xerr_set(e, XERR_INVALID, "channel", "a citizen files online (channel 2)");
	if (rc == 0 && !citizen && in->channel == DC_ONLINE)
		rc = xerr_set(e, XERR_INVALID, "channel",
		              "staff file dossiers at the counter (1) or by post (3)");
	if (rc == 0)
		rc = auth_unit(r, "dossier.create", in->unit, in->applicant_account, e);
	if (rc == 0 && (!in->procedure || procedure_check_code(in->procedure, e)))
		rc = xerr_set(e, XERR_INVALID, "procedure",
		              "procedure must be a code like 1.001193");
	json_t *empty = in->form ? NULL : json_object();
	/* Without form data the required fields are missing all the same. */
	if (rc == 0)
		rc = dossier_form_check(r->store, in->procedure, in->form ? in->form : empty, NULL,
		                        e);
	char *form_text = rc == 0 ? json_dumps(in->form ? in->form : empty, JSON_COMPACT) : NULL;
	json_decref(empty);
	if (rc)
		return rc;
	memset(d, 0, sizeof *d);
	if (!form_text || strlen(form_text) >= sizeof d->form) {
		free(form_text);
		return xerr_set(e, XERR_INVALID, "form", "form data is larger than %zu bytes",
		                sizeof d->form - 1);
	}
	snprintf(d->unit, sizeof d->unit, "%s", in->unit);
	snprintf(d->procedure, sizeof d->procedure, "%s", in->procedure);
	d->channel = in->channel;
	d->applicant_account = in->applicant_account;
	snprintf(d->applicant_name, sizeof d->applicant_name, "%s", in->name);
	snprintf(d->applicant_pid, sizeof d->applicant_pid, "%s", pid);
	snprintf(d->applicant_phone, sizeof d->applicant_phone, "%s", phone);
	snprintf(d->applicant_address, sizeof d->applicant_address, "%s",
	         in->address ? in->address : "");
	snprintf(d->form, sizeof d->form, "%s", form_text);
	free(form_text);
	struct actor who;
	req_actor(r, &who);
	rc = store_dossier_submit(r->store, &who, d, e);
	if (rc && e->field && !strncmp(e->field, "applicant_", 10))
		e->field = applicant_field(e->field + 10);
	return rc;
}

int intake_document(struct req *r, const void *data, size_t len, const char *field, char sha[65],
                    const char **mime, struct xerr *e)
{
	enum filetype t;
	if (upload_judge(data, len, field, &t, e) != 0)
		return e->code;
	struct actor who;
	req_actor(r, &who);
	if (store_blob_put(r->store, &who, data, len, filetype_mime(t), sha, NULL, e) != 0)
		return e->code;
	if (mime)
		*mime = filetype_mime(t);
	return 0;
}
