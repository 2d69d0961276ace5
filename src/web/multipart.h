/*
 * multipart.h: multipart/form-data bodies (RFC 7578, RFC 2046 5.1), read
 * from the whole body in memory into a form (form.h's connection-free
 * half: form_add() keeps the limits and the text checks).
 *
 * Why not libmicrohttpd's post processor: the one Debian ships (0.9.75)
 * refuses a one-character boundary, which RFC 2046 allows, and takes
 * whatever follows "boundary=" in Content-Type (a later parameter too) as
 * the boundary. The body is already collected when a handler runs, so a
 * parser over the buffer is short and needs no connection; fuzz/
 * fuzz_multipart.c drives it.
 *
 * What is read: the boundary (1 to 70 characters of RFC 2046's set,
 * possibly quoted), an optional preamble, parts separated by CRLF--boundary,
 * the closing --boundary--, and an epilogue that is ignored. Each part has
 * header lines ending in CRLF, then an empty line; Content-Disposition:
 * form-data with name= (and filename= for a file, quoted or not),
 * Content-Type, and Content-Transfer-Encoding (only binary, 8bit, 7bit:
 * an encoded part would be stored encoded). Anything else is an error
 * naming "body" (or "Content-Type" for the boundary).
 */
#ifndef XASO_WEB_MULTIPART_H
#define XASO_WEB_MULTIPART_H

#include <stddef.h>

#include "core/xerr.h"
#include "web/form.h"

enum { MULTIPART_BOUNDARY_MAX = 70, MULTIPART_HEADER_MAX = 8192 };

/* The boundary of a multipart Content-Type value, unquoted, into
 * out[MULTIPART_BOUNDARY_MAX + 1]. */
int multipart_boundary(const char *content_type, char *out, struct xerr *e);

/* Reads body[0..len) into f (which form_begin() prepared); the caller ends
 * with form_end(). Returns 0 or the error recorded in f. */
int multipart_parse(struct form *f, const char *body, size_t len, const char *boundary);

#endif
