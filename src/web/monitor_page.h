/*
 * monitor_page.h: the monitoring parts of the unit pages and the pages of
 * the indicators (issue 14, item 7): a province's communes in a sortable
 * table and a grid of coloured tiles; a commune's indicator cards with a
 * 12-month sparkline (SVG drawn here), its criteria and its tasks;
 * /indicators and /indicators/ID (every unit ranked on one indicator).
 * Plain HTML that works without JavaScript; sorting is a link with
 * ?sort=; every table also comes as ?format=csv or ?format=xlsx.
 */
#ifndef XASO_WEB_MONITOR_PAGE_H
#define XASO_WEB_MONITOR_PAGE_H

#include "core/indicator.h"
#include "core/unit.h"
#include "web/http.h"

/* Appends the province's section to r->out, or answers the export
 * (?format=): 1 when the answer is complete (an export or an error), 0 to
 * go on with the page. */
int mon_province_section(struct req *r, const struct unit *u);
/* Appends the commune's section (cards, criteria, tasks): 1 when the
 * answer is complete (an error), 0 to go on. */
int mon_commune_section(struct req *r, const struct unit *u);

/* An SVG sparkline of n values (NaN: a gap), appended to b. */
void mon_sparkline(struct buf *b, const double *v, size_t n, bool percent);

/* ---- pieces shared with the monthly report (page_reports.c) ---- */

struct mon_view;
struct fig_status;
struct ind_period;
enum { MON_TREND_N = 12 };

/* A number the way the page's language writes it ("58,9" / "58.9"), with
 * "%" for a percentage; "—" for NaN. */
void mon_put_number(struct req *r, double v, int unit);
/* The CSS class of a colour (c-green...), and its word. */
const char *mon_colour_class(enum ind_colour c);
void mon_put_colour_word(struct req *r, enum ind_colour c);
/* Indicator k of the root over the MON_TREND_N months up to the view's
 * period: the snapshots of the months before, the view's value last. */
void mon_trend(struct req *r, const struct mon_view *v, size_t k, double *series);
/* The criteria checklist of a judged unit. */
void mon_checklist(struct req *r, const struct fig_status *st);
/* The plan tasks: "done/total" as a heading, the list for task.read. */
int mon_tasks_table(struct req *r, const struct mon_view *v, struct xerr *e);
/* The table of the communes under the view's root (rank, colour,
 * headline indicators, criteria met). */
int mon_communes_table(struct req *r, const struct mon_view *v, struct xerr *e);
/* A link to the unit's monthly report, for roles that may read it. */
void mon_report_link(struct req *r, const char *code, const struct ind_period *p);

#endif
