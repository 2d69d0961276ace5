/*
 * expr_check.c: from a syntax tree to a checked plan (formulas) or rule
 * (criteria).
 *
 * Names are resolved against the vocabulary (expr_vocab.c) in two scopes:
 * outside `where`, a formula knows the functions count, sum and reported,
 * the entities and the reported figures; inside `where`, the fields of the
 * entity being counted and the words of their lists. Every place where a
 * formula can be wrong says so with the position of the offending part and,
 * for a misspelt name, the closest known one.
 *
 * After the types, three checks protect the figures: a formula has at most
 * one division by data (so numerator and denominator are well defined and
 * roll up by summing), a denominator that can never be non-zero is refused
 * (a constant 0, or counts whose filters contradict themselves, decided by
 * expr_filter_possible() in expr_sat.c), and an indicator in % must be a
 * ratio of data.
 */
#include <stdlib.h>
#include <string.h>

#include "core/expr_int.h"
#include "core/index766.h"

struct plan_impl {
	struct expr_plan pub; /* first: expr_plan_free() casts back */
	struct arena arena;
};

static struct expr_arith *arith(struct check *c, enum expr_akind2 k, size_t pos)
{
	struct expr_arith *a = arena_alloc(c->out, sizeof *a);
	a->kind = k;
	a->pos = pos;
	return a;
}

/* ---- aggregates ---- */

static int add_agg(struct check *c, struct expr_agg *g, size_t *idx)
{
	struct buf b;
	buf_init(&b);
	expr_format_agg(g, &b);
	for (size_t i = 0; i < c->naggs; i++)
		if (!strcmp(c->agg_text[i], b.data)) {
			*idx = i;
			buf_free(&b);
			return 0;
		}
	if (c->naggs == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 4;
		struct expr_agg *na = arena_alloc(c->out, cap * sizeof *na);
		const char **nt = arena_alloc(c->tmp, cap * sizeof *nt);
		if (c->naggs) {
			memcpy(na, c->aggs, c->naggs * sizeof *na);
			memcpy(nt, c->agg_text, c->naggs * sizeof *nt);
		}
		c->aggs = na;
		c->agg_text = nt;
		c->cap = cap;
	}
	c->agg_text[c->naggs] = arena_strdup(c->tmp, b.data);
	buf_free(&b);
	c->aggs[c->naggs] = *g;
	*idx = c->naggs++;
	return 0;
}

static int call_target(struct check *c, const struct ast *a, struct expr_agg *g)
{
	size_t ne;
	const struct expr_entity *all = expr_entities(&ne);
	const char **names = arena_alloc(c->tmp, ne * sizeof *names);
	for (size_t i = 0; i < ne; i++)
		names[i] = all[i].name;
	const struct ast *t = a->l;
	g->entity = expr_entity_find(t->text);
	if (!g->entity)
		return expr_unknown(c, t->pos, t->text, names, ne, "entity", "đối tượng");
	if (g->kind == EXPR_COUNT && t->kind == AST_MEMBER)
		return expr_fail(c->err, c->src, t->pos,
		                 "count counts records: write count(%s) or sum(%s.%s)",
		                 "count đếm số bản ghi: viết count(%s) hoặc sum(%s.%s)", t->text,
		                 t->text, t->member);
	if (g->kind == EXPR_SUM) {
		if (t->kind != AST_MEMBER)
			return expr_fail(c->err, c->src, t->pos,
			                 "sum adds up a number field: write sum(%s.FIELD)",
			                 "sum cộng một trường số: viết sum(%s.TRƯỜNG)", t->text);
		g->field = expr_field_index(g->entity, t->member);
		if (g->field < 0)
			return expr_unknown(c, t->pos + strlen(t->text) + 1, t->member,
			                    expr_field_names(c, g->entity), g->entity->nfields,
			                    "field", "trường");
		if (g->entity->fields[g->field].type != EXPR_INT)
			return expr_fail(c->err, c->src, t->pos,
			                 "sum needs a number field; %s is a %s%.0s",
			                 "sum cần một trường số; %s là %.0s%s", t->member,
			                 expr_type_name(g->entity->fields[g->field].type),
			                 expr_type_vi(g->entity->fields[g->field].type));
	}
	return 0;
}

/* index766(NAME): the unit's 766 index for the period, its total or a
 * group's points (core/index766.h idx_values: computed on the summed
 * counts of the subtree, never summed itself). */
