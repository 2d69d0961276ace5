/*
 * filetype.c: content sniffing for attachments (see filetype.h). Every
 * check reads within [0, len) only; lengths inside the files are never
 * trusted before they are compared with what remains.
 */
#include "core/filetype.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum { PDF_EOF_WINDOW = 1024, JPEG_EOI_WINDOW = 256 };

static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* CRC-32 of PNG chunks (ISO 3309, reflected, polynomial 0xEDB88320). */
static uint32_t crc32_png(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
	}
	return c ^ 0xffffffffu;
}

/* Finds needle within the last `window` bytes of d[0..len). */
static bool tail_has(const unsigned char *d, size_t len, size_t window, const char *needle)
{
	size_t nl = strlen(needle);
	size_t from = len > window ? len - window : 0;
	for (size_t i = len >= nl ? len - nl + 1 : 0; i-- > from;)
		if (!memcmp(d + i, needle, nl))
			return true;
	return false;
}

static bool is_pdf(const unsigned char *d, size_t len)
{
	/* "%PDF-1.7" and the like: ISO 32000 header, then the trailer's
	 * end-of-file marker within the last 1024 bytes (as readers accept). */
	if (len < 16 || memcmp(d, "%PDF-", 5) || d[5] < '1' || d[5] > '2' || d[6] != '.' ||
	    d[7] < '0' || d[7] > '9')
		return false;
	return tail_has(d, len, PDF_EOF_WINDOW, "%%EOF");
}

static bool is_png(const unsigned char *d, size_t len)
{
	/* signature, IHDR (length 13, type, data, CRC), ..., IEND (0, type, CRC) */
	if (len < 8 + 25 + 12 || memcmp(d, png_sig, sizeof png_sig))
		return false;
	const unsigned char *h = d + 8;
	if (be32(h) != 13 || memcmp(h + 4, "IHDR", 4))
		return false;
	uint32_t w = be32(h + 8), ht = be32(h + 12);
	unsigned depth = h[16], color = h[17];
	if (w == 0 || ht == 0 || w > 0x7fffffffu || ht > 0x7fffffffu)
		return false;
	bool depth_ok;
	switch (color) {
	case 0:
		depth_ok = depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
		break;
	case 3: depth_ok = depth == 1 || depth == 2 || depth == 4 || depth == 8; break;
	case 2:
	case 4:
	case 6: depth_ok = depth == 8 || depth == 16; break;
	default: depth_ok = false;
	}
	if (!depth_ok || h[18] != 0 || h[19] != 0 || h[20] > 1)
		return false;
	if (crc32_png(h + 4, 17) != be32(h + 21))
		return false;
	const unsigned char *end = d + len - 12;
	return be32(end) == 0 && !memcmp(end + 4, "IEND", 4);
}

static bool is_jpeg(const unsigned char *d, size_t len)
{
	if (len < 4 || d[0] != 0xff || d[1] != 0xd8 || d[2] != 0xff)
		return false;
	/* Walk the marker segments after SOI until the start of scan. */
	size_t i = 2;
	for (;;) {
		if (i + 4 > len || d[i] != 0xff)
			return false;
		while (i + 1 < len && d[i + 1] == 0xff) /* fill bytes */
			i++;
		if (i + 4 > len)
			return false;
		unsigned m = d[i + 1];
		/* Standalone markers (TEM, RSTn) and a second SOI/EOI cannot
		 * appear before the first scan. */
		if (m == 0x00 || m == 0x01 || (m >= 0xd0 && m <= 0xd9))
			return false;
		size_t seg = (size_t)d[i + 2] << 8 | d[i + 3];
		if (seg < 2 || i + 2 + seg > len)
			return false;
		if (m == 0xda)
			break;
		i += 2 + seg;
	}
	for (size_t k = len - 1; k > 0 && len - k <= JPEG_EOI_WINDOW; k--)
		if (d[k - 1] == 0xff && d[k] == 0xd9)
			return true;
	return false;
}

int filetype_sniff(const void *data, size_t len, const char *field, enum filetype *out,
                   struct xerr *e)
{
	const unsigned char *d = data;
	*out = FILETYPE_NONE;
	if (!d || len == 0)
		return xerr_set(e, XERR_INVALID, field, "the file is empty");
	if (is_pdf(d, len))
		*out = FILETYPE_PDF;
	else if (is_png(d, len))
		*out = FILETYPE_PNG;
	else if (is_jpeg(d, len))
		*out = FILETYPE_JPEG;
	else
		return xerr_set(e, XERR_INVALID, field,
		                "the file is not a complete PDF, JPEG or PNG document "
		                "(the only types accepted)");
	return 0;
}

static const struct {
	enum filetype t;
	const char *mime, *ext;
} types[] = {
    {FILETYPE_PDF, "application/pdf", "pdf"},
    {FILETYPE_JPEG, "image/jpeg", "jpg"},
    {FILETYPE_PNG, "image/png", "png"},
};

const char *filetype_mime(enum filetype t)
{
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (types[i].t == t)
			return types[i].mime;
	return NULL;
}

const char *filetype_ext(enum filetype t)
{
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (types[i].t == t)
			return types[i].ext;
	return NULL;
}

enum filetype filetype_from_mime(const char *mime)
{
	for (size_t i = 0; mime && i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(types[i].mime, mime))
			return types[i].t;
	return FILETYPE_NONE;
}
