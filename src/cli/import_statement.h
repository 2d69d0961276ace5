/*
 * import_statement.h: `xaso import statement FILE --unit CODE`, a bank
 * statement of the unit's receiving account read for reconciliation
 * (core/statement.h reads it, core/fee.h judges each credit, the store
 * records it in one transaction: store_statement_import).
 */
#ifndef XASO_CLI_IMPORT_STATEMENT_H
#define XASO_CLI_IMPORT_STATEMENT_H

#include "core/xerr.h"
#include "store/store.h"

/* Imports the statement at path for unit and prints what each new credit
 * did; 0, or the error (e filled, "FILE:LINE:COLUMN: ..." for a file that
 * cannot be read: nothing of it is imported). */
int import_statement(struct store *s, const char *path, const char *unit, struct xerr *e);

#endif
