/*
 * dossier.c: the dossier state machine, its effects, codes, appointment
 * times and the judging of a dossier (dossier.h).
 *
 *                filed online            filed at the counter or by post
 *                     |                               |
 *                     v                               v
 *              (1) submitted --receive (due set)--> (2) received
 *               |  refuse |  withdraw*               |  |  |  withdraw*, stop
 *               v         v                  process |  |  | result (immediate)
 *        (3) refused  (7) withdrawn                  v  |  v
 *                                         +---> (4) processing ----> (9) result
 *              supplement (pause opens) / |  ^    |   |    | stop       | return
 *        (5) supplement <----------------+   |    |   v    v            v
 *           | supplemented (pause closes,    |    | (6) fee  (8)     (10) returned
 *           |  due moves by the paused time) |    |    | paid ^ stopped
 *           +--------------------------------+    |    +------+ (withdraw* from
 *                                                 |               2, 4, 5, 6)
 *   * made by the applicant; every other move by the receiving unit;
 *     5 -> 4 by either (a supplement sent online, or brought on paper).
 *   4 -> 6 only while some of the fee is due; 6 -> 4 only once it is paid
 *   in full, which a recorded payment decides (core/fee.h: a bank
 *   statement's credit or the officer's cash receipt), never the
 *   applicant's word.
 *   Approval: where the procedure's result is a signed document (a
 *     decision, an extract, a certificate the commune issues), the moves
 *     to (9) (from 2 and 4) are the leader's approval: only a leader makes
 *     them, and the result is signed in the same step (issue 17;
 *     docs/signatures.md): the leader's certificate and the unit's seal.
 *
 * Final: 3, 7, 8, 10. Processing ends at the first of 9, 10, 8, 7 (at the
 * supplement request when it ends while waiting for one). The table below
 * is the single statement of who may move a dossier where; the store asks
 * dossier_decide() inside the transaction that applies a move, and
 * docs/dossiers.md reproduces the table.
 */
#include "core/dossier.h"
#include "core/expr.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const status_names[] = {
    "",
    "submitted",
    "received",
    "refused",
    "processing",
    "supplement_requested",
    "fee_requested",
    "withdrawn",
    "stopped",
    "result_ready",
    "returned",
};

static const char *const channel_names[] = {"", "counter", "online", "post"};

bool dossier_status_valid(int s)
{
	return s >= DS_SUBMITTED && s <= DS_MAX;
}

bool dossier_channel_valid(int c)
{
	return c >= DC_COUNTER && c <= DC_POST;
}

const char *dossier_status_name(int s)
{
	return dossier_status_valid(s) ? status_names[s] : "";
}

const char *dossier_channel_name(int c)
{
	return dossier_channel_valid(c) ? channel_names[c] : "";
}

bool dossier_status_final(int s)
{
	return s == DS_REFUSED || s == DS_WITHDRAWN || s == DS_STOPPED || s == DS_RETURNED;
}

bool dossier_status_paused(int s)
{
	return s == DS_SUPPLEMENT;
}

bool dossier_status_ends_processing(int s)
{
	return s == DS_RESULT || s == DS_RETURNED || s == DS_STOPPED || s == DS_WITHDRAWN;
}

#define A SIDE_APPLICANT
#define S SIDE_STAFF

/* Decree 61/2018 art. 17-20 and the portal's statuses. A paper supplement
 * is recorded by the officer on the applicant's behalf (a counter dossier
 * has no applicant account), so 5->4 is open to both sides. 6->4 is the
 * unit's: a fee counts as paid when the money is seen (the commune's bank
 * statement, or cash taken at the counter against a receipt), so saying
 * "I paid" moves nothing; dossier_move_check() adds that the fee must be
 * paid in full. Sorted by (from, to). */
