/*
 * api_payments.c: fees and payments over HTTP (issue 15).
 *   GET  /api/v1/dossiers/CODE/fee        the fee, where it stands, its VietQR,
 *                                         the payments with their receipts
 *   POST /api/v1/dossiers/CODE/fee        {"amount", "reason"}: set it for the case
 *   POST /api/v1/dossiers/CODE/payments   {"amount", "payer"}: cash at the counter
 *   POST /api/v1/statements?unit=&name=   a bank statement (text/csv body)
 *   GET  /api/v1/statements?unit=         the statements read
 *   GET  /api/v1/credits?unit=&held=1     credits kept from them (&format=csv: as a
 *                                         spreadsheet's file)
 *   POST /api/v1/credits/ID/resolve       {"code"} or {"dismiss": "note"}
 *   GET, POST /api/v1/units/CODE/fee-setup   the unit's account and receipts' words
 *   GET  /api/v1/fees?unit=&from=&to=     figures for the monitoring layer and
 *                                         the 766 index
 * Rules: core/fee.h; records: store_payments.h; this file translates.
 */
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/csv.h"
#include "core/lunar.h"
#include "core/money.h"
#include "core/payref.h"
#include "web/api_json.h"
#include "web/auth.h"
#include "web/dossier_view.h"
#include "web/pay_view.h"
#include "web/ratelimit.h"

static json_t *time_json(int64_t t)
{
	char s[17];
	cal_format_time(t, s);
	return t ? json_string(s) : json_null();
}

static json_t *payment_json(const struct payment *p)
{
	char label[24];
	fee_receipt_label(p->receipt_no, label);
	json_t *j =
	    json_pack("{s:I, s:s, s:s, s:I, s:s, s:{s:i, s:I, s:s}}", "id", (json_int_t)p->id,
	              "code", p->code, "method", fee_method_name(p->method), "amount",
	              (json_int_t)p->amount, "payer", p->payer, "receipt", "year", p->receipt_year,
	              "number", (json_int_t)p->receipt_no, "label", label);
	json_object_set_new(j, "paid_at", time_json(p->paid_at));
	json_object_set_new(j, "reference",
	                    p->reference[0] ? json_string(p->reference) : json_null());
	char url[96];
	snprintf(url, sizeof url, "/dossiers/%s/fee-receipts/%lld", p->code, (long long)p->id);
	json_object_set_new(j, "receipt_url", json_string(url));
	return j;
}

static int add_payment(const struct payment *p, void *ctx)
{
	json_array_append_new(ctx, payment_json(p));
	return 0;
}

/* The VietQR of what is due, or null (nothing due, or cash only). */
static json_t *vietqr_json(struct req *r, const struct dossier *d)
{
	struct fee_setup f;
	struct xerr e = {0};
	struct buf b;
	char purpose[DOSSIER_CODE_MAX];
	buf_init(&b);
	json_t *j = json_null();
	if (store_fee_setup_get(r->store, d->unit, &f, &e) == 0 && fee_vietqr(&f, d, &b, &e) == 0 &&
	    payref_purpose(d->code, purpose, sizeof purpose, &e) == 0)
		j = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "payload", b.data, "bin", f.bin,
		              "account", f.account, "holder", f.holder, "amount",
		              (json_int_t)dossier_fee_left(d), "purpose", purpose);
	buf_free(&b);
	return j;
}

