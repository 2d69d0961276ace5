/*
 * indicator.c: definitions, values, colours, the on-track status and the
 * roll-up of figures up a unit tree (see indicator.h for the contract).
 *
 * Roll-up is a topological pass (Kahn's algorithm) over the edges "unit ->
 * where its figures go": a unit is processed once everything that flows
 * into it has arrived, then passes its total on. Any tree with mergers and
 * splits is a DAG; a cycle is a data error and is refused.
 */
#include "core/indicator.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/unit.h"

/* Equal within a billionth (relative): 35.0000000001 reaches 35. */
static bool reaches(double a, double b)
{
	double s = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
	return a >= b - 1e-9 * (s > 1 ? s : 1);
}

/* ---- definitions ---- */

static bool id_valid(const char *id)
{
	static const char *const taken[] = {"and",   "or",  "not",  "in",    "where",
	                                    "count", "sum", "true", "false", "reported"};
	size_t n = id ? strlen(id) : 0;
	if (n == 0 || n >= IND_ID_MAX || id[0] < 'a' || id[0] > 'z')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') ||
		      id[i] == '_'))
			return false;
	for (size_t i = 0; i < sizeof taken / sizeof taken[0]; i++)
		if (!strcmp(id, taken[i]))
			return false;
	for (size_t i = 0; i < IND_TASK_COUNTS; i++)
		if (!strcmp(id, ind_task_names[i]))
			return false;
	return true;
}

static int check_targets(const struct ind_def *d, struct xerr *e)
{
	for (size_t i = 0; i < d->ntargets; i++) {
		const struct ind_target *t = &d->targets[i];
		if (t->year < 2000 || t->year > 2100 || t->level < UNIT_PROVINCE ||
		    t->level > UNIT_VILLAGE || !isfinite(t->value))
			return xerr_set(
			    e, XERR_INVALID, "targets",
			    "target %zu: a year 2000-2100, a unit level 1-3 and a number", i + 1);
		if (d->unit == IND_PERCENT && (t->value < 0 || t->value > 100))
			return xerr_set(e, XERR_INVALID, "targets", "target %zu: %g is not a %%",
			                i + 1, t->value);
		for (size_t j = 0; j < i; j++)
			if (d->targets[j].year == t->year && d->targets[j].level == t->level)
				return xerr_set(e, XERR_INVALID, "targets",
				                "two targets for %d at level %d", t->year,
				                t->level);
	}
	return 0;
}

static int check_thresholds(const struct ind_def *d, struct xerr *e)
{
	if (isnan(d->green)) {
		if (!isnan(d->red))
			return xerr_set(e, XERR_INVALID, "green",
			                "a red threshold needs a green one");
		return 0;
	}
	if (!isfinite(d->green) || isinf(d->red))
		return xerr_set(e, XERR_INVALID, "green", "thresholds are numbers");
	if (!isnan(d->red) && (d->green - d->red) * d->direction < 0)
		return xerr_set(e, XERR_INVALID, "red",
		                d->direction == IND_HIGHER
		                    ? "higher is better: the red threshold is below the green one"
		                    : "lower is better: the red threshold is above the green one");
	return 0;
}

int ind_def_check(const struct ind_def *d, struct expr_plan **plan, struct expr_error *pe,
                  struct xerr *e)
{
	*plan = NULL;
	if (!id_valid(d->id))
		return xerr_set(
		    e, XERR_INVALID, "id",
		    "an id is 1-47 characters a-z, 0-9, _ starting with a letter, not a "
		    "keyword or a task count");
	if (!d->name_vi || !*d->name_vi || !d->name_en || !*d->name_en)
		return xerr_set(e, XERR_INVALID, "name", "both names (vi, en) are needed");
	if (d->unit != IND_PERCENT && d->unit != IND_COUNT)
		return xerr_set(e, XERR_INVALID, "unit", "the unit is %% or count");
	if (d->direction != IND_HIGHER && d->direction != IND_LOWER)
		return xerr_set(e, XERR_INVALID, "direction", "higher or lower is better");
	if (!d->source || !*d->source)
		return xerr_set(e, XERR_INVALID, "source", "say where the indicator comes from");
	if ((d->formula != NULL) == (d->reported != NULL))
		return xerr_set(e, XERR_INVALID, "formula",
		                "either a formula or a reported figure");
	int rc = check_targets(d, e);
	if (!rc)
		rc = check_thresholds(d, e);
	if (rc)
		return rc;
	if (d->reported) {
		if (!expr_figure_find(d->reported))
			return xerr_set(e, XERR_INVALID, "reported", "no reported figure \"%.48s\"",
			                d->reported);
		return 0;
	}
	return expr_compile(d->formula, d->unit == IND_PERCENT ? EXPR_RATIO : EXPR_ANY, plan, pe,
	                    e);
}

