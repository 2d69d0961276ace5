/* Tests for src/core/expr*.c: the indicator formula language (reading,
 * checking, plans, canonical printing, evaluation) and criteria rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/dossier.h"
#include "core/expr.h"
#include "core/indicator.h"
#include "core/lunar.h"
#include "core/people.h"
#include "doctext.h"

/* Compiles, formats, and checks that the canonical text compiles to the
 * same text again. Returns the plan (the caller frees it). */
static struct expr_plan *compile_ok(const char *text, enum expr_want want, const char *canon)
{
	struct expr_plan *p = NULL, *q = NULL;
	struct expr_error err = {0};
	struct xerr e = {0};
	if (expr_compile(text, want, &p, &err, &e))
		fail_msg("%s: %s", text, e.msg);
	struct buf a, b;
	buf_init(&a);
	buf_init(&b);
	expr_format(p, &a);
	if (canon)
		assert_string_equal(a.data, canon);
	assert_int_equal(expr_compile(a.data, want, &q, &err, &e), 0);
	expr_format(q, &b);
	assert_string_equal(a.data, b.data);
	assert_int_equal(p->naggs, q->naggs);
	buf_free(&a);
	buf_free(&b);
	expr_plan_free(q);
	return p;
}

static void compile_err(const char *text, enum expr_want want, int line, int column, const char *en,
                        const char *vi)
{
	struct expr_plan *p = NULL;
	struct expr_error err = {0};
	struct xerr e = {0};
	assert_int_equal(expr_compile(text, want, &p, &err, &e), XERR_INVALID);
	assert_null(p);
	if (err.line != line || err.column != column)
		fail_msg("%s: error at %d:%d, expected %d:%d (%s)", text, err.line, err.column,
		         line, column, err.en);
	if (!strstr(err.en, en))
		fail_msg("%s: \"%s\" lacks \"%s\"", text, err.en, en);
	if (vi && !strstr(err.vi, vi))
		fail_msg("%s: \"%s\" lacks \"%s\"", text, err.vi, vi);
	assert_string_equal(e.field, "formula");
	char where[32];
	snprintf(where, sizeof where, "formula:%d:%d: ", line, column);
	assert_non_null(strstr(e.msg, where));
}

/* The formulas of the task and issue 14, exactly as users write them. */
static void test_issue_formulas(void **state)
{
	(void)state;
	static const char *const ratios[] = {
	    "count(dossiers where channel = online) / count(dossiers)",
	    "count(dossiers where finished and on_time) / count(dossiers where finished)",
	    "count(residents where age >= 14 and eid_level = 2) / count(residents where age >= 14)",
	    "reported(broadband_villages) / count(villages)",
	};
	for (size_t i = 0; i < sizeof ratios / sizeof ratios[0]; i++) {
		struct expr_plan *p = compile_ok(ratios[i], EXPR_RATIO, ratios[i]);
		assert_int_equal(p->naggs, 2);
		assert_non_null(p->den);
		expr_plan_free(p);
	}
	/* The 766 index as a value (issue 16 item 5): one aggregate per name. */
	struct expr_plan *x = compile_ok("index766(total) - index766(progress)", EXPR_ANY,
	                                 "index766(total) - index766(progress)");
	assert_int_equal(x->naggs, 2);
	assert_int_equal(x->aggs[0].kind, EXPR_INDEX766);
	assert_int_equal(x->aggs[0].index, 0);
	assert_int_equal(x->aggs[1].index, 2);
	expr_plan_free(x);
	struct expr_plan *p =
	    compile_ok("sum(activities.attendance where kind = training)", EXPR_ANY,
	               "sum(activities.attendance where kind = training)");
	assert_null(p->den);
	assert_int_equal(p->aggs[0].kind, EXPR_SUM);
	assert_string_equal(p->aggs[0].entity->name, "activities");
	assert_string_equal(p->aggs[0].entity->fields[p->aggs[0].field].name, "attendance");
	expr_plan_free(p);
}

