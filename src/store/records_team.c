/*
 * records_team.c: community digital teams, their members and the help
 * they give (store_records.h). A unit has at most one team at a time; the
 * team of a member or an activity is the unit's team on the day. An
 * activity carries the key the phone gave it (client_id): the insert skips
 * a key already stored, so an entry sent again is counted once.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"

#define DAYN(x)   ((x) ? DB_INT(x) : DB_NULL)
#define NOLIMIT   INT64_C(1000000000000)
#define TEAM_COLS "id, unit, name, founded_on, coalesce(dissolved_on, 0)"

struct each {
	rec_cb cb;
	void *ctx;
	int32_t as_of;
};

static void team_read(struct db_stmt *st, struct team *t)
{
	memset(t, 0, sizeof *t);
	t->id = db_int(st, 0);
	db_text_copy(st, 1, t->unit, sizeof t->unit);
	db_text_copy(st, 2, t->name, sizeof t->name);
	t->founded_on = (int32_t)db_int(st, 3);
	t->dissolved_on = (int32_t)db_int(st, 4);
}

static int team_one(struct db_stmt *st, void *out)
{
	team_read(st, out);
	return 0;
}

static int team_of_on(struct db_conn *c, const char *unit, int32_t day, struct team *out,
                      const char *field, struct xerr *e)
{
	static const char sql[] =
	    "SELECT " TEAM_COLS " FROM team WHERE unit = ?1 AND "
	    "founded_on <= ?2 AND (dissolved_on IS NULL OR dissolved_on > ?2)";
	int rc = db_query_first(c, sql, DB_ARGS(DB_TEXT(unit), DB_INT(day)), team_one, out, e);
	if (rc == 0) {
		char d[11];
		cal_format_date(day, d);
		return xerr_set(e, XERR_INVALID, field, "unit %.16s has no team on %s", unit, d);
	}
	return rc < 0 ? rc : 0;
}

static int team_put(struct store *s, struct db_conn *c, const struct actor *who, void *rec,
                    bool *dup, struct xerr *e)
{
	static const char sql_same[] = "SELECT id FROM team WHERE unit = ?1 AND founded_on = ?2";
	static const char sql_overlap[] =
	    "SELECT count(*) FROM team WHERE unit = ?1 AND founded_on <> ?2 AND "
	    "founded_on < ?3 AND (dissolved_on IS NULL OR dissolved_on > ?2)";
	static const char sql_add[] = "INSERT INTO team(unit, name, founded_on, dissolved_on) "
	                              "VALUES (?1, ?2, ?3, ?4) RETURNING id";
	static const char sql_set[] = "UPDATE team SET name = ?2, dissolved_on = ?3 WHERE id = ?1";
	(void)who;
	(void)dup;
	struct team *t = rec;
	struct unit u;
	int rc = st_unit_for(s, t->unit, UNIT_COMMUNE, t->founded_on, "unit", &u, e);
	if (rc)
		return rc;
	if (!t->name[0])
		snprintf(t->name, sizeof t->name, "Tổ công nghệ số cộng đồng %.100s", u.name);
	/* Công văn 793/BTTTT-THH: one team per village, and one for the commune. */
	int64_t n = 0, end = t->dissolved_on ? t->dissolved_on : INT32_MAX;
	rc = db_query_int(c, sql_overlap,
	                  DB_ARGS(DB_TEXT(t->unit), DB_INT(t->founded_on), DB_INT(end)), &n, e);
	if (rc >= 0 && n > 0)
		return xerr_set(e, XERR_INVALID, "founded_on",
		                "unit %s already has a team in those days", t->unit);
	t->id = 0;
	if (rc >= 0)
		rc = db_query_int(c, sql_same, DB_ARGS(DB_TEXT(t->unit), DB_INT(t->founded_on)),
		                  &t->id, e);
	if (rc >= 0 && t->id)
		rc = db_run(c, sql_set,
		            DB_ARGS(DB_INT(t->id), DB_TEXT(t->name), DAYN(t->dissolved_on)), e);
	else if (rc >= 0)
		rc = db_query_int(c, sql_add,
		                  DB_ARGS(DB_TEXT(t->unit), DB_TEXT(t->name), DB_INT(t->founded_on),
		                          DAYN(t->dissolved_on)),
		                  &t->id, e);
	return rc < 0 ? rc : 0;
}

