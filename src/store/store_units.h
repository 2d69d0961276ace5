/*
 * store_units.h: administrative units (province -> commune/ward/special
 * zone -> village/residential group). Part of the store.h contract.
 *
 * Units are effective-dated (valid_from, valid_to): a merger closes the old
 * units and links them to their successors so past figures roll into the
 * new ones. Queries here return the units in force (valid_to IS NULL).
 */
#ifndef XASO_STORE_UNITS_H
#define XASO_STORE_UNITS_H

#include <stddef.h>

#include "core/unit.h"
#include "core/xerr.h"

struct store;

typedef int (*unit_cb)(const struct unit *u, void *ctx);

/* One unit by code (in force or not). XERR_NOTFOUND when absent. */
int store_unit_get(struct store *s, const char *code, struct unit *out, struct xerr *e);

/* Every unit, in force or not, from the cache (cb must not call back into
 * the units of the store: the cache is read-locked meanwhile). */
int store_unit_all(struct store *s, unit_cb cb, void *ctx, struct xerr *e);

/* Children of parent in code order; parent NULL or "" lists the provinces. */
int store_unit_children(struct store *s, const char *parent, unit_cb cb, void *ctx, struct xerr *e);

/* Units whose folded name contains the folded query (see core/text.h),
 * provinces first, then communes, then villages; at most limit rows. */
int store_unit_search(struct store *s, const char *query, int limit, unit_cb cb, void *ctx,
                      struct xerr *e);

/* Inserts units in one transaction. Fails (and writes nothing) on a
 * duplicate code, an unknown parent or a parent of the wrong level;
 * *bad_index gets the index of the offending unit. */
int store_unit_insert(struct store *s, const struct unit *units, size_t n, size_t *bad_index,
                      struct xerr *e);

/* The same, recorded in the audit log as done by `who` (store_unit_insert
 * records the operator at the command line). */
struct actor;
int store_unit_insert_as(struct store *s, const struct actor *who, const struct unit *units,
                         size_t n, size_t *bad_index, struct xerr *e);

/* Counts units of a level under a code prefix; code NULL counts all. */
int store_unit_count(struct store *s, int level, const char *parent, long *out, struct xerr *e);

#endif
