/*
 * sqlite_dossier_writer.c: filing dossiers with group commit.
 *
 * One writer thread owns a queue. store_dossier_submit() checks the
 * dossier, queues it and sleeps until the batch holding it has committed;
 * the writer takes everything queued (up to WRITER_BATCH), files it in one
 * transaction (codes, appointments, the filing event and an audit entry per
 * dossier) and commits once, so one fsync serves the whole batch while the
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
#include "core/text.h"
#include "store/store_audit.h"
#include "store/store_calendar.h"
#include "store/store_dossiers.h"
#include "store/sqlite_int.h"

enum { WRITER_BATCH = 512 };

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
static int file_one(struct conn *c, const struct cal *cal, struct submit_job *j, struct xerr *e)
{
	static const char sql_seq[] =
	    "INSERT INTO dossier_seq(unit, day, last) VALUES (?1, ?2, 1) "
	    "ON CONFLICT(unit, day) DO UPDATE SET last = last + 1 RETURNING last";
	struct dossier *d = j->d;
	int64_t at = d->submitted_at;
	int32_t day = cal_time_day(at);
	sqlite3_stmt *st = conn_stmt(c, sql_seq, e);
	if (!st)
		return XERR_IO;
	bind_text(st, 1, d->unit, false);
	sqlite3_bind_int(st, 2, day);
	int rc = sqlite3_step(st);
	long seq = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st); /* finish the statement so the upsert completes */
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sql_err(c, rc, e);
	dossier_code_format(d->unit, day, seq, d->code);
	d->received_at = d->due_at = d->original_due_at = d->finished_at = d->apology_at = 0;
	d->supplement_count = 0;
	d->rating = -1;
	if (d->channel == DC_ONLINE) {
		d->status = DS_SUBMITTED;
	} else {
		/* At the counter or by post the unit receives the dossier as it
		 * is filed, and the receipt carries the appointment. */
		d->status = DS_RECEIVED;
		d->received_at = at;
		if ((rc = dossier_compute_due(c, cal, d, at, &d->due_at, e)))
			return rc;
		d->original_due_at = d->due_at;
	}
	if ((rc = dossier_insert_row(c, d, &d->id, e)))
		return rc;
	if ((rc = dossier_event_add(c, j->who, d->id, 0, d->status, at, "filed", e)))
		return rc;
	for (size_t i = 0; i < j->nfiles; i++)
		if ((rc = dossier_file_insert(c, j->who, d, &j->files[i], NULL, e)))
			return rc;
	char detail[64];
	snprintf(detail, sizeof detail, "procedure %s, channel %d", d->procedure, d->channel);
	return audit_append(c, j->who, "dossier.create", d->code, detail, e);
}

/* Files jobs[0..n) in one transaction; 0 when all were committed. */
static int file_batch(struct store *s, struct conn *c, const struct cal *cal,
                      struct submit_job **jobs, int n, struct xerr *e)
{
	int rc = tx_begin(s, c, e);
	if (rc)
		return rc;
	for (int i = 0; i < n && rc == 0; i++)
		rc = file_one(c, cal, jobs[i], &jobs[i]->err);
	if (rc && e)
		*e = (struct xerr){rc, NULL, "a dossier of the batch failed"};
	int rc2 = tx_end(s, c, rc == 0, rc == 0 ? e : NULL);
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
	struct conn *c = conn_get(s);
	rc = file_batch(s, c, cal, jobs, n, &e);
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
			jobs[i]->rc = file_batch(s, c, cal, &jobs[i], 1, &e);
			if (jobs[i]->rc && !jobs[i]->err.code)
				jobs[i]->err = e;
		}
	}
	conn_put(s, c);
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

void dossier_writer_stop(struct store *s)
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

/* Everything that can be checked before queueing, so a batch rarely
 * fails: the shape of the inputs, and that the unit and procedure exist. */
static int check_submission(struct store *s, const struct dossier *d, struct xerr *e)
{
	static const char sql[] =
	    "SELECT (SELECT level FROM unit WHERE code = ?1 AND valid_to IS NULL), "
	    "(SELECT 1 FROM procedure WHERE code = ?2)";
	if (!dossier_channel_valid(d->channel))
		return xerr_set(e, XERR_INVALID, "channel",
		                "channel must be 1 (counter), 2 (online) or 3 (post)");
	if (!d->applicant_name[0])
		return xerr_set(e, XERR_INVALID, "applicant_name",
		                "the applicant's name is required");
	if (d->applicant_pid[0] && !text_digits(d->applicant_pid, 12, 12))
		return xerr_set(e, XERR_INVALID, "applicant_pid",
		                "a personal identification number has 12 digits");
	if (d->applicant_phone[0] && !text_digits(d->applicant_phone, 9, 12))
		return xerr_set(e, XERR_INVALID, "applicant_phone",
		                "a phone number has 9 to 12 digits");
	if (d->channel == DC_ONLINE && !d->applicant_account)
		return xerr_set(e, XERR_INVALID, "channel",
		                "an online dossier is filed from an account");
	if (d->form[0] != '{')
		return xerr_set(e, XERR_INVALID, "form", "form data must be a JSON object");
	struct conn *c = conn_get(s);
	int rc = XERR_IO;
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (st) {
		bind_text(st, 1, d->unit, false);
		bind_text(st, 2, d->procedure, false);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			rc = sql_err(c, rc, e);
		else if (sqlite3_column_int(st, 0) != 2)
			rc = xerr_set(
			    e,
			    sqlite3_column_type(st, 0) == SQLITE_NULL ? XERR_NOTFOUND
			                                              : XERR_INVALID,
			    "unit",
			    "dossiers are received by a commune, ward or special zone in force");
		else if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			rc = xerr_set(e, XERR_NOTFOUND, "procedure", "no procedure with code %s",
			              d->procedure);
		else
			rc = 0;
		sqlite3_reset(st);
	}
	conn_put(s, c);
	return rc;
}

int store_dossier_submit(struct store *s, const struct actor *who, struct dossier *d,
                         struct xerr *e)
{
	return store_dossier_submit_files(s, who, d, NULL, 0, e);
}

int store_dossier_submit_files(struct store *s, const struct actor *who, struct dossier *d,
                               const struct dossier_file *files, size_t nfiles, struct xerr *e)
{
	int rc = check_submission(s, d, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < nfiles; i++)
		if ((rc = dossier_file_check(&files[i], e)))
			return rc;
	if (!d->submitted_at)
		d->submitted_at = store_now_local();
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