/* What the store receives: entities, fields, operators and typed constants. */
static void test_plan_shape(void **state)
{
	(void)state;
	struct expr_plan *p =
	    compile_ok("count(residents where age >= 14 and eid_level = 2 and sex in (female)) / "
	               "count(residents where age >= 14)",
	               EXPR_RATIO, NULL);
	assert_int_equal(p->num->kind, EXPR_A_AGG);
	assert_int_equal(p->den->kind, EXPR_A_AGG);
	const struct expr_agg *a = &p->aggs[p->num->agg];
	assert_int_equal(a->kind, EXPR_COUNT);
	assert_string_equal(a->entity->name, "residents");
	assert_int_equal(a->entity->select, EXPR_STATE);
	assert_false(a->never);
	const struct expr_filter *w = a->where;
	assert_int_equal(w->kind, EXPR_F_AND);
	assert_int_equal(w->nkids, 3);
	const struct expr_filter *age = w->kids[0], *eid = w->kids[1], *sex = w->kids[2];
	assert_string_equal(a->entity->fields[age->field].name, "age");
	assert_int_equal(a->entity->fields[age->field].origin, EXPR_AS_OF);
	assert_int_equal(age->cmp, EXPR_GE);
	assert_int_equal(age->values[0].i, 14);
	assert_int_equal(eid->cmp, EXPR_EQ);
	assert_int_equal(eid->values[0].i, 2);
	assert_int_equal(sex->cmp, EXPR_IN);
	assert_int_equal(sex->nvalues, 1);
	assert_int_equal(sex->values[0].i, PEOPLE_FEMALE);
	assert_string_equal(sex->values[0].s, "female");
	expr_plan_free(p);

	/* Rule-book fields are marked for the store, with the rule to call. */
	p = compile_ok("count(dossiers where channel = online and not late and filed_on >= "
	               "\"2026-01-15\" and procedure = \"1.001193\")",
	               EXPR_ANY, NULL);
	const struct expr_entity *d = p->aggs[0].entity;
	w = p->aggs[0].where;
	assert_int_equal(w->kids[0]->values[0].i, DC_ONLINE);
	assert_int_equal(w->kids[1]->kind, EXPR_F_NOT);
	const struct expr_field *late = &d->fields[w->kids[1]->kids[0]->field];
	assert_string_equal(late->name, "late");
	assert_int_equal(late->origin, EXPR_RULE);
	assert_non_null(strstr(late->rule, "core/dossier.h"));
	assert_int_equal(w->kids[2]->values[0].i, lunar_jdn(2026, 1, 15));
	assert_string_equal(w->kids[3]->values[0].s, "1.001193");
	assert_int_equal(d->select, EXPR_EVENT);
	expr_plan_free(p);
}

