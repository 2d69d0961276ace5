/*
 * results.c: the key secret, signers to and from the store, and the trust
 * (web/results.h). Keys are kept as encrypted PKCS#8 PEM: under the key
 * file's 256 random bits with PBKDF2, under a person's passphrase with
 * scrypt (sign/cert.h says why), and the row says which secret opens it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "core/buf.h"
#include "web/results.h"

int results_secret_keyfile(const char *path, bool create, struct results_secret *out,
                           struct xerr *e)
{
	memset(out, 0, sizeof *out);
	char text[SIGN_KEYFILE_LEN + 1];
	int rc = sign_keyfile_read(path, text, e);
	if (rc == XERR_NOTFOUND && create)
		rc = sign_keyfile_new(path, e) ? e->code : sign_keyfile_read(path, text, e);
	if (rc == XERR_NOTFOUND && !create)
		return 0;
	if (rc)
		return rc;
	memcpy(out->text, text, SIGN_KEYFILE_LEN + 1);
	out->len = SIGN_KEYFILE_LEN;
	out->guard = CERT_KEYFILE;
	sodium_memzero(text, sizeof text);
	return 0;
}

int results_secret_passphrase(const char *text, struct results_secret *out, struct xerr *e)
{
	memset(out, 0, sizeof *out);
	size_t n = text ? strcspn(text, "\r\n") : 0;
	if (n < SIGN_PASS_MIN || n > SIGN_PASS_MAX)
		return xerr_set(e, XERR_INVALID, "passphrase",
		                "the passphrase must be %d to %d bytes long", SIGN_PASS_MIN,
		                SIGN_PASS_MAX);
	memcpy(out->text, text, n);
	out->len = n;
	out->guard = CERT_PASSPHRASE;
	return 0;
}

void results_secret_clear(struct results_secret *k)
{
	if (k)
		sodium_memzero(k, sizeof *k);
}

static void row_from(const struct sign_cert_info *info, enum cert_kind kind, const char *unit,
                     int64_t account, int64_t ca, struct cert_row *c)
{
	memset(c, 0, sizeof *c);
	c->kind = kind;
	snprintf(c->unit, sizeof c->unit, "%s", unit ? unit : "");
	c->account = account;
	snprintf(c->common_name, sizeof c->common_name, "%s", info->common_name);
	snprintf(c->subject, sizeof c->subject, "%s", info->subject);
	snprintf(c->issuer, sizeof c->issuer, "%s", info->issuer);
	snprintf(c->serial, sizeof c->serial, "%s", info->serial);
	snprintf(c->sha256, sizeof c->sha256, "%s", info->sha256);
	c->not_before = info->not_before;
	c->not_after = info->not_after;
	c->ca = ca;
}

/* One CA certificate (a PEM block), stored unless it is already. */
static int ca_store_one(struct store *s, const struct actor *who, const char *pem, size_t len,
                        int64_t *id, struct xerr *e)
{
	struct sign_cert_info info;
	int rc = sign_cert_info(pem, len, &info, e);
	if (rc)
		return rc;
	if (!info.is_ca)
		return xerr_set(e, XERR_INVALID, "ca", "%s is not a CA certificate", info.subject);
	struct cert_row *c = calloc(1, sizeof *c);
	char *text = strndup(pem, len);
	if (!c || !text) {
		free(c);
		free(text);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	row_from(&info, CERT_CA, NULL, 0, 0, c);
	if ((rc = store_cert_add(s, who, c, text, NULL, id, e)) == XERR_CONFLICT)
		rc = 0; /* stored already: *id names it */
	free(c);
	free(text);
	return rc;
}

int results_ca_store(struct store *s, const struct actor *who, const char *pem, size_t len,
                     bool skip_first, int64_t *first, struct xerr *e)
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----";
	static const char end[] = "-----END CERTIFICATE-----";
	*first = 0;
	const char *p = pem, *stop = pem + len;
	int rc = 0, n = 0;
	while (rc == 0 && p < stop &&
	       (p = memmem(p, (size_t)(stop - p), begin, sizeof begin - 1))) {
		const char *q = memmem(p, (size_t)(stop - p), end, sizeof end - 1);
		if (!q)
			return xerr_set(e, XERR_INVALID, "ca", "a PEM certificate has no end line");
		q += sizeof end - 1;
		int64_t id = 0;
		if (n++ > 0 || !skip_first) {
			rc = ca_store_one(s, who, p, (size_t)(q - p), &id, e);
			if (!*first)
				*first = id;
		}
		p = q;
	}
	if (rc == 0 && n == 0)
		rc = xerr_set(e, XERR_INVALID, "ca", "no PEM certificate found");
	return rc;
}