static json_t *fee_json(struct req *r, const struct dossier *d, struct xerr *e)
{
	json_t *payments = json_array();
	json_t *j = json_pack("{s:s, s:I, s:I, s:I, s:I, s:s, s:s}", "code", d->code, "fee",
	                      (json_int_t)d->fee_vnd, "paid", (json_int_t)d->paid_vnd, "paid_cash",
	                      (json_int_t)d->paid_cash_vnd, "due", (json_int_t)dossier_fee_left(d),
	                      "state", fee_state_name(fee_state_of(d)), "reason", d->fee_note);
	json_object_set_new(j, "paid_at", time_json(d->paid_at));
	json_object_set_new(j, "vietqr", vietqr_json(r, d));
	json_object_set_new(j, "payments", payments);
	if (store_payments(r->store, d->id, add_payment, payments, e) != 0) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static int answer_fee(struct req *r, int status, const struct dossier *d)
{
	struct xerr e = {0};
	json_t *j = fee_json(r, d, &e);
	return j ? resp_json(r, status, j) : resp_error(r, &e);
}

static int get_fee(struct req *r)
{
	struct dossier *d = dossier_load(r, "dossier.read");
	return d ? answer_fee(r, 200, d) : 0;
}

/* A change of a dossier's fee: the dossier (its unit checked for action)
 * and the body's "amount" (whole đồng) with one text member `key`; 0, or
 * the error already answered. */
struct fee_body {
	struct dossier *d;
	int64_t amount;
	const char *text;
	struct actor who;
};

static int fee_body(struct req *r, const char *action, const char *key, size_t max, bool required,
                    struct fee_body *out)
{
	struct xerr e = {0};
	if (!(out->d = dossier_load(r, action)))
		return -1;
	json_t *b = api_body(r, &e);
	if (!b) {
		resp_error(r, &e);
		return -1;
	}
	json_t *a = json_object_get(b, "amount");
	int rc = a && json_is_integer(a) ? 0
	                                 : xerr_set(&e, XERR_INVALID, "amount",
	                                            "amount must be a whole number of đồng");
	out->amount = rc ? 0 : json_integer_value(a);
	out->text = "";
	if (rc == 0)
		rc = api_str(r, b, key, max, required, &out->text, &e);
	json_decref(b);
	req_actor(r, &out->who);
	if (rc) {
		resp_error(r, &e);
		return -1;
	}
	return 0;
}

static int post_fee(struct req *r)
{
	struct xerr e = {0};
	struct fee_body f;
	if (fee_body(r, "fee.set", "reason", FEE_REASON_CHARS, true, &f) != 0)
		return 0;
	if (store_fee_set(r->store, &f.who, f.d->code, f.amount, f.text, f.d, &e) != 0)
		return resp_error(r, &e);
	return answer_fee(r, 200, f.d);
}

static int post_cash(struct req *r)
{
	struct xerr e = {0};
	struct fee_body f;
	if (fee_body(r, "fee.collect", "payer", 100, false, &f) != 0)
		return 0;
	struct payment *p = arena_alloc(&r->arena, sizeof *p);
	struct dossier *d = f.d;
	if (store_fee_cash(r->store, &f.who, d->code, f.amount, f.text, d, p, &e) != 0)
		return resp_error(r, &e);
	json_t *j = payment_json(p);
	json_object_set_new(j, "dossier",
	                    json_pack("{s:s, s:i, s:s}", "state", fee_state_name(fee_state_of(d)),
	                              "status", d->status, "status_name",
	                              dossier_status_name(d->status)));
	return resp_json(r, 201, j);
}

/* ---- statements and credits ---- */

/* The unit a list or an import is about, checked for action. */
static const char *unit_of(struct req *r, const char *action, struct xerr *e)
{
	const char *unit = in_str(r, "unit");
	if (!unit)
		unit = r->who && r->who->unit[0] ? r->who->unit : NULL;
	struct unit u;
	if (!unit) {
		xerr_set(e, XERR_INVALID, "unit", "unit is required");
		return NULL;
	}
	if (store_unit_get(r->store, unit, &u, e) != 0) {
		e->field = "unit";
		return NULL;
	}
	return auth_unit(r, action, unit, 0, e) == 0 ? unit : NULL;
}

static json_t *credit_json(const struct bank_credit *k)
{
	int y, m, d;
	char day[11];
	lunar_civil(k->day, &y, &m, &d);
	snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, d);
	json_t *j = json_pack(
	    "{s:I, s:s, s:I, s:i, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)k->id,
	    "unit", k->unit, "statement", (json_int_t)k->statement, "line", k->line, "date", day,
	    "amount", (json_int_t)k->amount, "description", k->description, "reference",
	    k->reference, "verdict", k->verdict, "state", k->state, "why", k->why, "note", k->note);
	json_object_set_new(j, "code", k->code[0] ? json_string(k->code) : json_null());
	json_object_set_new(j, "payment", k->payment ? json_integer(k->payment) : json_null());
	return j;
}

struct credit_list {
	json_t *arr;
	int64_t last;
};

static int add_credit(const struct bank_credit *k, void *ctx)
{
	struct credit_list *l = ctx;
	json_array_append_new(l->arr, credit_json(k));
	l->last = k->id;
	return 0;
}

