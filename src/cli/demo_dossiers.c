/*
 * demo_dossiers.c: a year of one-stop-shop dossiers for `xaso demo`.
 *
 * About 3,000 dossiers a commune a year at scale 1 (Đắk Lắk reported over
 * 300,000 in nine months across province and communes), filed on working
 * days in office hours at the counter and at any hour online. Each commune
 * has its own digital maturity: its online share rises through the year,
 * from about 35% to 90% in the best communes and from 15% to 40% in the
 * least advanced. The mix of procedures follows what a commune receives
 * most (certified copies, civil status, residence). Appointments come from
 * the calendar like live dossiers; some are supplemented (a few twice),
 * some late (a third of those with an apology), some withdrawn or stopped,
 * some rated unsatisfied. Dossiers whose work would end after today are
 * left open. Feedback too, most answered in time. Fees are paid as core
 * decides (core/fee.h), most by VietQR transfer, the commune's share of
 * transfers rising through the year, the rest in cash (demo_fees.c loads
 * the payments). Documents, results and reused results are linked as
 * files (demo_files.c). Loaded in bulk (store_dossier_import),
 * deterministic for a seed on a given day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo.h"
#include "core/rng.h"

enum { DEMO_BATCH = 500, MIX_MAX = 400 };

/* The most frequent procedures of a commune and their weights (per mille);
 * the rest is spread over the whole catalogue. */
static const struct {
	const char *code;
	unsigned weight;
} common[] = {
    {"2.000815", 300}, /* chứng thực bản sao từ bản chính */
    {"1.001193", 90},  /* đăng ký khai sinh */
    {"2.000884", 70},  /* chứng thực chữ ký */
    {"1.004873", 70},  /* xác nhận tình trạng hôn nhân */
    {"1.004194", 60},  /* đăng ký tạm trú */
    {"1.004222", 50},  /* đăng ký thường trú */
    {"2.001035", 50},  /* chứng thực hợp đồng, giao dịch */
    {"2.000635", 40},  /* cấp bản sao trích lục hộ tịch */
    {"1.000656", 30},  /* đăng ký khai tử */
    {"1.000894", 30},  /* đăng ký kết hôn */
    {"1.012812", 10},  /* hòa giải tranh chấp đất đai */
};

static const char *const family[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ",
                                     "Đặng",   "Bùi",  "Đỗ", "Niê",  "Ksor",  "H'"};
static const char *const middle[] = {"Văn", "Thị", "Đức", "Ngọc", "Minh", "Thu", "Hữu", "Thanh"};
static const char *const given[] = {"An",  "Bình", "Cường", "Dung", "Hà",  "Hùng",  "Lan", "Mai",
                                    "Nam", "Oanh", "Phúc",  "Quân", "Sơn", "Trang", "Vy",  "Yến"};

#define PICK(r, a) ((a)[rng_below((r), sizeof(a) / sizeof((a)[0]))])

struct mix {
	struct procedure p[MIX_MAX];
	unsigned weight[MIX_MAX];
	int n;
};

static int collect_procedure(const struct procedure *p, void *ctx)
{
	struct mix *m = ctx;
	if (m->n >= MIX_MAX || p->time_unit == PROC_TIME_NONE || !strncmp(p->code, "9.", 2))
		return 0;
	unsigned w = 1;
	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
		if (!strcmp(common[i].code, p->code))
			w = common[i].weight * 3;
	m->p[m->n] = *p;
	m->weight[m->n++] = w;
	return 0;
}

struct gen {
	struct rng *r;
	const struct cal *cal;
	struct cal_hours h;
	int64_t now;
	/* The commune's share of fees paid by transfer at the start and the
	 * end of the year, and its payments. */
	double transfer0, transfer1;
	struct demo_fees *fees;
	struct demo_files *files;
};

