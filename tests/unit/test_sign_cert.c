/* Tests for src/sign/cert.c, issue.c and trust.c: the demo CA and what it
 * issues, keys encrypted at rest, key files, PKCS#12 files made by
 * openssl, chains checked at a given time, CRLs. openssl itself must
 * accept the certificates, keys and CRLs. */
// needs: openssl
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sign_fixture.h"

static int setup(void **state)
{
	(void)state;
	tool_require("openssl", "openssl");
	fixture_start(SIGN_KEY_RSA2048);
	return 0;
}

static const char *pem_file(const struct sign_signer *s, const char *name)
{
	struct sign_pem p;
	struct xerr e = {0};
	must(sign_signer_export(s, NULL, 0, &p, &e), &e);
	const char *path = file_put(dir, name, p.chain, p.chain_len);
	sign_pem_free(&p);
	return path;
}

static void test_issued_facts(void **state)
{
	(void)state;
	struct sign_cert_info seal, leader, ca;
	sign_signer_info(demo.seal, &seal);
	sign_signer_info(demo.leader, &leader);
	sign_signer_info(demo.ca, &ca);
	assert_string_equal(seal.common_name, "UBND xã Bình Lư");
	assert_string_equal(seal.organisation, "UBND xã Bình Lư");
	assert_string_equal(seal.unit_code, "03199");
	assert_string_equal(seal.login, "");
	assert_non_null(strstr(seal.subject, "CN=UBND xã Bình Lư"));
	assert_non_null(strstr(seal.subject, "C=VN"));
	assert_string_equal(seal.issuer, ca.subject);
	assert_int_equal(seal.key_usage, SIGN_KU_DIGITAL_SIGNATURE | SIGN_KU_NON_REPUDIATION);
	assert_false(seal.is_ca);
	assert_string_equal(seal.key_type, "RSA-2048");
	assert_int_equal(seal.not_before, fixture_now - DAY);
	assert_int_equal(seal.not_after, fixture_now + 730 * DAY);
	assert_int_equal(strlen(seal.serial), 32);
	assert_string_equal(leader.common_name, "Lò Văn Thành");
	assert_string_equal(leader.organisation, "UBND xã Bình Lư");
	assert_string_equal(leader.login, "chutich.binhlu");
	assert_string_equal(leader.unit_code, "");
	assert_string_not_equal(leader.serial, seal.serial);
	assert_true(ca.is_ca);
	assert_int_equal(ca.key_usage, SIGN_KU_KEY_CERT_SIGN | SIGN_KU_CRL_SIGN);
	assert_string_equal(ca.subject, ca.issuer);

	/* openssl agrees: the chain verifies (default purpose checks included)
	 * and the fingerprint is the one we computed. */
	const char *ca_path = pem_file(demo.ca, "ca.pem");
	const char *seal_path = pem_file(demo.seal, "seal.pem");
	char cmd[1024], out[4096];
	snprintf(cmd, sizeof cmd, "openssl verify -attime %lld -purpose smimesign -CAfile %s %s",
	         (long long)fixture_now, ca_path, seal_path);
	assert_int_equal(run(cmd, out, sizeof out), 0);
	snprintf(cmd, sizeof cmd,
	         "openssl x509 -in %s -noout -fingerprint -sha256 | tr -d ':' | tr A-F a-f",
	         seal_path);
	assert_int_equal(run(cmd, out, sizeof out), 0);
	assert_non_null(strstr(out, seal.sha256));
	struct sign_cert_info again;
	struct xerr e = {0};
	size_t len;
	unsigned char *pem = file_get(seal_path, &len);
	assert_int_equal(sign_cert_info(pem, len, &again, &e), 0);
	assert_string_equal(again.sha256, seal.sha256);
	free(pem);
	assert_int_equal(sign_cert_info("not a certificate", 17, &again, &e), XERR_INVALID);
}

