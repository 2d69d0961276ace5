/* Tests for src/core/dossier.c (state machine and the effects of each
 * move, codes, appointments, the verdicts) and
 * src/core/procedure.c (strict catalogue parsing). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/authz.h"
#include "core/calendar.h"
#include "core/dossier.h"
#include "core/embedded.h"
#include "core/lunar.h"
#include "core/procedure.h"

static struct cal *cal;
static struct cal_hours hours;

static int setup(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct cal_override *ov;
	size_t n;
	assert_int_equal(cal_overrides_embedded(lunar_jdn(1900, 1, 1), &ov, &n, &e), 0);
	struct cal_params p = {2024, 2030, 0, ov, n};
	assert_int_equal(cal_new(&p, &cal, &e), 0);
	free(ov);
	cal_hours_default(&hours);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cal_free(cal);
	return 0;
}

static int64_t T(const char *s)
{
	int64_t t;
	struct xerr e = {0};
	if (cal_parse_time(s, "t", &t, &e))
		fail_msg("%s: %s", s, e.msg);
	return t;
}

static void assert_time(int64_t t, const char *want)
{
	char s[17];
	cal_format_time(t, s);
	assert_string_equal(s, want);
}

/* The allowed pairs, written out independently of the table in
 * dossier.c: side A applicant, S staff. */
static unsigned expected(int from, int to)
{
	enum { A = SIDE_APPLICANT, S = SIDE_STAFF };
	switch (from * 100 + to) {
	case 102: return S;
	case 103: return S;
	case 107: return A;
	case 204: return S;
	case 205: return S;
	case 207: return A;
	case 208: return S;
	case 209: return S;
	case 405: return S;
	case 406: return S;
	case 407: return A;
	case 408: return S;
	case 409: return S;
	case 504: return A | S;
	case 507: return A;
	case 508: return S;
	/* Only the unit goes on after the fee: a payment recorded from the
	 * bank statement or a cash receipt, never the applicant's word
	 * (test_fee_moves: and only once it is paid). */
	case 604: return S;
	case 607: return A;
	case 608: return S;
	case 910: return S;
	default: return 0;
	}
}

/* Every pair of statuses, both sides: allowed exactly where expected,
 * 409 where no such transition exists, 403 for the wrong side. */
static void test_every_pair(void **state)
{
	(void)state;
	int allowed = 0;
	for (int from = 1; from <= DS_MAX; from++) {
		for (int to = 1; to <= DS_MAX; to++) {
			for (int side = SIDE_APPLICANT; side <= SIDE_STAFF; side++) {
				struct xerr e = {0};
				int rc =
				    dossier_transition_check(from, to, (enum dossier_side)side, &e);
				unsigned want = expected(from, to);
				if (want & (unsigned)side) {
					if (rc != 0)
						fail_msg("%d -> %d by side %d refused: %s", from,
						         to, side, e.msg);
					allowed++;
				} else if (want) {
					if (rc != XERR_FORBIDDEN)
						fail_msg("%d -> %d by side %d: want 403, got %d",
						         from, to, side, rc);
				} else if (rc != XERR_CONFLICT) {
					fail_msg("%d -> %d by side %d: want 409, got %d", from, to,
					         side, rc);
				} else {
					assert_non_null(strstr(e.msg, "cannot go from"));
				}
			}
		}
	}
	assert_int_equal(allowed, 21);
	size_t n;
	dossier_transitions(&n);
	assert_int_equal(n, 20);
	struct xerr e = {0};
	assert_int_equal(dossier_transition_check(4, 11, SIDE_STAFF, &e), XERR_INVALID);
	assert_int_equal(dossier_transition_check(0, 4, SIDE_STAFF, &e), XERR_INVALID);
}

static void test_final_and_next(void **state)
{
	(void)state;
	for (int s = 1; s <= DS_MAX; s++) {
		int next[10];
		int n = dossier_next_statuses(s, next, 10);
		assert_int_equal(n == 0, dossier_status_final(s));
	}
	assert_true(dossier_status_ends_processing(DS_RESULT));
	assert_true(dossier_status_ends_processing(DS_WITHDRAWN));
	assert_false(dossier_status_ends_processing(DS_REFUSED));
	assert_string_equal(dossier_status_name(5), "supplement_requested");
	assert_string_equal(dossier_channel_name(2), "online");
	assert_string_equal(dossier_status_name(11), "");
}