static void event(struct dossier_history *hh, int from, int to, int64_t at, bool staff,
                  const char *note)
{
	if (hh->nevents >= (int)(sizeof hh->ev / sizeof hh->ev[0]))
		return;
	struct dossier_event *ev = &hh->ev[hh->nevents++];
	memset(ev, 0, sizeof *ev);
	ev->from = from;
	ev->to = to;
	ev->at = at;
	snprintf(ev->login, sizeof ev->login, "%s", staff ? "canbo.motcua" : "nguoi.nop");
	snprintf(ev->role, sizeof ev->role, "%s", staff ? "officer" : "citizen");
	snprintf(ev->note, sizeof ev->note, "%s", note);
}

/* Office time `minutes` after t (t itself when minutes is 0). */
static int64_t later(const struct gen *g, int64_t t, int64_t minutes)
{
	int64_t out = t;
	struct xerr e;
	if (cal_add_workminutes(g->cal, &g->h, t, minutes, &out, &e))
		return t + minutes;
	return out;
}

/* One step of a dossier's life as core decides it (the demo only picks
 * the moments): the change applied, its event and its pause recorded.
 * False when core refuses it, or the history is full. */
static bool step(const struct dossier_clock *k, struct dossier_history *hh, int to, int64_t at,
                 bool staff, const char *note)
{
	struct dossier *d = &hh->d;
	struct dossier_pause *open =
	    hh->npauses && !hh->pause[hh->npauses - 1].end ? &hh->pause[hh->npauses - 1] : NULL;
	struct dossier_change c;
	struct xerr e;
	if (dossier_decide(k, d, to, staff ? SIDE_STAFF : SIDE_APPLICANT, at,
	                   open ? open->start : 0, &c, &e) != 0)
		return false;
	if (c.pause == DOSSIER_PAUSE_OPEN &&
	    hh->npauses == (int)(sizeof hh->pause / sizeof hh->pause[0]))
		return false;
	dossier_apply(d, &c);
	if (c.pause == DOSSIER_PAUSE_OPEN)
		hh->pause[hh->npauses++] = (struct dossier_pause){at, 0, 0};
	else if (c.pause == DOSSIER_PAUSE_CLOSE && open)
		*open = (struct dossier_pause){open->start, at, c.restart_due};
	event(hh, c.from, c.to, at, staff, note);
	return true;
}

/* Filed, and received by the unit (at once at the counter); false when the
 * dossier's life ends there (not yet received, or refused). */
static bool filed_and_received(const struct gen *g, const struct dossier_clock *k,
                               struct dossier_history *hh)
{
	struct dossier *d = &hh->d;
	struct xerr e;
	bool online = d->channel == DC_ONLINE;
	if (dossier_file(k, d, d->submitted_at, &e) != 0)
		return false;
	event(hh, 0, d->status, d->submitted_at, !online, "filed");
	if (!online)
		return true;
	int64_t recv = later(g, d->submitted_at, 30 + rng_below(g->r, 300));
	if (recv > g->now)
		return false;
	if (rng_unit(g->r) < 0.03) {
		step(k, hh, DS_REFUSED, recv, true, "không thuộc thẩm quyền");
		return false;
	}
	return step(k, hh, DS_RECEIVED, recv, true, "");
}

/* Supplement requests while processing (a few twice); some never come and
 * processing stops. *t moves to the end of the last pause; false when the
 * dossier's life ends meanwhile. */
static bool supplements(const struct gen *g, const struct dossier_clock *k,
                        struct dossier_history *hh, int64_t work, int64_t *t)
{
	struct rng *r = g->r;
	int n = rng_unit(r) < 0.12 ? (rng_unit(r) < 0.12 ? 2 : 1) : 0;
	for (int i = 0; i < n; i++) {
		int64_t ask = later(g, *t, work / 3 + 1);
		if (ask > g->now || !step(k, hh, DS_SUPPLEMENT, ask, true, "bổ sung giấy tờ"))
			return false;
		int64_t back = later(g, ask, 60 + rng_below(r, 450 * 5));
		if (rng_unit(r) < 0.08) {
			/* Never supplemented: processing stops. */
			int64_t stop = later(g, ask, 450 * 15);
			if (stop <= g->now)
				step(k, hh, DS_STOPPED, stop, true, "không bổ sung");
			return false;
		}
		if (back > g->now || !step(k, hh, DS_PROCESSING, back, false, "đã bổ sung"))
			return false;
		*t = back;
	}
	return true;
}