static void test_bad_requests(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct sign_signer *s = NULL;
	struct sign_issue r =
	    fixture_request(SIGN_ROLE_SEAL, "", fixture_now, fixture_now + DAY, SIGN_KEY_P256);
	assert_int_equal(sign_cert_issue(demo.ca, &r, &s, &e), XERR_INVALID);
	assert_string_equal(e.field, "common_name");
	r.subject.common_name =
	    "UBND xã Một Tên Rất Dài Vượt Quá Sáu Mươi Tư Ký Tự Cho Phép Của X.520";
	assert_int_equal(sign_cert_issue(demo.ca, &r, &s, &e), XERR_INVALID);
	r.subject.common_name = "UBND xã A";
	r.subject.unit_code = "03199, CN=evil";
	assert_int_equal(sign_cert_issue(demo.ca, &r, &s, &e), XERR_INVALID);
	assert_string_equal(e.field, "unit_code");
	r.subject.unit_code = "03199";
	r.not_after = r.not_before;
	assert_int_equal(sign_cert_issue(demo.ca, &r, &s, &e), XERR_INVALID);
	r.not_after = r.not_before + DAY;
	r.role = SIGN_ROLE_PERSON;
	r.subject.login = NULL;
	assert_int_equal(sign_cert_issue(demo.ca, &r, &s, &e), XERR_INVALID);
	assert_string_equal(e.field, "login");
	r.subject.login = "ok";
	assert_int_equal(sign_cert_issue(demo.seal, &r, &s, &e), XERR_INVALID);
	assert_string_equal(e.field, "ca");
	assert_int_equal(sign_ca_new(&r, &s, &e), XERR_INVALID);
	assert_null(s);
	r.key = SIGN_KEY_P256;
	assert_int_equal(sign_cert_issue(demo.ca, &r, &s, &e), 0);
	struct sign_cert_info info;
	sign_signer_info(s, &info);
	assert_string_equal(info.key_type, "EC-P-256");
	sign_signer_free(s);
}

static void test_key_at_rest(void **state)
{
	(void)state;
	struct xerr e = {0};
	static const char pass[] = "mật khẩu của UBND xã";
	struct sign_pem p;
	assert_int_equal(sign_signer_export(demo.seal, "short", 5, &p, &e), XERR_INVALID);
	assert_string_equal(e.field, "passphrase");
	must(sign_signer_export(demo.seal, pass, strlen(pass), &p, &e), &e);
	assert_non_null(p.key);
	assert_memory_equal(p.key, "-----BEGIN ENCRYPTED PRIVATE KEY-----", 37);
	const char *key_path = file_put(dir, "seal.key", p.key, p.key_len);
	const char *pass_path = file_put(dir, "pass", pass, strlen(pass));
	char cmd[1024], out[8192];
	/* PBES2 with scrypt and AES-256-CBC, as cert.h says ... */
	snprintf(cmd, sizeof cmd, "openssl asn1parse -in %s", key_path);
	assert_int_equal(run(cmd, out, sizeof out), 0);
	assert_non_null(strstr(out, "PBES2"));
	assert_non_null(strstr(out, ":scrypt"));
	assert_non_null(strstr(out, "aes-256-cbc"));
	/* ... readable by any tool that knows the passphrase. */
	snprintf(cmd, sizeof cmd, "openssl pkey -in %s -passin file:%s -noout", key_path,
	         pass_path);
	assert_int_equal(run(cmd, out, sizeof out), 0);
	snprintf(cmd, sizeof cmd, "openssl pkey -in %s -passin pass:wrong-passphrase -noout",
	         key_path);
	assert_int_not_equal(run(cmd, out, sizeof out), 0);

	struct sign_signer *back = NULL;
	must(
	    sign_signer_load(p.chain, p.chain_len, p.key, p.key_len, pass, strlen(pass), &back, &e),
	    &e);
	struct sign_cert_info a, b;
	sign_signer_info(back, &a);
	sign_signer_info(demo.seal, &b);
	assert_string_equal(a.sha256, b.sha256);
	sign_signer_free(back);
	assert_int_equal(sign_signer_load(p.chain, p.chain_len, p.key, p.key_len,
	                                  "wrong passphrase", 16, &back, &e),
	                 XERR_INVALID);
	assert_string_equal(e.field, "passphrase");
	assert_null(back);

	/* The leader's key with the seal's certificate. */
	struct sign_pem q;
	must(sign_signer_export(demo.leader, pass, strlen(pass), &q, &e), &e);
	assert_int_equal(
	    sign_signer_load(p.chain, p.chain_len, q.key, q.key_len, pass, strlen(pass), &back, &e),
	    XERR_INVALID);
	assert_string_equal(e.field, "key");
	/* A key stored in clear is refused. */
	snprintf(cmd, sizeof cmd, "openssl pkey -in %s -passin file:%s", key_path, pass_path);
	assert_int_equal(run(cmd, out, sizeof out), 0);
	assert_int_equal(
	    sign_signer_load(p.chain, p.chain_len, out, strlen(out), pass, strlen(pass), &back, &e),
	    XERR_INVALID);
	assert_string_equal(e.field, "key");
	sign_pem_free(&p);
	sign_pem_free(&q);
}

