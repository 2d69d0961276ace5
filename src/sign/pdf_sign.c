/*
 * pdf_sign.c: signing a PDF with an incremental update (sign/pdf.h has
 * the layout and why qpdf reads the file).
 *
 * The new file is built in one buffer: the original bytes, an end of line
 * if they lack one, the new and rewritten objects, the cross-reference
 * section and trailer. The signature dictionary is written with
 * placeholders of fixed width: /ByteRange as 36 characters, /Contents as
 * zeros (twice the bound of sign_cms_size_bound() in hex digits). Once
 * the file is complete the /ByteRange numbers are written into their
 * place, the bytes around /Contents are hashed, the CMS is built over that
 * digest and its hex written into the zeros; nothing moves, so the
 * offsets in the cross-reference section stay right.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "sign/pdf.h"
#include "sign/pdf_int.h"
#include "sign/sign_int.h"

enum {
	MAX_WRITTEN = 8,
	BYTERANGE_WIDTH = 36, /* "[0 4294967295 4294967295 4294967295]" */
	MAX_OBJECTS = 8388607,
};

struct written {
	int id, gen;
	size_t off;
};

struct update {
	struct pdf d;
	struct buf b; /* the new file */
	struct written obj[MAX_WRITTEN];
	int nobj;
	int next_id;  /* the next free object number */
	int64_t prev; /* offset of the last cross-reference section */
	size_t byterange_at, contents_at, contents_len;
};

static void obj_begin(struct update *u, int id, int gen)
{
	u->obj[u->nobj++] = (struct written){id, gen, u->b.len};
	buf_printf(&u->b, "%d %d obj\n", id, gen);
}

static void obj_end(struct update *u)
{
	buf_puts(&u->b, "\nendobj\n");
}

/* Appends dictionary oh without the keys of drop[] and with extra (text
 * of more keys and values) added: "<< ...qpdf's text... extra >>". */
static int dict_with(struct update *u, qpdf_oh oh, const char *const *drop, const char *extra)
{
	for (; *drop; drop++)
		qpdf_oh_remove_key(u->d.q, oh, *drop);
	char *t = pdf_unparse(&u->d, oh);
	size_t n = t ? strlen(t) : 0;
	int rc = -1;
	if (n >= 4 && memcmp(t, "<<", 2) == 0 && memcmp(t + n - 2, ">>", 2) == 0) {
		buf_add(&u->b, t, n - 2);
		buf_puts(&u->b, extra);
		buf_puts(&u->b, " >>");
		rc = 0;
	}
	free(t);
	return rc;
}

/* The items of array a as they appear inside an array, each followed by
 * a space ("3 0 R 7 0 R "); nothing when a is not an array. */
static void items_text(struct update *u, qpdf_oh a, struct buf *out)
{
	if (!qpdf_oh_is_array(u->d.q, a))
		return;
	int n = qpdf_oh_get_array_n_items(u->d.q, a);
	for (int i = 0; i < n; i++) {
		char *t = pdf_ref_text(&u->d, qpdf_oh_get_array_item(u->d.q, a, i));
		if (t)
			buf_puts(out, t);
		buf_putc(out, ' ');
		free(t);
	}
}

/* "SignatureN", N the smallest from count + 1 that no top-level field of
 * the AcroForm uses as its /T. */
static void field_name(struct update *u, qpdf_oh fields, char out[32])
{
	qpdf_data q = u->d.q;
	int n = fields && qpdf_oh_is_array(q, fields) ? qpdf_oh_get_array_n_items(q, fields) : 0;
	for (int k = n + 1;; k++) {
		snprintf(out, 32, "Signature%d", k);
		bool taken = false;
		for (int i = 0; i < n && !taken; i++) {
			qpdf_oh f = qpdf_oh_get_array_item(q, fields, i);
			qpdf_oh t = qpdf_oh_is_dictionary(q, f) ? qpdf_oh_get_key(q, f, "/T") : 0;
			const char *v =
			    t && qpdf_oh_is_string(q, t) ? qpdf_oh_get_utf8_value(q, t) : NULL;
			taken = v && strcmp(v, out) == 0;
		}
		if (!taken)
			return;
	}
}

