/*
 * expr_where.c: checking what follows `where`: conditions over the fields
 * of one entity, and the constants they are compared with, typed by the
 * field (words of a list, whole numbers, texts in quotes, dates). Also the
 * helpers for messages that the other checks share.
 *
 * A condition becomes a filter tree: `and`/`or` chains flattened into one
 * node, `not not x` removed, a yes/no field always in the form `field = 1`
 * (negated by a NOT node), the field always on the left of a comparison.
 * So two spellings of one condition give one filter, and one canonical text.
 */
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/expr_int.h"

const char *const expr_functions[EXPR_FUNCTIONS] = {"count", "sum", "reported", "index766"};

const char *expr_type_vi(enum expr_type t)
{
	switch (t) {
	case EXPR_BOOL: return "có/không";
	case EXPR_INT: return "số";
	case EXPR_ENUM: return "từ trong danh sách";
	case EXPR_TEXT: return "văn bản";
	default: return "ngày";
	}
}

/* ---- helpers for messages ---- */

/* A short rendering of a value in the tree, for messages. */
const char *expr_show(struct check *c, const struct ast *a)
{
	switch (a->kind) {
	case AST_NUM:
	case AST_NAME: return a->text;
	case AST_STR: return arena_printf(c->tmp, "\"%.40s\"", a->text);
	case AST_NEG:
		if (a->l->kind == AST_NUM)
			return arena_printf(c->tmp, "-%s", a->l->text);
		return "this value";
	case AST_MEMBER: return arena_printf(c->tmp, "%s.%s", a->text, a->member);
	default: return "this value";
	}
}

const char *expr_words_list(struct check *c, const struct expr_field *f)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; f->words[i].word; i++) {
		if (b.len > 120) {
			buf_puts(&b, ", ...");
			break;
		}
		buf_printf(&b, "%s%s", i ? ", " : "", f->words[i].word);
	}
	const char *s = arena_strdup(c->tmp, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

const char **expr_field_names(struct check *c, const struct expr_entity *en)
{
	const char **v = arena_alloc(c->tmp, (en->nfields + 1) * sizeof *v);
	for (size_t i = 0; i < en->nfields; i++)
		v[i] = en->fields[i].name;
	return v;
}

/* Entities, reported figures and functions: the names a formula knows
 * outside `where`. */
const char **expr_top_names(struct check *c, size_t *n)
{
	size_t ne, nf;
	const struct expr_entity *en = expr_entities(&ne);
	const struct expr_figure *fg = expr_figures(&nf);
	const char **v = arena_alloc(c->tmp, (ne + nf + EXPR_FUNCTIONS) * sizeof *v);
	*n = 0;
	for (size_t i = 0; i < ne; i++)
		v[(*n)++] = en[i].name;
	for (size_t i = 0; i < nf; i++)
		v[(*n)++] = fg[i].name;
	for (size_t i = 0; i < EXPR_FUNCTIONS; i++)
		v[(*n)++] = expr_functions[i];
	return v;
}

/* The entity that has a field of this name (for a helpful message). */
const struct expr_entity *expr_owner_of(const char *field)
{
	size_t n;
	const struct expr_entity *en = expr_entities(&n);
	for (size_t i = 0; i < n; i++)
		if (expr_field_index(&en[i], field) >= 0)
			return &en[i];
	return NULL;
}

void *expr_ptrs(struct arena *a, size_t n)
{
	return arena_alloc(a, n * sizeof(void *));
}

/* ---- values and conditions inside `where` ---- */

static int int_value(struct check *c, const struct expr_field *f, const struct ast *v, int64_t *out)
{
	const struct ast *num = v->kind == AST_NEG ? v->l : v;
	if (num->kind != AST_NUM)
		return expr_fail(c->err, c->src, v->pos, "%s is a number; %s is not",
		                 "%s là số; %s không phải là số", f->name, expr_show(c, v));
	if (!num->integer)
		return expr_fail(c->err, c->src, v->pos, "%s is a whole number", "%s là số nguyên",
		                 f->name);
	if (num->num > (double)EXPR_INT_MAX)
		return expr_fail(c->err, c->src, v->pos, "number too large", "số quá lớn");
	*out = (int64_t)num->num * (v->kind == AST_NEG ? -1 : 1);
	return 0;
}

static int enum_value(struct check *c, const struct expr_field *f, const struct ast *v,
                      struct expr_const *out)
{
	if (v->kind != AST_NAME && v->kind != AST_STR)
		return expr_fail(c->err, c->src, v->pos, "%s is one of %s; %s is a number",
		                 "%s là một trong %s; %s là số", f->name, expr_words_list(c, f),
		                 expr_show(c, v));
	size_t n = 0;
	while (f->words[n].word)
		n++;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f->words[i].word, v->text)) {
			out->i = f->words[i].code;
			out->s = f->words[i].word;
			return 0;
		}
	const char **cand = arena_alloc(c->tmp, (n + 1) * sizeof *cand);
	for (size_t i = 0; i < n; i++)
		cand[i] = f->words[i].word;
	const char *best = expr_closest(v->text, cand, n);
	if (best)
		return expr_fail(c->err, c->src, v->pos,
		                 "\"%s\" is not a value of %s; did you mean \"%s\"?",
		                 "\"%s\" không phải là giá trị của %s; có phải là \"%s\"?", v->text,
		                 f->name, best);
	return expr_fail(c->err, c->src, v->pos, "\"%s\" is not a value of %s (%s)",
	                 "\"%s\" không phải là giá trị của %s (%s)", v->text, f->name,
	                 expr_words_list(c, f));
}

