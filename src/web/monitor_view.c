/*
 * monitor_view.c: the figures one monitoring request needs
 * (monitor_view.h).
 */
#include "web/monitor_view.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"

int mon_view_period(const struct req *r, struct ind_period *p, struct xerr *e)
{
	const char *s = in_str(r, "period");
	if (s)
		return ind_period_parse(s, p, e);
	char day[11];
	cal_format_date(fig_today(), day);
	day[7] = 0; /* YYYY-MM */
	return ind_period_parse(day, p, e);
}

void mon_view_free(struct mon_view *v)
{
	fig_set_free(&v->set);
	fig_tree_free(&v->tree);
	free(v->vals);
	free(v->base);
	free(v->tasks);
	memset(v, 0, sizeof *v);
}

/* The values a year before, on the same tree drawn for that period. */
static int load_base(struct req *r, const char *code, struct mon_view *v, struct xerr *e)
{
	struct ind_period bp;
	struct fig_tree bt;
	if (fig_base_period(&v->tree.period, &bp, e) != 0 ||
	    fig_tree_load(r->store, code, &bp, &bt, e) != 0)
		return 0; /* no base: on-track status unknown */
	struct ind_value *bv = calloc(bt.n * v->set.n + 1, sizeof *bv);
	v->base = calloc(v->tree.n * v->set.n + 1, sizeof *v->base);
	if (!bv || !v->base) {
		free(bv);
		fig_tree_free(&bt);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	int rc = fig_compute(r->store, &bt, &v->set, true, bv, e);
	for (size_t i = 0; rc == 0 && i < v->tree.n; i++) {
		int j = fig_tree_find(&bt, v->tree.nodes[i].u.code);
		for (size_t k = 0; k < v->set.n; k++)
			v->base[i * v->set.n + k] = j >= 0 ? bv[(size_t)j * v->set.n + k]
			                                   : ind_value_of(IND_COUNT, NAN, NAN);
	}
	free(bv);
	fig_tree_free(&bt);
	return rc;
}

int mon_view_load(struct req *r, const char *id, const char *code, int flags, struct mon_view *v,
                  struct xerr *e)
{
	memset(v, 0, sizeof *v);
	struct ind_period p;
	int rc = mon_view_period(r, &p, e);
	if (rc) {
		e->field = "period";
		return rc;
	}
	if ((rc = fig_set_load(r->store, id, flags & MV_HEADLINE, &v->set, e)) != 0)
		return rc;
	if ((rc = fig_tree_load(r->store, code, &p, &v->tree, e)) != 0) {
		if (rc == XERR_NOTFOUND)
			e->field = "unit";
		mon_view_free(v);
		return rc;
	}
	v->vals = calloc(v->tree.n * v->set.n + 1, sizeof *v->vals);
	v->tasks = calloc(v->tree.n * IND_TASK_COUNTS + 1, sizeof *v->tasks);
	if (!v->vals || !v->tasks) {
		mon_view_free(v);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	rc = fig_compute(r->store, &v->tree, &v->set, true, v->vals, e);
	int32_t today = fig_today(), day = p.last < today ? p.last : today;
	if (rc == 0)
		rc = fig_task_counts(r->store, &v->tree, day, v->tasks, e);
	if (rc == 0 && (flags & MV_BASE))
		rc = load_base(r, code, v, e);
	if (rc)
		mon_view_free(v);
	return rc;
}

void mon_view_judge(const struct mon_view *v, size_t node, size_t k, struct fig_judgement *j)
{
	const struct fig_ind *f = &v->set.ind[k];
	size_t at = node * v->set.n + k;
	fig_judge(&f->m.def, v->tree.nodes[node].u.level, &v->tree.period, &v->vals[at],
	          v->base ? &v->base[at] : NULL, j);
}

static const struct mon_view *rank_view;
static size_t rank_k;

static int better(const void *pa, const void *pb)
{
	const struct mon_rank *a = pa, *b = pb;
	const struct ind_value *x = &rank_view->vals[(size_t)a->node * rank_view->set.n + rank_k];
	const struct ind_value *y = &rank_view->vals[(size_t)b->node * rank_view->set.n + rank_k];
	if (x->has != y->has)
		return x->has ? -1 : 1;
	int dir = rank_view->set.ind[rank_k].m.direction;
	if (x->has && x->value != y->value)
		return (x->value > y->value ? -1 : 1) * dir;
	return strcmp(rank_view->tree.nodes[a->node].u.code, rank_view->tree.nodes[b->node].u.code);
}

size_t mon_view_rank(const struct mon_view *v, size_t k, struct mon_rank *rk)
{
	size_t n = 0;
	for (size_t i = 1; i < v->tree.n; i++)
		if (v->tree.nodes[i].parent == 0 && v->tree.nodes[i].in_force)
			rk[n++] = (struct mon_rank){(int)i, 0};
	/* qsort has no context in C11: the view is passed aside, under a
	 * lock (pages are built by many threads). */
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&lock);
	rank_view = v;
	rank_k = k;
	qsort(rk, n, sizeof *rk, better);
	pthread_mutex_unlock(&lock);
	for (size_t i = 0; i < n; i++) {
		const struct ind_value *x = &v->vals[(size_t)rk[i].node * v->set.n + k];
		const struct ind_value *prev =
		    i ? &v->vals[(size_t)rk[i - 1].node * v->set.n + k] : NULL;
		if (!x->has)
			rk[i].rank = 0;
		else if (prev && prev->has && prev->value == x->value)
			rk[i].rank = rk[i - 1].rank;
		else
			rk[i].rank = (int)i + 1;
	}
	return n;
}

int mon_view_status(struct req *r, const struct mon_view *v, size_t node, struct fig_status *st,
                    struct xerr *e)
{
	return fig_status(r->store, &v->tree, (int)node, &v->set, v->vals, v->tasks, st, e);
}
