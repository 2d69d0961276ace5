/* Tests for src/sign/cms.c: detached .p7s signatures by the leader and the
 * seal, checked by our code and by `openssl cms -verify`; a changed file,
 * a damaged signature, an expired, a revoked and an untrusted certificate;
 * the signed record of a result's cover page (core/result_record.c). */
// needs: openssl
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <openssl/sha.h>

#include "core/result_record.h"
#include "sign/cms.h"
#include "sign_fixture.h"

static const char ca_name[] = "ca.pem";

/* A result file that is not a PDF: some text and every byte value. */
static unsigned char result[4096];

static int setup(void **state)
{
	(void)state;
	tool_require("openssl", "openssl");
	fixture_start(SIGN_KEY_RSA2048);
	file_put(dir, ca_name, demo.ca_pem.chain, demo.ca_pem.chain_len);
	static const char text[] = "Giấy chứng nhận đăng ký hộ kinh doanh - UBND xã Bình Lư\n";
	memcpy(result, text, sizeof text - 1);
	for (size_t i = sizeof text - 1; i < sizeof result; i++)
		result[i] = (unsigned char)(i * 7);
	return 0;
}

static void sign_both(const void *data, size_t len, int64_t when, unsigned char **der,
                      size_t *der_len)
{
	struct xerr e = {0};
	const struct sign_signer *both[] = {demo.leader, demo.seal};
	must(sign_cms_detached(data, len, both, 2, when, der, der_len, &e), &e);
}

/* `openssl cms -verify` of data against its .p7s; returns its status. */
static int openssl_verify(const void *data, size_t len, const unsigned char *der, size_t der_len,
                          const char *extra, char *out, size_t cap)
{
	char cmd[1024], ca[128];
	snprintf(ca, sizeof ca, "%s/%s", dir, ca_name);
	const char *content = file_put(dir, "file.bin", data, len);
	char content_path[256];
	snprintf(content_path, sizeof content_path, "%s", content);
	const char *p7s = file_put(dir, "file.bin.p7s", der, der_len);
	snprintf(cmd, sizeof cmd,
	         "openssl cms -verify -binary -inform DER -in %s -content %s -CAfile %s %s "
	         "-out /dev/null",
	         p7s, content_path, ca, extra);
	return run(cmd, out, cap);
}

/* The entry of r signed by the seal (DER sorts the SignerInfos of a
 * SET OF by their bytes: their order tells nothing). */
static const struct sign_signature *seal_of(const struct sign_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->sig[i].cert.unit_code[0])
			return &r->sig[i];
	fail_msg("no seal in the report");
	return NULL;
}

static const struct sign_signature *leader_of(const struct sign_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->sig[i].cert.login[0])
			return &r->sig[i];
	fail_msg("no leader in the report");
	return NULL;
}

static void test_two_signers(void **state)
{
	(void)state;
	unsigned char *der;
	size_t der_len;
	sign_both(result, sizeof result, fixture_now, &der, &der_len);
	struct sign_report r;
	struct xerr e = {0};
	must(sign_cms_verify(result, sizeof result, der, der_len, demo.trust, fixture_now + 60, &r,
	                     &e),
	     &e);
	assert_int_equal(r.status, SIGN_VALID);
	assert_int_equal(r.n, 2);
	assert_string_equal(leader_of(&r)->cert.common_name, "Lò Văn Thành");
	assert_string_equal(seal_of(&r)->cert.common_name, "UBND xã Bình Lư");
	assert_string_equal(seal_of(&r)->cert.unit_code, "03199");
	for (int i = 0; i < 2; i++) {
		assert_int_equal(r.sig[i].problems, 0);
		assert_int_equal(r.sig[i].signed_at, fixture_now);
	}

	char out[8192];
	assert_int_equal(openssl_verify(result, sizeof result, der, der_len, "", out, sizeof out),
	                 0);
	assert_non_null(strstr(out, "Verification successful"));
	/* CAdES B-B attributes, two SignerInfos, the chain included once. */
	const char *p7s = file_put(dir, "look.p7s", der, der_len);
	char cmd[512];
	snprintf(cmd, sizeof cmd,
	         "openssl cms -cmsout -print -inform DER -in %s | grep -o 'object: [a-zA-Z0-9-]*' "
	         "| sort | uniq -c",
	         p7s);
	assert_int_equal(run(cmd, out, sizeof out), 0);
	assert_non_null(strstr(out, "2 object: id-smime-aa-signingCertificateV2"));
	assert_non_null(strstr(out, "2 object: signingTime"));
	assert_non_null(strstr(out, "2 object: messageDigest"));
	assert_non_null(strstr(out, "2 object: contentType"));
	/* The certificate set: leader, seal and the CA once (not twice). */
	snprintf(cmd, sizeof cmd,
	         "openssl pkcs7 -inform DER -in %s -print_certs | grep -c '^subject'", p7s);
	assert_int_equal(run(cmd, out, sizeof out), 0);
	assert_int_equal(atoi(out), 3);
	free(der);
}