static void test_codes(void **state)
{
	(void)state;
	char code[DOSSIER_CODE_MAX];
	dossier_code_format("22015", lunar_jdn(2026, 4, 28), 7, code);
	assert_string_equal(code, "22015-260428-0007");
	assert_true(dossier_code_valid(code));
	dossier_code_format("22015", lunar_jdn(2026, 4, 28), 12345, code);
	assert_string_equal(code, "22015-260428-12345");
	assert_true(dossier_code_valid(code));
	assert_false(dossier_code_valid("22015-26042-0001"));
	assert_false(dossier_code_valid("22015-260428-01"));
	assert_false(dossier_code_valid("x2015-260428-0001"));
	assert_false(dossier_code_valid("22015-260428-0001-"));
	assert_false(dossier_code_valid(""));
}

static int64_t due(int channel, enum proc_time_unit u, int n, const char *received)
{
	int64_t d;
	struct xerr e = {0};
	if (dossier_due(cal, &hours, channel, u, n, T(received), &d, &e))
		fail_msg("%s: %s", received, e.msg);
	return d;
}

static void test_due_workdays_across_holidays(void **state)
{
	(void)state;
	/* Tết 2026 for civil servants: 14-22 February. */
	assert_time(due(DC_COUNTER, PROC_TIME_WORKDAY, 3, "2026-02-12T09:00"), "2026-02-24T17:00");
	assert_time(due(DC_ONLINE, PROC_TIME_WORKDAY, 1, "2026-02-13T10:00"), "2026-02-23T17:00");
	/* 30/4 and 1/5 with the weekend after them. */
	assert_time(due(DC_COUNTER, PROC_TIME_WORKDAY, 5, "2026-04-28T09:00"), "2026-05-07T17:00");
	/* Paper after 15:00 reaches the deciding body the next working day,
	 * and the period runs from there; online it does not. */
	assert_time(due(DC_COUNTER, PROC_TIME_WORKDAY, 1, "2026-04-28T16:00"), "2026-05-04T17:00");
	assert_time(due(DC_POST, PROC_TIME_WORKDAY, 1, "2026-04-28T16:00"), "2026-05-04T17:00");
	assert_time(due(DC_ONLINE, PROC_TIME_WORKDAY, 1, "2026-04-28T16:00"), "2026-04-29T17:00");
	/* Filed on a Saturday. */
	assert_time(due(DC_ONLINE, PROC_TIME_WORKDAY, 1, "2026-05-09T10:00"), "2026-05-11T17:00");
}

static void test_due_other_units(void **state)
{
	(void)state;
	/* Same day, or the next working day after 15:00 (Decree 23/2015 art. 7). */
	assert_time(due(DC_COUNTER, PROC_TIME_SAMEDAY, 0, "2026-04-28T10:00"), "2026-04-28T17:00");
	assert_time(due(DC_COUNTER, PROC_TIME_SAMEDAY, 0, "2026-04-29T16:00"), "2026-05-04T17:00");
	assert_time(due(DC_ONLINE, PROC_TIME_SAMEDAY, 0, "2026-02-13T15:30"), "2026-02-23T17:00");
	/* Office hours: 09:00-11:30 and 13:30-17:00 give 6 h, then 2 h. */
	assert_time(due(DC_COUNTER, PROC_TIME_WORKHOUR, 8, "2026-04-28T09:00"), "2026-04-29T09:30");
	/* Calendar days ending on a day off run to the next working day. */
	assert_time(due(DC_COUNTER, PROC_TIME_CALENDARDAY, 7, "2026-04-24T09:00"),
	            "2026-05-04T17:00");
	assert_time(due(DC_COUNTER, PROC_TIME_CALENDARDAY, 10, "2026-02-05T09:00"),
	            "2026-02-23T17:00");
	assert_int_equal(due(DC_COUNTER, PROC_TIME_NONE, 0, "2026-04-28T09:00"), 0);
}

static void test_on_time(void **state)
{
	(void)state;
	assert_true(dossier_on_time(T("2026-05-07T17:00"), T("2026-05-07T17:00"), 0));
	assert_false(dossier_on_time(T("2026-05-07T17:01"), T("2026-05-07T17:00"), 0));
	assert_true(dossier_on_time(T("2026-05-06T09:00"), T("2026-05-07T17:00"), 1));
	/* More than one supplement request counts as late (RULES §1.3). */
	assert_false(dossier_on_time(T("2026-05-06T09:00"), T("2026-05-07T17:00"), 2));
	assert_true(dossier_on_time(T("2026-05-06T09:00"), 0, 0));
}

