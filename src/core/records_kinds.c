/*
 * records_kinds.c: the column tables of every kind of records.h and the
 * kinds' own rules.
 *
 * Sources of the rules: the tax-code check digit (General Department of
 * Taxation; the algorithm as python-stdnum's vn/mst documents it: weights
 * 31 29 23 19 17 13 7 5 3, check = 10 - sum mod 11); household businesses
 * identified by the owner's personal ID number (Circular 86/2024/TT-BTC,
 * from 1 July 2025); OCOP products ranked 3, 4 or 5 stars (Decision
 * 148/QĐ-TTg of 24 February 2023); one community digital team per village
 * or residential group (Công văn 793/BTTTT-THH, RULES.md §5.3).
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/authz.h"

#include "core/indicator.h"
#include "core/pii.h"
#include "core/records.h"

#define SZ(st, f) sizeof(((st *)0)->f)
#define TEXT(st, f, name, req, max, vi)                                                            \
	{                                                                                          \
		name, REC_TEXT, req, false, offsetof(st, f), SZ(st, f), 0, max, NULL, NULL, NULL,  \
		    vi                                                                             \
	}
#define DAY(st, f, name, req, vi)                                                                  \
	{                                                                                          \
		name, REC_DAY, req, false, offsetof(st, f), SZ(st, f), 0, 0, NULL, NULL, NULL, vi  \
	}
#define INT(st, f, name, req, lo, hi, vi)                                                          \
	{                                                                                          \
		name, REC_INT, req, false, offsetof(st, f), SZ(st, f), lo, hi, NULL, NULL, NULL,   \
		    vi                                                                             \
	}
#define VOCAB(st, f, name, req, ent, fld, vi)                                                      \
	{                                                                                          \
		name, REC_WORD, req, false, offsetof(st, f), SZ(st, f), 0, 0, NULL, ent, fld, vi   \
	}
#define WORDS(st, f, name, req, w, vi)                                                             \
	{                                                                                          \
		name, REC_WORD, req, false, offsetof(st, f), SZ(st, f), 0, 0, w, NULL, NULL, vi    \
	}
#define OUTCOL(st, f, name, type, w, vi)                                                           \
	{                                                                                          \
		name, type, false, true, offsetof(st, f), SZ(st, f), 0, 0, w, NULL, NULL, vi       \
	}
#define KIND(name, one, cols, st, check)                                                           \
	{                                                                                          \
		name, one, cols, sizeof(cols) / sizeof((cols)[0]), sizeof(st), check               \
	}
#define BIG INT64_C(1000000000)

/* ---- businesses ---- */

int business_check_digit(const char *nine)
{
	static const int w[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += w[i] * (nine[i] - '0');
	int check = 10 - sum % 11;
	return check > 9 ? -1 : check;
}

int business_tax_code(const char *in, int kind, char out[16], struct xerr *e)
{
	char d[16];
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		if (*p == '-' && n == 10)
			continue;
		if (*p < '0' || *p > '9' || n == 13)
			return xerr_set(e, XERR_INVALID, "tax_code",
			                "a tax code has 10 digits, or 13 for a branch");
		d[n++] = *p;
	}
	d[n] = '\0';
	if (n == 12 && kind == 2) {
		if (pid_check(d, NULL, 0, "tax_code", e) != 0)
			return XERR_INVALID;
		memcpy(out, d, 13);
		return 0;
	}
	if (n != 10 && n != 13)
		return xerr_set(e, XERR_INVALID, "tax_code",
		                "a tax code has 10 digits, or 13 for a branch%s",
		                kind == 2 ? " (or the owner's 12-digit ID number)" : "");
	int check = business_check_digit(d);
	if (check < 0 || d[9] - '0' != check)
		return xerr_set(e, XERR_INVALID, "tax_code",
		                "%.10s is not a tax code: its check digit does not match", d);
	if (!memcmp(d, "00", 2) || !memcmp(d + 2, "0000000", 7) ||
	    (n == 13 && !memcmp(d + 10, "000", 3)))
		return xerr_set(e, XERR_INVALID, "tax_code", "%s is not a tax code", d);
	memcpy(out, d, n + 1);
	return 0;
}

/* A day that must not come before `from` (when both are set). */
static int not_before(int32_t day, int32_t from, const char *field, const char *what,
                      struct xerr *e)
{
	if (day && from && day < from)
		return xerr_set(e, XERR_INVALID, field, "%s comes before %s", field, what);
	return 0;
}

