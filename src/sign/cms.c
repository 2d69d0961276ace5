/*
 * cms.c: building and checking CMS SignedData, for the .p7s files (this
 * file's public functions, sign/cms.h) and for the PDF signatures
 * (sign_cms_build and sign_cms_check, sign_int.h).
 *
 * Building: OpenSSL's CMS_SignerInfo_sign() always adds a signing-time
 * attribute, which PAdES forbids (the time is the PDF's /M), so the
 * SignerInfo is finished here: the signed attributes are set, DER-encoded
 * as a SET OF in DER order (attrs_der), signed with EVP_DigestSign and
 * the value stored in the SignerInfo. The content's digest is computed once by
 * the caller, so a PDF is hashed once whatever the number of signers.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ess.h>

#include "sign/cms.h"
#include "sign/sign_int.h"

enum { MAX_SIGNERS = 4 };

static int attrs_add(CMS_SignerInfo *si, const struct sign_signer *s,
                     const unsigned char digest[32], int64_t signing_time)
{
	int ok = CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT,
	                                     OBJ_nid2obj(NID_pkcs7_data), -1) &&
	         CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING,
	                                     digest, 32);
	if (ok && signing_time) {
		/* UTCTime up to 2049, GeneralizedTime after (RFC 5652 11.3). */
		ASN1_TIME *t = ASN1_TIME_set(NULL, (time_t)signing_time);
		ok = t && CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, t->type, t, -1);
		ASN1_TIME_free(t);
	}
	/* ESSCertIDv2 with SHA-256 and issuerSerial (RFC 5035). */
	ESS_SIGNING_CERT_V2 *sc =
	    ok ? OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), s->cert, NULL, 1) : NULL;
	unsigned char *der = NULL;
	int len = sc ? i2d_ESS_SIGNING_CERT_V2(sc, &der) : -1;
	ok = len > 0 && CMS_signed_add1_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2,
	                                            V_ASN1_SEQUENCE, der, len);
	OPENSSL_free(der);
	ESS_SIGNING_CERT_V2_free(sc);
	return ok;
}

struct der {
	unsigned char *p;
	int n;
};

/* X.690 11.6: a SET OF is sorted by its elements' encodings, compared as
 * octet strings, the shorter padded with zeros. */
static int der_cmp(const void *a, const void *b)
{
	const struct der *x = a, *y = b;
	int n = x->n < y->n ? x->n : y->n, c = memcmp(x->p, y->p, (size_t)n);
	if (c)
		return c;
	const struct der *longer = x->n > y->n ? x : y;
	for (int i = n; i < longer->n; i++)
		if (longer->p[i])
			return longer == x ? 1 : -1;
	return 0;
}

/* The DER of si's signed attributes as the signature covers them: a SET
 * (tag 0x31), not the [0] IMPLICIT tag they carry inside the SignerInfo
 * (RFC 5652 5.4). OpenSSL keeps its template for this private. */
static unsigned char *attrs_der(CMS_SignerInfo *si, size_t *len)
{
	int n = CMS_signed_get_attr_count(si);
	struct der *a = n > 0 ? calloc((size_t)n, sizeof *a) : NULL;
	size_t body = 0;
	unsigned char *out = NULL;
	bool ok = a != NULL;
	for (int i = 0; ok && i < n; i++) {
		a[i].n = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &a[i].p);
		ok = a[i].n > 0;
		body += ok ? (size_t)a[i].n : 0;
	}
	if (ok && body < 1u << 24 && (out = malloc(body + 5)) != NULL) {
		qsort(a, (size_t)n, sizeof *a, der_cmp);
		size_t h = 0;
		out[h++] = 0x31;
		if (body < 0x80) {
			out[h++] = (unsigned char)body;
		} else {
			int k = body > 0xffff ? 3 : body > 0xff ? 2 : 1;
			out[h++] = (unsigned char)(0x80 | k);
			for (int i = k - 1; i >= 0; i--)
				out[h++] = (unsigned char)(body >> (8 * i));
		}
		for (int i = 0; i < n; i++) {
			memcpy(out + h, a[i].p, (size_t)a[i].n);
			h += (size_t)a[i].n;
		}
		*len = h;
	}
	for (int i = 0; a && i < n; i++)
		OPENSSL_free(a[i].p);
	free(a);
	return out;
}

