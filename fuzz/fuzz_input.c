/* libFuzzer harness for the declared inputs (web/input.c): query, path and
 * form parameters as every route declares them. The first byte picks one
 * parameter among all the declarations of all the routes
 * (web_route_tables()); the rest is its value, checked by input_check()
 * as input_read() checks it before any handler runs.
 *
 * Properties: a value refused names its parameter with a message; a value
 * accepted keeps the declaration's promise: text is valid UTF-8 within its
 * limit, a whole number lies in its range and reads back the same, digits
 * are digits of an allowed count, a word is one of the words, a date or
 * time is a real one, a dossier or procedure code has its form. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dossier.h"
#include "core/text.h"
#include "web/server_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

enum { MAX_PARAMS = 1024 };
static const struct param *params[MAX_PARAMS];
static size_t nparams;

static void collect(void)
{
	const struct route *const *tables = web_route_tables();
	for (int t = 0; tables[t]; t++)
		for (const struct route *rt = tables[t]; rt->method; rt++)
			for (const struct param *p = rt->in; p && p->name && nparams < MAX_PARAMS;
			     p++)
				if (p->kind != IN_FILES)
					params[nparams++] = p;
}

static bool one_of(const char *words, const char *v)
{
	size_t n = strlen(v);
	for (const char *w = words; w; w = strchr(w, '|') ? strchr(w, '|') + 1 : NULL)
		if (n && !strncmp(w, v, n) && (w[n] == '|' || !w[n]))
			return true;
	return false;
}

static void accepted(const struct param *p, const char *v, int64_t num)
{
	size_t len = strlen(v);
	char back[32];
	switch ((enum in_kind)p->kind) {
	case IN_TEXT:
		check(text_valid_utf8(v, len, NULL) && (long long)text_length(v) >= p->min);
		check(!p->max || (long long)text_length(v) <= p->max);
		break;
	case IN_FIELDS:
		check(text_valid_utf8(v, len, NULL) && (!p->max || (long long)len <= p->max));
		break;
	case IN_INT:
		check(num >= p->min && num <= p->max);
		snprintf(back, sizeof back, "%lld", (long long)num);
		/* Read back the same, but for a sign or leading zeros. */
		check(strtoll(v, NULL, 10) == num);
		break;
	case IN_DIGITS:
		check((long long)len >= p->min && (long long)len <= p->max);
		for (size_t i = 0; i < len; i++)
			check(v[i] >= '0' && v[i] <= '9');
		break;
	case IN_WORD: check(one_of(p->words, v)); break;
	case IN_DOSSIER: check(dossier_code_valid(v)); break;
	case IN_CHECK: check((long long)len <= p->max); break;
	case IN_DATE:
	case IN_TIME:
	case IN_PROCEDURE:
	case IN_FILES: break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!nparams)
		collect();
	if (size < 1 || !nparams)
		return 0;
	const struct param *p = params[data[0] % nparams];
	/* A value arrives as a C string (a NUL was refused before: %00 in a
	 * query, a NUL in a form body): cut at the first NUL. */
	char *v = malloc(size);
	if (!v)
		return 0;
	memcpy(v, data + 1, size - 1);
	v[size - 1] = '\0';
	int64_t num = 0;
	struct xerr e = {0};
	if (input_check(p, v, &num, &e) == 0)
		accepted(p, v, num);
	else
		check(e.code == XERR_INVALID && e.field && !strcmp(e.field, p->name) && e.msg[0]);
	free(v);
	return 0;
}
