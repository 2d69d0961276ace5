/*
 * form.c: form bodies through libmicrohttpd's post processor (see form.h).
 *
 * The post processor delivers each field or file in pieces (its buffer is
 * FORM_PP_BUFFER bytes). All pieces land in one slab allocated from the
 * arena with room for the whole body plus a terminator per entry: decoded
 * values and file contents are never longer than the body that carried
 * them, so nothing is copied twice and nothing is reallocated.
 */
#include "web/form.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "web/http.h"

enum { FORM_PP_BUFFER = 16 * 1024 };

const struct form_limits form_default_limits = {
	FORM_MAX_FIELDS, FORM_MAX_FIELD_LEN, FORM_MAX_FILES, FORM_MAX_FILE_LEN,
};

void form_begin(struct form *f, struct arena *a, size_t capacity, const struct form_limits *lim)
{
	memset(f, 0, sizeof *f);
	f->arena = a;
	f->lim = lim ? *lim : form_default_limits;
	f->fields = arena_alloc(a, sizeof *f->fields * (size_t)(f->lim.max_fields + 1));
	f->files = arena_alloc(a, sizeof *f->files * (size_t)(f->lim.max_files + 1));
	f->slab_cap = capacity + (size_t)f->lim.max_fields + (size_t)f->lim.max_files + 1;
	f->slab = arena_alloc(a, f->slab_cap);
}

/* Records the first error (later ones are consequences of it). */
__attribute__((format(printf, 4, 5)))
static int form_fail(struct form *f, int code, const char *field, const char *fmt, ...)
{
	if (!f->err.code) {
		va_list ap;
		va_start(ap, fmt);
		f->err.code = code;
		f->err.field = field;
		vsnprintf(f->err.msg, sizeof f->err.msg, fmt, ap);
		va_end(ap);
	}
	return f->err.code;
}

/* Stores the current entry's value and ends it with a NUL. */
static void close_entry(struct form *f)
{
	if (!f->cur)
		return;
	const char *v = f->slab + f->cur_start;
	size_t n = f->slab_len - f->cur_start;
	f->slab[f->slab_len++] = '\0';
	if (f->cur == 1) {
		f->fields[f->nfields - 1].value = v;
		f->fields[f->nfields - 1].len = n;
	} else {
		f->files[f->nfiles - 1].data = (const unsigned char *)v;
		f->files[f->nfiles - 1].len = n;
	}
	f->cur = 0;
}

static const char *current_name(const struct form *f)
{
	if (f->cur == 1)
		return f->fields[f->nfields - 1].name;
	if (f->cur == 2)
		return f->files[f->nfiles - 1].field;
	return NULL;
}

