/*
 * store_dossiers.h: dossiers of the one-stop shop and feedback. Part of the
 * store.h contract; the web API and the pages build on these functions.
 *
 * The rules (statuses, who may move a dossier where and what that does,
 * codes, appointment times, on time and overdue) are core/dossier.h: the
 * store reads what core needs, asks it, and writes what it decided, inside
 * transactions:
 *
 *   - store_dossier_submit() files a dossier through a single writer thread
 *     that commits submissions in batches (group commit). It returns once
 *     the transaction holding the dossier is durable (synchronous=FULL), so
 *     a dossier whose code the caller shows is never lost. The code
 *     UNITCODE-YYMMDD-NNNN is assigned inside that transaction from a
 *     per-unit, per-day counter that only grows: codes are unique and never
 *     reused, across threads and processes.
 *   - every other change (a transition, an apology, a rating, feedback) is
 *     one transaction with its audit entry; on error nothing is written.
 *
 * Times are minutes since 1970 in local time (UTC+7), like core/calendar.h;
 * 0 means "not yet" (or "now" where an input time is optional).
 *
 * Personal data (applicant name, identity number, phone, address, form
 * data) is returned as stored: the caller decides what its reader may see,
 * masks the rest and records reads of personal data in the audit log.
 * Structs are caller-owned; nothing returned needs freeing.
 */
#ifndef XASO_STORE_DOSSIERS_H
#define XASO_STORE_DOSSIERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/dossier.h"
#include "core/procedure.h"
#include "core/unit.h"
#include "core/xerr.h"

struct store;
struct actor;

enum {
	FEEDBACK_TEXT_MAX = 8192,   /* bytes: FEEDBACK_TEXT_CHARS of any UTF-8 */
	FEEDBACK_TEXT_CHARS = 2000, /* the feedback, and its answer */
	FEEDBACK_NAME_CHARS = 100,  /* the sender's name */
	FEEDBACK_CONTACT_CHARS = 60,
};

struct dossier_event {
	int from, to; /* from 0: the filing itself */
	int64_t account_id;
	char login[64];
	char role[16];
	int64_t at;
	char note[DOSSIER_TEXT_MAX];
};

/* Files a dossier its caller has checked (core/filing.h; web/intake.c is
 * the one caller that takes dossiers from outside). In: unit, procedure,
 * channel, applicant_*, form and submitted_at (0: now). Its first status
 * and appointment are dossier_file()'s, decided inside the filing
 * transaction. Out: id, code, status, received_at, due_at,
 * original_due_at. A unit or procedure that does not exist is refused by
 * the schema (XERR_CONFLICT); one bad dossier never fails others committed
 * with it. */
int store_dossier_submit(struct store *s, const struct actor *who, struct dossier *d,
                         struct xerr *e);
struct dossier_file;
/* The same, with documents (files[0..nfiles), already in the blob store)
 * linked to the dossier in the transaction that files it: the dossier
 * exists with all of its documents or not at all. */
int store_dossier_submit_files(struct store *s, const struct actor *who, struct dossier *d,
                               const struct dossier_file *files, size_t nfiles, struct xerr *e);

/* One dossier by code. XERR_NOTFOUND when absent. */
int store_dossier_get(struct store *s, const char *code, struct dossier *out, struct xerr *e);

/* Moves a dossier to status `to` at time `at` (0: now) as `side`:
 * XERR_CONFLICT when the table has no such transition, XERR_FORBIDDEN when
 * it belongs to the other side. Receiving (1 -> 2) computes the
 * appointment; asking for a supplement opens a pause and supplementing
 * (5 -> 4) closes it and moves the appointment by the office time it
 * covered. out (may be NULL) receives the dossier after the change. */
int store_dossier_transition(struct store *s, const struct actor *who, const char *code, int to,
                             enum dossier_side side, const char *note, int64_t at,
                             struct dossier *out, struct xerr *e);

/* Decree 61/2018 art. 19(9): a written apology with a new appointment,
 * at most once per dossier and only before the appointment has passed
 * (XERR_CONFLICT otherwise); new_due must be later than the current one. */
int store_dossier_apology(struct store *s, const struct actor *who, const char *code,
                          int64_t new_due, const char *reason, int64_t at, struct dossier *out,
                          struct xerr *e);

/* The applicant's rating, once, after the result (status 9 or 10). */
int store_dossier_rate(struct store *s, const struct actor *who, const char *code, bool satisfied,
                       const char *reason, int64_t at, struct dossier *out, struct xerr *e);

