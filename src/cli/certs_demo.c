/*
 * certs_demo.c: the demo CA (cli/certs.h). The CA is the newest CA row
 * that keeps its key; seals name their unit (organizationIdentifier
 * VN:DVHC-<code>), personal certificates their official (UID = login), as
 * sign/issue.c writes them. Keys are ECDSA P-256 unless asked otherwise:
 * a province's hundred seals are issued in well under a second, where
 * RSA-2048 key generation takes a tenth of a second or more each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/certs.h"

enum { DAY = 86400, CA_YEARS = 10, CERT_DAYS = 730, CRL_DAYS = 365 };

static int first_ca(const struct cert_row *c, void *ctx)
{
	*(struct cert_row *)ctx = *c;
	return 1;
}

/* The demo CA: the newest valid CA row with its key, or a new one. */
static int ca_get(struct store *s, const struct actor *who, const struct results_secret *k,
                  const struct demo_ca_opts *o, struct sign_signer **ca, struct demo_ca_result *out,
                  struct xerr *e)
{
	struct cert_row row = {0};
	struct cert_filter f = {.kind = CERT_CA, .valid_at = o->now, .with_key = true};
	int rc = store_cert_list(s, &f, first_ca, &row, e);
	if (rc < 0)
		return rc;
	if (row.id) {
		out->ca = row.id;
		return results_signer_load(s, k, row.id, ca, e);
	}
	struct unit prov;
	if ((rc = store_unit_get(s, o->province, &prov, e)))
		return rc;
	char name[200];
	snprintf(name, sizeof name, "xaso Demo CA %.48s", prov.short_name);
	struct sign_issue req = {
	    SIGN_ROLE_CA, {name, "xaso (thử nghiệm)", NULL, NULL, prov.short_name},
	    o->now - DAY, o->now + (int64_t)CA_YEARS * 365 * DAY,
	    o->key,       NULL};
	if ((rc = sign_ca_new(&req, ca, e)) ||
	    (rc = results_signer_store(s, who, k, *ca, CERT_CA, NULL, 0, 0, &out->ca, e)))
		return rc;
	out->ca_created = true;
	return certs_demo_crl(s, who, k, out->ca, o->now, e);
}

/* What one issue needs besides its subject. */
struct issuer {
	struct store *s;
	const struct actor *who;
	const struct results_secret *k;
	const struct demo_ca_opts *o;
	const struct sign_signer *ca;
	struct demo_ca_result *out;
	const char *province_name;
	struct xerr *e;
	int rc;
};

static int issue(struct issuer *x, enum sign_role role, const struct sign_subject *subj,
                 const char *unit, int64_t account)
{
	const struct demo_ca_opts *o = x->o;
	struct sign_issue req = {role,
	                         *subj,
	                         o->from ? o->from : o->now - 3600,
	                         o->until ? o->until : o->now + (int64_t)CERT_DAYS * DAY,
	                         o->key,
	                         NULL};
	struct sign_signer *sg = NULL;
	int rc = sign_cert_issue(x->ca, &req, &sg, x->e);
	if (rc == XERR_INVALID && x->e->field && !strcmp(x->e->field, "common_name")) {
		/* A name longer than X.520's 64 characters: the login instead. */
		req.subject.common_name = subj->login ? subj->login : unit;
		rc = sign_cert_issue(x->ca, &req, &sg, x->e);
	}
	if (rc == 0)
		rc = results_signer_store(x->s, x->who, x->k, sg,
		                          role == SIGN_ROLE_SEAL ? CERT_SEAL : CERT_PERSON, unit,
		                          account, x->out->ca, NULL, x->e);
	sign_signer_free(sg);
	return rc;
}

/* Whether unit (account 0) or the official already has a valid one. */
static bool has_valid(struct issuer *x, const char *unit, int64_t account)
{
	struct cert_row row;
	struct xerr ignored = {0};
	return !x->o->renew &&
	       store_cert_signer(x->s, unit, account, x->o->now, &row, &ignored) == 0;
}

static int seal_of(const struct unit *u, void *ctx)
{
	struct issuer *x = ctx;
	if (has_valid(x, u->code, 0))
		return 0;
	struct sign_subject subj = {u->name, NULL, u->code, NULL, x->province_name};
	if ((x->rc = issue(x, SIGN_ROLE_SEAL, &subj, u->code, 0)) != 0)
		return 1;
	x->out->seals++;
	return 0;
}

