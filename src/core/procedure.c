/*
 * procedure.c: strict reading of the procedure catalogue files. Every
 * field is checked (shape, range, allowed words) and a bad one is reported
 * with its line and column; duplicates within a file are rejected.
 */
#include "core/procedure.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/csv.h"

static const char *const unit_names[] = {"", "workday", "calendarday", "sameday", "workhour"};

const char *proc_time_unit_name(enum proc_time_unit u)
{
	return (unsigned)u < sizeof unit_names / sizeof unit_names[0] ? unit_names[u] : "";
}

int proc_time_unit_parse(const char *s)
{
	for (unsigned i = 0; i < sizeof unit_names / sizeof unit_names[0]; i++)
		if (!strcmp(s, unit_names[i]))
			return (int)i;
	return -1;
}

int procedure_check_code(const char *code, struct xerr *e)
{
	bool ok = strlen(code) == 8 && isdigit((unsigned char)code[0]) && code[1] == '.';
	for (int i = 2; ok && i < 8; i++)
		ok = isdigit((unsigned char)code[i]);
	if (!ok)
		return xerr_set(e, XERR_INVALID, "code",
		                "a procedure code is a digit, a dot and six digits, like 1.001193");
	return 0;
}

/* A whole number in [lo, hi]; empty is allowed (giving *out = dflt) only
 * when allow_empty. */
static int take_int(struct csv *c, int col, long lo, long hi, bool allow_empty, long dflt,
                    long *out, struct xerr *e)
{
	const char *v = csv_field(c, col);
	if (!*v) {
		if (allow_empty) {
			*out = dflt;
			return 0;
		}
		return csv_error(c, col, e, "\"%s\" is empty", c->header[col]);
	}
	char *end;
	long x = strtol(v, &end, 10);
	if (*end || !isdigit((unsigned char)v[0]) || x < lo || x > hi)
		return csv_error(c, col, e,
		                 "\"%s\" must be a whole number from %ld to %ld, not \"%s\"",
		                 c->header[col], lo, hi, v);
	*out = x;
	return 0;
}

static int take_flag(struct csv *c, int col, bool *out, struct xerr *e)
{
	const char *v = csv_field(c, col);
	if (strcmp(v, "0") && strcmp(v, "1"))
		return csv_error(c, col, e, "\"%s\" must be 0 or 1, not \"%s\"", c->header[col], v);
	*out = v[0] == '1';
	return 0;
}

/* Grows a malloc'ed array of elements of size sz by one zeroed slot. */
static void *push(void **arr, size_t sz, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		void *p = realloc(*arr, *cap * sz);
		if (!p)
			abort();
		*arr = p;
	}
	char *slot = (char *)*arr + (*n)++ * sz;
	memset(slot, 0, sz);
	return slot;
}

/* An optional date (YYYY-MM-DD) as a Julian day; 0 when empty or absent. */
static int take_day(struct csv *c, int col, int32_t *out, struct xerr *e)
{
	*out = 0;
	const char *v = csv_field(c, col);
	struct xerr de = {0};
	if (col < 0 || !*v)
		return 0;
	if (cal_parse_date(v, c->header[col], out, &de))
		return csv_error(c, col, e, "%s", de.msg);
	return 0;
}

static int take_code(struct csv *c, int col, char *dst, struct xerr *e)
{
	struct xerr ce = {0};
	if (procedure_check_code(csv_field(c, col), &ce))
		return csv_error(c, col, e, "%s", ce.msg);
	memcpy(dst, csv_field(c, col), strlen(csv_field(c, col)) + 1);
	return 0;
}

