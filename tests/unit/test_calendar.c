/* Tests for src/core/calendar.c (working days, deadlines) and
 * src/store/sqlite_calendar.c (stored decisions, office hours). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/calendar.h"
#include "core/lunar.h"
#include "store/store.h"
#include "store/store_calendar.h"

static struct cal *embedded_cal(int32_t as_of)
{
	struct xerr e = {0};
	struct cal_override *ov;
	size_t n;
	assert_int_equal(cal_overrides_embedded(lunar_jdn(1900, 1, 1), &ov, &n, &e), 0);
	assert_true(n >= 40);
	struct cal_params p = {2024, 2030, as_of, ov, n};
	struct cal *c;
	if (cal_new(&p, &c, &e))
		fail_msg("cal_new: %s", e.msg);
	free(ov);
	return c;
}

static int32_t D(int y, int m, int d)
{
	return lunar_jdn(y, m, d);
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

static int setup(void **state)
{
	*state = embedded_cal(0);
	return 0;
}

static int teardown(void **state)
{
	cal_free(*state);
	return 0;
}

struct lines {
	char text[2048];
};

static int collect(int32_t day, const char *name, void *ctx)
{
	struct lines *l = ctx;
	char d[11];
	cal_format_date(day, d);
	size_t n = strlen(l->text);
	snprintf(l->text + n, sizeof l->text - n, "%s %s\n", d, name);
	return 0;
}

static void test_holidays_2026(void **state)
{
	struct cal *c = *state;
	struct lines l = {{0}};
	struct xerr e = {0};
	assert_int_equal(cal_holidays(c, 2026, collect, &l, &e), 0);
	assert_string_equal(l.text, "2026-01-01 Tết Dương lịch\n"
	                            "2026-01-02 Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)\n"
	                            "2026-01-03 Nghỉ Tết Dương lịch\n"
	                            "2026-01-04 Nghỉ Tết Dương lịch\n"
	                            "2026-02-14 Tết Nguyên đán\n"
	                            "2026-02-15 Tết Nguyên đán\n"
	                            "2026-02-16 Tết Nguyên đán\n"
	                            "2026-02-17 Tết Nguyên đán\n"
	                            "2026-02-18 Tết Nguyên đán\n"
	                            "2026-02-19 Tết Nguyên đán\n"
	                            "2026-02-20 Tết Nguyên đán\n"
	                            "2026-02-21 Tết Nguyên đán\n"
	                            "2026-02-22 Tết Nguyên đán\n"
	                            "2026-04-26 Giỗ Tổ Hùng Vương\n"
	                            "2026-04-27 Nghỉ bù Giỗ Tổ Hùng Vương\n"
	                            "2026-04-30 Ngày Chiến thắng\n"
	                            "2026-05-01 Ngày Quốc tế Lao động\n"
	                            "2026-08-29 Nghỉ lễ Quốc khánh\n"
	                            "2026-08-30 Nghỉ lễ Quốc khánh\n"
	                            "2026-08-31 Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)\n"
	                            "2026-09-01 Quốc khánh\n"
	                            "2026-09-02 Quốc khánh\n");
	/* Swapped Saturdays are working days. */
	assert_true(cal_is_workday(c, D(2026, 1, 10)));
	assert_true(cal_is_workday(c, D(2026, 8, 22)));
	assert_false(cal_is_workday(c, D(2026, 1, 17)));
	assert_true(cal_is_workday(c, D(2026, 2, 23)));
	assert_null(cal_day_name(c, D(2026, 2, 23)));
}

