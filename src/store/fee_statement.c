/*
 * fee_statement.c: bank statements read for reconciliation, the credits
 * kept from them, and an officer's resolution of a held credit.
 *
 * A statement is imported in one write transaction: its row, then for each
 * line in file order: a debit is counted and left; a credit whose key the
 * unit already has (the same row read before, core/statement.h) is counted
 * as seen and left; any other credit is judged by core (fee_credit_judge)
 * against the unit's dossier its description names, read inside the
 * transaction so that two credits for one dossier see each other, kept,
 * and recorded as the dossier's payment when core says so (st_fee_pay_on,
 * which also moves a dossier waiting for its fee). The (unit, line_key)
 * uniqueness is the schema's guarantee that a row is never kept twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/calendar.h"
#include "store/fee_int.h"
#include "store/store_calendar.h"

/* ---- reading ---- */

#define CREDIT_COLS                                                                                \
	"k.id, k.unit, k.statement, k.line, k.day, k.amount, k.description, k.reference, k.code, " \
	"k.verdict, k.state, k.why, k.resolved_at, k.resolved_by, k.note, "                        \
	"coalesce((SELECT y.id FROM payment y WHERE y.credit = k.id), 0) FROM bank_credit k "

static void credit_read(struct db_stmt *st, struct bank_credit *k)
{
	memset(k, 0, sizeof *k);
	k->id = db_int(st, 0);
	db_text_copy(st, 1, k->unit, sizeof k->unit);
	k->statement = db_int(st, 2);
	k->line = (int)db_int(st, 3);
	k->day = (int32_t)db_int(st, 4);
	k->amount = db_int(st, 5);
	db_text_copy(st, 6, k->description, sizeof k->description);
	db_text_copy(st, 7, k->reference, sizeof k->reference);
	db_text_copy(st, 8, k->code, sizeof k->code);
	db_text_copy(st, 9, k->verdict, sizeof k->verdict);
	db_text_copy(st, 10, k->state, sizeof k->state);
	db_text_copy(st, 11, k->why, sizeof k->why);
	k->resolved_at = db_int(st, 12);
	k->resolved_by = db_int(st, 13);
	db_text_copy(st, 14, k->note, sizeof k->note);
	k->payment = db_int(st, 15);
}

static int credit_row(struct db_stmt *st, void *ctx)
{
	credit_read(st, ctx);
	return 0;
}

struct credit_each {
	credit_cb cb;
	void *ctx;
	int64_t last;
	int n;
	struct bank_credit k;
};

static int credit_each_row(struct db_stmt *st, void *ctx)
{
	struct credit_each *x = ctx;
	credit_read(st, &x->k);
	x->last = x->k.id;
	x->n++;
	return x->cb(&x->k, x->ctx);
}

static int credits_each(struct store *s, const struct credit_filter *f, struct credit_each *x,
                        struct xerr *e)
{
	static const char sql_held[] =
	    "SELECT " CREDIT_COLS "WHERE k.unit = ?1 AND k.state = 'held' AND k.id > ?2 "
	    "AND ?4 = 0 ORDER BY k.id LIMIT ?3";
	static const char sql_statement[] =
	    "SELECT " CREDIT_COLS "WHERE k.statement = ?4 AND k.id > ?2 AND "
	    "(?1 = '' OR k.unit = ?1) ORDER BY k.id LIMIT ?3";
	static const char sql_unit[] =
	    "SELECT " CREDIT_COLS "WHERE k.unit = ?1 AND k.id > ?2 AND ?4 = 0 "
	    "ORDER BY k.id LIMIT ?3";
	if (f->limit < 1 || f->limit > 500)
		return xerr_set(e, XERR_INVALID, "limit", "limit must be from 1 to 500");
	if (!f->statement && (!f->unit || !*f->unit))
		return xerr_set(e, XERR_INVALID, "unit", "the unit is required");
	const char *sql = f->statement ? sql_statement : f->held ? sql_held : sql_unit;
	return st_each(s, sql,
	               DB_ARGS(DB_TEXT(f->unit ? f->unit : ""), DB_INT(f->after), DB_INT(f->limit),
	                       DB_INT(f->statement)),
	               credit_each_row, x, e);
}

