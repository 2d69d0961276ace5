/*
 * form.c: form bodies (see form.h). An urlencoded body goes through
 * libmicrohttpd's post processor, which reads the Content-Type from the
 * connection and delivers each field in pieces (its buffer is
 * FORM_PP_BUFFER bytes); a multipart body through web/multipart.c.
 * form_collect.c gathers the pieces of both.
 */
#include "web/form.h"

#include <microhttpd.h>
#include <string.h>
#include <strings.h>

#include "web/http.h"
#include "web/multipart.h"

enum { FORM_PP_BUFFER = 16 * 1024 };

static enum MHD_Result on_piece(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *content_type,
                                const char *transfer_encoding, const char *data, uint64_t off,
                                size_t size)
{
	(void)kind;
	(void)transfer_encoding; /* urlencoded pieces have none */
	struct form *f = cls;
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
		char boundary[MULTIPART_BOUNDARY_MAX + 1];
		if (multipart_boundary(ct, boundary, e) != 0)
			return e->code;
		form_begin(f, &r->arena, r->body_len, lim);
		multipart_parse(f, r->body ? r->body : "", r->body_len, boundary);
		return form_end(f, e);
	}
	form_begin(f, &r->arena, r->body_len, lim);
	/* MHD takes the Content-Type from the connection. */
	struct MHD_PostProcessor *pp =
	    MHD_create_post_processor(r->conn, FORM_PP_BUFFER, on_piece, f);
	if (!pp)
		return xerr_set(e, XERR_INVALID, "Content-Type",
		                "the form's Content-Type is malformed");
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
