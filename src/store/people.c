/*
 * people.c: loading population extracts with the history of every change
 * (store_people.h), and moving the rows of schema version 1.
 *
 * An import holds one connection and its write transaction from begin to
 * end; rows go in one at a time, so memory does not grow with the file:
 * what it keeps is a bitmap of the residents already stored that the
 * extract mentions (one bit per stored resident, for the departures at the
 * end), the communes it covers, and the last household and village it
 * looked up (extracts list a household's members together).
 *
 * A first extract into an empty table skips the look-up of each ID
 * number (every row is new), and loads the rows without the indexes on ID
 * numbers and villages, which it builds once at the end: a sorted build
 * costs far less than millions of inserts at random places. A number given
 * twice then fails the unique index's build, and the rows that hold it are
 * reported. Such a load also turns the connection's foreign-key checks
 * off (SQLite) until its end: every household it references is one it has
 * just added or looked up in the same transaction, and the check cost a
 * look-up in the household table per row (a tenth of the import's
 * instructions).
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "core/lunar.h"

enum { COVERED_MAX = 512 };

struct people_import {
	struct store *s;
	struct db_conn *c;
	struct actor who;
	char source[128];
	bool partial, fresh, failed;
	bool unchecked; /* foreign keys not checked on c until the end */
	struct people_import_stats st;
	int64_t max_id; /* the largest resident id before the import */
	uint8_t *seen;  /* a bit per resident id <= max_id mentioned */
	/* The import is the only writer: it numbers new rows itself, so that
	 * an insert needs no RETURNING. */
	int64_t next_resident, next_household;
	char village[UNIT_CODE_MAX], commune[UNIT_CODE_MAX];
	int64_t village_key;
	char household[PEOPLE_HOUSEHOLD_MAX];
	int64_t household_id;
	char covered[COVERED_MAX][UNIT_CODE_MAX]; /* communes the extract lists */
	int ncovered;
};

/* What is stored of a resident, as the import compares it. */
struct stored {
	int64_t id, household, village;
	int eid_level, ehealth, sex;
	int32_t valid_from, valid_to, birth_day;
	char full_name[PEOPLE_NAME_MAX];
};

static int stored_row(struct db_stmt *st, void *ctx)
{
	struct stored *x = ctx;
	x->id = db_int(st, 0);
	x->household = db_int(st, 1);
	x->village = db_int(st, 2);
	x->eid_level = (int)db_int(st, 3);
	x->ehealth = (int)db_int(st, 4);
	x->valid_from = (int32_t)db_int(st, 5);
	x->valid_to = db_null(st, 6) ? 0 : (int32_t)db_int(st, 6);
	db_text_copy(st, 7, x->full_name, sizeof x->full_name);
	x->birth_day = (int32_t)db_int(st, 8);
	x->sex = (int)db_int(st, 9);
	return 0;
}

/* The largest resident and household ids (0 when there are none). */
static int import_ids(struct people_import *im, struct xerr *e)
{
	static const char sql_max[] = "SELECT coalesce(max(id), 0) FROM resident";
	static const char sql_hh[] = "SELECT coalesce(max(id), 0) FROM household";
	if (db_query_int(im->c, sql_max, DB_NOARGS, &im->max_id, e) < 0 ||
	    db_query_int(im->c, sql_hh, DB_NOARGS, &im->next_household, e) < 0)
		return XERR_IO;
	return 0;
}

/* Begins the write transaction. Tables found empty before it (the checks
 * change only between transactions) are loaded without foreign-key checks
 * when the back end allows it: such a load references only the households
 * it has just added itself. Rows added by another import between the
 * question and the transaction turn the checks back on, and it begins
 * again. */
