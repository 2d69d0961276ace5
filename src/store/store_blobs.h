/*
 * store_blobs.h: attachments stored once by content. Part of the store.h
 * contract.
 *
 * A blob is the bytes of an uploaded document, named by the hex SHA-256 of
 * those bytes. The bytes live in files under the data directory, never in
 * the database: <dir>/ab/cdef... (the first two hex digits name a
 * subdirectory, the other 62 the file). A file is written to a temporary
 * name, fsync'd, renamed into place and its directory fsync'd before its
 * row is committed, so an acknowledged upload survives a power cut. Putting
 * the same bytes again writes nothing new. Files and directories are
 * readable by the server's user only (0600/0700).
 *
 * The store does not judge content: callers pass the MIME type decided by
 * core/filetype.h (only PDF, JPEG and PNG are accepted by the schema).
 *
 * The hash names the bytes; it is not a key to them. A blob belongs to
 * the accounts that uploaded it (store_blob_put records the uploader) and
 * to the dossiers it is linked to: store_dossier_file_add() links only a
 * blob the caller uploaded or one already in a dossier the caller may use
 * (store_dossiers.h), and answers any other hash as if it did not exist.
 *
 * The data directory is part of the data: a backup must copy it together
 * with the database (see docs/attachments.md).
 */
#ifndef XASO_STORE_BLOBS_H
#define XASO_STORE_BLOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/xerr.h"

struct store;
struct actor;

enum { BLOB_MAX_SIZE = 10 * 1024 * 1024 };

struct blob_meta {
	char sha256[65]; /* hex */
	int64_t size;    /* bytes */
	char mime[32];
	int64_t created_at; /* unix seconds */
};

/* Sets the data directory (copied). Call before the store is shared
 * between threads; the default is the database path + ".files". */
int store_set_blob_dir(struct store *s, const char *dir, struct xerr *e);
/* The data directory in use (owned by the store). */
const char *store_blob_dir(const struct store *s);

/* Stores bytes[0..len) (1 byte to BLOB_MAX_SIZE) with its MIME type,
 * records who->account_id (when > 0) as one of its uploaders, and
 * appends an audit entry for `who` (action "blob.put", object "blob:" and
 * the first 16 hex digits, the whole hash in the detail).
 * Writes out_sha256 (65 bytes, hex). *created (may be NULL) tells whether
 * the bytes were new. XERR_INVALID for an empty or unknown MIME type,
 * XERR_LIMIT when too large, XERR_IO when the disk refuses. */
int store_blob_put(struct store *s, const struct actor *who, const void *bytes, size_t len,
                   const char *mime, char out_sha256[65], bool *created, struct xerr *e);

/* The row of a blob; XERR_NOTFOUND (or XERR_INVALID for a malformed hash). */
int store_blob_get(struct store *s, const char *sha256, struct blob_meta *meta, struct xerr *e);

/* Opens the blob's file read-only for serving: *fd is the caller's to close
 * (or to hand to the HTTP response, which closes it). Fills meta. */
int store_blob_open(struct store *s, const char *sha256, struct blob_meta *meta, int *fd,
                    struct xerr *e);

/* The path of the blob's file into dst[cap] (whether or not it exists). */
int store_blob_path(const struct store *s, const char *sha256, char *dst, size_t cap,
                    struct xerr *e);

/* Calls cb for every blob row, oldest first (see store.h for callbacks). */
int store_blob_list(struct store *s, int (*cb)(const struct blob_meta *, void *), void *ctx,
                    struct xerr *e);

/* Reads the blob's file again and checks it against its row: 0 when
 * intact, XERR_NOTFOUND when the file is missing, XERR_CONFLICT when its
 * size or SHA-256 differ (e says which), XERR_IO when it cannot be read. */
int store_blob_verify(struct store *s, const struct blob_meta *m, struct xerr *e);

/* Files under the data directory that no row names: temporary files left
 * by interrupted uploads (".tmp-*"), complete files whose row was never
 * committed, and anything else. cb gets each path (valid during the call)
 * and whether it is a leftover of xaso (true) or a stranger (false). */
int store_blob_strays(struct store *s, int (*cb)(const char *path, bool ours, void *), void *ctx,
                      struct xerr *e);

/* True when sha256 is 64 lower-case hex digits. */
bool blob_sha256_valid(const char *sha256);

#endif
