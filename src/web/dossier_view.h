/*
 * dossier_view.h: what the dossier API (api_dossiers.c) and the pages
 * share: the status names in the reader's language, loading the dossier a
 * route is about with the caller's right checked, and the judging of an
 * uploaded document (size, then type from its content).
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

/* Which side of the transition table the caller is (core/dossier.h): the
 * applicant (a citizen), a leader (who approves results: the action
 * "dossier.approve"), or other staff. */
enum dossier_side dossier_side_of(const struct req *r);
/* Whether the dossier's procedure issues a signed result (its move to
 * "result ready" is then a leader's approval, which signs it). */
bool dossier_result_signed(struct req *r, const struct dossier *d);

/* The dossier named by the route's declared input "code" (an IN_DOSSIER)
 * when the caller may run action on it (auth_unit: staff of its unit, or,
 * with owner_too, its applicant); NULL with e filled otherwise (403, 404).
 * dossier_load answers the error itself. Allocated from the request
 * arena. */
struct dossier *dossier_find(struct req *r, const char *action, bool owner_too, struct xerr *e);
struct dossier *dossier_load(struct req *r, const char *action);

/* The declared input of a route about one dossier: its code, the path's
 * first segment. */
#define DOSSIER_CODE_IN                                                                            \
	{                                                                                          \
		"code", IN_PATH, IN_DOSSIER                                                        \
	}

/* An uploaded document: XERR_LIMIT naming field when larger than
 * BLOB_MAX_SIZE, XERR_INVALID when not a complete PDF, JPEG or PNG;
 * otherwise 0 with *t set. */
int upload_judge(const void *data, size_t len, const char *field, enum filetype *t, struct xerr *e);

#endif
