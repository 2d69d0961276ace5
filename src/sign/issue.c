/*
 * issue.c: the local demo CA: a self-signed root, the certificates it
 * issues (a unit's seal, a leader's personal certificate) and its CRL.
 *
 * Real communes get their certificates from a real CA (cert.c reads
 * them); this CA exists so that a demo, a test or a commune trying xaso
 * can sign and verify end to end, and every tool that checks X.509 and
 * CMS (pdfsig, openssl, a PDF reader told to trust the demo root) accepts
 * what it signs. Profile (RFC 5280): version 3, SHA-256 signatures,
 * 128-bit random serial numbers, subject and authority key identifiers;
 * the root is CA:TRUE with pathlen 0 and signs certificates and CRLs only.
 * Names are UTF-8 (Vietnamese); a common name is at most 64 characters
 * (X.520 ub-common-name).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "sign/sign_int.h"

static EVP_PKEY *key_new(enum sign_key_type kt)
{
	switch (kt) {
	case SIGN_KEY_RSA2048: return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	case SIGN_KEY_RSA3072: return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)3072);
	case SIGN_KEY_P256: return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	}
	return NULL;
}

static int request_check(const struct sign_issue *req, struct xerr *e)
{
	const struct sign_subject *s = &req->subject;
	if (!sign_text_ok(s->common_name, 64, true))
		return xerr_set(e, XERR_INVALID, "common_name",
		                "a name of 1 to 64 characters of UTF-8 text is required");
	if (!sign_text_ok(s->organisation, 64, false) || !sign_text_ok(s->province, 64, false))
		return xerr_set(e, XERR_INVALID, "organisation",
		                "organisation and province: at most 64 characters of text");
	if (req->not_after <= req->not_before)
		return xerr_set(e, XERR_INVALID, "not_after", "must be later than not_before");
	if (req->role == SIGN_ROLE_SEAL &&
	    (!s->unit_code || !*s->unit_code || strlen(s->unit_code) > 20 ||
	     strspn(s->unit_code, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.-") !=
	         strlen(s->unit_code)))
		return xerr_set(e, XERR_INVALID, "unit_code",
		                "a seal needs the unit's code (digits, capitals, '.', '-')");
	if (req->role == SIGN_ROLE_PERSON && !sign_text_ok(s->login, 64, true))
		return xerr_set(e, XERR_INVALID, "login", "a personal certificate needs the login");
	if (req->crl_url && (strncmp(req->crl_url, "http", 4) != 0 ||
	                     strcspn(req->crl_url, ", \t\r\n") != strlen(req->crl_url)))
		return xerr_set(e, XERR_INVALID, "crl_url",
		                "an http(s) URL without spaces or commas");
	return 0;
}

static int name_add(X509_NAME *n, int nid, const char *value)
{
	if (!value || !*value)
		return 1;
	return X509_NAME_add_entry_by_NID(n, nid, MBSTRING_UTF8, (const unsigned char *)value, -1,
	                                  -1, 0);
}

/* Subject, from the country down to the person (DER order). */
static X509_NAME *subject_of(const struct sign_issue *req)
{
	const struct sign_subject *s = &req->subject;
	X509_NAME *n = X509_NAME_new();
	char orgid[64];
	const char *org = s->organisation;
	if (!org && req->role != SIGN_ROLE_PERSON)
		org = s->common_name;
	snprintf(orgid, sizeof orgid, "%s%s", SIGN_ORGID_PREFIX, s->unit_code ? s->unit_code : "");
	int ok = n && name_add(n, NID_countryName, "VN") &&
	         name_add(n, NID_stateOrProvinceName, s->province) &&
	         name_add(n, NID_organizationName, org) &&
	         (req->role != SIGN_ROLE_SEAL || name_add(n, NID_organizationIdentifier, orgid)) &&
	         name_add(n, NID_commonName, s->common_name) &&
	         (req->role != SIGN_ROLE_PERSON || name_add(n, NID_userId, s->login));
	if (!ok) {
		X509_NAME_free(n);
		return NULL;
	}
	return n;
}

