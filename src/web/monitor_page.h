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

#endif
