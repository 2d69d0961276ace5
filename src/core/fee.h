/*
 * fee.h: a dossier's fee (phí, lệ phí) and its payments: the rules, pure,
 * with no I/O. The store records what these functions decide, in the
 * transaction of the change, with its audit entry.
 *
 * What it owns:
 *   - the unit's fee setup: the account that receives transfers (bank BIN,
 *     account number, holder's name) and how its receipts write amounts in
 *     words ("linh" or "lẻ", "tỷ" or "tỉ"); fee_setup_check();
 *   - the VietQR of a dossier's fee: what is still due, the dossier code as
 *     the transfer description (core/payref.h), the unit's account;
 *   - setting a dossier's fee for the case, with a reason (fee_set);
 *   - a payment, by bank transfer or in cash at the counter: never more
 *     than is due, never on a closed dossier (fee_pay_check, fee_pay); once
 *     the fee is paid in full a dossier waiting in status 6 goes on
 *     (fee_moves_on), through the rule book's transition (core/dossier.h);
 *   - what one credit of a bank statement does (fee_credit_judge): paid
 *     at once when statement_classify() says it pays what is due, held
 *     for an officer otherwise;
 *   - receipt numbers: per unit and calendar year, from 1, without gaps
 *     (the store takes them from a counter in the payment's transaction);
 *   - the figures of the monitoring layer and the 766 index (struct
 *     fee_counts, filled by the store, and their 766 rows).
 *
 * What it does not own: the dossier's statuses and moves (core/dossier.h),
 * the payload and its CRC (core/vietqr.h), the bank statement's format
 * (core/statement.h), amounts in words (core/money.h).
 *
 * Memory: every struct is caller-owned; nothing here allocates except into
 * the caller's struct buf.
 */
#ifndef XASO_CORE_FEE_H
#define XASO_CORE_FEE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/dossier.h"
#include "core/index766.h"
#include "core/statement.h"
#include "core/vietqr.h"
#include "core/xerr.h"

/* How a payment came: stored as these numbers. */
enum fee_method {
	FEE_TRANSFER = 1, /* a bank transfer seen on the unit's statement (VietQR) */
	FEE_CASH = 2,     /* cash taken at the counter against a receipt */
};

/* "transfer", "cash"; "" for another number. */
const char *fee_method_name(int method);

/* Where a dossier's fee stands, from its amounts (dossier_settle's
 * flags). */
enum fee_state {
	FEE_NONE,        /* no fee */
	FEE_DUE,         /* nothing paid yet */
	FEE_PART,        /* partly paid */
	FEE_PAID_ONLINE, /* paid in full, all by transfer */
	FEE_PAID_CASH,   /* paid in full, some in cash */
};
enum fee_state fee_state_of(const struct dossier *d);
/* "none", "due", "part", "paid_online", "paid_cash". */
const char *fee_state_name(enum fee_state s);

enum {
	FEE_REASON_CHARS = 500, /* a reason for setting a fee */
	FEE_RECEIPT_DIGITS = 7, /* "0000042" */
};

/* A unit's fee setup. An account of "" means none: the unit takes fees
 * in cash only, and no VietQR is issued. */
struct fee_setup {
	char bin[VIETQR_BIN_LEN + 1];         /* the bank's BIN, 6 digits */
	char account[VIETQR_ACCOUNT_MAX + 1]; /* letters and digits */
	char holder[VIETQR_TEXT_BYTES];       /* the holder's name, as the bank has it */
	unsigned words;                       /* enum money_style bits for receipts */
};

/* Checks a setup: either no account at all (bin, account and holder all
 * empty), or a 6-digit BIN, an account of 1-19 letters and digits and a
 * holder's name that a VietQR carries (25 characters once its diacritics
 * are removed); words holds only MONEY_LE and MONEY_TI. XERR_INVALID
 * naming "bin", "account", "holder" or "words". */
int fee_setup_check(const struct fee_setup *s, struct xerr *e);
bool fee_setup_has_account(const struct fee_setup *s);