static int ext_add(X509 *x, X509V3_CTX *ctx, int nid, const char *value)
{
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, ctx, nid, value);
	int ok = ext && X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	return ok;
}

static int extensions_add(X509 *x, X509 *issuer, const struct sign_issue *req)
{
	X509V3_CTX ctx;
	X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
	if (req->role == SIGN_ROLE_CA)
		return ext_add(x, &ctx, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") &&
		       ext_add(x, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign") &&
		       ext_add(x, &ctx, NID_subject_key_identifier, "hash");
	char crl[300];
	snprintf(crl, sizeof crl, "URI:%s", req->crl_url ? req->crl_url : "");
	/* 1.3.6.1.5.5.7.3.36: id-kp-documentSigning (RFC 9336). */
	return ext_add(x, &ctx, NID_basic_constraints, "critical,CA:FALSE") &&
	       ext_add(x, &ctx, NID_key_usage, "critical,digitalSignature,nonRepudiation") &&
	       ext_add(x, &ctx, NID_ext_key_usage, "emailProtection,1.3.6.1.5.5.7.3.36") &&
	       ext_add(x, &ctx, NID_subject_key_identifier, "hash") &&
	       ext_add(x, &ctx, NID_authority_key_identifier, "keyid:always") &&
	       (!req->crl_url || ext_add(x, &ctx, NID_crl_distribution_points, crl));
}

static int serial_set(X509 *x)
{
	unsigned char raw[16];
	if (RAND_bytes(raw, sizeof raw) != 1)
		return 0;
	raw[0] = (unsigned char)((raw[0] & 0x7f) | 0x40); /* positive, 16 bytes long */
	BIGNUM *bn = BN_bin2bn(raw, sizeof raw, NULL);
	int ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
	BN_free(bn);
	return ok;
}

/* A certificate for key, signed by issuer_key (issuer NULL: self-signed). */
static X509 *cert_make(const struct sign_issue *req, X509 *issuer, EVP_PKEY *issuer_key,
                       EVP_PKEY *key)
{
	X509 *x = X509_new();
	X509_NAME *subject = subject_of(req);
	int ok = x && subject && X509_set_version(x, X509_VERSION_3) && serial_set(x) &&
	         X509_set_subject_name(x, subject) &&
	         X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : subject) &&
	         ASN1_TIME_set(X509_getm_notBefore(x), (time_t)req->not_before) &&
	         ASN1_TIME_set(X509_getm_notAfter(x), (time_t)req->not_after) &&
	         X509_set_pubkey(x, key) && extensions_add(x, issuer, req) &&
	         X509_sign(x, issuer_key, EVP_sha256()) > 0;
	X509_NAME_free(subject);
	if (!ok) {
		X509_free(x);
		return NULL;
	}
	return x;
}

static int chain_push_front(STACK_OF(X509) * chain, X509 *x)
{
	if (!X509_up_ref(x))
		return 0;
	if (!sk_X509_insert(chain, x, 0)) {
		X509_free(x);
		return 0;
	}
	return 1;
}

static int signer_new(const struct sign_issue *req, const struct sign_signer *ca,
                      struct sign_signer **out, struct xerr *e)
{
	*out = NULL;
	int rc = request_check(req, e);
	if (rc)
		return rc;
	struct sign_signer *s = calloc(1, sizeof *s);
	if (!s)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	s->key = key_new(req->key);
	s->chain = ca ? X509_chain_up_ref(ca->chain) : sk_X509_new_null();
	if (s->key && s->chain)
		s->cert = cert_make(req, ca ? ca->cert : NULL, ca ? ca->key : s->key, s->key);
	if (s->cert && ca && !chain_push_front(s->chain, ca->cert)) {
		X509_free(s->cert);
		s->cert = NULL;
	}
	if (!s->cert) {
		sign_signer_free(s);
		return sign_ossl_fail(e, XERR_IO, NULL, "cannot make the certificate");
	}
	*out = s;
	return 0;
}

int sign_ca_new(const struct sign_issue *req, struct sign_signer **out, struct xerr *e)
{
	if (req->role != SIGN_ROLE_CA)
		return xerr_set(e, XERR_INVALID, "role", "a root CA has the role SIGN_ROLE_CA");
	return signer_new(req, NULL, out, e);
}

int sign_cert_issue(const struct sign_signer *ca, const struct sign_issue *req,
                    struct sign_signer **out, struct xerr *e)
{
	if (req->role == SIGN_ROLE_CA)
		return xerr_set(e, XERR_INVALID, "role",
		                "the demo CA issues seals and persons only");
	if (!(X509_get_extension_flags(ca->cert) & EXFLAG_CA))
		return xerr_set(e, XERR_INVALID, "ca", "the issuer is not a CA certificate");
	return signer_new(req, ca, out, e);
}

static int crl_entry_add(X509_CRL *crl, const struct sign_revocation *r)
{
	BIGNUM *bn = NULL;
	int digits = r->serial ? BN_hex2bn(&bn, r->serial) : 0;
	if (digits <= 0 || (size_t)digits != strlen(r->serial)) {
		BN_free(bn);
		return 0;
	}
	X509_REVOKED *rev = X509_REVOKED_new();
	ASN1_INTEGER *serial = BN_to_ASN1_INTEGER(bn, NULL);
	ASN1_TIME *when = ASN1_TIME_set(NULL, (time_t)r->when);
	int ok = rev && serial && when && X509_REVOKED_set_serialNumber(rev, serial) &&
	         X509_REVOKED_set_revocationDate(rev, when) && X509_CRL_add0_revoked(crl, rev);
	if (!ok)
		X509_REVOKED_free(rev);
	ASN1_INTEGER_free(serial);
	ASN1_TIME_free(when);
	BN_free(bn);
	return ok;
}

int sign_crl_issue(const struct sign_signer *ca, const struct sign_revocation *list, size_t n,
                   int64_t this_update, int64_t next_update, char **pem, size_t *pem_len,
                   struct xerr *e)
{
	*pem = NULL;
	*pem_len = 0;
	if (next_update <= this_update)
		return xerr_set(e, XERR_INVALID, "next_update", "must be later than this_update");
	X509_CRL *crl = X509_CRL_new();
	ASN1_TIME *t1 = ASN1_TIME_set(NULL, (time_t)this_update);
	ASN1_TIME *t2 = ASN1_TIME_set(NULL, (time_t)next_update);
	ASN1_INTEGER *number = ASN1_INTEGER_new();
	int ok = crl && t1 && t2 && number && X509_CRL_set_version(crl, X509_CRL_VERSION_2) &&
	         X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca->cert)) &&
	         X509_CRL_set1_lastUpdate(crl, t1) && X509_CRL_set1_nextUpdate(crl, t2) &&
	         ASN1_INTEGER_set_int64(number, this_update);
	for (size_t i = 0; ok && i < n; i++)
		if (!crl_entry_add(crl, &list[i])) {
			X509_CRL_free(crl);
			ASN1_TIME_free(t1);
			ASN1_TIME_free(t2);
			ASN1_INTEGER_free(number);
			return xerr_set(e, XERR_INVALID, "serial",
			                "revocation %zu: bad serial number", i + 1);
		}
	/* The CRL number grows with this_update, as RFC 5280 5.2.3 asks. */
	ok = ok && X509_CRL_sort(crl) && X509_CRL_add1_ext_i2d(crl, NID_crl_number, number, 0, 0) &&
	     X509_CRL_sign(crl, ca->key, EVP_sha256()) > 0;
	BIO *b = ok ? BIO_new(BIO_s_mem()) : NULL;
	if (b && PEM_write_bio_X509_CRL(b, crl))
		*pem = sign_bio_text(b, pem_len);
	BIO_free(b);
	X509_CRL_free(crl);
	ASN1_TIME_free(t1);
	ASN1_TIME_free(t2);
	ASN1_INTEGER_free(number);
	if (!*pem)
		return sign_ossl_fail(e, XERR_IO, NULL, "cannot make the CRL");
	return 0;
}
