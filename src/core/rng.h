/*
 * rng.h: a small deterministic random generator (xoshiro256**, seeded with
 * splitmix64) for demo data and tests: the same seed gives the same data on
 * every machine. Not for secrets: those come from libsodium.
 */
#ifndef XASO_CORE_RNG_H
#define XASO_CORE_RNG_H

#include <stdint.h>

struct rng {
	uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, n) for n > 0. */
uint32_t rng_below(struct rng *r, uint32_t n);
/* Uniform in [0, 1). */
double rng_unit(struct rng *r);
/* Index drawn from weights[0..n) (non-negative, not all zero). */
int rng_weighted(struct rng *r, const unsigned *weights, int n);

#endif
