/*
 * pay_view.h: what the pages show of a dossier's fee (issue 15): the
 * amounts and how it stands, the VietQR code that pays what is due (an SVG
 * drawn by web/qr.h, and the payload as selectable text for banking apps
 * that take it pasted), the payments with links to their receipts, and the
 * officer's links. Shared by the officer's dossier page, the citizen's own
 * dossier, public tracking and the printed receipt (form 01); the rules
 * are core/fee.h's, the data the store's. Output is escaped HTML appended
 * to r->out; nothing is written to the store.
 */
#ifndef XASO_WEB_PAY_VIEW_H
#define XASO_WEB_PAY_VIEW_H

#include <stdint.h>

#include "core/fee.h"
#include "web/http.h"

enum pay_view {
	PAY_OFFICE, /* the receiving unit's staff: everything, and their links */
	PAY_OWNER,  /* the applicant: amounts, the code, the receipts */
	PAY_PUBLIC, /* public tracking: amounts and the code, no payer, no receipts */
};

/* The fee section of a dossier's page (nothing for a dossier without a
 * fee, except the officer's link to set one). */
void pay_fee_section(struct req *r, const struct dossier *d, enum pay_view v);

/* The VietQR of what is due, beside a printed form, with its caption;
 * nothing when nothing is due or the unit takes cash only. */
void pay_fee_paper(struct req *r, const struct dossier *d);

/* The links of the officer's queue to reconciliation and to the unit's
 * fee setup, for the roles that may open them. */
void pay_office_links(struct req *r, const char *unit);

/* An amount as the pages write it: "20.000 đồng" (arena string). */
const char *pay_amount(struct req *r, int64_t vnd);

/* The bank a BIN names ("Agribank"), or the BIN itself. */
const char *pay_bank_name(const char *bin);

/* A declared input's check for amounts typed as people write them
 * ("20000", "20.000", "20.000 đ"): core/money.h's money_parse. */
int pay_amount_check(const char *v, int64_t *num, struct xerr *e);

#endif
