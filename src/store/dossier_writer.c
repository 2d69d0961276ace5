/*
 * dossier_writer.c: filing dossiers with group commit.
 *
 * One writer thread owns a queue. store_dossier_submit() checks the
 * dossier, queues it and sleeps until the batch holding it has committed;
 * the writer takes everything queued (up to WRITER_BATCH), files it in one
 * transaction (codes, first statuses and appointments as core decides them,
 * the filing event, the documents and an audit entry per dossier) and
 * commits once, so one fsync serves the whole batch while the
 * database stays synchronous=FULL: nobody is told "received" before the
 * commit is on disk. If the batch fails, its members are filed again one
 * by one, so a dossier that fails never takes the others down with it.
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "store/store_audit.h"
#include "store/store_calendar.h"
#include "store/store_dossiers.h"
#include "store/store_int.h"

enum { WRITER_BATCH = 512, CLOCKS_KEPT = 16 };

/* The clocks read during one batch's transaction, by unit and procedure:
 * the batch is the only writer, so what it read stays true until its
 * commit, and a batch of a busy morning files the same few procedures of
 * the same units again and again. */
struct clocks {
	int n;
	struct {
		char unit[16], procedure[PROC_CODE_MAX];
		struct dossier_clock k;
	} kept[CLOCKS_KEPT];
};

static int clock_of(struct db_conn *c, const struct cal *cal, struct clocks *ks,
                    const struct dossier *d, struct dossier_clock *k, struct xerr *e)
{
	for (int i = 0; i < ks->n; i++)
		if (!strcmp(ks->kept[i].unit, d->unit) &&
		    !strcmp(ks->kept[i].procedure, d->procedure)) {
			*k = ks->kept[i].k;
			return 0;
		}
	int rc = st_dossier_clock(c, cal, d->unit, d->procedure, k, e);
	if (rc == 0 && ks->n < CLOCKS_KEPT) {
		snprintf(ks->kept[ks->n].unit, sizeof ks->kept[0].unit, "%s", d->unit);
		snprintf(ks->kept[ks->n].procedure, sizeof ks->kept[0].procedure, "%s",
		         d->procedure);
		ks->kept[ks->n++].k = *k;
	}
	return rc;
}

struct submit_job {
	struct dossier *d;
	const struct actor *who;
	const struct dossier_file *files; /* documents linked in the same transaction */
	size_t nfiles;
	struct xerr err;
	int rc;
	sem_t done; /* posted by the writer once rc is known */
	struct submit_job *next;
};

struct dossier_writer {
	pthread_mutex_t mu;
	pthread_cond_t work; /* the queue is not empty, or stop */
	struct submit_job *head, *tail;
	bool stop;
	pthread_t thread;
	struct store *s;
};

/* Files one dossier on c inside the caller's transaction. */
static int file_one(struct db_conn *c, const struct cal *cal, struct clocks *ks,
                    struct submit_job *j, struct xerr *e)
{
	static const char sql_seq[] =
	    "INSERT INTO dossier_seq(unit, day, last) VALUES (?1, ?2, 1) "
	    "ON CONFLICT(unit, day) DO UPDATE SET last = dossier_seq.last + 1 RETURNING last";
	struct dossier *d = j->d;
	int64_t at = d->submitted_at, seq = 0;
	int32_t day = cal_time_day(at);
	struct dossier_clock k;
	int rc = db_query_int(c, sql_seq, DB_ARGS(DB_TEXT(d->unit), DB_INT(day)), &seq, e);
	if (rc < 0)
		return rc;
	dossier_code_format(d->unit, day, (long)seq, d->code);
	if ((rc = clock_of(c, cal, ks, d, &k, e)) || (rc = dossier_file(&k, d, at, e)) ||
	    (rc = st_dossier_insert(c, d, e)) ||
	    (rc = st_dossier_event_add(c, j->who, d->id, 0, d->status, at, "filed", e)))
		return rc;
	for (size_t i = 0; i < j->nfiles; i++)
		if ((rc = st_dossier_file_insert(c, j->who, d, &j->files[i], NULL, e)))
			return rc;
	char detail[64];
	snprintf(detail, sizeof detail, "procedure %s, channel %d", d->procedure, d->channel);
	return st_audit_append(c, j->who, "dossier.create", d->code, detail, e);
}

/* Files jobs[0..n) in one transaction; 0 when all were committed. */
static int file_batch(struct db_conn *c, const struct cal *cal, struct submit_job **jobs, int n,
                      struct xerr *e)
{
	int rc = db_begin(c, DB_WRITE, e);
	if (rc)
		return rc;
	/* A batch that fails is filed again one by one (run_batch), so its
	 * statements may report their errors late and save round trips. */
	if (n > 1)
		db_defer_errors(c);
	struct clocks ks = {0};
	for (int i = 0; i < n && rc == 0; i++)
		rc = file_one(c, cal, &ks, jobs[i], &jobs[i]->err);
	if (rc && e)
		*e = (struct xerr){rc, NULL, "a dossier of the batch failed"};
	int rc2 = db_end(c, rc == 0, e);
	return rc ? rc : rc2;
}

