/*
 * sign_fixture.h: what the tests of src/sign share: a demo CA made in the
 * test (root, a commune's seal, its leader), a scratch directory, and
 * running the outside tools that must accept what xaso signs (openssl,
 * pdfsig, qpdf). The tools are installed by `scripts/deps.sh test`; a test
 * that needs one fails, saying which package to install, when it is absent.
 */
#ifndef XASO_TESTS_SIGN_FIXTURE_H
#define XASO_TESTS_SIGN_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sign/cert.h"
#include "sign/trust.h"

#define FIXTURE_UNUSED __attribute__((unused))

enum { DAY = 86400 };

/* "Now" for the library is always a parameter; the outside tools (pdfsig,
 * openssl) use the clock, so the demo certificates are made around the
 * clock's time, taken once by demo_make(). */
static int64_t fixture_now;

struct demo {
	struct sign_signer *ca, *seal, *leader;
	struct sign_pem ca_pem;
	struct sign_trust *trust;
};

static FIXTURE_UNUSED void must(int rc, const struct xerr *e)
{
	if (rc != 0) {
		fprintf(stderr, "failed: %d %s (%s)\n", rc, e->msg, e->field ? e->field : "");
		exit(1);
	}
}

/* A certificate request for the demo province, valid from `from` to `to`. */
static FIXTURE_UNUSED struct sign_issue fixture_request(enum sign_role role, const char *name,
                                                        int64_t from, int64_t to,
                                                        enum sign_key_type kt)
{
	struct sign_issue r = {0};
	r.role = role;
	r.subject.common_name = name;
	r.subject.province = "Tỉnh Lai Châu";
	if (role == SIGN_ROLE_SEAL)
		r.subject.unit_code = "03199";
	if (role == SIGN_ROLE_PERSON) {
		r.subject.organisation = "UBND xã Bình Lư";
		r.subject.login = "chutich.binhlu";
	}
	r.not_before = from;
	r.not_after = to;
	r.key = kt;
	return r;
}

/* Root CA, seal of "UBND xã Bình Lư" and its chairman, all valid today. */
static FIXTURE_UNUSED void demo_make(struct demo *d, enum sign_key_type kt)
{
	struct xerr e = {0};
	memset(d, 0, sizeof *d);
	must(sign_init(&e), &e);
	fixture_now = (int64_t)time(NULL) / 60 * 60;
	struct sign_issue r = fixture_request(SIGN_ROLE_CA, "xaso demo CA (Lai Châu)",
	                                      fixture_now - 30 * DAY, fixture_now + 3650 * DAY, kt);
	must(sign_ca_new(&r, &d->ca, &e), &e);
	r = fixture_request(SIGN_ROLE_SEAL, "UBND xã Bình Lư", fixture_now - DAY,
	                    fixture_now + 730 * DAY, kt);
	must(sign_cert_issue(d->ca, &r, &d->seal, &e), &e);
	r = fixture_request(SIGN_ROLE_PERSON, "Lò Văn Thành", fixture_now - DAY,
	                    fixture_now + 730 * DAY, kt);
	must(sign_cert_issue(d->ca, &r, &d->leader, &e), &e);
	must(sign_signer_export(d->ca, NULL, 0, &d->ca_pem, &e), &e);
	must(sign_trust_new(&d->trust, &e), &e);
	must(sign_trust_add_ca(d->trust, d->ca_pem.chain, d->ca_pem.chain_len, &e), &e);
}

static FIXTURE_UNUSED void demo_free(struct demo *d)
{
	sign_signer_free(d->ca);
	sign_signer_free(d->seal);
	sign_signer_free(d->leader);
	sign_pem_free(&d->ca_pem);
	sign_trust_free(d->trust);
}

/* A trust of d's CA with a CRL of it (this update half a minute ago, the
 * next in a week) listing `who` as revoked at `when`; *crl gets the CRL's
 * PEM, which the caller frees. */
static FIXTURE_UNUSED struct sign_trust *demo_trust_revoking(const struct demo *d,
                                                             const struct sign_signer *who,
                                                             int64_t when, char **crl,
                                                             size_t *crl_len)
{
	struct xerr e = {0};
	struct sign_cert_info info;
	sign_signer_info(who, &info);
	struct sign_revocation rev = {info.serial, when};
	struct sign_trust *t = NULL;
	must(sign_crl_issue(d->ca, &rev, 1, fixture_now - 30, fixture_now + 7 * DAY, crl, crl_len,
	                    &e),
	     &e);
	must(sign_trust_new(&t, &e), &e);
	must(sign_trust_add_ca(t, d->ca_pem.chain, d->ca_pem.chain_len, &e), &e);
	must(sign_trust_add_crl(t, *crl, *crl_len, &e), &e);
	return t;
}

/* A fresh scratch directory under $TMPDIR; removed by scratch_done(). */
static FIXTURE_UNUSED void scratch_new(char dir[64])
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, 64, "%.40s/xaso-sign-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(1);
	}
}

static FIXTURE_UNUSED void scratch_done(const char *dir)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

/* Writes dir/name and returns its path (static buffer, one at a time). */
static FIXTURE_UNUSED const char *file_put(const char *dir, const char *name, const void *p,
                                           size_t n)
{
	static char path[4][256];
	static int slot;
	char *out = path[slot++ % 4];
	snprintf(out, 256, "%s/%s", dir, name);
	FILE *f = fopen(out, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		perror(out);
		exit(1);
	}
	return out;
}

/* Whole file into a malloc'ed buffer (NUL-terminated); NULL if absent. */
static FIXTURE_UNUSED unsigned char *file_get(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *p = malloc((size_t)n + 1);
	if (!p || fread(p, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(1);
	}
	p[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* Runs a shell command; its output (stdout and stderr) into out[cap].
 * Returns the exit status. */
static FIXTURE_UNUSED int run(const char *cmd, char *out, size_t cap)
{
	char full[2048];
	snprintf(full, sizeof full, "%s 2>&1", cmd);
	FILE *p = popen(full, "r");
	if (!p) {
		perror("popen");
		exit(1);
	}
	size_t n = fread(out, 1, cap - 1, p);
	out[n] = '\0';
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Fails the whole test program when an outside tool is missing. */
static FIXTURE_UNUSED void tool_require(const char *tool, const char *package)
{
	char cmd[128], out[64];
	snprintf(cmd, sizeof cmd, "command -v %s", tool);
	if (run(cmd, out, sizeof out) != 0) {
		fprintf(stderr, "%s is missing: install %s (sh scripts/deps.sh test)\n", tool,
		        package);
		exit(1);
	}
}

/* One demo and one scratch directory per test program. */
static struct demo demo;
static char dir[64];

static FIXTURE_UNUSED void fixture_start(enum sign_key_type kt)
{
	demo_make(&demo, kt);
	scratch_new(dir);
}

/* cmocka group teardown. */
static FIXTURE_UNUSED int fixture_stop(void **state)
{
	(void)state;
	demo_free(&demo);
	scratch_done(dir);
	return 0;
}

#endif
