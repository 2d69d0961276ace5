/*
 * pdf_verify.c: checking the signatures of a PDF (sign/pdf.h says what is
 * checked). qpdf finds the signature fields in the file as it is now;
 * each signature's bytes are then checked directly in the file: the
 * /ByteRange gap must hold exactly the /Contents string qpdf read, so no
 * other bytes can hide there, and the signed range must end a revision.
 * Changes made after a signature are judged by pdf_diff.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign/pdf.h"
#include "sign/pdf_int.h"
#include "sign/sign_int.h"

enum { MAX_FIELD_DEPTH = 16, MAX_FIELD_NODES = 10000 };

struct found {
	qpdf_oh v[SIGN_MAX_SIGNATURES + 1];
	int v_id[SIGN_MAX_SIGNATURES + 1];
	char name[SIGN_MAX_SIGNATURES + 1][64];
	int n, nodes;
};

static bool seen(const struct found *f, int id)
{
	for (int i = 0; i < f->n; i++)
		if (id && f->v_id[i] == id)
			return true;
	return false;
}

/* The signature fields of the AcroForm tree under node (/FT inherits). */
static void fields_walk(struct pdf *d, qpdf_oh node, const char *parent, bool sig, int depth,
                        struct found *f)
{
	qpdf_data q = d->q;
	if (depth > MAX_FIELD_DEPTH || ++f->nodes > MAX_FIELD_NODES || f->n > SIGN_MAX_SIGNATURES ||
	    !qpdf_oh_is_dictionary(q, node))
		return;
	char name[64];
	qpdf_oh t = qpdf_oh_get_key(q, node, "/T");
	const char *partial = qpdf_oh_is_string(q, t) ? qpdf_oh_get_utf8_value(q, t) : NULL;
	if (partial)
		snprintf(name, sizeof name, "%s%s%s", parent, *parent ? "." : "", partial);
	else
		snprintf(name, sizeof name, "%s", parent);
	if (qpdf_oh_has_key(q, node, "/FT"))
		sig = pdf_key_is(d, node, "/FT", "/Sig");
	qpdf_oh v = qpdf_oh_get_key(q, node, "/V");
	if (sig && qpdf_oh_is_dictionary(q, v) && !seen(f, qpdf_oh_get_object_id(q, v))) {
		f->v[f->n] = v;
		f->v_id[f->n] = qpdf_oh_get_object_id(q, v);
		snprintf(f->name[f->n], sizeof f->name[0], "%s", name);
		f->n++;
	}
	qpdf_oh kids = qpdf_oh_get_key(q, node, "/Kids");
	int n = qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_n_items(q, kids) : 0;
	for (int i = 0; i < n; i++)
		fields_walk(d, qpdf_oh_get_array_item(q, kids, i), name, sig, depth + 1, f);
}

/* A report entry for a signature that could not be checked at all. */
static int entry_bad(struct sign_report *r, const struct sign_signature *tmpl, unsigned problem,
                     const char *why, struct xerr *e)
{
	if (r->n == SIGN_MAX_SIGNATURES)
		return xerr_set(e, XERR_LIMIT, "file", "more than %d signatures",
		                SIGN_MAX_SIGNATURES);
	struct sign_signature *s = &r->sig[r->n++];
	*s = *tmpl;
	s->problems |= problem;
	sign_detail(s, "%s", why);
	return 0;
}

/* The four numbers of /ByteRange; false unless [0 a b c] with a < b and
 * b + c within the file. */
static bool byte_range(struct pdf *d, qpdf_oh v, size_t br[4])
{
	qpdf_oh a = qpdf_oh_get_key(d->q, v, "/ByteRange");
	if (!qpdf_oh_is_array(d->q, a) || qpdf_oh_get_array_n_items(d->q, a) != 4)
		return false;
	for (int i = 0; i < 4; i++) {
		long long x;
		if (!qpdf_oh_get_value_as_longlong(d->q, qpdf_oh_get_array_item(d->q, a, i), &x) ||
		    x < 0 || (unsigned long long)x > d->len)
			return false;
		br[i] = (size_t)x;
	}
	return br[0] == 0 && br[1] > 0 && br[1] < br[2] && br[3] <= d->len - br[2];
}

