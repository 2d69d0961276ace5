/* pii.c: personal ID and phone numbers. */
#include "core/pii.h"

#include <stdio.h>
#include <string.h>

/* Province codes of birth registration (Circular 07/2016/TT-BCA, annex 1). */
static const char *const pid_provinces[] = {
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
    "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
    "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
    "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
    "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
};

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The table is in order: a binary search (an import checks millions). */
static bool province_known(const char *pid)
{
	size_t lo = 0, hi = sizeof pid_provinces / sizeof pid_provinces[0];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = memcmp(pid, pid_provinces[mid], 3);
		if (cmp == 0)
			return true;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

bool pid_like(const char *s)
{
	return s && strlen(s) == 12 && all_digits(s, 12);
}

int pid_check(const char *pid, const char *birth_date, char gender, const char *field,
              struct xerr *e)
{
	if (!pid || !pid_like(pid))
		return xerr_set(e, XERR_INVALID, field,
		                "a personal ID number has exactly 12 digits");
	if (!province_known(pid))
		return xerr_set(e, XERR_INVALID, field,
		                "%.3s is not a province code of birth registration", pid);
	int g = pid[3] - '0';
	int yy = (pid[4] - '0') * 10 + (pid[5] - '0');
	int year = 1900 + 100 * (g / 2) + yy;
	if (birth_date && birth_date[0]) {
		int by = 0;
		for (int i = 0; i < 4; i++) {
			if (birth_date[i] < '0' || birth_date[i] > '9')
				return xerr_set(e, XERR_INVALID, "birth_date",
				                "birth date is not YYYY-MM-DD");
			by = by * 10 + (birth_date[i] - '0');
		}
		if (by != year)
			return xerr_set(e, XERR_INVALID, field,
			                "digits 4 to 6 say born in %d, the birth date says %d",
			                year, by);
	} else if (year > 2199) {
		return xerr_set(e, XERR_INVALID, field, "digit 4 gives a birth year after 2199");
	}
	if (gender == 'M' || gender == 'F') {
		char pg = g % 2 == 0 ? 'M' : 'F';
		if (pg != gender)
			return xerr_set(
			    e, XERR_INVALID, field, "digit 4 says %s, the record says %s",
			    pg == 'M' ? "male" : "female", gender == 'M' ? "male" : "female");
	}
	return 0;
}

int phone_normalise(const char *in, char *out, size_t cap, const char *field, struct xerr *e)
{
	char d[24];
	size_t n = 0;
	const char *p = in ? in : "";
	while (*p == ' ')
		p++;
	bool intl = false;
	if (*p == '+') {
		intl = true;
		p++;
	}
	for (; *p; p++) {
		if (*p == ' ' || *p == '.' || *p == '-')
			continue;
		if (*p < '0' || *p > '9' || n + 1 >= sizeof d)
			return xerr_set(
			    e, XERR_INVALID, field,
			    "a phone number has only digits, spaces, dots and a leading +");
		d[n++] = *p;
	}
	d[n] = 0;
	const char *nat = d;
	char buf[24];
	if (intl || (n >= 11 && !memcmp(d, "84", 2))) {
		if (memcmp(d, "84", 2) != 0)
			return xerr_set(e, XERR_INVALID, field,
			                "only Vietnamese numbers (+84) are accepted");
		snprintf(buf, sizeof buf, "0%s", d + 2);
		nat = buf;
	}
	size_t len = strlen(nat);
	bool mobile = len == 10 && nat[0] == '0' && strchr("35789", nat[1]) && nat[1];
	bool fixed = len == 11 && nat[0] == '0' && nat[1] == '2';
	if (!mobile && !fixed)
		return xerr_set(
		    e, XERR_INVALID, field,
		    "not a Vietnamese phone number (10 digits starting 03, 05, 07, 08, 09, "
		    "or 11 digits starting 02)");
	if (len + 1 > cap)
		return xerr_set(e, XERR_INVALID, field, "phone number too long");
	memcpy(out, nat, len + 1);
	return 0;
}

void pid_mask(const char *pid, char out[16])
{
	size_t n = pid ? strlen(pid) : 0;
	if (n == 0 || n > 15) {
		out[0] = 0;
		return;
	}
	size_t keep = n > 3 ? 3 : 0;
	memset(out, '*', n - keep);
	memcpy(out + n - keep, pid + n - keep, keep);
	out[n] = 0;
}

void phone_mask(const char *phone, char out[16])
{
	size_t n = phone ? strlen(phone) : 0;
	if (n == 0 || n > 15) {
		out[0] = 0;
		return;
	}
	if (n < 7) {
		memset(out, '*', n);
		out[n] = 0;
		return;
	}
	memcpy(out, phone, 3);
	memset(out + 3, '*', n - 6);
	memcpy(out + n - 3, phone + n - 3, 3);
	out[n] = 0;
}

int login_normalise(bool citizen, const char *login, char out[64], struct xerr *e)
{
	if (!login || !*login)
		return xerr_set(e, XERR_INVALID, "login", "a login is required");
	if (citizen) {
		if (pid_like(login)) {
			if (pid_check(login, NULL, 0, "login", e) != 0)
				return e->code;
			snprintf(out, 64, "%s", login);
			return 0;
		}
		return phone_normalise(login, out, 64, "login", e);
	}
	size_t n = strlen(login);
	if (n < 3 || n > 32 || login[0] < 'a' || login[0] > 'z' ||
	    strspn(login, "abcdefghijklmnopqrstuvwxyz0123456789._-") != n)
		return xerr_set(e, XERR_INVALID, "login",
		                "a staff login has 3 to 32 characters: a-z, 0-9, '.', '_', '-', "
		                "starting with a letter");
	snprintf(out, 64, "%s", login);
	return 0;
}
