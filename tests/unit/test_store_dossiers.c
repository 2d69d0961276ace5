/* Tests for src/store/dossier_*.c, feedback.c and procedures.c: filing
 * through the group-commit writer, codes under concurrency, transitions
 * with pauses, apologies, ratings, counts, files and who may link them,
 * feedback deadlines and the catalogue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "store/store.h"

#include "store_fixture.h"

static struct store *st;
static struct actor sys;

static void assert_time(int64_t t, const char *want)
{
	char s[17];
	cal_format_time(t, s);
	assert_string_equal(s, want);
}

/* Test procedures with known processing times. */
static void add_procedures(void)
{
	struct procedure p[3];
	memset(p, 0, sizeof p);
	const char *codes[3] = {"9.000005", "9.000001", "9.000000"};
	enum proc_time_unit u[3] = {PROC_TIME_WORKDAY, PROC_TIME_SAMEDAY, PROC_TIME_NONE};
	int v[3] = {5, 0, 0};
	for (int i = 0; i < 3; i++) {
		strcpy(p[i].code, codes[i]);
		snprintf(p[i].name, sizeof p[i].name, "Thủ tục thử %d", i);
		strcpy(p[i].field, "Thử nghiệm");
		strcpy(p[i].level, "commune");
		p[i].time_unit = u[i];
		p[i].time_value = v[i];
		p[i].fee_vnd = -1;
		p[i].online_full = true;
	}
	struct xerr e = {0};
	int bl;
	size_t bad;
	assert_int_equal(store_procedures_import(st, &sys, p, 3, NULL, 0, NULL, 0, &bl, &bad, &e),
	                 0);
}

static int setup(void **state)
{
	(void)state;
	fixture_path("dossiers");
	actor_system(&sys, "test");
	st = fixture_store();
	add_procedures();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	remove_db();
	return 0;
}

static void fill(struct dossier *d, const char *unit, const char *proc, int channel, const char *at)
{
	memset(d, 0, sizeof *d);
	strcpy(d->unit, unit);
	strcpy(d->procedure, proc);
	d->channel = channel;
	strcpy(d->applicant_name, "Nguyễn Văn An");
	strcpy(d->applicant_pid, "066090000123");
	strcpy(d->applicant_phone, "0912345678");
	strcpy(d->form, "{}");
	d->submitted_at = at ? T(at) : 0;
}

static struct dossier *submit(const char *unit, const char *proc, int channel, const char *at)
{
	static struct dossier d;
	struct xerr e = {0};
	fill(&d, unit, proc, channel, at);
	if (channel == DC_ONLINE)
		d.applicant_account = 42;
	if (store_dossier_submit(st, &sys, &d, &e))
		fail_msg("submit: %s", e.msg);
	return &d;
}

static void move(const char *code, int to, enum dossier_side side, const char *at,
                 struct dossier *out)
{
	struct xerr e = {0};
	if (store_dossier_transition(st, &sys, code, to, side, "test", T(at), out, &e))
		fail_msg("%s -> %d: %s", code, to, e.msg);
}

static void test_catalogue(void **state)
{
	(void)state;
	struct procedure p;
	struct xerr e = {0};
	assert_int_equal(store_procedure_get(st, "1.001193", &p, &e), 0);
	assert_string_equal(p.name, "Thủ tục đăng ký khai sinh");
	assert_int_equal(p.time_unit, PROC_TIME_SAMEDAY);
	assert_int_equal(store_procedure_get(st, "1.999999", &p, &e), XERR_NOTFOUND);
	long n = 0;
	assert_int_equal(store_procedure_count(st, &n, &e), 0);
	assert_int_equal(n, 314 + 3);
	/* The seed runs once. */
	assert_int_equal(store_procedures_seed(st, &e), 0);
	assert_int_equal(store_procedure_count(st, &n, &e), 0);
	assert_int_equal(n, 317);
}

static int count_cb(const struct procedure *p, void *ctx)
{
	(void)p;
	(*(int *)ctx)++;
	return 0;
}

static int count_dossier(const struct dossier *x, void *ctx)
{
	(void)x;
	(*(int *)ctx)++;
	return 0;
}

static int count_event(const struct dossier_event *x, void *ctx)
{
	(void)x;
	(*(int *)ctx)++;
	return 0;
}

static int count_feedback(const struct feedback *x, void *ctx)
{
	(void)x;
	(*(int *)ctx)++;
	return 0;
}

static int first_code(const struct procedure *p, void *ctx)
{
	strcpy(ctx, p->code);
	return 1;
}

static void test_search(void **state)
{
	(void)state;
	struct xerr e = {0};
	int n = 0;
	char code[16] = "";
	assert_int_equal(
	    store_procedure_search(st, "DANG KY KHAI SINH", NULL, NULL, 500, count_cb, &n, &e), 0);
	assert_true(n >= 5);
	n = 0;
	assert_int_equal(
	    store_procedure_search(st, "khai sinh đăng ký", "Hộ tịch", NULL, 500, count_cb, &n, &e),
	    0);
	assert_true(n >= 5);
	assert_int_equal(store_procedure_search(st, "thủ tục đăng ký khai sinh", NULL, NULL, 500,
	                                        first_code, code, &e),
	                 1);
	n = 0;
	assert_int_equal(store_procedure_search(st, NULL, "Hộ tịch", NULL, 500, count_cb, &n, &e),
	                 0);
	assert_int_equal(n, 41);
	n = 0;
	assert_int_equal(
	    store_procedure_search(st, NULL, "Hộ tịch", "1.001193", 500, count_cb, &n, &e), 0);
	assert_true(n > 0 && n < 41);
	n = 0;
	assert_int_equal(
	    store_procedure_search(st, "khong co thu tuc nay", NULL, NULL, 500, count_cb, &n, &e),
	    0);
	assert_int_equal(n, 0);
}

