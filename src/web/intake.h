/*
 * intake.h: the one way a dossier is filed. The JSON API
 * (api_dossiers.c), the counter page (page_receive.c) and the online page
 * (page_filing.c) all call intake_dossier(), so all three check and file
 * exactly the same way:
 *
 *   1. the channel the caller's role files through (core/authz.h) and its
 *      right to file for the unit (auth_unit);
 *   2. the procedure (it must exist) and its declared fields;
 *   3. the receiving unit, the applicant, the form data against the
 *      procedure's fields (core/filing.h) and each uploaded document (by
 *      its content: PDF, JPEG or PNG, at most BLOB_MAX_SIZE), every fault
 *      listed, nothing stored while any remains;
 *   4. the uploads stored in the blob store, then the dossier filed with
 *      all its documents in the filing's own transaction
 *      (store_dossier_submit_files: durable when it returns).
 *
 * intake_document() judges and stores one file on its own (POST
 * /api/v1/blobs, a result document). Errors name the field at fault in
 * the API's words ("applicant.pid", "form", "unit", "documents").
 */
#ifndef XASO_WEB_INTAKE_H
#define XASO_WEB_INTAKE_H

#include <jansson.h>
#include <stddef.h>

#include "core/filing.h"
#include "web/http.h"

/* A document uploaded with the filing: judged, then stored. */
struct intake_upload {
	const char *name; /* the name it is filed under (and named by in faults) */
	const void *data;
	size_t len;
};

/* The applicant's form inputs of the pages that file (the counter and the
 * online page), for their routes' declarations: plain text here, their
 * limits are core's (filing_take_applicant), checked once in the intake. */
/* clang-format off */
#define INTAKE_APPLICANT_IN \
	{"name", IN_FORM, IN_TEXT}, {"pid", IN_FORM, IN_TEXT}, {"phone", IN_FORM, IN_TEXT}, \
	{"address", IN_FORM, IN_TEXT}
/* clang-format on */

struct dossier_input {
	const char *unit, *procedure;
	int channel;                              /* 0: the caller's usual channel */
	const char *name, *pid, *phone, *address; /* as typed; NULL or "" when not given */
	json_t *form;                             /* borrowed JSON object, or NULL */
	const struct intake_upload *uploads;      /* documents uploaded with the filing */
	int nuploads;
	const struct dossier_file *links; /* documents already in the blob store */
	int nlinks;
};

/* Files the dossier: 0 with d holding it (code, status, received_at,
 * due_at). Otherwise the first fault in e (XERR_FORBIDDEN when the caller
 * may not file there) and, when faults is given, every fault of step 3. */
int intake_dossier(struct req *r, const struct dossier_input *in, struct dossier *d,
                   struct filing_faults *faults, struct xerr *e);

/* Judges the bytes (PDF, JPEG or PNG, at most BLOB_MAX_SIZE; XERR_LIMIT or
 * XERR_INVALID naming field) and stores them. sha receives the hex name,
 * *mime (may be NULL) the type decided from the content. */
int intake_document(struct req *r, const void *data, size_t len, const char *field, char sha[65],
                    const char **mime, struct xerr *e);

/* The applicant's ID and phone numbers as this reader may see them: in
 * full, or masked (Decree 13/2023: least data). */
void intake_numbers(const struct dossier *d, bool full, char pid[16], char phone[20]);

#endif
