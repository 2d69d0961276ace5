/*
 * store_int.h: what the store's files share behind the store.h contract:
 * the struct store, and the internal helpers (all named st_...). Only the
 * store's own files include it; the back ends (src/store/sqlite/) do not
 * need it, they implement db.h.
 *
 * A struct store is the back end's pool (through its struct
 * store_methods) plus what does not depend on the back end: the unit
 * cache, the working-day calendar, the attachment directory, the
 * group-commit writer of dossier filings and the memo of tracking answers.
 * Writers run in one transaction each (st_write, or db_begin/db_end), which
 * also appends the change's audit entry (st_audit_append).
 */
#ifndef XASO_STORE_STORE_INT_H
#define XASO_STORE_STORE_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/xerr.h"
#include "store/db.h"
#include "store/store.h"

enum { STORE_BLOB_LOCKS = 16 };

struct store {
	const struct store_methods *m;
	struct db *db;
	int flags;
	/* Every unit, read on almost every request (pages, authorisation
	 * chains): built on first use, dropped when units change. */
	pthread_rwlock_t units_lock;
	struct unit_cache *units;
	/* The working-day calendar built from the stored overrides: rebuilt
	 * when their number changes (checked at most once a second). Replaced
	 * calendars stay alive until store_close(), since callers may still
	 * hold them; replacements are rare (a decision file a year). */
	pthread_mutex_t cal_lock;
	struct cal *cal;
	long cal_rows;
	int64_t cal_checked;
	struct cal_retired *cal_retired;
	/* Where attachment files live (store_blobs.h); set before serving.
	 * Puts of the same file take turns on the lock of its hash (blobs.c). */
	char *blob_dir;
	pthread_mutex_t blob_lock[STORE_BLOB_LOCKS];
	/* The group-commit writer of dossier submissions, started on first
	 * use and stopped by store_close() after draining its queue. */
	pthread_mutex_t writer_lock;
	struct dossier_writer *writer;
	/* Answers derived from one dossier (memo.c). */
	struct memo *memo;
	/* A second database for reads that may be slightly stale (figures
	 * for dashboards and the index): a streaming replica, opened
	 * read-only by store_set_read_db; NULL: the database itself. */
	const struct store_methods *read_m;
	struct db *read_db;
	/* The compact state of every resident, for counts (people_count.c):
	 * read on first use, read again after an import. */
	pthread_rwlock_t people_lock;
	struct people_snap *people;
};

static inline struct db_conn *st_get(struct store *s)
{
	return s->m->get(s->db);
}
static inline void st_put(struct store *s, struct db_conn *c)
{
	s->m->put(s->db, c);
}

/* A connection for reads that may be slightly stale: the replica's when
 * there is one (give it back with st_put_stale), and the one query of
 * such a read (db_first: 1, 0 or the error). */
static inline struct db_conn *st_get_stale(struct store *s)
{
	return s->read_db ? s->read_m->get(s->read_db) : s->m->get(s->db);
}
static inline void st_put_stale(struct store *s, struct db_conn *c)
{
	if (s->read_db)
		s->read_m->put(s->read_db, c);
	else
		s->m->put(s->db, c);
}
int st_first_stale(struct store *s, const char *sql, const struct db_arg *args, int n,
                   db_row_fn row, void *ctx, struct xerr *e);
int st_each_stale(struct store *s, const char *sql, const struct db_arg *args, int n, db_row_fn row,
                  void *ctx, struct xerr *e);

/* Runs fn(c, ctx, e) on a pooled connection: st_read as it is, st_write in
 * one write transaction (committed when fn returns 0, rolled back
 * otherwise). */
typedef int (*st_fn)(struct db_conn *c, void *ctx, struct xerr *e);
int st_read(struct store *s, st_fn fn, void *ctx, struct xerr *e);
int st_write(struct store *s, st_fn fn, void *ctx, struct xerr *e);
/* st_read on the connection of st_get_stale: the figures of dashboards,
 * indicators and the index, which may lag the database by the replica's
 * delay. */
