/* libFuzzer harness for the connection-free half of form parsing
 * (src/web/form_collect.c): the pieces libmicrohttpd's post processor
 * would deliver, in any order and shape, with small limits so that every
 * limit is reached. The post processor itself needs a live MHD connection
 * (it reads the Content-Type from it) and is exercised by
 * tests/unit/test_form.c instead.
 *
 * Input: one byte of limits, then records
 *   flags (bit 0 file, bit 1 continue the entry, bit 2 wrong offset),
 *   name length, file name length, data length, then those bytes.
 * After a successful form_end the result's invariants are checked. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "form_invariants.h"
#include "web/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct form_limits lim = {1 + (data[0] & 7), 1u + (data[0] >> 3 & 3) * 40,
	                          1 + (data[0] >> 5 & 3), 1u + (data[0] >> 7) * 200};
	const uint8_t *p = data + 1, *end = data + size;
	struct arena a;
	arena_init(&a);
	struct form f;
	form_begin(&f, &a, size, &lim);
	uint64_t off = 0;
	char name[256], fn[256];
	while (end - p >= 4) {
		unsigned flags = p[0];
		size_t nl = p[1], fl = p[2], dl = p[3];
		p += 4;
		if ((size_t)(end - p) < nl + fl + dl)
			break;
		memcpy(name, p, nl);
		name[nl] = '\0';
		memcpy(fn, p + nl, fl);
		fn[fl] = '\0';
		const char *d = (const char *)p + nl + fl;
		p += nl + fl + dl;
		uint64_t o = flags & 2 ? off : 0;
		if (flags & 4)
			o++;
		if (form_add(&f, name, flags & 1 ? fn : NULL, "application/pdf", o, d, dl) != 0)
			break;
		off = o + dl;
	}
	struct xerr e = {0};
	if (form_end(&f, &e) == 0) {
		form_check_invariants(&f, &lim);
	} else {
		form_check(e.code == XERR_INVALID || e.code == XERR_LIMIT);
	}
	arena_free(&a);
	return 0;
}
