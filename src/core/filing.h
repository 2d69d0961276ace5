/*
 * filing.h: what a dossier must hold to be filed (pure, no I/O): the
 * receiving unit, the channel, the applicant (name, personal ID number,
 * phone, address) and the form data, checked against the fields its
 * procedure declares (passed in). Each limit is stated once, here; the
 * API, the counter page and the online page all reach these checks
 * through the one intake (web/intake.c), so a field is checked once.
 *
 * The checks take what was typed and write the accepted, normalised
 * values into the dossier (the phone in national form, the form data as
 * compact JSON). Every fault is listed (so a page can name them all at
 * once); the first is also returned in the struct xerr, worded for the
 * API, naming the field ("applicant.pid", "form", "unit", ...).
 */
#ifndef XASO_CORE_FILING_H
#define XASO_CORE_FILING_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/dossier.h"
#include "core/procedure.h"
#include "core/unit.h"
#include "core/xerr.h"

enum {
	FILING_NAME_CHARS = 100,    /* the applicant's name */
	FILING_ADDRESS_CHARS = 300, /* the applicant's address */
	FILING_PHONE_CHARS = 20,    /* a phone number as typed, before normalising */
	FILING_VALUE_BYTES = 2000,  /* one value of the form data */
	FILING_FAULTS_MAX = 16,
};

enum filing_fault_kind {
	FILING_MISSING = 1, /* required and not given */
	FILING_TOO_LONG,    /* longer than its limit */
	FILING_BAD,         /* not a valid value of its kind */
	FILING_UNKNOWN,     /* a form key the procedure does not declare */
};

/* The faults of one filing. field is a static name ("unit", "channel",
 * "applicant.name", "applicant.pid", "applicant.phone",
 * "applicant.address", "form", "documents"); key, for "form", names the
 * form field (or "" for the form as a whole) and, for "documents", the
 * document (copied, cut to fit); code is the XERR_* of the fault. */
struct filing_faults {
	int n;
	struct filing_fault {
		const char *field;
		char key[80];
		enum filing_fault_kind kind;
		int code;
	} v[FILING_FAULTS_MAX];
};

/* Adds a fault (faults may be NULL); returns code. */
int filing_fault(struct filing_faults *faults, const char *field, const char *key,
                 enum filing_fault_kind kind, int code);

/* The applicant as typed (NULL or "" when not given; the name is
 * required). Writes the accepted values into d's applicant fields. */
struct filing_applicant {
	const char *name, *pid, *phone, *address;
};
int filing_take_applicant(struct dossier *d, const struct filing_applicant *a,
                          struct filing_faults *faults, struct xerr *e);

/* The form data: a JSON object (NULL: none given) against the procedure's
 * fields[0..n): every required field present, each value of its declared
 * type (text, textarea, date, number, pid, phone, select:a|b), no key the
 * procedure does not declare. Writes the compact JSON into d->form. */
int filing_take_form(struct dossier *d, const struct procedure_field *fields, size_t n,
                     json_t *form, struct filing_faults *faults, struct xerr *e);

/* True when v is a valid value of a field of that declared type. */
bool filing_value_ok(const char *type, json_t *v);

/* Dossiers are received by a commune, ward or special zone in force. */
int filing_check_unit(const struct unit *u, struct xerr *e);

/* A valid channel; an online dossier is filed from an account. */
int filing_check_channel(const struct dossier *d, struct xerr *e);

#endif