/* Appends the VietQR payload for what is still due on d's fee: a dynamic
 * code (the exact amount) to the unit's account, with the description
 * payref_purpose() writes for d's code. XERR_NOTFOUND (field "account")
 * when the unit has no account, XERR_CONFLICT (field "fee") when nothing
 * is due or the dossier is closed. */
int fee_vietqr(const struct fee_setup *s, const struct dossier *d, struct buf *out, struct xerr *e);

/* The unit sets d's fee for the case (a fee per page, per copy, per
 * square metre...) at `at`: amount from 0 to MONEY_WORDS_MAX (the largest
 * a receipt writes in words), not below what was already paid (xaso
 * records no refunds), a reason of 1-FEE_REASON_CHARS characters, while
 * the dossier is open. On success d's fee is amount (paid_at follows: a
 * fee lowered to what was paid is paid from `at`) and what core derives is
 * settled again; on error d is unchanged. */
int fee_set(struct dossier *d, int64_t amount, const char *reason, int64_t at, struct xerr *e);

/* May a payment of amount by method be recorded for d? It must be more
 * than 0 and at most what is due (XERR_CONFLICT naming "amount": more than
 * is due is refunded, not recorded), on a dossier that is not closed
 * (XERR_CONFLICT naming "code": refused, withdrawn, stopped or returned). */
int fee_pay_check(const struct dossier *d, int method, int64_t amount, struct xerr *e);

/* Checks, then records the payment in d: paid_vnd (and paid_cash_vnd),
 * paid_at when it completes the fee, what core derives. */
int fee_pay(struct dossier *d, int method, int64_t amount, int64_t at, struct xerr *e);

/* True when d waits for its fee (status 6) and the fee is now paid: the
 * caller moves it back to processing with dossier_decide(..., DS_PROCESSING,
 * SIDE_STAFF, ...) in the payment's transaction. */
bool fee_moves_on(const struct dossier *d);

/* What one line of a bank statement does for the dossier its description
 * names (d: that dossier as it stands, NULL when no dossier of the unit has
 * one of its codes). */
struct fee_credit {
	enum statement_verdict verdict; /* statement_classify()'s */
	bool pay;                       /* recorded as the dossier's payment now */
	bool ignore;                    /* not a payment at all (a debit): not kept */
	const char *why;                /* why it waits for an officer, "" when not */
};
void fee_credit_judge(const struct statement_line *l, const struct dossier *d,
                      struct fee_credit *out);

/* A receipt's number as printed: FEE_RECEIPT_DIGITS digits ("0000042"),
 * more when the year has more receipts. dst holds 24 bytes. */
void fee_receipt_label(int64_t number, char dst[24]);
/* The calendar year of a local minute (core/calendar.h's time). */
int fee_year_of(int64_t at);

/* Figures of a unit's subtree over a period, which the store fills
 * (store_fee_counts): dossiers filed in the period, and payments made in
 * it. */
struct fee_counts {
	long dossiers;               /* dossiers filed */
	long fee_due;                /* of them, bearing a fee */
	long paid_online;            /* of those, paid in full, all by transfer */
	long paid_cash;              /* paid in full, some of it in cash */
	long procedures_with_fee;    /* procedures of the catalogue with a fee, at
	                                the unit's level */
	long procedures_on_dossiers; /* of those, with a dossier bearing a fee */
	long procedures_paid_online; /* of those, with a transfer recorded */
	int64_t amount_transfer;     /* đồng received by transfer */
	int64_t amount_cash;         /* đồng received in cash */
	long payments;               /* payments recorded (receipts issued) */
};

/* The online-payment rows of the 766 index from the figures: 3.6 paid
 * online / bearing a fee, 3.5b procedures paid online / procedures with a
 * fee, 3.5 procedures with fee data on their dossiers / procedures with a
 * fee. The other rows of c are left as they are. */
void fee_counts_idx766(const struct fee_counts *f, struct idx766_counts *c);

#endif
