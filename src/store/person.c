/*
 * person.c: reading residents' records (store_people.h): one person by ID
 * number, or the residents of a village or commune on a day. Every read
 * appends its audit entry in the same transaction; the entry names the
 * unit and how many records were read, never a number or a name.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

#include "core/calendar.h"

#define PERSON_COLS                                                                                \
	"r.id, r.pid, r.full_name, r.birth_day, r.sex, h.code, r.village, r.eid_level, "           \
	"r.ehealth, "                                                                              \
	"r.valid_from, coalesce(r.valid_to, 0)"

struct person_read {
	struct store *s;
	struct person *p;
	int64_t id;
};

static void read_person(struct store *s, struct db_stmt *st, struct person *p, int64_t *id)
{
	memset(p, 0, sizeof *p);
	*id = db_int(st, 0);
	db_text_copy(st, 1, p->r.pid, sizeof p->r.pid);
	db_text_copy(st, 2, p->r.full_name, sizeof p->r.full_name);
	p->r.birth_day = (int32_t)db_int(st, 3);
	cal_format_date(p->r.birth_day, p->r.birth_date);
	p->r.sex = (int)db_int(st, 4);
	db_text_copy(st, 5, p->r.household, sizeof p->r.household);
	unit_key_code(db_int(st, 6), p->r.village);
	p->r.eid_level = (int)db_int(st, 7);
	p->r.ehealth = (int)db_int(st, 8);
	p->since = (int32_t)db_int(st, 9);
	p->left = (int32_t)db_int(st, 10);
	struct unit u;
	if (store_unit_get(s, p->r.village, &u, NULL) == 0)
		snprintf(p->commune, sizeof p->commune, "%s", u.parent);
}

static int person_row(struct db_stmt *st, void *ctx)
{
	struct person_read *x = ctx;
	read_person(x->s, st, x->p, &x->id);
	return 0;
}

struct person_ctx {
	struct store *s;
	const struct actor *who;
	const char *pid;
	const char *action; /* the audit entry: "person.read" or "person.check" */
	struct person *out;
};

static int person_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql[] = "SELECT " PERSON_COLS " FROM resident r "
	                          "JOIN household h ON h.id = r.household WHERE r.pid = ?1";
	struct person_ctx *x = ctx;
	struct person_read pr = {x->s, x->out, 0};
	int rc = db_query_first(c, sql, DB_ARGS(DB_TEXT(x->pid)), person_row, &pr, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "pid", "no resident with this ID number");
	/* The audit names the record by its internal id, never the ID number. */
	char obj[64];
	snprintf(obj, sizeof obj, "resident:%lld", (long long)pr.id);
	return st_audit_append(c, x->who, x->action, obj, x->out->commune, e);
}

/* Reads a resident's record and appends the audit entry `action` in the
 * same transaction. */
static int person_read(struct store *s, const struct actor *who, const char *pid,
                       const char *action, struct person *out, struct xerr *e)
{
	memset(out, 0, sizeof *out);
	struct person_ctx x = {s, who, pid, action, out};
	return st_write(s, person_tx, &x, e);
}

int store_person_get(struct store *s, const struct actor *who, const char *pid, struct person *out,
                     struct xerr *e)
{
	return person_read(s, who, pid, "person.read", out, e);
}

int store_person_check(struct store *s, const struct actor *who, const char *pid,
                       struct person *out, struct xerr *e)
{
	return person_read(s, who, pid, "person.check", out, e);
}

static int village_row(struct db_stmt *st, void *village)
{
	unit_key_code(db_int(st, 0), village);
	return 0;
}

int store_person_unit(struct store *s, const char *pid, char village[16], struct xerr *e)
{
	static const char sql[] = "SELECT village FROM resident WHERE pid = ?1";
	int rc = st_first(s, sql, DB_ARGS(DB_TEXT(pid)), village_row, village, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "pid", "no resident with this ID number");
	return rc < 0 ? rc : 0;
}

/* ---- lists ---- */

struct list_ctx {
	struct store *s;
	struct db_conn *c;
	int32_t as_of;
	int64_t after;
	int limit;
	person_cb cb;
	void *ctx;
	long read;
	int64_t last;
	struct xerr *e;
};

static int list_row(struct db_stmt *st, void *ctx)
{
	struct list_ctx *x = ctx;
	struct person p;
	read_person(x->s, st, &p, &x->last);
	x->read++;
	return x->cb(&p, x->ctx);
}

/* One village's residents on the day, each in the state they had then
 * (from the history when it changed since). */
static int list_village(const struct unit *v, void *ctx)
{
	static const char sql[] =
	    "SELECT " PERSON_COLS " FROM resident r JOIN household h ON h.id = r.household "
	    "WHERE r.village = ?1 AND r.valid_from <= ?2 AND (r.valid_to IS NULL OR "
	    "r.valid_to > ?2) AND r.id > ?4 UNION ALL SELECT r.id, r.pid, r.full_name, "
	    "r.birth_day, r.sex, h.code, x.village, x.eid_level, x.ehealth, x.valid_from, "
	    "x.valid_to FROM resident_history x JOIN resident r ON r.id = x.resident "
	    "JOIN household h ON h.id = x.household WHERE x.village = ?1 AND x.valid_from <= ?2 "
	    "AND x.valid_to > ?2 AND r.id > ?4 ORDER BY 1 LIMIT ?3";
	struct list_ctx *x = ctx;
	int64_t room = x->limit ? x->limit - x->read : INT64_C(1000000000000);
	if (room == 0)
		return 0;
	return db_query_each(
	    x->c, sql,
	    DB_ARGS(DB_INT(unit_key(v->code)), DB_INT(x->as_of), DB_INT(room), DB_INT(x->after)),
	    list_row, x, x->e);
}

struct list_args {
	struct list_ctx *l;
	const struct actor *who;
	const char *unit;
	bool export;
};

static int list_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	struct list_args *a = ctx;
	struct list_ctx *x = a->l;
	x->c = c;
	x->e = e;
	struct unit u;
	int rc = store_unit_get(x->s, a->unit, &u, e);
	if (rc == 0 && u.level == UNIT_VILLAGE)
		rc = list_village(&u, x);
	else if (rc == 0 && u.level == UNIT_COMMUNE)
		rc = store_unit_children(x->s, u.code, list_village, x, e);
	else if (rc == 0)
		rc = xerr_set(e, XERR_INVALID, "unit",
		              "lists of residents are by village or commune");
	if (rc)
		return rc;
	char day[11], detail[96];
	cal_format_date(x->as_of, day);
	snprintf(detail, sizeof detail, "%ld residents as of %s", x->read, day);
	return st_audit_append(c, a->who, a->export ? "person.export" : "person.list", a->unit,
	                       detail, e);
}

int store_person_list(struct store *s, const struct actor *who, const char *unit, int32_t as_of,
                      int64_t after, int limit, bool export, person_cb cb, void *ctx, int64_t *last,
                      struct xerr *e)
{
	struct list_ctx l = {s, NULL, as_of, after, limit, cb, ctx, 0, after, NULL};
	struct list_args a = {&l, who, unit, export};
	int rc = st_write(s, list_tx, &a, e);
	if (last)
		*last = l.last;
	return rc;
}
