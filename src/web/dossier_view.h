/*
 * dossier_view.h: what the dossier API (api_dossiers.c) and the citizen's
 * pages (page_citizen.c, page_filing.c) share, so each rule is written
 * once: the status names in the reader's language, the check of a
 * dossier's form data against the fields its procedure declares, and the
 * judging of an uploaded document (size, then type from its content).
 */
#ifndef XASO_WEB_DOSSIER_VIEW_H
#define XASO_WEB_DOSSIER_VIEW_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/filetype.h"
#include "web/http.h"

/* "Đang xử lý" / "Processing" for a status code ("" for an unknown one). */
const char *dossier_status_label(const struct req *r, int status);

/* The local minute from which the dossier counts as overdue: its clock
 * runs (not finished, not waiting for a supplement) and its appointment has
 * passed. 0 when it cannot become overdue as it stands. */
int64_t dossier_overdue_from(const struct dossier *d);

/* The dossier named by the route's first {} when the caller may run
 * action on it (auth_unit: staff of its unit, or its applicant);
 * otherwise answers (400 with bad_code_msg, 403, 404) and returns NULL.
 * The dossier is allocated from the request arena. */
struct dossier *dossier_load(struct req *r, const char *action, const char *bad_code_msg);

/* Checks form (a JSON object) against the procedure's declared fields:
 * every required one present, values of the declared type (text, textarea,
 * date, number, pid, phone, select:a|b), and, when fields are declared, no
 * others. XERR_INVALID naming "form"; bad (64 bytes, may be NULL) gets the
 * name of the field at fault. */
int dossier_form_check(struct store *st, const char *procedure, json_t *form, char *bad,
                       struct xerr *e);

/* True when v is a valid value of a field of that declared type. */
bool dossier_form_value_ok(const char *type, json_t *v);

/* An uploaded document: XERR_LIMIT naming field when larger than
 * BLOB_MAX_SIZE, XERR_INVALID when not a complete PDF, JPEG or PNG;
 * otherwise 0 with *t set. */
int upload_judge(const void *data, size_t len, const char *field, enum filetype *t, struct xerr *e);

#endif