/* A counter dossier for a 5-working-day procedure received at `at`. */
static struct dossier *filed(int channel, const char *at)
{
	static struct dossier d;
	struct dossier_clock k = {cal, hours, PROC_TIME_WORKDAY, 5};
	struct xerr e = {0};
	memset(&d, 0, sizeof d);
	d.channel = channel;
	d.applicant_account = channel == DC_ONLINE ? 42 : 0;
	if (dossier_file(&k, &d, T(at), &e))
		fail_msg("file: %s", e.msg);
	return &d;
}

/* Decides and applies one move; returns the change. */
static struct dossier_change move(struct dossier *d, int to, enum dossier_side side, const char *at,
                                  int64_t pause_start)
{
	struct dossier_clock k = {cal, hours, PROC_TIME_WORKDAY, 5};
	struct dossier_change c;
	struct xerr e = {0};
	if (dossier_decide(&k, d, to, side, T(at), pause_start, &c, &e))
		fail_msg("%d -> %d: %s", d->status, to, e.msg);
	dossier_apply(d, &c);
	return c;
}

static void test_first_status(void **state)
{
	(void)state;
	struct dossier *d = filed(DC_ONLINE, "2026-04-28T09:00");
	assert_int_equal(d->status, DS_SUBMITTED);
	assert_int_equal(d->received_at, 0);
	assert_int_equal(d->due_at, 0);
	assert_true(d->open);
	assert_int_equal(d->on_time, -1);
	assert_int_equal(d->rating, -1);
	d = filed(DC_POST, "2026-04-28T16:00");
	assert_int_equal(d->status, DS_RECEIVED);
	assert_time(d->received_at, "2026-04-28T16:00");
	/* After 15:00 paper counts from the next working day (art. 18). */
	assert_time(d->due_at, "2026-05-08T17:00");
	assert_int_equal(d->original_due_at, d->due_at);
	assert_int_equal(d->overdue_from, d->due_at + 1);
}

/* What each move does, as the value the store persists. */
static void test_effects_of_moves(void **state)
{
	(void)state;
	struct dossier *d = filed(DC_ONLINE, "2026-04-28T08:00");
	struct dossier_change c = move(d, DS_RECEIVED, SIDE_STAFF, "2026-04-28T09:00", 0);
	assert_int_equal(c.from, DS_SUBMITTED);
	assert_time(c.received_at, "2026-04-28T09:00");
	assert_time(d->due_at, "2026-05-07T17:00");
	move(d, DS_PROCESSING, SIDE_STAFF, "2026-04-28T10:00", 0);
	c = move(d, DS_SUPPLEMENT, SIDE_STAFF, "2026-04-29T09:00", 0);
	assert_int_equal(c.pause, DOSSIER_PAUSE_OPEN);
	assert_int_equal(d->supplement_count, 1);
	assert_int_equal(d->overdue_from, 0); /* the clock stands */
	/* The pause covered 900 office minutes: the appointment moves two
	 * working days; art. 19(4) would restart the whole period. */
	c = move(d, DS_PROCESSING, SIDE_APPLICANT, "2026-05-05T09:00", T("2026-04-29T09:00"));
	assert_int_equal(c.pause, DOSSIER_PAUSE_CLOSE);
	assert_time(d->due_at, "2026-05-11T17:00");
	assert_time(d->original_due_at, "2026-05-11T17:00");
	assert_time(c.restart_due, "2026-05-12T17:00");
	c = move(d, DS_RESULT, SIDE_STAFF, "2026-05-11T16:00", 0);
	assert_time(c.finished_at, "2026-05-11T16:00");
	assert_int_equal(d->on_time, 1);
	move(d, DS_RETURNED, SIDE_STAFF, "2026-05-12T08:00", 0);
	assert_time(d->finished_at, "2026-05-11T16:00"); /* the first end counts */
	assert_false(d->open);

	/* Ending while waiting for a supplement ends at the request. */
	d = filed(DC_COUNTER, "2026-04-28T09:00");
	move(d, DS_SUPPLEMENT, SIDE_STAFF, "2026-04-28T14:00", 0);
	c = move(d, DS_WITHDRAWN, SIDE_APPLICANT, "2026-05-04T08:00", T("2026-04-28T14:00"));
	assert_int_equal(c.pause, DOSSIER_PAUSE_CLOSE);
	assert_int_equal(c.restart_due, 0);
	assert_time(d->finished_at, "2026-04-28T14:00");

	/* A refusal changes nothing: d stays as it was. */
	struct dossier_clock k = {cal, hours, PROC_TIME_WORKDAY, 5};
	struct xerr e = {0};
	int status = d->status;
	assert_int_equal(
	    dossier_decide(&k, d, DS_PROCESSING, SIDE_STAFF, T("2026-05-05T08:00"), 0, &c, &e),
	    XERR_CONFLICT);
	assert_int_equal(d->status, status);
}

