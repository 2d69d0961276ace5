/*
 * store_calendar.h: the working-day calendar's data (yearly overrides of
 * the holiday rules, office hours per unit). Part of the store.h contract.
 *
 * The rules themselves live in core/calendar.c; this stores only what the
 * Government decides each year and what a province administrator edits.
 * Overrides are append-only: importing a file adds rows (one transaction),
 * and a later effective_from wins for the same date (see core/calendar.h).
 */
#ifndef XASO_STORE_CALENDAR_H
#define XASO_STORE_CALENDAR_H

#include <stddef.h>

#include "core/calendar.h"
#include "core/xerr.h"

struct store;

/* Adds the rows in one transaction, each tagged with `source` (a file name
 * or a decision number); on error nothing is stored. */
int store_calendar_import(struct store *s, const struct cal_override *ov, size_t n,
                          const char *source, struct xerr *e);
/* The same, recorded in the audit log as done by `who` (the plain form
 * records the operator at the command line). */
struct actor;
int store_calendar_import_as(struct store *s, const struct actor *who,
                             const struct cal_override *ov, size_t n, const char *source,
                             struct xerr *e);

/* Every stored override, by effective_from then insertion order. */
typedef int (*cal_override_cb)(const struct cal_override *o, void *ctx);
int store_calendar_overrides(struct store *s, cal_override_cb cb, void *ctx, struct xerr *e);

/* Number of stored overrides. */
int store_calendar_count(struct store *s, long *n, struct xerr *e);

/* Office hours of a unit; the default hours (and 0) when none are stored.
 * XERR_NOTFOUND when the unit does not exist. */
int store_office_hours_get(struct store *s, const char *unit, struct cal_hours *out,
                           struct xerr *e);
/* Sets the office hours of an existing unit from `effective_from`
 * (YYYY-MM-DD). */
int store_office_hours_set(struct store *s, const char *unit, const struct cal_hours *h,
                           const char *effective_from, struct xerr *e);

/* The calendar of all stored decisions, shared by every thread and valid
 * until store_close(); rebuilt after an import (also by another process,
 * noticed within a second). */
int store_calendar(struct store *s, const struct cal **out, struct xerr *e);

/* Loads the decisions compiled into the binary (data/calendar/YYYY.csv)
 * into a store that has no overrides yet, effective from 1900-01-01 (they
 * are the baseline). Called by `xaso init`; does nothing the second time. */
int cal_seed_store(struct store *s, struct xerr *e);

#endif
