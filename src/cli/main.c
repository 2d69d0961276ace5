/*
 * main.c: the xaso binary. Dispatches to one subcommand; each lives in its
 * own src/cli/cmd_*.c file and has --help.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_calendar.h"
#include "cli/cmd_money.h"
#include "cli/cmd_vietqr.h"

#ifndef XASO_VERSION
#define XASO_VERSION "dev"
#endif

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static int cmd_version(int argc, char **argv)
{
	if (argv && cli_wants_help(argc, argv)) {
		printf("usage: xaso version\n\nPrints the program version and the newest database "
		       "schema version it knows.\n");
		return 0;
	}
	printf("xaso %s (schema %d)\n", XASO_VERSION, store_schema_latest());
	return 0;
}

static const struct command commands[] = {
    {"init", cmd_init, "create a database, or upgrade it to this version's schema"},
    {"serve", cmd_serve, "run the web server (pages and JSON API)"},
    {"import", cmd_import, "import records from a CSV file (villages, residents, ...)"},
    {"export", cmd_export, "export records as CSV (residents, businesses, teams, ...)"},
    {"indicators", cmd_indicators,
     "monitoring indicators: list, show, values, recompute snapshots"},
    {"calendar", cmd_calendar, "working days, holidays, deadlines, lunar dates"},
    {"demo", cmd_demo, "fill a database with a realistic demo province"},
    {"user", cmd_user, "add, list, disable accounts; passwords; second factor"},
    {"token", cmd_token, "create, revoke and list API tokens"},
    {"audit", cmd_audit, "verify the audit log's hash chain; list entries"},
    {"vietqr", cmd_vietqr, "VietQR payment codes: make one, or check one and print it"},
    {"money", cmd_money, "amounts of đồng in Vietnamese words and in figures"},
    {"routes", cmd_routes, "list every HTTP route with its authorisation policy"},
    {"files", cmd_files, "check that every stored attachment is present and intact"},
    {"backup", cmd_backup, "write a consistent copy of the database to a file"},
    {"restore", cmd_restore, "read such a copy back into a new database"},
    {"migrate", cmd_migrate, "move a unit's data from one database to another"},
    {"index766", cmd_index766, "the service index of Decision 766 of a unit, or rankings"},
    {"certs", cmd_certs, "certificates that sign results: import, demo CA, list, revoke, CRLs"},
    {"verify", cmd_verify, "check a signed result: a file, or the name on its cover page"},
    {"version", cmd_version, "print the version"},
    {NULL, NULL, NULL},
};

static void usage(FILE *f)
{
	fprintf(f, "xaso: the digital commune's one-stop shop and monitoring\n\n"
	           "usage: xaso COMMAND [options]   (xaso COMMAND --help for details)\n\n"
	           "commands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fprintf(f, "\nsettings: flags, then XASO_DB / XASO_LISTEN, then --config FILE "
	           "(or ./xaso.conf);\ndefaults: database ./xaso.db, listen 127.0.0.1:8080\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version"))
		return cmd_version(0, NULL);
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(argv[1], c->name))
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "xaso: unknown command \"%s\" (see xaso --help)\n", argv[1]);
	return 2;
}
