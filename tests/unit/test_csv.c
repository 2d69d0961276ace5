/* Tests for src/core/csv.c: RFC 4180 reading with line and column errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/csv.h"

static int open_str(struct csv *c, const char *s, const char *const *req, struct xerr *e)
{
	return csv_open(c, "t.csv", s, strlen(s), req, e);
}

static void test_quoted_fields(void **state)
{
	(void)state;
	struct csv c;
	struct xerr e = {0};
	const char *req[] = {"a", "b", NULL};
	assert_int_equal(open_str(&c,
	                          "\xEF\xBB\xBF"
	                          "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n"
	                          "\"two\nlines\",z\n\n",
	                          req, &e),
	                 0);
	assert_int_equal(csv_next(&c, &e), 1);
	assert_string_equal(csv_field(&c, 0), "x, y");
	assert_string_equal(csv_field(&c, 1), "say \"hi\"");
	assert_int_equal(csv_next(&c, &e), 1);
	assert_string_equal(csv_field(&c, 0), "two\nlines");
	assert_int_equal(c.row_line, 3);
	assert_int_equal(csv_next(&c, &e), 0);
	assert_int_equal(csv_col(&c, "b"), 1);
	assert_int_equal(csv_col(&c, "zz"), -1);
	csv_close(&c);
}

static void test_errors_name_line_and_column(void **state)
{
	(void)state;
	struct csv c;
	struct xerr e = {0};
	const char *req[] = {"code", "name", NULL};
	/* Missing column. */
	assert_int_equal(open_str(&c, "code,nam\n1,2\n", req, &e), XERR_INVALID);
	assert_string_equal(e.msg, "t.csv:1:1: missing column \"name\"");
	csv_close(&c);
	/* Wrong field count on line 3. */
	assert_int_equal(open_str(&c, "code,name\n1,a\n2\n", req, &e), 0);
	assert_int_equal(csv_next(&c, &e), 1);
	assert_int_equal(csv_next(&c, &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "t.csv:3:"));
	csv_close(&c);
	/* Bad UTF-8: line 2, column 4 (counted in characters). */
	assert_int_equal(open_str(&c, "code,name\nĐa\xff,x\n", req, &e), XERR_INVALID);
	assert_string_equal(e.msg, "t.csv:2:3: not valid UTF-8");
	csv_close(&c);
	/* Stray quote. */
	assert_int_equal(open_str(&c, "code,name\n1,a\"b\n", req, &e), 0);
	assert_int_equal(csv_next(&c, &e), XERR_INVALID);
	assert_string_equal(e.msg, "t.csv:2:4: quote inside an unquoted field");
	csv_close(&c);
	/* Unterminated quote. */
	assert_int_equal(open_str(&c, "code,name\n1,\"ab\n", req, &e), 0);
	assert_int_equal(csv_next(&c, &e), XERR_INVALID);
	assert_string_equal(e.msg, "t.csv:2:3: unterminated quoted field");
	csv_close(&c);
	/* Empty file. */
	assert_int_equal(open_str(&c, "", req, &e), XERR_INVALID);
	csv_close(&c);
}

static void test_other_separators(void **state)
{
	(void)state;
	struct csv c;
	struct xerr e = {0};
	const char *req[] = {"a", "b", NULL};
	const char *s = "a;b\n\"1;2\";3,5\n";
	assert_int_equal(csv_open_sep(&c, "t.csv", ';', s, strlen(s), req, &e), 0);
	assert_int_equal(csv_next(&c, &e), 1);
	assert_string_equal(csv_field(&c, 0), "1;2");
	assert_string_equal(csv_field(&c, 1), "3,5");
	csv_close(&c);
	s = "a\tb\nx y\t\n";
	assert_int_equal(csv_open_sep(&c, "t.csv", '\t', s, strlen(s), req, &e), 0);
	assert_int_equal(csv_next(&c, &e), 1);
	assert_string_equal(csv_field(&c, 0), "x y");
	assert_string_equal(csv_field(&c, 1), "");
	csv_close(&c);
	/* A comma is plain text there. */
	assert_int_equal(csv_open_sep(&c, "t.csv", ';', "a,b\n1,2\n", 8, req, &e), XERR_INVALID);
	csv_close(&c);
}

