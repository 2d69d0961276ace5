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
 * left open. Feedback too, most answered in time. Loaded in bulk
 * (store_dossier_import), deterministic for a seed on a given day.
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

/* The life of one dossier up to today. */
static void live(const struct gen *g, struct dossier_history *hh, const struct procedure *p,
                 double lateness)
{
	struct dossier *d = &hh->d;
	struct rng *r = g->r;
	int64_t t = d->submitted_at;
	struct xerr e;
	if (d->channel == DC_ONLINE) {
		event(hh, 0, DS_SUBMITTED, t, false, "filed");
		d->status = DS_SUBMITTED;
		int64_t recv = later(g, t, 30 + rng_below(r, 300));
		if (recv > g->now)
			return;
		if (rng_unit(r) < 0.03) {
			event(hh, DS_SUBMITTED, DS_REFUSED, recv, true, "không thuộc thẩm quyền");
			d->status = DS_REFUSED;
			return;
		}
		t = recv;
		event(hh, DS_SUBMITTED, DS_RECEIVED, t, true, "");
	} else {
		event(hh, 0, DS_RECEIVED, t, true, "filed");
	}
	d->status = DS_RECEIVED;
	d->received_at = t;
	if (dossier_due(g->cal, &g->h, d->channel, p->time_unit, p->time_value, t, &d->due_at, &e))
		d->due_at = 0;
	d->original_due_at = d->due_at;
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
	if (start > g->now)
		return;
	event(hh, DS_RECEIVED, DS_PROCESSING, start, true, "");
	d->status = DS_PROCESSING;
	t = start;
	int supplements = rng_unit(r) < 0.12 ? (rng_unit(r) < 0.12 ? 2 : 1) : 0;
	for (int k = 0; k < supplements && hh->npauses < 3; k++) {
		int64_t ask = later(g, t, work / 3 + 1);
		if (ask > g->now)
			return;
		event(hh, DS_PROCESSING, DS_SUPPLEMENT, ask, true, "bổ sung giấy tờ");
		d->status = DS_SUPPLEMENT;
		d->supplement_count++;
		struct dossier_pause *pz = &hh->pause[hh->npauses++];
		pz->start = ask;
		pz->end = 0;
		int64_t back = later(g, ask, 60 + rng_below(r, 450 * 5));
		if (rng_unit(r) < 0.08) {
			/* Never supplemented: processing stops. */
			int64_t stop = later(g, ask, 450 * 15);
			if (stop <= g->now) {
				event(hh, DS_SUPPLEMENT, DS_STOPPED, stop, true, "không bổ sung");
				d->status = DS_STOPPED;
				d->finished_at = ask;
			}
			return;
		}
		if (back > g->now)
			return;
		pz->end = back;
		if (d->due_at) {
			cal_extend_for_pause(g->cal, &g->h, d->due_at, ask, back, &d->due_at, &e);
			d->original_due_at = d->due_at;
			dossier_due(g->cal, &g->h, d->channel, p->time_unit, p->time_value, back,
			            &pz->restart_due, &e);
		}
		event(hh, DS_SUPPLEMENT, DS_PROCESSING, back, false, "đã bổ sung");
		d->status = DS_PROCESSING;
		t = back;
	}
	if (rng_unit(r) < 0.02) {
		int64_t w = later(g, t, work / 2 + 1);
		if (w <= g->now) {
			event(hh, DS_PROCESSING, DS_WITHDRAWN, w, false, "rút hồ sơ");
			d->status = DS_WITHDRAWN;
			d->finished_at = w;
		}
		return;
	}
	int64_t done = later(g, t, work);
	if (late && d->due_at && rng_unit(r) < 0.35) {
		/* Decree 61/2018 art. 19(9): apology with a new appointment. */
		int64_t at = later(g, d->due_at, -0) - 450;
		if (at > t && at <= g->now) {
			d->apology_at = at;
			snprintf(d->apology_reason, sizeof d->apology_reason,
			         "Cần xác minh thêm thông tin");
			d->due_at = later(g, done, 450);
			event(hh, d->status, d->status, at, true, "xin lỗi, hẹn lại");
		}
	}
	if (done > g->now)
		return;
	event(hh, DS_PROCESSING, DS_RESULT, done, true, "");
	d->status = DS_RESULT;
	d->finished_at = done;
	int64_t back = later(g, done, rng_below(r, 900));
	if (back <= g->now) {
		event(hh, DS_RESULT, DS_RETURNED, back, true, "");
		d->status = DS_RETURNED;
	}
	if (rng_unit(r) < (d->channel == DC_ONLINE ? 0.45 : 0.2)) {
		bool ok_time = dossier_on_time(done, d->original_due_at, d->supplement_count);
		d->rating = rng_unit(r) < (ok_time ? 0.04 : 0.35) ? 0 : 1;
		if (d->rating == 0)
			snprintf(d->rating_reason, sizeof d->rating_reason, "%s",
			         ok_time ? "Phải đi lại nhiều lần" : "Trả kết quả trễ hẹn");
	}
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

static const char *const complaints[] = {
    "Cán bộ một cửa hẹn trả kết quả nhưng đến nơi chưa có",
    "Không nộp được hồ sơ trực tuyến, trang báo lỗi khi tải tệp",
    "Đề nghị niêm yết rõ phí chứng thực tại bộ phận một cửa",
    "Phải bổ sung giấy tờ hai lần cho cùng một hồ sơ",
    "Đề nghị bố trí thêm cán bộ tiếp nhận vào buổi sáng",
};

/* Feedback through the year, about 30 a commune at scale 1: most answered
 * within 15 working days, some late, some still open. */
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
		snprintf(f->content, sizeof f->content, "%s", PICK(r, complaints));
		f->created_at = from + (int64_t)(rng_unit(r) * (double)(now - from));
		int rc = store_feedback_create(s, who, f, e);
		double x = rng_unit(r);
		int64_t at = x < 0.85 ? f->created_at + (f->answer_by - f->created_at) / 2
		                      : f->answer_by + CAL_DAY_MINUTES * 3;
		if (rc == 0 && x < 0.95 && at < now)
			rc = store_feedback_answer(s, who, f->id, false, "Đã tiếp thu và xử lý", at,
			                           NULL, e);
		free(f);
		if (rc)
			return rc;
		(*count)++;
	}
	return 0;
}