static void test_keyfile(void **state)
{
	(void)state;
	struct xerr e = {0};
	char path[128], pass[SIGN_KEYFILE_LEN + 1], again[SIGN_KEYFILE_LEN + 1];
	snprintf(path, sizeof path, "%s/signing.key", dir);
	must(sign_keyfile_new(path, &e), &e);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, SIGN_KEYFILE_LEN + 1);
	assert_int_equal(sign_keyfile_new(path, &e), XERR_CONFLICT);
	must(sign_keyfile_read(path, pass, &e), &e);
	assert_int_equal(strlen(pass), SIGN_KEYFILE_LEN);
	must(sign_keyfile_read(path, again, &e), &e);
	assert_string_equal(pass, again);

	/* The key file opens a stored key. */
	struct sign_pem p;
	struct sign_signer *back = NULL;
	must(sign_signer_export(demo.leader, pass, strlen(pass), &p, &e), &e);
	must(
	    sign_signer_load(p.chain, p.chain_len, p.key, p.key_len, pass, strlen(pass), &back, &e),
	    &e);
	sign_signer_free(back);
	sign_pem_free(&p);

	/* Under a key file the derivation is PBKDF2 (fast: 256 random bits need
	 * no slow one), and openssl opens it with the key file as passphrase. */
	must(sign_signer_export_kdf(demo.leader, pass, strlen(pass), SIGN_KDF_PBKDF2, &p, &e), &e);
	must(
	    sign_signer_load(p.chain, p.chain_len, p.key, p.key_len, pass, strlen(pass), &back, &e),
	    &e);
	sign_signer_free(back);
	assert_int_equal(sign_signer_load(p.chain, p.chain_len, p.key, p.key_len, "0123456789abcd",
	                                  14, &back, &e),
	                 XERR_INVALID);
	assert_string_equal(e.field, "passphrase");
	file_put(dir, "pbkdf2.pem", p.key, p.key_len);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "openssl asn1parse -in %s/pbkdf2.pem | grep -q PBKDF2", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "openssl pkey -in %s/pbkdf2.pem -passin file:%s -noout", dir,
	         path);
	assert_int_equal(system(cmd), 0);
	sign_pem_free(&p);

	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(sign_keyfile_read(path, pass, &e), XERR_FORBIDDEN);
	assert_string_equal(e.field, "keyfile");
	char other[128];
	snprintf(other, sizeof other, "%s/not-a-key", dir);
	file_put(dir, "not-a-key", "hello\n", 6);
	assert_int_equal(chmod(other, 0600), 0);
	assert_int_equal(sign_keyfile_read(other, pass, &e), XERR_INVALID);
	snprintf(other, sizeof other, "%s/absent", dir);
	assert_int_equal(sign_keyfile_read(other, pass, &e), XERR_NOTFOUND);
}

/* A PKCS#12 file as a real CA hands it out, made by openssl (the modern
 * AES form, and the legacy RC2/3DES form of older tokens and tools). */