int st_read_stale(struct store *s, st_fn fn, void *ctx, struct xerr *e);
/* A query on a pooled connection, its rows through row (db_each), or its
 * first row (db_first: 1, 0 or the error). */
int st_each(struct store *s, const char *sql, const struct db_arg *args, int n, db_row_fn row,
            void *ctx, struct xerr *e);
int st_first(struct store *s, const char *sql, const struct db_arg *args, int n, db_row_fn row,
             void *ctx, struct xerr *e);
/* A count on a pooled connection (0 when the query has no row). */
int st_count(struct store *s, const char *sql, const struct db_arg *args, int n, long *out,
             struct xerr *e);

/* Writes into out a LIKE pattern (for ESCAPE '\\') matching text within
 * a value (within) or at its start: text search on folded names. */
struct buf;
void st_like(struct buf *out, const char *text, bool within);

/* Appends an audit entry inside the caller's write transaction: the chain
 * link is read and written by the only writer, so entries are totally
 * ordered (audit.c). */
struct actor;
int st_audit_append(struct db_conn *c, const struct actor *who, const char *action,
                    const char *object, const char *detail, struct xerr *e);
/* The same for an entry whose fields are given (its time included, as
 * when entries move from one database to another): a's id, prev and hash
 * are set as it is chained after the last entry. */
struct audit_entry;
int st_audit_append_entry(struct db_conn *c, struct audit_entry *a, struct xerr *e);
/* An entry's columns, and reading them from column 0 on. */
#define ST_AUDIT_COLS                                                                              \
	"id, at, account_id, login, role, unit, address, action, object, detail, prev, hash"
void st_audit_read(struct db_stmt *st, struct audit_entry *a);

/* Accounts (accounts.c): the columns of an account as st_account_read
 * reads them from column `at` on, the one account a query finds
 * (XERR_NOTFOUND naming "login" when none), and an audit entry naming its
 * object "kind:id". */
#define ST_ACCOUNT_COLS                                                                            \
	"a.id, a.login, a.role, coalesce(a.unit, ''), a.full_name, coalesce(a.pid, ''), "          \
	"coalesce(a.phone, ''), a.password_hash, coalesce(a.totp_secret, ''), a.totp_last, "       \
	"a.disabled, a.created_at, a.failed_count, a.locked_until"
struct account;
void st_account_read(struct db_stmt *st, int at, struct account *a);
int st_account_one(struct db_conn *c, const char *sql, const struct db_arg *args, int n,
                   struct account *out, struct xerr *e);
int st_audit_object(struct db_conn *c, const struct actor *who, const char *action,
                    const char *kind, int64_t id, const char *detail, struct xerr *e);

/* Now, in local minutes (UTC+7). */
int64_t st_now_local(void);

/* Office hours of a unit read on c (the default hours when none are
 * stored), and the clock of a dossier: those hours, its procedure's
 * processing time and the calendar, which core needs to time it. */
struct cal_hours;
struct dossier_clock;
int st_office_hours_on(struct db_conn *c, const char *unit, struct cal_hours *out, struct xerr *e);
struct cal;
int st_dossier_clock(struct db_conn *c, const struct cal *cal, const char *unit,
                     const char *procedure, struct dossier_clock *k, struct xerr *e);

/* A dossier's row (dossier_row.c): its columns (what public tracking shows
 * first, so that a read of those alone is read by the same function),
 * reading it on c, inserting it (its id set from RETURNING) and writing its
 * changing state back. */
#define ST_DOSSIER_PUBLIC_COLS                                                                     \
	"id, code, unit, procedure, channel, status, submitted_at, received_at, due_at, "          \
	"original_due_at, finished_at, apology_at, apology_reason, supplement_count, fee_vnd, "    \
	"paid_vnd, paid_cash_vnd, paid_at"
enum { ST_DOSSIER_PUBLIC_NCOLS = 18 };
#define ST_DOSSIER_COLS                                                                            \
	ST_DOSSIER_PUBLIC_COLS ", coalesce(applicant_account, 0), applicant_name, applicant_pid, " \
	                       "applicant_phone, applicant_address, form, coalesce(rating, -1), "  \
	                       "rating_reason, fee_note"
