/*
 * results_check.c: checking a signed result (web/results.h), for
 * /verify/ID and `xaso verify`. Three things are checked against the
 * stored CAs and CRLs, as of the instant given:
 *   - the record of the cover page: it must decode as canonical bytes,
 *     its CMS must verify, and the file's SHA-256 it names must be the
 *     signed file's;
 *   - the signed file as stored: the signatures inside the PDF, or the
 *     detached CMS over the file;
 *   - a file someone presents (its bytes, or only its SHA-256): is it the
 *     one signed, and if not, what its own signatures say (a signed PDF
 *     changed afterwards is reported altered).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "sign/cms.h"
#include "sign/pdf.h"
#include "web/results.h"

static bool is_pdf(const void *p, size_t n)
{
	return n >= 5 && memcmp(p, "%PDF-", 5) == 0;
}

/* The report of a check that could not run: invalid, no signature read. */
static void report_broken(struct sign_report *r)
{
	memset(r, 0, sizeof *r);
	r->status = SIGN_INVALID;
}

/* The signed file as stored: its embedded signatures, or its CMS. */
static void check_stored(struct store *s, const struct sign_trust *t, int64_t now,
                         const struct buf *p7s, struct result_check *c)
{
	struct buf file;
	buf_init(&file);
	struct xerr e = {0};
	char mime[32];
	int rc = results_file_read(s, c->sig.signed_sha256, &file, mime, &e);
	if (rc == 0 && !strcmp(c->sig.format, "pades"))
		rc = sign_pdf_verify(file.data, file.len, t, now, &c->file_report, &e);
	else if (rc == 0)
		rc = sign_cms_verify(file.data, file.len, p7s->data, p7s->len, t, now,
		                     &c->file_report, &e);
	if (rc)
		report_broken(&c->file_report);
	buf_free(&file);
}

/* The record: canonical, signed, and naming the signed file. */
static void check_record(const struct sign_trust *t, int64_t now, const struct buf *rec,
                         const struct buf *p7s, struct result_check *c)
{
	struct xerr e = {0};
	c->record_decodes =
	    rec->len && result_record_decode(rec->data, rec->len, &c->record, &e) == 0;
	if (!c->record_decodes)
		memset(&c->record, 0, sizeof c->record);
	if (!rec->len || !p7s->len ||
	    sign_cms_verify(rec->data, rec->len, p7s->data, p7s->len, t, now, &c->record_report,
	                    &e) != 0)
		report_broken(&c->record_report);
	if (!c->record_decodes || strcmp(c->record.file_sha256, c->sig.signed_sha256))
		c->record_report.status = SIGN_INVALID;
}

static void sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, p, n);
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* A file presented by its bytes, or by its SHA-256 alone. */
static void check_presented(const struct sign_trust *t, int64_t now, const void *file, size_t len,
                            const char *sha256, const struct buf *p7s, struct result_check *c)
{
	struct xerr e = {0};
	c->presented = true;
	if (file)
		sha256_hex(file, len, c->presented_sha256);
	else
		snprintf(c->presented_sha256, sizeof c->presented_sha256, "%s", sha256);
	c->matches = !strcmp(c->presented_sha256, c->sig.signed_sha256);
	bool cms = !strcmp(c->sig.format, "cms");
	int rc = 0;
	if (file && is_pdf(file, len))
		rc = sign_pdf_verify(file, len, t, now, &c->presented_report, &e);
	else if (file && cms)
		rc = sign_cms_verify(file, len, p7s->data, p7s->len, t, now, &c->presented_report,
		                     &e);
	else if (cms) {
		unsigned char raw[32];
		rc = sodium_hex2bin(raw, sizeof raw, c->presented_sha256, 64, NULL, NULL, NULL) ||
		             sign_cms_verify_sha256(raw, p7s->data, p7s->len, t, now,
		                                    &c->presented_report, &e)
		         ? -1
		         : 0;
	} else if (c->matches) /* a PDF named by its hash: the stored one's verdict */
		c->presented_report = c->file_report;
	else
		rc = -1;
	if (rc)
		report_broken(&c->presented_report);
}

static void signer_prints(struct store *s, struct result_check *c)
{
	struct cert_row row;
	struct xerr e = {0};
	if (c->sig.leader_cert && store_cert_get(s, c->sig.leader_cert, &row, &e) == 0)
		snprintf(c->leader_sha256, sizeof c->leader_sha256, "%s", row.sha256);
	if (store_cert_get(s, c->sig.seal_cert, &row, &e) == 0)
		snprintf(c->seal_sha256, sizeof c->seal_sha256, "%s", row.sha256);
}

int results_check(struct store *s, const char *public_id, int64_t now, const void *file, size_t len,
                  const char *sha256, struct result_check *out, struct xerr *e)
{
	memset(out, 0, sizeof *out);
	struct buf rec, rec_p7s, file_p7s;
	buf_init(&rec);
	buf_init(&rec_p7s);
	buf_init(&file_p7s);
	struct result_signature_data data = {&rec, &rec_p7s, &file_p7s};
	struct sign_trust *t = NULL;
	int rc = store_result_signature(s, public_id, &out->sig, &data, e);
	/* A damaged stored signature is still checked: it fails. */
	if (rc == XERR_CONFLICT)
		rc = 0;
	if (rc == 0)
		rc = results_trust(s, &t, e);
	if (rc == 0) {
		signer_prints(s, out);
		check_record(t, now, &rec, &rec_p7s, out);
		check_stored(s, t, now, &file_p7s, out);
		out->status = out->record_report.status > out->file_report.status
		                  ? out->record_report.status
		                  : out->file_report.status;
		if (file || (sha256 && *sha256))
			check_presented(t, now, file, len, sha256, &file_p7s, out);
	}
	sign_trust_free(t);
	buf_free(&rec);
	buf_free(&rec_p7s);
	buf_free(&file_p7s);
	return rc;
}

const char *results_signer_role(const struct result_check *c, const struct sign_cert_info *ci)
{
	if (c->leader_sha256[0] && !strcmp(ci->sha256, c->leader_sha256))
		return "leader";
	if (c->seal_sha256[0] && !strcmp(ci->sha256, c->seal_sha256))
		return "seal";
	return "";
}