static void test_import_all_or_nothing(void **state)
{
	(void)state;
	struct procedure p[1];
	struct procedure_document d[1];
	memset(p, 0, sizeof p);
	memset(d, 0, sizeof d);
	strcpy(p[0].code, "1.001193");
	strcpy(p[0].name, "Đổi tên");
	strcpy(p[0].field, "Hộ tịch");
	strcpy(p[0].level, "commune");
	strcpy(p[0].source, "");
	strcpy(d[0].procedure, "8.888888");
	d[0].seq = 1;
	strcpy(d[0].name, "Giấy tờ");
	strcpy(d[0].original_or_copy, "copy");
	d[0].count = 1;
	struct xerr e = {0};
	int bl;
	size_t bad;
	assert_int_equal(store_procedures_import(st, &sys, p, 1, d, 1, NULL, 0, &bl, &bad, &e),
	                 XERR_CONFLICT);
	assert_int_equal(bl, 1);
	struct procedure got;
	assert_int_equal(store_procedure_get(st, "1.001193", &got, &e), 0);
	assert_string_equal(got.name, "Thủ tục đăng ký khai sinh");
}

static void test_submit_counter_and_online(void **state)
{
	(void)state;
	struct dossier *d = submit("22015", "9.000005", DC_COUNTER, "2026-04-28T09:00");
	assert_string_equal(d->code, "22015-260428-0001");
	assert_int_equal(d->status, DS_RECEIVED);
	assert_time(d->received_at, "2026-04-28T09:00");
	assert_time(d->due_at, "2026-05-07T17:00");
	d = submit("22015", "9.000005", DC_POST, "2026-04-28T16:00");
	assert_string_equal(d->code, "22015-260428-0002");
	assert_time(d->due_at, "2026-05-08T17:00");
	d = submit("22045", "9.000001", DC_COUNTER, "2026-04-28T16:30");
	assert_string_equal(d->code, "22045-260428-0001");
	assert_time(d->due_at, "2026-04-29T17:00");
	d = submit("22015", "9.000005", DC_ONLINE, "2026-04-29T08:00");
	assert_string_equal(d->code, "22015-260429-0001");
	assert_int_equal(d->status, DS_SUBMITTED);
	assert_int_equal(d->received_at, 0);
	assert_int_equal(d->due_at, 0);
	d = submit("22015", "9.000000", DC_COUNTER, "2026-04-29T08:00");
	assert_int_equal(d->due_at, 0);

	struct dossier got;
	struct xerr e = {0};
	assert_int_equal(store_dossier_get(st, "22015-260428-0001", &got, &e), 0);
	assert_string_equal(got.applicant_pid, "066090000123");
	assert_int_equal(got.rating, -1);
	assert_int_equal(store_dossier_get(st, "22015-260428-0099", &got, &e), XERR_NOTFOUND);
}

/* The store files what its caller checked (core/filing.c, tested in
 * test_filing.c); what the schema refuses it refuses, and files nothing. */
static void test_submit_rejects_bad_input(void **state)
{
	(void)state;
	struct dossier d;
	struct xerr e = {0};
	fill(&d, "22015", "9.000005", 4, NULL);
	assert_int_equal(store_dossier_submit(st, &sys, &d, &e), XERR_CONFLICT);
	fill(&d, "99999", "9.000005", DC_COUNTER, NULL);
	assert_int_equal(store_dossier_submit(st, &sys, &d, &e), XERR_CONFLICT);
	fill(&d, "22015", "9.999999", DC_COUNTER, NULL);
	assert_int_equal(store_dossier_submit(st, &sys, &d, &e), XERR_NOTFOUND);
	assert_string_equal(e.field, "procedure");
	struct dossier_file bad = {0, "document", "xyz", "x.pdf"};
	fill(&d, "22015", "9.000005", DC_COUNTER, NULL);
	assert_int_equal(store_dossier_submit_files(st, &sys, &d, &bad, 1, &e), XERR_INVALID);
	assert_string_equal(e.field, "sha256");
	struct dossier_filter f = {.unit = "22015", .limit = 10};
	int n = 0;
	assert_int_equal(store_dossier_list(st, &f, count_dossier, &n, &e), 0);
	assert_int_equal(n, 0);
}

static int pause_cb(const struct dossier_pause *p, void *ctx)
{
	memcpy(ctx, p, sizeof *p);
	return 0;
}

