/*
 * store_certs.h: certificates, their encrypted keys, CRLs, and the
 * signatures of approved results (issue 17). Part of the store.h contract.
 *
 * The store keeps what src/sign/ makes and reads, as text: a certificate
 * with its chain (PEM), its private key already encrypted by sign/ (an
 * encrypted PKCS#8 PEM; the secret that opens it is the service's key file
 * or a passphrase given at start, never stored), the facts read from it
 * (subject, serial, fingerprint, validity), its revocation, and each CA's
 * CRL. It never calls OpenSSL: the callers (web/results.c, cli/cmd_certs.c)
 * parse and sign; the store keeps and finds.
 *
 *   - kinds: a CA (trusted when checking signatures; the demo CA keeps its
 *     key to issue and to publish its CRL), a unit's seal (organisation
 *     certificate), an official's personal certificate (bound to the
 *     account);
 *   - "valid at t": not_before <= t <= not_after and not revoked at or
 *     before t. The one statement of it is the SQL fragment in certs.c,
 *     used by the choice of signers and by the monitoring figure;
 *   - a result's signature (struct result_signature) is written by
 *     store_dossier_approve() in the transaction that moves the dossier to
 *     "result ready" (store_dossiers.h), and read back here for /verify.
 *
 * Times are unix seconds. Structs are caller-owned; PEM and record texts
 * are appended to caller's struct buf. Every change is one transaction
 * with its audit entry.
 */
#ifndef XASO_STORE_CERTS_H
#define XASO_STORE_CERTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/dossier.h"
#include "core/xerr.h"
#include "store/store_dossiers.h"

struct store;
struct actor;
struct buf;

enum cert_kind { CERT_CA = 1, CERT_SEAL, CERT_PERSON };
/* How a stored key is kept: under the key file's secret, or a passphrase. */
enum cert_guard { CERT_NO_KEY = 0, CERT_KEYFILE, CERT_PASSPHRASE };

enum { CERT_NAME_MAX = 384, CERT_TEXT_MAX = 192, CERT_REASON_MAX = 200 };

struct cert_row {
	int64_t id;
	enum cert_kind kind;
	char unit[16];   /* "" for a CA */
	int64_t account; /* the official (CERT_PERSON), else 0 */
	char login[64];  /* the official's login, read back ("" otherwise) */
	char common_name[CERT_TEXT_MAX];
	char subject[CERT_NAME_MAX], issuer[CERT_NAME_MAX];
	char serial[68]; /* upper-case hex */
	char sha256[65]; /* fingerprint of the DER, lower-case hex */
	int64_t not_before, not_after;
	enum cert_guard guard; /* CERT_NO_KEY: no private key stored */
	int64_t ca;            /* the CA row that issued it, 0 when unknown */
	int64_t revoked_at;    /* 0: not revoked */
	char revoked_reason[CERT_REASON_MAX];
	int64_t created_at;
};

/* "ca", "seal", "person" and back (0 for an unknown name). */
const char *cert_kind_name(enum cert_kind k);
enum cert_kind cert_kind_parse(const char *s);

/* Stores a certificate: c's facts (id, login, revoked_*, created_at are
 * set here), its chain PEM, and its encrypted key PEM (NULL with guard
 * CERT_NO_KEY). XERR_CONFLICT when the same certificate is stored already
 * (*id then names it); XERR_INVALID naming the field of a bad kind, unit
 * or account (a person's account must be an official bound to the unit).
 */
int store_cert_add(struct store *s, const struct actor *who, struct cert_row *c,
                   const char *chain_pem, const char *key_pem, int64_t *id, struct xerr *e);

/* One certificate; XERR_NOTFOUND when none. */
int store_cert_get(struct store *s, int64_t id, struct cert_row *out, struct xerr *e);
int store_cert_by_sha256(struct store *s, const char *sha256, struct cert_row *out, struct xerr *e);

/* Appends its chain PEM to chain and (when key is not NULL) its encrypted
 * key PEM to key (nothing when it has none). */
int store_cert_pem(struct store *s, int64_t id, struct buf *chain, struct buf *key, struct xerr *e);

/* Which certificates a listing shows; zero members do not filter. */
struct cert_filter {
	enum cert_kind kind;
	const char *unit; /* this unit's certificates */
	int64_t account;  /* this official's */
	int64_t valid_at; /* only those valid at this time */
	bool with_key;    /* only those with a stored key */
};
/* In order: CAs, then by unit, seals before persons, newest first. */
int store_cert_list(struct store *s, const struct cert_filter *f,
                    int (*cb)(const struct cert_row *c, void *ctx), void *ctx, struct xerr *e);

/* The certificate that signs now: the newest one with a key, of the unit's
 * seal (account 0) or of the official (account), valid at `at`.
 * XERR_NOTFOUND when there is none. */
int store_cert_signer(struct store *s, const char *unit, int64_t account, int64_t at,
                      struct cert_row *out, struct xerr *e);

