/*
 * records_business.c: businesses and household businesses, and local
 * products with their listings online (store_records.h).
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define DAYN(x) ((x) ? DB_INT(x) : DB_NULL)

static int business_put(struct store *s, struct db_conn *c, const struct actor *who, void *rec,
                        bool *dup, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO business(tax_code, kind, name, unit, opened_on, closed_on, einvoice_from, "
	    "cashless_from, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
	    "ON CONFLICT (tax_code) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
	    "unit = excluded.unit, opened_on = excluded.opened_on, closed_on = excluded.closed_on, "
	    "einvoice_from = excluded.einvoice_from, cashless_from = excluded.cashless_from, "
	    "updated_at = excluded.updated_at RETURNING id";
	(void)who;
	(void)dup;
	struct business *b = rec;
	int rc = st_unit_for(s, b->unit, UNIT_COMMUNE, b->opened_on, "unit", NULL, e);
	if (rc)
		return rc;
	rc = db_query_int(c, sql,
	                  DB_ARGS(DB_TEXT(b->tax_code), DB_INT(b->kind), DB_TEXT(b->name),
	                          DB_TEXT(b->unit), DB_INT(b->opened_on), DAYN(b->closed_on),
	                          DAYN(b->einvoice_from), DAYN(b->cashless_from),
	                          DB_INT((int64_t)time(NULL))),
	                  &b->id, e);
	return rc < 0 ? rc : 0;
}

struct each {
	rec_cb cb;
	void *ctx;
};

static int business_row(struct db_stmt *st, void *ctx)
{
	struct each *x = ctx;
	struct business b;
	memset(&b, 0, sizeof b);
	b.id = db_int(st, 0);
	db_text_copy(st, 1, b.tax_code, sizeof b.tax_code);
	b.kind = (int)db_int(st, 2);
	db_text_copy(st, 3, b.name, sizeof b.name);
	db_text_copy(st, 4, b.unit, sizeof b.unit);
	b.opened_on = (int32_t)db_int(st, 5);
	b.closed_on = (int32_t)db_int(st, 6);
	b.einvoice_from = (int32_t)db_int(st, 7);
	b.cashless_from = (int32_t)db_int(st, 8);
	return x->cb(&b, x->ctx);
}

static int business_list(struct store *s, struct db_conn *c, const struct rec_query *q, rec_cb cb,
                         void *ctx, struct xerr *e)
{
	static const char sql[] =
	    "SELECT id, tax_code, kind, name, unit, opened_on, coalesce(closed_on, 0), "
	    "coalesce(einvoice_from, 0), coalesce(cashless_from, 0) FROM business "
	    "WHERE " ST_SUBTREE(
	        "unit", "?1") " AND id > ?2 AND (?3 = 0 OR (opened_on <= ?3 AND "
	                      "(closed_on IS NULL OR closed_on > ?3))) ORDER BY id LIMIT ?4";
	(void)s;
	struct each x = {cb, ctx};
	return db_query_each(c, sql,
	                     DB_ARGS(DB_TEXT(q->unit), DB_INT(q->after), DB_INT(q->as_of),
	                             DB_INT(q->limit ? q->limit : INT64_C(1000000000000))),
	                     business_row, &x, e);
}

const struct st_rec_ops st_business_ops = {&rec_businesses, business_put, business_list};

/* ---- products ---- */

static int product_put(struct store *s, struct db_conn *c, const struct actor *who, void *rec,
                       bool *dup, struct xerr *e)
{
	static const char sql[] =
	    "INSERT INTO product(code, unit, name, producer, kind, ocop_stars, added_on, "
	    "removed_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
	    "ON CONFLICT (code) DO UPDATE SET unit = excluded.unit, name = excluded.name, "
	    "producer = excluded.producer, kind = excluded.kind, ocop_stars = excluded.ocop_stars, "
	    "added_on = excluded.added_on, removed_on = excluded.removed_on RETURNING id";
	static const char sql_listing[] =
	    "INSERT INTO product_listing(product, platform, url, since) VALUES (?1, ?2, ?3, ?4) "
	    "ON CONFLICT (product, platform) DO UPDATE SET url = excluded.url, "
	    "since = excluded.since";
	(void)who;
	(void)dup;
	struct product_row *p = rec;
	int rc = st_unit_for(s, p->unit, UNIT_COMMUNE, p->added_on, "unit", NULL, e);
	if (rc)
		return rc;
	rc = db_query_int(c, sql,
	                  DB_ARGS(DB_TEXT(p->code), DB_TEXT(p->unit), DB_TEXT(p->name),
	                          DB_TEXT(p->producer), DB_INT(p->kind), DB_INT(p->ocop_stars),
	                          DB_INT(p->added_on), DAYN(p->removed_on)),
	                  &p->id, e);
	if (rc >= 0 && p->platform[0])
		rc = db_run(c, sql_listing,
		            DB_ARGS(DB_INT(p->id), DB_TEXT(p->platform), DB_TEXT(p->url),
		                    DB_INT(p->online_since)),
		            e);
	return rc < 0 ? rc : 0;
}

static int product_row(struct db_stmt *st, void *ctx)
{
	struct each *x = ctx;
	struct product_row p;
	memset(&p, 0, sizeof p);
	p.id = db_int(st, 0);
	db_text_copy(st, 1, p.code, sizeof p.code);
	db_text_copy(st, 2, p.unit, sizeof p.unit);
	db_text_copy(st, 3, p.name, sizeof p.name);
	db_text_copy(st, 4, p.producer, sizeof p.producer);
	p.kind = (int)db_int(st, 5);
	p.ocop_stars = db_int(st, 6);
	p.added_on = (int32_t)db_int(st, 7);
	p.removed_on = (int32_t)db_int(st, 8);
	db_text_copy(st, 9, p.platform, sizeof p.platform);
	db_text_copy(st, 10, p.url, sizeof p.url);
	p.online_since = (int32_t)db_int(st, 11);
	return x->cb(&p, x->ctx);
}

static int product_list(struct store *s, struct db_conn *c, const struct rec_query *q, rec_cb cb,
                        void *ctx, struct xerr *e)
{
	/* One row per listing; the limit counts products, so that a page
	 * holds every listing of its products. */
	static const char sql[] =
	    "SELECT p.id, p.code, p.unit, p.name, p.producer, p.kind, p.ocop_stars, p.added_on, "
	    "coalesce(p.removed_on, 0), coalesce(l.platform, ''), coalesce(l.url, ''), "
	    "coalesce(l.since, 0) FROM product p LEFT JOIN product_listing l ON l.product = p.id "
	    "WHERE p.id IN (SELECT id FROM product WHERE " ST_SUBTREE(
	        "unit", "?1") " AND id > ?2 "
	                      "AND (?3 = 0 OR (added_on <= ?3 AND (removed_on IS NULL OR "
	                      "removed_on > ?3))) "
	                      "ORDER BY id LIMIT ?4) ORDER BY p.id, l.platform";
	(void)s;
	struct each x = {cb, ctx};
	return db_query_each(c, sql,
	                     DB_ARGS(DB_TEXT(q->unit), DB_INT(q->after), DB_INT(q->as_of),
	                             DB_INT(q->limit ? q->limit : INT64_C(1000000000000))),
	                     product_row, &x, e);
}

const struct st_rec_ops st_product_ops = {&rec_products, product_put, product_list};
