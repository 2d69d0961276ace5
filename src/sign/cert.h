/*
 * cert.h: signers (a certificate, its private key and the chain above it),
 * where they come from, and how their keys are kept.
 *
 * Two sources:
 *   - a real CA (the Government's specialised CA for officials and
 *     agencies, or a licensed public CA) hands out a PKCS#12 file:
 *     sign_signer_from_p12() reads it (modern AES/PBKDF2 files and older
 *     RC2/3DES ones);
 *   - for demonstrations and tests, sign_ca_new() makes a local root CA
 *     and sign_cert_issue() issues from it a commune's seal (an
 *     organisation certificate: CN and O the unit's name,
 *     organizationIdentifier "VN:DVHC-<unit code>") or a leader's personal
 *     certificate (CN the name, O the unit, UID the xaso login).
 *     sign_crl_issue() publishes the demo CA's revocations.
 * End-entity certificates issued here carry keyUsage digitalSignature and
 * nonRepudiation (critical) and extendedKeyUsage emailProtection and
 * documentSigning (RFC 9336): emailProtection is what `openssl cms
 * -verify` and NSS (pdfsig) look for by default, so neither needs
 * "-purpose any".
 *
 * Keys at rest: sign_signer_export() writes the chain as PEM and the key
 * as an encrypted PKCS#8 PEM ("ENCRYPTED PRIVATE KEY"): PBES2 with the
 * scrypt KDF (N = 2^14, r = 8, p = 1: 16 MB and about 0.1 s per try on
 * the development VM, so guessing is slow and memory-bound; OpenSSL's own
 * `-scrypt` choice and the most its PBES2 reader accepts by default) and
 * AES-256-CBC with a random salt and IV. PKCS#8 rather than a libsodium secretbox because it is the
 * standard form every tool reads (`openssl pkey -in key.pem` asks for the
 * passphrase), so a key can be moved to another system or a token without
 * xaso. The passphrase is given at start, or is the content of a key file
 * that only the service may read (sign_keyfile_new/read).
 *
 * Ownership: every sign_signer returned is freed with sign_signer_free();
 * sign_pem strings with sign_pem_free(); other char ** outputs with
 * free(). A signer is read-only once made: several threads may sign with
 * it at the same time.
 */
#ifndef XASO_SIGN_CERT_H
#define XASO_SIGN_CERT_H

#include "sign/sign.h"

struct sign_signer;

/* organizationIdentifier of a seal: this prefix, then the unit's code. */
#define SIGN_ORGID_PREFIX "VN:DVHC-"

enum sign_key_type {
	SIGN_KEY_RSA2048 = 0, /* what the Vietnamese CAs issue today */
	SIGN_KEY_RSA3072,
	SIGN_KEY_P256, /* ECDSA on NIST P-256: smaller and faster */
};

enum sign_role {
	SIGN_ROLE_CA,     /* a root CA (self-signed) */
	SIGN_ROLE_SEAL,   /* a unit's organisation certificate */
	SIGN_ROLE_PERSON, /* a leader's personal certificate */
};

struct sign_subject {
	const char *common_name;  /* required: unit name (CA, seal) or person's name */
	const char *organisation; /* O=; NULL: the common name for CA and seal */
	const char *unit_code;    /* seal: the administrative unit's code */
	const char *login;        /* person: the xaso login (UID=) */
	const char *province;     /* ST=, may be NULL */
};

struct sign_issue {
	enum sign_role role;
	struct sign_subject subject;
	int64_t not_before, not_after; /* Unix seconds */
	enum sign_key_type key;
	const char *crl_url; /* cRLDistributionPoints URI written into it, or NULL */
};

/* A new self-signed root CA (role must be SIGN_ROLE_CA). */
int sign_ca_new(const struct sign_issue *req, struct sign_signer **out, struct xerr *e);

