/*
 * records.c: reading and writing the records of records.h through their
 * column tables: text to values (rec_set), values to text (rec_get), CSV
 * rows in and out. The kinds' tables and rules are records_kinds.c.
 */
#include "core/records.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/text.h"

bool rec_in_force(int32_t from, int32_t to, int32_t day)
{
	return from <= day && (to == 0 || day < to);
}

int rec_col_index(const struct rec_kind *k, const char *name)
{
	for (size_t i = 0; i < k->ncols; i++)
		if (!strcmp(k->cols[i].name, name))
			return (int)i;
	return -1;
}

const char *rec_unit(const struct rec_kind *k, const void *rec)
{
	int i = rec_col_index(k, "unit");
	if (i < 0)
		i = rec_col_index(k, "team_unit");
	return i < 0 ? "" : (const char *)rec + k->cols[i].off;
}

const struct expr_word *rec_words(const struct rec_col *col)
{
	if (col->words)
		return col->words;
	const struct expr_entity *en = col->entity ? expr_entity_find(col->entity) : NULL;
	int f = en ? expr_field_index(en, col->field) : -1;
	static const struct expr_word none[] = {{NULL, 0, NULL}};
	return f >= 0 && en->fields[f].words ? en->fields[f].words : none;
}

static void *at(const struct rec_col *col, void *r)
{
	return (char *)r + col->off;
}

static const void *cat(const struct rec_col *col, const void *r)
{
	return (const char *)r + col->off;
}

/* The word of a list whose name or Vietnamese name folds to v's fold. */
static int word_code(const struct rec_col *col, const char *v, int *code)
{
	const struct expr_word *w = rec_words(col);
	for (size_t i = 0; w[i].word; i++)
		if (!strcmp(w[i].word, v)) {
			*code = w[i].code;
			return 0;
		}
	char *fv = text_fold_dup(v);
	int found = -1;
	for (size_t i = 0; fv && found < 0 && w[i].word; i++) {
		char *fw = text_fold_dup(w[i].vi);
		if (fw && !strcmp(fw, fv))
			found = (int)i;
		free(fw);
	}
	free(fv);
	if (found < 0)
		return -1;
	*code = w[found].code;
	return 0;
}

static int list_error(const struct rec_col *col, const char *v, struct xerr *e)
{
	const struct expr_word *w = rec_words(col);
	char list[160] = "";
	size_t len = 0;
	for (size_t i = 0; w[i].word && len < sizeof list - 2; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "",
		                        w[i].word);
	return xerr_set(e, XERR_INVALID, col->name, "%s is one of %s, not \"%.40s\"", col->name,
	                list, v);
}

static int set_text(const struct rec_col *col, const char *v, void *r, struct xerr *e)
{
	size_t n = strlen(v), chars = text_length(v);
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t')
			return xerr_set(e, XERR_INVALID, col->name, "%s holds a control character",
			                col->name);
	if (n >= col->size || (col->max && chars > (size_t)col->max))
		return xerr_set(e, XERR_INVALID, col->name,
		                "%s is too long (at most %lld characters)", col->name,
		                (long long)(col->max ? col->max : (int64_t)col->size - 1));
	memcpy(at(col, r), v, n + 1);
	return 0;
}

static int set_int(const struct rec_col *col, const char *v, void *r, struct xerr *e)
{
	char *end;
	long long x = strtoll(v, &end, 10);
	if (*end || end == v || x < col->min || x > col->max)
		return xerr_set(e, XERR_INVALID, col->name,
		                "%s is a whole number from %lld to %lld, not \"%.40s\"", col->name,
		                (long long)col->min, (long long)col->max, v);
	*(int64_t *)at(col, r) = x;
	return 0;
}

static int set_real(const struct rec_col *col, const char *v, void *r, struct xerr *e)
{
	char *end;
	double x = strtod(v, &end);
	if (*end || end == v || !isfinite(x) || x < 0)
		return xerr_set(e, XERR_INVALID, col->name,
		                "%s is a number (0 or more, a point for decimals), not \"%.40s\"",
		                col->name, v);
	*(double *)at(col, r) = x;
	return 0;
}

/* v without leading and trailing spaces, into a buffer of the caller. */
static const char *trimmed(const char *text, char *tmp, size_t cap)
{
	while (*text == ' ')
		text++;
	size_t n = strlen(text);
	while (n && text[n - 1] == ' ')
		n--;
	if (n >= cap)
		return text;
	memcpy(tmp, text, n);
	tmp[n] = '\0';
	return tmp;
}

