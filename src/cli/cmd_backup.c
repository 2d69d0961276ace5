/* cmd_backup.c: `xaso backup FILE` and `xaso restore FILE`, a consistent
 * copy of the whole database while the servers run, and its way back into
 * a new database. SQLite copies with its online backup (the copy is a
 * database file); PostgreSQL with pg_dump's custom format, read back by
 * pg_restore (store_backup, store_restore). The attachments directory is
 * copied with the operator's own tools (docs/operations.md). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

static const char backup_usage[] =
    "usage: xaso backup FILE [--db ADDRESS]\n\n"
    "Writes a consistent copy of the whole database to FILE while servers go on\n"
    "serving: a SQLite database file (SQLite's online backup), or for a PostgreSQL\n"
    "database pg_dump's custom format (pg_dump must be installed: postgresql-client).\n"
    "FILE must not exist. Copy the attachments directory (--data) beside it.\n";

static const char restore_usage[] =
    "usage: xaso restore FILE [--db ADDRESS]\n\n"
    "Reads a copy made by xaso backup into a database that holds nothing yet: a\n"
    "new SQLite file, or a new PostgreSQL database (created when missing; needs\n"
    "pg_restore). Then checks the schema version and the audit log's hash chain,\n"
    "and prints what it found. Restore the attachments directory too, then run\n"
    "xaso files check.\n";

/* FILE: the one argument that is not an option (--db takes a value). */
static const char *file_arg(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] != '-')
			return argv[i];
		if (!strchr(argv[i], '=') && i + 1 < argc)
			i++;
	}
	return NULL;
}

/* What both commands do first: --help, FILE and the settings. NULL when
 * the command is done (*rc its exit status). */
static const char *start(int argc, char **argv, const char *name, const char *usage,
                         struct settings *cfg, int *rc)
{
	*rc = 0;
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return NULL;
	}
	const char *file = file_arg(argc, argv);
	if (!file)
		*rc = cli_usage_error(name, "which file?", NULL);
	else
		*rc = settings_load(cfg, argc, argv);
	return *rc ? NULL : file;
}

int cmd_backup(int argc, char **argv)
{
	struct settings cfg;
	int rc;
	const char *file = start(argc, argv, "backup", backup_usage, &cfg, &rc);
	if (!file)
		return rc;
	struct stat sb;
	if (stat(file, &sb) == 0) {
		fprintf(stderr, "xaso: %s exists: choose a new file for the backup\n", file);
		return 2;
	}
	struct store *s = cli_open_store(cfg.db, STORE_READONLY);
	if (!s)
		return 1;
	struct xerr e = {0};
	rc = store_backup(s, file, &e);
	store_close(s);
	if (rc)
		return cli_fail(&e);
	off_t size = stat(file, &sb) == 0 ? sb.st_size : 0;
	printf("%s: backup written to %s (%lld bytes)\n", cfg.db, file, (long long)size);
	return 0;
}

int cmd_restore(int argc, char **argv)
{
	struct settings cfg;
	int rc;
	const char *file = start(argc, argv, "restore", restore_usage, &cfg, &rc);
	if (!file)
		return rc;
	struct store *s = cli_open_store(cfg.db, STORE_CREATE);
	if (!s)
		return 1;
	struct xerr e = {0};
	int64_t count = 0, bad = 0;
	int version = -1;
	rc = store_restore(s, file, &e);
	if (rc == 0 && (version = store_schema_version(s, &e)) < 0)
		rc = e.code;
	if (rc == 0 && version > store_schema_latest())
		rc = xerr_set(&e, XERR_INVALID, "db",
		              "the backup has schema version %d, newer than this xaso (%d)",
		              version, store_schema_latest());
	if (rc == 0)
		rc = store_audit_verify(s, &count, &bad, &e);
	store_close(s);
	if (rc)
		return cli_fail(&e);
	printf("%s: restored from %s: schema version %d%s; audit log intact: %" PRId64 " entries\n",
	       cfg.db, file, version,
	       version < store_schema_latest() ? " (upgrade it with xaso init)" : "", count);
	return 0;
}
