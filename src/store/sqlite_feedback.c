/* sqlite_feedback.c: feedback and complaints (phản ánh, kiến nghị) with
 * their deadlines, in the SQLite back end. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "store/store_audit.h"
#include "store/store_calendar.h"
#include "store/store_dossiers.h"
#include "store/sqlite_int.h"

#define FEEDBACK_COLS                                                                              \
	"id, unit, dossier_code, coalesce(account_id, 0), name, contact, content, "                \
	"created_at, refuse_by, supplement_by, answer_by, status, answer, answered_at, "           \
	"coalesce(answered_by, 0)"

static void read_feedback(sqlite3_stmt *st, struct feedback *f)
{
	memset(f, 0, sizeof *f);
	f->id = sqlite3_column_int64(st, 0);
	col_text(st, 1, f->unit, sizeof f->unit);
	col_text(st, 2, f->dossier_code, sizeof f->dossier_code);
	f->account_id = sqlite3_column_int64(st, 3);
	col_text(st, 4, f->name, sizeof f->name);
	col_text(st, 5, f->contact, sizeof f->contact);
	col_text(st, 6, f->content, sizeof f->content);
	f->created_at = sqlite3_column_int64(st, 7);
	f->refuse_by = sqlite3_column_int64(st, 8);
	f->supplement_by = sqlite3_column_int64(st, 9);
	f->answer_by = sqlite3_column_int64(st, 10);
	col_text(st, 11, f->status, sizeof f->status);
	col_text(st, 12, f->answer, sizeof f->answer);
	f->answered_at = sqlite3_column_int64(st, 13);
	f->answered_by = sqlite3_column_int64(st, 14);
}

static int get_on(struct conn *c, int64_t id, struct feedback *f, struct xerr *e)
{
	static const char sql[] = "SELECT " FEEDBACK_COLS " FROM feedback WHERE id = ?1";
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		return XERR_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_feedback(st, f);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE
		         ? xerr_set(e, XERR_NOTFOUND, "id", "no feedback with id %" PRId64, id)
		         : sql_err(c, rc, e);
	}
	sqlite3_reset(st);
	return rc;
}

int store_feedback_create(struct store *s, const struct actor *who, struct feedback *f,
                          struct xerr *e)
{
	static const char sql_unit[] =
	    "SELECT level FROM unit WHERE code = ?1 AND valid_to IS NULL";
	static const char sql[] =
	    "INSERT INTO feedback(unit, dossier_code, account_id, name, contact, "
	    "content, created_at, refuse_by, supplement_by, answer_by) "
	    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)";
	if (!f->content[0])
		return xerr_set(e, XERR_INVALID, "content", "write what the feedback is about");
	if (!f->created_at)
		f->created_at = store_now_local();
	const struct cal *cal;
	int rc = store_calendar(s, &cal, e);
	if (rc)
		return rc;
	struct conn *c = conn_get(s);
	if ((rc = tx_begin(s, c, e))) {
		conn_put(s, c);
		return rc;
	}
	sqlite3_stmt *st = conn_stmt(c, sql_unit, e);
	if (!st) {
		rc = XERR_IO;
		goto end;
	}
	bind_text(st, 1, f->unit, false);
	rc = sqlite3_step(st);
	int level = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = sql_err(c, rc, e);
		goto end;
	}
	if (level != 2) {
		rc = xerr_set(e, level ? XERR_INVALID : XERR_NOTFOUND, "unit",
		              "feedback goes to a commune, ward or special zone in force");
		goto end;
	}
	struct cal_hours h;
	/* RULES §1.3 (5.2): refuse within 2, ask for more within 5, answer
	 * within 15 working days of receipt. */
	if ((rc = office_hours_on(c, f->unit, &h, e)) ||
	    (rc = cal_add_workdays(cal, &h, f->created_at, 2, &f->refuse_by, e)) ||
	    (rc = cal_add_workdays(cal, &h, f->created_at, 5, &f->supplement_by, e)) ||
	    (rc = cal_add_workdays(cal, &h, f->created_at, 15, &f->answer_by, e)))
		goto end;
	if (!(st = conn_stmt(c, sql, e))) {
		rc = XERR_IO;
		goto end;
	}
	bind_text(st, 1, f->unit, false);
	bind_text(st, 2, f->dossier_code, false);
	if (f->account_id)
		sqlite3_bind_int64(st, 3, f->account_id);
	else
		sqlite3_bind_null(st, 3);
	bind_text(st, 4, f->name, false);
	bind_text(st, 5, f->contact, false);
	bind_text(st, 6, f->content, false);
	sqlite3_bind_int64(st, 7, f->created_at);
	sqlite3_bind_int64(st, 8, f->refuse_by);
	sqlite3_bind_int64(st, 9, f->supplement_by);
	sqlite3_bind_int64(st, 10, f->answer_by);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		rc = sql_err(c, rc, e);
		goto end;
	}
	f->id = sqlite3_last_insert_rowid(c->db);
	snprintf(f->status, sizeof f->status, "open");
	char object[32];
	snprintf(object, sizeof object, "feedback/%" PRId64, f->id);
	rc = audit_append(c, who, "feedback.create", object, f->unit, e);
