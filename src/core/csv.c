/*
 * csv.c: strict CSV reader that tracks line and column for error messages,
 * over a file in memory or a stream read through a fixed window.
 *
 * parse_row() reads one row from c->p. When a stream's row runs past the
 * window's end, it answers ROW_MORE without changing c; refill() then
 * moves the row's start to the front of the window, reads more behind it,
 * and the row is parsed again from its start.
 */
#include "core/csv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

enum { ROW_MORE = 1 };

/* Column in characters from the start of the line to p (1-based). */
static int column_of(const char *line_start, const char *p)
{
	int col = 1;
	for (const char *q = line_start; q < p; q++)
		if (((unsigned char)*q & 0xC0) != 0x80)
			col++;
	return col;
}

/* The bytes [p, end) hold valid UTF-8 without NUL; else the error at the
 * first fault, whose line counts from `line` at p. */
static int check_text(const struct csv *c, const char *p, const char *end, int line, struct xerr *e)
{
	size_t len = (size_t)(end - p), bad = len;
	bool utf8 = text_valid_utf8(p, len, &bad);
	const char *nul = memchr(p, '\0', len);
	if (utf8 && !nul)
		return 0;
	/* The first fault: bad UTF-8, or a NUL, which would cut a value short
	 * where C strings carry it. */
	size_t at = utf8 ? len : bad;
	bool is_nul = nul && (size_t)(nul - p) < at;
	if (is_nul)
		at = (size_t)(nul - p);
	const char *ls = p;
	for (size_t i = 0; i < at; i++)
		if (p[i] == '\n')
			line++, ls = p + i + 1;
	return xerr_set(e, XERR_INVALID, "file", "%s:%d:%d: %s", c->name, line,
	                column_of(ls, p + at),
	                is_nul ? "a NUL character (byte 0)" : "not valid UTF-8");
}

/* Where parse_row is in the row: the byte, its line and its column (in
 * characters, counted while the bytes are copied). */
struct pos {
	const char *p;
	int line, col;
};

/* Appends n bytes to the row's store (its NUL is written at the row's
 * end: the fields are NUL-terminated each). Called for every field of
 * millions of rows: the room is checked here, not in a call. */
static void put(struct csv *c, const char *p, size_t n)
{
	if (c->store.len + n + 1 > c->store.cap)
		buf_reserve(&c->store, n);
	memcpy(c->store.data + c->store.len, p, n);
	c->store.len += n;
}

/* Copies [from, to) of the current line into the row's store. */
static void take(struct csv *c, struct pos *at, const char *to)
{
	put(c, at->p, (size_t)(to - at->p));
	for (const char *q = at->p; q < to; q++)
		at->col += ((unsigned char)*q & 0xC0) != 0x80;
	at->p = to;
}

/* Reads one quoted field from just after its opening quote. */
static int quoted(struct csv *c, struct pos *at, struct xerr *e)
{
	int open_line = at->line;
	for (;;) {
		const char *q = at->p;
		while (q < c->end && *q != '"' && *q != '\n')
			q++;
		take(c, at, q);
		if (at->p >= c->end)
			return c->eof ? xerr_set(e, XERR_INVALID, "file",
			                         "%s:%d:%d: unterminated quoted field", c->name,
			                         open_line, c->field_col[c->nfields])
			              : ROW_MORE;
		if (*at->p == '\n') {
			put(c, "\n", 1);
			at->p++;
			at->line++;
			at->col = 1;
			continue;
		}
		if (at->p + 1 >= c->end && !c->eof)
			return ROW_MORE;
		if (at->p + 1 < c->end && at->p[1] == '"') {
			put(c, "\"", 1);
			at->p += 2;
			at->col += 2;
			continue;
		}
		at->p++;
		at->col++;
		return 0;
	}
}

/* One field at `at`: 0, ROW_MORE or the error. */
static int field(struct csv *c, struct pos *at, struct xerr *e)
{
	if (at->p < c->end && *at->p == '"') {
		at->p++;
		at->col++;
		int rc = quoted(c, at, e);
		if (rc)
			return rc;
		if (at->p >= c->end && !c->eof)
			return ROW_MORE;
		if (at->p < c->end && *at->p != c->sep && *at->p != '\n' && *at->p != '\r')
			return xerr_set(e, XERR_INVALID, "file",
			                "%s:%d:%d: text after a closing quote", c->name, at->line,
			                at->col);
		return 0;
	}
	/* One pass finds the field's end and counts its characters. */
	const char *q = at->p;
	int col = at->col;
	for (; q < c->end; q++) {
		char ch = *q;
		if (ch == c->sep || ch == '\n' || ch == '\r' || ch == '"')
			break;
		col += ((unsigned char)ch & 0xC0) != 0x80;
	}
	put(c, at->p, (size_t)(q - at->p));
	at->p = q;
	at->col = col;
	if (q < c->end && *q == '"')
		return xerr_set(e, XERR_INVALID, "file", "%s:%d:%d: quote inside an unquoted field",
		                c->name, at->line, at->col);
	return q >= c->end && !c->eof ? ROW_MORE : 0;
}

/* Reads the row at c->p: 0 (c->p past it), ROW_MORE (c unchanged), or
 * the error. */
