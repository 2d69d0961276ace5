/* import.h: imports read as streams (import_stream.c), for cmd_import. */
#ifndef XASO_CLI_IMPORT_H
#define XASO_CLI_IMPORT_H

#include <stdbool.h>

#include "cli/cli.h"

/* Imports FILE of kind `kind` ("residents" or a kind of core/records.h)
 * in one transaction, printing what was stored; bad rows are printed to
 * stderr as FILE:LINE:COLUMN: why, and e then says how many there were.
 * partial: a residents' extract that lists only some of its communes'
 * residents (nobody departs). */
int cli_import_stream(struct store *s, const char *kind, const char *path, bool partial,
                      struct xerr *e);

#endif
