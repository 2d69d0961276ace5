/*
 * dossier.h: the rules of a dossier (hồ sơ) at the one-stop shop, pure
 * logic with no I/O. This is the one place that says
 *
 *   - what a dossier is (struct dossier) and its statuses and channels;
 *   - who may move it where (the transition table) and what each move does
 *     (dossier_decide: new status, pause opened or closed, appointment
 *     moved, processing ended), returned as a value the store persists;
 *   - its first status by channel and its appointment (dossier_file,
 *     dossier_due), from the processing time, the office hours and the
 *     working-day calendar the caller passes in (struct dossier_clock);
 *   - the apology and the rating;
 *   - the fee a dossier carries and what it has been paid (struct dossier:
 *     fee_vnd, paid_vnd), which the fee's transitions read: a fee is asked
 *     for (4 -> 6) only while some of it is due, and processing goes on
 *     (6 -> 4) only once it is paid; core/fee.h records the payments;
 *   - when it is on time, overdue or late (dossier_judge), which the
 *     queue, the API, public tracking and every count call.
 *
 * What core derives from a dossier's state for SQL to filter and count with
 * (open, overdue_from, on_time) is refreshed by dossier_settle() after every
 * change; the store writes it with the rest and never restates the rules.
 *
 * Statuses and channels are the codes of the National Public Service
 * Portal's dossier-sync interface (TrangThaiHoSo, KenhThucHien), so they can
 * be exchanged unchanged. docs/dossiers.md has the table for officials.
 */
#ifndef XASO_CORE_DOSSIER_H
#define XASO_CORE_DOSSIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/procedure.h"
#include "core/xerr.h"

enum dossier_status {
	DS_SUBMITTED = 1,  /* Mới đăng ký: filed online, not yet received */
	DS_RECEIVED = 2,   /* Được tiếp nhận */
	DS_REFUSED = 3,    /* Không được tiếp nhận (refused at reception) */
	DS_PROCESSING = 4, /* Đang xử lý */
	DS_SUPPLEMENT = 5, /* Yêu cầu bổ sung giấy tờ: the clock is paused */
	DS_FEE = 6,        /* Yêu cầu thực hiện nghĩa vụ tài chính */
	DS_WITHDRAWN = 7,  /* Công dân yêu cầu rút hồ sơ */
	DS_STOPPED = 8,    /* Dừng xử lý */
	DS_RESULT = 9,     /* Đã xử lý xong: result ready */
	DS_RETURNED = 10,  /* Đã trả kết quả */
	DS_MAX = 10,
};

enum dossier_channel {
	DC_COUNTER = 1, /* trực tiếp */
	DC_ONLINE = 2,  /* trực tuyến */
	DC_POST = 3,    /* bưu chính công ích */
};

/* Who makes a transition: bits, so a table row can allow both. A leader
 * is staff who may also approve results (SIDE_APPROVER). */
enum dossier_side {
	SIDE_APPLICANT = 1, /* the citizen or business that filed the dossier */
	SIDE_STAFF = 2,     /* officer or leader of the receiving unit */
	SIDE_APPROVER = 4,  /* bit: the staff member approves results */
	SIDE_LEADER = SIDE_STAFF | SIDE_APPROVER, /* a leader of the receiving unit */
};

struct dossier_transition {
	int from, to;
	unsigned sides;   /* enum dossier_side bits */
	const char *what; /* English, for docs and messages */
	/* For a procedure whose result is a signed document, this move is the
	 * leader's approval, and the result is signed as it is made. */
	bool approval;
};

bool dossier_status_valid(int s);
bool dossier_channel_valid(int c);
/* Stable English names: "submitted", "received", ... and "counter",
 * "online", "post". "" for an invalid code. */
const char *dossier_status_name(int s);
const char *dossier_channel_name(int c);

/* Statuses from which nothing follows (3, 7, 8, 10). */
bool dossier_status_final(int s);
/* The status in which the clock stands while the applicant completes the
 * dossier (5). */
bool dossier_status_paused(int s);
/* Statuses that end processing for on-time reporting: the first of 9, 10,
 * 8, 7 reached is the end time (RULES §1.3: result ready > returned >
 * stopped; withdrawal also ends it). */
bool dossier_status_ends_processing(int s);

/* The whole table (for docs/tests), and one row; NULL when from -> to is
 * not a transition at all. */
