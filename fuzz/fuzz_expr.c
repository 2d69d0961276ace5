/* libFuzzer harness for the formula language, criteria rules and periods
 * (src/core/expr*.c, indicator_period.c). Besides not crashing, it checks
 * the round trip: whatever compiles prints a canonical text that compiles
 * again to the same text (abort() otherwise, so libFuzzer reports it).
 *   make fuzz  (FUZZTIME=60; seeds in fuzz/corpus/expr/) */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/expr.h"
#include "core/indicator.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void formula(const char *text, enum expr_want want)
{
	struct expr_plan *p, *q;
	struct expr_error err;
	if (expr_compile(text, want, &p, &err, NULL))
		return;
	struct buf a, b;
	buf_init(&a);
	buf_init(&b);
	expr_format(p, &a);
	if (expr_compile(a.data, want, &q, &err, NULL))
		abort(); /* the canonical text must compile */
	expr_format(q, &b);
	if (strcmp(a.data, b.data) || p->naggs != q->naggs)
		abort(); /* and print the same */
	double v[64], num, den;
	for (size_t i = 0; i < 64; i++)
		v[i] = (double)i;
	if (p->naggs <= 64)
		expr_eval(p, v, &num, &den);
	buf_free(&a);
	buf_free(&b);
	expr_plan_free(p);
	expr_plan_free(q);
}

static void rule(const char *text)
{
	static const char *const names[] = {"online_rate", "eid_rate", "tasks_done", "tasks_total"};
	struct expr_rule *r, *s;
	struct expr_error err;
	if (expr_rule_compile(text, names, 4, &r, &err, NULL))
		return;
	struct buf a, b;
	buf_init(&a);
	buf_init(&b);
	expr_rule_format(r, &a);
	if (expr_rule_compile(a.data, names, 4, &s, &err, NULL))
		abort();
	expr_rule_format(s, &b);
	if (strcmp(a.data, b.data))
		abort();
	double v[4] = {35, NAN, 3, 4};
	if (expr_rule_eval(r, v) != expr_rule_eval(s, v))
		abort();
	buf_free(&a);
	buf_free(&b);
	expr_rule_free(r);
	expr_rule_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	formula(text, EXPR_ANY);
	formula(text, EXPR_RATIO);
	rule(text);
	struct ind_period p;
	char back[IND_PERIOD_MAX];
	if (ind_period_parse(text, &p, NULL) == 0) {
		ind_period_format(&p, back);
		if (strcasecmp(back, text))
			abort(); /* a period prints as it was read ("q1" as "Q1") */
	}
	free(text);
	return 0;
}