/* Without a decision, the rules alone: Tết 2027 falls on Saturday 6 Feb. */
static void test_rules_and_compensatory_days(void **state)
{
	struct cal *c = *state;
	struct lines l = {{0}};
	struct xerr e = {0};
	assert_int_equal(cal_holidays(c, 2027, collect, &l, &e), 0);
	assert_string_equal(l.text, "2027-01-01 Tết Dương lịch\n"
	                            "2027-02-05 Tết Nguyên đán\n"
	                            "2027-02-06 Tết Nguyên đán\n"
	                            "2027-02-07 Tết Nguyên đán\n"
	                            "2027-02-08 Tết Nguyên đán\n"
	                            "2027-02-09 Tết Nguyên đán\n"
	                            "2027-02-10 Nghỉ bù Tết Nguyên đán\n"
	                            "2027-02-11 Nghỉ bù Tết Nguyên đán\n"
	                            "2027-04-16 Giỗ Tổ Hùng Vương\n"
	                            "2027-04-30 Ngày Chiến thắng\n"
	                            "2027-05-01 Ngày Quốc tế Lao động\n"
	                            "2027-05-03 Nghỉ bù Ngày Quốc tế Lao động\n"
	                            "2027-09-02 Quốc khánh\n"
	                            "2027-09-03 Quốc khánh\n");
	/* 2025 decision: Tết 25/1-2/2 had no compensatory day; the rule would
	 * have given Monday 3/2 for Saturday 1/2, the file says work. */
	assert_true(cal_is_workday(c, D(2025, 2, 3)));
	assert_false(cal_is_workday(c, D(2025, 1, 27)));
	/* 2024 (no file): 30/4 Tuesday, 1/5 Wednesday; 2/9 Monday -> 3/9. */
	assert_false(cal_is_workday(c, D(2024, 9, 3)));
	assert_true(cal_is_workday(c, D(2024, 8, 30)));
}

static void test_deadline_across_tet(void **state)
{
	struct cal *c = *state;
	struct cal_hours h;
	struct xerr e = {0};
	int64_t t;
	cal_hours_default(&h);
	/* Thursday 12/2/2026: Fri 13 (1), Tết 14-22, Mon 23 (2), Tue 24 (3). */
	assert_int_equal(cal_add_workdays(c, &h, T("2026-02-12T10:00"), 3, &t, &e), 0);
	assert_time(t, "2026-02-24T17:00");
	/* Received during Tết: counting starts after the day of receipt. */
	assert_int_equal(cal_add_workdays(c, &h, T("2026-02-17T09:00"), 1, &t, &e), 0);
	assert_time(t, "2026-02-23T17:00");
	assert_int_equal(cal_add_workdays(c, &h, T("2025-01-24T16:00"), 1, &t, &e), 0);
	assert_time(t, "2025-02-03T17:00");
}

/* A moment far outside every calendar (a damaged record; found by
 * fuzz_calendar: its day used to wrap back into the calendar's years and
 * give a deadline before the receipt) is refused by every operation. */
static void test_moment_out_of_range(void **state)
{
	struct cal *c = *state;
	struct cal_hours h;
	struct xerr e = {0};
	int64_t t, n;
	int64_t wild = INT64_C(3242591731773865983);
	cal_hours_default(&h);
	assert_int_equal(cal_time_day(wild), CAL_DAY_LIMIT);
	assert_int_equal(cal_time_day(-wild), -CAL_DAY_LIMIT);
	assert_int_equal(cal_add_workdays(c, &h, wild, 3250, &t, &e), XERR_INVALID);
	assert_string_equal(e.field, "from");
	assert_int_equal(cal_add_workminutes(c, &h, -wild, 60, &t, &e), XERR_INVALID);
	assert_int_equal(cal_paper_transfer(c, &h, wild, &t, &e), XERR_INVALID);
	assert_int_equal(cal_workminutes_between(c, &h, T("2026-02-12T10:00"), wild, &n, &e),
	                 XERR_INVALID);
	assert_string_equal(e.field, "to");
}

static void test_deadline_across_30_4_and_weekend(void **state)
{
	struct cal *c = *state;
	struct cal_hours h;
	struct xerr e = {0};
	int64_t t;
	int32_t n;
	cal_hours_default(&h);
	/* The CLI example: Wed 29 (1), 30/4-3/5 off, Mon 4 (2) .. Thu 7 (5). */
	assert_int_equal(cal_add_workdays(c, &h, T("2026-04-28T09:00"), 5, &t, &e), 0);
	assert_time(t, "2026-05-07T17:00");
	assert_int_equal(cal_workdays_between(c, D(2026, 4, 24), D(2026, 5, 8), &n, &e), 0);
	assert_int_equal(n, 7);
	assert_int_equal(cal_workdays_between(c, D(2026, 4, 28), D(2026, 5, 7), &n, &e), 0);
	assert_int_equal(n, 5);
	assert_int_equal(cal_workdays_between(c, D(2026, 5, 8), D(2026, 4, 24), &n, &e), 0);
	assert_int_equal(n, -7);
	assert_int_equal(cal_workdays_between(c, D(2026, 5, 8), D(2026, 5, 8), &n, &e), 0);
	assert_int_equal(n, 0);
	/* 2025: 30/4-4/5 off (Friday 2/5 swapped). */
	assert_int_equal(cal_add_workdays(c, &h, T("2025-04-29T08:00"), 2, &t, &e), 0);
	assert_time(t, "2025-05-06T17:00");
}