/* The fee of a procedure that has one, paid by transfer or in cash at the
 * counter. Some who filed online pay by the code they got at filing; the
 * others pay when the unit asks (4 -> 6), and the dossier goes on once the
 * payment is recorded (6 -> 4), both through the rule book. *t moves to
 * then; false when the dossier still waits for its fee today. */
static bool pay_fee(const struct gen *g, const struct dossier_clock *k, struct dossier_history *hh,
                    int64_t *t)
{
	struct dossier *d = &hh->d;
	struct rng *r = g->r;
	struct xerr e;
	double year = 365.0 * CAL_DAY_MINUTES, pos = 1 - (double)(g->now - d->submitted_at) / year;
	double share = g->transfer0 + (g->transfer1 - g->transfer0) * pos +
	               (d->channel == DC_ONLINE ? 0.15 : -0.1);
	int method = rng_unit(r) < share ? FEE_TRANSFER : FEE_CASH;
	int64_t at = d->submitted_at + 5 + rng_below(r, 180);
	if (method == FEE_TRANSFER && d->channel == DC_ONLINE && rng_unit(r) < 0.5 && at < *t &&
	    fee_pay(d, method, d->fee_vnd, at, &e) == 0) {
		demo_fee_paid(g->fees, d, method, d->fee_vnd, at);
		return true;
	}
	int64_t ask = later(g, *t, 10 + rng_below(r, 60));
	if (ask > g->now || !step(k, hh, DS_FEE, ask, true, "nộp phí, lệ phí"))
		return false;
	/* A transfer any time of day, seen when the statement is read; cash
	 * at the counter. */
	at = method == FEE_TRANSFER ? ask + 10 + rng_below(r, 30 * 60)
	                            : later(g, ask, 5 + rng_below(r, 30));
	int64_t on = method == FEE_TRANSFER ? later(g, at, rng_below(r, 240)) : at;
	if (on > g->now || fee_pay(d, method, d->fee_vnd, at, &e) != 0) {
		demo_fee_waiting(g->fees, d);
		return false;
	}
	demo_fee_paid(g->fees, d, method, d->fee_vnd, at);
	if (!step(k, hh, DS_PROCESSING, on, true, "đã nộp phí, lệ phí"))
		return false;
	*t = on;
	return true;
}

/* The result at `done` (a late one sometimes with an apology before its
 * appointment), returned, and sometimes rated. */
static void finish(const struct gen *g, const struct dossier_clock *k, struct dossier_history *hh,
                   int64_t t, int64_t done, bool late)
{
	struct dossier *d = &hh->d;
	struct rng *r = g->r;
	struct xerr e;
	if (late && d->due_at && rng_unit(r) < 0.35) {
		/* Decree 61/2018 art. 19(9): apology with a new appointment. */
		int64_t at = d->due_at - 450;
		if (at > t && at <= g->now &&
		    dossier_apologise(d, later(g, done, 450), "Cần xác minh thêm thông tin", at,
		                      &e) == 0)
			event(hh, d->status, d->status, at, true, "xin lỗi, hẹn lại");
	}
	if (done > g->now || !step(k, hh, DS_RESULT, done, true, ""))
		return;
	int64_t back = later(g, done, rng_below(r, 900));
	if (back <= g->now)
		step(k, hh, DS_RETURNED, back, true, "");
	if (rng_unit(r) < (d->channel == DC_ONLINE ? 0.45 : 0.2)) {
		bool ok_time = d->on_time == 1;
		bool satisfied = rng_unit(r) >= (ok_time ? 0.04 : 0.35);
		dossier_rate(d, satisfied,
		             satisfied ? ""
		             : ok_time ? "Phải đi lại nhiều lần"
		                       : "Trả kết quả trễ hẹn",
		             &e);
	}
}

