/*
 * people.h: households and residents of the population view (Project 06),
 * and the deterministic generator of a realistic demo population.
 *
 * Only what the indicators need: identity number, name, birth date, gender,
 * village, e-ID activation level, e-health-record status. The generator
 * writes into caller-owned arrays; nothing is allocated.
 */
#ifndef XASO_CORE_PEOPLE_H
#define XASO_CORE_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rng.h"
#include "core/unit.h"

struct household {
	int64_t id;    /* assigned by store_people_insert */
	char code[24]; /* village code + sequence */
	char village[16];
	char address[128];
};

struct resident {
	char pid[13]; /* 12-digit personal identification number */
	char full_name[96];
	char birth_date[11]; /* YYYY-MM-DD */
	char gender;         /* 'M' or 'F' */
	int household;       /* index into the households of the same batch */
	int eid_level;       /* 0 none, 1 or 2: VNeID activation level */
	int ehealth;         /* 1 when an electronic health record exists */
	char phone[16];      /* may be "" */
};

/* Villages for a commune: "Thôn N"/"Buôn ..." for a xã, "Tổ dân phố N"
 * for a phường; codes are the commune code plus a 3-digit sequence.
 * Returns how many were written (at most max). */
int people_demo_villages(struct rng *r, const struct unit *commune, struct unit *out, int max);

/* Identity-number sequences: PPP G YY RRRRRR with RRRRRR a bijective
 * scramble of a per-(G, YY) counter, so numbers never repeat. */
struct pid_seq {
	char province[4]; /* 3-digit code of birth registration, e.g. "066" */
	uint32_t next[10][100];
};

/* The years for which ID numbers can be written: the century digit of
 * Decree 137/2015 art. 13 counts from the 20th century to the 24th. */
enum { PEOPLE_YEAR_MIN = 1900, PEOPLE_YEAR_MAX = 2399 };

/* One household of 1 to 7 people living in village, as of the given year
 * (PEOPLE_YEAR_MIN to PEOPLE_YEAR_MAX; none for other years; nobody is
 * born before PEOPLE_YEAR_MIN). hh->code is village + 4-digit seq. Returns
 * the number of residents written to out (at most max), each with
 * household = hh_index. */
size_t people_demo_household(struct rng *r, struct pid_seq *ids, const char *village, int seq,
                             int year, int hh_index, struct household *hh, struct resident *out,
                             size_t max);

/* Does a person who gives this full name and birth date (YYYY-MM-DD) match
 * the resident record? Names are compared folded (core/text.h: case,
 * diacritics and runs of spaces do not count, so "NGUYEN VAN  AN" is
 * "Nguyễn Văn An"), birth dates exactly. Used when a citizen registers
 * with a personal ID number: only the resident may claim it. */
bool people_identity_matches(const struct resident *r, const char *full_name,
                             const char *birth_date);

#endif
