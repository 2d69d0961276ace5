/*
 * expr_sat.c: can a filter ever hold? A denominator such as
 * count(dossiers where channel = online and channel = counter) is always 0,
 * and expr_check.c refuses it when the formula is saved.
 *
 * How: the filter is explored as if written in disjunctive normal form,
 * without building it. A list of pending conditions is consumed one at a
 * time, with `not` pushed down to the comparisons (De Morgan); a
 * conjunction adds its parts to the list, a disjunction (or an `in` list of
 * numbers or texts) tries each branch with its own copy of the list. Each
 * comparison narrows the DOMAIN of its field: a set of words for yes/no and
 * list fields, an interval with excluded points for numbers and dates, a
 * required value and excluded values for texts. A branch whose domain
 * becomes empty is a contradiction; the filter can hold when some branch
 * reaches the end of its list.
 *
 * The search is bounded (a budget of steps, a few excluded values per
 * field); when a bound is reached it answers "can hold", so it never refuses
 * a formula that could count something. Memory is malloc'ed per branch and
 * freed before returning.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/expr_int.h"

enum { SAT_EXCLUDED = 8, SAT_BUDGET = 20000 };

struct dom {
	uint64_t set; /* yes/no (bit 1 = yes) and lists (bit i = words[i]) */
	int64_t lo, hi;
	int64_t ex[SAT_EXCLUDED];
	int nex;
	const char *eq;
	const char *ne[SAT_EXCLUDED];
	int nne;
};

struct item {
	const struct expr_filter *f;
	bool neg;
};

struct sat {
	const struct expr_entity *en;
	size_t cap; /* items a list may hold: the filter's node count */
	long budget;
};

static size_t nodes(const struct expr_filter *f)
{
	size_t n = 1;
	for (size_t i = 0; i < f->nkids; i++)
		n += nodes(f->kids[i]);
	return n + f->nvalues;
}

static int word_index(const struct expr_field *fd, int64_t code)
{
	for (int i = 0; fd->words[i].word; i++)
		if (fd->words[i].code == code)
			return i;
	return -1;
}

static void dom_init(const struct expr_field *fd, struct dom *d)
{
	memset(d, 0, sizeof *d);
	d->lo = -(INT64_C(1) << 60);
	d->hi = INT64_C(1) << 60;
	if (fd->type == EXPR_BOOL) {
		d->set = 3;
	} else if (fd->type == EXPR_ENUM) {
		int n = 0;
		while (n < 63 && fd->words[n].word)
			n++;
		d->set = (UINT64_C(1) << n) - 1;
	} else if (fd->type == EXPR_INT && fd->min <= fd->max) {
		d->lo = fd->min;
		d->hi = fd->max;
	}
}

static bool excluded(const struct dom *d, int64_t v)
{
	for (int i = 0; i < d->nex; i++)
		if (d->ex[i] == v)
			return true;
	return false;
}

static bool tighten(struct dom *d)
{
	while (d->lo <= d->hi && excluded(d, d->lo))
		d->lo++;
	while (d->lo <= d->hi && excluded(d, d->hi))
		d->hi--;
	return d->lo <= d->hi;
}

static enum expr_cmp opposite(enum expr_cmp c)
{
	switch (c) {
	case EXPR_EQ: return EXPR_NE;
	case EXPR_NE: return EXPR_EQ;
	case EXPR_LT: return EXPR_GE;
	case EXPR_LE: return EXPR_GT;
	case EXPR_GT: return EXPR_LE;
	case EXPR_GE: return EXPR_LT;
	case EXPR_IN: return EXPR_NOT_IN;
	case EXPR_NOT_IN: return EXPR_IN;
	default: return c;
	}
}

static bool apply_number(struct dom *d, enum expr_cmp op, int64_t v)
{
	switch (op) {
	case EXPR_EQ:
		if (v < d->lo || v > d->hi || excluded(d, v))
			return false;
		d->lo = d->hi = v;
		return true;
	case EXPR_NE:
		if (d->nex < SAT_EXCLUDED)
			d->ex[d->nex++] = v;
		return tighten(d);
	case EXPR_LT: d->hi = v - 1 < d->hi ? v - 1 : d->hi; return tighten(d);
	case EXPR_LE: d->hi = v < d->hi ? v : d->hi; return tighten(d);
	case EXPR_GT: d->lo = v + 1 > d->lo ? v + 1 : d->lo; return tighten(d);
	case EXPR_GE: d->lo = v > d->lo ? v : d->lo; return tighten(d);
	default: return true;
	}
}

static bool apply_text(struct dom *d, enum expr_cmp op, const char *s)
{
	if (op == EXPR_EQ) {
		if (d->eq && strcmp(d->eq, s))
			return false;
		for (int i = 0; i < d->nne; i++)
			if (!strcmp(d->ne[i], s))
				return false;
		d->eq = s;
	} else if (op == EXPR_NE) {
		if (d->eq && !strcmp(d->eq, s))
			return false;
		if (d->nne < SAT_EXCLUDED)
			d->ne[d->nne++] = s;
	}
	return true;
}

