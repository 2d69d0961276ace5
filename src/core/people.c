/*
 * people.c: the rows of a population-database extract, and a
 * deterministic, realistic demo population. (Counting residents is
 * people_count.c.)
 *
 * Family-name shares follow published estimates for Vietnam (Nguyễn about
 * 38%, Trần 11%, Lê 9.5%, Phạm 7%, ...). In the Central Highlands a share
 * of households are Ê Đê or M'nông, whose names put "Y" (men) or "H"
 * (women) before the given name and the clan name last (e.g. "H'Hen Niê",
 * "Y Blông Ayun"). Identity numbers follow the structure of Decree
 * 137/2015 art. 13 (RULES.md §6): province code, century/gender digit, two
 * digits of the birth year, six sequence digits.
 */
#include "core/people.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/lunar.h"
#include "core/pii.h"
#include "core/text.h"

#include "core/text.h"

static const char *const family[] = {"Nguyễn", "Trần", "Lê",   "Phạm",   "Hoàng", "Huỳnh", "Phan",
                                     "Vũ",     "Võ",   "Đặng", "Bùi",    "Đỗ",    "Hồ",    "Ngô",
                                     "Dương",  "Lý",   "Đinh", "Trương", "Lương", "Mai"};
static const unsigned family_w[] = {380, 110, 95, 70, 30, 21, 45, 20, 19, 21,
                                    20,  14,  13, 13, 10, 5,  6,  6,  4,  4};

static const char *const middle_m[] = {"Văn",   "Đức",  "Minh", "Quốc", "Hữu",
                                       "Thanh", "Công", "Xuân", "Đình", "Ngọc"};
static const char *const middle_f[] = {"Thị", "Ngọc",   "Thu",  "Thanh", "Kim",
                                       "Mỹ",  "Phương", "Bích", "Hồng",  "Thúy"};
static const char *const given_m[] = {
    "Anh",   "Bình",  "Cường", "Dũng",  "Đạt",  "Hải",   "Hiếu",  "Hoàng", "Hùng", "Huy",
    "Khang", "Khánh", "Long",  "Minh",  "Nam",  "Nghĩa", "Phong", "Phúc",  "Quân", "Quang",
    "Sơn",   "Tài",   "Thắng", "Thành", "Toàn", "Trung", "Tuấn",  "Việt",  "Vinh", "Bảo"};
static const char *const given_f[] = {
    "Anh",  "Chi",  "Dung", "Giang", "Hà",    "Hạnh", "Hằng",  "Hoa",  "Hương",  "Lan",
    "Linh", "Loan", "Mai",  "My",    "Nga",   "Ngân", "Nhung", "Oanh", "Phương", "Quyên",
    "Tâm",  "Thảo", "Thủy", "Trang", "Trinh", "Uyên", "Vân",   "Vy",   "Xuân",   "Yến"};
static const char *const clan[] = {"Niê",    "Êban", "Ayun", "Mlô",     "Byă", "Knul",
                                   "Adrơng", "Ktla", "Hđơk", "Buôn Yă", "Kpă", "Mđrang"};
static const char *const given_hl_m[] = {"Blông", "Thuột", "Kô",  "Jút", "Nơ",
                                         "Khăm",  "Djơ",   "Yơn", "Sơn", "Bhiơr"};
static const char *const given_hl_f[] = {"Hen", "Bia", "Ngơn", "Ruth", "Mai",
                                         "Juê", "Dim", "Lai",  "Nhi",  "Hoa"};
static const char *const buon[] = {"Buôn Ko Sier", "Buôn Ea Kmar", "Buôn Cuôr", "Buôn Tơng Jú",
                                   "Buôn Alê",     "Buôn Drah",    "Buôn Kram", "Buôn Trấp"};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

int people_demo_villages(struct rng *r, const struct unit *commune, struct unit *out, int max)
{
	bool ward = strstr(commune->type, "Phường") != NULL;
	int n = ward ? 8 + (int)rng_below(r, 14) : 6 + (int)rng_below(r, 12);
	if (n > max)
		n = max;
	int buons = ward ? 0 : (int)rng_below(r, 3);
	for (int i = 0; i < n; i++) {
		struct unit *u = &out[i];
		memset(u, 0, sizeof *u);
		snprintf(u->code, sizeof u->code, "%.5s%03u", commune->code,
		         (unsigned)(i + 1) % 1000u);
		snprintf(u->parent, sizeof u->parent, "%s", commune->code);
		u->level = UNIT_VILLAGE;
		if (ward) {
			snprintf(u->type, sizeof u->type, "Tổ dân phố");
			snprintf(u->name, sizeof u->name, "Tổ dân phố %d", i + 1);
		} else if (i >= n - buons) {
			snprintf(u->type, sizeof u->type, "Buôn");
			snprintf(u->name, sizeof u->name, "%s",
			         buon[(i + rng_below(r, 8)) % N(buon)]);
			/* Names must differ within a commune. */
			for (int k = 0; k < i; k++)
				if (!strcmp(out[k].name, u->name))
					snprintf(u->name, sizeof u->name, "%s %d",
					         buon[i % N(buon)], i + 1);
		} else {
			snprintf(u->type, sizeof u->type, "Thôn");
			snprintf(u->name, sizeof u->name, "Thôn %d", i + 1);
		}
	}
	return n;
}