static int not_future(int32_t day, int32_t today, const char *field, struct xerr *e)
{
	if (day && today && day > today)
		return xerr_set(e, XERR_INVALID, field, "%s is in the future", field);
	return 0;
}

static int unit_code(const char *code, const char *field, struct xerr *e)
{
	size_t n = strlen(code);
	for (size_t i = 0; i < n; i++)
		if (code[i] < '0' || code[i] > '9')
			n = 0;
	if (n < 2 || n > 12)
		return xerr_set(e, XERR_INVALID, field, "%s is a unit code (2 to 12 digits)",
		                field);
	return 0;
}

static int business_check(void *rec, int32_t today, struct xerr *e)
{
	struct business *b = rec;
	char tax[16];
	int rc = business_tax_code(b->tax_code, b->kind, tax, e);
	if (rc == 0)
		memcpy(b->tax_code, tax, sizeof tax);
	if (rc == 0)
		rc = unit_code(b->unit, "unit", e);
	if (rc == 0)
		rc = not_future(b->opened_on, today, "opened_on", e);
	if (rc == 0 && b->closed_on && b->closed_on <= b->opened_on)
		rc = xerr_set(e, XERR_INVALID, "closed_on", "closed_on comes after opened_on");
	if (rc == 0)
		rc = not_before(b->einvoice_from, b->opened_on, "einvoice_from", "opened_on", e);
	if (rc == 0)
		rc = not_before(b->cashless_from, b->opened_on, "cashless_from", "opened_on", e);
	return rc;
}

static const struct rec_col business_cols[] = {
    TEXT(struct business, tax_code, "tax_code", true, 15, "Mã số thuế"),
    VOCAB(struct business, kind, "kind", true, "businesses", "kind", "Loại hình"),
    TEXT(struct business, name, "name", true, 150, "Tên"),
    TEXT(struct business, unit, "unit", true, 12, "Thôn hoặc xã"),
    DAY(struct business, opened_on, "opened_on", true, "Ngày thành lập"),
    DAY(struct business, closed_on, "closed_on", false, "Ngày ngừng hoạt động"),
    DAY(struct business, einvoice_from, "einvoice_from", false, "Dùng hóa đơn điện tử từ"),
    DAY(struct business, cashless_from, "cashless_from", false,
        "Nhận thanh toán không tiền mặt từ"),
    OUTCOL(struct business, id, "id", REC_INT, NULL, "Số"),
};
const struct rec_kind rec_businesses =
    KIND("businesses", "business", business_cols, struct business, business_check);

/* ---- teams and members ---- */

static int team_check(void *rec, int32_t today, struct xerr *e)
{
	struct team *t = rec;
	int rc = unit_code(t->unit, "unit", e);
	if (rc == 0)
		rc = not_future(t->founded_on, today, "founded_on", e);
	if (rc == 0 && t->dissolved_on && t->dissolved_on <= t->founded_on)
		rc = xerr_set(e, XERR_INVALID, "dissolved_on",
		              "dissolved_on comes after founded_on");
	return rc;
}

static const struct rec_col team_cols[] = {
    TEXT(struct team, unit, "unit", true, 12, "Thôn hoặc xã"),
    TEXT(struct team, name, "name", false, 150, "Tên tổ"),
    DAY(struct team, founded_on, "founded_on", true, "Ngày thành lập"),
    DAY(struct team, dissolved_on, "dissolved_on", false, "Ngày giải thể"),
    OUTCOL(struct team, members, "members", REC_INT, NULL, "Số thành viên"),
    OUTCOL(struct team, id, "id", REC_INT, NULL, "Số"),
};
const struct rec_kind rec_teams = KIND("teams", "team", team_cols, struct team, team_check);

static int member_check(void *rec, int32_t today, struct xerr *e)
{
	struct team_member *m = rec;
	int rc = unit_code(m->team_unit, "team_unit", e);
	if (rc == 0 && m->phone[0]) {
		char norm[16];
		rc = phone_normalise(m->phone, norm, sizeof norm, "phone", e);
		if (rc == 0)
			memcpy(m->phone, norm, sizeof norm);
	}
	if (rc == 0)
		rc = not_future(m->joined_on, today, "joined_on", e);
	if (rc == 0 && m->left_on && m->left_on <= m->joined_on)
		rc = xerr_set(e, XERR_INVALID, "left_on", "left_on comes after joined_on");
	return rc;
}