const struct dossier_transition *dossier_transitions(size_t *n);
const struct dossier_transition *dossier_transition_find(int from, int to);

/* May `side` move a dossier from `from` to `to`? 0, or XERR_INVALID for an
 * unknown status, XERR_CONFLICT when the table has no such transition,
 * XERR_FORBIDDEN when the other side makes it. e says which. */
int dossier_transition_check(int from, int to, enum dossier_side side, struct xerr *e);

struct dossier;
/* The same for dossier d as it stands, knowing its procedure: the table;
 * when the procedure's result is a signed document (result_signed), a
 * move marked `approval` is made only by a leader (side with
 * SIDE_APPROVER; XERR_FORBIDDEN otherwise); then what the move needs of
 * the dossier's fee. Asking for the fee (4 -> 6) needs some of it due;
 * going back to processing from 6 needs it paid in full, which only a
 * recorded payment does (a bank statement's credit or a cash receipt,
 * core/fee.h): XERR_CONFLICT naming "fee" otherwise. The check of every
 * action offered, and the first step of dossier_decide(). */
int dossier_move_check(const struct dossier *d, int to, enum dossier_side side, bool result_signed,
                       struct xerr *e);
/* Is from -> to the approval that signs the result of such a procedure? */
bool dossier_move_signs(int from, int to, bool result_signed);

/* What is still due on d's fee (0 when none or paid), and whether it is
 * paid in full (a dossier without a fee is). */
int64_t dossier_fee_left(const struct dossier *d);
bool dossier_fee_paid(const struct dossier *d);

/* The statuses reachable from `from`, for the "next step" of tracking.
 * Writes at most max codes; returns how many. */
int dossier_next_statuses(int from, int *out, int max);

enum {
	DOSSIER_CODE_MAX = 40,    /* bytes of a code, with the NUL */
	DOSSIER_FORM_MAX = 8192,  /* bytes of the form's JSON text, with the NUL */
	DOSSIER_NAME_MAX = 512,   /* bytes: 100 characters of any UTF-8 */
	DOSSIER_TEXT_MAX = 2048,  /* notes, reasons, addresses: 500 characters */
	DOSSIER_NOTE_CHARS = 500, /* a note or a reason someone types */
};

/* A dossier as it is stored. Times are minutes since 1970 in local time
 * (UTC+7), like core/calendar.h; 0 means "not yet". Personal data
 * (applicant name, identity number, phone, address, form data) is kept as
 * filed: readers decide what to mask. */
struct dossier {
	int64_t id;
	char code[DOSSIER_CODE_MAX];
	char unit[16]; /* receiving unit (a commune-level code) */
	char procedure[PROC_CODE_MAX];
	int channel;               /* enum dossier_channel */
	int status;                /* enum dossier_status */
	int64_t applicant_account; /* 0: none (counter and post dossiers) */
	char applicant_name[DOSSIER_NAME_MAX];
	char applicant_pid[13]; /* 12 digits or "" */
	char applicant_phone[16];
	char applicant_address[DOSSIER_TEXT_MAX];
	char form[DOSSIER_FORM_MAX]; /* JSON object text */
	int64_t submitted_at;
	int64_t received_at;     /* 0 until received */
	int64_t due_at;          /* the appointment in force; 0: unknown */
	int64_t original_due_at; /* the appointment before an apology */
	int64_t finished_at;     /* first of 9, 10, 8, 7 reached */
	int64_t apology_at;
	char apology_reason[DOSSIER_TEXT_MAX];
	int supplement_count;
	int rating; /* -1 not rated, 0 unsatisfied, 1 satisfied */
	char rating_reason[DOSSIER_TEXT_MAX];
	/* The fee (phí, lệ phí) in đồng: the procedure's when filed, or what
	 * the receiving unit set for this case (core/fee.h); 0 when none.
	 * Payments recorded (bank transfers and cash at the counter) add up
	 * in paid_vnd, never above the fee; paid_at is when the fee was paid
	 * in full (0: not yet). */
	int64_t fee_vnd;
	char fee_note[DOSSIER_TEXT_MAX]; /* why the unit set the fee ("" when it did not) */
	int64_t paid_vnd;
	int64_t paid_cash_vnd; /* the part of paid_vnd paid in cash */
	int64_t paid_at;
	/* Derived by dossier_settle() from the above. */
	bool open;            /* not in a final status */
	int64_t overdue_from; /* dossier_overdue_from() */
	int on_time;          /* -1 processing not ended, 1 on time, 0 late */
	bool fee_due;         /* the dossier bears a fee (fee_vnd > 0) */
	bool paid_online;     /* its fee is paid in full, all of it by transfer */
	bool paid_cash;       /* its fee is paid in full, some of it in cash */
};

