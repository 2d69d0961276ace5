/*
 * expr.h: the indicator formula language. Pure: no I/O, no global state.
 *
 * This module owns the text of a formula such as
 *
 *     count(dossiers where finished and on_time) / count(dossiers where finished)
 *
 * from the first byte to a checked, immutable PLAN: what to count or add up
 * (the aggregates), over which entity, with which filter, and the constant
 * arithmetic that combines them into a numerator and a denominator. The
 * store later turns each aggregate into SQL with bound values for a unit and
 * a period; it never receives formula text. docs/indicators.md describes the
 * language for the officials who read and write formulas.
 *
 * How it works: expr.c reads the text into a syntax tree (one grammar for
 * formulas and for criteria rules); expr_check.c (arithmetic, aggregates,
 * divisions) and expr_where.c (conditions and constants) resolve every name
 * against the VOCABULARY (expr_vocab.c: the entities, their fields and
 * types, and how a period selects their records), check types and build the
 * plan; expr_sat.c decides whether a filter can ever hold; expr_format.c
 * prints a plan back in canonical form and evaluates it from the
 * aggregates' values; expr_match.c decides whether a record meets a
 * filter (the store's evaluation of records).
 *
 * The same reader serves CRITERIA RULES ("online_rate >= 35 and
 * tasks_done = tasks_total"): comparisons between arithmetic over named
 * values given by the caller (indicator ids, task counts), see expr_rule_*.
 *
 * Errors carry the byte offset, the line and the column (in characters) of
 * the place at fault and a message in English and in Vietnamese; the xerr
 * gets "formula:LINE:COL: message" with field "formula".
 *
 * Memory: expr_compile() returns a plan the caller frees with
 * expr_plan_free(); expr_rule_compile() a rule freed with expr_rule_free().
 * Both are read-only afterwards and may be shared between threads. Vocabulary
 * entries are static and live for the whole program.
 */
#ifndef XASO_CORE_EXPR_H
#define XASO_CORE_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/xerr.h"

enum {
	EXPR_TEXT_MAX = 4000, /* bytes of a formula or a rule */
	EXPR_DEPTH_MAX = 64,  /* nesting of parentheses and operators */
	EXPR_NAME_MAX = 48,   /* bytes of a name */
	EXPR_STRING_MAX = 200,
};

/* Integer constants in filters stay within +-EXPR_INT_MAX. */
#define EXPR_INT_MAX INT64_C(1000000000000)

/* ---- the vocabulary ---- */

enum expr_type {
	EXPR_BOOL = 1, /* yes/no */
	EXPR_INT,      /* whole number */
	EXPR_ENUM,     /* one word of a fixed list */
	EXPR_TEXT,     /* free text, compared with a string in quotes */
	EXPR_DATE,     /* a day, compared with "YYYY-MM-DD" */
};

/* Where a field's value comes from: what the store must do to evaluate it. */
enum expr_origin {
	EXPR_STORED = 1, /* a stored column or a plain fact about the record */
	EXPR_AS_OF,      /* computed from stored dates at the period's last day */
	EXPR_RULE,       /* decided by a rule in core (see `rule`), never restated */
};

struct expr_word {
	const char *word; /* the name in formulas, stable */
	int code;         /* the value the store holds for it */
	const char *vi;   /* the name officials know */
};

struct expr_field {
	const char *name; /* stable: formulas saved in databases use it */
	enum expr_type type;
	enum expr_origin origin;
	const struct expr_word *words; /* EXPR_ENUM: the list, ended by {NULL} */
	int64_t min, max;              /* EXPR_INT: the possible values */
	const char *rule;              /* EXPR_RULE: the function that decides it */
	const char *vi, *en;           /* what it means */
};

/* How a period selects an entity's records. */
enum expr_select {
	EXPR_EVENT = 1, /* its date falls in the period (see `when`) */
	EXPR_STATE,     /* as it stood at the period's last day */
	EXPR_SPAN,      /* its own date range overlaps the period */
};

struct expr_entity {
	const char *name; /* plural, stable: "dossiers", "residents", ... */
	enum expr_select select;
	const char *when_vi, *when_en; /* the date that selects a record */
	const struct expr_field *fields;
	size_t nfields;
	const char *vi, *en;
};

/* A figure that units report because no data in xaso can compute it
 * (issue 13, item 6): reported(NAME) in a formula. A level (villages with
 * broadband, people covered by 4G) is what held at a period's end; a flow
 * (documents exchanged, money spent) adds up over the period's reports
 * (core/report.h says which reports count for a period). */
struct expr_figure {
	const char *name;
	const char *vi, *en;
	bool flow;
};

const struct expr_entity *expr_entities(size_t *n);
const struct expr_entity *expr_entity_find(const char *name);
/* The field's index in e->fields, or -1. */
int expr_field_index(const struct expr_entity *e, const char *name);
const struct expr_figure *expr_figures(size_t *n);
const struct expr_figure *expr_figure_find(const char *name);
const char *expr_type_name(enum expr_type t); /* "yes/no", "number", ... */

/* ---- errors ---- */

struct expr_error {
	size_t offset; /* byte offset of the place at fault */
	int line;      /* 1-based */
	int column;    /* 1-based, in characters (code points) */
	char en[200];
	char vi[240];
};

/* ---- plans ---- */

enum expr_cmp {
	EXPR_EQ = 1,
	EXPR_NE,
	EXPR_LT,
	EXPR_LE,
	EXPR_GT,
	EXPR_GE,
	EXPR_IN,     /* one of values[] */
	EXPR_NOT_IN, /* none of values[] */
};