static int check_index766(struct check *c, const struct ast *a, size_t *idx)
{
	static const size_t skip = sizeof "index766_" - 1;
	struct expr_agg g = {.kind = EXPR_INDEX766};
	const char **names = arena_alloc(c->tmp, IDX_VALUES * sizeof *names);
	for (int i = 0; i < IDX_VALUES; i++)
		names[i] = idx_value_names[i] + skip;
	g.index = -1;
	for (int i = 0; a->l->kind == AST_NAME && i < IDX_VALUES; i++)
		if (!strcmp(a->l->text, names[i]))
			g.index = i;
	if (g.index < 0)
		return expr_unknown(c, a->l->pos, expr_show(c, a->l), names, IDX_VALUES,
		                    "value of the 766 index", "giá trị của chỉ số 766");
	if (a->r)
		return expr_fail(c->err, c->src, a->r->pos,
		                 "the 766 index has no where: it is one number per unit",
		                 "chỉ số 766 không có where: mỗi đơn vị một con số");
	return add_agg(c, &g, idx);
}

static int check_call(struct check *c, const struct ast *a, size_t *idx)
{
	struct expr_agg g = {0};
	if (!strcmp(a->text, "count"))
		g.kind = EXPR_COUNT;
	else if (!strcmp(a->text, "sum"))
		g.kind = EXPR_SUM;
	else if (!strcmp(a->text, "reported"))
		g.kind = EXPR_REPORTED;
	else if (!strcmp(a->text, "index766"))
		return check_index766(c, a, idx);
	else
		return expr_unknown(c, a->pos, a->text, expr_functions, EXPR_FUNCTIONS, "function",
		                    "hàm");
	int rc;
	if (g.kind == EXPR_REPORTED) {
		size_t nf;
		const struct expr_figure *fg = expr_figures(&nf);
		const char **names = arena_alloc(c->tmp, nf * sizeof *names);
		for (size_t i = 0; i < nf; i++)
			names[i] = fg[i].name;
		g.figure = a->l->kind == AST_NAME ? expr_figure_find(a->l->text) : NULL;
		if (!g.figure)
			return expr_unknown(c, a->l->pos, expr_show(c, a->l), names, nf,
			                    "reported figure", "số liệu báo cáo");
		if (a->r)
			return expr_fail(
			    c->err, c->src, a->r->pos,
			    "a reported figure has no where: it is one number per unit",
			    "số liệu báo cáo không có where: mỗi đơn vị một con số");
		return add_agg(c, &g, idx);
	}
	if ((rc = call_target(c, a, &g)))
		return rc;
	if (a->r) {
		g.where = expr_check_cond(c, g.entity, a->r);
		if (!g.where)
			return XERR_INVALID;
		g.never = !expr_filter_possible(g.where, g.entity);
	}
	return add_agg(c, &g, idx);
}

/* ---- arithmetic ---- */

static int not_a_number(struct check *c, const struct ast *a)
{
	if (a->kind == AST_BIN && (a->op == OP_AND || a->op == OP_OR))
		return expr_fail(c->err, c->src, a->opos,
		                 "\"%s\" joins yes/no conditions, but here it joins numbers; "
		                 "conditions go inside where: count(dossiers where a %s b)",
		                 "\"%s\" nối các điều kiện có/không, ở đây lại nối các số; điều "
		                 "kiện đặt trong where: count(dossiers where a %s b)",
		                 a->op == OP_AND ? "and" : "or", a->op == OP_AND ? "and" : "or");
	if (a->kind == AST_NOT)
		return expr_fail(c->err, c->src, a->pos,
		                 "not negates a condition; conditions go inside where",
		                 "not phủ định một điều kiện; điều kiện đặt trong where");
	if ((a->kind == AST_BIN && expr_cmp_of(a->op)) || a->kind == AST_IN)
		return expr_fail(c->err, c->src, a->opos,
		                 "a formula computes a number; comparisons belong inside where",
		                 "công thức tính ra một số; phép so sánh đặt trong where");
	if (a->kind == AST_STR)
		return expr_fail(
		    c->err, c->src, a->pos,
		    "a text in quotes is only compared with a field inside where",
		    "chuỗi trong ngoặc kép chỉ dùng để so sánh với trường trong where");
	if (c->names)
		return expr_unknown(c, a->pos, expr_show(c, a), c->names, c->nnames, "name", "tên");
	const char *name = a->text;
	if (a->kind == AST_MEMBER)
		return expr_fail(c->err, c->src, a->pos, "to add up %s.%s write sum(%s.%s)",
		                 "để cộng %s.%s viết sum(%s.%s)", name, a->member, name, a->member);
	if (expr_entity_find(name))
		return expr_fail(c->err, c->src, a->pos, "%s are counted with count(%s)",
		                 "đếm %s bằng count(%s)", name, name);
	if (expr_figure_find(name))
		return expr_fail(c->err, c->src, a->pos,
		                 "a reported figure is read with reported(%s)",
		                 "số liệu báo cáo được đọc bằng reported(%s)", name);
	const struct expr_entity *own = expr_owner_of(name);
	if (own)
		return expr_fail(
		    c->err, c->src, a->pos,
		    "%s is a field of %s: use it inside where, e.g. count(%s where ...)",
		    "%s là trường của %s: dùng trong where, ví dụ count(%s where ...)", name,
		    own->name, own->name);
	size_t n;
	const char **cand = expr_top_names(c, &n);
	return expr_unknown(c, a->pos, name, cand, n, "name", "tên");
}

