/*
 * people.h: residents and households of the population view (Project 06):
 * what a row of a population-database extract holds and how it is checked,
 * ages, the one-pass count of residents "as of" a day, and the
 * deterministic generator of a realistic demo population.
 *
 * Only what the indicators need is kept: identity number, name, birth
 * date, sex, household, village, e-ID activation level and e-health
 * record (docs/population.md says why, Decree 13/2023 art. 3(4)).
 *
 * COUNTING. The indicators count residents with conditions such as
 * `age >= 14 and eid_level = 2` as of a day, for every village at once
 * (core/expr.h plans). A resident's truth under such conditions depends
 * only on sex, e-ID level, e-health record and on which side of a few
 * birth days their own birth day falls (the "cuts": for `age >= 14` as of
 * D, the last birth day of people aged 14 on D). So the store makes one
 * pass over the residents, adding each into a CELL of its village (age
 * band between cuts x sex x e-ID level x e-health, people_cell()), and
 * people_cells_eval() turns the cells into the value of every aggregate:
 * each cell's condition is decided once, on a representative resident.
 * Households are counted from the residents' household numbers
 * (people_household_eval()).
 *
 * Nothing is allocated here except by people_counter_new(), freed with
 * people_counter_free(); the generator writes into caller-owned arrays.
 */
#ifndef XASO_CORE_PEOPLE_H
#define XASO_CORE_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/csv.h"
#include "core/expr.h"
#include "core/rng.h"
#include "core/unit.h"

enum people_sex { PEOPLE_MALE = 1, PEOPLE_FEMALE = 2 };

enum { PEOPLE_HOUSEHOLD_MAX = 24, PEOPLE_NAME_MAX = 96 };

struct household {
	char code[PEOPLE_HOUSEHOLD_MAX]; /* the household's number in the extract */
	char village[UNIT_CODE_MAX];
};

/* One resident as an extract states them on its day. */
struct resident {
	char pid[13]; /* 12-digit personal identification number */
	char full_name[PEOPLE_NAME_MAX];
	char birth_date[11]; /* YYYY-MM-DD */
	int32_t birth_day;   /* the same as a Julian day */
	int sex;             /* enum people_sex */
	char household[PEOPLE_HOUSEHOLD_MAX];
	char village[UNIT_CODE_MAX];
	int eid_level;       /* 0 none, 1 or 2: VNeID activation level */
	int ehealth;         /* 1 when an electronic health record exists */
	int32_t extract_day; /* the day of the extract that states this */
};

/* ---- extracts ---- */

/* The columns of an extract (CSV), in their usual order. */
extern const char *const people_extract_columns[];

/* The columns of the open extract c (csv_col of each of
 * people_extract_columns), found once after csv_open. */
struct people_cols {
	int pid, full_name, birth_date, sex, household, village, eid_level, ehealth, extract_date;
};
int people_extract_open(const struct csv *c, struct people_cols *cols, struct xerr *e);

/* Reads and checks the current row of c into r: ID number (its century,
 * sex and birth year must agree with the birth date and sex, Decree
 * 137/2015 art. 13), name, birth date not after the extract's day, sex
 * ("M"/"F", "Nam"/"Nữ", 1/2), household number (letters, digits, '-',
 * '/', '.'), village code (6 to 12 digits), e-ID level 0-2, e-health
 * record (1/0, yes/no, có/không). Errors carry "FILE:LINE:COL: why". */
int people_row(struct csv *c, const struct people_cols *cols, struct resident *r, struct xerr *e);

/* "M"/"F", "Nam"/"Nữ" (any case), "1"/"2": PEOPLE_MALE or PEOPLE_FEMALE;
 * 0 when none of those. people_sex_letter() gives 'M' or 'F'. */
int people_sex_parse(const char *s);
char people_sex_letter(int sex);

/* Did the state the indicators count change (household, village, e-ID
 * level, e-health record)? Names, birth dates and sexes are corrections,
 * written over without history. */
bool people_state_changed(const struct resident *was, const struct resident *now);

/* ---- ages and counts ---- */

/* Age in whole years on day `on` of someone born on birth_day (Julian
 * days): the years whose anniversary has come. Someone born on 29
 * February has their birthday on 1 March in other years. Negative when
 * born after `on`. */