typedef int (*dossier_cb)(const struct dossier *d, void *ctx);
typedef int (*dossier_event_cb)(const struct dossier_event *ev, void *ctx);
typedef int (*dossier_pause_cb)(const struct dossier_pause *p, void *ctx);

/* History of a dossier, oldest first. */
int store_dossier_events(struct store *s, int64_t dossier_id, dossier_event_cb cb, void *ctx,
                         struct xerr *e);
int store_dossier_pauses(struct store *s, int64_t dossier_id, dossier_pause_cb cb, void *ctx,
                         struct xerr *e);

/* What public tracking shows, read in one snapshot: the dossier, the
 * names of its procedure ("" when not in the catalogue) and of its unit,
 * and (through cb) its events, oldest first. */
struct dossier_track {
	struct dossier d;
	char procedure_name[PROC_NAME_MAX];
	char unit_name[UNIT_NAME_MAX];
};
int store_dossier_track(struct store *s, const char *code, struct dossier_track *t,
                        dossier_event_cb cb, void *ctx, struct xerr *e);

/* Answers derived from one dossier (the public tracking answer, in each
 * language), kept in memory so that a lookup needs no database read. An
 * answer is forgotten when the dossier changes: at once when this process
 * changes it, within a second when another process does (seen through the
 * dossier's events), and in any case at the expiry its builder gave.
 *
 * store_memo_get copies the answer kept for (code, variant) into out and
 * returns true when there is one and now (unix seconds) is before its
 * expiry. Otherwise it returns false and sets *ticket: the caller reads
 * the dossier, builds the answer and hands it to store_memo_put with the
 * ticket, which keeps it only if the dossier did not change meanwhile.
 * variant is below MEMO_VARIANTS. */
enum { MEMO_VARIANTS = 4 };
struct buf;
bool store_memo_get(struct store *s, const char *code, int variant, int64_t now, struct buf *out,
                    uint64_t *ticket);
void store_memo_put(struct store *s, const char *code, int variant, const char *data, size_t len,
                    int64_t expires, uint64_t ticket);

/* Filters of a listing; zero/NULL members do not filter. */
struct dossier_filter {
	const char *unit; /* the unit or any unit directly under it */
	int status;
	const char *procedure;
	int64_t due_before;        /* appointment strictly before */
	int64_t due_from;          /* appointment at or after */
	bool active;               /* open: not in a final status */
	bool running;              /* the clock runs (dossier_overdue_from():
	                              what can be overdue) */
	int64_t applicant_account; /* a citizen's own dossiers */
	int64_t after;             /* paging: dossiers with id > after */
	int limit;                 /* 1..500 */
};

/* Dossiers matching f in id order. */
int store_dossier_list(struct store *s, const struct dossier_filter *f, dossier_cb cb, void *ctx,
                       struct xerr *e);

/* How many of the unit's dossiers (itself and the units directly under
 * it) are in each status now: out[s] for s in 1..DS_MAX, out[0] the total. */
int store_dossier_status_counts(struct store *s, const char *unit, long out[DS_MAX + 1],
                                struct xerr *e);

/* Figures of a unit's subtree for dossiers filed in [from, to) (0: no
 * bound), as of `now`, for the indicators: on_time, late and overdue_open
 * count the verdicts of dossier_judge() as of now. */
struct dossier_counts {
	long total, online, received, finished, on_time, late, overdue_open, supplemented,
	    apologised, rated, unsatisfied;
};
int store_dossier_counts(struct store *s, const char *unit, int64_t from, int64_t to, int64_t now,
                         struct dossier_counts *out, struct xerr *e);

/* A document filed with a dossier or a result issued for it. The bytes
 * live in the blob store (attachments), named by their SHA-256; this only
 * links them. */
struct dossier_file {
	int64_t id;
	char kind[12];   /* "document" or "result" */
	char sha256[65]; /* lower-case hex */
	char name[256];
};

/* Bulk loading (demo data, migration from another system): complete
 * dossiers with their history, codes given by the caller, in one
 * transaction with one audit entry. What core derives from each dossier
 * is settled in place (dossier_settle) and each d.id set. The unit
 * counters are raised so later codes do not collide. Files are linked to
 * stored blobs as a link at the counter links them (the reused flag, the
 * dossier's has_document, has_result and has_reused: dossier_file.c), in
 * the order given, so a document may reuse a result of a dossier earlier
 * in the same call; the blob must be stored (XERR_NOTFOUND "sha256"), and
 * no uploader's ownership is asked (the import is the operator's). Not for
 * serving: use store_dossier_submit(). */