int results_signer_store(struct store *s, const struct actor *who, const struct results_secret *k,
                         const struct sign_signer *sg, enum cert_kind kind, const char *unit,
                         int64_t account, int64_t ca, int64_t *id, struct xerr *e)
{
	if (k && k->guard == CERT_NO_KEY)
		return xerr_set(e, XERR_CONFLICT, "keyfile",
		                "no key file or passphrase to keep the private key under");
	struct sign_pem pem;
	enum sign_kdf kdf = k && k->guard == CERT_KEYFILE ? SIGN_KDF_PBKDF2 : SIGN_KDF_SCRYPT;
	int rc = sign_signer_export_kdf(sg, k ? k->text : NULL, k ? k->len : 0, kdf, &pem, e);
	if (rc)
		return rc;
	struct sign_cert_info info;
	sign_signer_info(sg, &info);
	struct cert_row *c = calloc(1, sizeof *c);
	if (!c) {
		sign_pem_free(&pem);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	row_from(&info, kind, unit, account, ca, c);
	c->guard = k ? k->guard : CERT_NO_KEY;
	rc = store_cert_add(s, who, c, pem.chain, pem.key, id, e);
	free(c);
	sign_pem_free(&pem);
	return rc;
}

int results_signer_load(struct store *s, const struct results_secret *k, int64_t cert,
                        struct sign_signer **out, struct xerr *e)
{
	*out = NULL;
	struct cert_row row;
	int rc = store_cert_get(s, cert, &row, e);
	if (rc)
		return rc;
	if (row.guard == CERT_NO_KEY)
		return xerr_set(e, XERR_CONFLICT, "key", "certificate %lld has no private key here",
		                (long long)cert);
	if (!k || k->guard != row.guard)
		return xerr_set(e, XERR_CONFLICT, "key",
		                "the key of certificate %lld is kept under %s: give it to xaso",
		                (long long)cert,
		                row.guard == CERT_KEYFILE ? "the key file" : "the passphrase");
	struct buf chain, key;
	buf_init(&chain);
	buf_init(&key);
	rc = store_cert_pem(s, cert, &chain, &key, e);
	if (rc == 0)
		rc = sign_signer_load(chain.data, chain.len, key.data, key.len, k->text, k->len,
		                      out, e);
	buf_free(&chain);
	if (key.data)
		sodium_memzero(key.data, key.len);
	buf_free(&key);
	return rc;
}

enum sign_status results_cert_verdict(struct store *s, const struct sign_trust *t,
                                      const struct cert_row *c, int64_t at,
                                      struct sign_signature *out)
{
	struct sign_signature v;
	struct buf pem;
	struct xerr e = {0};
	if (!out)
		out = &v;
	memset(out, 0, sizeof *out);
	out->status = SIGN_INVALID;
	buf_init(&pem);
	if (store_cert_pem(s, c->id, &pem, NULL, &e) == 0)
		sign_trust_check_cert(t, pem.data, pem.len, at, out, &e);
	buf_free(&pem);
	if (c->revoked_at && c->revoked_at <= at)
		out->status = SIGN_REVOKED;
	return out->status;
}

struct trust_ctx {
	struct store *s;
	struct sign_trust *t;
	struct xerr *e;
	int rc;
};

static int add_ca(const struct cert_row *c, void *ctx)
{
	struct trust_ctx *x = ctx;
	/* Revoking a CA here withdraws the trust in it. */
	if (c->revoked_at)
		return 0;
	struct buf pem;
	buf_init(&pem);
	x->rc = store_cert_pem(x->s, c->id, &pem, NULL, x->e);
	if (x->rc == 0)
		x->rc = sign_trust_add_ca(x->t, pem.data, pem.len, x->e);
	buf_free(&pem);
	return x->rc;
}

static int add_crl(int64_t ca, const char *pem, void *ctx)
{
	(void)ca;
	struct trust_ctx *x = ctx;
	struct xerr ignored = {0};
	/* Every stored CRL was accepted against its CA when imported; one
	 * that no longer fits is left out rather than failing every check. */
	sign_trust_add_crl(x->t, pem, strlen(pem), &ignored);
	return 0;
}

int results_trust(struct store *s, struct sign_trust **out, struct xerr *e)
{
	int rc = sign_init(e);
	if (rc || (rc = sign_trust_new(out, e)))
		return rc;
	struct trust_ctx x = {s, *out, e, 0};
	struct cert_filter f = {.kind = CERT_CA};
	rc = store_cert_list(s, &f, add_ca, &x, e);
	if (rc == 0)
		rc = store_crl_list(s, add_crl, &x, e);
	if (rc) {
		sign_trust_free(*out);
		*out = NULL;
	}
	return rc;
}

int results_file_read(struct store *s, const char *sha256, struct buf *out, char mime[32],
                      struct xerr *e)
{
	struct blob_meta m;
	int fd = -1;
	int rc = store_blob_open(s, sha256, &m, &fd, e);
	if (rc)
		return rc;
	snprintf(mime, 32, "%s", m.mime);
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(out, chunk, (size_t)n);
	close(fd);
	if (n < 0 || out->len != (size_t)m.size)
		return xerr_set(e, XERR_IO, "data", "stored file %.12s... cannot be read", sha256);
	return 0;
}
