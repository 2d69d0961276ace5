/* units_view.h: unit helpers shared by the unit API and the unit pages. */
#ifndef XASO_WEB_UNITS_VIEW_H
#define XASO_WEB_UNITS_VIEW_H

#include <jansson.h>

#include "store/store.h"

/* The unit as a JSON object (new reference). */
json_t *unit_json(const struct unit *u);

/* Fills chain[0..*n) with u's ancestors, province first (at most 4). */
int units_parent_chain(struct store *s, const struct unit *u, struct unit *chain, int *n,
                       struct xerr *e);

#endif
