/* multipart.c: multipart/form-data over a buffer (see multipart.h). */
#include "web/multipart.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* RFC 2046 5.1.1 bchars. */
static bool bchar(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c && strchr("'()+_,-./:=? ", c));
}

int multipart_boundary(const char *ct, char *out, struct xerr *e)
{
	/* The parameter, not a "boundary=" inside another one's value. */
	const char *p = strchr(ct, ';');
	const char *b = NULL;
	while (p && !b) {
		p++;
		p += strspn(p, " \t");
		if (!strncasecmp(p, "boundary=", 9))
			b = p + 9;
		else
			p = strchr(p, ';');
	}
	size_t n = 0;
	if (b && *b == '"') {
		b++;
		const char *q = strchr(b, '"');
		n = q ? (size_t)(q - b) : 0;
	} else if (b) {
		n = strcspn(b, "; \t");
	}
	if (n == 0)
		return xerr_set(e, XERR_INVALID, "Content-Type",
		                "multipart/form-data without a boundary");
	if (n > MULTIPART_BOUNDARY_MAX)
		return xerr_set(e, XERR_INVALID, "Content-Type",
		                "the multipart boundary is longer than 70 characters");
	for (size_t i = 0; i < n; i++)
		if (!bchar(b[i]))
			return xerr_set(e, XERR_INVALID, "Content-Type",
			                "the multipart boundary has a character RFC 2046 does not "
			                "allow");
	if (b[n - 1] == ' ')
		return xerr_set(e, XERR_INVALID, "Content-Type",
		                "the multipart boundary ends with a space");
	memcpy(out, b, n);
	out[n] = '\0';
	return 0;
}

/* One parameter value of a header (quoted or a token) into dst[cap]; the
 * value starts at v. Returns false when it does not fit. */
static bool param_value(const char *v, const char *end, char *dst, size_t cap)
{
	size_t n = 0;
	if (v < end && *v == '"') {
		for (v++; v < end && *v != '"'; v++) {
			if (*v == '\\' && v + 1 < end)
				v++;
			if (n + 1 >= cap)
				return false;
			dst[n++] = *v;
		}
	} else {
		for (; v < end && *v != ';' && *v != ' ' && *v != '\t'; v++) {
			if (n + 1 >= cap)
				return false;
			dst[n++] = *v;
		}
	}
	dst[n] = '\0';
	return true;
}

/* Finds parameter `key` in a header value [v, end): true with the value in
 * dst, false when absent (or too long: *bad). */
static bool header_param(const char *v, const char *end, const char *key, char *dst, size_t cap,
                         bool *bad)
{
	size_t kl = strlen(key);
	bool quoted = false;
	for (const char *p = v; p < end; p++) {
		if (*p == '"' && (p == v || p[-1] != '\\'))
			quoted = !quoted;
		if (quoted || *p != ';')
			continue;
		const char *k = p + 1;
		while (k < end && (*k == ' ' || *k == '\t'))
			k++;
		if ((size_t)(end - k) > kl && !strncasecmp(k, key, kl) && k[kl] == '=') {
			if (!param_value(k + kl + 1, end, dst, cap))
				*bad = true;
			return !*bad;
		}
	}
	return false;
}

struct part {
	char name[FORM_MAX_NAME_LEN + 2];
	char filename[FORM_MAX_NAME_LEN * 4 + 2];
	char type[128];
	bool has_filename;
};

