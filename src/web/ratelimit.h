/*
 * ratelimit.h: anti-automation. Tracking, sign-in, registration, feedback,
 * filing and uploads are limited per client address and, when the caller
 * is signed in, per account too; a request over either limit gets 429 with
 * Retry-After and does not run.
 *
 * How it works: each (class, key) has a bucket in the generic cell rate
 * algorithm's form (one "theoretical arrival time" per bucket): a limit of
 * N per period lets N requests through at once, then one every period/N.
 * Buckets live in one table of fixed size made when the server starts
 * (RATELIMIT_SLOTS buckets of 16 bytes, in sets of 4): the table never
 * grows with the number of clients. A key is hashed with SipHash under a
 * random key chosen at start, so nobody can aim collisions at another
 * client's bucket. When a set is full, the bucket that would let its owner
 * through soonest is reused: a flood of new addresses can at worst give an
 * old client its burst back, never refuse a client that is within limits.
 * IPv6 addresses are limited by their /64 (what one subscriber gets).
 *
 * Which class a route counts against is part of its declaration, beside
 * its action and inputs (struct route in web/http.h, field rate): a route
 * renamed or moved keeps its limit, and one that declares none has none.
 *
 * Thread safety: the table is shared by the server's threads; each set has
 * its own lock (striped), so requests rarely wait for one another.
 */
#ifndef XASO_WEB_RATELIMIT_H
#define XASO_WEB_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/xerr.h"

struct req;
struct route;

/* The kinds of request limited; RL_NONE (0) is a route without a limit. */
enum rl_class {
	RL_NONE,
	RL_TRACK,
	RL_SIGNIN,
	RL_REGISTER,
	RL_FEEDBACK,
	RL_FILING,
	RL_UPLOAD,
	RL_CLASSES
};

enum { RATELIMIT_SLOTS = 16384 };

/* A limit: count requests per period seconds, of which burst may come at
 * once (burst 0: count). count 0: no limit. */
struct rl_rule {
	unsigned count;
	unsigned period;
	unsigned burst;
};

/* The defaults, by class (docs/security.md explains each; RL_NONE's is no
 * limit). */
extern const struct rl_rule rl_defaults[RL_CLASSES];

/* The class's name ("track"): its setting is rate_<name> ("" for
 * RL_NONE). */
const char *rl_class_name(enum rl_class c);

/* Parses "30/h", "10/min", "5/s", "1000/d", any of them followed by
 * " burst N", or "off". Returns 0 or -1. */
int rl_rule_parse(const char *s, struct rl_rule *out);

struct ratelimit;

/* A table of `slots` buckets (rounded up to a power of two, at least 64)
 * with the limits rules[RL_CLASSES]; NULL when out of memory. */
struct ratelimit *ratelimit_new(const struct rl_rule *rules, size_t slots);
void ratelimit_free(struct ratelimit *rl);

/* Counts one request of class c by the key's owner at now_ms
 * (milliseconds of a monotonic clock). Returns 0 when it may run, or the
 * whole seconds to wait before the owner may try again (at least 1). */
long ratelimit_take(struct ratelimit *rl, enum rl_class c, const void *key, size_t keylen,
                    int64_t now_ms);

/* The server's check, after the caller is known: counts a request to a
 * route that declares a class against its address and its account (when
 * signed in). Returns 0, or XERR_THROTTLED with Retry-After set on r's
 * response. */
int ratelimit_check(struct req *r, const struct route *rt, struct xerr *e);

#endif