/* Writes a valid identity number for the birth year and gender. */
static void make_pid(struct pid_seq *ids, int year, char gender, char out[13])
{
	int century = (year - 1900) / 100; /* 0 for 1900s, 1 for 2000s */
	int g = century * 2 + (gender == 'F');
	int yy = year % 100;
	uint32_t n = ids->next[g][yy]++;
	/* 387433 is coprime with 10^6, so this is a bijection on 0..999999. */
	uint32_t scrambled = (uint32_t)(((uint64_t)n * 387433u + 1234u) % 1000000u);
	snprintf(out, 13, "%.3s%u%02u%06u", ids->province, (unsigned)g % 10u, (unsigned)yy % 100u,
	         scrambled);
}

static void make_name(struct rng *r, bool highland, char gender, const char *fam, char *out,
                      size_t cap)
{
	if (highland) {
		const char *g = gender == 'M' ? given_hl_m[rng_below(r, N(given_hl_m))]
		                              : given_hl_f[rng_below(r, N(given_hl_f))];
		snprintf(out, cap, "%s %s %s", gender == 'M' ? "Y" : "H'", g, fam);
		/* "H'" joins the given name: "H'Hen Niê". */
		if (gender == 'F') {
			char *sp = strstr(out, "' ");
			if (sp)
				memmove(sp + 1, sp + 2, strlen(sp + 2) + 1);
		}
		return;
	}
	const char *mid = gender == 'M' ? middle_m[rng_below(r, N(middle_m))]
	                                : middle_f[rng_below(r, N(middle_f))];
	const char *g =
	    gender == 'M' ? given_m[rng_below(r, N(given_m))] : given_f[rng_below(r, N(given_f))];
	snprintf(out, cap, "%s %s %s", fam, mid, g);
}

void people_demo_name(struct rng *r, int sex, char *out, size_t cap)
{
	bool highland = rng_unit(r) < 0.18;
	const char *fam =
	    highland ? clan[rng_below(r, N(clan))] : family[rng_weighted(r, family_w, N(family))];
	make_name(r, highland, sex == PEOPLE_FEMALE ? 'F' : 'M', fam, out, cap);
}

static void add_person(struct rng *r, struct pid_seq *ids, bool highland, const char *fam,
                       char gender, int birth_year, int32_t today, double eid2, struct resident *p)
{
	memset(p, 0, sizeof *p);
	p->sex = gender == 'M' ? PEOPLE_MALE : PEOPLE_FEMALE;
	/* ID numbers encode births from 1900 only (Decree 137/2015 art. 13:
	 * the century digit starts with the 20th century): no one is older. */
	if (birth_year < PEOPLE_YEAR_MIN)
		birth_year = PEOPLE_YEAR_MIN;
	int month = 1 + (int)rng_below(r, 12), day = 1 + (int)rng_below(r, 28);
	/* Nobody is born after today, nor before PEOPLE_YEAR_MIN (today is in
	 * those years: its first of January at the latest). */
	while (lunar_jdn(birth_year, month, day) > today) {
		if (birth_year == PEOPLE_YEAR_MIN) {
			month = day = 1;
			break;
		}
		birth_year--;
	}
	snprintf(p->birth_date, sizeof p->birth_date, "%04u-%02u-%02u",
	         (unsigned)birth_year % 10000u, (unsigned)month % 13u, (unsigned)day % 32u);
	p->birth_day = lunar_jdn(birth_year, month, day);
	make_pid(ids, birth_year, gender, p->pid);
	make_name(r, highland, gender, fam, p->full_name, sizeof p->full_name);
	int age = people_age(p->birth_day, today);
	/* Level-2 e-ID needs a chip ID card, issued from age 14; adoption is
	 * lower among the elderly. eid2 is the commune's rate over everyone
	 * aged 14 and over. */
	if (age >= 14) {
		double u = rng_unit(r);
		double l2 = age >= 70 ? eid2 * 0.85 : eid2 * 1.02;
		p->eid_level = u < l2 ? 2 : (u < l2 + (1 - l2) * 0.5 ? 1 : 0);
	}
	p->ehealth = rng_unit(r) < (highland ? 0.62 : 0.78);
}

