/*
 * records_activity.c: the help community digital teams give, and the
 * campaigns whose targets it counts toward (store_records.h).
 *
 * An activity's key (client_id, the id its phone gave it) makes a resend
 * harmless: the insert does nothing when the key is stored, and the caller
 * learns it was a duplicate. A campaign target counts, over the campaign's
 * days and within the unit asked about, the training sessions of the
 * campaign and their attendance, or the people helped by one kind of
 * activity.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"

#define NOLIMIT INT64_C(1000000000000)

struct each {
	rec_cb cb;
	void *ctx;
};

static int campaign_for(struct db_conn *c, const struct activity *a, int64_t *id, struct xerr *e)
{
	static const char sql[] = "SELECT id FROM campaign WHERE code = ?1 AND "
	                          "starts_on <= ?2 AND ends_on >= ?2";
	*id = 0;
	if (!a->campaign[0])
		return 0;
	int rc = db_query_int(c, sql, DB_ARGS(DB_TEXT(a->campaign), DB_INT(a->day)), id, e);
	if (rc == 0)
		return xerr_set(e, XERR_INVALID, "campaign",
		                "no campaign %.31s running on the activity's day", a->campaign);
	return rc < 0 ? rc : 0;
}

static int team_on(struct db_conn *c, const char *unit, int32_t day, int64_t *team, struct xerr *e)
{
	static const char sql[] = "SELECT id FROM team WHERE unit = ?1 AND founded_on <= ?2 AND "
	                          "(dissolved_on IS NULL OR dissolved_on > ?2)";
	int rc = db_query_int(c, sql, DB_ARGS(DB_TEXT(unit), DB_INT(day)), team, e);
	if (rc == 0) {
		char d[11];
		cal_format_date(day, d);
		return xerr_set(e, XERR_INVALID, "team_unit", "unit %.16s has no team on %s", unit,
		                d);
	}
	return rc < 0 ? rc : 0;
}

static int activity_put(struct store *s, struct db_conn *c, const struct actor *who, void *rec,
                        bool *dup, struct xerr *e)
{
	static const char sql_member[] = "SELECT id FROM team_member WHERE account_id = ?1 AND "
	                                 "team = ?2 AND left_on IS NULL";
	static const char sql_add[] =
	    "INSERT INTO activity(client_id, team, member, kind, day, people, attendance, "
	    "campaign, "
	    "note, account_id, entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
	    "ON CONFLICT (client_id) DO NOTHING RETURNING id";
	(void)s;
	struct activity *a = rec;
	int64_t campaign = 0, member = 0;
	int rc = team_on(c, a->team_unit, a->day, &a->team, e);
	if (rc == 0)
		rc = campaign_for(c, a, &campaign, e);
	if (rc == 0 && who->account_id &&
	    db_query_int(c, sql_member, DB_ARGS(DB_INT(who->account_id), DB_INT(a->team)), &member,
	                 e) < 0)
		rc = XERR_IO;
	if (rc)
		return rc;
	a->entered_at = (int64_t)time(NULL);
	a->id = 0;
	rc = db_query_int(c, sql_add,
	                  DB_ARGS(DB_TEXTN(a->client_id), DB_INT(a->team),
	                          member ? DB_INT(member) : DB_NULL, DB_INT(a->kind),
	                          DB_INT(a->day), DB_INT(a->people), DB_INT(a->attendance),
	                          campaign ? DB_INT(campaign) : DB_NULL, DB_TEXT(a->note),
	                          DB_INT(who->account_id), DB_INT(a->entered_at)),
	                  &a->id, e);
	*dup = rc == 0;
	return rc < 0 ? rc : 0;
}

static int activity_row(struct db_stmt *st, void *ctx)
{
	struct each *x = ctx;
	struct activity a;
	memset(&a, 0, sizeof a);
	a.id = db_int(st, 0);
	db_text_copy(st, 1, a.team_unit, sizeof a.team_unit);
	a.day = (int32_t)db_int(st, 2);
	a.kind = (int)db_int(st, 3);
	a.people = db_int(st, 4);
	a.attendance = db_int(st, 5);
	db_text_copy(st, 6, a.campaign, sizeof a.campaign);
	db_text_copy(st, 7, a.note, sizeof a.note);
	db_text_copy(st, 8, a.client_id, sizeof a.client_id);
	db_text_copy(st, 9, a.member, sizeof a.member);
	a.team = db_int(st, 10);
	a.entered_at = db_int(st, 11);
	return x->cb(&a, x->ctx);
}

static int activity_list(struct store *s, struct db_conn *c, const struct rec_query *q, rec_cb cb,
                         void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "SELECT a.id, t.unit, a.day, a.kind, a.people, a.attendance, coalesce(c.code, ''), "
	    "a.note, coalesce(a.client_id, ''), coalesce(m.full_name, ''), a.team, a.entered_at "
	    "FROM activity a JOIN team t ON t.id = a.team LEFT JOIN campaign c ON c.id = "
	    "a.campaign "
	    "LEFT JOIN team_member m ON m.id = a.member WHERE " ST_SUBTREE(
	        "t.unit", "?1") " AND "
	                        "a.id > ?2 AND (?3 = 0 OR a.day >= ?3) AND (?4 = 0 OR a.day <= ?4) "
	                        "ORDER BY a.id LIMIT ?5";
	(void)s;
	struct each x = {cb, ctx};
	return db_query_each(c, sql,
	                     DB_ARGS(DB_TEXT(q->unit), DB_INT(q->after), DB_INT(q->from),
	                             DB_INT(q->to), DB_INT(q->limit ? q->limit : NOLIMIT)),
	                     activity_row, &x, e);
}

const struct st_rec_ops st_activity_ops = {&rec_activities, activity_put, activity_list};

int store_activity_enter(struct store *s, const struct actor *who, struct activity *a, bool *dup,
                         struct xerr *e)
{
	struct team_member m;
	int rc = store_member_of_account(s, who->account_id, &m, e);
	if (rc)
		return rc;
	snprintf(a->team_unit, sizeof a->team_unit, "%s", m.team_unit);
	return store_record_save(s, who, &rec_activities, a, dup, e);
}

/* ---- campaigns ---- */

