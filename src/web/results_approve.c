/*
 * results_approve.c: a leader's approval of a result (web/results.h).
 *
 * Everything slow or fallible happens before the store is asked to write:
 * reading the result file, opening the keys, the PDF signatures (the
 * leader's, then the seal's over it: two incremental updates) or the
 * detached CMS of any other file, putting the signed PDF into the blob
 * store (content-addressed: harmless if the approval then fails), the
 * canonical record and its CMS. Then store_dossier_approve() decides the
 * move again inside its transaction and keeps the dossier, the files and
 * the signature together: nothing is half-written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/secret.h"
#include "sign/cms.h"
#include "sign/pdf.h"
#include "web/results.h"

/* The signers of one approval: the leader's certificate when valid, and
 * the unit's seal, which must be. */
struct signers {
	struct cert_row leader_row, seal_row;
	struct sign_signer *leader, *seal;
	const struct sign_signer *list[2];
	size_t n;
};

static void signers_free(struct signers *g)
{
	sign_signer_free(g->leader);
	sign_signer_free(g->seal);
}

static int signers_load(struct store *s, const struct results_secret *k, const char *unit,
                        int64_t leader, int64_t now, struct signers *g, struct xerr *e)
{
	memset(g, 0, sizeof *g);
	if (!k || k->guard == CERT_NO_KEY)
		return xerr_set(e, XERR_CONFLICT, "keyfile",
		                "the signing keys cannot be opened: the server has no key file or "
		                "passphrase");
	int rc = store_cert_signer(s, unit, 0, now, &g->seal_row, e);
	if (rc == XERR_NOTFOUND)
		return xerr_set(e, XERR_CONFLICT, "seal",
		                "unit %s has no valid seal certificate: import one (xaso certs "
		                "import) before approving signed results",
		                unit);
	if (rc || (rc = results_signer_load(s, k, g->seal_row.id, &g->seal, e)))
		return rc;
	/* The leader signs first when they hold a valid certificate; without
	 * one the seal signs alone (docs/signatures.md). */
	rc = leader ? store_cert_signer(s, unit, leader, now, &g->leader_row, e) : XERR_NOTFOUND;
	if (rc == 0)
		rc = results_signer_load(s, k, g->leader_row.id, &g->leader, e);
	else if (rc == XERR_NOTFOUND)
		rc = 0;
	if (rc) {
		signers_free(g);
		return rc;
	}
	if (g->leader)
		g->list[g->n++] = g->leader;
	g->list[g->n++] = g->seal;
	return 0;
}

/* What one approval makes before the store keeps it. */
struct made {
	struct dossier_file source;
	struct buf file; /* the result as attached */
	char mime[32];
	unsigned char *signed_pdf; /* pades */
	size_t signed_len;
	char signed_sha[65];
	unsigned char *p7s; /* cms */
	size_t p7s_len;
	struct buf record;
	unsigned char *record_p7s;
	size_t record_p7s_len;
};

static void made_free(struct made *m)
{
	buf_free(&m->file);
	free(m->signed_pdf);
	free(m->p7s);
	buf_free(&m->record);
	free(m->record_p7s);
}

/* The PDF signed by each signer in turn (the seal's update covers the
 * leader's signature), stored as a new result file. */
static int sign_file(struct store *s, const struct actor *who, const struct results_approval *a,
                     const struct signers *g, const char *unit_name, struct made *m, struct xerr *e)
{
	if (strcmp(m->mime, "application/pdf"))
		return sign_cms_detached(m->file.data, m->file.len, g->list, g->n, a->now, &m->p7s,
		                         &m->p7s_len, e);
	char reason[120];
	snprintf(reason, sizeof reason, "Phê duyệt kết quả giải quyết hồ sơ %s", a->d->code);
	struct sign_pdf_options o = {a->now, reason, unit_name};
	const unsigned char *in = (const unsigned char *)m->file.data;
	size_t in_len = m->file.len;
	int rc = 0;
	for (size_t i = 0; i < g->n && rc == 0; i++) {
		unsigned char *out = NULL;
		size_t out_len = 0;
		rc = sign_pdf(in, in_len, g->list[i], &o, &out, &out_len, e);
		free(m->signed_pdf);
		m->signed_pdf = out;
		m->signed_len = out_len;
		in = out;
		in_len = out_len;
	}
	if (rc == 0)
		rc = store_blob_put(s, who, m->signed_pdf, m->signed_len, "application/pdf",
		                    m->signed_sha, NULL, e);
	return rc;
}

