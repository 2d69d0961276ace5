/*
 * people.c: a deterministic, realistic demo population.
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

static void add_person(struct rng *r, struct pid_seq *ids, bool highland, const char *fam,
                       char gender, int birth_year, int now_year, int hh_index, struct resident *p)
{
	memset(p, 0, sizeof *p);
	p->gender = gender;
	p->household = hh_index;
	if (birth_year > now_year)
		birth_year = now_year;
	/* ID numbers encode births from 1900 only (Decree 137/2015 art. 13:
	 * the century digit starts with the 20th century): no one is older. */
	if (birth_year < PEOPLE_YEAR_MIN)
		birth_year = PEOPLE_YEAR_MIN;
	int month = 1 + (int)rng_below(r, 12), day = 1 + (int)rng_below(r, 28);
	snprintf(p->birth_date, sizeof p->birth_date, "%04u-%02u-%02u",
	         (unsigned)birth_year % 10000u, (unsigned)month % 13u, (unsigned)day % 32u);
	make_pid(ids, birth_year, gender, p->pid);
	make_name(r, highland, gender, fam, p->full_name, sizeof p->full_name);
	int age = now_year - birth_year;
	/* Level-2 e-ID needs a chip ID card, issued from age 14; adoption is
	 * high among working-age adults and lower among the elderly. */
	if (age >= 14) {
		double u = rng_unit(r);
		double act = age >= 70 ? 0.72 : 0.95;
		p->eid_level = u < act * 0.9 ? 2 : (u < act ? 1 : 0);
	}
	p->ehealth = rng_unit(r) < (highland ? 0.62 : 0.78);
	if (age >= 16 && rng_unit(r) < 0.85) {
		static const char *const prefix[] = {"09", "03", "08", "07", "05"};
		snprintf(p->phone, sizeof p->phone, "%s%08u", prefix[rng_below(r, 5)],
		         (unsigned)rng_below(r, 100000000));
	}
}

size_t people_demo_household(struct rng *r, struct pid_seq *ids, const char *village, int seq,
                             int year, int hh_index, struct household *hh, struct resident *out,
                             size_t max)
{
	memset(hh, 0, sizeof *hh);
	if (year < PEOPLE_YEAR_MIN || year > PEOPLE_YEAR_MAX)
		return 0;
	snprintf(hh->code, sizeof hh->code, "%s%04d", village, seq);
	snprintf(hh->village, sizeof hh->village, "%s", village);
	snprintf(hh->address, sizeof hh->address, "Số %d", seq);
	bool highland = rng_unit(r) < 0.18;
	const char *fam =
	    highland ? clan[rng_below(r, N(clan))] : family[rng_weighted(r, family_w, N(family))];
	size_t n = 0;
	int head_age = 22 + (int)rng_below(r, 55);
	char head_g = rng_unit(r) < 0.7 ? 'M' : 'F';
	if (n < max)
		add_person(r, ids, highland, fam, head_g, year - head_age, year, hh_index,
		           &out[n++]);
	/* A spouse in most households, children, sometimes a parent. */
	if (rng_unit(r) < 0.8 && n < max) {
		const char *sfam = highland ? clan[rng_below(r, N(clan))]
		                            : family[rng_weighted(r, family_w, N(family))];
		add_person(r, ids, highland, sfam, head_g == 'M' ? 'F' : 'M',
		           year - head_age + (int)rng_below(r, 7) - 3, year, hh_index, &out[n++]);
	}
	int kids = head_age < 25 ? (int)rng_below(r, 2) : (int)rng_below(r, 4);
	for (int k = 0; k < kids && n < max; k++) {
		int age = head_age - 20 - (int)rng_below(r, 15);
		if (age < 0)
			age = (int)rng_below(r, 3);
		add_person(r, ids, highland, fam, rng_unit(r) < 0.51 ? 'M' : 'F', year - age, year,
		           hh_index, &out[n++]);
	}
	if (head_age < 50 && rng_unit(r) < 0.2 && n < max)
		add_person(r, ids, highland, fam, rng_unit(r) < 0.4 ? 'M' : 'F',
		           year - head_age - 25 - (int)rng_below(r, 10), year, hh_index, &out[n++]);
	return n;
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
