/*
 * money.h: amounts of đồng in Vietnamese: in words for receipts ("Một trăm
 * hai mươi nghìn đồng"), in figures with Vietnamese digit grouping
 * ("120.000"), and read back from the ways banks and people write them.
 * Pure; the caller owns the buffers.
 *
 * The words follow the reading taught in school and used on invoices
 * (docs/payments.md has the rules with examples and sources): groups of
 * three digits with nghìn, triệu, tỷ; "mười" for ten and "mươi" for the
 * other tens; "linh" (or "lẻ") before a units digit after a zero tens
 * digit; "mốt" for 1 and "tư" for 4 after "mươi"; "lăm" for 5 after
 * "mười" or "mươi"; a group after the leading one is read in full ("không
 * trăm linh năm"); groups of zeros are not read.
 */
#ifndef XASO_CORE_MONEY_H
#define XASO_CORE_MONEY_H

#include <stdint.h>

#include "core/buf.h"
#include "core/xerr.h"

/* The largest amount money_words() reads. */
#define MONEY_WORDS_MAX INT64_C(999999999999)
/* The largest amount money_parse() accepts (15 digits). */
#define MONEY_PARSE_MAX INT64_C(999999999999999)

/* Style of money_words(): the northern "linh" and "tỷ" by default. */
enum money_style {
	MONEY_LE = 1, /* "lẻ" instead of "linh": một trăm lẻ năm */
	MONEY_TI = 2, /* "tỉ" instead of "tỷ" */
};

/* Appends the amount as written on a receipt, capitalised and followed by
 * "đồng": 0 -> "Không đồng", 1005 -> "Một nghìn không trăm linh năm đồng".
 * style is a set of enum money_style bits. XERR_INVALID (field "amount")
 * outside 0..MONEY_WORDS_MAX; nothing is appended then. */
int money_words(int64_t vnd, unsigned style, struct buf *out, struct xerr *e);

/* Appends the amount in figures, groups of three digits separated by dots:
 * 120000 -> "120.000", -50000 -> "-50.000". */
void money_figures(int64_t vnd, struct buf *out);

/* Reads an amount of đồng as statements and people write it: "120000",
 * "120.000", "120,000", "120 000", "120.000,00", "120,000.00", "+120.000",
 * "-50.000", "(50.000)" (negative), with "VND", "VNĐ", "đ" or "₫" before or
 * after. Separators are grouping when followed by groups of exactly three
 * digits; the last separator is decimal when followed by one or two digits
 * (or when both '.' and ',' appear), and a fraction must be zero: đồng have
 * no smaller unit. XERR_INVALID naming `field` otherwise, or beyond
 * MONEY_PARSE_MAX. */
int money_parse(const char *s, const char *field, int64_t *vnd, struct xerr *e);

#endif
