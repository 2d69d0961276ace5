/* payref.c: a dossier code into a transfer description and back out. */
#include "core/payref.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/lunar.h"
#include "core/vietqr.h"

enum {
	MAX_RUNS = 64,  /* runs of digits looked at in one description */
	MAX_DIGITS = 24 /* 12 + 6 + 6: the longest code's digits */
};

int payref_purpose(const char *code, char *dst, size_t cap, struct xerr *e)
{
	if (!dossier_code_valid(code))
		return xerr_set(e, XERR_INVALID, "code", "not a dossier code (UNIT-YYMMDD-NNNN)");
	size_t n = strlen(code);
	if (n > VIETQR_TEXT_MAX || n >= cap)
		return xerr_set(e, XERR_INVALID, "code",
		                "the code has %zu characters; a transfer description holds %d", n,
		                VIETQR_TEXT_MAX);
	for (size_t i = 0; i <= n; i++)
		dst[i] = code[i] == '-' ? ' ' : code[i];
	return 0;
}

struct run {
	size_t at, len;
	bool joined; /* separated from the previous run by 1-3 separators only */
};

static bool is_sep(char c)
{
	return c == ' ' || c == '-' || c == '.' || c == '_' || c == '/' || c == '\t';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* YYMMDD is a day of 2000-2099. */
static bool date_ok(const char *d)
{
	int y = (d[0] - '0') * 10 + (d[1] - '0'), m = (d[2] - '0') * 10 + (d[3] - '0'),
	    day = (d[4] - '0') * 10 + (d[5] - '0');
	int32_t jdn;
	return lunar_check_civil(2000 + y, m, day, "date", &jdn, NULL) == 0;
}

static int add_code(char codes[][DOSSIER_CODE_MAX], int n, int max, const char *code)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(codes[i], code))
			return n;
	if (n < max)
		snprintf(codes[n++], DOSSIER_CODE_MAX, "%s", code);
	return n;
}

/* The codes that k runs r[0..k) make: every split of their digits into
 * unit, date and sequence that puts each boundary between two runs at a
 * boundary between the parts. */
static int try_runs(const char *desc, const struct run *r, int k, char codes[][DOSSIER_CODE_MAX],
                    int n, int max)
{
	char d[MAX_DIGITS + 1];
	size_t total = 0, bound[2];
	for (int i = 0; i < k; i++) {
		if (total + r[i].len > MAX_DIGITS)
			return n;
		if (i)
			bound[i - 1] = total;
		memcpy(d + total, desc + r[i].at, r[i].len);
		total += r[i].len;
	}
	for (size_t u = 2; u <= 12; u++) {
		if (total < u + 6 + 4 || total > u + 6 + 6)
			continue;
		bool fits = true;
		for (int b = 0; b < k - 1; b++)
			fits = fits && (bound[b] == u || bound[b] == u + 6);
		if (!fits || !date_ok(d + u))
			continue;
		char code[DOSSIER_CODE_MAX];
		snprintf(code, sizeof code, "%.*s-%.6s-%.*s", (int)u, d, d + u,
		         (int)(total - u - 6), d + u + 6);
		if (dossier_code_valid(code))
			n = add_code(codes, n, max, code);
	}
	return n;
}

int payref_find(const char *desc, char codes[][DOSSIER_CODE_MAX], int max)
{
	struct run runs[MAX_RUNS];
	int nruns = 0;
	size_t gap_from = 0; /* where the text since the last run began */
	for (size_t i = 0; desc[i] && nruns < MAX_RUNS;) {
		if (!is_digit(desc[i])) {
			i++;
			continue;
		}
		struct run r = {.at = i};
		while (is_digit(desc[i]))
			i++;
		r.len = i - r.at;
		r.joined = nruns > 0 && r.at - gap_from >= 1 && r.at - gap_from <= 3;
		for (size_t j = gap_from; r.joined && j < r.at; j++)
			r.joined = is_sep(desc[j]);
		runs[nruns++] = r;
		gap_from = i;
	}
	/* Three separated runs first (the surest), then two, then one. */
	int n = 0;
	for (int k = 3; k >= 1; k--)
		for (int i = 0; i + k <= nruns; i++) {
			bool chained = true;
			for (int j = i + 1; j < i + k; j++)
				chained = chained && runs[j].joined;
			if (chained)
				n = try_runs(desc, runs + i, k, codes, n, max);
		}
	return n;
}
