/*
 * store_payments.h: fees and payments (issue 15). Part of the store.h
 * contract; the officer's pages, the citizen's pages, the API and
 * `xaso import statement` build on these functions.
 *
 * The rules are core/fee.h's and core/dossier.h's: the store reads the
 * dossier inside the transaction, lets core decide, and writes what it
 * decided. Every change is one transaction with its audit entry:
 *
 *   - a unit's fee setup (its receiving account, its receipts' words);
 *   - a fee set for the case, with its reason;
 *   - a payment (cash at the counter, or a transfer from a statement):
 *     the payment row, its receipt number from the unit's counter for the
 *     year (raised in the same transaction, so a rollback leaves no gap),
 *     the dossier's paid amount, and, when that completes the fee of a
 *     dossier waiting in status 6, its move back to processing through
 *     the rule book (st_dossier_move_on);
 *   - a whole bank statement: every credit new to the unit is kept once
 *     (its line key is unique per unit, so a second import of the same
 *     rows changes nothing), paid at once or held for an officer;
 *   - an officer's resolution of a held credit: paid to a dossier, or
 *     dismissed with a note.
 *
 * Personal data: a payment's payer is the applicant's name (for the
 * receipt); a credit's description is the bank's text. Callers decide who
 * may read them, as for dossiers. Structs are caller-owned.
 */
#ifndef XASO_STORE_PAYMENTS_H
#define XASO_STORE_PAYMENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/dossier.h"
#include "core/fee.h"
#include "core/procedure.h"
#include "core/statement.h"
#include "core/xerr.h"

struct store;
struct actor;

enum {
	CREDIT_TEXT_MAX = 1024, /* bytes of a description or note kept */
	CREDIT_REF_MAX = 128,
};

struct payment {
	int64_t id;
	int64_t dossier_id;
	char code[DOSSIER_CODE_MAX]; /* the dossier's */
	char unit[16];
	char procedure[PROC_CODE_MAX];
	int method; /* enum fee_method */
	int64_t amount;
	int64_t paid_at;
	char payer[DOSSIER_NAME_MAX];
	int64_t credit;                 /* the statement credit (transfers), 0 for cash */
	char reference[CREDIT_REF_MAX]; /* the bank's reference of that credit */
	int64_t account_id;             /* who recorded it (0: the system) */
	char login[64];
	int receipt_year;
	int64_t receipt_no;
};

/* A credit of a statement as kept. state: "paid", "held", "dismissed". */
struct bank_credit {
	int64_t id;
	char unit[16];
	int64_t statement;
	int line;
	int32_t day;
	int64_t amount;
	char description[CREDIT_TEXT_MAX];
	char reference[CREDIT_REF_MAX];
	char code[DOSSIER_CODE_MAX]; /* the dossier it names ("" when none) */
	char verdict[16];            /* statement_verdict_name() */
	char state[12];
	char why[64];
	int64_t resolved_at, resolved_by;
	char note[CREDIT_TEXT_MAX];
	int64_t payment; /* the payment it became, 0 when none */
};

/* A statement as imported, with what its lines did. */
struct bank_statement {
	int64_t id;
	char unit[16];
	char name[256];
	int64_t imported_at;
	char login[64];
	long lines, credits, paid, held, seen, debits;
};

typedef int (*payment_cb)(const struct payment *p, void *ctx);
typedef int (*credit_cb)(const struct bank_credit *c, void *ctx);
typedef int (*statement_cb)(const struct bank_statement *b, void *ctx);

/* ---- the unit's setup ---- */

/* The setup of a unit; all empty (no account, default words) when it has
 * none. */
int store_fee_setup_get(struct store *s, const char *unit, struct fee_setup *out, struct xerr *e);
/* Checks (fee_setup_check) and replaces it, audited. XERR_NOTFOUND when
 * no such unit. */
int store_fee_setup_put(struct store *s, const struct actor *who, const char *unit,
                        const struct fee_setup *in, struct xerr *e);

/* ---- a dossier's fee and payments ---- */

/* Sets the fee of the dossier with code for the case (fee_set), with its
 * reason, at now; audited. out (may be NULL) gets the dossier after. */
int store_fee_set(struct store *s, const struct actor *who, const char *code, int64_t amount,
                  const char *reason, struct dossier *out, struct xerr *e);

