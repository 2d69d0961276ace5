/*
 * snapshots.c: the snapshots of closed months made in the background
 * (snapshots.h).
 */
#include "web/snapshots.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "core/dossier.h"
#include "store/store_audit.h"
#include "web/figures.h"

struct snap_worker {
	struct store *s;
	bool quiet;
	atomic_bool stop;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
};

/* The provinces in force (codes), collected before any work so that no
 * statement stays open while months are computed. */
struct provinces {
	char (*code)[UNIT_CODE_MAX];
	size_t n, cap;
};

static int add_province(const struct unit *u, void *ctx)
{
	struct provinces *p = ctx;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		char(*c)[UNIT_CODE_MAX] = realloc(p->code, cap * UNIT_CODE_MAX);
		if (!c)
			return XERR_NOMEM;
		p->code = c;
		p->cap = cap;
	}
	snprintf(p->code[p->n++], UNIT_CODE_MAX, "%s", u->code);
	return 0;
}

/* The month's snapshot of one province, unless it is kept already. */
static int one(struct store *s, const struct fig_set *set, const char *code,
               const struct ind_period *p, int *made, struct xerr *e)
{
	char period[IND_PERIOD_MAX];
	ind_period_format(p, period);
	bool kept = false;
	int rc = store_snapshot_kept(s, code, period, &kept, e);
	if (rc || kept)
		return rc;
	struct fig_tree t;
	if ((rc = fig_tree_load(s, code, p, &t, e)) != 0)
		return rc;
	struct actor who;
	actor_system(&who, "snapshots");
	rc = fig_recompute(s, &who, &t, set, e);
	fig_tree_free(&t);
	if (rc == 0)
		(*made)++;
	return rc;
}

int snap_catch_up(struct store *s, atomic_bool *stop, int *made, struct xerr *e)
{
	*made = 0;
	struct ind_period now, p;
	char month[11];
	cal_format_date(fig_today(), month);
	month[7] = '\0';
	int rc = ind_period_parse(month, &now, e);
	struct fig_set set = {0};
	struct provinces pv = {0};
	if (rc == 0)
		rc = fig_set_load(s, NULL, false, &set, e);
	if (rc == 0 && (rc = store_unit_children(s, NULL, add_province, &pv, e)) == XERR_NOMEM)
		xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	/* The most recent months first: they are the ones asked for. */
	p = now;
	for (int m = 0; rc == 0 && m < SNAP_MONTHS && !(stop && atomic_load(stop)); m++) {
		if ((rc = ind_period_prev(&p, &p, e)) != 0)
			break;
		for (size_t i = 0; rc == 0 && i < pv.n && !(stop && atomic_load(stop)); i++)
			rc = one(s, &set, pv.code[i], &p, made, e);
	}
	free(pv.code);
	fig_set_free(&set);
	return rc;
}

/* The wall-clock time of the next local midnight, a minute after. */
static struct timespec next_midnight(void)
{
	int64_t local = dossier_local_minutes((int64_t)time(NULL));
	int64_t next = (local / 1440 + 1) * 1440 + 1;
	struct timespec ts = {(time_t)dossier_unix_seconds(next), 0};
	return ts;
}

static void *run(void *arg)
{
	struct snap_worker *w = arg;
	while (!atomic_load(&w->stop)) {
		struct xerr e = {0};
		int made = 0;
		if (snap_catch_up(w->s, &w->stop, &made, &e) != 0)
			fprintf(stderr, "xaso: background snapshots: %s\n", e.msg);
		else if (made && !w->quiet)
			fprintf(stderr,
			        "xaso: kept %d snapshots of closed months (month x province)\n",
			        made);
		struct timespec until = next_midnight();
		pthread_mutex_lock(&w->lock);
		while (!atomic_load(&w->stop) &&
		       pthread_cond_timedwait(&w->wake, &w->lock, &until) == 0)
			;
		pthread_mutex_unlock(&w->lock);
	}
	return NULL;
}

struct snap_worker *snap_worker_start(struct store *s, bool quiet)
{
	struct snap_worker *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->s = s;
	w->quiet = quiet;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, run, w) != 0) {
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->lock);
		free(w);
		return NULL;
	}
	return w;
}

void snap_worker_stop(struct snap_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	atomic_store(&w->stop, true);
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w);
}
