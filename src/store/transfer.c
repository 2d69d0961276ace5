/*
 * transfer.c: moving a unit's data between two stores (store_transfer.h
 * says what moves; transfer_tables.c lists the tables).
 *
 * How: the source is read in one snapshot (a read transaction), the
 * target written in one write transaction. Each table's rows are read
 * from the source (tables with ids in pages of ids, so that a province's
 * dossiers never sit in memory at once) and written into the target in
 * the same loop, with their references translated through id maps (source
 * id -> target id), one per kind of record. Shared rows the target
 * already has are kept (and their ids mapped). The audit entries are
 * appended to the target's chain last, between migrate.begin and
 * migrate.end. Then, still inside the target's transaction, each compared
 * table is read again on both sides with natural keys and summed (SHA-256
 * of its rows, each value length-prefixed): a copy that differs is rolled
 * back. After the commit the target's chain is verified from its first
 * entry.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/store_transfer.h"
#include "store/transfer_int.h"

enum { PAGE = 2000, COLS_MAX = 48 };

/* ---- id maps: open addressing, grown at half full ---- */

struct idmap {
	int64_t *key, *val; /* key 0: empty (ids start at 1) */
	size_t cap, n;
};

static size_t slot_of(int64_t k, size_t cap)
{
	uint64_t h = (uint64_t)k * UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(h >> 17) & (cap - 1);
}

static int idmap_put(struct idmap *m, int64_t k, int64_t v)
{
	if (2 * (m->n + 1) > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024;
		int64_t *key = calloc(cap, sizeof *key), *val = calloc(cap, sizeof *val);
		if (!key || !val) {
			free(key);
			free(val);
			return XERR_NOMEM;
		}
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->key[i])
				continue;
			size_t h = slot_of(m->key[i], cap);
			while (key[h])
				h = (h + 1) & (cap - 1);
			key[h] = m->key[i];
			val[h] = m->val[i];
		}
		free(m->key);
		free(m->val);
		m->key = key;
		m->val = val;
		m->cap = cap;
	}
	size_t h = slot_of(k, m->cap);
	while (m->key[h] && m->key[h] != k)
		h = (h + 1) & (m->cap - 1);
	if (!m->key[h])
		m->n++;
	m->key[h] = k;
	m->val[h] = v;
	return 0;
}

static bool idmap_get(const struct idmap *m, int64_t k, int64_t *v)
{
	if (!m->cap || k == 0)
		return false;
	for (size_t h = slot_of(k, m->cap); m->key[h]; h = (h + 1) & (m->cap - 1))
		if (m->key[h] == k) {
			*v = m->val[h];
			return true;
		}
	return false;
}

/* ---- one move ---- */

struct xfer {
	struct store *from, *to;
	struct db_conn *src, *dst;
	char unit[16];
	bool whole;
	struct idmap map[XM_COUNT];
	struct transfer_report *r;
};

struct copy_ctx {
	struct xfer *x;
	const struct xfer_table *t;
	struct transfer_table *rep;
	struct xerr *e;
	long rows;
	int64_t last_id;
};

static void read_value(struct db_stmt *s, int col, char kind, struct db_arg *a)
{
	if (db_null(s, col))
		*a = DB_NULL;
	else if (kind == 'i')
		*a = DB_INT(db_int(s, col));
	else if (kind == 'd')
		*a = DB_REAL(db_double(s, col));
	else
		*a = DB_TEXT(db_text(s, col));
}

/* Translates the row's references through the id maps. */
static int map_refs(struct xfer *x, const struct xfer_table *t, struct db_arg *a, struct xerr *e)
{
	for (const struct xfer_ref *f = t->refs; f < t->refs + XFER_REFS_MAX && f->map != XM_NONE;
	     f++) {
		struct db_arg *v = &a[f->col];
		int64_t to = 0;
		if (v->type != DB_A_INT || v->i == 0)
			continue; /* NULL, or 0: nobody (the system) */
		if (idmap_get(&x->map[f->map], v->i, &to)) {
			*v = DB_INT(to);
			continue;
		}
		switch (f->miss) {
		case XMISS_NULL: *v = DB_NULL; break;
		case XMISS_ZERO: *v = DB_INT(0); break;
		case XMISS_FIRST: *v = a[t->refs[0].col]; break;
		case XMISS_FAIL:
			return xerr_set(e, XERR_CONFLICT, t->name,
			                "%s: a row refers to a record that does not move", t->name);
		}
	}
	return 0;
}