int rec_set(const struct rec_kind *k, size_t i, const char *text, void *r, struct xerr *e)
{
	const struct rec_col *col = &k->cols[i];
	char tmp[512];
	const char *v = trimmed(text ? text : "", tmp, sizeof tmp);
	if (!*v)
		return col->required
		           ? xerr_set(e, XERR_INVALID, col->name, "%s is required", col->name)
		           : 0;
	int32_t day;
	int code;
	switch (col->type) {
	case REC_TEXT: return set_text(col, v, r, e);
	case REC_INT: return set_int(col, v, r, e);
	case REC_REAL: return set_real(col, v, r, e);
	case REC_DAY:
		if (cal_parse_date(v, col->name, &day, e) != 0)
			return XERR_INVALID;
		*(int32_t *)at(col, r) = day;
		return 0;
	case REC_WORD:
		if (word_code(col, v, &code) != 0)
			return list_error(col, v, e);
		*(int *)at(col, r) = code;
		return 0;
	default: return xerr_set(e, XERR_INVALID, col->name, "%s cannot be given", col->name);
	}
}

int64_t rec_num(const struct rec_kind *k, size_t i, const void *r)
{
	const struct rec_col *col = &k->cols[i];
	switch (col->type) {
	case REC_DAY: return *(const int32_t *)cat(col, r);
	case REC_INT:
	case REC_TIME: return *(const int64_t *)cat(col, r);
	case REC_WORD: return *(const int *)cat(col, r);
	default: return 0;
	}
}

bool rec_empty(const struct rec_kind *k, size_t i, const void *r)
{
	const struct rec_col *col = &k->cols[i];
	if (col->type == REC_TEXT)
		return !*(const char *)cat(col, r);
	if (col->type == REC_REAL)
		return false;
	return (col->type == REC_DAY || col->type == REC_TIME || col->type == REC_WORD) &&
	       rec_num(k, i, r) == 0;
}

void rec_get(const struct rec_kind *k, size_t i, const void *r, char *dst, size_t cap)
{
	const struct rec_col *col = &k->cols[i];
	dst[0] = '\0';
	if (rec_empty(k, i, r))
		return;
	char d[17];
	switch (col->type) {
	case REC_TEXT: snprintf(dst, cap, "%s", (const char *)cat(col, r)); return;
	case REC_INT: snprintf(dst, cap, "%lld", (long long)rec_num(k, i, r)); return;
	case REC_REAL: snprintf(dst, cap, "%.15g", *(const double *)cat(col, r)); return;
	case REC_DAY:
		cal_format_date((int32_t)rec_num(k, i, r), d);
		snprintf(dst, cap, "%s", d);
		return;
	case REC_TIME:
		/* Unix seconds to local (UTC+7) minutes. */
		cal_format_time(rec_num(k, i, r) / 60 + 7 * 60, d);
		snprintf(dst, cap, "%s", d);
		return;
	case REC_WORD: {
		const struct expr_word *w = rec_words(col);
		int code = (int)rec_num(k, i, r);
		for (size_t j = 0; w[j].word; j++)
			if (w[j].code == code)
				snprintf(dst, cap, "%s", w[j].word);
		return;
	}
	default: return;
	}
}

/* ---- CSV ---- */

int rec_columns(const struct rec_kind *k, const struct csv *c, int *idx, struct xerr *e)
{
	for (size_t i = 0; i < k->ncols; i++) {
		idx[i] = k->cols[i].out ? -1 : csv_col(c, k->cols[i].name);
		if (idx[i] < 0 && k->cols[i].required && !k->cols[i].out)
			return xerr_set(e, XERR_INVALID, k->cols[i].name,
			                "%s:1:1: missing column \"%s\"", c->name, k->cols[i].name);
	}
	return 0;
}

int rec_row_error(const struct csv *c, struct xerr *e)
{
	int col = e->field ? csv_col(c, e->field) : -1;
	char msg[sizeof e->msg];
	snprintf(msg, sizeof msg, "%s", e->msg);
	int code = e->code;
	const char *field = e->field;
	csv_error(c, col, e, "%s", msg);
	e->code = code;
	e->field = field ? field : "file";
	return code;
}

int rec_read_row(const struct rec_kind *k, struct csv *c, const int *idx, void *r, int32_t today,
                 struct xerr *e)
{
	memset(r, 0, k->size);
	for (size_t i = 0; i < k->ncols; i++) {
		if (k->cols[i].out)
			continue;
		if (rec_set(k, i, idx[i] >= 0 ? csv_field(c, idx[i]) : "", r, e) != 0)
			return rec_row_error(c, e);
	}
	if (k->check && k->check(r, today, e) != 0)
		return rec_row_error(c, e);
	return 0;
}

void rec_csv_header(const struct rec_kind *k, struct buf *out)
{
	for (size_t i = 0; i < k->ncols; i++) {
		if (i)
			buf_putc(out, ',');
		buf_puts(out, k->cols[i].name);
	}
	buf_puts(out, "\r\n");
}

void rec_csv_row(const struct rec_kind *k, const void *r, struct buf *out)
{
	char v[512];
	for (size_t i = 0; i < k->ncols; i++) {
		if (i)
			buf_putc(out, ',');
		rec_get(k, i, r, v, sizeof v);
		if (k->cols[i].type == REC_TEXT)
			csv_put_text(out, v);
		else
			buf_puts(out, v);
	}
	buf_puts(out, "\r\n");
}
