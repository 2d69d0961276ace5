/*
 * hashpool.c: a fixed set of worker threads taking jobs from one bounded
 * FIFO queue (see hashpool.h). One mutex guards the queue and the counts;
 * a job's run() is called without it.
 */
#include "web/hashpool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

enum { MAX_WORKERS = 256, MAX_NICE = 19 };

struct hashpool {
	pthread_mutex_t mu;
	pthread_cond_t work; /* a job was queued, or stop */
	struct hashpool_job *head, *tail;
	int waiting, running, workers, queue_max, nice;
	uint64_t job_us; /* recent time of a job, smoothed */
	bool stop;
	int started;
	pthread_t thread[];
};

static uint64_t now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

static void *worker_main(void *arg)
{
	struct hashpool *p = arg;
	/* Linux gives each thread its own nice value, inherited from the
	 * thread that created it: the workers go p->nice steps below the
	 * server's other threads (whatever nice the server was started at).
	 * Failing to lower it changes nothing but the share of the cores. */
	if (p->nice > 0) {
		int base = getpriority(PRIO_PROCESS, (id_t)gettid());
		int nice = base + p->nice > MAX_NICE ? MAX_NICE : base + p->nice;
		(void)setpriority(PRIO_PROCESS, (id_t)gettid(), nice);
	}
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->head && !p->stop)
			pthread_cond_wait(&p->work, &p->mu);
		struct hashpool_job *job = p->head;
		if (!job)
			break; /* stopping, and the queue is drained */
		p->head = job->next;
		if (!p->head)
			p->tail = NULL;
		p->waiting--;
		p->running++;
		pthread_mutex_unlock(&p->mu);
		uint64_t t0 = now_us();
		job->run(job); /* may end the job: not touched after this */
		uint64_t took = now_us() - t0;
		pthread_mutex_lock(&p->mu);
		p->running--;
		p->job_us = p->job_us ? (p->job_us * 7 + took) / 8 : took;
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct hashpool *hashpool_new(int workers, int queue_max, int nice)
{
	if (workers <= 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		workers = cores > 0 ? (int)cores : 1;
	}
	if (workers > MAX_WORKERS)
		workers = MAX_WORKERS;
	struct hashpool *p = calloc(1, sizeof *p + (size_t)workers * sizeof(pthread_t));
	if (!p)
		return NULL;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	p->workers = workers;
	p->nice = nice > 0 ? nice : 0;
	p->queue_max = queue_max > 0 ? queue_max : 0;
	for (; p->started < workers; p->started++)
		if (pthread_create(&p->thread[p->started], NULL, worker_main, p) != 0)
			break;
	if (p->started < workers) {
		hashpool_free(p);
		return NULL;
	}
	return p;
}

int hashpool_submit(struct hashpool *p, struct hashpool_job *job)
{
	pthread_mutex_lock(&p->mu);
	if (p->stop || p->waiting + p->running >= p->workers + p->queue_max) {
		pthread_mutex_unlock(&p->mu);
		return -1;
	}
	job->next = NULL;
	job->queued_us = now_us();
	if (p->tail)
		p->tail->next = job;
	else
		p->head = job;
	p->tail = job;
	p->waiting++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

int hashpool_retry_after(struct hashpool *p)
{
	pthread_mutex_lock(&p->mu);
	uint64_t us = (uint64_t)(p->waiting + p->running) * p->job_us / (uint64_t)p->workers;
	pthread_mutex_unlock(&p->mu);
	uint64_t s = (us + 999999u) / 1000000u;
	return s < 1 ? 1 : s > 60 ? 60 : (int)s;
}

int hashpool_workers(const struct hashpool *p)
{
	return p->workers;
}

void hashpool_free(struct hashpool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = true;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (int i = 0; i < p->started; i++)
		pthread_join(p->thread[i], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work);
	free(p);
}
