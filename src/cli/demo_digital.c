/*
 * demo_digital.c: the demo province's community digital teams, their year
 * of work, one campaign, businesses, local products and a year of reported
 * figures (core/records.h), each kind loaded in one transaction through
 * the store's one way of writing records.
 *
 * Every village has a team of 4 to 10 members (Công văn 793/BTTTT-THH;
 * RULES.md §5.3), most founded before the year, a few during it; every
 * commune has its own. Each team logs a few entries a month (e-ID
 * activations, online filings, cashless accounts, products listed,
 * smartphones, training sessions), more in communes that are further
 * along. The campaign "Bình dân học vụ số" runs from 15 July to 25
 * October (its ten targets here are illustrative: the official list was
 * not found). Communes report their figures monthly; the leader approved
 * all but the last month's, some after a correction. Deterministic for a
 * seed on a given day.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo.h"
#include "core/calendar.h"
#include "core/lunar.h"
#include "core/people.h"
#include "core/text.h"

#define PICK(r, a) ((a)[rng_below((r), sizeof(a) / sizeof((a)[0]))])

struct demo_ctx {
	struct store *s;
	const struct unit *communes;
	size_t ncommunes;
	unsigned long seed;
	double scale;
	int32_t today;
	const char *province;
	char team_login[64]; /* the demo team account, and its village */
	char team_village[UNIT_CODE_MAX];
	struct records_tx *tx;
	struct xerr *e;
	long count[8];
};

static struct rng commune_rng(const struct demo_ctx *d, const char *code, uint64_t salt)
{
	struct rng r;
	rng_seed(&r, d->seed ^ text_hash(code) ^ salt);
	return r;
}

static int team_year(struct demo_ctx *d, struct rng *r, const char *unit, int32_t founded,
                     double pace);

/* A commune's pace: how many entries its teams log, 0.5 to 1.5. */
static double pace_of(const struct demo_ctx *d, const char *commune)
{
	struct rng r;
	rng_seed(&r, d->seed ^ text_hash(commune) ^ 7);
	return 0.5 + rng_unit(&r);
}

/* ---- teams and members ---- */

static const unsigned position_w[] = {14, 18, 16, 12, 10, 10, 8, 12};

static int put(struct demo_ctx *d, const struct rec_kind *k, void *rec, int32_t today)
{
	if (k->check && k->check(rec, today, d->e) != 0)
		return d->e->code;
	int rc = store_record_put(d->tx, k, rec, NULL, d->e);
	if (rc == 0)
		d->count[k == &rec_teams        ? 0
		         : k == &rec_members    ? 1
		         : k == &rec_activities ? 2
		         : k == &rec_businesses ? 4
		                                : 5]++;
	return rc;
}

static int team_of(struct demo_ctx *d, struct rng *r, const struct unit *u, bool commune)
{
	struct team t;
	memset(&t, 0, sizeof t);
	snprintf(t.unit, sizeof t.unit, "%s", u->code);
	/* Most teams date from the 2022-2025 rollout; one in twelve is new. */
	bool new_team = !commune && rng_below(r, 12) == 0;
	t.founded_on = new_team ? d->today - 30 - (int32_t)rng_below(r, 300)
	                        : lunar_jdn(2022, 4, 1) + (int32_t)rng_below(r, 1200);
	int rc = put(d, &rec_teams, &t, d->today);
	int members = commune ? 6 + (int)rng_below(r, 5) : 4 + (int)rng_below(r, 7);
	bool login = !strcmp(u->code, d->team_village);
	for (int i = 0; rc == 0 && i < members; i++) {
		struct team_member m;
		memset(&m, 0, sizeof m);
		snprintf(m.team_unit, sizeof m.team_unit, "%s", u->code);
		int sex = rng_below(r, 2) ? PEOPLE_FEMALE : PEOPLE_MALE;
		people_demo_name(r, sex, m.full_name, sizeof m.full_name);
		static const char *const prefix[] = {"09", "03", "08", "07", "05"};
		snprintf(m.phone, sizeof m.phone, "%s%08u", PICK(r, prefix),
		         (unsigned)rng_below(r, 100000000));
		m.position = i == 0 ? 1 : 1 + rng_weighted(r, position_w, 8);
		m.joined_on = t.founded_on + (i < 3 ? 0 : (int32_t)rng_below(r, 200));
		if (m.joined_on > d->today - 1)
			m.joined_on = d->today - 1;
		/* Some leave during the year. */
		if (i >= 4 && rng_below(r, 10) == 0 && m.joined_on < d->today - 60)
			m.left_on = d->today - (int32_t)rng_below(r, 50);
		if (login && i == 1)
			snprintf(m.login, sizeof m.login, "%s", d->team_login);
		rc = put(d, &rec_members, &m, d->today);
	}
	if (rc == 0)
		rc = team_year(d, r, u->code, t.founded_on,
		               pace_of(d, commune ? u->code : u->parent));
	return rc;
}