static void test_deadline_across_swapped_saturday(void **state)
{
	struct cal *c = *state;
	struct cal_hours h;
	struct xerr e = {0};
	int64_t t;
	cal_hours_default(&h);
	/* Saturday 26/4/2025 was worked in exchange for Friday 2/5. */
	assert_int_equal(cal_add_workdays(c, &h, T("2025-04-24T10:00"), 2, &t, &e), 0);
	assert_time(t, "2025-04-26T17:00");
	assert_int_equal(cal_add_workdays(c, &h, T("2025-04-24T10:00"), 3, &t, &e), 0);
	assert_time(t, "2025-04-28T17:00");
	/* Saturday 10/1/2026 was worked in exchange for Friday 2/1. */
	assert_int_equal(cal_add_workdays(c, &h, T("2025-12-31T10:00"), 1, &t, &e), 0);
	assert_time(t, "2026-01-05T17:00");
	assert_int_equal(cal_add_workdays(c, &h, T("2026-01-09T10:00"), 1, &t, &e), 0);
	assert_time(t, "2026-01-10T17:00");
}

static void test_working_hours(void **state)
{
	struct cal *c = *state;
	struct cal_hours h;
	struct xerr e = {0};
	int64_t t, n;
	cal_hours_default(&h);
	assert_int_equal(cal_hours_minutes(&h), 450);
	/* 9:00-11:30 (150) + 13:30-17:00 (210), then 120 more on Wednesday. */
	assert_int_equal(cal_add_workminutes(c, &h, T("2026-04-28T09:00"), 480, &t, &e), 0);
	assert_time(t, "2026-04-29T09:30");
	/* Ending exactly at a closing time stays there. */
	assert_int_equal(cal_add_workminutes(c, &h, T("2026-04-28T07:30"), 240, &t, &e), 0);
	assert_time(t, "2026-04-28T11:30");
	assert_int_equal(cal_add_workminutes(c, &h, T("2026-04-28T12:00"), 240, &t, &e), 0);
	assert_time(t, "2026-04-29T08:00");
	/* Before opening; after closing; across 30/4-3/5; on a day off. */
	assert_int_equal(cal_add_workminutes(c, &h, T("2026-04-28T06:00"), 60, &t, &e), 0);
	assert_time(t, "2026-04-28T08:30");
	assert_int_equal(cal_add_workminutes(c, &h, T("2026-04-29T18:00"), 60, &t, &e), 0);
	assert_time(t, "2026-05-04T08:30");
	assert_int_equal(cal_add_workminutes(c, &h, T("2026-02-15T10:00"), 450, &t, &e), 0);
	assert_time(t, "2026-02-23T17:00");
	assert_int_equal(cal_add_workminutes(c, &h, T("2026-04-28T09:00"), 0, &t, &e), 0);
	assert_time(t, "2026-04-28T09:00");
	/* 24 office hours = 3 days 90 minutes (3 x 450 + 90). */
	assert_int_equal(cal_add_workminutes(c, &h, T("2026-05-04T07:30"), 24 * 60, &t, &e), 0);
	assert_time(t, "2026-05-07T09:00");
	assert_int_equal(
	    cal_workminutes_between(c, &h, T("2026-04-28T09:00"), T("2026-05-04T08:30"), &n, &e),
	    0);
	assert_int_equal(n, 360 + 450 + 60);
	assert_int_equal(
	    cal_workminutes_between(c, &h, T("2026-05-04T08:30"), T("2026-04-28T09:00"), &n, &e),
	    0);
	assert_int_equal(n, 0);
	/* A unit with other hours. */
	struct cal_hours u;
	assert_int_equal(cal_hours_parse("08:00-12:00,13:00-17:30", &u, &e), 0);
	assert_int_equal(cal_hours_minutes(&u), 510);
	assert_int_equal(cal_add_workdays(c, &u, T("2026-04-28T09:00"), 1, &t, &e), 0);
	assert_time(t, "2026-04-29T17:30");
	char s[64];
	cal_hours_format(&u, s, sizeof s);
	assert_string_equal(s, "08:00-12:00,13:00-17:30");
	assert_int_equal(cal_hours_parse("08:00-12:00,11:00-17:00", &u, &e), XERR_INVALID);
	assert_int_equal(cal_hours_parse("8:00-12:00", &u, &e), XERR_INVALID);
	assert_int_equal(cal_hours_parse("08:00-25:00", &u, &e), XERR_INVALID);
	assert_int_equal(cal_hours_parse("", &u, &e), XERR_INVALID);
}