static int import_open(struct people_import *im, struct xerr *e)
{
	for (int attempt = 0;; attempt++) {
		int rc = 0;
		if (attempt == 0 && im->c->m->foreign_keys && (rc = import_ids(im, e)) == 0 &&
		    im->max_id == 0 && im->next_household == 0 &&
		    (rc = db_foreign_keys(im->c, false, e)) == 0)
			im->unchecked = true;
		if (rc || (rc = db_begin(im->c, DB_WRITE, e)) != 0)
			return rc;
		rc = import_ids(im, e);
		if (rc == 0 && im->unchecked && (im->max_id || im->next_household)) {
			db_end(im->c, false, NULL);
			im->unchecked = false;
			if ((rc = db_foreign_keys(im->c, true, e)) != 0)
				return rc;
			continue;
		}
		if (rc)
			db_end(im->c, false, NULL);
		return rc;
	}
}

/* Gives the connection back (with its checks on) and frees im. */
static void import_free(struct people_import *im)
{
	struct xerr ignored = {0};
	if (im->unchecked)
		db_foreign_keys(im->c, true, &ignored);
	st_put(im->s, im->c);
	free(im->seen);
	free(im);
}

int store_people_import_begin(struct store *s, const struct actor *who, const char *source,
                              bool partial, struct people_import **out, struct xerr *e)
{
	*out = NULL;
	struct people_import *im = calloc(1, sizeof *im);
	if (!im)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	im->s = s;
	im->who = *who;
	snprintf(im->source, sizeof im->source, "%s", source ? source : "");
	im->partial = partial;
	im->c = st_get(s);
	int rc = import_open(im, e);
	if (rc) {
		import_free(im);
		return rc;
	}
	if (!(im->seen = calloc((size_t)(im->max_id / 8 + 1), 1)))
		rc = xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	im->fresh = im->max_id == 0 && im->next_household == 0;
	if (rc == 0 && im->fresh)
		rc = db_exec(im->c, "DROP INDEX resident_pid; DROP INDEX resident_village;", e);
	if (rc) {
		db_end(im->c, false, NULL);
		import_free(im);
		return rc;
	}
	im->next_resident = im->max_id + 1;
	im->next_household++;
	*out = im;
	return 0;
}

/* The commune's latest extract must not be later than this one. */
static int import_cover(struct people_import *im, const char *commune, int32_t day, struct xerr *e)
{
	static const char sql[] = "SELECT day FROM population_cover WHERE commune = ?1";
	int64_t last = 0;
	int rc = db_query_int(im->c, sql, DB_ARGS(DB_TEXT(commune)), &last, e);
	if (rc < 0)
		return rc;
	if (last > day) {
		char d[11];
		cal_format_date((int32_t)last, d);
		return xerr_set(e, XERR_INVALID, "extract_date",
		                "commune %s has a later extract loaded (%s): history is written "
		                "forward only",
		                commune, d);
	}
	return 0;
}

/* The village's key and commune, from the unit cache; the last one is
 * remembered. */
static int import_village(struct people_import *im, const char *code, int32_t day, struct xerr *e)
{
	if (!strcmp(code, im->village))
		return 0;
	struct unit u;
	if (store_unit_get(im->s, code, &u, NULL) != 0 || u.level != UNIT_VILLAGE || u.valid_to[0])
		return xerr_set(e, XERR_INVALID, "village",
		                "%s is not a village or residential group in force (import the "
		                "villages first: xaso import villages FILE)",
		                code);
	for (int i = 0; i < im->ncovered; i++)
		if (!strcmp(im->covered[i], u.parent))
			goto known;
	if (im->ncovered == COVERED_MAX)
		return xerr_set(e, XERR_LIMIT, "village",
		                "an extract covers at most %d communes: split it", COVERED_MAX);
	int rc = import_cover(im, u.parent, day, e);
	if (rc)
		return rc;
	snprintf(im->covered[im->ncovered++], UNIT_CODE_MAX, "%s", u.parent);
known:
	snprintf(im->village, sizeof im->village, "%s", code);
	snprintf(im->commune, sizeof im->commune, "%s", u.parent);
	im->village_key = unit_key(code);
	return 0;
}

