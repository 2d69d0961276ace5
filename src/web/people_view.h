/*
 * people_view.h: the population summary of a unit as of a day, for the
 * API and the pages: residents, those aged 14 and over, e-ID level 2
 * among them, e-health records and households, for the unit and each unit
 * under it. The counts are the built-in indicators' own (eid_rate,
 * ehealth_rate: core/indicator_builtin.c), evaluated by the store for
 * every village and added up the unit tree.
 */
#ifndef XASO_WEB_PEOPLE_VIEW_H
#define XASO_WEB_PEOPLE_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "core/indicator.h"
#include "web/http.h"

/* v: residents, aged 14 and over, e-ID level 2 of those, e-health
 * records, households. */
struct pop_counts {
	char code[UNIT_CODE_MAX];
	char name[UNIT_NAME_MAX];
	double v[5];
};

struct pop_summary {
	struct pop_counts total;
	struct pop_counts *kids; /* the units under it, in code order (arena) */
	size_t nkids;
};

/* The summary of unit `code` as of `day`, allocated from r's arena. */
int pop_summary(struct req *r, const char *code, int32_t day, struct pop_summary *out,
                struct xerr *e);

/* The built-in indicators (core/indicator_builtin.c) that the records
 * of this issue compute, for a unit's subtree, over the month of `day` up
 * to that day: each aggregate added up the subtree, then the formula. */
struct ind_def;
struct pop_value {
	const struct ind_def *def;
	struct ind_value v;
};
int pop_indicators(struct req *r, const char *code, int32_t day, struct pop_value **out, size_t *n,
                   struct xerr *e);

#endif