static int copy_row(struct db_stmt *s, void *ctx)
{
	struct copy_ctx *cc = ctx;
	const struct xfer_table *t = cc->t;
	struct db_conn *dst = cc->x->dst;
	int off = t->paged || t->ids ? 1 : 0, n = (int)strlen(t->kinds), rc;
	struct db_arg a[COLS_MAX];
	int64_t old = off ? db_int(s, 0) : 0, id = 1;
	for (int k = 0; k < n; k++)
		read_value(s, k + off, t->kinds[k], &a[k]);
	cc->rows++;
	cc->last_id = old;
	if ((rc = map_refs(cc->x, t, a, cc->e)))
		return rc;
	if (t->find) {
		rc = db_query_int(dst, t->find, a, t->nkey, &id, cc->e);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			cc->rep->kept++;
			return t->ids ? idmap_put(&cc->x->map[t->ids], old, id) : 0;
		}
	}
	if (t->files && n >= 2 &&
	    (rc = st_blob_copy(cc->x->from, cc->x->to, a[0].s, a[1].i, cc->e)))
		return rc;
	rc = t->ids ? db_query_int(dst, t->insert, a, n, &id, cc->e)
	            : db_run(dst, t->insert, a, n, cc->e);
	if (rc < 0)
		return rc;
	cc->rep->copied++;
	return t->ids ? idmap_put(&cc->x->map[t->ids], old, id) : 0;
}

/* Says which table a failure was in (the statement's message after it). */
static int in_table(int rc, const char *table, struct xerr *e)
{
	if (rc == XERR_NOMEM)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	if (rc && e && strncmp(e->msg, table, strlen(table)) != 0) {
		char msg[sizeof e->msg];
		memcpy(msg, e->msg, sizeof msg);
		xerr_set(e, rc, e->field, "%s: %.170s", table, msg);
	}
	return rc;
}

static int copy_table(struct xfer *x, const struct xfer_table *t, struct transfer_table *rep,
                      struct xerr *e)
{
	struct copy_ctx cc = {x, t, rep, e, 0, 0};
	int64_t after = 0;
	for (;;) {
		cc.rows = 0;
		int rc = db_query_each(
		    x->src, t->select,
		    DB_ARGS(DB_TEXT(x->unit), DB_INT(x->whole), DB_INT(after), DB_INT(PAGE)),
		    copy_row, &cc, e);
		if (rc)
			return in_table(rc, t->name, e);
		if (!t->paged || cc.rows < PAGE)
			return 0;
		after = cc.last_id;
	}
}

/* ---- finding the unit, and whether the target already has it ---- */

static int unit_row(struct db_stmt *s, void *ctx)
{
	struct xfer *x = ctx;
	if (x->unit[0])
		return XERR_INVALID; /* a second unit */
	db_text_copy(s, 0, x->unit, sizeof x->unit);
	return 0;
}

static int find_unit(struct xfer *x, struct xerr *e)
{
	static const char sql[] =
	    "SELECT DISTINCT CASE WHEN u.level = 3 THEN u.parent ELSE u.code END FROM unit u "
	    "WHERE u.code IN (SELECT unit FROM dossier UNION SELECT unit FROM feedback UNION "
	    "SELECT unit FROM account WHERE unit IS NOT NULL UNION SELECT unit FROM office_hours "
	    "UNION SELECT substr(CAST(village AS TEXT), 2) FROM resident UNION SELECT unit FROM "
	    "team "
	    "UNION SELECT unit FROM business UNION SELECT unit FROM product)";
	int rc = db_query_each(x->src, sql, DB_NOARGS, unit_row, x, e);
	if (rc == XERR_INVALID)
		return xerr_set(e, XERR_INVALID, "unit",
		                "the source holds the data of several units: name one with --unit");
	if (rc)
		return rc;
	if (!x->unit[0])
		return xerr_set(e, XERR_INVALID, "unit", "the source holds no unit's data");
	x->whole = true;
	return 0;
}

