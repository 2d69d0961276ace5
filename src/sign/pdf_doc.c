/*
 * pdf_doc.c: an open PDF (qpdf over bytes the caller owns) and the small
 * byte-level readers and writers the signing code needs: startxref, the
 * kind of a cross-reference section, PDF dates, text strings, the
 * /Contents gap of a signature. Everything else is parsed by qpdf.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "core/lunar.h"
#include "sign/pdf_int.h"

/* why points into qpdf's memory: used before the handle is closed. */
static int open_fail(struct pdf *d, int code, struct xerr *e, const char *why)
{
	if (code == XERR_INVALID)
		xerr_set(e, code, "file", "not a readable PDF: %.150s", why ? why : "");
	else
		xerr_set(e, code, "file",
		         "the PDF is damaged (repair it first, e.g. qpdf in.pdf out.pdf)");
	pdf_close(d);
	return code;
}

int pdf_open(struct pdf *d, const unsigned char *data, size_t len, bool strict, struct xerr *e)
{
	d->data = data;
	d->len = len;
	d->strict = strict;
	d->q = qpdf_init();
	if (!d->q)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	qpdf_silence_errors(d->q);
	qpdf_set_suppress_warnings(d->q, QPDF_TRUE);
	qpdf_set_attempt_recovery(d->q, strict ? QPDF_FALSE : QPDF_TRUE);
	QPDF_ERROR_CODE rc = qpdf_read_memory(d->q, "pdf", (const char *)data, len, "");
	if (rc & QPDF_ERRORS) {
		qpdf_error err = qpdf_get_error(d->q);
		return open_fail(d, XERR_INVALID, e,
		                 err ? qpdf_get_error_message_detail(d->q, err) : NULL);
	}
	if (strict && (rc & QPDF_WARNINGS))
		return open_fail(d, XERR_UNPROCESSABLE, e, NULL);
	return 0;
}

void pdf_close(struct pdf *d)
{
	if (d->q)
		qpdf_cleanup(&d->q);
	d->q = NULL;
}

bool pdf_failed(struct pdf *d)
{
	bool bad = qpdf_has_error(d->q);
	if (bad)
		(void)qpdf_get_error(d->q);
	while (qpdf_more_warnings(d->q)) {
		(void)qpdf_next_warning(d->q);
		bad |= d->strict;
	}
	return bad;
}

/* The string qpdf returns is valid until its next call: copy it. */
static char *dup_text(const char *s)
{
	return s ? strdup(s) : NULL;
}

char *pdf_unparse(struct pdf *d, qpdf_oh oh)
{
	return dup_text(qpdf_oh_unparse_resolved(d->q, oh));
}

char *pdf_ref_text(struct pdf *d, qpdf_oh oh)
{
	return dup_text(qpdf_oh_unparse(d->q, oh));
}

bool pdf_key_is(struct pdf *d, qpdf_oh oh, const char *key, const char *name)
{
	if (!qpdf_oh_is_dictionary(d->q, oh))
		return false;
	qpdf_oh v = qpdf_oh_get_key(d->q, oh, key);
	return qpdf_oh_is_name_and_equals(d->q, v, name);
}

static bool pdf_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

int64_t pdf_startxref(const unsigned char *p, size_t len)
{
	static const char kw[] = "startxref";
	size_t k = sizeof kw - 1, from = len > 1024 ? len - 1024 : 0;
	if (len < k)
		return -1;
	for (size_t i = len - k + 1; i-- > from;) {
		if (memcmp(p + i, kw, k) != 0)
			continue;
		size_t j = i + k;
		while (j < len && pdf_space(p[j]))
			j++;
		int64_t off = 0;
		size_t digits = 0;
		while (j < len && p[j] >= '0' && p[j] <= '9' && digits < 15) {
			off = off * 10 + (p[j++] - '0');
			digits++;
		}
		if (digits == 0 || (size_t)off >= i)
			return -1;
		return off;
	}
	return -1;
}

bool pdf_xref_is_table(const unsigned char *p, size_t len, size_t off)
{
	while (off < len && pdf_space(p[off]))
		off++;
	return len - off >= 4 && memcmp(p + off, "xref", 4) == 0;
}

/* n digits of s at *i into *v, within [lo, hi]; false when absent. */
static bool date_part(const char *s, size_t n, size_t *i, int width, int lo, int hi, int *v)
{
	if (*i + (size_t)width > n)
		return false;
	int x = 0;
	for (int k = 0; k < width; k++) {
		char c = s[*i + (size_t)k];
		if (c < '0' || c > '9')
			return false;
		x = x * 10 + (c - '0');
	}
	if (x < lo || x > hi)
		return false;
	*i += (size_t)width;
	*v = x;
	return true;
}

