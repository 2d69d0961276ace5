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

/* One resident's record, with where they live. */
struct person {
	struct resident r;
	char household_code[24];
	char village[16];
	char commune[16];
};

/* The village a resident lives in, without reading the record (for the
 * authorisation check before the read). XERR_NOTFOUND when none. */
int store_person_unit(struct store *s, const char *pid, char village[16], struct xerr *e);

/* By personal ID number (XERR_NOTFOUND when none). The read is recorded in
 * the audit log as done by `who`, in the same transaction as the read. */
struct actor;
int store_person_get(struct store *s, const struct actor *who, const char *pid, struct person *out,
                     struct xerr *e);
/* The same read for checking what someone claims (registration with an ID
 * number: name and birth date), recorded as "person.check". */
int store_person_check(struct store *s, const struct actor *who, const char *pid,
                       struct person *out, struct xerr *e);

#endif
