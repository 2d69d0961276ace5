/* cmd_import.c: `xaso import KIND FILE` loads a CSV file in one
 * transaction: either the whole file is stored or nothing is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static int import_villages(struct store *s, const char *path, struct xerr *e)
{
	size_t len;
	char *data = cli_read_file(path, &len, e);
	if (!data)
		return e->code;
	struct unit *units = NULL;
	size_t n = 0, bad = 0;
	int rc = unit_parse_villages(path, data, len, &units, &n, e);
	if (rc == 0) {
		rc = store_unit_insert(s, units, n, &bad, e);
		if (rc) {
			/* Rows are in file order; +2 accounts for the header line. The
			 * CSV reader already checked the shape, so this is about the
			 * data itself (unknown parent, code already stored). */
			char msg[sizeof e->msg];
			snprintf(msg, sizeof msg, "%s", e->msg);
			xerr_set(e, rc, e->field, "%s: record %zu (code %s): %s; nothing was imported",
			         path, bad + 1, bad < n ? units[bad].code : "?", msg);
		} else {
			printf("%s: imported %zu villages\n", path, n);
		}
	} else {
		size_t l = strlen(e->msg);
		snprintf(e->msg + l, sizeof e->msg - l, "; nothing was imported");
	}
	free(units);
	free(data);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	if (cli_wants_help(argc, argv) || argc < 3) {
		FILE *f = argc < 3 && !cli_wants_help(argc, argv) ? stderr : stdout;
		fprintf(f, "usage: xaso import KIND FILE [--db FILE]\n\n"
		           "KIND is one of:\n"
		           "  villages   columns code,name,type,parent_code (type optional, e.g. Thôn,\n"
		           "             Buôn, Bản, Tổ dân phố); the code starts with the commune's\n"
		           "             5-digit code, e.g. 24121001\n\n"
		           "The file must be UTF-8 CSV with a header row. A bad file is rejected with\n"
		           "its line and column and nothing from it is stored.\n");
		return f == stdout ? 0 : 2;
	}
	struct settings cfg;
	int rc = settings_load(&cfg, argc, argv);
	if (rc)
		return rc;
	const char *kind = argv[1], *path = argv[2];
	struct store *s = cli_open_store(cfg.db, 0);
	if (!s)
		return 1;
	struct xerr e = {0};
	if (!strcmp(kind, "villages"))
		rc = import_villages(s, path, &e);
	else
		rc = xerr_set(&e, XERR_INVALID, "kind", "unknown import kind \"%s\" (see xaso import --help)", kind);
	store_close(s);
	return rc ? cli_fail(&e) : 0;
}
