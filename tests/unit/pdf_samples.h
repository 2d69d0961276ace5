/*
 * pdf_samples.h: result PDFs made on the spot, so the signing tests and
 * the benchmark need no fixture files. sample_pdf_make() writes a PDF 1.4
 * with a classic cross-reference table: a page tree of `pages` pages of
 * text, an image of `pad` bytes on the first page (to reach a given size),
 * optionally a form (an AcroForm with a text field, and a link annotation
 * beside it on the first page), and optionally an earlier incremental
 * update (a new document information dictionary). The other layouts real
 * files come in (cross-reference and object streams, linearized files) are
 * made from these by qpdf in the tests.
 */
#ifndef XASO_TESTS_PDF_SAMPLES_H
#define XASO_TESTS_PDF_SAMPLES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

struct sample_pdf {
	int pages;  /* at least 1 */
	size_t pad; /* bytes of image data on page 1, 0 for none */
	bool form;
	bool update;
};

enum { SAMPLE_MAX_OBJ = 256 };

struct sample_writer {
	struct buf b;
	size_t off[SAMPLE_MAX_OBJ];
	int n;
};

static inline void sample_obj(struct sample_writer *w, int id, const char *body)
{
	w->off[id] = w->b.len;
	if (id >= w->n)
		w->n = id + 1;
	buf_printf(&w->b, "%d 0 obj\n%s\nendobj\n", id, body);
}

static inline void sample_stream(struct sample_writer *w, int id, const char *dict,
                                 const void *data, size_t len)
{
	w->off[id] = w->b.len;
	if (id >= w->n)
		w->n = id + 1;
	buf_printf(&w->b, "%d 0 obj\n<< %s /Length %zu >>\nstream\n", id, dict, len);
	buf_add(&w->b, data, len);
	buf_puts(&w->b, "\nendstream\nendobj\n");
}

enum { SAMPLE_FIRST_PAGE = 9 };

/* The image (5) and the form (6 AcroForm, 7 text field, 8 link). */
static inline void sample_extras(struct sample_writer *w, const struct sample_pdf *o)
{
	char body[256];
	if (o->pad) {
		unsigned char *img = malloc(o->pad);
		uint64_t x = 0x9E3779B97F4A7C15ull;
		for (size_t i = 0; i < o->pad; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			img[i] = (unsigned char)x;
		}
		snprintf(
		    body, sizeof body,
		    "/Type /XObject /Subtype /Image /Width %zu /Height 1 /ColorSpace /DeviceGray "
		    "/BitsPerComponent 8",
		    o->pad);
		sample_stream(w, 5, body, img, o->pad);
		free(img);
	}
	if (!o->form)
		return;
	sample_obj(w, 6, "<< /Fields [ 7 0 R ] /DA (/Helv 0 Tf 0 g) >>");
	snprintf(body, sizeof body,
	         "<< /Type /Annot /Subtype /Widget /FT /Tx /T (applicant) /V (Nguyen Van A) "
	         "/Rect [ 72 500 300 520 ] /P %d 0 R >>",
	         SAMPLE_FIRST_PAGE);
	sample_obj(w, 7, body);
	sample_obj(w, 8,
	           "<< /Type /Annot /Subtype /Link /Rect [ 72 480 300 495 ] /Border [ 0 0 0 ] "
	           "/A << /S /URI /URI (https://dichvucong.gov.vn/) >> >>");
}

/* Each page (9, 11, ...) and its content stream (10, 12, ...). */
static inline void sample_pages(struct sample_writer *w, const struct sample_pdf *o, int np)
{
	for (int i = 0; i < np; i++) {
		char content[256], body[512];
		int n = snprintf(
		    content, sizeof content,
		    "BT /F1 18 Tf 72 760 Td (UBND xa Binh Lu - ket qua, trang %d/%d) Tj ET%s",
		    i + 1, np, i == 0 && o->pad ? " q 200 0 0 20 72 600 cm /Im0 Do Q" : "");
		snprintf(body, sizeof body,
		         "<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 595 842 ] /Contents %d 0 R "
		         "/Resources << /Font << /F1 3 0 R >>%s >>%s >>",
		         SAMPLE_FIRST_PAGE + 2 * i + 1,
		         i == 0 && o->pad ? " /XObject << /Im0 5 0 R >>" : "",
		         i == 0 && o->form ? " /Annots [ 7 0 R 8 0 R ]" : "");
		sample_obj(w, SAMPLE_FIRST_PAGE + 2 * i, body);
		sample_stream(w, SAMPLE_FIRST_PAGE + 2 * i + 1, "", content, (size_t)n);
	}
}

/* The cross-reference table and trailer; then the earlier update. */
static inline void sample_xref(struct sample_writer *w, const struct sample_pdf *o)
{
	size_t xref = w->b.len;
	buf_printf(&w->b, "xref\n0 %d\n0000000000 65535 f\r\n", w->n);
	for (int i = 1; i < w->n; i++)
		if (w->off[i])
			buf_printf(&w->b, "%010zu 00000 n\r\n", w->off[i]);
		else
			buf_puts(&w->b, "0000000000 65535 f\r\n");
	buf_printf(&w->b,
	           "trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R /ID [ <78617a6f> <78617a6f> ] >>\n"
	           "startxref\n%zu\n%%%%EOF\n",
	           w->n, xref);
	if (!o->update)
		return;
	size_t info = w->b.len;
	buf_puts(&w->b, "4 0 obj\n<< /Title (Ket qua - ban sua) /Producer (xaso) >>\nendobj\n");
	size_t x2 = w->b.len;
	buf_printf(&w->b,
	           "xref\n4 1\n%010zu 00000 n\r\ntrailer\n<< /Size %d /Root 1 0 R /Info 4 0 R "
	           "/ID [ <78617a6f> <78617a6f> ] /Prev %zu >>\nstartxref\n%zu\n%%%%EOF\n",
	           info, w->n, xref, x2);
}

/* Objects: 1 catalog, 2 pages, 3 font, 4 info, 5 image, 6 AcroForm,
 * 7 text field, 8 link, then a page and its content for each page. */
static inline unsigned char *sample_pdf_make(const struct sample_pdf *o, size_t *len)
{
	struct sample_writer w;
	memset(&w, 0, sizeof w);
	buf_init(&w.b);
	buf_puts(&w.b, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	int np = o->pages < 1 ? 1 : o->pages;
	char body[64];
	snprintf(body, sizeof body, "<< /Type /Catalog /Pages 2 0 R%s >>",
	         o->form ? " /AcroForm 6 0 R" : "");
	sample_obj(&w, 1, body);
	struct buf pages;
	buf_init(&pages);
	buf_puts(&pages, "<< /Type /Pages /Kids [ ");
	for (int i = 0; i < np; i++)
		buf_printf(&pages, "%d 0 R ", SAMPLE_FIRST_PAGE + 2 * i);
	buf_printf(&pages, "] /Count %d >>", np);
	sample_obj(&w, 2, pages.data);
	buf_free(&pages);
	sample_obj(&w, 3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
	sample_obj(&w, 4, "<< /Title (Ket qua giai quyet thu tuc hanh chinh) /Producer (xaso) >>");
	sample_extras(&w, o);
	sample_pages(&w, o, np);
	sample_xref(&w, o);
	return (unsigned char *)buf_take(&w.b, len);
}

#endif
