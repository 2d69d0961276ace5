/* libFuzzer harness for the CSV reader and the unit-list parsers:
 *   clang -g -fsanitize=fuzzer,address -Isrc -I build fuzz/fuzz_csv.c \
 *     src/core/csv.c src/core/text.c src/core/buf.c src/core/xerr.c src/core/unit.c \
 *     $(pkg-config --cflags --libs libutf8proc) -o fuzz_csv && ./fuzz_csv
 * (make fuzz does this). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/csv.h"
#include "core/unit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv c;
	struct xerr e;
	if (csv_open(&c, "fuzz.csv", (const char *)data, size, NULL, &e) == 0)
		while (csv_next(&c, &e) == 1)
			(void)csv_field(&c, 0);
	csv_close(&c);
	struct unit *u = NULL;
	size_t n = 0;
	if (unit_parse_villages("fuzz.csv", (const char *)data, size, &u, &n, &e) == 0)
		free(u);
	return 0;
}