static void test_pkcs12(void **state)
{
	(void)state;
	struct xerr e = {0};
	static const char pass[] = "p12-passphrase";
	struct sign_pem p;
	must(sign_signer_export(demo.leader, pass, strlen(pass), &p, &e), &e);
	const char *chain = file_put(dir, "leader-chain.pem", p.chain, p.chain_len);
	const char *key = file_put(dir, "leader.key", p.key, p.key_len);
	const char *ca = pem_file(demo.ca, "ca.pem");
	struct sign_cert_info want;
	sign_signer_info(demo.leader, &want);
	for (int legacy = 0; legacy < 2; legacy++) {
		char cmd[1024], out[4096], p12[128];
		snprintf(p12, sizeof p12, "%s/leader%d.p12", dir, legacy);
		snprintf(cmd, sizeof cmd,
		         "openssl pkcs12 -export %s -in %s -inkey %s -passin pass:%s -certfile %s "
		         "-passout pass:%s -out %s",
		         legacy ? "-legacy" : "", chain, key, pass, ca, pass, p12);
		assert_int_equal(run(cmd, out, sizeof out), 0);
		size_t len;
		unsigned char *data = file_get(p12, &len);
		struct sign_signer *s = NULL;
		assert_int_equal(sign_signer_from_p12(data, len, "wrong", &s, &e), XERR_INVALID);
		assert_string_equal(e.field, "passphrase");
		must(sign_signer_from_p12(data, len, pass, &s, &e), &e);
		struct sign_cert_info got;
		sign_signer_info(s, &got);
		assert_string_equal(got.sha256, want.sha256);
		struct sign_pem back;
		must(sign_signer_export(s, NULL, 0, &back, &e), &e);
		assert_string_equal(back.chain, p.chain); /* leader, then the CA */
		sign_pem_free(&back);
		sign_signer_free(s);
		free(data);
	}
	struct sign_signer *s = NULL;
	assert_int_equal(sign_signer_from_p12(p.chain, p.chain_len, pass, &s, &e), XERR_INVALID);
	assert_string_equal(e.field, "file");
	sign_pem_free(&p);
}

static void check_cert(const struct sign_trust *t, const struct sign_signer *s, int64_t now,
                       struct sign_signature *out)
{
	struct sign_pem p;
	struct xerr e = {0};
	must(sign_signer_export(s, NULL, 0, &p, &e), &e);
	must(sign_trust_check_cert(t, p.chain, p.chain_len, now, out, &e), &e);
	sign_pem_free(&p);
}

static void test_chain_and_dates(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct sign_signature v;
	check_cert(demo.trust, demo.leader, fixture_now, &v);
	assert_int_equal(v.status, SIGN_VALID);
	assert_int_equal(v.problems, 0);
	check_cert(demo.trust, demo.leader, fixture_now + 800 * DAY, &v);
	assert_int_equal(v.status, SIGN_EXPIRED);
	assert_int_equal(v.problems, SIGN_P_EXPIRED_NOW);
	check_cert(demo.trust, demo.leader, fixture_now - 2 * DAY, &v);
	assert_int_equal(v.status, SIGN_EXPIRED);

	/* Another CA's certificate is not trusted, even with its chain. */
	struct sign_signer *other_ca = NULL, *stranger = NULL;
	struct sign_issue r = fixture_request(SIGN_ROLE_CA, "Other CA", fixture_now - DAY,
	                                      fixture_now + 99 * DAY, SIGN_KEY_P256);
	must(sign_ca_new(&r, &other_ca, &e), &e);
	r = fixture_request(SIGN_ROLE_SEAL, "UBND xã Bình Lư", fixture_now - DAY,
	                    fixture_now + 99 * DAY, SIGN_KEY_P256);
	must(sign_cert_issue(other_ca, &r, &stranger, &e), &e);
	check_cert(demo.trust, stranger, fixture_now, &v);
	assert_int_equal(v.status, SIGN_INVALID);
	assert_true(v.problems & SIGN_P_UNTRUSTED);
	assert_non_null(strstr(v.detail, "certificate"));

	/* Only CA certificates may be trust anchors. */
	struct sign_pem p;
	must(sign_signer_export(demo.seal, NULL, 0, &p, &e), &e);
	assert_int_equal(sign_trust_add_ca(demo.trust, p.chain, p.chain_len, &e), XERR_INVALID);
	assert_string_equal(e.field, "ca");
	sign_pem_free(&p);

	/* A CRL of the other CA is refused. */
	char *crl;
	size_t crl_len;
	must(sign_crl_issue(other_ca, NULL, 0, fixture_now, fixture_now + 7 * DAY, &crl, &crl_len,
	                    &e),
	     &e);
	assert_int_equal(sign_trust_add_crl(demo.trust, crl, crl_len, &e), XERR_UNPROCESSABLE);
	assert_int_equal(sign_trust_add_crl(demo.trust, "-----BEGIN X509 CRL-----\n", 25, &e),
	                 XERR_INVALID);
	free(crl);
	sign_signer_free(stranger);
	sign_signer_free(other_ca);
}

