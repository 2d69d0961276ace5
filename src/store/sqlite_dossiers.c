/*
 * sqlite_dossiers.c: dossiers in the SQLite back end: reading, listing,
 * transitions, apologies, ratings, counts and bulk import. Filing goes
 * through the group-commit writer (sqlite_dossier_writer.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "store/store_audit.h"
#include "store/store_calendar.h"
#include "store/store_dossiers.h"
#include "store/sqlite_int.h"

int office_hours_on(struct conn *c, const char *unit, struct cal_hours *out, struct xerr *e)
{
	static const char sql[] = "SELECT spans FROM office_hours WHERE unit = ?1";
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		return XERR_IO;
	bind_text(st, 1, unit, false);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		char spans[128];
		col_text(st, 0, spans, sizeof spans);
		sqlite3_reset(st);
		return cal_hours_parse(spans, out, e);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sql_err(c, rc, e);
	cal_hours_default(out);
	return 0;
}

/* What public tracking shows comes first: a read of those columns alone
 * (store_dossier_track) is read by the same function. */
#define DOSSIER_PUBLIC_COLS                                                                        \
	"id, code, unit, procedure, channel, status, submitted_at, received_at, due_at, "          \
	"original_due_at, finished_at, apology_at, apology_reason, supplement_count"
enum { DOSSIER_PUBLIC_NCOLS = 14 };
#define DOSSIER_COLS                                                                               \
	DOSSIER_PUBLIC_COLS ", coalesce(applicant_account, 0), applicant_name, applicant_pid, "    \
	                    "applicant_phone, applicant_address, form, coalesce(rating, -1), "     \
	                    "rating_reason"

/* The public columns into d, the rest of d cleared (not rated). */
static void read_dossier_public(sqlite3_stmt *st, struct dossier *d)
{
	memset(d, 0, sizeof *d);
	d->id = sqlite3_column_int64(st, 0);
	col_text(st, 1, d->code, sizeof d->code);
	col_text(st, 2, d->unit, sizeof d->unit);
	col_text(st, 3, d->procedure, sizeof d->procedure);
	d->channel = sqlite3_column_int(st, 4);
	d->status = sqlite3_column_int(st, 5);
	d->submitted_at = sqlite3_column_int64(st, 6);
	d->received_at = sqlite3_column_int64(st, 7);
	d->due_at = sqlite3_column_int64(st, 8);
	d->original_due_at = sqlite3_column_int64(st, 9);
	d->finished_at = sqlite3_column_int64(st, 10);
	d->apology_at = sqlite3_column_int64(st, 11);
	col_text(st, 12, d->apology_reason, sizeof d->apology_reason);
	d->supplement_count = sqlite3_column_int(st, 13);
	d->rating = -1;
}

static void read_dossier(sqlite3_stmt *st, struct dossier *d)
{
	read_dossier_public(st, d);
	d->applicant_account = sqlite3_column_int64(st, 14);
	col_text(st, 15, d->applicant_name, sizeof d->applicant_name);
	col_text(st, 16, d->applicant_pid, sizeof d->applicant_pid);
	col_text(st, 17, d->applicant_phone, sizeof d->applicant_phone);
	col_text(st, 18, d->applicant_address, sizeof d->applicant_address);
	col_text(st, 19, d->form, sizeof d->form);
	d->rating = sqlite3_column_int(st, 20);
	col_text(st, 21, d->rating_reason, sizeof d->rating_reason);
}

/* The dossier with code on c; XERR_NOTFOUND when absent. */
static int get_on(struct conn *c, const char *code, struct dossier *d, struct xerr *e)
{
	static const char sql[] = "SELECT " DOSSIER_COLS " FROM dossier WHERE code = ?1";
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		return XERR_IO;
	bind_text(st, 1, code, false);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_dossier(st, d);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = xerr_set(e, XERR_NOTFOUND, "code", "no dossier with code %s", code);
	} else {
		rc = sql_err(c, rc, e);
	}
	sqlite3_reset(st);
	return rc;
}

int store_dossier_get(struct store *s, const char *code, struct dossier *out, struct xerr *e)
{
	struct conn *c = conn_get(s);
	int rc = get_on(c, code, out, e);
	conn_put(s, c);
	return rc;
}

int64_t store_now_local(void)
{
	return dossier_local_minutes((int64_t)time(NULL));
}

