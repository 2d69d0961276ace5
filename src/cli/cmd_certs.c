/*
 * cmd_certs.c: `xaso certs`, the certificates that sign results
 * (docs/signatures.md, the officials' guide):
 *   import    a seal or a leader's certificate from a real CA (PKCS#12,
 *             its passphrase on standard input), or a CA certificate;
 *   demo-ca   the local demo CA and the certificates it issues (cli/certs.h);
 *   list      every certificate with its verdict now;
 *   revoke    record a revocation (the demo CA publishes a new CRL);
 *   crl       import a CA's CRL, or have the demo CA publish one;
 *   officials the officials of each unit of a subtree holding a valid
 *             personal certificate (the monitoring figure, computed).
 * Private keys are stored encrypted under the key file (created with mode
 * 0600 when missing) or, with --passphrase-stdin, a passphrase.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/certs.h"
#include "cli/cli.h"

static const char usage[] =
    "usage: xaso certs import --unit CODE [--login LOGIN] FILE.p12   (passphrase on stdin)\n"
    "       xaso certs import --ca FILE.pem\n"
    "       xaso certs demo-ca [--province CODE] [--unit CODE] [--login LOGIN] [--renew]\n"
    "                          [--from DATE] [--until DATE] [--rsa]\n"
    "       xaso certs list [--unit CODE] [--kind ca|seal|person] [--at DATE]\n"
    "       xaso certs revoke ID [--reason TEXT] [--at TIME]\n"
    "       xaso certs crl FILE | xaso certs crl --publish\n"
    "       xaso certs officials --unit CODE [--at DATE]\n"
    "common options: [--db FILE] [--key-file FILE | --passphrase-stdin]\n\n"
    "Certificates sign the results leaders approve: the unit's seal (its organisation\n"
    "certificate) and each leader's own. `import` reads what a real CA issued (the\n"
    "PKCS#12 file's passphrase on the first line of standard input; with\n"
    "--passphrase-stdin, the service passphrase first, then the file's). Without --login\n"
    "it is the unit's seal; with it, that official's personal certificate. Its CA\n"
    "certificates are stored and trusted. `demo-ca` makes a local demo CA (once) and\n"
    "issues a seal for every commune of the province and a certificate for every leader\n"
    "that has no valid one (or for one --unit / --login; --renew for a new one anyway).\n"
    "Private keys are kept encrypted under the key file (default: the database path +\n"
    "\".key\", made with mode 0600 when missing) or a passphrase (--passphrase-stdin),\n"
    "never in the clear. `revoke` records a revocation; for the demo CA's certificates\n"
    "it also publishes a new CRL. `crl FILE` imports a CA's CRL (PEM or DER) and marks\n"
    "the certificates it lists. `officials` counts, for each unit of the subtree of\n"
    "--unit, its officials (officers and leaders) and those holding a personal\n"
    "certificate valid at --at (default now). Times: YYYY-MM-DD or YYYY-MM-DDTHH:MM,\n"
    "Vietnam time.\n";

/* Options that take a value: anything else not starting with -- is the
 * command's argument. */
static const char *const valued[] = {"db",       "key-file", "unit", "login", "ca",
                                     "from",     "until",    "at",   "kind",  "reason",
                                     "province", "config",   "data", NULL};

static const char *argument(int argc, char **argv)
{
	for (int i = 2; i < argc; i++) {
		if (strncmp(argv[i], "--", 2)) {
			return argv[i];
		}
		bool takes = false;
		for (int k = 0; valued[k]; k++)
			takes = takes || (!strcmp(argv[i] + 2, valued[k]));
		if (takes)
			i++;
	}
	return NULL;
}

/* A time option in unix seconds into *out (0 when absent). */
static int time_opt(int argc, char **argv, const char *name, int64_t *out, struct xerr *e)
{
	const char *v = cli_opt(argc, argv, name);
	*out = 0;
	return v ? cli_parse_when(v, name, out, e) : 0;
}

static void when(int64_t t, char out[20])
{
	cal_format_time(dossier_local_minutes(t), out);
}

/* ---- import ---- */

