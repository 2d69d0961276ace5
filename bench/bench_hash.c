/*
 * bench_hash.c: what a password hash costs at xaso's Argon2id parameters
 * (core/secret.h: t=2, 19 MiB, one lane, after OWASP's Password Storage
 * Cheat Sheet), beside libsodium's interactive limits (t=2, 64 MiB), which
 * xaso used before and which every older stored hash still carries.
 *
 * For each cost it prints:
 *   - hashes per second on one thread and on one thread per core (a
 *     sign-in, and a verification of an existing hash, cost one hash);
 *   - the memory one hash holds, measured: a fresh child process hashes
 *     once and reports how far its peak resident set grew (Argon2 writes
 *     every block of its memory, so this is the whole cost, not a bound);
 *   - the peak resident set of a process hashing on every core at once,
 *     which is what concurrent sign-ins add to a server per hashing
 *     thread.
 * The xaso figures are password_hash() itself; the comparison row calls
 * libsodium with its interactive limits in the same run.
 */
#include <pthread.h>
#include <stdbool.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/secret.h"

struct cost {
	const char *name;
	unsigned long long ops;
	size_t mem;
	bool xaso; /* through password_hash(), else crypto_pwhash_str() */
};

static const char password[] = "cà phê buôn ma thuột 2026";

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int hash_once(const struct cost *c)
{
	char out[PASSWORD_HASH_LEN];
	struct xerr e;
	if (c->xaso)
		return password_hash(password, out, &e);
	return crypto_pwhash_str(out, password, strlen(password), c->ops, c->mem);
}

struct worker {
	const struct cost *c;
	double until;
	long done;
	int rc;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	/* At least one hash each: with until in the past, exactly one. */
	do {
		if ((w->rc = hash_once(w->c)) != 0)
			break;
		w->done++;
	} while (now() < w->until);
	return NULL;
}

/* Hashes per second over `seconds` with `threads` threads hashing (each
 * hashes once when seconds is 0). */
static double rate(const struct cost *c, int threads, double seconds)
{
	pthread_t t[64];
	struct worker w[64];
	double t0 = now();
	for (int i = 0; i < threads; i++) {
		w[i] = (struct worker){c, t0 + seconds, 0, 0};
		pthread_create(&t[i], NULL, work, &w[i]);
	}
	long total = 0;
	for (int i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		if (w[i].rc != 0) {
			fprintf(stderr, "bench_hash: hashing failed\n");
			exit(1);
		}
		total += w[i].done;
	}
	return (double)total / (now() - t0);
}

static long peak_rss_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* In a fresh child: how far the peak resident set grows while `threads`
 * threads each hash once at the same time, in KiB. */
static long rss_growth(const struct cost *c, int threads)
{
	int fd[2];
	if (pipe(fd) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		long before = peak_rss_kib();
		rate(c, threads, 0.0); /* each thread hashes once */
		long grown = peak_rss_kib() - before;
		ssize_t n = write(fd[1], &grown, sizeof grown);
		_exit(n == (ssize_t)sizeof grown ? 0 : 1);
	}
	close(fd[1]);
	long grown = -1;
	if (read(fd[0], &grown, sizeof grown) != (ssize_t)sizeof grown)
		grown = -1;
	close(fd[0]);
	waitpid(pid, NULL, 0);
	return grown;
}

int main(void)
{
	struct xerr e;
	if (secret_init(&e) != 0) {
		fprintf(stderr, "bench_hash: %s\n", e.msg);
		return 1;
	}
	int cores = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (cores < 1)
		cores = 1;
	if (cores > 64)
		cores = 64;
	const double seconds = 3.0;
	const struct cost costs[] = {
	    {"xaso (OWASP)", PASSWORD_HASH_OPS, PASSWORD_HASH_MEM, true},
	    {"libsodium interactive", crypto_pwhash_OPSLIMIT_INTERACTIVE,
	     crypto_pwhash_MEMLIMIT_INTERACTIVE, false},
	};
	double one[2], all[2];
	long mem[2], peak[2];
	printf("Argon2id password hashes (libsodium %s), %.0f s per figure, %d cores\n",
	       sodium_version_string(), seconds, cores);
	printf("  %-22s %-14s %12s %16s %16s %18s\n", "", "cost", "hashes/s", "hashes/s",
	       "memory per hash", "peak RSS growth");
	printf("  %-22s %-14s %12s %16s %16s %18s\n", "", "", "(1 thread)", "(1 per core)",
	       "(measured)", "(1 hash per core)");
	for (int i = 0; i < 2; i++) {
		const struct cost *c = &costs[i];
		one[i] = rate(c, 1, seconds);
		all[i] = rate(c, cores, seconds);
		mem[i] = rss_growth(c, 1);
		peak[i] = rss_growth(c, cores);
		char cost[32];
		snprintf(cost, sizeof cost, "t=%llu m=%zu MiB", c->ops, c->mem >> 20);
		printf("  %-22s %-14s %12.1f %16.1f %12.1f MiB %14.1f MiB\n", c->name, cost, one[i],
		       all[i], (double)mem[i] / 1024, (double)peak[i] / 1024);
	}
	printf("  xaso / interactive: %.2fx the hashes per second, %.2fx the memory per hash\n",
	       all[0] / all[1], (double)mem[0] / (double)mem[1]);
	printf("  64 concurrent sign-ins, if each hashed at once: %.0f MiB (xaso) vs %.0f MiB "
	       "(interactive)\n",
	       64.0 * (double)mem[0] / 1024, 64.0 * (double)mem[1] / 1024);
	return 0;
}
