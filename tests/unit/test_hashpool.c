/* Tests for src/web/hashpool.c: at most `workers` jobs run at once, jobs
 * run in the order queued, a full queue refuses, freeing the pool runs
 * what is still queued, and workers run `nice` steps below their creator. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "web/hashpool.h"

enum { JOBS = 12 };

struct counting_job {
	struct hashpool_job job; /* first */
	atomic_int *running, *peak, *order_at;
	int order;             /* when it ran: 1, 2, ... */
	pthread_mutex_t *gate; /* held by the test to keep jobs running */
	atomic_bool *started;
};

static void counting_run(struct hashpool_job *j)
{
	struct counting_job *c = (struct counting_job *)(void *)j;
	int now = atomic_fetch_add(c->running, 1) + 1;
	int seen = atomic_load(c->peak);
	while (now > seen && !atomic_compare_exchange_weak(c->peak, &seen, now))
		;
	c->order = atomic_fetch_add(c->order_at, 1) + 1;
	atomic_store(c->started, true);
	if (c->gate) {
		pthread_mutex_lock(c->gate);
		pthread_mutex_unlock(c->gate);
	}
	usleep(2000); /* long enough for others to overlap if they could */
	atomic_fetch_sub(c->running, 1);
}

/* Runs JOBS jobs on `workers` workers; the peak of jobs running at once
 * in *peak_out, each job's turn in jobs[i].order. */
static void run_jobs(int workers, struct counting_job jobs[JOBS], int *peak_out)
{
	atomic_int running = 0, peak = 0, order_at = 0;
	atomic_bool started[JOBS];
	struct hashpool *p = hashpool_new(workers, JOBS, 5);
	assert_non_null(p);
	assert_int_equal(hashpool_workers(p), workers);
	memset(jobs, 0, sizeof *jobs * JOBS);
	for (int i = 0; i < JOBS; i++) {
		atomic_init(&started[i], false);
		jobs[i] = (struct counting_job){
		    {counting_run, NULL, 0}, &running, &peak, &order_at, 0, NULL, &started[i]};
		assert_int_equal(hashpool_submit(p, &jobs[i].job), 0);
	}
	hashpool_free(p); /* runs everything queued, then joins */
	assert_int_equal(atomic_load(&order_at), JOBS);
	*peak_out = atomic_load(&peak);
}

static void test_bounded(void **state)
{
	(void)state;
	struct counting_job jobs[JOBS];
	int peak;
	run_jobs(2, jobs, &peak);
	assert_true(peak >= 1 && peak <= 2);
}

static void test_in_order(void **state)
{
	(void)state;
	struct counting_job jobs[JOBS];
	int peak;
	run_jobs(1, jobs, &peak);
	assert_int_equal(peak, 1);
	for (int i = 0; i < JOBS; i++)
		assert_int_equal(jobs[i].order, i + 1); /* first in, first out */
}

static void test_full_queue_refuses(void **state)
{
	(void)state;
	atomic_int running = 0, peak = 0, order_at = 0;
	atomic_bool started[4];
	pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
	struct counting_job jobs[4];
	pthread_mutex_lock(&gate); /* the first job holds the only worker */
	struct hashpool *p = hashpool_new(1, 2, 5);
	assert_non_null(p);
	for (int i = 0; i < 4; i++) {
		atomic_init(&started[i], false);
		jobs[i] = (struct counting_job){
		    {counting_run, NULL, 0}, &running, &peak, &order_at, 0, &gate, &started[i]};
	}
	assert_int_equal(hashpool_submit(p, &jobs[0].job), 0);
	while (!atomic_load(&started[0]))
		usleep(1000);
	/* One running, two waiting: the fourth is refused. */
	assert_int_equal(hashpool_submit(p, &jobs[1].job), 0);
	assert_int_equal(hashpool_submit(p, &jobs[2].job), 0);
	assert_int_equal(hashpool_submit(p, &jobs[3].job), -1);
	assert_true(hashpool_retry_after(p) >= 1);
	pthread_mutex_unlock(&gate);
	hashpool_free(p);
	assert_int_equal(atomic_load(&order_at), 3);
	assert_false(atomic_load(&started[3]));
	assert_int_equal(atomic_load(&peak), 1);
}

static void test_default_workers(void **state)
{
	(void)state;
	struct hashpool *p = hashpool_new(0, 0, 5);
	assert_non_null(p);
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	assert_int_equal(hashpool_workers(p), cores > 0 ? (int)cores : 1);
	hashpool_free(p);
}

struct nice_job {
	struct hashpool_job job; /* first */
	atomic_int nice;
	atomic_bool done;
};

static void nice_run(struct hashpool_job *j)
{
	struct nice_job *n = (struct nice_job *)(void *)j;
	atomic_store(&n->nice, getpriority(PRIO_PROCESS, (id_t)gettid()));
	atomic_store(&n->done, true);
}

/* The worker's nice value, for a pool made with `nice`. */
static int worker_nice(int nice)
{
	struct nice_job n = {.job = {.run = nice_run}};
	atomic_init(&n.nice, -100);
	atomic_init(&n.done, false);
	struct hashpool *p = hashpool_new(1, 1, nice);
	assert_non_null(p);
	assert_int_equal(hashpool_submit(p, &n.job), 0);
	hashpool_free(p); /* runs the job, joins the worker */
	assert_true(atomic_load(&n.done));
	return atomic_load(&n.nice);
}

static void test_nice(void **state)
{
	(void)state;
	int base = getpriority(PRIO_PROCESS, (id_t)gettid());
	assert_int_equal(worker_nice(0), base);
	/* Relative to the creator (a server started at nice 10 gets 15), at
	 * most 19. */
	assert_int_equal(worker_nice(5), base + 5 > 19 ? 19 : base + 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bounded),
	    cmocka_unit_test(test_in_order),
	    cmocka_unit_test(test_full_queue_refuses),
	    cmocka_unit_test(test_default_workers),
	    cmocka_unit_test(test_nice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
