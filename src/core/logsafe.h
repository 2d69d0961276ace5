/*
 * logsafe.h: what may be written to a log (pure, no I/O).
 *
 * A request log or an error log is read by people and by programs that
 * split it into lines and fields. Anything that came from outside (a
 * method, a library's message that may quote the request) is appended
 * through logsafe_append(), which guarantees that:
 *   - no control character, no byte above 0x7e and no backslash reaches
 *     the log as such: each is written as \xNN, so a value cannot end a
 *     line, forge the next one or hide text with terminal escapes;
 *   - no run of 9 or more digits reaches it: each such digit becomes '#',
 *     so neither a 12-digit personal ID number nor a phone number lands in
 *     a log (Decree 13/2023: personal data only where needed);
 *   - in a field (as opposed to free text at the end of a line) a space is
 *     written as \x20 too, so the field count of a line never changes.
 * Values are cut at `max` bytes of input (then "..." follows).
 */
#ifndef XASO_CORE_LOGSAFE_H
#define XASO_CORE_LOGSAFE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* The shortest run of digits that is masked. */
enum { LOGSAFE_DIGIT_RUN = 9 };

/* Appends s (NULL appends "-") to out, escaped as above. */
void logsafe_append(struct buf *out, const char *s, size_t max, bool field);

#endif
