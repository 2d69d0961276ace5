/* libFuzzer harness for the procedure catalogue readers
 * (src/core/procedure.c): each input is read as procedures.csv,
 * procedure-documents.csv and procedure-fields.csv. Properties checked,
 * beyond not crashing:
 *   - a refusal is XERR_INVALID whose message starts with the file's name
 *     (the CLI shows it as file:line:column);
 *   - every record accepted holds what the readers promise: well-formed
 *     procedure codes, no duplicate code or (procedure, seq) or field
 *     name, values within their ranges, words from their lists, UTF-8
 *     text that fits its field. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/procedure.h"
#include "core/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

static bool text_ok(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);
	return n < cap && text_valid_utf8(s, n, NULL);
}

static void refused(const struct xerr *e, const char *file)
{
	check(e->code == XERR_INVALID && !strncmp(e->msg, file, strlen(file)));
}

static void procedures(const char *d, size_t n)
{
	struct procedure *p;
	size_t np;
	struct xerr e;
	if (procedure_parse("procedures.csv", d, n, &p, &np, &e) != 0) {
		refused(&e, "procedures.csv");
		return;
	}
	check(np > 0);
	for (size_t i = 0; i < np; i++) {
		check(procedure_check_code(p[i].code, &e) == 0);
		check(p[i].name[0] && text_ok(p[i].name, sizeof p[i].name));
		check(p[i].field[0] && text_ok(p[i].field, sizeof p[i].field));
		check(!strcmp(p[i].level, "commune") || !strcmp(p[i].level, "province"));
		check(text_ok(p[i].source, sizeof p[i].source));
		check(p[i].fee_vnd >= -1 && p[i].fee_vnd <= 1000000000);
		bool counted = p[i].time_unit == PROC_TIME_WORKDAY ||
		               p[i].time_unit == PROC_TIME_CALENDARDAY ||
		               p[i].time_unit == PROC_TIME_WORKHOUR;
		check(counted ? p[i].time_value >= 1 && p[i].time_value <= 3650
		              : p[i].time_value == 0);
		check(proc_time_unit_parse(proc_time_unit_name(p[i].time_unit)) ==
		      (int)p[i].time_unit);
		for (size_t j = 0; j < i; j++)
			check(strcmp(p[i].code, p[j].code) != 0);
	}
	free(p);
}

static void documents(const char *d, size_t n)
{
	struct procedure_document *p;
	size_t np;
	struct xerr e;
	if (procedure_documents_parse("procedure-documents.csv", d, n, &p, &np, &e) != 0) {
		refused(&e, "procedure-documents.csv");
		return;
	}
	for (size_t i = 0; i < np; i++) {
		check(procedure_check_code(p[i].procedure, &e) == 0);
		check(p[i].seq >= 1 && p[i].seq <= 999 && p[i].count >= 1 && p[i].count <= 99);
		check(p[i].name[0] && text_ok(p[i].name, sizeof p[i].name));
		check(!strcmp(p[i].original_or_copy, "original") ||
		      !strcmp(p[i].original_or_copy, "copy") ||
		      !strcmp(p[i].original_or_copy, "original_or_copy"));
		for (size_t j = 0; j < i; j++)
			check(strcmp(p[i].procedure, p[j].procedure) || p[i].seq != p[j].seq);
	}
	free(p);
}

static void fields(const char *d, size_t n)
{
	struct procedure_field *p;
	size_t np;
	struct xerr e;
	if (procedure_fields_parse("procedure-fields.csv", d, n, &p, &np, &e) != 0) {
		refused(&e, "procedure-fields.csv");
		return;
	}
	for (size_t i = 0; i < np; i++) {
		check(procedure_check_code(p[i].procedure, &e) == 0);
		check(p[i].seq >= 1 && p[i].seq <= 999);
		check(p[i].name[0] >= 'a' && p[i].name[0] <= 'z' &&
		      strspn(p[i].name, "abcdefghijklmnopqrstuvwxyz0123456789_") ==
		          strlen(p[i].name));
		check(p[i].label_vi[0] && text_ok(p[i].label_vi, sizeof p[i].label_vi));
		check(p[i].label_en[0] && text_ok(p[i].label_en, sizeof p[i].label_en));
		const char *t = p[i].type;
		check(!strncmp(t, "select:", 7)
		          ? t[7] && t[7] != '|' && t[strlen(t) - 1] != '|' && !strstr(t, "||")
		          : strspn(t, "abcdefghijklmnopqrstuvwxyz") == strlen(t));
		for (size_t j = 0; j < i; j++)
			check(strcmp(p[i].procedure, p[j].procedure) ||
			      (p[i].seq != p[j].seq && strcmp(p[i].name, p[j].name)));
	}
	free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	procedures((const char *)data, size);
	documents((const char *)data, size);
	fields((const char *)data, size);
	return 0;
}
