/*
 * records_view.h: the records of core/records.h on the web, through their
 * column tables: a record as a JSON object, a record from a JSON object
 * or from a form's fields, and CSV answers (?format=csv on every list).
 */
#ifndef XASO_WEB_RECORDS_VIEW_H
#define XASO_WEB_RECORDS_VIEW_H

#include <jansson.h>
#include <stdbool.h>

#include "core/records.h"
#include "web/http.h"

/* The record's columns as a JSON object (new reference): numbers as
 * numbers, days as "YYYY-MM-DD" (null when none), list values as their
 * words. A column named in hide[] (NULL-ended, may be NULL) is left out. */
json_t *rec_json(const struct rec_kind *k, const void *rec, const char *const *hide);

/* A record from the JSON object's members named as the kind's columns
 * (strings, numbers), then the kind's check: errors name the member. */
int rec_from_json(const struct rec_kind *k, json_t *obj, void *rec, int32_t today, struct xerr *e);
/* The same from the form fields "f.COLUMN" (declared IN_FIELDS "f."),
 * but for the columns given in fixed (name, value pairs ended by NULL;
 * may be NULL). */
int rec_from_form(struct req *r, const struct rec_kind *k, void *rec, int32_t today,
                  const char *const *fixed, struct xerr *e);

/* Did the caller ask for CSV (?format=csv, a declared input)? */
bool want_csv(const struct req *r);
/* Answers with the CSV in csv (UTF-8 with a BOM, so that spreadsheets
 * read Vietnamese), as a download named `name`.csv. */
int resp_csv(struct req *r, const char *name, const struct buf *csv);

/* The actions that read and write each kind (the routes say the same;
 * test_authz_matrix checks the routes against the policy). */
struct rec_actions {
	const char *kind, *read, *write;
};
extern const struct rec_actions rec_actions[];
/* The actions of a kind, NULL when none. */
const struct rec_actions *rec_actions_of(const char *kind);

/* A decision on report `id` by the request's account (pages and API
 * alike): the report's unit within the account's reach for
 * "report.approve", the account a decider of that report
 * (core/records.h report_decider_check), then the decision stored with
 * its audit entry; *rep is the report after it. */
int rec_report_decide(struct req *r, int64_t id, bool approve, const char *note, struct report *rep,
                      struct xerr *e);

/* Today's day in local time. */
int32_t web_today(void);
/* The day of a declared IN_DATE input, 0 when absent. */
int32_t in_day(const struct req *r, const char *name);

#endif
