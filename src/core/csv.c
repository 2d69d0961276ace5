/* csv.c: strict CSV reader that tracks line and column for error messages. */
#include "core/csv.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"

/* Column in characters from the start of the line to p (1-based). */
static int column_of(const char *line_start, const char *p)
{
	int col = 1;
	for (const char *q = line_start; q < p; q++)
		if (((unsigned char)*q & 0xC0) != 0x80)
			col++;
	return col;
}

static int parse_row(struct csv *c, struct xerr *e)
{
	buf_reset(&c->store);
	c->nfields = 0;
	const char *line_start = c->p;
	int line = c->line;
	for (;;) {
		if (c->nfields == CSV_MAX_FIELDS)
			return xerr_set(e, XERR_INVALID, "file", "%s:%d:%d: too many fields",
			                c->name, line, column_of(line_start, c->p));
		c->offsets[c->nfields] = c->store.len;
		c->field_col[c->nfields] = column_of(line_start, c->p);
		if (c->p < c->end && *c->p == '"') {
			int open_line = line;
			c->p++;
			for (;;) {
				if (c->p >= c->end)
					return xerr_set(e, XERR_INVALID, "file",
					                "%s:%d:%d: unterminated quoted field",
					                c->name, open_line,
					                c->field_col[c->nfields]);
				if (*c->p == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') {
						buf_putc(&c->store, '"');
						c->p += 2;
						continue;
					}
					c->p++;
					break;
				}
				if (*c->p == '\n') {
					line++;
					line_start = c->p + 1;
				}
				buf_putc(&c->store, *c->p++);
			}
			if (c->p < c->end && *c->p != c->sep && *c->p != '\n' && *c->p != '\r')
				return xerr_set(e, XERR_INVALID, "file",
				                "%s:%d:%d: text after a closing quote", c->name,
				                line, column_of(line_start, c->p));
		} else {
			while (c->p < c->end && *c->p != c->sep && *c->p != '\n' && *c->p != '\r') {
				if (*c->p == '"')
					return xerr_set(e, XERR_INVALID, "file",
					                "%s:%d:%d: quote inside an unquoted field",
					                c->name, line, column_of(line_start, c->p));
				buf_putc(&c->store, *c->p++);
			}
		}
		buf_putc(&c->store, '\0');
		c->nfields++;
		if (c->p < c->end && *c->p == c->sep) {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n')
			c->p++;
		break;
	}
	for (size_t i = 0; i < c->nfields; i++)
		c->field[i] = c->store.data + c->offsets[i];
	c->row_line = c->line;
	c->line = line + 1;
	return 0;
}

int csv_open(struct csv *c, const char *name, const char *data, size_t len,
             const char *const *required, struct xerr *e)
{
	return csv_open_sep(c, name, ',', data, len, required, e);
}

/* csv_open_sep() but for freeing what it allocated when it refuses. */
static int open_sep(struct csv *c, const char *name, char sep, const char *data, size_t len,
                    const char *const *required, struct xerr *e)
{
	memset(c, 0, sizeof *c);
	c->name = name;
	c->sep = sep;
	c->p = data;
	c->end = data + len;
	c->line = 1;
	buf_init(&c->store);
	buf_init(&c->header_store);
	size_t bad = len;
	bool utf8 = text_valid_utf8(data, len, &bad);
	const char *nul = memchr(data, '\0', len);
	if (!utf8 || nul) {
		/* The first fault: bad UTF-8, or a NUL, which would cut a value
		 * short where C strings carry it. */
		size_t at = utf8 ? len : bad;
		bool is_nul = nul && (size_t)(nul - data) < at;
		if (is_nul)
			at = (size_t)(nul - data);
		int line = 1;
		const char *ls = data;
		for (size_t i = 0; i < at; i++)
			if (data[i] == '\n')
				line++, ls = data + i + 1;
		return xerr_set(e, XERR_INVALID, "file", "%s:%d:%d: %s", name, line,
		                column_of(ls, data + at),
		                is_nul ? "a NUL character (byte 0)" : "not valid UTF-8");
	}
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3;
	if (c->p >= c->end)
		return xerr_set(e, XERR_INVALID, "file",
		                "%s:1:1: empty file, a header row is needed", name);
	int rc = parse_row(c, e);
	if (rc)
		return rc;
	buf_add(&c->header_store, c->store.data, c->store.len);
	c->ncols = c->nfields;
	for (size_t i = 0; i < c->ncols; i++)
		c->header[i] = c->header_store.data + c->offsets[i];
	for (; required && *required; required++)
		if (csv_col(c, *required) < 0)
			return xerr_set(e, XERR_INVALID, *required, "%s:1:1: missing column \"%s\"",
			                name, *required);
	return 0;
}