static void run_batch(struct store *s, struct submit_job **jobs, int n)
{
	struct xerr e = {0};
	const struct cal *cal;
	int rc = store_calendar(s, &cal, &e);
	if (rc) {
		for (int i = 0; i < n; i++) {
			jobs[i]->rc = rc;
			jobs[i]->err = e;
		}
		return;
	}
	struct db_conn *c = st_get(s);
	rc = file_batch(c, cal, jobs, n, &e);
	if (rc == 0) {
		for (int i = 0; i < n; i++)
			jobs[i]->rc = 0;
	} else if (n == 1) {
		jobs[0]->rc = rc;
		if (!jobs[0]->err.code)
			jobs[0]->err = e;
	} else {
		/* Rolled back: file each on its own, so only the bad one fails. */
		for (int i = 0; i < n; i++) {
			memset(&jobs[i]->err, 0, sizeof jobs[i]->err);
			jobs[i]->rc = file_batch(c, cal, &jobs[i], 1, &e);
			if (jobs[i]->rc && !jobs[i]->err.code)
				jobs[i]->err = e;
		}
	}
	st_put(s, c);
}

static void *writer_main(void *arg)
{
	struct dossier_writer *w = arg;
	struct submit_job *batch[WRITER_BATCH];
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->head && !w->stop)
			pthread_cond_wait(&w->work, &w->mu);
		if (!w->head)
			break; /* stopping, and the queue is drained */
		int n = 0;
		while (w->head && n < WRITER_BATCH) {
			batch[n++] = w->head;
			w->head = w->head->next;
		}
		if (!w->head)
			w->tail = NULL;
		pthread_mutex_unlock(&w->mu);
		run_batch(w->s, batch, n);
		/* Each waiter has its own semaphore: waking only the members
		 * of this batch, not every thread waiting for a later one. */
		for (int i = 0; i < n; i++)
			sem_post(&batch[i]->done);
		pthread_mutex_lock(&w->mu);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static struct dossier_writer *writer_get(struct store *s, struct xerr *e)
{
	pthread_mutex_lock(&s->writer_lock);
	struct dossier_writer *w = s->writer;
	if (!w) {
		w = calloc(1, sizeof *w);
		if (w) {
			w->s = s;
			pthread_mutex_init(&w->mu, NULL);
			pthread_cond_init(&w->work, NULL);
			if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
				pthread_mutex_destroy(&w->mu);
				pthread_cond_destroy(&w->work);
				free(w);
				w = NULL;
			}
		}
		s->writer = w;
	}
	pthread_mutex_unlock(&s->writer_lock);
	if (!w)
		xerr_set(e, XERR_IO, NULL, "cannot start the dossier writer");
	return w;
}

void st_writer_stop(struct store *s)
{
	pthread_mutex_lock(&s->writer_lock);
	struct dossier_writer *w = s->writer;
	s->writer = NULL;
	pthread_mutex_unlock(&s->writer_lock);
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->work);
	free(w);
}

int store_dossier_submit(struct store *s, const struct actor *who, struct dossier *d,
                         struct xerr *e)
{
	return store_dossier_submit_files(s, who, d, NULL, 0, e);
}

int store_dossier_submit_files(struct store *s, const struct actor *who, struct dossier *d,
                               const struct dossier_file *files, size_t nfiles, struct xerr *e)
{
	int rc;
	for (size_t i = 0; i < nfiles; i++)
		if ((rc = st_dossier_file_check(&files[i], e)))
			return rc;
	if (!d->submitted_at)
		d->submitted_at = st_now_local();
	struct dossier_writer *w = writer_get(s, e);
	if (!w)
		return XERR_IO;
	struct submit_job job = {d, who, files, nfiles, {0}, 0, {{0}}, NULL};
	sem_init(&job.done, 0, 0);
	pthread_mutex_lock(&w->mu);
	if (w->stop) {
		pthread_mutex_unlock(&w->mu);
		sem_destroy(&job.done);
		return xerr_set(e, XERR_IO, NULL, "the store is closing");
	}
	if (w->tail)
		w->tail->next = &job;
	else
		w->head = &job;
	w->tail = &job;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->mu);
	while (sem_wait(&job.done) != 0)
		; /* EINTR: keep waiting, the writer always posts */
	sem_destroy(&job.done);
	if (job.rc && e)
		*e = job.err;
	return job.rc;
}
