/* Tests for src/sign/pdf_*.c: PAdES signatures embedded in PDFs of every
 * layout (classic tables, cross-reference and object streams, linearized
 * files, files with forms and earlier updates), the leader's signature
 * and the seal's after it; checked by our verifier and by pdfsig (poppler,
 * with the demo CA trusted in its NSS database). A changed byte, bytes
 * appended after signing, a change slipped in between two signatures, an
 * expired and a revoked certificate; signatures made by poppler itself;
 * files that cannot be signed; the byte-level helpers of pdf_doc.c. */
// needs: pdfsig qpdf certutil openssl
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pdf_samples.h"
#include "sign/pdf.h"
#include "sign/pdf_int.h"
#include "sign_fixture.h"

static char nss[96]; /* "sql:DIR/nss": pdfsig's database, the demo CA trusted */

static int setup(void **state)
{
	(void)state;
	tool_require("pdfsig", "poppler-utils");
	tool_require("qpdf", "qpdf");
	tool_require("certutil", "libnss3-tools");
	fixture_start(SIGN_KEY_RSA2048);
	const char *ca = file_put(dir, "ca.pem", demo.ca_pem.chain, demo.ca_pem.chain_len);
	char cmd[512], out[2048];
	snprintf(nss, sizeof nss, "sql:%s/nss", dir);
	snprintf(cmd, sizeof cmd,
	         "mkdir %s/nss && certutil -N -d %s --empty-password && "
	         "certutil -A -d %s -n xaso-demo-ca -t C,C,C -i %s",
	         dir, nss, nss, ca);
	if (run(cmd, out, sizeof out) != 0) {
		fprintf(stderr, "NSS database: %s\n", out);
		return -1;
	}
	return 0;
}

static unsigned char *sample(int pages, bool form, bool update, size_t *len)
{
	struct sample_pdf o = {pages, 2000, form, update};
	return sample_pdf_make(&o, len);
}

static unsigned char *sign_as(const struct sign_signer *s, const unsigned char *pdf, size_t len,
                              int64_t when, size_t *out_len)
{
	struct xerr e = {0};
	struct sign_pdf_options o = {when, "Ký duyệt kết quả giải quyết thủ tục hành chính",
	                             "UBND xã Bình Lư, tỉnh Lai Châu"};
	unsigned char *out;
	must(sign_pdf(pdf, len, s, &o, &out, out_len, &e), &e);
	assert_memory_equal(out, pdf, len); /* the original bytes are untouched */
	return out;
}

/* The leader signs, then the seal countersigns a minute later. */
static unsigned char *sign_twice(const unsigned char *pdf, size_t len, size_t *out_len)
{
	size_t n1;
	unsigned char *one = sign_as(demo.leader, pdf, len, fixture_now, &n1);
	unsigned char *two = sign_as(demo.seal, one, n1, fixture_now + 60, out_len);
	free(one);
	return two;
}

static void verify(const unsigned char *pdf, size_t len, const struct sign_trust *t, int64_t now,
                   struct sign_report *r)
{
	struct xerr e = {0};
	must(sign_pdf_verify(pdf, len, t, now, r, &e), &e);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* pdfsig's report of a file (certificates checked against the demo CA). */
static void pdfsig(const unsigned char *pdf, size_t len, char *out, size_t cap)
{
	char path[256], cmd[512];
	snprintf(path, sizeof path, "%s", file_put(dir, "check.pdf", pdf, len));
	/* Our certificates name no OCSP responder, so pdfsig goes nowhere;
	 * "-no-ocsp" would make poppler 22 call them "unknown issue". */
	snprintf(cmd, sizeof cmd, "pdfsig -nssdir %s %s", nss, path);
	run(cmd, out, cap);
}

/* Both signatures valid for us and for pdfsig, the second covering the
 * whole file. */
static void assert_two_valid(const unsigned char *pdf, size_t len)
{
	struct sign_report r;
	verify(pdf, len, demo.trust, fixture_now + 3600, &r);
	assert_int_equal(r.status, SIGN_VALID);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.sig[0].cert.common_name, "Lò Văn Thành");
	assert_string_equal(r.sig[1].cert.common_name, "UBND xã Bình Lư");
	assert_int_equal(r.sig[0].signed_at, fixture_now);
	assert_int_equal(r.sig[1].signed_at, fixture_now + 60);
	assert_false(r.sig[0].whole_file);
	assert_true(r.sig[1].whole_file);
	assert_int_equal(r.sig[1].covered, len);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(r.sig[i].problems, 0);
		assert_string_equal(r.sig[i].sub_filter, "ETSI.CAdES.detached");
	}
	char out[8192];
	pdfsig(pdf, len, out, sizeof out);
	assert_int_equal(count(out, "Signature Validation: Signature is Valid."), 2);
	assert_int_equal(count(out, "Certificate Validation: Certificate is Trusted."), 2);
	assert_int_equal(count(out, "Signature Type: ETSI.CAdES.detached"), 2);
	assert_int_equal(count(out, "Total document signed"), 1);
	assert_non_null(strstr(out, "Signer Certificate Common Name: Lò Văn Thành"));
}

