/*
 * dossier_view.c: status names, the form-data check and the judging of
 * uploads, shared by the dossier API and the citizen's pages.
 */
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/text.h"
#include "store/store.h"
#include "web/dossier_view.h"
#include "web/i18n.h"
#include "web/page.h"

/* Sorted by key (checked by the catalogue test). */
const struct message i18n_dossier[] = {
    {"dossier.channel.1", "Trực tiếp", "At the counter"},
    {"dossier.channel.2", "Trực tuyến", "Online"},
    {"dossier.channel.3", "Bưu chính công ích", "By post"},
    {"dossier.status.1", "Mới đăng ký", "Submitted online"},
    {"dossier.status.10", "Đã trả kết quả", "Result returned"},
    {"dossier.status.2", "Được tiếp nhận", "Received"},
    {"dossier.status.3", "Không được tiếp nhận", "Not received"},
    {"dossier.status.4", "Đang xử lý", "Processing"},
    {"dossier.status.5", "Yêu cầu bổ sung giấy tờ", "Supplement requested"},
    {"dossier.status.6", "Yêu cầu thực hiện nghĩa vụ tài chính", "Fee or tax requested"},
    {"dossier.status.7", "Công dân yêu cầu rút hồ sơ", "Withdrawn by the applicant"},
    {"dossier.status.8", "Dừng xử lý", "Processing stopped"},
    {"dossier.status.9", "Đã xử lý xong", "Result ready"},
    {NULL, NULL, NULL},
};

int64_t dossier_overdue_from(const struct dossier *d)
{
	if (d->finished_at || !d->due_at || d->status == DS_SUPPLEMENT ||
	    dossier_status_final(d->status))
		return 0;
	return d->due_at + 1;
}

const char *dossier_status_label(const struct req *r, int status)
{
	static const char *const keys[] = {
	    "",
	    "dossier.status.1",
	    "dossier.status.2",
	    "dossier.status.3",
	    "dossier.status.4",
	    "dossier.status.5",
	    "dossier.status.6",
	    "dossier.status.7",
	    "dossier.status.8",
	    "dossier.status.9",
	    "dossier.status.10",
	};
	return dossier_status_valid(status) ? tr(r, keys[status]) : "";
}

/* Checks the form data against the procedure's declared fields: every
 * required one present, values of the declared type, and (when fields are
 * declared) no others. */
struct form_check {
	json_t *form;
	struct xerr *e;
	char *bad;
	int rc;
	size_t declared, present;
};

static bool select_has(const char *opts, const char *v)
{
	size_t n = strlen(v);
	if (!n)
		return false;
	for (const char *p = opts; p; p = strchr(p, '|') ? strchr(p, '|') + 1 : NULL)
		if (!strncmp(p, v, n) && (p[n] == '|' || p[n] == 0))
			return true;
	return false;
}

bool dossier_form_value_ok(const char *type, json_t *v)
{
	if (!strcmp(type, "number"))
		return json_is_number(v) ||
		       (json_is_string(v) && text_digits(json_string_value(v), 1, 15));
	if (!json_is_string(v))
		return false;
	const char *s = json_string_value(v);
	if (strlen(s) > 2000 || !text_valid_utf8(s, strlen(s), NULL))
		return false;
	if (!strcmp(type, "pid"))
		return text_digits(s, 12, 12);
	if (!strcmp(type, "phone"))
		return text_digits(s, 9, 12);
	if (!strcmp(type, "date")) {
		int32_t day;
		struct xerr de;
		return cal_parse_date(s, "form", &day, &de) == 0;
	}
	if (!strncmp(type, "select:", 7))
		return select_has(type + 7, s);
	return true;
}

static int check_field(const struct procedure_field *f, void *ctx)
{
	struct form_check *fc = ctx;
	fc->declared++;
	json_t *v = json_object_get(fc->form, f->name);
	if (v)
		fc->present++;
	bool empty = !v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v));
	if (empty && f->required)
		fc->rc = xerr_set(fc->e, XERR_INVALID, "form", "form field %s (%s) is required",
		                  f->name, f->label_en);
	else if (!empty && !dossier_form_value_ok(f->type, v))
		fc->rc = xerr_set(fc->e, XERR_INVALID, "form", "form field %s must be a valid %s",
		                  f->name, f->type);
	if (fc->rc && fc->bad)
		snprintf(fc->bad, 64, "%s", f->name);
	return fc->rc ? 1 : 0;
}

int dossier_form_check(struct store *st, const char *procedure, json_t *form, char *bad,
                       struct xerr *e)
{
	struct form_check fc = {form, e, bad, 0, 0, 0};
	if (bad)
		bad[0] = 0;
	int rc = store_procedure_fields(st, procedure, check_field, &fc, e);
	if (fc.rc)
		return fc.rc;
	if (rc)
		return rc;
	if (fc.declared && fc.present < json_object_size(form))
		return xerr_set(e, XERR_INVALID, "form",
		                "form data has fields this procedure does not ask for");
	return 0;
}

struct dossier *dossier_load(struct req *r, const char *action, const char *bad_code_msg)
{
	struct xerr e = {0};
	struct dossier *d = arena_alloc(&r->arena, sizeof *d);
	if (!dossier_code_valid(r->params[0])) {
		resp_fail(r, XERR_INVALID, "code", "%s", bad_code_msg);
		return NULL;
	}
	if (store_dossier_get(r->store, r->params[0], d, &e) != 0 ||
	    auth_unit(r, action, d->unit, d->applicant_account, &e) != 0) {
		resp_error(r, &e);
		return NULL;
	}
	return d;
}

int upload_judge(const void *data, size_t len, const char *field, enum filetype *t, struct xerr *e)
{
	if (len > BLOB_MAX_SIZE)
		return xerr_set(e, XERR_LIMIT, field, "the file is larger than %d MB",
		                BLOB_MAX_SIZE / (1024 * 1024));
	return filetype_sniff(data, len, field, t, e);
}
