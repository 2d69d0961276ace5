/* Tests for src/web/qr.c: the SVG is well formed, escapes its title and
 * encodes the text (checked by decoding with zbarimg when installed is
 * left to the browser test; here the module grid is compared with
 * libqrencode's own). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <qrencode.h>

#include "web/qr.h"

static void test_svg_shape(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	struct xerr e = {0};
	const char *url = "http://127.0.0.1:8080/track/24121-261124-0001";
	assert_int_equal(qr_svg(&b, url, 160, "Tra cứu <hồ sơ>", &e), 0);
	assert_non_null(strstr(b.data, "<svg "));
	assert_non_null(strstr(b.data, "width=\"160\""));
	assert_non_null(strstr(b.data, "<title>Tra cứu &lt;hồ sơ&gt;</title>"));
	assert_non_null(strstr(b.data, "</svg>"));
	/* The grid size in the viewBox is the QR version's width plus the
	 * quiet zone on both sides. */
	QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	char vb[64];
	snprintf(vb, sizeof vb, "viewBox=\"0 0 %d %d\"", q->width + 8, q->width + 8);
	assert_non_null(strstr(b.data, vb));
	/* Count dark modules drawn: each "hN" adds N. */
	long drawn = 0, dark = 0;
	for (const char *p = strstr(b.data, " d=\""); (p = strchr(p + 1, 'h'));)
		if (p[1] != '-')
			drawn += strtol(p + 1, NULL, 10);
	for (int i = 0; i < q->width * q->width; i++)
		dark += q->data[i] & 1;
	assert_int_equal(drawn, dark);
	QRcode_free(q);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_svg_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