/* The household's id, adding it the first time its number is seen. A
 * fresh extract adds without looking first: its households are new unless
 * a household's members are not listed together. */
static int import_household(struct people_import *im, const char *code, struct xerr *e)
{
	static const char sql_get[] = "SELECT id FROM household WHERE code = ?1";
	static const char sql_add[] = "INSERT INTO household(id, code) VALUES (?1, ?2)";
	if (!strcmp(code, im->household))
		return 0;
	int rc = 0;
	if (!im->fresh)
		rc = db_query_int(im->c, sql_get, DB_ARGS(DB_TEXT(code)), &im->household_id, e);
	if (rc == 0) {
		rc = db_run(im->c, sql_add, DB_ARGS(DB_INT(im->next_household), DB_TEXTREF(code)),
		            e);
		if (rc == 0)
			im->household_id = im->next_household++;
		else if (rc == XERR_CONFLICT)
			rc = db_query_int(im->c, sql_get, DB_ARGS(DB_TEXT(code)), &im->household_id,
			                  e);
	}
	if (rc < 0)
		return rc;
	snprintf(im->household, sizeof im->household, "%s", code);
	return 0;
}

static int import_new(struct people_import *im, const struct resident *r, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO resident(id, pid, full_name, birth_day, sex, household, village, "
	    "eid_level, ehealth, valid_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	int rc = db_run(im->c, sql,
	                DB_ARGS(DB_INT(im->next_resident), DB_TEXTREF(r->pid),
	                        DB_TEXTREF(r->full_name), DB_INT(r->birth_day), DB_INT(r->sex),
	                        DB_INT(im->household_id), DB_INT(im->village_key),
	                        DB_INT(r->eid_level), DB_INT(r->ehealth), DB_INT(r->extract_day)),
	                e);
	if (rc == XERR_CONFLICT)
		return xerr_set(e, XERR_INVALID, "pid", "this ID number is twice in the extract");
	if (rc == 0) {
		im->next_resident++;
		im->st.added++;
	}
	return rc;
}

/* A resident already stored: the earlier state goes to the history when
 * the state changed on a later day or the resident comes back; names,
 * birth days and sexes are corrected in place. */
static int import_known(struct people_import *im, const struct resident *r,
                        const struct stored *was, struct xerr *e)
{
	static const char sql_hist[] =
	    "INSERT INTO resident_history(resident, valid_from, valid_to, household, village, "
	    "eid_level, ehealth) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	static const char sql_set[] =
	    "UPDATE resident SET full_name = ?2, birth_day = ?3, sex = ?4, household = ?5, "
	    "village = ?6, eid_level = ?7, ehealth = ?8, valid_from = ?9, valid_to = NULL "
	    "WHERE id = ?1";
	int32_t day = r->extract_day;
	if (was->valid_from > day || (was->valid_to && was->valid_to > day)) {
		char d[11];
		cal_format_date(was->valid_to > was->valid_from ? was->valid_to : was->valid_from,
		                d);
		return xerr_set(e, XERR_INVALID, "extract_date",
		                "this resident was loaded from a later extract (%s)", d);
	}
	if (was->id <= im->max_id)
		im->seen[was->id / 8] |= (uint8_t)(1u << (was->id % 8));
	bool changed = was->household != im->household_id || was->village != im->village_key ||
	               was->eid_level != r->eid_level || was->ehealth != r->ehealth ||
	               was->valid_to != 0;
	int32_t from = was->valid_from;
	if (!changed && was->birth_day == r->birth_day && was->sex == r->sex &&
	    !strcmp(was->full_name, r->full_name)) {
		im->st.unchanged++;
		return 0;
	}
	int rc = 0;
	if (changed && was->valid_from < day) {
		rc = db_run(im->c, sql_hist,
		            DB_ARGS(DB_INT(was->id), DB_INT(was->valid_from),
		                    DB_INT(was->valid_to ? was->valid_to : day),
		                    DB_INT(was->household), DB_INT(was->village),
		                    DB_INT(was->eid_level), DB_INT(was->ehealth)),
		            e);
		from = day;
	}
	if (rc == 0)
		rc = db_run(im->c, sql_set,
		            DB_ARGS(DB_INT(was->id), DB_TEXT(r->full_name), DB_INT(r->birth_day),
		                    DB_INT(r->sex), DB_INT(im->household_id),
		                    DB_INT(im->village_key), DB_INT(r->eid_level),
		                    DB_INT(r->ehealth), DB_INT(from)),
		            e);
	if (rc == 0) {
		if (changed)
			im->st.changed++;
		else
			im->st.unchanged++;
	}
	return rc;
}

