/*
 * form.h: HTML form bodies (application/x-www-form-urlencoded and
 * multipart/form-data) turned into fields and files.
 *
 * form_parse() reads the body the server already collected (r->body): an
 * urlencoded one with libmicrohttpd's post processor, created on the
 * request's connection (it takes the Content-Type from there), a multipart
 * one with web/multipart.h. The pieces either delivers are gathered by the
 * connection-free half below (form_begin, form_add, form_end), which
 * enforces the limits and checks the text; that half is what
 * fuzz/fuzz_form.c drives (fuzz/fuzz_multipart.c the multipart reader).
 *
 * Everything (names, values, file bytes) is allocated from the request
 * arena and lives until the response is sent. Values are NUL-terminated
 * and valid UTF-8 without NUL characters inside; file bytes are raw, with
 * their length. The file name a client sends is reduced to its last path
 * component and checked as text; it says nothing about the content, which
 * core/filetype.h judges.
 *
 * Errors: XERR_INVALID naming the field (or "Content-Type", "body") for a
 * malformed body or bad text; XERR_LIMIT naming the field when a limit is
 * passed (413).
 */
#ifndef XASO_WEB_FORM_H
#define XASO_WEB_FORM_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/xerr.h"

struct req;

enum {
	FORM_MAX_FIELDS = 64,
	FORM_MAX_FIELD_LEN = 64 * 1024,
	FORM_MAX_FILES = 8,
	FORM_MAX_FILE_LEN = 10 * 1024 * 1024,
	FORM_MAX_NAME_LEN = 255, /* field names and file names, in bytes */
};

struct form_limits {
	int max_fields;
	size_t max_field_len;
	int max_files;
	size_t max_file_len;
};

struct form_field {
	const char *name;
	const char *value;
	size_t len;
};

struct form_file {
	const char *field;        /* the form field's name */
	const char *filename;     /* last component of the client's name; may be "" */
	const char *content_type; /* as declared by the client: not trusted */
	const unsigned char *data;
	size_t len;
};

struct form {
	struct form_field *fields;
	int nfields;
	struct form_file *files;
	int nfiles;

	/* Parsing state, private to form.c. */
	struct arena *arena;
	struct form_limits lim;
	char *slab; /* values and file bytes, one after another */
	size_t slab_len, slab_cap;
	int cur;          /* 0: none, 1: field, 2: file */
	size_t cur_start; /* where the current entry starts in the slab */
	struct xerr err;
};

/* The default limits: FORM_MAX_* above. */
extern const struct form_limits form_default_limits;

/* Parses r's body by its Content-Type with the default limits. Returns 0
 * with f filled, or an XERR_* with e filled. The result is kept in r, so
 * a second call (the CSRF check, then the handler) does not parse again. */
int form_parse(struct req *r, struct form *f, struct xerr *e);
int form_parse_limits(struct req *r, const struct form_limits *lim, struct form *f, struct xerr *e);

/* The first field of that name (NULL if absent), and the first file. */
const char *form_get(const struct form *f, const char *name);
const struct form_file *form_file(const struct form *f, const char *name);

/* The connection-free half. form_begin prepares f to receive at most
 * `capacity` bytes of values and file contents (the body's length bounds
 * them). form_add takes one piece as the post processor delivers it: a
 * piece with off == 0 starts a new entry, later pieces (off > 0) continue
 * it; filename is NULL for a plain field. form_end closes the last entry
 * and checks the text of every name and value. */
void form_begin(struct form *f, struct arena *a, size_t capacity, const struct form_limits *lim);
int form_add(struct form *f, const char *name, const char *filename, const char *content_type,
             uint64_t off, const char *data, size_t size);
int form_end(struct form *f, struct xerr *e);
/* Records an error found while feeding f; only the first one is kept (the
 * later ones are its consequences). Returns the code. */
int form_fail(struct form *f, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
