/* sqlite_procedures.c: the procedure catalogue in the SQLite back end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/embedded.h"
#include "core/text.h"
#include "store/store_audit.h"
#include "store/store_procedures.h"
#include "store/sqlite_int.h"

static int put_procedure(struct conn *c, const struct procedure *p, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO procedure(code, name, name_folded, field, level, "
	    "time_value, time_unit, fee_vnd, online_level, source) VALUES "
	    "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10) "
	    "ON CONFLICT(code) DO UPDATE SET name = excluded.name, name_folded = "
	    "excluded.name_folded, "
	    "field = excluded.field, level = excluded.level, time_value = excluded.time_value, "
	    "time_unit = excluded.time_unit, fee_vnd = excluded.fee_vnd, "
	    "online_level = excluded.online_level, source = excluded.source";
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		return XERR_IO;
	char *folded = text_fold_dup(p->name);
	if (!folded)
		return xerr_set(e, XERR_INVALID, "name", "procedure %s: name is not UTF-8",
		                p->code);
	bind_text(st, 1, p->code, false);
	bind_text(st, 2, p->name, false);
	bind_text(st, 3, folded, false);
	bind_text(st, 4, p->field, false);
	bind_text(st, 5, p->level, false);
	sqlite3_bind_int(st, 6, p->time_value);
	bind_text(st, 7, proc_time_unit_name(p->time_unit), false);
	if (p->fee_vnd >= 0)
		sqlite3_bind_int64(st, 8, p->fee_vnd);
	else
		sqlite3_bind_null(st, 8);
	bind_text(st, 9, p->online_full ? "full" : "partial", false);
	bind_text(st, 10, p->source, false);
	int rc = stmt_done(c, st, e);
	free(folded);
	return rc;
}

/* Removes the stored list of each procedure named in the new list, so the
 * file replaces it rather than merging with it. */
static int clear_lists(struct conn *c, const char *sql, const void *rows, size_t n, size_t stride,
                       struct xerr *e)
{
	/* Each row starts with its procedure code (char[PROC_CODE_MAX]). */
	for (size_t i = 0; i < n; i++) {
		const char *code = (const char *)rows + i * stride;
		sqlite3_stmt *st = conn_stmt(c, sql, e);
		if (!st)
			return XERR_IO;
		bind_text(st, 1, code, false);
		int rc = stmt_done(c, st, e);
		if (rc)
			return rc;
	}
	return 0;
}