enum { DOSSIER_IMPORT_FILES = 3 };
struct dossier_history {
	struct dossier d;
	int nevents, npauses, nfiles;
	struct dossier_event ev[12];
	struct dossier_pause pause[3];
	struct dossier_file file[DOSSIER_IMPORT_FILES];
};
int store_dossier_import(struct store *s, const struct actor *who, struct dossier_history *h,
                         size_t n, struct xerr *e);

/* ---- files of a dossier ---- */

/* Links an uploaded file (store_blobs.h) to the dossier with code, in one
 * transaction with its audit entry; f->id is filled. The blob must be one
 * `who` uploaded, or one already linked to a dossier `who` filed, or (staff)
 * to a dossier of the same receiving unit. XERR_INVALID for a bad kind, hash
 * or name; XERR_NOTFOUND when no such dossier, and, in the same words
 * whether it exists or not, when the blob is not one `who` may use. */
int store_dossier_file_add(struct store *s, const struct actor *who, const char *code,
                           struct dossier_file *f, struct xerr *e);
/* The files of a dossier, in the order they were linked. */
int store_dossier_files(struct store *s, int64_t dossier_id,
                        int (*cb)(const struct dossier_file *f, void *ctx), void *ctx,
                        struct xerr *e);

/* ---- feedback (phản ánh, kiến nghị) ---- */

struct feedback {
	int64_t id;
	char unit[16];
	char dossier_code[DOSSIER_CODE_MAX]; /* "" when about no dossier */
	int64_t account_id;                  /* 0: sent anonymously */
	char name[DOSSIER_NAME_MAX];
	char contact[256];
	char content[FEEDBACK_TEXT_MAX];
	int64_t created_at;
	/* Deadlines in working days from receipt (RULES §1.3, 5.2): refuse
	 * within 2, ask for more within 5, answer within 15. */
	int64_t refuse_by, supplement_by, answer_by;
	char status[12]; /* "open", "answered", "refused" */
	char answer[FEEDBACK_TEXT_MAX];
	int64_t answered_at;
	int64_t answered_by;
	int topic;  /* core/dossier.h feedback_topic_word(): 0 not classified */
	int rating; /* the sender's view of the answer: -1 none, 0 dislike, 1 like */
	char rating_reason[FEEDBACK_TEXT_MAX];
	int64_t rated_at;
	/* The earlier feedback of the same sender this one follows up (0:
	 * none): row 5.3 counts that one's answer as not satisfying. */
	int64_t repeats;
};

/* Records feedback (in: unit, dossier_code, account_id, name, contact,
 * content, topic, created_at 0 for now, repeats); fills id, deadlines and
 * status. With repeats, the earlier feedback must pass core's
 * feedback_repeat_check and gives its unit and dossier. Without, feedback
 * from an account about a dossier on which the same account's earlier
 * feedback was answered or refused repeats the latest of those. */
int store_feedback_create(struct store *s, const struct actor *who, struct feedback *f,
                          struct xerr *e);
int store_feedback_get(struct store *s, int64_t id, struct feedback *out, struct xerr *e);
/* Feedback of a unit's subtree, id > after, at most limit, in id order. */
int store_feedback_list(struct store *s, const char *unit, int64_t after, int limit,
                        int (*cb)(const struct feedback *f, void *ctx), void *ctx, struct xerr *e);
/* The feedback sent from account, newest first, id < before (0: from the
 * newest), at most limit. */
int store_feedback_mine(struct store *s, int64_t account, int64_t before, int limit,
                        int (*cb)(const struct feedback *f, void *ctx), void *ctx, struct xerr *e);
/* Answers (or refuses) open feedback, once: XERR_CONFLICT when already
 * closed. topic > 0 classifies it anew (the officer's reading wins over
 * the sender's); 0 keeps what the sender chose. */
int store_feedback_answer(struct store *s, const struct actor *who, int64_t id, bool refuse,
                          const char *answer, int topic, int64_t at, struct feedback *out,
                          struct xerr *e);
/* The sender's like (satisfied) or dislike of the answer, once, after it
 * was answered or refused (core's feedback_rate_check), with an optional
 * reason; audited. The caller has checked that who sent it. */
int store_feedback_rate(struct store *s, const struct actor *who, int64_t id, bool satisfied,
                        const char *reason, struct feedback *out, struct xerr *e);

#endif
