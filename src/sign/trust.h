/*
 * trust.h: the certificates a verification trusts, the CRLs it checks, and
 * the check of one certificate's chain at a given time.
 *
 * A struct sign_trust holds CA certificates (the demo root, or the
 * Government's specialised CA and its subordinate CAs) and CRLs. A CRL is
 * accepted only when its signature verifies with the key of a CA already
 * in the trust, so add the CAs first. Any CA certificate added is a trust
 * anchor, an intermediate as well as a root (partial chains allowed): the
 * caller decides whom it trusts.
 *
 * The trust is built once (at start, or per request) and is read-only
 * afterwards; several threads may verify with one trust at the same time.
 * sign_trust_new() returns what sign_trust_free() frees. A verification
 * given no trust (NULL) still checks the signed bytes and the signature,
 * and reports every certificate as untrusted.
 */
#ifndef XASO_SIGN_TRUST_H
#define XASO_SIGN_TRUST_H

#include "sign/sign.h"

struct sign_trust;

int sign_trust_new(struct sign_trust **out, struct xerr *e);
void sign_trust_free(struct sign_trust *t);

/* Adds every certificate of a PEM or DER buffer. Only CA certificates
 * (basicConstraints CA:TRUE) are accepted; XERR_INVALID otherwise, and
 * nothing from the buffer is added. */
int sign_trust_add_ca(struct sign_trust *t, const void *data, size_t len, struct xerr *e);

/* Adds a CRL (PEM or DER). XERR_INVALID when it is malformed,
 * XERR_UNPROCESSABLE when no CA of the trust issued it or its signature
 * does not verify. */
int sign_trust_add_crl(struct sign_trust *t, const void *data, size_t len, struct xerr *e);

/* The facts of a CRL (PEM or DER): its issuer's name (as sign_cert_info
 * writes names), its dates and how many certificates it lists. For
 * importing a CA's CRL: which stored CA it belongs to is then decided by
 * sign_trust_add_crl() against that CA. */
struct sign_crl_info {
	char issuer[SIGN_NAME_MAX];
	int64_t this_update, next_update; /* next_update 0 when absent */
	size_t revoked;
};
int sign_crl_info(const void *data, size_t len, struct sign_crl_info *out, struct xerr *e);

/* Checks the first certificate of a PEM or DER buffer (the others may
 * complete its chain) as of `now`: chain to a trusted CA, validity dates,
 * the CRLs of the trust. Fills out->status, problems, cert, revoked_at and
 * detail (the other fields are zero). For `xaso certs list` and the
 * certificate directory. */
int sign_trust_check_cert(const struct sign_trust *t, const void *data, size_t len, int64_t now,
                          struct sign_signature *out, struct xerr *e);

#endif
