/*
 * api_blobs.c: POST /api/v1/blobs, the upload of one document (a scan or a
 * photo) for a dossier. The body is a multipart form with the file in the
 * field "file" (what a page's <input type=file name=file> sends), or the
 * bare bytes (Content-Type application/pdf, image/jpeg, image/png or
 * application/octet-stream) from an API client. The type is decided from
 * the content; the answer names the stored blob by its SHA-256, which the
 * dossier then refers to.
 */
#include <string.h>
#include <strings.h>

#include "web/form.h"
#include "web/http.h"
#include "web/intake.h"

/* A body carrying one file: the limit plus room for the multipart framing
 * and a few small fields. */
enum { BLOB_UPLOAD_MAX_BODY = BLOB_MAX_SIZE + 64 * 1024 };

static int post_blob(struct req *r)
{
	struct xerr e = {0};
	const char *ct = req_header(r, "Content-Type");
	const void *data;
	size_t len;
	if (ct && (req_media_is(ct, "multipart/form-data") ||
	           req_media_is(ct, "application/x-www-form-urlencoded"))) {
		struct form f;
		int n;
		if (form_parse(r, &f, &e) != 0)
			return resp_error(r, &e);
		const struct form_file *ff = in_files(r, "file", &n);
		if (!n)
			return resp_fail(r, XERR_INVALID, "file",
			                 "send the document in the multipart form field \"file\"");
		data = ff[0].data;
		len = ff[0].len;
	} else if (ct && (req_media_is(ct, "application/octet-stream") ||
	                  req_media_is(ct, "application/pdf") || req_media_is(ct, "image/jpeg") ||
	                  req_media_is(ct, "image/png"))) {
		/* The declared type is only a hint: the content decides below. */
		data = r->body;
		len = r->body_len;
	} else {
		return resp_fail(r, XERR_INVALID, "Content-Type",
		                 "send a multipart/form-data form with the field \"file\", or the "
		                 "file itself as application/pdf, image/jpeg or image/png");
	}
	char sha[65];
	const char *mime;
	if (intake_document(r, data, len, "file", sha, &mime, &e) != 0)
		return resp_error(r, &e);
	return resp_json(
	    r, 201,
	    json_pack("{s:s, s:I, s:s}", "sha256", sha, "size", (json_int_t)len, "mime", mime));
}

static const struct param blob_in[] = {
    {"file", IN_FORM, IN_FILES, .max = 1},
    {NULL},
};

const struct route api_blobs_routes[] = {
    {"POST", "/api/v1/blobs", post_blob, "file.upload", BLOB_UPLOAD_MAX_BODY, blob_in,
     .rate = RL_UPLOAD, .raw_body = true},
    {NULL, NULL, NULL, NULL, 0},
};
