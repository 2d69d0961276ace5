/*
 * monitor_view.h: what the monitoring API and pages of one request need:
 * the indicators asked for, a unit's subtree as it stood in the period of
 * ?period= (the current month by default), every value, the values a year
 * before (for on-track status), task counts, rankings and criteria. It
 * only gathers through web/figures.h; every rule is core's.
 *
 * Memory: mon_view_load fills a caller-owned struct that mon_view_free
 * releases.
 */
#ifndef XASO_WEB_MONITOR_VIEW_H
#define XASO_WEB_MONITOR_VIEW_H

#include "web/figures.h"
#include "web/http.h"

enum {
	MV_BASE = 1,     /* also the values a year before (on-track status) */
	MV_HEADLINE = 2, /* with id NULL: only the headline indicators */
};

struct mon_view {
	struct fig_set set;
	struct fig_tree tree;
	struct ind_value *vals; /* [node * set.n + k] */
	struct ind_value *base; /* the same a year before, or NULL */
	double *tasks;          /* [node * IND_TASK_COUNTS + j] */
};

/* The period of ?period= (declared by the route), or the current month. */
int mon_view_period(const struct req *r, struct ind_period *p, struct xerr *e);
/* Indicator `id` (NULL: every one, or the headline ones) over the subtree
 * of `code` for the request's period. */
int mon_view_load(struct req *r, const char *id, const char *code, int flags, struct mon_view *v,
                  struct xerr *e);
void mon_view_free(struct mon_view *v);
void mon_view_judge(const struct mon_view *v, size_t node, size_t k, struct fig_judgement *j);

/* The units right under the root that are in force, best first on
 * indicator k (its direction), units without data last with rank 0; equal
 * values share a rank. Returns how many (rk has room for tree.n). */
struct mon_rank {
	int node;
	int rank;
};
size_t mon_view_rank(const struct mon_view *v, size_t k, struct mon_rank *rk);
/* The status of a node by its level's criteria set (v must hold every
 * indicator): 1 judged, 0 no set, or the error. */
int mon_view_status(struct req *r, const struct mon_view *v, size_t node, struct fig_status *st,
                    struct xerr *e);

#endif
