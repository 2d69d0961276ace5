/*
 * filetype.h: what kind of document a file is, judged by its content
 * (pure, no I/O).
 *
 * Attachments are accepted as PDF, JPEG or PNG only. The type is decided
 * from the bytes, never from the file name or the Content-Type the client
 * sent: a PNG named "giay-khai-sinh.pdf" is a PNG, and a text file named
 * "scan.jpg" is refused. Besides the magic bytes, each type must show a
 * plausible structure, so a truncated upload is refused too:
 *   PDF   "%PDF-d.d" header and "%%EOF" within the last 1024 bytes;
 *   PNG   the 8-byte signature, a well-formed IHDR chunk (with a correct
 *         CRC) first and IEND last;
 *   JPEG  SOI, then a chain of well-formed marker segments up to the start
 *         of scan (SOS), and EOI near the end.
 * Nothing is decoded: this is a gate, not a validator of whole files.
 */
#ifndef XASO_CORE_FILETYPE_H
#define XASO_CORE_FILETYPE_H

#include <stddef.h>

#include "core/xerr.h"

enum filetype {
	FILETYPE_NONE = 0,
	FILETYPE_PDF,
	FILETYPE_JPEG,
	FILETYPE_PNG,
};

/* Decides the type of data[0..len). Returns 0 and sets *out, or
 * XERR_INVALID naming `field` with a message saying what is accepted. */
int filetype_sniff(const void *data, size_t len, const char *field, enum filetype *out,
                   struct xerr *e);

/* "application/pdf", "image/jpeg", "image/png"; NULL for FILETYPE_NONE. */
const char *filetype_mime(enum filetype t);
/* "pdf", "jpg", "png"; NULL for FILETYPE_NONE. */
const char *filetype_ext(enum filetype t);
/* The type for one of the MIME types above; FILETYPE_NONE otherwise. */
enum filetype filetype_from_mime(const char *mime);

#endif