/* Signs the DER of si's signed attributes with s's key. */
static int signature_set(CMS_SignerInfo *si, const struct sign_signer *s)
{
	size_t tbs_len = 0, sig_len = 0;
	unsigned char *tbs = attrs_der(si, &tbs_len), *sig = NULL;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok = tbs && md && EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, s->key) &&
	         EVP_DigestSign(md, NULL, &sig_len, tbs, tbs_len) &&
	         (sig = OPENSSL_malloc(sig_len)) != NULL &&
	         EVP_DigestSign(md, sig, &sig_len, tbs, tbs_len) &&
	         ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), sig, (int)sig_len);
	EVP_MD_CTX_free(md);
	free(tbs);
	OPENSSL_free(sig);
	return ok;
}

static int signer_add(CMS_ContentInfo *cms, const struct sign_signer *s,
                      const unsigned char digest[32], int64_t signing_time)
{
	CMS_SignerInfo *si = CMS_add1_signer(cms, s->cert, s->key, EVP_sha256(),
	                                     CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP);
	if (!si || !attrs_add(si, s, digest, signing_time) || !signature_set(si, s))
		return 0;
	for (int i = 0; i < sk_X509_num(s->chain); i++)
		if (!CMS_add1_cert(cms, sk_X509_value(s->chain, i)))
			ERR_clear_error(); /* already there: the leader's and the seal's CA */
	return 1;
}

size_t sign_cms_size_bound(const struct sign_signer *s)
{
	/* Certificates, the signature value (an ECDSA one is at most twice the
	 * key's size plus 9 bytes of DER), and 2 KB for the attributes, the
	 * algorithm identifiers and the structure. */
	size_t n = (size_t)i2d_X509(s->cert, NULL) + 2 * (size_t)EVP_PKEY_get_size(s->key) + 2048;
	for (int i = 0; i < sk_X509_num(s->chain); i++)
		n += (size_t)i2d_X509(sk_X509_value(s->chain, i), NULL);
	return n;
}

int sign_cms_build(const struct sign_signer *const *signers, size_t n,
                   const unsigned char digest[32], int64_t signing_time, unsigned char **der,
                   size_t *der_len, struct xerr *e)
{
	*der = NULL;
	*der_len = 0;
	if (n == 0 || n > MAX_SIGNERS)
		return xerr_set(e, XERR_INVALID, "signers", "1 to %d signers", MAX_SIGNERS);
	CMS_ContentInfo *cms =
	    CMS_sign(NULL, NULL, NULL, NULL, CMS_PARTIAL | CMS_DETACHED | CMS_BINARY);
	int ok = cms && CMS_set_detached(cms, 1);
	for (size_t i = 0; ok && i < n; i++)
		ok = signer_add(cms, signers[i], digest, signing_time);
	unsigned char *out = NULL;
	int len = ok ? i2d_CMS_ContentInfo(cms, &out) : -1;
	CMS_ContentInfo_free(cms);
	if (len <= 0)
		return sign_ossl_fail(e, XERR_IO, NULL, "cannot build the CMS signature");
	*der = malloc((size_t)len);
	if (*der) {
		memcpy(*der, out, (size_t)len);
		*der_len = (size_t)len;
	}
	OPENSSL_free(out);
	return *der ? 0 : xerr_set(e, XERR_NOMEM, NULL, "out of memory");
}

/* The digest of c with md into out; false when it cannot be computed. */
static bool content_digest(const struct sign_content *c, const EVP_MD *md, unsigned char *out,
                           unsigned *out_len)
{
	if (c->sha256) {
		if (EVP_MD_get_type(md) != NID_sha256)
			return false;
		memcpy(out, c->sha256, 32);
		*out_len = 32;
		return true;
	}
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = ctx && EVP_DigestInit_ex(ctx, md, NULL) &&
	          EVP_DigestUpdate(ctx, c->part[0], c->len[0]) &&
	          (!c->len[1] || EVP_DigestUpdate(ctx, c->part[1], c->len[1])) &&
	          EVP_DigestFinal_ex(ctx, out, out_len);
	EVP_MD_CTX_free(ctx);
	return ok;
}

static bool digest_allowed(int nid)
{
	return nid == NID_sha256 || nid == NID_sha384 || nid == NID_sha512;
}

