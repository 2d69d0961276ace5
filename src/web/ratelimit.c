/*
 * ratelimit.c: the bounded table of request buckets, and the server's
 * check of a route that declares a class (see ratelimit.h).
 */
#include "web/ratelimit.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/server_int.h"

const struct rl_rule rl_defaults[RL_CLASSES] = {
    [RL_TRACK] = {60, 60, 0},      /* a citizen looks up a few codes */
    [RL_SIGNIN] = {10, 60, 0},     /* beside the failure lock of auth.h */
    [RL_REGISTER] = {10, 3600, 5}, /* a family, or a team's session */
    [RL_FEEDBACK] = {10, 3600, 5}, /* nobody writes 10 complaints an hour */
    [RL_FILING] = {120, 3600, 20}, /* a busy counter files one a minute */
    [RL_UPLOAD] = {300, 3600, 50}, /* scans of several documents each */
};

static const char *const class_names[RL_CLASSES] = {
    "", "track", "signin", "register", "feedback", "filing", "upload",
};

const char *rl_class_name(enum rl_class c)
{
	return (unsigned)c < RL_CLASSES ? class_names[c] : "";
}

int rl_rule_parse(const char *s, struct rl_rule *out)
{
	static const struct {
		const char *name;
		unsigned secs;
	} units[] = {{"s", 1}, {"min", 60}, {"h", 3600}, {"d", 86400}};
	memset(out, 0, sizeof *out);
	if (!strcmp(s, "off"))
		return 0;
	char unit[8];
	unsigned count, burst = 0;
	int used = 0, more = 0;
	if (s[0] < '1' || s[0] > '9' || sscanf(s, "%u/%7[a-z]%n", &count, unit, &used) != 2 ||
	    count > 10000000)
		return -1;
	const char *rest = s + used;
	if (*rest && (sscanf(rest, " burst %u%n", &burst, &more) != 1 || rest[more] != '\0' ||
	              burst == 0 || burst > count))
		return -1;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (!strcmp(unit, units[i].name)) {
			out->count = count;
			out->period = units[i].secs;
			out->burst = burst;
			return 0;
		}
	}
	return -1;
}

enum { SET_WAYS = 4, LOCK_STRIPES = 256 };

struct bucket {
	uint64_t key; /* 0: free */
	int64_t tat;  /* theoretical arrival time, microseconds */
};

struct ratelimit {
	struct rl_rule rules[RL_CLASSES];
	int64_t interval_us[RL_CLASSES];  /* period / count */
	int64_t tolerance_us[RL_CLASSES]; /* interval * (burst - 1) */
	unsigned char hash_key[crypto_shorthash_KEYBYTES];
	size_t nsets; /* a power of two */
	struct bucket *buckets;
	pthread_mutex_t locks[LOCK_STRIPES];
};

struct ratelimit *ratelimit_new(const struct rl_rule *rules, size_t slots)
{
	if (sodium_init() < 0)
		return NULL;
	struct ratelimit *rl = calloc(1, sizeof *rl);
	if (!rl)
		return NULL;
	size_t nsets = 16;
	while (nsets * SET_WAYS < slots)
		nsets *= 2;
	rl->nsets = nsets;
	rl->buckets = calloc(nsets * SET_WAYS, sizeof *rl->buckets);
	if (!rl->buckets) {
		free(rl);
		return NULL;
	}
	for (int c = 0; c < RL_CLASSES; c++) {
		rl->rules[c] = rules[c];
		if (!rules[c].count)
			continue;
		unsigned burst = rules[c].burst ? rules[c].burst : rules[c].count;
		rl->interval_us[c] = (int64_t)rules[c].period * 1000000 / rules[c].count;
		if (rl->interval_us[c] < 1)
			rl->interval_us[c] = 1;
		rl->tolerance_us[c] = rl->interval_us[c] * (int64_t)(burst - 1);
	}
	crypto_shorthash_keygen(rl->hash_key);
	for (int i = 0; i < LOCK_STRIPES; i++)
		pthread_mutex_init(&rl->locks[i], NULL);
	return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
	if (!rl)
		return;
	for (int i = 0; i < LOCK_STRIPES; i++)
		pthread_mutex_destroy(&rl->locks[i]);
	free(rl->buckets);
	free(rl);
}

