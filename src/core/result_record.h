/*
 * result_record.h: the record of a signed result, as printed on its cover
 * page and signed with it (issue 17). Pure: no I/O, no cryptography.
 *
 * The record binds what a bank or another commune needs to trust a paper
 * result: the dossier code, the procedure, the applicant's ID number
 * masked (Decree 13/2023: no more personal data than needed; pid_mask()
 * keeps the last 3 digits), the SHA-256 of the result file, the unit that
 * issued it, the signer and the time. Its canonical form is the only
 * bytes ever signed (src/sign/cms.h signs them as a detached CMS):
 *
 *     xaso-result-record/1
 *     dossier=03199-250901-0001
 *     procedure=1.001193
 *     procedure_name=Đăng ký khai sinh
 *     applicant=*********234
 *     file_sha256=<64 lower-case hex digits>
 *     unit=03199
 *     unit_name=UBND xã Bình Lư
 *     signer=Lò Văn Thành
 *     signed_at=2025-09-01T08:00:00Z
 *
 * Every line ends with one "\n", keys in this order, nothing else. Text
 * values are UTF-8 in NFC, without control characters or surrounding
 * spaces, so the same record always gives the same bytes; decoding
 * accepts only bytes that encode back identically, so a record with one
 * byte changed either fails to decode or fails its signature.
 */
#ifndef XASO_CORE_RESULT_RECORD_H
#define XASO_CORE_RESULT_RECORD_H

#include <stdint.h>

#include "core/buf.h"
#include "core/dossier.h"
#include "core/procedure.h"
#include "core/xerr.h"

enum { RECORD_TEXT_MAX = 256 }; /* bytes of a text value, with its NUL */

struct result_record {
	char dossier_code[DOSSIER_CODE_MAX];
	char procedure_code[PROC_CODE_MAX];
	char procedure_name[RECORD_TEXT_MAX];
	char applicant[16]; /* masked, as pid_mask() writes it */
	char file_sha256[65];
	char unit_code[16];
	char unit_name[RECORD_TEXT_MAX];
	char signer[RECORD_TEXT_MAX];
	int64_t signed_at; /* Unix seconds */
};

/* The applicant of a dossier filed without an ID number. */
#define RECORD_NO_ID "-"

/* What the caller knows; the applicant's number in full (it is masked
 * here and never stored in the record). */
struct result_record_in {
	const char *dossier_code, *procedure_code, *procedure_name;
	const char *applicant_id; /* ID number (12 digits) or passport number; NULL or "":
	                             none (the record says RECORD_NO_ID) */
	const char *file_sha256;  /* hex, either case */
	const char *unit_code, *unit_name, *signer;
	int64_t signed_at;
};

/* Builds a record: masks the ID, lower-cases the hash, puts names in NFC,
 * checks every field. XERR_INVALID naming the field otherwise. */
int result_record_make(const struct result_record_in *in, struct result_record *r, struct xerr *e);

/* Appends the canonical bytes of r to out (after checking r as make does). */
int result_record_encode(const struct result_record *r, struct buf *out, struct xerr *e);

/* Reads canonical bytes back; XERR_INVALID when they are not exactly what
 * result_record_encode() writes for some record. */
int result_record_decode(const void *p, size_t n, struct result_record *r, struct xerr *e);

#endif
