/*
 * api_calendar.c: the working-day calendar over HTTP.
 *   GET  /api/v1/calendar/holidays?year=2026          days off of a year
 *   GET  /api/v1/calendar/deadline?from=...&add=5d&unit=CODE
 *   POST /api/v1/calendar/overrides                  a yearly decision (text/csv
 *        body `date,kind,name`, ?source=decision number), province staff
 * Deadlines use the calendar of the stored decisions (store_calendar()).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "web/http.h"

static int add_holiday(int32_t day, const char *name, void *ctx)
{
	char d[11];
	cal_format_date(day, d);
	json_array_append_new(ctx, json_pack("{s:s, s:s}", "date", d, "name", name));
	return 0;
}

static int get_holidays(struct req *r)
{
	struct xerr e = {0};
	long year = (long)in_int(r, "year", 0);
	const struct cal *cal;
	if (store_calendar(r->store, &cal, &e) != 0)
		return resp_error(r, &e);
	int first, last;
	cal_years(cal, &first, &last);
	if (year < first || year > last)
		return resp_fail(r, XERR_INVALID, "year", "year must be from %d to %d", first,
		                 last);
	json_t *days = json_array();
	if (cal_holidays(cal, (int)year, add_holiday, days, &e) != 0) {
		json_decref(days);
		return resp_error(r, &e);
	}
	return resp_json(r, 200, json_pack("{s:i, s:o}", "year", (int)year, "holidays", days));
}

/* "5d" (working days) or "8h" (working hours), 0 to CAL_MAX_DAYS days:
 * the count times two, plus one for hours. */
static int parse_add(const char *s, int64_t *num, struct xerr *e)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || (strcmp(end, "d") && strcmp(end, "h")) || v < 0 ||
	    v > (*end == 'h' ? CAL_MAX_DAYS * 24L : CAL_MAX_DAYS))
		return xerr_set(e, XERR_INVALID, "add",
		                "add must be working days like 5d or working hours like 8h");
	*num = (int64_t)v * 2 + (*end == 'h');
	return 0;
}

static int get_deadline(struct req *r)
{
	struct xerr e = {0};
	int64_t from = in_int(r, "from", 0), due = 0, add = in_int(r, "add", 0);
	int n = (int)(add / 2);
	bool hours = add % 2;
	const char *unit = in_str(r, "unit");
	struct cal_hours h;
	const struct cal *cal;
	if (unit) {
		if (store_office_hours_get(r->store, unit, &h, &e) != 0) {
			e.field = "unit";
			return resp_error(r, &e);
		}
	} else {
		cal_hours_default(&h);
	}
	if (store_calendar(r->store, &cal, &e) != 0)
		return resp_error(r, &e);
	int rc = hours ? cal_add_workminutes(cal, &h, from, (int64_t)n * 60, &due, &e)
	               : cal_add_workdays(cal, &h, from, n, &due, &e);
	if (rc)
		return resp_error(r, &e);
	char fs[17], ds[17];
	cal_format_time(from, fs);
	cal_format_time(due, ds);
	json_t *j = json_pack("{s:s, s:s, s:s}", "from", fs, "add", in_str(r, "add"), "due", ds);
	json_object_set_new(j, "unit", unit ? json_string(unit) : json_null());
	return resp_json(r, 200, j);
}

static int post_overrides(struct req *r)
{
	struct xerr e = {0};
	/* The decision's number, e.g. source=1234/QĐ-TTg. */
	const char *source = in_str(r, "source");
	if (!r->body_len)
		return resp_fail(r, XERR_INVALID, "body",
		                 "send the decision as CSV: date,kind,name");
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	char today[11];
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	int32_t effective;
	struct actor who;
	req_actor(r, &who);
	struct cal_override *ov = NULL;
	size_t n = 0;
	/* Known from today: deadlines computed before keep their dates. */
	if (cal_parse_date(today, "date", &effective, &e) ||
	    cal_overrides_parse("body", r->body, r->body_len, effective, &ov, &n, &e) ||
	    store_calendar_import_as(r->store, &who, ov, n, source, &e)) {
		free(ov);
		return resp_error(r, &e);
	}
	free(ov);
	return resp_json(r, 201,
	                 json_pack("{s:I, s:s}", "imported", (json_int_t)n, "source", source));
}

static const struct param holidays_in[] = {
    {"year", IN_QUERY, IN_INT, true, 1, 9999},
    {NULL},
};
static const struct param deadline_in[] = {
    {"from", IN_QUERY, IN_TIME, true},
    {"add", IN_QUERY, IN_CHECK, true, .max = 8, .check = parse_add},
    {"unit", IN_QUERY, IN_TEXT, .max = UNIT_CODE_MAX - 1},
    {NULL},
};
static const struct param overrides_in[] = {
    {"source", IN_QUERY, IN_TEXT, true, 1, 120},
    {NULL},
};

const struct route api_calendar_routes[] = {
    {"GET", "/api/v1/calendar/holidays", get_holidays, "public", 0, holidays_in},
    {"GET", "/api/v1/calendar/deadline", get_deadline, "public", 0, deadline_in},
    {"POST", "/api/v1/calendar/overrides", post_overrides, "calendar.write", 0, overrides_in,
     .raw_body = true},
    {NULL, NULL, NULL, NULL},
};