/* The constant a field is compared with, typed by the field. */
static int value(struct check *c, const struct expr_field *f, const struct ast *v,
                 struct expr_const *out)
{
	switch (f->type) {
	case EXPR_BOOL:
		if (v->kind == AST_NAME &&
		    (!strcmp(v->text, "true") || !strcmp(v->text, "false"))) {
			out->i = !strcmp(v->text, "true");
			return 0;
		}
		return expr_fail(c->err, c->src, v->pos, "%s is yes/no: write \"%s\" or \"not %s\"",
		                 "%s là có/không: viết \"%s\" hoặc \"not %s\"", f->name, f->name,
		                 f->name);
	case EXPR_INT: return int_value(c, f, v, &out->i);
	case EXPR_ENUM: return enum_value(c, f, v, out);
	case EXPR_TEXT:
		if (v->kind != AST_STR)
			return expr_fail(
			    c->err, c->src, v->pos,
			    "%s is text: write the value in quotes, e.g. %s = \"%s\"",
			    "%s là văn bản: viết giá trị trong ngoặc kép, ví dụ %s = \"%s\"",
			    f->name, f->name, expr_show(c, v));
		out->s = arena_strdup(c->out, v->text);
		return 0;
	case EXPR_DATE: {
		int32_t day;
		if (v->kind == AST_STR && cal_parse_date(v->text, f->name, &day, NULL) == 0) {
			out->i = day;
			return 0;
		}
		return expr_fail(c->err, c->src, v->pos,
		                 "%s is a date: write it as \"YYYY-MM-DD\" (1900-2199)",
		                 "%s là ngày: viết dạng \"YYYY-MM-DD\" (1900-2199)", f->name);
	}
	}
	return XERR_INVALID;
}

static int field_of(const struct expr_entity *en, const struct ast *a)
{
	return a->kind == AST_NAME ? expr_field_index(en, a->text) : -1;
}

static struct expr_filter *filter(struct check *c, enum expr_fkind k)
{
	struct expr_filter *f = arena_alloc(c->out, sizeof *f);
	f->kind = k;
	return f;
}

static struct expr_filter *negate(struct check *c, struct expr_filter *f)
{
	if (f->kind == EXPR_F_NOT)
		return f->kids[0];
	struct expr_filter *n = filter(c, EXPR_F_NOT);
	n->kids = expr_ptrs(c->out, 1);
	n->kids[0] = f;
	n->nkids = 1;
	return n;
}

