/* feedback.c: feedback and complaints (phản ánh, kiến nghị) with their
 * deadlines. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "store/store_audit.h"
#include "store/store_calendar.h"
#include "store/store_dossiers.h"
#include "store/store_int.h"

#define FEEDBACK_COLS                                                                              \
	"id, unit, dossier_code, coalesce(account_id, 0), name, contact, content, "                \
	"created_at, refuse_by, supplement_by, answer_by, status, answer, answered_at, "           \
	"coalesce(answered_by, 0), topic, coalesce(rating, -1), rating_reason, rated_at, "         \
	"coalesce(repeats, 0)"

static int feedback_row(struct db_stmt *st, void *p)
{
	struct feedback *f = p;
	memset(f, 0, sizeof *f);
	f->id = db_int(st, 0);
	db_text_copy(st, 1, f->unit, sizeof f->unit);
	db_text_copy(st, 2, f->dossier_code, sizeof f->dossier_code);
	f->account_id = db_int(st, 3);
	db_text_copy(st, 4, f->name, sizeof f->name);
	db_text_copy(st, 5, f->contact, sizeof f->contact);
	db_text_copy(st, 6, f->content, sizeof f->content);
	f->created_at = db_int(st, 7);
	f->refuse_by = db_int(st, 8);
	f->supplement_by = db_int(st, 9);
	f->answer_by = db_int(st, 10);
	db_text_copy(st, 11, f->status, sizeof f->status);
	db_text_copy(st, 12, f->answer, sizeof f->answer);
	f->answered_at = db_int(st, 13);
	f->answered_by = db_int(st, 14);
	f->topic = (int)db_int(st, 15);
	f->rating = (int)db_int(st, 16);
	db_text_copy(st, 17, f->rating_reason, sizeof f->rating_reason);
	f->rated_at = db_int(st, 18);
	f->repeats = db_int(st, 19);
	return 0;
}

static int get_on(struct db_conn *c, int64_t id, struct feedback *f, struct xerr *e)
{
	static const char sql[] = "SELECT " FEEDBACK_COLS " FROM feedback WHERE id = ?1";
	int rc = db_query_first(c, sql, DB_ARGS(DB_INT(id)), feedback_row, f, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "id", "no feedback with id %" PRId64, id);
	return rc < 0 ? rc : 0;
}

struct create_ctx {
	const struct actor *who;
	struct feedback *f;
	const struct cal *cal;
};

/* RULES §1.3 (5.2): refuse within 2, ask for more within 5, answer within
 * 15 working days of receipt. */
static int deadlines(struct db_conn *c, const struct cal *cal, struct feedback *f, struct xerr *e)
{
	struct cal_hours h;
	int rc;
	if ((rc = st_office_hours_on(c, f->unit, &h, e)) ||
	    (rc = cal_add_workdays(cal, &h, f->created_at, 2, &f->refuse_by, e)) ||
	    (rc = cal_add_workdays(cal, &h, f->created_at, 5, &f->supplement_by, e)))
		return rc;
	return cal_add_workdays(cal, &h, f->created_at, 15, &f->answer_by, e);
}

/* The latest of the account's earlier feedback about the dossier that
 * core lets f follow up (first in the newest-first order that passes). */
static int same_dossier_row(struct db_stmt *st, void *ctx)
{
	struct feedback *f = ctx;
	if (feedback_repeat_check(db_text(st, 1), f->account_id, f->account_id, f->dossier_code,
	                          f->dossier_code, NULL) != 0)
		return 0;
	f->repeats = db_int(st, 0);
	return 1;
}

/* The earlier feedback f follows up, checked by core (its unit and
 * dossier become f's); or, from an account about a dossier, the latest
 * earlier feedback of the account about it that core lets it follow up. */
static int find_repeated(struct db_conn *c, struct feedback *f, struct xerr *e)
{
	static const char sql_same[] = "SELECT id, status FROM feedback WHERE account_id = ?1 AND "
	                               "dossier_code = ?2 ORDER BY id DESC";
	if (!f->repeats) {
		if (!f->account_id || !f->dossier_code[0])
			return 0;
		int rc = db_query_each(c, sql_same,
		                       DB_ARGS(DB_INT(f->account_id), DB_TEXT(f->dossier_code)),
		                       same_dossier_row, f, e);
		return rc < 0 ? rc : 0;
	}
	struct feedback *old = malloc(sizeof *old);
	if (!old)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	int rc = get_on(c, f->repeats, old, e);
	/* None at all is answered as someone else's: core's words, so the
	 * answer does not tell which ids exist. */
	if (rc == XERR_NOTFOUND)
		rc = feedback_repeat_check("", 0, 0, "", "", e);
	else if (rc == 0)
		rc = feedback_repeat_check(old->status, old->account_id, f->account_id,
		                           old->dossier_code, f->dossier_code, e);
	if (rc == 0) {
		snprintf(f->unit, sizeof f->unit, "%s", old->unit);
		snprintf(f->dossier_code, sizeof f->dossier_code, "%s", old->dossier_code);
	}
	free(old);
	return rc;
}