/* A new key pair and a certificate for it issued by ca (role SEAL or
 * PERSON). The new signer's chain is ca's certificate and ca's chain. The
 * serial number is 128 random bits. */
int sign_cert_issue(const struct sign_signer *ca, const struct sign_issue *req,
                    struct sign_signer **out, struct xerr *e);

void sign_signer_free(struct sign_signer *s);

/* Reads a PKCS#12 file (certificate, key, chain). XERR_INVALID with field
 * "passphrase" when the passphrase is wrong, "file" when it is not a
 * PKCS#12 file or holds no certificate with its key. */
int sign_signer_from_p12(const void *p12, size_t len, const char *passphrase,
                         struct sign_signer **out, struct xerr *e);

/* A signer from what sign_signer_export() wrote: the chain PEM (the
 * signer's certificate first) and the encrypted key PEM. XERR_INVALID with
 * field "passphrase" when it does not open the key, "key" when the key is
 * not the certificate's. */
int sign_signer_load(const char *chain_pem, size_t chain_len, const char *key_pem, size_t key_len,
                     const void *pass, size_t pass_len, struct sign_signer **out, struct xerr *e);

/* PEM texts, NUL-terminated; freed by sign_pem_free(). */
struct sign_pem {
	char *chain; /* the signer's certificate, then its chain */
	size_t chain_len;
	char *key; /* "ENCRYPTED PRIVATE KEY", or NULL when not asked for */
	size_t key_len;
};

enum { SIGN_PASS_MIN = 12, SIGN_PASS_MAX = 1024 };

/* Writes the chain, and the key encrypted with pass (SIGN_PASS_MIN to
 * SIGN_PASS_MAX bytes) unless pass is NULL. */
int sign_signer_export(const struct sign_signer *s, const void *pass, size_t pass_len,
                       struct sign_pem *out, struct xerr *e);

/* The key derivation of an exported key. scrypt (the default above) for a
 * passphrase a person chose: each guess costs 16 MB and a tenth of a
 * second. PBKDF2-HMAC-SHA256 with 2048 iterations (OpenSSL's default) for
 * the content of a key file: 256 random bits, which no guessing reaches,
 * so a slow derivation would only slow down issuing a province's seals
 * (about 100 keys) and every approval, and protect nothing more. Both are
 * PBES2 with AES-256-CBC, readable by `openssl pkey`. */
enum sign_kdf { SIGN_KDF_SCRYPT = 0, SIGN_KDF_PBKDF2 };
int sign_signer_export_kdf(const struct sign_signer *s, const void *pass, size_t pass_len,
                           enum sign_kdf kdf, struct sign_pem *out, struct xerr *e);
void sign_pem_free(struct sign_pem *p);

/* The facts of the signer's own certificate. */
void sign_signer_info(const struct sign_signer *s, struct sign_cert_info *out);

/* The facts of the first certificate of a PEM or DER buffer. */
int sign_cert_info(const void *data, size_t len, struct sign_cert_info *out, struct xerr *e);

/* A key file holds a random passphrase (64 hex digits and a newline).
 * sign_keyfile_new() creates it with mode 0600 and fails if it exists;
 * sign_keyfile_read() refuses a file that group or others may read or
 * write. out gets the passphrase (no newline), NUL-terminated. */
enum { SIGN_KEYFILE_LEN = 64 };
int sign_keyfile_new(const char *path, struct xerr *e);
int sign_keyfile_read(const char *path, char out[SIGN_KEYFILE_LEN + 1], struct xerr *e);

/* A CRL signed by ca listing the given serial numbers (hex, as in
 * sign_cert_info.serial) revoked at the given times; *pem is malloc'ed. */
struct sign_revocation {
	const char *serial;
	int64_t when;
};
int sign_crl_issue(const struct sign_signer *ca, const struct sign_revocation *list, size_t n,
                   int64_t this_update, int64_t next_update, char **pem, size_t *pem_len,
                   struct xerr *e);

#endif
