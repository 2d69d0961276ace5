/*
 * form.c: form bodies through libmicrohttpd's post processor (see form.h).
 * MHD reads the Content-Type and boundary from the connection and delivers
 * each field or file in pieces (its buffer is FORM_PP_BUFFER bytes);
 * form_collect.c gathers them.
 */
#include "web/form.h"

#include <microhttpd.h>
#include <string.h>
#include <strings.h>

#include "web/http.h"

enum { FORM_PP_BUFFER = 16 * 1024 };

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

int form_parse_limits(struct req *r, const struct form_limits *lim, struct form *f, struct xerr *e)
{
	const char *ct =
	    MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
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
			return xerr_set(
			    e, XERR_INVALID, "body",
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
	/* The CSRF check of a signed-in upload parses the body before its
	 * handler does: the second call gets the first one's result. */
	if (r->form) {
		*f = *r->form;
		return 0;
	}
	int rc = form_parse_limits(r, &form_default_limits, f, e);
	if (rc == 0) {
		r->form = arena_alloc(&r->arena, sizeof *r->form);
		*r->form = *f;
	}
	return rc;
}