static int create_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql_unit[] =
	    "SELECT level FROM unit WHERE code = ?1 AND valid_to IS NULL";
	static const char sql[] =
	    "INSERT INTO feedback(unit, dossier_code, account_id, name, contact, "
	    "content, created_at, refuse_by, supplement_by, answer_by, topic, repeats) "
	    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12) RETURNING id";
	struct create_ctx *x = ctx;
	struct feedback *f = x->f;
	int64_t level = 0;
	int rc = find_repeated(c, f, e);
	if (rc)
		return rc;
	rc = db_query_int(c, sql_unit, DB_ARGS(DB_TEXT(f->unit)), &level, e);
	if (rc < 0)
		return rc;
	if (level != UNIT_COMMUNE)
		return xerr_set(e, level ? XERR_INVALID : XERR_NOTFOUND, "unit",
		                "feedback goes to a commune, ward or special zone in force");
	if ((rc = deadlines(c, x->cal, f, e)))
		return rc;
	rc = db_query_int(c, sql,
	                  DB_ARGS(DB_TEXT(f->unit), DB_TEXT(f->dossier_code),
	                          f->account_id ? DB_INT(f->account_id) : DB_NULL, DB_TEXT(f->name),
	                          DB_TEXT(f->contact), DB_TEXT(f->content), DB_INT(f->created_at),
	                          DB_INT(f->refuse_by), DB_INT(f->supplement_by),
	                          DB_INT(f->answer_by), DB_INT(f->topic),
	                          f->repeats ? DB_INT(f->repeats) : DB_NULL),
	                  &f->id, e);
	if (rc < 0)
		return rc;
	snprintf(f->status, sizeof f->status, "open");
	f->rating = -1;
	char object[32];
	snprintf(object, sizeof object, "feedback/%" PRId64, f->id);
	return st_audit_append(c, x->who, "feedback.create", object, f->unit, e);
}

int store_feedback_create(struct store *s, const struct actor *who, struct feedback *f,
                          struct xerr *e)
{
	if (!f->content[0])
		return xerr_set(e, XERR_INVALID, "content", "write what the feedback is about");
	if (!f->created_at)
		f->created_at = st_now_local();
	struct create_ctx x = {who, f, NULL};
	int rc = store_calendar(s, &x.cal, e);
	return rc ? rc : st_write(s, create_tx, &x, e);
}

int store_feedback_get(struct store *s, int64_t id, struct feedback *out, struct xerr *e)
{
	struct db_conn *c = st_get(s);
	int rc = get_on(c, id, out, e);
	st_put(s, c);
	return rc;
}

struct list_ctx {
	int (*cb)(const struct feedback *f, void *ctx);
	void *ctx;
	struct feedback f;
};

static int list_row(struct db_stmt *st, void *ctx)
{
	struct list_ctx *l = ctx;
	feedback_row(st, &l->f);
	return l->cb(&l->f, l->ctx);
}

static int list_run(struct store *s, const char *sql, const struct db_arg *args, int nargs,
                    int (*cb)(const struct feedback *f, void *ctx), void *ctx, struct xerr *e)
{
	struct list_ctx *l = malloc(sizeof *l);
	if (!l)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	l->cb = cb;
	l->ctx = ctx;
	int rc = st_each(s, sql, args, nargs, list_row, l, e);
	free(l);
	return rc;
}

int store_feedback_list(struct store *s, const char *unit, int64_t after, int limit,
                        int (*cb)(const struct feedback *f, void *ctx), void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "SELECT " FEEDBACK_COLS " FROM feedback WHERE id > ?2 AND "
	    "(unit = ?1 OR unit IN (SELECT code FROM unit WHERE parent = ?1)) ORDER BY id LIMIT ?3";
	return list_run(s, sql, DB_ARGS(DB_TEXT(unit), DB_INT(after), DB_INT(limit)), cb, ctx, e);
}

int store_feedback_mine(struct store *s, int64_t account, int64_t before, int limit,
                        int (*cb)(const struct feedback *f, void *ctx), void *ctx, struct xerr *e)
{
	static const char sql[] = "SELECT " FEEDBACK_COLS " FROM feedback WHERE account_id = ?1 "
	                          "AND (?2 = 0 OR id < ?2) ORDER BY id DESC LIMIT ?3";
	return list_run(s, sql, DB_ARGS(DB_INT(account), DB_INT(before), DB_INT(limit)), cb, ctx,
	                e);
}