static int target_free(struct xfer *x, struct xerr *e)
{
	static const char sql[] = "SELECT (SELECT count(*) FROM dossier WHERE " XFER_IN_UNIT(
	    "unit") ") + "
	            "(SELECT count(*) FROM resident WHERE " XFER_IN_UNIT_KEY(
	                "village") ") + "
	                           "(SELECT count(*) FROM team WHERE " XFER_IN_UNIT(
	                               "unit") ") + "
	                                       "(SELECT count(*) FROM feedback WHERE " XFER_IN_UNIT(
	                                           "unit") ")";
	int64_t n = 0;
	int rc = db_query_int(x->dst, sql, DB_ARGS(DB_TEXT(x->unit)), &n, e);
	if (rc < 0)
		return rc;
	if (n > 0)
		return xerr_set(e, XERR_CONFLICT, "unit",
		                "the target already holds %" PRId64 " records of unit %s: "
		                "was it moved already?",
		                n, x->unit);
	return 0;
}

/* ---- the audit log ---- */

/* Hashes values as the audit chain does: each length-prefixed, NULL
 * marked. */
static void feed(crypto_hash_sha256_state *h, const char *v)
{
	char len[24];
	int k = v ? snprintf(len, sizeof len, "%zu:", strlen(v)) : snprintf(len, sizeof len, "N;");
	crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)k);
	if (v)
		crypto_hash_sha256_update(h, (const unsigned char *)v, strlen(v));
}

static void feed_entry(crypto_hash_sha256_state *h, const struct audit_entry *a)
{
	char num[2][24];
	snprintf(num[0], sizeof num[0], "%" PRId64, a->at);
	snprintf(num[1], sizeof num[1], "%" PRId64, a->account_id);
	const char *v[] = {num[0],     num[1],    a->login,  a->role,  a->unit,
	                   a->address, a->action, a->object, a->detail};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		feed(h, v[i]);
}

static void hex16(crypto_hash_sha256_state *h, char out[17])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256_final(h, d);
	sodium_bin2hex(hex, sizeof hex, d, sizeof d);
	memcpy(out, hex, 16);
	out[16] = '\0';
}

/* "account:12" names the account by its id: the target's id after a move. */
static void rewrite_object(struct xfer *x, char *obj, size_t cap)
{
	static const struct {
		const char *prefix;
		enum xfer_map map;
	} kinds[] = {
	    {"account:", XM_ACCOUNT},   {"token:", XM_TOKEN},     {"feedback/", XM_FEEDBACK},
	    {"resident:", XM_RESIDENT}, {"extract:", XM_EXTRACT}, {"business:", XM_BUSINESS},
	    {"team:", XM_TEAM},         {"member:", XM_MEMBER},   {"campaign:", XM_CAMPAIGN},
	    {"activity:", XM_ACTIVITY}, {"product:", XM_PRODUCT}, {"report:", XM_REPORT},
	    {"credit:", XM_CREDIT},     {"cert:", XM_CERT}};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		size_t n = strlen(kinds[i].prefix);
		int64_t to;
		if (!strncmp(obj, kinds[i].prefix, n) &&
		    idmap_get(&x->map[kinds[i].map], strtoll(obj + n, NULL, 10), &to)) {
			snprintf(obj, cap, "%s%" PRId64, kinds[i].prefix, to);
			return;
		}
	}
}

struct audit_copy {
	struct xfer *x;
	struct xerr *e;
	crypto_hash_sha256_state sum;
	long rows;
	int64_t last_id;
};

static int audit_row(struct db_stmt *s, void *ctx)
{
	struct audit_copy *ac = ctx;
	struct audit_entry a;
	st_audit_read(s, &a);
	ac->rows++;
	ac->last_id = a.id;
	int64_t to = 0;
	a.account_id = idmap_get(&ac->x->map[XM_ACCOUNT], a.account_id, &to) ? to : 0;
	rewrite_object(ac->x, a.object, sizeof a.object);
	feed_entry(&ac->sum, &a);
	ac->x->r->audit_copied++;
	return st_audit_append_entry(ac->x->dst, &a, ac->e);
}

static int audit_mark(struct xfer *x, const char *action, const char *detail, int64_t *id,
                      struct xerr *e)
{
	static const char sql_last[] = "SELECT max(id) FROM audit";
	struct actor who;
	actor_system(&who, "migrate");
	int rc = st_audit_append(x->dst, &who, action, x->unit, detail, e);
	if (rc)
		return rc;
	rc = db_query_int(x->dst, sql_last, DB_NOARGS, id, e);
	return rc < 0 ? rc : 0;
}

