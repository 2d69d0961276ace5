/*
 * certs.c: certificates with their encrypted keys, revocations, CRLs, and
 * the monitoring figure of officials holding a valid certificate
 * (store_certs.h has the contract). The store keeps PEM text and the facts
 * its callers read from it with src/sign/; nothing here parses X.509.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/authz.h"
#include "core/buf.h"
#include "store/store_certs.h"
#include "store/store_int.h"

/* Valid at the instant bound to `t` (a placeholder such as "?4"): within
 * its dates and not revoked at or before it. The one statement of the
 * rule: the choice of signers and the monitoring figure both use it. */
#define CERT_VALID_AT(t)                                                                           \
	"(c.not_before <= " t " AND c.not_after >= " t                                             \
	" AND (c.revoked_at = 0 OR c.revoked_at > " t "))"

#define CERT_COLS                                                                                  \
	"c.id, c.kind, coalesce(c.unit, ''), coalesce(c.account, 0), coalesce(a.login, ''), "      \
	"c.common_name, c.subject, c.issuer, c.serial, c.sha256, c.not_before, c.not_after, "      \
	"coalesce(c.key_guard, ''), coalesce(c.ca, 0), c.revoked_at, c.revoked_reason, "           \
	"c.created_at FROM cert c LEFT JOIN account a ON a.id = c.account "

static const char *const kind_names[] = {"", "ca", "seal", "person"};
static const char *const guard_names[] = {"", "keyfile", "passphrase"};

const char *cert_kind_name(enum cert_kind k)
{
	return (unsigned)k < 4 ? kind_names[k] : "";
}

enum cert_kind cert_kind_parse(const char *s)
{
	for (int i = 1; i < 4; i++)
		if (s && !strcmp(s, kind_names[i]))
			return (enum cert_kind)i;
	return 0;
}

static void cert_read(struct db_stmt *st, struct cert_row *c)
{
	memset(c, 0, sizeof *c);
	c->id = db_int(st, 0);
	c->kind = cert_kind_parse(db_text(st, 1));
	db_text_copy(st, 2, c->unit, sizeof c->unit);
	c->account = db_int(st, 3);
	db_text_copy(st, 4, c->login, sizeof c->login);
	db_text_copy(st, 5, c->common_name, sizeof c->common_name);
	db_text_copy(st, 6, c->subject, sizeof c->subject);
	db_text_copy(st, 7, c->issuer, sizeof c->issuer);
	db_text_copy(st, 8, c->serial, sizeof c->serial);
	db_text_copy(st, 9, c->sha256, sizeof c->sha256);
	c->not_before = db_int(st, 10);
	c->not_after = db_int(st, 11);
	const char *g = db_text(st, 12);
	c->guard = !strcmp(g, "keyfile") ? CERT_KEYFILE : *g ? CERT_PASSPHRASE : CERT_NO_KEY;
	c->ca = db_int(st, 13);
	c->revoked_at = db_int(st, 14);
	db_text_copy(st, 15, c->revoked_reason, sizeof c->revoked_reason);
	c->created_at = db_int(st, 16);
}

static int cert_row_cb(struct db_stmt *st, void *ctx)
{
	cert_read(st, ctx);
	return 0;
}

/* A seal or a personal certificate names a unit that exists; a person's
 * account is an official bound to that unit. */
struct owner {
	char role[16], unit[16];
};

static int owner_row(struct db_stmt *st, void *ctx)
{
	struct owner *o = ctx;
	db_text_copy(st, 0, o->role, sizeof o->role);
	db_text_copy(st, 1, o->unit, sizeof o->unit);
	return 0;
}