static int import_ca(struct store *s, const struct actor *who, const char *path, struct xerr *e)
{
	size_t len;
	char *pem = cli_read_file(path, &len, e);
	if (!pem)
		return e->code;
	int64_t id = 0;
	int rc = results_ca_store(s, who, pem, len, false, &id, e);
	free(pem);
	if (rc == 0)
		printf("CA certificates of %s stored and trusted (first: %lld)\n", path,
		       (long long)id);
	return rc;
}

/* The official named by --login, bound to unit. */
static int official(struct store *s, const char *login, const char *unit, int64_t *id,
                    struct xerr *e)
{
	struct account a;
	int rc = store_account_get(s, login, &a, e);
	if (rc)
		return rc;
	if (!authz_is_official(a.role) || strcmp(a.unit, unit))
		return xerr_set(e, XERR_INVALID, "login", "%s is not an official of unit %s", login,
		                unit);
	*id = a.id;
	return 0;
}

static int import_p12(struct store *s, const struct actor *who, const struct results_secret *k,
                      const char *path, const char *unit, const char *login, struct xerr *e)
{
	int64_t account = 0, ca = 0, id = 0;
	char pass[SIGN_PASS_MAX + 2] = "";
	size_t len;
	int rc = login ? official(s, login, unit, &account, e) : 0;
	if (rc)
		return rc;
	if (!fgets(pass, sizeof pass, stdin))
		return xerr_set(e, XERR_INVALID, "passphrase",
		                "give the PKCS#12 file's passphrase on standard input");
	pass[strcspn(pass, "\r\n")] = '\0';
	char *p12 = cli_read_file(path, &len, e);
	struct sign_signer *sg = NULL;
	rc = p12 ? sign_signer_from_p12(p12, len, pass, &sg, e) : e->code;
	free(p12);
	struct sign_cert_info info;
	struct sign_pem chain = {0};
	if (rc == 0) {
		sign_signer_info(sg, &info);
		if (info.is_ca || !(info.key_usage & (SIGN_KU_DIGITAL_SIGNATURE |
		                                      SIGN_KU_NON_REPUDIATION | SIGN_KU_ANY)))
			rc = xerr_set(e, XERR_INVALID, "file",
			              "%s: this certificate may not sign documents", path);
	}
	if (rc == 0 && (rc = sign_signer_export(sg, NULL, 0, &chain, e)) == 0 &&
	    strstr(chain.chain + 1, "-----BEGIN CERTIFICATE-----"))
		rc = results_ca_store(s, who, chain.chain, chain.chain_len, true, &ca, e);
	if (rc == 0)
		rc = results_signer_store(s, who, k, sg, login ? CERT_PERSON : CERT_SEAL, unit,
		                          account, ca, &id, e);
	if (rc == 0)
		printf("certificate %lld: %s of %s, %s, serial %s\n", (long long)id,
		       login ? "personal certificate" : "seal", unit, info.subject, info.serial);
	sign_pem_free(&chain);
	sign_signer_free(sg);
	memset(pass, 0, sizeof pass);
	return rc;
}

/* ---- list ---- */

struct list_run {
	struct store *s;
	struct sign_trust *t;
	int64_t at;
	long n;
};

static int list_one(const struct cert_row *c, void *ctx)
{
	struct list_run *x = ctx;
	const char *verdict = sign_status_name(results_cert_verdict(x->s, x->t, c, x->at, NULL));
	char from[20], until[20];
	when(c->not_before, from);
	when(c->not_after, until);
	static const char *const guards[] = {"-", "keyfile", "passphrase"};
	printf("%-5lld %-6s %-8s %-22s %-8s %s..%s  key:%-10s %s\n", (long long)c->id,
	       cert_kind_name(c->kind), c->unit[0] ? c->unit : "-", c->login[0] ? c->login : "-",
	       verdict, from, until, guards[c->guard], c->common_name);
	x->n++;
	return 0;
}