static void test_classic(void **state)
{
	(void)state;
	size_t len, n;
	unsigned char *pdf = sample(2, false, false, &len);
	unsigned char *two = sign_twice(pdf, len, &n);
	assert_two_valid(two, n);
	/* A classic table, as the original has, and qpdf finds no fault. */
	assert_non_null(memmem(two + len, n - len, "\nxref\n", 6));
	assert_null(memmem(two + len, n - len, "/Type /XRef", 11));
	char cmd[512], out[4096];
	snprintf(cmd, sizeof cmd, "qpdf --check %s", file_put(dir, "two.pdf", two, n));
	assert_int_equal(run(cmd, out, sizeof out), 0);
	assert_non_null(strstr(out, "No syntax or stream encoding errors"));
	free(two);
	free(pdf);
}

/* The same input rewritten by qpdf into another layout. */
static unsigned char *convert(const unsigned char *pdf, size_t len, const char *args,
                              size_t *out_len)
{
	char in[256], cmd[1024], out[2048];
	snprintf(in, sizeof in, "%s", file_put(dir, "in.pdf", pdf, len));
	snprintf(cmd, sizeof cmd, "qpdf %s %s %s/converted.pdf", args, in, dir);
	assert_int_equal(run(cmd, out, sizeof out), 0);
	snprintf(cmd, sizeof cmd, "%s/converted.pdf", dir);
	unsigned char *p = file_get(cmd, out_len);
	assert_non_null(p);
	return p;
}

static void test_layouts(void **state)
{
	(void)state;
	static const struct {
		const char *qpdf; /* NULL: as made */
		bool stream;      /* its last cross-reference section is a stream */
	} layouts[] = {
	    {NULL, false},
	    {"--object-streams=generate", true},
	    {"--linearize", false},
	    {"--linearize --object-streams=generate", true},
	};
	size_t len;
	/* A form with a text field and a link on page 1, and an earlier update. */
	unsigned char *base = sample(3, true, true, &len);
	for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
		size_t in_len = len, n;
		unsigned char *in =
		    layouts[i].qpdf ? convert(base, len, layouts[i].qpdf, &in_len) : base;
		assert_int_equal(pdf_xref_is_table(in, in_len, (size_t)pdf_startxref(in, in_len)),
		                 !layouts[i].stream);
		unsigned char *two = sign_twice(in, in_len, &n);
		assert_two_valid(two, n);
		assert_int_equal(memmem(two + in_len, n - in_len, "/Type /XRef", 11) != NULL,
		                 layouts[i].stream);
		/* The form's own field is kept, the signature fields come after it. */
		struct sign_report r;
		verify(two, n, demo.trust, fixture_now, &r);
		assert_string_equal(r.sig[0].field, "Signature2");
		assert_string_equal(r.sig[1].field, "Signature3");
		free(two);
		if (in != base)
			free(in);
	}
	free(base);
}