int ind_target_for(const struct ind_def *d, int year, int level, double *value)
{
	for (size_t i = 0; i < d->ntargets; i++)
		if (d->targets[i].year == year && d->targets[i].level == level) {
			*value = d->targets[i].value;
			return 0;
		}
	return XERR_NOTFOUND;
}

bool ind_rolls_up(const struct ind_def *d)
{
	return d->formula || d->unit == IND_COUNT;
}

/* ---- values and colours ---- */

struct ind_value ind_value_of(enum ind_unit unit, double num, double den)
{
	struct ind_value v = {false, num, den, NAN};
	if (!isfinite(num) || !isfinite(den) || den == 0)
		return v;
	v.has = true;
	v.value = num / den * (unit == IND_PERCENT ? 100 : 1);
	return v;
}

enum ind_colour ind_colour_of(const struct ind_def *d, const struct ind_value *v)
{
	if (!v->has || isnan(d->green))
		return IND_NO_COLOUR;
	double x = v->value * d->direction;
	if (reaches(x, d->green * d->direction))
		return IND_GREEN;
	if (!isnan(d->red) && !reaches(x, d->red * d->direction))
		return IND_RED;
	return IND_YELLOW;
}

const char *ind_colour_name(enum ind_colour c)
{
	switch (c) {
	case IND_GREEN: return "green";
	case IND_YELLOW: return "yellow";
	case IND_RED: return "red";
	default: return "";
	}
}

/* ---- on track ---- */

enum ind_track ind_on_track(const struct ind_obs *base, const struct ind_obs *now,
                            const struct ind_obs *target, enum ind_direction dir, double *ratio)
{
	double r = NAN;
	enum ind_track t = IND_TRACK_UNKNOWN;
	double b = base->value, c = now->value, g = target->value;
	if (ratio)
		*ratio = NAN;
	if (!isfinite(b) || !isfinite(c) || !isfinite(g))
		return t;
	if ((dir == IND_HIGHER && reaches(c, g)) || (dir == IND_LOWER && reaches(-c, -g)))
		return IND_TRACK_ACHIEVED;
	if (now->day <= base->day || target->day <= base->day)
		return t;
	/* Open SDG: a zero base or target is replaced by 0.001. */
	if (b == 0)
		b = 0.001;
	if (g == 0)
		g = 0.001;
	if ((b > 0 && c < 0) || (b < 0 && c > 0) || (b > 0) != (g > 0))
		return t;
	double sign = b < 0 ? -1 : 1;
	double yo = (now->day - base->day) / 365.25, yr = (target->day - base->day) / 365.25;
	double cagr_o = pow(c / b, 1 / yo) - 1, cagr_r = pow(g / b, 1 / yr) - 1;
	if (cagr_r == 0)
		/* The base already sat on the target and the target is not met
		 * now: only the direction of the change tells. */
		r = sign * dir * cagr_o >= 0 ? 1 : -1;
	else
		r = sign * dir * cagr_o / fabs(cagr_r);
	if (ratio)
		*ratio = r;
	if (r >= 0.95)
		return IND_TRACK_ON;
	if (r >= 0.6)
		return IND_TRACK_ATTENTION;
	if (r >= 0)
		return IND_TRACK_OFF;
	return IND_TRACK_WORSE;
}

const char *ind_track_name(enum ind_track t)
{
	switch (t) {
	case IND_TRACK_ACHIEVED: return "achieved";
	case IND_TRACK_ON: return "on_track";
	case IND_TRACK_ATTENTION: return "needs_attention";
	case IND_TRACK_OFF: return "off_track";
	case IND_TRACK_WORSE: return "getting_worse";
	default: return "unknown";
	}
}

/* ---- roll-up ---- */

bool ind_in_force(int32_t valid_from, int32_t valid_to, int32_t day)
{
	return valid_from <= day && (valid_to == 0 || day < valid_to);
}

bool ind_retired(int32_t valid_to, int32_t day)
{
	return valid_to != 0 && valid_to <= day;
}

