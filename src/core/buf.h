/*
 * buf.h: a growable byte buffer for building output (HTML, CSV, text).
 *
 * The buffer owns its memory; buf_free() releases it, buf_take() hands it to
 * the caller (who frees it with free()). The content is always NUL-terminated.
 * Allocation failure aborts: output building has no sensible partial result.
 */
#ifndef XASO_CORE_BUF_H
#define XASO_CORE_BUF_H

#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
void buf_add(struct buf *b, const void *p, size_t n);
/* Makes room for n more bytes (and the NUL) without writing anything. */
void buf_reserve(struct buf *b, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *buf_take(struct buf *b, size_t *len);

/* HTML-escaped text and attribute values (&, <, >, ", '). */
void buf_html(struct buf *b, const char *s);
/* Appends a trusted fragment (markup written by the program itself). */
void buf_html_trusted(struct buf *b, const char *s);
/* Percent-encodes s for a URL query value or path segment. */
void buf_urlenc(struct buf *b, const char *s);

#endif