static int one_procedure(struct csv *c, const int *col, struct procedure *p, struct xerr *e)
{
	long v = 0;
	int rc;
	if ((rc = take_code(c, col[0], p->code, e)) ||
	    (rc = csv_take(c, col[1], p->name, sizeof p->name, true, e)) ||
	    (rc = csv_take(c, col[2], p->field, sizeof p->field, true, e)) ||
	    (rc = csv_take(c, col[3], p->level, sizeof p->level, true, e)))
		return rc;
	if (strcmp(p->level, "commune") && strcmp(p->level, "province"))
		return csv_error(c, col[3], e, "level must be commune or province, not \"%s\"",
		                 p->level);
	int u = proc_time_unit_parse(csv_field(c, col[5]));
	if (u < 0)
		return csv_error(c, col[5], e,
		                 "time_unit must be workday, calendarday, sameday, workhour or "
		                 "empty, not \"%s\"",
		                 csv_field(c, col[5]));
	p->time_unit = (enum proc_time_unit)u;
	if (u == PROC_TIME_NONE) {
		if (*csv_field(c, col[4]))
			return csv_error(c, col[4], e,
			                 "time_value must be empty when time_unit is empty");
	} else if (u == PROC_TIME_SAMEDAY) {
		if ((rc = take_int(c, col[4], 0, 0, true, 0, &v, e)))
			return rc;
	} else {
		if ((rc = take_int(c, col[4], 1, 3650, false, 0, &v, e)))
			return rc;
		p->time_value = (int)v;
	}
	if ((rc = take_int(c, col[6], 0, 1000000000L, true, -1, &v, e)))
		return rc;
	p->fee_vnd = v;
	const char *ol = csv_field(c, col[7]);
	if (strcmp(ol, "full") && strcmp(ol, "partial"))
		return csv_error(c, col[7], e, "online_level must be full or partial, not \"%s\"",
		                 ol);
	p->online_full = !strcmp(ol, "full");
	p->result_signed = true;
	if (col[9] >= 0 && *csv_field(c, col[9]) &&
	    (rc = take_flag(c, col[9], &p->result_signed, e)))
		return rc;
	if ((rc = csv_take(c, col[8], p->source, sizeof p->source, false, e)))
		return rc;
	/* The 766 index's columns are optional (-1: the file has none). */
	int32_t *days[] = {&p->decision_day, &p->basis_day, &p->public_day};
	for (int i = 0; i < 3; i++)
		if ((rc = take_day(c, col[10 + i], days[i], e)))
			return rc;
	int *flags[] = {&p->paper_result, &p->full_online_eligible};
	for (int i = 0; i < 2; i++) {
		*flags[i] = -1;
		bool b = false;
		if (col[13 + i] >= 0 && *csv_field(c, col[13 + i])) {
			if ((rc = take_flag(c, col[13 + i], &b, e)))
				return rc;
			*flags[i] = b;
		}
	}
	return 0;
}

int procedure_parse(const char *file, const char *data, size_t len, struct procedure **out,
                    size_t *n, struct xerr *e)
{
	static const char *const req[] = {"code",       "name",      "field",   "level",
	                                  "time_value", "time_unit", "fee_vnd", "online_level",
	                                  "source",     NULL};
	static const char *const opt[] = {"decision_date", "basis_effective", "public_date",
	                                  "paper_result", "full_online_eligible"};
	*out = NULL;
	*n = 0;
	struct csv c;
	int rc = csv_open(&c, file, data, len, req, e);
	if (rc)
		return rc;
	int col[15];
	for (int i = 0; i < 9; i++)
		col[i] = csv_col(&c, req[i]);
	col[9] = csv_col(&c, "result_signed"); /* optional: -1 when absent */
	for (int i = 0; i < 5; i++)
		col[10 + i] = csv_col(&c, opt[i]);
	size_t cap = 0;
	void *arr = NULL;
	while ((rc = csv_next(&c, e)) == 1) {
		struct procedure *p = push(&arr, sizeof *p, n, &cap);
		if ((rc = one_procedure(&c, col, p, e)))
			break;
		for (size_t i = 0; i + 1 < *n && rc == 0; i++)
			if (!strcmp(((struct procedure *)arr)[i].code, p->code))
				rc = csv_error(&c, col[0], e, "duplicate procedure code %s",
				               p->code);
		if (rc)
			break;
	}
	csv_close(&c);
	if (rc == 0 && *n == 0)
		rc = xerr_set(e, XERR_INVALID, "file", "%s: no procedures in the file", file);
	if (rc) {
		free(arr);
		*n = 0;
		return rc;
	}
	*out = arr;
	return 0;
}

