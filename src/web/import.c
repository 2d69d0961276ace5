/* import.c: the one loop that imports CSV rows (import.h). */
#include "web/import.h"

#include "web/auth.h"

#include <stdlib.h>
#include <string.h>

static void bad_row(struct import_result *out, const struct xerr *e)
{
	if (out->nerrors < IMPORT_ERRORS_MAX)
		out->errors[out->nerrors] = *e;
	out->nerrors++;
}

/* A first extract finds an ID number given twice only at its end: the
 * store names the two rows; the file itself is not at hand here, so the
 * error names the rows. */
static void twice(struct import_result *out, const struct csv *c, struct xerr *e)
{
	xerr_set(e, XERR_INVALID, "pid",
	         "%s: row %ld has the ID number of row %ld: a number appears once", c->name,
	         out->people.twice[1], out->people.twice[0]);
	bad_row(out, e);
}

/* May the caller write a row of this unit? (the error names its column) */
static int allowed(const struct import_hooks *h, const struct csv *c, const char *unit,
                   const char *column, struct xerr *e)
{
	if (!h || !h->allow || h->allow(unit, h->ctx, e) == 0)
		return 0;
	e->field = column;
	return rec_row_error(c, e);
}

static int import_residents(struct store *s, const struct actor *who, struct csv *c,
                            const char *source, bool partial, const struct import_hooks *h,
                            struct import_result *out, struct xerr *e)
{
	struct people_cols cols;
	int rc = people_extract_open(c, &cols, e);
	struct people_import *pi;
	if (rc || (rc = store_people_import_begin(s, who, source, partial, &pi, e)) != 0)
		return rc;
	struct resident r;
	struct xerr re = {0};
	while ((rc = csv_next(c, &re)) == 1 && out->nerrors < IMPORT_ERRORS_MAX) {
		out->rows++;
		int bad = people_row(c, &cols, &r, &re);
		if (bad == 0)
			bad = allowed(h, c, r.village, "village", &re);
		if (bad == 0 && (bad = store_people_import_row(pi, &r, &re)) != 0)
			rec_row_error(c, &re);
		if (bad) {
			bad_row(out, &re);
			store_people_import_refuse(pi);
		}
		if (h && h->progress)
			h->progress(c, out->rows, h->ctx);
	}
	if (rc < 0)
		bad_row(out, &re);
	rc = store_people_import_end(pi, out->nerrors == 0, &out->people, e);
	if (rc == XERR_INVALID && out->people.twice[1] > 0) {
		twice(out, c, e);
		rc = 0;
	}
	out->stored = out->people.added + out->people.changed;
	return rc;
}

static int import_records(struct store *s, const struct actor *who, const struct rec_kind *k,
                          struct csv *c, const char *source, int32_t today,
                          const struct import_hooks *h, struct import_result *out, struct xerr *e)
{
	int idx[32];
	int rc = rec_columns(k, c, idx, e);
	struct records_tx *tx;
	if (rc || (rc = store_records_begin(s, who, &tx, e)) != 0)
		return rc;
	void *rec = malloc(k->size);
	const char *unit_col = rec_col_index(k, "unit") >= 0 ? "unit" : "team_unit";
	struct xerr re = {0};
	while (rec && (rc = csv_next(c, &re)) == 1 && out->nerrors < IMPORT_ERRORS_MAX) {
		out->rows++;
		bool dup = false;
		int bad = rec_read_row(k, c, idx, rec, today, &re);
		if (bad == 0)
			bad = allowed(h, c, rec_unit(k, rec), unit_col, &re);
		if (bad == 0) {
			bad = out->nerrors ? store_record_check(tx, k, rec, &re)
			                   : store_record_put(tx, k, rec, &dup, &re);
			if (bad)
				rec_row_error(c, &re);
		}
		if (bad)
			bad_row(out, &re);
		out->stored += !bad && !dup;
		out->dups += dup;
		if (h && h->progress)
			h->progress(c, out->rows, h->ctx);
	}
	if (rc < 0)
		bad_row(out, &re);
	free(rec);
	rc = store_records_end(tx, rec && out->nerrors == 0, k, source, out->stored, e);
	return rec ? rc : xerr_set(e, XERR_NOMEM, NULL, "out of memory");
}

int import_csv(struct store *s, const struct actor *who, const char *kind, struct csv *c,
               const char *source, bool partial, int32_t today, const struct import_hooks *h,
               struct import_result *out, struct xerr *e)
{
	memset(out, 0, sizeof *out);
	const struct rec_kind *k = rec_kind_find(kind);
	if (k)
		return import_records(s, who, k, c, source, today, h, out, e);
	if (!strcmp(kind, "residents"))
		return import_residents(s, who, c, source, partial, h, out, e);
	return xerr_set(
	    e, XERR_INVALID, "kind",
	    "unknown kind \"%.40s\": residents, businesses, teams, members, activities, "
	    "campaigns, products or reports",
	    kind);
}

int import_within(struct req *r, const char *top, const char *unit, struct xerr *e)
{
	char chain[4][16];
	int n = auth_unit_chain(r, unit, chain, 4);
	for (int i = 0; i < n; i++)
		if (top && !strcmp(chain[i], top))
			return 0;
	return xerr_set(e, XERR_INVALID, NULL, "unit %.16s is not within %.16s", unit,
	                top ? top : "?");
}
