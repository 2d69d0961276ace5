/* Tests for src/web/ratelimit.c: the limits' syntax, the bucket arithmetic
 * (a burst, then one request per interval, Retry-After), keys kept apart,
 * a table that stays bounded without freeing a throttled client, and the
 * routes that declare a class. */
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

/* The route x class pairs docs/security.md lists. */
static const struct {
	const char *method, *pattern;
	enum rl_class cls;
} limited[] = {
    {"GET", "/api/v1/track/{}", RL_TRACK},
    {"GET", "/track/{}", RL_TRACK},
    {"GET", "/track", RL_TRACK},
    {"POST", "/api/v1/login", RL_SIGNIN},
    {"POST", "/login", RL_SIGNIN},
    {"POST", "/api/v1/register", RL_REGISTER},
    {"POST", "/register", RL_REGISTER},
    {"POST", "/api/v1/feedback", RL_FEEDBACK},
    {"POST", "/feedback", RL_FEEDBACK},
    {"POST", "/api/v1/dossiers", RL_FILING},
    {"POST", "/procedures/{}/file", RL_FILING},
    {"POST", "/office/receive", RL_FILING},
    {"POST", "/api/v1/blobs", RL_UPLOAD},
    {"POST", "/api/v1/statements", RL_UPLOAD},
    {"POST", "/office/payments", RL_UPLOAD},
    {"GET", "/verify/{}", RL_TRACK},
    {"GET", "/verify/{}/{}", RL_TRACK},
    {"GET", "/api/v1/verify/{}", RL_TRACK},
    {"POST", "/verify/{}", RL_UPLOAD},
};

/* The class a route declares (RL_NONE when it declares none), or -1 when
 * no route has that method and pattern. */
static int declared_class(const char *method, const char *pattern)
{
	const struct route *const *tables = web_route_tables();
	for (int i = 0; tables[i]; i++)
		for (const struct route *rt = tables[i]; rt->method; rt++)
			if (!strcmp(rt->method, method) && !strcmp(rt->pattern, pattern))
				return rt->rate;
	return -1;
}

/* Each kind of request the issue names is limited by its route's own
 * declaration, and nothing else is: a renamed route keeps its limit. */
static void test_routes_declare_their_class(void **state)
{
	(void)state;
	size_t n = sizeof limited / sizeof limited[0];
	for (size_t i = 0; i < n; i++)
		assert_int_equal(declared_class(limited[i].method, limited[i].pattern),
		                 limited[i].cls);
	const struct route *const *tables = web_route_tables();
	int with_class = 0;
	for (int i = 0; tables[i]; i++)
		for (const struct route *rt = tables[i]; rt->method; rt++) {
			assert_true(rt->rate < RL_CLASSES);
			with_class += rt->rate != RL_NONE;
		}
	assert_int_equal(with_class, (int)n);
	assert_int_equal(declared_class("GET", "/api/v1/dossiers"), RL_NONE);
	assert_string_equal(rl_class_name(RL_NONE), "");
	for (int c = RL_NONE + 1; c < RL_CLASSES; c++)
		assert_true(strlen(rl_class_name((enum rl_class)c)) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_burst_then_interval),
	    cmocka_unit_test(test_bounded_table),
	    cmocka_unit_test(test_routes_declare_their_class),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
