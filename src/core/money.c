/* money.c: đồng in words, in figures, and read from text. */
#include "core/money.h"

#include <stdbool.h>
#include <string.h>

static const char *const digit_word[10] = {"không", "một", "hai", "ba",  "bốn",
                                           "năm",   "sáu", "bảy", "tám", "chín"};

static void word(struct buf *b, const char *w)
{
	if (b->len)
		buf_putc(b, ' ');
	buf_puts(b, w);
}

/* The units digit after "mười" (10-19) or "mươi" (20-99): 5 is "lăm"
 * after both, 1 is "mốt" and 4 is "tư" after "mươi" only (mười một, mười
 * bốn; hai mươi mốt, hai mươi tư). */
static const char *units_after_tens(int tens, int u)
{
	if (u == 5)
		return "lăm";
	if (tens >= 2 && u == 1)
		return "mốt";
	if (tens >= 2 && u == 4)
		return "tư";
	return digit_word[u];
}

/* One group of three digits, n in 1..999. A group after the leading one
 * is read in full, its zero hundreds included ("không trăm linh năm"). */
static void group_words(struct buf *b, int n, bool full, unsigned style)
{
	int h = n / 100, t = n / 10 % 10, u = n % 10;
	if (h || full) {
		word(b, digit_word[h]);
		word(b, "trăm");
	}
	if (t == 0) {
		if (u && (h || full))
			word(b, style & MONEY_LE ? "lẻ" : "linh");
		if (u)
			word(b, digit_word[u]);
		return;
	}
	if (t == 1) {
		word(b, "mười");
	} else {
		word(b, digit_word[t]);
		word(b, "mươi");
	}
	if (u)
		word(b, units_after_tens(t, u));
}

int money_words(int64_t vnd, unsigned style, struct buf *out, struct xerr *e)
{
	if (vnd < 0 || vnd > MONEY_WORDS_MAX)
		return xerr_set(e, XERR_INVALID, "amount",
		                "an amount in words is 0 to 999.999.999.999 đồng");
	static const int64_t scale[] = {INT64_C(1000000000), 1000000, 1000, 1};
	const char *scale_word[] = {style & MONEY_TI ? "tỉ" : "tỷ", "triệu", "nghìn", NULL};
	struct buf b;
	buf_init(&b);
	if (vnd == 0)
		word(&b, digit_word[0]);
	bool leading = true;
	for (int i = 0; i < 4; i++) {
		int g = (int)(vnd / scale[i] % 1000);
		if (g == 0)
			continue; /* a group of zeros is not read: một triệu không trăm linh một */
		group_words(&b, g, !leading, style);
		if (scale_word[i])
			word(&b, scale_word[i]);
		leading = false;
	}
	word(&b, "đồng");
	/* Every first word (không, một ... chín, mười) begins with an ASCII letter. */
	b.data[0] = (char)(b.data[0] - 'a' + 'A');
	buf_add(out, b.data, b.len);
	buf_free(&b);
	return 0;
}

void money_figures(int64_t vnd, struct buf *out)
{
	char digits[24];
	int n = 0;
	uint64_t v = vnd < 0 ? (uint64_t)0 - (uint64_t)vnd : (uint64_t)vnd;
	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (vnd < 0)
		buf_putc(out, '-');
	for (int i = n - 1; i >= 0; i--) {
		buf_putc(out, digits[i]);
		if (i && i % 3 == 0)
			buf_putc(out, '.');
	}
}

/* ---- reading ---- */

/* Length of the white space at p: ASCII blanks, no-break spaces. */
static size_t blank_at(const char *p, const char *end)
{
	if (p < end && (*p == ' ' || *p == '\t'))
		return 1;
	if (end - p >= 2 && !memcmp(p, "\xC2\xA0", 2)) /* U+00A0 */
		return 2;
	if (end - p >= 3 && !memcmp(p, "\xE2\x80\xAF", 3)) /* U+202F */
		return 3;
	return 0;
}

static void trim(const char **p, const char **end)
{
	size_t k;
	while ((k = blank_at(*p, *end)) > 0)
		*p += k;
	for (bool more = true; more && *end > *p;) {
		more = false;
		for (size_t w = 1; w <= 3 && (size_t)(*end - *p) >= w; w++)
			if (blank_at(*end - w, *end) == w) {
				*end -= w;
				more = true;
				break;
			}
	}
}

