/* libFuzzer harness for personal ID numbers, phone numbers and logins
 * (src/core/pii.c) and for the demo population (src/core/people.c), whose
 * numbers must pass the same checks. Properties checked, beyond not
 * crashing:
 *   - an ID number accepted has 12 digits and is masked to its last three;
 *   - a phone number accepted is normalised to 10 or 11 digits starting
 *     with 0, and normalising that again changes nothing; a citizen login
 *     that is not an ID number normalises as the phone number does;
 *   - a staff login accepted is kept as it is and is never a citizen's
 *     login (phone or ID number);
 *   - every demo resident, for any seed and year, has an ID number that
 *     agrees with the birth date and gender, a valid birth date, a name in
 *     UTF-8, and a phone number that is empty or normalised; ID numbers
 *     never repeat.
 *
 * Input: line 0 is the number or login, line 1 a birth date; the first
 * bytes also seed the demo generator and choose its year. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/lunar.h"
#include "core/people.h"
#include "core/pii.h"
#include "core/text.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void pid(const char *s, const char *birth, char gender)
{
	struct xerr e;
	char m[16];
	if (pid_check(s, birth, gender, "pid", &e) != 0) {
		check(e.code == XERR_INVALID && e.field);
		return;
	}
	check(pid_like(s));
	pid_mask(s, m);
	check(strlen(m) == 12 && strspn(m, "*") == 9 && !strcmp(m + 9, s + 9));
}

static void phone(const char *s)
{
	struct xerr e;
	char out[16], again[16], login[64], m[16];
	if (phone_normalise(s, out, sizeof out, "phone", &e) != 0) {
		check(e.code == XERR_INVALID && !strcmp(e.field, "phone"));
		return;
	}
	size_t n = strlen(out);
	check((n == 10 || n == 11) && out[0] == '0' && strspn(out, "0123456789") == n);
	check(phone_normalise(out, again, sizeof again, "phone", &e) == 0 && !strcmp(out, again));
	if (!pid_like(s))
		check(login_normalise(true, s, login, &e) == 0 && !strcmp(login, out));
	phone_mask(out, m);
	check(strlen(m) == n && !memcmp(m, out, 3) && !strcmp(m + n - 3, out + n - 3));
}

static void staff(const char *s)
{
	struct xerr e;
	char out[64], citizen[64];
	if (login_normalise(false, s, out, &e) != 0) {
		check(e.code == XERR_INVALID);
		return;
	}
	check(!strcmp(out, s) && login_normalise(true, out, citizen, &e) != 0);
}

static void demo(const uint8_t *data, size_t size)
{
	static struct pid_seq ids;
	struct resident rs[16];
	struct household hh;
	struct rng r;
	struct xerr e;
	uint64_t seed = fuzz_u64(data, size, 0);
	int year = 1900 + (int)(seed % 300);
	memset(&ids, 0, sizeof ids);
	memcpy(ids.province, "066", 4);
	rng_seed(&r, seed);
	int32_t today = lunar_jdn(year, 1 + (int)(seed % 12), 1 + (int)(seed % 28));
	size_t n = people_demo_household(&r, &ids, "66001001", 1, today, 0.9, &hh, rs, 16);
	check(n >= 1 && n <= 16);
	for (size_t i = 0; i < n; i++) {
		int32_t day;
		char sex = people_sex_letter(rs[i].sex);
		check(rs[i].sex == PEOPLE_MALE || rs[i].sex == PEOPLE_FEMALE);
		check(cal_parse_date(rs[i].birth_date, "birth_date", &day, &e) == 0);
		check(day == rs[i].birth_day && day <= today);
		check(pid_check(rs[i].pid, rs[i].birth_date, sex, "pid", &e) == 0);
		check(rs[i].full_name[0] &&
		      text_valid_utf8(rs[i].full_name, strlen(rs[i].full_name), NULL));
		for (size_t j = 0; j < i; j++)
			check(strcmp(rs[i].pid, rs[j].pid) != 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[64], birth[32];
	fuzz_line(data, size, 0, s, sizeof s);
	fuzz_line(data, size, 1, birth, sizeof birth);
	pid(s, NULL, 0);
	pid(s, birth, size ? "\0MF"[data[size - 1] % 3] : 0);
	phone(s);
	staff(s);
	demo(data, size);
	return 0;
}