/* A dossier standing in `status`, without a fee (valid until the next call). */
static const struct dossier *in_status(int status)
{
	static struct dossier d;
	memset(&d, 0, sizeof d);
	d.status = status;
	return &d;
}

/* A procedure whose result is a signed document: its moves to 9 are the
 * leader's approval, written out here independently of the table. */
static void test_approval(void **state)
{
	(void)state;
	for (int from = 1; from <= DS_MAX; from++)
		for (int to = 1; to <= DS_MAX; to++) {
			bool want =
			    to == DS_RESULT && (from == DS_RECEIVED || from == DS_PROCESSING);
			assert_int_equal(dossier_move_signs(from, to, true), want);
			assert_false(dossier_move_signs(from, to, false));
		}
	struct xerr e = {0};
	assert_int_equal(dossier_move_check(in_status(4), 9, SIDE_STAFF, true, &e), XERR_FORBIDDEN);
	assert_string_equal(e.field, "to");
	assert_non_null(strstr(e.msg, "leader"));
	assert_int_equal(dossier_move_check(in_status(4), 9, SIDE_LEADER, true, &e), 0);
	assert_int_equal(dossier_move_check(in_status(4), 9, SIDE_STAFF, false, &e), 0);
	assert_int_equal(dossier_move_check(in_status(4), 9, SIDE_APPLICANT, true, &e),
	                 XERR_FORBIDDEN);
	/* A leader is staff for every other move, and never the applicant. */
	assert_int_equal(dossier_move_check(in_status(9), 10, SIDE_LEADER, true, &e), 0);
	assert_int_equal(dossier_move_check(in_status(4), 7, SIDE_LEADER, true, &e),
	                 XERR_FORBIDDEN);
	assert_int_equal(dossier_move_check(in_status(5), 9, SIDE_LEADER, true, &e), XERR_CONFLICT);

	/* dossier_decide says so, and marks the change that signs. */
	struct dossier *d = filed(DC_COUNTER, "2026-04-28T09:00");
	move(d, DS_PROCESSING, SIDE_STAFF, "2026-04-28T10:00", 0);
	struct dossier_clock k = {cal, hours, PROC_TIME_WORKDAY, 5, -1, true};
	struct dossier_change c;
	assert_int_equal(
	    dossier_decide(&k, d, DS_RESULT, SIDE_STAFF, T("2026-04-29T09:00"), 0, &c, &e),
	    XERR_FORBIDDEN);
	assert_int_equal(d->status, DS_PROCESSING);
	assert_int_equal(
	    dossier_decide(&k, d, DS_RESULT, SIDE_LEADER, T("2026-04-29T09:00"), 0, &c, &e), 0);
	assert_true(c.signs);
	assert_time(c.finished_at, "2026-04-29T09:00");
	k.result_signed = false;
	assert_int_equal(
	    dossier_decide(&k, d, DS_RESULT, SIDE_STAFF, T("2026-04-29T09:00"), 0, &c, &e), 0);
	assert_false(c.signs);
	assert_int_equal(
	    dossier_decide(&k, d, DS_STOPPED, SIDE_LEADER, T("2026-04-29T09:00"), 0, &c, &e), 0);
	assert_false(c.signs);
}

/* The fee's moves: asked for only while some of it is due, left only once
 * it is paid in full; the fee comes from the procedure at filing. */