/* The bucket of h in its set: the one holding h, else a free or full one
 * (no information lost), else the one whose owner may pass soonest. */
static struct bucket *find_bucket(struct bucket *set, uint64_t h)
{
	struct bucket *pick = NULL;
	for (int i = 0; i < SET_WAYS; i++) {
		if (set[i].key == h)
			return &set[i];
		if (!pick || set[i].tat < pick->tat)
			pick = &set[i];
	}
	pick->key = h;
	pick->tat = 0;
	return pick;
}

long ratelimit_take(struct ratelimit *rl, enum rl_class c, const void *key, size_t keylen,
                    int64_t now_ms)
{
	if ((unsigned)c >= RL_CLASSES || !rl->rules[c].count)
		return 0;
	unsigned char in[1 + 32];
	if (keylen > sizeof in - 1)
		keylen = sizeof in - 1;
	in[0] = (unsigned char)c;
	memcpy(in + 1, key, keylen);
	unsigned char out[crypto_shorthash_BYTES];
	crypto_shorthash(out, in, 1 + keylen, rl->hash_key);
	uint64_t h;
	memcpy(&h, out, sizeof h);
	h |= 1; /* never 0, the mark of a free bucket */
	size_t set = (size_t)(h >> 17) & (rl->nsets - 1);
	int64_t now = now_ms * 1000;
	pthread_mutex_t *lock = &rl->locks[set % LOCK_STRIPES];
	pthread_mutex_lock(lock);
	struct bucket *b = find_bucket(&rl->buckets[set * SET_WAYS], h);
	int64_t tat = b->tat > now ? b->tat : now;
	long wait = 0;
	if (tat - rl->tolerance_us[c] > now) {
		int64_t us = tat - rl->tolerance_us[c] - now;
		wait = (long)((us + 999999) / 1000000);
	} else {
		b->tat = tat + rl->interval_us[c];
	}
	pthread_mutex_unlock(lock);
	return wait;
}

/* The key of a textual address: 4 bytes of IPv4, the /64 of IPv6. */
static size_t address_key(const char *ip, unsigned char key[17])
{
	unsigned char a[16];
	if (inet_pton(AF_INET, ip, a) == 1) {
		key[0] = 4;
		memcpy(key + 1, a, 4);
		return 5;
	}
	if (inet_pton(AF_INET6, ip, a) == 1) {
		key[0] = 6;
		memcpy(key + 1, a, 8);
		return 9;
	}
	key[0] = 0;
	size_t n = strnlen(ip, 16);
	memcpy(key + 1, ip, n);
	return 1 + n;
}

int ratelimit_check(struct req *r, const struct route *rt, struct xerr *e)
{
	struct ratelimit *rl = r->srv ? r->srv->limiter : NULL;
	int c = rt->rate;
	if (!rl || c == RL_NONE)
		return 0;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	int64_t now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	unsigned char key[17];
	size_t kl = address_key(r->client_ip ? r->client_ip : "", key);
	long wait = ratelimit_take(rl, (enum rl_class)c, key, kl, now_ms);
	if (!wait && r->who) {
		unsigned char acct[9] = {'a'};
		memcpy(acct + 1, &r->who->account_id, sizeof r->who->account_id);
		wait = ratelimit_take(rl, (enum rl_class)c, acct, sizeof acct, now_ms);
	}
	if (!wait)
		return 0;
	resp_header(r, "Retry-After", arena_printf(&r->arena, "%ld", wait));
	return xerr_set(e, XERR_THROTTLED, NULL,
	                "too many requests of this kind (%s): try again in %ld seconds",
	                rl_class_name((enum rl_class)c), wait);
}