static void test_transitions_pause_and_counts(void **state)
{
	(void)state;
	struct dossier d;
	struct xerr e = {0};
	char code[DOSSIER_CODE_MAX];
	strcpy(code, submit("22015", "9.000005", DC_COUNTER, "2026-04-28T09:00")->code);
	/* Forbidden moves change nothing. */
	assert_int_equal(store_dossier_transition(st, &sys, code, DS_RETURNED, SIDE_STAFF, "",
	                                          T("2026-04-28T09:30"), &d, &e),
	                 XERR_CONFLICT);
	assert_non_null(strstr(e.msg, "cannot go from received (2) to returned (10)"));
	assert_int_equal(store_dossier_transition(st, &sys, code, DS_PROCESSING, SIDE_APPLICANT, "",
	                                          T("2026-04-28T09:30"), &d, &e),
	                 XERR_FORBIDDEN);
	int events = 0;
	assert_int_equal(store_dossier_get(st, code, &d, &e), 0);
	assert_int_equal(store_dossier_events(st, d.id, count_event, &events, &e), 0);
	assert_int_equal(events, 1);

	move(code, DS_PROCESSING, SIDE_STAFF, "2026-04-28T10:00", &d);
	move(code, DS_SUPPLEMENT, SIDE_STAFF, "2026-04-29T09:00", &d);
	assert_int_equal(d.supplement_count, 1);
	/* The applicant supplements after the holidays: 900 office minutes
	 * (29/4 from 09:00, 4/5, 5/5 until 09:00) move the appointment by two
	 * working days. */
	move(code, DS_PROCESSING, SIDE_APPLICANT, "2026-05-05T09:00", &d);
	assert_time(d.due_at, "2026-05-11T17:00");
	assert_time(d.original_due_at, "2026-05-11T17:00");
	struct dossier_pause p;
	assert_int_equal(store_dossier_pauses(st, d.id, pause_cb, &p, &e), 0);
	assert_time(p.start, "2026-04-29T09:00");
	assert_time(p.end, "2026-05-05T09:00");
	/* Decree 61/2018 art. 19(4): the whole period again from 5/5. */
	assert_time(p.restart_due, "2026-05-12T17:00");
	move(code, DS_RESULT, SIDE_STAFF, "2026-05-11T16:00", &d);
	assert_time(d.finished_at, "2026-05-11T16:00");
	move(code, DS_RETURNED, SIDE_STAFF, "2026-05-12T08:00", &d);
	assert_time(d.finished_at, "2026-05-11T16:00");
	assert_int_equal(store_dossier_events(st, d.id, count_event, &events, &e), 0);
	assert_int_equal(events, 1 + 6);

	/* A second dossier asked twice for a supplement: late however fast. */
	strcpy(code, submit("22015", "9.000005", DC_COUNTER, "2026-04-28T09:00")->code);
	move(code, DS_PROCESSING, SIDE_STAFF, "2026-04-28T10:00", &d);
	move(code, DS_SUPPLEMENT, SIDE_STAFF, "2026-04-28T11:00", &d);
	move(code, DS_PROCESSING, SIDE_STAFF, "2026-04-28T13:30", &d);
	move(code, DS_SUPPLEMENT, SIDE_STAFF, "2026-04-28T14:00", &d);
	/* Withdrawn while waiting: processing ended at the request. */
	move(code, DS_WITHDRAWN, SIDE_APPLICANT, "2026-05-04T08:00", &d);
	assert_time(d.finished_at, "2026-04-28T14:00");
	assert_int_equal(d.supplement_count, 2);

	/* A third one still open past its appointment. */
	submit("22015", "9.000005", DC_COUNTER, "2026-04-28T09:00");

	struct dossier_counts c;
	assert_int_equal(store_dossier_counts(st, "66", 0, 0, T("2026-06-01T00:00"), &c, &e), 0);
	assert_int_equal(c.total, 3);
	assert_int_equal(c.finished, 2);
	assert_int_equal(c.on_time, 1);
	assert_int_equal(c.late, 1);
	assert_int_equal(c.overdue_open, 1);
	assert_int_equal(c.supplemented, 2);
	assert_int_equal(store_dossier_counts(st, "22045", 0, 0, T("2026-06-01T00:00"), &c, &e), 0);
	assert_int_equal(c.total, 0);

	struct dossier_filter f = {.unit = "66", .status = DS_RETURNED, .limit = 10};
	int n = 0;
	assert_int_equal(store_dossier_list(st, &f, count_dossier, &n, &e), 0);
	assert_int_equal(n, 1);
	struct dossier_filter f2 = {
	    .unit = "22015", .due_before = T("2026-05-08T00:00"), .limit = 10};
	n = 0;
	assert_int_equal(store_dossier_list(st, &f2, count_dossier, &n, &e), 0);
	/* Only the third: the others' appointments moved for their pauses. */
	assert_int_equal(n, 1);
	int64_t audit_n, bad;
	assert_int_equal(store_audit_verify(st, &audit_n, &bad, &e), 0);
	assert_true(audit_n >= 3 + 6 + 5);
}

/* The queue's counts per status and its filters: active (not final),
 * running (the clock runs) and the appointment window. */
static void test_queue_filters(void **state)
{
	(void)state;
	struct dossier d;
	struct xerr e = {0};
	char a[DOSSIER_CODE_MAX], b[DOSSIER_CODE_MAX], c[DOSSIER_CODE_MAX];
	strcpy(a, submit("22015", "9.000005", DC_COUNTER, "2026-04-28T09:00")->code);
	strcpy(b, submit("22015", "9.000005", DC_COUNTER, "2026-04-28T09:10")->code);
	strcpy(c, submit("22015", "9.000005", DC_COUNTER, "2026-04-28T09:20")->code);
	move(b, DS_SUPPLEMENT, SIDE_STAFF, "2026-04-28T10:00", &d);
	move(c, DS_STOPPED, SIDE_STAFF, "2026-04-28T10:00", &d);
	long counts[DS_MAX + 1];
	assert_int_equal(store_dossier_status_counts(st, "22015", counts, &e), 0);
	assert_int_equal(counts[0], 3);
	assert_int_equal(counts[DS_RECEIVED], 1);
	assert_int_equal(counts[DS_SUPPLEMENT], 1);
	assert_int_equal(counts[DS_STOPPED], 1);
	assert_int_equal(store_dossier_status_counts(st, "22045", counts, &e), 0);
	assert_int_equal(counts[0], 0);
	int n = 0;
	struct dossier_filter f = {.unit = "22015", .limit = 10, .active = true};
	assert_int_equal(store_dossier_list(st, &f, count_dossier, &n, &e), 0);
	assert_int_equal(n, 2); /* the stopped one is final */
	n = 0;
	f.running = true;
	assert_int_equal(store_dossier_list(st, &f, count_dossier, &n, &e), 0);
	assert_int_equal(n, 1); /* the clock of the supplement request stands */
	assert_int_equal(store_dossier_get(st, a, &d, &e), 0);
	n = 0;
	f.due_from = d.due_at + 1;
	assert_int_equal(store_dossier_list(st, &f, count_dossier, &n, &e), 0);
	assert_int_equal(n, 0);
	n = 0;
	f.due_from = d.due_at;
	f.due_before = d.due_at + 1;
	assert_int_equal(store_dossier_list(st, &f, count_dossier, &n, &e), 0);
	assert_int_equal(n, 1);
}