static void test_changed_file(void **state)
{
	(void)state;
	unsigned char *der;
	size_t der_len;
	sign_both(result, sizeof result, fixture_now, &der, &der_len);
	unsigned char changed[sizeof result];
	memcpy(changed, result, sizeof result);
	changed[100] ^= 1;
	struct sign_report r;
	struct xerr e = {0};
	must(
	    sign_cms_verify(changed, sizeof changed, der, der_len, demo.trust, fixture_now, &r, &e),
	    &e);
	assert_int_equal(r.status, SIGN_INVALID);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.sig[0].problems, SIGN_P_DIGEST);
	assert_int_equal(r.sig[1].problems, SIGN_P_DIGEST);
	char out[4096];
	assert_int_not_equal(
	    openssl_verify(changed, sizeof changed, der, der_len, "", out, sizeof out), 0);

	/* A file presented by its SHA-256 only. */
	unsigned char h[32];
	SHA256(result, sizeof result, h);
	must(sign_cms_verify_sha256(h, der, der_len, demo.trust, fixture_now, &r, &e), &e);
	assert_int_equal(r.status, SIGN_VALID);
	h[0] ^= 1;
	must(sign_cms_verify_sha256(h, der, der_len, demo.trust, fixture_now, &r, &e), &e);
	assert_int_equal(r.status, SIGN_INVALID);
	assert_true(r.sig[0].problems & SIGN_P_DIGEST);

	/* The last SignerInfo's signature value damaged (it ends the DER). */
	der[der_len - 5] ^= 0x40;
	must(sign_cms_verify(result, sizeof result, der, der_len, demo.trust, fixture_now, &r, &e),
	     &e);
	assert_int_equal(r.status, SIGN_INVALID);
	assert_int_equal(r.sig[0].status + r.sig[1].status, SIGN_INVALID);
	assert_int_equal(r.sig[0].problems | r.sig[1].problems, SIGN_P_SIGNATURE);
	assert_int_not_equal(
	    openssl_verify(result, sizeof result, der, der_len, "", out, sizeof out), 0);
	assert_int_equal(
	    sign_cms_verify(result, sizeof result, "junk", 4, demo.trust, fixture_now, &r, &e),
	    XERR_INVALID);
	free(der);
}