static void test_changed_byte(void **state)
{
	(void)state;
	size_t len, n;
	unsigned char *pdf = sample(1, false, false, &len);
	unsigned char *two = sign_twice(pdf, len, &n);
	unsigned char *at = memmem(two, n, "trang 1/1", 9);
	assert_non_null(at);
	at[0] = 'T';
	struct sign_report r;
	verify(two, n, demo.trust, fixture_now, &r);
	assert_int_equal(r.status, SIGN_INVALID);
	assert_int_equal(r.sig[0].problems, SIGN_P_DIGEST);
	assert_int_equal(r.sig[1].problems, SIGN_P_DIGEST);
	char out[8192];
	pdfsig(two, n, out, sizeof out);
	assert_int_equal(count(out, "Signature is Valid."), 0);
	free(two);
	free(pdf);
}

/* The text of the last "key [ ... ]" array of the file, brackets included. */
static char *last_array(const unsigned char *pdf, size_t n, const char *key)
{
	const unsigned char *at = NULL, *p = pdf;
	while ((p = memmem(p, n - (size_t)(p - pdf), key, strlen(key))) != NULL)
		at = p++;
	assert_non_null(at);
	const unsigned char *open = memchr(at, '[', n - (size_t)(at - pdf));
	const unsigned char *close = memchr(open, ']', n - (size_t)(open - pdf));
	return strndup((const char *)open, (size_t)(close - open) + 1);
}

/* Appends an update redefining object `id` as `body` (a dictionary, with
 * stream data when `stream` is not NULL). */
static unsigned char *append_update(const unsigned char *pdf, size_t len, int id, const char *body,
                                    const char *stream, size_t *out_len)
{
	struct buf b;
	buf_init(&b);
	buf_add(&b, pdf, len);
	size_t off = b.len;
	if (stream)
		buf_printf(&b, "%d 0 obj\n<< /Length %zu >>\nstream\n%s\nendstream\nendobj\n", id,
		           strlen(stream), stream);
	else
		buf_printf(&b, "%d 0 obj\n%s\nendobj\n", id, body);
	size_t x = b.len;
	/* /Size as the last trailer says (ours, written by sign_pdf). */
	const unsigned char *size = NULL, *p = pdf;
	while ((p = memmem(p, len - (size_t)(p - pdf), "/Size ", 6)) != NULL)
		size = p++;
	assert_non_null(size);
	buf_printf(&b,
	           "xref\n%d 1\n%010zu 00000 n\r\ntrailer\n<< /Size %d /Root 1 0 R /Prev %lld >>\n"
	           "startxref\n%zu\n%%%%EOF\n",
	           id, off, atoi((const char *)size + 6), (long long)pdf_startxref(pdf, len), x);
	return (unsigned char *)buf_take(&b, out_len);
}

static const char forged[] = "BT /F1 18 Tf 72 760 Td (UBND xa Binh Lu - DA SUA) Tj ET";

static void test_appended(void **state)
{
	(void)state;
	size_t len, n, m;
	unsigned char *pdf = sample(1, false, false, &len);
	unsigned char *two = sign_twice(pdf, len, &n);
	struct sign_report r;

	/* White space after %%EOF changes nothing. */
	unsigned char *more = malloc(n + 3);
	memcpy(more, two, n);
	memcpy(more + n, "\r\n\n", 3);
	verify(more, n + 3, demo.trust, fixture_now, &r);
	assert_int_equal(r.status, SIGN_VALID);
	assert_false(r.sig[1].whole_file);
	/* Any other byte does. */
	more[n] = '%';
	verify(more, n + 3, demo.trust, fixture_now, &r);
	assert_int_equal(r.status, SIGN_ALTERED);
	assert_int_equal(r.sig[0].problems, SIGN_P_ALTERED);
	assert_int_equal(r.sig[1].problems, SIGN_P_ALTERED);
	free(more);

	/* A new version of the page's text after both signatures: pdfsig
	 * still calls both signatures valid (they are, for their revisions)
	 * and shows the forged text; we report the file as altered. */
	unsigned char *forgery = append_update(two, n, 10, NULL, forged, &m);
	verify(forgery, m, demo.trust, fixture_now, &r);
	assert_int_equal(r.status, SIGN_ALTERED);
	assert_non_null(strstr(r.sig[1].detail, "added after the last signature"));
	char out[8192];
	pdfsig(forgery, m, out, sizeof out);
	assert_int_equal(count(out, "Signature is Valid."), 2);
	assert_int_equal(count(out, "Not total document signed"), 2);
	free(forgery);
	free(two);
	free(pdf);
}