/* A supplement request: the clock stopped at start and ran again at end
 * (0 while waiting). restart_due is the appointment under Decree 61/2018
 * art. 19(4), which restarts the whole period once the dossier is
 * complete; xaso keeps the pause reading of the national portal. */
struct dossier_pause {
	int64_t start, end, restart_due;
};

/* "UNITCODE-YYMMDD-NNNN": the receiving unit's code, the date of receipt
 * and the sequence of the unit's dossiers that day (1-based, at least four
 * digits). dst holds DOSSIER_CODE_MAX bytes. */
void dossier_code_format(const char *unit, int32_t day, long seq, char *dst);
/* Checks the shape of a code (for lookups from the outside). */
bool dossier_code_valid(const char *code);

/* The appointment for a dossier received at `received` (local minutes) for
 * a procedure with the given processing time. Paper dossiers (counter,
 * post) received after 15:00 or on a day off are handled from the next
 * working day (Decree 61/2018 art. 18), so their period starts then.
 * *due is 0 when the processing time is not known. */
int dossier_due(const struct cal *c, const struct cal_hours *h, int channel,
                enum proc_time_unit unit, int time_value, int64_t received, int64_t *due,
                struct xerr *e);

/* On time in the national portal's reading (RULES §1.3): finished by the
 * appointment (after moving it for supplement pauses) and at most
 * DOSSIER_SUPPLEMENTS_ON_TIME supplement requests (more is late, finished
 * or not: the 766 index's counts bind it). due 0 (unknown) counts as on
 * time. */
enum { DOSSIER_SUPPLEMENTS_ON_TIME = 1 };
bool dossier_on_time(int64_t finished, int64_t due, int supplement_count);

/* What times a dossier: the calendar, the receiving unit's office hours
 * and the procedure's processing time; and whether the procedure's result
 * is a signed document (then its move to 9 is a leader's approval). The
 * store reads them; core decides with them. */
struct dossier_clock {
	const struct cal *cal;
	struct cal_hours hours;
	enum proc_time_unit time_unit;
	int time_value;
	int64_t proc_fee; /* the procedure's fee (-1: not known), which
	                     dossier_file() gives the dossier */
	bool result_signed;
};

/* Filing: the first status by channel. An online dossier waits in status
 * 1 for the unit to receive it; a counter or post dossier is received at
 * once (status 2) with its appointment. Its fee is the procedure's (0 when
 * the catalogue does not know it: the unit sets it). at is the filing time
 * (d's submitted_at is set to it). The state of d is set from scratch. */
int dossier_file(const struct dossier_clock *k, struct dossier *d, int64_t at, struct xerr *e);

/* What a transition does, as a value: decided by dossier_decide(),
 * applied to the dossier by dossier_apply(), persisted by the store (the
 * dossier's row, the pause row, the event). */
enum dossier_pause_op {
	DOSSIER_PAUSE_NONE,
	DOSSIER_PAUSE_OPEN,  /* a supplement request: a pause starts at `at` */
	DOSSIER_PAUSE_CLOSE, /* leaving status 5: the open pause ends at `at` */
};
struct dossier_change {
	int from, to; /* the event to record */
	int64_t at;
	int64_t received_at;             /* set when this change receives it */
	int64_t due_at, original_due_at; /* the appointments after the change */
	int64_t finished_at;             /* set when processing ends (0: not ended) */
	int supplement_count;
	enum dossier_pause_op pause;
	int64_t restart_due; /* of the pause closed into processing (art. 19(4)) */
	/* The move is a leader's approval of a signed result: the store
	 * persists it only together with the result's signature. */
	bool signs;
};

/* May `side` move d to `to` at `at`, and what does it do? pause_start is
 * the start of d's open pause (0 when none). 0 with c filled, or the
 * refusal of dossier_transition_check (or a calendar error). d is not
 * changed. */