static void test_paused_interval(void **state)
{
	struct cal *c = *state;
	struct cal_hours h;
	struct xerr e = {0};
	int64_t t;
	cal_hours_default(&h);
	/* Pause Wed 29/4 15:00 -> Tue 5/5 10:00 covers 120 + 450 + 150 = 720
	 * office minutes: from Thu 7/5 17:00, Fri 8/5 (450) then 270 on Mon 11/5. */
	assert_int_equal(cal_extend_for_pause(c, &h, T("2026-05-07T17:00"), T("2026-04-29T15:00"),
	                                      T("2026-05-05T10:00"), &t, &e),
	                 0);
	assert_time(t, "2026-05-11T14:00");
	/* A pause entirely within a holiday moves nothing. */
	assert_int_equal(cal_extend_for_pause(c, &h, T("2026-02-24T17:00"), T("2026-02-15T08:00"),
	                                      T("2026-02-20T16:00"), &t, &e),
	                 0);
	assert_time(t, "2026-02-24T17:00");
	/* A pause of exactly two working days moves the deadline two days. */
	assert_int_equal(cal_extend_for_pause(c, &h, T("2026-05-07T17:00"), T("2026-05-04T07:30"),
	                                      T("2026-05-05T17:00"), &t, &e),
	                 0);
	assert_time(t, "2026-05-11T17:00");
	assert_int_equal(cal_extend_for_pause(c, &h, T("2026-05-07T17:00"), T("2026-05-05T17:00"),
	                                      T("2026-05-04T07:30"), &t, &e),
	                 XERR_INVALID);
}

static void test_paper_after_15(void **state)
{
	struct cal *c = *state;
	struct cal_hours h;
	struct xerr e = {0};
	int64_t t;
	cal_hours_default(&h);
	assert_int_equal(cal_paper_transfer(c, &h, T("2026-04-28T15:00"), &t, &e), 0);
	assert_time(t, "2026-04-28T17:00");
	assert_int_equal(cal_paper_transfer(c, &h, T("2026-04-28T15:01"), &t, &e), 0);
	assert_time(t, "2026-04-29T17:00");
	assert_int_equal(cal_paper_transfer(c, &h, T("2026-04-29T16:00"), &t, &e), 0);
	assert_time(t, "2026-05-04T17:00");
	assert_int_equal(cal_paper_transfer(c, &h, T("2026-05-02T09:00"), &t, &e), 0);
	assert_time(t, "2026-05-04T17:00");
}

/* An override recorded on a day applies only to calendars built as of that
 * day or later: past deadlines do not change. */
static void test_as_of(void **state)
{
	(void)state;
	static const char csv[] = "date,kind,name,effective_from\n"
	                          "2026-01-02,off,Nghỉ hoán đổi,2025-12-25\n"
	                          "2026-01-10,work,Làm bù,2025-12-25\n"
	                          "2026-01-02,work,Đính chính,2025-12-28\n";
	struct cal_override *ov;
	size_t n;
	struct xerr e = {0};
	assert_int_equal(cal_overrides_parse("t.csv", csv, strlen(csv), 0, &ov, &n, &e), 0);
	assert_int_equal(n, 3);
	struct cal_hours h;
	cal_hours_default(&h);
	int64_t t;
	struct cal *c;
	struct cal_params p = {2025, 2026, D(2025, 12, 1), ov, n};
	assert_int_equal(cal_new(&p, &c, &e), 0);
	assert_true(cal_is_workday(c, D(2026, 1, 2)));
	assert_int_equal(cal_add_workdays(c, &h, T("2025-12-31T09:00"), 1, &t, &e), 0);
	assert_time(t, "2026-01-02T17:00");
	cal_free(c);
	p.as_of = D(2025, 12, 25);
	assert_int_equal(cal_new(&p, &c, &e), 0);
	assert_false(cal_is_workday(c, D(2026, 1, 2)));
	assert_true(cal_is_workday(c, D(2026, 1, 10)));
	assert_int_equal(cal_add_workdays(c, &h, T("2025-12-31T09:00"), 1, &t, &e), 0);
	assert_time(t, "2026-01-05T17:00");
	cal_free(c);
	p.as_of = D(2026, 1, 1); /* the correction of 28/12 wins */
	assert_int_equal(cal_new(&p, &c, &e), 0);
	assert_true(cal_is_workday(c, D(2026, 1, 2)));
	cal_free(c);
	free(ov);
}