/* A change slipped in between the leader's signature and the seal's. */
static void test_change_between(void **state)
{
	(void)state;
	size_t len, n1, m, n2;
	unsigned char *pdf = sample(1, false, false, &len);
	unsigned char *one = sign_as(demo.leader, pdf, len, fixture_now, &n1);
	struct sign_report r;

	unsigned char *changed = append_update(one, n1, 10, NULL, forged, &m);
	unsigned char *two = sign_as(demo.seal, changed, m, fixture_now + 60, &n2);
	verify(two, n2, demo.trust, fixture_now, &r);
	assert_int_equal(r.status, SIGN_ALTERED);
	assert_int_equal(r.sig[0].status, SIGN_ALTERED);
	assert_non_null(strstr(r.sig[0].detail, "object 10 was changed"));
	assert_int_equal(r.sig[1].status, SIGN_VALID);
	free(two);
	free(changed);

	/* A note added to the page: not a signature either. */
	char *annots = last_array(one, n1, "/Annots");
	char page[512];
	snprintf(page, sizeof page,
	         "<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 595 842 ] /Contents 10 0 R "
	         "/Resources << /Font << /F1 3 0 R >> /XObject << /Im0 5 0 R >> >> /Annots [ %.*s "
	         "<< /Type /Annot /Subtype /Text /Rect [ 0 0 20 20 ] /Contents (da duyet) >> ] >>",
	         (int)strlen(annots) - 2, annots + 1);
	free(annots);
	changed = append_update(one, n1, 9, page, NULL, &m);
	two = sign_as(demo.seal, changed, m, fixture_now + 60, &n2);
	verify(two, n2, demo.trust, fixture_now, &r);
	assert_int_equal(r.sig[0].status, SIGN_ALTERED);
	assert_non_null(strstr(r.sig[0].detail, "annotations gained an entry"));
	assert_int_equal(r.sig[1].status, SIGN_VALID);
	free(two);
	free(changed);

	/* The same page rewritten with nothing changed is no change. */
	annots = last_array(one, n1, "/Annots");
	snprintf(page, sizeof page,
	         "<< /Annots %s /Type /Page /Parent 2 0 R /MediaBox [ 0 0 595 842 ] "
	         "/Contents 10 0 R /Resources << /XObject << /Im0 5 0 R >> /Font << /F1 3 0 R >> "
	         ">> >>",
	         annots);
	free(annots);
	changed = append_update(one, n1, 9, page, NULL, &m);
	two = sign_as(demo.seal, changed, m, fixture_now + 60, &n2);
	verify(two, n2, demo.trust, fixture_now, &r);
	assert_int_equal(r.status, SIGN_VALID);
	free(two);
	free(changed);
	free(one);
	free(pdf);
}

static void test_expired_and_revoked(void **state)
{
	(void)state;
	struct xerr e = {0};
	size_t len, n;
	unsigned char *pdf = sample(1, false, false, &len);
	struct sign_signer *old = NULL;
	struct sign_issue req =
	    fixture_request(SIGN_ROLE_PERSON, "Nguyễn Văn Cũ", fixture_now - 400 * DAY,
	                    fixture_now - 30 * DAY, SIGN_KEY_RSA2048);
	must(sign_cert_issue(demo.ca, &req, &old, &e), &e);
	unsigned char *signed_pdf = sign_as(old, pdf, len, fixture_now, &n);
	struct sign_report r;
	verify(signed_pdf, n, demo.trust, fixture_now, &r);
	assert_int_equal(r.status, SIGN_EXPIRED);
	assert_int_equal(r.sig[0].problems, SIGN_P_EXPIRED_THEN | SIGN_P_EXPIRED_NOW);
	char out[8192];
	pdfsig(signed_pdf, n, out, sizeof out);
	assert_non_null(strstr(out, "Certificate has Expired"));
	free(signed_pdf);
	sign_signer_free(old);

	/* The seal revoked by the CA's CRL. */
	char *crl;
	size_t crl_len;
	struct sign_trust *t =
	    demo_trust_revoking(&demo, demo.seal, fixture_now - 60, &crl, &crl_len);
	unsigned char *two = sign_twice(pdf, len, &n);
	verify(two, n, t, fixture_now, &r);
	assert_int_equal(r.status, SIGN_REVOKED);
	assert_int_equal(r.sig[0].status, SIGN_VALID);
	assert_int_equal(r.sig[1].status, SIGN_REVOKED);
	sign_trust_free(t);
	free(crl);
	free(two);
	free(pdf);
}