int dossier_decide(const struct dossier_clock *k, const struct dossier *d, int to,
                   enum dossier_side side, int64_t at, int64_t pause_start,
                   struct dossier_change *c, struct xerr *e);
/* Writes a decided change into d and settles what core derives from it. */
void dossier_apply(struct dossier *d, const struct dossier_change *c);

/* Decree 61/2018 art. 19(9): a written apology with a new appointment, at
 * most once, before the appointment has passed, while processing goes on
 * (XERR_CONFLICT otherwise); new_due later than the current appointment.
 * dossier_apology_check says whether one may be sent at `at`;
 * dossier_apologise checks and writes it into d. */
int dossier_apology_check(const struct dossier *d, int64_t at, struct xerr *e);
int dossier_apologise(struct dossier *d, int64_t new_due, const char *reason, int64_t at,
                      struct xerr *e);

/* The applicant's rating, once, after the result (status 9 or 10). */
int dossier_rate_check(const struct dossier *d, struct xerr *e);
int dossier_rate(struct dossier *d, bool satisfied, const char *reason, struct xerr *e);

/* ---- feedback (phản ánh, kiến nghị) ----
 * What it is about: the words of the monitoring vocabulary's
 * feedback.topic (core/expr_vocab.c), 0 when not classified. */
enum { FEEDBACK_TOPIC_NONE = 0 };
/* "" is FEEDBACK_TOPIC_NONE; an unknown word is XERR_INVALID naming
 * "topic" (the message lists the words). */
int feedback_topic_parse(const char *word, int *topic, struct xerr *e);
const char *feedback_topic_word(int topic); /* "" when none or unknown */
/* The sender's like or dislike of the answer: once, after the feedback
 * was answered or refused (row 5.3 of the 766 index counts the dislikes,
 * RULES-766-2026.md §1.1 formula 22). status is the store's "open",
 * "answered" or "refused"; rated: a rating was given already. */
int feedback_rate_check(const char *status, bool rated, struct xerr *e);
/* Feedback filed again about earlier feedback (its "repeats"): only by
 * the earlier one's sender (an account: an anonymous sender cannot be
 * told apart), once that was answered or refused, and about the same
 * dossier when the new one names one (dossier "" takes the earlier's).
 * Row 5.3 of the 766 index then counts the earlier answer as not
 * satisfying ("tiếp tục có phản ánh về kết quả giải quyết",
 * RULES-766-2026.md §1.1 formula 22). Errors name "repeats" (XERR_NOTFOUND
 * for someone else's feedback, as for none) or "dossier_code". */
int feedback_repeat_check(const char *earlier_status, int64_t earlier_sender, int64_t sender,
                          const char *earlier_dossier, const char *dossier, struct xerr *e);

/* Recomputes open, overdue_from, on_time, fee_due, paid_online and
 * paid_cash from the rest of d. */
void dossier_settle(struct dossier *d);

/* How a dossier stands as of a local minute: the one definition behind
 * the queue's highlight, the API's flags, the tracking answer's expiry and
 * every count. */
enum dossier_verdict {
	DOSSIER_CLOSED,  /* ended without being processed (refused at reception) */
	DOSSIER_RUNNING, /* being processed, its appointment not passed (or none) */
	DOSSIER_PAUSED,  /* waiting for a supplement: the clock stands */
	DOSSIER_OVERDUE, /* being processed, its appointment passed */
	DOSSIER_ON_TIME, /* processing ended on time (dossier_on_time) */
	DOSSIER_LATE,    /* processing ended late */
};
enum dossier_verdict dossier_judge(const struct dossier *d, int64_t as_of);

/* The local minute from which the dossier counts as overdue: its clock
 * runs (not ended, not final, not waiting for a supplement) and it has an
 * appointment; the minute after that appointment. 0 when it cannot
 * become overdue as it stands. */
int64_t dossier_overdue_from(const struct dossier *d);
/* Running and due on the day of `now`, not yet overdue (the queue's amber). */
bool dossier_due_today(const struct dossier *d, int64_t now);

/* Minutes since 1970 in local time (UTC+7) for a unix time. */
int64_t dossier_local_minutes(int64_t unix_seconds);
/* The first unix second of a local minute (the inverse of the above). */
int64_t dossier_unix_seconds(int64_t local_minutes);

#endif