int procedure_documents_parse(const char *file, const char *data, size_t len,
                              struct procedure_document **out, size_t *n, struct xerr *e)
{
	static const char *const req[] = {"procedure_code", "seq",      "name", "original_or_copy",
	                                  "count",          "reusable", NULL};
	*out = NULL;
	*n = 0;
	struct csv c;
	int rc = csv_open(&c, file, data, len, req, e);
	if (rc)
		return rc;
	int cp = csv_col(&c, "procedure_code"), cs = csv_col(&c, "seq"), cn = csv_col(&c, "name");
	int co = csv_col(&c, "original_or_copy"), cc = csv_col(&c, "count");
	int cr = csv_col(&c, "reusable"), csrc = csv_col(&c, "source");
	size_t cap = 0;
	void *arr = NULL;
	while ((rc = csv_next(&c, e)) == 1) {
		struct procedure_document *d = push(&arr, sizeof *d, n, &cap);
		long v = 0;
		if ((rc = take_code(&c, cp, d->procedure, e)) ||
		    (rc = take_int(&c, cs, 1, 999, false, 0, &v, e)))
			break;
		d->seq = (int)v;
		if ((rc = csv_take(&c, cn, d->name, sizeof d->name, true, e)) ||
		    (rc = csv_take(&c, co, d->original_or_copy, sizeof d->original_or_copy, true,
		                   e)))
			break;
		if (strcmp(d->original_or_copy, "original") &&
		    strcmp(d->original_or_copy, "copy") &&
		    strcmp(d->original_or_copy, "original_or_copy")) {
			rc = csv_error(&c, co, e,
			               "original_or_copy must be original, copy or "
			               "original_or_copy, not \"%s\"",
			               d->original_or_copy);
			break;
		}
		if ((rc = take_int(&c, cc, 1, 99, false, 0, &v, e)))
			break;
		d->count = (int)v;
		if ((rc = take_flag(&c, cr, &d->reusable, e)))
			break;
		if (csrc >= 0 && (rc = csv_take(&c, csrc, d->source, sizeof d->source, false, e)))
			break;
		const struct procedure_document *all = arr;
		for (size_t i = 0; i + 1 < *n && rc == 0; i++)
			if (!strcmp(all[i].procedure, d->procedure) && all[i].seq == d->seq)
				rc = csv_error(&c, cs, e, "duplicate seq %d for procedure %s",
				               d->seq, d->procedure);
		if (rc)
			break;
	}
	csv_close(&c);
	if (rc) {
		free(arr);
		*n = 0;
		return rc;
	}
	*out = arr;
	return 0;
}

/* Field names are keys of the form data: lower-case ASCII, digits, '_'. */
static bool field_name_ok(const char *s)
{
	if (!*s || !islower((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

static bool field_type_ok(const char *t)
{
	static const char *const simple[] = {"text", "textarea", "date", "number",
	                                     "pid",  "phone",    NULL};
	for (int i = 0; simple[i]; i++)
		if (!strcmp(t, simple[i]))
			return true;
	if (strncmp(t, "select:", 7) || !t[7])
		return false;
	for (const char *p = t + 7; *p; p++) {
		if (*p == '|' && (p[1] == '|' || p[1] == 0 || p[-1] == ':'))
			return false;
		if (*p != '|' && !islower((unsigned char)*p) && !isdigit((unsigned char)*p) &&
		    *p != '_')
			return false;
	}
	return true;
}

int procedure_fields_parse(const char *file, const char *data, size_t len,
                           struct procedure_field **out, size_t *n, struct xerr *e)
{
	static const char *const req[] = {"procedure_code", "seq",  "name",     "label_vi",
	                                  "label_en",       "type", "required", NULL};
	*out = NULL;
	*n = 0;
	struct csv c;
	int rc = csv_open(&c, file, data, len, req, e);
	if (rc)
		return rc;
	int col[7];
	for (int i = 0; i < 7; i++)
		col[i] = csv_col(&c, req[i]);
	size_t cap = 0;
	void *arr = NULL;
	while ((rc = csv_next(&c, e)) == 1) {
		struct procedure_field *f = push(&arr, sizeof *f, n, &cap);
		long v = 0;
		if ((rc = take_code(&c, col[0], f->procedure, e)) ||
		    (rc = take_int(&c, col[1], 1, 999, false, 0, &v, e)))
			break;
		f->seq = (int)v;
		if ((rc = csv_take(&c, col[2], f->name, sizeof f->name, true, e)))
			break;
		if (!field_name_ok(f->name)) {
			rc = csv_error(&c, col[2], e,
			               "name must be lower-case letters, digits and _, starting "
			               "with a letter");
			break;
		}
		if ((rc = csv_take(&c, col[3], f->label_vi, sizeof f->label_vi, true, e)) ||
		    (rc = csv_take(&c, col[4], f->label_en, sizeof f->label_en, true, e)) ||
		    (rc = csv_take(&c, col[5], f->type, sizeof f->type, true, e)))
			break;
		if (!field_type_ok(f->type)) {
			rc = csv_error(&c, col[5], e,
			               "type must be text, textarea, date, number, pid, phone or "
			               "select:a|b, not \"%s\"",
			               f->type);
			break;
		}
		if ((rc = take_flag(&c, col[6], &f->required, e)))
			break;
		const struct procedure_field *all = arr;
		for (size_t i = 0; i + 1 < *n && rc == 0; i++) {
			if (strcmp(all[i].procedure, f->procedure))
				continue;
			if (all[i].seq == f->seq)
				rc = csv_error(&c, col[1], e, "duplicate seq %d for procedure %s",
				               f->seq, f->procedure);
			else if (!strcmp(all[i].name, f->name))
				rc = csv_error(&c, col[2], e, "duplicate field %s for procedure %s",
				               f->name, f->procedure);
		}
		if (rc)
			break;
	}
	csv_close(&c);
	if (rc) {
		free(arr);
		*n = 0;
		return rc;
	}
	*out = arr;
	return 0;
}
