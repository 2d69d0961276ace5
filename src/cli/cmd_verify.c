/*
 * cmd_verify.c: `xaso verify ID|FILE`, the command-line twin of
 * /verify/ID: a signed result named by the id on its cover page, or a file
 * (the signed PDF, the result a .p7s signs, a cover page's record). A file
 * this database signed is checked as its result (web/results.h); any
 * other file by its own signatures against the stored CAs (and --ca).
 * Exit status 0 when valid, 1 otherwise, 2 for bad usage.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "sign/cms.h"
#include "sign/pdf.h"
#include "web/results.h"

static const char usage[] =
    "usage: xaso verify ID|FILE [--at TIME] [--signature FILE.p7s] [--ca FILE.pem] [--db FILE]\n\n"
    "Checks a signed result: by the id printed on its cover page (the end of its\n"
    "/verify/ID address), or a file. A file this database signed is checked as that\n"
    "result: the record of its cover page, the signatures, and whether the file is\n"
    "the one signed. Any other PDF is checked by its embedded signatures, any other\n"
    "file by its detached signature (--signature, or FILE.p7s beside it), against\n"
    "the CA certificates and CRLs in the database and --ca. A PDF changed after\n"
    "signing is reported altered. --at checks as of another time (YYYY-MM-DD or\n"
    "YYYY-MM-DDTHH:MM, Vietnam time): a certificate valid then may have expired.\n"
    "Exit status 0 when valid, 1 otherwise.\n";

static void print_time(const char *label, int64_t t)
{
	char s[20];
	cal_format_time(dossier_local_minutes(t), s);
	printf("%s%s", label, t ? s : "-");
}

static void print_report(const char *what, const struct sign_report *r,
                         const struct result_check *c)
{
	printf("%s: %s\n", what, sign_status_name(r->status));
	for (size_t i = 0; i < r->n; i++) {
		const struct sign_signature *g = &r->sig[i];
		const char *role = c ? results_signer_role(c, &g->cert) : "";
		char problems[160];
		sign_problem_text(g->problems, problems, sizeof problems);
		printf("  signature %zu%s%s%s: %s, %s", i + 1, *role ? " (" : "", role,
		       *role ? ")" : "", sign_status_name(g->status), g->cert.subject);
		print_time(", signed ", g->signed_at);
		printf(", serial %s\n", g->cert.serial);
		if (g->status != SIGN_VALID)
			printf("    %s%s%s\n", problems, g->detail[0] ? ": " : "", g->detail);
	}
}

static int print_check(const struct result_check *c)
{
	const struct result_record *rec = &c->record;
	printf("result %s: %s\n", c->sig.public_id, sign_status_name(c->status));
	printf("  dossier %s, procedure %s %s\n  applicant %s, unit %s %s\n", c->sig.dossier_code,
	       rec->procedure_code, rec->procedure_name, rec->applicant, c->sig.unit,
	       rec->unit_name);
	printf("  signed by %s", c->sig.signer);
	print_time(" at ", c->sig.signed_at);
	printf("; file %s (%s), sha256 %s\n", c->sig.file_name,
	       !strcmp(c->sig.format, "pades") ? "signatures in the PDF" : "with a .p7s",
	       c->sig.signed_sha256);
	print_report("record", &c->record_report, c);
	print_report("file", &c->file_report, c);
	if (!c->presented)
		return c->status == SIGN_VALID ? 0 : 1;
	if (c->matches)
		printf("presented file: the signed file\n");
	else
		printf("presented file: NOT the signed file (sha256 %s); its own signatures: %s\n",
		       c->presented_sha256, sign_status_name(c->presented_report.status));
	return c->status == SIGN_VALID && c->matches ? 0 : 1;
}

/* A file this database did not sign: its own signatures. */
static int check_file(struct store *s, const char *path, const char *data, size_t len, int argc,
                      char **argv, int64_t now, struct xerr *e)
{
	struct sign_trust *t = NULL;
	const char *ca = cli_opt(argc, argv, "ca"), *sig = cli_opt(argc, argv, "signature");
	char p7s_path[600];
	size_t p7s_len = 0, ca_len = 0;
	struct sign_report *r = calloc(1, sizeof *r);
	if (!r)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	char *ca_pem = ca ? cli_read_file(ca, &ca_len, e) : NULL, *p7s = NULL;
	int rc = ca && !ca_pem ? e->code : 0;
	if (rc == 0 && (rc = results_trust(s, &t, e)) == 0 && ca_pem)
		rc = sign_trust_add_ca(t, ca_pem, ca_len, e);
	bool pdf = len >= 5 && !memcmp(data, "%PDF-", 5);
	if (rc == 0 && !pdf) {
		snprintf(p7s_path, sizeof p7s_path, "%s.p7s", path);
		if (!sig && access(p7s_path, R_OK) != 0)
			rc = xerr_set(
			    e, XERR_NOTFOUND, "signature",
			    "%s: not a PDF, and no signature beside it (%s; or --signature)", path,
			    p7s_path);
		else if (!(p7s = cli_read_file(sig ? sig : p7s_path, &p7s_len, e)))
			rc = e->code;
	}
	if (rc == 0)
		rc = pdf ? sign_pdf_verify(data, len, t, now, r, e)
		         : sign_cms_verify(data, len, p7s, p7s_len, t, now, r, e);
	struct result_record rec;
	struct xerr ignored = {0};
	if (rc == 0 && !pdf && result_record_decode(data, len, &rec, &ignored) == 0)
		printf(
		    "record of dossier %s (%s), applicant %s, file sha256 %s, unit %s, signer %s\n",
		    rec.dossier_code, rec.procedure_code, rec.applicant, rec.file_sha256,
		    rec.unit_code, rec.signer);
	if (rc == 0)
		print_report(path, r, NULL);
	int status = rc ? rc : r->status == SIGN_VALID ? 0 : -1;
	sign_trust_free(t);
	free(ca_pem);
	free(p7s);
	free(r);
	return status;
}

