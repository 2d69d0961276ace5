/*
 * page_certs.c: the certificate directory, so that a province, a bank or
 * another commune can check a result offline with standard tools
 * (openssl, pdfsig, a PDF reader told to trust the CA):
 *   GET /certs             every unit's certificates (seals and leaders'),
 *                          their verdict now, and the CAs they chain to
 *   GET /certs/ca.pem      the CA certificates (PEM), to trust
 *   GET /certs/ca.crl      the newest CRL of each CA (PEM)
 *   GET /certs/UNIT.pem    the unit's certificates (PEM)
 *   GET /api/v1/certs      the same list as JSON
 * Public: certificates are public documents (they are inside every signed
 * file); keys never leave the store except to sign.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/office.h"
#include "web/page.h"
#include "web/result_view.h"
#include "web/results.h"

/* What a listing needs: the trust, and the verdict of each certificate. */
struct dir {
	struct req *r;
	struct sign_trust *t;
	int64_t now;
	json_t *arr;
	const char *unit; /* PEM of one unit */
	enum cert_kind kind;
	long n;
};

static enum sign_status verdict_of(struct dir *x, const struct cert_row *c)
{
	return results_cert_verdict(x->r->store, x->t, c, x->now, NULL);
}

static void date_cell(struct req *r, int64_t t)
{
	buf_puts(&r->out, "<td>");
	office_date_words(r, dossier_local_minutes(t));
	buf_puts(&r->out, "</td>");
}

static int row_html(const struct cert_row *c, void *ctx)
{
	struct dir *x = ctx;
	struct req *r = x->r;
	if ((c->kind == CERT_CA) != (x->kind == CERT_CA))
		return 0;
	enum sign_status s = verdict_of(x, c);
	buf_puts(&r->out, "<tr><td>");
	if (c->kind != CERT_CA) {
		page_link_path(r, "/certs/", c->unit, ".pem", office_unit_name(r, c->unit));
		buf_puts(&r->out, "</td><td>");
	}
	page_text(r, arena_printf(&r->arena, "sign.kind.%s", cert_kind_name(c->kind)));
	buf_puts(&r->out, "</td><td>");
	buf_html(&r->out, c->common_name);
	buf_puts(&r->out, "<br><small class=\"muted code\">");
	buf_html(&r->out, c->serial);
	buf_puts(&r->out, "</small></td>");
	date_cell(r, c->not_before);
	date_cell(r, c->not_after);
	buf_printf(&r->out, "<td class=\"verdict %s\">", sign_status_name(s));
	page_text(r, arena_printf(&r->arena, "sign.status.%s", sign_status_name(s)));
	buf_puts(&r->out, "</td></tr>");
	x->n++;
	return 0;
}

static void table(struct dir *x, enum cert_kind kind, const char *const *head, int nhead)
{
	struct req *r = x->r;
	struct xerr e = {0};
	buf_puts(&r->out, "<table class=\"certs\"><tr>");
	for (int i = 0; i < nhead; i++) {
		buf_puts(&r->out, "<th>");
		page_text(r, head[i]);
		buf_puts(&r->out, "</th>");
	}
	buf_puts(&r->out, "</tr>");
	x->kind = kind;
	struct cert_filter f = {0};
	store_cert_list(r->store, &f, row_html, x, &e);
	buf_puts(&r->out, "</table>");
}

static int get_directory(struct req *r)
{
	static const char *const ca_head[] = {"sign.kind", "sign.name", "sign.valid_from",
	                                      "sign.valid_to", "sign.verdict"};
	static const char *const unit_head[] = {"sign.unit",       "sign.kind",     "sign.name",
	                                        "sign.valid_from", "sign.valid_to", "sign.verdict"};
	struct xerr e = {0};
	struct dir x = {r, NULL, (int64_t)time(NULL), NULL, NULL, 0, 0};
	if (results_trust(r->store, &x.t, &e) != 0)
		return office_error(r, &e, NULL);
	page_begin(r, tr(r, "sign.directory"));
	buf_puts(&r->out, "<h1>");
	page_text(r, "sign.directory");
	buf_puts(&r->out, "</h1><p>");
	page_text(r, "sign.directory_intro");
	buf_puts(&r->out, "</p><h2>");
	page_text(r, "sign.cas");
	buf_puts(&r->out, "</h2><p class=\"actions\">");
	page_link(r, "/certs/ca.pem", NULL, "ca.pem");
	page_link(r, "/certs/ca.crl", NULL, "ca.crl");
	buf_puts(&r->out, "</p>");
	table(&x, CERT_CA, ca_head, 5);
	buf_puts(&r->out, "<h2>");
	page_text(r, "sign.units");
	buf_puts(&r->out, "</h2>");
	table(&x, CERT_SEAL, unit_head, 6);
	buf_puts(&r->out, "<p class=\"muted\">");
	page_text(r, "sign.offline");
	buf_puts(&r->out, "</p>");
	sign_trust_free(x.t);
	return page_end(r, 200);
}

