/*
 * dossier_file.c: the files of a dossier (documents filed with it, results
 * issued for it: links to blobs) and the bulk import of whole dossiers
 * with their history and files. Every link, at the counter or in an
 * import, goes through link_file(): the reused flag and the dossier's
 * file facts the 766 index reads are set in one place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/authz.h"
#include "core/calendar.h"
#include "store/store_blobs.h"
#include "store/store_dossiers.h"
#include "store/store_int.h"

int st_dossier_file_check(const struct dossier_file *f, struct xerr *e)
{
	if (strcmp(f->kind, "document") && strcmp(f->kind, "result"))
		return xerr_set(e, XERR_INVALID, "kind", "kind must be document or result");
	if (!blob_sha256_valid(f->sha256))
		return xerr_set(e, XERR_INVALID, "sha256",
		                "sha256 must be 64 lower-case hex digits");
	if (!f->name[0])
		return xerr_set(e, XERR_INVALID, "name", "the file needs a name");
	return 0;
}

/* May `who` link the blob to dossier d? When they uploaded it, or when it
 * is already linked to a dossier they may use: one they filed (applicant),
 * or, for staff, one of d's receiving unit (the caller was authorised on
 * that unit). */
static const char sql_blob_usable[] =
    "SELECT 1 WHERE EXISTS (SELECT 1 FROM blob_owner WHERE sha256 = ?1 AND account_id = ?2) "
    "OR EXISTS (SELECT 1 FROM dossier_file f JOIN dossier d ON d.id = f.dossier "
    "WHERE f.sha256 = ?1 AND ((?2 > 0 AND d.applicant_account = ?2) OR d.unit = ?3))";

/* The link itself, once who may make it was decided: the row, with its
 * reused flag, and (with `facts`: after a dossier's last link) the
 * dossier's file facts. */
static int link_file(struct db_conn *c, const struct dossier *d, const struct dossier_file *f,
                     bool facts, int64_t *id, struct xerr *e)
{
	/* A document that is a result of an earlier dossier of the same
	 * applicant (account or ID number) is reused, not uploaded again: the
	 * 766 index's row 4.3 counts it (migration 014). */
	static const char sql[] =
	    "INSERT INTO dossier_file(dossier, kind, sha256, name, reused) "
	    "VALUES (?1, ?2, ?3, ?4, CASE WHEN ?2 = 'document' AND EXISTS (SELECT 1 FROM "
	    "dossier_file r JOIN dossier p ON p.id = r.dossier WHERE r.sha256 = ?3 AND "
	    "r.kind = 'result' AND p.id <> ?1 AND ((?5 > 0 AND p.applicant_account = ?5) OR "
	    "(?6 <> '' AND p.applicant_pid = ?6))) THEN 1 ELSE 0 END) RETURNING id";
	/* What the 766 index reads of the files, kept on the dossier
	 * (migration 015: the same conditions as its data step). */
	static const char sql_flags[] =
	    "UPDATE dossier SET has_document = CASE WHEN EXISTS (SELECT 1 FROM dossier_file f "
	    "WHERE f.dossier = ?1 AND f.kind = 'document') THEN 1 ELSE 0 END, has_result = CASE "
	    "WHEN EXISTS (SELECT 1 FROM dossier_file f WHERE f.dossier = ?1 AND f.kind = 'result') "
	    "THEN 1 ELSE 0 END, has_reused = CASE WHEN EXISTS (SELECT 1 FROM dossier_file f WHERE "
	    "f.dossier = ?1 AND f.reused = 1) THEN 1 ELSE 0 END WHERE id = ?1";
	int64_t new_id = 0;
	int rc = db_query_int(c, sql,
	                      DB_ARGS(DB_INT(d->id), DB_TEXT(f->kind), DB_TEXT(f->sha256),
	                              DB_TEXT(f->name), DB_INT(d->applicant_account),
	                              DB_TEXT(d->applicant_pid)),
	                      &new_id, e);
	if (rc >= 0 && facts)
		rc = db_run(c, sql_flags, DB_ARGS(DB_INT(d->id)), e);
	if (rc < 0)
		return rc;
	if (id)
		*id = new_id;
	return 0;
}

