/*
 * dossier.c: the dossier state machine, codes and appointment times.
 *
 * The transition table is the single statement of who may move a dossier
 * where; the store consults it inside the transaction that applies a
 * transition, and docs/dossiers.md reproduces it.
 */
#include "core/dossier.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const status_names[] = {
    "",
    "submitted",
    "received",
    "refused",
    "processing",
    "supplement_requested",
    "fee_requested",
    "withdrawn",
    "stopped",
    "result_ready",
    "returned",
};

static const char *const channel_names[] = {"", "counter", "online", "post"};

bool dossier_status_valid(int s)
{
	return s >= DS_SUBMITTED && s <= DS_MAX;
}

bool dossier_channel_valid(int c)
{
	return c >= DC_COUNTER && c <= DC_POST;
}

const char *dossier_status_name(int s)
{
	return dossier_status_valid(s) ? status_names[s] : "";
}

const char *dossier_channel_name(int c)
{
	return dossier_channel_valid(c) ? channel_names[c] : "";
}

bool dossier_status_final(int s)
{
	return s == DS_REFUSED || s == DS_WITHDRAWN || s == DS_STOPPED || s == DS_RETURNED;
}

bool dossier_status_ends_processing(int s)
{
	return s == DS_RESULT || s == DS_RETURNED || s == DS_STOPPED || s == DS_WITHDRAWN;
}

#define A SIDE_APPLICANT
#define S SIDE_STAFF

/* Decree 61/2018 art. 17-20 and the portal's statuses. A paper supplement
 * or a fee paid in cash at the counter is recorded by the officer on the
 * applicant's behalf (a counter dossier has no applicant account), so 5->4
 * and 6->4 are open to both sides. Sorted by (from, to). */
static const struct dossier_transition table[] = {
    {DS_SUBMITTED, DS_RECEIVED, S, "receive an online dossier"},
    {DS_SUBMITTED, DS_REFUSED, S, "refuse to receive (wrong authority, not acceptable)"},
    {DS_SUBMITTED, DS_WITHDRAWN, A, "withdraw before receipt"},
    {DS_RECEIVED, DS_PROCESSING, S, "start processing"},
    {DS_RECEIVED, DS_SUPPLEMENT, S, "ask for a supplement"},
    {DS_RECEIVED, DS_WITHDRAWN, A, "withdraw"},
    {DS_RECEIVED, DS_STOPPED, S, "stop processing"},
    {DS_RECEIVED, DS_RESULT, S, "result ready (immediate procedures)"},
    {DS_PROCESSING, DS_SUPPLEMENT, S, "ask for a supplement"},
    {DS_PROCESSING, DS_FEE, S, "ask for the fee or tax"},
    {DS_PROCESSING, DS_WITHDRAWN, A, "withdraw"},
    {DS_PROCESSING, DS_STOPPED, S, "stop processing (refusal after appraisal)"},
    {DS_PROCESSING, DS_RESULT, S, "result ready"},
    {DS_SUPPLEMENT, DS_PROCESSING, A | S, "supplement provided"},
    {DS_SUPPLEMENT, DS_WITHDRAWN, A, "withdraw"},
    {DS_SUPPLEMENT, DS_STOPPED, S, "stop processing (no supplement)"},
    {DS_FEE, DS_PROCESSING, A | S, "fee or tax paid"},
    {DS_FEE, DS_WITHDRAWN, A, "withdraw"},
    {DS_FEE, DS_STOPPED, S, "stop processing (not paid)"},
    {DS_RESULT, DS_RETURNED, S, "result returned"},
};

#undef A
#undef S

const struct dossier_transition *dossier_transitions(size_t *n)
{
	*n = sizeof table / sizeof table[0];
	return table;
}

const struct dossier_transition *dossier_transition_find(int from, int to)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].from == from && table[i].to == to)
			return &table[i];
	return NULL;
}