int dossier_event_add(struct conn *c, const struct actor *who, int64_t dossier, int from, int to,
                      int64_t at, const char *note, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO dossier_event(dossier, from_status, to_status, "
	    "account_id, login, role, at, note) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)";
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		return XERR_IO;
	sqlite3_bind_int64(st, 1, dossier);
	sqlite3_bind_int(st, 2, from);
	sqlite3_bind_int(st, 3, to);
	sqlite3_bind_int64(st, 4, who ? who->account_id : 0);
	bind_text(st, 5, who ? who->login : "system", false);
	bind_text(st, 6, who ? who->role : "system", false);
	sqlite3_bind_int64(st, 7, at);
	bind_text(st, 8, note ? note : "", false);
	return stmt_done(c, st, e);
}

/* Binds the state that changes over a dossier's life, in the column order
 * received_at, due_at, original_due_at, finished_at, apology_at,
 * apology_reason, supplement_count, rating, rating_reason, from parameter
 * `at` on (the UPDATE and the INSERT share it). */
static void bind_state(sqlite3_stmt *st, int at, const struct dossier *d)
{
	sqlite3_bind_int64(st, at, d->received_at);
	sqlite3_bind_int64(st, at + 1, d->due_at);
	sqlite3_bind_int64(st, at + 2, d->original_due_at);
	sqlite3_bind_int64(st, at + 3, d->finished_at);
	sqlite3_bind_int64(st, at + 4, d->apology_at);
	bind_text(st, at + 5, d->apology_reason, false);
	sqlite3_bind_int(st, at + 6, d->supplement_count);
	if (d->rating >= 0)
		sqlite3_bind_int(st, at + 7, d->rating);
	else
		sqlite3_bind_null(st, at + 7);
	bind_text(st, at + 8, d->rating_reason, false);
}

static int update_dossier(struct conn *c, const struct dossier *d, struct xerr *e)
{
	static const char sql[] =
	    "UPDATE dossier SET status = ?2, received_at = ?3, due_at = ?4, "
	    "original_due_at = ?5, finished_at = ?6, apology_at = ?7, apology_reason = ?8, "
	    "supplement_count = ?9, rating = ?10, rating_reason = ?11, rated_at = ?12 WHERE id = "
	    "?1";
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		return XERR_IO;
	sqlite3_bind_int64(st, 1, d->id);
	sqlite3_bind_int(st, 2, d->status);
	bind_state(st, 3, d);
	sqlite3_bind_int64(st, 12, d->rating >= 0 ? store_now_local() : 0);
	return stmt_done(c, st, e);
}

/* The procedure's processing time, read on c. */
static int proc_time_on(struct conn *c, const char *code, enum proc_time_unit *unit, int *value,
                        struct xerr *e)
{
	static const char sql[] = "SELECT time_unit, time_value FROM procedure WHERE code = ?1";
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		return XERR_IO;
	bind_text(st, 1, code, false);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		char u[16];
		col_text(st, 0, u, sizeof u);
		int x = proc_time_unit_parse(u);
		*unit = x < 0 ? PROC_TIME_NONE : (enum proc_time_unit)x;
		*value = sqlite3_column_int(st, 1);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE
		         ? xerr_set(e, XERR_NOTFOUND, "procedure", "no procedure %s", code)
		         : sql_err(c, rc, e);
	}
	sqlite3_reset(st);
	return rc;
}

int dossier_compute_due(struct conn *c, const struct cal *cal, const struct dossier *d, int64_t at,
                        int64_t *due, struct xerr *e)
{
	enum proc_time_unit unit = PROC_TIME_NONE;
	int value = 0;
	struct cal_hours h;
	int rc = proc_time_on(c, d->procedure, &unit, &value, e);
	if (rc == 0)
		rc = office_hours_on(c, d->unit, &h, e);
	if (rc == 0)
		rc = dossier_due(cal, &h, d->channel, unit, value, at, due, e);
	return rc;
}

/* The open pause of a dossier (end = 0): its id and start; *id 0 if none. */
static int open_pause(struct conn *c, int64_t dossier, int64_t *id, int64_t *start, struct xerr *e)
{
	static const char sql[] =
	    "SELECT id, start FROM dossier_pause WHERE dossier = ?1 AND end = 0 "
	    "ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		return XERR_IO;
	sqlite3_bind_int64(st, 1, dossier);
	int rc = sqlite3_step(st);
	*id = 0;
	*start = 0;
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*start = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sql_err(c, rc, e);
}

static int pause_open(struct conn *c, int64_t dossier, int64_t at, struct xerr *e)
{
	static const char sql[] = "INSERT INTO dossier_pause(dossier, start) VALUES (?1, ?2)";
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		return XERR_IO;
	sqlite3_bind_int64(st, 1, dossier);
	sqlite3_bind_int64(st, 2, at);
	return stmt_done(c, st, e);
}

static int pause_close(struct conn *c, int64_t id, int64_t at, int64_t restart_due, struct xerr *e)
{
	static const char sql[] =
	    "UPDATE dossier_pause SET end = ?2, restart_due = ?3 WHERE id = ?1";
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		return XERR_IO;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_int64(st, 3, restart_due);
	return stmt_done(c, st, e);
}