/* poppler signs (adbe.pkcs7.detached, a visible signature with its font,
 * BER from NSS): we accept its signature, countersign after it, and accept
 * its signature after ours. */
static void test_poppler_signatures(void **state)
{
	(void)state;
	struct xerr e = {0};
	static const char pass[] = "p12-passphrase";
	struct sign_pem p;
	must(sign_signer_export(demo.leader, pass, strlen(pass), &p, &e), &e);
	char chain[256], key[256], cmd[2048], out[8192];
	snprintf(chain, sizeof chain, "%s", file_put(dir, "leader.pem", p.chain, p.chain_len));
	snprintf(key, sizeof key, "%s", file_put(dir, "leader.key", p.key, p.key_len));
	sign_pem_free(&p);
	snprintf(cmd, sizeof cmd,
	         "openssl pkcs12 -export -in %s -inkey %s -passin pass:%s -passout pass:%s "
	         "-name leader -out %s/leader.p12 && pk12util -i %s/leader.p12 -d %s -W %s",
	         chain, key, pass, pass, dir, dir, nss, pass);
	assert_int_equal(run(cmd, out, sizeof out), 0);

	size_t len, n, m;
	unsigned char *pdf = sample(1, false, false, &len);
	snprintf(cmd, sizeof cmd,
	         "pdfsig -nssdir %s -add-signature -nick leader -reason duyet %s %s/poppler.pdf",
	         nss, file_put(dir, "plain.pdf", pdf, len), dir);
	assert_int_equal(run(cmd, out, sizeof out), 0);
	snprintf(cmd, sizeof cmd, "%s/poppler.pdf", dir);
	unsigned char *theirs = file_get(cmd, &n);
	struct sign_report r;
	verify(theirs, n, demo.trust, fixture_now + 600, &r);
	assert_int_equal(r.status, SIGN_VALID);
	assert_string_equal(r.sig[0].sub_filter, "adbe.pkcs7.detached");
	unsigned char *both = sign_as(demo.seal, theirs, n, fixture_now + 60, &m);
	verify(both, m, demo.trust, fixture_now + 600, &r);
	assert_int_equal(r.status, SIGN_VALID);
	assert_int_equal(r.n, 2);
	pdfsig(both, m, out, sizeof out);
	assert_int_equal(count(out, "Signature is Valid."), 2);
	free(both);
	free(theirs);

	unsigned char *ours = sign_as(demo.seal, pdf, len, fixture_now, &n);
	snprintf(cmd, sizeof cmd, "pdfsig -nssdir %s -add-signature -nick leader %s %s/after.pdf",
	         nss, file_put(dir, "ours.pdf", ours, n), dir);
	assert_int_equal(run(cmd, out, sizeof out), 0);
	snprintf(cmd, sizeof cmd, "%s/after.pdf", dir);
	theirs = file_get(cmd, &m);
	verify(theirs, m, demo.trust, fixture_now + 600, &r);
	assert_int_equal(r.status, SIGN_VALID);
	assert_int_equal(r.n, 2);
	free(theirs);
	free(ours);
	free(pdf);
}

