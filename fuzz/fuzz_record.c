/* libFuzzer harness for the result record reader (src/core/result_record.c):
 * whatever it accepts encodes back to exactly the bytes it read. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/result_record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct result_record r;
	struct xerr e;
	if (result_record_decode(data, size, &r, &e) != 0)
		return 0;
	struct buf b;
	buf_init(&b);
	if (result_record_encode(&r, &b, &e) != 0 || b.len != size || memcmp(b.data, data, size))
		__builtin_trap();
	buf_free(&b);
	return 0;
}
