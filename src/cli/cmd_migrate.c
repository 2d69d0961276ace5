/* cmd_migrate.c: `xaso migrate --from SRC --to DST [--unit CODE]`, moving a
 * unit's data from one database to another (store_transfer.h): a commune's
 * SQLite file into its province's PostgreSQL database, or a unit's data out
 * of it into a new file. Prints what moved and how each table compared. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store_transfer.h"

static const char usage[] =
    "usage: xaso migrate --from ADDRESS --to ADDRESS [--unit CODE]\n"
    "                    [--from-data DIR] [--to-data DIR]\n\n"
    "Moves the data of a unit's subtree from one database to another: a commune's\n"
    "SQLite file into its province's PostgreSQL database (xaso migrate --from\n"
    "commune.db --to postgres://...), or one unit's data out into a new file\n"
    "(--from postgres://... --to commune.db --unit 22015). Without --unit the source\n"
    "must hold one commune's data, which is found.\n\n"
    "The target is created or upgraded as by xaso init. The unit's records get the\n"
    "target's ids; calendar and procedure entries the target lacks are added;\n"
    "attachment files are copied from --from-data to --to-data (defaults: beside each\n"
    "SQLite file). The source's audit chain is verified, its entries about the unit\n"
    "are appended to the target's chain, and the target's chain is verified. All in\n"
    "one transaction on the target: a clash (a dossier code, a login already there)\n"
    "writes nothing. Afterwards every table is compared (rows and a checksum);\n"
    "exit status 0 only when all agree. The source is never changed.\n";

/* The address as it may be printed and kept in the audit log: no user,
 * password or options. */
static void label_of(const char *address, char *out, size_t cap)
{
	const char *p = strstr(address, "://");
	if (!p) {
		snprintf(out, cap, "%s", address);
		return;
	}
	const char *host = p + 3, *slash = strchr(host, '/'), *at = strchr(host, '@');
	if (at && (!slash || at < slash))
		host = at + 1;
	size_t n = strcspn(host, "?");
	snprintf(out, cap, "%.*s%.*s", (int)(p + 3 - address), address, (int)n, host);
}

static int open_side(const char *address, const char *data, int flags, struct store **out)
{
	struct xerr e = {0};
	*out = cli_open_store(address, flags);
	if (!*out)
		return 1;
	int rc = (flags & STORE_CREATE) ? cli_seed_reference(*out, &e) : 0;
	if (rc == 0 && data)
		rc = store_set_blob_dir(*out, data, &e);
	if (rc) {
		store_close(*out);
		*out = NULL;
		return cli_fail(&e);
	}
	return 0;
}

static void print_report(const struct transfer_report *r)
{
	printf("  %-22s %8s %8s   %s\n", "table", "copied", "kept", "compared with the source");
	for (int i = 0; i < r->n; i++) {
		const struct transfer_table *t = &r->t[i];
		printf("  %-22s %8ld %8ld   ", t->name, t->copied, t->kept);
		if (!t->checked)
			printf("shared: the target's own rows kept\n");
		else
			printf("%ld / %ld rows, sum %s / %s: %s\n", t->source_rows, t->target_rows,
			       t->source_sum, t->target_sum, t->same ? "same" : "DIFFERENT");
	}
	printf("  %-22s %8ld %8s   entries %" PRId64 " to %" PRId64 " of the target\n", "audit",
	       r->audit_copied, "", r->audit_first, r->audit_last);
}

int cmd_migrate(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return 0;
	}
	const char *from = cli_opt(argc, argv, "from"), *to = cli_opt(argc, argv, "to");
	const char *unit = cli_opt(argc, argv, "unit");
	if (!from || !to)
		return cli_usage_error("migrate", "--from and --to are both needed", NULL);
	if (!strcmp(from, to))
		return cli_usage_error("migrate", "--from and --to name the same database", NULL);
	struct store *src = NULL, *dst = NULL;
	int rc = open_side(from, cli_opt(argc, argv, "from-data"), 0, &src);
	if (rc == 0)
		rc = open_side(to, cli_opt(argc, argv, "to-data"), STORE_CREATE | STORE_MIGRATE,
		               &dst);
	if (rc) {
		store_close(src);
		return rc;
	}
	char label[256];
	label_of(from, label, sizeof label);
	struct transfer_report *r = calloc(1, sizeof *r);
	struct xerr e = {0};
	rc = r ? store_transfer(src, dst, unit, label, r, &e)
	       : xerr_set(&e, XERR_NOMEM, NULL, "out of memory");
	if (r && r->n) {
		char to_label[256];
		label_of(to, to_label, sizeof to_label);
		printf("unit %s from %s to %s\n", r->unit, label, to_label);
		print_report(r);
	}
	if (rc == 0 && r)
		printf("target audit log intact: %" PRId64 " entries\n", r->target_audit_entries);
	free(r);
	store_close(src);
	store_close(dst);
	return rc ? cli_fail(&e) : 0;
}