struct dossier;
int st_dossier_get_on(struct db_conn *c, const char *code, struct dossier *d, struct xerr *e);
int st_dossier_insert(struct db_conn *c, struct dossier *d, struct xerr *e);
int st_dossier_update(struct db_conn *c, const struct dossier *d, struct xerr *e);
int st_dossier_event_add(struct db_conn *c, const struct actor *who, int64_t dossier, int from,
                         int to, int64_t at, const char *note, struct xerr *e);
/* The public columns, then the others: shared by every read. */
void st_dossier_read_public(struct db_stmt *st, struct dossier *d);
void st_dossier_read(struct db_stmt *st, struct dossier *d);

/* Moves d, read on c inside the caller's write transaction, to `to` as
 * core decides (dossier_decide) and persists the change: the row, the
 * pause, the event and the audit entry, as store_dossier_transition()
 * does in a transaction of its own. d is updated. For changes that move a
 * dossier as one of their effects (a payment that completes a fee). */
struct cal;
int st_dossier_move_on(struct db_conn *c, const struct actor *who, const struct cal *cal,
                       struct dossier *d, int to, enum dossier_side side, int64_t at,
                       const char *note, struct xerr *e);

/* Files of a dossier (dossier_file.c): the shape of a link, checked
 * before any transaction, and the row with its audit entry inside the
 * caller's transaction (*id may be NULL). */
struct dossier_file;
int st_dossier_file_check(const struct dossier_file *f, struct xerr *e);
int st_dossier_file_insert(struct db_conn *c, const struct actor *who, const struct dossier *d,
                           const struct dossier_file *f, int64_t *id, struct xerr *e);
/* A file link from the columns id, kind, sha256, name of a row. */
void st_dossier_file_read(struct db_stmt *st, struct dossier_file *f);

/* A transition that keeps more than the dossier's row: keep() runs in its
 * transaction after the row, the event and the pause are written (the
 * signature of an approved result, results.c). A move core marks as
 * signing (dossier_change.signs) is refused without keep, and keep
 * without such a move (dossier_change.c). */
typedef int (*st_keep_fn)(struct db_conn *c, const struct actor *who, const struct dossier *d,
                          void *ctx, struct xerr *e);
int st_dossier_transition_keep(struct store *s, const struct actor *who, const char *code, int to,
                               enum dossier_side side, const char *note, int64_t at,
                               st_keep_fn keep, void *keep_ctx, struct dossier *out,
                               struct xerr *e);

/* Copies an attachment's file from one store's data directory into
 * another's (durably, as an upload is written), after checking its size
 * and hash (blobs.c; moves between databases). */
int st_blob_copy(struct store *from, struct store *to, const char *sha256, int64_t size,
                 struct xerr *e);

/* The memo (memo.c): made by store_open, freed by store_close; forgetting
 * a dossier after every committed change to it. */
int st_memo_init(struct store *s);
void st_memo_free(struct store *s);
void st_memo_forget(struct store *s, const char *code);

/* Stops the dossier writer after it has committed what is queued. */
void st_writer_stop(struct store *s);

/* Frees the calendars (store_close); drops the unit cache (after a
 * committed change to units). */
void st_calendar_free(struct store *s);
void st_units_drop(struct store *s);

/* Records of core/records.h (records.c): each kind's put (inside the
 * caller's write transaction, its audit left to the caller) and list. */
struct rec_kind;
struct rec_query;
struct st_rec_ops {
	const struct rec_kind *k;
	int (*put)(struct store *s, struct db_conn *c, const struct actor *who, void *rec,
	           bool *dup, struct xerr *e);
	int (*list)(struct store *s, struct db_conn *c, const struct rec_query *q,
	            int (*cb)(const void *rec, void *ctx), void *ctx, struct xerr *e);
};
extern const struct st_rec_ops st_business_ops, st_team_ops, st_member_ops, st_activity_ops,
    st_campaign_ops, st_product_ops, st_report_ops;