int store_credits(struct store *s, const struct credit_filter *f, credit_cb cb, void *ctx,
                  struct xerr *e)
{
	struct credit_each *x = calloc(1, sizeof *x);
	if (!x)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	x->cb = cb;
	x->ctx = ctx;
	int rc = credits_each(s, f, x, e);
	free(x);
	return rc;
}

int store_credit_get(struct store *s, int64_t id, struct bank_credit *out, struct xerr *e)
{
	static const char sql[] = "SELECT " CREDIT_COLS "WHERE k.id = ?1";
	int rc = st_first(s, sql, DB_ARGS(DB_INT(id)), credit_row, out, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "credit", "no credit %lld", (long long)id);
	return rc < 0 ? rc : 0;
}

#define STATEMENT_COLS                                                                             \
	"SELECT id, unit, name, imported_at, login, lines, credits, paid, held, seen, debits "     \
	"FROM bank_statement "

static void statement_read(struct db_stmt *st, struct bank_statement *b)
{
	memset(b, 0, sizeof *b);
	b->id = db_int(st, 0);
	db_text_copy(st, 1, b->unit, sizeof b->unit);
	db_text_copy(st, 2, b->name, sizeof b->name);
	b->imported_at = db_int(st, 3);
	db_text_copy(st, 4, b->login, sizeof b->login);
	long *v[] = {&b->lines, &b->credits, &b->paid, &b->held, &b->seen, &b->debits};
	for (int i = 0; i < 6; i++)
		*v[i] = (long)db_int(st, 5 + i);
}

static int statement_row(struct db_stmt *st, void *ctx)
{
	statement_read(st, ctx);
	return 0;
}

struct statement_each {
	statement_cb cb;
	void *ctx;
	struct bank_statement b;
};

static int statement_each_row(struct db_stmt *st, void *ctx)
{
	struct statement_each *x = ctx;
	statement_read(st, &x->b);
	return x->cb(&x->b, x->ctx);
}

int store_statements(struct store *s, const char *unit, int64_t before, int limit, statement_cb cb,
                     void *ctx, struct xerr *e)
{
	static const char sql[] =
	    STATEMENT_COLS "WHERE unit = ?1 AND (?2 = 0 OR id < ?2) ORDER BY id DESC LIMIT ?3";
	if (limit < 1 || limit > 500)
		return xerr_set(e, XERR_INVALID, "limit", "limit must be from 1 to 500");
	struct statement_each x = {cb, ctx, {0}};
	return st_each(s, sql, DB_ARGS(DB_TEXT(unit), DB_INT(before), DB_INT(limit)),
	               statement_each_row, &x, e);
}

int store_statement_get(struct store *s, int64_t id, struct bank_statement *out, struct xerr *e)
{
	static const char sql[] = STATEMENT_COLS "WHERE id = ?1";
	int rc = st_first(s, sql, DB_ARGS(DB_INT(id)), statement_row, out, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "statement", "no statement %lld", (long long)id);
	return rc < 0 ? rc : 0;
}

/* ---- importing ---- */

struct import_tx {
	const struct actor *who;
	const char *unit, *name;
	const struct statement *st;
	const struct cal *cal;
	struct bank_statement *out;
	struct dossier *d;
	struct buf changed; /* codes of the dossiers paid, DOSSIER_CODE_MAX each */
};

