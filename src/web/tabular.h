/*
 * tabular.h: a table of text and numbers (with a colour per cell) sent as
 * CSV or as an Excel workbook (.xlsx, through libxlsxwriter): the exports
 * of the monitoring lists and dashboards (`?format=csv`, `?format=xlsx`).
 *
 * CSV: UTF-8 with a byte-order mark (Excel reads Vietnamese then), cells
 * that look like formulas neutralised (core/csv.h csv_put_text), numbers
 * as numbers. XLSX: one sheet, a bold header row, numbers as numbers,
 * a cell with a colour filled green, yellow or red. The workbook is
 * written to an unnamed temporary file that the server sends and closes.
 *
 * Memory: a table's text lives in the request arena; tab_free() releases
 * its cell array.
 */
#ifndef XASO_WEB_TABULAR_H
#define XASO_WEB_TABULAR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/indicator.h"
#include "web/http.h"

struct tab_cell {
	const char *text; /* NULL: a number */
	double num;       /* NaN: empty */
	enum ind_colour fill;
};

struct tab {
	struct req *r;
	const char *const *head;
	size_t ncols;
	struct tab_cell *cells;
	size_t n, cap;
};

void tab_init(struct tab *t, struct req *r, const char *const *head, size_t ncols);
void tab_free(struct tab *t);
void tab_text(struct tab *t, const char *s);
void tab_num(struct tab *t, double v, enum ind_colour fill);

/* The export format the request asks for: "csv", "xlsx", or NULL (JSON or
 * HTML). Routes declare {"format", IN_QUERY, IN_WORD, .words = TAB_FORMATS}. */
#define TAB_FORMATS "json|csv|xlsx"
const char *tab_format(const struct req *r);
/* Sends the table as the format asked for, as a download named name.csv
 * or name.xlsx. Returns 0 (an error answer when the workbook cannot be
 * written). */
int tab_send(struct tab *t, const char *format, const char *name);

#endif
