/*
 * citizen_view.h: pieces shared by the citizen's pages: page_citizen.c
 * (finding a procedure, tracking by code, feedback), page_filing.c
 * (filing online) and page_my.c (the citizen's own dossiers). Output is
 * escaped HTML appended to r->out. The store is read for the unit lists,
 * a dossier's history and its procedure's fields; the only write is
 * cit_uploads_store(), which puts checked documents in the blob store.
 */
#ifndef XASO_WEB_CITIZEN_VIEW_H
#define XASO_WEB_CITIZEN_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "web/http.h"

/* "?lang=en" when the page is in English, "" otherwise: appended to form
 * actions and redirects so the language survives a round trip. */
const char *cit_lang_query(const struct req *r);

/* A "dd/mm/yyyy hh:mm" time (minutes since 1970, local), or "—" for 0. */
void cit_time(struct req *r, int64_t t);

/* <dt>label</dt><dd>value</dd>; value is escaped ("—" when empty). */
void cit_fact(struct req *r, const char *label_key, const char *value);
/* The same with a time as value. */
void cit_fact_time(struct req *r, const char *label_key, int64_t t);

/* The status as a badge, and the sentence saying what happens next. */
void cit_status(struct req *r, int status);
void cit_next_step(struct req *r, const struct dossier *d);

/* The code, status, next step, and the public facts (procedure, unit,
 * channel, dates) in a <dl class="facts"> left open for the caller's own
 * facts: the caller closes it. */
void cit_dossier_head(struct req *r, const struct dossier *d, const char *procedure,
                      const char *unit);

/* The history of status changes, oldest first (apologies and ratings,
 * which do not change the status, are left out), with the note of each
 * change when notes is set: what the office asked for, why it refused.
 * Notes may name people, so public tracking leaves them out. */
int cit_history(struct req *r, const struct dossier *d, bool notes, struct xerr *e);

/* The same history without notes, from steps gathered beforehand: give
 * cit_step_add as the event callback of a read (store_dossier_track), then
 * show them with cit_steps_show. */
struct cit_steps {
	struct arena *arena;
	struct cit_step {
		int to;
		int64_t at;
	} * v;
	int n, cap;
};
int cit_step_add(const struct dossier_event *ev, void *ctx);
void cit_steps_show(struct req *r, const struct cit_steps *s);

/* A procedure field's label in the page's language; a select option
 * ("nam" of "select:nam|nu", n bytes) by its catalogue label "choice.nam"
 * ("Nam"), or as the code with spaces when not listed. */
const char *cit_field_label(const struct req *r, const struct procedure_field *f);
void cit_choice(struct req *r, const char *opt, size_t n);
/* The dossier's form data as <dt>/<dd> pairs, in the procedure's order. */
int cit_form_facts(struct req *r, const struct dossier *d, struct xerr *e);

/* The receiving commune: a select of the communes of `province` (when
 * given) named "unit", and a text field "unit_code" for a typed code.
 * The chosen value is kept. The province itself is chosen by a separate
 * GET form (cit_province_form) so the page needs no script. A route with
 * the picker declares CIT_COMMUNE_IN among its inputs. */
/* clang-format off */
#define CIT_COMMUNE_IN \
	{"unit", IN_FORM, IN_TEXT, .max = UNIT_CODE_MAX - 1}, \
	{"unit_code", IN_FORM, IN_TEXT, .max = UNIT_CODE_MAX - 1}
/* clang-format on */
void cit_commune_picker(struct req *r, const char *province, const char *unit);
void cit_province_form(struct req *r, const char *action, const char *province);
/* The unit a picker posted: unit_code when typed, else unit ("" if none). */
const char *cit_picked_unit(struct req *r);

/* A rating's choices inside a form: "satisfied" 1 or 0 (radios, one
 * required) and a "reason" textarea labelled by reason_key. */
void cit_rating_choices(struct req *r, const char *reason_key);

/* What feedback is about: a select named "topic" with core's words
 * (feedback_topic_word) and "not said" first; `topic` is preselected. A
 * route with it declares CIT_TOPIC_IN. */
#define CIT_TOPIC_IN                                                                               \
	{                                                                                          \
		"topic", IN_FORM, IN_WORD, .words = "procedure|staff"                              \
	}
void cit_topic_select(struct req *r, int topic);
/* The topic's name in the page's language ("—" when none). */
const char *cit_topic_name(struct req *r, int topic);
/* For a signed-in sender: a select named "repeats" ("this follows up my
 * earlier feedback") with their feedback that was answered or refused
 * (core's feedback_repeat_check), `chosen` preselected; nothing for
 * anyone else. A route with it declares CIT_REPEATS_IN. */
#define CIT_REPEATS_IN                                                                             \
	{"repeats", IN_FORM, IN_INT, .min = 0, .max = INT64_MAX},                                  \
	{                                                                                          \
		"repeats", IN_QUERY, IN_INT, .min = 0, .max = INT64_MAX                            \
	}
void cit_repeats_select(struct req *r, int64_t chosen);

/* Online filing needs a commune-level procedure: the store files
 * dossiers only with a commune, ward or special zone as receiving unit. */
bool cit_procedure_fileable(const struct procedure *p);

/* Errors of a form, shown together above it, each naming its field. */
enum { CIT_ERRORS_MAX = 16 };
struct cit_errors {
	int n;
	int status; /* the worst answer: 413 beats 400 */
	const char *label[CIT_ERRORS_MAX];
	const char *msg[CIT_ERRORS_MAX];
};
void cit_error_add(struct req *r, struct cit_errors *er, const char *label, const char *msg,
                   int status);
void cit_errors_show(struct req *r, const struct cit_errors *er);

/* Uploaded documents: every file of the route's declared IN_FILES input
 * `prefix` is judged (size, type from the content); refusals go to er.
 * out holds as many as that input's max. Nothing is stored until
 * cit_uploads_store(), which the caller runs only when the whole form is
 * acceptable; it fills each link's sha256. */
struct form_file;
struct cit_upload {
	struct dossier_file link;
	const struct form_file *file;
	const char *mime; /* decided from the content */
};
int cit_uploads(struct req *r, const char *prefix, struct cit_upload *out, struct cit_errors *er);
int cit_uploads_store(struct req *r, struct cit_upload *up, int n, struct xerr *e);

#endif
