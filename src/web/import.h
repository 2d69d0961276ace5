/*
 * import.h: importing a CSV file of residents or records in one
 * transaction, row by row (shared by `xaso import`, the import page and
 * POST /api/v1/imports/KIND: one loop for all three).
 *
 * The rows come through core/csv.h (a stream or a file in memory); each
 * is checked by core and stored at once. After the first bad row nothing
 * more is stored but the rest is still checked, so that the first
 * IMPORT_ERRORS_MAX bad rows are reported together, each as
 * FILE:LINE:COLUMN: why; a file with a bad row leaves nothing behind.
 */
#ifndef XASO_WEB_IMPORT_H
#define XASO_WEB_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/csv.h"
#include "store/store.h"
#include "web/http.h"

enum { IMPORT_ERRORS_MAX = 10 };

struct import_result {
	long rows;   /* data rows read */
	long stored; /* records stored (residents: added + changed) */
	long dups;   /* activities whose id was stored already */
	struct people_import_stats people;
	int nerrors; /* bad rows (counted beyond those kept) */
	struct xerr errors[IMPORT_ERRORS_MAX];
};

/* What the caller adds to each row: after each row (a progress bar), and
 * before a row is stored, whether its unit (a resident's village, a
 * record's unit) may be written by the caller (0, or the error naming why
 * not). Either may be NULL. */
struct import_hooks {
	void (*progress)(const struct csv *c, long rows, void *ctx);
	int (*allow)(const char *unit, void *ctx, struct xerr *e);
	void *ctx;
};

/* Imports the open CSV c as `kind` ("residents" or a kind of
 * core/records.h) done by `who` (source names the file in the log);
 * partial for an extract of only some residents. Returns 0 with
 * out->nerrors bad rows (then nothing was kept), or the error of the
 * import itself (an unknown kind, a missing column, the database). */
int import_csv(struct store *s, const struct actor *who, const char *kind, struct csv *c,
               const char *source, bool partial, int32_t today, const struct import_hooks *h,
               struct import_result *out, struct xerr *e);

/* The allow hook of imports made on the web: is unit within the subtree
 * of `top` (the unit the import was asked for)? 0, or XERR_INVALID. */
int import_within(struct req *r, const char *top, const char *unit, struct xerr *e);

#endif