static void test_bad_input(void **state)
{
	struct cal *c = *state;
	struct cal_hours h;
	struct xerr e = {0};
	int64_t t;
	int32_t d;
	cal_hours_default(&h);
	assert_int_equal(cal_parse_date("2026-02-30", "from", &d, &e), XERR_INVALID);
	assert_string_equal(e.field, "from");
	assert_int_equal(cal_parse_date("2026-2-3", "from", &d, &e), XERR_INVALID);
	assert_int_equal(cal_parse_date("2200-01-01", "from", &d, &e), XERR_INVALID);
	assert_int_equal(cal_parse_date("1899-12-31", "from", &d, &e), XERR_INVALID);
	assert_int_equal(cal_parse_time("2026-04-28T24:00", "from", &t, &e), XERR_INVALID);
	assert_int_equal(cal_parse_time("2026-04-28", "from", &t, &e), XERR_INVALID);
	assert_int_equal(cal_parse_time("2026-04-28 09:00", "from", &t, &e), 0);
	assert_int_equal(cal_add_workdays(c, &h, T("2026-04-28T09:00"), 0, &t, &e), XERR_INVALID);
	assert_int_equal(cal_add_workdays(c, &h, T("2026-04-28T09:00"), -3, &t, &e), XERR_INVALID);
	assert_int_equal(cal_add_workdays(c, &h, T("2031-01-01T09:00"), 1, &t, &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "2024-2030"));
	assert_int_equal(cal_add_workdays(c, &h, T("2030-12-30T09:00"), 5, &t, &e), XERR_INVALID);
	assert_int_equal(cal_add_workminutes(c, &h, T("2026-04-28T09:00"), -1, &t, &e),
	                 XERR_INVALID);
	struct cal *x;
	struct cal_params p = {2013, 2020, 0, NULL, 0};
	assert_int_equal(cal_new(&p, &x, &e), XERR_INVALID);
	struct cal_params q = {2030, 2200, 0, NULL, 0};
	assert_int_equal(cal_new(&q, &x, &e), XERR_INVALID);
}

static void check_csv_error(const char *csv, const char *want)
{
	struct cal_override *ov;
	size_t n;
	struct xerr e = {0};
	assert_int_equal(cal_overrides_parse("f.csv", csv, strlen(csv), 0, &ov, &n, &e),
	                 XERR_INVALID);
	if (!strstr(e.msg, want))
		fail_msg("\"%s\" not in \"%s\"", want, e.msg);
	assert_null(ov);
}

static void test_override_file_errors(void **state)
{
	(void)state;
	check_csv_error("date,kind,name\n2026-01-02,off,x\n2026-02-30,off,y\n", "f.csv:3:1:");
	check_csv_error("date,kind,name\n2026-01-02,holiday,x\n", "f.csv:2:12: kind must be");
	check_csv_error("date,kind,name\n2026-01-02,off,\n", "f.csv:2:16: name");
	check_csv_error("date,kind\n2026-01-02,off\n", "missing column \"name\"");
	check_csv_error("date,kind,name\n2026-01-02,off,x\n2026-01-02,work,y\n", "appears twice");
	check_csv_error("date,kind,name\n2026-01-02,off\n", "f.csv:2");
}

struct seen {
	long rows, work;
	int32_t last_eff;
	int unordered;
};