/* One value of a comparison (for lists: handled by the caller). */
static bool apply(const struct expr_field *fd, struct dom *d, enum expr_cmp op,
                  const struct expr_const *v)
{
	switch (fd->type) {
	case EXPR_BOOL: d->set &= (op == EXPR_EQ) == (v->i == 1) ? 2 : 1; return d->set != 0;
	case EXPR_TEXT: return apply_text(d, op, v->s);
	default: return apply_number(d, op, v->i);
	}
}

/* Word lists take a whole `in` at once: its mask. */
static bool apply_words(const struct expr_field *fd, struct dom *d, enum expr_cmp op,
                        const struct expr_filter *f)
{
	uint64_t mask = 0;
	for (size_t i = 0; i < f->nvalues; i++) {
		int w = word_index(fd, f->values[i].i);
		if (w >= 0 && w < 63)
			mask |= UINT64_C(1) << w;
	}
	d->set &= (op == EXPR_EQ || op == EXPR_IN) ? mask : ~mask;
	return d->set != 0;
}

static bool search(struct sat *s, struct item *todo, size_t n, struct dom *env);

/* Tries each kid (or each value of an `in`) as a branch. */
static bool branch(struct sat *s, const struct item *todo, size_t n, const struct dom *env,
                   const struct item *alts, size_t nalts, const struct expr_filter *in)
{
	struct item *t = malloc((s->cap + 1) * sizeof *t);
	struct dom *d = malloc(s->en->nfields * sizeof *d);
	bool ok = !t || !d; /* out of memory: say it can hold */
	for (size_t i = 0; !ok && i < nalts; i++) {
		if (--s->budget < 0) {
			ok = true;
			break;
		}
		memcpy(t, todo, n * sizeof *t);
		memcpy(d, env, s->en->nfields * sizeof *d);
		if (in) {
			const struct expr_field *fd = &s->en->fields[in->field];
			ok =
			    apply(fd, &d[in->field], EXPR_EQ, &in->values[i]) && search(s, t, n, d);
		} else {
			t[n] = alts[i];
			ok = search(s, t, n + 1, d);
		}
	}
	free(t);
	free(d);
	return ok;
}

static bool compare(struct sat *s, const struct item *it, struct item *todo, size_t n,
                    struct dom *env, bool *done)
{
	const struct expr_filter *f = it->f;
	const struct expr_field *fd = &s->en->fields[f->field];
	enum expr_cmp op = it->neg ? opposite(f->cmp) : f->cmp;
	*done = false;
	if (fd->type == EXPR_ENUM)
		return apply_words(fd, &env[f->field], op, f);
	if (op == EXPR_IN) {
		*done = true; /* the branches finish the search */
		return branch(s, todo, n, env, NULL, f->nvalues, f);
	}
	if (op == EXPR_NOT_IN) {
		for (size_t i = 0; i < f->nvalues; i++)
			if (!apply(fd, &env[f->field], EXPR_NE, &f->values[i]))
				return false;
		return true;
	}
	return apply(fd, &env[f->field], op, &f->values[0]);
}

static bool search(struct sat *s, struct item *todo, size_t n, struct dom *env)
{
	while (n > 0) {
		if (--s->budget < 0)
			return true;
		struct item it = todo[--n];
		const struct expr_filter *f = it.f;
		if (f->kind == EXPR_F_NOT) {
			todo[n++] = (struct item){f->kids[0], !it.neg};
			continue;
		}
		if (f->kind == EXPR_F_CMP) {
			bool done, ok = compare(s, &it, todo, n, env, &done);
			if (!ok || done)
				return ok;
			continue;
		}
		bool all = (f->kind == EXPR_F_AND) != it.neg;
		if (all) {
			for (size_t i = 0; i < f->nkids && n < s->cap; i++)
				todo[n++] = (struct item){f->kids[i], it.neg};
			continue;
		}
		struct item *kids = malloc(f->nkids * sizeof *kids);
		if (!kids)
			return true;
		for (size_t i = 0; i < f->nkids; i++)
			kids[i] = (struct item){f->kids[i], it.neg};
		bool ok = branch(s, todo, n, env, kids, f->nkids, NULL);
		free(kids);
		return ok;
	}
	return true;
}

bool expr_filter_possible(const struct expr_filter *f, const struct expr_entity *en)
{
	if (!f)
		return true;
	struct sat s = {.en = en, .cap = nodes(f) + 1, .budget = SAT_BUDGET};
	struct item *todo = malloc((s.cap + 1) * sizeof *todo);
	struct dom *env = malloc(en->nfields * sizeof *env);
	bool ok = true;
	if (todo && env) {
		for (size_t i = 0; i < en->nfields; i++)
			dom_init(&en->fields[i], &env[i]);
		todo[0] = (struct item){f, false};
		ok = search(&s, todo, 1, env);
	}
	free(todo);
	free(env);
	return ok;
}
