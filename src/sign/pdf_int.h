/*
 * pdf_int.h: what the PDF files of src/sign/ share: an open document
 * (qpdf reading bytes the caller owns), copies of qpdf's text, and the
 * few byte-level readers written by hand (fuzzed by fuzz/fuzz_pdf.c).
 */
#ifndef XASO_SIGN_PDF_INT_H
#define XASO_SIGN_PDF_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <qpdf/qpdf-c.h>

#include "core/buf.h"
#include "core/xerr.h"

struct pdf {
	qpdf_data q;
	const unsigned char *data; /* not owned; must outlive the pdf */
	size_t len;
	bool strict;
};

/* Opens data[0..len) with qpdf. strict: no reconstruction of a damaged
 * cross-reference table, and any warning is a failure (for signing).
 * XERR_INVALID (field "file") when qpdf cannot read it. */
int pdf_open(struct pdf *d, const unsigned char *data, size_t len, bool strict, struct xerr *e);
void pdf_close(struct pdf *d);

/* True when qpdf met an error or, in strict mode, a warning since the
 * last call (which clears them). */
bool pdf_failed(struct pdf *d);

/* qpdf's text of an object (its content when indirect), malloc'ed; NULL
 * on failure. */
char *pdf_unparse(struct pdf *d, qpdf_oh oh);

/* qpdf's text of an object as it appears inside another one: "N G R" for
 * an indirect object, its content for a direct one. Malloc'ed. */
char *pdf_ref_text(struct pdf *d, qpdf_oh oh);

/* True when oh is a dictionary whose key is the name `name` ("/Sig"). */
bool pdf_key_is(struct pdf *d, qpdf_oh oh, const char *key, const char *name);

/* The offset given after the last "startxref" within the last 1024 bytes,
 * checked to lie inside the file; -1 when there is none. */
int64_t pdf_startxref(const unsigned char *p, size_t len);

/* True when the cross-reference section at off is a classic table
 * ("xref"), false for a stream ("N G obj"). */
bool pdf_xref_is_table(const unsigned char *p, size_t len, size_t off);

/* A PDF date "D:YYYYMMDDHHmmSS+HH'mm'" (later parts optional) as Unix
 * seconds; 0 when malformed. */
int64_t pdf_date_parse(const char *s, size_t n);

/* Writes t as a PDF date in Vietnam's time (UTC+7, no summer time). */
void pdf_date_format(int64_t t, char out[32]);

/* Appends a PDF text string: (literal) for printable ASCII, else
 * <FEFF...> UTF-16BE hex. s must be valid UTF-8. */
void pdf_text_string(struct buf *b, const char *s);

/* The /ByteRange gap p[0..n): '<', hex digits, '>'. Decodes it into
 * out[0..n/2) and returns the number of bytes (a CMS value, then zeros),
 * or 0 when malformed. */
size_t pdf_contents_decode(const unsigned char *p, size_t n, unsigned char *out);

/* True when p[0..n) ends a revision: "%%EOF" then at most an end of line. */
bool pdf_ends_revision(const unsigned char *p, size_t n);

/* 0 when the revision data[0..new_len) only adds signatures to
 * data[0..old_len) (pdf.h says what that allows); 1 when it changes
 * anything else, with the first change in why[cap]. */
int pdf_revision_diff(const unsigned char *data, size_t old_len, size_t new_len, char *why,
                      size_t cap);

#endif
