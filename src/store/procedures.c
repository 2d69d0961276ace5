/*
 * procedures.c: the procedure catalogue: imports (all or nothing), the
 * seed compiled into the binary, and searches that ignore diacritics.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/calendar.h"
#include "core/dossier.h"
#include "core/embedded.h"
#include "core/text.h"
#include "store/store_audit.h"
#include "store/store_int.h"
#include "store/store_procedures.h"

/* A Julian day as 'YYYY-MM-DD' into d[11], or NULL for 0 (not known). */
static const char *day_text(int32_t day, char d[11])
{
	if (!day)
		return NULL;
	cal_format_date(day, d);
	return d;
}

static int put_procedure(struct db_conn *c, const struct procedure *p, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO procedure(code, name, name_folded, field, level, "
	    "time_value, time_unit, fee_vnd, online_level, source, result_signed) VALUES "
	    "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11) "
	    "ON CONFLICT(code) DO UPDATE SET name = excluded.name, name_folded = "
	    "excluded.name_folded, "
	    "field = excluded.field, level = excluded.level, time_value = excluded.time_value, "
	    "time_unit = excluded.time_unit, fee_vnd = excluded.fee_vnd, "
	    "online_level = excluded.online_level, source = excluded.source, "
	    "result_signed = excluded.result_signed";
	char *folded = text_fold_dup(p->name);
	if (!folded)
		return xerr_set(e, XERR_INVALID, "name", "procedure %s: name is not UTF-8",
		                p->code);
	int rc = db_run(c, sql,
	                DB_ARGS(DB_TEXT(p->code), DB_TEXT(p->name), DB_TEXT(folded),
	                        DB_TEXT(p->field), DB_TEXT(p->level), DB_INT(p->time_value),
	                        DB_TEXT(proc_time_unit_name(p->time_unit)),
	                        p->fee_vnd >= 0 ? DB_INT(p->fee_vnd) : DB_NULL,
	                        DB_TEXT(p->online_full ? "full" : "partial"), DB_TEXT(p->source),
	                        DB_INT(p->result_signed)),
	                e);
	free(folded);
	return rc;
}

/* The 766 index's facts of p (migration 014): a value not given (0, -1)
 * keeps what is stored; public_default, when not NULL, is the public date
 * of a procedure that has none yet (an import: public in xaso from the day
 * it is imported). 0 when written, XERR_NOTFOUND when there is no such
 * procedure. */
static int put_facts(struct db_conn *c, const struct procedure *p, const char *public_default,
                     struct xerr *e)
{
	static const char sql[] =
	    "UPDATE procedure SET decision_date = coalesce(?2, decision_date), "
	    "basis_effective = coalesce(?3, basis_effective), public_date = coalesce(?4, "
	    "public_date, ?7), paper_result = coalesce(?5, paper_result), full_online_eligible = "
	    "coalesce(?6, full_online_eligible) WHERE code = ?1 RETURNING 1";
	char d1[11], d2[11], d3[11];
	const char *dec = day_text(p->decision_day, d1), *basis = day_text(p->basis_day, d2);
	const char *pub = day_text(p->public_day, d3);
	int rc = db_query_first(
	    c, sql,
	    DB_ARGS(DB_TEXT(p->code), dec ? DB_TEXT(dec) : DB_NULL,
	            basis ? DB_TEXT(basis) : DB_NULL, pub ? DB_TEXT(pub) : DB_NULL,
	            p->paper_result >= 0 ? DB_INT(p->paper_result) : DB_NULL,
	            p->full_online_eligible >= 0 ? DB_INT(p->full_online_eligible) : DB_NULL,
	            public_default ? DB_TEXT(public_default) : DB_NULL),
	    NULL, NULL, e);
	if (rc < 0)
		return rc;
	return rc == 0 ? xerr_set(e, XERR_NOTFOUND, "code", "no procedure %s", p->code) : 0;
}

struct set_766 {
	const struct actor *who;
	const struct procedure *p;
};

static int set_766_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	struct set_766 *x = ctx;
	int rc = put_facts(c, x->p, NULL, e);
	return rc ? rc
	          : st_audit_append(c, x->who, "procedure.index766", x->p->code,
	                            "publication dates, paper result, full-online eligibility", e);
}

