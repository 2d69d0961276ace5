/* text.c: diacritic-insensitive folding on top of utf8proc. */
#include "core/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The length of the well-formed sequence at u[0..n) (Unicode 15, table
 * 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_seq(const unsigned char *u, size_t n)
{
	unsigned char c = u[0];
	size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	if (c < 0xC2 || c > 0xF4 || n < k)
		return 0;
	/* The second byte's range depends on the first; the others are
	 * 80..BF. */
	unsigned char lo = 0x80, hi = 0xBF;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (u[1] < lo || u[1] > hi)
		return 0;
	for (size_t i = 2; i < k; i++)
		if ((u[i] & 0xC0) != 0x80)
			return 0;
	return k;
}

bool text_valid_utf8(const char *s, size_t n, size_t *bad_at)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* ASCII needs no decoding (most of an import's bytes): eight at a
		 * time while no byte has its top bit. */
		if (u[i] < 0x80) {
			uint64_t w;
			while (i + 8 <= n && (memcpy(&w, u + i, 8), (w & 0x8080808080808080u) == 0))
				i += 8;
			while (i < n && u[i] < 0x80)
				i++;
			continue;
		}
		size_t k = utf8_seq(u + i, n - i);
		if (!k) {
			if (bad_at)
				*bad_at = i;
			return false;
		}
		i += k;
	}
	return true;
}

/* Decomposes s, drops the combining marks and maps đ/Đ (which has no
 * decomposition) to d/D; then case-folds when asked. Runs of white space
 * become one space, leading and trailing white space goes. */
static int strip_marks(const char *s, struct buf *out, bool casefold)
{
	enum { MARKS = UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK };
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n =
	    utf8proc_map((const utf8proc_uint8_t *)s, 0, &mapped, UTF8PROC_NULLTERM | MARKS);
	if (n < 0)
		return -1;
	if (casefold) {
		/* A second pass: folded in the same pass, a mark with a case
		 * folding is folded before it can be dropped (U+0345, the Greek
		 * iota subscript of "ᾳ", would become "ι"), and the folded form
		 * of a text would differ from that of its unaccented form. */
		utf8proc_uint8_t *folded = NULL;
		utf8proc_ssize_t m = utf8proc_map(mapped, n, &folded, MARKS | UTF8PROC_CASEFOLD);
		free(mapped);
		if (m < 0)
			return -1;
		mapped = folded;
		n = m;
	}
	bool space = true; /* drops leading white space */
	for (utf8proc_ssize_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(mapped + i, n - i, &cp);
		if (k <= 0)
			break;
		if (cp == 0x0111 || cp == 0x0110) { /* đ, Đ */
			buf_putc(out, cp == 0x0110 && !casefold ? 'D' : 'd');
			space = false;
		} else if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
			if (!space)
				buf_putc(out, ' ');
			space = true;
		} else {
			buf_add(out, mapped + i, (size_t)k);
			space = false;
		}
		i += k;
	}
	if (out->len && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
	if (!out->data)
		buf_add(out, "", 0);
	free(mapped);
	return 0;
}

int text_fold(const char *s, struct buf *out)
{
	return strip_marks(s, out, true);
}

int text_unaccent(const char *s, struct buf *out)
{
	return strip_marks(s, out, false);
}

char *text_fold_dup(const char *s)
{
	struct buf b;
	buf_init(&b);
	if (text_fold(s, &b) != 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b, NULL);
}

size_t text_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

bool text_digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

char *text_nfc_dup(const char *s)
{
	if (!text_valid_utf8(s, strlen(s), NULL))
		return NULL;
	return (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
}

uint64_t text_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}