static void test_refused(void **state)
{
	(void)state;
	struct xerr e = {0};
	size_t len, n;
	unsigned char *pdf = sample(1, false, false, &len), *out = NULL;
	struct sign_report r;
	verify(pdf, len, demo.trust, fixture_now, &r);
	assert_int_equal(r.status, SIGN_UNSIGNED);
	assert_int_equal(r.n, 0);
	assert_int_equal(sign_pdf_verify("%PDF-1.4 nothing", 16, demo.trust, fixture_now, &r, &e),
	                 XERR_INVALID);
	assert_string_equal(e.field, "file");
	struct sign_pdf_options o = {0, NULL, NULL};
	assert_int_equal(sign_pdf(pdf, len, demo.seal, &o, &out, &n, &e), XERR_INVALID);
	o.signing_time = fixture_now;
	o.reason = "line\nbreak";
	assert_int_equal(sign_pdf(pdf, len, demo.seal, &o, &out, &n, &e), XERR_INVALID);
	o.reason = NULL;
	assert_int_equal(sign_pdf("junk", 4, demo.seal, &o, &out, &n, &e), XERR_INVALID);

	/* Encrypted (opens without a password, restricted by its owner): refused. */
	unsigned char *enc = convert(pdf, len, "--encrypt '' owner 256 --", &n);
	size_t m;
	assert_int_equal(sign_pdf(enc, n, demo.seal, &o, &out, &m, &e), XERR_UNPROCESSABLE);
	assert_non_null(strstr(e.msg, "encrypted"));
	free(enc);

	/* A wrong startxref: qpdf could rebuild the table, we do not sign it. */
	unsigned char *bad = malloc(len);
	memcpy(bad, pdf, len);
	unsigned char *sx = memmem(bad, len, "startxref\n", 10);
	sx[10] = sx[10] == '9' ? '1' : (unsigned char)(sx[10] + 1);
	assert_int_equal(sign_pdf(bad, len, demo.seal, &o, &out, &m, &e), XERR_UNPROCESSABLE);
	assert_null(out);
	free(bad);
	free(pdf);
}

static void test_helpers(void **state)
{
	(void)state;
	static const char tail[] = "trailer\n<< >>\nstartxref\n  123\r\n%%EOF\r\n";
	char file[300];
	memset(file, ' ', 200);
	memcpy(file + 200, tail, sizeof tail);
	size_t n = 200 + sizeof tail - 1;
	assert_int_equal(pdf_startxref((unsigned char *)file, n), 123);
	assert_true(pdf_ends_revision((unsigned char *)file, n));
	assert_false(pdf_ends_revision((unsigned char *)file, n - 3));
	assert_int_equal(pdf_startxref((unsigned char *)"startxref 99", 12), -1); /* past itself */
	assert_int_equal(pdf_startxref((unsigned char *)"no such word", 12), -1);

	/* 2025-09-01 15:00 in Vietnam is 08:00 UTC. */
	assert_int_equal(pdf_date_parse("D:20250901150000+07'00'", 23), 1756713600);
	assert_int_equal(pdf_date_parse("D:20250901080000Z", 17), 1756713600);
	assert_int_equal(pdf_date_parse("20250901080000", 14), 1756713600);
	assert_int_equal(pdf_date_parse("D:2025", 6), 1735689600);
	assert_int_equal(pdf_date_parse("D:20251301", 10), 0);
	assert_int_equal(pdf_date_parse("D:2025090108000", 15), 0);
	char d[32];
	pdf_date_format(1756713600, d);
	assert_string_equal(d, "D:20250901150000+07'00'");

	struct buf b;
	buf_init(&b);
	pdf_text_string(&b, "a(b)\\c");
	buf_putc(&b, ' ');
	pdf_text_string(&b, "Lư");
	buf_putc(&b, ' ');
	pdf_text_string(&b, "\xf0\x9f\x98\x80"); /* U+1F600: a surrogate pair */
	assert_string_equal(b.data, "(a\\(b\\)\\\\c) <FEFF004C01B0> <FEFFD83DDE00>");
	buf_free(&b);

	unsigned char out[8];
	assert_int_equal(pdf_contents_decode((unsigned char *)"<30020500>", 10, out), 4);
	assert_int_equal(pdf_contents_decode((unsigned char *)"<3002050>", 9, out), 0);
	assert_int_equal(pdf_contents_decode((unsigned char *)"<31020500>", 10, out), 0);
	assert_int_equal(pdf_contents_decode((unsigned char *)"<30g20500>", 10, out), 0);
	assert_int_equal(pdf_contents_decode((unsigned char *)"(3002050)", 9, out), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_classic),
	    cmocka_unit_test(test_layouts),
	    cmocka_unit_test(test_changed_byte),
	    cmocka_unit_test(test_appended),
	    cmocka_unit_test(test_change_between),
	    cmocka_unit_test(test_expired_and_revoked),
	    cmocka_unit_test(test_poppler_signatures),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_helpers),
	};
	return cmocka_run_group_tests(tests, setup, fixture_stop);
}