static void sig_dict_write(struct update *u, int id, const struct sign_signer *s,
                           const struct sign_pdf_options *o)
{
	obj_begin(u, id, 0);
	buf_puts(&u->b, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached"
	                " /ByteRange ");
	u->byterange_at = u->b.len;
	buf_printf(&u->b, "%-*s", BYTERANGE_WIDTH, "[0 0 0 0]");
	buf_puts(&u->b, " /Contents ");
	u->contents_at = u->b.len;
	size_t digits = 2 * sign_cms_size_bound(s);
	buf_putc(&u->b, '<');
	for (size_t i = 0; i < digits; i++)
		buf_putc(&u->b, '0');
	buf_putc(&u->b, '>');
	u->contents_len = digits + 2;
	char date[32];
	pdf_date_format(o->signing_time, date);
	buf_printf(&u->b, " /M (%s)", date);
	struct sign_cert_info info;
	sign_signer_info(s, &info);
	if (info.common_name[0]) {
		buf_puts(&u->b, " /Name ");
		pdf_text_string(&u->b, info.common_name);
	}
	if (o->reason && *o->reason) {
		buf_puts(&u->b, " /Reason ");
		pdf_text_string(&u->b, o->reason);
	}
	if (o->location && *o->location) {
		buf_puts(&u->b, " /Location ");
		pdf_text_string(&u->b, o->location);
	}
	buf_puts(&u->b, " >>");
	obj_end(u);
}

/* The AcroForm with the new field, and the catalog when it must point at
 * a new AcroForm object. */
static int acroform_write(struct update *u, qpdf_oh root, int root_id, int root_gen, int field_id,
                          char name[32])
{
	qpdf_data q = u->d.q;
	qpdf_oh af = qpdf_oh_get_key(q, root, "/AcroForm");
	bool is_dict = qpdf_oh_is_dictionary(q, af);
	bool indirect = is_dict && qpdf_oh_is_indirect(q, af);
	qpdf_oh fields = is_dict ? qpdf_oh_get_key(q, af, "/Fields") : 0;
	field_name(u, fields, name);
	struct buf extra;
	buf_init(&extra);
	buf_puts(&extra, " /Fields [ ");
	if (is_dict)
		items_text(u, fields, &extra);
	buf_printf(&extra, "%d 0 R ] /SigFlags 3", field_id);
	int af_id = indirect ? qpdf_oh_get_object_id(q, af) : u->next_id++;
	int af_gen = indirect ? qpdf_oh_get_generation(q, af) : 0;
	static const char *const drop_af[] = {"/Fields", "/SigFlags", NULL};
	static const char *const drop_root[] = {"/AcroForm", NULL};
	int rc = 0;
	obj_begin(u, af_id, af_gen);
	if (is_dict)
		rc = dict_with(u, af, drop_af, extra.data);
	else
		buf_printf(&u->b, "<<%s >>", extra.data);
	obj_end(u);
	if (!rc && !indirect) {
		char ref[40];
		snprintf(ref, sizeof ref, " /AcroForm %d 0 R", af_id);
		obj_begin(u, root_id, root_gen);
		rc = dict_with(u, root, drop_root, ref);
		obj_end(u);
	}
	buf_free(&extra);
	return rc;
}

static int page_write(struct update *u, qpdf_oh page, int field_id)
{
	static const char *const drop[] = {"/Annots", NULL};
	struct buf extra;
	buf_init(&extra);
	buf_puts(&extra, " /Annots [ ");
	items_text(u, qpdf_oh_get_key(u->d.q, page, "/Annots"), &extra);
	buf_printf(&extra, "%d 0 R ]", field_id);
	obj_begin(u, qpdf_oh_get_object_id(u->d.q, page), qpdf_oh_get_generation(u->d.q, page));
	int rc = dict_with(u, page, drop, extra.data);
	obj_end(u);
	buf_free(&extra);
	return rc;
}

