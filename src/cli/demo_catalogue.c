/*
 * demo_catalogue.c: the demo's publication history of the catalogue (the
 * 766 index's rows 1.1-1.3, 3.1 and 3.2 read it). A procedure imported by
 * `xaso init` is public in xaso from that day, so without this a demo
 * made today had no procedure public during the year of dossiers it
 * generates. Here each procedure gets a publication decision, its legal
 * basis's effective date and the day it was made public: three in four
 * decided in the three years before the demo's year, the others during
 * it; about one decision in ten too close to its basis (row 1.1 lost) and
 * one publication in ten more than five working days late (row 1.2 lost).
 * Deterministic for a seed, with its own generator so the rest of the
 * demo does not change.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/demo.h"
#include "core/calendar.h"

struct codes {
	char (*code)[PROC_CODE_MAX];
	size_t n, cap;
	struct xerr *e;
};

static int keep_code(const struct procedure *p, void *ctx)
{
	struct codes *c = ctx;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 512;
		char(*v)[PROC_CODE_MAX] = realloc(c->code, cap * sizeof *v);
		if (!v)
			return xerr_set(c->e, XERR_NOMEM, NULL, "out of memory");
		c->code = v;
		c->cap = cap;
	}
	memcpy(c->code[c->n++], p->code, PROC_CODE_MAX);
	return 0;
}

static int set_dates(struct store *s, const struct actor *who, struct rng *r, const char *code,
                     int32_t today, struct xerr *e)
{
	struct procedure p;
	memset(&p, 0, sizeof p);
	memcpy(p.code, code, PROC_CODE_MAX);
	p.paper_result = p.full_online_eligible = -1; /* kept as imported */
	int32_t year = today - 365;
	p.decision_day = rng_unit(r) < 0.75 ? year - 1 - (int32_t)rng_below(r, 3 * 365)
	                                    : year + (int32_t)rng_below(r, 365);
	p.basis_day = p.decision_day + (rng_unit(r) < 0.9 ? 20 + (int32_t)rng_below(r, 40)
	                                                  : 1 + (int32_t)rng_below(r, 3));
	p.public_day = p.decision_day + (rng_unit(r) < 0.9 ? 1 + (int32_t)rng_below(r, 4)
	                                                   : 12 + (int32_t)rng_below(r, 20));
	if (p.public_day > today)
		p.public_day = today;
	return store_procedure_set_766(s, who, &p, e);
}

int demo_catalogue(struct store *s, unsigned long seed, int32_t today, struct xerr *e)
{
	struct codes c = {NULL, 0, 0, e};
	int rc = store_procedure_search(s, NULL, NULL, NULL, 100000, keep_code, &c, e);
	struct rng r;
	rng_seed(&r, seed ^ 0x766u);
	struct actor who;
	actor_system(&who, "demo");
	for (size_t i = 0; rc == 0 && i < c.n; i++)
		rc = set_dates(s, &who, &r, c.code[i], today, e);
	free(c.code);
	return rc;
}
