/*
 * people_count.c: counting residents and households as of a day, for
 * every village at once (store_people_count).
 *
 * The store keeps the compact state of every resident in memory, as
 * arrays of integers: village (an index into the village keys), household,
 * birth day, sex, e-ID level and e-health record (one byte), and the days
 * [from, to) the state held: the current rows and the history rows alike,
 * so that a count "as of" any day is one pass over the arrays, about 21
 * bytes a resident. The arrays are read from the database by one pass and
 * kept until an import changes the residents (people_rev, raised by every
 * import, also by another process: asked on every count).
 *
 * Once read, the rows are grouped by village (vstart[v] .. vstart[v + 1]
 * are village v's), so that a count for a commune or a village reads only
 * its own villages' rows, not the nation's.
 *
 * A count adds each row valid on the day to one cell of its village
 * (core/people.h: the age band, sex, e-ID level and e-health record) and
 * to its household's member count; core turns each village's cells into
 * the aggregates' values.
 */
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

struct people_snap {
	int64_t rev;
	size_t n, cap;
	int32_t *village, *household, *birth, *from, *to;
	uint8_t *flags; /* sex - 1, e-ID level << 1, e-health << 3 */
	int64_t *keys;  /* village keys, by index */
	size_t nkeys, capkeys;
	int32_t *slot;   /* key -> index + 1, open addressing */
	int32_t *vstart; /* [nkeys + 1]: village v's rows are vstart[v] .. vstart[v + 1] */
	size_t mask;
	int32_t last_index;
	int64_t last_key;
	int64_t nhouseholds;
	bool nomem;
};

void st_people_free(struct people_snap *p)
{
	if (!p)
		return;
	free(p->village);
	free(p->household);
	free(p->birth);
	free(p->from);
	free(p->to);
	free(p->flags);
	free(p->keys);
	free(p->slot);
	free(p->vstart);
	free(p);
}

static size_t hash_key(int64_t k, size_t mask)
{
	return (size_t)((uint64_t)k * 0x9E3779B97F4A7C15u >> 17) & mask;
}

static bool grow_keys(struct people_snap *p)
{
	size_t cap = p->capkeys ? p->capkeys * 2 : 1024;
	int64_t *k = realloc(p->keys, cap * sizeof *k);
	int32_t *slot = calloc(cap * 2, sizeof *slot);
	if (k)
		p->keys = k;
	if (!k || !slot) {
		free(slot);
		return false;
	}
	free(p->slot);
	p->slot = slot;
	p->mask = cap * 2 - 1;
	p->capkeys = cap;
	for (size_t i = 0; i < p->nkeys; i++) {
		size_t h = hash_key(p->keys[i], p->mask);
		while (p->slot[h])
			h = (h + 1) & p->mask;
		p->slot[h] = (int32_t)(i + 1);
	}
	return true;
}

/* The index of a village key, or -1 when no row names it. */
static int32_t key_find(const struct people_snap *p, int64_t key)
{
	if (!p->nkeys)
		return -1;
	for (size_t h = hash_key(key, p->mask); p->slot[h]; h = (h + 1) & p->mask)
		if (p->keys[p->slot[h] - 1] == key)
			return p->slot[h] - 1;
	return -1;
}

/* The index of a village key, added when first seen; -1 out of memory. */
static int32_t key_index(struct people_snap *p, int64_t key)
{
	if (p->nkeys && key == p->last_key)
		return p->last_index;
	if (p->nkeys == p->capkeys && !grow_keys(p))
		return -1;
	size_t h = hash_key(key, p->mask);
	for (; p->slot[h]; h = (h + 1) & p->mask)
		if (p->keys[p->slot[h] - 1] == key)
			break;
	if (!p->slot[h]) {
		p->keys[p->nkeys] = key;
		p->slot[h] = (int32_t)(++p->nkeys);
	}
	p->last_key = key;
	p->last_index = p->slot[h] - 1;
	return p->last_index;
}

static bool grow_rows(struct people_snap *p)
{
	size_t cap = p->cap ? p->cap * 2 : 65536;
	int32_t **cols[] = {&p->village, &p->household, &p->birth, &p->from, &p->to};
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		int32_t *q = realloc(*cols[i], cap * sizeof **cols[i]);
		if (!q)
			return false;
		*cols[i] = q;
	}
	uint8_t *f = realloc(p->flags, cap);
	if (!f)
		return false;
	p->flags = f;
	p->cap = cap;
	return true;
}

/* village, household, birth_day, sex, eid_level, ehealth, valid_from, valid_to */
static int snap_row(struct db_stmt *st, void *ctx)
{
	struct people_snap *p = ctx;
	int32_t v = key_index(p, db_int(st, 0));
	if (v < 0 || (p->n == p->cap && !grow_rows(p))) {
		p->nomem = true;
		return XERR_NOMEM;
	}
	size_t i = p->n++;
	p->village[i] = v;
	p->household[i] = (int32_t)db_int(st, 1);
	p->birth[i] = (int32_t)db_int(st, 2);
	p->flags[i] = (uint8_t)((db_int(st, 3) - 1) | db_int(st, 4) << 1 | db_int(st, 5) << 3);
	p->from[i] = (int32_t)db_int(st, 6);
	p->to[i] = db_null(st, 7) ? INT32_MAX : (int32_t)db_int(st, 7);
	return 0;
}