static int written_cmp(const void *a, const void *b)
{
	const struct written *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

/* The trailer's keys: /Size, /Root, /Info and /ID carried over, /Prev. */
static void trailer_keys(struct update *u, const char *root, const char *info, const char *id)
{
	buf_printf(&u->b, "/Size %d /Root %s", u->next_id, root);
	if (info)
		buf_printf(&u->b, " /Info %s", info);
	if (id)
		buf_printf(&u->b, " /ID %s", id);
	buf_printf(&u->b, " /Prev %lld", (long long)u->prev);
}

static void xref_table_write(struct update *u, const char *root, const char *info, const char *id)
{
	size_t at = u->b.len;
	buf_puts(&u->b, "xref\n");
	for (int i = 0, j; i < u->nobj; i = j) {
		for (j = i + 1; j < u->nobj && u->obj[j].id == u->obj[j - 1].id + 1; j++)
			;
		buf_printf(&u->b, "%d %d\n", u->obj[i].id, j - i);
		for (int k = i; k < j; k++)
			buf_printf(&u->b, "%010zu %05d n\r\n", u->obj[k].off, u->obj[k].gen);
	}
	buf_puts(&u->b, "trailer\n<< ");
	trailer_keys(u, root, info, id);
	buf_printf(&u->b, " >>\nstartxref\n%zu\n%%%%EOF\n", at);
}

/* A cross-reference stream, uncompressed: /W [1 4 2] (type, offset,
 * generation), /Index listing the runs of consecutive objects. */
static void xref_stream_write(struct update *u, const char *root, const char *info, const char *id)
{
	int xid = u->next_id++;
	size_t at = u->b.len;
	u->obj[u->nobj++] = (struct written){xid, 0, at};
	qsort(u->obj, (size_t)u->nobj, sizeof u->obj[0], written_cmp);
	buf_printf(&u->b, "%d 0 obj\n<< /Type /XRef /W [1 4 2] /Index [", xid);
	for (int i = 0, j; i < u->nobj; i = j) {
		for (j = i + 1; j < u->nobj && u->obj[j].id == u->obj[j - 1].id + 1; j++)
			;
		buf_printf(&u->b, " %d %d", u->obj[i].id, j - i);
	}
	buf_puts(&u->b, " ] ");
	trailer_keys(u, root, info, id);
	buf_printf(&u->b, " /Length %d >>\nstream\n", 7 * u->nobj);
	for (int i = 0; i < u->nobj; i++) {
		size_t off = u->obj[i].off;
		unsigned char row[7] = {1,
		                        (unsigned char)(off >> 24),
		                        (unsigned char)(off >> 16),
		                        (unsigned char)(off >> 8),
		                        (unsigned char)off,
		                        (unsigned char)(u->obj[i].gen >> 8),
		                        (unsigned char)u->obj[i].gen};
		buf_add(&u->b, row, sizeof row);
	}
	buf_printf(&u->b, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", at);
}

/* Text of a trailer entry as it must be copied (NULL when absent). */
static char *trailer_entry(struct update *u, qpdf_oh trailer, const char *key)
{
	if (!qpdf_oh_has_key(u->d.q, trailer, key))
		return NULL;
	return pdf_ref_text(&u->d, qpdf_oh_get_key(u->d.q, trailer, key));
}

static int objects_write(struct update *u, const struct sign_signer *s,
                         const struct sign_pdf_options *o, struct xerr *e)
{
	qpdf_data q = u->d.q;
	qpdf_oh trailer = qpdf_get_trailer(q);
	qpdf_oh root = qpdf_get_root(q);
	long long size = 0;
	if (!qpdf_oh_get_value_as_longlong(q, qpdf_oh_get_key(q, trailer, "/Size"), &size) ||
	    size < 1 || size > MAX_OBJECTS || !qpdf_oh_is_dictionary(q, root) ||
	    !qpdf_oh_is_indirect(q, root))
		return xerr_set(e, XERR_UNPROCESSABLE, "file", "the PDF's trailer is damaged");
	if (qpdf_get_num_pages(q) < 1)
		return xerr_set(e, XERR_UNPROCESSABLE, "file", "the PDF has no page");
	qpdf_oh page = qpdf_get_page_n(q, 0);
	int root_id = qpdf_oh_get_object_id(q, root), root_gen = qpdf_oh_get_generation(q, root);
	char root_ref[48];
	snprintf(root_ref, sizeof root_ref, "%d %d R", root_id, root_gen);
	char *info = trailer_entry(u, trailer, "/Info");
	char *id = trailer_entry(u, trailer, "/ID");
	u->next_id = (int)size;
	int sig_id = u->next_id++, field_id = u->next_id++;
	char name[32];
	int rc = acroform_write(u, root, root_id, root_gen, field_id, name);
	if (!rc)
		rc = page_write(u, page, field_id);
	if (!rc) {
		obj_begin(u, field_id, 0);
		buf_printf(&u->b,
		           "<< /Type /Annot /Subtype /Widget /FT /Sig /T (%s) /V %d 0 R /F 132"
		           " /Rect [0 0 0 0] /P %d %d R >>",
		           name, sig_id, qpdf_oh_get_object_id(q, page),
		           qpdf_oh_get_generation(q, page));
		obj_end(u);
		sig_dict_write(u, sig_id, s, o);
	}
	if (rc || pdf_failed(&u->d)) {
		free(info);
		free(id);
		return xerr_set(e, XERR_UNPROCESSABLE, "file",
		                "the PDF's catalog or first page is damaged");
	}
	qsort(u->obj, (size_t)u->nobj, sizeof u->obj[0], written_cmp);
	if (pdf_xref_is_table(u->d.data, u->d.len, (size_t)u->prev))
		xref_table_write(u, root_ref, info, id);
	else
		xref_stream_write(u, root_ref, info, id);
	free(info);
	free(id);
	return 0;
}

/* Fills /ByteRange, hashes the bytes around /Contents, signs, and writes
 * the CMS in hex into /Contents. */
static int contents_fill(struct update *u, const struct sign_signer *s, struct xerr *e)
{
	unsigned char *p = (unsigned char *)u->b.data;
	size_t a = u->contents_at, b = a + u->contents_len, total = u->b.len;
	/* The numbers, then spaces up to the placeholder's width; no NUL. */
	char br[BYTERANGE_WIDTH + 1];
	int w = snprintf(br, sizeof br, "[0 %zu %zu %zu]", a, b, total - b);
	if (w < 0 || w > BYTERANGE_WIDTH)
		return xerr_set(e, XERR_LIMIT, "file", "PDF too large for its /ByteRange");
	memset(br + w, ' ', (size_t)(BYTERANGE_WIDTH - w));
	memcpy(p + u->byterange_at, br, BYTERANGE_WIDTH);
	unsigned char digest[32];
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) && EVP_DigestUpdate(md, p, a) &&
	         EVP_DigestUpdate(md, p + b, total - b) && EVP_DigestFinal_ex(md, digest, NULL);
	EVP_MD_CTX_free(md);
	if (!ok)
		return sign_ossl_fail(e, XERR_IO, NULL, "cannot hash the PDF");
	unsigned char *der;
	size_t der_len;
	const struct sign_signer *one[1] = {s};
	int rc = sign_cms_build(one, 1, digest, 0, &der, &der_len, e);
	if (rc)
		return rc;
	if (2 * der_len > u->contents_len - 2) {
		free(der);
		return xerr_set(e, XERR_IO, NULL, "the signature outgrew its reserved space");
	}
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < der_len; i++) {
		p[a + 1 + 2 * i] = (unsigned char)digits[der[i] >> 4];
		p[a + 2 + 2 * i] = (unsigned char)digits[der[i] & 15];
	}
	free(der);
	return 0;
}

