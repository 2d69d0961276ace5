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
#include "web/intake.h"
#include "web/page.h"

const char *intake_status_label(const struct req *r, int status)
{
	static const char *const keys[] = {
	    "",
	    "dossier.status.1",
	    "dossier.status.2",
	    "dossier.status.3",
	    "dossier.status.4",
	    "dossier.status.5",
	    "dossier.status.6",
	    "dossier.status.7",
	    "dossier.status.8",
	    "dossier.status.9",
	    "dossier.status.10",
	};
	return dossier_status_valid(status) ? tr(r, keys[status]) : "";
}

/* Checks the form data against the procedure's declared fields: every
 * required one present, values of the declared type, and (when fields are
 * declared) no others. */
struct form_check {
	json_t *form;
	struct xerr *e;
	int rc;
	size_t declared, present;
};

static bool digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	return n >= min && n <= max && strspn(s, "0123456789") == n;
}

static bool select_has(const char *opts, const char *v)
{
	size_t n = strlen(v);
	if (!n)
		return false;
	for (const char *p = opts; p; p = strchr(p, '|') ? strchr(p, '|') + 1 : NULL)
		if (!strncmp(p, v, n) && (p[n] == '|' || p[n] == 0))
			return true;
	return false;
}

static bool value_ok(const char *type, json_t *v)
{
	if (!strcmp(type, "number"))
		return json_is_number(v) ||
		       (json_is_string(v) && digits(json_string_value(v), 1, 15));
	if (!json_is_string(v))
		return false;
	const char *s = json_string_value(v);
	if (strlen(s) > 2000 || !text_valid_utf8(s, strlen(s), NULL))
		return false;
	if (!strcmp(type, "pid"))
		return digits(s, 12, 12);
	if (!strcmp(type, "phone"))
		return digits(s, 9, 12);
	if (!strcmp(type, "date")) {
		int32_t day;
		struct xerr de;
		return cal_parse_date(s, "form", &day, &de) == 0;
	}
	if (!strncmp(type, "select:", 7))
		return select_has(type + 7, s);
	return true;
}

static int check_field(const struct procedure_field *f, void *ctx)
{
	struct form_check *fc = ctx;
	fc->declared++;
	json_t *v = json_object_get(fc->form, f->name);
	if (v)
		fc->present++;
	bool empty = !v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v));
	if (empty && f->required)
		fc->rc = xerr_set(fc->e, XERR_INVALID, "form", "form field %s (%s) is required",
		                  f->name, f->label_en);
	else if (!empty && !value_ok(f->type, v))
		fc->rc = xerr_set(fc->e, XERR_INVALID, "form", "form field %s must be a valid %s",
		                  f->name, f->type);
	return fc->rc ? 1 : 0;
}

static int check_form(struct store *st, const char *procedure, json_t *form, struct xerr *e)
{
	struct form_check fc = {form, e, 0, 0, 0};
	int rc = store_procedure_fields(st, procedure, check_field, &fc, e);
	if (fc.rc)
		return fc.rc;
	if (rc)
		return rc;
	if (fc.declared && fc.present < json_object_size(form))
		return xerr_set(e, XERR_INVALID, "form",
		                "form data has fields this procedure does not ask for");
	return 0;
}

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
		rc = check_form(r->store, in->procedure, in->form ? in->form : empty, e);
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
	if (len > BLOB_MAX_SIZE)
		return xerr_set(e, XERR_LIMIT, field, "the file is larger than %d MB",
		                BLOB_MAX_SIZE / (1024 * 1024));
	enum filetype t;
	if (filetype_sniff(data, len, field, &t, e) != 0)
		return e->code;
	struct actor who;
	req_actor(r, &who);
	if (store_blob_put(r->store, &who, data, len, filetype_mime(t), sha, NULL, e) != 0)
		return e->code;
	if (mime)
		*mime = filetype_mime(t);
	return 0;
}