int store_people_import_row(struct people_import *im, const struct resident *r, struct xerr *e)
{
	static const char sql_find[] =
	    "SELECT id, household, village, eid_level, ehealth, valid_from, valid_to, full_name, "
	    "birth_day, sex FROM resident WHERE pid = ?1";
	if (im->st.rows == 0)
		im->st.day = r->extract_day;
	else if (r->extract_day != im->st.day) {
		char d[11];
		cal_format_date(im->st.day, d);
		im->failed = true;
		return xerr_set(e, XERR_INVALID, "extract_date",
		                "one extract has one day: the first row says %s", d);
	}
	im->st.rows++;
	int rc = import_village(im, r->village, r->extract_day, e);
	if (rc == 0 && im->failed)
		return 0; /* checked only: nothing is written after a refused row */
	if (rc == 0)
		rc = import_household(im, r->household, e);
	struct stored was = {0};
	int found = 0;
	if (rc == 0 && !im->fresh) {
		found =
		    db_query_first(im->c, sql_find, DB_ARGS(DB_TEXT(r->pid)), stored_row, &was, e);
		rc = found < 0 ? found : 0;
	}
	if (rc == 0)
		rc = found ? import_known(im, r, &was, e) : import_new(im, r, e);
	if (rc)
		im->failed = true;
	return rc;
}

/* Residents of one village living there before the extract's day whom the
 * extract does not mention depart on its day. */
struct depart_ctx {
	struct people_import *im;
	int64_t *ids;
	size_t n, cap;
	struct xerr *e;
};

static int depart_row(struct db_stmt *st, void *ctx)
{
	struct depart_ctx *x = ctx;
	int64_t id = db_int(st, 0);
	if (id <= x->im->max_id && (x->im->seen[id / 8] & (1u << (id % 8))))
		return 0;
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 256;
		int64_t *p = realloc(x->ids, cap * sizeof *p);
		if (!p)
			return XERR_NOMEM;
		x->ids = p;
		x->cap = cap;
	}
	x->ids[x->n++] = id;
	return 0;
}

static int depart_village(const struct unit *v, void *ctx)
{
	static const char sql_list[] = "SELECT id FROM resident WHERE village = ?1 "
	                               "AND valid_to IS NULL AND valid_from < ?2";
	static const char sql_end[] = "UPDATE resident SET valid_to = ?2 WHERE id = ?1";
	struct depart_ctx *x = ctx;
	struct xerr *e = x->e;
	x->n = 0;
	int rc = db_query_each(x->im->c, sql_list,
	                       DB_ARGS(DB_INT(unit_key(v->code)), DB_INT(x->im->st.day)),
	                       depart_row, x, e);
	for (size_t i = 0; rc == 0 && i < x->n; i++)
		rc =
		    db_run(x->im->c, sql_end, DB_ARGS(DB_INT(x->ids[i]), DB_INT(x->im->st.day)), e);
	if (rc == 0)
		x->im->st.departed += (long)x->n;
	return rc;
}

/* The indexes a fresh extract loaded without; a number given twice is
 * reported with the rows (in the file's order) that hold it. */