static int village_team(const struct unit *u, void *ctx)
{
	struct demo_ctx *d = ctx;
	struct rng r = commune_rng(d, u->code, 1);
	return team_of(d, &r, u, false);
}

static int load_teams(struct demo_ctx *d)
{
	int rc = 0;
	for (size_t c = 0; rc == 0 && c < d->ncommunes; c++) {
		struct rng r = commune_rng(d, d->communes[c].code, 2);
		rc = team_of(d, &r, &d->communes[c], true);
		if (rc == 0)
			rc = store_unit_children(d->s, d->communes[c].code, village_team, d, d->e);
	}
	return rc;
}

/* ---- activities: a year of help, more where the commune is further along ---- */

static const unsigned kind_w[] = {30, 25, 15, 8, 4, 8}; /* enum activity_kind order */

/* The campaign's days: the last 15 July .. 25 October that ended before
 * today; its code names the year. */
static void campaign_days(int32_t today, int32_t *from, int32_t *to, char code[REC_CODE_MAX])
{
	int y, m, dd;
	lunar_civil(today, &y, &m, &dd);
	if (lunar_jdn(y, 10, 25) >= today)
		y--;
	*from = lunar_jdn(y, 7, 15);
	*to = lunar_jdn(y, 10, 25);
	snprintf(code, REC_CODE_MAX, "BDHVS-%04d", y % 10000);
}

static int team_year(struct demo_ctx *d, struct rng *r, const char *unit, int32_t founded,
                     double pace)
{
	int32_t cfrom, cto;
	char code[REC_CODE_MAX];
	campaign_days(d->today, &cfrom, &cto, code);
	int rc = 0;
	for (int month = 0; rc == 0 && month < 12; month++) {
		int32_t start = d->today - 365 + month * 30;
		int n = (int)(pace * (2 + rng_below(r, 7)) * (d->scale < 0.05 ? 0.5 : 1));
		for (int i = 0; rc == 0 && i < n; i++) {
			struct activity a;
			memset(&a, 0, sizeof a);
			snprintf(a.team_unit, sizeof a.team_unit, "%s", unit);
			a.day = start + (int32_t)rng_below(r, 30);
			if (a.day <= founded || a.day > d->today)
				continue;
			a.kind = 1 + rng_weighted(r, kind_w, 6);
			bool in_campaign = a.day >= cfrom && a.day <= cto;
			if (in_campaign && rng_below(r, 3) == 0)
				a.kind = ACT_TRAINING;
			if (a.kind == ACT_TRAINING) {
				a.attendance = 12 + rng_below(r, 50);
				if (in_campaign)
					snprintf(a.campaign, sizeof a.campaign, "%s", code);
			} else {
				a.people = 1 + rng_below(r, 3);
			}
			rc = put(d, &rec_activities, &a, d->today);
		}
	}
	return rc;
}

/* ---- the campaign ---- */