static void test_apology_once(void **state)
{
	(void)state;
	struct dossier d;
	struct xerr e = {0};
	char code[DOSSIER_CODE_MAX];
	strcpy(code, submit("22015", "9.000005", DC_COUNTER, "2026-04-28T09:00")->code);
	move(code, DS_PROCESSING, SIDE_STAFF, "2026-04-28T10:00", &d);
	assert_int_equal(store_dossier_apology(st, &sys, code, T("2026-05-06T17:00"),
	                                       "cần xác minh", T("2026-05-05T09:00"), &d, &e),
	                 XERR_INVALID);
	assert_string_equal(e.field, "new_due");
	assert_int_equal(store_dossier_apology(st, &sys, code, T("2026-05-12T17:00"), "",
	                                       T("2026-05-05T09:00"), &d, &e),
	                 XERR_INVALID);
	assert_int_equal(store_dossier_apology(st, &sys, code, T("2026-05-12T17:00"),
	                                       "cần xác minh", T("2026-05-05T09:00"), &d, &e),
	                 0);
	assert_time(d.due_at, "2026-05-12T17:00");
	assert_time(d.original_due_at, "2026-05-07T17:00");
	assert_time(d.apology_at, "2026-05-05T09:00");
	assert_int_equal(store_dossier_apology(st, &sys, code, T("2026-05-14T17:00"), "lần hai",
	                                       T("2026-05-06T09:00"), &d, &e),
	                 XERR_CONFLICT);
	assert_non_null(strstr(e.msg, "once"));
	assert_int_equal(store_dossier_get(st, code, &d, &e), 0);
	assert_time(d.due_at, "2026-05-12T17:00");
	/* Finished by the new appointment but after the first: late for the
	 * indicators, which count from the appointment before the apology. */
	move(code, DS_RESULT, SIDE_STAFF, "2026-05-11T10:00", &d);
	assert_false(dossier_on_time(d.finished_at, d.original_due_at, d.supplement_count));

	/* Too late for an apology once the appointment has passed. */
	strcpy(code, submit("22015", "9.000005", DC_COUNTER, "2026-04-28T09:00")->code);
	assert_int_equal(store_dossier_apology(st, &sys, code, T("2026-05-12T17:00"), "muộn",
	                                       T("2026-05-08T08:00"), &d, &e),
	                 XERR_CONFLICT);
	/* Nor for a dossier without an appointment yet. */
	strcpy(code, submit("22015", "9.000005", DC_ONLINE, "2026-04-28T09:00")->code);
	assert_int_equal(store_dossier_apology(st, &sys, code, T("2026-05-12T17:00"), "x",
	                                       T("2026-04-29T08:00"), &d, &e),
	                 XERR_CONFLICT);
}

static void test_rating(void **state)
{
	(void)state;
	struct dossier d;
	struct xerr e = {0};
	char code[DOSSIER_CODE_MAX];
	strcpy(code, submit("22015", "9.000001", DC_ONLINE, "2026-04-28T09:00")->code);
	assert_int_equal(store_dossier_rate(st, &sys, code, false, "chậm", 0, &d, &e),
	                 XERR_CONFLICT);
	move(code, DS_RECEIVED, SIDE_STAFF, "2026-04-28T09:30", &d);
	assert_time(d.due_at, "2026-04-28T17:00");
	move(code, DS_RESULT, SIDE_STAFF, "2026-04-28T11:00", &d);
	assert_int_equal(store_dossier_rate(st, &sys, code, false, "chậm", 0, &d, &e), 0);
	assert_int_equal(d.rating, 0);
	assert_int_equal(store_dossier_rate(st, &sys, code, true, "", 0, &d, &e), XERR_CONFLICT);
	struct dossier_counts c;
	assert_int_equal(store_dossier_counts(st, "22015", 0, 0, T("2026-06-01T00:00"), &c, &e), 0);
	assert_int_equal(c.unsatisfied, 1);
	assert_int_equal(c.online, 1);
}

static struct buf memo_buf;

/* What store_memo_get returns for (code, variant) at now; "" when nothing. */
static const char *memo(struct store *s, const char *code, int variant, int64_t now,
                        uint64_t *ticket)
{
	buf_reset(&memo_buf);
	uint64_t t;
	bool hit = store_memo_get(s, code, variant, now, &memo_buf, ticket ? ticket : &t);
	assert_true(hit == (memo_buf.len > 0));
	return memo_buf.len ? memo_buf.data : "";
}

static void remember(const char *code, int variant, const char *text, int64_t expires)
{
	uint64_t ticket;
	memo(st, code, variant, 0, &ticket);
	store_memo_put(st, code, variant, text, strlen(text), expires, ticket);
}

