/* libFuzzer harness for the multipart/form-data reader (src/web/multipart.c)
 * over a buffer, with small form limits so that every limit is reached.
 *
 * Input: a Content-Type value up to the first newline (when the input
 * starts with "multipart/"; otherwise the boundary is "b"), then the body.
 * Whatever the bytes, the reader must not read outside the body, and a
 * successful parse must give fields and files that keep the limits and
 * the text rules of form.h. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "form_invariants.h"
#include "web/form.h"
#include "web/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char boundary[MULTIPART_BOUNDARY_MAX + 1] = "b";
	const char *body = (const char *)data;
	size_t len = size;
	if (size > 10 && !memcmp(data, "multipart/", 10)) {
		const uint8_t *nl = memchr(data, '\n', size < 200 ? size : 200);
		if (!nl)
			return 0;
		char ct[201];
		memcpy(ct, data, (size_t)(nl - data));
		ct[nl - data] = '\0';
		struct xerr be = {0};
		if (strlen(ct) != (size_t)(nl - data) || multipart_boundary(ct, boundary, &be) != 0)
			return 0;
		form_check(strlen(boundary) >= 1 && strlen(boundary) <= MULTIPART_BOUNDARY_MAX);
		body = (const char *)nl + 1;
		len = size - (size_t)(nl + 1 - data);
	}
	static const struct form_limits lim = {4, 64, 2, 256};
	struct arena a;
	arena_init(&a);
	struct form f;
	form_begin(&f, &a, len, &lim);
	multipart_parse(&f, body, len, boundary);
	struct xerr e = {0};
	if (form_end(&f, &e) == 0) {
		form_check_invariants(&f, &lim);
		/* Every value lies inside the form's own memory. */
		for (int i = 0; i < f.nfields; i++)
			form_check(f.fields[i].value >= f.slab &&
			           f.fields[i].value + f.fields[i].len < f.slab + f.slab_cap);
	} else {
		form_check(e.code == XERR_INVALID || e.code == XERR_LIMIT);
	}
	arena_free(&a);
	return 0;
}
