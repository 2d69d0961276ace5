/*
 * store_people.h: households and residents (the Project 06 population
 * view) with the history of every change. Part of the store.h contract.
 *
 * An extract of the population database is loaded in one transaction
 * (store_people_import_*): a resident not seen before is added, one whose
 * household, village, e-ID level or e-health record changed keeps the
 * earlier state in the history with the days it held, and (unless the
 * extract is partial) the residents of the extract's communes who are
 * missing from it depart on its day. So every count can be asked "as of"
 * any day (store_people_count: one pass over compact rows for every
 * village at once).
 *
 * Identity numbers and names are personal data (Decree 13/2023): callers
 * check the reader's role and unit first; reads of a person, lists and
 * exports are recorded in the audit log by the functions here, in the same
 * transaction as the read. Counts hold no personal data.
 */
#ifndef XASO_STORE_PEOPLE_H
#define XASO_STORE_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/people.h"
#include "core/xerr.h"

struct store;
struct actor;

/* ---- loading extracts ---- */

struct people_import;

struct people_import_stats {
	int64_t extract; /* the extract's id */
	int32_t day;
	long rows, added, changed, departed, unchanged;
	/* A first extract that gives one ID number twice: the rows (1 for the
	 * first row of the extract) that hold it; 0 otherwise. */
	long twice[2];
};

/* Begins loading one extract (source names it in the log: a file name).
 * partial: the extract lists only some residents of its communes, so
 * nobody departs. The import holds the database's only write transaction
 * until it ends. */
int store_people_import_begin(struct store *s, const struct actor *who, const char *source,
                              bool partial, struct people_import **out, struct xerr *e);
/* One checked row (core/people.h people_row). Refused with e->field naming
 * the column at fault: an unknown village ("village"), a day other than
 * the first row's ("extract_date"), a commune or a resident already loaded
 * from a later extract ("extract_date"), an ID number twice in the extract
 * ("pid"). After a refused row, rows are checked and not written. */
int store_people_import_row(struct people_import *im, const struct resident *r, struct xerr *e);
/* A row of the file was refused before the store saw it: from now on rows
 * are only checked (their village, their commune's extracts), and the end
 * rolls back. */
void store_people_import_refuse(struct people_import *im);
/* Ends the import: commits when ok (and no row was refused), else rolls
 * back, so nothing of a refused extract is kept; fills *st (may be NULL)
 * and frees im. A first extract into an empty table is checked for ID
 * numbers given twice only here (XERR_INVALID naming "pid", st->twice). */
int store_people_import_end(struct people_import *im, bool ok, struct people_import_stats *st,
                            struct xerr *e);

/* The extracts loaded, newest first (at most limit). */
typedef int (*people_extract_cb)(const struct people_import_stats *x, const char *source,
                                 void *ctx);
int store_people_extracts(struct store *s, int limit, people_extract_cb cb, void *ctx,
                          struct xerr *e);

/* ---- counting ---- */

/* Counts residents and households for the counter's aggregates as it was
 * on the counter's day: fn(village code, values) once per village with
 * residents on that day, values[j] the value of aggregate j (0 for the
 * aggregates of other entities). Only the villages whose keys
 * (unit_key()) are in villages[0..nvillages), each once, are counted, and
 * only their rows read; villages NULL counts every village. A non-zero fn
 * return stops and is returned. */
typedef int (*people_count_cb)(const char *village, const double *values, void *ctx);
int store_people_count(struct store *s, const struct people_counter *pc, const int64_t *villages,
                       size_t nvillages, people_count_cb fn, void *ctx, struct xerr *e);

/* ---- people ---- */

/* One resident's record, with where they live now. */
struct person {
	struct resident r;
	char commune[UNIT_CODE_MAX];
	int32_t since; /* the day the current state began */
	int32_t left;  /* the day they departed; 0 while resident */
};

/* The village a resident lives in (or last lived in), without reading the
 * record (for the authorisation check before the read). XERR_NOTFOUND
 * when none. */
int store_person_unit(struct store *s, const char *pid, char village[16], struct xerr *e);

/* By personal ID number (XERR_NOTFOUND when none). The read is recorded in
 * the audit log as done by `who`, in the same transaction as the read. */
int store_person_get(struct store *s, const struct actor *who, const char *pid, struct person *out,
                     struct xerr *e);
/* The same read for checking what someone claims (registration with an ID
 * number: name and birth date), recorded as "person.check". */
int store_person_check(struct store *s, const struct actor *who, const char *pid,
                       struct person *out, struct xerr *e);

/* The residents of a village or a commune living there on day as_of, as
 * they were on that day, village by village in the order they were
 * loaded, at most limit after the resident with internal id `after` (0:
 * from the start; limit 0: all). The list is
 * recorded in the audit log (action: "person.list", or "person.export"
 * when export) with the unit and how many were read; the ID numbers and
 * names never go into the log. *last gets the last id read. */
typedef int (*person_cb)(const struct person *p, void *ctx);
int store_person_list(struct store *s, const struct actor *who, const char *unit, int32_t as_of,
                      int64_t after, int limit, bool export, person_cb cb, void *ctx, int64_t *last,
                      struct xerr *e);

#endif