/* The last path component: browsers on Windows once sent C:\dir\name. */
static const char *base_name(const char *s)
{
	const char *b = s;
	for (const char *p = s; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	return b;
}

static int open_entry(struct form *f, const char *name, const char *filename,
                      const char *content_type)
{
	close_entry(f);
	/* Messages name the field only when it is safe text to echo. */
	size_t nl = strlen(name);
	if (nl > FORM_MAX_NAME_LEN || !text_valid_utf8(name, nl, NULL))
		return form_fail(f, XERR_INVALID, "body", "a field name is too long or not UTF-8");
	const char *field = arena_strdup(f->arena, name);
	if (filename) {
		if (f->nfiles >= f->lim.max_files)
			return form_fail(f, XERR_LIMIT, field, "more than the allowed number of files");
		struct form_file *ff = &f->files[f->nfiles++];
		ff->field = field;
		ff->filename = arena_strdup(f->arena, base_name(filename));
		ff->content_type = arena_strdup(f->arena, content_type ? content_type : "");
		f->cur = 2;
	} else {
		if (f->nfields >= f->lim.max_fields)
			return form_fail(f, XERR_LIMIT, field, "more than the allowed number of fields");
		f->fields[f->nfields++].name = field;
		f->cur = 1;
	}
	f->cur_start = f->slab_len;
	return 0;
}

int form_add(struct form *f, const char *name, const char *filename, const char *content_type,
             uint64_t off, const char *data, size_t size)
{
	if (f->err.code)
		return f->err.code;
	if (!name || !*name)
		return form_fail(f, XERR_INVALID, "body", "a form field has no name");
	if (off == 0) {
		if (open_entry(f, name, filename, content_type))
			return f->err.code;
	} else if (!f->cur || strcmp(current_name(f), name) || (f->cur == 2) != (filename != NULL) ||
	           off != f->slab_len - f->cur_start) {
		return form_fail(f, XERR_INVALID, "body", "malformed form body");
	}
	size_t have = f->slab_len - f->cur_start;
	const char *field = current_name(f);
	if (f->cur == 2 && have + size > f->lim.max_file_len) {
		size_t mb = f->lim.max_file_len / (1024 * 1024);
		if (mb * 1024 * 1024 == f->lim.max_file_len)
			return form_fail(f, XERR_LIMIT, field,
			                 "the file in field \"%s\" is larger than %zu MB", field, mb);
		return form_fail(f, XERR_LIMIT, field,
		                 "the file in field \"%s\" is larger than %zu bytes", field,
		                 f->lim.max_file_len);
	}
	if (f->cur == 1 && have + size > f->lim.max_field_len)
		return form_fail(f, XERR_LIMIT, field, "the value of field \"%s\" is too long", field);
	/* One byte stays free for the terminator of every possible entry. */
	size_t reserve = (size_t)(f->lim.max_fields - f->nfields + f->lim.max_files - f->nfiles) + 1;
	if (size > f->slab_cap - f->slab_len - reserve)
		return form_fail(f, XERR_INVALID, "body", "malformed form body");
	if (size)
		memcpy(f->slab + f->slab_len, data, size);
	f->slab_len += size;
	return 0;
}

/* Drops control characters from a client's file name, in place. */
static void clean_filename(char *s)
{
	char *w = s;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p >= 0x20 && *p != 0x7f && *p != '"')
			*w++ = *p;
	*w = '\0';
}

int form_end(struct form *f, struct xerr *e)
{
	close_entry(f);
	if (f->err.code) {
		*e = f->err;
		return e->code;
	}
	for (int i = 0; i < f->nfields; i++) {
		const struct form_field *fl = &f->fields[i];
		if (memchr(fl->value, '\0', fl->len) || !text_valid_utf8(fl->value, fl->len, NULL)) {
			/* Field names were checked as UTF-8 when opened: safe to echo. */
			return xerr_set(e, XERR_INVALID, fl->name,
			                "the value of field \"%s\" is not valid UTF-8 text", fl->name);
		}
	}
	int kept = 0;
	for (int i = 0; i < f->nfiles; i++) {
		struct form_file *ff = &f->files[i];
		char *fn = (char *)ff->filename;
		size_t n = strlen(fn);
		if (n > FORM_MAX_NAME_LEN || !text_valid_utf8(fn, n, NULL))
			return xerr_set(e, XERR_INVALID, ff->field,
			                "the file name in field \"%s\" is too long or not UTF-8 text",
			                ff->field);
		clean_filename(fn);
		/* A file input left empty arrives as a part with no name and no
		 * bytes: no file was chosen. */
		if (!fn[0] && ff->len == 0)
			continue;
		f->files[kept++] = *ff;
	}
	f->nfiles = kept;
	return 0;
}