static int head_row(struct db_stmt *s, void *ctx)
{
	char *out = ctx;
	snprintf(out, 96, "%" PRId64 " entries, head %.16s", db_int(s, 0), db_text(s, 1));
	return 0;
}

static int copy_audit(struct xfer *x, const char *source, char sum[17], struct xerr *e)
{
	static const char sql_head[] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
	char head[96] = "0 entries", detail[200];
	int rc = db_query_first(x->src, sql_head, DB_NOARGS, head_row, head, e);
	if (rc < 0)
		return rc;
	snprintf(detail, sizeof detail, "from %.60s: chain of %s", source, head);
	if ((rc = audit_mark(x, "migrate.begin", detail, &x->r->audit_first, e)))
		return rc;
	struct audit_copy ac = {x, e, {{0}}, 0, 0};
	crypto_hash_sha256_init(&ac.sum);
	do {
		ac.rows = 0;
		rc = db_query_each(
		    x->src, xfer_audit_select,
		    DB_ARGS(DB_TEXT(x->unit), DB_INT(x->whole), DB_INT(ac.last_id), DB_INT(PAGE)),
		    audit_row, &ac, e);
	} while (rc == 0 && ac.rows == PAGE);
	if (rc)
		return in_table(rc, "audit", e);
	hex16(&ac.sum, sum);
	snprintf(detail, sizeof detail, "%ld entries of unit %s", x->r->audit_copied, x->unit);
	return audit_mark(x, "migrate.end", detail, &x->r->audit_last, e);
}

/* ---- comparing afterwards ---- */

struct summer {
	const char *kinds;
	crypto_hash_sha256_state h;
	long rows;
};

static int sum_row(struct db_stmt *s, void *ctx)
{
	struct summer *m = ctx;
	char num[32];
	for (int k = 0; m->kinds[k]; k++) {
		if (db_null(s, k))
			feed(&m->h, NULL);
		else if (m->kinds[k] == 'i') {
			snprintf(num, sizeof num, "%" PRId64, db_int(s, k));
			feed(&m->h, num);
		} else if (m->kinds[k] == 'd') {
			snprintf(num, sizeof num, "%.17g", db_double(s, k));
			feed(&m->h, num);
		} else
			feed(&m->h, db_text(s, k));
	}
	m->rows++;
	return 0;
}

static int table_sum(struct db_conn *c, const struct xfer_table *t, const char *unit, long *rows,
                     char hex[17], struct xerr *e)
{
	struct summer m = {t->sum_kinds, {{0}}, 0};
	crypto_hash_sha256_init(&m.h);
	int rc = db_query_each(c, t->sum, DB_ARGS(DB_TEXT(unit)), sum_row, &m, e);
	hex16(&m.h, hex);
	*rows = m.rows;
	return rc;
}

static int audit_range_sum(struct xfer *x, char sum[17], long *rows, struct xerr *e)
{
	static const char sql[] =
	    "SELECT " ST_AUDIT_COLS " FROM audit WHERE id > ?1 AND id < ?2 ORDER BY id";
	struct summer m = {"", {{0}}, 0};
	crypto_hash_sha256_init(&m.h);
	struct db_stmt *st =
	    db_query(x->dst, sql, DB_ARGS(DB_INT(x->r->audit_first), DB_INT(x->r->audit_last)), e);
	int rc = st ? 0 : XERR_IO;
	while (rc == 0 && (rc = db_step(st, e)) == DB_ROW) {
		struct audit_entry a;
		st_audit_read(st, &a);
		feed_entry(&m.h, &a);
		m.rows++;
		rc = 0;
	}
	if (st)
		db_reset(st);
	hex16(&m.h, sum);
	*rows = m.rows;
	return rc < 0 ? rc : 0;
}