int demo_dossiers(struct store *s, const struct unit *communes, size_t ncommunes,
                  unsigned long seed, double scale, int64_t now, long *count, struct xerr *e)
{
	struct mix *mix = calloc(1, sizeof *mix);
	struct dossier_history *batch = calloc(DEMO_BATCH, sizeof *batch);
	int64_t *times = NULL;
	int rc = 0;
	*count = 0;
	if (!mix || !batch) {
		rc = xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		goto done;
	}
	if ((rc = store_procedure_search(s, NULL, NULL, NULL, MIX_MAX, collect_procedure, mix, e)))
		goto done;
	if (mix->n == 0) {
		rc = xerr_set(e, XERR_NOTFOUND, "procedure", "no procedures to file dossiers for");
		goto done;
	}
	struct rng r;
	rng_seed(&r, seed * 7919 + 17);
	struct gen g = {&r, NULL, {0}, now};
	cal_hours_default(&g.h);
	if ((rc = store_calendar(s, &g.cal, e)))
		goto done;
	struct actor sys;
	actor_system(&sys, "demo");
	int64_t year = 365LL * CAL_DAY_MINUTES, from = now - year;
	long nfeedback = 0;
	for (size_t c = 0; c < ncommunes; c++) {
		const struct unit *u = &communes[c];
		if ((rc = demo_feedback(s, &r, u, scale, from, now, &sys, &nfeedback, e)))
			goto done;
		double maturity = rng_unit(&r);
		double s0 = 0.15 + 0.20 * maturity, s1 = 0.40 + 0.50 * maturity;
		double lateness = 0.01 + 0.08 * (1 - maturity) * rng_unit(&r);
		size_t n = (size_t)((2400 + 1200 * rng_unit(&r)) * scale) + 1;
		free(times);
		times = malloc(n * sizeof *times);
		if (!times) {
			rc = xerr_set(e, XERR_NOMEM, NULL, "out of memory");
			goto done;
		}
		/* Decide channels and times first, then file in time order so
		 * each day's sequence rises like a live desk's. */
		for (size_t i = 0; i < n; i++) {
			double pos = rng_unit(&r);
			bool online = rng_unit(&r) < s0 + (s1 - s0) * pos;
			int64_t lo = from + (int64_t)(pos * (double)year);
			int64_t t = filing_time(&g, lo, lo + CAL_DAY_MINUTES * 3, online);
			if (t >= now)
				t = now - 1 - rng_below(&r, 600);
			/* Low bit of the minute carries nothing; keep the channel
			 * beside the time by encoding it in the sort key. */
			times[i] = t * 4 + (online                ? DC_ONLINE
			                    : rng_unit(&r) < 0.03 ? DC_POST
			                                          : DC_COUNTER);
		}
		qsort(times, n, sizeof *times, cmp_time);
		int32_t day = -1;
		long seq = 0;
		size_t nb = 0;
		for (size_t i = 0; i < n; i++) {
			struct dossier_history *hh = &batch[nb];
			memset(hh, 0, sizeof *hh);
			struct dossier *d = &hh->d;
			d->submitted_at = times[i] / 4;
			d->channel = (int)(times[i] % 4);
			d->rating = -1;
			int32_t dd = cal_time_day(d->submitted_at);
			seq = dd == day ? seq + 1 : 1;
			day = dd;
			dossier_code_format(u->code, dd, seq, d->code);
			snprintf(d->unit, sizeof d->unit, "%s", u->code);
			const struct procedure *p = &mix->p[rng_weighted(&r, mix->weight, mix->n)];
			snprintf(d->procedure, sizeof d->procedure, "%s", p->code);
			snprintf(d->applicant_name, sizeof d->applicant_name, "%s %s %s",
			         PICK(&r, family), PICK(&r, middle), PICK(&r, given));
			snprintf(d->applicant_pid, sizeof d->applicant_pid, "066%u%02u%06u",
			         rng_below(&r, 4), rng_below(&r, 100), rng_below(&r, 1000000));
			snprintf(d->applicant_phone, sizeof d->applicant_phone, "09%08u",
			         rng_below(&r, 100000000));
			snprintf(d->applicant_address, sizeof d->applicant_address, "%s", u->name);
			snprintf(d->form, sizeof d->form, "{}");
			live(&g, hh, p, lateness);
			if (++nb == DEMO_BATCH || i + 1 == n) {
				if ((rc = store_dossier_import(s, &sys, batch, nb, e)))
					goto done;
				*count += (long)nb;
				nb = 0;
			}
		}
	}
done:
	free(times);
	free(batch);
	free(mix);
	return rc;
}
