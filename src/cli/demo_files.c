/*
 * demo_files.c: the files of the demo's dossiers, so that the 766 index's
 * digitisation rows (4.1 results, 4.2 digitised dossiers, 4.3 reused
 * components) read realistic rates that differ between communes.
 *
 * A handful of small PDFs are stored once (content-addressed blobs,
 * store_blob_put) and linked many times: each dossier's links go into its
 * history and the bulk import links them through the store's one file
 * path (store_dossier_import -> dossier_file.c), which sets the reused
 * flag and the dossier's has_document, has_result and has_reused as a link
 * at the counter does. Per commune: a share of dossiers with their
 * documents scanned or uploaded (online filings more often), a share of
 * finished dossiers of procedures with a paper result given an electronic
 * result, and a share of applicants coming back with a result of an
 * earlier dossier of theirs as a document (reused, not uploaded again).
 * Its own random sequence, so the rest of the demo draws what it drew.
 *
 * Memory: struct demo_files is the caller's; nothing is allocated here.
 */
#include <stdio.h>
#include <string.h>

#include "cli/demo.h"
#include "core/dossier.h"

static const char *const doc_names[DEMO_FILE_DOCS] = {"to-khai.pdf", "giay-to-tuy-than.pdf",
                                                      "giay-to-kem-theo.pdf"};
static const char *const result_names[DEMO_FILE_RESULTS] = {"ket-qua.pdf", "ban-sao.pdf"};

/* A one-page PDF whose only content is its title (a few hundred bytes). */
static int put_pdf(struct store *s, const struct actor *who, const char *title, char sha[65],
                   struct xerr *e)
{
	char pdf[512];
	int n = snprintf(pdf, sizeof pdf,
	                 "%%PDF-1.4\n%% xaso demo: %s\n"
	                 "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
	                 "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
	                 "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
	                 "trailer<</Root 1 0 R>>\n%%%%EOF\n",
	                 title);
	return store_blob_put(s, who, pdf, (size_t)n, "application/pdf", sha, NULL, e);
}

int demo_files_store(struct store *s, unsigned long seed, struct demo_files *f, struct xerr *e)
{
	memset(f, 0, sizeof *f);
	rng_seed(&f->r, seed * 104729 + 7);
	struct actor who;
	actor_system(&who, "demo");
	int rc = 0;
	for (int i = 0; i < DEMO_FILE_DOCS && rc == 0; i++)
		rc = put_pdf(s, &who, doc_names[i], f->document[i], e);
	for (int i = 0; i < DEMO_FILE_RESULTS && rc == 0; i++)
		rc = put_pdf(s, &who, result_names[i], f->result[i], e);
	return rc;
}

void demo_files_commune(struct demo_files *f)
{
	struct rng *r = &f->r;
	f->p_document = 0.40 + 0.55 * rng_unit(r);
	f->p_result = 0.40 + 0.55 * rng_unit(r);
	f->p_reuse = 0.05 + 0.45 * rng_unit(r);
	f->nrecent = f->next = 0;
}

int demo_files_reuse(struct demo_files *f, struct dossier *d)
{
	if (!f->nrecent || rng_unit(&f->r) >= f->p_reuse)
		return -1;
	int i = (int)rng_below(&f->r, (unsigned)f->nrecent);
	const struct demo_applicant *a = &f->recent[i];
	if (a->result_at >= d->submitted_at)
		return -1; /* the earlier result is not out yet */
	snprintf(d->applicant_name, sizeof d->applicant_name, "%s", a->name);
	snprintf(d->applicant_pid, sizeof d->applicant_pid, "%s", a->pid);
	snprintf(d->applicant_phone, sizeof d->applicant_phone, "%s", a->phone);
	return i;
}

static void link(struct dossier_history *hh, const char *kind, const char *sha, const char *name)
{
	if (hh->nfiles >= DOSSIER_IMPORT_FILES)
		return;
	struct dossier_file *fl = &hh->file[hh->nfiles++];
	memset(fl, 0, sizeof *fl);
	snprintf(fl->kind, sizeof fl->kind, "%s", kind);
	snprintf(fl->sha256, sizeof fl->sha256, "%s", sha);
	snprintf(fl->name, sizeof fl->name, "%s", name);
}

/* Remembered as an applicant who may come back with this result. */
static void remember(struct demo_files *f, const struct dossier *d, int k)
{
	struct demo_applicant *a = &f->recent[f->next];
	snprintf(a->name, sizeof a->name, "%s", d->applicant_name);
	snprintf(a->pid, sizeof a->pid, "%s", d->applicant_pid);
	snprintf(a->phone, sizeof a->phone, "%s", d->applicant_phone);
	memcpy(a->result, f->result[k], sizeof a->result);
	a->result_at = d->finished_at;
	f->next = (f->next + 1) % DEMO_FILE_RECENT;
	if (f->nrecent < DEMO_FILE_RECENT)
		f->nrecent++;
}

void demo_files_attach(struct demo_files *f, const struct procedure *p, int reused,
                       struct dossier_history *hh)
{
	struct dossier *d = &hh->d;
	struct rng *r = &f->r;
	hh->nfiles = 0;
	double bonus = d->channel == DC_ONLINE ? 0.15 : 0;
	if (rng_unit(r) < f->p_document + bonus) {
		int k = (int)rng_below(r, DEMO_FILE_DOCS);
		link(hh, "document", f->document[k], doc_names[k]);
	}
	if (reused >= 0)
		link(hh, "document", f->recent[reused].result, "ket-qua-truoc.pdf");
	bool result = (d->status == DS_RESULT || d->status == DS_RETURNED) && d->finished_at;
	if (result && p->paper_result != 0 && rng_unit(r) < f->p_result) {
		int k = (int)rng_below(r, DEMO_FILE_RESULTS);
		link(hh, "result", f->result[k], result_names[k]);
		if (d->applicant_pid[0])
			remember(f, d, k);
	}
}