static int list(struct store *s, int argc, char **argv, struct xerr *e)
{
	const char *kind = cli_opt(argc, argv, "kind");
	struct cert_filter f = {.unit = cli_opt(argc, argv, "unit")};
	if (kind && !(f.kind = cert_kind_parse(kind)))
		return xerr_set(e, XERR_INVALID, "kind", "--kind is ca, seal or person");
	int64_t at;
	int rc = time_opt(argc, argv, "at", &at, e);
	if (rc)
		return rc;
	struct list_run x = {s, NULL, at ? at : (int64_t)time(NULL), 0};
	rc = results_trust(s, &x.t, e);
	if (rc == 0) {
		printf("%-5s %-6s %-8s %-22s %-8s %-35s %-14s %s\n", "id", "kind", "unit", "login",
		       "verdict", "valid (Vietnam time)", "key", "name");
		rc = store_cert_list(s, &f, list_one, &x, e);
	}
	if (rc == 0)
		printf("%ld certificates\n", x.n);
	sign_trust_free(x.t);
	return rc;
}

/* ---- officials holding a valid certificate ---- */

struct officials_sum {
	long units, officials, certified;
};

static void officials_line(const char *unit, long officials, long certified)
{
	printf("%-8s %9ld %9ld %5.1f%%\n", unit, officials, certified,
	       officials ? 100.0 * (double)certified / (double)officials : 0.0);
}

static int officials_row(const char *unit, long officials, long certified, void *ctx)
{
	struct officials_sum *t = ctx;
	officials_line(unit, officials, certified);
	t->units++;
	t->officials += officials;
	t->certified += certified;
	return 0;
}

static int officials(struct store *s, int argc, char **argv, struct xerr *e)
{
	const char *unit = cli_opt(argc, argv, "unit");
	if (!unit)
		return xerr_set(e, XERR_INVALID, "unit", "officials needs --unit CODE");
	int64_t at;
	int rc = time_opt(argc, argv, "at", &at, e);
	if (rc)
		return rc;
	struct officials_sum t = {0, 0, 0};
	printf("%-8s %9s %9s %6s\n", "unit", "officials", "certified", "share");
	rc =
	    store_officials_certified(s, unit, at ? at : (int64_t)time(NULL), officials_row, &t, e);
	if (rc == 0) {
		printf("%ld units; in all:\n", t.units);
		officials_line(unit, t.officials, t.certified);
	}
	return rc;
}

/* ---- revoke, CRLs ---- */

static int revoke(struct store *s, const struct actor *who, const struct results_secret *k,
                  int argc, char **argv, struct xerr *e)
{
	const char *arg = argument(argc, argv);
	char *end = NULL;
	long long id = arg ? strtoll(arg, &end, 10) : 0;
	if (!arg || *end || id <= 0)
		return xerr_set(e, XERR_INVALID, "id",
		                "give the certificate's number (xaso certs list)");
	int64_t at;
	int rc = time_opt(argc, argv, "at", &at, e);
	if (rc)
		return rc;
	const char *reason = cli_opt(argc, argv, "reason");
	struct cert_row c, ca = {0};
	struct sign_signer *demo = NULL;
	if ((rc = store_cert_get(s, id, &c, e)))
		return rc;
	/* The demo CA publishes the revocation itself: its key must open
	 * before anything is recorded. A real CA's certificate is revoked by
	 * that CA, whose CRL is then imported. */
	if (c.ca && store_cert_get(s, c.ca, &ca, e) == 0 && ca.guard != CERT_NO_KEY &&
	    (rc = results_signer_load(s, k, ca.id, &demo, e)))
		return rc;
	sign_signer_free(demo);
	rc = store_cert_revoke(s, who, id, at ? at : (int64_t)time(NULL), reason, e);
	if (rc == 0)
		printf("certificate %lld revoked\n", id);
	if (rc == 0 && ca.guard != CERT_NO_KEY) {
		rc = certs_demo_crl(s, who, k, ca.id, (int64_t)time(NULL), e);
		if (rc == 0)
			printf("the demo CA published a new CRL\n");
	} else if (rc == 0) {
		printf("ask the CA that issued it to revoke it, then import its CRL (xaso certs "
		       "crl)\n");
	}
	return rc;
}

static int first_ca_row(const struct cert_row *c, void *ctx)
{
	*(struct cert_row *)ctx = *c;
	return 1;
}

