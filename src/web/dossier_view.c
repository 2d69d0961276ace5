/*
 * dossier_view.c: status names, loading the dossier a route is about and
 * the judging of uploads, shared by the dossier API and the pages.
 */
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "store/store.h"
#include "web/auth.h"
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

enum dossier_side dossier_side_of(const struct req *r)
{
	enum role role = auth_role(r);
	if (authz_by_ownership(role))
		return SIDE_APPLICANT;
	return authz_allows(role, "dossier.approve") ? SIDE_LEADER : SIDE_STAFF;
}

bool dossier_result_signed(struct req *r, const struct dossier *d)
{
	struct procedure *p = arena_alloc(&r->arena, sizeof *p);
	struct xerr e = {0};
	/* A procedure no longer in the catalogue keeps the default. */
	return store_procedure_get(r->store, d->procedure, p, &e) != 0 || p->result_signed;
}

struct dossier *dossier_find(struct req *r, const char *action, bool owner_too, struct xerr *e)
{
	struct dossier *d = arena_alloc(&r->arena, sizeof *d);
	const char *code = in_str(r, "code");
	if (!code) { /* refused on a lenient route */
		xerr_set(e, XERR_INVALID, "code", "a dossier code looks like 66001-260428-0001");
		return NULL;
	}
	if (store_dossier_get(r->store, code, d, e) != 0 ||
	    auth_unit(r, action, d->unit, owner_too ? d->applicant_account : 0, e) != 0)
		return NULL;
	return d;
}

struct dossier *dossier_load(struct req *r, const char *action)
{
	struct xerr e = {0};
	struct dossier *d = dossier_find(r, action, true, &e);
	if (!d)
		resp_error(r, &e);
	return d;
}

int upload_judge(const void *data, size_t len, const char *field, enum filetype *t, struct xerr *e)
{
	if (len > BLOB_MAX_SIZE)
		return xerr_set(e, XERR_LIMIT, field, "the file is larger than %d MB",
		                BLOB_MAX_SIZE / (1024 * 1024));
	return filetype_sniff(data, len, field, t, e);
}