/* A constant, typed by the field it is compared with. */
struct expr_const {
	int64_t i;     /* INT; DATE: Julian day; BOOL: 0 or 1; ENUM: the word's code */
	const char *s; /* TEXT: the string; ENUM: the word; else NULL */
};

enum expr_fkind {
	EXPR_F_AND = 1, /* every kid holds (nkids >= 2) */
	EXPR_F_OR,      /* some kid holds (nkids >= 2) */
	EXPR_F_NOT,     /* kids[0] does not hold */
	EXPR_F_CMP,     /* field cmp values; a yes/no field alone is `= 1` */
};

struct expr_filter {
	enum expr_fkind kind;
	struct expr_filter **kids;
	size_t nkids;
	int field; /* CMP: index in the entity's fields */
	enum expr_cmp cmp;
	const struct expr_const *values;
	size_t nvalues;                 /* 1, or the list of IN / NOT IN */
	const struct expr_arith *l, *r; /* criteria rules: CMP compares l with r */
};

enum expr_akind {
	EXPR_COUNT = 1, /* how many records of the entity the filter keeps */
	EXPR_SUM,       /* the sum of an integer field over those records */
	EXPR_REPORTED,  /* a figure the unit reported for the period */
	EXPR_INDEX766,  /* a value of the 766 index (core/index766.h idx_values) */
};

struct expr_agg {
	enum expr_akind kind;
	const struct expr_entity *entity; /* COUNT, SUM */
	int field;                        /* SUM: index of the integer field */
	const struct expr_figure *figure; /* REPORTED */
	int index; /* INDEX766: its place in idx_value_names ("index766(total)": 0) */
	const struct expr_filter *where; /* NULL: every record the period selects */
	bool never;                      /* the filter can never hold: always 0, no query needed */
};

enum expr_akind2 {
	EXPR_A_NUM = 1,
	EXPR_A_AGG, /* aggs[agg] */
	EXPR_A_ADD,
	EXPR_A_SUB,
	EXPR_A_MUL,
	EXPR_A_DIV,
	EXPR_A_NEG,
};

struct expr_arith {
	enum expr_akind2 kind;
	double num;       /* NUM: the value */
	const char *text; /* NUM: the literal in canonical form ("0.5", "100") */
	size_t agg;       /* AGG: index in the plan's aggregates (or a rule's names) */
	const struct expr_arith *l, *r;
	size_t pos; /* byte offset in the compiled text, for messages */
};

struct expr_plan {
	const struct expr_arith *num;
	const struct expr_arith *den; /* NULL: not a ratio */
	const struct expr_agg *aggs;  /* each distinct aggregate once */
	size_t naggs;
};

/* What the formula must be. */
enum expr_want {
	EXPR_ANY = 0,   /* any number: a count, a sum, a ratio */
	EXPR_RATIO = 1, /* a ratio of data (indicators in %): A / B with data in B */
};

/* Reads, checks and compiles a formula. Refused, with the position: a
 * syntax error, an unknown name (the closest known one is suggested), a
 * type error, a division whose denominator can never be non-zero (a constant
 * 0, or counts over filters that can never hold), more than one division by
 * data, and for EXPR_RATIO anything that is not a ratio. */
int expr_compile(const char *text, enum expr_want want, struct expr_plan **out,
                 struct expr_error *err, struct xerr *e);
void expr_plan_free(struct expr_plan *p);

/* Appends the canonical text of the plan: compiling it gives the same
 * plan, so formatting is stable (docs and saved formulas use it). */
void expr_format(const struct expr_plan *p, struct buf *out);
/* Canonical text of one aggregate ("count(dossiers where channel = online)"). */
void expr_format_agg(const struct expr_agg *a, struct buf *out);

/* Numerator and denominator of the plan from the values of its aggregates
 * (NaN for "no data"). *den is 1 for a plan that is not a ratio. Returns 0;
 * NaN propagates, so a missing figure gives NaN, never 0. */
int expr_eval(const struct expr_plan *p, const double *aggs, double *num, double *den);

/* ---- records ---- */

/* Does a record of entity en meet filter f (NULL: every record does)?
 * num[i] is the record's value of field i as the store holds it (whole
 * numbers; yes/no 0 or 1; a list word's code; a date's Julian day), and
 * text[i] the value of a text field (text may be NULL when en has none).
 * Text compares bytewise. */
bool expr_filter_holds(const struct expr_filter *f, const struct expr_entity *en,
                       const int64_t *num, const char *const *text);

/* ---- criteria rules ---- */

struct expr_rule;

/* Compiles a rule over the given names (indicator ids, task counts):
 * comparisons (= != < <= > >=) between arithmetic over names and numbers,
 * joined by and, or, not. */
int expr_rule_compile(const char *text, const char *const *names, size_t nnames,
                      struct expr_rule **out, struct expr_error *err, struct xerr *e);
void expr_rule_free(struct expr_rule *r);
void expr_rule_format(const struct expr_rule *r, struct buf *out);
/* 1 when the rule holds for values[i] of names[i], 0 when it does not, -1
 * when it cannot be decided because a value it needs is NaN (no data).
 * Equal within 1e-9 (relative) counts as equal, so 35.0000000001 >= 35. */
int expr_rule_eval(const struct expr_rule *r, const double *values);
/* The names the rule reads (indexes into the compile-time names), so the
 * caller computes only those; returns how many (at most max written). */
size_t expr_rule_names(const struct expr_rule *r, size_t *idx, size_t max);

#endif
