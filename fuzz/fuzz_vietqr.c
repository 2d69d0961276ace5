/* libFuzzer harness for the VietQR reader and writer (make fuzz builds it
 * with the sources of FUZZ_SRC). Properties checked, beyond not crashing:
 *   - what the reader accepts, the writer writes again (or refuses with
 *     XERR_INVALID), and what it writes is read back with the same bank,
 *     account and amount;
 *   - whatever the writer writes from arbitrary fields, the reader reads. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/vietqr.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes q and reads the result; aborts when the reader refuses it. */
static void write_then_read(const struct vietqr *q)
{
	static struct vietqr_decoded back;
	struct buf b;
	struct xerr e;
	buf_init(&b);
	if (vietqr_encode(q, &b, &e) == 0) {
		if (vietqr_decode(b.data, b.len, &back, &e) != 0 || back.qr.amount != q->amount ||
		    strcmp(back.qr.bin, q->bin) || strcmp(back.qr.account, q->account))
			abort();
	} else if (e.code != XERR_INVALID) {
		abort();
	}
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vietqr_decoded d;
	struct xerr e;
	if (vietqr_decode((const char *)data, size, &d, &e) == 0) {
		if (!strcmp(d.qr.service, "QRIBFTTA") || !strcmp(d.qr.service, "QRIBFTTC"))
			write_then_read(&d.qr);
	} else if (e.code != XERR_INVALID || !e.field) {
		abort();
	}
	struct vietqr q = {0};
	fuzz_line(data, size, 0, q.bin, sizeof q.bin);
	fuzz_line(data, size, 1, q.account, sizeof q.account);
	fuzz_line(data, size, 2, q.purpose, sizeof q.purpose);
	fuzz_line(data, size, 3, q.name, sizeof q.name);
	uint64_t amount = 0;
	for (size_t i = 0; i < size && i < 8; i++)
		amount = amount * 251 + data[i];
	q.amount = (int64_t)(amount % (uint64_t)(VIETQR_AMOUNT_MAX + 2));
	write_then_read(&q);
	return 0;
}