static int parse_row(struct csv *c, struct xerr *e)
{
	buf_reset(&c->store);
	c->nfields = 0;
	struct pos at = {c->p, c->line, 1};
	for (;;) {
		if (c->nfields == CSV_MAX_FIELDS)
			return xerr_set(e, XERR_INVALID, "file", "%s:%d:%d: too many fields",
			                c->name, at.line, at.col);
		c->offsets[c->nfields] = c->store.len;
		c->field_col[c->nfields] = at.col;
		int rc = field(c, &at, e);
		if (rc)
			return rc;
		put(c, "", 1);
		c->nfields++;
		if (at.p < c->end && *at.p == c->sep) {
			at.p++;
			at.col++;
			continue;
		}
		if (at.p < c->end && *at.p == '\r') {
			if (at.p + 1 >= c->end && !c->eof)
				return ROW_MORE;
			at.p++;
		}
		if (at.p < c->end && *at.p == '\n')
			at.p++;
		break;
	}
	if (c->read) {
		int rc = check_text(c, c->p, at.p, c->line, e);
		if (rc)
			return rc;
	}
	c->store.data[c->store.len] = '\0'; /* as struct buf keeps it */
	for (size_t i = 0; i < c->nfields; i++)
		c->field[i] = c->store.data + c->offsets[i];
	c->p = at.p;
	c->row_line = c->line;
	c->line = at.line + 1;
	return 0;
}

/* Keeps [c->p, c->end) at the window's front and reads more behind it. */
static int refill(struct csv *c, struct xerr *e)
{
	size_t keep = (size_t)(c->end - c->p);
	if (keep == CSV_WINDOW)
		return xerr_set(e, XERR_INVALID, "file", "%s:%d:1: a row longer than %d bytes",
		                c->name, c->line, CSV_WINDOW);
	c->before += (uint64_t)(c->p - c->win);
	memmove(c->win, c->p, keep);
	c->p = c->win;
	c->end = c->win + keep;
	while (!c->eof && c->end < c->win + CSV_WINDOW) {
		long n = c->read(c->read_ctx, c->win + keep, CSV_WINDOW - keep);
		if (n < 0)
			return xerr_set(e, XERR_IO, "file", "%s:%d:1: cannot read the file",
			                c->name, c->line);
		if (n == 0)
			c->eof = true;
		keep += (size_t)n;
		c->end = c->win + keep;
	}
	return 0;
}

/* parse_row(), refilling the window as often as the row needs. */
static int next_row(struct csv *c, struct xerr *e)
{
	int rc;
	while ((rc = parse_row(c, e)) == ROW_MORE)
		if ((rc = refill(c, e)) != 0)
			return rc;
	return rc;
}

/* Skips blank lines, including a final newline; false at the end. */
static int skip_blank(struct csv *c, bool *more, struct xerr *e)
{
	for (;;) {
		while (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
			if (*c->p == '\n')
				c->line++;
			c->p++;
		}
		if (c->p < c->end || c->eof) {
			*more = c->p < c->end;
			return 0;
		}
		int rc = refill(c, e);
		if (rc)
			return rc;
	}
}

static int read_header(struct csv *c, const char *const *required, struct xerr *e)
{
	if (c->end - c->p >= 3 && memcmp(c->p, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3;
	if (c->p >= c->end)
		return xerr_set(e, XERR_INVALID, "file",
		                "%s:1:1: empty file, a header row is needed", c->name);
	int rc = next_row(c, e);
	if (rc)
		return rc;
	buf_add(&c->header_store, c->store.data, c->store.len);
	c->ncols = c->nfields;
	for (size_t i = 0; i < c->ncols; i++)
		c->header[i] = c->header_store.data + c->offsets[i];
	for (; required && *required; required++)
		if (csv_col(c, *required) < 0)
			return xerr_set(e, XERR_INVALID, *required, "%s:1:1: missing column \"%s\"",
			                c->name, *required);
	return 0;
}

static void init(struct csv *c, const char *name, char sep)
{
	memset(c, 0, sizeof *c);
	c->name = name;
	c->sep = sep;
	c->line = 1;
	buf_init(&c->store);
	buf_init(&c->header_store);
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
	init(c, name, sep);
	c->p = c->base = data;
	c->end = data + len;
	c->eof = true;
	int rc = check_text(c, data, data + len, 1, e);
	return rc ? rc : read_header(c, required, e);
}

int csv_open_stream(struct csv *c, const char *name, csv_read_fn read, void *ctx,
                    const char *const *required, struct xerr *e)
{
	init(c, name, ',');
	c->read = read;
	c->read_ctx = ctx;
	if (!(c->win = malloc(CSV_WINDOW)))
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	c->p = c->end = c->base = c->win;
	int rc = refill(c, e);
	return rc ? rc : read_header(c, required, e);
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
	free(c->win);
	c->win = NULL;
}

int csv_next(struct csv *c, struct xerr *e)
{
	bool more;
	int rc = skip_blank(c, &more, e);
	if (rc || !more)
		return rc;
	if ((rc = next_row(c, e)) != 0)
		return rc;
	if (c->nfields != c->ncols)
		return xerr_set(e, XERR_INVALID, "file", "%s:%d:%d: %zu fields, the header has %zu",
		                c->name, c->row_line,
		                c->field_col[c->nfields < c->ncols ? c->nfields - 1 : c->ncols],
		                c->nfields, c->ncols);
	return 1;
}

uint64_t csv_offset(const struct csv *c)
{
	return c->before + (uint64_t)(c->p - c->base);
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
	return xerr_set(e, XERR_INVALID, "file", "%s:%d:%d: %s", c->name, c->row_line, col, msg);
}

int csv_take(struct csv *c, int col, char *dst, size_t cap, bool required, struct xerr *e)
{
	const char *v = csv_field(c, col);
	if (required && !*v)
		return csv_error(c, col, e, "\"%s\" is empty", c->header[col]);
	size_t n = strlen(v);
	if (n >= cap)
		return csv_error(c, col, e, "\"%s\" is too long (at most %zu bytes)",
		                 c->header[col], cap - 1);
	memcpy(dst, v, n + 1);
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