const struct expr_arith *expr_check_arith(struct check *c, const struct ast *a)
{
	static const enum expr_akind2 kinds[] = {[OP_ADD] = EXPR_A_ADD,
	                                         [OP_SUB] = EXPR_A_SUB,
	                                         [OP_MUL] = EXPR_A_MUL,
	                                         [OP_DIV] = EXPR_A_DIV};
	struct expr_arith *n;
	switch (a->kind) {
	case AST_NUM:
		n = arith(c, EXPR_A_NUM, a->pos);
		n->num = a->num;
		n->text = arena_strdup(c->out, a->text);
		return n;
	case AST_NEG:
		n = arith(c, EXPR_A_NEG, a->pos);
		n->l = expr_check_arith(c, a->l);
		return n->l ? n : NULL;
	case AST_CALL:
		if (c->names) {
			expr_fail_at(
			    c->err, c->src, a->pos,
			    "criteria read indicator values by their id; %s(...) belongs in "
			    "an indicator's formula",
			    "tiêu chí đọc giá trị chỉ tiêu theo mã; %s(...) chỉ dùng trong "
			    "công thức của chỉ tiêu",
			    a->text);
			return NULL;
		}
		n = arith(c, EXPR_A_AGG, a->pos);
		return check_call(c, a, &n->agg) ? NULL : n;
	case AST_NAME:
		if (!c->names)
			break;
		n = arith(c, EXPR_A_AGG, a->pos);
		for (n->agg = 0; n->agg < c->nnames; n->agg++)
			if (!strcmp(c->names[n->agg], a->text))
				return n;
		expr_unknown(c, a->pos, a->text, c->names, c->nnames, "name", "tên");
		return NULL;
	case AST_BIN:
		if (a->op > OP_DIV)
			break;
		n = arith(c, kinds[a->op], a->opos);
		n->l = expr_check_arith(c, a->l);
		n->r = n->l ? expr_check_arith(c, a->r) : NULL;
		return n->r ? n : NULL;
	default: break;
	}
	not_a_number(c, a);
	return NULL;
}

/* ---- the checks on divisions ---- */

struct av {
	bool known; /* value is certain */
	double v;
};

static bool has_agg(const struct expr_arith *a)
{
	if (!a)
		return false;
	return a->kind == EXPR_A_AGG || has_agg(a->l) || has_agg(a->r);
}

/* What a piece of arithmetic is certain to be: counts that can never count
 * anything are 0, other data is unknown. */
static struct av certain(const struct check *c, const struct expr_arith *a)
{
	struct av l, r, u = {false, 0};
	switch (a->kind) {
	case EXPR_A_NUM: return (struct av){true, a->num};
	case EXPR_A_AGG: return c->aggs[a->agg].never ? (struct av){true, 0} : u;
	case EXPR_A_NEG: l = certain(c, a->l); return (struct av){l.known, -l.v};
	default: break;
	}
	l = certain(c, a->l);
	r = certain(c, a->r);
	switch (a->kind) {
	case EXPR_A_ADD: return l.known && r.known ? (struct av){true, l.v + r.v} : u;
	case EXPR_A_SUB: return l.known && r.known ? (struct av){true, l.v - r.v} : u;
	case EXPR_A_MUL:
		if ((l.known && l.v == 0) || (r.known && r.v == 0))
			return (struct av){true, 0};
		return l.known && r.known ? (struct av){true, l.v * r.v} : u;
	case EXPR_A_DIV:
		if (l.known && r.known && r.v != 0)
			return (struct av){true, l.v / r.v};
		return l.known && l.v == 0 ? (struct av){true, 0} : u;
	default: return u;
	}
}

/* The first aggregate of `a` whose filter can never hold. */
static const struct expr_arith *first_never(const struct check *c, const struct expr_arith *a)
{
	if (!a)
		return NULL;
	if (a->kind == EXPR_A_AGG)
		return c->aggs[a->agg].never ? a : NULL;
	const struct expr_arith *l = first_never(c, a->l);
	return l ? l : first_never(c, a->r);
}

static int zero_denominator(struct check *c, const struct expr_arith *den, size_t divpos)
{
	struct av v = certain(c, den);
	if (!v.known || v.v != 0)
		return 0;
	const struct expr_arith *nv = first_never(c, den);
	if (!nv)
		return expr_fail(c->err, c->src, divpos, "division by 0", "chia cho 0");
	struct buf b;
	buf_init(&b);
	expr_format_agg(&c->aggs[nv->agg], &b);
	int rc =
	    expr_fail(c->err, c->src, nv->pos,
	              "the denominator is always 0: the filter of %.120s can never hold",
	              "mẫu số luôn bằng 0: điều kiện của %.120s không bao giờ thỏa mãn", b.data);
	buf_free(&b);
	return rc;
}