static void test_crl(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct sign_cert_info leader;
	sign_signer_info(demo.leader, &leader);
	char *crl;
	size_t crl_len;
	struct sign_revocation bad = {"XYZ", 0};
	assert_int_equal(
	    sign_crl_issue(demo.ca, &bad, 1, fixture_now, fixture_now + DAY, &crl, &crl_len, &e),
	    XERR_INVALID);
	struct sign_trust *t =
	    demo_trust_revoking(&demo, demo.leader, fixture_now - 3600, &crl, &crl_len);
	const char *crl_path = file_put(dir, "ca.crl", crl, crl_len);
	const char *ca_path = pem_file(demo.ca, "ca.pem");
	char cmd[1024], out[4096];
	snprintf(cmd, sizeof cmd, "openssl crl -in %s -CAfile %s -noout -text", crl_path, ca_path);
	assert_int_equal(run(cmd, out, sizeof out), 0);
	assert_non_null(strstr(out, "verify OK"));
	assert_non_null(strstr(out, leader.serial));
	/* Its facts, for importing it: issuer, dates, how many it lists. */
	struct sign_crl_info ci;
	must(sign_crl_info(crl, crl_len, &ci, &e), &e);
	struct sign_cert_info ca;
	sign_signer_info(demo.ca, &ca);
	assert_string_equal(ci.issuer, ca.subject);
	assert_int_equal(ci.this_update, fixture_now - 30);
	assert_int_equal(ci.next_update, fixture_now + 7 * DAY);
	assert_int_equal(ci.revoked, 1);
	assert_int_equal(sign_crl_info("not a CRL", 9, &ci, &e), XERR_INVALID);

	struct sign_signature v;
	check_cert(t, demo.leader, fixture_now, &v);
	assert_int_equal(v.status, SIGN_REVOKED);
	assert_true(v.problems & SIGN_P_REVOKED);
	assert_int_equal(v.revoked_at, fixture_now - 3600);
	check_cert(t, demo.seal, fixture_now, &v);
	assert_int_equal(v.status, SIGN_VALID);
	/* Past its nextUpdate the CRL still counts, with a warning. */
	check_cert(t, demo.seal, fixture_now + 8 * DAY, &v);
	assert_int_equal(v.status, SIGN_VALID);
	assert_int_equal(v.problems, SIGN_P_CRL_OUTDATED);
	char text[128];
	sign_problem_text(SIGN_P_REVOKED | SIGN_P_EXPIRED_NOW, text, sizeof text);
	assert_string_equal(text, "expired now, revoked");
	sign_trust_free(t);
	free(crl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_issued_facts), cmocka_unit_test(test_bad_requests),
	    cmocka_unit_test(test_key_at_rest),  cmocka_unit_test(test_keyfile),
	    cmocka_unit_test(test_pkcs12),       cmocka_unit_test(test_chain_and_dates),
	    cmocka_unit_test(test_crl),
	};
	return cmocka_run_group_tests(tests, setup, fixture_stop);
}