/* The life of one dossier up to today: the demo draws the moments, core
 * decides what each step does. */
static void live(const struct gen *g, struct dossier_history *hh, const struct procedure *p,
                 double lateness)
{
	struct dossier *d = &hh->d;
	struct rng *r = g->r;
	struct dossier_clock k = {g->cal, g->h, p->time_unit, p->time_value, p->fee_vnd};
	struct xerr e;
	if (!filed_and_received(g, &k, hh))
		return;
	int64_t t = d->received_at;
	int64_t allotted = d->due_at > t ? 0 : 450;
	if (d->due_at > t && cal_workminutes_between(g->cal, &g->h, t, d->due_at, &allotted, &e))
		allotted = 450;
	/* Work needs a share of the allotted office time; late communes
	 * overrun more often. */
	double share = 0.15 + 0.6 * rng_unit(r);
	bool late = rng_unit(r) < lateness;
	if (late)
		share = 1.05 + 0.6 * rng_unit(r);
	int64_t work = (int64_t)(allotted * share) + 1;
	int64_t start = later(g, t, 5 + rng_below(r, 60));
	if (start > g->now || !step(&k, hh, DS_PROCESSING, start, true, ""))
		return;
	t = start;
	if (d->fee_vnd > 0 && !pay_fee(g, &k, hh, &t))
		return;
	if (!supplements(g, &k, hh, work, &t))
		return;
	if (rng_unit(r) < 0.02) {
		int64_t w = later(g, t, work / 2 + 1);
		if (w <= g->now)
			step(&k, hh, DS_WITHDRAWN, w, false, "rút hồ sơ");
		return;
	}
	finish(g, &k, hh, t, later(g, t, work), late);
}