static int compare(struct xfer *x, const char audit_sum[17], struct xerr *e)
{
	int rc = 0;
	bool all_same = true;
	for (int i = 0; i < xfer_ntables && rc == 0; i++) {
		struct transfer_table *rep = &x->r->t[i];
		if (!xfer_tables[i].sum)
			continue;
		rep->checked = true;
		rc = table_sum(x->src, &xfer_tables[i], x->unit, &rep->source_rows, rep->source_sum,
		               e);
		if (rc == 0)
			rc = table_sum(x->dst, &xfer_tables[i], x->unit, &rep->target_rows,
			               rep->target_sum, e);
		rep->same = rc == 0 && rep->source_rows == rep->target_rows &&
		            !strcmp(rep->source_sum, rep->target_sum);
		all_same = all_same && rep->same;
	}
	char target_sum[17];
	long rows = 0;
	if (rc == 0)
		rc = audit_range_sum(x, target_sum, &rows, e);
	if (rc == 0 && (rows != x->r->audit_copied || strcmp(target_sum, audit_sum) != 0))
		all_same = false;
	if (rc == 0 && !all_same)
		rc = xerr_set(
		    e, XERR_IO, NULL,
		    "the copy differs from the source (see the report): nothing was written");
	return rc;
}

/* ---- the whole move ---- */

static int check_versions(struct store *from, struct store *to, struct xerr *e)
{
	int a = store_schema_version(from, e), b = store_schema_version(to, e);
	if (a < 0 || b < 0)
		return XERR_IO;
	if (a != store_schema_latest())
		return xerr_set(e, XERR_INVALID, "from",
		                "the source has schema version %d: upgrade it first (xaso init)",
		                a);
	if (b != store_schema_latest())
		return xerr_set(e, XERR_INVALID, "to", "the target has schema version %d", b);
	return 0;
}

static int copy_all(struct xfer *x, const char *source, char audit_sum[17], struct xerr *e)
{
	int rc = target_free(x, e);
	for (int i = 0; rc == 0 && i < xfer_ntables; i++) {
		x->r->t[i].name = xfer_tables[i].name;
		rc = copy_table(x, &xfer_tables[i], &x->r->t[i], e);
	}
	/* Servers of the target count residents from memory (people_count.c):
	 * they read them again. */
	if (rc == 0)
		rc = db_run(x->dst, "UPDATE people_rev SET rev = rev + 1", DB_NOARGS, e);
	return rc ? rc : copy_audit(x, source, audit_sum, e);
}

static int move(struct xfer *x, const char *unit, const char *source, struct xerr *e)
{
	char audit_sum[17] = "";
	int rc = db_begin(x->src, DB_READ, e);
	if (rc)
		return rc;
	if (unit)
		snprintf(x->unit, sizeof x->unit, "%s", unit);
	else
		rc = find_unit(x, e);
	/* Compared before the commit: a copy that differs is not kept. */
	if (rc == 0 && (rc = db_begin(x->dst, DB_WRITE, e)) == 0) {
		rc = copy_all(x, source, audit_sum, e);
		if (rc == 0) {
			x->r->n = xfer_ntables;
			rc = compare(x, audit_sum, e);
		}
		int rc2 = db_end(x->dst, rc == 0, e);
		rc = rc ? rc : rc2;
	}
	db_end(x->src, false, NULL);
	return rc;
}

int store_transfer(struct store *from, struct store *to, const char *unit, const char *source,
                   struct transfer_report *r, struct xerr *e)
{
	memset(r, 0, sizeof *r);
	if (xfer_ntables > TRANSFER_TABLES_MAX)
		return xerr_set(e, XERR_IO, NULL, "too many tables to move");
	for (int i = 0; i < xfer_ntables; i++)
		if (strlen(xfer_tables[i].kinds) > COLS_MAX)
			return xerr_set(e, XERR_IO, NULL, "%s: too many columns",
			                xfer_tables[i].name);
	int64_t entries = 0, bad = 0;
	int rc = check_versions(from, to, e);
	if (rc == 0 && (rc = store_audit_verify(from, &entries, &bad, e)))
		return in_table(rc, "the source's audit log", e);
	if (rc)
		return rc;
	struct xfer *x = calloc(1, sizeof *x);
	if (!x)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	x->from = from;
	x->to = to;
	x->r = r;
	x->src = st_get(from);
	x->dst = st_get(to);
	rc = move(x, unit, source, e);
	st_put(from, x->src);
	st_put(to, x->dst);
	snprintf(r->unit, sizeof r->unit, "%s", x->unit);
	for (int i = 0; i < XM_COUNT; i++) {
		free(x->map[i].key);
		free(x->map[i].val);
	}
	free(x);
	if (rc == 0 && (rc = store_audit_verify(to, &r->target_audit_entries, &bad, e)))
		return in_table(rc, "the target's audit log", e);
	if (rc == 0)
		st_units_drop(to);
	return rc;
}
