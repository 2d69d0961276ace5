/*
 * cert.c: signers read from PKCS#12 files and from storage, written back
 * with the key encrypted (PKCS#8, PBES2 scrypt + AES-256-CBC), key files.
 * The demo CA that makes signers is issue.c. Contract: sign/cert.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>

#include "sign/sign_int.h"

enum { SCRYPT_N = 1 << 14, SCRYPT_R = 8, SCRYPT_P = 1, PBKDF2_ITER = 2048 };

void sign_signer_free(struct sign_signer *s)
{
	if (!s)
		return;
	X509_free(s->cert);
	EVP_PKEY_free(s->key);
	sk_X509_pop_free(s->chain, X509_free);
	free(s);
}

void sign_signer_info(const struct sign_signer *s, struct sign_cert_info *out)
{
	sign_info_fill(s->cert, out);
}

int sign_cert_info(const void *data, size_t len, struct sign_cert_info *out, struct xerr *e)
{
	STACK_OF(X509) *sk = sign_certs_read(data, len, "certificate", e);
	if (!sk)
		return e ? e->code : XERR_INVALID;
	sign_info_fill(sk_X509_value(sk, 0), out);
	sk_X509_pop_free(sk, X509_free);
	return 0;
}

static bool in_chain(X509 *leaf, STACK_OF(X509) * chain, X509 *x)
{
	if (X509_cmp(leaf, x) == 0)
		return true;
	for (int i = 0; i < sk_X509_num(chain); i++)
		if (X509_cmp(sk_X509_value(chain, i), x) == 0)
			return true;
	return false;
}

/* Orders `others` (consumed) as the chain above leaf: its issuer first,
 * then that one's issuer..., the certificates that fit nowhere last;
 * copies of a certificate already placed (files from CAs have them) are
 * dropped. */
static STACK_OF(X509) * chain_order(X509 *leaf, STACK_OF(X509) * others)
{
	STACK_OF(X509) *chain = sk_X509_new_null();
	if (!chain) {
		sk_X509_pop_free(others, X509_free);
		return NULL;
	}
	X509 *cur = leaf;
	while (others && X509_check_issued(cur, cur) != X509_V_OK) {
		int found = -1;
		for (int i = 0; i < sk_X509_num(others) && found < 0; i++)
			if (X509_check_issued(sk_X509_value(others, i), cur) == X509_V_OK)
				found = i;
		if (found < 0)
			break;
		cur = sk_X509_delete(others, found);
		if (in_chain(leaf, chain, cur)) {
			X509_free(cur);
			break;
		}
		if (!sk_X509_push(chain, cur)) {
			X509_free(cur);
			break;
		}
	}
	X509 *x;
	while (others && (x = sk_X509_shift(others)) != NULL)
		if (in_chain(leaf, chain, x) || !sk_X509_push(chain, x))
			X509_free(x);
	sk_X509_free(others);
	return chain;
}

