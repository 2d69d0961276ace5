/*
 * common.c: what every file of src/sign/ uses: start-up (providers), error
 * records from OpenSSL's queue, times, certificate facts, reading
 * certificates, and turning problem bits into a verdict.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/provider.h>
#include <openssl/x509v3.h>

#include "core/text.h"
#include "sign/sign_int.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static OSSL_PROVIDER *provider_default, *provider_legacy;

/* Runs before OpenSSL's own clean-up (atexit handlers run in reverse):
 * OpenSSL 3.0 leaves the legacy provider's child library context behind
 * when it has to unload the provider itself. */
static void unload_providers(void)
{
	if (provider_legacy)
		OSSL_PROVIDER_unload(provider_legacy);
	if (provider_default)
		OSSL_PROVIDER_unload(provider_default);
	provider_legacy = provider_default = NULL;
}

static void init_providers(void)
{
	/* Loading any provider by hand turns off the automatic default one,
	 * so load both. The legacy provider (RC2, 3DES with SHA-1 PBE) is only
	 * needed for older PKCS#12 files; without it those are refused. */
	provider_default = OSSL_PROVIDER_load(NULL, "default");
	provider_legacy = OSSL_PROVIDER_load(NULL, "legacy");
	ERR_clear_error();
	atexit(unload_providers);
}

int sign_init(struct xerr *e)
{
	pthread_once(&init_once, init_providers);
	if (!provider_default)
		return sign_ossl_fail(e, XERR_IO, NULL, "OpenSSL's default provider did not load");
	return 0;
}

int sign_ossl_fail(struct xerr *e, int code, const char *field, const char *msg)
{
	unsigned long err = ERR_peek_error();
	char why[120] = "";
	if (err)
		ERR_error_string_n(err, why, sizeof why);
	ERR_clear_error();
	if (why[0])
		return xerr_set(e, code, field, "%s (%s)", msg, why);
	return xerr_set(e, code, field, "%s", msg);
}

int64_t sign_time_of(const ASN1_TIME *t)
{
	struct tm tm;
	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return 0;
	return (int64_t)timegm(&tm);
}