/* At most max bytes of s, cut before a UTF-8 sequence, into dst[max + 1]. */
static const char *cut(const char *s, char *dst, size_t max)
{
	size_t n = strlen(s);
	if (n > max) {
		n = max;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
	return dst;
}

/* Keeps one new credit: judged, inserted, paid when core says so. */
static int import_credit(struct db_conn *c, struct import_tx *x, const struct statement_line *l,
                         struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO bank_credit(unit, line_key, statement, line, day, amount, description, "
	    "reference, code, dossier, verdict, state, why) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, "
	    "?9, ?10, ?11, ?12, ?13) RETURNING id";
	int found = 0, rc = 0;
	for (int k = 0; k < l->ncodes && !found; k++)
		if ((found = st_fee_dossier_of_unit(c, l->codes[k], x->unit, x->d, e)) < 0)
			return found;
	struct fee_credit fc;
	fee_credit_judge(l, found ? x->d : NULL, &fc);
	char desc[CREDIT_TEXT_MAX], ref[CREDIT_REF_MAX];
	int64_t id = 0;
	rc = db_query_int(c, sql,
	                  DB_ARGS(DB_TEXT(x->unit), DB_TEXT(l->key), DB_INT(x->out->id),
	                          DB_INT(l->line), DB_INT(l->day), DB_INT(l->amount),
	                          DB_TEXT(cut(l->description, desc, sizeof desc - 1)),
	                          DB_TEXT(cut(l->reference, ref, sizeof ref - 1)),
	                          DB_TEXT(found       ? x->d->code
	                                  : l->ncodes ? l->codes[0]
	                                              : ""),
	                          found ? DB_INT(x->d->id) : DB_NULL,
	                          DB_TEXT(statement_verdict_name(fc.verdict)),
	                          DB_TEXT(fc.pay ? "paid" : "held"), DB_TEXT(fc.why)),
	                  &id, e);
	if (rc < 0)
		return rc;
	x->out->credits++;
	if (!fc.pay) {
		x->out->held++;
		return 0;
	}
	int64_t now = st_now_local();
	rc = st_fee_pay_on(c, x->who, x->cal, x->d, FEE_TRANSFER, l->amount, cal_time(l->day, 0),
	                   now, "", id, NULL, e);
	if (rc == 0) {
		x->out->paid++;
		buf_add(&x->changed, x->d->code, DOSSIER_CODE_MAX);
	}
	return rc;
}

static int import_line(struct db_conn *c, struct import_tx *x, const struct statement_line *l,
                       struct xerr *e)
{
	static const char sql_seen[] =
	    "SELECT 1 FROM bank_credit WHERE unit = ?1 AND line_key = ?2";
	if (l->amount <= 0) {
		x->out->debits++;
		return 0;
	}
	int rc =
	    db_query_first(c, sql_seen, DB_ARGS(DB_TEXT(x->unit), DB_TEXT(l->key)), NULL, NULL, e);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		x->out->seen++;
		return 0;
	}
	return import_credit(c, x, l, e);
}

static int import_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql_unit[] = "SELECT 1 FROM unit WHERE code = ?1";
	static const char sql_new[] =
	    "INSERT INTO bank_statement(unit, name, imported_at, account_id, login) "
	    "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id";
	static const char sql_counts[] =
	    "UPDATE bank_statement SET lines = ?2, credits = ?3, paid = ?4, held = ?5, seen = ?6, "
	    "debits = ?7 WHERE id = ?1";
	struct import_tx *x = ctx;
	struct bank_statement *b = x->out;
	int rc = db_query_first(c, sql_unit, DB_ARGS(DB_TEXT(x->unit)), NULL, NULL, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "unit", "no unit %s", x->unit);
	if (rc < 0 ||
	    (rc = db_query_int(c, sql_new,
	                       DB_ARGS(DB_TEXT(x->unit), DB_TEXT(x->name), DB_INT(st_now_local()),
	                               DB_INT(x->who ? x->who->account_id : 0),
	                               DB_TEXT(x->who ? x->who->login : "system")),
	                       &b->id, e)) < 0)
		return rc;
	b->lines = (long)x->st->n;
	for (size_t i = 0; i < x->st->n; i++)
		if ((rc = import_line(c, x, &x->st->line[i], e)) != 0)
			return rc;
	if ((rc = db_run(c, sql_counts,
	                 DB_ARGS(DB_INT(b->id), DB_INT(b->lines), DB_INT(b->credits),
	                         DB_INT(b->paid), DB_INT(b->held), DB_INT(b->seen),
	                         DB_INT(b->debits)),
	                 e)) != 0)
		return rc;
	char detail[160];
	snprintf(detail, sizeof detail, "statement %lld: %ld lines, %ld paid, %ld held, %ld seen",
	         (long long)b->id, b->lines, b->paid, b->held, b->seen);
	return st_audit_append(c, x->who, "fee.import", x->unit, detail, e);
}

