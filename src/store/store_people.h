/*
 * store_people.h: households and residents (the Project 06 population view).
 * Part of the store.h contract.
 *
 * Only what the indicators need is kept: identity number, name, birth date,
 * gender, village, e-ID activation level and e-health-record status. These
 * are personal data (Decree 13/2023): callers must check the reader's role
 * and unit before calling, and record the access in the audit log.
 */
#ifndef XASO_STORE_PEOPLE_H
#define XASO_STORE_PEOPLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/people.h"
#include "core/xerr.h"

struct store;

/* Inserts a batch of households and their residents in one transaction. */
int store_people_insert(struct store *s, struct household *hh, size_t nhh,
                        const struct resident *rs, size_t nrs, struct xerr *e);

struct people_counts {
	long households, residents, eid_activated, eid_level2, ehealth;
};

/* Counts for a unit's subtree (province, commune or village). */
int store_people_counts(struct store *s, const char *unit, struct people_counts *out,
                        struct xerr *e);

#endif
