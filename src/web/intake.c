/*
 * intake.c: the one way a dossier is filed, and the taking in of a
 * document (intake.h). The rules are core's (core/filing.h,
 * core/dossier.h, core/authz.h); this gathers what they need from the
 * request and the store, and files what they accept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/filetype.h"
#include "core/pii.h"
#include "web/auth.h"
#include "web/dossier_view.h"
#include "web/intake.h"

enum { INTAKE_FIELDS_MAX = 64, INTAKE_FILES_MAX = 16 };

void intake_numbers(const struct dossier *d, bool full, char pid[16], char phone[20])
{
	if (full) {
		snprintf(pid, 16, "%s", d->applicant_pid);
		snprintf(phone, 20, "%s", d->applicant_phone);
	} else {
		pid_mask(d->applicant_pid, pid);
		phone_mask(d->applicant_phone, phone);
	}
}

/* The faults of step 3: each listed, the first one kept in first. */
struct faults {
	struct filing_faults *list;
	struct xerr *first;
	int rc;
};

static void note(struct faults *f, const struct xerr *e, const char *field, const char *key,
                 enum filing_fault_kind kind)
{
	filing_fault(f->list, field, key, kind, e->code);
	if (!f->rc) {
		f->rc = e->code;
		*f->first = *e;
		f->first->field = field;
	}
}

/* Keeps what a core check found (it lists its own faults). */
static void keep(struct faults *f, int rc, const struct xerr *e)
{
	if (rc && !f->rc) {
		f->rc = rc;
		*f->first = *e;
	}
}

/* "online (2)", "at the counter (1) or by post (3)": the channels a role
 * files through, for its message. */
static const char *channels_of(struct req *r, enum role role)
{
	static const char *const words[] = {"", "at the counter", "online", "by post"};
	struct buf b;
	buf_init(&b);
	for (int c = DC_COUNTER; c <= DC_POST; c++)
		if (authz_files_through(role, c))
			buf_printf(&b, "%s%s (%d)", b.len ? " or " : "", words[c], c);
	const char *s = arena_strdup(&r->arena, b.data ? b.data : "through no channel");
	buf_free(&b);
	return s;
}

/* Step 1: the channel of the caller's role, and its right on the unit.
 * A role deciding by ownership (a citizen) files its own dossiers. */
static int caller_may_file(struct req *r, const struct dossier_input *in, struct dossier *d,
                           struct xerr *e)
{
	enum role role = auth_role(r);
	d->channel = in->channel ? in->channel : authz_usual_channel(role);
	d->applicant_account = authz_by_ownership(role) ? r->who->account_id : 0;
	if (dossier_channel_valid(d->channel) && !authz_files_through(role, d->channel))
		return xerr_set(e, XERR_INVALID, "channel", "a %s files dossiers %s",
		                role_name(role), channels_of(r, role));
	int rc = filing_check_channel(d, e);
	return rc ? rc : auth_unit(r, "dossier.create", in->unit, d->applicant_account, e);
}

struct fields {
	struct procedure_field *v;
	size_t n;
};

static int keep_field(const struct procedure_field *f, void *ctx)
{
	struct fields *x = ctx;
	if (x->n < INTAKE_FIELDS_MAX)
		x->v[x->n++] = *f;
	return 0;
}

/* Step 2: the procedure and the fields it declares. */
static int procedure_of(struct req *r, const char *code, struct dossier *d, struct fields *out,
                        struct xerr *e)
{
	struct procedure *p = arena_alloc(&r->arena, sizeof *p);
	out->v = arena_alloc(&r->arena, sizeof *out->v * INTAKE_FIELDS_MAX);
	out->n = 0;
	if (!code || procedure_check_code(code, e))
		return xerr_set(e, XERR_INVALID, "procedure",
		                "procedure must be a code like 1.001193");
	int rc = store_procedure_get(r->store, code, p, e);
	if (rc == 0)
		rc = store_procedure_fields(r->store, code, keep_field, out, e);
	snprintf(d->procedure, sizeof d->procedure, "%s", code);
	return rc;
}