static int row_json(const struct cert_row *c, void *ctx)
{
	struct dir *x = ctx;
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s}", "id",
	                      (json_int_t)c->id, "kind", cert_kind_name(c->kind), "unit", c->unit,
	                      "name", c->common_name, "subject", c->subject, "issuer", c->issuer,
	                      "serial", c->serial, "sha256", c->sha256, "not_before",
	                      (json_int_t)c->not_before, "not_after", (json_int_t)c->not_after,
	                      "status", sign_status_name(verdict_of(x, c)));
	json_object_set_new(j, "revoked_at",
	                    c->revoked_at ? json_integer(c->revoked_at) : json_null());
	json_array_append_new(x->arr, j);
	return 0;
}

static int get_certs_json(struct req *r)
{
	struct xerr e = {0};
	struct dir x = {r, NULL, (int64_t)time(NULL), json_array(), NULL, 0, 0};
	struct cert_filter f = {.unit = in_str(r, "unit")};
	int rc = results_trust(r->store, &x.t, &e);
	if (rc == 0)
		rc = store_cert_list(r->store, &f, row_json, &x, &e);
	sign_trust_free(x.t);
	if (rc) {
		json_decref(x.arr);
		return resp_error(r, &e);
	}
	size_t n = json_array_size(x.arr);
	return resp_json(r, 200, json_pack("{s:o, s:I}", "certs", x.arr, "count", (json_int_t)n));
}

static int pem_of(const struct cert_row *c, void *ctx)
{
	struct dir *x = ctx;
	struct xerr e = {0};
	struct buf chain;
	buf_init(&chain);
	/* A unit's file holds its own certificates; ca.pem the CAs' chains. */
	if (store_cert_pem(x->r->store, c->id, &chain, NULL, &e) == 0) {
		const char *end = strstr(chain.data, "-----END CERTIFICATE-----");
		size_t len =
		    x->kind == CERT_CA || !end ? chain.len : (size_t)(end - chain.data) + 26;
		buf_add(&x->r->out, chain.data, len);
		if (len && chain.data[len - 1] != '\n')
			buf_putc(&x->r->out, '\n');
		x->n++;
	}
	buf_free(&chain);
	return 0;
}

static int crl_of(int64_t ca, const char *pem, void *ctx)
{
	(void)ca;
	struct dir *x = ctx;
	buf_puts(&x->r->out, pem);
	x->n++;
	return 0;
}

static int get_pem(struct req *r)
{
	const char *name = in_str(r, "file");
	struct dir x = {r, NULL, 0, NULL, NULL, CERT_CA, 0};
	struct cert_filter f = {.kind = CERT_CA};
	char unit[16] = "";
	struct xerr e = {0};
	int rc;
	buf_reset(&r->out);
	if (!strcmp(name, "ca.crl")) {
		rc = store_crl_list(r->store, crl_of, &x, &e);
	} else {
		if (strcmp(name, "ca.pem")) {
			snprintf(unit, sizeof unit, "%.*s", (int)(strlen(name) - 4), name);
			f = (struct cert_filter){.unit = unit};
			x.kind = CERT_SEAL;
		}
		rc = store_cert_list(r->store, &f, pem_of, &x, &e);
	}
	if (rc == 0 && x.n == 0)
		rc = xerr_set(&e, XERR_NOTFOUND, "file", "no certificate here");
	if (rc)
		return resp_error(r, &e);
	r->status = 200;
	r->content_type = "application/x-pem-file";
	resp_header(r, "Content-Disposition",
	            arena_printf(&r->arena, "attachment; filename=\"%s\"", name));
	return 0;
}

/* ca.pem, ca.crl, or a unit's code and ".pem". */
static int pem_name_check(const char *v, int64_t *num, struct xerr *e)
{
	(void)num;
	size_t n = strlen(v);
	if (!strcmp(v, "ca.pem") || !strcmp(v, "ca.crl") ||
	    (n > 4 && n <= 16 && !strcmp(v + n - 4, ".pem") && strspn(v, "0123456789") == n - 4))
		return 0;
	return xerr_set(e, XERR_INVALID, "file", "ca.pem, ca.crl or a unit's code and .pem");
}

static const struct param pem_in[] = {
    {"file", IN_PATH, IN_CHECK, .max = 16, .check = pem_name_check},
    {NULL},
};
static const struct param list_in[] = {
    {"unit", IN_QUERY, IN_DIGITS, .min = 2, .max = 12},
    {NULL},
};

const struct route page_certs_routes[] = {
    {"GET", "/certs", get_directory, "public"},
    {"GET", "/certs/{}", get_pem, "public", 0, pem_in},
    {"GET", "/api/v1/certs", get_certs_json, "public", 0, list_in},
    {NULL, NULL, NULL, NULL},
};
