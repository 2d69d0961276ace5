/*
 * dossier_change.c: changing a filed dossier: transitions, the apology and
 * the rating. Each is one write transaction: read the dossier and what
 * core needs to decide (its clock, its open pause), let core decide
 * (core/dossier.h), then persist exactly that: the row, the pause, the
 * event and the audit entry. The memo forgets the dossier after the
 * commit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "store/store_calendar.h"
#include "store/store_dossiers.h"
#include "store/store_int.h"

/* One change: decide() turns the dossier read inside the transaction into
 * its new state and says what else to write in `ch` (the event, a pause). */
struct change {
	int (*decide)(struct db_conn *c, struct change *ch, struct dossier *d, struct xerr *e);
	const char *action; /* of the audit entry */
	const char *note;   /* of the event */
	int64_t at;
	const struct cal *cal;
	struct dossier_change dc;
	int64_t pause_id; /* the open pause dc closes */
	/* The arguments of each kind of change. */
	int to;
	enum dossier_side side;
	int64_t new_due;
	const char *reason;
	bool satisfied;
	/* What a transition keeps besides the row (the signature of an
	 * approved result); a move that signs is refused without it. */
	st_keep_fn keep;
	void *keep_ctx;
};

/* The open pause of a dossier (end = 0): its id and start; 0 if none. */
struct open_pause {
	int64_t id, start;
};

static int open_pause_row(struct db_stmt *st, void *ctx)
{
	struct open_pause *p = ctx;
	p->id = db_int(st, 0);
	p->start = db_int(st, 1);
	return 0;
}

static int persist_pause(struct db_conn *c, const struct change *ch, int64_t dossier,
                         struct xerr *e)
{
	static const char sql_open[] = "INSERT INTO dossier_pause(dossier, start) VALUES (?1, ?2)";
	static const char sql_close[] =
	    "UPDATE dossier_pause SET \"end\" = ?2, restart_due = ?3 WHERE id = ?1";
	if (ch->dc.pause == DOSSIER_PAUSE_OPEN)
		return db_run(c, sql_open, DB_ARGS(DB_INT(dossier), DB_INT(ch->at)), e);
	if (ch->dc.pause == DOSSIER_PAUSE_CLOSE)
		return db_run(
		    c, sql_close,
		    DB_ARGS(DB_INT(ch->pause_id), DB_INT(ch->at), DB_INT(ch->dc.restart_due)), e);
	return 0;
}

static int decide_transition(struct db_conn *c, struct change *ch, struct dossier *d,
                             struct xerr *e)
{
	static const char sql_pause[] =
	    "SELECT id, start FROM dossier_pause WHERE dossier = ?1 AND \"end\" = 0 "
	    "ORDER BY id DESC LIMIT 1";
	struct dossier_clock k;
	struct open_pause p = {0, 0};
	int rc = db_query_first(c, sql_pause, DB_ARGS(DB_INT(d->id)), open_pause_row, &p, e);
	if (rc < 0 || (rc = st_dossier_clock(c, ch->cal, d->unit, d->procedure, &k, e)))
		return rc;
	if ((rc = dossier_decide(&k, d, ch->to, ch->side, ch->at, p.start, &ch->dc, e)))
		return rc;
	ch->pause_id = p.id;
	dossier_apply(d, &ch->dc);
	return 0;
}

/* An apology or a rating: an event from the status to itself. */
static void same_status(struct change *ch, const struct dossier *d)
{
	ch->dc = (struct dossier_change){.from = d->status, .to = d->status, .at = ch->at};
}

static int decide_apology(struct db_conn *c, struct change *ch, struct dossier *d, struct xerr *e)
{
	(void)c;
	same_status(ch, d);
	return dossier_apologise(d, ch->new_due, ch->reason, ch->at, e);
}

static int decide_rating(struct db_conn *c, struct change *ch, struct dossier *d, struct xerr *e)
{
	(void)c;
	same_status(ch, d);
	return dossier_rate(d, ch->satisfied, ch->reason, e);
}

struct change_tx {
	const struct actor *who;
	const char *code;
	struct change *ch;
	struct dossier *d;
};

/* Decides ch on d (read on c) and persists it: the row, the pause, the
 * event and the audit entry. */