/* Applies from -> d->status's side effects on d (times, pauses). */
static int apply_transition(struct conn *c, const struct cal *cal, struct dossier *d, int to,
                            int64_t at, struct xerr *e)
{
	int from = d->status, rc = 0;
	int64_t pid = 0, pstart = 0;
	if (from == DS_SUPPLEMENT && (rc = open_pause(c, d->id, &pid, &pstart, e)))
		return rc;
	if (to == DS_RECEIVED) {
		d->received_at = at;
		if ((rc = dossier_compute_due(c, cal, d, at, &d->due_at, e)))
			return rc;
		d->original_due_at = d->due_at;
	}
	if (to == DS_SUPPLEMENT) {
		d->supplement_count++;
		if ((rc = pause_open(c, d->id, at, e)))
			return rc;
	}
	if (from == DS_SUPPLEMENT && pid) {
		int64_t restart = 0;
		if (to == DS_PROCESSING) {
			/* The clock stops while the applicant completes the dossier:
			 * the appointment moves by the office time the pause covered. */
			struct cal_hours h;
			if ((rc = office_hours_on(c, d->unit, &h, e)))
				return rc;
			if (d->due_at && (rc = cal_extend_for_pause(cal, &h, d->due_at, pstart, at,
			                                            &d->due_at, e)))
				return rc;
			if (d->original_due_at &&
			    (rc = cal_extend_for_pause(cal, &h, d->original_due_at, pstart, at,
			                               &d->original_due_at, e)))
				return rc;
			if ((rc = dossier_compute_due(c, cal, d, at, &restart, e)))
				return rc;
		}
		if ((rc = pause_close(c, pid, at, restart, e)))
			return rc;
	}
	if (dossier_status_ends_processing(to) && !d->finished_at)
		/* RULES §1.3: a dossier ending while waiting for a supplement ends
		 * at the request. */
		d->finished_at = from == DS_SUPPLEMENT && pstart ? pstart : at;
	d->status = to;
	return 0;
}

/* Runs fn on the dossier with code inside one transaction, then stores it
 * with an event and an audit entry. */
struct change {
	int (*fn)(struct conn *c, const struct cal *cal, struct dossier *d, void *arg,
	          struct xerr *e);
	void *arg;
	const char *action;
	const char *note;
	int64_t at;
};

static int change_dossier(struct store *s, const struct actor *who, const char *code,
                          const struct change *ch, struct dossier *out, struct xerr *e)
{
	if (ch->note && strlen(ch->note) >= DOSSIER_TEXT_MAX)
		return xerr_set(e, XERR_INVALID, "note", "the note is too long");
	const struct cal *cal;
	int rc = store_calendar(s, &cal, e);
	if (rc)
		return rc;
	struct dossier *d = calloc(1, sizeof *d);
	if (!d)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	struct conn *c = conn_get(s);
	if ((rc = tx_begin(s, c, e)))
		goto out;
	if ((rc = get_on(c, code, d, e)) == 0) {
		int from = d->status;
		rc = ch->fn(c, cal, d, ch->arg, e);
		if (rc == 0)
			rc = update_dossier(c, d, e);
		if (rc == 0)
			rc = dossier_event_add(c, who, d->id, from, d->status, ch->at, ch->note, e);
		if (rc == 0) {
			char detail[64];
			snprintf(detail, sizeof detail, "status %d -> %d", from, d->status);
			rc = audit_append(c, who, ch->action, d->code, detail, e);
		}
	}
	int rc2 = tx_end(s, c, rc == 0, rc == 0 ? e : NULL);
	if (rc == 0)
		rc = rc2;
	if (rc == 0)
		store_memo_forget(s, d->code);
	if (rc == 0 && out)
		memcpy(out, d, sizeof *d);
out:
	conn_put(s, c);
	free(d);
	return rc;
}

struct transition_arg {
	int to;
	enum dossier_side side;
	int64_t at;
};

static int do_transition(struct conn *c, const struct cal *cal, struct dossier *d, void *arg,
                         struct xerr *e)
{
	const struct transition_arg *t = arg;
	int rc = dossier_transition_check(d->status, t->to, t->side, e);
	if (rc)
		return rc;
	return apply_transition(c, cal, d, t->to, t->at, e);
}

int store_dossier_transition(struct store *s, const struct actor *who, const char *code, int to,
                             enum dossier_side side, const char *note, int64_t at,
                             struct dossier *out, struct xerr *e)
{
	struct transition_arg t = {to, side, at ? at : store_now_local()};
	struct change ch = {do_transition, &t, "dossier.transition", note, t.at};
	return change_dossier(s, who, code, &ch, out, e);
}

struct apology_arg {
	int64_t new_due, at;
	const char *reason;
};

