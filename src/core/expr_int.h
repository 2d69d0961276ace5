/*
 * expr_int.h: what the files of the formula language share and nobody else
 * sees: the syntax tree that expr.c reads, expr_check.c checks and turns
 * into plans and rules, and the error helper.
 *
 * Every node lives in an arena owned by the caller of expr_parse() and is
 * released with it. Names are folded to lower case; strings are decoded.
 */
#ifndef XASO_CORE_EXPR_INT_H
#define XASO_CORE_EXPR_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/expr.h"

enum ast_kind {
	AST_NUM = 1, /* text: the literal in canonical form; num its value */
	AST_STR,     /* text: the decoded string */
	AST_NAME,    /* text: the name */
	AST_MEMBER,  /* text "entity", member "field" */
	AST_CALL,    /* text: count | sum | reported; l: target; r: where (or NULL) */
	AST_BIN,     /* op, l, r */
	AST_NOT,     /* l */
	AST_NEG,     /* l */
	AST_IN,      /* l in (items, chained by next); negated: not in */
};

enum ast_op {
	OP_ADD = 1,
	OP_SUB,
	OP_MUL,
	OP_DIV,
	OP_EQ,
	OP_NE,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
	OP_AND,
	OP_OR,
};

struct ast {
	enum ast_kind kind;
	size_t pos;  /* byte offset of the node's first character */
	size_t opos; /* BIN, IN: the operator's offset */
	const char *text, *member;
	double num;
	bool integer; /* NUM without a fraction */
	enum ast_op op;
	struct ast *l, *r;
	struct ast *items, *next; /* IN: the first value; a value: the one after it */
	size_t nitems;
	bool negated;
};

/* Reads text into a tree allocated from a. 0, or XERR_INVALID with err
 * filled. */
int expr_parse(const char *text, struct arena *a, struct ast **out, struct expr_error *err);

/* Fills err for the place `off` of text with a message in English and
 * Vietnamese (the same arguments for both formats). expr_fail() does that
 * and is XERR_INVALID, so `return expr_fail(...)` is visibly a failure. */
void expr_fail_at(struct expr_error *err, const char *text, size_t off, const char *en,
                  const char *vi, ...) __attribute__((format(printf, 4, 6)))
__attribute__((format(printf, 5, 6)));
#define expr_fail(...) (expr_fail_at(__VA_ARGS__), XERR_INVALID)

/* The closest of n candidates to name (edit distance), or NULL when none is
 * close enough to be a likely typo. */
const char *expr_closest(const char *name, const char *const *cand, size_t n);

/* Comparison operators between the tree and the plan. */
enum expr_cmp expr_cmp_of(enum ast_op op);
const char *expr_cmp_text(enum expr_cmp c);
/* The value of arithmetic given its aggregates' (or names') values. */
double expr_arith_eval(const struct expr_arith *a, const double *vals);

/* A criteria rule: a condition tree whose comparisons (CMP) compare two
 * pieces of arithmetic over the names (l, r) instead of a field. */
struct expr_rule {
	const struct expr_filter *root;
	const char **names; /* copies of the compile-time names */
	size_t nnames;
	struct arena arena;
};

struct check {
	const char *src;
	struct expr_error *err;
	struct arena *out; /* what the plan or rule keeps */
	struct arena *tmp; /* freed when compiling ends */
	struct expr_agg *aggs;
	const char **agg_text; /* canonical text of each aggregate, to merge repeats */
	size_t naggs, cap;
	const char *const *names; /* rules: the names the caller knows */
	size_t nnames;
};

/* Helpers of the checks (expr_where.c). */
enum { EXPR_FUNCTIONS = 4 };
extern const char *const expr_functions[EXPR_FUNCTIONS]; /* count, sum, reported, index766 */
const char *expr_type_vi(enum expr_type t);
/* A short rendering of a value of the tree, for messages. */
const char *expr_show(struct check *c, const struct ast *a);
/* "counter, online, post": the words of a list field. */
const char *expr_words_list(struct check *c, const struct expr_field *f);
/* "unknown field "chanel"; did you mean "channel"?" */
static inline int expr_unknown(struct check *c, size_t pos, const char *name,
                               const char *const *cand, size_t n, const char *what_en,
                               const char *what_vi)
{
	const char *best = expr_closest(name, cand, n);
	if (best)
		return expr_fail(c->err, c->src, pos, "unknown %s%.0s \"%s\"; did you mean \"%s\"?",
		                 "không có %.0s%s \"%s\"; có phải là \"%s\"?", what_en, what_vi,
		                 name, best);
	return expr_fail(c->err, c->src, pos, "unknown %s%.0s \"%s\"", "không có %.0s%s \"%s\"",
	                 what_en, what_vi, name);
}
const char **expr_field_names(struct check *c, const struct expr_entity *en);
/* Entities, reported figures and functions: the names outside `where`. */
const char **expr_top_names(struct check *c, size_t *n);
/* An entity that has a field of this name, or NULL. */
const struct expr_entity *expr_owner_of(const char *field);
/* A condition over the fields of en as a filter (expr_where.c); with
 * c->names set, a criteria rule's condition (en is NULL). NULL, with
 * c->err filled, when it is wrong. */
struct expr_filter *expr_check_cond(struct check *c, const struct expr_entity *en,
                                    const struct ast *a);
/* Arithmetic of a formula, or of a rule over c->names (expr_check.c); NULL,
 * with c->err filled, when it is wrong. */
const struct expr_arith *expr_check_arith(struct check *c, const struct ast *a);
/* An arena array of n pointers (kids of a node, items of a list). */
void *expr_ptrs(struct arena *a, size_t n);

/* True when the filter can hold for some record of entity en (false: it is
 * a contradiction such as `channel = online and channel = counter`). When
 * the search grows too large it answers true: it never calls a filter
 * impossible that is not. */
bool expr_filter_possible(const struct expr_filter *f, const struct expr_entity *en);

#endif