static const struct {
	const char *name;
	int measure;
	long target; /* for the province, at scale 1 */
} targets[] = {
    {"Số buổi tập huấn kỹ năng số tại thôn, tổ dân phố", MEASURE_SESSIONS, 3000},
    {"Số lượt người dân dự tập huấn", MEASURE_ATTENDANCE, 90000},
    {"Số người được hỗ trợ kích hoạt định danh điện tử mức 2", MEASURE_KIND + ACT_EID, 20000},
    {"Số người được hướng dẫn nộp hồ sơ trực tuyến", MEASURE_KIND + ACT_ONLINE_FILING, 15000},
    {"Số người được mở tài khoản thanh toán không dùng tiền mặt", MEASURE_KIND + ACT_CASHLESS,
     8000},
    {"Số sản phẩm được đưa lên sàn thương mại điện tử", MEASURE_KIND + ACT_PRODUCT, 1000},
    {"Số điện thoại thông minh trao cho hộ nghèo", MEASURE_KIND + ACT_SMARTPHONE, 500},
    {"Cán bộ, công chức xã hoàn thành khóa học trên nền tảng Bình dân học vụ số", MEASURE_NONE,
     100},
    {"Học sinh trung học được phổ cập kỹ năng số cơ bản", MEASURE_NONE, 100},
    {"Thôn, tổ dân phố có tổ công nghệ số cộng đồng hoạt động", MEASURE_NONE, 100},
};

static int load_campaign(struct demo_ctx *d)
{
	struct campaign_row c;
	memset(&c, 0, sizeof c);
	campaign_days(d->today, &c.starts_on, &c.ends_on, c.code);
	snprintf(c.unit, sizeof c.unit, "%s", d->province);
	snprintf(c.name, sizeof c.name, "Phong trào \"Bình dân học vụ số\" — đợt cao điểm");
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof targets / sizeof targets[0]; i++) {
		c.seq = (int64_t)i + 1;
		snprintf(c.target_name, sizeof c.target_name, "%s", targets[i].name);
		c.measure = targets[i].measure;
		c.target = targets[i].measure == MEASURE_NONE
		               ? targets[i].target
		               : (int64_t)ceil((double)targets[i].target * d->scale);
		rc = put(d, &rec_campaigns, &c, d->today);
	}
	return rc;
}

/* ---- businesses ---- */

static const char *const trades[] = {"Cà phê",  "Nông sản", "Xây dựng",  "Vận tải", "Thương mại",
                                     "Dịch vụ", "Vật tư",   "Thực phẩm", "Du lịch", "Điện máy"};

static int commune_businesses(struct demo_ctx *d, const struct unit *c, uint32_t *seq)
{
	struct rng r = commune_rng(d, c->code, 3);
	int n = (int)((40 + rng_below(&r, 160)) * d->scale) + 3, rc = 0;
	double eshare = 0.4 + 0.5 * rng_unit(&r); /* household businesses on e-invoices */
	for (int i = 0; rc == 0 && i < n; i++) {
		struct business b;
		memset(&b, 0, sizeof b);
		char nine[10];
		int check;
		do
			snprintf(nine, sizeof nine, "60%07u", (unsigned)(++*seq % 10000000u));
		while ((check = business_check_digit(nine)) < 0);
		snprintf(b.tax_code, sizeof b.tax_code, "%.9s%c", nine, (char)('0' + check));
		b.kind = rng_below(&r, 10) < 3 ? 1 : 2;
		char owner[96];
		people_demo_name(&r, rng_below(&r, 2) ? PEOPLE_FEMALE : PEOPLE_MALE, owner,
		                 sizeof owner);
		if (b.kind == 1)
			snprintf(b.name, sizeof b.name, "Công ty TNHH %s %.60s", PICK(&r, trades),
			         c->name + (strncmp(c->name, "Xã ", 4) ? 0 : 4));
		else
			snprintf(b.name, sizeof b.name, "Hộ kinh doanh %s", owner);
		snprintf(b.unit, sizeof b.unit, "%s", c->code);
		b.opened_on = d->today - 60 - (int32_t)rng_below(&r, 3650);
		/* Enterprises moved to e-invoices by mid-2022 (Decree 123/2020); household
		 * businesses later and not all. */
		if (b.kind == 1 || rng_unit(&r) < eshare) {
			int32_t by = b.kind == 1 ? lunar_jdn(2022, 7, 1)
			                         : d->today - 400 + (int32_t)rng_below(&r, 380);
			b.einvoice_from = b.opened_on > by ? b.opened_on : by;
		}
		if (rng_unit(&r) < 0.75)
			b.cashless_from = b.opened_on + (int32_t)rng_below(&r, 900);
		if (b.cashless_from > d->today)
			b.cashless_from = 0;
		rc = put(d, &rec_businesses, &b, d->today);
	}
	return rc;
}

/* ---- products ---- */