int st_dossier_file_insert(struct db_conn *c, const struct actor *who, const struct dossier *d,
                           const struct dossier_file *f, int64_t *id, struct xerr *e)
{
	/* Staff are bound to a unit (core's role table); citizens decide by
	 * ownership and reach no unit's files. */
	enum role role = who ? role_parse(who->role) : ROLE_NONE;
	bool by_unit = authz_role_valid(role) && !authz_by_ownership(role);
	int rc = db_query_first(c, sql_blob_usable,
	                        DB_ARGS(DB_TEXT(f->sha256), DB_INT(who ? who->account_id : 0),
	                                DB_TEXT(by_unit ? d->unit : NULL)),
	                        NULL, NULL, e);
	if (rc < 0)
		return rc;
	/* Someone else's file and no file at all get the same answer: the
	 * answer must not tell whether anyone ever uploaded these bytes. */
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "sha256",
		                "you have uploaded no file with this SHA-256: upload it first");
	rc = link_file(c, d, f, true, id, e);
	return rc ? rc : st_audit_append(c, who, "dossier.file", d->code, f->kind, e);
}

struct add_ctx {
	const struct actor *who;
	const char *code;
	struct dossier_file *f;
	struct dossier *d;
};

static int add_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	struct add_ctx *x = ctx;
	int rc = st_dossier_get_on(c, x->code, x->d, e);
	return rc ? rc : st_dossier_file_insert(c, x->who, x->d, x->f, &x->f->id, e);
}

int store_dossier_file_add(struct store *s, const struct actor *who, const char *code,
                           struct dossier_file *f, struct xerr *e)
{
	int rc = st_dossier_file_check(f, e);
	if (rc)
		return rc;
	struct add_ctx x = {who, code, f, calloc(1, sizeof(struct dossier))};
	if (!x.d)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	rc = st_write(s, add_tx, &x, e);
	free(x.d);
	return rc;
}

struct file_each {
	int (*cb)(const struct dossier_file *f, void *ctx);
	void *ctx;
};

void st_dossier_file_read(struct db_stmt *st, struct dossier_file *f)
{
	memset(f, 0, sizeof *f);
	f->id = db_int(st, 0);
	db_text_copy(st, 1, f->kind, sizeof f->kind);
	db_text_copy(st, 2, f->sha256, sizeof f->sha256);
	db_text_copy(st, 3, f->name, sizeof f->name);
}

static int file_row(struct db_stmt *st, void *ctx)
{
	struct file_each *x = ctx;
	struct dossier_file f;
	st_dossier_file_read(st, &f);
	return x->cb(&f, x->ctx);
}

int store_dossier_files(struct store *s, int64_t dossier_id,
                        int (*cb)(const struct dossier_file *f, void *ctx), void *ctx,
                        struct xerr *e)
{
	static const char sql[] =
	    "SELECT id, kind, sha256, name FROM dossier_file WHERE dossier = ?1 ORDER BY id";
	struct file_each x = {cb, ctx};
	return st_each(s, sql, DB_ARGS(DB_INT(dossier_id)), file_row, &x, e);
}

/* ---- bulk import ---- */

/* Raises the unit's counter for the day of a code to at least its
 * sequence, so codes assigned later never collide with imported ones. */
static int raise_seq(struct db_conn *c, const struct dossier *d, struct xerr *e)
{
	static const char sql[] = "INSERT INTO dossier_seq(unit, day, last) VALUES (?1, ?2, ?3) "
	                          "ON CONFLICT(unit, day) DO UPDATE SET last = CASE WHEN "
	                          "excluded.last > dossier_seq.last "
	                          "THEN excluded.last ELSE dossier_seq.last END";
	const char *dash = strrchr(d->code, '-');
	if (!dash)
		return xerr_set(e, XERR_INVALID, "code", "bad dossier code %s", d->code);
	/* codes carry the filing day */
	return db_run(c, sql,
	              DB_ARGS(DB_TEXT(d->unit), DB_INT(cal_time_day(d->submitted_at)),
	                      DB_INT(strtoll(dash + 1, NULL, 10))),
	              e);
}

