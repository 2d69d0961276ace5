/* Tests for src/core/statement.c: reading bank statements in the layouts
 * banks export (a Vietcombank-style sheet saved as CSV, a spreadsheet saved
 * with semicolons, xaso's own format), errors with line and column, the
 * keys that make a second import change nothing, and the verdicts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/lunar.h"
#include "core/statement.h"

/* Column names as in a Vietcombank statement (bilingual, footnote digits,
 * each cell on two lines), the account and period above them, a totals row
 * below. */
static const char vcb[] =
    "NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM,,,,,,\n"
    "SAO KÊ TÀI KHOẢN/ACCOUNT STATEMENT,,,,,,\n"
    "Số tài khoản/Account number: 0011001932418,,,,,,\n"
    "\"STT\nNo.\",\"Ngày1/\nTNX Date/ Số CT/ Doc No\",\"Ngày hiệu lực2/\nEffective date\","
    "\"Số tiền ghi nợ/\nDebit\",\"Số tiền ghi có/\nCredit\",\"Số dư/\nBalance\","
    "\"Nội dung chi tiết/\nTransactions in detail\"\n"
    "1,\"15/03/2026\n5078 - 97231\",15/03/2026,,\"120,000\",\"5,120,000\","
    "MBVCB.3272981234.66001.260315.0001.CT tu 0071000123456 NGUYEN VAN A toi 0011001932418\n"
    "2,\"15/03/2026\n5078 - 97232\",15/03/2026,\"20,000\",,\"5,100,000\",Phi dich vu SMS\n"
    "3,\"16/03/2026\n5079 - 10001\",16/03/2026,,\"50,000\",\"5,150,000\",66001 260316 0002 nop "
    "phi\n"
    ",Tổng cộng/Total,,\"20,000\",\"170,000\",,\n"
    ",,,,,,\n";

static int parse(const char *s, struct arena *a, struct statement *st, struct xerr *e)
{
	return statement_parse("t.csv", s, strlen(s), a, st, e);
}

static void test_bank_export(void **state)
{
	(void)state;
	struct arena a;
	struct statement st;
	struct xerr e = {0};
	arena_init(&a);
	assert_int_equal(parse(vcb, &a, &st, &e), 0);
	assert_int_equal(st.header_line, 4);
	assert_int_equal(st.sep, ',');
	assert_int_equal(st.n, 3);
	assert_int_equal(st.skipped, 1);
	const struct statement_line *l = st.line;
	/* The header spans lines 4-11 (a line break in each of its 7 cells). */
	assert_int_equal(l[0].line, 12);
	assert_int_equal(l[0].day, lunar_jdn(2026, 3, 15));
	assert_int_equal(l[0].amount, 120000);
	assert_string_equal(l[0].reference, "5078 - 97231"); /* from the date cell */
	assert_int_equal(l[0].ncodes, 1);
	assert_string_equal(l[0].codes[0], "66001-260315-0001");
	assert_int_equal(l[1].line, 14);
	assert_int_equal(l[1].amount, -20000);
	assert_string_equal(l[1].description, "Phi dich vu SMS");
	assert_int_equal(l[1].ncodes, 0);
	assert_int_equal(l[2].day, lunar_jdn(2026, 3, 16));
	assert_int_equal(l[2].amount, 50000);
	assert_string_equal(l[2].codes[0], "66001-260316-0002");
	assert_int_equal(strlen(l[2].key), STATEMENT_KEY_HEX);
	arena_free(&a);
}

static void test_other_layouts(void **state)
{
	(void)state;
	struct arena a;
	struct statement st;
	struct xerr e = {0};
	arena_init(&a);
	/* xaso's own format. */
	assert_int_equal(parse("date,amount,description,reference\n"
	                       "2026-03-15,120000,66001-260315-0001,FT26074001\n"
	                       "2026-03-15,-5000,Phi,FT26074002\n",
	                       &a, &st, &e),
	                 0);
	assert_int_equal(st.n, 2);
	assert_int_equal(st.line[0].amount, 120000);
	assert_string_equal(st.line[0].reference, "FT26074001");
	assert_int_equal(st.line[1].amount, -5000);
	/* Saved by a spreadsheet set to Vietnamese: semicolons, dots grouping,
	 * a time after the date, one signed column named with its unit. */
	assert_int_equal(parse("Ngày giao dịch;Số tiền (VND);Mô tả;Mã giao dịch\n"
	                       "15/03/2026 10:22:05;+120.000;66001 260315 0001;FT1\n"
	                       "16/3/2026;-50.000;Rut tien;FT2\n",
	                       &a, &st, &e),
	                 0);
	assert_int_equal(st.sep, ';');
	assert_int_equal(st.line[0].amount, 120000);
	assert_int_equal(st.line[1].amount, -50000);
	assert_int_equal(st.line[1].day, lunar_jdn(2026, 3, 16));
	assert_string_equal(st.line[1].reference, "FT2");
	/* Tabs; credit and debit columns in English; a debit written negative. */
	assert_int_equal(parse("Transaction Date\tDebit\tCredit\tDescription\n"
	                       "2026-03-17\t-20000\t\tFee\n"
	                       "2026-03-17\t\t120000\t66001-260317-0004\n",
	                       &a, &st, &e),
	                 0);
	assert_int_equal(st.sep, '\t');
	assert_int_equal(st.line[0].amount, -20000);
	assert_int_equal(st.line[1].amount, 120000);
	assert_string_equal(st.line[1].reference, "");
	/* An empty statement is a statement. */
	assert_int_equal(parse("date,amount,description\n", &a, &st, &e), 0);
	assert_int_equal(st.n, 0);
	arena_free(&a);
}