static int no_field(struct check *c, const struct expr_entity *en, const struct ast *a)
{
	if (a->kind == AST_NAME && strcmp(a->text, "true") && strcmp(a->text, "false")) {
		const struct expr_entity *own = expr_owner_of(a->text);
		if (own)
			return expr_fail(c->err, c->src, a->pos,
			                 "%s have no field %s (it is a field of %s)",
			                 "%s không có trường %s (đó là trường của %s)", en->name,
			                 a->text, own->name);
		return expr_unknown(c, a->pos, a->text, expr_field_names(c, en), en->nfields,
		                    "field", "trường");
	}
	return expr_fail(
	    c->err, c->src, a->pos, "a comparison inside where compares a field of %s with a value",
	    "phép so sánh trong where so sánh một trường của %s với một giá trị", en->name);
}

/* Which operators each type allows. */
static int op_allowed(struct check *c, const struct expr_field *f, enum expr_cmp op, size_t pos)
{
	bool order = op == EXPR_LT || op == EXPR_LE || op == EXPR_GT || op == EXPR_GE;
	bool list = op == EXPR_IN || op == EXPR_NOT_IN;
	if (f->type == EXPR_BOOL && (order || list))
		return expr_fail(c->err, c->src, pos, "%s is yes/no: write \"%s\" or \"not %s\"",
		                 "%s là có/không: viết \"%s\" hoặc \"not %s\"", f->name, f->name,
		                 f->name);
	if ((f->type == EXPR_ENUM || f->type == EXPR_TEXT) && order)
		return expr_fail(c->err, c->src, pos, "%s has no order: use =, != or in",
		                 "%s không có thứ tự: dùng =, != hoặc in", f->name);
	return 0;
}

static enum expr_cmp mirror(enum expr_cmp op)
{
	switch (op) {
	case EXPR_LT: return EXPR_GT;
	case EXPR_LE: return EXPR_GE;
	case EXPR_GT: return EXPR_LT;
	case EXPR_GE: return EXPR_LE;
	default: return op;
	}
}

/* The builders below return the new node, or NULL with c->err filled
 * (every failure here is XERR_INVALID). */
#define FAILED(...) (expr_fail_at(__VA_ARGS__), (struct expr_filter *)NULL)

static struct expr_filter *check_cmp(struct check *c, const struct expr_entity *en,
                                     const struct ast *a)
{
	const struct ast *l = a->l, *r = a->r;
	int fl = field_of(en, l), fr = field_of(en, r);
	enum expr_cmp op = expr_cmp_of(a->op);
	if (fl >= 0 && fr >= 0)
		return FAILED(c->err, c->src, a->opos,
		              "compare a field with a value, not two fields (%s, %s)",
		              "so sánh một trường với một giá trị, không phải hai trường (%s, %s)",
		              l->text, r->text);
	if (fl < 0 && fr < 0) {
		no_field(c, en, l->kind == AST_NAME ? l : r->kind == AST_NAME ? r : a);
		return NULL;
	}
	if (fl < 0) { /* the value on the left: `14 <= age` is `age >= 14` */
		r = l;
		fl = fr;
		op = mirror(op);
	}
	const struct expr_field *f = &en->fields[fl];
	struct expr_const *v = arena_alloc(c->out, sizeof *v);
	if (op_allowed(c, f, op, a->opos) || value(c, f, r, v))
		return NULL;
	struct expr_filter *n = filter(c, EXPR_F_CMP);
	n->field = fl;
	n->cmp = op;
	n->values = v;
	n->nvalues = 1;
	if (f->type != EXPR_BOOL)
		return n;
	/* One form for yes/no: `finished`, or its negation. */
	bool truth = (op == EXPR_EQ) == (v->i == 1);
	v->i = 1;
	n->cmp = EXPR_EQ;
	return truth ? n : negate(c, n);
}

static struct expr_filter *check_in(struct check *c, const struct expr_entity *en,
                                    const struct ast *a)
{
	int fi = field_of(en, a->l);
	if (fi < 0) {
		no_field(c, en, a->l);
		return NULL;
	}
	const struct expr_field *f = &en->fields[fi];
	enum expr_cmp op = a->negated ? EXPR_NOT_IN : EXPR_IN;
	if (op_allowed(c, f, op, a->opos))
		return NULL;
	struct expr_const *v = arena_alloc(c->out, a->nitems * sizeof *v);
	size_t i = 0;
	for (const struct ast *it = a->items; it; it = it->next)
		if (value(c, f, it, &v[i++]))
			return NULL;
	struct expr_filter *n = filter(c, EXPR_F_CMP);
	n->field = fi;
	n->cmp = op;
	n->values = v;
	n->nvalues = a->nitems;
	return n;
}