/* Removes a currency word at the start or the end of [p, end). */
static void strip_currency(const char **p, const char **end)
{
	static const char *const names[] = {"VND", "vnd",  "Vnd", "VNĐ", "vnđ",
	                                    "VNđ", "đồng", "đ",   "₫",   NULL};
	for (int i = 0; names[i]; i++) {
		size_t n = strlen(names[i]);
		if ((size_t)(*end - *p) > n && !memcmp(*p, names[i], n)) {
			*p += n;
			break;
		}
		if ((size_t)(*end - *p) > n && !memcmp(*end - n, names[i], n)) {
			*end -= n;
			break;
		}
	}
	trim(p, end);
}

/* Checks the grouping of the integer digits s[0..n): groups of three
 * after the first when a grouping separator g is present. Writes the digits
 * to dst and their count to *nd. */
static bool group_digits(const char *s, size_t n, char g, char *dst, size_t *nd)
{
	size_t run = 0, groups = 0;
	*nd = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == g) {
			if (run == 0 || (groups == 0 && g && run > 3) || (groups > 0 && run != 3))
				return false;
			groups++;
			run = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || *nd >= 20)
			return false;
		dst[(*nd)++] = s[i];
		run++;
	}
	return true;
}

/* The number of an amount: digits and separators, blanks made spaces. */
struct number {
	char c[64];
	size_t n, ndot, ncomma, nspace, last_dot, last_comma;
};

static bool read_number(const char *p, const char *end, struct number *m)
{
	memset(m, 0, sizeof *m);
	while (p < end) {
		size_t k = blank_at(p, end);
		char c = k ? ' ' : *p;
		if (m->n == sizeof m->c - 1 ||
		    !((c >= '0' && c <= '9') || c == '.' || c == ',' || c == ' '))
			return false;
		m->ndot += c == '.', m->ncomma += c == ',', m->nspace += c == ' ';
		if (c == '.')
			m->last_dot = m->n;
		if (c == ',')
			m->last_comma = m->n;
		m->c[m->n++] = c;
		p += k ? k : 1;
	}
	return m->n && m->c[0] >= '0' && m->c[0] <= '9' && m->c[m->n - 1] >= '0' &&
	       m->c[m->n - 1] <= '9';
}

/* Which separator is decimal (at *dec_at; n when none) and which groups
 * (*grp; 0 when none). False when they are mixed. */
static bool separators(const struct number *m, char *grp, size_t *dec_at)
{
	*grp = 0;
	*dec_at = m->n;
	if (m->ndot && m->ncomma) {
		bool dot = m->last_dot > m->last_comma;
		*dec_at = dot ? m->last_dot : m->last_comma;
		*grp = dot ? ',' : '.';
		return (dot ? m->ndot : m->ncomma) == 1 && !m->nspace;
	}
	if (m->ndot + m->ncomma) {
		size_t at = m->ndot ? m->last_dot : m->last_comma;
		if (m->ndot + m->ncomma == 1 && m->n - at - 1 != 3) {
			*dec_at = at;
			*grp = m->nspace ? ' ' : 0;
			return true;
		}
		*grp = m->ndot ? '.' : ',';
		return !m->nspace;
	}
	*grp = m->nspace ? ' ' : 0;
	return true;
}

int money_parse(const char *s, const char *field, int64_t *vnd, struct xerr *e)
{
	const char *p = s, *end = s + strlen(s);
	bool neg = false;
	trim(&p, &end);
	if (end - p >= 2 && *p == '(' && end[-1] == ')') {
		neg = true;
		p++, end--;
		trim(&p, &end);
	}
	strip_currency(&p, &end);
	if (p < end && (*p == '-' || *p == '+')) {
		neg = neg || *p == '-';
		p++;
		trim(&p, &end);
	}
	strip_currency(&p, &end);
	struct number m;
	char grp, digits[24];
	size_t dec_at, nd;
	if (!read_number(p, end, &m))
		return xerr_set(e, XERR_INVALID, field, "\"%.40s\" is not an amount of đồng", s);
	if (!separators(&m, &grp, &dec_at))
		return xerr_set(e, XERR_INVALID, field, "\"%.40s\" mixes separators", s);
	if (!group_digits(m.c, dec_at, grp, digits, &nd))
		return xerr_set(e, XERR_INVALID, field,
		                "\"%.40s\": digits must be grouped by three (120.000)", s);
	for (size_t i = dec_at + 1; i < m.n; i++)
		if (m.c[i] != '0')
			return xerr_set(
			    e, XERR_INVALID, field,
			    "\"%.40s\" has a fraction of a đồng, which has no smaller unit", s);
	int64_t v = 0;
	for (size_t i = 0; i < nd; i++) {
		v = v * 10 + (digits[i] - '0');
		if (v > MONEY_PARSE_MAX)
			return xerr_set(e, XERR_INVALID, field, "\"%.40s\" is too large an amount",
			                s);
	}
	*vnd = neg ? -v : v;
	return 0;
}
