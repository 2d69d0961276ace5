/*
 * result_view.h: what the officer's and the citizen's pages show of
 * signed results (result_view.c): the signatures of a dossier with their
 * links (the printable cover page with its QR code, the public
 * verification page), and what an approving leader sees before signing
 * (the file that will be signed, the certificates that will sign it).
 * Also the public address of a result, for QR codes and JSON.
 */
#ifndef XASO_WEB_RESULT_VIEW_H
#define XASO_WEB_RESULT_VIEW_H

#include "web/http.h"

/* What the applicant is handed of a dossier's results. For a procedure
 * whose result is a signed document, only the signed files: the result the
 * officer attached stays with the unit until the leader approves it, and
 * then the signed file is the result. Staff see every file. */
enum { RESULT_VIEW_MAX = 32 };
struct result_view_filter {
	bool active;
	int n;
	int64_t signed_ids[RESULT_VIEW_MAX];
};
void result_view_filter_init(struct req *r, const struct dossier *d, struct result_view_filter *f);
bool result_view_hides(const struct result_view_filter *f, const struct dossier_file *file);

/* A section listing the dossier's signed results; nothing when none. */
void result_view_links(struct req *r, const struct dossier *d);

/* The caller's approval of d's result (web/results.h), from the office
 * page and the API alike: the caller must be a leader of d's unit
 * (dossier.approve); upload (may be NULL) is a result sent with it, already
 * in the blob store. d gets the dossier after the move, sig (may be NULL)
 * the signature. */
int result_view_approve(struct req *r, struct dossier *d, const char *note,
                        const struct dossier_file *upload, struct result_signature *sig,
                        struct xerr *e);

/* The facts of an approval before it is made (a <dl class="facts">). */
void result_view_approval(struct req *r, const struct dossier *d);

/* A signature as the API shows it: its id and /verify address, format,
 * signed file, signer and time. */
#include <jansson.h>
json_t *result_view_json(struct req *r, const struct result_signature *g);

/* An instant as the API writes those of signatures and certificates:
 * ISO 8601 in Vietnam's time, to the second ("2026-12-03T21:08:26+07:00"),
 * in the arena; NULL for 0. */
const char *result_view_time(struct req *r, int64_t unix_seconds);

/* The absolute address of /verify/ID (the configured public_url, else the
 * request's host), in the arena. */
const char *result_view_url(struct req *r, const char *public_id);

#endif