static int do_apology(struct conn *c, const struct cal *cal, struct dossier *d, void *arg,
                      struct xerr *e)
{
	(void)c;
	(void)cal;
	const struct apology_arg *a = arg;
	if (d->apology_at)
		return xerr_set(e, XERR_CONFLICT, "new_due",
		                "the appointment of this dossier was already changed once (Decree "
		                "61/2018 art. 19(9))");
	if (d->finished_at || dossier_status_final(d->status))
		return xerr_set(e, XERR_CONFLICT, "new_due",
		                "the dossier is no longer being processed");
	if (!d->due_at)
		return xerr_set(e, XERR_CONFLICT, "new_due", "the dossier has no appointment yet");
	if (a->at >= d->due_at)
		return xerr_set(e, XERR_CONFLICT, "new_due",
		                "an apology must be sent before the appointment has passed");
	if (a->new_due <= d->due_at)
		return xerr_set(e, XERR_INVALID, "new_due",
		                "the new appointment must be later than the current one");
	if (strlen(a->reason) >= sizeof d->apology_reason)
		return xerr_set(e, XERR_INVALID, "reason", "the reason is too long");
	d->apology_at = a->at;
	snprintf(d->apology_reason, sizeof d->apology_reason, "%s", a->reason);
	d->due_at = a->new_due;
	return 0;
}

int store_dossier_apology(struct store *s, const struct actor *who, const char *code,
                          int64_t new_due, const char *reason, int64_t at, struct dossier *out,
                          struct xerr *e)
{
	if (!reason || !*reason)
		return xerr_set(e, XERR_INVALID, "reason", "the apology must give its reason");
	struct apology_arg a = {new_due, at ? at : store_now_local(), reason};
	char note[DOSSIER_TEXT_MAX];
	char nd[17];
	cal_format_time(new_due, nd);
	snprintf(note, sizeof note, "apology, new appointment %s", nd);
	struct change ch = {do_apology, &a, "dossier.apology", note, a.at};
	return change_dossier(s, who, code, &ch, out, e);
}

struct rate_arg {
	bool satisfied;
	const char *reason;
};

static int do_rate(struct conn *c, const struct cal *cal, struct dossier *d, void *arg,
                   struct xerr *e)
{
	(void)c;
	(void)cal;
	const struct rate_arg *a = arg;
	if (d->status != DS_RESULT && d->status != DS_RETURNED)
		return xerr_set(e, XERR_CONFLICT, "satisfied",
		                "a dossier can be rated once its result is ready");
	if (d->rating >= 0)
		return xerr_set(e, XERR_CONFLICT, "satisfied", "this dossier was already rated");
	if (a->reason && strlen(a->reason) >= sizeof d->rating_reason)
		return xerr_set(e, XERR_INVALID, "reason", "the reason is too long");
	d->rating = a->satisfied ? 1 : 0;
	snprintf(d->rating_reason, sizeof d->rating_reason, "%s", a->reason ? a->reason : "");
	return 0;
}

int store_dossier_rate(struct store *s, const struct actor *who, const char *code, bool satisfied,
                       const char *reason, int64_t at, struct dossier *out, struct xerr *e)
{
	struct rate_arg a = {satisfied, reason};
	struct change ch = {do_rate, &a, "dossier.rate",
	                    satisfied ? "rated: satisfied" : "rated: unsatisfied",
	                    at ? at : store_now_local()};
	return change_dossier(s, who, code, &ch, out, e);
}

/* The events of a dossier on c (inside the caller's transaction or not).
 * public: only what public tracking shows (the statuses and times); who
 * made each change and the notes are not read. */
static int events_on(struct conn *c, int64_t dossier_id, bool public, dossier_event_cb cb,
                     void *ctx, struct xerr *e)
{
	static const char sql_all[] =
	    "SELECT from_status, to_status, at, account_id, login, role, note "
	    "FROM dossier_event WHERE dossier = ?1 ORDER BY id";
	static const char sql_public[] =
	    "SELECT from_status, to_status, at FROM dossier_event WHERE dossier = ?1 ORDER BY id";
	int rc, stop = 0;
	sqlite3_stmt *st = conn_stmt(c, public ? sql_public : sql_all, e);
	if (!st)
		return XERR_IO;
	sqlite3_bind_int64(st, 1, dossier_id);
	struct dossier_event ev;
	memset(&ev, 0, sizeof ev);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ev.from = sqlite3_column_int(st, 0);
		ev.to = sqlite3_column_int(st, 1);
		ev.at = sqlite3_column_int64(st, 2);
		if (!public) {
			ev.account_id = sqlite3_column_int64(st, 3);
			col_text(st, 4, ev.login, sizeof ev.login);
			col_text(st, 5, ev.role, sizeof ev.role);
			col_text(st, 6, ev.note, sizeof ev.note);
		}
		if ((stop = cb(&ev, ctx)) != 0)
			break;
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0 : sql_err(c, rc, e);
	sqlite3_reset(st);
	return rc;
}