static void add_parts(double *to, const double *from, size_t k, double share)
{
	for (size_t j = 0; j < k; j++) {
		if (isnan(from[j]))
			continue;
		to[j] = isnan(to[j]) ? share * from[j] : to[j] + share * from[j];
	}
}

static int check_edges(const struct ind_node *nodes, size_t n, const struct ind_succ *succ,
                       size_t ns, double *shares, struct xerr *e)
{
	for (size_t i = 0; i < n; i++)
		if (nodes[i].parent < -1 || nodes[i].parent >= (long)n ||
		    nodes[i].parent == (long)i)
			return xerr_set(e, XERR_INVALID, "parent", "unit %zu: bad parent %d", i,
			                nodes[i].parent);
	for (size_t i = 0; i < ns; i++) {
		const struct ind_succ *s = &succ[i];
		if (s->from < 0 || s->from >= (long)n || s->to < 0 || s->to >= (long)n ||
		    s->from == s->to)
			return xerr_set(e, XERR_INVALID, "succession", "succession %zu: bad units",
			                i);
		if (!(s->share > 0 && s->share <= 1))
			return xerr_set(e, XERR_INVALID, "share",
			                "succession %zu: share %g is not in "
			                "(0, 1]",
			                i, s->share);
		shares[s->from] += s->share;
		if (shares[s->from] > 1 + 1e-9)
			return xerr_set(
			    e, XERR_INVALID, "share",
			    "unit %d passes more than all of its figures (shares sum to %g)",
			    s->from, shares[s->from]);
	}
	return 0;
}

int ind_rollup(const struct ind_node *nodes, size_t n, const struct ind_succ *succ, size_t ns,
               size_t k, const double *own, double *total, struct xerr *e)
{
	if (k && n > SIZE_MAX / sizeof(double) / k)
		return xerr_set(e, XERR_LIMIT, "units", "too many units");
	size_t *start = calloc(n + 1, sizeof *start), *idx = calloc(ns + 1, sizeof *idx);
	size_t *indeg = calloc(n + 1, sizeof *indeg), *queue = calloc(n + 1, sizeof *queue);
	double *shares = calloc(n + 1, sizeof *shares);
	int rc = 0;
	if (!start || !idx || !indeg || !queue || !shares) {
		rc = xerr_set(e, XERR_NOMEM, "units", "out of memory");
		goto done;
	}
	if ((rc = check_edges(nodes, n, succ, ns, shares, e)))
		goto done;
	/* Successions grouped by their old unit (counting sort). */
	for (size_t i = 0; i < ns; i++)
		start[succ[i].from + 1]++;
	for (size_t i = 0; i < n; i++)
		start[i + 1] += start[i];
	for (size_t i = 0; i < ns; i++) {
		size_t f = (size_t)succ[i].from; /* indeg counts the filled slots here */
		idx[start[f] + indeg[f]++] = i;
	}
	memset(indeg, 0, (n + 1) * sizeof *indeg);
	for (size_t i = 0; i < n; i++) {
		bool moves = nodes[i].retired && start[i + 1] > start[i];
		if (moves)
			for (size_t s = start[i]; s < start[i + 1]; s++)
				indeg[succ[idx[s]].to]++;
		else if (nodes[i].parent >= 0)
			indeg[nodes[i].parent]++;
	}
	memcpy(total, own, n * k * sizeof *total);
	size_t head = 0, tail = 0;
	for (size_t i = 0; i < n; i++)
		if (!indeg[i])
			queue[tail++] = i;
	while (head < tail) {
		size_t u = queue[head++];
		if (nodes[u].retired && start[u + 1] > start[u]) {
			for (size_t s = start[u]; s < start[u + 1]; s++) {
				const struct ind_succ *sc = &succ[idx[s]];
				add_parts(total + (size_t)sc->to * k, total + u * k, k, sc->share);
				if (!--indeg[sc->to])
					queue[tail++] = (size_t)sc->to;
			}
		} else if (nodes[u].parent >= 0) {
			size_t p = (size_t)nodes[u].parent;
			add_parts(total + p * k, total + u * k, k, 1);
			if (!--indeg[p])
				queue[tail++] = p;
		}
	}
	if (tail < n)
		rc = xerr_set(e, XERR_INVALID, "parent",
		              "the units' parents and successions form a cycle");
done:
	free(start);
	free(idx);
	free(indeg);
	free(queue);
	free(shares);
	return rc;
}
