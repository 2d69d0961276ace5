/* qr.c: QR code to SVG, one path of unit squares (small and crisp). */
#include "web/qr.h"

#include <qrencode.h>
#include <string.h>

int qr_svg(struct buf *out, const char *text, int size_px, const char *title, struct xerr *e)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return xerr_set(e, XERR_INVALID, "text", "cannot make a QR code of this text");
	int quiet = 4, n = q->width + 2 * quiet;
	buf_printf(out,
	           "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%d\" "
	           "height=\"%d\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">",
	           size_px, size_px, n, n);
	if (title) {
		buf_puts(out, "<title>");
		buf_html(out, title);
		buf_puts(out, "</title>");
	}
	buf_printf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
	           n, n);
	for (int y = 0; y < q->width; y++) {
		for (int x = 0; x < q->width; x++) {
			/* Runs of dark modules on a row become one rectangle. */
			if (!(q->data[y * q->width + x] & 1))
				continue;
			int run = 1;
			while (x + run < q->width && (q->data[y * q->width + x + run] & 1))
				run++;
			buf_printf(out, "M%d %dh%dv1h-%dz", x + quiet, y + quiet, run, run);
			x += run - 1;
		}
	}
	buf_puts(out, "\"/></svg>");
	QRcode_free(q);
	return 0;
}