static int person_of(const struct account *a, void *ctx)
{
	struct issuer *x = ctx;
	bool wanted = x->o->login ? !strcmp(a->login, x->o->login) && authz_is_official(a->role)
	                          : a->role == ROLE_LEADER;
	if (!wanted || a->disabled || has_valid(x, a->unit, a->id))
		return 0;
	struct unit u;
	if ((x->rc = store_unit_get(x->s, a->unit, &u, x->e)) != 0)
		return 1;
	struct sign_subject subj = {a->full_name[0] ? a->full_name : a->login, u.name, NULL,
	                            a->login, x->province_name};
	if ((x->rc = issue(x, SIGN_ROLE_PERSON, &subj, a->unit, a->id)) != 0)
		return 1;
	x->out->persons++;
	return 0;
}

int certs_demo_issue(struct store *s, const struct actor *who, const struct results_secret *k,
                     const struct demo_ca_opts *o, struct demo_ca_result *out, struct xerr *e)
{
	memset(out, 0, sizeof *out);
	struct sign_signer *ca = NULL;
	struct unit prov, one;
	int rc = sign_init(e);
	if (rc || (rc = store_unit_get(s, o->province, &prov, e)) ||
	    (rc = ca_get(s, who, k, o, &ca, out, e)))
		return rc;
	struct issuer x = {s, who, k, o, ca, out, prov.short_name, e, 0};
	if (o->unit && !o->login) {
		if ((rc = store_unit_get(s, o->unit, &one, e)) == 0)
			seal_of(&one, &x);
	} else if (!o->login) {
		rc = store_unit_children(s, o->province, seal_of, &x, e);
	}
	if (rc >= 0 && x.rc == 0)
		rc = store_account_list(s, o->unit ? o->unit : o->province, person_of, &x, e);
	if (x.rc)
		rc = x.rc;
	if (rc == 0 && o->login && out->persons == 0)
		rc =
		    xerr_set(e, XERR_NOTFOUND, "login",
		             "%s is not an official of %s without a valid certificate (use --renew "
		             "for another one)",
		             o->login, o->unit ? o->unit : o->province);
	sign_signer_free(ca);
	return rc < 0 ? rc : 0;
}

struct revoked_list {
	int64_t ca;
	struct sign_revocation *r;
	char (*serial)[68];
	size_t n, cap;
};

static int revoked_of(const struct cert_row *c, void *ctx)
{
	struct revoked_list *l = ctx;
	if (c->ca != l->ca || !c->revoked_at)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct sign_revocation *r = realloc(l->r, cap * sizeof *r);
		if (r)
			l->r = r;
		char(*serial)[68] = realloc(l->serial, cap * sizeof *serial);
		if (serial)
			l->serial = serial;
		if (!r || !serial)
			return 1;
		l->cap = cap;
	}
	snprintf(l->serial[l->n], sizeof l->serial[0], "%s", c->serial);
	l->r[l->n++].when = c->revoked_at;
	return 0;
}

int certs_demo_crl(struct store *s, const struct actor *who, const struct results_secret *k,
                   int64_t ca, int64_t now, struct xerr *e)
{
	struct sign_signer *sg = NULL;
	struct revoked_list l = {ca, NULL, NULL, 0, 0};
	struct cert_filter f = {0};
	int rc = results_signer_load(s, k, ca, &sg, e);
	if (rc == 0 && (rc = store_cert_list(s, &f, revoked_of, &l, e)) > 0)
		rc = xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	for (size_t i = 0; i < l.n; i++)
		l.r[i].serial = l.serial[i];
	/* Two CRLs in the same second: the later one a second on, so each
	 * thisUpdate is newer than the last (RFC 5280 5.1.2.4). */
	for (int tries = 0; rc == 0 || (rc == XERR_CONFLICT && tries < 5); tries++) {
		char *pem = NULL;
		size_t len = 0;
		int64_t at = now + tries;
		rc = sign_crl_issue(sg, l.r, l.n, at, at + (int64_t)CRL_DAYS * DAY, &pem, &len, e);
		if (rc == 0)
			rc = store_crl_add(s, who, ca, at, at + (int64_t)CRL_DAYS * DAY, pem, NULL,
			                   0, e);
		free(pem);
		if (rc == 0)
			break;
	}
	free(l.r);
	free(l.serial);
	sign_signer_free(sg);
	return rc;
}