bool sign_text_ok(const char *s, size_t max_chars, bool required)
{
	if (!s || !*s)
		return !required;
	size_t n = strlen(s);
	if (!text_valid_utf8(s, n, NULL) || text_length(s) > max_chars)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

void sign_hex(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The UTF-8 text of the first `nid` attribute of name into out[cap]. */
static void name_entry(const X509_NAME *name, int nid, char *out, size_t cap)
{
	out[0] = '\0';
	int i = X509_NAME_get_index_by_NID(name, nid, -1);
	if (i < 0)
		return;
	unsigned char *utf8 = NULL;
	int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
	if (n >= 0) {
		size_t len = (size_t)n < cap ? (size_t)n : cap - 1;
		memcpy(out, utf8, len);
		out[len] = '\0';
	}
	OPENSSL_free(utf8);
}

void sign_name_text(const X509_NAME *name, char *out, size_t cap)
{
	out[0] = '\0';
	BIO *b = BIO_new(BIO_s_mem());
	if (!b)
		return;
	/* RFC 2253 order (CN first), UTF-8 kept as it is, not escaped. */
	if (X509_NAME_print_ex(b, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
		char *p;
		long n = BIO_get_mem_data(b, &p);
		size_t len = n > 0 ? (size_t)n : 0;
		if (len >= cap)
			len = cap - 1;
		memcpy(out, p, len);
		out[len] = '\0';
	}
	BIO_free(b);
}

static unsigned key_usage_of(X509 *x)
{
	uint32_t ku = X509_get_key_usage(x);
	if (ku == UINT32_MAX)
		return SIGN_KU_ANY;
	unsigned out = 0;
	if (ku & KU_DIGITAL_SIGNATURE)
		out |= SIGN_KU_DIGITAL_SIGNATURE;
	if (ku & KU_NON_REPUDIATION)
		out |= SIGN_KU_NON_REPUDIATION;
	if (ku & KU_KEY_ENCIPHERMENT)
		out |= SIGN_KU_KEY_ENCIPHERMENT;
	if (ku & KU_KEY_CERT_SIGN)
		out |= SIGN_KU_KEY_CERT_SIGN;
	if (ku & KU_CRL_SIGN)
		out |= SIGN_KU_CRL_SIGN;
	return out;
}

static void key_type_of(X509 *x, char *out, size_t cap)
{
	EVP_PKEY *k = X509_get0_pubkey(x);
	char group[32] = "";
	size_t glen;
	if (!k)
		snprintf(out, cap, "unknown");
	else if (EVP_PKEY_get_base_id(k) == EVP_PKEY_RSA)
		snprintf(out, cap, "RSA-%d", EVP_PKEY_get_bits(k));
	else if (EVP_PKEY_get_base_id(k) == EVP_PKEY_EC &&
	         EVP_PKEY_get_group_name(k, group, sizeof group, &glen))
		snprintf(out, cap, "EC-%.12s", strcmp(group, "prime256v1") ? group : "P-256");
	else
		snprintf(out, cap, "%.12s", OBJ_nid2sn(EVP_PKEY_get_base_id(k)));
}

void sign_info_fill(X509 *x, struct sign_cert_info *out)
{
	memset(out, 0, sizeof *out);
	const X509_NAME *subject = X509_get_subject_name(x);
	sign_name_text(subject, out->subject, sizeof out->subject);
	sign_name_text(X509_get_issuer_name(x), out->issuer, sizeof out->issuer);
	name_entry(subject, NID_commonName, out->common_name, sizeof out->common_name);
	name_entry(subject, NID_organizationName, out->organisation, sizeof out->organisation);
	name_entry(subject, NID_userId, out->login, sizeof out->login);
	char orgid[64];
	name_entry(subject, NID_organizationIdentifier, orgid, sizeof orgid);
	if (strncmp(orgid, SIGN_ORGID_PREFIX, strlen(SIGN_ORGID_PREFIX)) == 0)
		snprintf(out->unit_code, sizeof out->unit_code, "%.31s",
		         orgid + strlen(SIGN_ORGID_PREFIX));
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL;
	if (hex)
		snprintf(out->serial, sizeof out->serial, "%s", hex);
	OPENSSL_free(hex);
	BN_free(bn);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	if (X509_digest(x, EVP_sha256(), md, &mdlen) && mdlen == 32)
		sign_hex(md, 32, out->sha256);
	key_type_of(x, out->key_type, sizeof out->key_type);
	out->not_before = sign_time_of(X509_get0_notBefore(x));
	out->not_after = sign_time_of(X509_get0_notAfter(x));
	out->key_usage = key_usage_of(x);
	out->is_ca = (X509_get_extension_flags(x) & EXFLAG_CA) != 0;
	ERR_clear_error();
}

char *sign_bio_text(BIO *b, size_t *len)
{
	char *p;
	long n = BIO_get_mem_data(b, &p);
	char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (s) {
		memcpy(s, p, (size_t)n);
		s[n] = '\0';
		*len = (size_t)n;
	}
	return s;
}

STACK_OF(X509) * sign_certs_read(const void *data, size_t len, const char *field, struct xerr *e)
{
	STACK_OF(X509) *sk = sk_X509_new_null();
	if (!sk || len > INT32_MAX) {
		sk_X509_free(sk);
		xerr_set(e, sk ? XERR_LIMIT : XERR_NOMEM, field, "certificate data too large");
		return NULL;
	}
	if (len >= 10 && memcmp(data, "-----BEGIN", 10) == 0) {
		BIO *b = BIO_new_mem_buf(data, (int)len);
		X509 *x;
		while (b && (x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL)
			if (!sk_X509_push(sk, x))
				X509_free(x);
		BIO_free(b);
	} else {
		const unsigned char *p = data, *end = p + len;
		X509 *x;
		while (p < end && (x = d2i_X509(NULL, &p, end - p)) != NULL)
			if (!sk_X509_push(sk, x))
				X509_free(x);
		if (p != end)
			sk_X509_pop_free(sk, X509_free), sk = sk_X509_new_null();
	}
	ERR_clear_error(); /* the PEM reader ends on "no start line" */
	if (!sk || sk_X509_num(sk) == 0) {
		sk_X509_free(sk);
		xerr_set(e, XERR_INVALID, field, "no certificate in PEM or DER form");
		return NULL;
	}
	return sk;
}

const char *sign_status_name(enum sign_status s)
{
	switch (s) {
	case SIGN_VALID: return "valid";
	case SIGN_EXPIRED: return "expired";
	case SIGN_REVOKED: return "revoked";
	case SIGN_ALTERED: return "altered";
	case SIGN_INVALID: return "invalid";
	case SIGN_UNSIGNED: return "unsigned";
	}
	return "invalid";
}

void sign_problem_text(unsigned problems, char *out, size_t cap)
{
	static const char *const names[] = {
	    "malformed",       "content differs", "bad signature", "untrusted", "key usage",
	    "signing cert",    "expired then",    "expired now",   "revoked",   "altered after",
	    "no signing time", "CRL outdated",    "unsupported",
	};
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(problems & (1u << i)))
			continue;
		int n = snprintf(out + len, cap - len, "%s%s", len ? ", " : "", names[i]);
		if (n < 0 || (size_t)n >= cap - len)
			return;
		len += (size_t)n;
	}
}

void sign_status_settle(struct sign_signature *s)
{
	unsigned p = s->problems;
	if (p & (SIGN_P_FORMAT | SIGN_P_DIGEST | SIGN_P_SIGNATURE | SIGN_P_UNTRUSTED |
	         SIGN_P_KEY_USAGE | SIGN_P_SIGNING_CERT | SIGN_P_UNSUPPORTED))
		s->status = SIGN_INVALID;
	else if (p & SIGN_P_ALTERED)
		s->status = SIGN_ALTERED;
	else if (p & SIGN_P_REVOKED)
		s->status = SIGN_REVOKED;
	else if (p & (SIGN_P_EXPIRED_THEN | SIGN_P_EXPIRED_NOW))
		s->status = SIGN_EXPIRED;
	else
		s->status = SIGN_VALID;
}

void sign_detail(struct sign_signature *s, const char *fmt, ...)
{
	if (s->detail[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->detail, sizeof s->detail, fmt, ap);
	va_end(ap);
}

void sign_report_settle(struct sign_report *r)
{
	r->status = r->n ? SIGN_VALID : SIGN_UNSIGNED;
	for (size_t i = 0; i < r->n; i++) {
		sign_status_settle(&r->sig[i]);
		if (r->sig[i].status > r->status)
			r->status = r->sig[i].status;
	}
}