static const struct dossier_transition table[] = {
    {DS_SUBMITTED, DS_RECEIVED, S, "receive an online dossier"},
    {DS_SUBMITTED, DS_REFUSED, S, "refuse to receive (wrong authority, not acceptable)"},
    {DS_SUBMITTED, DS_WITHDRAWN, A, "withdraw before receipt"},
    {DS_RECEIVED, DS_PROCESSING, S, "start processing"},
    {DS_RECEIVED, DS_SUPPLEMENT, S, "ask for a supplement"},
    {DS_RECEIVED, DS_WITHDRAWN, A, "withdraw"},
    {DS_RECEIVED, DS_STOPPED, S, "stop processing"},
    {DS_RECEIVED, DS_RESULT, S, "result ready (immediate procedures)", true},
    {DS_PROCESSING, DS_SUPPLEMENT, S, "ask for a supplement"},
    {DS_PROCESSING, DS_FEE, S, "ask for the fee or tax"},
    {DS_PROCESSING, DS_WITHDRAWN, A, "withdraw"},
    {DS_PROCESSING, DS_STOPPED, S, "stop processing (refusal after appraisal)"},
    {DS_PROCESSING, DS_RESULT, S, "result ready", true},
    {DS_SUPPLEMENT, DS_PROCESSING, A | S, "supplement provided"},
    {DS_SUPPLEMENT, DS_WITHDRAWN, A, "withdraw"},
    {DS_SUPPLEMENT, DS_STOPPED, S, "stop processing (no supplement)"},
    {DS_FEE, DS_PROCESSING, S, "go on once the fee is paid"},
    {DS_FEE, DS_WITHDRAWN, A, "withdraw"},
    {DS_FEE, DS_STOPPED, S, "stop processing (not paid)"},
    {DS_RESULT, DS_RETURNED, S, "result returned"},
};

#undef A
#undef S

const struct dossier_transition *dossier_transitions(size_t *n)
{
	*n = sizeof table / sizeof table[0];
	return table;
}

const struct dossier_transition *dossier_transition_find(int from, int to)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].from == from && table[i].to == to)
			return &table[i];
	return NULL;
}

int dossier_transition_check(int from, int to, enum dossier_side side, struct xerr *e)
{
	if (!dossier_status_valid(to))
		return xerr_set(e, XERR_INVALID, "to", "status must be a number from 1 to %d",
		                DS_MAX);
	if (!dossier_status_valid(from))
		return xerr_set(e, XERR_INVALID, "status", "stored status %d is not valid", from);
	const struct dossier_transition *t = dossier_transition_find(from, to);
	if (!t)
		return xerr_set(e, XERR_CONFLICT, "to",
		                "a dossier cannot go from %s (%d) to %s (%d)",
		                dossier_status_name(from), from, dossier_status_name(to), to);
	if (!(t->sides & (unsigned)side))
		return xerr_set(e, XERR_FORBIDDEN, "to", "only the %s may %s",
		                side == SIDE_APPLICANT ? "receiving unit" : "applicant", t->what);
	return 0;
}

int64_t dossier_fee_left(const struct dossier *d)
{
	return d->fee_vnd > d->paid_vnd ? d->fee_vnd - d->paid_vnd : 0;
}

bool dossier_fee_paid(const struct dossier *d)
{
	return dossier_fee_left(d) == 0;
}

bool dossier_move_signs(int from, int to, bool result_signed)
{
	const struct dossier_transition *t = dossier_transition_find(from, to);
	return t && t->approval && result_signed;
}

int dossier_move_check(const struct dossier *d, int to, enum dossier_side side, bool result_signed,
                       struct xerr *e)
{
	int rc = dossier_transition_check(d->status, to, side, e);
	if (rc)
		return rc;
	if (dossier_move_signs(d->status, to, result_signed) && !(side & SIDE_APPROVER))
		return xerr_set(
		    e, XERR_FORBIDDEN, "to",
		    "the result of this procedure is a signed document: a leader approves "
		    "and signs it");
	if (to == DS_FEE && dossier_fee_paid(d))
		return xerr_set(e, XERR_CONFLICT, "fee",
		                d->fee_vnd ? "the fee of this dossier is already paid"
		                           : "this dossier has no fee: set its fee first");
	if (d->status == DS_FEE && to == DS_PROCESSING && !dossier_fee_paid(d))
		return xerr_set(
		    e, XERR_CONFLICT, "fee",
		    "the fee is not paid yet (%lld of %lld đồng): a payment is recorded "
		    "from the bank statement or by the officer's cash receipt",
		    (long long)d->paid_vnd, (long long)d->fee_vnd);
	return 0;
}

int dossier_next_statuses(int from, int *out, int max)
{
	int n = 0;
	for (size_t i = 0; i < sizeof table / sizeof table[0] && n < max; i++)
		if (table[i].from == from)
			out[n++] = table[i].to;
	return n;
}

void dossier_code_format(const char *unit, int32_t day, long seq, char *dst)
{
	char d[11];
	cal_format_date(day, d);
	snprintf(dst, DOSSIER_CODE_MAX, "%.16s-%.2s%.2s%.2s-%04ld", unit, d + 2, d + 5, d + 8, seq);
}