int store_dossier_events(struct store *s, int64_t dossier_id, dossier_event_cb cb, void *ctx,
                         struct xerr *e)
{
	struct conn *c = conn_get(s);
	int rc = events_on(c, dossier_id, false, cb, ctx, e);
	conn_put(s, c);
	return rc;
}

int store_dossier_track(struct store *s, const char *code, struct dossier_track *t,
                        dossier_event_cb cb, void *ctx, struct xerr *e)
{
	static const char sql_begin[] = "BEGIN", sql_commit[] = "COMMIT";
	/* Only the public columns: tracking never reads personal data. */
	static const char sql[] =
	    "SELECT " DOSSIER_PUBLIC_COLS ", "
	    "(SELECT name FROM procedure WHERE procedure.code = dossier.procedure), "
	    "(SELECT name FROM unit WHERE unit.code = dossier.unit) FROM dossier WHERE code = ?1";
	struct conn *c = conn_get(s);
	/* One read transaction: one snapshot, and the WAL read lock taken
	 * once rather than for each statement. */
	sqlite3_stmt *tx = conn_stmt(c, sql_begin, e);
	int rc = tx ? stmt_done(c, tx, e) : XERR_IO;
	sqlite3_stmt *st = rc == 0 ? conn_stmt(c, sql, e) : NULL;
	if (rc == 0 && !st)
		rc = XERR_IO;
	if (rc == 0) {
		bind_text(st, 1, code, false);
		int step = sqlite3_step(st);
		if (step == SQLITE_ROW) {
			read_dossier_public(st, &t->d);
			col_text(st, DOSSIER_PUBLIC_NCOLS, t->procedure_name,
			         sizeof t->procedure_name);
			col_text(st, DOSSIER_PUBLIC_NCOLS + 1, t->unit_name, sizeof t->unit_name);
		} else if (step == SQLITE_DONE) {
			rc = xerr_set(e, XERR_NOTFOUND, "code", "no dossier with code %s", code);
		} else {
			rc = sql_err(c, step, e);
		}
		sqlite3_reset(st);
	}
	if (rc == 0)
		rc = events_on(c, t->d.id, true, cb, ctx, e);
	if ((tx = conn_stmt(c, sql_commit, e)) != NULL)
		stmt_done(c, tx, &(struct xerr){0});
	conn_put(s, c);
	return rc;
}

int store_dossier_pauses(struct store *s, int64_t dossier_id, dossier_pause_cb cb, void *ctx,
                         struct xerr *e)
{
	static const char sql[] = "SELECT start, end, restart_due FROM dossier_pause "
	                          "WHERE dossier = ?1 ORDER BY id";
	struct conn *c = conn_get(s);
	int rc = XERR_IO, stop = 0;
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, dossier_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct dossier_pause p = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		                          sqlite3_column_int64(st, 2)};
		if ((stop = cb(&p, ctx)) != 0)
			break;
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0 : sql_err(c, rc, e);
	sqlite3_reset(st);
out:
	conn_put(s, c);
	return rc;
}

int store_dossier_list(struct store *s, const struct dossier_filter *f, dossier_cb cb, void *ctx,
                       struct xerr *e)
{
	/* One statement per shape, so each can walk its own index in id order
	 * (an OR of shapes would scan the whole table): a commune's dossiers
	 * by (unit, id), a citizen's by (applicant_account, id), a province's
	 * through its communes. */
#define LIST_FILTERS                                                                               \
	"AND (?3 = 0 OR status = ?3) AND (?4 IS NULL OR procedure = ?4) "                          \
	"AND (?5 = 0 OR (due_at > 0 AND due_at < ?5)) "                                            \
	"AND (?6 = 0 OR applicant_account = ?6) AND (?8 = 0 OR due_at >= ?8) "                     \
	"AND (?9 = 0 OR status NOT IN (3, 7, 8, 10)) "                                             \
	"AND (?10 = 0 OR (finished_at = 0 AND status <> 5)) ORDER BY id LIMIT ?7"
	static const char sql_commune[] = "SELECT " DOSSIER_COLS " FROM dossier "
	                                  "WHERE unit = ?2 AND id > ?1 " LIST_FILTERS;
	/* The open dossiers (the officer's default queue) through the partial
	 * index that holds only them, whatever the years of closed ones. */
	static const char sql_commune_open[] = "SELECT " DOSSIER_COLS " FROM dossier "
	                                       "WHERE unit = ?2 AND id > ?1 "
	                                       "AND status NOT IN (3, 7, 8, 10) " LIST_FILTERS;
	static const char sql_parent[] = "SELECT " DOSSIER_COLS " FROM dossier "
	                                 "WHERE unit IN (SELECT code FROM unit WHERE parent = ?2) "
	                                 "AND id > ?1 " LIST_FILTERS;
	static const char sql_own[] =
	    "SELECT " DOSSIER_COLS " FROM dossier "
	    "WHERE applicant_account = ?6 AND id > ?1 AND ?2 IS NULL " LIST_FILTERS;
	static const char sql_all[] = "SELECT " DOSSIER_COLS " FROM dossier "
	                              "WHERE id > ?1 AND ?2 IS NULL " LIST_FILTERS;
#undef LIST_FILTERS
	/* Dossiers are received by commune-level units (5-digit codes); a
	 * shorter code is a province, whose dossiers are its communes'. */
	const char *sql = !f->unit || !f->unit[0] ? (f->applicant_account ? sql_own : sql_all)
	                  : strlen(f->unit) < 5   ? sql_parent
	                  : f->active             ? sql_commune_open
	                                          : sql_commune;
	if (f->limit < 1 || f->limit > 500)
		return xerr_set(e, XERR_INVALID, "limit", "limit must be from 1 to 500");
	struct dossier *d = malloc(sizeof *d);
	if (!d)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	struct conn *c = conn_get(s);
	int rc = XERR_IO, stop = 0;
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, f->after);
	bind_text(st, 2, f->unit, true);
	sqlite3_bind_int(st, 3, f->status);
	bind_text(st, 4, f->procedure, true);
	sqlite3_bind_int64(st, 5, f->due_before);
	sqlite3_bind_int64(st, 6, f->applicant_account);
	sqlite3_bind_int(st, 7, f->limit);
	sqlite3_bind_int64(st, 8, f->due_from);
	sqlite3_bind_int(st, 9, f->active);
	sqlite3_bind_int(st, 10, f->running);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_dossier(st, d);
		if ((stop = cb(d, ctx)) != 0)
			break;
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0 : sql_err(c, rc, e);
	sqlite3_reset(st);