static void expect_error(const char *s, const char *msg)
{
	struct arena a;
	struct statement st;
	struct xerr e = {0};
	arena_init(&a);
	assert_int_equal(parse(s, &a, &st, &e), XERR_INVALID);
	if (strcmp(e.msg, msg))
		fail_msg("got \"%s\", want \"%s\"", e.msg, msg);
	assert_int_equal(st.n, 0);
	arena_free(&a);
}

static void test_errors_name_line_and_column(void **state)
{
	(void)state;
	expect_error("date,amount,description\n2026-03-15,120000,x\n32/03/2026,5,y\n",
	             "t.csv:3:1: \"32/03/2026\" is not a date (DD/MM/YYYY or YYYY-MM-DD)");
	expect_error("date,amount,description\n2026-03-15,12a,x\n",
	             "t.csv:2:12: \"12a\" is not an amount of đồng");
	expect_error("date,amount,description\n2026-03-15,\"1.234,5\",x\n",
	             "t.csv:2:12: \"1.234,5\" has a fraction of a đồng, which has no smaller unit");
	expect_error("Ngày,Ghi nợ,Ghi có,Diễn giải\n15/03/2026,1000,2000,x\n",
	             "t.csv:2:12: a row is a credit or a debit, not both");
	expect_error("Ngày,Ghi nợ,Ghi có,Diễn giải\n15/03/2026,,-2000,x\n",
	             "t.csv:2:13: a credit is not negative");
	expect_error("date,amount,description\n2026-03-15,5\n",
	             "t.csv:2:12: 2 fields, the header has 3");
	expect_error(
	    "name,phone\nA,0912\n",
	    "t.csv:1:1: no header row with a date, an amount (or credit) and a description "
	    "column in the first 30 lines (see docs/payments.md)");
	expect_error("date,amount,description\n2026-03-15,5,Đ\xff\n",
	             "t.csv:2:15: not valid UTF-8");
	expect_error("", "t.csv:1:1: no header row with a date, an amount (or credit) and a "
	                 "description column in the first 30 lines (see docs/payments.md)");
}

static void test_keys_make_reimport_idempotent(void **state)
{
	(void)state;
	struct arena a;
	struct statement first, again, later;
	struct xerr e = {0};
	arena_init(&a);
	const char *jan = "date,amount,description,reference\n"
	                  "2026-01-05,120000,66001-260105-0001,R1\n"
	                  "2026-01-05,120000,66001-260105-0001,R1\n" /* the same twice in a day */
	                  "2026-01-06,50000,66001-260106-0003,R3\n";
	assert_int_equal(parse(jan, &a, &first, &e), 0);
	assert_int_equal(parse(jan, &a, &again, &e), 0);
	for (size_t i = 0; i < first.n; i++)
		assert_string_equal(first.line[i].key, again.line[i].key);
	assert_string_not_equal(first.line[0].key, first.line[1].key);
	/* A later export that overlaps: the shared rows keep their keys. */
	const char *feb = "date,amount,description,reference\n"
	                  "2026-01-06,50000,66001-260106-0003,R3\n"
	                  "2026-02-01,70000,66001-260201-0001,R4\n";
	assert_int_equal(parse(feb, &a, &later, &e), 0);
	assert_string_equal(later.line[0].key, first.line[2].key);
	assert_string_not_equal(later.line[1].key, first.line[2].key);
	arena_free(&a);
}

static void test_classify(void **state)
{
	(void)state;
	struct statement_line l = {.amount = 120000, .ncodes = 1};
	assert_int_equal(statement_classify(&l, 120000, 0), STMT_MATCH);
	assert_int_equal(statement_classify(&l, 200000, 0), STMT_PARTIAL);
	assert_int_equal(statement_classify(&l, 50000, 0), STMT_EXCESS);
	assert_int_equal(statement_classify(&l, 200000, 80000), STMT_MATCH); /* completes it */
	assert_int_equal(statement_classify(&l, 120000, 120000), STMT_DUPLICATE);
	assert_int_equal(statement_classify(&l, 0, 0), STMT_EXCESS); /* a free procedure */
	assert_int_equal(statement_classify(&l, -1, 0), STMT_UNKNOWN_CODE);
	l.ncodes = 0;
	assert_int_equal(statement_classify(&l, -1, 0), STMT_NO_CODE);
	l.amount = -120000;
	assert_int_equal(statement_classify(&l, 120000, 0), STMT_NOT_CREDIT);
	assert_string_equal(statement_verdict_name(STMT_MATCH), "match");
	assert_string_equal(statement_verdict_name(STMT_UNKNOWN_CODE), "unknown_code");
	assert_string_equal(statement_verdict_name(STMT_NOT_CREDIT), "not_credit");
	assert_string_equal(statement_verdict_name((enum statement_verdict)99), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bank_export),
	    cmocka_unit_test(test_other_layouts),
	    cmocka_unit_test(test_errors_name_line_and_column),
	    cmocka_unit_test(test_keys_make_reimport_idempotent),
	    cmocka_unit_test(test_classify),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
