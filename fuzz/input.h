/*
 * input.h: how the fuzz harnesses cut one input into the pieces they feed
 * a parser: text lines as NUL-terminated strings, and numbers drawn from
 * the input's bytes. Header only (static functions), so that both builds
 * of a harness, libFuzzer's (make fuzz) and the corpus replay of
 * fuzz/replay.c, need nothing more than the harness file.
 */
#ifndef XASO_FUZZ_INPUT_H
#define XASO_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Copies the i-th line (0-based, lines end at '\n') of data, up to cap - 1
 * bytes, into dst as a string; a NUL byte inside the line ends the string
 * early, as it would in C. Returns the line's length in bytes (before any
 * cut), or 0 when data has fewer lines. */
static inline size_t fuzz_line(const uint8_t *data, size_t size, int i, char *dst, size_t cap)
{
	size_t at = 0;
	for (; i > 0 && at < size; at++)
		if (data[at] == '\n')
			i--;
	size_t len = 0;
	while (at + len < size && data[at + len] != '\n')
		len++;
	size_t n = len < cap - 1 ? len : cap - 1;
	memcpy(dst, data + at, n);
	dst[n] = '\0';
	return len;
}

/* A number drawn from up to 8 bytes at data[from..], 0 past the end. */
static inline uint64_t fuzz_u64(const uint8_t *data, size_t size, size_t from)
{
	uint64_t v = 0;
	for (size_t i = from; i < size && i < from + 8; i++)
		v = v << 8 | data[i];
	return v;
}

#endif
