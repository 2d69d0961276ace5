/*
 * vietqr.h: the VietQR payment code, NAPAS 247's profile of the EMVCo
 * merchant-presented QR payload (RULES.md section 7). Pure: builds and
 * checks strings; no I/O.
 *
 * A payload is a run of data objects, each a two-digit ID, a two-digit
 * length and the value; the templates 38 (NAPAS account) and 62
 * (additional data) hold data objects of their own. The last object is the
 * CRC (ID 63, length 04): CRC-16/CCITT-FALSE over every byte before its
 * four hex digits, "6304" included.
 *
 * Lengths count characters (Unicode code points), not bytes: EMVCo's rule
 * for its text fields, and what the VietQR libraries and banking apps do.
 * The fields xaso writes are EMVCo's "ans" format (printable ASCII), so
 * vietqr_encode() removes Vietnamese diacritics from the purpose and the
 * name ("Lệ phí" -> "Le phi") and every payload xaso issues is ASCII, with
 * lengths in characters and in bytes equal. vietqr_decode() counts
 * characters, so it also reads payloads that other generators wrote with
 * UTF-8 text, and says so (non_ascii). docs/payments.md has the reasons.
 *
 * Memory: struct vietqr holds its own strings. vietqr_decode() fills a
 * caller-owned struct vietqr_decoded whose objects point into the payload,
 * which the caller keeps alive while it reads them.
 */
#ifndef XASO_CORE_VIETQR_H
#define XASO_CORE_VIETQR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/xerr.h"

enum {
	VIETQR_PAYLOAD_MAX = 512, /* characters in a whole payload (EMVCo) */
	VIETQR_BIN_LEN = 6,       /* bank or wallet BIN, e.g. 970436 */
	VIETQR_ACCOUNT_MAX = 19,  /* account or card number */
	VIETQR_SERVICE_MAX = 8,   /* QRIBFTTA ... */
	VIETQR_TEXT_MAX = 25,     /* characters of a name or a purpose (EMVCo 59, 62-08) */
	VIETQR_TEXT_BYTES = VIETQR_TEXT_MAX * 4 + 1, /* the same in UTF-8, with its NUL */
	VIETQR_MAX_OBJECTS = 128,                    /* data objects listed by vietqr_decode() */
};

/* The largest amount a payload carries: EMVCo's 13 characters of ID 54. */
#define VIETQR_AMOUNT_MAX INT64_C(9999999999999)

/* The fields of a VietQR transfer code. */
struct vietqr {
	char bin[VIETQR_BIN_LEN + 1];         /* 38-01-00: acquirer (bank) BIN */
	char account[VIETQR_ACCOUNT_MAX + 1]; /* 38-01-01: account number (or card) */
	char service[VIETQR_SERVICE_MAX + 1]; /* 38-02: "QRIBFTTA"; "" encodes as that */
	int64_t amount;                       /* 54, in đồng; 0: none (a static code) */
	char purpose[VIETQR_TEXT_BYTES];      /* 62-08: transfer description; "" none */
	char name[VIETQR_TEXT_BYTES];         /* 59: account holder's name; "" none */
	bool dynamic;                         /* 01 is "12" (decoded; encode: amount > 0) */
};

/* One data object of a decoded payload, in the order met. */
struct vietqr_object {
	char id[9];        /* "54", or a path into templates: "38-01-00" */
	const char *name;  /* EMVCo's name: "Transaction Amount" */
	size_t offset;     /* byte offset of its ID in the payload */
	const char *value; /* into the payload; len bytes, not NUL-terminated */
	size_t len;
	bool is_template; /* its value is a run of data objects (listed after it) */
};

struct vietqr_decoded {
	struct vietqr qr;
	uint16_t crc;
	bool non_ascii; /* a text value is not ASCII (EMVCo's "ans" fields should be) */
	size_t n;
	struct vietqr_object obj[VIETQR_MAX_OBJECTS];
};

/* CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no
 * final XOR. Check value: "123456789" -> 0x29B1. */
uint16_t vietqr_crc16(const void *data, size_t n);

/* Appends the payload for q to out (nothing on error):
 * 00 "01", 01 "12" with an amount else "11", 38 {00 A000000727, 01 {00 BIN,
 * 01 account}, 02 service}, 53 "704", 54 amount, 58 "VN", 59 name,
 * 62 {08 purpose}, 63 CRC. The purpose and name lose their diacritics;
 * XERR_INVALID names the field at fault ("bin", "account", "service",
 * "amount", "purpose", "name") when a value cannot be written. */
int vietqr_encode(const struct vietqr *q, struct buf *out, struct xerr *e);

/* Reads payload[0..len): checks every data object (format, length, value),
 * that it is a VietQR (NAPAS GUID, currency 704, country VN) and the CRC.
 * On error XERR_INVALID with e->field the ID of the object at fault ("54",
 * "38-01-00", "63"; "payload" for the whole) and a message naming its ID,
 * name and byte offset: "field 54 (Transaction Amount) at byte 58: ...". */
int vietqr_decode(const char *payload, size_t len, struct vietqr_decoded *out, struct xerr *e);

#endif
