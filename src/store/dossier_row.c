/*
 * dossier_row.c: a dossier's row, shared by the dossier files of the store
 * (reads, changes, the writer, imports): its columns, reading it, inserting
 * and updating it, its events, and the clock core times it with.
 *
 * Besides the dossier's state, a row holds what core derives from it
 * (dossier_settle: is_open, overdue_from, on_time), written with every
 * change so that listings and counts filter in SQL without restating a
 * rule. Reads do not take those columns back: core derives them again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "store/store_int.h"

void st_dossier_read_public(struct db_stmt *st, struct dossier *d)
{
	memset(d, 0, sizeof *d);
	d->id = db_int(st, 0);
	db_text_copy(st, 1, d->code, sizeof d->code);
	db_text_copy(st, 2, d->unit, sizeof d->unit);
	db_text_copy(st, 3, d->procedure, sizeof d->procedure);
	d->channel = (int)db_int(st, 4);
	d->status = (int)db_int(st, 5);
	d->submitted_at = db_int(st, 6);
	d->received_at = db_int(st, 7);
	d->due_at = db_int(st, 8);
	d->original_due_at = db_int(st, 9);
	d->finished_at = db_int(st, 10);
	d->apology_at = db_int(st, 11);
	db_text_copy(st, 12, d->apology_reason, sizeof d->apology_reason);
	d->supplement_count = (int)db_int(st, 13);
	d->fee_vnd = db_int(st, 14);
	d->paid_vnd = db_int(st, 15);
	d->paid_cash_vnd = db_int(st, 16);
	d->paid_at = db_int(st, 17);
	d->rating = -1;
	dossier_settle(d);
}

void st_dossier_read(struct db_stmt *st, struct dossier *d)
{
	enum { P = ST_DOSSIER_PUBLIC_NCOLS };
	st_dossier_read_public(st, d);
	d->applicant_account = db_int(st, P);
	db_text_copy(st, P + 1, d->applicant_name, sizeof d->applicant_name);
	db_text_copy(st, P + 2, d->applicant_pid, sizeof d->applicant_pid);
	db_text_copy(st, P + 3, d->applicant_phone, sizeof d->applicant_phone);
	db_text_copy(st, P + 4, d->applicant_address, sizeof d->applicant_address);
	db_text_copy(st, P + 5, d->form, sizeof d->form);
	d->rating = (int)db_int(st, P + 6);
	db_text_copy(st, P + 7, d->rating_reason, sizeof d->rating_reason);
	db_text_copy(st, P + 8, d->fee_note, sizeof d->fee_note);
}

static int dossier_row(struct db_stmt *st, void *d)
{
	st_dossier_read(st, d);
	return 0;
}

int st_dossier_get_on(struct db_conn *c, const char *code, struct dossier *d, struct xerr *e)
{
	static const char sql[] = "SELECT " ST_DOSSIER_COLS " FROM dossier WHERE code = ?1";
	int rc = db_query_first(c, sql, DB_ARGS(DB_TEXT(code)), dossier_row, d, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "code", "no dossier with code %s", code);
	return rc < 0 ? rc : 0;
}

/* The values of the state that changes over a dossier's life, in the
 * column order received_at, due_at, original_due_at, finished_at,
 * apology_at, apology_reason, supplement_count, rating, rating_reason,
 * is_open, overdue_from, on_time, fee_vnd, fee_note, paid_vnd,
 * paid_cash_vnd, paid_at, fee_due, paid_online, paid_cash (the UPDATE and
 * the INSERT share it). */
enum { STATE_NARGS = 20 };

