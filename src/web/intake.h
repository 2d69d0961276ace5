/*
 * intake.h: taking in a dossier or a document, shared by the JSON API
 * (api_dossiers.c, api_blobs.c) and the officer's pages (page_receive.c,
 * page_office.c), so both check and file exactly the same way.
 *
 * intake_dossier() checks the applicant (name, personal ID number, phone
 * number, address), the procedure code and the form data against the
 * procedure's declared fields, checks the caller may file for the unit,
 * and files the dossier (store_dossier_submit: durable when it returns).
 * intake_document() judges a file by its content and stores it in the
 * blob store. Errors name the field at fault; nothing is kept on error.
 */
#ifndef XASO_WEB_INTAKE_H
#define XASO_WEB_INTAKE_H

#include <jansson.h>
#include <stddef.h>

#include "web/http.h"

struct dossier_input {
	const char *unit, *procedure;
	int channel;                              /* enum dossier_channel */
	int64_t applicant_account;                /* 0: none (counter and post dossiers) */
	const char *name, *pid, *phone, *address; /* NULL or "" when not given (name: required) */
	json_t *form;                             /* borrowed JSON object, or NULL */
};

/* Field names in errors are those of the API ("applicant.pid", "form",
 * "procedure", "unit"). On success d holds the filed dossier (code,
 * status, received_at, due_at). */
int intake_dossier(struct req *r, const struct dossier_input *in, struct dossier *d,
                   struct xerr *e);

/* Judges the bytes (PDF, JPEG or PNG, at most BLOB_MAX_SIZE; XERR_LIMIT or
 * XERR_INVALID naming field) and stores them. sha receives the hex name,
 * *mime (may be NULL) the type decided from the content. */
int intake_document(struct req *r, const void *data, size_t len, const char *field, char sha[65],
                    const char **mime, struct xerr *e);

/* The applicant's ID and phone numbers as this reader may see them: in
 * full, or masked (Decree 13/2023: least data). */
void intake_numbers(const struct dossier *d, bool full, char pid[16], char phone[20]);

#endif