static int count_row(const struct cal_override *o, void *ctx)
{
	struct seen *v = ctx;
	v->rows++;
	v->work += o->work;
	if (o->effective_from < v->last_eff)
		v->unordered++;
	v->last_eff = o->effective_from;
	return 0;
}

static void test_store(void **state)
{
	(void)state;
	char path[] = "/tmp/xaso-test-calendar-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	struct store *s;
	struct xerr e = {0};
	if (store_open(path, STORE_CREATE | STORE_MIGRATE, &s, &e))
		fail_msg("store_open: %s", e.msg);
	long n0 = 0, n1 = 0;
	assert_int_equal(cal_seed_store(s, &e), 0);
	assert_int_equal(store_calendar_count(s, &n0, &e), 0);
	assert_int_equal(n0, 40);
	assert_int_equal(cal_seed_store(s, &e), 0); /* idempotent */
	assert_int_equal(store_calendar_count(s, &n1, &e), 0);
	assert_int_equal(n1, n0);

	/* Rows added later, with a later effective date, come last. */
	struct cal_override ov[2];
	memset(ov, 0, sizeof ov);
	ov[0].day = D(2027, 2, 4);
	ov[0].effective_from = D(2026, 10, 1);
	strcpy(ov[0].name, "Tết Nguyên đán");
	ov[1] = ov[0];
	ov[1].day = D(2027, 2, 12);
	ov[1].work = true;
	strcpy(ov[1].name, "Làm bù");
	assert_int_equal(store_calendar_import(s, ov, 2, "test", &e), 0);
	assert_int_equal(store_calendar_count(s, &n1, &e), 0);
	assert_int_equal(n1, n0 + 2);

	struct seen seen = {0, 0, 0, 0};
	assert_int_equal(store_calendar_overrides(s, count_row, &seen, &e), 0);
	assert_int_equal(seen.rows, n0 + 2);
	assert_int_equal(seen.work, 5); /* 3/2/2025, 26/4/2025, 10/1/2026, 22/8/2026, 12/2/2027 */
	assert_int_equal(seen.last_eff, D(2026, 10, 1));
	assert_int_equal(seen.unordered, 0);

	/* Office hours: the default until set; unknown units are refused. */
	struct unit u;
	memset(&u, 0, sizeof u);
	strcpy(u.code, "66");
	strcpy(u.name, "Tỉnh Đắk Lắk");
	strcpy(u.short_name, "Đắk Lắk");
	strcpy(u.type, "Tỉnh");
	strcpy(u.valid_from, "2025-07-01");
	u.level = UNIT_PROVINCE;
	size_t bad;
	if (store_unit_insert(s, &u, 1, &bad, &e))
		fail_msg("store_unit_insert: %s", e.msg);
	struct cal_hours h, want;
	char txt[64];
	assert_int_equal(store_office_hours_get(s, "66", &h, &e), 0);
	cal_hours_format(&h, txt, sizeof txt);
	assert_string_equal(txt, "07:30-11:30,13:30-17:00");
	assert_int_equal(cal_hours_parse("07:00-11:00,13:00-16:30", &want, &e), 0);
	assert_int_equal(store_office_hours_set(s, "66", &want, "2026-05-01", &e), 0);
	assert_int_equal(store_office_hours_get(s, "66", &h, &e), 0);
	cal_hours_format(&h, txt, sizeof txt);
	assert_string_equal(txt, "07:00-11:00,13:00-16:30");
	assert_int_equal(store_office_hours_set(s, "66", &want, "2026-13-01", &e), XERR_INVALID);
	assert_int_equal(store_office_hours_get(s, "nope", &h, &e), XERR_NOTFOUND);
	assert_int_equal(store_office_hours_set(s, "nope", &want, "2026-01-01", &e), XERR_NOTFOUND);
	store_close(s);
	unlink(path);
	char wal[64];
	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", path);
	unlink(wal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_holidays_2026, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rules_and_compensatory_days, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deadline_across_tet, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deadline_across_30_4_and_weekend, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deadline_across_swapped_saturday, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_working_hours, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_paused_interval, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_paper_after_15, setup, teardown),
	    cmocka_unit_test(test_as_of),
	    cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
	    cmocka_unit_test(test_override_file_errors),
	    cmocka_unit_test(test_store),
	    cmocka_unit_test_setup_teardown(test_moment_out_of_range, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
