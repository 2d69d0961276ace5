/*
 * files.h: sending stored attachments to the browser.
 *
 * resp_blob() answers with a blob's bytes straight from its file (the
 * server streams the descriptor; nothing is read into memory), typed by
 * the MIME type stored at upload (decided from the content, never from
 * the name), as an attachment with the given file name: browsers save it
 * rather than render it in the site's origin. X-Content-Type-Options:
 * nosniff is on every response of the server.
 *
 * Handlers decide who may read a blob (a dossier's attachment belongs to
 * its dossier); this module does not.
 */
#ifndef XASO_WEB_FILES_H
#define XASO_WEB_FILES_H

#include "core/buf.h"
#include "web/http.h"

/* Sends the blob named by sha256 with status 200, as an attachment named
 * filename (UTF-8; NULL or "" gives "tep-<first hex digits>"). The file
 * name gets the extension of the stored type when it lacks it. Returns 0;
 * a missing blob is answered with its error. */
int resp_blob(struct req *r, const char *sha256, const char *filename);

/* Appends a Content-Disposition value for filename: attachment, an ASCII
 * fallback (diacritics removed, other characters replaced) in filename=,
 * and the exact UTF-8 name percent-encoded per RFC 5987 in filename*=.
 * ext (may be NULL) is appended when the name does not end with it. */
void http_content_disposition(struct buf *out, const char *filename, const char *ext);

#endif