struct answer_ctx {
	const struct actor *who;
	int64_t id, at;
	bool refuse, satisfied;
	int topic;
	const char *answer; /* or the rating's reason */
	struct feedback *f;
};

static int answer_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "UPDATE feedback SET status = ?2, answer = ?3, answered_at = ?4, answered_by = ?5, "
	    "topic = CASE WHEN ?6 > 0 THEN ?6 ELSE topic END WHERE id = ?1 AND status = 'open'";
	struct answer_ctx *x = ctx;
	struct feedback *f = x->f;
	const char *status = x->refuse ? "refused" : "answered";
	int rc = get_on(c, x->id, f, e);
	if (rc == 0 && strcmp(f->status, "open"))
		rc = xerr_set(e, XERR_CONFLICT, "id", "this feedback was already %s", f->status);
	if (rc == 0)
		rc = db_run(c, sql,
		            DB_ARGS(DB_INT(x->id), DB_TEXT(status), DB_TEXT(x->answer),
		                    DB_INT(x->at), DB_INT(x->who ? x->who->account_id : 0),
		                    DB_INT(x->topic)),
		            e);
	if (rc)
		return rc;
	char object[32];
	snprintf(object, sizeof object, "feedback/%" PRId64, x->id);
	if ((rc = st_audit_append(c, x->who, "feedback.answer", object, status, e)))
		return rc;
	snprintf(f->status, sizeof f->status, "%s", status);
	snprintf(f->answer, sizeof f->answer, "%s", x->answer);
	f->answered_at = x->at;
	f->answered_by = x->who ? x->who->account_id : 0;
	if (x->topic > 0)
		f->topic = x->topic;
	return 0;
}

static int run_tx(struct store *s, int (*tx)(struct db_conn *, void *, struct xerr *),
                  struct answer_ctx *x, struct feedback *out, struct xerr *e)
{
	struct feedback *f = malloc(sizeof *f);
	if (!f)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	x->f = f;
	int rc = st_write(s, tx, x, e);
	if (rc == 0 && out)
		*out = *f;
	free(f);
	return rc;
}

int store_feedback_answer(struct store *s, const struct actor *who, int64_t id, bool refuse,
                          const char *answer, int topic, int64_t at, struct feedback *out,
                          struct xerr *e)
{
	if (!answer || !*answer)
		return xerr_set(e, XERR_INVALID, "answer", "the answer is required");
	if (!*feedback_topic_word(topic) && topic != FEEDBACK_TOPIC_NONE)
		return xerr_set(e, XERR_INVALID, "topic", "no topic %d", topic);
	struct answer_ctx x = {who,    id,  at ? at : st_now_local(), refuse, false, topic,
	                       answer, NULL};
	return run_tx(s, answer_tx, &x, out, e);
}

static int rate_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql[] = "UPDATE feedback SET rating = ?2, rating_reason = ?3, "
	                          "rated_at = ?4 WHERE id = ?1 AND rating IS NULL";
	struct answer_ctx *x = ctx;
	struct feedback *f = x->f;
	int rc = get_on(c, x->id, f, e);
	if (rc == 0)
		rc = feedback_rate_check(f->status, f->rating >= 0, e);
	if (rc == 0)
		rc = db_run(c, sql,
		            DB_ARGS(DB_INT(x->id), DB_INT(x->satisfied ? 1 : 0), DB_TEXT(x->answer),
		                    DB_INT(x->at)),
		            e);
	if (rc)
		return rc;
	char object[32];
	snprintf(object, sizeof object, "feedback/%" PRId64, x->id);
	if ((rc = st_audit_append(c, x->who, "feedback.rate", object,
	                          x->satisfied ? "satisfied" : "unsatisfied", e)))
		return rc;
	f->rating = x->satisfied ? 1 : 0;
	snprintf(f->rating_reason, sizeof f->rating_reason, "%s", x->answer);
	f->rated_at = x->at;
	return 0;
}

int store_feedback_rate(struct store *s, const struct actor *who, int64_t id, bool satisfied,
                        const char *reason, struct feedback *out, struct xerr *e)
{
	if (!reason)
		reason = "";
	if (strlen(reason) >= FEEDBACK_TEXT_MAX)
		return xerr_set(e, XERR_INVALID, "reason", "the reason is too long");
	struct answer_ctx x = {who, id, st_now_local(), false, satisfied, 0, reason, NULL};
	return run_tx(s, rate_tx, &x, out, e);
}
