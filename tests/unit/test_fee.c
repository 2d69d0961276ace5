/* Tests for src/core/fee.c: the unit's fee setup, a dossier's VietQR,
 * setting a fee, payments and what they do to a dossier waiting for its
 * fee, the verdict on a statement's credit, receipt numbers and the 766
 * figures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/calendar.h"
#include "core/fee.h"
#include "core/money.h"

static int64_t T(const char *s)
{
	int64_t t;
	struct xerr e = {0};
	if (cal_parse_time(s, "t", &t, &e))
		fail_msg("%s: %s", s, e.msg);
	return t;
}

static struct fee_setup setup_of(const char *bin, const char *account, const char *holder)
{
	struct fee_setup s;
	memset(&s, 0, sizeof s);
	snprintf(s.bin, sizeof s.bin, "%s", bin);
	snprintf(s.account, sizeof s.account, "%s", account);
	snprintf(s.holder, sizeof s.holder, "%s", holder);
	return s;
}

/* A dossier in status `status` with a fee and what was paid of it. */
static struct dossier *dossier_of(int status, int64_t fee, int64_t paid)
{
	static struct dossier d;
	memset(&d, 0, sizeof d);
	snprintf(d.code, sizeof d.code, "22015-260428-0003");
	d.status = status;
	d.fee_vnd = fee;
	d.paid_vnd = paid;
	dossier_settle(&d);
	return &d;
}