static int import_indexes(struct people_import *im, struct xerr *e)
{
	static const char sql_twice[] =
	    "SELECT min(id), max(id) FROM resident GROUP BY pid HAVING count(*) > 1 "
	    "ORDER BY max(id) LIMIT 1";
	struct xerr ignored = {0};
	int rc = db_exec(im->c, "CREATE UNIQUE INDEX resident_pid ON resident(pid);", &ignored);
	if (rc) {
		struct db_stmt *st = db_query(im->c, sql_twice, DB_NOARGS, e);
		if (st && db_step(st, e) == DB_ROW) {
			im->st.twice[0] = db_int(st, 0) - im->max_id;
			im->st.twice[1] = db_int(st, 1) - im->max_id;
		}
		if (st)
			db_reset(st);
		return xerr_set(e, XERR_INVALID, "pid",
		                "row %ld has the ID number of row %ld: a number appears once",
		                im->st.twice[1], im->st.twice[0]);
	}
	return db_exec(im->c, "CREATE INDEX resident_village ON resident(village);", e);
}

static int import_finish(struct people_import *im, struct xerr *e)
{
	static const char sql_rev[] = "UPDATE people_rev SET rev = rev + 1";
	static const char sql_cover[] =
	    "INSERT INTO population_cover(commune, day) VALUES (?1, ?2) "
	    "ON CONFLICT (commune) DO UPDATE SET day = excluded.day";
	static const char sql_extract[] =
	    "INSERT INTO population_extract(day, source, rows, added, changed, departed, partial, "
	    "imported_at, account_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id";
	int rc = im->fresh ? import_indexes(im, e) : 0;
	struct depart_ctx d = {im, NULL, 0, 0, e};
	/* Into an empty table nobody departs: no village is read again. */
	for (int i = 0; rc == 0 && !im->partial && !im->fresh && i < im->ncovered; i++)
		rc = store_unit_children(im->s, im->covered[i], depart_village, &d, e);
	free(d.ids);
	if (rc == XERR_NOMEM)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	for (int i = 0; rc == 0 && i < im->ncovered; i++)
		rc = db_run(im->c, sql_cover, DB_ARGS(DB_TEXT(im->covered[i]), DB_INT(im->st.day)),
		            e);
	if (rc == 0)
		rc = db_run(im->c, sql_rev, DB_NOARGS, e);
	if (rc == 0 &&
	    db_query_int(im->c, sql_extract,
	                 DB_ARGS(DB_INT(im->st.day), DB_TEXT(im->source), DB_INT(im->st.rows),
	                         DB_INT(im->st.added), DB_INT(im->st.changed),
	                         DB_INT(im->st.departed), DB_INT(im->partial),
	                         DB_INT((int64_t)time(NULL)), DB_INT(im->who.account_id)),
	                 &im->st.extract, e) < 0)
		rc = XERR_IO;
	if (rc == 0) {
		char day[11], obj[32], detail[160];
		cal_format_date(im->st.day, day);
		snprintf(obj, sizeof obj, "extract:%lld", (long long)im->st.extract);
		snprintf(detail, sizeof detail,
		         "%s%s: %ld rows, %ld added, %ld changed, %ld departed", day,
		         im->partial ? " (partial)" : "", im->st.rows, im->st.added, im->st.changed,
		         im->st.departed);
		rc = st_audit_append(im->c, &im->who, "people.import", obj, detail, e);
	}
	return rc;
}

void store_people_import_refuse(struct people_import *im)
{
	im->failed = true;
}

int store_people_import_end(struct people_import *im, bool ok, struct people_import_stats *st,
                            struct xerr *e)
{
	int rc = 0;
	ok = ok && !im->failed && im->st.rows > 0;
	if (ok)
		rc = import_finish(im, e);
	int rc2 = db_end(im->c, ok && rc == 0, e);
	if (rc == 0)
		rc = rc2;
	if (st)
		*st = im->st;
	import_free(im);
	return rc;
}

struct extracts_ctx {
	people_extract_cb cb;
	void *ctx;
};

