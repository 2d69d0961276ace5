/*
 * bench_sign.c: PDF signatures per second on one core, for a 1 MB result.
 *
 * sign_pdf() on a 1 MB PDF (one page of text and a 1 MB image, made by
 * tests/unit/pdf_samples.h) with a demo seal, for an RSA-2048 key (what
 * the Vietnamese CAs issue) and an ECDSA P-256 key. The ceiling, measured
 * in the same run with the same key: what a signature cannot avoid, one
 * SHA-256 over the signed bytes and one raw signature of that digest
 * (EVP_PKEY_sign); the raw signatures alone are printed too. The rest of
 * sign_pdf() is reading the file with qpdf, copying it and writing the
 * update. Checking a signed file (sign_pdf_verify, two signatures) is
 * measured as well. Each figure is the best of 8 short rounds, the rounds
 * of the figures taken in turn.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "../tests/unit/pdf_samples.h"
#include "sign/pdf.h"
#include "sign/sign_int.h"

enum { PDF_BYTES = 1 << 20, ROUNDS = 8 };

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void must(int rc, const struct xerr *e)
{
	if (rc) {
		fprintf(stderr, "%s\n", e->msg);
		exit(1);
	}
}

/* What the timed loops share. */
struct run {
	const unsigned char *pdf;
	size_t len;
	struct sign_signer *seal;
	struct sign_trust *trust;
	struct sign_pdf_options o;
	unsigned char *out, *two;
	size_t out_len, two_len;
	EVP_PKEY_CTX *ctx;
	unsigned char digest[32];
	struct sign_report rep;
};

/* Calls per second of f(r) over at least `secs` seconds. */
static double rate(double secs, void (*f)(struct run *), struct run *r)
{
	long n = 0;
	double t0 = now(), t;
	do {
		f(r);
		n++;
	} while ((t = now() - t0) < secs);
	return n / t;
}

static void pdf_sign_once(struct run *r)
{
	struct xerr e = {0};
	free(r->out);
	must(sign_pdf(r->pdf, r->len, r->seal, &r->o, &r->out, &r->out_len, &e), &e);
}

static void raw_sign_once(struct run *r)
{
	unsigned char sig[512];
	size_t sig_len = sizeof sig;
	if (EVP_PKEY_sign(r->ctx, sig, &sig_len, r->digest, sizeof r->digest) <= 0)
		exit(1);
}

static void hash_once(struct run *r)
{
	if (!EVP_Digest(r->out, r->out_len, r->digest, NULL, EVP_sha256(), NULL))
		exit(1);
}

static void verify_once(struct run *r)
{
	struct xerr e = {0};
	must(sign_pdf_verify(r->two, r->two_len, r->trust, r->o.signing_time, &r->rep, &e), &e);
}

static void bench_key(enum sign_key_type kt, const char *name, const unsigned char *pdf, size_t len)
{
	struct xerr e = {0};
	int64_t t = (int64_t)time(NULL);
	struct sign_issue req = {
	    SIGN_ROLE_CA, {"bench CA", NULL, NULL, NULL, NULL}, t - 86400, t + 86400, kt, NULL};
	struct sign_signer *ca;
	struct run r = {pdf, len, NULL, NULL, {t, "Ký kết quả", "UBND xã Bình Lư"}};
	must(sign_ca_new(&req, &ca, &e), &e);
	req.role = SIGN_ROLE_SEAL;
	req.subject.common_name = "UBND xã Bình Lư";
	req.subject.unit_code = "03199";
	must(sign_cert_issue(ca, &req, &r.seal, &e), &e);
	struct sign_pem pem;
	must(sign_signer_export(ca, NULL, 0, &pem, &e), &e);
	must(sign_trust_new(&r.trust, &e), &e);
	must(sign_trust_add_ca(r.trust, pem.chain, pem.chain_len, &e), &e);

	r.ctx = EVP_PKEY_CTX_new(r.seal->key, NULL);
	if (!r.ctx || EVP_PKEY_sign_init(r.ctx) <= 0 ||
	    EVP_PKEY_CTX_set_signature_md(r.ctx, EVP_sha256()) <= 0)
		exit(1);
	pdf_sign_once(&r);
	must(sign_pdf(r.out, r.out_len, r.seal, &r.o, &r.two, &r.two_len, &e), &e);
	/* Short rounds taken in turn, the best of each kept: on a shared
	 * machine the load then weighs on the figure and its ceiling alike. */
	double pdf_rate = 0, sign_rate = 0, hash_rate = 0, verify_rate = 0;
	for (int round = 0; round < ROUNDS; round++) {
		pdf_rate = fmax(pdf_rate, rate(0.5, pdf_sign_once, &r));
		sign_rate = fmax(sign_rate, rate(0.25, raw_sign_once, &r));
		hash_rate = fmax(hash_rate, rate(0.25, hash_once, &r));
		verify_rate = fmax(verify_rate, rate(0.25, verify_once, &r));
	}
	double ceiling = 1.0 / (1.0 / sign_rate + 1.0 / hash_rate);
	if (r.rep.status != SIGN_VALID || r.rep.n != 2)
		exit(1);

	printf("%s:\n", name);
	printf("  sign_pdf, %.2f MB PDF:          %8.1f signatures/s (%.2f ms each)\n",
	       len / 1048576.0, pdf_rate, 1e3 / pdf_rate);
	printf("  ceiling, SHA-256 + raw sign:     %8.1f /s  ratio %.2f\n", ceiling,
	       pdf_rate / ceiling);
	printf("  raw signs of one digest:         %8.1f /s\n", sign_rate);
	printf("  SHA-256 of the signed bytes:     %8.1f /s (%.0f MB/s)\n", hash_rate,
	       hash_rate * r.out_len / 1048576.0);
	printf("  sign_pdf_verify, 2 signatures:   %8.1f files/s\n", verify_rate);
	EVP_PKEY_CTX_free(r.ctx);
	free(r.two);
	free(r.out);
	sign_pem_free(&pem);
	sign_trust_free(r.trust);
	sign_signer_free(r.seal);
	sign_signer_free(ca);
}

int main(void)
{
	struct xerr e = {0};
	must(sign_init(&e), &e);
	struct sample_pdf s = {1, PDF_BYTES - 2048, false, false};
	size_t len;
	unsigned char *pdf = sample_pdf_make(&s, &len);
	bench_key(SIGN_KEY_RSA2048, "RSA-2048", pdf, len);
	bench_key(SIGN_KEY_P256, "ECDSA P-256", pdf, len);
	free(pdf);
	return 0;
}