static int campaign_put(struct store *s, struct db_conn *c, const struct actor *who, void *rec,
                        bool *dup, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO campaign(code, unit, name, starts_on, ends_on) VALUES (?1, ?2, ?3, ?4, "
	    "?5) "
	    "ON CONFLICT (code) DO UPDATE SET unit = excluded.unit, name = excluded.name, "
	    "starts_on = excluded.starts_on, ends_on = excluded.ends_on RETURNING id";
	static const char sql_target[] =
	    "INSERT INTO campaign_target(campaign, seq, name, measure, target) "
	    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (campaign, seq) DO UPDATE SET "
	    "name = excluded.name, measure = excluded.measure, target = excluded.target";
	(void)who;
	(void)dup;
	struct campaign_row *r = rec;
	int rc = st_unit_for(s, r->unit, UNIT_PROVINCE, r->starts_on, "unit", NULL, e);
	if (rc)
		return rc;
	rc = db_query_int(c, sql,
	                  DB_ARGS(DB_TEXT(r->code), DB_TEXT(r->unit), DB_TEXT(r->name),
	                          DB_INT(r->starts_on), DB_INT(r->ends_on)),
	                  &r->id, e);
	if (rc >= 0)
		rc = db_run(c, sql_target,
		            DB_ARGS(DB_INT(r->id), DB_INT(r->seq), DB_TEXT(r->target_name),
		                    DB_INT(r->measure), DB_INT(r->target)),
		            e);
	return rc < 0 ? rc : 0;
}

/* What one target has reached within the subtree of `unit`. */
static int target_done(struct db_conn *c, const struct campaign_row *r, const char *unit,
                       int64_t *done, struct xerr *e)
{
	static const char sql_linked[] =
	    "SELECT count(*), coalesce(sum(a.attendance), 0) FROM activity a JOIN team t ON "
	    "t.id = a.team WHERE a.campaign = ?1 AND a.kind = ?3 AND " ST_SUBTREE("t.unit", "?2");
	static const char sql_kind[] =
	    "SELECT coalesce(sum(a.people), 0) FROM activity a JOIN team t ON t.id = a.team "
	    "WHERE a.kind = ?1 AND a.day >= ?3 AND a.day <= ?4 AND " ST_SUBTREE("t.unit", "?2");
	*done = 0;
	if (r->measure == MEASURE_NONE)
		return 0;
	if (r->measure >= MEASURE_KIND) {
		int rc = db_query_int(c, sql_kind,
		                      DB_ARGS(DB_INT(r->measure - MEASURE_KIND), DB_TEXT(unit),
		                              DB_INT(r->starts_on), DB_INT(r->ends_on)),
		                      done, e);
		return rc < 0 ? rc : 0;
	}
	struct db_stmt *st =
	    db_query(c, sql_linked, DB_ARGS(DB_INT(r->id), DB_TEXT(unit), DB_INT(ACT_TRAINING)), e);
	if (!st)
		return XERR_IO;
	int rc = db_step(st, e);
	if (rc == DB_ROW)
		*done = db_int(st, r->measure == MEASURE_SESSIONS ? 0 : 1);
	db_reset(st);
	return rc < 0 ? rc : 0;
}

enum { TARGETS_MAX = 256 };

struct targets {
	struct campaign_row row[TARGETS_MAX];
	int n;
};

static int target_row(struct db_stmt *st, void *ctx)
{
	struct targets *t = ctx;
	if (t->n == TARGETS_MAX)
		return 0;
	struct campaign_row *r = &t->row[t->n++];
	memset(r, 0, sizeof *r);
	r->id = db_int(st, 0);
	db_text_copy(st, 1, r->code, sizeof r->code);
	db_text_copy(st, 2, r->unit, sizeof r->unit);
	db_text_copy(st, 3, r->name, sizeof r->name);
	r->starts_on = (int32_t)db_int(st, 4);
	r->ends_on = (int32_t)db_int(st, 5);
	r->seq = db_int(st, 6);
	db_text_copy(st, 7, r->target_name, sizeof r->target_name);
	r->measure = (int)db_int(st, 8);
	r->target = db_int(st, 9);
	return 0;
}

/* The campaigns of the unit's subtree and of the units above it (a
 * province's campaign is its communes' too), each target with what the
 * unit's subtree has reached. */
static int campaign_list(struct store *s, struct db_conn *c, const struct rec_query *q, rec_cb cb,
                         void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "SELECT c.id, c.code, c.unit, c.name, c.starts_on, c.ends_on, g.seq, g.name, "
	    "g.measure, "
	    "g.target FROM campaign c JOIN campaign_target g ON g.campaign = c.id "
	    "WHERE (" ST_SUBTREE("c.unit", "?1") " OR c.unit = ?2 OR c.unit = ?3) AND c.id > ?4 "
	                                         "AND (?5 = 0 OR (c.starts_on <= ?5 AND c.ends_on "
	                                         ">= ?5)) ORDER BY c.id, g.seq";
	struct unit u, p;
	int rc = store_unit_get(s, q->unit, &u, e);
	if (rc)
		return rc;
	if (!u.parent[0] || store_unit_get(s, u.parent, &p, NULL) != 0)
		p = u;
	struct targets *t = malloc(sizeof *t);
	if (!t)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	t->n = 0;
	rc = db_query_each(c, sql,
	                   DB_ARGS(DB_TEXT(q->unit), DB_TEXT(p.code), DB_TEXT(p.parent),
	                           DB_INT(q->after), DB_INT(q->as_of)),
	                   target_row, t, e);
	for (int i = 0; rc == 0 && i < t->n; i++)
		rc = target_done(c, &t->row[i], q->unit, &t->row[i].done, e);
	for (int i = 0; rc == 0 && i < t->n; i++)
		rc = cb(&t->row[i], ctx);
	free(t);
	return rc;
}

const struct st_rec_ops st_campaign_ops = {&rec_campaigns, campaign_put, campaign_list};
