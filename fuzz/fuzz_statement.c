/* libFuzzer harness for bank statements, dossier codes in descriptions and
 * amounts in text (make fuzz builds it with the sources of FUZZ_SRC).
 * Properties checked, beyond not crashing:
 *   - every code found is a dossier code, and the description xaso writes
 *     for it is found to carry it again;
 *   - an amount read from text and written in figures reads back the same,
 *     and every amount in range has words. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/payref.h"
#include "core/statement.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_codes(char codes[][DOSSIER_CODE_MAX], int n)
{
	for (int i = 0; i < n; i++) {
		char purpose[DOSSIER_CODE_MAX], again[PAYREF_MAX_CODES][DOSSIER_CODE_MAX];
		struct xerr e;
		if (!dossier_code_valid(codes[i]))
			abort();
		if (payref_purpose(codes[i], purpose, sizeof purpose, &e) == 0 &&
		    (payref_find(purpose, again, PAYREF_MAX_CODES) < 1 ||
		     strcmp(again[0], codes[i])))
			abort();
	}
}

static void check_amount(const char *s)
{
	int64_t v, back;
	struct xerr e;
	struct buf b;
	if (money_parse(s, "amount", &v, &e) != 0)
		return;
	buf_init(&b);
	money_figures(v, &b);
	if (money_parse(b.data, "amount", &back, &e) != 0 || back != v)
		abort();
	buf_reset(&b);
	if (v >= 0 && v <= MONEY_WORDS_MAX && money_words(v, (unsigned)v & 3, &b, &e) != 0)
		abort();
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct statement st;
	struct xerr e;
	arena_init(&a);
	if (statement_parse("fuzz.csv", (const char *)data, size, &a, &st, &e) == 0) {
		for (size_t i = 0; i < st.n; i++) {
			check_codes(st.line[i].codes, st.line[i].ncodes);
			(void)statement_classify(&st.line[i], st.line[i].amount, 0);
		}
	} else if (e.code != XERR_INVALID) {
		abort();
	}
	arena_free(&a);
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	char codes[PAYREF_MAX_CODES][DOSSIER_CODE_MAX];
	check_codes(codes, payref_find(s, codes, PAYREF_MAX_CODES));
	if (size <= 64)
		check_amount(s);
	free(s);
	return 0;
}