static int64_t people_rev(struct db_conn *c, struct xerr *e)
{
	static const char sql[] = "SELECT rev FROM people_rev";
	int64_t rev = -1;
	return db_query_int(c, sql, DB_NOARGS, &rev, e) == 1 ? rev : -1;
}

/* Groups the rows by village (a counting sort, one column at a time, so
 * that it needs room for one column and the rows' places, not a second
 * copy of everything). */
static int snap_group(struct people_snap *p)
{
	p->vstart = calloc(p->nkeys + 1, sizeof *p->vstart);
	int32_t *place = malloc((p->n ? p->n : 1) * sizeof *place);
	if (!p->vstart || !place) {
		free(place);
		return XERR_NOMEM;
	}
	for (size_t i = 0; i < p->n; i++)
		p->vstart[p->village[i] + 1]++;
	for (size_t v = 0; v < p->nkeys; v++)
		p->vstart[v + 1] += p->vstart[v];
	for (size_t i = 0; i < p->n; i++)
		place[i] = p->vstart[p->village[i]]++;
	for (size_t v = p->nkeys; v > 0; v--)
		p->vstart[v] = p->vstart[v - 1];
	p->vstart[0] = 0;
	int32_t **cols[] = {&p->village, &p->household, &p->birth, &p->from, &p->to};
	for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
		int32_t *to = malloc((p->n ? p->n : 1) * sizeof *to);
		if (!to) {
			free(place);
			return XERR_NOMEM;
		}
		for (size_t i = 0; i < p->n; i++)
			to[place[i]] = (*cols[c])[i];
		free(*cols[c]);
		*cols[c] = to;
	}
	uint8_t *f = malloc(p->n ? p->n : 1);
	if (f)
		for (size_t i = 0; i < p->n; i++)
			f[place[i]] = p->flags[i];
	free(place);
	if (!f)
		return XERR_NOMEM;
	free(p->flags);
	p->flags = f;
	return 0;
}

/* Reads every resident's states in one snapshot of the database. */
static int snap_read(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql_now[] =
	    "SELECT village, household, birth_day, sex, eid_level, ehealth, valid_from, valid_to "
	    "FROM resident";
	static const char sql_then[] =
	    "SELECT h.village, h.household, r.birth_day, r.sex, h.eid_level, h.ehealth, "
	    "h.valid_from, h.valid_to FROM resident_history h JOIN resident r ON r.id = h.resident";
	static const char sql_hh[] = "SELECT coalesce(max(id), 0) FROM household";
	struct people_snap *p = ctx;
	int rc = db_begin(c, DB_READ, e);
	if (rc)
		return rc;
	p->rev = people_rev(c, e);
	rc = db_query_int(c, sql_hh, DB_NOARGS, &p->nhouseholds, e) < 0 ? XERR_IO : 0;
	if (rc == 0)
		rc = db_query_each(c, sql_now, DB_NOARGS, snap_row, p, e);
	if (rc == 0)
		rc = db_query_each(c, sql_then, DB_NOARGS, snap_row, p, e);
	db_end(c, true, NULL);
	if (p->nomem || (rc == 0 && snap_group(p)))
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	return rc;
}

/* The snapshot, read again when an import changed the residents; held
 * read-locked by the caller on success (st_people_release). */
static int snap_hold(struct store *s, struct xerr *e)
{
	struct db_conn *c = st_get(s);
	int64_t rev = people_rev(c, e);
	st_put(s, c);
	pthread_rwlock_rdlock(&s->people_lock);
	if (s->people && s->people->rev == rev)
		return 0;
	pthread_rwlock_unlock(&s->people_lock);
	pthread_rwlock_wrlock(&s->people_lock);
	if (!s->people || s->people->rev != rev) {
		struct people_snap *p = calloc(1, sizeof *p);
		int rc = p ? st_read(s, snap_read, p, e)
		           : xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		if (rc) {
			st_people_free(p);
			pthread_rwlock_unlock(&s->people_lock);
			return rc;
		}
		st_people_free(s->people);
		s->people = p;
	}
	/* Downgrade: let other counts share it. */
	pthread_rwlock_unlock(&s->people_lock);
	pthread_rwlock_rdlock(&s->people_lock);
	return s->people ? 0 : xerr_set(e, XERR_IO, NULL, "the residents could not be read");
}

/* One count: the villages asked about (indexes), their cells and the
 * households their rows name. */