static int signer_make(X509 *cert, EVP_PKEY *key, STACK_OF(X509) * others, struct sign_signer **out,
                       struct xerr *e)
{
	*out = NULL;
	struct sign_signer *s = calloc(1, sizeof *s);
	if (!s) {
		X509_free(cert);
		EVP_PKEY_free(key);
		sk_X509_pop_free(others, X509_free);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	s->cert = cert;
	s->key = key;
	s->chain = chain_order(cert, others);
	if (!s->chain) {
		sign_signer_free(s);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	if (X509_check_private_key(cert, key) != 1) {
		sign_signer_free(s);
		return sign_ossl_fail(e, XERR_INVALID, "key",
		                      "the private key does not belong to the certificate");
	}
	*out = s;
	return 0;
}

int sign_signer_from_p12(const void *data, size_t len, const char *passphrase,
                         struct sign_signer **out, struct xerr *e)
{
	*out = NULL;
	const unsigned char *p = data;
	PKCS12 *p12 = len <= INT32_MAX ? d2i_PKCS12(NULL, &p, (long)len) : NULL;
	if (!p12)
		return sign_ossl_fail(e, XERR_INVALID, "file", "not a PKCS#12 (.p12, .pfx) file");
	if (PKCS12_mac_present(p12) && !PKCS12_verify_mac(p12, passphrase, -1)) {
		PKCS12_free(p12);
		return sign_ossl_fail(e, XERR_INVALID, "passphrase",
		                      "wrong passphrase for the PKCS#12 file");
	}
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;
	STACK_OF(X509) *ca = NULL;
	int ok = PKCS12_parse(p12, passphrase, &key, &cert, &ca);
	PKCS12_free(p12);
	if (!ok)
		return sign_ossl_fail(e, XERR_INVALID, "file",
		                      "cannot read the PKCS#12 file (unsupported protection?)");
	if (!key || !cert) {
		X509_free(cert);
		EVP_PKEY_free(key);
		sk_X509_pop_free(ca, X509_free);
		return xerr_set(e, XERR_INVALID, "file",
		                "the PKCS#12 file holds no certificate with its private key");
	}
	return signer_make(cert, key, ca, out, e);
}

struct pass {
	const void *p;
	size_t n;
};

static int pass_cb(char *buf, int size, int rwflag, void *u)
{
	(void)rwflag;
	const struct pass *pw = u;
	if (!pw || pw->n > (size_t)size)
		return -1;
	memcpy(buf, pw->p, pw->n);
	return (int)pw->n;
}

int sign_signer_load(const char *chain_pem, size_t chain_len, const char *key_pem, size_t key_len,
                     const void *pass, size_t pass_len, struct sign_signer **out, struct xerr *e)
{
	*out = NULL;
	static const char enc[] = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
	if (key_len < sizeof enc - 1 || memcmp(key_pem, enc, sizeof enc - 1) != 0)
		return xerr_set(e, XERR_INVALID, "key",
		                "the private key must be an encrypted PKCS#8 PEM");
	if (key_len > INT32_MAX || pass_len > SIGN_PASS_MAX)
		return xerr_set(e, XERR_LIMIT, "key", "key or passphrase too long");
	STACK_OF(X509) *certs = sign_certs_read(chain_pem, chain_len, "certificate", e);
	if (!certs)
		return e ? e->code : XERR_INVALID;
	BIO *b = BIO_new_mem_buf(key_pem, (int)key_len);
	struct pass pw = {pass, pass_len};
	EVP_PKEY *key = b ? PEM_read_bio_PrivateKey(b, NULL, pass_cb, &pw) : NULL;
	BIO_free(b);
	if (!key) {
		sk_X509_pop_free(certs, X509_free);
		return sign_ossl_fail(e, XERR_INVALID, "passphrase",
		                      "the passphrase does not open the private key");
	}
	X509 *cert = sk_X509_shift(certs);
	return signer_make(cert, key, certs, out, e);
}

static char *key_encrypt(EVP_PKEY *key, const void *pass, size_t pass_len, enum sign_kdf kdf,
                         size_t *len)
{
	char *out = NULL;
	BIO *b = BIO_new(BIO_s_mem());
	PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(key);
	/* NULL salt and IV: random ones (16 bytes of salt for scrypt, 8 for
	 * PBKDF2). */
	X509_ALGOR *pbe = kdf == SIGN_KDF_PBKDF2
	                      ? PKCS5_pbe2_set_iv(EVP_aes_256_cbc(), PBKDF2_ITER, NULL, 0, NULL,
	                                          NID_hmacWithSHA256)
	                      : PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), NULL, 0, NULL, SCRYPT_N,
	                                              SCRYPT_R, SCRYPT_P);
	X509_SIG *sig = NULL;
	if (b && p8 && pbe) {
		sig = PKCS8_set0_pbe(pass, (int)pass_len, p8, pbe);
		if (sig)
			pbe = NULL; /* now owned by sig */
	}
	if (sig && PEM_write_bio_PKCS8(b, sig))
		out = sign_bio_text(b, len);
	X509_SIG_free(sig);
	X509_ALGOR_free(pbe);
	PKCS8_PRIV_KEY_INFO_free(p8);
	BIO_free(b);
	return out;
}

int sign_signer_export(const struct sign_signer *s, const void *pass, size_t pass_len,
                       struct sign_pem *out, struct xerr *e)
{
	return sign_signer_export_kdf(s, pass, pass_len, SIGN_KDF_SCRYPT, out, e);
}