static int cert_owner_check(struct db_conn *c, const struct cert_row *r, struct xerr *e)
{
	static const char sql_unit[] = "SELECT 1 FROM unit WHERE code = ?1";
	static const char sql_account[] =
	    "SELECT role, coalesce(unit, '') FROM account WHERE id = ?1";
	if (r->kind == CERT_CA)
		return r->unit[0] || r->account
		           ? xerr_set(e, XERR_INVALID, "unit", "a CA belongs to no unit")
		           : 0;
	int rc = db_query_first(c, sql_unit, DB_ARGS(DB_TEXT(r->unit)), NULL, NULL, e);
	if (rc <= 0)
		return rc < 0 ? rc : xerr_set(e, XERR_INVALID, "unit", "no unit %s", r->unit);
	if (r->kind == CERT_SEAL)
		return r->account ? xerr_set(e, XERR_INVALID, "login", "a seal belongs to no one")
		                  : 0;
	struct owner o = {{0}, {0}};
	rc = db_query_first(c, sql_account, DB_ARGS(DB_INT(r->account)), owner_row, &o, e);
	if (rc < 0)
		return rc;
	if (rc == 0 || !authz_is_official(role_parse(o.role)))
		return xerr_set(
		    e, XERR_INVALID, "login",
		    "a personal certificate belongs to an official (officer or leader)");
	if (strcmp(o.unit, r->unit))
		return xerr_set(e, XERR_INVALID, "unit", "the official is bound to unit %s, not %s",
		                o.unit, r->unit);
	return 0;
}

struct add_ctx {
	const struct actor *who;
	struct cert_row *c;
	const char *chain, *key;
	int64_t *id;
};

static int add_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql_seen[] = "SELECT id FROM cert WHERE sha256 = ?1";
	static const char sql_add[] =
	    "INSERT INTO cert(kind, unit, account, common_name, subject, issuer, serial, sha256, "
	    "not_before, not_after, chain_pem, key_pem, key_guard, ca, created_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) RETURNING id";
	struct add_ctx *x = ctx;
	struct cert_row *r = x->c;
	int rc = cert_owner_check(c, r, e);
	if (rc)
		return rc;
	if ((rc = db_query_int(c, sql_seen, DB_ARGS(DB_TEXT(r->sha256)), x->id, e)) != 0)
		return rc < 0 ? rc
		              : xerr_set(e, XERR_CONFLICT, "file",
		                         "this certificate is stored already (number %lld)",
		                         (long long)*x->id);
	r->created_at = (int64_t)time(NULL);
	rc = db_query_int(c, sql_add,
	                  DB_ARGS(DB_TEXT(cert_kind_name(r->kind)), DB_TEXTN(r->unit),
	                          r->account ? DB_INT(r->account) : DB_NULL,
	                          DB_TEXT(r->common_name), DB_TEXT(r->subject), DB_TEXT(r->issuer),
	                          DB_TEXT(r->serial), DB_TEXT(r->sha256), DB_INT(r->not_before),
	                          DB_INT(r->not_after), DB_TEXT(x->chain), DB_TEXT(x->key),
	                          DB_TEXTN(x->key ? guard_names[r->guard] : NULL),
	                          r->ca ? DB_INT(r->ca) : DB_NULL, DB_INT(r->created_at)),
	                  x->id, e);
	if (rc < 0)
		return rc;
	r->id = *x->id;
	char detail[120];
	snprintf(detail, sizeof detail, "%s %s serial %.40s", cert_kind_name(r->kind),
	         r->unit[0] ? r->unit : "-", r->serial);
	return st_audit_object(c, x->who, "cert.add", "cert", r->id, detail, e);
}

