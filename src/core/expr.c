/*
 * expr.c: reading formulas and criteria rules into a syntax tree.
 *
 * The text is first cut into tokens (numbers, strings in double quotes,
 * names, punctuation), then read by recursive descent with this precedence,
 * loosest first:
 *
 *     or  <  and  <  not  <  = != < <= > >= in  <  + -  <  * /  <  unary -
 *
 * so `not a = b and c` is `(not (a = b)) and c` and `a + b * c` is
 * `a + (b * c)`; operators of equal precedence group from the left. Calls
 * are count(TARGET [where CONDITION]), sum(...) and reported(NAME). Names
 * and keywords ignore case. Nothing here knows the vocabulary: a name is
 * only a name until expr_check.c resolves it.
 */
#include "core/expr_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

enum tok_kind {
	T_END = 0,
	T_NUM,
	T_STR,
	T_NAME,
	T_LP,
	T_RP,
	T_COMMA,
	T_DOT,
	T_PLUS,
	T_MINUS,
	T_STAR,
	T_SLASH,
	T_EQ,
	T_NE,
	T_LT,
	T_LE,
	T_GT,
	T_GE,
};

struct tok {
	enum tok_kind kind;
	size_t pos, len;
	const char *text; /* NUM: canonical literal; STR: decoded; NAME: lower case */
	double num;
	bool integer;
};

struct parser {
	const char *src;
	struct arena *a;
	struct expr_error *err;
	struct tok *toks;
	size_t ntoks, i;
	int depth;
};

/* ---- errors ---- */

void expr_fail_at(struct expr_error *err, const char *text, size_t off, const char *en,
                  const char *vi, ...)
{
	if (!err)
		return;
	va_list ap, aq;
	va_start(ap, vi);
	va_copy(aq, ap);
	vsnprintf(err->en, sizeof err->en, en, ap);
	vsnprintf(err->vi, sizeof err->vi, vi, aq);
	va_end(aq);
	va_end(ap);
	err->offset = off;
	err->line = 1;
	err->column = 1;
	/* Columns count characters: skip UTF-8 continuation bytes. */
	for (size_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			err->line++;
			err->column = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			err->column++;
		}
	}
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > EXPR_NAME_MAX || lb > EXPR_NAME_MAX)
		return (size_t)-1;
	size_t row[EXPR_NAME_MAX + 1];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *expr_closest(const char *name, const char *const *cand, size_t n)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(name, cand[i]);
		if (d < bestd) {
			bestd = d;
			best = cand[i];
		}
	}
	/* A likely typo: a third of the longer name, at least 2 edits. */
	size_t len = strlen(name), limit = len / 3 > 2 ? len / 3 : 2;
	return best && bestd <= limit && bestd < len ? best : NULL;
}

/* ---- tokens ---- */