static int cmp_time(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* A filing moment in [from, to): counter dossiers on working days in
 * office hours, online ones at any hour with an evening peak. */
static int64_t filing_time(const struct gen *g, int64_t from, int64_t to, bool online)
{
	for (int tries = 0; tries < 100; tries++) {
		int64_t t = from + (int64_t)(rng_unit(g->r) * (double)(to - from));
		int32_t day = cal_time_day(t);
		int minute = cal_time_minute(t);
		if (online && (minute >= 6 * 60 || rng_unit(g->r) < 0.1))
			return t;
		if (!cal_is_workday(g->cal, day))
			continue;
		for (int i = 0; i < g->h.n; i++)
			if (minute >= g->h.span[i].from && minute < g->h.span[i].to)
				return t;
	}
	return from;
}

/* Each with what it is about (core's feedback topics: 1 rules and
 * procedures, 2 officials' behaviour). */
static const struct complaint {
	const char *text;
	int topic;
} complaints[] = {
    {"Cán bộ một cửa hẹn trả kết quả nhưng đến nơi chưa có", 2},
    {"Không nộp được hồ sơ trực tuyến, trang báo lỗi khi tải tệp", 1},
    {"Đề nghị niêm yết rõ phí chứng thực tại bộ phận một cửa", 1},
    {"Phải bổ sung giấy tờ hai lần cho cùng một hồ sơ", 1},
    {"Đề nghị bố trí thêm cán bộ tiếp nhận vào buổi sáng", 2},
};

/* Feedback through the year, about 30 a commune at scale 1: most answered
 * within 15 working days, some late, some still open; two answers in
 * three rated by their sender, the late ones and a few others disliked. */
static int demo_feedback(struct store *s, struct rng *r, const struct unit *u, double scale,
                         int64_t from, int64_t now, const struct actor *who, long *count,
                         struct xerr *e)
{
	int n = (int)(30 * scale + rng_unit(r));
	for (int i = 0; i < n; i++) {
		struct feedback *f = calloc(1, sizeof *f);
		if (!f)
			return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		snprintf(f->unit, sizeof f->unit, "%s", u->code);
		const struct complaint *c = &PICK(r, complaints);
		snprintf(f->content, sizeof f->content, "%s", c->text);
		f->topic = c->topic;
		f->created_at = from + (int64_t)(rng_unit(r) * (double)(now - from));
		int rc = store_feedback_create(s, who, f, e);
		double x = rng_unit(r);
		int64_t at = x < 0.85 ? f->created_at + (f->answer_by - f->created_at) / 2
		                      : f->answer_by + CAL_DAY_MINUTES * 3;
		if (rc == 0 && x < 0.95 && at < now)
			rc = store_feedback_answer(s, who, f->id, false, "Đã tiếp thu và xử lý", 0,
			                           at, NULL, e);
		if (rc == 0 && x < 0.95 && at < now && f->id % 3)
			rc = store_feedback_rate(s, who, f->id, x < 0.75,
			                         x < 0.75 ? "" : "Chưa giải quyết dứt điểm", NULL,
			                         e);
		free(f);
		if (rc)
			return rc;
		(*count)++;
	}
	return 0;
}

/* The filing moments of a commune's n dossiers over the year before
 * g->now, their channels encoded beside them (time * 4 + channel), in
 * time order so that each day's sequence rises like a live desk's. Its
 * online share rises from s0 to s1 through the year. */
static int64_t *filing_moments(const struct gen *g, size_t n, double s0, double s1)
{
	int64_t year = 365LL * CAL_DAY_MINUTES, from = g->now - year;
	int64_t *times = malloc((n ? n : 1) * sizeof *times);
	for (size_t i = 0; times && i < n; i++) {
		double pos = rng_unit(g->r);
		bool online = rng_unit(g->r) < s0 + (s1 - s0) * pos;
		int64_t lo = from + (int64_t)(pos * (double)year);
		int64_t t = filing_time(g, lo, lo + CAL_DAY_MINUTES * 3, online);
		if (t >= g->now)
			t = g->now - 1 - rng_below(g->r, 600);
		times[i] = t * 4 + (online                  ? DC_ONLINE
		                    : rng_unit(g->r) < 0.03 ? DC_POST
		                                            : DC_COUNTER);
	}
	if (times)
		qsort(times, n, sizeof *times, cmp_time);
	return times;
}

/* One dossier of commune u filed at the moment `key` encodes, with its
 * life up to today; *day and *seq carry the code's daily sequence. */
static void one_dossier(const struct gen *g, const struct mix *mix, const struct unit *u,
                        int64_t key, double lateness, int32_t *day, long *seq,
                        struct dossier_history *hh)
{
	struct rng *r = g->r;
	memset(hh, 0, sizeof *hh);
	struct dossier *d = &hh->d;
	d->submitted_at = key / 4;
	d->channel = (int)(key % 4);
	d->rating = -1;
	int32_t dd = cal_time_day(d->submitted_at);
	*seq = dd == *day ? *seq + 1 : 1;
	*day = dd;
	dossier_code_format(u->code, dd, *seq, d->code);
	snprintf(d->unit, sizeof d->unit, "%s", u->code);
	const struct procedure *p = &mix->p[rng_weighted(r, mix->weight, mix->n)];
	snprintf(d->procedure, sizeof d->procedure, "%s", p->code);
	snprintf(d->applicant_name, sizeof d->applicant_name, "%s %s %s", PICK(r, family),
	         PICK(r, middle), PICK(r, given));
	snprintf(d->applicant_pid, sizeof d->applicant_pid, "066%u%02u%06u", rng_below(r, 4),
	         rng_below(r, 100), rng_below(r, 1000000));
	snprintf(d->applicant_phone, sizeof d->applicant_phone, "09%08u", rng_below(r, 100000000));
	snprintf(d->applicant_address, sizeof d->applicant_address, "%s", u->name);
	snprintf(d->form, sizeof d->form, "{}");
	int reused = demo_files_reuse(g->files, d);
	live(g, hh, p, lateness);
	demo_files_attach(g->files, p, reused, hh);
}

/* A commune's feedback and year of dossiers, loaded DEMO_BATCH at a time
 * into batch. Each commune has its own digital maturity. */
static int commune_year(struct store *s, const struct gen *g, const struct mix *mix,
                        const struct unit *u, double scale, struct dossier_history *batch,
                        long *count, struct xerr *e)
{
	struct actor sys;
	actor_system(&sys, "demo");
	struct rng *r = g->r;
	long nfeedback = 0;
	int rc = demo_feedback(s, r, u, scale, g->now - 365LL * CAL_DAY_MINUTES, g->now, &sys,
	                       &nfeedback, e);
	if (rc)
		return rc;
	double maturity = rng_unit(r);
	double s0 = 0.15 + 0.20 * maturity, s1 = 0.40 + 0.50 * maturity;
	struct gen gc = *g; /* this commune's share of transfers */
	gc.transfer0 = 0.40 + 0.25 * maturity;
	gc.transfer1 = 0.70 + 0.25 * maturity;
	g = &gc;
	demo_fees_reset(gc.fees);
	demo_files_commune(gc.files);
	double lateness = 0.01 + 0.08 * (1 - maturity) * rng_unit(r);
	size_t n = (size_t)((2400 + 1200 * rng_unit(r)) * scale) + 1, nb = 0;
	int64_t *times = filing_moments(g, n, s0, s1);
	if (!times)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	int32_t day = -1;
	long seq = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		one_dossier(g, mix, u, times[i], lateness, &day, &seq, &batch[nb]);
		if (++nb == DEMO_BATCH || i + 1 == n) {
			rc = store_dossier_import(s, &sys, batch, nb, e);
			*count += (long)nb;
			nb = 0;
		}
	}
	free(times);
	if (rc == 0)
		rc = demo_fees_load(s, u, gc.fees, r, g->now, e);
	return rc;
}

