/*
 * dossier.h: the rules of a dossier (hồ sơ) at the one-stop shop. Pure
 * logic: statuses and channels of the national portal, the table of allowed
 * transitions and who may make each, the dossier code, and the appointment
 * (due) time from a procedure's processing time. No I/O; the store applies
 * these rules inside its transactions.
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

/* Who makes a transition: bits, so a table row can allow both. */
enum dossier_side {
	SIDE_APPLICANT = 1, /* the citizen or business that filed the dossier */
	SIDE_STAFF = 2,     /* officer or leader of the receiving unit */
};

struct dossier_transition {
	int from, to;
	unsigned sides;   /* enum dossier_side bits */
	const char *what; /* English, for docs and messages */
};

bool dossier_status_valid(int s);
bool dossier_channel_valid(int c);
/* Stable English names: "submitted", "received", ... and "counter",
 * "online", "post". "" for an invalid code. */
const char *dossier_status_name(int s);
const char *dossier_channel_name(int c);

/* Statuses from which nothing follows (3, 7, 8, 10). */
bool dossier_status_final(int s);
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

/* The statuses reachable from `from`, for the "next step" of tracking.
 * Writes at most max codes; returns how many. */
int dossier_next_statuses(int from, int *out, int max);

/* "UNITCODE-YYMMDD-NNNN": the receiving unit's code, the date of receipt
 * and the sequence of the unit's dossiers that day (1-based, at least four
 * digits). dst holds DOSSIER_CODE_MAX bytes. */
enum { DOSSIER_CODE_MAX = 40 };
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
 * appointment (after moving it for supplement pauses) and at most one
 * supplement request. due 0 (unknown) counts as on time. */
bool dossier_on_time(int64_t finished, int64_t due, int supplement_count);

/* Minutes since 1970 in local time (UTC+7) for a unix time. */
int64_t dossier_local_minutes(int64_t unix_seconds);
/* The first unix second of a local minute (the inverse of the above). */
int64_t dossier_unix_seconds(int64_t local_minutes);

#endif
