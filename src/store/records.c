/*
 * records.c: the one way records of every kind are written and listed
 * (store_records.h). A transaction holds one connection; each kind's put
 * and list live with its tables (records_business.c, records_team.c,
 * reports.c) and are found here by kind.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"

static const struct st_rec_ops *const all_ops[] = {
    &st_business_ops, &st_team_ops,    &st_member_ops, &st_activity_ops,
    &st_campaign_ops, &st_product_ops, &st_report_ops,
};

static const struct st_rec_ops *ops_of(const struct rec_kind *k)
{
	for (size_t i = 0; i < sizeof all_ops / sizeof all_ops[0]; i++)
		if (all_ops[i]->k == k)
			return all_ops[i];
	return NULL;
}

struct records_tx {
	struct store *s;
	struct db_conn *c;
	struct actor who;
	bool failed;
};

int store_records_begin(struct store *s, const struct actor *who, struct records_tx **out,
                        struct xerr *e)
{
	*out = NULL;
	struct records_tx *tx = calloc(1, sizeof *tx);
	if (!tx) {
		xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		return XERR_NOMEM;
	}
	tx->s = s;
	tx->who = *who;
	tx->c = st_get(s);
	int rc = db_begin(tx->c, DB_WRITE, e);
	if (rc) {
		st_put(s, tx->c);
		free(tx);
		return rc;
	}
	*out = tx;
	return 0;
}

int store_record_put(struct records_tx *tx, const struct rec_kind *k, void *rec, bool *dup,
                     struct xerr *e)
{
	bool d = false;
	const struct st_rec_ops *ops = ops_of(k);
	int rc = ops ? ops->put(tx->s, tx->c, &tx->who, rec, &d, e)
	             : xerr_set(e, XERR_INVALID, "kind", "records of this kind cannot be stored");
	if (dup)
		*dup = d;
	if (rc)
		tx->failed = true;
	return rc;
}

int store_record_check(struct records_tx *tx, const struct rec_kind *k, const void *rec,
                       struct xerr *e)
{
	const char *unit = rec_unit(k, rec);
	const char *field = rec_col_index(k, "unit") >= 0 ? "unit" : "team_unit";
	struct unit u;
	if (store_unit_get(tx->s, unit, &u, NULL) != 0)
		return xerr_set(e, XERR_INVALID, field, "no unit with code %.16s", unit);
	return 0;
}

int store_records_decide(struct records_tx *tx, int64_t report, bool approve, const char *note,
                         struct xerr *e)
{
	int rc = st_report_decide_on(tx->c, &tx->who, report, approve, note, e);
	if (rc)
		tx->failed = true;
	return rc;
}

int store_records_end(struct records_tx *tx, bool ok, const struct rec_kind *k, const char *source,
                      long rows, struct xerr *e)
{
	int rc = 0;
	ok = ok && !tx->failed;
	if (ok && rows > 0) {
		char action[48], detail[160];
		snprintf(action, sizeof action, "%s.import", k->one);
		snprintf(detail, sizeof detail, "%ld rows", rows);
		rc = st_audit_append(tx->c, &tx->who, action, source && *source ? source : k->name,
		                     detail, e);
	}
	int rc2 = db_end(tx->c, ok && rc == 0, e);
	st_put(tx->s, tx->c);
	free(tx);
	return rc ? rc : rc2;
}

int store_record_save(struct store *s, const struct actor *who, const struct rec_kind *k, void *rec,
                      bool *dup, struct xerr *e)
{
	struct records_tx *tx;
	int rc = store_records_begin(s, who, &tx, e);
	if (rc)
		return rc;
	bool d = false;
	rc = store_record_put(tx, k, rec, &d, e);
	if (rc == 0 && !d) {
		char obj[64];
		snprintf(obj, sizeof obj, "%s:%lld", k->one, (long long)*(const int64_t *)rec);
		char action[48];
		snprintf(action, sizeof action, "%s.save", k->one);
		rc = st_audit_append(tx->c, who, action, obj, "", e);
	}
	if (dup)
		*dup = d;
	int rc2 = store_records_end(tx, rc == 0, k, NULL, 0, e);
	return rc ? rc : rc2;
}

struct list_args {
	struct store *s;
	const struct st_rec_ops *ops;
	const struct rec_query *q;
	rec_cb cb;
	void *ctx;
};

static int list_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	struct list_args *a = ctx;
	return a->ops->list(a->s, c, a->q, a->cb, a->ctx, e);
}

int store_records_list(struct store *s, const struct rec_kind *k, const struct rec_query *q,
                       rec_cb cb, void *ctx, struct xerr *e)
{
	const struct st_rec_ops *ops = ops_of(k);
	if (!ops)
		return xerr_set(e, XERR_INVALID, "kind", "records of this kind cannot be listed");
	struct unit u;
	int rc = store_unit_get(s, q->unit, &u, e);
	if (rc) {
		e->field = "unit";
		return rc;
	}
	struct list_args a = {s, ops, q, cb, ctx};
	return st_read(s, list_tx, &a, e);
}

int st_unit_for(struct store *s, const char *code, int min_level, int32_t day, const char *field,
                struct unit *out, struct xerr *e)
{
	struct unit u;
	if (store_unit_get(s, code, &u, NULL) != 0)
		return xerr_set(e, XERR_INVALID, field, "no unit with code %.16s", code);
	int32_t to = 0;
	if (u.valid_to[0])
		cal_parse_date(u.valid_to, field, &to, NULL);
	if (u.level < min_level)
		return xerr_set(e, XERR_INVALID, field,
		                "%s is a province: a commune, ward or village is needed", code);
	if (to && day >= to)
		return xerr_set(e, XERR_INVALID, field, "unit %s no longer exists on that day",
		                code);
	if (out)
		*out = u;
	return 0;
}