static int verify(struct store *s, const char *arg, int argc, char **argv, int64_t now,
                  struct xerr *e)
{
	struct result_check *c = calloc(1, sizeof *c);
	if (!c)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	int rc;
	if (public_id_valid(arg) && access(arg, F_OK) != 0) {
		rc = results_check(s, arg, now, NULL, 0, NULL, c, e);
		rc = rc ? rc : print_check(c) ? -1 : 0;
		free(c);
		return rc;
	}
	size_t len;
	char *data = cli_read_file(arg, &len, e);
	if (!data) {
		free(c);
		return e->code;
	}
	unsigned char h[crypto_hash_sha256_BYTES];
	char sha[65];
	struct result_signature sig;
	crypto_hash_sha256(h, (const unsigned char *)data, len);
	sodium_bin2hex(sha, sizeof sha, h, sizeof h);
	rc = store_result_signature_by_sha256(s, sha, &sig, NULL, e);
	if (rc == 0 && (rc = results_check(s, sig.public_id, now, data, len, NULL, c, e)) == 0)
		rc = print_check(c) ? -1 : 0;
	else if (rc == XERR_NOTFOUND)
		rc = check_file(s, arg, data, len, argc, argv, now, e);
	free(data);
	free(c);
	return rc;
}

int cmd_verify(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return 0;
	}
	const char *arg = argc > 1 && strncmp(argv[1], "--", 2) ? argv[1] : NULL;
	if (!arg)
		return cli_usage_error("verify", "give a signed result's id or a file", NULL);
	struct settings cfg;
	int rc = settings_load(&cfg, argc, argv);
	if (rc)
		return rc;
	int64_t now = (int64_t)time(NULL);
	const char *at = cli_opt(argc, argv, "at");
	struct xerr e = {0};
	if (at && cli_parse_when(at, "at", &now, &e) != 0)
		return cli_fail(&e);
	struct store *s = cli_open_store(cfg.db, STORE_READONLY);
	if (!s)
		return 1;
	if ((rc = cli_data_dir(s, &cfg, &e)) == 0 && (rc = sign_init(&e)) == 0)
		rc = verify(s, arg, argc, argv, now, &e);
	store_close(s);
	if (rc == -1)
		return 1;
	return rc ? cli_fail(&e) : 0;
}