int store_cert_add(struct store *s, const struct actor *who, struct cert_row *c,
                   const char *chain_pem, const char *key_pem, int64_t *id, struct xerr *e)
{
	int64_t tmp = 0;
	if (!id)
		id = &tmp;
	*id = 0;
	if (!cert_kind_name(c->kind)[0])
		return xerr_set(e, XERR_INVALID, "kind", "a certificate is a ca, seal or person");
	if ((c->kind == CERT_PERSON) != (c->account != 0))
		return xerr_set(e, XERR_INVALID, "login",
		                "a personal certificate, and only one, names its official");
	if (!blob_sha256_valid(c->sha256) || !chain_pem || !*chain_pem ||
	    c->not_after <= c->not_before)
		return xerr_set(e, XERR_INVALID, "file", "the certificate's facts are incomplete");
	if ((key_pem != NULL) != (c->guard != CERT_NO_KEY) || (unsigned)c->guard > CERT_PASSPHRASE)
		return xerr_set(e, XERR_INVALID, "key", "a stored key says how it is kept");
	struct add_ctx x = {who, c, chain_pem, key_pem, id};
	return st_write(s, add_tx, &x, e);
}

static int cert_one(struct store *s, const char *sql, const struct db_arg *args, int n,
                    struct cert_row *out, struct xerr *e)
{
	int rc = st_first(s, sql, args, n, cert_row_cb, out, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "cert", "no such certificate");
	return rc < 0 ? rc : 0;
}

int store_cert_get(struct store *s, int64_t id, struct cert_row *out, struct xerr *e)
{
	static const char sql[] = "SELECT " CERT_COLS "WHERE c.id = ?1";
	return cert_one(s, sql, DB_ARGS(DB_INT(id)), out, e);
}

int store_cert_by_sha256(struct store *s, const char *sha256, struct cert_row *out, struct xerr *e)
{
	static const char sql[] = "SELECT " CERT_COLS "WHERE c.sha256 = ?1";
	return cert_one(s, sql, DB_ARGS(DB_TEXT(sha256)), out, e);
}

struct pem_ctx {
	struct buf *chain, *key;
};

static int pem_row(struct db_stmt *st, void *ctx)
{
	struct pem_ctx *p = ctx;
	buf_puts(p->chain, db_text(st, 0));
	if (p->key && !db_null(st, 1))
		buf_puts(p->key, db_text(st, 1));
	return 0;
}

int store_cert_pem(struct store *s, int64_t id, struct buf *chain, struct buf *key, struct xerr *e)
{
	static const char sql[] = "SELECT chain_pem, key_pem FROM cert WHERE id = ?1";
	struct pem_ctx p = {chain, key};
	int rc = st_first(s, sql, DB_ARGS(DB_INT(id)), pem_row, &p, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "cert", "no such certificate");
	return rc < 0 ? rc : 0;
}

struct list_ctx {
	int (*cb)(const struct cert_row *c, void *ctx);
	void *ctx;
	struct cert_row row;
};

static int list_row(struct db_stmt *st, void *ctx)
{
	struct list_ctx *l = ctx;
	cert_read(st, &l->row);
	return l->cb(&l->row, l->ctx);
}

int store_cert_list(struct store *s, const struct cert_filter *f,
                    int (*cb)(const struct cert_row *c, void *ctx), void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "SELECT " CERT_COLS "WHERE (?1 = '' OR c.kind = ?1) AND (?2 = '' OR c.unit = ?2) "
	    "AND (?3 = 0 OR c.account = ?3) AND (?4 = 0 OR " CERT_VALID_AT(
	        "?4") ") "
	              "AND (?5 = 0 OR c.key_pem IS NOT NULL) "
	              "ORDER BY CASE c.kind WHEN 'ca' THEN 0 ELSE 1 END, coalesce(c.unit, ''), "
	              "CASE c.kind WHEN 'seal' THEN 0 ELSE 1 END, c.not_before DESC, c.id DESC";
	struct list_ctx *l = calloc(1, sizeof *l);
	if (!l)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	l->cb = cb;
	l->ctx = ctx;
	int rc = st_each(s, sql,
	                 DB_ARGS(DB_TEXT(cert_kind_name(f->kind)), DB_TEXT(f->unit ? f->unit : ""),
	                         DB_INT(f->account), DB_INT(f->valid_at), DB_INT(f->with_key)),
	                 list_row, l, e);
	free(l);
	return rc;
}