bool dossier_code_valid(const char *code)
{
	size_t i = 0, n = strlen(code);
	if (n >= DOSSIER_CODE_MAX)
		return false;
	while (i < n && isdigit((unsigned char)code[i]))
		i++;
	if (i < 2 || i > 12 || code[i] != '-')
		return false;
	size_t d0 = ++i;
	while (i < n && isdigit((unsigned char)code[i]))
		i++;
	if (i - d0 != 6 || code[i] != '-')
		return false;
	size_t s0 = ++i;
	while (i < n && isdigit((unsigned char)code[i]))
		i++;
	return i == n && i - s0 >= 4 && i - s0 <= 6;
}

int dossier_due(const struct cal *c, const struct cal_hours *h, int channel,
                enum proc_time_unit unit, int time_value, int64_t received, int64_t *due,
                struct xerr *e)
{
	*due = 0;
	if (h->n < 1)
		return xerr_set(e, XERR_INVALID, "office_hours", "the unit has no office hours");
	int64_t start = received, by = 0;
	int rc = cal_paper_transfer(c, h, received, &by, e);
	if (rc)
		return rc;
	/* Decree 61/2018 art. 18: paper received after 15:00 (or on a day off)
	 * reaches the deciding body on the next working day, and the period
	 * runs from there. */
	if (channel != DC_ONLINE && cal_time_day(by) != cal_time_day(received))
		start = cal_time(cal_time_day(by), h->span[0].from);
	switch (unit) {
	case PROC_TIME_NONE: return 0;
	case PROC_TIME_SAMEDAY: *due = by; return 0;
	case PROC_TIME_WORKDAY: return cal_add_workdays(c, h, start, time_value, due, e);
	case PROC_TIME_WORKHOUR:
		return cal_add_workminutes(c, h, start, (int64_t)time_value * 60, due, e);
	case PROC_TIME_CALENDARDAY: {
		/* Civil Code 2015 art. 148(5): a period whose last day is a day
		 * off ends on the next working day. */
		int32_t day = cal_time_day(start) + time_value;
		for (int i = 0; i < 60 && !cal_is_workday(c, day); i++)
			day++;
		if (!cal_is_workday(c, day))
			return xerr_set(e, XERR_INVALID, "received",
			                "the date is outside the calendar");
		*due = cal_time(day, h->span[h->n - 1].to);
		return 0;
	}
	}
	return xerr_set(e, XERR_INVALID, "time_unit", "unknown processing-time unit");
}

bool dossier_on_time(int64_t finished, int64_t due, int supplement_count)
{
	if (supplement_count > DOSSIER_SUPPLEMENTS_ON_TIME)
		return false;
	return due == 0 || finished <= due;
}

int64_t dossier_local_minutes(int64_t unix_seconds)
{
	return unix_seconds / 60 + 7 * 60;
}

int64_t dossier_unix_seconds(int64_t local_minutes)
{
	return (local_minutes - 7 * 60) * 60;
}

/* ---- filing and transitions ---- */

int dossier_file(const struct dossier_clock *k, struct dossier *d, int64_t at, struct xerr *e)
{
	d->submitted_at = at;
	d->received_at = d->due_at = d->original_due_at = d->finished_at = d->apology_at = 0;
	d->apology_reason[0] = d->rating_reason[0] = '\0';
	d->supplement_count = 0;
	d->rating = -1;
	d->fee_vnd = k->proc_fee > 0 ? k->proc_fee : 0;
	d->paid_vnd = d->paid_cash_vnd = d->paid_at = 0;
	if (d->channel == DC_ONLINE) {
		d->status = DS_SUBMITTED;
	} else {
		/* At the counter or by post the unit receives the dossier as it
		 * is filed, and the receipt carries the appointment. */
		d->status = DS_RECEIVED;
		d->received_at = at;
		int rc = dossier_due(k->cal, &k->hours, d->channel, k->time_unit, k->time_value, at,
		                     &d->due_at, e);
		if (rc)
			return rc;
		d->original_due_at = d->due_at;
	}
	dossier_settle(d);
	return 0;
}

/* Leaving a supplement request into processing: the clock stood while the
 * applicant completed the dossier, so the appointments move by the office
 * time the pause covered; restart_due is the art. 19(4) reading. */