static void test_memo(void **state)
{
	(void)state;
	struct dossier d;
	struct xerr e = {0};
	char code[DOSSIER_CODE_MAX], other_code[DOSSIER_CODE_MAX];
	strcpy(code, submit("22015", "9.000005", DC_ONLINE, "2026-04-28T09:00")->code);
	strcpy(other_code, submit("22015", "9.000005", DC_ONLINE, "2026-04-28T09:05")->code);
	const int64_t now = 1000;
	uint64_t ticket;

	/* Kept per code and variant until its expiry. */
	assert_string_equal(memo(st, code, 0, now, NULL), "");
	remember(code, 0, "vi", now + 60);
	remember(code, 1, "en", now + 30);
	remember(other_code, 0, "other", now + 60);
	assert_string_equal(memo(st, code, 0, now, NULL), "vi");
	assert_string_equal(memo(st, code, 1, now + 29, NULL), "en");
	assert_string_equal(memo(st, code, 1, now + 30, NULL), "");
	assert_string_equal(memo(st, code, 2, now, NULL), "");
	assert_string_equal(memo(st, code, MEMO_VARIANTS, now, NULL), "");

	/* A change made here forgets that dossier's answers at once, and only
	 * that dossier's. */
	move(code, DS_RECEIVED, SIDE_STAFF, "2026-04-28T09:30", &d);
	assert_string_equal(memo(st, code, 0, now, NULL), "");
	assert_string_equal(memo(st, other_code, 0, now, NULL), "other");

	/* An answer built from a read made before a change is not kept. */
	memo(st, code, 0, now, &ticket);
	move(code, DS_PROCESSING, SIDE_STAFF, "2026-04-28T09:40", &d);
	store_memo_put(st, code, 0, "stale", 5, now + 60, ticket);
	assert_string_equal(memo(st, code, 0, now, NULL), "");

	/* A change made by another process (here a second store on the same
	 * file) is seen through the dossier's events within a second or so. */
	struct store *other;
	assert_int_equal(store_open(path, 0, &other, &e), 0);
	remember(code, 0, "before", now + 60);
	assert_string_equal(memo(st, code, 0, now, NULL), "before");
	assert_int_equal(store_dossier_transition(other, &sys, code, DS_SUPPLEMENT, SIDE_STAFF, "x",
	                                          T("2026-04-28T10:00"), &d, &e),
	                 0);
	int waited = 0;
	while (*memo(st, code, 0, now, NULL) && waited < 30) {
		usleep(100 * 1000);
		waited++;
	}
	assert_string_equal(memo(st, code, 0, now, NULL), "");
	assert_string_equal(memo(st, other_code, 0, now, NULL), "other");
	store_close(other);
	buf_free(&memo_buf);
}

/* Readers that fill the memo from the store while a writer changes the
 * dossier: after each change, once every read begun before it has ended,
 * the memo holds nothing or the dossier's new status, never an old one.
 * A stress test (also run under the sanitizers): the refusal of an answer
 * read before a change is checked deterministically in test_memo. */
enum { MEMO_READERS = 3, MEMO_CHANGES = 60 };

struct memo_race {
	const char *code;
	int stop;
	long rounds[MEMO_READERS];
};

static int no_event(const struct dossier_event *ev, void *ctx)
{
	(void)ev;
	(void)ctx;
	return 0;
}

struct memo_reader_arg {
	struct memo_race *race;
	int index;
};

static void *memo_reader(void *arg)
{
	struct memo_reader_arg *a = arg;
	struct memo_race *m = a->race;
	struct dossier_track *t = malloc(sizeof *t);
	struct buf b;
	buf_init(&b);
	while (t && !__atomic_load_n(&m->stop, __ATOMIC_ACQUIRE)) {
		uint64_t ticket;
		struct xerr e = {0};
		buf_reset(&b);
		if (!store_memo_get(st, m->code, 0, 1000, &b, &ticket) &&
		    store_dossier_track(st, m->code, t, no_event, NULL, &e) == 0) {
			char text[16];
			snprintf(text, sizeof text, "%d", t->d.status);
			store_memo_put(st, m->code, 0, text, strlen(text), 2000, ticket);
		}
		__atomic_add_fetch(&m->rounds[a->index], 1, __ATOMIC_RELEASE);
	}
	buf_free(&b);
	free(t);
	return NULL;
}

static void test_memo_race(void **state)
{
	(void)state;
	char code[DOSSIER_CODE_MAX];
	strcpy(code, submit("22015", "9.000005", DC_COUNTER, "2026-04-28T09:00")->code);
	struct memo_race m = {code, 0, {0}};
	struct memo_reader_arg args[MEMO_READERS];
	pthread_t th[MEMO_READERS];
	for (int i = 0; i < MEMO_READERS; i++) {
		args[i] = (struct memo_reader_arg){&m, i};
		assert_int_equal(pthread_create(&th[i], NULL, memo_reader, &args[i]), 0);
	}
	int stale = 0;
	for (int i = 0; i < MEMO_CHANGES; i++) {
		/* Back and forth between processing and a supplement request (a
		 * fee request needs a fee due, which this procedure has not). */
		int to = i % 2 ? DS_SUPPLEMENT : DS_PROCESSING;
		struct xerr e = {0};
		assert_int_equal(
		    store_dossier_transition(st, &sys, code, to, SIDE_STAFF, "race", 0, NULL, &e),
		    0);
		long seen[MEMO_READERS];
		for (int r = 0; r < MEMO_READERS; r++)
			seen[r] = __atomic_load_n(&m.rounds[r], __ATOMIC_ACQUIRE);
		for (int r = 0; r < MEMO_READERS; r++)
			while (__atomic_load_n(&m.rounds[r], __ATOMIC_ACQUIRE) < seen[r] + 2)
				usleep(100);
		char want[16];
		snprintf(want, sizeof want, "%d", to);
		const char *got = memo(st, code, 0, 1000, NULL);
		if (*got && strcmp(got, want) != 0)
			stale++;
	}
	__atomic_store_n(&m.stop, 1, __ATOMIC_RELEASE);
	for (int i = 0; i < MEMO_READERS; i++)
		pthread_join(th[i], NULL);
	buf_free(&memo_buf);
	assert_int_equal(stale, 0);
}