int store_procedure_set_766(struct store *s, const struct actor *who, const struct procedure *p,
                            struct xerr *e)
{
	struct set_766 x = {who, p};
	return st_write(s, set_766_tx, &x, e);
}

/* Removes the stored list of each procedure named in the new list, so the
 * file replaces it rather than merging with it. */
static int clear_lists(struct db_conn *c, const char *sql, const void *rows, size_t n,
                       size_t stride, struct xerr *e)
{
	/* Each row starts with its procedure code (char[PROC_CODE_MAX]). */
	for (size_t i = 0; i < n; i++) {
		int rc = db_run(c, sql, DB_ARGS(DB_TEXT((const char *)rows + i * stride)), e);
		if (rc)
			return rc;
	}
	return 0;
}

static int put_document(struct db_conn *c, const struct procedure_document *d, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO procedure_document(procedure, seq, name, "
	    "original_or_copy, count, reusable, source) VALUES (?1,?2,?3,?4,?5,?6,?7)";
	return db_run(c, sql,
	              DB_ARGS(DB_TEXT(d->procedure), DB_INT(d->seq), DB_TEXT(d->name),
	                      DB_TEXT(d->original_or_copy), DB_INT(d->count), DB_INT(d->reusable),
	                      DB_TEXT(d->source)),
	              e);
}

static int put_field(struct db_conn *c, const struct procedure_field *f, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO procedure_form_field(procedure, seq, name, label_vi, "
	    "label_en, type, required) VALUES (?1,?2,?3,?4,?5,?6,?7)";
	return db_run(c, sql,
	              DB_ARGS(DB_TEXT(f->procedure), DB_INT(f->seq), DB_TEXT(f->name),
	                      DB_TEXT(f->label_vi), DB_TEXT(f->label_en), DB_TEXT(f->type),
	                      DB_INT(f->required)),
	              e);
}

struct import_ctx {
	const struct actor *who;
	const struct procedure *p;
	size_t np;
	const struct procedure_document *d;
	size_t nd;
	const struct procedure_field *f;
	size_t nf;
	int *bad_list;
	size_t *bad;
	bool facts; /* the schema has the 766 index's columns (version 14 on) */
};

static int import_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql_clear_docs[] = "DELETE FROM procedure_document WHERE procedure = ?1";
	static const char sql_clear_fields[] =
	    "DELETE FROM procedure_form_field WHERE procedure = ?1";
	struct import_ctx *x = ctx;
	int rc = 0;
	char today[11];
	cal_format_date(cal_time_day(dossier_local_minutes(time(NULL))), today);
	for (size_t i = 0; i < x->np && rc == 0; i++)
		if ((rc = put_procedure(c, &x->p[i], e)) ||
		    (x->facts && (rc = put_facts(c, &x->p[i], today, e))))
			*x->bad = i;
	if (rc == 0)
		rc = clear_lists(c, sql_clear_docs, x->d, x->nd, sizeof *x->d, e);
	for (size_t i = 0; i < x->nd && rc == 0; i++)
		if ((rc = put_document(c, &x->d[i], e))) {
			*x->bad_list = 1;
			*x->bad = i;
		}
	if (rc == 0)
		rc = clear_lists(c, sql_clear_fields, x->f, x->nf, sizeof *x->f, e);
	for (size_t i = 0; i < x->nf && rc == 0; i++)
		if ((rc = put_field(c, &x->f[i], e))) {
			*x->bad_list = 2;
			*x->bad = i;
		}
	if (rc == 0) {
		char detail[96];
		snprintf(detail, sizeof detail, "%zu procedures, %zu documents, %zu fields", x->np,
		         x->nd, x->nf);
		rc = st_audit_append(c, x->who, "procedure.import", "procedure", detail, e);
	}
	return rc;
}

int store_procedures_import(struct store *s, const struct actor *who, const struct procedure *p,
                            size_t np, const struct procedure_document *d, size_t nd,
                            const struct procedure_field *f, size_t nf, int *bad_list, size_t *bad,
                            struct xerr *e)
{
	*bad_list = 0;
	*bad = 0;
	/* A store being upgraded step by step may be seeded before version
	 * 14: its procedures then take the 766 facts when they are set again. */
	struct import_ctx x = {who, p,  np,       d,   nd,
	                       f,   nf, bad_list, bad, store_schema_version(s, NULL) >= 14};
	return st_write(s, import_tx, &x, e);
}

int store_procedure_count(struct store *s, long *n, struct xerr *e)
{
	static const char sql[] = "SELECT count(*) FROM procedure";
	return st_count(s, sql, DB_NOARGS, n, e);
}

int store_procedures_seed(struct store *s, struct xerr *e)
{
	static const char *const files[] = {"data/procedures.csv", "data/procedure-documents.csv",
	                                    "data/procedure-fields.csv"};
	long have = 0;
	int rc = store_procedure_count(s, &have, e);
	if (rc || have)
		return rc;
	const char *data[3];
	size_t len[3];
	for (int i = 0; i < 3; i++)
		if (!(data[i] = embedded_find(files[i], &len[i])))
			return xerr_set(e, XERR_IO, "file", "%s is missing from this build",
			                files[i]);
	struct procedure *p = NULL;
	struct procedure_document *d = NULL;
	struct procedure_field *f = NULL;
	size_t np = 0, nd = 0, nf = 0, bad;
	int bad_list;
	struct actor sys;
	actor_system(&sys, "init");
	if ((rc = procedure_parse(files[0], data[0], len[0], &p, &np, e)) == 0 &&
	    (rc = procedure_documents_parse(files[1], data[1], len[1], &d, &nd, e)) == 0 &&
	    (rc = procedure_fields_parse(files[2], data[2], len[2], &f, &nf, e)) == 0)
		rc = store_procedures_import(s, &sys, p, np, d, nd, f, nf, &bad_list, &bad, e);
	free(p);
	free(d);
	free(f);
	return rc;
}

#define PROC_COLS                                                                                  \
	"code, name, field, level, time_value, time_unit, coalesce(fee_vnd, -1), "                 \
	"online_level, source, name_folded, result_signed, coalesce(decision_date, ''), "          \
	"coalesce(basis_effective, ''), coalesce(public_date, ''), paper_result, "                 \
	"full_online_eligible"

static void read_procedure(struct db_stmt *st, struct procedure *p)
{
	memset(p, 0, sizeof *p);
	db_text_copy(st, 0, p->code, sizeof p->code);
	db_text_copy(st, 1, p->name, sizeof p->name);
	db_text_copy(st, 2, p->field, sizeof p->field);
	db_text_copy(st, 3, p->level, sizeof p->level);
	p->time_value = (int)db_int(st, 4);
	int u = proc_time_unit_parse(db_text(st, 5));
	p->time_unit = u < 0 ? PROC_TIME_NONE : (enum proc_time_unit)u;
	p->fee_vnd = db_int(st, 6);
	p->online_full = !strcmp(db_text(st, 7), "full");
	db_text_copy(st, 8, p->source, sizeof p->source);
	p->result_signed = db_int(st, 10) != 0;
	int32_t *days[] = {&p->decision_day, &p->basis_day, &p->public_day};
	for (int i = 0; i < 3; i++)
		if (cal_parse_date(db_text(st, 11 + i), "date", days[i], NULL) != 0)
			*days[i] = 0;
	p->paper_result = (int)db_int(st, 14);
	p->full_online_eligible = (int)db_int(st, 15);
}

static int procedure_row(struct db_stmt *st, void *p)
{
	read_procedure(st, p);
	return 0;
}

int store_procedure_get(struct store *s, const char *code, struct procedure *out, struct xerr *e)
{
	static const char sql[] = "SELECT " PROC_COLS " FROM procedure WHERE code = ?1";
	int rc = st_first(s, sql, DB_ARGS(DB_TEXT(code)), procedure_row, out, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "procedure", "no procedure with code %s", code);
	return rc < 0 ? rc : 0;
}

/* The search: the longest word of the folded query narrows the scan in
 * SQL, the others are checked on each row. */
struct search {
	char *words[16];
	int nw, found, limit;
	struct procedure p;
	procedure_cb cb;
	void *ctx;
};

static int search_row(struct db_stmt *st, void *ctx)
{
	struct search *x = ctx;
	const char *folded = db_text(st, 9);
	for (int i = 0; i < x->nw; i++)
		if (!strstr(folded, x->words[i]))
			return 0;
	read_procedure(st, &x->p);
	int stop = x->cb(&x->p, x->ctx);
	if (stop)
		return stop;
	/* Enough: stop the walk without an error (a value no callback uses). */
	return ++x->found >= x->limit ? 1 : 0;
}

int store_procedure_search(struct store *s, const char *q, const char *field, const char *after,
                           int limit, procedure_cb cb, void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "SELECT " PROC_COLS " FROM procedure WHERE code > ?1 "
	    "AND (?2 IS NULL OR field = ?2) AND name_folded LIKE ?3 ESCAPE '\\' ORDER BY code";
	struct buf fq, like;
	buf_init(&fq);
	buf_init(&like);
	if (q && text_fold(q, &fq) != 0) {
		buf_free(&fq);
		return xerr_set(e, XERR_INVALID, "q", "q is not valid UTF-8");
	}
	struct search *x = calloc(1, sizeof *x);
	if (!x) {
		buf_free(&fq);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	const char *longest = "";
	for (char *tok = fq.data ? strtok(fq.data, " ") : NULL; tok && x->nw < 16;
	     tok = strtok(NULL, " ")) {
		x->words[x->nw++] = tok;
		if (strlen(tok) > strlen(longest))
			longest = tok;
	}
	x->limit = limit;
	x->cb = cb;
	x->ctx = ctx;
	st_like(&like, longest, true);
	int rc =
	    limit < 1
	        ? 0
	        : st_each(s, sql,
	                  DB_ARGS(DB_TEXT(after ? after : ""), DB_TEXTN(field), DB_TEXT(like.data)),
	                  search_row, x, e);
	/* 1 is the walk stopped at the limit; a callback's own stop is kept. */
	if (rc == 1 && x->found >= limit)
		rc = 0;
	free(x);
	buf_free(&like);
	buf_free(&fq);
	return rc;
}

struct document_each {
	procedure_document_cb cb;
	void *ctx;
};

static int document_row(struct db_stmt *st, void *ctx)
{
	struct document_each *x = ctx;
	struct procedure_document d;
	memset(&d, 0, sizeof d);
	db_text_copy(st, 0, d.procedure, sizeof d.procedure);
	d.seq = (int)db_int(st, 1);
	db_text_copy(st, 2, d.name, sizeof d.name);
	db_text_copy(st, 3, d.original_or_copy, sizeof d.original_or_copy);
	d.count = (int)db_int(st, 4);
	d.reusable = db_int(st, 5) != 0;
	db_text_copy(st, 6, d.source, sizeof d.source);
	return x->cb(&d, x->ctx);
}

int store_procedure_documents(struct store *s, const char *code, procedure_document_cb cb,
                              void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "SELECT procedure, seq, name, original_or_copy, count, reusable, "
	    "source FROM procedure_document WHERE procedure = ?1 ORDER BY seq";
	struct document_each x = {cb, ctx};
	return st_each(s, sql, DB_ARGS(DB_TEXT(code)), document_row, &x, e);
}

struct field_each {
	procedure_field_cb cb;
	void *ctx;
};

static int field_row(struct db_stmt *st, void *ctx)
{
	struct field_each *x = ctx;
	struct procedure_field f;
	memset(&f, 0, sizeof f);
	db_text_copy(st, 0, f.procedure, sizeof f.procedure);
	f.seq = (int)db_int(st, 1);
	db_text_copy(st, 2, f.name, sizeof f.name);
	db_text_copy(st, 3, f.label_vi, sizeof f.label_vi);
	db_text_copy(st, 4, f.label_en, sizeof f.label_en);
	db_text_copy(st, 5, f.type, sizeof f.type);
	f.required = db_int(st, 6) != 0;
	return x->cb(&f, x->ctx);
}

int store_procedure_fields(struct store *s, const char *code, procedure_field_cb cb, void *ctx,
                           struct xerr *e)
{
	static const char sql[] = "SELECT procedure, seq, name, label_vi, label_en, type, required "
	                          "FROM procedure_form_field WHERE procedure = ?1 ORDER BY seq";
	struct field_each x = {cb, ctx};
	return st_each(s, sql, DB_ARGS(DB_TEXT(code)), field_row, &x, e);
}
