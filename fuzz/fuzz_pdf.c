/* libFuzzer harness for the PDF entry points of src/sign: sign_pdf_verify()
 * and sign_pdf() on any bytes, and the readers written by hand around qpdf
 * (sign/pdf_doc.c: startxref, the /Contents gap, PDF dates, the end of a
 * revision). qpdf's own parser is fuzzed upstream (OSS-Fuzz); here the
 * inputs reach our code around it. A file we sign must verify with its new
 * signature intact. Seeds: fuzz/corpus/pdf (make fuzz does the rest). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sign/cert.h"
#include "sign/pdf.h"
#include "sign/pdf_int.h"
#include "sign/trust.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int64_t now = 1756713600; /* 2025-09-01 */
static struct sign_signer *ca, *seal;
static struct sign_trust *trust;

static void setup(void)
{
	struct xerr e;
	struct sign_issue r = {SIGN_ROLE_CA,  {"fuzz CA", NULL, NULL, NULL, NULL},
	                       now - 86400,   now + 86400,
	                       SIGN_KEY_P256, NULL};
	struct sign_pem pem;
	if (sign_init(&e) || sign_ca_new(&r, &ca, &e))
		abort();
	r.role = SIGN_ROLE_SEAL;
	r.subject.unit_code = "03199";
	if (sign_cert_issue(ca, &r, &seal, &e) || sign_signer_export(ca, NULL, 0, &pem, &e) ||
	    sign_trust_new(&trust, &e) || sign_trust_add_ca(trust, pem.chain, pem.chain_len, &e))
		abort();
	sign_pem_free(&pem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!trust)
		setup();
	(void)pdf_startxref(data, size);
	(void)pdf_ends_revision(data, size);
	(void)pdf_date_parse((const char *)data, size);
	unsigned char *der = malloc(size / 2 + 1);
	(void)pdf_contents_decode(data, size, der);
	free(der);

	struct sign_report r;
	struct xerr e;
	if (sign_pdf_verify(data, size, trust, now, &r, &e) == 0 && r.n > SIGN_MAX_SIGNATURES)
		__builtin_trap();
	struct sign_pdf_options o = {now, "fuzz", NULL};
	unsigned char *out;
	size_t n;
	if (sign_pdf(data, size, seal, &o, &out, &n, &e) != 0)
		return 0;
	if (n <= size || memcmp(out, data, size) != 0)
		__builtin_trap();
	/* Our signature covers the whole new file and its bytes check out. */
	if (sign_pdf_verify(out, n, trust, now, &r, &e) != 0 || r.n == 0 ||
	    !r.sig[r.n - 1].whole_file ||
	    (r.sig[r.n - 1].problems & (SIGN_P_FORMAT | SIGN_P_DIGEST | SIGN_P_SIGNATURE)))
		__builtin_trap();
	free(out);
	return 0;
}
