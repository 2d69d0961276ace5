/*
 * form_collect.c: the connection-free half of form parsing (see form.h):
 * gathering the pieces the post processor delivers into fields and files,
 * with the limits and the text checks. No I/O and no libmicrohttpd here,
 * so fuzz/fuzz_form.c can drive it directly.
 *
 * All pieces land in one slab allocated from the arena with room for the
 * whole body plus a terminator per entry: decoded values and file contents
 * are never longer than the body that carried them, so nothing is copied
 * twice and nothing is reallocated.
 */
#include "web/form.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"

const struct form_limits form_default_limits = {
    FORM_MAX_FIELDS,
    FORM_MAX_FIELD_LEN,
    FORM_MAX_FILES,
    FORM_MAX_FILE_LEN,
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

int form_fail(struct form *f, int code, const char *field, const char *fmt, ...)
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
			return form_fail(f, XERR_LIMIT, field,
			                 "more than the allowed number of files");
		struct form_file *ff = &f->files[f->nfiles++];
		ff->field = field;
		ff->filename = arena_strdup(f->arena, base_name(filename));
		ff->content_type = arena_strdup(f->arena, content_type ? content_type : "");
		f->cur = 2;
	} else {
		if (f->nfields >= f->lim.max_fields)
			return form_fail(f, XERR_LIMIT, field,
			                 "more than the allowed number of fields");
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
	} else if (!f->cur || strcmp(current_name(f), name) ||
	           (f->cur == 2) != (filename != NULL) || off != f->slab_len - f->cur_start) {
		return form_fail(f, XERR_INVALID, "body", "malformed form body");
	}
	size_t have = f->slab_len - f->cur_start;
	const char *field = current_name(f);
	if (f->cur == 2 && have + size > f->lim.max_file_len) {
		size_t mb = f->lim.max_file_len / (1024 * 1024);
		if (mb * 1024 * 1024 == f->lim.max_file_len)
			return form_fail(f, XERR_LIMIT, field,
			                 "the file in field \"%s\" is larger than %zu MB", field,
			                 mb);
		return form_fail(f, XERR_LIMIT, field,
		                 "the file in field \"%s\" is larger than %zu bytes", field,
		                 f->lim.max_file_len);
	}
	if (f->cur == 1 && have + size > f->lim.max_field_len)
		return form_fail(f, XERR_LIMIT, field, "the value of field \"%s\" is too long",
		                 field);
	/* One byte stays free for the terminator of every possible entry. */
	size_t reserve =
	    (size_t)(f->lim.max_fields - f->nfields + f->lim.max_files - f->nfiles) + 1;
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
		if (memchr(fl->value, '\0', fl->len) ||
		    !text_valid_utf8(fl->value, fl->len, NULL)) {
			/* Field names were checked as UTF-8 when opened: safe to echo. */
			return xerr_set(e, XERR_INVALID, fl->name,
			                "the value of field \"%s\" is not valid UTF-8 text",
			                fl->name);
		}
	}
	int kept = 0;
	for (int i = 0; i < f->nfiles; i++) {
		struct form_file *ff = &f->files[i];
		char *fn = (char *)ff->filename;
		size_t n = strlen(fn);
		if (n > FORM_MAX_NAME_LEN || !text_valid_utf8(fn, n, NULL))
			return xerr_set(
			    e, XERR_INVALID, ff->field,
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
