/*
 * sign.h: what the signing library shares with its callers: start-up, the
 * facts read from a certificate, and the verdict of a verification.
 *
 * src/sign/ is the only part of xaso that calls OpenSSL (libcrypto). It
 * works on bytes and paths the caller gives it and keeps no state between
 * calls beyond the providers loaded once by sign_init(): no database, no
 * global configuration. The modules:
 *   sign/cert.h    signers (certificate + private key + chain): a local
 *                  demo root CA, issuing seals and personal certificates,
 *                  reading PKCS#12 files from a real CA, keys encrypted at
 *                  rest, key files, CRLs issued by the demo CA;
 *   sign/trust.h   trusted CA certificates and CRLs; checking a
 *                  certificate chain at a given time;
 *   sign/cms.h     detached CMS signatures (.p7s) of any bytes, with one
 *                  or more signers (leader and seal), and their check;
 *   sign/pdf.h     PAdES B-B signatures embedded in a PDF as incremental
 *                  updates, and their check (signed bytes, signer, chain,
 *                  revocation, changes made after signing).
 *
 * Every verification fills the same struct sign_report, so the CLI and the
 * /verify page print one thing whatever was checked. Times are Unix seconds
 * (UTC); "now" is always a parameter, never read from the clock here, so a
 * verification can be repeated as of a given day.
 *
 * Errors: functions return 0 or a negative XERR_* and fill struct xerr;
 * an OpenSSL failure is XERR_IO (or XERR_INVALID for bad input) with
 * OpenSSL's reason in the message. A verification that runs to the end
 * returns 0 even when the signature is bad: the verdict is in the report.
 */
#ifndef XASO_SIGN_SIGN_H
#define XASO_SIGN_SIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/xerr.h"

enum {
	SIGN_MAX_SIGNATURES = 16, /* per file; more is refused (XERR_LIMIT) */
	SIGN_NAME_MAX = 384,      /* a distinguished name, RFC 2253, UTF-8 */
	SIGN_TEXT_MAX = 192,      /* one attribute of a name: CN, O, UID */
	SIGN_SERIAL_MAX = 66,     /* serial number in hex, at most 32 bytes */
	SIGN_SHA256_HEX = 65,     /* 64 hex digits and NUL */
};

/* Loads OpenSSL's default provider and its legacy provider (older
 * PKCS#12 files from real CAs are protected with RC2 or 3DES). Safe to call
 * more than once and from several threads; call before the rest. */
int sign_init(struct xerr *e);

/* Key usage bits of a certificate (RFC 5280 4.2.1.3), our own numbering. */
enum sign_key_usage {
	SIGN_KU_DIGITAL_SIGNATURE = 1 << 0,
	SIGN_KU_NON_REPUDIATION = 1 << 1, /* "contentCommitment" */
	SIGN_KU_KEY_ENCIPHERMENT = 1 << 2,
	SIGN_KU_KEY_CERT_SIGN = 1 << 3,
	SIGN_KU_CRL_SIGN = 1 << 4,
	SIGN_KU_ANY = 1 << 15, /* the certificate has no key usage extension */
};

/* Facts of one certificate, copied out (no pointer into OpenSSL). */
struct sign_cert_info {
	char subject[SIGN_NAME_MAX]; /* "CN=UBND xã Tân Phong,O=...,C=VN" */
	char issuer[SIGN_NAME_MAX];
	char common_name[SIGN_TEXT_MAX];
	char organisation[SIGN_TEXT_MAX];
	char unit_code[32];           /* from organizationIdentifier "VN:DVHC-<code>", else "" */
	char login[64];               /* from UID, else "" */
	char serial[SIGN_SERIAL_MAX]; /* upper-case hex */
	char sha256[SIGN_SHA256_HEX]; /* fingerprint of the DER, lower-case hex */
	char key_type[16];            /* "RSA-2048", "EC-P-256" */
	int64_t not_before, not_after;
	unsigned key_usage; /* enum sign_key_usage bits */
	bool is_ca;
};

/* Verdicts, from best to worst; a report's status is the worst of its
 * signatures'. */
enum sign_status {
	SIGN_VALID = 0,    /* signed bytes intact, chain trusted, in date, not revoked */
	SIGN_EXPIRED = 1,  /* intact and trusted, but a certificate of the chain was
	                    * out of its validity at the signing time or is now */
	SIGN_REVOKED = 2,  /* a certificate of the chain is on its CA's CRL */
	SIGN_ALTERED = 3,  /* the signature is intact but the file was changed after it */
	SIGN_INVALID = 4,  /* bytes changed, bad signature, untrusted or malformed */
	SIGN_UNSIGNED = 5, /* no signature found */
};

/* Why, as bits (several may hold); the status is derived from them. */
enum sign_problem {
	SIGN_P_FORMAT = 1 << 0,        /* malformed ByteRange, CMS or attributes */
	SIGN_P_DIGEST = 1 << 1,        /* the signed bytes are not the ones presented */
	SIGN_P_SIGNATURE = 1 << 2,     /* the signature value does not verify */
	SIGN_P_UNTRUSTED = 1 << 3,     /* no chain to a trusted CA */
	SIGN_P_KEY_USAGE = 1 << 4,     /* the certificate may not sign documents */
	SIGN_P_SIGNING_CERT = 1 << 5,  /* signing-certificate-v2 names another cert */
	SIGN_P_EXPIRED_THEN = 1 << 6,  /* out of validity at the signing time */
	SIGN_P_EXPIRED_NOW = 1 << 7,   /* out of validity now */
	SIGN_P_REVOKED = 1 << 8,       /* listed on a CRL */
	SIGN_P_ALTERED = 1 << 9,       /* PDF changed after this signature */
	SIGN_P_NO_TIME = 1 << 10,      /* no signing time given (checked at "now" only) */
	SIGN_P_CRL_OUTDATED = 1 << 11, /* a CRL used is past its nextUpdate (a warning) */
	SIGN_P_UNSUPPORTED = 1 << 12,  /* a SubFilter or algorithm not supported */
};

/* One signature (one CMS SignerInfo). */
struct sign_signature {
	enum sign_status status;
	unsigned problems;          /* enum sign_problem bits */
	struct sign_cert_info cert; /* the signer's certificate (zeroed when not found) */
	int64_t signed_at;          /* claimed signing time (/M or signingTime), 0 if none */
	int64_t revoked_at;         /* when SIGN_P_REVOKED */
	char field[64];             /* PDF: the signature field's name */
	char sub_filter[32];        /* PDF: "ETSI.CAdES.detached", ... */
	size_t covered;             /* PDF: bytes of the revision it signs */
	bool whole_file;            /* PDF: that revision is the whole file */
	char detail[200];           /* the first reason, in English, for logs and the CLI */
};

struct sign_report {
	enum sign_status status; /* worst of the signatures; SIGN_UNSIGNED when n == 0 */
	size_t n;
	struct sign_signature sig[SIGN_MAX_SIGNATURES];
};

/* Stable names: "valid", "expired", "revoked", "altered", "invalid",
 * "unsigned" (the pages translate them). */
const char *sign_status_name(enum sign_status s);

/* Short English names of the problem bits set in p, joined by ", ", into
 * out[cap] ("untrusted, expired now"). */
void sign_problem_text(unsigned problems, char *out, size_t cap);

#endif