int sign_pdf(const void *pdf, size_t len, const struct sign_signer *s,
             const struct sign_pdf_options *o, unsigned char **out, size_t *out_len, struct xerr *e)
{
	*out = NULL;
	*out_len = 0;
	if (o->signing_time <= 0)
		return xerr_set(e, XERR_INVALID, "signing_time", "a signing time is required");
	if (!sign_text_ok(o->reason, 200, false) || !sign_text_ok(o->location, 200, false))
		return xerr_set(e, XERR_INVALID, "reason",
		                "reason and location: at most 200 characters of text");
	if (len > SIGN_PDF_MAX)
		return xerr_set(e, XERR_LIMIT, "file", "PDF larger than %d bytes", SIGN_PDF_MAX);
	struct update u;
	memset(&u, 0, sizeof u);
	int rc = pdf_open(&u.d, pdf, len, true, e);
	if (rc == XERR_INVALID && pdf_open(&u.d, pdf, len, false, NULL) == 0) {
		/* qpdf can read it only by rebuilding its cross-reference table. */
		pdf_close(&u.d);
		return xerr_set(e, XERR_UNPROCESSABLE, "file",
		                "the PDF is damaged (repair it first, e.g. qpdf in.pdf out.pdf)");
	}
	if (rc)
		return rc;
	u.prev = pdf_startxref(pdf, len);
	if (qpdf_is_encrypted(u.d.q))
		rc =
		    xerr_set(e, XERR_UNPROCESSABLE, "file", "encrypted PDFs cannot be signed here");
	else if (u.prev < 0)
		rc = xerr_set(e, XERR_UNPROCESSABLE, "file", "the PDF has no startxref");
	buf_init(&u.b);
	if (!rc) {
		buf_add(&u.b, pdf, len);
		if (len && ((const char *)pdf)[len - 1] != '\n' &&
		    ((const char *)pdf)[len - 1] != '\r')
			buf_putc(&u.b, '\n');
		rc = objects_write(&u, s, o, e);
	}
	if (!rc)
		rc = contents_fill(&u, s, e);
	pdf_close(&u.d);
	if (rc) {
		buf_free(&u.b);
		return rc;
	}
	*out = (unsigned char *)buf_take(&u.b, out_len);
	return 0;
}