struct crl_match {
	struct store *s;
	const char *pem;
	size_t len;
	int64_t ca;
};

/* The stored CA whose key verifies the CRL. */
static int crl_ca(const struct cert_row *c, void *ctx)
{
	struct crl_match *m = ctx;
	struct sign_trust *t = NULL;
	struct buf pem;
	buf_init(&pem);
	struct xerr e = {0};
	if (store_cert_pem(m->s, c->id, &pem, NULL, &e) == 0 && sign_trust_new(&t, &e) == 0 &&
	    sign_trust_add_ca(t, pem.data, pem.len, &e) == 0 &&
	    sign_trust_add_crl(t, m->pem, m->len, &e) == 0)
		m->ca = c->id;
	sign_trust_free(t);
	buf_free(&pem);
	return m->ca ? 1 : 0;
}

struct marks {
	struct store *s;
	struct sign_trust *t;
	int64_t ca, now;
	struct cert_mark m[1024];
	size_t n;
};

static int mark_one(const struct cert_row *c, void *ctx)
{
	struct marks *x = ctx;
	struct sign_signature v;
	if (c->ca == x->ca && x->n < 1024 && !c->revoked_at) {
		results_cert_verdict(x->s, x->t, c, x->now, &v);
		if (v.problems & SIGN_P_REVOKED)
			x->m[x->n++] = (struct cert_mark){c->id, v.revoked_at};
	}
	return 0;
}