out:
	conn_put(s, c);
	free(d);
	return rc;
}

int store_dossier_status_counts(struct store *s, const char *unit, long out[DS_MAX + 1],
                                struct xerr *e)
{
	static const char sql[] =
	    "SELECT status, count(*) FROM dossier WHERE unit = ?1 "
	    "OR unit IN (SELECT code FROM unit WHERE parent = ?1) GROUP BY status";
	for (int i = 0; i <= DS_MAX; i++)
		out[i] = 0;
	struct conn *c = conn_get(s);
	int rc = XERR_IO;
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (st) {
		bind_text(st, 1, unit, false);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int status = sqlite3_column_int(st, 0);
			long n = (long)sqlite3_column_int64(st, 1);
			if (dossier_status_valid(status))
				out[status] = n;
			out[0] += n;
		}
		rc = rc == SQLITE_DONE ? 0 : sql_err(c, rc, e);
		sqlite3_reset(st);
	}
	conn_put(s, c);
	return rc;
}

int store_dossier_counts(struct store *s, const char *unit, int64_t from, int64_t to, int64_t now,
                         struct dossier_counts *out, struct xerr *e)
{
	/* On time as the national portal reads it (RULES §1.3): finished by
	 * the appointment before any apology, at most one supplement. */
#define COUNT_COLS                                                                                 \
	"SELECT count(*), sum(channel = 2), sum(received_at > 0), sum(finished_at > 0), "          \
	"sum(finished_at > 0 AND supplement_count <= 1 "                                           \
	"    AND (original_due_at = 0 OR finished_at <= original_due_at)), "                       \
	"sum(finished_at > 0 AND (supplement_count > 1 "                                           \
	"    OR (original_due_at > 0 AND finished_at > original_due_at))), "                       \
	"sum(finished_at = 0 AND status <> 5 AND due_at > 0 AND due_at < ?4), "                    \
	"sum(supplement_count > 0), sum(apology_at > 0), sum(rating IS NOT NULL), sum(rating = "   \
	"0) "                                                                                      \
	"FROM dossier "
#define COUNT_RANGE "AND submitted_at >= ?2 AND (?3 = 0 OR submitted_at < ?3)"
	/* A commune's by its index; a province's through its communes. */
	static const char sql_commune[] = COUNT_COLS "WHERE unit = ?1 " COUNT_RANGE;
	static const char sql_parent[] =
	    COUNT_COLS "WHERE unit IN (SELECT code FROM unit WHERE parent = ?1) " COUNT_RANGE;
#undef COUNT_COLS
#undef COUNT_RANGE
	const char *sql = strlen(unit) >= 5 ? sql_commune : sql_parent;
	memset(out, 0, sizeof *out);
	struct conn *c = conn_get(s);
	int rc = XERR_IO;
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (st) {
		bind_text(st, 1, unit, false);
		sqlite3_bind_int64(st, 2, from);
		sqlite3_bind_int64(st, 3, to);
		sqlite3_bind_int64(st, 4, now);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			long *v[] = {&out->total,        &out->online,       &out->received,
			             &out->finished,     &out->on_time,      &out->late,
			             &out->overdue_open, &out->supplemented, &out->apologised,
			             &out->rated,        &out->unsatisfied};
			for (int i = 0; i < 11; i++)
				*v[i] = (long)sqlite3_column_int64(st, i);
			rc = 0;
		} else {
			rc = sql_err(c, rc, e);
		}
		sqlite3_reset(st);
	}
	conn_put(s, c);
	return rc;
}