int dossier_transition_check(int from, int to, enum dossier_side side, struct xerr *e)
{
	if (!dossier_status_valid(to))
		return xerr_set(e, XERR_INVALID, "to", "status must be a number from 1 to %d",
		                DS_MAX);
	if (!dossier_status_valid(from))
		return xerr_set(e, XERR_INVALID, "status", "stored status %d is not valid", from);
	const struct dossier_transition *t = dossier_transition_find(from, to);
	if (!t)
		return xerr_set(e, XERR_CONFLICT, "to",
		                "a dossier cannot go from %s (%d) to %s (%d)",
		                dossier_status_name(from), from, dossier_status_name(to), to);
	if (!(t->sides & (unsigned)side))
		return xerr_set(e, XERR_FORBIDDEN, "to", "only the %s may %s",
		                side == SIDE_APPLICANT ? "receiving unit" : "applicant", t->what);
	return 0;
}

int dossier_next_statuses(int from, int *out, int max)
{
	int n = 0;
	for (size_t i = 0; i < sizeof table / sizeof table[0] && n < max; i++)
		if (table[i].from == from)
			out[n++] = table[i].to;
	return n;
}

void dossier_code_format(const char *unit, int32_t day, long seq, char *dst)
{
	char d[11];
	cal_format_date(day, d);
	snprintf(dst, DOSSIER_CODE_MAX, "%.16s-%.2s%.2s%.2s-%04ld", unit, d + 2, d + 5, d + 8, seq);
}

bool dossier_code_valid(const char *code)
{
	size_t i = 0, n = strlen(code);
	if (n >= DOSSIER_CODE_MAX)
		return false;
	while (i < n && isdigit((unsigned char)code[i]))
		i++;
	if (i < 2 || i > 12 || code[i] != '-')
		return false;
	size_t d0 = ++i;
	while (i < n && isdigit((unsigned char)code[i]))
		i++;
	if (i - d0 != 6 || code[i] != '-')
		return false;
	size_t s0 = ++i;
	while (i < n && isdigit((unsigned char)code[i]))
		i++;
	return i == n && i - s0 >= 4 && i - s0 <= 6;
}

int dossier_due(const struct cal *c, const struct cal_hours *h, int channel,
                enum proc_time_unit unit, int time_value, int64_t received, int64_t *due,
                struct xerr *e)
{
	*due = 0;
	if (h->n < 1)
		return xerr_set(e, XERR_INVALID, "office_hours", "the unit has no office hours");
	int64_t start = received, by = 0;
	int rc = cal_paper_transfer(c, h, received, &by, e);
	if (rc)
		return rc;
	/* Decree 61/2018 art. 18: paper received after 15:00 (or on a day off)
	 * reaches the deciding body on the next working day, and the period
	 * runs from there. */
	if (channel != DC_ONLINE && cal_time_day(by) != cal_time_day(received))
		start = cal_time(cal_time_day(by), h->span[0].from);
	switch (unit) {
	case PROC_TIME_NONE: return 0;
	case PROC_TIME_SAMEDAY: *due = by; return 0;
	case PROC_TIME_WORKDAY: return cal_add_workdays(c, h, start, time_value, due, e);
	case PROC_TIME_WORKHOUR:
		return cal_add_workminutes(c, h, start, (int64_t)time_value * 60, due, e);
	case PROC_TIME_CALENDARDAY: {
		/* Civil Code 2015 art. 148(5): a period whose last day is a day
		 * off ends on the next working day. */
		int32_t day = cal_time_day(start) + time_value;
		for (int i = 0; i < 60 && !cal_is_workday(c, day); i++)
			day++;
		if (!cal_is_workday(c, day))
			return xerr_set(e, XERR_INVALID, "received",
			                "the date is outside the calendar");
		*due = cal_time(day, h->span[h->n - 1].to);
		return 0;
	}
	}
	return xerr_set(e, XERR_INVALID, "time_unit", "unknown processing-time unit");
}

bool dossier_on_time(int64_t finished, int64_t due, int supplement_count)
{
	if (supplement_count > 1)
		return false;
	return due == 0 || finished <= due;
}

int64_t dossier_local_minutes(int64_t unix_seconds)
{
	return unix_seconds / 60 + 7 * 60;
}

int64_t dossier_unix_seconds(int64_t local_minutes)
{
	return (local_minutes - 7 * 60) * 60;
}
