/*
 * sign_int.h: what the files of src/sign/ share among themselves and show
 * no one else (OpenSSL types appear here, never in the public headers).
 */
#ifndef XASO_SIGN_INT_H
#define XASO_SIGN_INT_H

#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "sign/cert.h"
#include "sign/sign.h"
#include "sign/trust.h"

/* A signer: its certificate, private key, and the certificates above it
 * (issuer first, the root last when known). All owned. */
struct sign_signer {
	X509 *cert;
	EVP_PKEY *key;
	STACK_OF(X509) * chain;
};

/* Trusted CA certificates and the CRLs checked against them (trust.c). */
struct sign_trust {
	X509_STORE *store;
	STACK_OF(X509) * cas;
	STACK_OF(X509_CRL) * crls;
};

/* Fills e with msg and the first reason on OpenSSL's error queue, then
 * empties the queue (it is per thread and would mislead the next call). */
int sign_ossl_fail(struct xerr *e, int code, const char *field, const char *msg);

/* Unix seconds of an ASN.1 time; 0 on a malformed time. */
int64_t sign_time_of(const ASN1_TIME *t);

/* A name as RFC 2253 text (CN first), UTF-8 unescaped, into out[cap]. */
void sign_name_text(const X509_NAME *name, char *out, size_t cap);

/* Certificate facts (sign.h) of x. */
void sign_info_fill(X509 *x, struct sign_cert_info *out);

/* True when s is UTF-8 text of at most max_chars characters without
 * control characters; NULL or "" is fine unless required. */
bool sign_text_ok(const char *s, size_t max_chars, bool required);

/* An upper bound of the DER size of a CMS SignedData by s alone (what a
 * PDF must reserve for /Contents). */
size_t sign_cms_size_bound(const struct sign_signer *s);

/* Lower-case hex of n bytes into out[2n + 1]. */
void sign_hex(const unsigned char *p, size_t n, char *out);

/* What was written to a memory BIO, as a malloc'ed NUL-terminated
 * string (*len without the NUL); NULL when out of memory. */
char *sign_bio_text(BIO *b, size_t *len);

/* All certificates in a PEM or DER buffer, in order; NULL (and e) when
 * there is none or the buffer is malformed. */
STACK_OF(X509) * sign_certs_read(const void *data, size_t len, const char *field, struct xerr *e);

/* Checks leaf's chain (extra: untrusted certificates that may complete it)
 * against t at signed_at (when not 0) and at now, and against t's CRLs;
 * sets the matching problem bits, revoked_at and detail of s. */
void sign_trust_check(const struct sign_trust *t, X509 *leaf, STACK_OF(X509) * extra,
                      int64_t signed_at, int64_t now, struct sign_signature *s);

/* Derives s->status from s->problems. */
void sign_status_settle(struct sign_signature *s);

/* Sets s->detail once (the first reason wins). */
void sign_detail(struct sign_signature *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The report's status: the worst of its signatures', SIGN_UNSIGNED if none. */
void sign_report_settle(struct sign_report *r);

/* The bytes a signature covers: up to two ranges (a PDF's ByteRange), or a
 * SHA-256 computed by the caller (then only SHA-256 signers can be
 * checked). */
struct sign_content {
	const unsigned char *part[2];
	size_t len[2];
	const unsigned char *sha256; /* 32 bytes, or NULL */
};

/* Builds a detached CMS SignedData over the SHA-256 `digest` with one
 * SignerInfo per signer: signed attributes content-type, message-digest,
 * signing-certificate-v2 and, when signing_time is not 0, signing-time
 * (PAdES puts the time in the PDF's /M instead and forbids the attribute);
 * certificates: each signer's with its chain. *der is malloc'ed. */
int sign_cms_build(const struct sign_signer *const *signers, size_t n,
                   const unsigned char digest[32], int64_t signing_time, unsigned char **der,
                   size_t *der_len, struct xerr *e);

/* Checks a CMS SignedData (DER or BER, then only zero bytes) against content: appends one entry per
 * SignerInfo to r (starting at r->sig[r->n]), each filled from `tmpl`
 * (field name, sub-filter, covered range) and given signed_at when the CMS
 * has no signing-time of its own. */
int sign_cms_check(const unsigned char *der, size_t len, const struct sign_content *c,
                   const struct sign_trust *t, int64_t signed_at, int64_t now,
                   const struct sign_signature *tmpl, struct sign_report *r, struct xerr *e);

#endif
