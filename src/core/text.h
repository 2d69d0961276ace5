/*
 * text.h: Vietnamese text utilities (pure, no I/O).
 *
 * Folding makes search ignore case and diacritics: "Đắk Lắk", "DAK LAK" and
 * "dak lak" all fold to "dak lak". It decomposes with utf8proc, drops the
 * combining marks, case-folds, maps đ/Đ (which has no decomposition) to d and
 * collapses runs of white space.
 */
#ifndef XASO_CORE_TEXT_H
#define XASO_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* True when s[0..n) is well-formed UTF-8; *bad_at gets the byte offset of
 * the first bad sequence otherwise. */
bool text_valid_utf8(const char *s, size_t n, size_t *bad_at);

/* Appends the folded form of s (NUL-terminated UTF-8) to out. Returns 0, or
 * -1 if s is not valid UTF-8 (out is then unchanged). */
int text_fold(const char *s, struct buf *out);

/* Appends s without diacritics, keeping case: "Lệ phí Đắk Lắk" -> "Le phi
 * Dak Lak" (white space collapsed as by text_fold). Characters that have no
 * form without marks (€, emoji) are kept. Returns 0, or -1 on bad UTF-8. */
int text_unaccent(const char *s, struct buf *out);

/* Folds into a malloc'ed string the caller frees; NULL on bad UTF-8. */
char *text_fold_dup(const char *s);

/* The NFC (composed) form of UTF-8 s in a malloc'ed string the caller
 * frees; NULL on bad UTF-8. "Lư" typed as L + u + combining horn becomes
 * the same bytes as the precomposed "Lư". */
char *text_nfc_dup(const char *s);

/* Number of code points (not bytes) in valid UTF-8 s. */
size_t text_length(const char *s);

/* A 64-bit FNV-1a hash of s, for hash tables keyed by codes. */
uint64_t text_hash(const char *s);

/* True when s is between min and max ASCII digits long, and nothing else. */
bool text_digits(const char *s, size_t min, size_t max);

#endif
