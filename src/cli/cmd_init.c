/* cmd_init.c: `xaso init` creates a database or upgrades its schema, and
 * loads the reference data compiled into the binary. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/embedded.h"
#include "web/results.h"

/* Loads one embedded unit list with the given parser. */
static int seed_list(struct store *s, const char *path,
                     int (*parse)(const char *, const char *, size_t, struct unit **, size_t *,
                                  struct xerr *),
                     struct xerr *e)
{
	size_t len;
	const char *data = embedded_find(path, &len);
	if (!data)
		return xerr_set(e, XERR_IO, "file", "%s is missing from this build", path);
	struct unit *units;
	size_t n;
	int rc = parse(path, data, len, &units, &n, e);
	if (rc == 0)
		rc = store_unit_insert(s, units, n, NULL, e);
	free(units);
	return rc;
}

int cli_seed_reference(struct store *s, struct xerr *e)
{
	long provinces = 0;
	int rc = store_unit_count(s, UNIT_PROVINCE, NULL, &provinces, e);
	if (rc == 0 && provinces == 0) {
		rc = seed_list(s, "data/vn-provinces-2025.csv", unit_parse_provinces, e);
		if (rc == 0)
			rc = seed_list(s, "data/vn-units-2025.csv", unit_parse_communes, e);
	}
	/* Each embedded decision file is loaded once; a newer binary adds the
	 * years it brings. */
	if (rc == 0)
		rc = cal_seed_store(s, e);
	/* The procedure catalogue, when none is stored yet. */
	if (rc == 0)
		rc = store_procedures_seed(s, e);
	return rc;
}

int cmd_init(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf(
		    "usage: xaso init [--db FILE] [--key-file FILE | --passphrase-stdin]\n\n"
		    "Creates the database (default ./xaso.db, or XASO_DB) if it does not exist,\n"
		    "upgrades an older one in place to this version's schema, and loads the\n"
		    "34 provinces and 3,321 communes, wards and special zones in force since\n"
		    "1 July 2025, the working-day calendar and the catalogue of 314 commune-level\n"
		    "procedures. It also creates the key file that keeps the signing keys\n"
		    "(default: the database path + \".key\", mode 0600) when missing, unless the\n"
		    "keys are kept under a passphrase (--passphrase-stdin). Running it again is\n"
		    "safe.\n");
		return 0;
	}
	struct settings cfg;
	int rc = settings_load(&cfg, argc, argv);
	if (rc)
		return rc;
	struct store *s = cli_open_store(cfg.db, STORE_CREATE);
	if (!s)
		return 1;
	struct xerr e = {0};
	int from, to;
	rc = store_migrate(s, &from, &to, &e);
	if (rc == 0)
		rc = cli_seed_reference(s, &e);
	long p = 0, c = 0;
	if (rc == 0)
		rc = store_unit_count(s, UNIT_PROVINCE, NULL, &p, &e);
	if (rc == 0)
		rc = store_unit_count(s, UNIT_COMMUNE, NULL, &c, &e);
	store_close(s);
	if (rc)
		return cli_fail(&e);
	/* The secret of the signing keys, unless they are kept under a
	 * passphrase given at start (docs/signatures.md). */
	if (!cli_flag(argc, argv, "passphrase-stdin")) {
		struct results_secret k;
		char buf[600];
		const char *key = cli_key_file(&cfg, buf, sizeof buf);
		if (results_secret_keyfile(key, true, &k, &e) != 0)
			return cli_fail(&e);
		results_secret_clear(&k);
		printf("%s: key file of the signing keys (mode 0600; back it up apart from the "
		       "database)\n",
		       key);
	}
	if (from == to)
		printf("%s: schema version %d (up to date); %ld provinces, %ld communes\n", cfg.db,
		       to, p, c);
	else
		printf("%s: schema upgraded from version %d to %d; %ld provinces, %ld communes\n",
		       cfg.db, from, to, p, c);
	return 0;
}
