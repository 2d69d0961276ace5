/* Tests for src/web/ratelimit.c: the limits' syntax, the bucket arithmetic
 * (a burst, then one request per interval, Retry-After), keys kept apart,
 * a table that stays bounded without freeing a throttled client, and the
 * table of guarded routes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "web/ratelimit.h"
#include "web/server_int.h"

static void test_parse(void **state)
{
	(void)state;
	struct rl_rule r;
	assert_int_equal(rl_rule_parse("30/h", &r), 0);
	assert_int_equal(r.count, 30);
	assert_int_equal(r.period, 3600);
	assert_int_equal(r.burst, 0);
	assert_int_equal(rl_rule_parse("120/h burst 20", &r), 0);
	assert_int_equal(r.burst, 20);
	assert_int_equal(rl_rule_parse("10/min", &r), 0);
	assert_int_equal(r.period, 60);
	assert_int_equal(rl_rule_parse("5/s", &r), 0);
	assert_int_equal(rl_rule_parse("1000/d", &r), 0);
	assert_int_equal(r.period, 86400);
	assert_int_equal(rl_rule_parse("off", &r), 0);
	assert_int_equal(r.count, 0);
	const char *bad[] = {"",
	                     "30",
	                     "30/",
	                     "30/week",
	                     "0/h",
	                     "-1/h",
	                     "x/h",
	                     "30/h burst",
	                     "30/h burst 0",
	                     "30/h burst 31",
	                     "30/h burst 5 more",
	                     " 30/h",
	                     NULL};
	for (int i = 0; bad[i]; i++)
		assert_int_equal(rl_rule_parse(bad[i], &r), -1);
}

static void rules_with(enum rl_class c, unsigned count, unsigned period, unsigned burst,
                       struct rl_rule out[RL_CLASSES])
{
	memset(out, 0, sizeof(struct rl_rule) * RL_CLASSES);
	out[c] = (struct rl_rule){count, period, burst};
}

static void test_burst_then_interval(void **state)
{
	(void)state;
	struct rl_rule rules[RL_CLASSES];
	rules_with(RL_FILING, 60, 3600, 5, rules); /* 5 at once, then one a minute */
	struct ratelimit *rl = ratelimit_new(rules, 1024);
	assert_non_null(rl);
	int64_t t = 1000000;
	for (int i = 0; i < 5; i++)
		assert_int_equal(ratelimit_take(rl, RL_FILING, "a", 1, t), 0);
	long wait = ratelimit_take(rl, RL_FILING, "a", 1, t);
	assert_int_equal(wait, 60);
	/* Refused requests cost nothing: still 60 s to wait, less as time goes. */
	assert_int_equal(ratelimit_take(rl, RL_FILING, "a", 1, t + 30000), 30);
	assert_int_equal(ratelimit_take(rl, RL_FILING, "a", 1, t + 60000), 0);
	assert_true(ratelimit_take(rl, RL_FILING, "a", 1, t + 60000) > 0);
	/* Another key, and the same key in another class, are apart. */
	assert_int_equal(ratelimit_take(rl, RL_FILING, "b", 1, t), 0);
	assert_int_equal(ratelimit_take(rl, RL_TRACK, "a", 1, t), 0); /* track: no limit */
	/* After a quiet hour the whole burst is back. */
	for (int i = 0; i < 5; i++)
		assert_int_equal(ratelimit_take(rl, RL_FILING, "a", 1, t + 3700000), 0);
	assert_true(ratelimit_take(rl, RL_FILING, "a", 1, t + 3700000) > 0);
	ratelimit_free(rl);
}

/* The table never grows: a flood of new keys reuses the buckets of
 * clients that may pass anyway, and a throttled client stays throttled. */
static void test_bounded_table(void **state)
{
	(void)state;
	struct rl_rule rules[RL_CLASSES];
	rules_with(RL_REGISTER, 10, 3600, 2, rules);
	struct ratelimit *rl = ratelimit_new(rules, 256);
	int64_t t = 5000000;
	assert_int_equal(ratelimit_take(rl, RL_REGISTER, "attacker", 8, t), 0);
	assert_int_equal(ratelimit_take(rl, RL_REGISTER, "attacker", 8, t), 0);
	assert_true(ratelimit_take(rl, RL_REGISTER, "attacker", 8, t) > 0);
	char key[16];
	for (int i = 0; i < 100000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		assert_int_equal(ratelimit_take(rl, RL_REGISTER, key, strlen(key), t + 1), 0);
	}
	assert_true(ratelimit_take(rl, RL_REGISTER, "attacker", 8, t + 2) > 0);
	ratelimit_free(rl);
}

static void test_guarded_routes(void **state)
{
	(void)state;
	assert_int_equal(ratelimit_class_of("GET", "/api/v1/track/{}"), RL_TRACK);
	assert_int_equal(ratelimit_class_of("POST", "/login"), RL_SIGNIN);
	assert_int_equal(ratelimit_class_of("POST", "/api/v1/register"), RL_REGISTER);
	assert_int_equal(ratelimit_class_of("POST", "/feedback"), RL_FEEDBACK);
	assert_int_equal(ratelimit_class_of("POST", "/api/v1/dossiers"), RL_FILING);
	assert_int_equal(ratelimit_class_of("POST", "/api/v1/blobs"), RL_UPLOAD);
	assert_int_equal(ratelimit_class_of("GET", "/api/v1/dossiers"), -1);
	/* Every guarded route exists in the server's tables... */
	const struct route *const *tables = web_route_tables();
	const struct route *all[256];
	int n = 0;
	for (int i = 0; tables[i]; i++)
		for (const struct route *rt = tables[i]; rt->method && n < 256; rt++)
			all[n++] = rt;
	struct xerr e = {0};
	assert_int_equal(ratelimit_verify(all, n, &e), 0);
	/* ...and a missing one stops the server from starting. */
	int k = 0;
	for (int i = 0; i < n; i++)
		if (strcmp(all[i]->pattern, "/api/v1/register"))
			all[k++] = all[i];
	assert_int_equal(ratelimit_verify(all, k, &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "/api/v1/register"));
	for (int c = 0; c < RL_CLASSES; c++)
		assert_true(strlen(rl_class_name((enum rl_class)c)) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_burst_then_interval),
	    cmocka_unit_test(test_bounded_table),
	    cmocka_unit_test(test_guarded_routes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