static void test_fee_moves(void **state)
{
	(void)state;
	struct dossier_clock k = {cal, hours, PROC_TIME_WORKDAY, 5, 20000};
	struct dossier d;
	struct dossier_change c;
	struct xerr e = {0};
	memset(&d, 0, sizeof d);
	d.channel = DC_COUNTER;
	assert_int_equal(dossier_file(&k, &d, T("2026-04-28T09:00"), &e), 0);
	assert_int_equal(d.fee_vnd, 20000);
	assert_true(d.fee_due);
	assert_false(d.paid_online || d.paid_cash);
	assert_int_equal(dossier_fee_left(&d), 20000);
	move(&d, DS_PROCESSING, SIDE_STAFF, "2026-04-28T10:00", 0);
	move(&d, DS_FEE, SIDE_STAFF, "2026-04-28T11:00", 0);
	/* Neither side goes on while it is unpaid; the applicant never does. */
	assert_int_equal(dossier_move_check(&d, DS_PROCESSING, SIDE_STAFF, false, &e),
	                 XERR_CONFLICT);
	assert_string_equal(e.field, "fee");
	assert_int_equal(
	    dossier_decide(&k, &d, DS_PROCESSING, SIDE_STAFF, T("2026-04-28T12:00"), 0, &c, &e),
	    XERR_CONFLICT);
	assert_int_equal(dossier_move_check(&d, DS_PROCESSING, SIDE_APPLICANT, false, &e),
	                 XERR_FORBIDDEN);
	d.paid_vnd = 5000;
	dossier_settle(&d);
	assert_int_equal(dossier_move_check(&d, DS_PROCESSING, SIDE_STAFF, false, &e),
	                 XERR_CONFLICT);
	d.paid_vnd = 20000;
	dossier_settle(&d);
	assert_true(d.paid_online);
	assert_int_equal(dossier_move_check(&d, DS_PROCESSING, SIDE_APPLICANT, false, &e),
	                 XERR_FORBIDDEN);
	move(&d, DS_PROCESSING, SIDE_STAFF, "2026-04-28T12:00", 0);
	/* Paid: asking again is refused; so is asking on a dossier without a
	 * fee, or from a procedure whose fee the catalogue does not know. */
	assert_int_equal(dossier_move_check(&d, DS_FEE, SIDE_STAFF, false, &e), XERR_CONFLICT);
	k.proc_fee = -1;
	assert_int_equal(dossier_file(&k, &d, T("2026-04-28T09:00"), &e), 0);
	assert_int_equal(d.fee_vnd, 0);
	assert_int_equal(d.paid_vnd, 0);
	assert_false(d.fee_due);
	move(&d, DS_PROCESSING, SIDE_STAFF, "2026-04-28T10:00", 0);
	assert_int_equal(dossier_move_check(&d, DS_FEE, SIDE_STAFF, false, &e), XERR_CONFLICT);
	assert_non_null(strstr(e.msg, "no fee"));
}

/* One verdict per dossier and moment, the one every count uses. */
static void test_judge(void **state)
{
	(void)state;
	struct dossier *d = filed(DC_COUNTER, "2026-04-28T09:00"); /* due 7/5 17:00 */
	assert_int_equal(dossier_judge(d, T("2026-05-07T17:00")), DOSSIER_RUNNING);
	assert_true(dossier_due_today(d, T("2026-05-07T08:00")));
	assert_false(dossier_due_today(d, T("2026-05-06T08:00")));
	assert_int_equal(dossier_judge(d, T("2026-05-07T17:01")), DOSSIER_OVERDUE);
	assert_false(dossier_due_today(d, T("2026-05-07T17:01")));
	move(d, DS_SUPPLEMENT, SIDE_STAFF, "2026-05-08T09:00", 0);
	assert_int_equal(dossier_judge(d, T("2026-05-09T09:00")), DOSSIER_PAUSED);
	move(d, DS_STOPPED, SIDE_STAFF, "2026-05-10T09:00", T("2026-05-08T09:00"));
	assert_int_equal(dossier_judge(d, T("2026-06-01T00:00")), DOSSIER_LATE);
	assert_int_equal(d->on_time, 0);
	d = filed(DC_ONLINE, "2026-04-28T09:00");
	move(d, DS_REFUSED, SIDE_STAFF, "2026-04-28T10:00", 0);
	assert_int_equal(dossier_judge(d, T("2026-06-01T00:00")), DOSSIER_CLOSED);
	assert_int_equal(d->overdue_from, 0);
	assert_false(d->open);
}

