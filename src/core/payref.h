/*
 * payref.h: how a dossier code travels through a bank transfer. The
 * VietQR that xaso issues for a fee carries the code in its purpose (the
 * transfer description); the payer's bank passes the description on, and
 * the receiving account's statement shows it again, often changed: the
 * bank may add its own words and numbers around it, replace the dashes by
 * spaces or drop them. Writing the code and finding it again are one rule,
 * kept here. Pure; no I/O.
 *
 * What is written: the code with spaces for dashes, "66001 260315 0001"
 * (plain letters, digits and spaces survive every bank's description).
 * What is found: three runs of digits shaped like a code (core/dossier.h:
 * a unit code of 2-12 digits, a date YYMMDD that exists, a sequence of 4-6
 * digits) separated by one to three of " -._/", or the same digits run
 * together when they split into that shape. "66001-260315-0001 NOP PHI",
 * "MBVCB.123.66001.260315.0001.CT tu ...", "HS66001 260315 0001" and
 * "660012603150001" all give 66001-260315-0001. docs/payments.md lists
 * the forms.
 */
#ifndef XASO_CORE_PAYREF_H
#define XASO_CORE_PAYREF_H

#include <stddef.h>

#include "core/dossier.h"
#include "core/xerr.h"

enum {
	PAYREF_MAX_CODES = 4, /* codes kept from one description */
};

/* Writes the transfer description for a dossier's fee into dst (cap bytes,
 * at least DOSSIER_CODE_MAX): "66001 260315 0001". XERR_INVALID (field
 * "code") when code is not a dossier code, or when the result would not
 * fit a VietQR purpose (25 characters). */
int payref_purpose(const char *code, char *dst, size_t cap, struct xerr *e);

/* Finds the dossier codes in a description (UTF-8 or not: only ASCII
 * digits and separators are looked at) and writes them, in the code's own
 * form "66001-260315-0001", each once, in the order found. Returns how
 * many (at most max). Run-together digits may split into more than one
 * code; the caller keeps the one that names a dossier. */
int payref_find(const char *desc, char codes[][DOSSIER_CODE_MAX], int max);

#endif