int sign_signer_export_kdf(const struct sign_signer *s, const void *pass, size_t pass_len,
                           enum sign_kdf kdf, struct sign_pem *out, struct xerr *e)
{
	memset(out, 0, sizeof *out);
	if (pass && (pass_len < SIGN_PASS_MIN || pass_len > SIGN_PASS_MAX))
		return xerr_set(e, XERR_INVALID, "passphrase",
		                "the passphrase must be %d to %d bytes long", SIGN_PASS_MIN,
		                SIGN_PASS_MAX);
	BIO *b = BIO_new(BIO_s_mem());
	int ok = b && PEM_write_bio_X509(b, s->cert);
	for (int i = 0; ok && i < sk_X509_num(s->chain); i++)
		ok = PEM_write_bio_X509(b, sk_X509_value(s->chain, i));
	if (ok)
		out->chain = sign_bio_text(b, &out->chain_len);
	BIO_free(b);
	if (out->chain && pass)
		out->key = key_encrypt(s->key, pass, pass_len, kdf, &out->key_len);
	if (!out->chain || (pass && !out->key)) {
		sign_pem_free(out);
		return sign_ossl_fail(e, XERR_IO, NULL, "cannot write the certificate or key");
	}
	return 0;
}

void sign_pem_free(struct sign_pem *p)
{
	free(p->chain);
	if (p->key)
		OPENSSL_cleanse(p->key, p->key_len);
	free(p->key);
	memset(p, 0, sizeof *p);
}

int sign_keyfile_new(const char *path, struct xerr *e)
{
	unsigned char raw[SIGN_KEYFILE_LEN / 2];
	char text[SIGN_KEYFILE_LEN + 2];
	if (RAND_bytes(raw, sizeof raw) != 1)
		return sign_ossl_fail(e, XERR_IO, NULL, "no random bytes");
	sign_hex(raw, sizeof raw, text);
	text[SIGN_KEYFILE_LEN] = '\n';
	OPENSSL_cleanse(raw, sizeof raw);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		OPENSSL_cleanse(text, sizeof text);
		return xerr_set(e, errno == EEXIST ? XERR_CONFLICT : XERR_IO, "keyfile", "%s: %s",
		                path, strerror(errno));
	}
	ssize_t n = write(fd, text, SIGN_KEYFILE_LEN + 1);
	OPENSSL_cleanse(text, sizeof text);
	if (n != SIGN_KEYFILE_LEN + 1 || fsync(fd) != 0) {
		int err = errno;
		close(fd);
		unlink(path);
		return xerr_set(e, XERR_IO, "keyfile", "%s: %s", path, strerror(err));
	}
	return close(fd) == 0 ? 0
	                      : xerr_set(e, XERR_IO, "keyfile", "%s: %s", path, strerror(errno));
}

int sign_keyfile_read(const char *path, char out[SIGN_KEYFILE_LEN + 1], struct xerr *e)
{
	out[0] = '\0';
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return xerr_set(e, errno == ENOENT ? XERR_NOTFOUND : XERR_IO, "keyfile", "%s: %s",
		                path, strerror(errno));
	struct stat st;
	char text[SIGN_KEYFILE_LEN + 2];
	ssize_t n = -1;
	int rc = 0;
	if (fstat(fd, &st) != 0)
		rc = xerr_set(e, XERR_IO, "keyfile", "%s: %s", path, strerror(errno));
	else if (!S_ISREG(st.st_mode) || (st.st_mode & 077))
		rc = xerr_set(e, XERR_FORBIDDEN, "keyfile",
		              "%s: others may read or change it (chmod 600)", path);
	else
		n = read(fd, text, sizeof text - 1);
	close(fd);
	if (rc)
		return rc;
	if (n >= 0)
		text[n] = '\0';
	if (n == SIGN_KEYFILE_LEN + 1 && text[SIGN_KEYFILE_LEN] == '\n')
		text[--n] = '\0';
	if (n != SIGN_KEYFILE_LEN || strspn(text, "0123456789abcdef") < SIGN_KEYFILE_LEN) {
		OPENSSL_cleanse(text, sizeof text);
		return xerr_set(e, XERR_INVALID, "keyfile", "%s: not a key file (%d hex digits)",
		                path, SIGN_KEYFILE_LEN);
	}
	memcpy(out, text, SIGN_KEYFILE_LEN);
	out[SIGN_KEYFILE_LEN] = '\0';
	OPENSSL_cleanse(text, sizeof text);
	return 0;
}