static void test_csv_error_points_at_field(void **state)
{
	(void)state;
	struct csv c;
	struct xerr e = {0};
	assert_int_equal(open_str(&c, "code,name\n12,Thôn Một\n", NULL, &e), 0);
	assert_int_equal(csv_next(&c, &e), 1);
	csv_error(&c, 1, &e, "bad name");
	assert_string_equal(e.msg, "t.csv:2:4: bad name");
	csv_close(&c);
}

/* Issue 11: a NUL inside a value was kept, and the name cut at it. */
static void test_nul_refused(void **state)
{
	(void)state;
	struct csv c;
	struct xerr e = {0};
	static const char data[] = "code,name\n22015001,Th\xc3\xb4n 1\n22015002,Th\xc3\xb4n\0 2\n";
	assert_int_equal(csv_open(&c, "v.csv", data, sizeof data - 1, NULL, &e), XERR_INVALID);
	assert_string_equal(e.msg, "v.csv:3:14: a NUL character (byte 0)");
	csv_close(&c);
	/* Bad UTF-8 before the NUL is reported first, and the other way round. */
	static const char both[] = "a\n\xff\0\n";
	assert_int_equal(csv_open(&c, "b.csv", both, sizeof both - 1, NULL, &e), XERR_INVALID);
	assert_string_equal(e.msg, "b.csv:2:1: not valid UTF-8");
	csv_close(&c);
	static const char nul_first[] = "a\n\0\xff\n";
	assert_int_equal(csv_open(&c, "n.csv", nul_first, sizeof nul_first - 1, NULL, &e),
	                 XERR_INVALID);
	assert_string_equal(e.msg, "n.csv:2:1: a NUL character (byte 0)");
	csv_close(&c);
}

static void put(const char *v, const char *want)
{
	struct buf b;
	buf_init(&b);
	csv_put_text(&b, v);
	assert_string_equal(b.data ? b.data : "", want);
	buf_free(&b);
}

/* Exports: what a spreadsheet would run is written as text. */
static void test_put_text_neutralises_formulas(void **state)
{
	(void)state;
	put("Nguyễn Văn An", "Nguyễn Văn An");
	put("", "");
	put("a,b", "\"a,b\"");
	put("say \"hi\"", "\"say \"\"hi\"\"\"");
	put("two\nlines", "\"two\nlines\"");
	put("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	put("+84912345678", "\"'+84912345678\"");
	put("-1+2", "\"'-1+2\"");
	put("@SUM(A1)", "\"'@SUM(A1)\"");
	put("\tcmd", "\"'\tcmd\"");
	put("\rcmd", "\"'\rcmd\"");
	put("1=1", "1=1");
	assert_true(csv_formula_like("=1"));
	assert_false(csv_formula_like("x=1"));
	assert_false(csv_formula_like(NULL));
}

/* Found by fuzz/fuzz_procedure.c: a header without a required column (or
 * a header row that does not parse) left the header's buffers allocated,
 * and the catalogue readers returned without csv_close(): a leak per
 * refused file. A refused open now leaves nothing to free. */
static void test_refused_open_keeps_nothing(void **state)
{
	(void)state;
	const char *req[] = {"code", "name", NULL};
	const char *bad[] = {"code,label\n1,x\n", "code,\"name\n", "a,\"b\"c\n", "\xff"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct csv c;
		struct xerr e = {0};
		assert_int_equal(open_str(&c, bad[i], req, &e), XERR_INVALID);
		assert_null(c.store.data);
		assert_null(c.header_store.data);
		csv_close(&c); /* still harmless */
	}
}

/* ---- streams ---- */

/* A reader that gives at most `chunk` bytes a call. */
struct chunks {
	const char *data;
	size_t len, at, chunk;
};

static long chunk_read(void *ctx, char *dst, size_t cap)
{
	struct chunks *c = ctx;
	size_t n = c->len - c->at;
	if (n > c->chunk)
		n = c->chunk;
	if (n > cap)
		n = cap;
	memcpy(dst, c->data + c->at, n);
	c->at += n;
	return (long)n;
}

/* Every row, its fields, lines and columns, as "line:col=field|...". */
static void rows_of(struct csv *c, struct buf *out)
{
	struct xerr e = {0};
	int rc;
	while ((rc = csv_next(c, &e)) == 1) {
		buf_printf(out, "%d:", c->row_line);
		for (size_t i = 0; i < c->nfields; i++)
			buf_printf(out, "%d=%s|", c->field_col[i], csv_field(c, (int)i));
		buf_putc(out, '\n');
	}
	if (rc < 0)
		buf_printf(out, "error %s\n", e.msg);
}

