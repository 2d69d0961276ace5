/* result_record.c: the canonical record of a signed result (contract and
 * format: core/result_record.h). */
#include "core/result_record.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "core/lunar.h"
#include "core/pii.h"
#include "core/text.h"

static const char header[] = "xaso-result-record/1\n";

enum kind { K_DOSSIER, K_PROCEDURE, K_TEXT, K_MASKED, K_SHA256, K_UNIT };

static const struct field {
	const char *key;
	size_t off, cap;
	enum kind kind;
} fields[] = {
    {"dossier", offsetof(struct result_record, dossier_code), DOSSIER_CODE_MAX, K_DOSSIER},
    {"procedure", offsetof(struct result_record, procedure_code), PROC_CODE_MAX, K_PROCEDURE},
    {"procedure_name", offsetof(struct result_record, procedure_name), RECORD_TEXT_MAX, K_TEXT},
    {"applicant", offsetof(struct result_record, applicant), 16, K_MASKED},
    {"file_sha256", offsetof(struct result_record, file_sha256), 65, K_SHA256},
    {"unit", offsetof(struct result_record, unit_code), 16, K_UNIT},
    {"unit_name", offsetof(struct result_record, unit_name), RECORD_TEXT_MAX, K_TEXT},
    {"signer", offsetof(struct result_record, signer), RECORD_TEXT_MAX, K_TEXT},
};
enum { NFIELDS = sizeof fields / sizeof fields[0] };

/* 0001-01-01 to 9999-12-31 would do for gmtime; a result is signed after
 * 1970 and before the year 10000. */
static const int64_t time_max = 253402300799;

static char *slot(struct result_record *r, const struct field *f)
{
	return (char *)r + f->off;
}

