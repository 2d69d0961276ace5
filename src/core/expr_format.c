/*
 * expr_format.c: plans and rules printed back as text, and evaluated.
 *
 * The canonical form is what expr_compile() reads back into the same plan:
 * keywords and names in lower case, one space around operators, the field
 * on the left of a comparison, yes/no fields bare (`finished`, `not
 * finished`), `and`/`or` chains flat, and parentheses only where the
 * precedence needs them (the right operand of an operator of the same
 * precedence keeps its parentheses, so `a - (b - c)` stays as written).
 * Numbers keep the literal as written, without leading or trailing zeros.
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "core/calendar.h"
#include "core/expr_int.h"
#include "core/index766.h"

/* ---- filters ---- */

static int fprec(const struct expr_filter *f)
{
	switch (f->kind) {
	case EXPR_F_OR: return 1;
	case EXPR_F_AND: return 2;
	case EXPR_F_NOT: return 3;
	default: return 4;
	}
}

static void put_string(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static void put_const(struct buf *b, const struct expr_field *fd, const struct expr_const *v)
{
	char d[11];
	switch (fd->type) {
	case EXPR_ENUM: buf_puts(b, v->s); return;
	case EXPR_TEXT: put_string(b, v->s); return;
	case EXPR_DATE:
		cal_format_date((int32_t)v->i, d);
		put_string(b, d);
		return;
	default: buf_printf(b, "%" PRId64, v->i); return;
	}
}

static bool bare(const struct expr_entity *en, const struct expr_filter *f)
{
	return en && f->kind == EXPR_F_CMP && en->fields[f->field].type == EXPR_BOOL;
}

static void put_arith(struct buf *b, const struct expr_arith *a, const struct expr_agg *aggs,
                      const char *const *names, int min);

/* A filter of entity en, or (en NULL) a rule's condition over names. */
static void put_filter(struct buf *b, const struct expr_entity *en, const char *const *names,
                       const struct expr_filter *f, int min)
{
	int p = fprec(f);
	if (p < min)
		buf_putc(b, '(');
	switch (f->kind) {
	case EXPR_F_AND:
	case EXPR_F_OR:
		for (size_t i = 0; i < f->nkids; i++) {
			if (i)
				buf_puts(b, f->kind == EXPR_F_AND ? " and " : " or ");
			put_filter(b, en, names, f->kids[i], p + 1);
		}
		break;
	case EXPR_F_NOT:
		buf_puts(b, "not ");
		/* `not (age >= 14)` reads better than `not age >= 14`. */
		put_filter(b, en, names, f->kids[0], bare(en, f->kids[0]) ? 3 : 5);
		break;
	case EXPR_F_CMP: {
		if (!en) {
			put_arith(b, f->l, NULL, names, 1);
			buf_printf(b, " %s ", expr_cmp_text(f->cmp));
			put_arith(b, f->r, NULL, names, 1);
			break;
		}
		const struct expr_field *fd = &en->fields[f->field];
		buf_puts(b, fd->name);
		if (fd->type == EXPR_BOOL)
			break;
		buf_printf(b, " %s ", expr_cmp_text(f->cmp));
		if (f->cmp == EXPR_IN || f->cmp == EXPR_NOT_IN) {
			buf_putc(b, '(');
			for (size_t i = 0; i < f->nvalues; i++) {
				if (i)
					buf_puts(b, ", ");
				put_const(b, fd, &f->values[i]);
			}
			buf_putc(b, ')');
		} else {
			put_const(b, fd, &f->values[0]);
		}
		break;
	}
	}
	if (p < min)
		buf_putc(b, ')');
}

void expr_format_agg(const struct expr_agg *a, struct buf *out)
{
	switch (a->kind) {
	case EXPR_COUNT: buf_printf(out, "count(%s", a->entity->name); break;
	case EXPR_SUM:
		buf_printf(out, "sum(%s.%s", a->entity->name, a->entity->fields[a->field].name);
		break;
	case EXPR_REPORTED: buf_printf(out, "reported(%s)", a->figure->name); return;
	case EXPR_INDEX766:
		buf_printf(out, "index766(%s)", idx_value_names[a->index] + strlen("index766_"));
		return;
	}
	if (a->where) {
		buf_puts(out, " where ");
		put_filter(out, a->entity, NULL, a->where, 1);
	}
	buf_putc(out, ')');
}

/* ---- arithmetic ---- */

static int aprec(const struct expr_arith *a)
{
	switch (a->kind) {
	case EXPR_A_ADD:
	case EXPR_A_SUB: return 1;
	case EXPR_A_MUL:
	case EXPR_A_DIV: return 2;
	case EXPR_A_NEG: return 3;
	default: return 4;
	}
}

static void put_arith(struct buf *b, const struct expr_arith *a, const struct expr_agg *aggs,
                      const char *const *names, int min)
{
	static const char *const ops[] = {
	    [EXPR_A_ADD] = " + ", [EXPR_A_SUB] = " - ", [EXPR_A_MUL] = " * ", [EXPR_A_DIV] = " / "};
	int p = aprec(a);
	if (p < min)
		buf_putc(b, '(');
	switch (a->kind) {
	case EXPR_A_NUM: buf_puts(b, a->text); break;
	case EXPR_A_AGG:
		if (names)
			buf_puts(b, names[a->agg]);
		else if (aggs)
			expr_format_agg(&aggs[a->agg], b);
		break;
	case EXPR_A_NEG:
		buf_putc(b, '-');
		if (a->l->kind == EXPR_A_NEG)
			buf_putc(b, ' ');
		put_arith(b, a->l, aggs, names, 3);
		break;
	default:
		put_arith(b, a->l, aggs, names, p);
		buf_puts(b, ops[a->kind]);
		put_arith(b, a->r, aggs, names, p + 1);
		break;
	}
	if (p < min)
		buf_putc(b, ')');
}

void expr_format(const struct expr_plan *p, struct buf *out)
{
	if (!p->den) {
		put_arith(out, p->num, p->aggs, NULL, 1);
		return;
	}
	put_arith(out, p->num, p->aggs, NULL, 2);
	buf_puts(out, " / ");
	put_arith(out, p->den, p->aggs, NULL, 3);
}

double expr_arith_eval(const struct expr_arith *a, const double *vals)
{
	switch (a->kind) {
	case EXPR_A_NUM: return a->num;
	case EXPR_A_AGG: return vals[a->agg];
	case EXPR_A_NEG: return -expr_arith_eval(a->l, vals);
	case EXPR_A_ADD: return expr_arith_eval(a->l, vals) + expr_arith_eval(a->r, vals);
	case EXPR_A_SUB: return expr_arith_eval(a->l, vals) - expr_arith_eval(a->r, vals);
	case EXPR_A_MUL: return expr_arith_eval(a->l, vals) * expr_arith_eval(a->r, vals);
	case EXPR_A_DIV: {
		double d = expr_arith_eval(a->r, vals);
		return d == 0 ? NAN : expr_arith_eval(a->l, vals) / d;
	}
	}
	return NAN;
}

int expr_eval(const struct expr_plan *p, const double *aggs, double *num, double *den)
{
	*num = expr_arith_eval(p->num, aggs);
	*den = p->den ? expr_arith_eval(p->den, aggs) : 1.0;
	return 0;
}

/* ---- rules ---- */

void expr_rule_format(const struct expr_rule *r, struct buf *out)
{
	put_filter(out, NULL, r->names, r->root, 1);
}

static int compare(enum expr_cmp op, double a, double b)
{
	if (isnan(a) || isnan(b))
		return -1;
	double scale = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
	double eps = 1e-9 * (scale > 1 ? scale : 1);
	bool eq = fabs(a - b) <= eps;
	switch (op) {
	case EXPR_EQ: return eq;
	case EXPR_NE: return !eq;
	case EXPR_LT: return !eq && a < b;
	case EXPR_LE: return eq || a < b;
	case EXPR_GT: return !eq && a > b;
	case EXPR_GE: return eq || a > b;
	default: return -1;
	}
}

static int rule_eval(const struct expr_filter *n, const double *v)
{
	switch (n->kind) {
	case EXPR_F_CMP: return compare(n->cmp, expr_arith_eval(n->l, v), expr_arith_eval(n->r, v));
	case EXPR_F_NOT: {
		int k = rule_eval(n->kids[0], v);
		return k < 0 ? -1 : !k;
	}
	default: {
		/* and: any false decides; or: any true decides; else no data wins. */
		int decisive = n->kind == EXPR_F_OR, unknown = 0;
		for (size_t i = 0; i < n->nkids; i++) {
			int k = rule_eval(n->kids[i], v);
			if (k == decisive)
				return decisive;
			if (k < 0)
				unknown = 1;
		}
		return unknown ? -1 : !decisive;
	}
	}
}

int expr_rule_eval(const struct expr_rule *r, const double *values)
{
	return rule_eval(r->root, values);
}

static void arith_names(const struct expr_arith *a, size_t *idx, size_t max, size_t *n)
{
	if (!a)
		return;
	if (a->kind == EXPR_A_AGG) {
		for (size_t i = 0; i < *n && i < max; i++)
			if (idx[i] == a->agg)
				return;
		if (*n < max)
			idx[*n] = a->agg;
		(*n)++;
		return;
	}
	arith_names(a->l, idx, max, n);
	arith_names(a->r, idx, max, n);
}

static void rnode_names(const struct expr_filter *r, size_t *idx, size_t max, size_t *n)
{
	for (size_t i = 0; i < r->nkids; i++)
		rnode_names(r->kids[i], idx, max, n);
	arith_names(r->l, idx, max, n);
	arith_names(r->r, idx, max, n);
}

size_t expr_rule_names(const struct expr_rule *r, size_t *idx, size_t max)
{
	size_t n = 0;
	rnode_names(r->root, idx, max, &n);
	return n < max ? n : max;
}
