/*
 * cms.h: detached CMS signatures (.p7s) of any bytes: a result file that
 * is not a PDF, and the canonical record of a result's cover page
 * (core/result_record.h builds the bytes, this module signs them).
 *
 * One SignedData (RFC 5652) in DER, content detached, SHA-256, one
 * SignerInfo per signer: the leader's signature and the commune's seal
 * side by side ("parallel" signatures). Parallel and not a
 * countersignature attribute because every common tool checks all
 * SignerInfos (`openssl cms -verify`, as below, fails if either is bad)
 * while most ignore countersignatures. DER sorts a SET OF by its bytes, so
 * the SignerInfos' order means nothing: which one is the seal is told by
 * its certificate (cert.unit_code from organizationIdentifier; a person's
 * has cert.login). Each SignerInfo has the signed
 * attributes of CAdES B-B (ETSI EN 319 122-1): content-type, message-digest,
 * signing-time and signing-certificate-v2; the certificates of every
 * signer's chain are included. Anyone can check one with
 *   openssl cms -verify -binary -inform DER -in FILE.p7s -content FILE \
 *       -CAfile ca.pem -out /dev/null
 * (no "-purpose any" needed for certificates issued by sign/issue.c, whose
 * extended key usage includes emailProtection; a real CA's certificate
 * without it needs "-purpose any").
 *
 * The checks (sign_cms_verify*) are ours, through OpenSSL: the content's
 * digest against message-digest, each signature value, the signer's key
 * usage and signing-certificate-v2, the chain to the given trust at the
 * signing time and now, and the trust's CRLs. *der outputs are malloc'ed
 * (the caller frees them with free()).
 */
#ifndef XASO_SIGN_CMS_H
#define XASO_SIGN_CMS_H

#include "sign/cert.h"
#include "sign/sign.h"
#include "sign/trust.h"

/* Signs data[0..len) by signers[0..n) (1 to 4 of them) at signing_time
 * (Unix seconds, required): the leader and the seal, or the seal alone. */
int sign_cms_detached(const void *data, size_t len, const struct sign_signer *const *signers,
                      size_t n, int64_t signing_time, unsigned char **der, size_t *der_len,
                      struct xerr *e);

/* Checks a .p7s (DER) against the data it claims to sign: one entry of r
 * per SignerInfo. SIGN_P_DIGEST on an entry means the data is not the one
 * signed. Returns XERR_INVALID only when p7s is not a CMS SignedData at
 * all; any other flaw is a verdict in r. */
int sign_cms_verify(const void *data, size_t len, const void *p7s, size_t p7s_len,
                    const struct sign_trust *t, int64_t now, struct sign_report *r, struct xerr *e);

/* The same with the data's SHA-256 instead of the data (a file presented
 * by its hash); a signer that used another digest is SIGN_P_UNSUPPORTED. */
int sign_cms_verify_sha256(const unsigned char sha256[32], const void *p7s, size_t p7s_len,
                           const struct sign_trust *t, int64_t now, struct sign_report *r,
                           struct xerr *e);

#endif