int store_statement_import(struct store *s, const struct actor *who, const char *unit,
                           const char *name, const struct statement *st, struct bank_statement *out,
                           credit_cb cb, void *ctx, struct xerr *e)
{
	struct import_tx x = {who, unit, name, st, NULL, out, NULL, {0}};
	memset(out, 0, sizeof *out);
	int rc = store_calendar(s, &x.cal, e);
	if (rc)
		return rc;
	if (!(x.d = calloc(1, sizeof *x.d)))
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	buf_init(&x.changed);
	rc = st_write(s, import_tx, &x, e);
	if (rc == 0) {
		for (size_t i = 0; i + DOSSIER_CODE_MAX <= x.changed.len; i += DOSSIER_CODE_MAX)
			st_memo_forget(s, x.changed.data + i);
		snprintf(out->unit, sizeof out->unit, "%s", unit);
		snprintf(out->name, sizeof out->name, "%s", name);
	}
	buf_free(&x.changed);
	free(x.d);
	if (rc == 0 && cb) {
		/* The credits kept, in file order, as committed. */
		struct credit_filter f = {unit, out->id, false, 0, 500};
		struct credit_each *each = calloc(1, sizeof *each);
		if (!each)
			return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		each->cb = cb;
		each->ctx = ctx;
		do {
			f.after = each->last;
			each->n = 0;
			rc = credits_each(s, &f, each, e);
		} while (rc == 0 && each->n == f.limit);
		free(each);
	}
	return rc;
}

/* ---- resolving a held credit ---- */

struct resolve_tx {
	const struct actor *who;
	int64_t id;
	const char *code, *note;
	const struct cal *cal;
	struct bank_credit *k;
	struct dossier *d;
	struct payment *receipt;
};

static int resolve_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql_credit[] = "SELECT " CREDIT_COLS "WHERE k.id = ?1";
	static const char sql_done[] =
	    "UPDATE bank_credit SET state = ?2, code = ?3, dossier = ?4, resolved_at = ?5, "
	    "resolved_by = ?6, note = ?7 WHERE id = ?1";
	struct resolve_tx *x = ctx;
	int64_t now = st_now_local();
	int rc = db_query_first(c, sql_credit, DB_ARGS(DB_INT(x->id)), credit_row, x->k, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "credit", "no credit %lld", (long long)x->id);
	if (rc < 0)
		return rc;
	if (strcmp(x->k->state, "held") != 0)
		return xerr_set(e, XERR_CONFLICT, "credit", "this credit was already %s",
		                x->k->state);
	if (x->code) {
		rc = st_fee_dossier_of_unit(c, x->code, x->k->unit, x->d, e);
		if (rc == 0)
			return xerr_set(e, XERR_NOTFOUND, "code", "no dossier %s in unit %s",
			                x->code, x->k->unit);
		if (rc < 0 || (rc = st_fee_pay_on(c, x->who, x->cal, x->d, FEE_TRANSFER,
		                                  x->k->amount, cal_time(x->k->day, 0), now, "",
		                                  x->k->id, x->receipt, e)) != 0)
			return rc;
	}
	if ((rc = db_run(c, sql_done,
	                 DB_ARGS(DB_INT(x->id), DB_TEXT(x->code ? "paid" : "dismissed"),
	                         DB_TEXT(x->code ? x->d->code : x->k->code),
	                         x->code ? DB_INT(x->d->id) : DB_NULL, DB_INT(now),
	                         DB_INT(x->who ? x->who->account_id : 0), DB_TEXT(x->note)),
	                 e)) != 0)
		return rc;
	char object[32], detail[96];
	snprintf(object, sizeof object, "credit:%lld", (long long)x->id);
	snprintf(detail, sizeof detail, x->code ? "paid to %s" : "dismissed", x->d->code);
	return st_audit_append(c, x->who, "fee.credit", object, detail, e);
}

int store_credit_resolve(struct store *s, const struct actor *who, int64_t id, const char *code,
                         const char *note, struct bank_credit *out, struct payment *receipt,
                         struct xerr *e)
{
	if (!note)
		note = "";
	if (!code && !*note)
		return xerr_set(e, XERR_INVALID, "note",
		                "say why the credit is dismissed (refunded, not a fee, ...)");
	if (strlen(note) >= CREDIT_TEXT_MAX)
		return xerr_set(e, XERR_INVALID, "note", "the note is too long");
	struct resolve_tx x = {
	    who, id, code, note, NULL, calloc(1, sizeof *x.k), calloc(1, sizeof *x.d), receipt};
	int rc = x.k && x.d ? store_calendar(s, &x.cal, e)
	                    : xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	if (rc == 0)
		rc = st_write(s, resolve_tx, &x, e);
	if (rc == 0 && code)
		st_memo_forget(s, x.d->code);
	if (rc == 0 && out)
		rc = store_credit_get(s, id, out, e);
	free(x.k);
	free(x.d);
	return rc;
}