static void state_args(const struct dossier *d, struct db_arg *a)
{
	a[0] = DB_INT(d->received_at);
	a[1] = DB_INT(d->due_at);
	a[2] = DB_INT(d->original_due_at);
	a[3] = DB_INT(d->finished_at);
	a[4] = DB_INT(d->apology_at);
	a[5] = DB_TEXT(d->apology_reason);
	a[6] = DB_INT(d->supplement_count);
	a[7] = d->rating >= 0 ? DB_INT(d->rating) : DB_NULL;
	a[8] = DB_TEXT(d->rating_reason);
	a[9] = DB_INT(d->open);
	a[10] = DB_INT(d->overdue_from);
	a[11] = d->on_time >= 0 ? DB_INT(d->on_time) : DB_NULL;
	a[12] = DB_INT(d->fee_vnd);
	a[13] = DB_TEXT(d->fee_note);
	a[14] = DB_INT(d->paid_vnd);
	a[15] = DB_INT(d->paid_cash_vnd);
	a[16] = DB_INT(d->paid_at);
	a[17] = DB_INT(d->fee_due);
	a[18] = DB_INT(d->paid_online);
	a[19] = DB_INT(d->paid_cash);
}

/* Where the applicant's identity came from, recorded at filing for the
 * 766 index (row 4.5, migration 014): 1 when the filing account's ID
 * number, which registration checked against the population data
 * (web/register.c), is the applicant's; 0 otherwise. ?6 is NULL for a
 * dossier filed at the counter: the cast tells PostgreSQL its type. */
#define IDENTITY_SOURCE                                                                            \
	"CASE WHEN CAST(?6 AS BIGINT) IS NOT NULL AND ?8 <> '' AND EXISTS (SELECT 1 FROM "         \
	"account WHERE id = CAST(?6 AS BIGINT) AND pid = ?8) THEN 1 ELSE 0 END"

