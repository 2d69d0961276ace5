/* import_statement.c: `xaso import statement FILE --unit CODE`: reads the
 * file (core/statement.h), imports it (store_statement_import) and prints
 * one line for the statement and one for each credit it kept. */
#include "cli/import_statement.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#include "core/arena.h"
#include "core/money.h"
#include "core/statement.h"

static int print_credit(const struct bank_credit *k, void *ctx)
{
	(void)ctx;
	struct buf amount;
	buf_init(&amount);
	money_figures(k->amount, &amount);
	printf("  line %d: %s đồng, %s", k->line, amount.data, k->verdict);
	if (k->code[0])
		printf(" %s", k->code);
	printf(!k->why[0] ? ": paid\n" : ": held (%s)\n", k->why);
	buf_free(&amount);
	return 0;
}

int import_statement(struct store *s, const char *path, const char *unit, struct xerr *e)
{
	if (!unit || !*unit)
		return xerr_set(e, XERR_INVALID, "unit",
		                "give the unit whose account the statement is of: --unit CODE");
	size_t len;
	char *data = cli_read_file(path, &len, e);
	if (!data)
		return e->code;
	struct arena a;
	struct statement st;
	struct bank_statement b;
	struct actor who;
	memset(&b, 0, sizeof b);
	arena_init(&a);
	actor_system(&who, "import statement");
	int rc = statement_parse(path, data, len, &a, &st, e);
	if (rc == 0) {
		printf("%s: statement of unit %s\n", path, unit);
		rc = store_statement_import(s, &who, unit, path, &st, &b, print_credit, NULL, e);
	}
	if (rc == 0)
		printf(
		    "%s: %ld lines: %ld new credits (%ld paid, %ld held for an officer), %ld read "
		    "before, %ld money out\n",
		    path, b.lines, b.credits, b.paid, b.held, b.seen, b.debits);
	else {
		size_t l = strlen(e->msg);
		snprintf(e->msg + l, sizeof e->msg - l, "; nothing was imported");
	}
	arena_free(&a);
	free(data);
	return rc;
}
