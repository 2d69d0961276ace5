/* people.c: households and residents of the population view. */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

struct insert_ctx {
	struct household *hh;
	size_t nhh;
	const struct resident *rs;
	size_t nrs;
};

static int insert_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql_hh[] =
	    "INSERT INTO household(code, village, address) VALUES (?1, ?2, ?3) RETURNING id";
	static const char sql_r[] = "INSERT INTO resident(pid, full_name, birth_date, gender, "
	                            "household, village, commune, eid_level, ehealth, phone) "
	                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT parent FROM unit "
	                            "WHERE code = ?6), ?7, ?8, ?9)";
	struct insert_ctx *x = ctx;
	int rc = 0;
	for (size_t i = 0; i < x->nhh && rc == 0; i++) {
		struct household *h = &x->hh[i];
		rc = db_query_int(
		    c, sql_hh, DB_ARGS(DB_TEXT(h->code), DB_TEXT(h->village), DB_TEXT(h->address)),
		    &h->id, e);
		rc = rc < 0 ? rc : 0;
	}
	for (size_t i = 0; i < x->nrs && rc == 0; i++) {
		const struct resident *p = &x->rs[i];
		if (p->household < 0 || (size_t)p->household >= x->nhh)
			return xerr_set(e, XERR_INVALID, "household",
			                "resident %zu has no household", i);
		const struct household *h = &x->hh[p->household];
		char g[2] = {p->gender, 0};
		rc = db_run(c, sql_r,
		            DB_ARGS(DB_TEXT(p->pid), DB_TEXT(p->full_name), DB_TEXT(p->birth_date),
		                    DB_TEXT(g), DB_INT(h->id), DB_TEXT(h->village),
		                    DB_INT(p->eid_level), DB_INT(p->ehealth), DB_TEXTN(p->phone)),
		            e);
	}
	if (rc == 0 && x->nhh > 0) {
		struct actor who;
		actor_system(&who, "cli");
		char detail[64];
		snprintf(detail, sizeof detail, "%zu households, %zu residents", x->nhh, x->nrs);
		rc = st_audit_append(c, &who, "people.insert", x->hh[0].village, detail, e);
	}
	return rc;
}

int store_people_insert(struct store *s, struct household *hh, size_t nhh,
                        const struct resident *rs, size_t nrs, struct xerr *e)
{
	struct insert_ctx x = {hh, nhh, rs, nrs};
	return st_write(s, insert_tx, &x, e);
}

static int counts_row(struct db_stmt *st, void *ctx)
{
	struct people_counts *out = ctx;
	out->residents = (long)db_int(st, 0);
	out->households = (long)db_int(st, 1);
	out->eid_activated = (long)db_int(st, 2);
	out->eid_level2 = (long)db_int(st, 3);
	out->ehealth = (long)db_int(st, 4);
	return 0;
}

int store_people_counts(struct store *s, const char *unit, struct people_counts *out,
                        struct xerr *e)
{
	/* The unit may be a province, a commune or a village. */
	static const char sql[] =
	    "SELECT count(*), count(DISTINCT household), count(*) FILTER (WHERE eid_level > 0), "
	    "count(*) FILTER (WHERE eid_level = 2), count(*) FILTER (WHERE ehealth = 1) "
	    "FROM resident WHERE commune = ?1 OR village = ?1 "
	    "OR commune IN (SELECT code FROM unit WHERE parent = ?1 AND level = 2)";
	memset(out, 0, sizeof *out);
	/* Figures: from the replica when there is one (store_set_read_db). */
	int rc = st_first_stale(s, sql, DB_ARGS(DB_TEXT(unit)), counts_row, out, e);
	return rc < 0 ? rc : 0;
}

struct person_read {
	struct person *out;
	int64_t id;
};

static int person_row(struct db_stmt *st, void *ctx)
{
	struct person_read *x = ctx;
	struct person *out = x->out;
	db_text_copy(st, 0, out->r.pid, sizeof out->r.pid);
	db_text_copy(st, 1, out->r.full_name, sizeof out->r.full_name);
	db_text_copy(st, 2, out->r.birth_date, sizeof out->r.birth_date);
	out->r.gender = db_text(st, 3)[0];
	out->r.eid_level = (int)db_int(st, 4);
	out->r.ehealth = (int)db_int(st, 5);
	db_text_copy(st, 6, out->r.phone, sizeof out->r.phone);
	db_text_copy(st, 7, out->household_code, sizeof out->household_code);
	db_text_copy(st, 8, out->village, sizeof out->village);
	db_text_copy(st, 9, out->commune, sizeof out->commune);
	x->id = db_int(st, 10);
	return 0;
}

struct person_ctx {
	const struct actor *who;
	const char *pid;
	const char *action; /* the audit entry: "person.read" or "person.check" */
	struct person *out;
};

static int person_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "SELECT r.pid, r.full_name, r.birth_date, r.gender, r.eid_level, r.ehealth, "
	    "coalesce(r.phone, ''), h.code, r.village, r.commune, r.id "
	    "FROM resident r JOIN household h ON h.id = r.household WHERE r.pid = ?1";
	struct person_ctx *x = ctx;
	struct person_read pr = {x->out, 0};
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

static int person_read(struct store *s, const struct actor *who, const char *pid,
                       const char *action, struct person *out, struct xerr *e)
{
	memset(out, 0, sizeof *out);
	struct person_ctx x = {who, pid, action, out};
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
	db_text_copy(st, 0, village, 16);
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