/* ---- files ---- */

static bool sha256_hex(const char *h)
{
	size_t n = 0;
	for (; h[n]; n++)
		if (!((h[n] >= '0' && h[n] <= '9') || (h[n] >= 'a' && h[n] <= 'f')))
			return false;
	return n == 64;
}

int dossier_file_check(const struct dossier_file *f, struct xerr *e)
{
	if (strcmp(f->kind, "document") && strcmp(f->kind, "result"))
		return xerr_set(e, XERR_INVALID, "kind", "kind must be document or result");
	if (!sha256_hex(f->sha256))
		return xerr_set(e, XERR_INVALID, "sha256",
		                "sha256 must be 64 lower-case hex digits");
	if (!f->name[0])
		return xerr_set(e, XERR_INVALID, "name", "the file needs a name");
	return 0;
}

/* May `who` link the blob to dossier d? When they uploaded it, or when it
 * is already linked to a dossier they may use: one they filed (applicant),
 * or, for staff, one of d's receiving unit (the caller was authorised on
 * that unit). */
static const char sql_blob_usable[] =
    "SELECT EXISTS (SELECT 1 FROM blob_owner WHERE sha256 = ?1 AND account_id = ?2) "
    "OR EXISTS (SELECT 1 FROM dossier_file f JOIN dossier d ON d.id = f.dossier "
    "WHERE f.sha256 = ?1 AND ((?2 > 0 AND d.applicant_account = ?2) OR d.unit = ?3))";

int dossier_file_insert(struct conn *c, const struct actor *who, const struct dossier *d,
                        const struct dossier_file *f, int64_t *id, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO dossier_file(dossier, kind, sha256, name) VALUES (?1, ?2, ?3, ?4)";
	enum role role = who ? role_parse(who->role) : ROLE_NONE;
	bool staff = role != ROLE_NONE && role != ROLE_CITIZEN;
	sqlite3_stmt *st = conn_stmt(c, sql_blob_usable, e);
	if (!st)
		return XERR_IO;
	bind_text(st, 1, f->sha256, false);
	sqlite3_bind_int64(st, 2, who ? who->account_id : 0);
	bind_text(st, 3, staff ? d->unit : NULL, true);
	int rc = sqlite3_step(st);
	bool usable = rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sql_err(c, rc, e);
	/* Someone else's file and no file at all get the same answer: the
	 * answer must not tell whether anyone ever uploaded these bytes. */
	if (!usable)
		return xerr_set(e, XERR_NOTFOUND, "sha256",
		                "you have uploaded no file with this SHA-256: upload it first");
	if (!(st = conn_stmt(c, sql, e)))
		return XERR_IO;
	sqlite3_bind_int64(st, 1, d->id);
	bind_text(st, 2, f->kind, false);
	bind_text(st, 3, f->sha256, false);
	bind_text(st, 4, f->name, false);
	if ((rc = stmt_done(c, st, e)) != 0)
		return rc;
	if (id)
		*id = sqlite3_last_insert_rowid(c->db);
	return audit_append(c, who, "dossier.file", d->code, f->kind, e);
}

int store_dossier_file_add(struct store *s, const struct actor *who, const char *code,
                           struct dossier_file *f, struct xerr *e)
{
	int rc = dossier_file_check(f, e);
	if (rc)
		return rc;
	struct dossier *d = calloc(1, sizeof *d);
	if (!d)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	struct conn *c = conn_get(s);
	if ((rc = tx_begin(s, c, e)))
		goto out;
	if ((rc = get_on(c, code, d, e)) == 0)
		rc = dossier_file_insert(c, who, d, f, &f->id, e);
	int rc2 = tx_end(s, c, rc == 0, rc == 0 ? e : NULL);
	if (rc == 0)
		rc = rc2;
out:
	conn_put(s, c);
	free(d);
	return rc;
}

int store_dossier_files(struct store *s, int64_t dossier_id,
                        int (*cb)(const struct dossier_file *f, void *ctx), void *ctx,
                        struct xerr *e)
{
	static const char sql[] =
	    "SELECT id, kind, sha256, name FROM dossier_file WHERE dossier = ?1 ORDER BY id";
	struct conn *c = conn_get(s);
	int rc = XERR_IO, stop = 0;
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, dossier_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct dossier_file f;
		memset(&f, 0, sizeof f);
		f.id = sqlite3_column_int64(st, 0);
		col_text(st, 1, f.kind, sizeof f.kind);
		col_text(st, 2, f.sha256, sizeof f.sha256);
		col_text(st, 3, f.name, sizeof f.name);
		if ((stop = cb(&f, ctx)) != 0)
			break;
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0 : sql_err(c, rc, e);
	sqlite3_reset(st);
out:
	conn_put(s, c);
	return rc;
}