static int team_row(struct db_stmt *st, void *ctx)
{
	struct each *x = ctx;
	struct team t;
	team_read(st, &t);
	t.members = db_int(st, 5);
	return x->cb(&t, x->ctx);
}

static int team_list(struct store *s, struct db_conn *c, const struct rec_query *q, rec_cb cb,
                     void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "SELECT " TEAM_COLS ", (SELECT count(*) FROM team_member m WHERE m.team = team.id AND "
	    "m.joined_on <= ?5 AND (m.left_on IS NULL OR m.left_on > ?5)) FROM team "
	    "WHERE " ST_SUBTREE(
	        "unit", "?1") " AND id > ?2 AND (?3 = 0 OR (founded_on <= ?3 AND "
	                      "(dissolved_on IS NULL OR dissolved_on > ?3))) ORDER BY id LIMIT ?4";
	(void)s;
	struct each x = {cb, ctx, 0};
	int32_t day = q->as_of ? q->as_of : cal_time_day(st_now_local());
	return db_query_each(c, sql,
	                     DB_ARGS(DB_TEXT(q->unit), DB_INT(q->after), DB_INT(q->as_of),
	                             DB_INT(q->limit ? q->limit : NOLIMIT), DB_INT(day)),
	                     team_row, &x, e);
}

const struct st_rec_ops st_team_ops = {&rec_teams, team_put, team_list};

/* ---- members ---- */

struct account_of {
	int64_t id;
	char role[16], unit[16];
};

static int account_row(struct db_stmt *st, void *ctx)
{
	struct account_of *a = ctx;
	a->id = db_int(st, 0);
	db_text_copy(st, 1, a->role, sizeof a->role);
	db_text_copy(st, 2, a->unit, sizeof a->unit);
	return 0;
}