static json_t *statement_json(const struct bank_statement *b)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "id",
	                      (json_int_t)b->id, "unit", b->unit, "name", b->name, "by", b->login,
	                      "lines", (json_int_t)b->lines, "credits", (json_int_t)b->credits,
	                      "paid", (json_int_t)b->paid, "held", (json_int_t)b->held, "seen",
	                      (json_int_t)b->seen, "debits", (json_int_t)b->debits);
	json_object_set_new(j, "imported_at", time_json(b->imported_at));
	return j;
}

static int post_statement(struct req *r)
{
	struct xerr e = {0};
	const char *unit = unit_of(r, "fee.collect", &e);
	if (!unit)
		return resp_error(r, &e);
	if (!r->body_len)
		return resp_fail(r, XERR_INVALID, "body",
		                 "send the statement as CSV (see docs/payments.md)");
	const char *name = in_str(r, "name") ? in_str(r, "name") : "statement.csv";
	struct statement st;
	struct bank_statement *b = arena_alloc(&r->arena, sizeof *b);
	struct credit_list l = {json_array(), 0};
	struct actor who;
	req_actor(r, &who);
	if (statement_parse(name, r->body, r->body_len, &r->arena, &st, &e) ||
	    store_statement_import(r->store, &who, unit, name, &st, b, add_credit, &l, &e)) {
		json_decref(l.arr);
		return resp_error(r, &e);
	}
	json_t *j = statement_json(b);
	json_object_set_new(j, "new_credits", l.arr);
	return resp_json(r, 201, j);
}

static int add_statement(const struct bank_statement *b, void *ctx)
{
	json_array_append_new(ctx, statement_json(b));
	return 0;
}

static int get_statements(struct req *r)
{
	struct xerr e = {0};
	const char *unit = unit_of(r, "fee.read", &e);
	json_t *arr = json_array();
	if (!unit || store_statements(r->store, unit, in_int(r, "before", 0),
	                              (int)in_int(r, "limit", 50), add_statement, arr, &e) != 0) {
		json_decref(arr);
		return resp_error(r, &e);
	}
	return resp_json(
	    r, 200,
	    json_pack("{s:o, s:I}", "statements", arr, "count", (json_int_t)json_array_size(arr)));
}

/* One credit as a CSV row: bank text (descriptions, references, notes)
 * through csv_put_text, so a spreadsheet never runs it as a formula. */
static int credit_csv(const struct bank_credit *k, void *ctx)
{
	struct req *r = ctx;
	int y, m, d;
	lunar_civil(k->day, &y, &m, &d);
	buf_printf(&r->out, "%lld,%04d-%02d-%02d,%lld,", (long long)k->id, y, m, d,
	           (long long)k->amount);
	const char *text[] = {k->description, k->reference, k->code, k->verdict,
	                      k->state,       k->why,       k->note};
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
		csv_put_text(&r->out, text[i]);
		buf_putc(&r->out, ',');
	}
	buf_printf(&r->out, "%lld\r\n", (long long)k->payment);
	return 0;
}

static int credits_csv(struct req *r, const struct credit_filter *f)
{
	struct xerr e = {0};
	buf_puts(&r->out,
	         "id,date,amount,description,reference,code,verdict,state,why,note,payment\r\n");
	if (store_credits(r->store, f, credit_csv, r, &e) != 0) {
		buf_reset(&r->out);
		return resp_error(r, &e);
	}
	r->status = 200;
	r->content_type = "text/csv; charset=utf-8";
	resp_header(r, "Content-Disposition",
	            arena_printf(&r->arena, "attachment; filename=\"credits-%s.csv\"", f->unit));
	return 0;
}

static int get_credits(struct req *r)
{
	struct xerr e = {0};
	const char *unit = unit_of(r, "fee.read", &e);
	struct credit_list l = {json_array(), 0};
	struct credit_filter f = {unit, in_int(r, "statement", 0), in_str(r, "held") != NULL,
	                          in_int(r, "after", 0), (int)in_int(r, "limit", 100)};
	if (unit && in_str(r, "format")) {
		json_decref(l.arr);
		return credits_csv(r, &f);
	}
	if (!unit || store_credits(r->store, &f, add_credit, &l, &e) != 0) {
		json_decref(l.arr);
		return resp_error(r, &e);
	}
	size_t n = json_array_size(l.arr);
	json_t *j = json_pack("{s:o, s:I}", "credits", l.arr, "count", (json_int_t)n);
	json_object_set_new(j, "next_after",
	                    n == (size_t)f.limit ? json_integer(l.last) : json_null());
	return resp_json(r, 200, j);
}