/* ---- bulk import ---- */

int dossier_insert_row(struct conn *c, const struct dossier *d, int64_t *id, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO dossier(code, unit, procedure, channel, status, "
	    "applicant_account, applicant_name, applicant_pid, applicant_phone, applicant_address, "
	    "form, submitted_at, received_at, due_at, original_due_at, finished_at, apology_at, "
	    "apology_reason, supplement_count, rating, rating_reason) "
	    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21)";
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		return XERR_IO;
	bind_text(st, 1, d->code, false);
	bind_text(st, 2, d->unit, false);
	bind_text(st, 3, d->procedure, false);
	sqlite3_bind_int(st, 4, d->channel);
	sqlite3_bind_int(st, 5, d->status);
	if (d->applicant_account)
		sqlite3_bind_int64(st, 6, d->applicant_account);
	else
		sqlite3_bind_null(st, 6);
	bind_text(st, 7, d->applicant_name, false);
	bind_text(st, 8, d->applicant_pid, false);
	bind_text(st, 9, d->applicant_phone, false);
	bind_text(st, 10, d->applicant_address, false);
	bind_text(st, 11, d->form[0] ? d->form : "{}", false);
	sqlite3_bind_int64(st, 12, d->submitted_at);
	bind_state(st, 13, d);
	int rc = stmt_done(c, st, e);
	if (rc != 0)
		return rc;
	*id = sqlite3_last_insert_rowid(c->db);
	return 0;
}

/* Raises the unit's counter for the day of a code to at least its
 * sequence, so codes assigned later never collide with imported ones. */
static int raise_seq(struct conn *c, const struct dossier *d, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO dossier_seq(unit, day, last) VALUES (?1, ?2, ?3) "
	    "ON CONFLICT(unit, day) DO UPDATE SET last = max(last, excluded.last)";
	const char *dash = strrchr(d->code, '-');
	if (!dash)
		return xerr_set(e, XERR_INVALID, "code", "bad dossier code %s", d->code);
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		return XERR_IO;
	bind_text(st, 1, d->unit, false);
	sqlite3_bind_int(st, 2, cal_time_day(d->submitted_at)); /* codes carry the filing day */
	sqlite3_bind_int64(st, 3, strtoll(dash + 1, NULL, 10));
	return stmt_done(c, st, e);
}

int store_dossier_import(struct store *s, const struct actor *who, const struct dossier_history *h,
                         size_t n, struct xerr *e)
{
	static const char sql_ev[] =
	    "INSERT INTO dossier_event(dossier, from_status, to_status, "
	    "account_id, login, role, at, note) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)";
	static const char sql_pause[] =
	    "INSERT INTO dossier_pause(dossier, start, end, restart_due) "
	    "VALUES (?1, ?2, ?3, ?4)";
	struct conn *c = conn_get(s);
	int rc = tx_begin(s, c, e);
	if (rc) {
		conn_put(s, c);
		return rc;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		int64_t id = 0;
		if ((rc = dossier_insert_row(c, &h[i].d, &id, e)) ||
		    (rc = raise_seq(c, &h[i].d, e)))
			break;
		for (int k = 0; k < h[i].nevents && rc == 0; k++) {
			const struct dossier_event *ev = &h[i].ev[k];
			sqlite3_stmt *st = conn_stmt(c, sql_ev, e);
			if (!st) {
				rc = XERR_IO;
				break;
			}
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int(st, 2, ev->from);
			sqlite3_bind_int(st, 3, ev->to);
			sqlite3_bind_int64(st, 4, ev->account_id);
			bind_text(st, 5, ev->login, false);
			bind_text(st, 6, ev->role, false);
			sqlite3_bind_int64(st, 7, ev->at);
			bind_text(st, 8, ev->note, false);
			rc = stmt_done(c, st, e);
		}
		for (int k = 0; k < h[i].npauses && rc == 0; k++) {
			sqlite3_stmt *st = conn_stmt(c, sql_pause, e);
			if (!st) {
				rc = XERR_IO;
				break;
			}
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, h[i].pause[k].start);
			sqlite3_bind_int64(st, 3, h[i].pause[k].end);
			sqlite3_bind_int64(st, 4, h[i].pause[k].restart_due);
			rc = stmt_done(c, st, e);
		}
	}
	if (rc == 0) {
		char detail[48];
		snprintf(detail, sizeof detail, "%zu dossiers", n);
		rc = audit_append(c, who, "dossier.import", n ? h[0].d.unit : "", detail, e);
	}
	int rc2 = tx_end(s, c, rc == 0, rc == 0 ? e : NULL);
	if (rc == 0)
		rc = rc2;
	conn_put(s, c);
	return rc;
}