static int import_history(struct db_conn *c, const struct dossier_history *h, int64_t id,
                          struct xerr *e)
{
	static const char sql_ev[] =
	    "INSERT INTO dossier_event(dossier, from_status, to_status, "
	    "account_id, login, role, at, note) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)";
	static const char sql_pause[] =
	    "INSERT INTO dossier_pause(dossier, start, \"end\", restart_due) "
	    "VALUES (?1, ?2, ?3, ?4)";
	int rc = 0;
	for (int k = 0; k < h->nevents && rc == 0; k++) {
		const struct dossier_event *ev = &h->ev[k];
		rc = db_run(c, sql_ev,
		            DB_ARGS(DB_INT(id), DB_INT(ev->from), DB_INT(ev->to),
		                    DB_INT(ev->account_id), DB_TEXT(ev->login), DB_TEXT(ev->role),
		                    DB_INT(ev->at), DB_TEXT(ev->note)),
		            e);
	}
	for (int k = 0; k < h->npauses && rc == 0; k++) {
		const struct dossier_pause *p = &h->pause[k];
		rc = db_run(
		    c, sql_pause,
		    DB_ARGS(DB_INT(id), DB_INT(p->start), DB_INT(p->end), DB_INT(p->restart_due)),
		    e);
	}
	return rc;
}

struct import_ctx {
	const struct actor *who;
	struct dossier_history *h;
	size_t n;
};

/* The files of an imported dossier, each a stored blob. */
static int import_files(struct db_conn *c, const struct dossier_history *h, long *n, struct xerr *e)
{
	static const char sql_blob[] = "SELECT 1 FROM blob WHERE sha256 = ?1";
	int rc = 0;
	for (int k = 0; k < h->nfiles && k < DOSSIER_IMPORT_FILES && rc == 0; k++) {
		const struct dossier_file *f = &h->file[k];
		if ((rc = st_dossier_file_check(f, e)))
			break;
		rc = db_query_first(c, sql_blob, DB_ARGS(DB_TEXT(f->sha256)), NULL, NULL, e);
		if (rc == 0)
			rc = xerr_set(e, XERR_NOTFOUND, "sha256",
			              "%s: no file stored with SHA-256 %s", h->d.code, f->sha256);
		bool last = k + 1 == h->nfiles || k + 1 == DOSSIER_IMPORT_FILES;
		if (rc > 0 && (rc = link_file(c, &h->d, f, last, NULL, e)) == 0)
			(*n)++;
	}
	return rc;
}

static int import_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	struct import_ctx *x = ctx;
	int rc = 0;
	long files = 0;
	for (size_t i = 0; i < x->n && rc == 0; i++) {
		struct dossier *d = &x->h[i].d;
		/* What core derives is derived again here: an import states the
		 * dossier, never its verdicts. */
		dossier_settle(d);
		if ((rc = st_dossier_insert(c, d, e)) == 0 && (rc = raise_seq(c, d, e)) == 0 &&
		    (rc = import_history(c, &x->h[i], d->id, e)) == 0)
			rc = import_files(c, &x->h[i], &files, e);
	}
	if (rc == 0) {
		char detail[64];
		snprintf(detail, sizeof detail, "%zu dossiers, %ld files", x->n, files);
		rc = st_audit_append(c, x->who, "dossier.import", x->n ? x->h[0].d.unit : "",
		                     detail, e);
	}
	return rc;
}

int store_dossier_import(struct store *s, const struct actor *who, struct dossier_history *h,
                         size_t n, struct xerr *e)
{
	struct import_ctx x = {who, h, n};
	return st_write(s, import_tx, &x, e);
}
