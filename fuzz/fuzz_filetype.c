/* libFuzzer harness for content sniffing (src/core/filetype.c): any bytes
 * are judged without reading outside them, and a document judged of a
 * type keeps that type's magic bytes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/filetype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum filetype t;
	struct xerr e;
	if (filetype_sniff(data, size, "file", &t, &e) == 0) {
		if ((t == FILETYPE_PDF && memcmp(data, "%PDF-", 5)) ||
		    (t == FILETYPE_PNG && memcmp(data, "\x89PNG", 4)) ||
		    (t == FILETYPE_JPEG && memcmp(data, "\xff\xd8\xff", 3)))
			__builtin_trap();
	} else if (t != FILETYPE_NONE || e.code != XERR_INVALID) {
		__builtin_trap();
	}
	return 0;
}
