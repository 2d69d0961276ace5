/*
 * store_records.h: businesses, community digital teams and members, their
 * activities, campaigns, local products and reported figures (the kinds of
 * core/records.h). Part of the store.h contract.
 *
 * Records are written through one function for every kind, in a
 * transaction that takes one record (an API call or a form, audited one by
 * one) or a whole file (an import: every row, one audit entry, and nothing
 * kept when a row is refused). A record is matched to what is stored by
 * its key: a business by tax code, a team by unit and founding day, a
 * member by team, name and joining day, a campaign target by code and
 * number, a product listing by code and platform; an activity is new
 * unless its id (the phone's key) is stored already, and then it is kept
 * once. A report is a new report awaiting approval (store_report_decide).
 *
 * Units are checked here: they exist, are in force and of the level the
 * kind needs (a business, team or product belongs to a village or a
 * commune); the team of a member or an activity is the team of the unit
 * in force on the day. Errors name the column at fault in e->field.
 */
#ifndef XASO_STORE_RECORDS_H
#define XASO_STORE_RECORDS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/records.h"
#include "core/xerr.h"

struct store;
struct actor;
struct records_tx;

int store_records_begin(struct store *s, const struct actor *who, struct records_tx **out,
                        struct xerr *e);
/* Stores rec (already checked by core: rec_read_row or rec_set and the
 * kind's check), filling what the store decides (ids, teams). *dup (may
 * be NULL) says that an activity with this id was stored already. */
int store_record_put(struct records_tx *tx, const struct rec_kind *k, void *rec, bool *dup,
                     struct xerr *e);
/* What store_record_put checks before writing, without writing (the rows
 * after a refused row of an import): the record's unit exists. */
int store_record_check(struct records_tx *tx, const struct rec_kind *k, const void *rec,
                       struct xerr *e);
/* A decision on a waiting report inside the transaction, made by the
 * transaction's actor (loading many decided reports at once: the demo). */
int store_records_decide(struct records_tx *tx, int64_t report, bool approve, const char *note,
                         struct xerr *e);
/* Commits when ok and every put succeeded (one audit entry naming the
 * kind, the source and the count), else rolls back; frees tx. */
int store_records_end(struct records_tx *tx, bool ok, const struct rec_kind *k, const char *source,
                      long rows, struct xerr *e);

/* One record in its own transaction, audited. */
int store_record_save(struct store *s, const struct actor *who, const struct rec_kind *k, void *rec,
                      bool *dup, struct xerr *e);

/* What a list selects. */
struct rec_query {
	const char *unit; /* the records of this unit's subtree */
	int32_t as_of;    /* records in force on this day (0: all) */
	int32_t from, to; /* activities: days [from, to] (0: any) */
	int status;       /* reports: enum report_status (0: any) */
	int64_t after;    /* the id after which to list (0: from the start) */
	int limit;        /* at most (0: all) */
};
typedef int (*rec_cb)(const void *rec, void *ctx);
/* Records of kind k by id (businesses, teams, members, activities,
 * products and reports: by id; campaigns: by code and target). */
int store_records_list(struct store *s, const struct rec_kind *k, const struct rec_query *q,
                       rec_cb cb, void *ctx, struct xerr *e);

/* A team with its unit, by id (XERR_NOTFOUND). */
int store_team_get(struct store *s, int64_t id, struct team *out, struct xerr *e);
/* The team of unit in force on day (XERR_NOTFOUND when none). */
int store_team_of(struct store *s, const char *unit, int32_t day, struct team *out, struct xerr *e);
/* The member whose account is `account` (a member who signs in), with
 * their team; XERR_NOTFOUND when the account is no member. */
int store_member_of_account(struct store *s, int64_t account, struct team_member *out,
                            struct xerr *e);
/* An activity entered by a member who signs in: the team is the member's
 * (a->team_unit is set from it), recorded as entered by the account.
 * *dup when its id was stored already (then it is not stored again). */
int store_activity_enter(struct store *s, const struct actor *who, struct activity *a, bool *dup,
                         struct xerr *e);

/* A report by id (XERR_NOTFOUND). */
int store_report_get(struct store *s, int64_t id, struct report *out, struct xerr *e);
/* Approves (or rejects) a waiting report: an approved one replaces the
 * approved report of the same unit, figure and period, which is kept as
 * superseded. XERR_CONFLICT when the report is not waiting. */
int store_report_decide(struct store *s, const struct actor *who, int64_t id, bool approve,
                        const char *note, struct xerr *e);

#endif