int64_t pdf_date_parse(const char *s, size_t n)
{
	size_t i = n >= 2 && s[0] == 'D' && s[1] == ':' ? 2 : 0;
	int year, mon = 1, day = 1, hour = 0, min = 0, sec = 0, oh = 0, om = 0;
	if (!date_part(s, n, &i, 4, 1900, 9999, &year))
		return 0;
	/* Each later part is optional, but only in order (ISO 32000 7.9.4). */
	if (date_part(s, n, &i, 2, 1, 12, &mon) && date_part(s, n, &i, 2, 1, 31, &day) &&
	    date_part(s, n, &i, 2, 0, 23, &hour) && date_part(s, n, &i, 2, 0, 59, &min))
		(void)date_part(s, n, &i, 2, 0, 59, &sec);
	int sign = 0;
	if (i < n && (s[i] == '+' || s[i] == '-')) {
		sign = s[i++] == '+' ? 1 : -1;
		if (!date_part(s, n, &i, 2, 0, 23, &oh))
			return 0;
		if (i < n && s[i] == '\'')
			i++;
		if (date_part(s, n, &i, 2, 0, 59, &om) && i < n && s[i] == '\'')
			i++;
	} else if (i < n && s[i] == 'Z') {
		i++;
		if (i < n && s[i] == '\'') /* "Z00'00'" seen in the wild */
			i = n;
	}
	if (i != n && !(i + 1 == n && s[i] == '\0'))
		return 0;
	int64_t days = (int64_t)lunar_jdn(year, mon, day) - CAL_EPOCH_JDN;
	return days * 86400 + hour * 3600 + min * 60 + sec - sign * (oh * 3600 + om * 60);
}

void pdf_date_format(int64_t t, char out[32])
{
	/* Vietnam's time has been UTC+7 all year since 1975. */
	time_t local = (time_t)(t + 7 * 3600);
	struct tm tm;
	gmtime_r(&local, &tm);
	snprintf(out, 32, "D:%04u%02u%02u%02u%02u%02u+07'00'",
	         (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
	         (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u,
	         (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
}

/* Next code point of valid UTF-8 at *p. */
static unsigned utf8_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	unsigned c = s[0];
	int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
	if (extra)
		c &= 0x3Fu >> extra;
	for (int k = 1; k <= extra; k++)
		c = (c << 6) | (s[k] & 0x3F);
	*p = s + 1 + extra;
	return c;
}

void pdf_text_string(struct buf *b, const char *s)
{
	bool ascii = true;
	for (const char *q = s; *q && ascii; q++)
		ascii = *q >= 0x20 && *q < 0x7f;
	if (ascii) {
		buf_putc(b, '(');
		for (const char *q = s; *q; q++) {
			if (*q == '(' || *q == ')' || *q == '\\')
				buf_putc(b, '\\');
			buf_putc(b, *q);
		}
		buf_putc(b, ')');
		return;
	}
	buf_puts(b, "<FEFF");
	for (const unsigned char *q = (const unsigned char *)s; *q;) {
		unsigned c = utf8_next(&q);
		if (c >= 0x10000) {
			c -= 0x10000;
			buf_printf(b, "%04X%04X", 0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF));
		} else {
			buf_printf(b, "%04X", c);
		}
	}
	buf_putc(b, '>');
}

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t pdf_contents_decode(const unsigned char *p, size_t n, unsigned char *out)
{
	if (n < 4 || p[0] != '<' || p[n - 1] != '>' || (n - 2) % 2)
		return 0;
	size_t m = (n - 2) / 2;
	for (size_t i = 0; i < m; i++) {
		int hi = hex_value(p[1 + 2 * i]), lo = hex_value(p[2 + 2 * i]);
		if (hi < 0 || lo < 0)
			return 0;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	/* A SEQUENCE (CMS ContentInfo); where it ends is the CMS reader's
	 * business: other signers write BER with indefinite lengths. */
	return m >= 2 && out[0] == 0x30 ? m : 0;
}

bool pdf_ends_revision(const unsigned char *p, size_t n)
{
	size_t end = n;
	if (end && p[end - 1] == '\n')
		end--;
	if (end && p[end - 1] == '\r')
		end--;
	return end >= 5 && memcmp(p + end - 5, "%%EOF", 5) == 0;
}