static const char *const goods[] = {"Cà phê bột", "Hồ tiêu",   "Sầu riêng", "Mắc ca sấy",
                                    "Bơ sáp",     "Mật ong",   "Gạo",       "Hạt điều",
                                    "Rượu cần",   "Chuối sấy", "Ca cao",    "Trà atiso"};
static const char *const platforms[][2] = {
    {"Shopee", "shopee.vn"},     {"Lazada", "lazada.vn"}, {"Tiki", "tiki.vn"},
    {"Postmart", "postmart.vn"}, {"Voso", "voso.vn"},     {"TikTok Shop", "tiktok.com"},
};

static int commune_products(struct demo_ctx *d, const struct unit *c)
{
	struct rng r = commune_rng(d, c->code, 4);
	int n = 3 + (int)rng_below(&r, 17), rc = 0;
	for (int i = 0; rc == 0 && i < n; i++) {
		struct product_row p;
		memset(&p, 0, sizeof p);
		snprintf(p.code, sizeof p.code, "SP-%s-%02u", c->code, (unsigned)(i + 1) % 100u);
		snprintf(p.unit, sizeof p.unit, "%s", c->code);
		const char *g = PICK(&r, goods);
		snprintf(p.name, sizeof p.name, "%s %.60s", g,
		         c->name + (strncmp(c->name, "Xã ", 4) ? 0 : 4));
		snprintf(p.producer, sizeof p.producer, "Hợp tác xã nông nghiệp %.60s",
		         c->name + (strncmp(c->name, "Xã ", 4) ? 0 : 4));
		p.kind = rng_below(&r, 5) < 2 ? 1 : 2;
		p.ocop_stars = p.kind == 1 ? 3 + rng_below(&r, 3) : 0;
		p.added_on = d->today - 30 - (int32_t)rng_below(&r, 1000);
		int listings = rng_unit(&r) < 0.75 ? 1 + (int)rng_below(&r, 2) : 0;
		rc = put(d, &rec_products, &p, d->today);
		for (int k = 0; rc == 0 && k < listings; k++) {
			const char *const *pf = platforms[(i + k * 3 + rng_below(&r, 2)) % 6];
			snprintf(p.platform, sizeof p.platform, "%s", pf[0]);
			snprintf(p.url, sizeof p.url, "https://%s/search?q=%s", pf[1], p.code);
			p.online_since =
			    p.added_on + (int32_t)rng_below(&r, (uint32_t)(d->today - p.added_on));
			rc = put(d, &rec_products, &p, d->today);
		}
	}
	return rc;
}

/* ---- reported figures: twelve months, the last awaiting approval ---- */

struct figures {
	double v[8];
};

static const char *const figure_names[8] = {
    "broadband_villages", "population",       "people_4g",
    "people_5g",          "officials_total",  "officials_with_certificate",
    "documents_total",    "documents_online",
};

/* A unit's figures for month m (0: twelve months ago, 11: the last). */
static void month_figures(struct rng *r, const struct unit *u, double scale, int m,
                          struct figures *f)
{
	double grow = (m + 1) / 12.0;
	double pop =
	    (u->level == UNIT_PROVINCE ? 2600000.0 : 20000.0 + rng_unit(r) * 12000) * scale;
	int villages = u->child_count > 0 ? u->child_count : 1;
	f->v[0] = villages - (m < 6 ? (double)rng_below(r, 3) : 0);
	if (f->v[0] < 0)
		f->v[0] = 0;
	f->v[1] = floor(pop);
	f->v[2] = floor(pop * (0.97 + 0.029 * grow));
	f->v[3] = floor(pop * (0.08 + 0.25 * grow));
	f->v[4] = u->level == UNIT_PROVINCE ? 2400 : 22 + rng_below(r, 8);
	f->v[5] = floor(f->v[4] * (0.8 + 0.2 * grow));
	f->v[6] = (u->level == UNIT_PROVINCE ? 9000 : 300) + rng_below(r, 400);
	f->v[7] = floor(f->v[6] * (0.85 + 0.14 * grow));
}

