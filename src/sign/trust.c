/*
 * trust.c: trusted CA certificates, their CRLs, and the check of a
 * certificate chain. Contract: sign/trust.h.
 *
 * The chain is built and its signatures checked by OpenSSL
 * (X509_verify_cert) with time checks turned off; the validity dates of
 * every certificate of the chain are then compared here with two
 * instants, the signing time and now, so one pass tells "expired when
 * signed" from "expired since". Revocation is looked up here too, in the
 * CRLs the caller gave, for every certificate below the trust anchor: a
 * CRL is used only when its issuer is the next certificate up the chain
 * and its signature verifies with that certificate's key.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "sign/sign_int.h"

int sign_trust_new(struct sign_trust **out, struct xerr *e)
{
	struct sign_trust *t = calloc(1, sizeof *t);
	*out = NULL;
	if (!t)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	t->store = X509_STORE_new();
	t->cas = sk_X509_new_null();
	t->crls = sk_X509_CRL_new_null();
	if (!t->store || !t->cas || !t->crls) {
		sign_trust_free(t);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	/* Any CA the caller adds is an anchor, an intermediate too; dates are
	 * compared by sign_trust_check() itself, at two instants. */
	X509_STORE_set_flags(t->store, X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_NO_CHECK_TIME);
	*out = t;
	return 0;
}

void sign_trust_free(struct sign_trust *t)
{
	if (!t)
		return;
	X509_STORE_free(t->store);
	sk_X509_pop_free(t->cas, X509_free);
	sk_X509_CRL_pop_free(t->crls, X509_CRL_free);
	free(t);
}

int sign_trust_add_ca(struct sign_trust *t, const void *data, size_t len, struct xerr *e)
{
	STACK_OF(X509) *sk = sign_certs_read(data, len, "ca", e);
	if (!sk)
		return e ? e->code : XERR_INVALID;
	int rc = 0;
	for (int i = 0; i < sk_X509_num(sk) && !rc; i++)
		if (!(X509_get_extension_flags(sk_X509_value(sk, i)) & EXFLAG_CA))
			rc = xerr_set(e, XERR_INVALID, "ca",
			              "certificate %d is not a CA certificate", i + 1);
	for (int i = 0; i < sk_X509_num(sk) && !rc; i++) {
		X509 *x = sk_X509_value(sk, i);
		if (!X509_STORE_add_cert(t->store, x) || !X509_up_ref(x))
			rc = sign_ossl_fail(e, XERR_IO, "ca", "cannot add the CA certificate");
		else if (!sk_X509_push(t->cas, x)) {
			X509_free(x);
			rc = xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		}
	}
	sk_X509_pop_free(sk, X509_free);
	return rc;
}

static X509_CRL *crl_read(const void *data, size_t len)
{
	if (len > INT32_MAX)
		return NULL;
	if (len >= 10 && memcmp(data, "-----BEGIN", 10) == 0) {
		BIO *b = BIO_new_mem_buf(data, (int)len);
		X509_CRL *crl = b ? PEM_read_bio_X509_CRL(b, NULL, NULL, NULL) : NULL;
		BIO_free(b);
		return crl;
	}
	const unsigned char *p = data;
	X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)len);
	if (crl && p != (const unsigned char *)data + len) {
		X509_CRL_free(crl);
		return NULL;
	}
	return crl;
}

int sign_crl_info(const void *data, size_t len, struct sign_crl_info *out, struct xerr *e)
{
	memset(out, 0, sizeof *out);
	X509_CRL *crl = crl_read(data, len);
	if (!crl)
		return sign_ossl_fail(e, XERR_INVALID, "crl", "not a CRL in PEM or DER form");
	sign_name_text(X509_CRL_get_issuer(crl), out->issuer, sizeof out->issuer);
	out->this_update = sign_time_of(X509_CRL_get0_lastUpdate(crl));
	const ASN1_TIME *next = X509_CRL_get0_nextUpdate(crl);
	out->next_update = next ? sign_time_of(next) : 0;
	STACK_OF(X509_REVOKED) *rev = X509_CRL_get_REVOKED(crl);
	out->revoked = rev ? (size_t)sk_X509_REVOKED_num(rev) : 0;
	X509_CRL_free(crl);
	return 0;
}

static bool crl_issued_by(X509_CRL *crl, X509 *ca)
{
	return X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(ca)) == 0 &&
	       X509_CRL_verify(crl, X509_get0_pubkey(ca)) == 1;
}