enum { THREADS = 8, PER_THREAD = 40 };

struct worker {
	int index;
	int ok, failed;
	char codes[PER_THREAD][DOSSIER_CODE_MAX];
};

static void *work(void *arg)
{
	struct worker *w = arg;
	for (int i = 0; i < PER_THREAD; i++) {
		struct dossier *d = malloc(sizeof *d);
		struct xerr e = {0};
		/* Every other thread files now and then for the unit whose office
		 * hours are broken: those fail inside a batch. */
		bool bad = (w->index % 2) && i % 5 == 0;
		fill(d, bad ? "22051" : "22015", "9.000005", DC_COUNTER, "2026-04-28T09:00");
		if (store_dossier_submit(st, &sys, d, &e) == 0)
			strcpy(w->codes[w->ok++], d->code);
		else
			w->failed++;
		free(d);
	}
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_concurrent_codes(void **state)
{
	(void)state;
	/* Broken office hours for one unit, written behind the store's back. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "INSERT INTO office_hours(unit, spans, effective_from) "
	                              "VALUES ('22051', 'garbage', '2026-01-01')",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);

	pthread_t th[THREADS];
	struct worker *w = calloc(THREADS, sizeof *w);
	for (int i = 0; i < THREADS; i++) {
		w[i].index = i;
		pthread_create(&th[i], NULL, work, &w[i]);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	char(*all)[DOSSIER_CODE_MAX] = calloc(THREADS * PER_THREAD, DOSSIER_CODE_MAX);
	int n = 0, failed = 0;
	for (int i = 0; i < THREADS; i++) {
		memcpy(all[n], w[i].codes, (size_t)w[i].ok * DOSSIER_CODE_MAX);
		n += w[i].ok;
		failed += w[i].failed;
	}
	assert_int_equal(failed, THREADS / 2 * PER_THREAD / 5);
	assert_int_equal(n + failed, THREADS * PER_THREAD);
	qsort(all, (size_t)n, DOSSIER_CODE_MAX, cmp_str);
	/* Unique and gapless: 0001 .. n, whatever the batches were. */
	for (int i = 0; i < n; i++) {
		char want[DOSSIER_CODE_MAX];
		snprintf(want, sizeof want, "22015-260428-%04d", i + 1);
		assert_string_equal(all[i], want);
	}
	struct xerr e = {0};
	struct dossier_counts c;
	assert_int_equal(store_dossier_counts(st, "22015", 0, 0, 0, &c, &e), 0);
	assert_int_equal(c.total, n);
	assert_int_equal(store_dossier_counts(st, "22051", 0, 0, 0, &c, &e), 0);
	assert_int_equal(c.total, 0);
	free(all);
	free(w);
}

static int file_cb(const struct dossier_file *f, void *ctx)
{
	memcpy(ctx, f, sizeof *f);
	return 0;
}

/* An actor that is an account: citizen 42 (the online applicant of
 * submit()) or an officer of a unit. */
static struct actor account_actor(int64_t id, const char *role, const char *unit)
{
	struct actor a;
	memset(&a, 0, sizeof a);
	a.account_id = id;
	snprintf(a.login, sizeof a.login, "account%lld", (long long)id);
	snprintf(a.role, sizeof a.role, "%s", role);
	snprintf(a.unit, sizeof a.unit, "%s", unit);
	return a;
}

static void test_files(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct actor off = account_actor(7, "officer", "22015");
	char code[DOSSIER_CODE_MAX];
	strcpy(code, submit("22015", "9.000005", DC_COUNTER, "2026-04-28T09:00")->code);
	struct dossier_file f = {0, "document", "", "giay-chung-sinh.pdf"};
	memset(f.sha256, 'a', 64);
	assert_int_equal(store_dossier_file_add(st, &off, code, &f, &e), XERR_NOTFOUND);
	assert_string_equal(e.field, "sha256");
	char unknown_msg[sizeof e.msg];
	strcpy(unknown_msg, e.msg);
	/* A blob that exists but that nobody linked or this officer uploaded:
	 * the same answer, word for word. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char sql[200];
	snprintf(sql, sizeof sql,
	         "INSERT INTO blob(sha256, size, mime, created_at) VALUES ('%s', 10, "
	         "'application/pdf', 0)",
	         f.sha256);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_dossier_file_add(st, &off, code, &f, &e), XERR_NOTFOUND);
	assert_string_equal(e.msg, unknown_msg);
	snprintf(sql, sizeof sql,
	         "INSERT INTO blob_owner(sha256, account_id, created_at) VALUES ('%s', 7, 0)",
	         f.sha256);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_dossier_file_add(st, &off, code, &f, &e), 0);
	assert_true(f.id > 0);
	strcpy(f.kind, "photo");
	assert_int_equal(store_dossier_file_add(st, &off, code, &f, &e), XERR_INVALID);
	strcpy(f.kind, "result");
	f.sha256[3] = 'G';
	assert_int_equal(store_dossier_file_add(st, &off, code, &f, &e), XERR_INVALID);
	f.sha256[3] = 'b';
	assert_int_equal(store_dossier_file_add(st, &off, "22015-260428-0099", &f, &e),
	                 XERR_NOTFOUND);
	struct dossier d;
	struct dossier_file got;
	assert_int_equal(store_dossier_get(st, code, &d, &e), 0);
	assert_int_equal(store_dossier_files(st, d.id, file_cb, &got, &e), 0);
	assert_string_equal(got.kind, "document");
	assert_string_equal(got.name, "giay-chung-sinh.pdf");
}

/* A file belongs to its uploader until linked, then also to the dossier:
 * issue 11, a hash alone never reaches someone else's file. */
static void test_file_owners(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct actor a = account_actor(42, "citizen", ""), b = account_actor(43, "citizen", "");
	struct actor off = account_actor(7, "officer", "22015");
	struct actor other = account_actor(8, "officer", "22045");
	struct dossier_file f = {0, "document", "", "cccd.png"};
	assert_int_equal(
	    store_blob_put(st, &a, "%PDF-own", 8, "application/pdf", f.sha256, NULL, &e), 0);
	char mine[DOSSIER_CODE_MAX], again[DOSSIER_CODE_MAX], counter[DOSSIER_CODE_MAX];
	strcpy(mine, submit("22015", "9.000005", DC_ONLINE, "2026-04-28T09:00")->code);
	strcpy(again, submit("22015", "9.000005", DC_ONLINE, "2026-04-28T09:10")->code);
	strcpy(counter, submit("22015", "9.000005", DC_COUNTER, "2026-04-28T09:20")->code);
	char theirs[DOSSIER_CODE_MAX], far[DOSSIER_CODE_MAX];
	struct dossier d;
	fill(&d, "22015", "9.000005", DC_ONLINE, "2026-04-28T09:30");
	d.applicant_account = 43;
	assert_int_equal(store_dossier_submit(st, &b, &d, &e), 0);
	strcpy(theirs, d.code);
	strcpy(far, submit("22045", "9.000005", DC_COUNTER, "2026-04-28T09:40")->code);

	/* B knows the hash of A's upload: refused as if it did not exist. */
	assert_int_equal(store_dossier_file_add(st, &b, theirs, &f, &e), XERR_NOTFOUND);
	/* A links it; once in A's dossier, A may link it to another one. */
	assert_int_equal(store_dossier_file_add(st, &a, mine, &f, &e), 0);
	assert_int_equal(store_dossier_file_add(st, &a, again, &f, &e), 0);
	/* Still nobody else's. */
	assert_int_equal(store_dossier_file_add(st, &b, theirs, &f, &e), XERR_NOTFOUND);
	/* The receiving unit's officer may reuse a file of the unit's dossiers,
	 * another unit's officer may not. */
	assert_int_equal(store_dossier_file_add(st, &off, counter, &f, &e), 0);
	assert_int_equal(store_dossier_file_add(st, &other, far, &f, &e), XERR_NOTFOUND);
	/* Uploading the same bytes makes B an uploader too. */
	char sha[65];
	assert_int_equal(store_blob_put(st, &b, "%PDF-own", 8, "application/pdf", sha, NULL, &e),
	                 0);
	assert_string_equal(sha, f.sha256);
	assert_int_equal(store_dossier_file_add(st, &b, theirs, &f, &e), 0);
	/* The operator's tools upload as no account: nobody owns such a file. */
	struct dossier_file g = {0, "document", "", "x.pdf"};
	assert_int_equal(
	    store_blob_put(st, &sys, "%PDF-sys", 8, "application/pdf", g.sha256, NULL, &e), 0);
	assert_int_equal(store_dossier_file_add(st, &a, mine, &g, &e), XERR_NOTFOUND);
}

static int count_files(const struct dossier_file *f, void *ctx)
{
	(void)f;
	(*(int *)ctx)++;
	return 0;
}

/* A dossier filed with its documents has all of them; one bad link files
 * nothing at all (no dossier, no code used). */
static void test_submit_with_files(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct dossier d;
	struct dossier_file files[2] = {{0, "document", "", "to-khai.pdf"},
	                                {0, "document", "", "anh.png"}};
	char bytes[2][8] = {"%PDF-1a", "%PDF-1b"};
	struct actor citizen = account_actor(42, "citizen", "");
	for (int i = 0; i < 2; i++)
		assert_int_equal(store_blob_put(st, &citizen, bytes[i], 7, "application/pdf",
		                                files[i].sha256, NULL, &e),
		                 0);
	fill(&d, "22015", "9.000005", DC_ONLINE, "2026-04-28T09:00");
	d.applicant_account = 42;
	assert_int_equal(store_dossier_submit_files(st, &citizen, &d, files, 2, &e), 0);
	int n = 0;
	assert_int_equal(store_dossier_files(st, d.id, count_files, &n, &e), 0);
	assert_int_equal(n, 2);
	long before = 0;
	struct dossier_counts c;
	assert_int_equal(store_dossier_counts(st, "22015", 0, 0, 0, &c, &e), 0);
	before = c.total;
	fill(&d, "22015", "9.000005", DC_ONLINE, "2026-04-28T09:30");
	d.applicant_account = 42;
	files[1].sha256[5] = files[1].sha256[5] == 'f' ? 'e' : 'f'; /* never uploaded */
	assert_int_equal(store_dossier_submit_files(st, &citizen, &d, files, 2, &e), XERR_NOTFOUND);
	assert_string_equal(e.field, "sha256");
	files[1].sha256[5] = 'Z';
	assert_int_equal(store_dossier_submit_files(st, &citizen, &d, files, 2, &e), XERR_INVALID);
	assert_int_equal(store_dossier_counts(st, "22015", 0, 0, 0, &c, &e), 0);
	assert_int_equal(c.total, before);
}

static void test_feedback(void **state)
{
	(void)state;
	struct feedback f;
	struct xerr e = {0};
	memset(&f, 0, sizeof f);
	strcpy(f.unit, "22015");
	strcpy(f.content, "Cán bộ hẹn trả kết quả nhưng không trả");
	f.created_at = T("2026-02-12T09:00");
	f.account_id = 42;
	f.topic = 2;
	assert_int_equal(store_feedback_create(st, &sys, &f, &e), 0);
	assert_true(f.id > 0);
	/* Working days across Tết 2026 (14-22 February). */
	assert_time(f.refuse_by, "2026-02-23T17:00");
	assert_time(f.supplement_by, "2026-02-26T17:00");
	assert_time(f.answer_by, "2026-03-12T17:00");
	struct feedback got;
	/* Not rated before its answer. */
	assert_int_equal(store_feedback_rate(st, &sys, f.id, true, "", &got, &e), XERR_CONFLICT);
	assert_int_equal(
	    store_feedback_answer(st, &sys, f.id, false, "Đã trả kết quả", 1, 0, &got, &e), 0);
	assert_string_equal(got.status, "answered");
	assert_int_equal(got.topic, 1); /* the officer's reading replaces the sender's */
	assert_int_equal(got.rating, -1);
	assert_int_equal(store_feedback_answer(st, &sys, f.id, true, "x", 0, 0, &got, &e),
	                 XERR_CONFLICT);
	assert_int_equal(store_feedback_answer(st, &sys, 999, true, "x", 0, 0, &got, &e),
	                 XERR_NOTFOUND);
	assert_int_equal(store_feedback_answer(st, &sys, f.id, false, "x", 7, 0, &got, &e),
	                 XERR_INVALID);
	/* Rated once: a dislike with its reason, kept and audited. */
	assert_int_equal(store_feedback_rate(st, &sys, f.id, false, "Chưa dứt điểm", &got, &e), 0);
	assert_int_equal(store_feedback_get(st, f.id, &got, &e), 0);
	assert_int_equal(got.rating, 0);
	assert_string_equal(got.rating_reason, "Chưa dứt điểm");
	assert_true(got.rated_at > 0);
	assert_int_equal(store_feedback_rate(st, &sys, f.id, true, "", &got, &e), XERR_CONFLICT);
	int mine = 0;
	assert_int_equal(store_feedback_mine(st, 42, 0, 10, count_feedback, &mine, &e), 0);
	assert_int_equal(mine, 1);
	mine = 0;
	assert_int_equal(store_feedback_mine(st, 43, 0, 10, count_feedback, &mine, &e), 0);
	assert_int_equal(mine, 0);
	strcpy(f.unit, "66");
	assert_int_equal(store_feedback_create(st, &sys, &f, &e), XERR_INVALID);
	int n = 0;
	assert_int_equal(store_feedback_list(st, "66", 0, 10, count_feedback, &n, &e), 0);
	assert_int_equal(n, 1);
}

/* Schema version 8 adds what core derives from each dossier; the rows of
 * an older database get it from core during the upgrade. */
static void test_upgrade_settles_dossiers(void **state)
{
	(void)state;
	char old[80];
	struct store *s;
	struct xerr e = {0};
	sqlite3 *db;
	/* As the version-7 program wrote them: returned late (two supplement
	 * requests), open past its appointment, waiting for a supplement,
	 * refused. */
	const char *sql = FIXTURE_OLD_UNITS
	    "INSERT INTO dossier(code, unit, procedure, channel, status, applicant_name, "
	    "submitted_at, received_at, due_at, original_due_at, finished_at, supplement_count) "
	    "VALUES ('22015-260428-0001', '22015', '9.000005', 1, 10, 'A', 100, 100, 500, 500, "
	    "400, 2), ('22015-260428-0002', '22015', '9.000005', 1, 4, 'B', 100, 100, 500, 500, "
	    "0, 0), ('22015-260428-0003', '22015', '9.000005', 1, 5, 'C', 100, 100, 500, 500, 0, "
	    "1), ('22015-260428-0004', '22015', '9.000005', 2, 3, 'D', 100, 0, 0, 0, 0, 0);";
	fixture_old_db(old, sizeof old, 7, sql);
	assert_int_equal(store_open(old, STORE_MIGRATE, &s, &e), 0);
	struct dossier_counts c;
	assert_int_equal(store_dossier_counts(s, "22015", 0, 0, 1000, &c, &e), 0);
	assert_int_equal(c.total, 4);
	assert_int_equal(c.late, 1);
	assert_int_equal(c.on_time, 0);
	assert_int_equal(c.overdue_open, 1); /* not the paused one, nor the refused */
	int n = 0;
	struct dossier_filter f = {.unit = "22015", .limit = 10, .active = true};
	assert_int_equal(store_dossier_list(s, &f, count_dossier, &n, &e), 0);
	assert_int_equal(n, 2);
	store_close(s);
	assert_int_equal(sqlite3_open(old, &db), SQLITE_OK);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT group_concat(is_open || ':' || overdue_from || "
	                                    "':' || coalesce(on_time, '-'), ' ') FROM "
	                                    "(SELECT * FROM dossier ORDER BY id)",
	                                    -1, &q, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "0:0:0 1:501:- 1:0:- 0:0:-");
	sqlite3_finalize(q);
	sqlite3_close(db);
	unlink(old);
	char p[96];
	snprintf(p, sizeof p, "%s-wal", old);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", old);
	unlink(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_catalogue, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_search, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_all_or_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_submit_counter_and_online, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_submit_rejects_bad_input, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_transitions_pause_and_counts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_queue_filters, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_apology_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rating, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_memo, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_memo_race, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_concurrent_codes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_owners, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_submit_with_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_feedback, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_upgrade_settles_dossiers, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