struct count {
	const struct people_snap *p;
	const struct people_counter *pc;
	const int32_t *vs;
	size_t nv;
	long *cells;      /* [nv * ncells] */
	double *agesum;   /* the same, or NULL */
	int32_t *members; /* [nhouseholds + 1] */
	int32_t *hslot;   /* [nhouseholds + 1]: the household's village slot */
	int32_t *touched; /* the households with members, each once */
	size_t ntouched;
	bool *seen; /* [nv]: the village has a row valid on the day */
};

/* Each village's values from the cells and households, to the caller. */
static int count_report(struct count *k, people_count_cb fn, void *ctx, struct xerr *e)
{
	const struct people_counter *pc = k->pc;
	size_t n = pc->naggs;
	double *vals = calloc(k->nv * n + 1, sizeof *vals);
	if (!vals)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	for (size_t v = 0; v < k->nv; v++)
		people_cells_eval(pc, k->cells + v * pc->ncells,
		                  k->agesum ? k->agesum + v * pc->ncells : NULL, vals + v * n);
	for (size_t i = 0; i < k->ntouched; i++) {
		int32_t h = k->touched[i];
		people_household_eval(pc, k->members[h], vals + (size_t)k->hslot[h] * n);
	}
	int rc = 0;
	for (size_t v = 0; v < k->nv && rc == 0; v++) {
		if (!k->seen[v])
			continue;
		char code[UNIT_CODE_MAX];
		unit_key_code(k->p->keys[k->vs[v]], code);
		rc = fn(code, vals + v * n, ctx);
	}
	free(vals);
	return rc;
}

/* One pass over the asked villages' rows valid on the counter's day. */
static void count_rows(struct count *k)
{
	const struct people_snap *p = k->p;
	const struct people_counter *pc = k->pc;
	int32_t day = pc->as_of;
	for (size_t v = 0; v < k->nv; v++) {
		int32_t at = k->vs[v];
		for (int32_t i = p->vstart[at]; i < p->vstart[at + 1]; i++) {
			if (p->from[i] > day || day >= p->to[i])
				continue;
			k->seen[v] = true;
			uint8_t f = p->flags[i];
			size_t c = v * pc->ncells + people_cell(pc, p->birth[i], (f & 1) + 1,
			                                        f >> 1 & 3, f >> 3 & 1);
			k->cells[c]++;
			if (k->agesum)
				k->agesum[c] += people_age(p->birth[i], day);
			int32_t h = p->household[i];
			if (h > 0 && h <= p->nhouseholds) {
				if (!k->members[h]++)
					k->touched[k->ntouched++] = h;
				k->hslot[h] = (int32_t)v;
			}
		}
	}
}

static int count_pass(const struct people_snap *p, const struct people_counter *pc,
                      const int32_t *vs, size_t nv, people_count_cb fn, void *ctx, struct xerr *e)
{
	size_t rows = 0;
	for (size_t v = 0; v < nv; v++)
		rows += (size_t)(p->vstart[vs[v] + 1] - p->vstart[vs[v]]);
	struct count k = {
	    .p = p,
	    .pc = pc,
	    .vs = vs,
	    .nv = nv,
	    .cells = calloc(nv * pc->ncells + 1, sizeof *k.cells),
	    .agesum = pc->age_sums ? calloc(nv * pc->ncells + 1, sizeof *k.agesum) : NULL,
	    .members = calloc((size_t)p->nhouseholds + 1, sizeof *k.members),
	    .hslot = malloc(((size_t)p->nhouseholds + 1) * sizeof *k.hslot),
	    .touched = malloc((rows + 1) * sizeof *k.touched),
	    .seen = calloc(nv + 1, sizeof *k.seen),
	};
	int rc;
	if (!k.cells || (pc->age_sums && !k.agesum) || !k.members || !k.hslot || !k.touched ||
	    !k.seen)
		rc = xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	else {
		count_rows(&k);
		rc = count_report(&k, fn, ctx, e);
	}
	free(k.cells);
	free(k.agesum);
	free(k.members);
	free(k.hslot);
	free(k.touched);
	free(k.seen);
	return rc;
}

int store_people_count(struct store *s, const struct people_counter *pc, const int64_t *villages,
                       size_t nvillages, people_count_cb fn, void *ctx, struct xerr *e)
{
	int rc = snap_hold(s, e);
	if (rc)
		return rc;
	const struct people_snap *p = s->people;
	size_t nv = villages ? nvillages : p->nkeys;
	int32_t *vs = malloc((nv ? nv : 1) * sizeof *vs);
	if (!vs)
		rc = xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	size_t m = 0;
	for (size_t i = 0; vs && i < nv; i++) {
		int32_t v = villages ? key_find(p, villages[i]) : (int32_t)i;
		if (v >= 0)
			vs[m++] = v;
	}
	if (rc == 0)
		rc = count_pass(p, pc, vs, m, fn, ctx, e);
	free(vs);
	pthread_rwlock_unlock(&s->people_lock);
	return rc;
}