static int persist_change(struct db_conn *c, const struct actor *who, struct change *ch,
                          struct dossier *d, struct xerr *e)
{
	int rc = ch->decide(c, ch, d, e);
	if (rc)
		return rc;
	if (ch->dc.signs != (ch->keep != NULL))
		return xerr_set(e, XERR_CONFLICT, "to",
		                ch->dc.signs
		                    ? "this result is a signed document: approve it, which "
		                      "signs it"
		                    : "this move signs nothing");
	if ((rc = st_dossier_update(c, d, e)) || (rc = persist_pause(c, ch, d->id, e)) ||
	    (rc = st_dossier_event_add(c, who, d->id, ch->dc.from, ch->dc.to, ch->at, ch->note,
	                               e)) ||
	    (ch->keep && (rc = ch->keep(c, who, d, ch->keep_ctx, e))))
		return rc;
	char detail[64];
	snprintf(detail, sizeof detail, "status %d -> %d", ch->dc.from, ch->dc.to);
	return st_audit_append(c, who, ch->action, d->code, detail, e);
}

static int change_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	struct change_tx *x = ctx;
	int rc = st_dossier_get_on(c, x->code, x->d, e);
	return rc ? rc : persist_change(c, x->who, x->ch, x->d, e);
}

int st_dossier_move_on(struct db_conn *c, const struct actor *who, const struct cal *cal,
                       struct dossier *d, int to, enum dossier_side side, int64_t at,
                       const char *note, struct xerr *e)
{
	struct change ch = {.decide = decide_transition,
	                    .action = "dossier.transition",
	                    .note = note,
	                    .at = at,
	                    .cal = cal,
	                    .to = to,
	                    .side = side};
	return persist_change(c, who, &ch, d, e);
}

static int change_dossier(struct store *s, const struct actor *who, const char *code,
                          struct change *ch, struct dossier *out, struct xerr *e)
{
	if (ch->note && strlen(ch->note) >= DOSSIER_TEXT_MAX)
		return xerr_set(e, XERR_INVALID, "note", "the note is too long");
	int rc = store_calendar(s, &ch->cal, e);
	if (rc)
		return rc;
	struct dossier *d = calloc(1, sizeof *d);
	if (!d)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	struct change_tx x = {who, code, ch, d};
	rc = st_write(s, change_tx, &x, e);
	if (rc == 0)
		st_memo_forget(s, d->code);
	if (rc == 0 && out)
		memcpy(out, d, sizeof *d);
	free(d);
	return rc;
}

int st_dossier_transition_keep(struct store *s, const struct actor *who, const char *code, int to,
                               enum dossier_side side, const char *note, int64_t at,
                               st_keep_fn keep, void *keep_ctx, struct dossier *out, struct xerr *e)
{
	struct change ch = {.decide = decide_transition,
	                    .action = keep ? "dossier.approve" : "dossier.transition",
	                    .note = note,
	                    .at = at ? at : st_now_local(),
	                    .to = to,
	                    .side = side,
	                    .keep = keep,
	                    .keep_ctx = keep_ctx};
	return change_dossier(s, who, code, &ch, out, e);
}

int store_dossier_transition(struct store *s, const struct actor *who, const char *code, int to,
                             enum dossier_side side, const char *note, int64_t at,
                             struct dossier *out, struct xerr *e)
{
	return st_dossier_transition_keep(s, who, code, to, side, note, at, NULL, NULL, out, e);
}

int store_dossier_apology(struct store *s, const struct actor *who, const char *code,
                          int64_t new_due, const char *reason, int64_t at, struct dossier *out,
                          struct xerr *e)
{
	char note[DOSSIER_TEXT_MAX];
	char nd[17];
	cal_format_time(new_due, nd);
	snprintf(note, sizeof note, "apology, new appointment %s", nd);
	struct change ch = {.decide = decide_apology,
	                    .action = "dossier.apology",
	                    .note = note,
	                    .at = at ? at : st_now_local(),
	                    .new_due = new_due,
	                    .reason = reason};
	return change_dossier(s, who, code, &ch, out, e);
}

int store_dossier_rate(struct store *s, const struct actor *who, const char *code, bool satisfied,
                       const char *reason, int64_t at, struct dossier *out, struct xerr *e)
{
	struct change ch = {.decide = decide_rating,
	                    .action = "dossier.rate",
	                    .note = satisfied ? "rated: satisfied" : "rated: unsatisfied",
	                    .at = at ? at : st_now_local(),
	                    .reason = reason,
	                    .satisfied = satisfied};
	return change_dossier(s, who, code, &ch, out, e);
}