size_t people_demo_household(struct rng *r, struct pid_seq *ids, const char *village, int seq,
                             int32_t today, double eid2, struct household *hh, struct resident *out,
                             size_t max)
{
	int year, month, mday;
	lunar_civil(today, &year, &month, &mday);
	if (year < PEOPLE_YEAR_MIN || year > PEOPLE_YEAR_MAX)
		return 0;
	memset(hh, 0, sizeof *hh);
	if (year < PEOPLE_YEAR_MIN || year > PEOPLE_YEAR_MAX)
		return 0;
	snprintf(hh->code, sizeof hh->code, "%s%04d", village, seq);
	snprintf(hh->village, sizeof hh->village, "%s", village);
	bool highland = rng_unit(r) < 0.18;
	const char *fam =
	    highland ? clan[rng_below(r, N(clan))] : family[rng_weighted(r, family_w, N(family))];
	size_t n = 0;
	int head_age = 22 + (int)rng_below(r, 55);
	char head_g = rng_unit(r) < 0.7 ? 'M' : 'F';
	if (n < max)
		add_person(r, ids, highland, fam, head_g, year - head_age, today, eid2, &out[n++]);
	/* A spouse in most households, children, sometimes a parent. */
	if (rng_unit(r) < 0.8 && n < max) {
		const char *sfam = highland ? clan[rng_below(r, N(clan))]
		                            : family[rng_weighted(r, family_w, N(family))];
		add_person(r, ids, highland, sfam, head_g == 'M' ? 'F' : 'M',
		           year - head_age + (int)rng_below(r, 7) - 3, today, eid2, &out[n++]);
	}
	int kids = head_age < 25 ? (int)rng_below(r, 2) : (int)rng_below(r, 4);
	for (int k = 0; k < kids && n < max; k++) {
		int age = head_age - 20 - (int)rng_below(r, 15);
		if (age < 0)
			age = (int)rng_below(r, 3);
		add_person(r, ids, highland, fam, rng_unit(r) < 0.51 ? 'M' : 'F', year - age, today,
		           eid2, &out[n++]);
	}
	if (head_age < 50 && rng_unit(r) < 0.2 && n < max)
		add_person(r, ids, highland, fam, rng_unit(r) < 0.4 ? 'M' : 'F',
		           year - head_age - 25 - (int)rng_below(r, 10), today, eid2, &out[n++]);
	for (size_t i = 0; i < n; i++) {
		snprintf(out[i].household, sizeof out[i].household, "%s", hh->code);
		snprintf(out[i].village, sizeof out[i].village, "%s", village);
	}
	return n;
}

/* ---- extracts ---- */

const char *const people_extract_columns[] = {
    "pid",     "full_name", "birth_date", "sex",          "household",
    "village", "eid_level", "ehealth",    "extract_date", NULL,
};

int people_extract_open(const struct csv *c, struct people_cols *cols, struct xerr *e)
{
	int *at[] = {&cols->pid,       &cols->full_name, &cols->birth_date,
	             &cols->sex,       &cols->household, &cols->village,
	             &cols->eid_level, &cols->ehealth,   &cols->extract_date};
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++)
		if ((*at[i] = csv_col(c, people_extract_columns[i])) < 0)
			return xerr_set(e, XERR_INVALID, people_extract_columns[i],
			                "%s:1:1: missing column \"%s\"", c->name,
			                people_extract_columns[i]);
	return 0;
}

int people_sex_parse(const char *s)
{
	/* What extracts write, without folding. */
	if (s && s[0] && !s[1] && strchr("MmFf12", s[0]))
		return strchr("Mm1", s[0]) ? PEOPLE_MALE : PEOPLE_FEMALE;
	static const char *const male[] = {"m", "nam", "1"}, *const female[] = {"f", "nữ", "nu",
	                                                                        "2"};
	char *f = text_fold_dup(s ? s : "");
	int sex = 0;
	for (size_t i = 0; f && !sex && i < N(male); i++)
		if (!strcmp(f, male[i]))
			sex = PEOPLE_MALE;
	for (size_t i = 0; f && !sex && i < N(female); i++)
		if (!strcmp(f, female[i]))
			sex = PEOPLE_FEMALE;
	free(f);
	return sex;
}

