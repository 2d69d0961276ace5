/* records_view.c: records on the web (records_view.h). */
#include "web/records_view.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "core/dossier.h"
#include "web/auth.h"
#include "web/files.h"

const struct rec_actions rec_actions[] = {
    {"businesses", "business.read", "business.write"},
    {"teams", "team.read", "team.write"},
    {"members", "team.read", "team.write"},
    {"activities", "activity.read", "activity.create"},
    {"campaigns", "campaign.read", "campaign.write"},
    {"products", "product.read", "product.write"},
    {"reports", "report.read", "report.write"},
    {"residents", "person.list", "person.import"},
    {NULL, NULL, NULL},
};

const struct rec_actions *rec_actions_of(const char *kind)
{
	for (const struct rec_actions *a = rec_actions; a->kind; a++)
		if (!strcmp(a->kind, kind))
			return a;
	return NULL;
}

int32_t web_today(void)
{
	return cal_time_day(dossier_local_minutes((int64_t)time(NULL)));
}

int32_t in_day(const struct req *r, const char *name)
{
	return in_str(r, name) ? cal_time_day(in_int(r, name, 0)) : 0;
}

static bool hidden(const char *name, const char *const *hide)
{
	for (; hide && *hide; hide++)
		if (!strcmp(*hide, name))
			return true;
	return false;
}

json_t *rec_json(const struct rec_kind *k, const void *rec, const char *const *hide)
{
	json_t *j = json_object();
	char v[512];
	for (size_t i = 0; i < k->ncols; i++) {
		const struct rec_col *col = &k->cols[i];
		if (hidden(col->name, hide))
			continue;
		json_t *x;
		if (col->type == REC_INT)
			x = json_integer((json_int_t)rec_num(k, i, rec));
		else if (col->type == REC_REAL) {
			double d;
			memcpy(&d, (const char *)rec + col->off, sizeof d);
			x = json_real(d);
		} else if (rec_empty(k, i, rec))
			x = col->type == REC_TEXT ? json_string("") : json_null();
		else {
			rec_get(k, i, rec, v, sizeof v);
			x = json_string(v);
		}
		json_object_set_new(j, col->name, x);
	}
	return j;
}

int rec_from_json(const struct rec_kind *k, json_t *obj, void *rec, int32_t today, struct xerr *e)
{
	memset(rec, 0, k->size);
	char num[64];
	for (size_t i = 0; i < k->ncols; i++) {
		if (k->cols[i].out)
			continue;
		json_t *v = json_object_get(obj, k->cols[i].name);
		const char *text = "";
		if (json_is_string(v)) {
			text = json_string_value(v);
			if (strlen(text) != json_string_length(v))
				return xerr_set(e, XERR_INVALID, k->cols[i].name, "%s must be text",
				                k->cols[i].name);
		} else if (json_is_integer(v)) {
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
			text = num;
		} else if (json_is_real(v)) {
			snprintf(num, sizeof num, "%.17g", json_real_value(v));
			text = num;
		} else if (v && !json_is_null(v)) {
			return xerr_set(e, XERR_INVALID, k->cols[i].name,
			                "%s must be a string or a number", k->cols[i].name);
		}
		if (rec_set(k, i, text, rec, e) != 0)
			return e->code;
	}
	return k->check ? k->check(rec, today, e) : 0;
}

int rec_from_form(struct req *r, const struct rec_kind *k, void *rec, int32_t today,
                  const char *const *fixed, struct xerr *e)
{
	memset(rec, 0, k->size);
	for (size_t i = 0; i < k->ncols; i++) {
		if (k->cols[i].out)
			continue;
		const char *v = in_field(r, "f.", k->cols[i].name);
		for (const char *const *f = fixed; f && *f; f += 2)
			if (!strcmp(*f, k->cols[i].name))
				v = f[1];
		if (rec_set(k, i, v ? v : "", rec, e) != 0)
			return e->code;
	}
	return k->check ? k->check(rec, today, e) : 0;
}

bool want_csv(const struct req *r)
{
	const char *f = in_str(r, "format");
	return f && !strcmp(f, "csv");
}

int resp_csv(struct req *r, const char *name, const struct buf *csv)
{
	buf_reset(&r->out);
	buf_puts(&r->out, "\xEF\xBB\xBF");
	buf_add(&r->out, csv->data, csv->len);
	struct buf cd;
	buf_init(&cd);
	http_content_disposition(&cd, name, "csv");
	resp_header(r, "Content-Disposition", arena_strdup(&r->arena, cd.data));
	buf_free(&cd);
	r->status = 200;
	r->content_type = "text/csv; charset=utf-8";
	return 0;
}

int rec_report_decide(struct req *r, int64_t id, bool approve, const char *note, struct report *rep,
                      struct xerr *e)
{
	struct unit u;
	int rc = store_report_get(r->store, id, rep, e);
	if (rc == 0)
		rc = auth_unit(r, "report.approve", rep->unit, 0, e);
	if (rc == 0)
		rc = store_unit_get(r->store, rep->unit, &u, e);
	if (rc == 0)
		rc = report_decider_check(r->who, rep, u.level, e);
	struct actor who;
	req_actor(r, &who);
	if (rc == 0)
		rc = store_report_decide(r->store, &who, rep->id, approve, note, e);
	return rc ? rc : store_report_get(r->store, rep->id, rep, e);
}
