/*
 * cmd_demo.c: `xaso demo` fills a database with a realistic demo province
 * from the real unit list: villages for each commune, households and
 * residents with valid identity numbers, deterministic for a seed.
 */
#include <stdio.h>
#include <sys/statvfs.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/certs.h"
#include "cli/cli.h"
#include "cli/demo.h"
#include "core/people.h"

enum { MAX_COMMUNES = 256, MAX_VILLAGES = 32 };

struct commune_list {
	struct unit *u;
	size_t n;
};

static int collect_commune(const struct unit *u, void *ctx)
{
	struct commune_list *l = ctx;
	if (l->n < MAX_COMMUNES)
		l->u[l->n++] = *u;
	return 0;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Villages of every commune, in one transaction. */
static int demo_villages(struct store *s, struct rng *r, const struct commune_list *cl,
                         size_t *count, struct xerr *e)
{
	*count = 0;
	if (!cl->n)
		return 0;
	struct unit *v = calloc(cl->n * MAX_VILLAGES, sizeof *v);
	if (!v)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	size_t n = 0;
	for (size_t i = 0; i < cl->n; i++)
		n += (size_t)people_demo_villages(r, &cl->u[i], v + n, MAX_VILLAGES);
	int rc = store_unit_insert(s, v, n, NULL, e);
	free(v);
	*count = n;
	return rc;
}

static void demo_usage(void)
{
	printf("usage: xaso demo [--db FILE] [--province CODE] [--seed N] [--scale X]\n"
	       "       xaso demo --logins [--db FILE] [--province CODE] [--seed N]\n\n"
	       "Creates (or upgrades) the database and fills it with a realistic demo\n"
	       "province from the real unit list: villages and residential groups for each\n"
	       "commune, households and residents (names, birth dates, genders, valid\n"
	       "12-digit identity numbers, e-ID and e-health status). The same seed gives\n"
	       "the same data. Defaults: --province 66 (Đắk Lắk, 102 communes and wards),\n"
	       "--seed 1, --scale 1 (about 27,000 residents a commune; 0.01 for a quick "
	       "try).\n"
	       "It also files about a year of dossiers (3,000 a commune at scale 1) with\n"
	       "their history, appointments, supplements, apologies and ratings.\n"
	       "The province must not have villages yet.\n\n"
	       "It also creates one demo account per role (citizen, two officers of two\n"
	       "communes, leader, village digital team, province, admin) with one known\n"
	       "password, and prints them; --logins prints them again with the current\n"
	       "second-factor codes. Demo databases only: never use these accounts live.\n\n"
	       "Results are signed: a demo CA issues a seal for every commune and a\n"
	       "certificate for the demo leader (xaso certs demo-ca), their keys kept under\n"
	       "the key file (made when missing) or --passphrase-stdin.\n");
}

/* The demo province at scale 1 takes about this much disk (measured on
 * the database `make run` creates, with its write-ahead log). */
#define DEMO_BYTES_AT_SCALE_1 (900.0 * 1024 * 1024)

/* Refuses to start a demo that cannot fit on the disk holding db (a file
 * path; other addresses are not checked): one clear line instead of a
 * "disk is full" half way through. */
static int demo_room(const char *db, double scale, struct xerr *e)
{
	if (strstr(db, "://"))
		return 0;
	const char *path = strncmp(db, "sqlite:", 7) == 0 ? db + 7 : db;
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	struct statvfs fs;
	if (statvfs(dir, &fs) != 0)
		return 0; /* the store's own message will say what is wrong */
	double need = DEMO_BYTES_AT_SCALE_1 * scale, have = (double)fs.f_bavail * fs.f_frsize;
	if (have >= need)
		return 0;
	return xerr_set(e, XERR_IO, "db",
	                "only %.0f MB free in %s; the demo database needs about %.0f MB: free some "
	                "space, or create it on another disk (make run DB=/other/disk/xaso.db)",
	                have / 1048576, dir, need / 1048576);
}

/* What to make: --province, --seed, --scale (2 after a message when bad). */
struct demo_opts {
	const char *province;
	unsigned long seed;
	double scale;
};

static int demo_opts(int argc, char **argv, struct demo_opts *o)
{
	const char *seed_s = cli_opt(argc, argv, "seed"), *scale_s = cli_opt(argc, argv, "scale");
	char *end;
	o->province = cli_opt(argc, argv, "province");
	if (!o->province)
		o->province = "66";
	o->seed = seed_s ? strtoul(seed_s, &end, 10) : 1;
	if (seed_s && (*end || !*seed_s)) {
		fprintf(stderr, "xaso: --seed must be a whole number, not \"%s\"\n", seed_s);
		return 2;
	}
	o->scale = scale_s ? strtod(scale_s, &end) : 1.0;
	if (scale_s && (*end || o->scale < 0.001 || o->scale > 2)) {
		fprintf(stderr, "xaso: --scale must be a number from 0.001 to 2, not \"%s\"\n",
		        scale_s);
		return 2;
	}
	return 0;
}

/* The province's communes, which must have no villages yet. */
static int demo_communes(struct store *s, const char *province, struct unit *prov,
                         struct commune_list *cl, struct xerr *e)
{
	int rc = store_unit_get(s, province, prov, e);
	if (rc) {
		e->field = "province";
		return rc;
	}
	if (prov->level != UNIT_PROVINCE)
		return xerr_set(e, XERR_INVALID, "province", "%s is not a province code (2 digits)",
		                province);
	if ((rc = store_unit_children(s, province, collect_commune, cl, e)) != 0)
		return rc;
	for (size_t i = 0; i < cl->n; i++)
		if (cl->u[i].child_count > 0)
			return xerr_set(
			    e, XERR_CONFLICT, "province",
			    "%s already has villages: the demo needs a province without "
			    "them (use a new database file)",
			    prov->name);
	return 0;
}

/* Villages, people and a year of dossiers, loaded in bulk. */
static int demo_fill(struct store *s, const struct demo_opts *o, struct commune_list *cl,
                     char *summary, size_t cap, struct xerr *e)
{
	struct rng r;
	rng_seed(&r, o->seed);
	size_t nvillages = 0;
	int rc;
	if ((rc = store_bulk_mode(s, true, e)) != 0 ||
	    (rc = demo_villages(s, &r, cl, &nvillages, e)) != 0)
		return rc;
	/* Re-read the communes to get their village counts. */
	cl->n = 0;
	if ((rc = store_unit_children(s, o->province, collect_commune, cl, e)) != 0)
		return rc;
	time_t now = time(NULL);
	/* Up to the start of today, so a seed gives the same data all day. */
	int64_t today = cal_time(cal_time_day(dossier_local_minutes((int64_t)now)), 0);
	long nres = 0, nhh = 0, ndossiers = 0;
	rc = demo_people(s, cl->u, cl->n, o->province, o->seed, o->scale, cal_time_day(today),
	                 &nres, &nhh, e);
	if (rc == 0)
		rc = demo_dossiers(s, cl->u, cl->n, o->seed, o->scale, today, &ndossiers, e);
	if (rc == 0)
		rc = demo_catalogue(s, o->seed, cal_time_day(today), e);
	if (rc == 0 && (rc = store_bulk_mode(s, false, e)) == 0)
		snprintf(summary, cap,
		         "%zu communes and wards, %zu villages, %ld households, %ld residents, "
		         "%ld dossiers (seed %lu, scale %g)",
		         cl->n, nvillages, nhh, nres, ndossiers, o->seed, o->scale);
	return rc;
}

/* The demo CA, the communes' seals and the leaders' certificates, their
 * keys under the key file (made when missing) or --passphrase-stdin. */
static int demo_certs(struct store *s, const struct settings *cfg, int argc, char **argv,
                      const char *province, struct xerr *e)
{
	int rc;
	struct results_secret *k = cli_secret(cfg, argc, argv, true, &rc);
	if (!k)
		return xerr_set(e, rc == 2 ? XERR_INVALID : XERR_IO, "keyfile",
		                "the signing keys have no secret to be kept under");
	struct actor who;
	actor_system(&who, "demo");
	struct demo_ca_opts o = {.province = province, .key = SIGN_KEY_P256, .now = time(NULL)};
	struct demo_ca_result r;
	rc = certs_demo_issue(s, &who, k, &o, &r, e);
	if (rc == 0)
		printf("\nDemo CA (certificate %lld): %d seals and %d personal certificates issued "
		       "(xaso certs list)\n",
		       (long long)r.ca, r.seals, r.persons);
	cli_secret_free(k);
	return rc;
}

int cmd_demo(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		demo_usage();
		return 0;
	}
	struct settings cfg;
	struct demo_opts o;
	int rc = settings_load(&cfg, argc, argv);
	if (rc || (rc = demo_opts(argc, argv, &o)))
		return rc;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct xerr e = {0};
	if (cli_flag(argc, argv, "logins")) {
		struct store *ls = cli_open_store(cfg.db, 0);
		if (!ls)
			return 1;
		rc = demo_print_logins(ls, o.province, o.seed, stdout, &e);
		store_close(ls);
		return rc ? cli_fail(&e) : 0;
	}
	if (demo_room(cfg.db, o.scale, &e) != 0)
		return cli_fail(&e);
	struct store *s = cli_open_store(cfg.db, STORE_CREATE | STORE_MIGRATE);
	if (!s)
		return 1;
	struct unit prov;
	char summary[256];
	struct commune_list cl = {calloc(MAX_COMMUNES, sizeof(struct unit)), 0};
	if (!cl.u)
		rc = xerr_set(&e, XERR_NOMEM, NULL, "out of memory");
	/* The accounts before the teams: the team account is a member. */
	char *logins = NULL, digital[256] = "";
	size_t loglen = 0;
	FILE *lf = open_memstream(&logins, &loglen);
	if (!lf && rc == 0)
		rc = xerr_set(&e, XERR_NOMEM, NULL, "out of memory");
	/* The dossiers' files (demo_files.c) need a place for attachments:
	 * beside a SQLite file, or --data (XASO_DATA) for PostgreSQL. */
	if (rc == 0 && (rc = cli_data_dir(s, &cfg, &e)) == 0 &&
	    (rc = cli_seed_reference(s, &e)) == 0 &&
	    (rc = demo_communes(s, o.province, &prov, &cl, &e)) == 0 &&
	    (rc = demo_fill(s, &o, &cl, summary, sizeof summary, &e)) == 0 &&
	    (rc = demo_accounts(s, o.province, o.seed, lf, &e)) == 0 &&
	    (rc = store_bulk_mode(s, true, &e)) == 0) {
		int32_t today = cal_time_day(dossier_local_minutes((int64_t)time(NULL)));
		rc = demo_digital(s, cl.u, cl.n, o.province, o.seed, o.scale, today, digital,
		                  sizeof digital, &e);
		int rc2 = store_bulk_mode(s, false, &e);
		rc = rc ? rc : rc2;
	}
	if (lf)
		fclose(lf);
	if (rc == 0)
		printf("%s: %s — %s; %s in %.1f s\n%s", cfg.db, prov.name, summary, digital,
		       seconds_since(&t0), logins ? logins : "");
	free(logins);
	if (rc == 0)
		rc = demo_certs(s, &cfg, argc, argv, o.province, &e);
	free(cl.u);
	store_close(s);
	return rc ? cli_fail(&e) : 0;
}