static bool name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool name_char(int c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

static int lex_number(struct parser *p, size_t at, struct tok *t)
{
	const char *s = p->src + at;
	size_t n = 0, dot = 0;
	while (s[n] >= '0' && s[n] <= '9')
		n++;
	if (s[n] == '.' && s[n + 1] >= '0' && s[n + 1] <= '9') {
		dot = n++;
		while (s[n] >= '0' && s[n] <= '9')
			n++;
	}
	if (n > 30 || name_start((unsigned char)s[n]))
		return expr_fail(p->err, p->src, at, "malformed number", "số viết không đúng");
	/* Canonical literal: no leading zeros, no trailing zeros after the point. */
	size_t a = 0, end = n;
	size_t int_end = dot ? dot : n;
	while (a + 1 < int_end && s[a] == '0')
		a++;
	if (dot) {
		while (end > dot + 1 && s[end - 1] == '0')
			end--;
		if (end == dot + 1)
			end = dot;
	}
	t->text = arena_strndup(p->a, s + a, end - a);
	t->num = strtod(t->text, NULL);
	t->integer = !memchr(t->text, '.', strlen(t->text));
	t->kind = T_NUM;
	t->len = n;
	return 0;
}

static int lex_string(struct parser *p, size_t at, struct tok *t)
{
	struct buf b;
	buf_init(&b);
	size_t i = at + 1;
	for (;;) {
		unsigned char c = (unsigned char)p->src[i];
		if (c == '"')
			break;
		if (c == '\0' || c == '\n' || c == '\r') {
			buf_free(&b);
			return expr_fail(p->err, p->src, at, "text in quotes is not closed",
			                 "chuỗi trong ngoặc kép chưa được đóng");
		}
		if (c < 0x20) {
			buf_free(&b);
			return expr_fail(p->err, p->src, i, "control character in a text",
			                 "ký tự điều khiển trong chuỗi");
		}
		if (c == '\\') {
			char nx = p->src[i + 1];
			if (nx != '"' && nx != '\\') {
				buf_free(&b);
				return expr_fail(p->err, p->src, i,
				                 "only \\\" and \\\\ may follow a backslash",
				                 "sau dấu \\ chỉ được viết \\\" hoặc \\\\");
			}
			buf_putc(&b, nx);
			i += 2;
			continue;
		}
		buf_putc(&b, (char)c);
		i++;
	}
	if (text_length(b.data ? b.data : "") > EXPR_STRING_MAX) {
		buf_free(&b);
		return expr_fail(p->err, p->src, at, "text longer than %d characters",
		                 "chuỗi dài quá %d ký tự", EXPR_STRING_MAX);
	}
	t->text = arena_strdup(p->a, b.data ? b.data : "");
	buf_free(&b);
	t->kind = T_STR;
	t->len = i + 1 - at;
	return 0;
}

static int lex_name(struct parser *p, size_t at, struct tok *t)
{
	size_t n = 0;
	while (name_char((unsigned char)p->src[at + n]))
		n++;
	if (n > EXPR_NAME_MAX)
		return expr_fail(p->err, p->src, at, "name longer than %d characters",
		                 "tên dài quá %d ký tự", EXPR_NAME_MAX);
	char *s = arena_strndup(p->a, p->src + at, n);
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
	t->text = s;
	t->kind = T_NAME;
	t->len = n;
	return 0;
}

/* Operators: the longest match first ("<=" before "<"); "==" and "<>" are
 * accepted for those who write them, and print as "=" and "!=". */
static const struct {
	const char *s;
	enum tok_kind k;
} punct[] = {
    {"<=", T_LE},  {">=", T_GE},   {"!=", T_NE},  {"<>", T_NE},   {"==", T_EQ},   {"<", T_LT},
    {">", T_GT},   {"=", T_EQ},    {"(", T_LP},   {")", T_RP},    {",", T_COMMA}, {".", T_DOT},
    {"+", T_PLUS}, {"-", T_MINUS}, {"*", T_STAR}, {"/", T_SLASH},
};

static int lex_one(struct parser *p, size_t at, struct tok *t)
{
	unsigned char c = (unsigned char)p->src[at];
	t->pos = at;
	if (c >= '0' && c <= '9')
		return lex_number(p, at, t);
	if (c == '"')
		return lex_string(p, at, t);
	if (name_start(c))
		return lex_name(p, at, t);
	for (size_t k = 0; k < sizeof punct / sizeof punct[0]; k++) {
		size_t n = strlen(punct[k].s);
		if (!strncmp(p->src + at, punct[k].s, n)) {
			t->kind = punct[k].k;
			t->len = n;
			return 0;
		}
	}
	size_t n = 1;
	while (((unsigned char)p->src[at + n] & 0xC0) == 0x80)
		n++;
	if (c >= 0x80)
		return expr_fail(p->err, p->src, at,
		                 "unexpected character \"%.*s\": names are written without "
		                 "diacritics",
		                 "ký tự không hợp lệ \"%.*s\": tên được viết không dấu", (int)n,
		                 p->src + at);
	return expr_fail(p->err, p->src, at, "unexpected character \"%.*s\"",
	                 "ký tự không hợp lệ \"%.*s\"", (int)n, p->src + at);
}

static int lex(struct parser *p)
{
	size_t len = strlen(p->src), cap = 16;
	p->toks = arena_alloc(p->a, cap * sizeof *p->toks);
	for (size_t at = 0;;) {
		while (p->src[at] == ' ' || p->src[at] == '\t' || p->src[at] == '\n' ||
		       p->src[at] == '\r')
			at++;
		if (p->ntoks == cap) {
			struct tok *nt = arena_alloc(p->a, 2 * cap * sizeof *nt);
			memcpy(nt, p->toks, cap * sizeof *nt);
			p->toks = nt;
			cap *= 2;
		}
		struct tok *t = &p->toks[p->ntoks];
		if (at >= len) {
			t->kind = T_END;
			t->pos = len;
			p->ntoks++;
			return 0;
		}
		int rc = lex_one(p, at, t);
		if (rc)
			return rc;
		at += t->len;
		p->ntoks++;
	}
}

/* ---- the grammar ---- */

static const struct tok *peek(const struct parser *p)
{
	return &p->toks[p->i];
}

static bool is_word(const struct tok *t, const char *w)
{
	return t->kind == T_NAME && !strcmp(t->text, w);
}

/* How a token is named in messages: as written, in quotes, except the
 * end, texts in quotes and numbers. */
static void tok_describe(const struct parser *p, const struct tok *t, char *en, char *vi,
                         size_t cap)
{
	const char *pre_en = "", *pre_vi = "", *q = "\"";
	int n = (int)t->len;
	if (t->kind == T_END || t->kind == T_STR) {
		pre_en = t->kind == T_END ? "the end of the text" : "a text in quotes";
		pre_vi = t->kind == T_END ? "hết công thức" : "một chuỗi trong ngoặc kép";
		q = "";
		n = 0;
	} else if (t->kind == T_NUM) {
		pre_en = "the number ";
		pre_vi = "số ";
		q = "";
	}
	snprintf(en, cap, "%s%s%.*s%s", pre_en, q, n, p->src + t->pos, q);
	snprintf(vi, cap, "%s%s%.*s%s", pre_vi, q, n, p->src + t->pos, q);
}

static int expected(struct parser *p, const char *what_en, const char *what_vi)
{
	char en[80], vi[80];
	const struct tok *t = peek(p);
	tok_describe(p, t, en, vi, sizeof en);
	return expr_fail(p->err, p->src, t->pos, "expected %s%.0s, found %s%.0s",
	                 "cần %.0s%s nhưng gặp %.0s%s", what_en, what_vi, en, vi);
}

static struct ast *node(struct parser *p, enum ast_kind k, size_t pos)
{
	struct ast *n = arena_alloc(p->a, sizeof *n);
	n->kind = k;
	n->pos = pos;
	return n;
}

static int enter(struct parser *p)
{
	if (++p->depth > EXPR_DEPTH_MAX)
		return expr_fail(p->err, p->src, peek(p)->pos, "nested more than %d levels deep",
		                 "lồng nhau quá %d cấp", EXPR_DEPTH_MAX);
	return 0;
}

static int parse_or(struct parser *p, struct ast **out);
static int parse_not(struct parser *p, struct ast **out);

static bool reserved(const char *s)
{
	static const char *const words[] = {"and", "or", "not", "in", "where"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strcmp(s, words[i]))
			return true;
	return false;
}

/* count(TARGET [where COND]), sum(...), reported(NAME): the name and "("
 * are read; TARGET is NAME or NAME.NAME. */
static int parse_call(struct parser *p, struct ast *call)
{
	const struct tok *t = peek(p);
	if (t->kind != T_NAME || reserved(t->text))
		return expected(p, "what to count (such as dossiers)",
		                "đối tượng cần đếm (ví dụ dossiers)");
	struct ast *target = node(p, AST_NAME, t->pos);
	target->text = t->text;
	p->i++;
	if (peek(p)->kind == T_DOT) {
		p->i++;
		t = peek(p);
		if (t->kind != T_NAME)
			return expected(p, "a field name after \".\"", "tên trường sau dấu \".\"");
		target->kind = AST_MEMBER;
		target->member = t->text;
		p->i++;
	}
	call->l = target;
	if (is_word(peek(p), "where")) {
		int rc = enter(p);
		if (rc)
			return rc;
		p->i++;
		if ((rc = parse_or(p, &call->r)))
			return rc;
		p->depth--;
	}
	if (peek(p)->kind != T_RP)
		return expected(p, call->r ? "\")\"" : "\"where\" or \")\"",
		                call->r ? "\")\"" : "\"where\" hoặc \")\"");
	p->i++;
	return 0;
}

static int parse_primary(struct parser *p, struct ast **out)
{
	const struct tok *t = peek(p);
	switch (t->kind) {
	case T_NUM:
		*out = node(p, AST_NUM, t->pos);
		(*out)->text = t->text;
		(*out)->num = t->num;
		(*out)->integer = t->integer;
		p->i++;
		return 0;
	case T_STR:
		*out = node(p, AST_STR, t->pos);
		(*out)->text = t->text;
		p->i++;
		return 0;
	case T_LP: {
		int rc = enter(p);
		if (rc)
			return rc;
		p->i++;
		if ((rc = parse_or(p, out)))
			return rc;
		if (peek(p)->kind != T_RP)
			return expected(p, "\")\"", "\")\"");
		p->i++;
		p->depth--;
		return 0;
	}
	case T_NAME:
		if (reserved(t->text))
			return expected(p, "a value", "một giá trị");
		if (p->toks[p->i + 1].kind == T_LP) {
			*out = node(p, AST_CALL, t->pos);
			(*out)->text = t->text;
			p->i += 2;
			return parse_call(p, *out);
		}
		*out = node(p, AST_NAME, t->pos);
		(*out)->text = t->text;
		p->i++;
		if (peek(p)->kind == T_DOT) {
			p->i++;
			if (peek(p)->kind != T_NAME)
				return expected(p, "a field name after \".\"",
				                "tên trường sau dấu \".\"");
			(*out)->kind = AST_MEMBER;
			(*out)->member = peek(p)->text;
			p->i++;
		}
		return 0;
	default: return expected(p, "a value", "một giá trị");
	}
}

/* A prefix operator (`-`, `not`) applied to what its operand reads. */
static int parse_prefix(struct parser *p, enum ast_kind k,
                        int (*operand)(struct parser *, struct ast **), struct ast **out)
{
	int rc = enter(p);
	if (rc)
		return rc;
	*out = node(p, k, peek(p)->pos);
	p->i++;
	rc = operand(p, &(*out)->l);
	p->depth--;
	return rc;
}

static int parse_unary(struct parser *p, struct ast **out)
{
	if (peek(p)->kind == T_MINUS)
		return parse_prefix(p, AST_NEG, parse_unary, out);
	return parse_primary(p, out);
}

static struct ast *binary(struct parser *p, enum ast_op op, size_t opos, struct ast *l,
                          struct ast *r)
{
	struct ast *n = node(p, AST_BIN, l->pos);
	n->op = op;
	n->opos = opos;
	n->l = l;
	n->r = r;
	return n;
}

/* Levels of left-associative binary operators, loosest first. */
enum level { L_OR, L_AND, L_ADD, L_MUL };

static int parse_level(struct parser *p, enum level lv, struct ast **out);

/* What a level's operands are. */
static int operand(struct parser *p, enum level lv, struct ast **out)
{
	switch (lv) {
	case L_OR: return parse_level(p, L_AND, out);
	case L_AND: return parse_not(p, out);
	case L_ADD: return parse_level(p, L_MUL, out);
	default: return parse_unary(p, out);
	}
}

/* The operator of the level at the current token, or 0. */
static enum ast_op level_op(const struct parser *p, enum level lv)
{
	const struct tok *t = peek(p);
	switch (lv) {
	case L_OR: return is_word(t, "or") ? OP_OR : 0;
	case L_AND: return is_word(t, "and") ? OP_AND : 0;
	case L_ADD: return t->kind == T_PLUS ? OP_ADD : t->kind == T_MINUS ? OP_SUB : 0;
	default: return t->kind == T_STAR ? OP_MUL : t->kind == T_SLASH ? OP_DIV : 0;
	}
}

static int parse_level(struct parser *p, enum level lv, struct ast **out)
{
	int rc = operand(p, lv, out);
	enum ast_op op;
	while (!rc && (op = level_op(p, lv))) {
		size_t opos = peek(p)->pos;
		struct ast *r;
		p->i++;
		rc = operand(p, lv, &r);
		if (!rc)
			*out = binary(p, op, opos, *out, r);
	}
	return rc;
}

static int parse_add(struct parser *p, struct ast **out)
{
	return parse_level(p, L_ADD, out);
}

static enum ast_op cmp_op(enum tok_kind k)
{
	switch (k) {
	case T_EQ: return OP_EQ;
	case T_NE: return OP_NE;
	case T_LT: return OP_LT;
	case T_LE: return OP_LE;
	case T_GT: return OP_GT;
	case T_GE: return OP_GE;
	default: return 0;
	}
}

/* "in (a, b, ...)": the list of values. */
static int parse_list(struct parser *p, struct ast *in)
{
	if (peek(p)->kind != T_LP)
		return expected(p, "\"(\" and a list of values after \"in\"",
		                "\"(\" và danh sách giá trị sau \"in\"");
	p->i++;
	struct ast **tail = &in->items;
	for (;;) {
		int rc = parse_unary(p, tail);
		if (rc)
			return rc;
		tail = &(*tail)->next;
		in->nitems++;
		if (peek(p)->kind == T_COMMA) {
			p->i++;
			continue;
		}
		if (peek(p)->kind != T_RP)
			return expected(p, "\",\" or \")\"", "\",\" hoặc \")\"");
		p->i++;
		return 0;
	}
}

static int parse_cmp(struct parser *p, struct ast **out)
{
	int rc = parse_add(p, out);
	if (rc)
		return rc;
	const struct tok *t = peek(p);
	bool not_in = is_word(t, "not") && is_word(&p->toks[p->i + 1], "in");
	if (is_word(t, "in") || not_in) {
		struct ast *in = node(p, AST_IN, (*out)->pos);
		in->opos = t->pos;
		in->l = *out;
		in->negated = not_in;
		p->i += not_in ? 2 : 1;
		rc = parse_list(p, in);
		*out = in;
	} else if (cmp_op(t->kind)) {
		struct ast *r;
		p->i++;
		rc = parse_add(p, &r);
		if (!rc)
			*out = binary(p, cmp_op(t->kind), t->pos, *out, r);
	} else {
		return 0;
	}
	if (!rc && (cmp_op(peek(p)->kind) || is_word(peek(p), "in")))
		return expr_fail(p->err, p->src, peek(p)->pos,
		                 "one comparison at a time: write a < b and b < c",
		                 "mỗi lần chỉ so sánh một lần: viết a < b and b < c");
	return rc;
}

static int parse_not(struct parser *p, struct ast **out)
{
	if (is_word(peek(p), "not"))
		return parse_prefix(p, AST_NOT, parse_not, out);
	return parse_cmp(p, out);
}

static int parse_or(struct parser *p, struct ast **out)
{
	return parse_level(p, L_OR, out);
}

int expr_parse(const char *text, struct arena *a, struct ast **out, struct expr_error *err)
{
	size_t len = strlen(text), bad;
	if (len > EXPR_TEXT_MAX)
		return expr_fail(err, text, EXPR_TEXT_MAX, "longer than %d bytes",
		                 "dài quá %d byte", EXPR_TEXT_MAX);
	if (!text_valid_utf8(text, len, &bad))
		return expr_fail(err, text, bad, "not valid UTF-8", "không phải UTF-8 hợp lệ");
	struct parser p = {.src = text, .a = a, .err = err};
	int rc = lex(&p);
	if (rc)
		return rc;
	if (peek(&p)->kind == T_END)
		return expr_fail(err, text, 0, "empty", "công thức trống");
	rc = parse_or(&p, out);
	if (rc)
		return rc;
	if (peek(&p)->kind != T_END) {
		char en[80], vi[80];
		tok_describe(&p, peek(&p), en, vi, sizeof en);
		return expr_fail(err, text, peek(&p)->pos,
		                 "unexpected %s%.0s (an operator such as and, +, = is missing?)",
		                 "không mong đợi %.0s%s (thiếu một phép toán như and, +, = ?)", en,
		                 vi);
	}
	return 0;
}

enum expr_cmp expr_cmp_of(enum ast_op op)
{
	switch (op) {
	case OP_EQ: return EXPR_EQ;
	case OP_NE: return EXPR_NE;
	case OP_LT: return EXPR_LT;
	case OP_LE: return EXPR_LE;
	case OP_GT: return EXPR_GT;
	case OP_GE: return EXPR_GE;
	default: return 0;
	}
}

const char *expr_cmp_text(enum expr_cmp c)
{
	switch (c) {
	case EXPR_EQ: return "=";
	case EXPR_NE: return "!=";
	case EXPR_LT: return "<";
	case EXPR_LE: return "<=";
	case EXPR_GT: return ">";
	case EXPR_GE: return ">=";
	case EXPR_IN: return "in";
	case EXPR_NOT_IN: return "not in";
	default: return "?";
	}
}
