/*
 * csv.h: a strict RFC 4180 reader for imports, from memory or streamed
 * through a fixed window, and the writing of one text cell for exports.
 *
 * csv_open() reads a whole file held in memory (the caller owns it and
 * keeps it alive). csv_open_stream() reads a file of any size through a
 * caller's read function into a window of CSV_WINDOW bytes that the reader
 * owns, so memory does not grow with the file (a row longer than the
 * window is refused); core stays free of I/O, the caller does the reading.
 * Both are one parser: a row that runs past the window's end is parsed
 * again once the window is refilled.
 *
 * Every error names the file, line and column: "villages.csv:12:7: ...".
 * The file must be UTF-8 (a BOM is skipped) without NUL characters, with a
 * header row; each row must have as many fields as the header (a file in
 * memory is checked whole when opened, a stream row by row). Field strings
 * returned by csv_field() live until the next csv_next() call.
 */
#ifndef XASO_CORE_CSV_H
#define XASO_CORE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/xerr.h"

enum { CSV_MAX_FIELDS = 64, CSV_WINDOW = 1 << 20 };

/* Reads at most cap bytes into dst: how many (0 at the end of the file),
 * or -1 on a read error. */
typedef long (*csv_read_fn)(void *ctx, char *dst, size_t cap);

struct csv {
	const char *name; /* file name used in messages */
	const char *p, *end;
	/* A stream: the read function, the window (malloc'd) and whether the
	 * file's end is in it. A file in memory is one window at its end. */
	csv_read_fn read;
	void *read_ctx;
	char *win;
	const char *base; /* the window's (or the file's) first byte */
	bool eof;
	uint64_t before; /* bytes of the file before the window */
	int line;        /* next line to read */
	int row_line;    /* line where the current row starts */
	size_t nfields;
	size_t ncols; /* header width */
	char *field[CSV_MAX_FIELDS];
	int field_col[CSV_MAX_FIELDS]; /* 1-based column (in characters) of each field */
	char *header[CSV_MAX_FIELDS];
	struct buf store; /* holds the current row's fields */
	struct buf header_store;
	size_t offsets[CSV_MAX_FIELDS];
	char sep; /* field separator: ',' (or ';' or '\t', see csv_open_sep) */
};

/* Checks UTF-8, reads the header and verifies that each name in `required`
 * (NULL-terminated, may be NULL) is present. After a refusal nothing is
 * left to free (calling csv_close() anyway is harmless); after success the
 * caller calls csv_close(). */
int csv_open(struct csv *c, const char *name, const char *data, size_t len,
             const char *const *required, struct xerr *e);
/* The same with another field separator: ';' is what spreadsheets write
 * where the decimal separator is a comma (as in Vietnamese), '\t' for
 * tab-separated text. */
int csv_open_sep(struct csv *c, const char *name, char sep, const char *data, size_t len,
                 const char *const *required, struct xerr *e);
/* A file read through read(ctx, ...) as csv_next() needs it. */
int csv_open_stream(struct csv *c, const char *name, csv_read_fn read, void *ctx,
                    const char *const *required, struct xerr *e);
void csv_close(struct csv *c);

/* Reads the next row: 1 when a row was read, 0 at end, negative on error. */
int csv_next(struct csv *c, struct xerr *e);

/* How many bytes of the file have been read into rows (for progress). */
uint64_t csv_offset(const struct csv *c);

/* Index of the named column, or -1. */
int csv_col(const struct csv *c, const char *name);

/* The current row's field i ("" when i is out of range). */
const char *csv_field(const struct csv *c, int i);

/* Copies field col into dst[cap], refusing it empty (when required) or
 * too long, with its line and column. */
int csv_take(struct csv *c, int col, char *dst, size_t cap, bool required, struct xerr *e);

/* Fills e with "NAME:LINE:COL: message" for field i of the current row. */
int csv_error(const struct csv *c, int i, struct xerr *e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* True when a spreadsheet would take the text for a formula: it starts
 * with =, +, -, @, a tab or a carriage return. */
bool csv_formula_like(const char *v);

/* Appends v as one CSV field: quoted when it holds a comma, a quote or a
 * line break, and, when formula-like, quoted with an apostrophe before it
 * so that a spreadsheet shows it as text. Every export of text typed by
 * people writes its cells through this (numbers are written as numbers);
 * an Excel export writes such cells as strings with the same apostrophe
 * rule (csv_formula_like). */
void csv_put_text(struct buf *out, const char *v);

#endif