char people_sex_letter(int sex)
{
	return sex == PEOPLE_FEMALE ? 'F' : 'M';
}

/* 1, 0 or -1 (neither) for a yes/no cell: 1/0, yes/no, có/không, x/"". */
static int yes_no(const char *s)
{
	if (s && (s[0] == '0' || s[0] == '1') && !s[1])
		return s[0] - '0';
	static const char *const yes[] = {"1", "yes", "y", "co", "x", "true"};
	static const char *const no[] = {"0", "no", "n", "khong", "", "false"};
	char *f = text_fold_dup(s ? s : "");
	int v = -1;
	for (size_t i = 0; f && v < 0 && i < N(yes); i++)
		if (!strcmp(f, yes[i]))
			v = 1;
	for (size_t i = 0; f && v < 0 && i < N(no); i++)
		if (!strcmp(f, no[i]))
			v = 0;
	free(f);
	return v;
}

static bool household_code_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= 'a' && *s <= 'z') || strchr("-/.", *s)))
			return false;
	return true;
}

/* The date in column col as a day, refused when empty or not a date. */
static int take_day(const struct csv *c, int col, char out[11], int32_t *day, struct xerr *e)
{
	const char *v = csv_field(c, col);
	struct xerr de = {0};
	if (cal_parse_date(v, c->header[col], day, &de) != 0)
		return csv_error(c, col, e, "%s", de.msg);
	memcpy(out, v, 11);
	return 0;
}

static int row_identity(struct csv *c, const struct people_cols *k, struct resident *r,
                        struct xerr *e)
{
	char extract[11];
	int rc = csv_take(c, k->pid, r->pid, sizeof r->pid, true, e);
	if (rc == 0)
		rc = csv_take(c, k->full_name, r->full_name, sizeof r->full_name, true, e);
	if (rc == 0)
		rc = take_day(c, k->birth_date, r->birth_date, &r->birth_day, e);
	if (rc == 0)
		rc = take_day(c, k->extract_date, extract, &r->extract_day, e);
	if (rc)
		return rc;
	if (r->birth_day > r->extract_day)
		return csv_error(c, k->birth_date, e, "born after the extract's day (%s)", extract);
	if (!(r->sex = people_sex_parse(csv_field(c, k->sex))))
		return csv_error(c, k->sex, e, "sex is M or F (Nam or Nữ)");
	struct xerr pe = {0};
	if (pid_check(r->pid, r->birth_date, people_sex_letter(r->sex), "pid", &pe) != 0)
		return csv_error(c, k->pid, e, "%s", pe.msg);
	return 0;
}

int people_row(struct csv *c, const struct people_cols *k, struct resident *r, struct xerr *e)
{
	memset(r, 0, sizeof *r);
	int rc = row_identity(c, k, r, e);
	if (rc == 0)
		rc = csv_take(c, k->household, r->household, sizeof r->household, true, e);
	if (rc == 0 && !household_code_ok(r->household))
		rc = csv_error(c, k->household, e,
		               "a household number has letters, digits, '-', '/' or '.'");
	if (rc == 0 && unit_check_code(csv_field(c, k->village), UNIT_VILLAGE, NULL) != 0)
		rc = csv_error(c, k->village, e, "a village code has 6 to 12 digits");
	if (rc == 0)
		rc = csv_take(c, k->village, r->village, sizeof r->village, true, e);
	if (rc)
		return rc;
	const char *lv = csv_field(c, k->eid_level);
	if (strlen(lv) != 1 || lv[0] < '0' || lv[0] > '2')
		return csv_error(c, k->eid_level, e, "the e-ID level is 0, 1 or 2");
	r->eid_level = lv[0] - '0';
	if ((r->ehealth = yes_no(csv_field(c, k->ehealth))) < 0)
		return csv_error(c, k->ehealth, e, "the e-health record is 1 or 0 (có or không)");
	return 0;
}

bool people_state_changed(const struct resident *was, const struct resident *now)
{
	return strcmp(was->household, now->household) != 0 ||
	       strcmp(was->village, now->village) != 0 || was->eid_level != now->eid_level ||
	       was->ehealth != now->ehealth;
}

bool people_identity_matches(const struct resident *r, const char *full_name,
                             const char *birth_date)
{
	if (!r || !full_name || !birth_date || strcmp(r->birth_date, birth_date) != 0)
		return false;
	char *want = text_fold_dup(r->full_name), *got = text_fold_dup(full_name);
	bool same = want && got && *want && strcmp(want, got) == 0;
	free(want);
	free(got);
	return same;
}
