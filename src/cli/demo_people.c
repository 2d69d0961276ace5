/*
 * demo_people.c: the residents of the demo province with nine months of
 * history, loaded as population extracts like real ones (store_people.h).
 *
 * Each commune gets its own level of e-ID adoption: level 2 for between
 * about 70% and 97% of its people aged 14 and over by the last extract,
 * some points less nine months earlier. The people are made once, commune
 * by commune (core/people.h), into a first extract of the whole province
 * nine months ago; what changes later (a higher e-ID level, an e-health
 * record, a baby) is kept aside and loaded as three partial extracts,
 * three months apart. So counts "as of" a day differ from quarter to
 * quarter. Deterministic for a seed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo.h"
#include "core/calendar.h"
#include "core/people.h"
#include "core/text.h"

enum { MAX_HH = 16384, MAX_PEOPLE = 8 * MAX_HH, EXTRACTS = 4 };

/* What changes over the year for one resident: the extract (0..3) from
 * which its final e-ID level and e-health record hold, and its level
 * before. */
struct change {
	unsigned char eid_at, ehealth_at, eid_before;
};

struct commune_people {
	struct resident *rs;
	struct change *ch;
	size_t n;
	long households;
};

/* A commune's households and residents in their final state. */
static void make_people(struct rng *r, struct pid_seq *ids, const struct unit *commune,
                        double scale, int32_t today, double eid2, struct commune_people *cp)
{
	/* About 27,000 people a commune on average at scale 1 (a province of
	 * about 2.8 million over 102 communes), wards denser than rural xã. */
	bool ward = strstr(commune->type, "Phường") != NULL;
	double people = (ward ? 30000.0 : 20000.0 + rng_unit(r) * 14000.0) * scale;
	size_t households = (size_t)(people / 3.7) + 1, nv = (size_t)commune->child_count;
	if (households > MAX_HH)
		households = MAX_HH;
	cp->n = 0;
	cp->households = 0;
	int seq = 0;
	for (size_t vi = 0; vi < nv; vi++) {
		char village[UNIT_CODE_MAX];
		snprintf(village, sizeof village, "%.5s%03u", commune->code,
		         (unsigned)(vi + 1) % 1000u);
		size_t share = households / nv + (vi == 0 ? households % nv : 0);
		for (size_t k = 0; k < share && cp->n + 8 <= MAX_PEOPLE; k++) {
			struct household hh;
			cp->n += people_demo_household(r, ids, village, ++seq, today, eid2, &hh,
			                               cp->rs + cp->n, 8);
			cp->households++;
		}
	}
}

/* When each resident reached its final state: level 2 already nine
 * months ago for all but `rise` of the commune's rate. */
static void make_changes(struct rng *r, double eid2, double rise, struct commune_people *cp)
{
	double early = (eid2 - rise) / eid2;
	for (size_t i = 0; i < cp->n; i++) {
		struct change *c = &cp->ch[i];
		const struct resident *p = &cp->rs[i];
		c->eid_at = p->eid_level == 2 && rng_unit(r) >= early ? 1 + rng_below(r, 3) : 0;
		c->eid_before = rng_unit(r) < 0.6 ? 1 : 0;
		c->ehealth_at = p->ehealth && rng_unit(r) >= 0.85 ? 1 + rng_below(r, 3) : 0;
	}
}

/* The resident as extract k states them. */
static void state_at(const struct resident *p, const struct change *c, int k, int32_t day,
                     struct resident *out)
{
	*out = *p;
	out->extract_day = day;
	if (c->eid_at > k)
		out->eid_level = c->eid_before;
	if (c->ehealth_at > k)
		out->ehealth = 0;
}

/* The rows of the three later extracts, kept aside as the first is loaded. */
struct later {
	struct resident *row;
	size_t n, cap;
};

static int later_add(struct later *l, const struct resident *r, struct xerr *e)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 65536;
		struct resident *p = realloc(l->row, cap * sizeof *p);
		if (!p)
			return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		l->row = p;
		l->cap = cap;
	}
	l->row[l->n++] = *r;
	return 0;
}

/* A commune's rows: the first extract's go to the store, the later ones
 * aside, in extract order. */
static int commune_rows(struct people_import *im, const struct commune_people *cp,
                        const int32_t *days, struct later *later, struct xerr *e)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < cp->n; i++) {
		const struct resident *p = &cp->rs[i];
		struct resident now, was;
		for (int k = 0; rc == 0 && k < EXTRACTS; k++) {
			if (p->birth_day > days[k])
				continue;
			state_at(p, &cp->ch[i], k, days[k], &now);
			bool listed = k == 0 || p->birth_day > days[k - 1];
			if (!listed) {
				state_at(p, &cp->ch[i], k - 1, days[k - 1], &was);
				listed = people_state_changed(&was, &now);
			}
			if (listed && k == 0)
				rc = store_people_import_row(im, &now, e);
			else if (listed)
				rc = later_add(&later[k], &now, e);
		}
	}
	return rc;
}

static int load_later(struct store *s, const struct actor *who, const struct later *l,
                      struct xerr *e)
{
	if (!l->n)
		return 0;
	struct people_import *im;
	int rc = store_people_import_begin(s, who, "demo", true, &im, e);
	for (size_t i = 0; rc == 0 && i < l->n; i++)
		rc = store_people_import_row(im, &l->row[i], e);
	int rc2 = rc ? 0 : store_people_import_end(im, true, NULL, e);
	if (rc && im)
		store_people_import_end(im, false, NULL, NULL);
	return rc ? rc : rc2;
}

int demo_people(struct store *s, const struct unit *communes, size_t ncommunes,
                const char *province, unsigned long seed, double scale, int32_t today,
                long *residents, long *households, struct xerr *e)
{
	struct commune_people cp = {calloc(MAX_PEOPLE, sizeof(struct resident)),
	                            calloc(MAX_PEOPLE, sizeof(struct change)), 0, 0};
	struct pid_seq *ids = calloc(1, sizeof *ids);
	struct later later[EXTRACTS] = {{0}};
	int rc = cp.rs && cp.ch && ids ? 0 : xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	if (ids)
		snprintf(ids->province, sizeof ids->province, "0%.2s", province);
	/* The last extract a week ago, the others three months apart. */
	int32_t days[EXTRACTS];
	for (int k = 0; k < EXTRACTS; k++)
		days[k] = today - 7 - 91 * (EXTRACTS - 1 - k);
	struct actor who;
	actor_system(&who, "demo");
	struct people_import *im = NULL;
	if (rc == 0)
		rc = store_people_import_begin(s, &who, "demo", false, &im, e);
	for (size_t c = 0; rc == 0 && c < ncommunes; c++) {
		struct rng r;
		rng_seed(&r, seed ^ text_hash(communes[c].code));
		double eid2 = 0.70 + 0.27 * rng_unit(&r), rise = 0.06 + 0.09 * rng_unit(&r);
		make_people(&r, ids, &communes[c], scale, today, eid2, &cp);
		make_changes(&r, eid2, rise, &cp);
		rc = commune_rows(im, &cp, days, later, e);
		*residents += (long)cp.n;
		*households += cp.households;
	}
	if (im) {
		int rc2 = store_people_import_end(im, rc == 0, NULL, rc ? NULL : e);
		rc = rc ? rc : rc2;
	}
	for (int k = 1; rc == 0 && k < EXTRACTS; k++)
		rc = load_later(s, &who, &later[k], e);
	for (int k = 0; k < EXTRACTS; k++)
		free(later[k].row);
	free(cp.rs);
	free(cp.ch);
	free(ids);
	return rc;
}
