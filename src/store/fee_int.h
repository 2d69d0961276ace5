/*
 * fee_int.h: what the store's fee files share (fee_pay.c, fee_statement.c)
 * behind store_payments.h. Only they include it.
 */
#ifndef XASO_STORE_FEE_INT_H
#define XASO_STORE_FEE_INT_H

#include "store/store_int.h"
#include "store/store_payments.h"

/* Records a payment of d (read on c inside the caller's write transaction)
 * as core decides it (fee_pay): the payment row with the next receipt
 * number of d's unit for the year of `at`, the dossier's row, the audit
 * entry, and, when that completes the fee of a dossier waiting in status
 * 6, its move back to processing at `now` (st_dossier_move_on). credit is
 * the statement credit of a transfer (0 for cash); payer "" is the
 * applicant. out (may be NULL) gets the payment. */
int st_fee_pay_on(struct db_conn *c, const struct actor *who, const struct cal *cal,
                  struct dossier *d, int method, int64_t amount, int64_t at, int64_t now,
                  const char *payer, int64_t credit, struct payment *out, struct xerr *e);

/* The dossier named code that belongs to unit, read on c: 1 with *d
 * filled, 0 when there is none (or it is another unit's), or the error. */
int st_fee_dossier_of_unit(struct db_conn *c, const char *code, const char *unit, struct dossier *d,
                           struct xerr *e);

#endif