int sign_trust_add_crl(struct sign_trust *t, const void *data, size_t len, struct xerr *e)
{
	X509_CRL *crl = crl_read(data, len);
	if (!crl)
		return sign_ossl_fail(e, XERR_INVALID, "crl", "not a CRL in PEM or DER form");
	bool issued = false;
	for (int i = 0; i < sk_X509_num(t->cas) && !issued; i++)
		issued = crl_issued_by(crl, sk_X509_value(t->cas, i));
	ERR_clear_error();
	if (!issued) {
		X509_CRL_free(crl);
		return xerr_set(e, XERR_UNPROCESSABLE, "crl",
		                "the CRL is not signed by a trusted CA (add the CA first)");
	}
	if (!sk_X509_CRL_push(t->crls, crl)) {
		X509_CRL_free(crl);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	return 0;
}

/* Whether x was within its validity dates at instant `at`. */
static bool in_date(X509 *x, int64_t at)
{
	time_t t = (time_t)at;
	return X509_cmp_time(X509_get0_notBefore(x), &t) <= 0 &&
	       X509_cmp_time(X509_get0_notAfter(x), &t) >= 0;
}

/* Looks x (whose issuer is `issuer`) up in the CRLs of t. */
static void revocation_check(const struct sign_trust *t, X509 *x, X509 *issuer, int depth,
                             int64_t now, struct sign_signature *s)
{
	time_t tnow = (time_t)now;
	for (int i = 0; i < sk_X509_CRL_num(t->crls); i++) {
		X509_CRL *crl = sk_X509_CRL_value(t->crls, i);
		if (!crl_issued_by(crl, issuer))
			continue;
		const ASN1_TIME *next = X509_CRL_get0_nextUpdate(crl);
		if (next && X509_cmp_time(next, &tnow) < 0)
			s->problems |= SIGN_P_CRL_OUTDATED;
		X509_REVOKED *rev = NULL;
		if (X509_CRL_get0_by_cert(crl, &rev, x) == 1 && rev) {
			s->problems |= SIGN_P_REVOKED;
			s->revoked_at = sign_time_of(X509_REVOKED_get0_revocationDate(rev));
			sign_detail(s, "certificate %d of the chain is on its CA's CRL", depth + 1);
		}
	}
	ERR_clear_error();
}

void sign_trust_check(const struct sign_trust *t, X509 *leaf, STACK_OF(X509) * extra,
                      int64_t signed_at, int64_t now, struct sign_signature *s)
{
	X509_STORE_CTX *ctx = t ? X509_STORE_CTX_new() : NULL;
	STACK_OF(X509) *chain = NULL;
	if (!t) {
		s->problems |= SIGN_P_UNTRUSTED;
		sign_detail(s, "no trusted CA was given");
	} else if (!ctx || !X509_STORE_CTX_init(ctx, t->store, leaf, extra)) {
		s->problems |= SIGN_P_UNTRUSTED;
		sign_detail(s, "cannot check the certificate chain");
	} else if (X509_verify_cert(ctx) != 1) {
		s->problems |= SIGN_P_UNTRUSTED;
		sign_detail(s, "certificate chain: %s",
		            X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
	} else {
		chain = X509_STORE_CTX_get1_chain(ctx);
	}
	X509_STORE_CTX_free(ctx);
	ERR_clear_error();
	if (!chain) {
		/* No trusted chain: still say whether the signer's own dates held. */
		if (signed_at && !in_date(leaf, signed_at))
			s->problems |= SIGN_P_EXPIRED_THEN;
		if (!in_date(leaf, now))
			s->problems |= SIGN_P_EXPIRED_NOW;
		return;
	}
	int n = sk_X509_num(chain);
	for (int i = 0; i < n; i++) {
		X509 *x = sk_X509_value(chain, i);
		if (signed_at && !in_date(x, signed_at)) {
			s->problems |= SIGN_P_EXPIRED_THEN;
			sign_detail(s,
			            "certificate %d of the chain was not valid at the signing time",
			            i + 1);
		}
		if (!in_date(x, now)) {
			s->problems |= SIGN_P_EXPIRED_NOW;
			sign_detail(s, "certificate %d of the chain is out of its validity dates",
			            i + 1);
		}
		if (i + 1 < n)
			revocation_check(t, x, sk_X509_value(chain, i + 1), i, now, s);
	}
	sk_X509_pop_free(chain, X509_free);
}

int sign_trust_check_cert(const struct sign_trust *t, const void *data, size_t len, int64_t now,
                          struct sign_signature *out, struct xerr *e)
{
	memset(out, 0, sizeof *out);
	STACK_OF(X509) *sk = sign_certs_read(data, len, "certificate", e);
	if (!sk)
		return e ? e->code : XERR_INVALID;
	X509 *leaf = sk_X509_shift(sk);
	sign_info_fill(leaf, &out->cert);
	sign_trust_check(t, leaf, sk, 0, now, out);
	sign_status_settle(out);
	X509_free(leaf);
	sk_X509_pop_free(sk, X509_free);
	return 0;
}
