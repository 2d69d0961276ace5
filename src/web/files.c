/*
 * files.c: attachments to the browser (see files.h). The name a file is
 * saved under comes from the dossier, not from the content, so it is
 * written into the header only in encoded forms that cannot break out of
 * it: a restricted ASCII fallback and the RFC 5987 percent-encoding.
 */
#include "web/files.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/filetype.h"
#include "core/text.h"
#include "store/store.h"

/* RFC 5987 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~". */
static bool attr_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$&+-.^_`|~", c));
}

/* Characters kept as they are in the quoted ASCII fallback. */
static bool plain_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       (c && strchr(" ._-()", c));
}

static bool has_ext(const char *name, const char *ext)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return false;
	if (!strcasecmp(dot + 1, ext))
		return true;
	return !strcmp(ext, "jpg") && !strcasecmp(dot + 1, "jpeg");
}

void http_content_disposition(struct buf *out, const char *filename, const char *ext)
{
	struct buf name;
	buf_init(&name);
	/* Only a valid UTF-8 name without control characters is used. */
	bool ok = filename && *filename && text_valid_utf8(filename, strlen(filename), NULL);
	for (const char *p = filename; ok && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			ok = false;
	buf_puts(&name, ok ? filename : "tep");
	if (ext && !has_ext(name.data, ext))
		buf_printf(&name, ".%s", ext);

	struct buf folded;
	buf_init(&folded);
	if (text_fold(name.data, &folded) != 0)
		buf_puts(&folded, "tep");
	buf_puts(out, "attachment; filename=\"");
	for (const char *p = folded.data; *p; p++)
		buf_putc(out, plain_char((unsigned char)*p) ? *p : '_');
	buf_puts(out, "\"; filename*=UTF-8''");
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)name.data; *p; p++) {
		if (attr_char(*p)) {
			buf_putc(out, (char)*p);
		} else {
			buf_putc(out, '%');
			buf_putc(out, hex[*p >> 4]);
			buf_putc(out, hex[*p & 15]);
		}
	}
	buf_free(&folded);
	buf_free(&name);
}

int resp_blob(struct req *r, const char *sha256, const char *filename)
{
	struct xerr e = {0};
	struct blob_meta m;
	int fd;
	if (store_blob_open(r->store, sha256, &m, &fd, &e) != 0)
		return resp_error(r, &e);
	const char *ext = filetype_ext(filetype_from_mime(m.mime));
	struct buf cd;
	buf_init(&cd);
	if (filename && *filename)
		http_content_disposition(&cd, filename, ext);
	else {
		char fallback[32];
		snprintf(fallback, sizeof fallback, "tep-%.12s", m.sha256);
		http_content_disposition(&cd, fallback, ext);
	}
	resp_header(r, "Content-Disposition", arena_strdup(&r->arena, cd.data));
	buf_free(&cd);
	/* Personal documents: kept by neither shared nor private caches. */
	r->cache_control = "no-store";
	return resp_file(r, 200, fd, (uint64_t)m.size, arena_strdup(&r->arena, m.mime));
}