end:;
	int rc2 = tx_end(s, c, rc == 0, rc == 0 ? e : NULL);
	if (rc == 0)
		rc = rc2;
	conn_put(s, c);
	return rc;
}

int store_feedback_get(struct store *s, int64_t id, struct feedback *out, struct xerr *e)
{
	struct conn *c = conn_get(s);
	int rc = get_on(c, id, out, e);
	conn_put(s, c);
	return rc;
}

int store_feedback_list(struct store *s, const char *unit, int64_t after, int limit,
                        int (*cb)(const struct feedback *f, void *ctx), void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "SELECT " FEEDBACK_COLS " FROM feedback WHERE id > ?2 AND "
	    "(unit = ?1 OR unit IN (SELECT code FROM unit WHERE parent = ?1)) ORDER BY id LIMIT ?3";
	struct feedback *f = malloc(sizeof *f);
	if (!f)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	struct conn *c = conn_get(s);
	int rc = XERR_IO, stop = 0;
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (!st)
		goto out;
	bind_text(st, 1, unit, false);
	sqlite3_bind_int64(st, 2, after);
	sqlite3_bind_int(st, 3, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_feedback(st, f);
		if ((stop = cb(f, ctx)) != 0)
			break;
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0 : sql_err(c, rc, e);
	sqlite3_reset(st);
out:
	conn_put(s, c);
	free(f);
	return rc;
}

int store_feedback_answer(struct store *s, const struct actor *who, int64_t id, bool refuse,
                          const char *answer, int64_t at, struct feedback *out, struct xerr *e)
{
	static const char sql[] = "UPDATE feedback SET status = ?2, answer = ?3, answered_at = ?4, "
	                          "answered_by = ?5 WHERE id = ?1 AND status = 'open'";
	if (!answer || !*answer)
		return xerr_set(e, XERR_INVALID, "answer", "the answer is required");
	if (!at)
		at = store_now_local();
	struct feedback *f = malloc(sizeof *f);
	if (!f)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	struct conn *c = conn_get(s);
	int rc = tx_begin(s, c, e);
	if (rc)
		goto out;
	if ((rc = get_on(c, id, f, e)) == 0 && strcmp(f->status, "open"))
		rc = xerr_set(e, XERR_CONFLICT, "id", "this feedback was already %s", f->status);
	if (rc == 0) {
		sqlite3_stmt *st = conn_stmt(c, sql, e);
		if (!st) {
			rc = XERR_IO;
		} else {
			sqlite3_bind_int64(st, 1, id);
			bind_text(st, 2, refuse ? "refused" : "answered", false);
			bind_text(st, 3, answer, false);
			sqlite3_bind_int64(st, 4, at);
			sqlite3_bind_int64(st, 5, who ? who->account_id : 0);
			rc = stmt_done(c, st, e);
		}
	}
	if (rc == 0) {
		char object[32];
		snprintf(object, sizeof object, "feedback/%" PRId64, id);
		rc = audit_append(c, who, "feedback.answer", object,
		                  refuse ? "refused" : "answered", e);
	}
	if (rc == 0) {
		snprintf(f->status, sizeof f->status, "%s", refuse ? "refused" : "answered");
		snprintf(f->answer, sizeof f->answer, "%s", answer);
		f->answered_at = at;
		f->answered_by = who ? who->account_id : 0;
	}
	int rc2 = tx_end(s, c, rc == 0, rc == 0 ? e : NULL);
	if (rc == 0)
		rc = rc2;
	if (rc == 0 && out)
		*out = *f;
out:
	conn_put(s, c);
	free(f);
	return rc;
}
