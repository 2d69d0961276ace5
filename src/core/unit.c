/* unit.c: reading the official unit lists and village files. */
#include "core/unit.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/text.h"

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int unit_check_code(const char *code, int level, struct xerr *e)
{
	size_t n = strlen(code);
	bool ok = all_digits(code) &&
	          ((level == UNIT_PROVINCE && n == 2) || (level == UNIT_COMMUNE && n == 5) ||
	           (level == UNIT_VILLAGE && n >= 6 && n <= 12));
	if (!ok)
		return xerr_set(e, XERR_INVALID, "code", "code \"%.20s\" must be %s", code,
		                level == UNIT_PROVINCE  ? "2 digits"
		                : level == UNIT_COMMUNE ? "5 digits"
		                                        : "6 to 12 digits");
	return 0;
}

int64_t unit_key(const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n < 2 || n > 12 || !all_digits(code))
		return -1;
	int64_t k = 1;
	for (size_t i = 0; i < n; i++)
		k = k * 10 + (code[i] - '0');
	return k;
}

void unit_key_code(int64_t key, char out[UNIT_CODE_MAX])
{
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%lld", (long long)key);
	out[0] = '\0';
	if (key > 0 && n >= 3 && n <= 13 && digits[0] == '1')
		memcpy(out, digits + 1, (size_t)n);
}

/* Grows *arr to hold one more unit; returns the new slot. */
static struct unit *push(struct unit **arr, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		struct unit *p = realloc(*arr, *cap * sizeof **arr);
		if (!p)
			abort();
		*arr = p;
	}
	struct unit *u = &(*arr)[(*n)++];
	memset(u, 0, sizeof *u);
	return u;
}

/* A set of indices into the parsed array, hashed by code, for duplicates. */
struct seen {
	size_t *slot; /* index + 1; 0 is empty */
	size_t cap;
};

/* Adds arr[i]; returns -1 if an equal code is already there. */
static int seen_add(struct seen *t, const struct unit *arr, size_t i)
{
	if ((i + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		size_t *slot = calloc(cap, sizeof *slot);
		if (!slot)
			abort();
		for (size_t k = 0; k < t->cap; k++) {
			if (!t->slot[k])
				continue;
			size_t h = text_hash(arr[t->slot[k] - 1].code) & (cap - 1);
			while (slot[h])
				h = (h + 1) & (cap - 1);
			slot[h] = t->slot[k];
		}
		free(t->slot);
		t->slot = slot;
		t->cap = cap;
	}
	size_t h = text_hash(arr[i].code) & (t->cap - 1);
	for (; t->slot[h]; h = (h + 1) & (t->cap - 1))
		if (!strcmp(arr[t->slot[h] - 1].code, arr[i].code))
			return -1;
	t->slot[h] = i + 1;
	return 0;
}

enum list_kind { LIST_PROVINCES, LIST_COMMUNES, LIST_VILLAGES };

static int parse_list(enum list_kind kind, const char *name, const char *data, size_t len,
                      struct unit **out, size_t *count, struct xerr *e)
{
	static const char *const req_p[] = {"code", "name", "full_name", "type", NULL};
	static const char *const req_c[] = {"code", "name", "type", "province_code", NULL};
	static const char *const req_v[] = {"code", "name", "parent_code", NULL};
	const char *const *req = kind == LIST_PROVINCES  ? req_p
	                         : kind == LIST_COMMUNES ? req_c
	                                                 : req_v;
	struct csv c;
	struct unit *arr = NULL;
	size_t n = 0, cap = 0;
	struct seen seen = {NULL, 0};
	int rc = csv_open(&c, name, data, len, req, e);
	if (rc)
		goto fail;
	int ccode = csv_col(&c, "code"), cname = csv_col(&c, "name"), ctype = csv_col(&c, "type");
	int cfull = csv_col(&c, "full_name");
	int cparent = csv_col(&c, kind == LIST_COMMUNES ? "province_code" : "parent_code");
	int level = kind == LIST_PROVINCES  ? UNIT_PROVINCE
	            : kind == LIST_COMMUNES ? UNIT_COMMUNE
	                                    : UNIT_VILLAGE;
	while ((rc = csv_next(&c, e)) == 1) {
		struct unit *u = push(&arr, &n, &cap);
		u->level = level;
		if ((rc = csv_take(&c, ccode, u->code, sizeof u->code, true, e)))
			goto fail;
		struct xerr ce;
		if (unit_check_code(u->code, level, &ce) != 0) {
			rc = csv_error(&c, ccode, e, "%s", ce.msg);
			goto fail;
		}
		if (kind == LIST_PROVINCES) {
			if ((rc = csv_take(&c, cfull, u->name, sizeof u->name, true, e)) ||
			    (rc =
			         csv_take(&c, cname, u->short_name, sizeof u->short_name, true, e)))
				goto fail;
		} else if ((rc = csv_take(&c, cname, u->name, sizeof u->name, true, e))) {
			goto fail;
		}
		if (ctype >= 0) {
			if ((rc = csv_take(&c, ctype, u->type, sizeof u->type,
			                   kind != LIST_VILLAGES, e)))
				goto fail;
		}
		if (!u->type[0])
			strcpy(u->type, "Thôn");
		if (cparent >= 0) {
			if ((rc = csv_take(&c, cparent, u->parent, sizeof u->parent, true, e)))
				goto fail;
			if (kind == LIST_VILLAGES &&
			    strncmp(u->code, u->parent, strlen(u->parent)) != 0) {
				rc = csv_error(
				    &c, ccode, e,
				    "village code %s must start with its commune's code %s",
				    u->code, u->parent);
				goto fail;
			}
		}
		if (seen_add(&seen, arr, n - 1) != 0) {
			rc = csv_error(&c, ccode, e, "duplicate code %s", u->code);
			goto fail;
		}
	}
	if (rc < 0)
		goto fail;
	csv_close(&c);
	free(seen.slot);
	*out = arr;
	*count = n;
	return 0;
fail:
	csv_close(&c);
	free(seen.slot);
	free(arr);
	*out = NULL;
	*count = 0;
	return rc;
}

int unit_parse_provinces(const char *name, const char *data, size_t len, struct unit **out,
                         size_t *n, struct xerr *e)
{
	return parse_list(LIST_PROVINCES, name, data, len, out, n, e);
}

int unit_parse_communes(const char *name, const char *data, size_t len, struct unit **out,
                        size_t *n, struct xerr *e)
{
	return parse_list(LIST_COMMUNES, name, data, len, out, n, e);
}

int unit_parse_villages(const char *name, const char *data, size_t len, struct unit **out,
                        size_t *n, struct xerr *e)
{
	return parse_list(LIST_VILLAGES, name, data, len, out, n, e);
}