/* Records a revocation (at, reason) once: XERR_CONFLICT when already
 * revoked. */
int store_cert_revoke(struct store *s, const struct actor *who, int64_t id, int64_t at,
                      const char *reason, struct xerr *e);

/* A CA's CRL (PEM, as published) with the revocations it lists among the
 * stored certificates issued by that CA: marks[i] revoked at when[i]
 * (already revoked ones keep their date). One transaction. An older or
 * equal this_update than the newest stored is XERR_CONFLICT. */
struct cert_mark {
	int64_t id, when;
};
int store_crl_add(struct store *s, const struct actor *who, int64_t ca, int64_t this_update,
                  int64_t next_update, const char *pem, const struct cert_mark *marks, size_t n,
                  struct xerr *e);
/* The newest CRL of every CA, each PEM through cb. */
int store_crl_list(struct store *s, int (*cb)(int64_t ca, const char *pem, void *ctx), void *ctx,
                   struct xerr *e);

/* The monitoring figure (core/expr_vocab.c, officials.has_valid_certificate):
 * for each unit of the subtree of `unit` (itself, its children, theirs)
 * that has officials (enabled officer and leader accounts created by
 * `at`), how many there are and how many hold a personal certificate
 * valid at `at`. cb gets the rows in unit order. */
int store_officials_certified(struct store *s, const char *unit, int64_t at,
                              int (*cb)(const char *unit, long officials, long certified,
                                        void *ctx),
                              void *ctx, struct xerr *e);

/* ---- the signature of an approved result ---- */

enum { RESULT_ID_MAX = 24 };

struct result_signature {
	int64_t id;
	char public_id[RESULT_ID_MAX];
	int64_t dossier;
	char dossier_code[DOSSIER_CODE_MAX];
	char unit[16];
	int64_t source_file, signed_file; /* dossier_file ids */
	char file_name[256];              /* of the signed file */
	char signed_sha256[65];
	char format[8]; /* "pades" (signatures in the PDF) or "cms" (a .p7s beside it) */
	int64_t leader_cert, seal_cert; /* leader_cert 0: the seal alone */
	char signer[256];
	int64_t signed_at;
	int64_t account_id; /* the leader who approved */
};

/* The texts of a signature: the canonical record, and the DER of the CMS
 * of the record and (format cms) of the file, appended to caller's bufs
 * (any may be NULL). */
struct result_signature_data {
	struct buf *record, *record_p7s, *file_p7s;
};

/* By its public id, or the newest whose signed file has this SHA-256;
 * XERR_NOTFOUND when none. data may be NULL. */
int store_result_signature(struct store *s, const char *public_id, struct result_signature *out,
                           const struct result_signature_data *data, struct xerr *e);
int store_result_signature_by_sha256(struct store *s, const char *sha256,
                                     struct result_signature *out,
                                     const struct result_signature_data *data, struct xerr *e);
/* Approving a result (the web's approval: web/results.c). The caller has
 * signed outside any transaction; this moves the dossier with code to `to`
 * as side, a move core marks as signing (dossier_change.signs: the
 * leader's approval of a signed result), and keeps in the same
 * transaction the result file as attached (linked now when source.id is
 * 0), the signed file (pades: the signed PDF, already in the blob store;
 * cms: the source itself), the signature row and their audit entries.
 * Nothing is written when any of it fails, or when the dossier moved on
 * meanwhile (the move is decided again inside the transaction). */
struct result_approval {
	const char *public_id;          /* public_id_new() */
	struct dossier_file source;     /* kind "result"; id 0: link it now */
	struct dossier_file signed_pdf; /* pades only */
	const char *format;             /* "pades" or "cms" */
	const void *file_p7s;           /* cms: the DER of the file's CMS */
	size_t file_p7s_len;
	const char *record; /* the canonical record (core/result_record.h) */
	size_t record_len;
	const void *record_p7s; /* the DER of its CMS */
	size_t record_p7s_len;
	int64_t leader_cert, seal_cert; /* leader_cert 0: the seal alone */
	const char *signer;
	int64_t signed_at; /* unix seconds; the move's time is its local minute */
	int64_t id;        /* out: the signature's row */
};
int store_dossier_approve(struct store *s, const struct actor *who, const char *code, int to,
                          enum dossier_side side, const char *note, struct result_approval *a,
                          struct dossier *out, struct xerr *e);

/* The newest result file of a dossier that no signature covers (neither
 * signed nor the source of a signed file): what an approval signs.
 * XERR_NOTFOUND when none. */
int store_result_unsigned(struct store *s, int64_t dossier, struct dossier_file *out,
                          struct xerr *e);

/* The signatures of a dossier, oldest first. */
int store_result_signatures(struct store *s, int64_t dossier,
                            int (*cb)(const struct result_signature *r, void *ctx), void *ctx,
                            struct xerr *e);

#endif