static void test_stream_same_as_memory(void **state)
{
	(void)state;
	static const char *const files[] = {
	    "\xEF\xBB\xBF"
	    "a,b,c\r\n1,\"x, \"\"y\"\"\",Đắk Lắk\r\n\n2,\"two\nlines\",z\n3,,\n",
	    "a,b\n\"unterminated,x\n",
	    "a,b\n1,2\n3\n",
	    "a,b\nĐa\xff"
	    ",x\n",
	    "a,b\n1,2\nx,\"\"\"\"\r",
	};
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		struct buf want, got;
		buf_init(&want);
		struct csv c;
		struct xerr e = {0};
		size_t len = strlen(files[f]);
		/* In memory a bad byte is refused when opening; a stream finds it
		 * at its row, with the same line and column. */
		if (csv_open(&c, "t.csv", files[f], len, NULL, &e) == 0)
			rows_of(&c, &want);
		else
			buf_printf(&want, "error %s\n", e.msg);
		csv_close(&c);
		for (size_t chunk = 1; chunk <= len + 1; chunk++) {
			struct chunks src = {files[f], len, 0, chunk};
			buf_init(&got);
			if (csv_open_stream(&c, "t.csv", chunk_read, &src, NULL, &e) == 0)
				rows_of(&c, &got);
			else
				buf_printf(&got, "error %s\n", e.msg);
			assert_int_equal(csv_offset(&c) <= len, 1);
			csv_close(&c);
			if (strcmp(want.data, got.data))
				fail_msg("file %zu, chunks of %zu:\n%s\nvs\n%s", f, chunk,
				         want.data, got.data);
			buf_free(&got);
		}
		buf_free(&want);
	}
}

static void test_stream_limits(void **state)
{
	(void)state;
	/* A row longer than the window is refused; memory stays the window. */
	size_t len = CSV_WINDOW + 100;
	char *big = malloc(len + 1);
	memcpy(big, "a\n", 2);
	memset(big + 2, 'x', len - 2);
	big[len] = 0;
	struct chunks src = {big, len, 0, 65536};
	struct csv c;
	struct xerr e = {0};
	assert_int_equal(csv_open_stream(&c, "big.csv", chunk_read, &src, NULL, &e), 0);
	assert_int_equal(csv_next(&c, &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "big.csv:2:1: a row longer than"));
	csv_close(&c);
	/* A NUL in a stream's row is named with its line and column. */
	const char text[] = "a,b\n1,2\n3,4\0x\n";
	struct chunks nul = {text, sizeof text - 1, 0, 3};
	assert_int_equal(csv_open_stream(&c, "n.csv", chunk_read, &nul, NULL, &e), 0);
	assert_int_equal(csv_next(&c, &e), 1);
	assert_int_equal(csv_next(&c, &e), XERR_INVALID);
	assert_string_equal(e.msg, "n.csv:3:4: a NUL character (byte 0)");
	csv_close(&c);
	/* Progress: the offset reaches the file's size. */
	struct chunks all = {"a\n1\n2\n", 6, 0, 2};
	assert_int_equal(csv_open_stream(&c, "p.csv", chunk_read, &all, NULL, &e), 0);
	while (csv_next(&c, &e) == 1)
		;
	assert_int_equal(csv_offset(&c), 6);
	csv_close(&c);
	free(big);
	/* Export cells: formulas neutralised, quotes doubled. */
	struct buf out;
	buf_init(&out);
	csv_put_text(&out, "=HYPERLINK(\"x\")");
	csv_put_text(&out, "ok");
	assert_string_equal(out.data, "\"'=HYPERLINK(\"\"x\"\")\"ok");
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stream_same_as_memory),
	    cmocka_unit_test(test_stream_limits),
	    cmocka_unit_test(test_quoted_fields),
	    cmocka_unit_test(test_errors_name_line_and_column),
	    cmocka_unit_test(test_other_separators),
	    cmocka_unit_test(test_csv_error_points_at_field),
	    cmocka_unit_test(test_nul_refused),
	    cmocka_unit_test(test_put_text_neutralises_formulas),
	    cmocka_unit_test(test_refused_open_keeps_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