/* message-digest against the content. */
static void digest_check(CMS_SignerInfo *si, const struct sign_content *c, struct sign_signature *s)
{
	X509_ALGOR *alg = NULL;
	CMS_SignerInfo_get0_algs(si, NULL, NULL, &alg, NULL);
	int nid = alg ? OBJ_obj2nid(alg->algorithm) : NID_undef;
	const EVP_MD *md = EVP_get_digestbynid(nid);
	unsigned char want[EVP_MAX_MD_SIZE];
	unsigned want_len = 0;
	if (!md || !digest_allowed(nid) || !content_digest(c, md, want, &want_len)) {
		s->problems |= SIGN_P_UNSUPPORTED;
		sign_detail(s, "digest algorithm %s not supported here", OBJ_nid2sn(nid));
		return;
	}
	const ASN1_OCTET_STRING *got = CMS_signed_get0_data_by_OBJ(
	    si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING);
	if (!got || (unsigned)ASN1_STRING_length(got) != want_len ||
	    memcmp(ASN1_STRING_get0_data(got), want, want_len) != 0) {
		s->problems |= SIGN_P_DIGEST;
		sign_detail(s, "the signed bytes differ from the bytes presented");
	}
}

/* signing-certificate(-v2) names the certificate found for the signer. */
static void signing_cert_check(CMS_SignerInfo *si, X509 *x, bool required, struct sign_signature *s)
{
	const ASN1_STRING *v2 = CMS_signed_get0_data_by_OBJ(
	    si, OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2), -3, V_ASN1_SEQUENCE);
	const ASN1_STRING *v1 = CMS_signed_get0_data_by_OBJ(
	    si, OBJ_nid2obj(NID_id_smime_aa_signingCertificate), -3, V_ASN1_SEQUENCE);
	ESS_SIGNING_CERT_V2 *ss2 = NULL;
	ESS_SIGNING_CERT *ss1 = NULL;
	if (v2) {
		const unsigned char *p = ASN1_STRING_get0_data(v2);
		ss2 = d2i_ESS_SIGNING_CERT_V2(NULL, &p, ASN1_STRING_length(v2));
	}
	if (v1) {
		const unsigned char *p = ASN1_STRING_get0_data(v1);
		ss1 = d2i_ESS_SIGNING_CERT(NULL, &p, ASN1_STRING_length(v1));
	}
	STACK_OF(X509) *one = sk_X509_new_null();
	if ((v2 && !ss2) || (v1 && !ss1) || (required && !v2)) {
		s->problems |= SIGN_P_FORMAT;
		sign_detail(s, "signing-certificate-v2 attribute missing or malformed");
	} else if ((ss1 || ss2) && (!one || !sk_X509_push(one, x) ||
	                            OSSL_ESS_check_signing_certs(ss1, ss2, one, 0) <= 0)) {
		s->problems |= SIGN_P_SIGNING_CERT;
		sign_detail(s, "the signed attributes name another certificate than the signer's");
	}
	sk_X509_free(one);
	ESS_SIGNING_CERT_V2_free(ss2);
	ESS_SIGNING_CERT_free(ss1);
	ERR_clear_error();
}

static int64_t signing_time_of(CMS_SignerInfo *si)
{
	int i = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
	ASN1_TYPE *t = i >= 0 ? X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, i), 0) : NULL;
	if (!t || (t->type != V_ASN1_UTCTIME && t->type != V_ASN1_GENERALIZEDTIME))
		return 0;
	return sign_time_of(t->value.utctime);
}

static bool content_type_is_data(CMS_SignerInfo *si)
{
	const ASN1_OBJECT *ct =
	    CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_contentType), -3, V_ASN1_OBJECT);
	return ct && OBJ_obj2nid(ct) == NID_pkcs7_data;
}

/* One SignerInfo: everything but the chain, which needs the time. */
static X509 *signer_check(CMS_SignerInfo *si, STACK_OF(X509) * certs, const struct sign_content *c,
                          struct sign_signature *s)
{
	X509 *x = NULL;
	for (int i = 0; i < sk_X509_num(certs) && !x; i++)
		if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0)
			x = sk_X509_value(certs, i);
	if (!x) {
		s->problems |= SIGN_P_FORMAT;
		sign_detail(s, "the signer's certificate is not in the signature");
		return NULL;
	}
	sign_info_fill(x, &s->cert);
	if (!(s->cert.key_usage &
	      (SIGN_KU_DIGITAL_SIGNATURE | SIGN_KU_NON_REPUDIATION | SIGN_KU_ANY))) {
		s->problems |= SIGN_P_KEY_USAGE;
		sign_detail(s, "the certificate's key usage does not allow signing documents");
	}
	if (CMS_signed_get_attr_count(si) <= 0 || !content_type_is_data(si)) {
		s->problems |= SIGN_P_UNSUPPORTED;
		sign_detail(s,
		            "a signature without the content-type and message-digest attributes");
		return x;
	}
	digest_check(si, c, s);
	CMS_SignerInfo_set1_signer_cert(si, x);
	if (CMS_SignerInfo_verify(si) != 1) {
		s->problems |= SIGN_P_SIGNATURE;
		sign_detail(s, "the signature value does not verify with the signer's key");
	}
	ERR_clear_error();
	signing_cert_check(si, x, strcmp(s->sub_filter, "ETSI.CAdES.detached") == 0, s);
	return x;
}