static int resume(const struct dossier_clock *k, const struct dossier *d, int64_t start, int64_t at,
                  struct dossier_change *c, struct xerr *e)
{
	int rc = 0;
	if (c->due_at)
		rc = cal_extend_for_pause(k->cal, &k->hours, c->due_at, start, at, &c->due_at, e);
	if (rc == 0 && c->original_due_at)
		rc = cal_extend_for_pause(k->cal, &k->hours, c->original_due_at, start, at,
		                          &c->original_due_at, e);
	if (rc == 0)
		rc = dossier_due(k->cal, &k->hours, d->channel, k->time_unit, k->time_value, at,
		                 &c->restart_due, e);
	return rc;
}

int dossier_decide(const struct dossier_clock *k, const struct dossier *d, int to,
                   enum dossier_side side, int64_t at, int64_t pause_start,
                   struct dossier_change *c, struct xerr *e)
{
	int from = d->status;
	int rc = dossier_move_check(d, to, side, k->result_signed, e);
	if (rc)
		return rc;
	*c = (struct dossier_change){from,
	                             to,
	                             at,
	                             d->received_at,
	                             d->due_at,
	                             d->original_due_at,
	                             d->finished_at,
	                             d->supplement_count,
	                             DOSSIER_PAUSE_NONE,
	                             0,
	                             dossier_move_signs(from, to, k->result_signed)};
	if (to == DS_RECEIVED) {
		c->received_at = at;
		rc = dossier_due(k->cal, &k->hours, d->channel, k->time_unit, k->time_value, at,
		                 &c->due_at, e);
		if (rc)
			return rc;
		c->original_due_at = c->due_at;
	}
	if (dossier_status_paused(to)) {
		c->supplement_count++;
		c->pause = DOSSIER_PAUSE_OPEN;
	}
	bool paused = dossier_status_paused(from) && pause_start;
	if (paused) {
		c->pause = DOSSIER_PAUSE_CLOSE;
		if (to == DS_PROCESSING && (rc = resume(k, d, pause_start, at, c, e)))
			return rc;
	}
	if (dossier_status_ends_processing(to) && !c->finished_at)
		/* RULES §1.3: a dossier ending while waiting for a supplement ends
		 * at the request. */
		c->finished_at = paused ? pause_start : at;
	return 0;
}

void dossier_apply(struct dossier *d, const struct dossier_change *c)
{
	d->status = c->to;
	d->received_at = c->received_at;
	d->due_at = c->due_at;
	d->original_due_at = c->original_due_at;
	d->finished_at = c->finished_at;
	d->supplement_count = c->supplement_count;
	dossier_settle(d);
}

int dossier_apology_check(const struct dossier *d, int64_t at, struct xerr *e)
{
	if (d->apology_at)
		return xerr_set(e, XERR_CONFLICT, "new_due",
		                "the appointment of this dossier was already changed once (Decree "
		                "61/2018 art. 19(9))");
	if (d->finished_at || dossier_status_final(d->status))
		return xerr_set(e, XERR_CONFLICT, "new_due",
		                "the dossier is no longer being processed");
	if (!d->due_at)
		return xerr_set(e, XERR_CONFLICT, "new_due", "the dossier has no appointment yet");
	if (at >= d->due_at)
		return xerr_set(e, XERR_CONFLICT, "new_due",
		                "an apology must be sent before the appointment has passed");
	return 0;
}

int dossier_apologise(struct dossier *d, int64_t new_due, const char *reason, int64_t at,
                      struct xerr *e)
{
	if (!reason || !*reason)
		return xerr_set(e, XERR_INVALID, "reason", "the apology must give its reason");
	int rc = dossier_apology_check(d, at, e);
	if (rc)
		return rc;
	if (new_due <= d->due_at)
		return xerr_set(e, XERR_INVALID, "new_due",
		                "the new appointment must be later than the current one");
	if (strlen(reason) >= sizeof d->apology_reason)
		return xerr_set(e, XERR_INVALID, "reason", "the reason is too long");
	d->apology_at = at;
	snprintf(d->apology_reason, sizeof d->apology_reason, "%s", reason);
	d->due_at = new_due;
	dossier_settle(d);
	return 0;
}

int dossier_rate_check(const struct dossier *d, struct xerr *e)
{
	if (d->status != DS_RESULT && d->status != DS_RETURNED)
		return xerr_set(e, XERR_CONFLICT, "satisfied",
		                "a dossier can be rated once its result is ready");
	if (d->rating >= 0)
		return xerr_set(e, XERR_CONFLICT, "satisfied", "this dossier was already rated");
	return 0;
}

