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
	AST_IN,      /* l in (items); negated: not in */
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
	struct ast **items;
	size_t nitems;
	bool negated;
};

/* Reads text into a tree allocated from a. 0, or XERR_INVALID with err
 * filled. */
int expr_parse(const char *text, struct arena *a, struct ast **out, struct expr_error *err);

/* Fills err for the place `off` of text with a message in English and
 * Vietnamese (the same arguments for both formats); returns XERR_INVALID. */
int expr_fail(struct expr_error *err, const char *text, size_t off, const char *en, const char *vi,
              ...) __attribute__((format(printf, 4, 6))) __attribute__((format(printf, 5, 6)));

/* The closest of n candidates to name (edit distance), or NULL when none is
 * close enough to be a likely typo. */
const char *expr_closest(const char *name, const char *const *cand, size_t n);

/* Comparison operators between the tree and the plan. */
enum expr_cmp expr_cmp_of(enum ast_op op);
const char *expr_cmp_text(enum expr_cmp c);
/* The canonical text of a numeric constant (shared by plans and rules). */
void expr_format_num(const struct expr_arith *a, struct buf *out);
void expr_format_arith_names(const struct expr_arith *a, const struct expr_agg *aggs,
                             const char *const *names, struct buf *out);
double expr_arith_eval(const struct expr_arith *a, const double *vals);

/* The internal form of a rule node: a filter-like tree whose leaves compare
 * two arithmetic expressions over the names. */
struct expr_rnode {
	enum expr_fkind kind;
	struct expr_rnode **kids;
	size_t nkids;
	enum expr_cmp cmp;
	const struct expr_arith *l, *r;
};

struct expr_rule {
	const struct expr_rnode *root;
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
extern const char *const expr_functions[3]; /* count, sum, reported */
const char *expr_type_vi(enum expr_type t);
/* A short rendering of a value of the tree, for messages. */
const char *expr_show(struct check *c, const struct ast *a);
/* "counter, online, post": the words of a list field. */
const char *expr_words_list(struct check *c, const struct expr_field *f);
/* "unknown field "chanel"; did you mean "channel"?" */
int expr_unknown(struct check *c, size_t pos, const char *name, const char *const *cand, size_t n,
                 const char *what_en, const char *what_vi);
const char **expr_field_names(struct check *c, const struct expr_entity *en);
/* Entities, reported figures and functions: the names outside `where`. */
const char **expr_top_names(struct check *c, size_t *n);
/* An entity that has a field of this name, or NULL. */
const struct expr_entity *expr_owner_of(const char *field);
/* A condition over the fields of en as a filter (expr_where.c). */
int expr_check_cond(struct check *c, const struct expr_entity *en, const struct ast *a,
                    struct expr_filter **out);

/* True when the filter can hold for some record of entity en (false: it is
 * a contradiction such as `channel = online and channel = counter`). When
 * the search grows too large it answers true: it never calls a filter
 * impossible that is not. */
bool expr_filter_possible(const struct expr_filter *f, const struct expr_entity *en);

#endif