static int put_document(struct conn *c, const struct procedure_document *d, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO procedure_document(procedure, seq, name, "
	    "original_or_copy, count, reusable, source) VALUES (?1,?2,?3,?4,?5,?6,?7)";
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		return XERR_IO;
	bind_text(st, 1, d->procedure, false);
	sqlite3_bind_int(st, 2, d->seq);
	bind_text(st, 3, d->name, false);
	bind_text(st, 4, d->original_or_copy, false);
	sqlite3_bind_int(st, 5, d->count);
	sqlite3_bind_int(st, 6, d->reusable);
	bind_text(st, 7, d->source, false);
	return stmt_done(c, st, e);
}

static int put_field(struct conn *c, const struct procedure_field *f, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO procedure_form_field(procedure, seq, name, label_vi, "
	    "label_en, type, required) VALUES (?1,?2,?3,?4,?5,?6,?7)";
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		return XERR_IO;
	bind_text(st, 1, f->procedure, false);
	sqlite3_bind_int(st, 2, f->seq);
	bind_text(st, 3, f->name, false);
	bind_text(st, 4, f->label_vi, false);
	bind_text(st, 5, f->label_en, false);
	bind_text(st, 6, f->type, false);
	sqlite3_bind_int(st, 7, f->required);
	return stmt_done(c, st, e);
}

int store_procedures_import(struct store *s, const struct actor *who, const struct procedure *p,
                            size_t np, const struct procedure_document *d, size_t nd,
                            const struct procedure_field *f, size_t nf, int *bad_list, size_t *bad,
                            struct xerr *e)
{
	static const char sql_clear_docs[] = "DELETE FROM procedure_document WHERE procedure = ?1";
	static const char sql_clear_fields[] =
	    "DELETE FROM procedure_form_field WHERE procedure = ?1";
	*bad_list = 0;
	*bad = 0;
	struct conn *c = conn_get(s);
	int rc = tx_begin(s, c, e);
	if (rc) {
		conn_put(s, c);
		return rc;
	}
	for (size_t i = 0; i < np && rc == 0; i++)
		if ((rc = put_procedure(c, &p[i], e)))
			*bad = i;
	if (rc == 0)
		rc = clear_lists(c, sql_clear_docs, d, nd, sizeof *d, e);
	for (size_t i = 0; i < nd && rc == 0; i++)
		if ((rc = put_document(c, &d[i], e))) {
			*bad_list = 1;
			*bad = i;
		}
	if (rc == 0)
		rc = clear_lists(c, sql_clear_fields, f, nf, sizeof *f, e);
	for (size_t i = 0; i < nf && rc == 0; i++)
		if ((rc = put_field(c, &f[i], e))) {
			*bad_list = 2;
			*bad = i;
		}
	if (rc == 0) {
		char detail[96];
		snprintf(detail, sizeof detail, "%zu procedures, %zu documents, %zu fields", np, nd,
		         nf);
		rc = audit_append(c, who, "procedure.import", "procedure", detail, e);
	}
	int rc2 = tx_end(s, c, rc == 0, rc == 0 ? e : NULL);
	if (rc == 0)
		rc = rc2;
	conn_put(s, c);
	return rc;
}

int store_procedure_count(struct store *s, long *n, struct xerr *e)
{
	static const char sql[] = "SELECT count(*) FROM procedure";
	struct conn *c = conn_get(s);
	int rc = XERR_IO;
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (st) {
		rc = sqlite3_step(st);
		*n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
		rc = rc == SQLITE_ROW ? 0 : sql_err(c, rc, e);
		sqlite3_reset(st);
	}
	conn_put(s, c);
	return rc;
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
	"online_level, source, name_folded"

static void read_procedure(sqlite3_stmt *st, struct procedure *p)
{
	char unit[16], ol[16];
	memset(p, 0, sizeof *p);
	col_text(st, 0, p->code, sizeof p->code);
	col_text(st, 1, p->name, sizeof p->name);
	col_text(st, 2, p->field, sizeof p->field);
	col_text(st, 3, p->level, sizeof p->level);
	p->time_value = sqlite3_column_int(st, 4);
	col_text(st, 5, unit, sizeof unit);
	int u = proc_time_unit_parse(unit);
	p->time_unit = u < 0 ? PROC_TIME_NONE : (enum proc_time_unit)u;
	p->fee_vnd = sqlite3_column_int64(st, 6);
	col_text(st, 7, ol, sizeof ol);
	p->online_full = !strcmp(ol, "full");
	col_text(st, 8, p->source, sizeof p->source);
}

int store_procedure_get(struct store *s, const char *code, struct procedure *out, struct xerr *e)
{
	static const char sql[] = "SELECT " PROC_COLS " FROM procedure WHERE code = ?1";
	struct conn *c = conn_get(s);
	int rc = XERR_IO;
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (st) {
		bind_text(st, 1, code, false);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			read_procedure(st, out);
			rc = 0;
		} else if (rc == SQLITE_DONE) {
			rc = xerr_set(e, XERR_NOTFOUND, "procedure", "no procedure with code %s",
			              code);
		} else {
			rc = sql_err(c, rc, e);
		}
		sqlite3_reset(st);
	}
	conn_put(s, c);
	return rc;
}

int store_procedure_search(struct store *s, const char *q, const char *field, const char *after,
                           int limit, procedure_cb cb, void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "SELECT " PROC_COLS " FROM procedure WHERE code > ?1 "
	    "AND (?2 IS NULL OR field = ?2) AND instr(name_folded, ?3) > 0 ORDER BY code";
	struct buf fq;
	buf_init(&fq);
	if (q && text_fold(q, &fq) != 0) {
		buf_free(&fq);
		return xerr_set(e, XERR_INVALID, "q", "q is not valid UTF-8");
	}
	/* Words of the folded query; the longest narrows the scan in SQL, the
	 * others are checked here. */
	char *words[16];
	int nw = 0;
	const char *longest = "";
	for (char *tok = fq.data ? strtok(fq.data, " ") : NULL; tok && nw < 16;
	     tok = strtok(NULL, " ")) {
		words[nw++] = tok;
		if (strlen(tok) > strlen(longest))
			longest = tok;
	}
	struct conn *c = conn_get(s);
	int rc = XERR_IO;
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		goto out;
	bind_text(st, 1, after ? after : "", false);
	bind_text(st, 2, field, true);
	bind_text(st, 3, longest, false);
	int found = 0, stop = 0;
	struct procedure *p = malloc(sizeof *p);
	if (!p) {
		sqlite3_reset(st);
		rc = xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		goto out;
	}
	while (found < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *folded = (const char *)sqlite3_column_text(st, 9);
		bool all = true;
		for (int i = 0; i < nw && all; i++)
			all = folded && strstr(folded, words[i]);
		if (!all)
			continue;
		read_procedure(st, p);
		found++;
		if ((stop = cb(p, ctx)) != 0)
			break;
	}
	if (stop)
		rc = stop;
	else
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sql_err(c, rc, e);
	sqlite3_reset(st);
	free(p);
out:
	conn_put(s, c);
	buf_free(&fq);
	return rc;
}

int store_procedure_documents(struct store *s, const char *code, procedure_document_cb cb,
                              void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "SELECT procedure, seq, name, original_or_copy, count, reusable, "
	    "source FROM procedure_document WHERE procedure = ?1 ORDER BY seq";
	struct conn *c = conn_get(s);
	int rc = XERR_IO;
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		goto out;
	bind_text(st, 1, code, false);
	int stop = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct procedure_document d;
		memset(&d, 0, sizeof d);
		col_text(st, 0, d.procedure, sizeof d.procedure);
		d.seq = sqlite3_column_int(st, 1);
		col_text(st, 2, d.name, sizeof d.name);
		col_text(st, 3, d.original_or_copy, sizeof d.original_or_copy);
		d.count = sqlite3_column_int(st, 4);
		d.reusable = sqlite3_column_int(st, 5) != 0;
		col_text(st, 6, d.source, sizeof d.source);
		if ((stop = cb(&d, ctx)) != 0)
			break;
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0 : sql_err(c, rc, e);
	sqlite3_reset(st);
out:
	conn_put(s, c);
	return rc;
}

int store_procedure_fields(struct store *s, const char *code, procedure_field_cb cb, void *ctx,
                           struct xerr *e)
{
	static const char sql[] = "SELECT procedure, seq, name, label_vi, label_en, type, required "
	                          "FROM procedure_form_field WHERE procedure = ?1 ORDER BY seq";
	struct conn *c = conn_get(s);
	int rc = XERR_IO;
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		goto out;
	bind_text(st, 1, code, false);
	int stop = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct procedure_field f;
		memset(&f, 0, sizeof f);
		col_text(st, 0, f.procedure, sizeof f.procedure);
		f.seq = sqlite3_column_int(st, 1);
		col_text(st, 2, f.name, sizeof f.name);
		col_text(st, 3, f.label_vi, sizeof f.label_vi);
		col_text(st, 4, f.label_en, sizeof f.label_en);
		col_text(st, 5, f.type, sizeof f.type);
		f.required = sqlite3_column_int(st, 6) != 0;
		if ((stop = cb(&f, ctx)) != 0)
			break;
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0 : sql_err(c, rc, e);
	sqlite3_reset(st);
out:
	conn_put(s, c);
	return rc;
}
