/*
 * results.c: the signatures of approved results (store_certs.h): kept in
 * the transaction of the approval that moves the dossier to "result
 * ready" (through dossier_change.c's keep hook), and read back for the
 * verification page and `xaso verify`. The CMS signatures are binary
 * (DER); they are kept as base64 text, which every back end stores alike.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "store/store_certs.h"
#include "store/store_int.h"

enum { P7S_MAX = 1 << 20 }; /* a CMS with two chains is a few kilobytes */

/* base64 of p[0..n) as a malloc'ed string; NULL when out of memory. */
static char *b64(const void *p, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *out = malloc(cap);
	if (out)
		sodium_bin2base64(out, cap, p, n, sodium_base64_VARIANT_ORIGINAL);
	return out;
}

/* Appends the bytes of base64 text to out; false when it is not base64. */
static bool unb64(const char *text, struct buf *out)
{
	size_t n = strlen(text), len = 0;
	unsigned char *raw = malloc(n / 4 * 3 + 3);
	bool ok = raw && sodium_base642bin(raw, n / 4 * 3 + 3, text, n, NULL, &len, NULL,
	                                   sodium_base64_VARIANT_ORIGINAL) == 0;
	if (ok)
		buf_add(out, raw, len);
	free(raw);
	return ok;
}

/* ---- approving ---- */

/* The source is a result file of this dossier that nothing signed yet. */
static int source_check(struct db_conn *c, const struct dossier *d, const struct dossier_file *f,
                        struct xerr *e)
{
	static const char sql_own[] =
	    "SELECT 1 FROM dossier_file WHERE id = ?1 AND dossier = ?2 AND kind = 'result' "
	    "AND sha256 = ?3";
	static const char sql_signed[] =
	    "SELECT 1 FROM result_signature WHERE source_file = ?1 OR signed_file = ?1";
	int rc = db_query_first(
	    c, sql_own, DB_ARGS(DB_INT(f->id), DB_INT(d->id), DB_TEXT(f->sha256)), NULL, NULL, e);
	if (rc <= 0)
		return rc < 0 ? rc
		              : xerr_set(e, XERR_NOTFOUND, "file",
		                         "this dossier has no such result file");
	rc = db_query_first(c, sql_signed, DB_ARGS(DB_INT(f->id)), NULL, NULL, e);
	if (rc != 0)
		return rc < 0 ? rc
		              : xerr_set(e, XERR_CONFLICT, "file", "this result is signed already");
	return 0;
}

