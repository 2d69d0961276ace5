/* libFuzzer harness for UTF-8 checking and folding (src/core/text.c), the
 * code under every search and every import. Properties checked, beyond
 * not crashing:
 *   - text_valid_utf8 agrees with a plain reading of RFC 3629 (no overlong
 *     forms, no surrogates, nothing above U+10FFFF) on whether the bytes
 *     are UTF-8 and where the first bad sequence starts;
 *   - folding and unaccenting refuse bad UTF-8 and leave the output as it
 *     was; on good UTF-8 they succeed and give UTF-8 without leading,
 *     trailing or doubled spaces, tabs or line breaks;
 *   - folding is idempotent, has no upper-case ASCII, and the folded form
 *     of the unaccented text is the folded text (search finds the same
 *     procedure with or without diacritics);
 *   - text_length counts code points. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

/* Length of the UTF-8 sequence at s[0..n) (RFC 3629 table), 0 if bad. */
static size_t seq_len(const uint8_t *s, size_t n)
{
	uint8_t c = s[0];
	size_t len;
	uint32_t lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
	else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}

/* Whether s[0..n) is UTF-8; *bad the offset of the first bad sequence,
 * *count the code points before it. */
static bool reference_utf8(const uint8_t *s, size_t n, size_t *bad, size_t *count)
{
	*count = 0;
	for (size_t i = 0; i < n; (*count)++) {
		size_t k = seq_len(s + i, n - i);
		if (!k) {
			*bad = i;
			return false;
		}
		i += k;
	}
	return true;
}

/* The text properties every folded or unaccented string has. */
static void clean(const struct buf *b)
{
	check(b->data && strlen(b->data) == b->len && text_valid_utf8(b->data, b->len, NULL));
	check(b->len == 0 || (b->data[0] != ' ' && b->data[b->len - 1] != ' '));
	check(!strstr(b->data, "  ") && !strpbrk(b->data, "\t\r\n"));
}

static void folding(const char *s, bool valid)
{
	struct buf f, u, again;
	buf_init(&f);
	buf_init(&u);
	buf_init(&again);
	int rf = text_fold(s, &f), ru = text_unaccent(s, &u);
	if (!valid) {
		check(rf == -1 && ru == -1 && f.len == 0 && u.len == 0);
		goto done;
	}
	check(rf == 0 && ru == 0);
	clean(&f);
	clean(&u);
	for (size_t i = 0; i < f.len; i++)
		check(f.data[i] < 'A' || f.data[i] > 'Z');
	check(text_fold(f.data, &again) == 0 && !strcmp(again.data, f.data));
	buf_reset(&again);
	check(text_fold(u.data, &again) == 0 && !strcmp(again.data, f.data));
done:
	buf_free(&f);
	buf_free(&u);
	buf_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t bad = 0, want_bad = 0, count;
	bool valid = text_valid_utf8((const char *)data, size, &bad);
	bool want = reference_utf8(data, size, &want_bad, &count);
	check(valid == want && (valid || bad == want_bad));

	/* The C-string functions see the input up to its first NUL. */
	size_t n = strnlen((const char *)data, size);
	char *s = malloc(n + 1);
	if (!s)
		return 0;
	memcpy(s, data, n);
	s[n] = '\0';
	valid = reference_utf8((const uint8_t *)s, n, &want_bad, &count);
	if (valid)
		check(text_length(s) == count);
	folding(s, valid);
	free(s);
	return 0;
}