static int post_resolve(struct req *r)
{
	struct xerr e = {0};
	struct bank_credit *k = arena_alloc(&r->arena, sizeof *k);
	if (store_credit_get(r->store, in_int(r, "id", 0), k, &e) != 0 ||
	    auth_unit(r, "fee.collect", k->unit, 0, &e) != 0)
		return resp_error(r, &e);
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	const char *code = "", *note = "";
	int rc = api_str(r, b, "code", DOSSIER_CODE_MAX - 1, false, &code, &e);
	if (rc == 0)
		rc = api_str(r, b, "dismiss", 500, false, &note, &e);
	json_decref(b);
	if (rc == 0 && !*code == !*note)
		rc = xerr_set(&e, XERR_INVALID, "code",
		              "give the dossier's code it pays, or a note to dismiss it");
	if (rc == 0 && *code && !dossier_code_valid(code))
		rc = xerr_set(&e, XERR_INVALID, "code",
		              "a dossier code looks like 66001-260428-0001");
	struct actor who;
	req_actor(r, &who);
	struct payment *p = arena_alloc(&r->arena, sizeof *p);
	if (rc || store_credit_resolve(r->store, &who, k->id, *code ? code : NULL, note, k, p, &e))
		return resp_error(r, &e);
	json_t *j = credit_json(k);
	if (*code)
		json_object_set_new(j, "receipt", payment_json(p));
	return resp_json(r, 200, j);
}

/* ---- the unit's setup and the figures ---- */

static json_t *setup_json(const char *unit, const struct fee_setup *f)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:b, s:b}", "unit", unit, "bin", f->bin, "account",
	                 f->account, "holder", f->holder, "words_le", (f->words & MONEY_LE) != 0,
	                 "words_ti", (f->words & MONEY_TI) != 0);
}

static int get_setup(struct req *r)
{
	struct xerr e = {0};
	const char *unit = unit_of(r, "fee.read", &e);
	struct fee_setup f;
	if (!unit || store_fee_setup_get(r->store, unit, &f, &e) != 0)
		return resp_error(r, &e);
	return resp_json(r, 200, setup_json(unit, &f));
}

static int post_setup(struct req *r)
{
	struct xerr e = {0};
	const char *unit = unit_of(r, "fee.setup", &e);
	if (!unit)
		return resp_error(r, &e);
	json_t *b = api_body(r, &e);
	if (!b)
		return resp_error(r, &e);
	struct fee_setup f;
	memset(&f, 0, sizeof f);
	const char *bin = "", *account = "", *holder = "";
	int rc = api_str(r, b, "bin", VIETQR_BIN_LEN, false, &bin, &e);
	if (rc == 0)
		rc = api_str(r, b, "account", VIETQR_ACCOUNT_MAX, false, &account, &e);
	if (rc == 0)
		rc = api_str(r, b, "holder", 60, false, &holder, &e);
	f.words = (json_is_true(json_object_get(b, "words_le")) ? MONEY_LE : 0) |
	          (json_is_true(json_object_get(b, "words_ti")) ? MONEY_TI : 0);
	json_decref(b);
	snprintf(f.bin, sizeof f.bin, "%s", bin);
	snprintf(f.account, sizeof f.account, "%s", account);
	snprintf(f.holder, sizeof f.holder, "%s", holder);
	struct actor who;
	req_actor(r, &who);
	if (rc || store_fee_setup_put(r->store, &who, unit, &f, &e) != 0)
		return resp_error(r, &e);
	return resp_json(r, 200, setup_json(unit, &f));
}

static json_t *frac_json(struct idx_frac f)
{
	return json_pack("{s:f, s:f}", "num", f.num, "den", f.den);
}

