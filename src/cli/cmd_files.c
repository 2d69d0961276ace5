/* cmd_files.c: `xaso files check`, the operator's check that every stored
 * attachment is present and intact (after a restore, or a disk fault). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

struct check_run {
	struct store *s;
	long checked, missing, damaged, unreadable, leftovers, strangers;
};

static int check_one(const struct blob_meta *m, void *ctx)
{
	struct check_run *run = ctx;
	struct xerr e = {0};
	int rc = store_blob_verify(run->s, m, &e);
	run->checked++;
	if (rc == XERR_NOTFOUND)
		run->missing++;
	else if (rc == XERR_CONFLICT)
		run->damaged++;
	else if (rc)
		run->unreadable++;
	if (rc)
		printf("%s\n", e.msg);
	return 0;
}

static int stray(const char *path, bool ours, void *ctx)
{
	struct check_run *run = ctx;
	if (ours)
		run->leftovers++;
	else
		run->strangers++;
	printf("%s: %s\n", ours ? "leftover" : "unexpected", path);
	return 0;
}

static void files_usage(FILE *f)
{
	fprintf(f, "usage: xaso files check [--db FILE] [--data DIR]\n\n"
	           "Reads every stored attachment again and checks it against the database:\n"
	           "present, the recorded size, the SHA-256 it is named by. Prints one line per\n"
	           "missing or damaged file and a summary; exit status 1 when any is bad.\n"
	           "Also lists files no row names: leftovers of interrupted uploads (safe to\n"
	           "delete while the server is stopped) and anything unexpected.\n"
	           "Run it after restoring a backup: the data directory (default: the database\n"
	           "path + \".files\") must be restored together with the database.\n");
}

int cmd_files(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		files_usage(stdout);
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "check") != 0) {
		files_usage(stderr);
		return 2;
	}
	struct settings cfg;
	int rc = settings_load(&cfg, argc, argv);
	if (rc)
		return rc;
	struct store *s = cli_open_store(cfg.db, STORE_READONLY);
	if (!s)
		return 1;
	struct xerr e = {0};
	struct check_run run = {s, 0, 0, 0, 0, 0, 0};
	if (cli_data_dir(s, &cfg, &e) != 0 || store_blob_list(s, check_one, &run, &e) != 0 ||
	    store_blob_strays(s, stray, &run, &e) != 0) {
		store_close(s);
		return cli_fail(&e);
	}
	printf("%ld files checked in %s: %ld missing, %ld damaged, %ld unreadable; "
	       "%ld leftover, %ld unexpected\n",
	       run.checked, store_blob_dir(s), run.missing, run.damaged, run.unreadable,
	       run.leftovers, run.strangers);
	store_close(s);
	return run.missing || run.damaged || run.unreadable ? 1 : 0;
}
