/* logsafe.c: escaping what goes into logs (see logsafe.h). */
#include "core/logsafe.h"

#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

void logsafe_append(struct buf *out, const char *s, size_t max, bool field)
{
	static const char hex[] = "0123456789abcdef";
	if (!s) {
		buf_putc(out, '-');
		return;
	}
	size_t n = strnlen(s, max);
	if (field && n == 0) {
		buf_putc(out, '-');
		return;
	}
	for (size_t i = 0; i < n;) {
		if (is_digit(s[i])) {
			/* The whole run decides, also where max cuts it. */
			size_t end = i;
			while (is_digit(s[end]))
				end++;
			bool mask = end - i >= LOGSAFE_DIGIT_RUN;
			size_t run = end < n ? end : n;
			for (; i < run; i++)
				buf_putc(out, mask ? '#' : s[i]);
			continue;
		}
		unsigned char c = (unsigned char)s[i++];
		if (c < 0x20 || c > 0x7e || c == '\\' || (field && c == ' ')) {
			buf_putc(out, '\\');
			buf_putc(out, 'x');
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 15]);
		} else {
			buf_putc(out, (char)c);
		}
	}
	if (s[n])
		buf_puts(out, "...");
}
