/*
 * tabular.c: tables sent as CSV or .xlsx (tabular.h). The only file that
 * calls libxlsxwriter.
 */
#include "web/tabular.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/csv.h"
#include "web/files.h"

void tab_init(struct tab *t, struct req *r, const char *const *head, size_t ncols)
{
	*t = (struct tab){r, head, ncols ? ncols : 1, NULL, 0, 0};
}

void tab_free(struct tab *t)
{
	free(t->cells);
	t->cells = NULL;
	t->n = t->cap = 0;
}

static void add(struct tab *t, struct tab_cell c)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		struct tab_cell *p = realloc(t->cells, cap * sizeof *p);
		if (!p)
			return; /* the table comes out short; tab_send answers 500 */
		t->cells = p;
		t->cap = cap;
	}
	t->cells[t->n++] = c;
}

void tab_text(struct tab *t, const char *s)
{
	add(t, (struct tab_cell){arena_strdup(&t->r->arena, s ? s : ""), NAN, IND_NO_COLOUR});
}

void tab_num(struct tab *t, double v, enum ind_colour fill)
{
	add(t, (struct tab_cell){NULL, v, fill});
}

const char *tab_format(const struct req *r)
{
	const char *f = in_str(r, "format");
	return f && (!strcmp(f, "csv") || !strcmp(f, "xlsx")) ? f : NULL;
}

static void download(struct req *r, const char *name, const char *ext)
{
	struct buf cd;
	buf_init(&cd);
	http_content_disposition(&cd, name, ext);
	resp_header(r, "Content-Disposition", arena_strdup(&r->arena, cd.data));
	buf_free(&cd);
}

static int send_csv(struct tab *t, const char *name)
{
	struct buf *b = &t->r->out;
	buf_reset(b);
	buf_puts(b, "\xEF\xBB\xBF");
	for (size_t j = 0; j < t->ncols; j++) {
		if (j)
			buf_putc(b, ',');
		csv_put_text(b, t->head[j]);
	}
	buf_puts(b, "\r\n");
	size_t nc = t->ncols ? t->ncols : 1;
	for (size_t i = 0; i < t->n; i++) {
		const struct tab_cell *c = &t->cells[i];
		if (c->text)
			csv_put_text(b, c->text);
		else if (!isnan(c->num))
			buf_printf(b, "%.10g", c->num);
		buf_puts(b, (i + 1) % nc ? "," : "\r\n");
	}
	download(t->r, name, "csv");
	t->r->status = 200;
	t->r->content_type = "text/csv; charset=utf-8";
	return 0;
}

static const uint32_t fills[] = {
    [IND_GREEN] = 0xC6EFCE, [IND_YELLOW] = 0xFFEB9C, [IND_RED] = 0xFFC7CE};

static bool write_book(const struct tab *t, const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return false;
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	lxw_format *bold = workbook_add_format(wb), *fill[4] = {NULL};
	format_set_bold(bold);
	for (int c = IND_GREEN; c <= IND_RED; c++) {
		fill[c] = workbook_add_format(wb);
		format_set_bg_color(fill[c], fills[c]);
	}
	for (size_t j = 0; j < t->ncols; j++)
		worksheet_write_string(ws, 0, (lxw_col_t)j, t->head[j], bold);
	size_t nc = t->ncols ? t->ncols : 1;
	for (size_t i = 0; i < t->n; i++) {
		const struct tab_cell *c = &t->cells[i];
		lxw_row_t row = (lxw_row_t)(i / nc + 1);
		lxw_col_t col = (lxw_col_t)(i % nc);
		if (c->text)
			worksheet_write_string(ws, row, col, c->text, NULL);
		else if (!isnan(c->num))
			worksheet_write_number(ws, row, col, c->num, fill[c->fill]);
		else if (c->fill)
			worksheet_write_blank(ws, row, col, fill[c->fill]);
	}
	return workbook_close(wb) == LXW_NO_ERROR;
}

static int send_xlsx(struct tab *t, const char *name)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/xaso-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return resp_fail(t->r, XERR_IO, NULL, "cannot write the workbook");
	close(fd);
	bool ok = write_book(t, path);
	fd = ok ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	unlink(path);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return resp_fail(t->r, XERR_IO, NULL, "cannot write the workbook");
	}
	download(t->r, name, "xlsx");
	return resp_file(t->r, 200, fd, (uint64_t)st.st_size,
	                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

int tab_send(struct tab *t, const char *format, const char *name)
{
	if (t->n % (t->ncols ? t->ncols : 1))
		return resp_fail(t->r, XERR_NOMEM, NULL, "out of memory");
	return !strcmp(format, "xlsx") ? send_xlsx(t, name) : send_csv(t, name);
}