/* Records cash taken at the counter for the dossier with code, at now, and
 * issues its receipt: out gets the dossier after (may be NULL), receipt
 * the payment (may be NULL). payer "" means the applicant. A dossier
 * waiting for its fee goes on once it is paid in full. */
int store_fee_cash(struct store *s, const struct actor *who, const char *code, int64_t amount,
                   const char *payer, struct dossier *out, struct payment *receipt, struct xerr *e);

/* The payments of a dossier, oldest first; one payment by id. */
int store_payments(struct store *s, int64_t dossier_id, payment_cb cb, void *ctx, struct xerr *e);
int store_payment_get(struct store *s, int64_t id, struct payment *out, struct xerr *e);

/* ---- bank statements ---- */

/* Imports statement st, read from the file `name`, as the statement of
 * unit's account, in one transaction: each credit new to the unit is
 * judged (fee_credit_judge) against the unit's dossier its description
 * names, recorded as a payment or held; debits and lines seen before
 * change nothing. out gets the statement's row with its counts; each kept
 * credit is passed to cb (may be NULL) after the commit, in file order. */
int store_statement_import(struct store *s, const struct actor *who, const char *unit,
                           const char *name, const struct statement *st, struct bank_statement *out,
                           credit_cb cb, void *ctx, struct xerr *e);

/* Statements of a unit, newest first (id < before, 0: from the newest),
 * at most limit; one by id. */
int store_statements(struct store *s, const char *unit, int64_t before, int limit, statement_cb cb,
                     void *ctx, struct xerr *e);
int store_statement_get(struct store *s, int64_t id, struct bank_statement *out, struct xerr *e);

/* Credits: of a unit (held only, or all), or of one statement; in id
 * order after `after`, at most limit (1..500). */
struct credit_filter {
	const char *unit;
	int64_t statement; /* 0: any */
	bool held;         /* only those waiting for an officer */
	int64_t after;
	int limit;
};
int store_credits(struct store *s, const struct credit_filter *f, credit_cb cb, void *ctx,
                  struct xerr *e);
int store_credit_get(struct store *s, int64_t id, struct bank_credit *out, struct xerr *e);

/* Resolves a held credit, once: with code, paid to that dossier of the
 * credit's unit (fee_pay_check: at most what is due), its receipt issued
 * and the dossier moved on when its fee is complete; without code,
 * dismissed (note required: refunded, not a fee...). XERR_CONFLICT when
 * the credit is not held or the payment is refused. out and receipt may be
 * NULL. */
int store_credit_resolve(struct store *s, const struct actor *who, int64_t id, const char *code,
                         const char *note, struct bank_credit *out, struct payment *receipt,
                         struct xerr *e);

/* ---- bulk loading ---- */

/* Payments of dossiers already stored (demo data, a migration from another
 * system), and credits of the unit's account waiting for an officer: the
 * dossiers' rows (fee, paid) are the caller's, written with
 * store_dossier_import. One transaction with one audit entry: one
 * statement row named `name` for the unit; each payment, in the order
 * given (give them in time order), numbered from the unit's counter for
 * its year, a transfer with its credit kept as paid (key "bulk:" and the
 * payment's position); then each held credit. Not for serving. */
struct payment_load {
	char code[DOSSIER_CODE_MAX];
	int method;
	int64_t amount, at;
	char description[64]; /* a transfer's, as its statement shows it */
};
struct credit_load {
	int32_t day;
	int64_t amount;
	char description[64];
	char code[DOSSIER_CODE_MAX];    /* the dossier it names, "" none */
	enum statement_verdict verdict; /* as fee_credit_judge() gave it */
	const char *why;
};
int store_payments_load(struct store *s, const struct actor *who, const char *unit,
                        const char *name, const struct payment_load *p, size_t np,
                        const struct credit_load *k, size_t nk, struct xerr *e);

/* ---- figures ---- */

/* The figures of a unit's subtree (a commune, or a province through its
 * communes) for dossiers filed and payments made in [from, to) (local
 * minutes; to 0: no end). Procedures with a fee are those of the
 * catalogue whose fee is above 0, at commune level for a commune. */
int store_fee_counts(struct store *s, const char *unit, int64_t from, int64_t to,
                     struct fee_counts *out, struct xerr *e);

#endif