static bool text_ok(const char *v)
{
	size_t n = strlen(v);
	if (n == 0 || v[0] == ' ' || v[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			return false;
	char *nfc = text_nfc_dup(v);
	bool ok = nfc && strcmp(nfc, v) == 0;
	free(nfc);
	return ok;
}

static bool masked_ok(const char *v)
{
	if (!strcmp(v, RECORD_NO_ID))
		return true;
	size_t n = strlen(v), keep = n > 3 ? 3 : 0;
	if (n == 0 || n > 15)
		return false;
	for (size_t i = 0; i < n; i++)
		if (i < n - keep ? v[i] != '*' : !isalnum((unsigned char)v[i]))
			return false;
	return true;
}

static bool value_ok(enum kind k, const char *v)
{
	switch (k) {
	case K_DOSSIER: return dossier_code_valid(v);
	case K_PROCEDURE:
		return isdigit((unsigned char)v[0]) && strlen(v) < PROC_CODE_MAX &&
		       strspn(v, "0123456789.") == strlen(v);
	case K_TEXT: return text_ok(v);
	case K_MASKED: return masked_ok(v);
	case K_SHA256: return strlen(v) == 64 && strspn(v, "0123456789abcdef") == 64;
	case K_UNIT: return text_digits(v, 2, 12);
	}
	return false;
}

static int record_check(const struct result_record *r, struct xerr *e)
{
	for (int i = 0; i < NFIELDS; i++) {
		const char *v = slot((struct result_record *)r, &fields[i]);
		if (!memchr(v, '\0', fields[i].cap) || !value_ok(fields[i].kind, v))
			return xerr_set(e, XERR_INVALID, fields[i].key, "%s: missing or malformed",
			                fields[i].key);
	}
	if (r->signed_at <= 0 || r->signed_at > time_max)
		return xerr_set(e, XERR_INVALID, "signed_at", "signed_at: out of range");
	return 0;
}

static int copy_in(struct result_record *r, const struct field *f, const char *v, struct xerr *e)
{
	char *dst = slot(r, f);
	char *nfc = v && f->kind == K_TEXT ? text_nfc_dup(v) : NULL;
	const char *src = nfc ? nfc : v;
	size_t n = src ? strlen(src) : 0;
	if (n == 0 || n >= f->cap) {
		free(nfc);
		return xerr_set(e, XERR_INVALID, f->key, "%s: required, at most %zu bytes", f->key,
		                f->cap - 1);
	}
	memcpy(dst, src, n + 1);
	free(nfc);
	if (f->kind == K_SHA256)
		for (char *p = dst; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	return 0;
}

int result_record_make(const struct result_record_in *in, struct result_record *r, struct xerr *e)
{
	memset(r, 0, sizeof *r);
	const char *id = in->applicant_id;
	size_t idn = id ? strlen(id) : 0;
	if (idn > 15 || strspn(id ? id : "", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != idn)
		return xerr_set(e, XERR_INVALID, "applicant",
		                "applicant: an ID or passport number (digits, capitals)");
	char masked[16] = RECORD_NO_ID;
	if (idn)
		pid_mask(id, masked);
	const char *v[NFIELDS] = {in->dossier_code, in->procedure_code, in->procedure_name,
	                          masked,           in->file_sha256,    in->unit_code,
	                          in->unit_name,    in->signer};
	for (int i = 0; i < NFIELDS; i++) {
		int rc = copy_in(r, &fields[i], v[i], e);
		if (rc)
			return rc;
	}
	r->signed_at = in->signed_at;
	return record_check(r, e);
}

int result_record_encode(const struct result_record *r, struct buf *out, struct xerr *e)
{
	int rc = record_check(r, e);
	if (rc)
		return rc;
	buf_puts(out, header);
	for (int i = 0; i < NFIELDS; i++)
		buf_printf(out, "%s=%s\n", fields[i].key,
		           slot((struct result_record *)r, &fields[i]));
	time_t t = (time_t)r->signed_at;
	struct tm tm;
	gmtime_r(&t, &tm);
	buf_printf(out, "signed_at=%04d-%02d-%02dT%02d:%02d:%02dZ\n", tm.tm_year + 1900,
	           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return 0;
}

/* The value of line "key=value\n" at *pos, copied into dst[cap]. */
static bool line_read(const char *p, size_t n, size_t *pos, const char *key, char *dst, size_t cap)
{
	size_t k = strlen(key), i = *pos;
	if (n - i < k + 1 || memcmp(p + i, key, k) != 0 || p[i + k] != '=')
		return false;
	i += k + 1;
	const char *nl = memchr(p + i, '\n', n - i);
	if (!nl || (size_t)(nl - (p + i)) >= cap || memchr(p + i, '\0', (size_t)(nl - (p + i))))
		return false;
	size_t len = (size_t)(nl - (p + i));
	memcpy(dst, p + i, len);
	dst[len] = '\0';
	*pos = i + len + 1;
	return true;
}

static int64_t time_read(const char *s)
{
	int y, mo, d, h, mi, sec;
	char z;
	if (strlen(s) != 20 ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &sec, &z) != 7 || z != 'Z')
		return 0;
	/* An impossible date (2025-02-30) becomes another day here and fails
	 * the canonical comparison. */
	return ((int64_t)lunar_jdn(y, mo, d) - CAL_EPOCH_JDN) * 86400 + h * 3600 + mi * 60 + sec;
}

int result_record_decode(const void *data, size_t n, struct result_record *r, struct xerr *e)
{
	const char *p = data;
	size_t pos = sizeof header - 1;
	memset(r, 0, sizeof *r);
	if (n < pos || memcmp(p, header, pos) != 0)
		return xerr_set(e, XERR_INVALID, "record", "not a result record (version 1)");
	for (int i = 0; i < NFIELDS; i++)
		if (!line_read(p, n, &pos, fields[i].key, slot(r, &fields[i]), fields[i].cap))
			return xerr_set(e, XERR_INVALID, fields[i].key, "line %d: expected %s=...",
			                i + 2, fields[i].key);
	char when[32];
	if (!line_read(p, n, &pos, "signed_at", when, sizeof when) || pos != n)
		return xerr_set(e, XERR_INVALID, "signed_at", "line %d: expected signed_at=...",
		                NFIELDS + 2);
	r->signed_at = time_read(when);
	struct buf again;
	buf_init(&again);
	int rc = result_record_encode(r, &again, e);
	if (!rc && (again.len != n || memcmp(again.data, p, n) != 0))
		rc = xerr_set(e, XERR_INVALID, "record", "not in canonical form");
	buf_free(&again);
	return rc;
}