/* The part's header lines [p, end) (each ending with CRLF). */
static int part_headers(struct form *f, const char *p, const char *end, struct part *pt)
{
	bool disposition = false;
	memset(pt, 0, sizeof *pt);
	while (p < end) {
		const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
		if (!eol)
			eol = end;
		const char *colon = memchr(p, ':', (size_t)(eol - p));
		if (!colon)
			return form_fail(f, XERR_INVALID, "body",
			                 "a form part has a malformed header");
		size_t nl = (size_t)(colon - p);
		const char *v = colon + 1;
		while (v < eol && (*v == ' ' || *v == '\t'))
			v++;
		bool bad = false;
		if (nl == 19 && !strncasecmp(p, "Content-Disposition", nl)) {
			if ((size_t)(eol - v) < 9 || strncasecmp(v, "form-data", 9))
				return form_fail(f, XERR_INVALID, "body",
				                 "a form part is not form-data");
			disposition = true;
			header_param(v, eol, "name", pt->name, sizeof pt->name, &bad);
			pt->has_filename = header_param(v, eol, "filename", pt->filename,
			                                sizeof pt->filename, &bad);
		} else if (nl == 12 && !strncasecmp(p, "Content-Type", nl)) {
			size_t tl = (size_t)(eol - v);
			if (tl >= sizeof pt->type)
				bad = true;
			else
				memcpy(pt->type, v, tl);
		} else if (nl == 25 && !strncasecmp(p, "Content-Transfer-Encoding", nl)) {
			size_t tl = (size_t)(eol - v);
			if (!(tl == 6 && !strncasecmp(v, "binary", 6)) &&
			    !(tl == 4 &&
			      (!strncasecmp(v, "8bit", 4) || !strncasecmp(v, "7bit", 4))))
				return form_fail(f, XERR_INVALID, "body",
				                 "unsupported Content-Transfer-Encoding");
		}
		if (bad)
			return form_fail(f, XERR_INVALID, "body",
			                 "a form part's header is too long");
		p = eol + 2;
	}
	if (!disposition || !pt->name[0])
		return form_fail(f, XERR_INVALID, "body", "a form part has no name");
	if (!strncasecmp(pt->type, "multipart/", 10))
		return form_fail(f, XERR_INVALID, "body",
		                 "nested multipart parts are not supported");
	return 0;
}

int multipart_parse(struct form *f, const char *body, size_t len, const char *boundary)
{
	char delim[MULTIPART_BOUNDARY_MAX + 5] = "\r\n--";
	size_t bl = strlen(boundary), dl = bl + 4;
	memcpy(delim + 4, boundary, bl + 1);
	const char *end = body + len, *p;
	/* The first delimiter may open the body (no CRLF before it). */
	if (len >= dl - 2 && !memcmp(body, delim + 2, dl - 2))
		p = body + dl - 2;
	else if ((p = memmem(body, len, delim, dl)) != NULL)
		p += dl;
	else
		return form_fail(f, XERR_INVALID, "body",
		                 "the body does not contain the boundary declared in Content-Type");
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0; /* the closing delimiter; the epilogue is ignored */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return form_fail(f, XERR_INVALID, "body",
			                 "the form body ends in the middle of a part (incomplete "
			                 "upload?)");
		p += 2;
		size_t room = (size_t)(end - p);
		const char *hend = memmem(
		    p, room < MULTIPART_HEADER_MAX ? room : MULTIPART_HEADER_MAX, "\r\n\r\n", 4);
		/* A part without headers starts with the empty line at once. */
		const char *content = hend ? hend + 4 : NULL;
		if (room >= 2 && p[0] == '\r' && p[1] == '\n')
			hend = p, content = p + 2;
		if (!hend)
			return form_fail(f, XERR_INVALID, "body",
			                 room >= MULTIPART_HEADER_MAX
			                     ? "a form part's headers are too long"
			                     : "the form body ends in the middle of a part "
			                       "(incomplete upload?)");
		struct part pt;
		if (part_headers(f, p, hend == p ? p : hend + 2, &pt))
			return f->err.code;
		const char *next = memmem(content, (size_t)(end - content), delim, dl);
		if (!next)
			return form_fail(f, XERR_INVALID, "body",
			                 "the form body ends in the middle of a part (incomplete "
			                 "upload?)");
		if (form_add(f, pt.name, pt.has_filename ? pt.filename : NULL,
		             pt.type[0] ? pt.type : NULL, 0, content, (size_t)(next - content)))
			return f->err.code;
		p = next + dl;
	}
}