int dossier_rate(struct dossier *d, bool satisfied, const char *reason, struct xerr *e)
{
	int rc = dossier_rate_check(d, e);
	if (rc)
		return rc;
	if (reason && strlen(reason) >= sizeof d->rating_reason)
		return xerr_set(e, XERR_INVALID, "reason", "the reason is too long");
	d->rating = satisfied ? 1 : 0;
	snprintf(d->rating_reason, sizeof d->rating_reason, "%s", reason ? reason : "");
	return 0;
}

/* ---- feedback ---- */

static const struct expr_word *feedback_topics(void)
{
	const struct expr_entity *en = expr_entity_find("feedback");
	int f = en ? expr_field_index(en, "topic") : -1;
	return f < 0 ? NULL : en->fields[f].words;
}

int feedback_topic_parse(const char *word, int *topic, struct xerr *e)
{
	*topic = FEEDBACK_TOPIC_NONE;
	if (!word || !*word)
		return 0;
	const struct expr_word *w = feedback_topics();
	for (size_t i = 0; w && w[i].word; i++)
		if (!strcmp(w[i].word, word)) {
			*topic = w[i].code;
			return 0;
		}
	return xerr_set(e, XERR_INVALID, "topic", "topic is \"procedure\", \"staff\" or empty");
}

const char *feedback_topic_word(int topic)
{
	const struct expr_word *w = feedback_topics();
	for (size_t i = 0; w && w[i].word; i++)
		if (w[i].code == topic)
			return w[i].word;
	return "";
}

int feedback_rate_check(const char *status, bool rated, struct xerr *e)
{
	if (strcmp(status, "answered") && strcmp(status, "refused"))
		return xerr_set(e, XERR_CONFLICT, "satisfied",
		                "feedback can be rated once it was answered or refused");
	if (rated)
		return xerr_set(e, XERR_CONFLICT, "satisfied", "this feedback was already rated");
	return 0;
}

int feedback_repeat_check(const char *earlier_status, int64_t earlier_sender, int64_t sender,
                          const char *earlier_dossier, const char *dossier, struct xerr *e)
{
	if (!sender || earlier_sender != sender)
		return xerr_set(e, XERR_NOTFOUND, "repeats",
		                "no earlier feedback of yours with this id");
	if (strcmp(earlier_status, "answered") && strcmp(earlier_status, "refused"))
		return xerr_set(
		    e, XERR_CONFLICT, "repeats",
		    "the earlier feedback has not been answered yet: wait for its answer");
	if (*dossier && strcmp(dossier, earlier_dossier))
		return xerr_set(e, XERR_INVALID, "dossier_code",
		                "the earlier feedback is about another dossier");
	return 0;
}

/* ---- judging ---- */

int64_t dossier_overdue_from(const struct dossier *d)
{
	if (d->finished_at || !d->due_at || dossier_status_paused(d->status) ||
	    dossier_status_final(d->status))
		return 0;
	return d->due_at + 1;
}

void dossier_settle(struct dossier *d)
{
	d->open = !dossier_status_final(d->status);
	d->overdue_from = dossier_overdue_from(d);
	d->on_time = d->finished_at
	                 ? dossier_on_time(d->finished_at, d->original_due_at, d->supplement_count)
	                 : -1;
	d->fee_due = d->fee_vnd > 0;
	bool paid = d->fee_due && dossier_fee_paid(d);
	d->paid_online = paid && d->paid_cash_vnd == 0;
	d->paid_cash = paid && d->paid_cash_vnd > 0;
}

enum dossier_verdict dossier_judge(const struct dossier *d, int64_t as_of)
{
	if (d->finished_at)
		return dossier_on_time(d->finished_at, d->original_due_at, d->supplement_count)
		           ? DOSSIER_ON_TIME
		           : DOSSIER_LATE;
	if (dossier_status_final(d->status))
		return DOSSIER_CLOSED;
	if (dossier_status_paused(d->status))
		return DOSSIER_PAUSED;
	int64_t from = dossier_overdue_from(d);
	return from && as_of >= from ? DOSSIER_OVERDUE : DOSSIER_RUNNING;
}

bool dossier_due_today(const struct dossier *d, int64_t now)
{
	return dossier_judge(d, now) == DOSSIER_RUNNING && d->due_at &&
	       cal_time_day(d->due_at) == cal_time_day(now);
}
