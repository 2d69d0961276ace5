/*
 * statement.h: a bank statement (sao kê) in CSV, read for reconciling
 * fees, and what one credit means for the dossier it names. Pure: reads a
 * file held in memory, decides; the store records what it decides.
 *
 * The file is a bank's export saved as CSV (UTF-8; fields separated by
 * commas, semicolons or tabs, tried in that order), or xaso's own format
 * `date,amount,description,reference`. The header row is found among the
 * first STATEMENT_HEADER_LINES lines (banks put the account and the period
 * above it) by its column names, in Vietnamese or English, with or without
 * diacritics, and bilingual headers such as "Số tiền ghi có/ Credit": a
 * date, a description, and either credit and debit columns or one signed
 * amount; a reference column is optional. docs/payments.md lists the names.
 * Rows whose date cell has no digit (totals, balances: "Tổng cộng") are
 * skipped and counted; any other row that cannot be read stops the reading
 * with "FILE:LINE:COLUMN: ...", and nothing of the file is returned.
 *
 * Each line gets the dossier codes of its description (core/payref.h) and
 * a key that is the same each time the same row is read again, from this
 * file or from an overlapping export, so that importing twice changes
 * nothing: a hash of the date, amount, reference and description, and of
 * how many rows before it in the file have the same four.
 *
 * Memory: statement_parse() allocates the lines and their strings from the
 * caller's arena; they live until the arena is freed.
 */
#ifndef XASO_CORE_STATEMENT_H
#define XASO_CORE_STATEMENT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/dossier.h"
#include "core/payref.h"
#include "core/xerr.h"

enum {
	STATEMENT_HEADER_LINES = 30, /* lines searched for the header row */
	STATEMENT_KEY_HEX = 32,      /* hex digits of a line's key */
};

struct statement_line {
	int line;                /* line of the file where the row begins */
	int32_t day;             /* Julian day number of the transaction */
	int64_t amount;          /* đồng: > 0 a credit (money in), < 0 a debit */
	const char *description; /* as in the file */
	const char *reference;   /* the bank's reference; "" when there is none */
	char key[STATEMENT_KEY_HEX + 1];
	int ncodes; /* dossier codes found in the description */
	char codes[PAYREF_MAX_CODES][DOSSIER_CODE_MAX];
};

struct statement {
	struct statement_line *line; /* n lines, in the order of the file */
	size_t n;
	size_t skipped;  /* rows without a date (totals, balances) */
	int header_line; /* where the header row was found */
	char sep;        /* the field separator found */
};

/* Reads data[0..len) (named `name` in messages) into st. XERR_INVALID with
 * "name:line:column: message" when the file cannot be read; st is then
 * empty. */
int statement_parse(const char *name, const char *data, size_t len, struct arena *a,
                    struct statement *st, struct xerr *e);

/* What a line means for the dossier named by its codes. */
enum statement_verdict {
	STMT_MATCH,        /* the credit pays what is due (completes the fee) */
	STMT_PARTIAL,      /* less than what is due */
	STMT_EXCESS,       /* more than what is due, or a payment where none is due */
	STMT_DUPLICATE,    /* the fee was already paid in full */
	STMT_UNKNOWN_CODE, /* a code was found, but no dossier has it */
	STMT_NO_CODE,      /* the description names no dossier */
	STMT_NOT_CREDIT,   /* a debit (or nothing): not a payment */
};

/* Pure decision for line l, given the fee of the dossier its codes name
 * (fee < 0: none of them names a dossier) and what that dossier has been
 * paid before this line. A credit that makes up the rest of a partly paid
 * fee is a match. */
enum statement_verdict statement_classify(const struct statement_line *l, int64_t fee,
                                          int64_t paid);

/* Stable English name: "match", "partial", "excess", "duplicate",
 * "unknown_code", "no_code", "not_credit". */
const char *statement_verdict_name(enum statement_verdict v);

#endif