/* The account of a member who signs in: a team account of the team's unit. */
static int member_account(struct db_conn *c, const struct team_member *m, const struct team *t,
                          int64_t *id, struct xerr *e)
{
	static const char sql[] =
	    "SELECT id, role, coalesce(unit, '') FROM account WHERE login = ?1";
	struct account_of a = {0};
	*id = 0;
	if (!m->login[0])
		return 0;
	int rc = db_query_first(c, sql, DB_ARGS(DB_TEXT(m->login)), account_row, &a, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return xerr_set(e, XERR_INVALID, "login", "no account %.40s", m->login);
	if (strcmp(a.role, "team") || strcmp(a.unit, t->unit))
		return xerr_set(e, XERR_INVALID, "login",
		                "%.40s is not a team account of unit %s (xaso user add --role team "
		                "--unit %s)",
		                m->login, t->unit, t->unit);
	*id = a.id;
	return 0;
}

static int member_put(struct store *s, struct db_conn *c, const struct actor *who, void *rec,
                      bool *dup, struct xerr *e)
{
	static const char sql_same[] =
	    "SELECT id FROM team_member WHERE team = ?1 AND full_name = ?2 AND joined_on = ?3";
	static const char sql_add[] =
	    "INSERT INTO team_member(team, full_name, phone, position, joined_on, left_on, "
	    "account_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id";
	static const char sql_set[] = "UPDATE team_member SET phone = ?2, position = ?3, "
	                              "left_on = ?4, account_id = ?5 WHERE id = ?1";
	(void)s;
	(void)who;
	(void)dup;
	struct team_member *m = rec;
	struct team t;
	int64_t account = 0;
	int rc = team_of_on(c, m->team_unit, m->joined_on, &t, "team_unit", e);
	if (rc == 0)
		rc = member_account(c, m, &t, &account, e);
	if (rc)
		return rc;
	m->team = t.id;
	m->id = 0;
	rc = db_query_int(c, sql_same,
	                  DB_ARGS(DB_INT(t.id), DB_TEXT(m->full_name), DB_INT(m->joined_on)),
	                  &m->id, e);
	if (rc >= 0 && m->id)
		rc = db_run(c, sql_set,
		            DB_ARGS(DB_INT(m->id), DB_TEXT(m->phone), DB_INT(m->position),
		                    DAYN(m->left_on), account ? DB_INT(account) : DB_NULL),
		            e);
	else if (rc >= 0)
		rc = db_query_int(c, sql_add,
		                  DB_ARGS(DB_INT(t.id), DB_TEXT(m->full_name), DB_TEXT(m->phone),
		                          DB_INT(m->position), DB_INT(m->joined_on),
		                          DAYN(m->left_on), account ? DB_INT(account) : DB_NULL),
		                  &m->id, e);
	if (rc == XERR_CONFLICT)
		return xerr_set(e, XERR_INVALID, "login", "account %.40s is another member's",
		                m->login);
	return rc < 0 ? rc : 0;
}

#define MEMBER_COLS                                                                                \
	"m.id, t.unit, m.full_name, m.phone, m.position, m.joined_on, coalesce(m.left_on, 0), "    \
	"coalesce(a.login, ''), m.team FROM team_member m JOIN team t ON t.id = m.team "           \
	"LEFT JOIN account a ON a.id = m.account_id "

static void member_read(struct db_stmt *st, struct team_member *m)
{
	memset(m, 0, sizeof *m);
	m->id = db_int(st, 0);
	db_text_copy(st, 1, m->team_unit, sizeof m->team_unit);
	db_text_copy(st, 2, m->full_name, sizeof m->full_name);
	db_text_copy(st, 3, m->phone, sizeof m->phone);
	m->position = (int)db_int(st, 4);
	m->joined_on = (int32_t)db_int(st, 5);
	m->left_on = (int32_t)db_int(st, 6);
	db_text_copy(st, 7, m->login, sizeof m->login);
	m->team = db_int(st, 8);
}

static int member_row(struct db_stmt *st, void *ctx)
{
	struct each *x = ctx;
	struct team_member m;
	member_read(st, &m);
	return x->cb(&m, x->ctx);
}

static int member_list(struct store *s, struct db_conn *c, const struct rec_query *q, rec_cb cb,
                       void *ctx, struct xerr *e)
{
	static const char sql[] = "SELECT " MEMBER_COLS "WHERE " ST_SUBTREE(
	    "t.unit",
	    "?1") " AND m.id > ?2 AND "
	          "(?3 = 0 OR (m.joined_on <= ?3 AND (m.left_on IS NULL OR m.left_on > ?3))) "
	          "ORDER BY m.id LIMIT ?4";
	(void)s;
	struct each x = {cb, ctx, 0};
	return db_query_each(c, sql,
	                     DB_ARGS(DB_TEXT(q->unit), DB_INT(q->after), DB_INT(q->as_of),
	                             DB_INT(q->limit ? q->limit : NOLIMIT)),
	                     member_row, &x, e);
}

const struct st_rec_ops st_member_ops = {&rec_members, member_put, member_list};

static int member_one(struct db_stmt *st, void *out)
{
	member_read(st, out);
	return 0;
}

int store_member_of_account(struct store *s, int64_t account, struct team_member *out,
                            struct xerr *e)
{
	static const char sql[] = "SELECT " MEMBER_COLS "WHERE m.account_id = ?1 AND "
	                          "m.left_on IS NULL ORDER BY m.id DESC LIMIT 1";
	int rc = st_first(s, sql, DB_ARGS(DB_INT(account)), member_one, out, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, NULL,
		                "this account is no member of a community digital team");
	return rc < 0 ? rc : 0;
}

int store_team_get(struct store *s, int64_t id, struct team *out, struct xerr *e)
{
	static const char sql[] = "SELECT " TEAM_COLS " FROM team WHERE id = ?1";
	int rc = st_first(s, sql, DB_ARGS(DB_INT(id)), team_one, out, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "id", "no team %lld", (long long)id);
	return rc < 0 ? rc : 0;
}

struct team_of_args {
	const char *unit;
	int32_t day;
	struct team *out;
};

static int team_of_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	struct team_of_args *a = ctx;
	int rc = team_of_on(c, a->unit, a->day, a->out, "unit", e);
	if (rc == XERR_INVALID)
		e->code = XERR_NOTFOUND;
	return rc == XERR_INVALID ? XERR_NOTFOUND : rc;
}

int store_team_of(struct store *s, const char *unit, int32_t day, struct team *out, struct xerr *e)
{
	struct team_of_args a = {unit, day, out};
	return st_read(s, team_of_tx, &a, e);
}