static void test_expired(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct sign_signer *old = NULL;
	struct sign_issue req =
	    fixture_request(SIGN_ROLE_PERSON, "Nguyễn Văn Cũ", fixture_now - 400 * DAY,
	                    fixture_now - 30 * DAY, SIGN_KEY_P256);
	must(sign_cert_issue(demo.ca, &req, &old, &e), &e);
	unsigned char *der;
	size_t der_len;
	const struct sign_signer *one[] = {old};
	must(sign_cms_detached(result, sizeof result, one, 1, fixture_now, &der, &der_len, &e), &e);
	struct sign_report r;
	must(sign_cms_verify(result, sizeof result, der, der_len, demo.trust, fixture_now, &r, &e),
	     &e);
	assert_int_equal(r.status, SIGN_EXPIRED);
	assert_int_equal(r.sig[0].problems, SIGN_P_EXPIRED_THEN | SIGN_P_EXPIRED_NOW);
	char out[4096];
	assert_int_not_equal(
	    openssl_verify(result, sizeof result, der, der_len, "", out, sizeof out), 0);
	assert_non_null(strstr(out, "expired"));
	free(der);

	/* Signed while valid, checked after the certificate ran out. */
	sign_both(result, sizeof result, fixture_now, &der, &der_len);
	must(sign_cms_verify(result, sizeof result, der, der_len, demo.trust,
	                     fixture_now + 800 * DAY, &r, &e),
	     &e);
	assert_int_equal(r.status, SIGN_EXPIRED);
	assert_int_equal(r.sig[0].problems, SIGN_P_EXPIRED_NOW);
	free(der);
	sign_signer_free(old);
}

static void test_revoked_and_untrusted(void **state)
{
	(void)state;
	struct xerr e = {0};
	char *crl;
	size_t crl_len;
	struct sign_trust *t =
	    demo_trust_revoking(&demo, demo.seal, fixture_now - 600, &crl, &crl_len);
	unsigned char *der;
	size_t der_len;
	sign_both(result, sizeof result, fixture_now, &der, &der_len);
	struct sign_report r;
	must(sign_cms_verify(result, sizeof result, der, der_len, t, fixture_now, &r, &e), &e);
	assert_int_equal(r.status, SIGN_REVOKED);
	assert_int_equal(leader_of(&r)->status, SIGN_VALID);
	assert_int_equal(seal_of(&r)->status, SIGN_REVOKED);
	assert_int_equal(seal_of(&r)->revoked_at, fixture_now - 600);
	/* openssl, given the same CRL (it reads CRLs from the CA file),
	 * refuses it too. */
	char extra[256], out[4096], *both = malloc(demo.ca_pem.chain_len + crl_len);
	memcpy(both, demo.ca_pem.chain, demo.ca_pem.chain_len);
	memcpy(both + demo.ca_pem.chain_len, crl, crl_len);
	snprintf(extra, sizeof extra, "-crl_check -CAfile %s",
	         file_put(dir, "ca-crl.pem", both, demo.ca_pem.chain_len + crl_len));
	free(both);
	assert_int_not_equal(
	    openssl_verify(result, sizeof result, der, der_len, extra, out, sizeof out), 0);
	assert_non_null(strstr(out, "revoked"));
	sign_trust_free(t);
	free(crl);

	/* Trusting another CA only: untrusted. */
	struct sign_signer *other = NULL;
	struct sign_issue req = fixture_request(SIGN_ROLE_CA, "Other CA", fixture_now - DAY,
	                                        fixture_now + DAY, SIGN_KEY_P256);
	must(sign_ca_new(&req, &other, &e), &e);
	struct sign_pem p;
	must(sign_signer_export(other, NULL, 0, &p, &e), &e);
	must(sign_trust_new(&t, &e), &e);
	must(sign_trust_add_ca(t, p.chain, p.chain_len, &e), &e);
	must(sign_cms_verify(result, sizeof result, der, der_len, t, fixture_now, &r, &e), &e);
	assert_int_equal(r.status, SIGN_INVALID);
	assert_int_equal(r.sig[0].problems, SIGN_P_UNTRUSTED);
	/* No trust at all: the bytes and signatures are still checked. */
	must(sign_cms_verify(result, sizeof result, der, der_len, NULL, fixture_now, &r, &e), &e);
	assert_int_equal(r.sig[0].problems, SIGN_P_UNTRUSTED);
	assert_int_equal(r.sig[1].problems, SIGN_P_UNTRUSTED);
	assert_string_equal(r.sig[1].detail, "no trusted CA was given");
	sign_trust_free(t);
	sign_pem_free(&p);
	sign_signer_free(other);
	free(der);
}

/* The cover page's record: core makes the bytes, sign/ signs them; one
 * changed character is caught. */