/* `a and b and c` becomes one node with three kids. */
static struct expr_filter *check_join(struct check *c, const struct expr_entity *en,
                                      const struct ast *a)
{
	enum expr_fkind k = a->op == OP_AND ? EXPR_F_AND : EXPR_F_OR;
	struct expr_filter *l = expr_check_cond(c, en, a->l);
	struct expr_filter *r = l ? expr_check_cond(c, en, a->r) : NULL;
	if (!l || !r)
		return NULL;
	size_t nl = l->kind == k ? l->nkids : 1, nr = r->kind == k ? r->nkids : 1;
	struct expr_filter *n = filter(c, k);
	n->kids = expr_ptrs(c->out, nl + nr);
	for (size_t i = 0; i < nl; i++)
		n->kids[i] = l->kind == k ? l->kids[i] : l;
	for (size_t i = 0; i < nr; i++)
		n->kids[nl + i] = r->kind == k ? r->kids[i] : r;
	n->nkids = nl + nr;
	return n;
}

/* A criteria rule's comparison: arithmetic over names on both sides. */
static struct expr_filter *rule_cmp(struct check *c, const struct ast *a)
{
	struct expr_filter *n = filter(c, EXPR_F_CMP);
	n->cmp = expr_cmp_of(a->op);
	n->l = expr_check_arith(c, a->l);
	n->r = n->l ? expr_check_arith(c, a->r) : NULL;
	return n->r ? n : NULL;
}

/* A yes/no field alone: `finished`. */
static struct expr_filter *check_flag(struct check *c, const struct expr_entity *en,
                                      const struct ast *a)
{
	int fi = expr_field_index(en, a->text);
	if (fi < 0) {
		no_field(c, en, a);
		return NULL;
	}
	const struct expr_field *f = &en->fields[fi];
	if (f->type != EXPR_BOOL)
		return FAILED(
		    c->err, c->src, a->pos,
		    "%s is a %s%.0s, not yes/no: compare it (%s = ..., %s != ...)",
		    "%s là %.0s%s, không phải có/không: hãy so sánh (%s = ..., %s != ...)", f->name,
		    expr_type_name(f->type), expr_type_vi(f->type), f->name, f->name);
	struct expr_filter *n = filter(c, EXPR_F_CMP);
	struct expr_const *v = arena_alloc(c->out, sizeof *v);
	v->i = 1;
	n->field = fi;
	n->cmp = EXPR_EQ;
	n->values = v;
	n->nvalues = 1;
	return n;
}

struct expr_filter *expr_check_cond(struct check *c, const struct expr_entity *en,
                                    const struct ast *a)
{
	if (a->kind == AST_BIN && (a->op == OP_AND || a->op == OP_OR))
		return check_join(c, en, a);
	if (a->kind == AST_NOT) {
		struct expr_filter *k = expr_check_cond(c, en, a->l);
		return k ? negate(c, k) : NULL;
	}
	if (c->names) {
		if (a->kind == AST_BIN && expr_cmp_of(a->op))
			return rule_cmp(c, a);
		return FAILED(c->err, c->src, a->kind == AST_IN ? a->opos : a->pos,
		              "expected a comparison such as online_rate >= 35",
		              "cần một phép so sánh như online_rate >= 35");
	}
	if (a->kind == AST_BIN && expr_cmp_of(a->op))
		return check_cmp(c, en, a);
	if (a->kind == AST_IN)
		return check_in(c, en, a);
	if (a->kind == AST_NAME)
		return check_flag(c, en, a);
	return FAILED(c->err, c->src, a->pos,
	              "expected a condition: a yes/no field such as finished, or a comparison "
	              "such as age >= 14",
	              "cần một điều kiện: một trường có/không như finished, hoặc một phép so "
	              "sánh như age >= 14");
}