/* A decision on a waiting report, on c (reports.c). */
int st_report_decide_on(struct db_conn *c, const struct actor *who, int64_t id, bool approve,
                        const char *note, struct xerr *e);
/* The unit `code` in force on `day`, of level min_level or below it (a
 * larger level number); XERR_INVALID naming `field` otherwise. */
int st_unit_for(struct store *s, const char *code, int min_level, int32_t day, const char *field,
                struct unit *out, struct xerr *e);
/* SQL: the column `col` names a unit of the subtree of the unit bound to
 * ?N (p is "?N"): the unit itself, its children and grandchildren. */
#define ST_SUBTREE(col, p)                                                                         \
	"(" col " = " p " OR " col " IN (SELECT code FROM unit WHERE parent = " p                  \
	" OR parent IN (SELECT code FROM unit WHERE parent = " p ")))"

/* SQL over a feedback row: 1 when it was handled on time as of the
 * minute bound to `asof` ("?N"): answered (or refused) by its answer (or
 * refusal) deadline, or still open and its answer not yet due (RULES.md
 * §1.3; the deadlines are the store's, feedback.c). The one text of the
 * rule, for the 766 index (row 5.2) and monitoring (feedback.on_time). */
#define ST_FEEDBACK_ON_TIME(asof)                                                                  \
	"(CASE WHEN status = 'answered' THEN (CASE WHEN answered_at <= answer_by THEN 1 ELSE 0 "   \
	"END) WHEN status = 'refused' THEN (CASE WHEN answered_at <= refuse_by THEN 1 ELSE 0 "     \
	"END) "                                                                                    \
	"ELSE (CASE WHEN answer_by >= " asof " THEN 1 ELSE 0 END) END)"
/* 1 unless the sender disliked the answer (row 5.3; feedback.satisfied). */
#define ST_FEEDBACK_LIKED "(CASE WHEN rating = 0 THEN 0 ELSE 1 END)"
/* 1 when the row of table `feedback` (unaliased) was filed for the first
 * time, not as a follow-up of earlier feedback (row 5.3's denominator:
 * "PAKN tiếp nhận lần đầu", RULES.md §1.2). */
#define ST_FEEDBACK_FIRST "(CASE WHEN repeats IS NULL THEN 1 ELSE 0 END)"
/* 1 when its sender had filed again about it by the minute bound to
 * `asof` (migration 017: "tiếp tục có phản ánh về kết quả giải quyết",
 * RULES-766-2026.md §1.1 formula 22): row 5.3 counts it as not satisfying. */
#define ST_FEEDBACK_REPEATED(asof)                                                                 \
	"(CASE WHEN EXISTS (SELECT 1 FROM feedback rf WHERE rf.repeats = feedback.id AND "         \
	"rf.created_at <= " asof ") THEN 1 ELSE 0 END)"

/* Reads the dossiers again and writes what core derives from each
 * (open, overdue_from, on_time): the data step of schema version 8. */
int st_dossiers_settle_all(struct db_conn *c, struct xerr *e);
/* Gives files uploaded before version 9 their uploaders back from the
 * audit log (blobs.c): the data step of schema version 9. */
int st_blob_owners_recover(struct db_conn *c, struct xerr *e);
/* Frees the residents' snapshot (store_close). */
struct people_snap;
void st_people_free(struct people_snap *p);

/* Moves the residents and households of schema version 1 into the tables
 * of version 10 (people.c): the data step of version 10. */
int st_people_move_v1(struct db_conn *c, struct xerr *e);
/* The data step of version 13: indicators and a criteria set seeded from
 * core's built-in set (indicators.c). */
int st_indicators_seed(struct db_conn *c, struct xerr *e);
/* The built-in indicators an older database lacks (the 766 index's total
 * and groups): the data step of schema version 17. */
int st_indicators_seed_index766(struct db_conn *c, struct xerr *e);

#endif
