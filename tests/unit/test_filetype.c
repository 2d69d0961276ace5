/* Tests for src/core/filetype.c: documents are judged by their bytes,
 * truncated and foreign files are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/filetype.h"
#include "samples.h"

static enum filetype sniff(const void *d, size_t n)
{
	enum filetype t;
	struct xerr e = {0};
	if (filetype_sniff(d, n, "file", &t, &e) != 0) {
		assert_int_equal(e.code, XERR_INVALID);
		assert_string_equal(e.field, "file");
		assert_int_equal(t, FILETYPE_NONE);
	}
	return t;
}

static void test_accepted_types(void **state)
{
	(void)state;
	assert_int_equal(sniff(sample_png, sizeof sample_png), FILETYPE_PNG);
	assert_int_equal(sniff(sample_jpeg, sizeof sample_jpeg), FILETYPE_JPEG);
	assert_int_equal(sniff(sample_pdf, strlen(sample_pdf)), FILETYPE_PDF);
	assert_string_equal(filetype_mime(FILETYPE_PDF), "application/pdf");
	assert_string_equal(filetype_mime(FILETYPE_JPEG), "image/jpeg");
	assert_string_equal(filetype_mime(FILETYPE_PNG), "image/png");
	assert_null(filetype_mime(FILETYPE_NONE));
	assert_string_equal(filetype_ext(FILETYPE_JPEG), "jpg");
	assert_int_equal(filetype_from_mime("image/png"), FILETYPE_PNG);
	assert_int_equal(filetype_from_mime("text/plain"), FILETYPE_NONE);
}

/* The API takes no file name at all: a PNG sent as "giay-to.pdf" is
 * judged by its bytes. */
static void test_png_named_pdf_is_png(void **state)
{
	(void)state;
	assert_int_equal(sniff(sample_png, sizeof sample_png), FILETYPE_PNG);
}

static void test_text_refused(void **state)
{
	(void)state;
	const char *txt = "Kính gửi UBND xã: đây là tệp văn bản, không phải PDF.\n%%EOF\n";
	enum filetype t;
	struct xerr e = {0};
	assert_int_equal(filetype_sniff(txt, strlen(txt), "attachment", &t, &e), XERR_INVALID);
	assert_string_equal(e.field, "attachment");
	assert_non_null(strstr(e.msg, "PDF, JPEG or PNG"));
	assert_int_equal(sniff("", 0), FILETYPE_NONE);
	assert_int_equal(sniff(NULL, 0), FILETYPE_NONE);
	/* An HTML page that starts like a PDF is still refused without a trailer. */
	const char *html = "%PDF-1.7<html><script>alert(1)</script></html>";
	assert_int_equal(sniff(html, strlen(html)), FILETYPE_NONE);
}

/* Every proper prefix of each sample is refused. */
static void test_truncated(void **state)
{
	(void)state;
	for (size_t n = 0; n < sizeof sample_png; n++)
		assert_int_equal(sniff(sample_png, n), FILETYPE_NONE);
	for (size_t n = 0; n < sizeof sample_jpeg; n++)
		assert_int_equal(sniff(sample_jpeg, n), FILETYPE_NONE);
	size_t pl = strlen(sample_pdf);
	for (size_t n = 0; n + 2 < pl; n++) /* "%%EOF" needs all 5 bytes */
		assert_int_equal(sniff(sample_pdf, n), FILETYPE_NONE);
}

static void test_damaged_headers(void **state)
{
	(void)state;
	unsigned char p[sizeof sample_png];
	memcpy(p, sample_png, sizeof p);
	p[20] ^= 1; /* IHDR width: CRC no longer matches */
	assert_int_equal(sniff(p, sizeof p), FILETYPE_NONE);
	memcpy(p, sample_png, sizeof p);
	p[24] = 3; /* bit depth 3 does not exist */
	assert_int_equal(sniff(p, sizeof p), FILETYPE_NONE);

	unsigned char j[sizeof sample_jpeg];
	memcpy(j, sample_jpeg, sizeof j);
	j[5] = 0xff; /* APP0 length runs past the end */
	assert_int_equal(sniff(j, sizeof j), FILETYPE_NONE);
	memcpy(j, sample_jpeg, sizeof j);
	j[3] = 0xd9; /* EOI right after SOI */
	assert_int_equal(sniff(j, sizeof j), FILETYPE_NONE);
	static const unsigned char soi_only[] = {0xff, 0xd8, 0xff, 0xe0};
	assert_int_equal(sniff(soi_only, sizeof soi_only), FILETYPE_NONE);

	char pdf[sizeof sample_pdf];
	memcpy(pdf, sample_pdf, sizeof pdf);
	pdf[5] = 'x';
	assert_int_equal(sniff(pdf, strlen(pdf)), FILETYPE_NONE);
}

/* %%EOF must be near the end: a PDF followed by a large appended payload
 * is refused. */
static void test_pdf_trailer_window(void **state)
{
	(void)state;
	size_t pl = strlen(sample_pdf), n = pl + 4096;
	char *d = malloc(n);
	memcpy(d, sample_pdf, pl);
	memset(d + pl, ' ', n - pl);
	assert_int_equal(sniff(d, n), FILETYPE_NONE);
	assert_int_equal(sniff(d, pl + 1000), FILETYPE_PDF);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_accepted_types),  cmocka_unit_test(test_png_named_pdf_is_png),
	    cmocka_unit_test(test_text_refused),    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_damaged_headers), cmocka_unit_test(test_pdf_trailer_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