static int report_one(struct demo_ctx *d, const struct unit *u, const char *period,
                      const char *figure, double value, bool approve)
{
	struct report rep;
	memset(&rep, 0, sizeof rep);
	snprintf(rep.unit, sizeof rep.unit, "%s", u->code);
	snprintf(rep.figure, sizeof rep.figure, "%s", figure);
	snprintf(rep.period, sizeof rep.period, "%s", period);
	rep.value = value;
	int rc = rec_reports.check(&rep, d->today, d->e);
	if (rc == 0)
		rc = store_record_put(d->tx, &rec_reports, &rep, NULL, d->e);
	if (rc == 0 && approve)
		rc = store_records_decide(d->tx, rep.id, true, "", d->e);
	d->count[3]++;
	return rc;
}

static int unit_reports(struct demo_ctx *d, const struct unit *u)
{
	int y, mo, dd, rc = 0;
	lunar_civil(d->today, &y, &mo, &dd);
	for (int m = 0; rc == 0 && m < 12; m++) {
		/* The twelve months before this one. */
		int back = 12 - m, yy = y, mm = mo - back;
		while (mm < 1)
			mm += 12, yy--;
		char period[24];
		snprintf(period, sizeof period, "%04d-%02d", yy % 10000, mm % 100);
		struct rng r = commune_rng(d, u->code, 100 + (uint64_t)m);
		struct figures f;
		month_figures(&r, u, d->scale, m, &f);
		for (int k = 0; rc == 0 && k < 8; k++) {
			/* One report in thirty corrected after its approval. */
			if (m < 11 && rng_below(&r, 30) == 0)
				rc = report_one(d, u, period, figure_names[k], f.v[k] * 1.1, true);
			if (rc == 0)
				rc = report_one(d, u, period, figure_names[k], f.v[k], m < 11);
		}
	}
	return rc;
}

/* ---- all of it ---- */

static int phase(struct demo_ctx *d, const struct rec_kind *audit, int (*fn)(struct demo_ctx *),
                 long rows)
{
	struct actor who;
	actor_system(&who, "demo");
	int rc = store_records_begin(d->s, &who, &d->tx, d->e);
	if (rc)
		return rc;
	rc = fn(d);
	int rc2 = store_records_end(d->tx, rc == 0, audit, "demo", rows ? rows : 1, d->e);
	return rc ? rc : rc2;
}

static int load_businesses(struct demo_ctx *d)
{
	uint32_t seq = 100000;
	int rc = 0;
	for (size_t c = 0; rc == 0 && c < d->ncommunes; c++)
		rc = commune_businesses(d, &d->communes[c], &seq);
	for (size_t c = 0; rc == 0 && c < d->ncommunes; c++)
		rc = commune_products(d, &d->communes[c]);
	return rc;
}

static int load_reports(struct demo_ctx *d)
{
	struct unit p;
	int rc = store_unit_get(d->s, d->province, &p, d->e);
	if (rc == 0)
		rc = unit_reports(d, &p);
	for (size_t c = 0; rc == 0 && c < d->ncommunes; c++)
		rc = unit_reports(d, &d->communes[c]);
	return rc;
}

int demo_digital(struct store *s, const struct unit *communes, size_t ncommunes,
                 const char *province, unsigned long seed, double scale, int32_t today,
                 char *summary, size_t cap, struct xerr *e)
{
	struct demo_ctx d = {s, communes, ncommunes, seed, scale, today, province};
	d.e = e;
	struct unit village;
	struct {
		struct unit *u;
		int n;
	} pv = {&village, 0};
	if (ncommunes && store_unit_children(s, communes[0].code, demo_pick2, &pv, e) >= 0 &&
	    pv.n) {
		snprintf(d.team_village, sizeof d.team_village, "%s", village.code);
		snprintf(d.team_login, sizeof d.team_login, "team.%s", village.code);
	}
	int rc = phase(&d, &rec_campaigns, load_campaign, 10);
	if (rc == 0)
		rc = phase(&d, &rec_activities, load_teams, 0);
	if (rc == 0)
		rc = phase(&d, &rec_businesses, load_businesses, 0);
	if (rc == 0)
		rc = phase(&d, &rec_reports, load_reports, 0);
	if (rc == 0)
		snprintf(
		    summary, cap,
		    "%ld teams, %ld members, %ld activities, %ld businesses, %ld product rows, "
		    "%ld reports",
		    d.count[0], d.count[1], d.count[2], d.count[4], d.count[5], d.count[3]);
	return rc;
}