int demo_dossiers(struct store *s, const struct unit *communes, size_t ncommunes,
                  unsigned long seed, double scale, int64_t now, long *count, struct xerr *e)
{
	struct mix *mix = calloc(1, sizeof *mix);
	struct dossier_history *batch = calloc(DEMO_BATCH, sizeof *batch);
	struct demo_files *files = calloc(1, sizeof *files);
	*count = 0;
	if (!mix || !batch || !files) {
		free(mix);
		free(batch);
		free(files);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	int rc = store_procedure_search(s, NULL, NULL, NULL, MIX_MAX, collect_procedure, mix, e);
	if (rc == 0 && mix->n == 0)
		rc = xerr_set(e, XERR_NOTFOUND, "procedure", "no procedures to file dossiers for");
	struct rng r;
	rng_seed(&r, seed * 7919 + 17);
	struct demo_fees fees;
	memset(&fees, 0, sizeof fees);
	struct gen g = {&r, NULL, {0}, now, 0, 0, &fees, files};
	cal_hours_default(&g.h);
	if (rc == 0)
		rc = store_calendar(s, &g.cal, e);
	if (rc == 0)
		rc = demo_files_store(s, seed, files, e);
	if (rc == 0)
		rc = demo_fee_setups(s, communes, ncommunes, e);
	for (size_t c = 0; c < ncommunes && rc == 0; c++)
		rc = commune_year(s, &g, mix, &communes[c], scale, batch, count, e);
	demo_fees_free(&fees);
	free(files);
	free(batch);
	free(mix);
	return rc;
}
