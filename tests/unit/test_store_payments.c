/* Tests for src/store/fee_pay.c, fee_statement.c and fee_count.c: the
 * fee a dossier is filed with, the unit's setup, a fee set for the case,
 * cash receipts numbered without gaps (also when a payment rolls back),
 * statement imports (match, partial, excess, duplicate, unknown and
 * missing codes, another unit's dossier, importing twice, an overlapping
 * export), an officer's resolution of held credits, and the figures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/money.h"
#include "store/store.h"

/* Đăng ký thường trú: 20.000 đồng, 7 working days, in the catalogue. */
#define FEE_PROC "1.004222"
#define FEE      20000

#include "store_fixture.h"

static struct store *st;
static struct actor sys;

static int setup(void **state)
{
	(void)state;
	fixture_path("payments");
	actor_system(&sys, "test");
	st = fixture_store();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	remove_db();
	return 0;
}

/* A counter dossier of unit for FEE_PROC, moved to status 6. */
static void dossier_waiting(const char *unit, char code[DOSSIER_CODE_MAX])
{
	struct dossier *d = calloc(1, sizeof *d);
	struct xerr e = {0};
	strcpy(d->unit, unit);
	strcpy(d->procedure, FEE_PROC);
	d->channel = DC_COUNTER;
	strcpy(d->applicant_name, "Nguyễn Văn An");
	strcpy(d->form, "{}");
	d->submitted_at = T("2026-04-28T09:00");
	if (store_dossier_submit(st, &sys, d, &e))
		fail_msg("submit: %s", e.msg);
	assert_int_equal(d->fee_vnd, FEE); /* the procedure's, taken at filing */
	strcpy(code, d->code);
	if (store_dossier_transition(st, &sys, code, DS_PROCESSING, SIDE_STAFF, "",
	                             T("2026-04-28T10:00"), NULL, &e) ||
	    store_dossier_transition(st, &sys, code, DS_FEE, SIDE_STAFF, "", T("2026-04-28T11:00"),
	                             NULL, &e))
		fail_msg("to 6: %s", e.msg);
	free(d);
}

static struct dossier *get(const char *code)
{
	static struct dossier d;
	struct xerr e = {0};
	if (store_dossier_get(st, code, &d, &e))
		fail_msg("get %s: %s", code, e.msg);
	return &d;
}

static long count_rows(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	long n = -1;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return n;
}