static void test_apology_and_rating(void **state)
{
	(void)state;
	struct dossier *d = filed(DC_COUNTER, "2026-04-28T09:00");
	struct xerr e = {0};
	int64_t due = d->due_at;
	assert_int_equal(dossier_apologise(d, due + 60, "", T("2026-05-06T09:00"), &e),
	                 XERR_INVALID);
	assert_int_equal(dossier_apologise(d, due, "chậm", T("2026-05-06T09:00"), &e),
	                 XERR_INVALID);
	assert_int_equal(dossier_apologise(d, due + 60, "chậm", due, &e), XERR_CONFLICT);
	assert_int_equal(dossier_apologise(d, due + 60, "chậm", T("2026-05-06T09:00"), &e), 0);
	assert_int_equal(d->due_at, due + 60);
	assert_int_equal(d->original_due_at, due); /* on time is judged by the first */
	assert_int_equal(d->overdue_from, due + 61);
	assert_int_equal(dossier_apology_check(d, T("2026-05-06T10:00"), &e), XERR_CONFLICT);
	assert_int_equal(dossier_rate(d, true, "", &e), XERR_CONFLICT); /* no result yet */
	move(d, DS_RESULT, SIDE_STAFF, "2026-05-07T09:00", 0);
	assert_int_equal(dossier_rate_check(d, &e), 0);
	assert_int_equal(dossier_rate(d, false, "trễ", &e), 0);
	assert_int_equal(d->rating, 0);
	assert_int_equal(dossier_rate(d, true, "", &e), XERR_CONFLICT); /* once */
}

