/*
 * result_view.c: signed results on the dossier pages (web/result_view.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/auth.h"
#include "web/dossier_view.h"
#include "web/office.h"
#include "web/page.h"
#include "web/result_view.h"
#include "web/results.h"
#include "web/server_int.h"

const char *result_view_url(struct req *r, const char *public_id)
{
	return page_site_url(r, arena_printf(&r->arena, "/verify/%s", public_id));
}

const char *result_view_time(struct req *r, int64_t unix_seconds)
{
	if (!unix_seconds)
		return NULL;
	int64_t local = unix_seconds + 7 * 3600;
	char day[11];
	cal_format_date(cal_time_day(local / 60), day);
	int64_t sec = ((local % 86400) + 86400) % 86400;
	return arena_printf(&r->arena, "%sT%02d:%02d:%02d+07:00", day, (int)(sec / 3600),
	                    (int)(sec / 60 % 60), (int)(sec % 60));
}

json_t *result_view_json(struct req *r, const struct result_signature *g)
{
	return json_pack("{s:s, s:s, s:s, s:{s:I, s:s, s:s}, s:s, s:s, s:b}", "id", g->public_id,
	                 "url", result_view_url(r, g->public_id), "format", g->format, "file", "id",
	                 (json_int_t)g->signed_file, "name", g->file_name, "sha256",
	                 g->signed_sha256, "signer", g->signer, "signed_at",
	                 result_view_time(r, g->signed_at), "seal_alone", g->leader_cert == 0);
}

static int signed_id(const struct result_signature *g, void *ctx)
{
	struct result_view_filter *f = ctx;
	if (f->n < RESULT_VIEW_MAX)
		f->signed_ids[f->n++] = g->signed_file;
	return 0;
}

void result_view_filter_init(struct req *r, const struct dossier *d, struct result_view_filter *f)
{
	struct xerr e = {0};
	memset(f, 0, sizeof *f);
	f->active = authz_by_ownership(auth_role(r)) && dossier_result_signed(r, d);
	if (f->active)
		store_result_signatures(r->store, d->id, signed_id, f, &e);
}

bool result_view_hides(const struct result_view_filter *f, const struct dossier_file *file)
{
	if (!f->active || strcmp(file->kind, "result"))
		return false;
	for (int i = 0; i < f->n; i++)
		if (f->signed_ids[i] == file->id)
			return false;
	return true;
}

static int link_row(const struct result_signature *g, void *ctx)
{
	struct req *r = ctx;
	buf_puts(&r->out, "<li><strong>");
	buf_html(&r->out, g->file_name);
	buf_puts(&r->out, "</strong> — ");
	page_text(r, "sign.signed_by");
	buf_puts(&r->out, " ");
	buf_html(&r->out, g->signer);
	buf_puts(&r->out, ", ");
	office_time_words(r, dossier_local_minutes(g->signed_at));
	buf_puts(&r->out, ". ");
	page_link_path(r, "/verify/", g->public_id, "", tr(r, "sign.check"));
	buf_puts(&r->out, " · ");
	page_link_path(r, "/verify/", g->public_id, "/cover", tr(r, "sign.cover"));
	buf_puts(&r->out, "</li>");
	return 0;
}

void result_view_links(struct req *r, const struct dossier *d)
{
	size_t at = r->out.len;
	buf_puts(&r->out, "<section class=\"signed\"><h2>");
	page_text(r, "sign.results");
	buf_puts(&r->out, "</h2><ul class=\"files\">");
	size_t rows = r->out.len;
	struct xerr e = {0};
	if (store_result_signatures(r->store, d->id, link_row, r, &e) != 0 || r->out.len == rows) {
		/* None (or none readable): no section at all. */
		r->out.len = at;
		if (r->out.data)
			r->out.data[at] = '\0';
		return;
	}
	buf_puts(&r->out, "</ul></section>");
}

int result_view_approve(struct req *r, struct dossier *d, const char *note,
                        const struct dossier_file *upload, struct result_signature *sig,
                        struct xerr *e)
{
	int rc = auth_unit(r, "dossier.approve", d->unit, 0, e);
	if (rc)
		return rc;
	if (!dossier_move_signs(d->status, DS_RESULT, dossier_result_signed(r, d)))
		return xerr_set(e, XERR_CONFLICT, "to",
		                "nothing to approve: the dossier is not being processed, or its "
		                "procedure's result is not a signed document");
	struct actor who;
	req_actor(r, &who);
	struct results_approval a = {
	    d,      DS_RESULT,          dossier_side_of(r), note, r->who->account_id,
	    upload, (int64_t)time(NULL)};
	return results_approve(r->store, &who, r->srv->opts->secret, &a, d, sig, e);
}

/* One certificate that will sign: its name and validity, or why none. */
static void signer_fact(struct req *r, const char *key, int rc, const struct cert_row *c,
                        const char *none_key)
{
	buf_puts(&r->out, "<dt>");
	page_text(r, key);
	buf_puts(&r->out, "</dt><dd>");
	if (rc) {
		page_text(r, none_key);
	} else {
		buf_html(&r->out, c->common_name);
		buf_puts(&r->out, " (");
		page_text(r, "sign.valid_until");
		buf_puts(&r->out, " ");
		office_date_words(r, dossier_local_minutes(c->not_after));
		buf_printf(&r->out, ", %s %.16s…)", tr(r, "sign.serial"), c->serial);
	}
	buf_puts(&r->out, "</dd>");
}

void result_view_approval(struct req *r, const struct dossier *d)
{
	struct dossier_file f;
	struct cert_row leader, seal;
	struct xerr e = {0};
	int64_t now = (int64_t)time(NULL);
	int has_file = store_result_unsigned(r->store, d->id, &f, &e);
	int has_leader =
	    r->who ? store_cert_signer(r->store, d->unit, r->who->account_id, now, &leader, &e)
	           : XERR_NOTFOUND;
	int has_seal = store_cert_signer(r->store, d->unit, 0, now, &seal, &e);
	buf_puts(&r->out, "<dl class=\"facts\">");
	page_fact(r, "sign.file", has_file == 0 ? f.name : tr(r, "sign.no_file"));
	signer_fact(r, "sign.leader", has_leader, &leader, "sign.no_leader");
	signer_fact(r, "sign.seal", has_seal, &seal, "sign.no_seal");
	buf_puts(&r->out, "</dl>");
	const struct results_secret *k = r->srv && r->srv->opts ? r->srv->opts->secret : NULL;
	if (!k || k->guard == CERT_NO_KEY)
		page_message(r, "error", tr(r, "sign.no_secret"));
}
