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

#include "core/xerr.h"

struct store;

struct household {
	int64_t id;          /* assigned by store_people_insert */
	char code[24];       /* village code + sequence */
	char village[16];
	char address[128];
};

struct resident {
	char pid[13];        /* 12-digit personal identification number */
	char full_name[96];
	char birth_date[11]; /* YYYY-MM-DD */
	char gender;         /* 'M' or 'F' */
	int household;       /* index into the households of the same batch */
	int eid_level;       /* 0 none, 1 or 2: VNeID activation level */
	int ehealth;         /* 1 when an electronic health record exists */
	char phone[16];      /* may be "" */
};

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