static void exec_sql(const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void test_setup(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct fee_setup f;
	assert_int_equal(store_fee_setup_get(st, "22015", &f, &e), 0);
	assert_false(fee_setup_has_account(&f));
	struct fee_setup in = {"970405", "5200220150001", "UBND xã Ea Tu", MONEY_LE};
	assert_int_equal(store_fee_setup_put(st, &sys, "22015", &in, &e), 0);
	assert_int_equal(store_fee_setup_get(st, "22015", &f, &e), 0);
	assert_string_equal(f.account, "5200220150001");
	assert_int_equal(f.words, MONEY_LE);
	struct fee_setup bad = {"97", "5200220150001", "UBND", 0};
	assert_int_equal(store_fee_setup_put(st, &sys, "22015", &bad, &e), XERR_INVALID);
	assert_string_equal(e.field, "bin");
	assert_int_equal(store_fee_setup_put(st, &sys, "99999", &in, &e), XERR_NOTFOUND);
	assert_int_equal(count_rows("SELECT count(*) FROM audit WHERE action = 'fee.setup'"), 1);
}

/* Cash at the counter: receipts 1 and 2 of the unit's year; the dossier
 * goes on through the rule book once paid; a refused payment changes
 * nothing. */
static void test_cash(void **state)
{
	(void)state;
	char code[DOSSIER_CODE_MAX];
	struct xerr e = {0};
	struct dossier d;
	struct payment p;
	dossier_waiting("22015", code);
	assert_int_equal(store_fee_set(st, &sys, code, 30000, "", &d, &e), XERR_INVALID);
	assert_int_equal(store_fee_set(st, &sys, code, 30000, "Hai nhân khẩu", &d, &e), 0);
	assert_string_equal(get(code)->fee_note, "Hai nhân khẩu");
	assert_int_equal(store_fee_cash(st, &sys, code, 40000, "", &d, &p, &e), XERR_CONFLICT);
	assert_int_equal(store_fee_cash(st, &sys, code, 10000, "", &d, &p, &e), 0);
	assert_int_equal(p.receipt_no, 1);
	assert_string_equal(p.payer, "Nguyễn Văn An");
	assert_int_equal(d.status, DS_FEE);
	assert_int_equal(store_fee_cash(st, &sys, code, 20000, "Trần Thị Bình", &d, &p, &e), 0);
	assert_int_equal(p.receipt_no, 2);
	assert_int_equal(p.method, FEE_CASH);
	assert_int_equal(d.status, DS_PROCESSING);
	assert_true(d.paid_cash);
	assert_int_equal(count_rows("SELECT count(*) FROM dossier_event WHERE to_status = 4 AND "
	                            "note LIKE 'fee paid (cash), receipt 0000002/%'"),
	                 1);
	assert_int_equal(store_fee_cash(st, &sys, code, 1000, "", &d, &p, &e), XERR_CONFLICT);
	assert_int_equal(count_rows("SELECT count(*) FROM payment"), 2);
	assert_int_equal(count_rows("SELECT count(*) FROM audit WHERE action = 'fee.pay'"), 2);
	struct payment got;
	assert_int_equal(store_payment_get(st, p.id, &got, &e), 0);
	assert_string_equal(got.code, code);
	assert_int_equal(got.amount, 20000);
}

/* A payment that fails after its number was taken rolls the number back:
 * the next payment of the unit gets it, so the year has no gap. The
 * dossier's move fails here because its unit's office hours are broken
 * (written behind the store's back). */
static void test_receipts_without_gaps(void **state)
{
	(void)state;
	char a[DOSSIER_CODE_MAX], b[DOSSIER_CODE_MAX];
	struct xerr e = {0};
	struct payment p;
	dossier_waiting("22015", a);
	dossier_waiting("22015", b);
	assert_int_equal(store_fee_cash(st, &sys, a, 5000, "", NULL, &p, &e), 0);
	assert_int_equal(p.receipt_no, 1);
	exec_sql("INSERT INTO office_hours(unit, spans, effective_from) "
	         "VALUES ('22015', 'garbage', '2026-01-01')");
	assert_int_not_equal(store_fee_cash(st, &sys, b, FEE, "", NULL, &p, &e), 0);
	assert_int_equal(count_rows("SELECT count(*) FROM payment"), 1);
	assert_int_equal(count_rows("SELECT last FROM fee_receipt_seq WHERE unit = '22015'"), 1);
	exec_sql("DELETE FROM office_hours WHERE spans = 'garbage'");
	assert_int_equal(store_fee_cash(st, &sys, b, FEE, "", NULL, &p, &e), 0);
	assert_int_equal(p.receipt_no, 2);
	assert_int_equal(store_fee_cash(st, &sys, a, 15000, "", NULL, &p, &e), 0);
	assert_int_equal(p.receipt_no, 3);
	/* Another unit numbers its own. */
	char c[DOSSIER_CODE_MAX];
	dossier_waiting("22045", c);
	assert_int_equal(store_fee_cash(st, &sys, c, FEE, "", NULL, &p, &e), 0);
	assert_int_equal(p.receipt_no, 1);
}

struct seen {
	int n;
	char verdict[16][16];
	char state[16][12];
};

static int keep_credit(const struct bank_credit *k, void *ctx)
{
	struct seen *s = ctx;
	if (s->n < 16) {
		strcpy(s->verdict[s->n], k->verdict);
		strcpy(s->state[s->n], k->state);
		s->n++;
	}
	return 0;
}

static int import(const char *unit, const char *csv, struct bank_statement *b, struct seen *s)
{
	struct arena a;
	struct statement stm;
	struct xerr e = {0};
	arena_init(&a);
	if (statement_parse("sao-ke.csv", csv, strlen(csv), &a, &stm, &e))
		fail_msg("parse: %s", e.msg);
	memset(s, 0, sizeof *s);
	int rc = store_statement_import(st, &sys, unit, "sao-ke.csv", &stm, b, keep_credit, s, &e);
	if (rc)
		fail_msg("import: %s", e.msg);
	arena_free(&a);
	return rc;
}

/* One statement with every case; imported again, it changes nothing. */
static void test_statement(void **state)
{
	(void)state;
	char a[DOSSIER_CODE_MAX], b[DOSSIER_CODE_MAX], c[DOSSIER_CODE_MAX], other[DOSSIER_CODE_MAX];
	dossier_waiting("22015", a);
	dossier_waiting("22015", b);
	dossier_waiting("22015", c);
	dossier_waiting("22045", other);
	char csv[2048], da[DOSSIER_CODE_MAX], db_[DOSSIER_CODE_MAX], dc[DOSSIER_CODE_MAX],
	    dx[DOSSIER_CODE_MAX];
	/* The descriptions as banks change them: dashes dropped or replaced. */
	snprintf(da, sizeof da, "%s", a);
	for (char *p = da; *p; p++)
		*p = *p == '-' ? ' ' : *p;
	snprintf(db_, sizeof db_, "%s", b);
	for (char *p = db_; *p; p++)
		*p = *p == '-' ? '.' : *p;
	snprintf(dc, sizeof dc, "%s", c);
	snprintf(dx, sizeof dx, "%s", other);
	snprintf(csv, sizeof csv,
	         "date,amount,description,reference\n"
	         "2026-04-29,20000,%s,FT1\n"                   /* match */
	         "2026-04-29,20000,MBVCB.123.%s.CT tu A,FT2\n" /* match */
	         "2026-04-29,20000,%s NOP LAI,FT2b\n"          /* duplicate of the line above */
	         "2026-04-29,5000,%s,FT3\n"                    /* partial */
	         "2026-04-29,20000,%s,FT4\n"                   /* another unit's dossier */
	         "2026-04-29,20000,22015 991231 0001,FT5\n"    /* no such dossier */
	         "2026-04-29,50000,CHUYEN TIEN,FT6\n"          /* no code */
	         "2026-04-29,-11000,Phi SMS,FT7\n",            /* a debit */
	         da, db_, db_, dc, dx);
	struct bank_statement s1, s2;
	struct seen seen;
	import("22015", csv, &s1, &seen);
	assert_int_equal(s1.lines, 8);
	assert_int_equal(s1.credits, 7);
	assert_int_equal(s1.paid, 2);
	assert_int_equal(s1.held, 5);
	assert_int_equal(s1.debits, 1);
	assert_int_equal(s1.seen, 0);
	static const char *const want[7][2] = {
	    {"match", "paid"},   {"match", "paid"},        {"duplicate", "held"},
	    {"partial", "held"}, {"unknown_code", "held"}, {"unknown_code", "held"},
	    {"no_code", "held"},
	};
	assert_int_equal(seen.n, 7);
	for (int i = 0; i < 7; i++) {
		assert_string_equal(seen.verdict[i], want[i][0]);
		assert_string_equal(seen.state[i], want[i][1]);
	}
	assert_int_equal(get(a)->status, DS_PROCESSING);
	assert_true(get(a)->paid_online);
	assert_int_equal(get(b)->status, DS_PROCESSING);
	assert_int_equal(get(c)->status, DS_FEE);
	assert_int_equal(get(other)->paid_vnd, 0);
	long payments = count_rows("SELECT count(*) FROM payment");
	long events = count_rows("SELECT count(*) FROM dossier_event");
	/* The same file again, then an export that overlaps it. */
	import("22015", csv, &s2, &seen);
	assert_int_equal(s2.seen, 7);
	assert_int_equal(s2.credits + s2.paid + s2.held, 0);
	assert_int_equal(seen.n, 0);
	char more[512];
	snprintf(more, sizeof more,
	         "date,amount,description,reference\n"
	         "2026-04-29,20000,%s,FT1\n"
	         "2026-04-30,15000,%s bo sung,FT8\n",
	         da, dc);
	import("22015", more, &s2, &seen);
	assert_int_equal(s2.seen, 1);
	assert_int_equal(s2.credits, 1);
	assert_int_equal(s2.held, 1); /* 15.000 of the 20.000 left: partial */
	assert_int_equal(count_rows("SELECT count(*) FROM payment"), payments);
	assert_int_equal(count_rows("SELECT count(*) FROM dossier_event"), events);
	assert_int_equal(count_rows("SELECT count(*) FROM audit WHERE action = 'fee.import'"), 3);
	struct bank_statement got;
	struct xerr e = {0};
	assert_int_equal(store_statement_get(st, s1.id, &got, &e), 0);
	assert_int_equal(got.paid, 2);
}

struct idcollect {
	int n;
	int64_t *ids;
};

static int collect(const struct bank_credit *k, void *ctx)
{
	struct idcollect *c = ctx;
	c->ids[c->n++] = k->id;
	return 0;
}

/* Held credits: paid to a dossier by an officer (a partial one, then the
 * rest), dismissed with a note; never twice, never more than is due. */
static void test_resolve(void **state)
{
	(void)state;
	char a[DOSSIER_CODE_MAX];
	dossier_waiting("22015", a);
	char csv[512];
	snprintf(csv, sizeof csv,
	         "date,amount,description,reference\n"
	         "2026-04-29,5000,NGUYEN VAN AN CHUYEN TIEN,FT1\n"
	         "2026-04-30,15000,NGUYEN VAN AN CK PHAN CON LAI,FT2\n"
	         "2026-04-30,30000,KHONG RO,FT3\n");
	struct bank_statement b;
	struct seen seen;
	import("22015", csv, &b, &seen);
	assert_int_equal(b.held, 3);
	int64_t ids[3];
	struct credit_filter f = {"22015", 0, true, 0, 10};
	struct xerr e = {0};
	struct idcollect col = {0, ids};
	assert_int_equal(store_credits(st, &f, collect, &col, &e), 0);
	assert_int_equal(col.n, 3);
	struct bank_credit k;
	struct payment p;
	assert_int_equal(store_credit_resolve(st, &sys, ids[0], NULL, "", &k, &p, &e),
	                 XERR_INVALID);
	assert_int_equal(store_credit_resolve(st, &sys, ids[2], a, "", &k, &p, &e), XERR_CONFLICT);
	assert_int_equal(store_credit_resolve(st, &sys, ids[0], a, "", &k, &p, &e), 0);
	assert_string_equal(k.state, "paid");
	assert_int_equal(k.payment, p.id);
	assert_int_equal(get(a)->status, DS_FEE);
	assert_int_equal(store_credit_resolve(st, &sys, ids[0], a, "", &k, &p, &e), XERR_CONFLICT);
	assert_int_equal(
	    store_credit_resolve(st, &sys, ids[1], "22015-991231-0001", "", &k, &p, &e),
	    XERR_NOTFOUND);
	assert_int_equal(store_credit_resolve(st, &sys, ids[1], a, "", &k, &p, &e), 0);
	assert_int_equal(get(a)->status, DS_PROCESSING);
	assert_int_equal(
	    store_credit_resolve(st, &sys, ids[2], NULL, "Đã hoàn trả người chuyển", &k, &p, &e),
	    0);
	assert_string_equal(k.state, "dismissed");
	f.after = 0;
	col.n = 0;
	assert_int_equal(store_credits(st, &f, collect, &col, &e), 0);
	assert_int_equal(col.n, 0);
	assert_int_equal(count_rows("SELECT count(*) FROM audit WHERE action = 'fee.credit'"), 3);
}

/* The figures count what each dossier's page says. */
static void test_counts(void **state)
{
	(void)state;
	char a[DOSSIER_CODE_MAX], b[DOSSIER_CODE_MAX], c[DOSSIER_CODE_MAX];
	dossier_waiting("22015", a);
	dossier_waiting("22015", b);
	dossier_waiting("22015", c);
	struct xerr e = {0};
	assert_int_equal(store_fee_cash(st, &sys, b, FEE, "", NULL, NULL, &e), 0);
	char csv[256], da[DOSSIER_CODE_MAX];
	snprintf(da, sizeof da, "%s", a);
	snprintf(csv, sizeof csv, "date,amount,description,reference\n2026-04-29,20000,%s,FT1\n",
	         da);
	struct bank_statement s;
	struct seen seen;
	import("22015", csv, &s, &seen);
	struct fee_counts f;
	assert_int_equal(store_fee_counts(st, "22015", 0, 0, &f, &e), 0);
	assert_int_equal(f.dossiers, 3);
	assert_int_equal(f.fee_due, 3);
	assert_int_equal(f.paid_online, 1);
	assert_int_equal(f.paid_cash, 1);
	assert_int_equal(f.payments, 2);
	assert_int_equal(f.amount_transfer, FEE);
	assert_int_equal(f.amount_cash, FEE);
	assert_int_equal(f.procedures_on_dossiers, 1);
	assert_int_equal(f.procedures_paid_online, 1);
	long with_fee =
	    count_rows("SELECT count(*) FROM procedure WHERE fee_vnd > 0 AND level = 'commune'");
	assert_true(with_fee > 1);
	assert_int_equal(f.procedures_with_fee, with_fee);
	/* The province counts its communes; a period without them counts 0. */
	struct fee_counts p;
	assert_int_equal(store_fee_counts(st, "66", 0, 0, &p, &e), 0);
	assert_int_equal(p.fee_due, 3);
	assert_int_equal(p.paid_online, 1);
	assert_int_equal(store_fee_counts(st, "22015", T("2027-01-01T00:00"), 0, &f, &e), 0);
	assert_int_equal(f.fee_due + f.payments, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_setup, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cash, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_receipts_without_gaps, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_statement, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_resolve, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_counts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