static int get_figures(struct req *r)
{
	struct xerr e = {0};
	const char *unit = unit_of(r, "dossier.list", &e);
	struct fee_counts f;
	if (!unit ||
	    store_fee_counts(r->store, unit, in_int(r, "from", 0), in_int(r, "to", 0), &f, &e) != 0)
		return resp_error(r, &e);
	struct idx766_counts c;
	memset(&c, 0, sizeof c);
	fee_counts_idx766(&f, &c);
	json_t *j = json_pack(
	    "{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "unit", unit, "dossiers",
	    (json_int_t)f.dossiers, "fee_due", (json_int_t)f.fee_due, "paid_online",
	    (json_int_t)f.paid_online, "paid_cash", (json_int_t)f.paid_cash, "procedures_with_fee",
	    (json_int_t)f.procedures_with_fee, "procedures_on_dossiers",
	    (json_int_t)f.procedures_on_dossiers, "procedures_paid_online",
	    (json_int_t)f.procedures_paid_online, "payments", (json_int_t)f.payments,
	    "amount_transfer", (json_int_t)f.amount_transfer, "amount_cash",
	    (json_int_t)f.amount_cash);
	json_object_set_new(j, "index766",
	                    json_pack("{s:o, s:o, s:o}", "3.6", frac_json(c.paid_online), "3.5b",
	                              frac_json(c.procedures_paid_online), "3.5",
	                              frac_json(c.procedures_fee_synced)));
	return resp_json(r, 200, j);
}

static const struct param dossier_in[] = {DOSSIER_CODE_IN, {NULL}};
static const struct param statement_in[] = {
    {"unit", IN_QUERY, IN_DIGITS, .min = 2, .max = 12},
    {"name", IN_QUERY, IN_TEXT, .min = 1, .max = 200},
    {NULL},
};
static const struct param statements_in[] = {
    {"unit", IN_QUERY, IN_DIGITS, .min = 2, .max = 12},
    {"before", IN_QUERY, IN_INT, .min = 0, .max = INT64_MAX / 2},
    {"limit", IN_QUERY, IN_INT, .min = 1, .max = 500},
    {NULL},
};
static const struct param credits_in[] = {
    {"unit", IN_QUERY, IN_DIGITS, .min = 2, .max = 12},
    {"statement", IN_QUERY, IN_INT, .min = 1, .max = INT64_MAX / 2},
    {"held", IN_QUERY, IN_WORD, .words = "1"},
    {"after", IN_QUERY, IN_INT, .min = 0, .max = INT64_MAX / 2},
    {"limit", IN_QUERY, IN_INT, .min = 1, .max = 500},
    {"format", IN_QUERY, IN_WORD, .words = "csv"},
    {NULL},
};
static const struct param credit_in[] = {
    {"id", IN_PATH, IN_INT, .min = 1, .max = INT64_MAX / 2},
    {NULL},
};
static const struct param unit_in[] = {
    {"unit", IN_PATH, IN_DIGITS, .min = 2, .max = 12},
    {NULL},
};
static const struct param figures_in[] = {
    {"unit", IN_QUERY, IN_DIGITS, .min = 2, .max = 12},
    {"from", IN_QUERY, IN_DATE},
    {"to", IN_QUERY, IN_DATE},
    {NULL},
};

const struct route api_payments_routes[] = {
    {"GET", "/api/v1/dossiers/{}/fee", get_fee, "dossier.read", 0, dossier_in},
    {"POST", "/api/v1/dossiers/{}/fee", post_fee, "fee.set", 0, dossier_in},
    {"POST", "/api/v1/dossiers/{}/payments", post_cash, "fee.collect", 0, dossier_in},
    {"POST", "/api/v1/statements", post_statement, "fee.collect", 4 * 1024 * 1024, statement_in,
     .rate = RL_UPLOAD, .raw_body = true},
    {"GET", "/api/v1/statements", get_statements, "fee.read", 0, statements_in},
    {"GET", "/api/v1/credits", get_credits, "fee.read", 0, credits_in},
    {"POST", "/api/v1/credits/{}/resolve", post_resolve, "fee.collect", 0, credit_in},
    {"GET", "/api/v1/units/{}/fee-setup", get_setup, "fee.read", 0, unit_in},
    {"POST", "/api/v1/units/{}/fee-setup", post_setup, "fee.setup", 0, unit_in},
    {"GET", "/api/v1/fees", get_figures, "dossier.list", 0, figures_in},
    {NULL, NULL, NULL, NULL},
};