int sign_cms_check(const unsigned char *der, size_t len, const struct sign_content *c,
                   const struct sign_trust *t, int64_t signed_at, int64_t now,
                   const struct sign_signature *tmpl, struct sign_report *r, struct xerr *e)
{
	const unsigned char *p = der, *end = der + len;
	CMS_ContentInfo *cms = len <= INT32_MAX ? d2i_CMS_ContentInfo(NULL, &p, (long)len) : NULL;
	/* A PDF's /Contents pads the value with zeros; nothing else may follow. */
	while (cms && p < end && *p == 0)
		p++;
	if (!cms || p != end || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed ||
	    OBJ_obj2nid(CMS_get0_eContentType(cms)) != NID_pkcs7_data) {
		CMS_ContentInfo_free(cms);
		return sign_ossl_fail(e, XERR_INVALID, "signature", "not a CMS SignedData of data");
	}
	STACK_OF(X509) *certs = CMS_get1_certs(cms);
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	int rc = 0;
	if (sk_CMS_SignerInfo_num(sis) <= 0)
		rc = xerr_set(e, XERR_INVALID, "signature", "a CMS SignedData without signers");
	for (int i = 0; !rc && i < sk_CMS_SignerInfo_num(sis); i++) {
		if (r->n == SIGN_MAX_SIGNATURES) {
			rc = xerr_set(e, XERR_LIMIT, "signature", "more than %d signatures",
			              SIGN_MAX_SIGNATURES);
			break;
		}
		struct sign_signature *s = &r->sig[r->n++];
		*s = *tmpl;
		X509 *x = signer_check(sk_CMS_SignerInfo_value(sis, i), certs, c, s);
		s->signed_at =
		    signed_at ? signed_at : signing_time_of(sk_CMS_SignerInfo_value(sis, i));
		if (!s->signed_at)
			s->problems |= SIGN_P_NO_TIME;
		if (x)
			sign_trust_check(t, x, certs, s->signed_at, now, s);
		sign_status_settle(s);
	}
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return rc;
}

int sign_cms_detached(const void *data, size_t len, const struct sign_signer *const *signers,
                      size_t n, int64_t signing_time, unsigned char **der, size_t *der_len,
                      struct xerr *e)
{
	*der = NULL;
	*der_len = 0;
	if (signing_time <= 0)
		return xerr_set(e, XERR_INVALID, "signing_time", "a signing time is required");
	unsigned char digest[32];
	if (!EVP_Digest(data, len, digest, NULL, EVP_sha256(), NULL))
		return sign_ossl_fail(e, XERR_IO, NULL, "cannot hash the content");
	return sign_cms_build(signers, n, digest, signing_time, der, der_len, e);
}

static int detached_verify(const struct sign_content *c, const void *p7s, size_t p7s_len,
                           const struct sign_trust *t, int64_t now, struct sign_report *r,
                           struct xerr *e)
{
	memset(r, 0, sizeof *r);
	struct sign_signature tmpl = {0};
	int rc = sign_cms_check(p7s, p7s_len, c, t, 0, now, &tmpl, r, e);
	sign_report_settle(r);
	return rc;
}

int sign_cms_verify(const void *data, size_t len, const void *p7s, size_t p7s_len,
                    const struct sign_trust *t, int64_t now, struct sign_report *r, struct xerr *e)
{
	struct sign_content c = {{data, NULL}, {len, 0}, NULL};
	return detached_verify(&c, p7s, p7s_len, t, now, r, e);
}

int sign_cms_verify_sha256(const unsigned char sha256[32], const void *p7s, size_t p7s_len,
                           const struct sign_trust *t, int64_t now, struct sign_report *r,
                           struct xerr *e)
{
	struct sign_content c = {{NULL, NULL}, {0, 0}, sha256};
	return detached_verify(&c, p7s, p7s_len, t, now, r, e);
}