static enum MHD_Result on_piece(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *content_type,
                                const char *transfer_encoding, const char *data, uint64_t off,
                                size_t size)
{
	(void)kind;
	struct form *f = cls;
	/* Browsers send parts as they are; an encoded part (base64,
	 * quoted-printable) would be stored encoded, so it is refused. */
	if (transfer_encoding && *transfer_encoding && strcasecmp(transfer_encoding, "binary") &&
	    strcasecmp(transfer_encoding, "8bit") && strcasecmp(transfer_encoding, "7bit")) {
		form_fail(f, XERR_INVALID, "body", "unsupported Content-Transfer-Encoding");
		return MHD_NO;
	}
	return form_add(f, key, filename, content_type, off, data, size) ? MHD_NO : MHD_YES;
}

/* Media type of a Content-Type value: 1 urlencoded, 2 multipart, 0 other. */
static int media_kind(const char *ct)
{
	static const char url[] = "application/x-www-form-urlencoded", mp[] = "multipart/form-data";
	size_t n = strcspn(ct, "; \t");
	if (n == sizeof url - 1 && !strncasecmp(ct, url, n))
		return 1;
	if (n == sizeof mp - 1 && !strncasecmp(ct, mp, n))
		return 2;
	return 0;
}

int form_parse_limits(struct req *r, const struct form_limits *lim, struct form *f,
                      struct xerr *e)
{
	const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	int kind = ct ? media_kind(ct) : 0;
	if (!kind)
		return xerr_set(e, XERR_INVALID, "Content-Type",
		                "send the form as application/x-www-form-urlencoded or "
		                "multipart/form-data");
	if (kind == 2) {
		/* RFC 2046 5.1.1: 1 to 70 characters, possibly quoted. */
		const char *b = strcasestr(ct, "boundary=");
		b = b ? b + 9 : NULL;
		size_t bl = 0;
		if (b && *b == '"') {
			b++;
			bl = strcspn(b, "\"");
		} else if (b) {
			bl = strcspn(b, "; \t");
		}
		if (bl == 0)
			return xerr_set(e, XERR_INVALID, "Content-Type",
			                "multipart/form-data without a boundary");
		if (bl > 70)
			return xerr_set(e, XERR_INVALID, "Content-Type",
			                "the multipart boundary is longer than 70 characters");
		/* MHD reads a body without its boundary as an empty preamble. */
		char delim[80] = "--";
		memcpy(delim + 2, b, bl);
		if (!r->body || !memmem(r->body, r->body_len, delim, bl + 2))
			return xerr_set(e, XERR_INVALID, "body",
			                "the body does not contain the boundary declared in Content-Type");
	}
	form_begin(f, &r->arena, r->body_len, lim);
	/* MHD takes the Content-Type (and boundary) from the connection, and
	 * refuses a boundary it cannot use. */
	struct MHD_PostProcessor *pp =
		MHD_create_post_processor(r->conn, FORM_PP_BUFFER, on_piece, f);
	if (!pp)
		return xerr_set(e, XERR_INVALID, "Content-Type",
		                "the multipart boundary is malformed or too long");
	bool ok = !r->body_len || MHD_post_process(pp, r->body, r->body_len) == MHD_YES;
	/* Destroying reports a body that ended in the middle of a part. */
	bool complete = MHD_destroy_post_processor(pp) == MHD_YES;
	if (f->err.code)
		return form_end(f, e);
	if (!ok)
		return xerr_set(e, XERR_INVALID, "body", "malformed form body");
	if (!complete)
		return xerr_set(e, XERR_INVALID, "body",
		                "the form body ends in the middle of a part (incomplete upload?)");
	return form_end(f, e);
}

int form_parse(struct req *r, struct form *f, struct xerr *e)
{
	return form_parse_limits(r, &form_default_limits, f, e);
}

const char *form_get(const struct form *f, const char *name)
{
	for (int i = 0; i < f->nfields; i++)
		if (!strcmp(f->fields[i].name, name))
			return f->fields[i].value;
	return NULL;
}

const struct form_file *form_file(const struct form *f, const char *name)
{
	for (int i = 0; i < f->nfiles; i++)
		if (!strcmp(f->files[i].field, name))
			return &f->files[i];
	return NULL;
}