static void test_catalogue_parses(void **state)
{
	(void)state;
	size_t len, n;
	struct xerr e = {0};
	const char *data = embedded_find("data/procedures.csv", &len);
	assert_non_null(data);
	struct procedure *p;
	if (procedure_parse("procedures.csv", data, len, &p, &n, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(n, 314);
	int units[5] = {0};
	for (size_t i = 0; i < n; i++)
		units[p[i].time_unit]++;
	assert_int_equal(units[PROC_TIME_WORKDAY], 228);
	assert_int_equal(units[PROC_TIME_CALENDARDAY], 59);
	assert_int_equal(units[PROC_TIME_SAMEDAY], 11);
	assert_int_equal(units[PROC_TIME_WORKHOUR], 5);
	assert_int_equal(units[PROC_TIME_NONE], 11);
	free(p);
	struct procedure_document *d;
	data = embedded_find("data/procedure-documents.csv", &len);
	assert_int_equal(procedure_documents_parse("d.csv", data, len, &d, &n, &e), 0);
	assert_int_equal(n, 79);
	free(d);
	struct procedure_field *f;
	data = embedded_find("data/procedure-fields.csv", &len);
	assert_int_equal(procedure_fields_parse("f.csv", data, len, &f, &n, &e), 0);
	assert_int_equal(n, 176);
	free(f);
}

static void expect_error(const char *csv, const char *want)
{
	struct procedure *p = NULL;
	size_t n;
	struct xerr e = {0};
	int rc = procedure_parse("p.csv", csv, strlen(csv), &p, &n, &e);
	if (rc != XERR_INVALID)
		fail_msg("accepted: %s", csv);
	if (!strstr(e.msg, want))
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, want);
	assert_null(p);
}

static void test_catalogue_strict(void **state)
{
	(void)state;
	const char *h = "code,name,field,level,time_value,time_unit,fee_vnd,online_level,source\n";
	char buf[512];
#define BAD(row, want) (snprintf(buf, sizeof buf, "%s%s\n", h, row), expect_error(buf, want))
	BAD("1.00119,A,F,commune,3,workday,0,full,", "p.csv:2:1: a procedure code");
	BAD("1.001193,,F,commune,3,workday,0,full,", "p.csv:2:10: \"name\" is empty");
	BAD("1.001193,A,F,district,3,workday,0,full,", "level must be commune or province");
	BAD("1.001193,A,F,commune,3,weeks,0,full,", "p.csv:2:24: time_unit must be");
	BAD("1.001193,A,F,commune,,workday,0,full,", "\"time_value\" is empty");
	BAD("1.001193,A,F,commune,3,,0,full,", "time_value must be empty");
	BAD("1.001193,A,F,commune,2,sameday,0,full,", "from 0 to 0");
	BAD("1.001193,A,F,commune,3,workday,-5,full,", "\"fee_vnd\" must be a whole number");
	BAD("1.001193,A,F,commune,3,workday,0,level4,", "online_level must be full or partial");
	BAD("1.001193,A,F,commune,3,workday,0,full,\n1.001193,B,F,commune,3,workday,0,full,",
	    "p.csv:3:1: duplicate procedure code 1.001193");
#undef BAD
	expect_error(h, "no procedures");
	/* The optional column result_signed: 1 when absent or empty. */
	const char *csv = "code,name,field,level,time_value,time_unit,fee_vnd,online_level,source,"
	                  "result_signed\n1.000001,A,F,commune,3,workday,0,full,,0\n"
	                  "1.000002,B,F,commune,3,workday,0,full,,1\n"
	                  "1.000003,C,F,commune,3,workday,0,full,,\n";
	struct procedure *p;
	size_t n;
	struct xerr e = {0};
	assert_int_equal(procedure_parse("p.csv", csv, strlen(csv), &p, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_false(p[0].result_signed);
	assert_true(p[1].result_signed);
	assert_true(p[2].result_signed);
	free(p);
	expect_error("code,name,field,level,time_value,time_unit,fee_vnd,online_level,source,"
	             "result_signed\n1.000001,A,F,commune,3,workday,0,full,,yes\n",
	             "p.csv:2:40: \"result_signed\" must be 0 or 1");
}

/* The policy table must stay sorted: authz_rule() searches it by halves. */
static void test_policy_sorted(void **state)
{
	(void)state;
	size_t n;
	const struct authz_rule *r = authz_rules(&n);
	for (size_t i = 1; i < n; i++)
		if (strcmp(r[i - 1].action, r[i].action) >= 0)
			fail_msg("policy table not sorted at %s", r[i].action);
	for (size_t i = 0; i < n; i++)
		assert_ptr_equal(authz_rule(r[i].action), &r[i]);
	assert_true(authz_allows(ROLE_NONE, "dossier.track"));
	assert_true(authz_allows(ROLE_CITIZEN, "dossier.transition"));
	/* Approving a signed result: the leader alone. */
	for (enum role role = ROLE_NONE; role <= ROLE_ADMIN; role++)
		assert_int_equal(authz_allows(role, "dossier.approve"), role == ROLE_LEADER);
}

/* Feedback filed again about earlier feedback (row 5.3, migration 017). */
static void test_feedback_repeat(void **state)
{
	(void)state;
	struct xerr e = {0};
	assert_int_equal(feedback_repeat_check("answered", 7, 7, "", "", &e), 0);
	assert_int_equal(feedback_repeat_check("refused", 7, 7, "d1", "", &e), 0);
	assert_int_equal(feedback_repeat_check("answered", 7, 7, "d1", "d1", &e), 0);
	/* Someone else's, or from nobody known: as if there were none. */
	assert_int_equal(feedback_repeat_check("answered", 7, 8, "", "", &e), XERR_NOTFOUND);
	assert_string_equal(e.field, "repeats");
	assert_int_equal(feedback_repeat_check("answered", 0, 0, "", "", &e), XERR_NOTFOUND);
	/* Before its answer. */
	assert_int_equal(feedback_repeat_check("open", 7, 7, "", "", &e), XERR_CONFLICT);
	assert_string_equal(e.field, "repeats");
	/* About another dossier, or a dossier when the earlier named none. */
	assert_int_equal(feedback_repeat_check("answered", 7, 7, "d1", "d2", &e), XERR_INVALID);
	assert_string_equal(e.field, "dossier_code");
	assert_int_equal(feedback_repeat_check("answered", 7, 7, "", "d2", &e), XERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_pair),
	    cmocka_unit_test(test_final_and_next),
	    cmocka_unit_test(test_codes),
	    cmocka_unit_test(test_due_workdays_across_holidays),
	    cmocka_unit_test(test_due_other_units),
	    cmocka_unit_test(test_on_time),
	    cmocka_unit_test(test_first_status),
	    cmocka_unit_test(test_effects_of_moves),
	    cmocka_unit_test(test_approval),
	    cmocka_unit_test(test_fee_moves),
	    cmocka_unit_test(test_judge),
	    cmocka_unit_test(test_apology_and_rating),
	    cmocka_unit_test(test_feedback_repeat),
	    cmocka_unit_test(test_catalogue_parses),
	    cmocka_unit_test(test_catalogue_strict),
	    cmocka_unit_test(test_policy_sorted),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
