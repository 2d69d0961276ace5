/*
 * pdf.h: PAdES signatures embedded in a PDF, and their check.
 *
 * Signing (PAdES baseline B-B, ETSI EN 319 142-1) appends one incremental
 * update to the original bytes, which stay untouched:
 *   - a signature dictionary: /Type /Sig /Filter /Adobe.PPKLite
 *     /SubFilter /ETSI.CAdES.detached, /M the signing time, /Name the
 *     signer, /Reason and /Location when given, /ByteRange [0 a b c] and
 *     /Contents <hex>: a DER CMS SignedData (sign/cms.c: detached, SHA-256,
 *     signing-certificate-v2, the signer's chain, no signing-time
 *     attribute as PAdES asks) over the file minus the /Contents value;
 *   - a signature field that is also its widget annotation, invisible
 *     (/Rect [0 0 0 0], flags Print and Locked), on the first page;
 *   - the AcroForm with the new field and /SigFlags 3, and whichever of
 *     the catalog, the AcroForm and the first page had to be rewritten to
 *     point at them;
 *   - a cross-reference section of the same kind as the file's last one
 *     (a table, or a stream for PDF 1.5+ files with cross-reference
 *     streams) with /Prev pointing at it, and the trailer.
 * A second signature (the seal countersigning after the leader) is a
 * second call on the output of the first: a new update that leaves the
 * first signature's bytes, and so its validity, intact. `pdfsig` and PDF
 * readers show both.
 *
 * Why qpdf: the update itself is ours (a few objects and a cross-reference
 * section), but finding the trailer, the catalog, the first page and the
 * AcroForm means parsing whatever PDF a commune was given: classic tables,
 * cross-reference streams, objects inside object streams, hybrid and
 * linearized files, earlier updates. qpdf (libqpdf, in Debian; its C API
 * qpdf-c.h) reads all of those, is well kept and fuzzed (OSS-Fuzz), so it
 * reads and we write: the objects we rewrite are qpdf's unparsed text of
 * the originals plus our keys. The few bytes we read by hand (startxref,
 * the /ByteRange gap, /M) are covered by fuzz/fuzz_pdf.c. Encrypted PDFs
 * and files qpdf can only read by reconstructing a broken cross-reference
 * table are refused for signing (XERR_UNPROCESSABLE).
 *
 * Checking (sign_pdf_verify) finds every signature field, and for each:
 * the /ByteRange starts at 0, its gap is exactly the /Contents string and
 * its end is the end of a revision; the CMS checks of sign/cms.h over
 * those bytes (digest, signature, signer, signing-certificate-v2, chain at
 * the signing time /M and now, CRLs). Then changes after signing: bytes
 * after the last signed revision (other than white space) make every
 * signature SIGN_ALTERED; between two signed revisions, the later one may
 * only add signatures (new signature fields and widgets, the AcroForm and
 * the pages' /Annots growing accordingly, an empty signature field being
 * filled): every object reachable from the catalog is compared between
 * the two revisions, and any other change makes the earlier signatures
 * SIGN_ALTERED. Out of scope: DocMDP/FieldMDP permissions, timestamps and
 * long-term validation data (PAdES B-T, B-LT).
 *
 * Both functions are reentrant; each call opens its own qpdf handle.
 */
#ifndef XASO_SIGN_PDF_H
#define XASO_SIGN_PDF_H

#include "sign/cert.h"
#include "sign/sign.h"
#include "sign/trust.h"

enum { SIGN_PDF_MAX = 1 << 30 }; /* larger files are refused (XERR_LIMIT) */

struct sign_pdf_options {
	int64_t signing_time; /* required: Unix seconds, written to /M in Vietnam's time */
	const char *reason;   /* /Reason, UTF-8, at most 200 characters, or NULL */
	const char *location; /* /Location, likewise (e.g. the commune's name) */
};

/* Signs pdf[0..len) with s: *out (malloc'ed, *out_len bytes) is the
 * original followed by the update. XERR_INVALID (field "file") when the
 * bytes are not a readable PDF; XERR_UNPROCESSABLE when it is encrypted,
 * damaged or has no page. */
int sign_pdf(const void *pdf, size_t len, const struct sign_signer *s,
             const struct sign_pdf_options *o, unsigned char **out, size_t *out_len,
             struct xerr *e);

/* Checks every signature of pdf[0..len), as of `now`, against t; r gets
 * one entry per signature, oldest first. A PDF without signatures gives
 * r->status SIGN_UNSIGNED. XERR_INVALID only when the bytes are not a PDF
 * at all. */
int sign_pdf_verify(const void *pdf, size_t len, const struct sign_trust *t, int64_t now,
                    struct sign_report *r, struct xerr *e);

#endif