static int signature_check(struct pdf *d, qpdf_oh v, const char *name, const struct sign_trust *t,
                           int64_t now, struct sign_report *r, struct xerr *e)
{
	qpdf_data q = d->q;
	struct sign_signature tmpl;
	memset(&tmpl, 0, sizeof tmpl);
	snprintf(tmpl.field, sizeof tmpl.field, "%s", name);
	qpdf_oh sf = qpdf_oh_get_key(q, v, "/SubFilter");
	const char *sub = qpdf_oh_is_name(q, sf) ? qpdf_oh_get_name(q, sf) : "/";
	snprintf(tmpl.sub_filter, sizeof tmpl.sub_filter, "%s", sub + 1);
	if (strcmp(tmpl.sub_filter, "ETSI.CAdES.detached") != 0 &&
	    strcmp(tmpl.sub_filter, "adbe.pkcs7.detached") != 0)
		return entry_bad(r, &tmpl, SIGN_P_UNSUPPORTED, "signature format not supported", e);
	size_t br[4];
	if (!byte_range(d, v, br))
		return entry_bad(r, &tmpl, SIGN_P_FORMAT, "malformed /ByteRange", e);
	tmpl.covered = br[2] + br[3];
	tmpl.whole_file = tmpl.covered == d->len;
	size_t gap = br[2] - br[1];
	unsigned char *der = malloc(gap / 2 + 1);
	if (!der)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	size_t der_len = pdf_contents_decode(d->data + br[1], gap, der), n = 0;
	qpdf_oh c = qpdf_oh_get_key(q, v, "/Contents");
	const char *cs = qpdf_oh_is_string(q, c) ? qpdf_oh_get_binary_string_value(q, c, &n) : NULL;
	int rc;
	if (!der_len || !cs || n != (gap - 2) / 2 || memcmp(cs, der, n) != 0)
		rc = entry_bad(r, &tmpl, SIGN_P_FORMAT,
		               "the /ByteRange gap is not this signature's /Contents", e);
	else if (!pdf_ends_revision(d->data, tmpl.covered))
		rc =
		    entry_bad(r, &tmpl, SIGN_P_FORMAT, "the signed bytes do not end a revision", e);
	else {
		qpdf_oh m = qpdf_oh_get_key(q, v, "/M");
		const char *ms = qpdf_oh_is_string(q, m) ? qpdf_oh_get_utf8_value(q, m) : NULL;
		int64_t signed_at = ms ? pdf_date_parse(ms, strlen(ms)) : 0;
		struct sign_content content = {{d->data, d->data + br[2]}, {br[1], br[3]}, NULL};
		rc = sign_cms_check(der, der_len, &content, t, signed_at, now, &tmpl, r, e);
		if (rc == XERR_INVALID)
			rc = entry_bad(r, &tmpl, SIGN_P_FORMAT, e->msg, e);
	}
	free(der);
	return rc;
}

/* Marks the signatures followed by changes other than signatures. */
static void altered_mark(const unsigned char *data, size_t len, struct sign_report *r)
{
	size_t ends[SIGN_MAX_SIGNATURES];
	int m = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->sig[i].covered && (m == 0 || ends[m - 1] != r->sig[i].covered))
			ends[m++] = r->sig[i].covered;
	if (m == 0)
		return;
	char why[160] = "bytes were added after the last signature";
	bool altered = false;
	/* White space after %%EOF changes nothing a reader shows. */
	for (size_t i = ends[m - 1]; i < len && !altered; i++) {
		unsigned char c = data[i];
		altered = !(c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0);
	}
	for (int k = m - 1; k >= 0; k--) {
		if (!altered && k < m - 1)
			altered =
			    pdf_revision_diff(data, ends[k], ends[k + 1], why, sizeof why) != 0;
		for (size_t i = 0; altered && i < r->n; i++)
			if (r->sig[i].covered == ends[k]) {
				r->sig[i].problems |= SIGN_P_ALTERED;
				sign_detail(&r->sig[i], "changed after signing: %s", why);
			}
	}
}

/* Oldest signature first (insertion sort: at most 16, keeps field order). */
static void by_revision(struct sign_report *r)
{
	for (size_t i = 1; i < r->n; i++) {
		struct sign_signature s = r->sig[i];
		size_t j = i;
		for (; j > 0 && r->sig[j - 1].covered > s.covered; j--)
			r->sig[j] = r->sig[j - 1];
		r->sig[j] = s;
	}
}

int sign_pdf_verify(const void *pdf, size_t len, const struct sign_trust *t, int64_t now,
                    struct sign_report *r, struct xerr *e)
{
	memset(r, 0, sizeof *r);
	if (len > SIGN_PDF_MAX)
		return xerr_set(e, XERR_LIMIT, "file", "PDF larger than %d bytes", SIGN_PDF_MAX);
	struct pdf d;
	int rc = pdf_open(&d, pdf, len, false, e);
	if (rc)
		return rc;
	struct found f;
	memset(&f, 0, sizeof f);
	qpdf_oh root = qpdf_get_root(d.q);
	qpdf_oh af = qpdf_oh_is_dictionary(d.q, root) ? qpdf_oh_get_key(d.q, root, "/AcroForm") : 0;
	qpdf_oh fields =
	    af && qpdf_oh_is_dictionary(d.q, af) ? qpdf_oh_get_key(d.q, af, "/Fields") : 0;
	int n =
	    fields && qpdf_oh_is_array(d.q, fields) ? qpdf_oh_get_array_n_items(d.q, fields) : 0;
	for (int i = 0; i < n; i++)
		fields_walk(&d, qpdf_oh_get_array_item(d.q, fields, i), "", false, 0, &f);
	if (f.n > SIGN_MAX_SIGNATURES)
		rc =
		    xerr_set(e, XERR_LIMIT, "file", "more than %d signatures", SIGN_MAX_SIGNATURES);
	for (int i = 0; i < f.n && !rc; i++)
		rc = signature_check(&d, f.v[i], f.name[i], t, now, r, e);
	pdf_close(&d);
	if (rc)
		return rc;
	by_revision(r);
	altered_mark(pdf, len, r);
	sign_report_settle(r);
	return 0;
}
