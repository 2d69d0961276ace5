/* Tests for src/core/rng.c: the same seed gives the same numbers on every
 * machine, and each drawing keeps to its range and its weights. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/rng.h"

static void test_deterministic(void **state)
{
	(void)state;
	struct rng a, b, c;
	rng_seed(&a, 42);
	rng_seed(&b, 42);
	rng_seed(&c, 43);
	int differ = 0;
	for (int i = 0; i < 1000; i++) {
		uint64_t x = rng_next(&a);
		assert_true(x == rng_next(&b));
		differ += x != rng_next(&c);
	}
	assert_true(differ > 990);
	/* xoshiro256** seeded by splitmix64, as its authors define it: the
	 * first values for seed 1, worked out apart from this code (the demo
	 * data of a seed must not change between builds or machines). */
	rng_seed(&a, 1);
	assert_true(rng_next(&a) == 0xb3f2af6d0fc710c5u);
	assert_true(rng_next(&a) == 0x853b559647364ceau);
}

static void test_ranges(void **state)
{
	(void)state;
	struct rng r;
	rng_seed(&r, 7);
	int seen[10] = {0};
	double lo = 1, hi = 0;
	for (int i = 0; i < 100000; i++) {
		uint32_t k = rng_below(&r, 10);
		assert_true(k < 10);
		seen[k]++;
		double u = rng_unit(&r);
		assert_true(u >= 0 && u < 1);
		lo = u < lo ? u : lo;
		hi = u > hi ? u : hi;
	}
	/* Uniform enough: each of ten values about a tenth of the time. */
	for (int k = 0; k < 10; k++)
		assert_true(seen[k] > 9000 && seen[k] < 11000);
	assert_true(lo < 0.001 && hi > 0.999);
	assert_int_equal(rng_below(&r, 1), 0);
}

static void test_weighted(void **state)
{
	(void)state;
	struct rng r;
	rng_seed(&r, 11);
	const unsigned w[4] = {380, 0, 110, 510};
	int seen[4] = {0};
	for (int i = 0; i < 100000; i++)
		seen[rng_weighted(&r, w, 4)]++;
	assert_int_equal(seen[1], 0); /* a zero weight is never drawn */
	assert_true(seen[0] > 36000 && seen[0] < 40000);
	assert_true(seen[2] > 10000 && seen[2] < 12000);
	assert_true(seen[3] > 49000 && seen[3] < 53000);
	const unsigned zero[2] = {0, 0};
	assert_true(rng_weighted(&r, zero, 2) < 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_deterministic),
	    cmocka_unit_test(test_ranges),
	    cmocka_unit_test(test_weighted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