static void test_record(void **state)
{
	(void)state;
	struct xerr e = {0};
	unsigned char h[32];
	char hex[65];
	SHA256(result, sizeof result, h);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", h[i]);
	struct result_record_in in = {"03199-250901-0007",
	                              "2.000001",
	                              "Cấp giấy chứng nhận",
	                              "001085012345",
	                              hex,
	                              "03199",
	                              "UBND xã Bình Lư",
	                              "Lò Văn Thành",
	                              fixture_now};
	struct result_record rec;
	must(result_record_make(&in, &rec, &e), &e);
	struct buf b;
	buf_init(&b);
	must(result_record_encode(&rec, &b, &e), &e);
	unsigned char *der;
	size_t der_len;
	sign_both(b.data, b.len, fixture_now, &der, &der_len);
	struct sign_report r;
	must(sign_cms_verify(b.data, b.len, der, der_len, demo.trust, fixture_now, &r, &e), &e);
	assert_int_equal(r.status, SIGN_VALID);
	char out[4096];
	assert_int_equal(openssl_verify(b.data, b.len, der, der_len, "", out, sizeof out), 0);

	/* "Bình" becomes "Bính": still a well-formed record, no longer the one signed. */
	char *at = strstr(b.data, "Bình");
	assert_non_null(at);
	memcpy(at, "Bính", strlen("Bính"));
	struct result_record tampered;
	must(result_record_decode(b.data, b.len, &tampered, &e), &e);
	must(sign_cms_verify(b.data, b.len, der, der_len, demo.trust, fixture_now, &r, &e), &e);
	assert_int_equal(r.status, SIGN_INVALID);
	assert_true(r.sig[0].problems & SIGN_P_DIGEST);
	buf_free(&b);
	free(der);
}

/* ECDSA P-256 keys sign and verify the same way. */
static void test_ecdsa(void **state)
{
	(void)state;
	struct demo ec;
	demo_make(&ec, SIGN_KEY_P256);
	struct xerr e = {0};
	unsigned char *der;
	size_t der_len;
	const struct sign_signer *both[] = {ec.leader, ec.seal};
	must(sign_cms_detached(result, sizeof result, both, 2, fixture_now, &der, &der_len, &e),
	     &e);
	struct sign_report r;
	must(sign_cms_verify(result, sizeof result, der, der_len, ec.trust, fixture_now, &r, &e),
	     &e);
	assert_int_equal(r.status, SIGN_VALID);
	assert_string_equal(seal_of(&r)->cert.key_type, "EC-P-256");
	const char *ca = file_put(dir, "ec-ca.pem", ec.ca_pem.chain, ec.ca_pem.chain_len);
	char cmd[1024], out[4096], ca_path[256];
	snprintf(ca_path, sizeof ca_path, "%s", ca);
	const char *data = file_put(dir, "ec.bin", result, sizeof result);
	char data_path[256];
	snprintf(data_path, sizeof data_path, "%s", data);
	const char *p7s = file_put(dir, "ec.bin.p7s", der, der_len);
	snprintf(
	    cmd, sizeof cmd,
	    "openssl cms -verify -binary -inform DER -in %s -content %s -CAfile %s -out /dev/null",
	    p7s, data_path, ca_path);
	assert_int_equal(run(cmd, out, sizeof out), 0);
	free(der);
	const struct sign_signer *none[1] = {NULL};
	assert_int_equal(
	    sign_cms_detached(result, sizeof result, none, 0, fixture_now, &der, &der_len, &e),
	    XERR_INVALID);
	assert_int_equal(sign_cms_detached(result, sizeof result, both, 2, 0, &der, &der_len, &e),
	                 XERR_INVALID);
	assert_null(der);
	demo_free(&ec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_two_signers), cmocka_unit_test(test_changed_file),
	    cmocka_unit_test(test_expired),     cmocka_unit_test(test_revoked_and_untrusted),
	    cmocka_unit_test(test_record),      cmocka_unit_test(test_ecdsa),
	};
	return cmocka_run_group_tests(tests, setup, fixture_stop);
}
