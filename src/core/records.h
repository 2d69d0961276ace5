/*
 * records.h: the records behind the digital-transformation indicators
 * other than residents (issue 13): businesses, community digital teams,
 * their members and activities, campaigns and their targets, local
 * products, and the figures units report. Pure: no I/O.
 *
 * Each kind is described once as a table of columns (struct rec_kind):
 * names, types, limits, and where the value lives in the kind's struct.
 * The same table reads a CSV row (xaso import), writes a CSV row (xaso
 * export, ?format=csv), gives the JSON API and the pages their fields, and
 * reads a JSON or form input; then the kind's own rules (`check`) judge
 * the record as a whole. Column names are the ones the vocabulary of
 * indicators uses (core/expr_vocab.c): `kind`, `position`, `people`,
 * `attendance`, `ocop_stars`, and list values are its words.
 *
 * Units are named by code; whether a unit exists, and of which level, is
 * the store's to check. Days are Julian days (0: none).
 */
#ifndef XASO_CORE_RECORDS_H
#define XASO_CORE_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/expr.h"
#include "core/unit.h"
#include "core/xerr.h"

enum rec_type {
	REC_TEXT = 1, /* char[size] of UTF-8, at most `max` characters (0: size) */
	REC_DAY,      /* int32_t Julian day, written YYYY-MM-DD; 0 is none */
	REC_INT,      /* int64_t in [min, max] */
	REC_WORD,     /* int: the code of one word of a list */
	REC_REAL,     /* double >= 0, finite */
	REC_TIME,     /* int64_t unix seconds, written YYYY-MM-DDTHH:MM (UTC+7) */
};

struct rec_col {
	const char *name;
	unsigned char type;
	bool required;
	bool out; /* written by exports, never read from imports or inputs */
	unsigned short off, size;
	int64_t min, max;
	/* REC_WORD: the list, given directly or as a vocabulary field. */
	const struct expr_word *words;
	const char *entity, *field;
	const char *vi; /* the column's heading on pages */
};

struct rec_kind {
	const char *name; /* plural: "businesses"; the import kind and the API's list key */
	const char *one;  /* singular: "business" */
	const struct rec_col *cols;
	size_t ncols;
	size_t size; /* of the kind's struct */
	/* The kind's rules over the whole record (e->field names the column
	 * at fault). `today` is the day the record is entered. */
	int (*check)(void *rec, int32_t today, struct xerr *e);
};

/* The kinds, and one by name (NULL when none). */
const struct rec_kind *const *rec_kinds(size_t *n);
const struct rec_kind *rec_kind_find(const char *name);
/* A column by name, or -1. */
int rec_col_index(const struct rec_kind *k, const char *name);
/* The words of a REC_WORD column (ended by {NULL}). */
const struct expr_word *rec_words(const struct rec_col *col);

/* The unit a record belongs to: its column "unit" or "team_unit". */
const char *rec_unit(const struct rec_kind *k, const void *rec);

/* ---- values ---- */

/* Sets column col of r from text (trimmed of spaces); "" leaves it empty
 * (XERR_INVALID when required). A list column takes its word or the
 * Vietnamese name, without regard to case or diacritics. e->field is the
 * column's name. */
int rec_set(const struct rec_kind *k, size_t col, const char *text, void *r, struct xerr *e);
/* The value of column col as text into dst[cap] ("" when empty). */
void rec_get(const struct rec_kind *k, size_t col, const void *r, char *dst, size_t cap);
/* Is column col empty in r (0 day, "" text)? */
bool rec_empty(const struct rec_kind *k, size_t col, const void *r);
/* The int64 value of an INT or TIME column, the code of a WORD, the day. */
int64_t rec_num(const struct rec_kind *k, size_t col, const void *r);

/* ---- CSV ---- */

/* Finds the kind's columns in the open CSV: idx[i] the CSV column of
 * cols[i], -1 when absent (refused for a required one). idx holds ncols. */
int rec_columns(const struct rec_kind *k, const struct csv *c, int *idx, struct xerr *e);
/* Reads the current row into r (zeroed first) and applies the kind's
 * check: errors are "FILE:LINE:COL: why" with e->field the column. */
int rec_read_row(const struct rec_kind *k, struct csv *c, const int *idx, void *r, int32_t today,
                 struct xerr *e);
/* Turns an error about column e->field of the current row into
 * "FILE:LINE:COL: why" (store checks: an unknown unit, a duplicate);
 * e->field stays the column. */
int rec_row_error(const struct csv *c, struct xerr *e);
/* The header line, and one record's line, of every column. Text typed by
 * people goes through csv_put_text (formula cells neutralised). */
void rec_csv_header(const struct rec_kind *k, struct buf *out);
void rec_csv_row(const struct rec_kind *k, const void *r, struct buf *out);

/* ---- the kinds ---- */

enum { REC_NAME_MAX = 160, REC_CODE_MAX = 32, REC_NOTE_MAX = 200 };

struct business {
	int64_t id;
	char tax_code[16];
	int kind; /* vocabulary businesses.kind: 1 enterprise, 2 household business */
	char name[REC_NAME_MAX];
	char unit[UNIT_CODE_MAX];
	int32_t opened_on, closed_on, einvoice_from, cashless_from;
};

struct team {
	int64_t id;
	char unit[UNIT_CODE_MAX]; /* a village, or the commune */
	char name[REC_NAME_MAX];
	int32_t founded_on, dissolved_on;
	int64_t members; /* out: members on the day it is read */
};