int st_dossier_insert(struct db_conn *c, struct dossier *d, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO dossier(code, unit, procedure, channel, status, "
	    "applicant_account, applicant_name, applicant_pid, applicant_phone, applicant_address, "
	    "form, submitted_at, received_at, due_at, original_due_at, finished_at, apology_at, "
	    "apology_reason, supplement_count, rating, rating_reason, is_open, overdue_from, "
	    "on_time, fee_vnd, fee_note, paid_vnd, paid_cash_vnd, paid_at, fee_due, paid_online, "
	    "paid_cash, identity_source) VALUES "
	    "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,"
	    "?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28,?29,?30,?31,?32," IDENTITY_SOURCE
	    ") RETURNING id";
	struct db_arg a[12 + STATE_NARGS] = {
	    DB_TEXT(d->code),
	    DB_TEXT(d->unit),
	    DB_TEXT(d->procedure),
	    DB_INT(d->channel),
	    DB_INT(d->status),
	    d->applicant_account ? DB_INT(d->applicant_account) : DB_NULL,
	    DB_TEXT(d->applicant_name),
	    DB_TEXT(d->applicant_pid),
	    DB_TEXT(d->applicant_phone),
	    DB_TEXT(d->applicant_address),
	    DB_TEXT(d->form[0] ? d->form : "{}"),
	    DB_INT(d->submitted_at),
	};
	state_args(d, a + 12);
	int rc = db_query_int(c, sql, a, 12 + STATE_NARGS, &d->id, e);
	return rc < 0 ? rc : 0;
}

int st_dossier_update(struct db_conn *c, const struct dossier *d, struct xerr *e)
{
	static const char sql[] =
	    "UPDATE dossier SET status = ?2, received_at = ?3, due_at = ?4, "
	    "original_due_at = ?5, finished_at = ?6, apology_at = ?7, apology_reason = ?8, "
	    "supplement_count = ?9, rating = ?10, rating_reason = ?11, is_open = ?12, "
	    "overdue_from = ?13, on_time = ?14, fee_vnd = ?15, fee_note = ?16, paid_vnd = ?17, "
	    "paid_cash_vnd = ?18, paid_at = ?19, fee_due = ?20, paid_online = ?21, paid_cash = "
	    "?22, "
	    "rated_at = ?23 WHERE id = ?1";
	struct db_arg a[3 + STATE_NARGS] = {DB_INT(d->id), DB_INT(d->status)};
	state_args(d, a + 2);
	a[2 + STATE_NARGS] = DB_INT(d->rating >= 0 ? st_now_local() : 0);
	return db_run(c, sql, a, 3 + STATE_NARGS, e);
}

int st_dossier_event_add(struct db_conn *c, const struct actor *who, int64_t dossier, int from,
                         int to, int64_t at, const char *note, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO dossier_event(dossier, from_status, to_status, "
	    "account_id, login, role, at, note) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)";
	return db_run(
	    c, sql,
	    DB_ARGS(DB_INT(dossier), DB_INT(from), DB_INT(to), DB_INT(who ? who->account_id : 0),
	            DB_TEXT(who ? who->login : "system"), DB_TEXT(who ? who->role : "system"),
	            DB_INT(at), DB_TEXT(note ? note : "")),
	    e);
}

static int time_row(struct db_stmt *st, void *ctx)
{
	struct dossier_clock *k = ctx;
	int u = proc_time_unit_parse(db_text(st, 0));
	k->time_unit = u < 0 ? PROC_TIME_NONE : (enum proc_time_unit)u;
	k->time_value = (int)db_int(st, 1);
	k->proc_fee = db_int(st, 2);
	k->result_signed = db_int(st, 3) != 0;
	return 0;
}

int st_dossier_clock(struct db_conn *c, const struct cal *cal, const char *unit,
                     const char *procedure, struct dossier_clock *k, struct xerr *e)
{
	static const char sql[] =
	    "SELECT time_unit, time_value, coalesce(fee_vnd, -1), result_signed FROM procedure "
	    "WHERE code = ?1";
	k->cal = cal;
	int rc = db_query_first(c, sql, DB_ARGS(DB_TEXT(procedure)), time_row, k, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "procedure", "no procedure %s", procedure);
	if (rc < 0)
		return rc;
	return st_office_hours_on(c, unit, &k->hours, e);
}

/* ---- the data step of schema version 8 ---- */

enum { SETTLE_BATCH = 1024 };

struct settle_batch {
	int n;
	struct settle_row {
		int64_t id, due_at, original_due_at, finished_at;
		int status, supplement_count;
	} row[SETTLE_BATCH];
};

static int settle_row(struct db_stmt *st, void *ctx)
{
	struct settle_batch *b = ctx;
	b->row[b->n++] = (struct settle_row){db_int(st, 0), db_int(st, 2),      db_int(st, 3),
	                                     db_int(st, 4), (int)db_int(st, 1), (int)db_int(st, 5)};
	return 0;
}

int st_dossiers_settle_all(struct db_conn *c, struct xerr *e)
{
	static const char sql_read[] =
	    "SELECT id, status, due_at, original_due_at, finished_at, supplement_count "
	    "FROM dossier WHERE id > ?1 ORDER BY id LIMIT ?2";
	static const char sql_write[] =
	    "UPDATE dossier SET is_open = ?2, overdue_from = ?3, on_time = ?4 WHERE id = ?1";
	struct settle_batch *b = malloc(sizeof *b);
	struct dossier *d = calloc(1, sizeof *d);
	if (!b || !d) {
		free(b);
		free(d);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	int rc;
	int64_t last = 0;
	do {
		b->n = 0;
		rc = db_query_each(c, sql_read, DB_ARGS(DB_INT(last), DB_INT(SETTLE_BATCH)),
		                   settle_row, b, e);
		for (int i = 0; rc == 0 && i < b->n; i++) {
			const struct settle_row *w = &b->row[i];
			d->status = w->status;
			d->due_at = w->due_at;
			d->original_due_at = w->original_due_at;
			d->finished_at = w->finished_at;
			d->supplement_count = w->supplement_count;
			dossier_settle(d);
			rc = db_run(c, sql_write,
			            DB_ARGS(DB_INT(w->id), DB_INT(d->open), DB_INT(d->overdue_from),
			                    d->on_time >= 0 ? DB_INT(d->on_time) : DB_NULL),
			            e);
			last = w->id;
		}
	} while (rc == 0 && b->n == SETTLE_BATCH);
	free(b);
	free(d);
	return rc;
}