static int crl_import(struct store *s, const struct actor *who, const char *path, struct xerr *e)
{
	size_t len;
	char *data = cli_read_file(path, &len, e);
	if (!data)
		return e->code;
	struct marks *x = calloc(1, sizeof *x);
	if (!x) {
		free(data);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	struct sign_crl_info info;
	struct crl_match m = {s, data, len, 0};
	struct cert_filter f = {.kind = CERT_CA};
	int rc = sign_crl_info(data, len, &info, e);
	if (rc == 0 && (rc = store_cert_list(s, &f, crl_ca, &m, e)) >= 0 && !m.ca)
		rc = xerr_set(e, XERR_UNPROCESSABLE, "crl",
		              "%s: no stored CA issued this CRL (%s); import the CA first", path,
		              info.issuer);
	if (rc >= 0 && m.ca && (rc = results_trust(s, &x->t, e)) == 0 &&
	    (rc = sign_trust_add_crl(x->t, data, len, e)) == 0) {
		x->s = s;
		x->ca = m.ca;
		x->now = (int64_t)time(NULL);
		struct cert_filter all = {0};
		rc = store_cert_list(s, &all, mark_one, x, e);
	}
	if (rc == 0 && m.ca)
		rc = store_crl_add(s, who, m.ca, info.this_update,
		                   info.next_update ? info.next_update : info.this_update + 1, data,
		                   x->m, x->n, e);
	if (rc == 0)
		printf("CRL of %s stored: %zu listed, %zu of the stored certificates revoked\n",
		       info.issuer, info.revoked, x->n);
	sign_trust_free(x->t);
	free(x);
	free(data);
	return rc < 0 ? rc : 0;
}

static int crl(struct store *s, const struct actor *who, const struct results_secret *k, int argc,
               char **argv, struct xerr *e)
{
	if (!cli_flag(argc, argv, "publish")) {
		const char *path = argument(argc, argv);
		return path ? crl_import(s, who, path, e)
		            : xerr_set(e, XERR_INVALID, "crl", "give the CRL file, or --publish");
	}
	struct cert_row ca = {0};
	struct cert_filter f = {.kind = CERT_CA, .with_key = true};
	int rc = store_cert_list(s, &f, first_ca_row, &ca, e);
	if (rc >= 0 && !ca.id)
		return xerr_set(e, XERR_NOTFOUND, "ca", "there is no demo CA (xaso certs demo-ca)");
	if (rc >= 0 && (rc = certs_demo_crl(s, who, k, ca.id, (int64_t)time(NULL), e)) == 0)
		printf("the demo CA published a new CRL\n");
	return rc < 0 ? rc : 0;
}

/* ---- demo CA ---- */

static int demo_ca(struct store *s, const struct actor *who, const struct results_secret *k,
                   int argc, char **argv, struct xerr *e)
{
	struct demo_ca_opts o = {
	    .province = cli_opt(argc, argv, "province"),
	    .unit = cli_opt(argc, argv, "unit"),
	    .login = cli_opt(argc, argv, "login"),
	    .renew = cli_flag(argc, argv, "renew"),
	    .key = cli_flag(argc, argv, "rsa") ? SIGN_KEY_RSA2048 : SIGN_KEY_P256,
	    .now = (int64_t)time(NULL),
	};
	int rc = time_opt(argc, argv, "from", &o.from, e);
	if (rc || (rc = time_opt(argc, argv, "until", &o.until, e)))
		return rc;
	struct unit u;
	if (!o.province && o.unit) {
		/* The unit's province: a commune's parent, a village's grandparent. */
		rc = store_unit_get(s, o.unit, &u, e);
		while (rc == 0 && u.parent[0])
			rc = store_unit_get(s, u.parent, &u, e);
		if (rc)
			return rc;
		o.province = u.code;
	}
	if (!o.province)
		o.province = "66";
	struct demo_ca_result r;
	rc = certs_demo_issue(s, who, k, &o, &r, e);
	if (rc == 0)
		printf(
		    "demo CA: certificate %lld%s; issued %d seal%s and %d personal certificate%s\n",
		    (long long)r.ca, r.ca_created ? " (created)" : "", r.seals,
		    r.seals == 1 ? "" : "s", r.persons, r.persons == 1 ? "" : "s");
	return rc;
}

static bool needs_secret(const char *sub, int argc, char **argv)
{
	if (!strcmp(sub, "demo-ca") || !strcmp(sub, "revoke"))
		return true;
	if (!strcmp(sub, "crl"))
		return cli_flag(argc, argv, "publish");
	return !strcmp(sub, "import") && !cli_opt(argc, argv, "ca");
}

static int run(struct store *s, const char *sub, const struct results_secret *k, int argc,
               char **argv, struct xerr *e)
{
	struct actor who;
	actor_system(&who, "certs");
	if (!strcmp(sub, "list"))
		return list(s, argc, argv, e);
	if (!strcmp(sub, "officials"))
		return officials(s, argc, argv, e);
	if (!strcmp(sub, "demo-ca"))
		return demo_ca(s, &who, k, argc, argv, e);
	if (!strcmp(sub, "revoke"))
		return revoke(s, &who, k, argc, argv, e);
	if (!strcmp(sub, "crl"))
		return crl(s, &who, k, argc, argv, e);
	const char *ca = cli_opt(argc, argv, "ca"), *unit = cli_opt(argc, argv, "unit");
	const char *file = argument(argc, argv);
	if (ca)
		return import_ca(s, &who, ca, e);
	if (!unit || !file)
		return xerr_set(e, XERR_INVALID, "unit", "import needs --unit CODE and FILE.p12");
	return import_p12(s, &who, k, file, unit, cli_opt(argc, argv, "login"), e);
}

int cmd_certs(int argc, char **argv)
{
	static const char *const subs[] = {"import", "demo-ca",   "list", "revoke",
	                                   "crl",    "officials", NULL};
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return 0;
	}
	int known = 0;
	for (int i = 0; argc > 1 && subs[i]; i++)
		known = known || !strcmp(argv[1], subs[i]);
	if (!known) {
		fputs(usage, stderr);
		return 2;
	}
	struct settings cfg;
	int rc = settings_load(&cfg, argc, argv);
	if (rc)
		return rc;
	struct results_secret *k = NULL;
	if (needs_secret(argv[1], argc, argv) && !(k = cli_secret(&cfg, argc, argv, true, &rc)))
		return rc;
	struct store *s = cli_open_store(cfg.db, 0);
	struct xerr e = {0};
	rc = s ? run(s, argv[1], k, argc, argv, &e) : XERR_IO;
	cli_secret_free(k);
	store_close(s);
	if (!s)
		return 1;
	return rc ? cli_fail(&e) : 0;
}