static int signature_insert(struct db_conn *c, const struct actor *who, const struct dossier *d,
                            struct result_approval *a, int64_t signed_id, const char *sha,
                            struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO result_signature(public_id, dossier, source_file, signed_file, "
	    "signed_sha256, format, file_p7s, record, record_p7s, leader_cert, seal_cert, signer, "
	    "signed_at, account_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	    "?13, "
	    "?14) RETURNING id";
	char *file_p7s = a->file_p7s ? b64(a->file_p7s, a->file_p7s_len) : NULL;
	char *record_p7s = b64(a->record_p7s, a->record_p7s_len);
	int rc =
	    (a->file_p7s && !file_p7s) || !record_p7s
	        ? xerr_set(e, XERR_NOMEM, NULL, "out of memory")
	        : db_query_int(c, sql,
	                       DB_ARGS(DB_TEXT(a->public_id), DB_INT(d->id), DB_INT(a->source.id),
	                               DB_INT(signed_id), DB_TEXT(sha), DB_TEXT(a->format),
	                               DB_TEXT(file_p7s), DB_TEXT(a->record), DB_TEXT(record_p7s),
	                               a->leader_cert ? DB_INT(a->leader_cert) : DB_NULL,
	                               DB_INT(a->seal_cert), DB_TEXT(a->signer),
	                               DB_INT(a->signed_at), DB_INT(who ? who->account_id : 0)),
	                       &a->id, e);
	free(file_p7s);
	free(record_p7s);
	if (rc < 0)
		return rc;
	char detail[80];
	snprintf(detail, sizeof detail, "%s %s, %s", a->format, a->public_id,
	         a->leader_cert ? "leader and seal" : "seal");
	return st_audit_append(c, who, "result.sign", d->code, detail, e);
}

static int approve_keep(struct db_conn *c, const struct actor *who, const struct dossier *d,
                        void *ctx, struct xerr *e)
{
	struct result_approval *a = ctx;
	int rc = a->source.id ? source_check(c, d, &a->source, e)
	                      : st_dossier_file_insert(c, who, d, &a->source, &a->source.id, e);
	if (rc)
		return rc;
	if (strcmp(a->format, "pades"))
		return signature_insert(c, who, d, a, a->source.id, a->source.sha256, e);
	int64_t signed_id = 0;
	rc = st_dossier_file_insert(c, who, d, &a->signed_pdf, &signed_id, e);
	return rc ? rc : signature_insert(c, who, d, a, signed_id, a->signed_pdf.sha256, e);
}

static int approval_check(const struct result_approval *a, struct xerr *e)
{
	bool pades = a->format && !strcmp(a->format, "pades");
	int rc = st_dossier_file_check(&a->source, e);
	if (rc == 0 && pades)
		rc = st_dossier_file_check(&a->signed_pdf, e);
	if (rc)
		return rc;
	if (strcmp(a->source.kind, "result") || (pades && strcmp(a->signed_pdf.kind, "result")))
		return xerr_set(e, XERR_INVALID, "kind", "an approval signs result files");
	if (!pades && (!a->format || strcmp(a->format, "cms") || !a->file_p7s))
		return xerr_set(e, XERR_INVALID, "format",
		                "a result is signed in the PDF (pades) or "
		                "beside it (cms, with its .p7s)");
	if (pades && a->file_p7s)
		return xerr_set(e, XERR_INVALID, "format", "a signed PDF carries its signatures");
	if (!a->public_id || !a->record || !a->record_p7s || !a->signer || !*a->signer ||
	    a->signed_at <= 0 || !a->seal_cert || a->file_p7s_len > P7S_MAX ||
	    a->record_p7s_len > P7S_MAX)
		return xerr_set(e, XERR_INVALID, "record", "the signature is incomplete");
	return 0;
}

int store_dossier_approve(struct store *s, const struct actor *who, const char *code, int to,
                          enum dossier_side side, const char *note, struct result_approval *a,
                          struct dossier *out, struct xerr *e)
{
	int rc = approval_check(a, e);
	if (rc)
		return rc;
	return st_dossier_transition_keep(s, who, code, to, side, note,
	                                  dossier_local_minutes(a->signed_at), approve_keep, a, out,
	                                  e);
}

static int file_row(struct db_stmt *st, void *ctx)
{
	st_dossier_file_read(st, ctx);
	return 0;
}

int store_result_unsigned(struct store *s, int64_t dossier, struct dossier_file *out,
                          struct xerr *e)
{
	static const char sql[] =
	    "SELECT f.id, f.kind, f.sha256, f.name FROM dossier_file f WHERE f.dossier = ?1 "
	    "AND f.kind = 'result' AND NOT EXISTS (SELECT 1 FROM result_signature r "
	    "WHERE r.source_file = f.id OR r.signed_file = f.id) ORDER BY f.id DESC LIMIT 1";
	int rc = st_first(s, sql, DB_ARGS(DB_INT(dossier)), file_row, out, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "file", "no result file waits for its signature");
	return rc < 0 ? rc : 0;
}

/* ---- reading ---- */

#define SIG_COLS                                                                                   \
	"r.id, r.public_id, r.dossier, d.code, d.unit, r.source_file, r.signed_file, f.name, "     \
	"r.signed_sha256, r.format, coalesce(r.leader_cert, 0), r.seal_cert, r.signer, "           \
	"r.signed_at, r.account_id, r.record, r.record_p7s, coalesce(r.file_p7s, '') "             \
	"FROM result_signature r JOIN dossier d ON d.id = r.dossier "                              \
	"JOIN dossier_file f ON f.id = r.signed_file "

struct sig_ctx {
	struct result_signature *out;
	const struct result_signature_data *data;
	bool bad;
	int (*cb)(const struct result_signature *r, void *ctx);
	void *ctx;
};

static void sig_read(struct db_stmt *st, struct result_signature *r)
{
	memset(r, 0, sizeof *r);
	r->id = db_int(st, 0);
	db_text_copy(st, 1, r->public_id, sizeof r->public_id);
	r->dossier = db_int(st, 2);
	db_text_copy(st, 3, r->dossier_code, sizeof r->dossier_code);
	db_text_copy(st, 4, r->unit, sizeof r->unit);
	r->source_file = db_int(st, 5);
	r->signed_file = db_int(st, 6);
	db_text_copy(st, 7, r->file_name, sizeof r->file_name);
	db_text_copy(st, 8, r->signed_sha256, sizeof r->signed_sha256);
	db_text_copy(st, 9, r->format, sizeof r->format);
	r->leader_cert = db_int(st, 10);
	r->seal_cert = db_int(st, 11);
	db_text_copy(st, 12, r->signer, sizeof r->signer);
	r->signed_at = db_int(st, 13);
	r->account_id = db_int(st, 14);
}

static int sig_row(struct db_stmt *st, void *ctx)
{
	struct sig_ctx *x = ctx;
	sig_read(st, x->out);
	const struct result_signature_data *d = x->data;
	if (d && d->record)
		buf_puts(d->record, db_text(st, 15));
	if (d && d->record_p7s && !unb64(db_text(st, 16), d->record_p7s))
		x->bad = true;
	if (d && d->file_p7s && !unb64(db_text(st, 17), d->file_p7s))
		x->bad = true;
	return x->cb ? x->cb(x->out, x->ctx) : 0;
}

static int sig_one(struct store *s, const char *sql, const char *key, struct result_signature *out,
                   const struct result_signature_data *data, struct xerr *e)
{
	memset(out, 0, sizeof *out);
	struct sig_ctx x = {out, data, false, NULL, NULL};
	int rc = st_first(s, sql, DB_ARGS(DB_TEXT(key)), sig_row, &x, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "id", "no signed result with this name");
	if (rc < 0)
		return rc;
	/* A stored signature that is not base64 was changed by hand: the
	 * caller reports the signature invalid, from what it could read. */
	return x.bad ? xerr_set(e, XERR_CONFLICT, "record", "the stored signature is damaged") : 0;
}

int store_result_signature(struct store *s, const char *public_id, struct result_signature *out,
                           const struct result_signature_data *data, struct xerr *e)
{
	static const char sql[] = "SELECT " SIG_COLS "WHERE r.public_id = ?1";
	return sig_one(s, sql, public_id, out, data, e);
}

int store_result_signature_by_sha256(struct store *s, const char *sha256,
                                     struct result_signature *out,
                                     const struct result_signature_data *data, struct xerr *e)
{
	static const char sql[] =
	    "SELECT " SIG_COLS "WHERE r.signed_sha256 = ?1 ORDER BY r.id DESC LIMIT 1";
	return sig_one(s, sql, sha256, out, data, e);
}

int store_result_signatures(struct store *s, int64_t dossier,
                            int (*cb)(const struct result_signature *r, void *ctx), void *ctx,
                            struct xerr *e)
{
	static const char sql[] = "SELECT " SIG_COLS "WHERE r.dossier = ?1 ORDER BY r.id";
	struct result_signature r;
	struct sig_ctx x = {&r, NULL, false, cb, ctx};
	return st_each(s, sql, DB_ARGS(DB_INT(dossier)), sig_row, &x, e);
}