/* Inside numerator and denominator: no division by data, no division by 0. */
static int divisions(struct check *c, const struct expr_arith *a)
{
	if (!a)
		return 0;
	if (a->kind == EXPR_A_DIV) {
		if (has_agg(a->r))
			return expr_fail(
			    c->err, c->src, a->pos,
			    "only one division by data: write the formula as (A) / (B)",
			    "chỉ được chia cho số liệu một lần: viết công thức dạng "
			    "(A) / (B)");
		int rc = zero_denominator(c, a->r, a->pos);
		if (rc)
			return rc;
	}
	int rc = divisions(c, a->l);
	return rc ? rc : divisions(c, a->r);
}

/* The start of every compile: the arenas for the result and the work. */
static struct check begin(const char *text, struct expr_error *err, struct arena *out,
                          struct arena *tmp)
{
	arena_init(out);
	arena_init(tmp);
	return (struct check){.src = text, .err = err, .out = out, .tmp = tmp};
}

int expr_compile(const char *text, enum expr_want want, struct expr_plan **out,
                 struct expr_error *err, struct xerr *e)
{
	struct expr_error local;
	struct arena tmp;
	*out = NULL;
	struct plan_impl *p = calloc(1, sizeof *p);
	if (!p)
		return xerr_set(e, XERR_NOMEM, "formula", "out of memory");
	struct check c = begin(text, err ? err : &local, &p->arena, &tmp);
	err = c.err;
	struct ast *root;
	int rc = expr_parse(text, &tmp, &root, err);
	const struct expr_arith *top = rc ? NULL : expr_check_arith(&c, root);
	if (!top) {
		rc = XERR_INVALID;
		goto fail;
	}
	if (top->kind == EXPR_A_DIV) {
		p->pub.num = top->l;
		p->pub.den = top->r;
	} else {
		p->pub.num = top;
	}
	if ((rc = divisions(&c, p->pub.num)) || (rc = divisions(&c, p->pub.den)))
		goto fail;
	if (p->pub.den && (rc = zero_denominator(&c, p->pub.den, top->pos)))
		goto fail;
	if (want == EXPR_RATIO && !has_agg(p->pub.den)) {
		rc = expr_fail(err, text, 0,
		               "an indicator in %% is a ratio of data, such as "
		               "count(dossiers where channel = online) / count(dossiers)",
		               "chỉ tiêu tính bằng %% phải là tỷ lệ giữa hai số liệu, ví dụ "
		               "count(dossiers where channel = online) / count(dossiers)");
		goto fail;
	}
	p->pub.aggs = c.aggs;
	p->pub.naggs = c.naggs;
	arena_free(&tmp);
	*out = &p->pub;
	return 0;
fail:
	xerr_set(e, rc, "formula", "formula:%d:%d: %s", err->line, err->column, err->en);
	arena_free(&tmp);
	arena_free(&p->arena);
	free(p);
	return rc;
}

void expr_plan_free(struct expr_plan *plan)
{
	if (!plan)
		return;
	struct plan_impl *p = (struct plan_impl *)plan;
	arena_free(&p->arena);
	free(p);
}

/* ---- criteria rules ---- */

int expr_rule_compile(const char *text, const char *const *names, size_t nnames,
                      struct expr_rule **out, struct expr_error *err, struct xerr *e)
{
	struct expr_error local;
	struct arena tmp;
	*out = NULL;
	struct expr_rule *r = calloc(1, sizeof *r);
	if (!r)
		return xerr_set(e, XERR_NOMEM, "rule", "out of memory");
	struct check c = begin(text, err ? err : &local, &r->arena, &tmp);
	err = c.err;
	r->names = expr_ptrs(&r->arena, nnames + 1);
	for (size_t i = 0; i < nnames; i++)
		r->names[i] = arena_strdup(&r->arena, names[i]);
	r->nnames = nnames;
	c.names = r->names;
	c.nnames = nnames;
	struct ast *root;
	const struct expr_filter *top = NULL;
	if (expr_parse(text, &tmp, &root, err) == 0)
		top = expr_check_cond(&c, NULL, root);
	arena_free(&tmp);
	if (!top) {
		xerr_set(e, XERR_INVALID, "rule", "rule:%d:%d: %s", err->line, err->column,
		         err->en);
		expr_rule_free(r);
		return XERR_INVALID;
	}
	r->root = top;
	*out = r;
	return 0;
}

void expr_rule_free(struct expr_rule *r)
{
	if (!r)
		return;
	arena_free(&r->arena);
	free(r);
}
