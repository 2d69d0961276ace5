/*
 * results.h: signed results, between the store (which keeps certificates,
 * keys and signatures as text) and src/sign/ (which makes and checks
 * signatures). The pages, the API and the command line (cli/cmd_certs.c,
 * cmd_verify.c, cmd_demo.c) all go through here, so a result is approved
 * and checked one way whatever asks:
 *
 *   results.c          the key secret (the service's key file, or a
 *                      passphrase given at start), storing a signer (its
 *                      chain, its key encrypted under the secret) and
 *                      loading it back, the trust (stored CA certificates
 *                      and their newest CRLs);
 *   results_approve.c  a leader's approval: the result file (the newest one
 *                      not yet signed, or one uploaded with the approval),
 *                      the signers (the leader's own certificate, then the
 *                      unit's seal; the seal alone where the leader has
 *                      none), the signatures made outside any transaction
 *                      (a PDF gets PAdES signatures in it, any other file
 *                      a detached CMS), the canonical record of the cover
 *                      page signed by the same signers, then one store
 *                      transaction moving the dossier with all of it;
 *   results_check.c    the verification of /verify/ID and `xaso verify`:
 *                      the record and its signature, the signed file, and a
 *                      file presented by its bytes or its SHA-256.
 *
 * Times are unix seconds. Everything allocated is the caller's: signers
 * with sign_signer_free(), trusts with sign_trust_free(), the big structs
 * here are plain values (allocate them on the heap or in an arena: a
 * struct result_check holds three reports of 16 signatures).
 */
#ifndef XASO_WEB_RESULTS_H
#define XASO_WEB_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/result_record.h"
#include "core/xerr.h"
#include "sign/cert.h"
#include "sign/sign.h"
#include "sign/trust.h"
#include "store/store.h"

/* The secret that opens the stored keys: the content of the key file, or
 * a passphrase. guard CERT_NO_KEY: none was given (nothing can sign). */
struct results_secret {
	enum cert_guard guard;
	size_t len;
	char text[SIGN_PASS_MAX + 1];
};

/* The key file at path (created with mode 0600 when missing and create is
 * set), or a passphrase (its trailing newline dropped). The key file's
 * absence without create leaves out->guard CERT_NO_KEY and returns 0. */
int results_secret_keyfile(const char *path, bool create, struct results_secret *out,
                           struct xerr *e);
int results_secret_passphrase(const char *text, struct results_secret *out, struct xerr *e);
void results_secret_clear(struct results_secret *k);

/* Stores signer sg as a certificate of kind for unit (NULL for a CA) and
 * account (0 but for a person), issued by the CA row ca (0: unknown), its
 * key encrypted under k (k NULL: the certificate alone). *id gets its row. */
int results_signer_store(struct store *s, const struct actor *who, const struct results_secret *k,
                         const struct sign_signer *sg, enum cert_kind kind, const char *unit,
                         int64_t account, int64_t ca, int64_t *id, struct xerr *e);
/* Stores every CA certificate of a PEM text (those stored already are
 * kept): trusted from then on, listed in /certs. skip_first leaves out the
 * first certificate (a signer's chain PEM starts with its own). *first
 * gets the row of the first one stored (the issuer of a chain's leaf). */
int results_ca_store(struct store *s, const struct actor *who, const char *pem, size_t len,
                     bool skip_first, int64_t *first, struct xerr *e);

/* The signer of a stored certificate, its key opened with k. XERR_CONFLICT
 * when it has no key or k is not the kind of secret it is kept under. */
int results_signer_load(struct store *s, const struct results_secret *k, int64_t cert,
                        struct sign_signer **out, struct xerr *e);

/* The bytes of a stored file (the blob store) appended to out, and its
 * type. */
struct buf;
int results_file_read(struct store *s, const char *sha256, struct buf *out, char mime[32],
                      struct xerr *e);

/* The trust of every check: the stored CA certificates not revoked here,
 * and the newest CRL of each. */
int results_trust(struct store *s, struct sign_trust **out, struct xerr *e);

/* The verdict of a stored certificate at `at` against t (its chain, its
 * dates, the CRLs), a revocation recorded here counting too; out (may be
 * NULL) gets the details (problems, revoked_at). */
enum sign_status results_cert_verdict(struct store *s, const struct sign_trust *t,
                                      const struct cert_row *c, int64_t at,
                                      struct sign_signature *out);

/* ---- approving ---- */

struct results_approval {
	const struct dossier *d; /* as loaded, its unit checked by the caller */
	int to;                  /* DS_RESULT */
	enum dossier_side side;  /* the leader's (core refuses anyone else) */
	const char *note;
	int64_t leader; /* the approving leader's account: their certificate signs */
	/* A result uploaded with the approval (already in the blob store,
	 * kind "result"), or NULL: the newest result not yet signed. */
	const struct dossier_file *upload;
	int64_t now;
};
/* Signs and persists. XERR_CONFLICT when nothing can sign (no result file,
 * no valid seal, no secret); the store's refusals otherwise. d (may be
 * NULL) gets the dossier after the move, sig the signature. */
int results_approve(struct store *s, const struct actor *who, const struct results_secret *k,
                    const struct results_approval *a, struct dossier *d,
                    struct result_signature *sig, struct xerr *e);

/* ---- checking ---- */

struct result_check {
	struct result_signature sig;
	char leader_sha256[65], seal_sha256[65]; /* fingerprints of its signers ("": none) */
	struct result_record record;             /* as decoded (zeroed when it does not decode) */
	bool record_decodes;
	struct sign_report record_report; /* the record's CMS */
	struct sign_report file_report;   /* the signed file's signatures */
	enum sign_status status;          /* the worst of the two */
	/* A file presented by its bytes or its SHA-256. */
	bool presented;
	char presented_sha256[65];
	bool matches;                        /* it is the signed file */
	struct sign_report presented_report; /* its own signatures (PDF), or the CMS's over it */
};
/* Checks the signed result public_id as of now; file[0..len) or sha256
 * (either may be absent) is the file presented. XERR_NOTFOUND for an
 * unknown id; the verdicts otherwise, in out. */
int results_check(struct store *s, const char *public_id, int64_t now, const void *file, size_t len,
                  const char *sha256, struct result_check *out, struct xerr *e);

/* Which certificate signed: "leader", "seal" (the unit's organisation
 * certificate) or "" (neither of the stored ones). */
const char *results_signer_role(const struct result_check *c, const struct sign_cert_info *ci);

#endif