static void check_unit(struct req *r, const char *code, struct dossier *d, struct faults *f)
{
	struct xerr e = {0};
	struct unit u;
	if (!code || !*code) {
		xerr_set(&e, XERR_INVALID, "unit", "unit is required (the receiving commune)");
		note(f, &e, "unit", NULL, FILING_MISSING);
	} else if (store_unit_get(r->store, code, &u, &e) != 0 || filing_check_unit(&u, &e) != 0) {
		note(f, &e, "unit", NULL, FILING_BAD);
	} else {
		snprintf(d->unit, sizeof d->unit, "%s", code);
	}
}

/* Judges every upload; the accepted ones get their link (hash to come). */
static void check_uploads(const struct dossier_input *in, struct dossier_file *links,
                          const char **mimes, struct faults *f)
{
	for (int i = 0; i < in->nuploads; i++) {
		const struct intake_upload *u = &in->uploads[i];
		struct xerr e = {0};
		enum filetype t;
		if (upload_judge(u->data, u->len, "documents", &t, &e) != 0) {
			char msg[sizeof e.msg];
			snprintf(msg, sizeof msg, "%s", e.msg);
			xerr_set(&e, e.code, "documents", "%.80s: %s", u->name, msg);
			note(f, &e, "documents", u->name, FILING_BAD);
			continue;
		}
		memset(&links[i], 0, sizeof links[i]);
		snprintf(links[i].kind, sizeof links[i].kind, "document");
		snprintf(links[i].name, sizeof links[i].name, "%s", u->name);
		mimes[i] = filetype_mime(t);
	}
}

/* Step 4: the uploads into the blob store, then the dossier with every
 * document in one transaction. */
static int file_it(struct req *r, const struct dossier_input *in, struct dossier *d,
                   struct dossier_file *links, const char **mimes, struct xerr *e)
{
	struct actor who;
	req_actor(r, &who);
	for (int i = 0; i < in->nuploads; i++)
		if (store_blob_put(r->store, &who, in->uploads[i].data, in->uploads[i].len,
		                   mimes[i], links[i].sha256, NULL, e) != 0)
			return e->code;
	for (int i = 0; i < in->nlinks; i++)
		links[in->nuploads + i] = in->links[i];
	return store_dossier_submit_files(r->store, &who, d, links,
	                                  (size_t)in->nuploads + (size_t)in->nlinks, e);
}

int intake_dossier(struct req *r, const struct dossier_input *in, struct dossier *d,
                   struct filing_faults *faults, struct xerr *e)
{
	memset(d, 0, sizeof *d);
	if (faults)
		faults->n = 0;
	if (in->nuploads + in->nlinks > INTAKE_FILES_MAX)
		return xerr_set(e, XERR_LIMIT, "documents", "at most %d documents per dossier",
		                INTAKE_FILES_MAX);
	struct fields fields;
	int rc = caller_may_file(r, in, d, e);
	if (rc || (rc = procedure_of(r, in->procedure, d, &fields, e)))
		return rc;
	struct faults f = {faults, e, 0};
	struct xerr ce = {0};
	struct filing_applicant a = {in->name, in->pid, in->phone, in->address};
	struct dossier_file *links =
	    arena_alloc(&r->arena, sizeof *links * (size_t)(in->nuploads + in->nlinks + 1));
	const char **mimes = arena_alloc(&r->arena, sizeof *mimes * (size_t)(in->nuploads + 1));
	check_unit(r, in->unit, d, &f);
	keep(&f, filing_take_applicant(d, &a, faults, &ce), &ce);
	keep(&f, filing_take_form(d, fields.v, fields.n, in->form, faults, &ce), &ce);
	check_uploads(in, links, mimes, &f);
	if (f.rc)
		return f.rc;
	return file_it(r, in, d, links, mimes, e);
}

int intake_document(struct req *r, const void *data, size_t len, const char *field, char sha[65],
                    const char **mime, struct xerr *e)
{
	enum filetype t;
	if (upload_judge(data, len, field, &t, e) != 0)
		return e->code;
	struct actor who;
	req_actor(r, &who);
	if (store_blob_put(r->store, &who, data, len, filetype_mime(t), sha, NULL, e) != 0)
		return e->code;
	if (mime)
		*mime = filetype_mime(t);
	return 0;
}