int people_age(int32_t birth_day, int32_t on);

/* The last birth day of people aged at least `years` on day `on`. */
int32_t people_born_by(int32_t on, int years);

enum { PEOPLE_CUTS_MAX = 48 };

/* A count as of one day: the cuts, the cells, and for each aggregate the
 * cells whose residents its condition keeps (see the header comment). */
struct people_counter {
	int32_t as_of;
	int ncuts;
	int32_t cut[PEOPLE_CUTS_MAX]; /* ascending birth days */
	bool age_sums;                /* some aggregate adds up ages */
	size_t ncells;                /* per village */
	size_t naggs;
	const struct expr_agg *const *aggs;
	unsigned char *keeps; /* keeps[j * ncells + k]: aggs[j] keeps cell k */
	size_t *house;        /* the indexes j of the households' aggregates */
	size_t nhouse;
	int members; /* the households' field "members" */
};

/* A counter for the residents' and households' aggregates among
 * aggs[0..n) (others are ignored) as of day as_of; aggs must outlive it.
 * NULL with e filled: XERR_LIMIT when the conditions compare ages or birth
 * dates with more than PEOPLE_CUTS_MAX / 2 different values, XERR_NOMEM. */
struct people_counter *people_counter_new(int32_t as_of, const struct expr_agg *const *aggs,
                                          size_t n, struct xerr *e);
void people_counter_free(struct people_counter *pc);

/* The index of a resident's cell, in [0, pc->ncells). */
size_t people_cell(const struct people_counter *pc, int32_t birth_day, int sex, int eid_level,
                   int ehealth);

/* The residents' aggregates from one village's cells: count[k] residents
 * (and, when pc->age_sums, agesum[k] the sum of their ages) in cell k.
 * out[j] gets the value of aggs[j] when it counts residents; other entries
 * are left alone. */
void people_cells_eval(const struct people_counter *pc, const long *count, const double *agesum,
                       double *out);

/* Adds one household of `members` residents (as of the counter's day) to
 * out[j] for each aggregate of households. */
void people_household_eval(const struct people_counter *pc, int members, double *out);

/* ---- the demo population ---- */

/* Villages for a commune: "Thôn N"/"Buôn ..." for a xã, "Tổ dân phố N"
 * for a phường; codes are the commune code plus a 3-digit sequence.
 * Returns how many were written (at most max). */
int people_demo_villages(struct rng *r, const struct unit *commune, struct unit *out, int max);

/* A name as the demo population's: Kinh, or Ê Đê and M'nông names. */
void people_demo_name(struct rng *r, int sex, char *out, size_t cap);

/* Identity-number sequences: PPP G YY RRRRRR with RRRRRR a bijective
 * scramble of a per-(G, YY) counter, so numbers never repeat. */
struct pid_seq {
	char province[4]; /* 3-digit code of birth registration, e.g. "066" */
	uint32_t next[10][100];
};

/* The years for which ID numbers can be written: the century digit of
 * Decree 137/2015 art. 13 counts from the 20th century to the 24th. */
enum { PEOPLE_YEAR_MIN = 1900, PEOPLE_YEAR_MAX = 2399 };

/* One household of 1 to 7 people living in village on day `today` (a
 * Julian day in the years PEOPLE_YEAR_MIN to PEOPLE_YEAR_MAX: none for
 * other days; nobody is born after it, nor before PEOPLE_YEAR_MIN); eid2
 * is the share of people aged 14 and over with e-ID level 2 (the commune's
 * rate). hh->code is village + 4-digit seq. Returns the number of
 * residents written to out (at most max), each with its household and
 * village, extract_day 0. */
size_t people_demo_household(struct rng *r, struct pid_seq *ids, const char *village, int seq,
                             int32_t today, double eid2, struct household *hh, struct resident *out,
                             size_t max);

/* Does a person who gives this full name and birth date (YYYY-MM-DD) match
 * the resident record? Names are compared folded (core/text.h: case,
 * diacritics and runs of spaces do not count, so "NGUYEN VAN  AN" is
 * "Nguyễn Văn An"), birth dates exactly. Used when a citizen registers
 * with a personal ID number: only the resident may claim it. */
bool people_identity_matches(const struct resident *r, const char *full_name,
                             const char *birth_date);

#endif
