/* sqlite_people.c: households and residents in the SQLite back end. */
#include "store/sqlite_int.h"

#include <stdio.h>
#include <string.h>

int store_people_insert(struct store *s, struct household *hh, size_t nhh,
                        const struct resident *rs, size_t nrs, struct xerr *e)
{
	static const char sql_hh[] =
	    "INSERT INTO household(code, village, address) VALUES (?1, ?2, ?3)";
	static const char sql_r[] = "INSERT INTO resident(pid, full_name, birth_date, gender, "
	                            "household, village, commune, eid_level, ehealth, phone) "
	                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT parent FROM unit "
	                            "WHERE code = ?6), ?7, ?8, ?9)";
	struct conn *c = conn_get(s);
	int rc = tx_begin(s, c, e);
	if (rc)
		goto out;
	for (size_t i = 0; i < nhh && rc == 0; i++) {
		sqlite3_stmt *st = conn_stmt(c, sql_hh, e);
		if (!st) {
			rc = XERR_IO;
			break;
		}
		bind_text(st, 1, hh[i].code, false);
		bind_text(st, 2, hh[i].village, false);
		bind_text(st, 3, hh[i].address, false);
		rc = stmt_done(c, st, e);
		if (rc == 0)
			hh[i].id = sqlite3_last_insert_rowid(c->db);
	}
	for (size_t i = 0; i < nrs && rc == 0; i++) {
		const struct resident *p = &rs[i];
		if (p->household < 0 || (size_t)p->household >= nhh) {
			rc = xerr_set(e, XERR_INVALID, "household", "resident %zu has no household",
			              i);
			break;
		}
		sqlite3_stmt *st = conn_stmt(c, sql_r, e);
		if (!st) {
			rc = XERR_IO;
			break;
		}
		char g[2] = {p->gender, 0};
		bind_text(st, 1, p->pid, false);
		bind_text(st, 2, p->full_name, false);
		bind_text(st, 3, p->birth_date, false);
		bind_text(st, 4, g, false);
		sqlite3_bind_int64(st, 5, hh[p->household].id);
		bind_text(st, 6, hh[p->household].village, false);
		sqlite3_bind_int(st, 7, p->eid_level);
		sqlite3_bind_int(st, 8, p->ehealth);
		bind_text(st, 9, p->phone, true);
		rc = stmt_done(c, st, e);
	}
	if (rc == 0 && nhh > 0) {
		struct actor who;
		actor_system(&who, "cli");
		char detail[64];
		snprintf(detail, sizeof detail, "%zu households, %zu residents", nhh, nrs);
		rc = audit_append(c, &who, "people.insert", hh[0].village, detail, e);
	}
	int trc = tx_end(s, c, rc == 0, rc == 0 ? e : NULL);
	if (rc == 0)
		rc = trc;
out:
	conn_put(s, c);
	return rc;
}

int store_people_counts(struct store *s, const char *unit, struct people_counts *out,
                        struct xerr *e)
{
	/* The unit may be a province, a commune or a village. */
	static const char sql[] =
	    "SELECT count(*), count(DISTINCT household), "
	    "sum(eid_level > 0), sum(eid_level = 2), sum(ehealth) FROM resident "
	    "WHERE commune = ?1 OR village = ?1 "
	    "OR commune IN (SELECT code FROM unit WHERE parent = ?1 AND level = 2)";
	struct conn *c = conn_get(s);
	int rc = XERR_IO;
	sqlite3_stmt *st = conn_stmt(c, sql, e);
	if (st) {
		bind_text(st, 1, unit, false);
		int src = sqlite3_step(st);
		if (src == SQLITE_ROW) {
			out->residents = sqlite3_column_int64(st, 0);
			out->households = sqlite3_column_int64(st, 1);
			out->eid_activated = sqlite3_column_int64(st, 2);
			out->eid_level2 = sqlite3_column_int64(st, 3);
			out->ehealth = sqlite3_column_int64(st, 4);
			rc = 0;
		} else {
			rc = sql_err(c, src, e);
		}
		sqlite3_reset(st);
	}
	conn_put(s, c);
	return rc;
}

static const char sql_person[] =
    "SELECT r.pid, r.full_name, r.birth_date, r.gender, r.eid_level, r.ehealth, "
    "coalesce(r.phone, ''), h.code, r.village, r.commune, r.id "
    "FROM resident r JOIN household h ON h.id = r.household WHERE r.pid = ?";

/* Reads a resident's record and appends the audit entry `action` in the
 * same transaction. */
static int person_read(struct store *s, const struct actor *who, const char *pid,
                       const char *action, struct person *out, struct xerr *e)
{
	memset(out, 0, sizeof *out);
	struct conn *c = conn_get(s);
	int rc = tx_begin(s, c, e);
	if (rc) {
		conn_put(s, c);
		return rc;
	}
	sqlite3_stmt *st = conn_stmt(c, sql_person, e);
	int64_t id = 0;
	if (!st) {
		rc = e->code;
		goto out;
	}
	bind_text(st, 1, pid, false);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		char g[4];
		col_text(st, 0, out->r.pid, sizeof out->r.pid);
		col_text(st, 1, out->r.full_name, sizeof out->r.full_name);
		col_text(st, 2, out->r.birth_date, sizeof out->r.birth_date);
		col_text(st, 3, g, sizeof g);
		out->r.gender = g[0];
		out->r.eid_level = sqlite3_column_int(st, 4);
		out->r.ehealth = sqlite3_column_int(st, 5);
		col_text(st, 6, out->r.phone, sizeof out->r.phone);
		col_text(st, 7, out->household_code, sizeof out->household_code);
		col_text(st, 8, out->village, sizeof out->village);
		col_text(st, 9, out->commune, sizeof out->commune);
		id = sqlite3_column_int64(st, 10);
	} else if (step == SQLITE_DONE) {
		rc = xerr_set(e, XERR_NOTFOUND, "pid", "no resident with this ID number");
	} else {
		rc = sql_err(c, step, e);
	}
	sqlite3_reset(st);
	if (rc == 0) {
		/* The audit names the record by its internal id, never the ID number. */
		char obj[64];
		snprintf(obj, sizeof obj, "resident:%lld", (long long)id);
		rc = audit_append(c, who, action, obj, out->commune, e);
	}
out:;
	int rc2 = tx_end(s, c, rc == 0, e);
	conn_put(s, c);
	return rc ? rc : rc2;
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

static const char sql_person_unit[] = "SELECT village FROM resident WHERE pid = ?";

int store_person_unit(struct store *s, const char *pid, char village[16], struct xerr *e)
{
	struct conn *c = conn_get(s);
	sqlite3_stmt *st = conn_stmt(c, sql_person_unit, e);
	int rc = 0;
	if (!st) {
		conn_put(s, c);
		return e->code;
	}
	bind_text(st, 1, pid, false);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		col_text(st, 0, village, 16);
	else if (step == SQLITE_DONE)
		rc = xerr_set(e, XERR_NOTFOUND, "pid", "no resident with this ID number");
	else
		rc = sql_err(c, step, e);
	sqlite3_reset(st);
	conn_put(s, c);
	return rc;
}