static int extract_row(struct db_stmt *st, void *ctx)
{
	struct extracts_ctx *x = ctx;
	struct people_import_stats s = {db_int(st, 0),
	                                (int32_t)db_int(st, 1),
	                                (long)db_int(st, 3),
	                                (long)db_int(st, 4),
	                                (long)db_int(st, 5),
	                                (long)db_int(st, 6),
	                                0};
	s.unchanged = s.rows - s.added - s.changed;
	return x->cb(&s, db_text(st, 2), x->ctx);
}

int store_people_extracts(struct store *s, int limit, people_extract_cb cb, void *ctx,
                          struct xerr *e)
{
	static const char sql[] = "SELECT id, day, source, rows, added, changed, departed "
	                          "FROM population_extract ORDER BY day DESC, id DESC LIMIT ?1";
	struct extracts_ctx x = {cb, ctx};
	return st_each(s, sql, DB_ARGS(DB_INT(limit)), extract_row, &x, e);
}

/* ---- schema version 10: the rows of version 1 ---- */

struct move_row {
	int64_t id, household;
	char pid[13], name[PEOPLE_NAME_MAX], birth[11], sex[2], village[UNIT_CODE_MAX];
	int eid, ehealth;
};

struct move_batch {
	int n;
	struct move_row row[512];
};

static int move_read(struct db_stmt *st, void *ctx)
{
	struct move_batch *b = ctx;
	struct move_row *w = &b->row[b->n++];
	w->id = db_int(st, 0);
	db_text_copy(st, 1, w->pid, sizeof w->pid);
	db_text_copy(st, 2, w->name, sizeof w->name);
	db_text_copy(st, 3, w->birth, sizeof w->birth);
	db_text_copy(st, 4, w->sex, sizeof w->sex);
	w->household = db_int(st, 5);
	db_text_copy(st, 6, w->village, sizeof w->village);
	w->eid = (int)db_int(st, 7);
	w->ehealth = (int)db_int(st, 8);
	return 0;
}

static int move_one(struct db_conn *c, const struct move_row *w, int32_t today, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO resident(id, pid, full_name, birth_day, sex, household, village, "
	    "eid_level, ehealth, valid_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	int32_t birth;
	if (cal_parse_date(w->birth, "birth_date", &birth, e) != 0)
		return e ? e->code : XERR_INVALID;
	return db_run(c, sql,
	              DB_ARGS(DB_INT(w->id), DB_TEXT(w->pid), DB_TEXT(w->name), DB_INT(birth),
	                      DB_INT(w->sex[0] == 'F' ? PEOPLE_FEMALE : PEOPLE_MALE),
	                      DB_INT(w->household), DB_INT(unit_key(w->village)), DB_INT(w->eid),
	                      DB_INT(w->ehealth), DB_INT(birth > today ? birth : today)),
	              e);
}

int st_people_move_v1(struct db_conn *c, struct xerr *e)
{
	static const char sql_hh[] = "INSERT INTO household(id, code) "
	                             "SELECT id, code FROM household_v1";
	static const char sql_read[] =
	    "SELECT id, pid, full_name, birth_date, gender, household, village, eid_level, ehealth "
	    "FROM resident_v1 WHERE id > ?1 ORDER BY id LIMIT 512";
	/* Their state is known since the upgrade: earlier days have no data. */
	int32_t today = cal_time_day(st_now_local());
	int rc = db_run(c, sql_hh, DB_NOARGS, e);
	struct move_batch *b = malloc(sizeof *b);
	if (!b)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	int64_t last = 0;
	do {
		b->n = 0;
		if (rc == 0)
			rc = db_query_each(c, sql_read, DB_ARGS(DB_INT(last)), move_read, b, e);
		for (int i = 0; rc == 0 && i < b->n; i++) {
			rc = move_one(c, &b->row[i], today, e);
			last = b->row[i].id;
		}
	} while (rc == 0 && b->n == 512);
	free(b);
	if (rc == 0)
		rc = db_exec(c, "DROP TABLE resident_v1; DROP TABLE household_v1;", e);
	return rc;
}