int csv_open_sep(struct csv *c, const char *name, char sep, const char *data, size_t len,
                 const char *const *required, struct xerr *e)
{
	int rc = open_sep(c, name, sep, data, len, required, e);
	if (rc)
		csv_close(c); /* nothing for the caller to free after a refusal */
	return rc;
}

void csv_close(struct csv *c)
{
	buf_free(&c->store);
	buf_free(&c->header_store);
}

int csv_next(struct csv *c, struct xerr *e)
{
	/* Skips blank lines, including a final newline. */
	while (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
		if (*c->p == '\n')
			c->line++;
		c->p++;
	}
	if (c->p >= c->end)
		return 0;
	int rc = parse_row(c, e);
	if (rc)
		return rc;
	if (c->nfields != c->ncols)
		return xerr_set(e, XERR_INVALID, "file", "%s:%d:%d: %zu fields, the header has %zu",
		                c->name, c->row_line,
		                c->field_col[c->nfields < c->ncols ? c->nfields - 1 : c->ncols],
		                c->nfields, c->ncols);
	return 1;
}

int csv_col(const struct csv *c, const char *name)
{
	for (size_t i = 0; i < c->ncols; i++)
		if (strcmp(c->header[i], name) == 0)
			return (int)i;
	return -1;
}

const char *csv_field(const struct csv *c, int i)
{
	if (i < 0 || (size_t)i >= c->nfields)
		return "";
	return c->field[i];
}

int csv_error(const struct csv *c, int i, struct xerr *e, const char *fmt, ...)
{
	char msg[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	int col = (i >= 0 && (size_t)i < c->nfields) ? c->field_col[i] : 1;
	const char *field = (i >= 0 && (size_t)i < c->ncols) ? c->header[i] : "file";
	(void)field;
	return xerr_set(e, XERR_INVALID, "file", "%s:%d:%d: %s", c->name, c->row_line, col, msg);
}

int csv_take(struct csv *c, int col, char *dst, size_t cap, bool required, struct xerr *e)
{
	const char *v = csv_field(c, col);
	if (required && !*v)
		return csv_error(c, col, e, "\"%s\" is empty", c->header[col]);
	if (strlen(v) >= cap)
		return csv_error(c, col, e, "\"%s\" is too long (at most %zu bytes)",
		                 c->header[col], cap - 1);
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

bool csv_formula_like(const char *v)
{
	return v && (*v == '=' || *v == '+' || *v == '-' || *v == '@' || *v == '\t' || *v == '\r');
}

void csv_put_text(struct buf *out, const char *v)
{
	if (!v)
		v = "";
	bool quote = strpbrk(v, ",\"\r\n") != NULL || csv_formula_like(v);
	if (quote)
		buf_putc(out, '"');
	/* A spreadsheet would run "=HYPERLINK(...)" or "@SUM(...)" typed by a
	 * citizen: the apostrophe makes it text (OWASP, CSV injection). */
	if (csv_formula_like(v))
		buf_putc(out, '\'');
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	if (quote)
		buf_putc(out, '"');
}
