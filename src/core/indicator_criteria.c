/*
 * indicator_criteria.c: plan tasks by their deadlines, and criteria sets
 * that decide a unit's colour.
 *
 * The official commune criteria ("16 tiêu chí", the Central Steering
 * Committee's 94 criteria) and the thresholds of Xanh/Vàng/Đỏ were not
 * found (RULES-766-2026.md §2, RULES.md §5.1): a criteria set is
 * configuration, its rules are compiled by core/expr.h and judged here.
 */
#include <stdlib.h>
#include <string.h>

#include "core/indicator.h"

const char *const ind_task_names[IND_TASK_COUNTS] = {"tasks_total", "tasks_done", "tasks_late",
                                                     "tasks_open"};

enum ind_task_state ind_task_state(int32_t deadline, int32_t done_on, int32_t as_of)
{
	if (done_on && done_on <= as_of)
		return done_on <= deadline ? IND_TASK_DONE : IND_TASK_DONE_LATE;
	return as_of > deadline ? IND_TASK_LATE : IND_TASK_ON_TRACK;
}

void ind_task_count(const enum ind_task_state *states, size_t n, double *out)
{
	memset(out, 0, IND_TASK_COUNTS * sizeof *out);
	out[IND_TASKS_TOTAL] = (double)n;
	for (size_t i = 0; i < n; i++) {
		bool done = states[i] == IND_TASK_DONE || states[i] == IND_TASK_DONE_LATE;
		out[done ? IND_TASKS_DONE : IND_TASKS_OPEN]++;
		if (states[i] == IND_TASK_LATE)
			out[IND_TASKS_LATE]++;
	}
}

struct ind_criteria {
	struct compiled {
		struct expr_rule *rule;
		bool critical;
	} * items;
	size_t n;
	struct ind_colour_rule colour;
};

void ind_criteria_free(struct ind_criteria *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		expr_rule_free(c->items[i].rule);
	free(c->items);
	free(c);
}

int ind_criteria_compile(const struct ind_criteria_set *s, const char *const *names, size_t nnames,
                         struct ind_criteria **out, size_t *bad, struct expr_error *pe,
                         struct xerr *e)
{
	*out = NULL;
	*bad = 0;
	struct ind_criteria *c = calloc(1, sizeof *c);
	if (c)
		c->items = calloc(s->n + 1, sizeof *c->items);
	if (!c || !c->items) {
		ind_criteria_free(c);
		return xerr_set(e, XERR_NOMEM, "criteria", "out of memory");
	}
	c->colour = s->colour;
	for (; c->n < s->n; c->n++) {
		const struct ind_criterion *k = &s->items[c->n];
		int rc = expr_rule_compile(k->rule ? k->rule : "", names, nnames,
		                           &c->items[c->n].rule, pe, e);
		if (rc) {
			*bad = c->n;
			ind_criteria_free(c);
			return rc;
		}
		c->items[c->n].critical = k->critical;
	}
	*out = c;
	return 0;
}

void ind_criteria_judge(const struct ind_criteria *c, const double *values, int *states,
                        struct ind_verdict *v)
{
	memset(v, 0, sizeof *v);
	for (size_t i = 0; i < c->n; i++) {
		int st = expr_rule_eval(c->items[i].rule, values);
		states[i] = st;
		if (st == 1)
			v->met++;
		else if (st == 0)
			v->failed++;
		else
			v->no_data++;
		if (c->items[i].critical && (st == 0 || (st < 0 && c->colour.no_data_fails)))
			v->critical_failed = true;
	}
	size_t failing = v->failed + (c->colour.no_data_fails ? v->no_data : 0);
	if (c->n == 0)
		v->colour = IND_NO_COLOUR;
	else if (v->met == c->n)
		v->colour = IND_GREEN;
	else if ((c->colour.red_failed_over >= 0 && failing > (size_t)c->colour.red_failed_over) ||
	         (c->colour.red_on_critical && v->critical_failed))
		v->colour = IND_RED;
	else
		v->colour = IND_YELLOW;
}