/* The canonical record of the cover page, signed by the same signers. */
static int sign_record(struct store *s, const struct results_approval *a, const struct signers *g,
                       const char *unit_name, struct made *m, struct xerr *e)
{
	struct procedure *p = calloc(1, sizeof *p);
	if (!p)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	int rc = store_procedure_get(s, a->d->procedure, p, e);
	struct sign_cert_info who;
	sign_signer_info(g->list[0], &who);
	struct result_record_in in = {
	    a->d->code,
	    a->d->procedure,
	    p->name,
	    a->d->applicant_pid,
	    m->signed_pdf ? m->signed_sha : m->source.sha256,
	    a->d->unit,
	    unit_name,
	    who.common_name[0] ? who.common_name : unit_name,
	    a->now,
	};
	struct result_record r;
	if (rc == 0)
		rc = result_record_make(&in, &r, e);
	free(p);
	if (rc == 0)
		rc = result_record_encode(&r, &m->record, e);
	if (rc == 0)
		rc = sign_cms_detached(m->record.data, m->record.len, g->list, g->n, a->now,
		                       &m->record_p7s, &m->record_p7s_len, e);
	return rc;
}

/* The result to sign: uploaded with the approval, or the newest waiting. */
static int source_find(struct store *s, const struct results_approval *a, struct made *m,
                       struct xerr *e)
{
	int rc = 0;
	if (a->upload)
		m->source = *a->upload;
	else if ((rc = store_result_unsigned(s, a->d->id, &m->source, e)) == XERR_NOTFOUND)
		return xerr_set(e, XERR_CONFLICT, "file",
		                "attach the result file before approving it (it is signed as it is "
		                "approved)");
	if (rc == 0)
		rc = results_file_read(s, m->source.sha256, &m->file, m->mime, e);
	return rc;
}

/* The name of the signed PDF beside the attached one: "x.pdf" gives
 * "x-da-ky.pdf" (đã ký: signed). */
static void signed_name(const char *name, char *out, size_t cap)
{
	const char *dot = strrchr(name, '.');
	int stem = dot && dot != name ? (int)(dot - name) : (int)strlen(name);
	if (stem > 200)
		stem = 200;
	snprintf(out, cap, "%.*s-da-ky.pdf", stem, name);
}

static int persist(struct store *s, const struct actor *who, const struct results_approval *a,
                   const struct signers *g, struct made *m, struct dossier *d,
                   struct result_signature *sig, struct xerr *e)
{
	char pid[PUBLIC_ID_LEN];
	public_id_new(pid);
	struct result_approval ra = {
	    .public_id = pid,
	    .source = m->source,
	    .format = m->signed_pdf ? "pades" : "cms",
	    .file_p7s = m->p7s,
	    .file_p7s_len = m->p7s_len,
	    .record = m->record.data,
	    .record_len = m->record.len,
	    .record_p7s = m->record_p7s,
	    .record_p7s_len = m->record_p7s_len,
	    .leader_cert = g->leader ? g->leader_row.id : 0,
	    .seal_cert = g->seal_row.id,
	    .signed_at = a->now,
	};
	struct sign_cert_info first;
	sign_signer_info(g->list[0], &first);
	ra.signer = first.common_name;
	if (m->signed_pdf) {
		snprintf(ra.signed_pdf.kind, sizeof ra.signed_pdf.kind, "result");
		memcpy(ra.signed_pdf.sha256, m->signed_sha, sizeof m->signed_sha);
		signed_name(m->source.name, ra.signed_pdf.name, sizeof ra.signed_pdf.name);
	}
	int rc = store_dossier_approve(s, who, a->d->code, a->to, a->side, a->note, &ra, d, e);
	if (rc == 0 && sig)
		rc = store_result_signature(s, pid, sig, NULL, e);
	return rc;
}

int results_approve(struct store *s, const struct actor *who, const struct results_secret *k,
                    const struct results_approval *a, struct dossier *d,
                    struct result_signature *sig, struct xerr *e)
{
	struct unit u;
	struct signers g;
	int rc = sign_init(e);
	if (rc || (rc = store_unit_get(s, a->d->unit, &u, e)))
		return rc;
	if ((rc = signers_load(s, k, a->d->unit, a->leader, a->now, &g, e)))
		return rc;
	struct made *m = calloc(1, sizeof *m);
	if (!m) {
		signers_free(&g);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	buf_init(&m->file);
	buf_init(&m->record);
	if ((rc = source_find(s, a, m, e)) == 0 &&
	    (rc = sign_file(s, who, a, &g, u.name, m, e)) == 0 &&
	    (rc = sign_record(s, a, &g, u.name, m, e)) == 0)
		rc = persist(s, who, a, &g, m, d, sig, e);
	made_free(m);
	free(m);
	signers_free(&g);
	return rc;
}