static void test_setup_check(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct fee_setup s = setup_of("", "", "");
	assert_int_equal(fee_setup_check(&s, &e), 0); /* no account: cash only */
	assert_false(fee_setup_has_account(&s));
	s = setup_of("970405", "5200220150001", "UBND xã Ea Tu");
	assert_int_equal(fee_setup_check(&s, &e), 0);
	assert_true(fee_setup_has_account(&s));
	static const struct {
		const char *bin, *account, *holder, *field;
	} bad[] = {
	    {"97040", "5200220150001", "UBND XA EA TU", "bin"},
	    {"970405", "5200-2201", "UBND XA EA TU", "account"},
	    {"970405", "52002201Đ", "UBND XA EA TU", "account"},
	    {"970405", "5200220150001", "", "holder"},
	    {"970405", "5200220150001", "Ủy ban nhân dân xã Ea Tu tỉnh Đắk Lắk", "holder"},
	    {"", "5200220150001", "UBND XA EA TU", "bin"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		s = setup_of(bad[i].bin, bad[i].account, bad[i].holder);
		assert_int_equal(fee_setup_check(&s, &e), XERR_INVALID);
		assert_string_equal(e.field, bad[i].field);
	}
	s = setup_of("", "", "");
	s.words = MONEY_LE | MONEY_TI;
	assert_int_equal(fee_setup_check(&s, &e), 0);
	s.words = 4;
	assert_int_equal(fee_setup_check(&s, &e), XERR_INVALID);
	assert_string_equal(e.field, "words");
}

/* The payload for what is due, byte for byte (computed independently with
 * the reference code of RULES.md section 7), and read back. */
static void test_vietqr_of_a_dossier(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct fee_setup s = setup_of("970405", "5200220150001", "UBND xã Ea Tu");
	struct dossier *d = dossier_of(DS_FEE, 20000, 5000);
	struct buf b;
	buf_init(&b);
	assert_int_equal(fee_vietqr(&s, d, &b, &e), 0);
	assert_string_equal(b.data,
	                    "00020101021238570010A00000072701270006970405011352002201500010208"
	                    "QRIBFTTA53037045405150005802VN5913UBND xa Ea Tu6221081722015 "
	                    "260428 000363048681");
	struct vietqr_decoded q;
	assert_int_equal(vietqr_decode(b.data, b.len, &q, &e), 0);
	assert_int_equal(q.qr.amount, 15000);
	assert_true(q.qr.dynamic);
	assert_string_equal(q.qr.purpose, "22015 260428 0003");
	assert_string_equal(q.qr.bin, "970405");
	buf_reset(&b);
	d = dossier_of(DS_FEE, 20000, 20000);
	assert_int_equal(fee_vietqr(&s, d, &b, &e), XERR_CONFLICT);
	d = dossier_of(DS_WITHDRAWN, 20000, 0);
	assert_int_equal(fee_vietqr(&s, d, &b, &e), XERR_CONFLICT);
	s = setup_of("", "", "");
	d = dossier_of(DS_FEE, 20000, 0);
	assert_int_equal(fee_vietqr(&s, d, &b, &e), XERR_NOTFOUND);
	assert_string_equal(e.field, "account");
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void test_set_fee(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct dossier *d = dossier_of(DS_PROCESSING, 2000, 0);
	assert_int_equal(fee_set(d, 6000, "", T("2026-04-28T10:00"), &e), XERR_INVALID);
	assert_string_equal(e.field, "reason");
	assert_int_equal(fee_set(d, -1, "3 trang", T("2026-04-28T10:00"), &e), XERR_INVALID);
	assert_int_equal(fee_set(d, MONEY_WORDS_MAX + 1, "3 trang", 0, &e), XERR_INVALID);
	assert_string_equal(e.field, "amount");
	assert_int_equal(d->fee_vnd, 2000); /* refused: unchanged */
	assert_int_equal(
	    fee_set(d, 6000, "Bản sao 3 trang, 2.000 đồng/trang", T("2026-04-28T10:00"), &e), 0);
	assert_int_equal(d->fee_vnd, 6000);
	assert_true(d->fee_due);
	/* Not below what was paid; lowered to it, the fee is paid from then. */
	d->paid_vnd = 4000;
	assert_int_equal(fee_set(d, 3000, "giảm", T("2026-04-28T11:00"), &e), XERR_CONFLICT);
	assert_int_equal(fee_set(d, 4000, "2 trang", T("2026-04-28T11:00"), &e), 0);
	assert_true(d->paid_online);
	assert_int_equal(d->paid_at, T("2026-04-28T11:00"));
	assert_int_equal(fee_set(d, 8000, "4 trang", T("2026-04-28T12:00"), &e), 0);
	assert_int_equal(d->paid_at, 0);
	assert_false(d->paid_online);
	d = dossier_of(DS_RETURNED, 0, 0);
	assert_int_equal(fee_set(d, 1000, "x", 0, &e), XERR_CONFLICT);
	char long_reason[FEE_REASON_CHARS + 2];
	memset(long_reason, 'a', sizeof long_reason - 1);
	long_reason[sizeof long_reason - 1] = '\0';
	d = dossier_of(DS_PROCESSING, 0, 0);
	assert_int_equal(fee_set(d, 1000, long_reason, 0, &e), XERR_INVALID);
}

/* Payments up to the fee, never more; a dossier waiting for its fee goes
 * on once it is paid; how it was paid decides the figures. */
static void test_payments(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct dossier *d = dossier_of(DS_FEE, 20000, 0);
	assert_int_equal(fee_pay(d, FEE_TRANSFER, 0, 0, &e), XERR_INVALID);
	assert_int_equal(fee_pay(d, 3, 1000, 0, &e), XERR_INVALID);
	assert_int_equal(fee_pay(d, FEE_TRANSFER, 20001, 0, &e), XERR_CONFLICT);
	assert_string_equal(e.field, "amount");
	assert_int_equal(fee_pay(d, FEE_TRANSFER, 15000, T("2026-04-28T10:00"), &e), 0);
	assert_false(fee_moves_on(d));
	assert_int_equal(d->paid_at, 0);
	assert_int_equal(fee_pay(d, FEE_CASH, 5000, T("2026-04-29T08:30"), &e), 0);
	assert_true(fee_moves_on(d));
	assert_int_equal(d->paid_vnd, 20000);
	assert_int_equal(d->paid_cash_vnd, 5000);
	assert_int_equal(d->paid_at, T("2026-04-29T08:30"));
	assert_true(d->paid_cash);
	assert_false(d->paid_online);
	assert_int_equal(fee_pay(d, FEE_CASH, 1, 0, &e), XERR_CONFLICT);
	assert_non_null(strstr(e.msg, "already paid"));

	d = dossier_of(DS_PROCESSING, 10000, 0);
	assert_int_equal(fee_pay(d, FEE_TRANSFER, 10000, T("2026-04-28T10:00"), &e), 0);
	assert_true(d->paid_online);
	assert_false(fee_moves_on(d)); /* paid before it was asked for */
	d = dossier_of(DS_STOPPED, 10000, 0);
	assert_int_equal(fee_pay(d, FEE_CASH, 10000, 0, &e), XERR_CONFLICT);
	assert_string_equal(e.field, "code");
	d = dossier_of(DS_PROCESSING, 0, 0);
	assert_int_equal(fee_pay(d, FEE_CASH, 10000, 0, &e), XERR_CONFLICT);
	assert_string_equal(fee_method_name(FEE_TRANSFER), "transfer");
	assert_string_equal(fee_method_name(FEE_CASH), "cash");
	assert_string_equal(fee_method_name(0), "");
}

static struct statement_line line_of(int64_t amount, int ncodes)
{
	struct statement_line l;
	memset(&l, 0, sizeof l);
	l.amount = amount;
	l.ncodes = ncodes;
	if (ncodes)
		snprintf(l.codes[0], sizeof l.codes[0], "22015-260428-0003");
	return l;
}

/* Every verdict, and which credits are paid at once. */
static void test_credit_judge(void **state)
{
	(void)state;
	static const struct {
		int64_t amount;
		int ncodes;
		int status;
		int64_t fee, paid; /* fee -1: no dossier */
		enum statement_verdict verdict;
		bool pay, ignore;
	} cases[] = {
	    {20000, 1, DS_FEE, 20000, 0, STMT_MATCH, true, false},
	    {15000, 1, DS_FEE, 20000, 5000, STMT_MATCH, true, false}, /* completes it */
	    {5000, 1, DS_FEE, 20000, 0, STMT_PARTIAL, false, false},
	    {25000, 1, DS_FEE, 20000, 0, STMT_EXCESS, false, false},
	    {20000, 1, DS_PROCESSING, 20000, 20000, STMT_DUPLICATE, false, false},
	    {20000, 1, DS_PROCESSING, 0, 0, STMT_EXCESS, false, false}, /* nothing due */
	    {20000, 1, DS_FEE, -1, 0, STMT_UNKNOWN_CODE, false, false},
	    {20000, 0, DS_FEE, -1, 0, STMT_NO_CODE, false, false},
	    {-20000, 1, DS_FEE, 20000, 0, STMT_NOT_CREDIT, false, true},
	    {20000, 1, DS_WITHDRAWN, 20000, 0, STMT_MATCH, false, false}, /* closed */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct statement_line l = line_of(cases[i].amount, cases[i].ncodes);
		struct dossier *d = cases[i].fee < 0
		                        ? NULL
		                        : dossier_of(cases[i].status, cases[i].fee, cases[i].paid);
		struct fee_credit c;
		fee_credit_judge(&l, d, &c);
		if (c.verdict != cases[i].verdict || c.pay != cases[i].pay ||
		    c.ignore != cases[i].ignore)
			fail_msg("case %zu: verdict %s pay %d ignore %d", i,
			         statement_verdict_name(c.verdict), c.pay, c.ignore);
		assert_true(c.pay || c.ignore ? !*c.why : *c.why != '\0');
	}
}

static void test_receipts_and_years(void **state)
{
	(void)state;
	char s[24];
	fee_receipt_label(42, s);
	assert_string_equal(s, "0000042");
	fee_receipt_label(12345678, s);
	assert_string_equal(s, "12345678");
	assert_int_equal(fee_year_of(T("2026-12-31T23:59")), 2026);
	assert_int_equal(fee_year_of(T("2027-01-01T00:00")), 2027);
}

/* The figures become the 766 payment rows, and those score: 6 x 0.75 +
 * min(2, 2.5 x 0.5) + min(2, 2.5 x 1). */
static void test_counts_to_766(void **state)
{
	(void)state;
	struct fee_counts f = {.dossiers = 400,
	                       .fee_due = 200,
	                       .paid_online = 150,
	                       .paid_cash = 40,
	                       .procedures_with_fee = 8,
	                       .procedures_on_dossiers = 8,
	                       .procedures_paid_online = 4};
	struct idx766_counts c;
	memset(&c, 0, sizeof c);
	fee_counts_idx766(&f, &c);
	assert_true(c.paid_online.num == 150 && c.paid_online.den == 200);
	assert_true(c.procedures_paid_online.num == 4 && c.procedures_paid_online.den == 8);
	assert_true(c.procedures_fee_synced.num == 8 && c.procedures_fee_synced.den == 8);
	size_t n;
	const struct idx_profile *ps = idx_profiles(&n), *p = NULL;
	struct xerr e = {0};
	for (size_t i = 0; i < n && !p; i++)
		if (ps[i].found)
			p = &ps[i];
	assert_non_null(p);
	struct idx_result *r = calloc(1, sizeof *r);
	assert_int_equal(idx_score(p, 2, &c, NULL, r, &e), 0);
	double pts = r->groups[IDX_PAYMENT].points;
	assert_true(pts > 4.5 + 1.25 + 2 - 1e-9 && pts < 4.5 + 1.25 + 2 + 1e-9);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_setup_check),   cmocka_unit_test(test_vietqr_of_a_dossier),
	    cmocka_unit_test(test_set_fee),       cmocka_unit_test(test_payments),
	    cmocka_unit_test(test_credit_judge),  cmocka_unit_test(test_receipts_and_years),
	    cmocka_unit_test(test_counts_to_766),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