struct team_member {
	int64_t id;
	char team_unit[UNIT_CODE_MAX]; /* the unit of the team */
	char full_name[96];
	char phone[16];
	int position; /* vocabulary team_members.position */
	int32_t joined_on, left_on;
	char login[64]; /* the account of a member who signs in ("" none) */
	int64_t team;   /* filled by the store */
};

enum activity_kind {
	ACT_EID = 1,
	ACT_ONLINE_FILING = 2,
	ACT_CASHLESS = 3,
	ACT_PRODUCT = 4,
	ACT_SMARTPHONE = 5,
	ACT_TRAINING = 6,
};

struct activity {
	int64_t id;
	char team_unit[UNIT_CODE_MAX];
	int32_t day;
	int kind; /* enum activity_kind, vocabulary activities.kind */
	int64_t people, attendance;
	char campaign[REC_CODE_MAX]; /* a training's campaign code ("" none) */
	char note[REC_NOTE_MAX];
	char client_id[40]; /* the entry's own key: sent twice, kept once */
	char member[96];    /* out: who entered it, when a member did */
	int64_t team;       /* filled by the store */
	int64_t entered_at; /* out */
};

/* What a campaign target counts over the campaign's days in its unit's
 * subtree: training sessions of the campaign, their attendance, people
 * helped by activities of one kind, or nothing xaso holds. */
enum campaign_measure {
	MEASURE_SESSIONS = 1,
	MEASURE_ATTENDANCE = 2,
	MEASURE_NONE = 3,
	MEASURE_KIND = 10, /* + enum activity_kind: people helped */
};

/* A campaign and one of its targets: a campaign of n targets is n rows. */
struct campaign_row {
	int64_t id;
	char code[REC_CODE_MAX];
	char unit[UNIT_CODE_MAX];
	char name[REC_NAME_MAX];
	int32_t starts_on, ends_on;
	int64_t seq; /* the target's number, 1.. */
	char target_name[REC_NAME_MAX];
	int measure; /* enum campaign_measure */
	int64_t target;
	int64_t done; /* out: counted so far */
};

/* A product and one of its listings online: n platforms are n rows. */
struct product_row {
	int64_t id;
	char code[REC_CODE_MAX];
	char unit[UNIT_CODE_MAX];
	char name[REC_NAME_MAX];
	char producer[REC_NAME_MAX];
	int kind; /* vocabulary products.kind: 1 OCOP, 2 agricultural */
	int64_t ocop_stars;
	int32_t added_on, removed_on;
	char platform[48];
	char url[300];
	int32_t online_since;
};

enum report_status {
	REPORT_WAITING = 1,
	REPORT_APPROVED = 2,
	REPORT_REJECTED = 3,
	REPORT_SUPERSEDED = 4,
};

struct report {
	int64_t id;
	char unit[UNIT_CODE_MAX];
	char figure[48];
	char period[24]; /* "2026-03", "2026-Q1", "2026" */
	double value;
	char note[REC_NOTE_MAX];
	int status; /* out: enum report_status */
	char reporter[64];
	int64_t reported_at;
	char decider[64];
	int64_t decided_at;
	char decision_note[REC_NOTE_MAX];
	/* filled by the check */
	int32_t first_day, last_day;
	int64_t reported_by, decided_by;
};

extern const struct rec_kind rec_businesses, rec_teams, rec_members, rec_activities, rec_campaigns,
    rec_products, rec_reports;

/* ---- rules ---- */

/* A tax code (mã số thuế): 10 digits whose 10th is the check digit of the
 * first 9, or 13 for a branch (the parent's 10, then 001 to 999; written
 * with or without a dash); a household business may also use its owner's
 * 12-digit personal ID number (Circular 86/2024/TT-BTC, from 1 July 2025).
 * Writes the digits into out[16]. */
int business_tax_code(const char *in, int kind, char out[16], struct xerr *e);
/* The check digit of a tax code's first 9 digits, or -1 when none fits
 * (such numbers are never given). */
int business_check_digit(const char *nine);

/* An approved report of a figure for one unit: its period and value. */
struct report_span {
	int32_t first, last;
	double value;
};

/* The value of a figure (expr_figure: a level or a flow) for the period
 * [first, last] from one unit's approved reports (sorted in place). A
 * level is the latest report that ends on the period's last day or before
 * it, within a year of it; a flow adds up the reports that lie within the
 * period, the longest first, leaving out one that overlaps a report
 * taken (a quarter's report and its months' are not added twice). NaN
 * when no report counts: no data, never 0. */
double report_value(bool flow, struct report_span *r, size_t n, int32_t first, int32_t last);

/* May p decide (approve or reject) report r, of a unit at `level`? The
 * rule of issue 13: a leader of the unit (the commune's leader for the
 * commune and its villages: authz_decide() has placed the unit in the
 * leader's subtree), or the province for the province's own reports;
 * nobody decides on their own report. 0 or XERR_UNPROCESSABLE (the role
 * may decide on reports, not on this one). */
struct principal;
int report_decider_check(const struct principal *p, const struct report *r, int level,
                         struct xerr *e);

/* Is the entity's record in force on day: from <= day < to (to 0: still)? */
bool rec_in_force(int32_t from, int32_t to, int32_t day);

#endif