int store_cert_signer(struct store *s, const char *unit, int64_t account, int64_t at,
                      struct cert_row *out, struct xerr *e)
{
	static const char sql[] =
	    "SELECT " CERT_COLS "WHERE c.key_pem IS NOT NULL AND c.kind = ?1 "
	    "AND (?2 = '' OR c.unit = ?2) AND (?3 = 0 OR c.account = ?3) "
	    "AND " CERT_VALID_AT("?4") " ORDER BY c.not_before DESC, c.id DESC LIMIT 1";
	enum cert_kind k = account ? CERT_PERSON : CERT_SEAL;
	int rc = cert_one(s, sql,
	                  DB_ARGS(DB_TEXT(cert_kind_name(k)), DB_TEXT(account ? "" : unit),
	                          DB_INT(account), DB_INT(at)),
	                  out, e);
	if (rc == XERR_NOTFOUND && account)
		xerr_set(e, XERR_NOTFOUND, "leader",
		         "the official has no valid certificate with its key");
	else if (rc == XERR_NOTFOUND)
		xerr_set(e, XERR_NOTFOUND, "seal",
		         "unit %s has no valid seal certificate with its key", unit);
	return rc;
}

struct revoke_ctx {
	const struct actor *who;
	int64_t id, at;
	const char *reason;
};

static int revoke_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql[] = "UPDATE cert SET revoked_at = ?2, revoked_reason = ?3 "
	                          "WHERE id = ?1 AND revoked_at = 0 RETURNING id";
	static const char sql_seen[] = "SELECT id FROM cert WHERE id = ?1";
	struct revoke_ctx *x = ctx;
	int64_t id = 0;
	int rc =
	    db_query_int(c, sql, DB_ARGS(DB_INT(x->id), DB_INT(x->at), DB_TEXT(x->reason)), &id, e);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		rc = db_query_int(c, sql_seen, DB_ARGS(DB_INT(x->id)), &id, e);
		return rc < 0    ? rc
		       : rc == 0 ? xerr_set(e, XERR_NOTFOUND, "cert", "no such certificate")
		                 : xerr_set(e, XERR_CONFLICT, "cert", "already revoked");
	}
	return st_audit_object(c, x->who, "cert.revoke", "cert", x->id, x->reason, e);
}

int store_cert_revoke(struct store *s, const struct actor *who, int64_t id, int64_t at,
                      const char *reason, struct xerr *e)
{
	if (at <= 0)
		return xerr_set(e, XERR_INVALID, "at", "a revocation has its time");
	if (!reason)
		reason = "";
	if (strlen(reason) >= CERT_REASON_MAX)
		return xerr_set(e, XERR_INVALID, "reason", "the reason is too long");
	struct revoke_ctx x = {who, id, at, reason};
	return st_write(s, revoke_tx, &x, e);
}

struct crl_ctx {
	const struct actor *who;
	int64_t ca, this_update, next_update;
	const char *pem;
	const struct cert_mark *marks;
	size_t n;
};

static int crl_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql_newest[] =
	    "SELECT coalesce(max(this_update), 0) FROM crl WHERE ca = ?1";
	static const char sql_add[] = "INSERT INTO crl(ca, this_update, next_update, pem, "
	                              "created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
	static const char sql_mark[] = "UPDATE cert SET revoked_at = ?2, revoked_reason = 'CRL' "
	                               "WHERE id = ?1 AND ca = ?3 AND revoked_at = 0";
	struct crl_ctx *x = ctx;
	int64_t newest = 0;
	int rc = db_query_int(c, sql_newest, DB_ARGS(DB_INT(x->ca)), &newest, e);
	if (rc < 0)
		return rc;
	if (newest >= x->this_update)
		return xerr_set(e, XERR_CONFLICT, "crl",
		                "a CRL of this CA as new or newer is stored already");
	rc = db_run(c, sql_add,
	            DB_ARGS(DB_INT(x->ca), DB_INT(x->this_update), DB_INT(x->next_update),
	                    DB_TEXT(x->pem), DB_INT((int64_t)time(NULL))),
	            e);
	for (size_t i = 0; rc == 0 && i < x->n; i++)
		rc = db_run(
		    c, sql_mark,
		    DB_ARGS(DB_INT(x->marks[i].id), DB_INT(x->marks[i].when), DB_INT(x->ca)), e);
	if (rc)
		return rc;
	char detail[64];
	snprintf(detail, sizeof detail, "%zu revoked", x->n);
	return st_audit_object(c, x->who, "cert.crl", "cert", x->ca, detail, e);
}

