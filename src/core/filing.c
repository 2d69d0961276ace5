/*
 * filing.c: the checks of a dossier to be filed (filing.h). Each check
 * lists its faults and goes on, so one pass names everything at fault.
 */
#include "core/filing.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/pii.h"
#include "core/text.h"

int filing_fault(struct filing_faults *faults, const char *field, const char *key,
                 enum filing_fault_kind kind, int code)
{
	if (faults && faults->n < FILING_FAULTS_MAX) {
		struct filing_fault *f = &faults->v[faults->n++];
		f->field = field;
		snprintf(f->key, sizeof f->key, "%s", key ? key : "");
		f->kind = kind;
		f->code = code;
	}
	return code;
}

/* Records a fault, and the first one also in e. */
struct check {
	struct filing_faults *faults;
	struct xerr *e;
	int rc;
};

static void fault(struct check *c, const char *field, const char *key, enum filing_fault_kind kind,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void fault(struct check *c, const char *field, const char *key, enum filing_fault_kind kind,
                  const char *fmt, ...)
{
	filing_fault(c->faults, field, key, kind, XERR_INVALID);
	if (c->rc)
		return;
	c->rc = XERR_INVALID;
	if (c->e) {
		va_list ap;
		va_start(ap, fmt);
		c->e->code = XERR_INVALID;
		c->e->field = field;
		vsnprintf(c->e->msg, sizeof c->e->msg, fmt, ap);
		va_end(ap);
	}
}

/* A text member: at most max characters (the input is valid UTF-8). */
static const char *text_member(struct check *c, const char *field, const char *v, size_t max,
                               bool required)
{
	if (!v || !*v) {
		if (required)
			fault(c, field, NULL, FILING_MISSING, "%s is required", field);
		return "";
	}
	if (!text_valid_utf8(v, strlen(v), NULL)) {
		fault(c, field, NULL, FILING_BAD, "%s must be text", field);
		return "";
	}
	if (text_length(v) > max) {
		fault(c, field, NULL, FILING_TOO_LONG, "%s must be at most %zu characters", field,
		      max);
		return "";
	}
	return v;
}

int filing_take_applicant(struct dossier *d, const struct filing_applicant *a,
                          struct filing_faults *faults, struct xerr *e)
{
	struct check c = {faults, e, 0};
	struct xerr pe;
	const char *name = text_member(&c, "applicant.name", a->name, FILING_NAME_CHARS, true);
	snprintf(d->applicant_name, sizeof d->applicant_name, "%s", name);
	d->applicant_pid[0] = d->applicant_phone[0] = '\0';
	if (a->pid && *a->pid) {
		if (pid_check(a->pid, NULL, 0, "applicant.pid", &pe) != 0)
			fault(&c, "applicant.pid", NULL, FILING_BAD, "%s", pe.msg);
		else
			snprintf(d->applicant_pid, sizeof d->applicant_pid, "%s", a->pid);
	}
	const char *phone = text_member(&c, "applicant.phone", a->phone, FILING_PHONE_CHARS, false);
	if (*phone && phone_normalise(phone, d->applicant_phone, sizeof d->applicant_phone,
	                              "applicant.phone", &pe) != 0)
		fault(&c, "applicant.phone", NULL, FILING_BAD, "%s", pe.msg);
	const char *address =
	    text_member(&c, "applicant.address", a->address, FILING_ADDRESS_CHARS, false);
	snprintf(d->applicant_address, sizeof d->applicant_address, "%s", address);
	return c.rc;
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

bool filing_value_ok(const char *type, json_t *v)
{
	if (!strcmp(type, "number"))
		return json_is_number(v) ||
		       (json_is_string(v) && text_digits(json_string_value(v), 1, 15));
	if (!json_is_string(v))
		return false;
	const char *s = json_string_value(v);
	if (strlen(s) > FILING_VALUE_BYTES || !text_valid_utf8(s, strlen(s), NULL))
		return false;
	if (!strcmp(type, "pid"))
		return text_digits(s, 12, 12);
	if (!strcmp(type, "phone"))
		return text_digits(s, 9, 12);
	if (!strcmp(type, "date")) {
		int32_t day;
		struct xerr de;
		return cal_parse_date(s, "form", &day, &de) == 0;
	}
	if (!strncmp(type, "select:", 7))
		return select_has(type + 7, s);
	return true;
}

static const struct procedure_field *declared(const struct procedure_field *fields, size_t n,
                                              const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(fields[i].name, key))
			return &fields[i];
	return NULL;
}

/* Each declared field: present when required, of its type when given. */
static void check_fields(struct check *c, const struct procedure_field *fields, size_t n,
                         json_t *form)
{
	for (size_t i = 0; i < n; i++) {
		const struct procedure_field *f = &fields[i];
		json_t *v = form ? json_object_get(form, f->name) : NULL;
		bool empty = !v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v));
		if (empty && f->required)
			fault(c, "form", f->name, FILING_MISSING, "form field %s (%s) is required",
			      f->name, f->label_en);
		else if (!empty && !filing_value_ok(f->type, v))
			fault(c, "form", f->name, FILING_BAD, "form field %s must be a valid %s",
			      f->name, f->type);
	}
}

int filing_take_form(struct dossier *d, const struct procedure_field *fields, size_t n,
                     json_t *form, struct filing_faults *faults, struct xerr *e)
{
	struct check c = {faults, e, 0};
	snprintf(d->form, sizeof d->form, "{}");
	if (form && !json_is_object(form)) {
		fault(&c, "form", "", FILING_BAD,
		      "form must be an object of the procedure's fields");
		return c.rc;
	}
	check_fields(&c, fields, n, form);
	if (!form)
		return c.rc;
	const char *key;
	json_t *v;
	json_object_foreach(form, key, v)
	{
		if (!declared(fields, n, key))
			fault(&c, "form", key, FILING_UNKNOWN,
			      "form field %.60s is not one this procedure asks for", key);
	}
	if (c.rc)
		return c.rc;
	char *text = json_dumps(form, JSON_COMPACT);
	if (!text || strlen(text) >= sizeof d->form)
		fault(&c, "form", "", FILING_TOO_LONG, "form data is larger than %zu bytes",
		      sizeof d->form - 1);
	else
		snprintf(d->form, sizeof d->form, "%s", text);
	free(text);
	return c.rc;
}

int filing_check_unit(const struct unit *u, struct xerr *e)
{
	if (u->level != UNIT_COMMUNE || u->valid_to[0])
		return xerr_set(
		    e, XERR_INVALID, "unit",
		    "dossiers are received by a commune, ward or special zone in force");
	return 0;
}

int filing_check_channel(const struct dossier *d, struct xerr *e)
{
	if (!dossier_channel_valid(d->channel))
		return xerr_set(e, XERR_INVALID, "channel",
		                "channel must be 1 (counter), 2 (online) or 3 (post)");
	if (d->channel == DC_ONLINE && !d->applicant_account)
		return xerr_set(e, XERR_INVALID, "channel",
		                "an online dossier is filed from an account");
	return 0;
}