static const struct rec_col member_cols[] = {
    TEXT(struct team_member, team_unit, "team_unit", true, 12, "Tổ của"),
    TEXT(struct team_member, full_name, "full_name", true, 80, "Họ và tên"),
    TEXT(struct team_member, phone, "phone", false, 15, "Điện thoại"),
    VOCAB(struct team_member, position, "position", true, "team_members", "position", "Vị trí"),
    DAY(struct team_member, joined_on, "joined_on", true, "Ngày tham gia"),
    DAY(struct team_member, left_on, "left_on", false, "Ngày rời tổ"),
    TEXT(struct team_member, login, "login", false, 63, "Tài khoản"),
    OUTCOL(struct team_member, id, "id", REC_INT, NULL, "Số"),
};
const struct rec_kind rec_members =
    KIND("members", "member", member_cols, struct team_member, member_check);

/* ---- activities ---- */

static int activity_check(void *rec, int32_t today, struct xerr *e)
{
	struct activity *a = rec;
	int rc = unit_code(a->team_unit, "team_unit", e);
	if (rc == 0)
		rc = not_future(a->day, today, "day", e);
	if (rc)
		return rc;
	/* A session's people are its attendance; other help counts the people
	 * helped, one when not said. */
	if (a->kind == ACT_TRAINING) {
		if (a->attendance < 1)
			return xerr_set(e, XERR_INVALID, "attendance",
			                "a training session needs its attendance");
		if (!a->people)
			a->people = a->attendance;
	} else {
		if (a->attendance)
			return xerr_set(e, XERR_INVALID, "attendance",
			                "attendance is for training sessions");
		if (a->campaign[0])
			return xerr_set(e, XERR_INVALID, "campaign",
			                "a campaign is named for training sessions");
		if (!a->people)
			a->people = 1;
	}
	for (const char *p = a->client_id; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z') || *p == '-' || *p == '_'))
			return xerr_set(e, XERR_INVALID, "id",
			                "an entry's id has letters, digits, '-' and '_'");
	return 0;
}

static const struct rec_col activity_cols[] = {
    TEXT(struct activity, team_unit, "team_unit", true, 12, "Tổ của"),
    DAY(struct activity, day, "day", true, "Ngày"),
    VOCAB(struct activity, kind, "kind", true, "activities", "kind", "Hoạt động"),
    INT(struct activity, people, "people", false, 0, 100000, "Số người được hỗ trợ"),
    INT(struct activity, attendance, "attendance", false, 0, 100000, "Số người dự"),
    TEXT(struct activity, campaign, "campaign", false, 31, "Chiến dịch"),
    TEXT(struct activity, note, "note", false, 200, "Ghi chú"),
    TEXT(struct activity, client_id, "id", false, 39, "Mã mục"),
    OUTCOL(struct activity, member, "member", REC_TEXT, NULL, "Người nhập"),
    OUTCOL(struct activity, entered_at, "entered_at", REC_TIME, NULL, "Lúc nhập"),
};
const struct rec_kind rec_activities =
    KIND("activities", "activity", activity_cols, struct activity, activity_check);

/* ---- campaigns ---- */

static const struct expr_word measures[] = {
    {"sessions", MEASURE_SESSIONS, "số buổi tập huấn"},
    {"attendance", MEASURE_ATTENDANCE, "lượt người dự tập huấn"},
    {"none", MEASURE_NONE, "không đo được trong xaso"},
    {"eid_activation", MEASURE_KIND + ACT_EID, "số người được kích hoạt định danh điện tử"},
    {"online_filing", MEASURE_KIND + ACT_ONLINE_FILING, "số người được hướng dẫn nộp trực tuyến"},
    {"cashless_account", MEASURE_KIND + ACT_CASHLESS, "số người được mở tài khoản thanh toán"},
    {"product_listed", MEASURE_KIND + ACT_PRODUCT, "số sản phẩm đưa lên sàn"},
    {"smartphone_given", MEASURE_KIND + ACT_SMARTPHONE, "số điện thoại thông minh trao tặng"},
    {NULL, 0, NULL},
};

static int code_text(const char *code, const char *field, struct xerr *e)
{
	for (const char *p = code; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z') || strchr("-_./", *p)))
			return xerr_set(e, XERR_INVALID, field,
			                "%s has letters, digits, '-', '_', '.' and '/'", field);
	return 0;
}

static int campaign_check(void *rec, int32_t today, struct xerr *e)
{
	(void)today;
	struct campaign_row *c = rec;
	int rc = code_text(c->code, "code", e);
	if (rc == 0)
		rc = unit_code(c->unit, "unit", e);
	if (rc == 0 && c->ends_on < c->starts_on)
		rc = xerr_set(e, XERR_INVALID, "ends_on", "ends_on comes before starts_on");
	if (rc == 0 && (c->seq < 1 || c->seq > 100))
		rc = xerr_set(e, XERR_INVALID, "seq", "seq numbers a campaign's targets from 1");
	return rc;
}

static const struct rec_col campaign_cols[] = {
    TEXT(struct campaign_row, code, "code", true, 31, "Mã"),
    TEXT(struct campaign_row, unit, "unit", true, 12, "Đơn vị phát động"),
    TEXT(struct campaign_row, name, "name", true, 150, "Tên"),
    DAY(struct campaign_row, starts_on, "starts_on", true, "Từ ngày"),
    DAY(struct campaign_row, ends_on, "ends_on", true, "Đến ngày"),
    INT(struct campaign_row, seq, "seq", true, 1, 100, "Chỉ tiêu số"),
    TEXT(struct campaign_row, target_name, "target_name", true, 150, "Chỉ tiêu"),
    WORDS(struct campaign_row, measure, "measure", true, measures, "Đo bằng"),
    INT(struct campaign_row, target, "target", true, 0, BIG, "Mức chỉ tiêu"),
    OUTCOL(struct campaign_row, done, "done", REC_INT, NULL, "Đã đạt"),
};
const struct rec_kind rec_campaigns =
    KIND("campaigns", "campaign", campaign_cols, struct campaign_row, campaign_check);

/* ---- products ---- */

static int product_check(void *rec, int32_t today, struct xerr *e)
{
	struct product_row *p = rec;
	int rc = code_text(p->code, "code", e);
	if (rc == 0)
		rc = unit_code(p->unit, "unit", e);
	if (rc == 0 && p->kind == 1 && (p->ocop_stars < 3 || p->ocop_stars > 5))
		rc = xerr_set(e, XERR_INVALID, "ocop_stars", "an OCOP product has 3, 4 or 5 stars");
	if (rc == 0 && p->kind == 2 && p->ocop_stars)
		rc = xerr_set(e, XERR_INVALID, "ocop_stars", "stars are for OCOP products");
	if (rc == 0 && p->removed_on && p->removed_on <= p->added_on)
		rc = xerr_set(e, XERR_INVALID, "removed_on", "removed_on comes after added_on");
	if (rc == 0 && (p->platform[0] || p->url[0] || p->online_since) &&
	    (!p->platform[0] || !p->online_since))
		rc = xerr_set(e, XERR_INVALID, p->platform[0] ? "online_since" : "platform",
		              "a listing online has its platform and online_since");
	if (rc == 0 && p->url[0] && strncmp(p->url, "https://", 8) && strncmp(p->url, "http://", 7))
		rc = xerr_set(e, XERR_INVALID, "url", "url is a web address (https://...)");
	if (rc == 0)
		rc = not_future(p->online_since, today, "online_since", e);
	return rc;
}

static const struct rec_col product_cols[] = {
    TEXT(struct product_row, code, "code", true, 31, "Mã"),
    TEXT(struct product_row, unit, "unit", true, 12, "Thôn hoặc xã"),
    TEXT(struct product_row, name, "name", true, 150, "Sản phẩm"),
    TEXT(struct product_row, producer, "producer", true, 150, "Chủ thể sản xuất"),
    VOCAB(struct product_row, kind, "kind", true, "products", "kind", "Loại"),
    INT(struct product_row, ocop_stars, "ocop_stars", false, 0, 5, "Sao OCOP"),
    DAY(struct product_row, added_on, "added_on", true, "Ghi nhận từ"),
    DAY(struct product_row, removed_on, "removed_on", false, "Ngừng từ"),
    TEXT(struct product_row, platform, "platform", false, 40, "Sàn thương mại điện tử"),
    TEXT(struct product_row, url, "url", false, 290, "Đường dẫn"),
    DAY(struct product_row, online_since, "online_since", false, "Lên sàn từ"),
};
const struct rec_kind rec_products =
    KIND("products", "product", product_cols, struct product_row, product_check);

/* ---- reported figures ---- */

static const struct expr_word statuses[] = {
    {"waiting", REPORT_WAITING, "chờ phê duyệt"},
    {"approved", REPORT_APPROVED, "đã phê duyệt"},
    {"rejected", REPORT_REJECTED, "không phê duyệt"},
    {"superseded", REPORT_SUPERSEDED, "đã được đính chính"},
    {NULL, 0, NULL},
};

static int report_check(void *rec, int32_t today, struct xerr *e)
{
	struct report *r = rec;
	int rc = unit_code(r->unit, "unit", e);
	if (rc)
		return rc;
	if (!expr_figure_find(r->figure))
		return xerr_set(e, XERR_INVALID, "figure",
		                "unknown figure \"%.40s\" (docs/indicators.md lists them)",
		                r->figure);
	struct ind_period p;
	if (ind_period_parse(r->period, &p, e) != 0 || p.kind == IND_RANGE)
		return xerr_set(
		    e, XERR_INVALID, "period",
		    "a report's period is a month, a quarter or a year: 2026-03, 2026-Q1, "
		    "2026");
	if (today && p.first > today)
		return xerr_set(e, XERR_INVALID, "period", "the period has not begun");
	r->first_day = p.first;
	r->last_day = p.last;
	return 0;
}

static const struct rec_col report_cols[] = {
    TEXT(struct report, unit, "unit", true, 12, "Đơn vị"),
    TEXT(struct report, figure, "figure", true, 47, "Số liệu"),
    TEXT(struct report, period, "period", true, 23, "Kỳ"),
    {"value", REC_REAL, true, false, offsetof(struct report, value), SZ(struct report, value), 0, 0,
     NULL, NULL, NULL, "Giá trị"},
    TEXT(struct report, note, "note", false, 200, "Ghi chú"),
    OUTCOL(struct report, status, "status", REC_WORD, statuses, "Trạng thái"),
    OUTCOL(struct report, reporter, "reporter", REC_TEXT, NULL, "Người báo cáo"),
    OUTCOL(struct report, reported_at, "reported_at", REC_TIME, NULL, "Lúc báo cáo"),
    OUTCOL(struct report, decider, "decider", REC_TEXT, NULL, "Người phê duyệt"),
    OUTCOL(struct report, decided_at, "decided_at", REC_TIME, NULL, "Lúc phê duyệt"),
    OUTCOL(struct report, decision_note, "decision_note", REC_TEXT, NULL, "Ý kiến"),
    OUTCOL(struct report, id, "id", REC_INT, NULL, "Số"),
};
const struct rec_kind rec_reports =
    KIND("reports", "report", report_cols, struct report, report_check);

static int span_cmp(const void *a, const void *b)
{
	const struct report_span *x = a, *y = b;
	int32_t lx = x->last - x->first, ly = y->last - y->first;
	/* Longest first, then the later first. */
	if (lx != ly)
		return lx > ly ? -1 : 1;
	return (x->last < y->last) - (x->last > y->last);
}

double report_value(bool flow, struct report_span *r, size_t n, int32_t first, int32_t last)
{
	qsort(r, n, sizeof *r, span_cmp);
	double v = NAN;
	if (!flow) {
		int32_t best = 0;
		for (size_t i = 0; i < n; i++)
			if (r[i].last <= last && r[i].last > last - 366 && r[i].last > best) {
				best = r[i].last;
				v = r[i].value;
			}
		return v;
	}
	for (size_t i = 0; i < n; i++) {
		if (r[i].first < first || r[i].last > last)
			continue;
		bool overlaps = false;
		for (size_t j = 0; j < i && !overlaps; j++)
			overlaps = r[j].first >= first && r[j].last <= last &&
			           r[j].first <= r[i].last && r[i].first <= r[j].last;
		if (!overlaps)
			v = (isnan(v) ? 0 : v) + r[i].value;
	}
	return v;
}

int report_decider_check(const struct principal *p, const struct report *r, int level,
                         struct xerr *e)
{
	if (p->account_id && p->account_id == r->reported_by)
		return xerr_set(e, XERR_UNPROCESSABLE, NULL,
		                "a report is approved by someone other than who reported it");
	if (level == UNIT_PROVINCE ? p->role == ROLE_PROVINCE && !strcmp(p->unit, r->unit)
	                           : p->role == ROLE_LEADER)
		return 0;
	return xerr_set(e, XERR_UNPROCESSABLE, NULL,
	                level == UNIT_PROVINCE
	                    ? "the province's own reports are approved by the province"
	                    : "a commune's reports are approved by a leader of the commune");
}

static const struct rec_kind *const kinds[] = {
    &rec_businesses, &rec_teams,    &rec_members, &rec_activities,
    &rec_campaigns,  &rec_products, &rec_reports,
};

const struct rec_kind *const *rec_kinds(size_t *n)
{
	*n = sizeof kinds / sizeof kinds[0];
	return kinds;
}

const struct rec_kind *rec_kind_find(const char *name)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (name && !strcmp(kinds[i]->name, name))
			return kinds[i];
	return NULL;
}