/* Several spellings, one canonical text; formatting is stable. */
static void test_canonical(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
	    {"COUNT( Dossiers WHERE Channel==online )/count(dossiers)",
	     "count(dossiers where channel = online) / count(dossiers)"},
	    {"count(residents where 14 <= age)", "count(residents where age >= 14)"},
	    {"count(residents where 2 > eid_level)", "count(residents where eid_level < 2)"},
	    {"count(dossiers where finished = true)", "count(dossiers where finished)"},
	    {"count(dossiers where finished != true)", "count(dossiers where not finished)"},
	    {"count(dossiers where finished = false)", "count(dossiers where not finished)"},
	    {"count(dossiers where finished != false)", "count(dossiers where finished)"},
	    {"count(dossiers where not not finished)", "count(dossiers where finished)"},
	    {"count(dossiers where (finished and on_time) and (rated and satisfied))",
	     "count(dossiers where finished and on_time and rated and satisfied)"},
	    {"count(dossiers where finished or (on_time and rated))",
	     "count(dossiers where finished or on_time and rated)"},
	    {"count(dossiers where (finished or on_time) and rated)",
	     "count(dossiers where (finished or on_time) and rated)"},
	    {"count(dossiers where not (channel = online))",
	     "count(dossiers where not (channel = online))"},
	    {"count(dossiers where channel <> post and status not in (refused, \"withdrawn\"))",
	     "count(dossiers where channel != post and status not in (refused, withdrawn))"},
	    {"count(tasks where plan = \"02-KH/BC\\\"DTW\\\\\")",
	     "count(tasks where plan = \"02-KH/BC\\\"DTW\\\\\")"},
	    {"count(dossiers) - (count(dossiers where late) - 1)",
	     "count(dossiers) - (count(dossiers where late) - 1)"},
	    {"(count(dossiers) - count(dossiers where late)) - 1",
	     "count(dossiers) - count(dossiers where late) - 1"},
	    {"007.50 * -(2 + 3)", "7.5 * -(2 + 3)"},
	    {"--3", "- -3"},
	    {"(sum(activities.people)) / (count(villages where has_team) * 12)",
	     "sum(activities.people) / (count(villages where has_team) * 12)"},
	    {"count(residents where birth_date < \"2012-01-01\")",
	     "count(residents where birth_date < \"2012-01-01\")"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		expr_plan_free(compile_ok(cases[i][0], EXPR_ANY, cases[i][1]));
}

/* The same aggregate written twice is queried once. */
static void test_repeats_merged(void **state)
{
	(void)state;
	struct expr_plan *p =
	    compile_ok("count(dossiers where channel = online) / (count(dossiers where "
	               "channel=online) + count(dossiers where channel = counter))",
	               EXPR_RATIO, NULL);
	assert_int_equal(p->naggs, 2);
	assert_int_equal(p->num->agg, 0);
	assert_int_equal(p->den->l->agg, 0);
	assert_int_equal(p->den->r->agg, 1);
	expr_plan_free(p);
}

static void test_errors(void **state)
{
	(void)state;
	compile_err("count(dosiers)", EXPR_ANY, 1, 7,
	            "unknown entity \"dosiers\"; did you mean "
	            "\"dossiers\"?",
	            "có phải là \"dossiers\"");
	compile_err("count(dossiers where chanel = online)", EXPR_ANY, 1, 22,
	            "did you mean \"channel\"", "có phải là \"channel\"");
	compile_err("count(dossiers where channel = onlin)", EXPR_ANY, 1, 32,
	            "\"onlin\" is not a value of channel; did you mean \"online\"", NULL);
	compile_err("count(dossiers where channel = 2)", EXPR_ANY, 1, 32,
	            "channel is one of counter, online, post; 2 is a number", "2 là số");
	compile_err("count(dossiers) and count(residents)", EXPR_ANY, 1, 17,
	            "\"and\" joins yes/no conditions", "nối các điều kiện");
	compile_err("count(dossiers where age > 3)", EXPR_ANY, 1, 22,
	            "dossiers have no field age (it is a field of residents)", NULL);
	compile_err("count(residents where age)", EXPR_ANY, 1, 23, "age is a number", "age là số");
	compile_err("count(residents where age >= 14.5)", EXPR_ANY, 1, 30, "whole number", NULL);
	compile_err("count(residents where age >= \"14\")", EXPR_ANY, 1, 30, "age is a number",
	            NULL);
	compile_err("count(residents where age in (1, x))", EXPR_ANY, 1, 34, "age is a number",
	            NULL);
	compile_err("count(dossiers where channel < online)", EXPR_ANY, 1, 30, "has no order",
	            NULL);
	compile_err("count(dossiers where finished > 1)", EXPR_ANY, 1, 31, "is yes/no", NULL);
	compile_err("count(dossiers where finished = 1)", EXPR_ANY, 1, 33, "is yes/no", NULL);
	compile_err("count(dossiers where procedure = 1.2)", EXPR_ANY, 1, 34, "in quotes", NULL);
	compile_err("count(dossiers where filed_on > \"2026-02-30\")", EXPR_ANY, 1, 33, "is a date",
	            NULL);
	compile_err("count(dossiers where channel = status)", EXPR_ANY, 1, 30, "not two fields",
	            NULL);
	compile_err("count(dossiers where 1 = 2)", EXPR_ANY, 1, 22,
	            "compares a field of dossiers with a value", NULL);
	compile_err("count(dossiers where 3)", EXPR_ANY, 1, 22, "expected a condition", NULL);
	compile_err("count(dossiers) = 3", EXPR_ANY, 1, 17, "comparisons belong inside where",
	            NULL);
	compile_err("count(activities.people)", EXPR_ANY, 1, 7, "count counts records", NULL);
	compile_err("sum(activities)", EXPR_ANY, 1, 5, "sum adds up a number field", NULL);
	compile_err("sum(residents.sex)", EXPR_ANY, 1, 5, "sex is a word", "từ trong danh sách");
	compile_err("sum(activities.peple)", EXPR_ANY, 1, 16, "did you mean \"people\"", NULL);
	compile_err("reported(broadband) + 1", EXPR_ANY, 1, 10, "unknown reported figure", NULL);
	compile_err("reported(population where x)", EXPR_ANY, 1, 27, "has no where", NULL);
	compile_err("index766(totl)", EXPR_ANY, 1, 10, "did you mean \"total\"", NULL);
	compile_err("index766(total where x)", EXPR_ANY, 1, 22, "has no where", NULL);
	compile_err("cont(dossiers)", EXPR_ANY, 1, 1, "did you mean \"count\"", NULL);
	compile_err("dossiers", EXPR_ANY, 1, 1, "counted with count(dossiers)", NULL);
	compile_err("channel", EXPR_ANY, 1, 1, "channel is a field of dossiers", NULL);
	compile_err("activities.people", EXPR_ANY, 1, 1, "write sum(activities.people)", NULL);
	compile_err("\"x\"", EXPR_ANY, 1, 1, "text in quotes", NULL);
	compile_err("", EXPR_ANY, 1, 1, "empty", "trống");
	compile_err("count(dossiers where)", EXPR_ANY, 1, 21, "expected a value, found \")\"",
	            "cần một giá trị");
	compile_err("count(dossiers where finished", EXPR_ANY, 1, 30, "expected \")\"", NULL);
	compile_err("count(dossiers finished)", EXPR_ANY, 1, 16, "\"where\" or \")\"", NULL);
	compile_err("count(residents where 1 < age < 5)", EXPR_ANY, 1, 31, "one comparison", NULL);
	compile_err("count(dossiers) count(villages)", EXPR_ANY, 1, 17, "unexpected", NULL);
	compile_err("count(dossiers where procedure = \"x)", EXPR_ANY, 1, 34, "not closed", NULL);
	compile_err("count(dossiers where procedure = \"a\\n\")", EXPR_ANY, 1, 36, "backslash",
	            NULL);
	compile_err("đếm(dossiers)", EXPR_ANY, 1, 1, "without diacritics", "không dấu");
	compile_err("count(dossiers) # note", EXPR_ANY, 1, 17, "unexpected character", NULL);
	compile_err("count(dossiers) / count(residents) / 2", EXPR_ANY, 1, 17,
	            "only one division by data", NULL);
	compile_err("count(dossiers) / (count(residents) / count(villages))", EXPR_ANY, 1, 37,
	            "only one division by data", NULL);
	/* Columns count characters, lines restart them. */
	compile_err("count(dossiers where procedure = \"Đăng ký\" and chanel = online)", EXPR_ANY,
	            1, 48, "did you mean \"channel\"", NULL);
	compile_err("count(dossiers where on_time)\n  / count(dosiers)", EXPR_ANY, 2, 11,
	            "unknown entity", NULL);
	/* Too long, too deep, bad bytes: refused, not crashed. */
	char deep[400];
	memset(deep, '(', 200);
	strcpy(deep + 200, "1");
	compile_err(deep, EXPR_ANY, 1, 65, "nested", NULL);
	char big[EXPR_TEXT_MAX + 10];
	memset(big, ' ', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	compile_err(big, EXPR_ANY, 1, EXPR_TEXT_MAX + 1, "longer than", NULL);
	compile_err("count(dossiers where procedure = \"\xff\")", EXPR_ANY, 1, 35, "UTF-8", NULL);
}

static void test_error_offset_is_bytes(void **state)
{
	(void)state;
	struct expr_plan *p;
	struct expr_error err;
	const char *t = "count(dossiers where procedure = \"Đăng ký\" and chanel = online)";
	assert_int_equal(expr_compile(t, EXPR_ANY, &p, &err, NULL), XERR_INVALID);
	assert_int_equal(err.offset, strstr(t, "chanel") - t);
	assert_int_equal(err.offset, 50);
	assert_int_equal(err.column, 48);
}

static void test_denominator_never_zero(void **state)
{
	(void)state;
	compile_err("count(dossiers) / 0", EXPR_ANY, 1, 17, "division by 0", "chia cho 0");
	compile_err("count(dossiers) / (2 - 2)", EXPR_ANY, 1, 17, "division by 0", NULL);
	compile_err("count(dossiers) * 3 / (count(villages) - count(villages)) + 1", EXPR_ANY, 1,
	            21, "only one division", NULL);
	compile_err("count(dossiers where channel = online) / count(dossiers where channel = "
	            "online and channel = counter)",
	            EXPR_RATIO, 1, 42, "the denominator is always 0", "mẫu số luôn bằng 0");
	compile_err("count(dossiers) / count(dossiers where channel in (online, post) and channel "
	            "= counter)",
	            EXPR_ANY, 1, 19, "always 0", NULL);
	compile_err("count(residents) / count(residents where age >= 14 and age < 14)", EXPR_ANY, 1,
	            20, "always 0", NULL);
	compile_err("count(residents) / count(residents where eid_level > 2)", EXPR_ANY, 1, 20,
	            "always 0", NULL);
	compile_err("count(residents) / count(residents where eid_level in (0, 1) and eid_level "
	            "!= 0 and eid_level != 1)",
	            EXPR_ANY, 1, 20, "always 0", NULL);
	compile_err("count(dossiers) / count(dossiers where not (finished or not finished))",
	            EXPR_ANY, 1, 19, "always 0", NULL);
	compile_err(
	    "count(dossiers) / count(dossiers where procedure = \"a\" and procedure = \"b\")",
	    EXPR_ANY, 1, 19, "always 0", NULL);
	compile_err("count(dossiers) / (2 * count(dossiers where late and not late))", EXPR_ANY, 1,
	            24, "always 0", NULL);
	compile_err("count(dossiers) / count(dossiers where filed_on > \"2026-03-01\" and filed_on "
	            "< \"2026-03-02\")",
	            EXPR_ANY, 1, 19, "always 0", NULL);
	/* Possible filters pass, and a contradiction in a numerator is only marked. */
	static const char *const fine[] = {
	    "count(dossiers) / count(dossiers where late or (channel = online and channel = "
	    "counter))",
	    "count(residents) / count(residents where age >= 14 and age <= 14)",
	    "count(residents) / count(residents where eid_level in (0, 1) and eid_level != 0)",
	    "count(dossiers) / (count(dossiers where late and not late) + 1)",
	    "count(dossiers) / count(dossiers where not (channel = online and channel = post))",
	    "count(dossiers) / count(dossiers where procedure != \"a\" and procedure != \"b\")",
	};
	for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
		expr_plan_free(compile_ok(fine[i], EXPR_ANY, NULL));
	struct expr_plan *p =
	    compile_ok("count(dossiers where late and on_time and not late) / count(dossiers)",
	               EXPR_RATIO, NULL);
	assert_true(p->aggs[0].never);
	assert_false(p->aggs[1].never);
	expr_plan_free(p);
}

static void test_ratio_for_percent(void **state)
{
	(void)state;
	compile_err("count(dossiers)", EXPR_RATIO, 1, 1, "is a ratio of data", "tỷ lệ");
	compile_err("count(dossiers where late) / 100", EXPR_RATIO, 1, 1, "is a ratio of data",
	            NULL);
	expr_plan_free(compile_ok("count(dossiers)", EXPR_ANY, NULL));
	expr_plan_free(compile_ok("count(team_members) / count(villages)", EXPR_ANY, NULL));
}

static void test_eval(void **state)
{
	(void)state;
	struct expr_plan *p =
	    compile_ok("(count(dossiers where late) + 2 * reported(population)) / (count(dossiers) "
	               "- 1)",
	               EXPR_ANY, NULL);
	double v[3] = {3, 10, 21}, num, den;
	assert_int_equal(expr_eval(p, v, &num, &den), 0);
	assert_true(num == 23 && den == 20);
	v[1] = NAN; /* the figure was not reported: no data, never 0 */
	expr_eval(p, v, &num, &den);
	assert_true(isnan(num));
	expr_plan_free(p);
	p = compile_ok("sum(activities.people where kind = eid_activation) / 2", EXPR_ANY, NULL);
	v[0] = 9;
	expr_eval(p, v, &num, &den);
	assert_true(num == 9 && den == 2);
	expr_plan_free(p);
	p = compile_ok("2 * sum(activities.people where kind = eid_activation)", EXPR_ANY, NULL);
	expr_eval(p, v, &num, &den);
	assert_true(num == 18 && den == 1);
	expr_plan_free(p);
}

static void test_vocabulary(void **state)
{
	(void)state;
	size_t n, nf;
	const struct expr_entity *en = expr_entities(&n);
	assert_true(n >= 14);
	for (size_t i = 0; i < n; i++) {
		assert_ptr_equal(expr_entity_find(en[i].name), &en[i]);
		assert_true(en[i].nfields > 0 && en[i].vi && en[i].en && en[i].when_vi);
		assert_true(en[i].select >= EXPR_EVENT && en[i].select <= EXPR_SPAN);
		for (size_t j = 0; j < en[i].nfields; j++) {
			const struct expr_field *f = &en[i].fields[j];
			assert_int_equal(expr_field_index(&en[i], f->name), (int)j);
			assert_true(f->vi && f->en);
			assert_true((f->origin == EXPR_RULE) == (f->rule != NULL));
			assert_true((f->type == EXPR_ENUM) == (f->words != NULL));
			for (size_t k = 0; f->words && f->words[k].word; k++)
				for (size_t m = 0; m < k; m++)
					assert_true(strcmp(f->words[k].word, f->words[m].word) &&
					            f->words[k].code != f->words[m].code);
		}
	}
	/* Dossier words are the rule book's names and codes. */
	const struct expr_entity *d = expr_entity_find("dossiers");
	const struct expr_field *ch = &d->fields[expr_field_index(d, "channel")];
	const struct expr_field *st = &d->fields[expr_field_index(d, "status")];
	for (int c = DC_COUNTER; c <= DC_POST; c++)
		assert_string_equal(ch->words[c - 1].word, dossier_channel_name(c));
	for (int s = DS_SUBMITTED; s <= DS_MAX; s++) {
		assert_string_equal(st->words[s - 1].word, dossier_status_name(s));
		assert_int_equal(st->words[s - 1].code, s);
	}
	static const char *const rule_book[] = {"finished", "on_time", "late", "overdue"};
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(d->fields[expr_field_index(d, rule_book[i])].origin, EXPR_RULE);
	/* The entities the issues name. */
	static const char *const named[] = {"dossiers",  "residents", "households",   "businesses",
	                                    "villages",  "teams",     "team_members", "activities",
	                                    "trainings", "campaigns", "products",     "tasks",
	                                    "officials", "feedback"};
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		assert_non_null(expr_entity_find(named[i]));
	const struct expr_figure *fg = expr_figures(&nf);
	for (size_t i = 0; i < nf; i++)
		assert_ptr_equal(expr_figure_find(fg[i].name), &fg[i]);
	assert_null(expr_entity_find("dossier"));
}

static void test_rules(void **state)
{
	(void)state;
	const char *names[] = {"online_rate", "tasks_done", "tasks_total", "eid_rate"};
	struct expr_rule *r;
	struct expr_error err;
	struct xerr e;
	assert_int_equal(expr_rule_compile("online_rate >= 35 AND tasks_done == tasks_total", names,
	                                   4, &r, &err, &e),
	                 0);
	struct buf b;
	buf_init(&b);
	expr_rule_format(r, &b);
	assert_string_equal(b.data, "online_rate >= 35 and tasks_done = tasks_total");
	size_t idx[4];
	assert_int_equal(expr_rule_names(r, idx, 4), 3);
	assert_int_equal(idx[0], 0);
	assert_int_equal(idx[1], 1);
	assert_int_equal(idx[2], 2);
	double v[4] = {35.0000000001 - 1e-10, 17, 25, 90};
	assert_int_equal(expr_rule_eval(r, v), 0); /* 17 of 25 tasks */
	v[1] = 25;
	assert_int_equal(expr_rule_eval(r, v), 1);
	v[0] = 34.99;
	assert_int_equal(expr_rule_eval(r, v), 0);
	v[0] = NAN;
	assert_int_equal(expr_rule_eval(r, v), -1); /* no data: undecided */
	v[1] = 3;
	assert_int_equal(expr_rule_eval(r, v), 0); /* a known failure decides `and` */
	expr_rule_free(r);

	assert_int_equal(expr_rule_compile("not (eid_rate < 90 or online_rate / 2 > 40)", names, 4,
	                                   &r, &err, &e),
	                 0);
	buf_reset(&b);
	expr_rule_format(r, &b);
	assert_string_equal(b.data, "not (eid_rate < 90 or online_rate / 2 > 40)");
	double w[4] = {60, 0, 0, 95};
	assert_int_equal(expr_rule_eval(r, w), 1);
	w[0] = NAN;
	assert_int_equal(expr_rule_eval(r, w), -1);
	w[3] = 10; /* eid_rate < 90 decides the `or` even without online_rate */
	assert_int_equal(expr_rule_eval(r, w), 0);
	expr_rule_free(r);
	buf_free(&b);

	assert_int_equal(expr_rule_compile("onlin_rate >= 35", names, 4, &r, &err, &e),
	                 XERR_INVALID);
	assert_string_equal(e.msg, "rule:1:1: unknown name \"onlin_rate\"; did you mean "
	                           "\"online_rate\"?");
	assert_string_equal(e.field, "rule");
	assert_int_equal(expr_rule_compile("online_rate", names, 4, &r, &err, &e), XERR_INVALID);
	assert_non_null(strstr(err.en, "expected a comparison"));
	assert_int_equal(expr_rule_compile("count(dossiers) > 3", names, 4, &r, &err, &e),
	                 XERR_INVALID);
	assert_non_null(strstr(err.en, "by their id"));
	assert_int_equal(expr_rule_compile("online_rate in (1, 2)", names, 4, &r, &err, &e),
	                 XERR_INVALID);
	assert_int_equal(err.column, 13);
}

/* docs/indicators.md names every entity, field, word, figure and built-in
 * indicator, in backquotes as formulas write them. */
static void test_guide_names_the_vocabulary(void **state)
{
	(void)state;
	char *doc = doc_read("indicators.md");
	if (!doc)
		fail_msg("docs/indicators.md not found (set XASO_SRC)");
	char q[80];
	size_t n;
	const struct expr_entity *en = expr_entities(&n);
	for (size_t i = 0; i < n; i++) {
		snprintf(q, sizeof q, "`%s`", en[i].name);
		if (!strstr(doc, q))
			fail_msg("docs/indicators.md lacks %s", q);
		for (size_t j = 0; j < en[i].nfields; j++) {
			const struct expr_field *f = &en[i].fields[j];
			snprintf(q, sizeof q, "| `%s` |", f->name);
			if (!strstr(doc, q))
				fail_msg("docs/indicators.md lacks %s of %s", q, en[i].name);
			for (size_t k = 0; f->words && f->words[k].word; k++) {
				snprintf(q, sizeof q, "`%s`", f->words[k].word);
				if (!strstr(doc, q))
					fail_msg("docs/indicators.md lacks %s", q);
			}
		}
	}
	const struct expr_figure *fg = expr_figures(&n);
	for (size_t i = 0; i < n; i++) {
		snprintf(q, sizeof q, "| `%s` |", fg[i].name);
		if (!strstr(doc, q))
			fail_msg("docs/indicators.md lacks %s", q);
	}
	const struct ind_def *d = ind_builtin(&n);
	for (size_t i = 0; i < n; i++) {
		snprintf(q, sizeof q, "| `%s` |", d[i].id);
		if (!strstr(doc, q))
			fail_msg("docs/indicators.md lacks %s", q);
	}
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_issue_formulas),
	    cmocka_unit_test(test_plan_shape),
	    cmocka_unit_test(test_canonical),
	    cmocka_unit_test(test_repeats_merged),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_error_offset_is_bytes),
	    cmocka_unit_test(test_denominator_never_zero),
	    cmocka_unit_test(test_ratio_for_percent),
	    cmocka_unit_test(test_eval),
	    cmocka_unit_test(test_vocabulary),
	    cmocka_unit_test(test_rules),
	    cmocka_unit_test(test_guide_names_the_vocabulary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