int store_crl_add(struct store *s, const struct actor *who, int64_t ca, int64_t this_update,
                  int64_t next_update, const char *pem, const struct cert_mark *marks, size_t n,
                  struct xerr *e)
{
	if (!pem || !*pem || next_update <= this_update)
		return xerr_set(e, XERR_INVALID, "crl", "a CRL with its dates is required");
	struct crl_ctx x = {who, ca, this_update, next_update, pem, marks, n};
	return st_write(s, crl_tx, &x, e);
}

struct crl_each {
	int (*cb)(int64_t ca, const char *pem, void *ctx);
	void *ctx;
};

static int crl_row(struct db_stmt *st, void *ctx)
{
	struct crl_each *x = ctx;
	return x->cb(db_int(st, 0), db_text(st, 1), x->ctx);
}

int store_crl_list(struct store *s, int (*cb)(int64_t ca, const char *pem, void *ctx), void *ctx,
                   struct xerr *e)
{
	static const char sql[] =
	    "SELECT r.ca, r.pem FROM crl r WHERE r.this_update = "
	    "(SELECT max(this_update) FROM crl WHERE ca = r.ca) ORDER BY r.ca";
	struct crl_each x = {cb, ctx};
	return st_each(s, sql, DB_NOARGS, crl_row, &x, e);
}

struct officials_ctx {
	int (*cb)(const char *unit, long officials, long certified, void *ctx);
	void *ctx;
};

static int officials_row(struct db_stmt *st, void *ctx)
{
	struct officials_ctx *x = ctx;
	return x->cb(db_text(st, 0), (long)db_int(st, 1), (long)db_int(st, 2), x->ctx);
}

int store_officials_certified(struct store *s, const char *unit, int64_t at,
                              int (*cb)(const char *unit, long officials, long certified,
                                        void *ctx),
                              void *ctx, struct xerr *e)
{
	/* The subtree is three levels at most: province, commune, village. */
	static const char sql[] =
	    "SELECT a.unit, count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cert c "
	    "WHERE c.kind = 'person' AND c.account = a.id AND " CERT_VALID_AT(
	        "?2") ")) "
	              "FROM account a WHERE a.role IN (?3, ?4, ?5) AND a.disabled = 0 AND "
	              "a.created_at <= ?2 "
	              "AND (a.unit = ?1 OR a.unit IN (SELECT code FROM unit WHERE parent = ?1) "
	              "OR a.unit IN (SELECT u.code FROM unit u JOIN unit p ON p.code = u.parent "
	              "WHERE p.parent = ?1)) GROUP BY a.unit ORDER BY a.unit";
	/* Which roles are officials is core's (authz_is_official). */
	const char *roles[3] = {"", "", ""};
	int nroles = 0;
	for (enum role r = ROLE_CITIZEN; authz_role_valid(r) && nroles < 3; r++)
		if (authz_is_official(r))
			roles[nroles++] = role_name(r);
	struct officials_ctx x = {cb, ctx};
	return st_each(s, sql,
	               DB_ARGS(DB_TEXT(unit), DB_INT(at), DB_TEXT(roles[0]), DB_TEXT(roles[1]),
	                       DB_TEXT(roles[2])),
	               officials_row, &x, e);
}
