/*
 * snapshots.h: the snapshots of closed months made while the server runs,
 * without anyone running a command (issue 14 item 4, docs/indicators.md
 * "Live figures and snapshots").
 *
 * One thread of its own (not libmicrohttpd's): at start, and once a day
 * just after local midnight, it looks at the SNAP_MONTHS months before the
 * current one (a trend's twelve and the base of the on-track status) and,
 * for each province in force whose subtree has no snapshot of that month,
 * computes every indicator from the data and keeps it (fig_recompute: one
 * transaction per month and province, audited as done by "snapshots").
 * Months already kept are left alone: `xaso indicators recompute` stays
 * the way to recompute on purpose.
 *
 * Memory: snap_worker_start returns what snap_worker_stop joins and frees.
 */
#ifndef XASO_WEB_SNAPSHOTS_H
#define XASO_WEB_SNAPSHOTS_H

#include <stdatomic.h>
#include <stdbool.h>

#include "store/store.h"

enum { SNAP_MONTHS = 13 };

struct snap_worker;

/* Starts the thread on s (which must outlive it); NULL when it cannot
 * start (the server runs on without it, and says so). quiet: no line on
 * stderr when months were kept. */
struct snap_worker *snap_worker_start(struct store *s, bool quiet);
/* Stops the thread between two units of work and waits for it. */
void snap_worker_stop(struct snap_worker *w);

/* One pass now, on the calling thread: the months and provinces missing
 * a snapshot are computed and kept; *made counts them. It returns early
 * once *stop is set (stop may be NULL). */
int snap_catch_up(struct store *s, atomic_bool *stop, int *made, struct xerr *e);

#endif
