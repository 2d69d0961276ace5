/* Tests for src/core/vietqr.c: payloads byte for byte against published
 * examples, the CRC's check value, and the reader's errors.
 *
 * Published payloads (also in RULES.md section 7):
 *   V_STATIC, V_DYNAMIC: README of the npm package vietnam-qr-pay
 *     (github.com/xuannghia/vietnam-qr-pay, libraries.io/npm/vietnam-qr-pay/1.1.0),
 *     "VietQR Tĩnh" and "VietQR Động";
 *   V_DECODE: the same README's decoding example (1000 đồng, "Chuyen tien");
 *   V_FLOOD: a Django project's test on GitHub (BIN 970415, 120000, "ung ho lu lut");
 *   V_CARD: a PHP unit test QRServiceTest on GitHub (QRIBFTTC, bill number and purpose);
 *   V_ODOO: Odoo's test of its VietQR (odoo/odoo pull request 130806,
 *     addons/l10n_vn/tests/test_l10n_vn_emv_qr.py), whose merchant name
 *     "aAeEoOiIuUyYđĐ" is 14 characters in 16 bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/vietqr.h"

#define V_STATIC                                                                                   \
	"00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304"   \
	"AE9F"
#define V_DYNAMIC                                                                                  \
	"00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA530370454051000058"  \
	"02VN62150811Chuyen tien630453E6"
#define V_DECODE                                                                                   \
	"00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA530370454041000580"  \
	"2VN62150811Chuyen tien6304BBB8"
#define V_FLOOD                                                                                    \
	"00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA53037045406120"  \
	"0005802VN62170813ung ho lu lut6304C15C"
#define V_CARD                                                                                     \
	"00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045406"  \
	"1800005802VN62340107NPS68690819thanh toan don hang6304A203"
#define V_ODOO                                                                                     \
	"00020101021238590010A0000007270129000697042201156607040600001290208QRIBFTTA520400005303"  \
	"70454031005802VN5914aAeEoOiIuUyYđĐ6007Vietnam62170113INV/TEST/000263046744"

static char *encode(const struct vietqr *q, struct xerr *e, int *rc)
{
	static char out[VIETQR_PAYLOAD_MAX * 4];
	struct buf b;
	buf_init(&b);
	*rc = vietqr_encode(q, &b, e);
	snprintf(out, sizeof out, "%s", b.data ? b.data : "");
	buf_free(&b);
	return out;
}

static int decode(const char *s, struct vietqr_decoded *d, struct xerr *e)
{
	return vietqr_decode(s, strlen(s), d, e);
}

/* body + "6304" + its CRC, to make payloads whose only fault is elsewhere. */
static const char *with_crc(const char *body)
{
	static char s[1024];
	int n = snprintf(s, sizeof s, "%s6304", body);
	snprintf(s + n, sizeof s - (size_t)n, "%04X", vietqr_crc16(s, (size_t)n));
	return s;
}

static void test_crc_check_value(void **state)
{
	(void)state;
	/* The catalogue value of CRC-16/CCITT-FALSE. */
	assert_int_equal(vietqr_crc16("123456789", 9), 0x29B1);
	assert_int_equal(vietqr_crc16("", 0), 0xFFFF);
}

static void test_encode_published_payloads(void **state)
{
	(void)state;
	struct xerr e = {0};
	int rc;
	struct vietqr q = {.bin = "970416", .account = "257678859"};
	assert_string_equal(encode(&q, &e, &rc), V_STATIC);
	assert_int_equal(rc, 0);
	q.amount = 10000;
	snprintf(q.purpose, sizeof q.purpose, "Chuyen tien");
	assert_string_equal(encode(&q, &e, &rc), V_DYNAMIC);
	struct vietqr f = {.bin = "970415", .account = "0011001932418", .amount = 120000};
	snprintf(f.purpose, sizeof f.purpose, "ung ho lu lut");
	assert_string_equal(encode(&f, &e, &rc), V_FLOOD);
}

static void test_encode_removes_diacritics(void **state)
{
	(void)state;
	struct xerr e = {0};
	int rc;
	struct vietqr q = {.bin = "970436", .account = "0071000123456", .amount = 120000};
	snprintf(q.purpose, sizeof q.purpose, "Lệ phí hộ tịch Đắk Lắk");
	snprintf(q.name, sizeof q.name, "UBND xã Ea Tu");
	const char *s = encode(&q, &e, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(s, "5913UBND xa Ea Tu"));
	assert_non_null(strstr(s, "62260822Le phi ho tich Dak Lak"));
	struct vietqr_decoded d;
	assert_int_equal(decode(s, &d, &e), 0);
	assert_string_equal(d.qr.purpose, "Le phi ho tich Dak Lak");
	assert_string_equal(d.qr.name, "UBND xa Ea Tu");
	assert_int_equal(d.qr.amount, 120000);
	assert_true(d.qr.dynamic);
	assert_false(d.non_ascii);
}

static void test_encode_errors_name_the_field(void **state)
{
	(void)state;
	struct xerr e = {0};
	int rc;
	const struct vietqr good = {.bin = "970436", .account = "0071000123456", .amount = 5000};
	struct vietqr q = good;
	snprintf(q.bin, sizeof q.bin, "97043");
	assert_string_equal(encode(&q, &e, &rc), "");
	assert_int_equal(rc, XERR_INVALID);
	assert_string_equal(e.field, "bin");
	q = good;
	snprintf(q.account, sizeof q.account, "0071-000");
	encode(&q, &e, &rc);
	assert_string_equal(e.field, "account");
	q = good;
	q.amount = -1;
	encode(&q, &e, &rc);
	assert_string_equal(e.field, "amount");
	q = good;
	snprintf(q.service, sizeof q.service, "QRPUSH");
	encode(&q, &e, &rc);
	assert_string_equal(e.field, "service");
	/* 26 characters once the diacritics are gone: one too many. */
	q = good;
	snprintf(q.purpose, sizeof q.purpose, "Nộp lệ phí chứng thực bản");
	assert_int_equal(strlen("Nop le phi chung thuc ban"), 25);
	encode(&q, &e, &rc);
	assert_int_equal(rc, 0);
	snprintf(q.purpose, sizeof q.purpose, "Nộp lệ phí chứng thực bảnx");
	encode(&q, &e, &rc);
	assert_int_equal(rc, XERR_INVALID);
	assert_string_equal(e.field, "purpose");
	assert_non_null(strstr(e.msg, "26 characters"));
	/* A character with no form without marks. */
	snprintf(q.purpose, sizeof q.purpose, "Phí 10€");
	encode(&q, &e, &rc);
	assert_string_equal(e.field, "purpose");
	q = good;
	snprintf(q.name, sizeof q.name, "tab\there");
	encode(&q, &e, &rc);
	assert_int_equal(rc, 0); /* white space is collapsed to one space */
	snprintf(q.name, sizeof q.name, "bell\a");
	encode(&q, &e, &rc);
	assert_string_equal(e.field, "name");
}

static void test_decode_published_payloads(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct vietqr_decoded d;
	assert_int_equal(decode(V_STATIC, &d, &e), 0);
	assert_string_equal(d.qr.bin, "970416");
	assert_string_equal(d.qr.account, "257678859");
	assert_string_equal(d.qr.service, "QRIBFTTA");
	assert_int_equal(d.qr.amount, 0);
	assert_false(d.qr.dynamic);
	assert_int_equal(d.crc, 0xAE9F);
	assert_int_equal(decode(V_DECODE, &d, &e), 0);
	assert_int_equal(d.qr.amount, 1000);
	assert_string_equal(d.qr.purpose, "Chuyen tien");
	assert_int_equal(decode(V_FLOOD, &d, &e), 0);
	assert_string_equal(d.qr.account, "0011001932418");
	assert_int_equal(d.qr.amount, 120000);
	assert_int_equal(decode(V_CARD, &d, &e), 0);
	assert_string_equal(d.qr.service, "QRIBFTTC");
	assert_string_equal(d.qr.account, "9704031101234567");
	assert_string_equal(d.qr.purpose, "thanh toan don hang");
	assert_int_equal(d.qr.amount, 180000);
	/* The objects in order, with their paths and offsets. */
	assert_int_equal(decode(V_DYNAMIC, &d, &e), 0);
	const char *ids[] = {"00",    "01", "38", "38-00", "38-01", "38-01-00", "38-01-01",
	                     "38-02", "53", "54", "58",    "62",    "62-08",    "63"};
	assert_int_equal(d.n, sizeof ids / sizeof ids[0]);
	for (size_t i = 0; i < d.n; i++)
		assert_string_equal(d.obj[i].id, ids[i]);
	assert_int_equal(d.obj[9].offset, 76);
	assert_string_equal(d.obj[9].name, "Transaction Amount");
	assert_memory_equal(d.obj[9].value, "10000", 5);
	assert_true(d.obj[11].is_template);
}

static void test_decode_counts_characters(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct vietqr_decoded d;
	/* 5914 then 14 characters in 16 bytes: counted in bytes the payload
	 * would not parse. The CRC is over the UTF-8 bytes. */
	assert_int_equal(decode(V_ODOO, &d, &e), 0);
	assert_string_equal(d.qr.name, "aAeEoOiIuUyYđĐ");
	assert_string_equal(d.qr.bin, "970422");
	assert_int_equal(d.qr.amount, 100);
	assert_true(d.non_ascii);
	assert_int_equal(d.crc, 0x6744);
}

static void expect_error(const char *payload, const char *field, const char *msg)
{
	struct xerr e = {0};
	struct vietqr_decoded d;
	assert_int_equal(decode(payload, &d, &e), XERR_INVALID);
	if (strcmp(e.field, field) || !strstr(e.msg, msg))
		fail_msg("%s: got field %s, message \"%s\"; want %s, \"%s\"", payload, e.field,
		         e.msg, field, msg);
}

#define HEAD "000201010212"
#define ACCT "38530010A0000007270123000697041601092576788590208QRIBFTTA"

static void test_decode_errors_name_the_field(void **state)
{
	(void)state;
	/* One digit of the amount changed: the CRC no longer matches. */
	char s[256];
	snprintf(s, sizeof s, "%s", V_DYNAMIC);
	s[80] = '2';
	expect_error(s, "63", "field 63 (CRC) at byte 110: the CRC is 53E6 but the payload");
	snprintf(s, sizeof s, "%s", V_DYNAMIC);
	s[sizeof V_DYNAMIC - 2] = '7';
	expect_error(s, "63", "the CRC is 53E7 but the payload before it gives 53E6");
	/* An amount with decimals, at byte 76 where it begins. */
	expect_error(with_crc(HEAD ACCT "5303704"
	                                "540410.5"
	                                "5802VN"),
	             "54",
	             "field 54 (Transaction Amount) at byte 76: \"10.5\" is not a whole number");
	/* A length that runs past the end of its template. */
	expect_error(with_crc(HEAD ACCT "5303704"
	                                "5802VN"
	                                "62150812Chuyen tien"),
	             "62-08",
	             "field 62-08 (Purpose of Transaction) at byte 86: its length 12 runs past the "
	             "end of 62");
	expect_error(with_crc(HEAD ACCT "5303840"
	                                "5802VN"),
	             "53", "704, not 840");
	expect_error(with_crc(HEAD ACCT "5303704"
	                                "5802TH"),
	             "58", "VN, not TH");
	expect_error(with_crc(HEAD ACCT "5802VN"), "53",
	             "field 53 (Transaction Currency) is missing");
	expect_error(with_crc(HEAD "38530010A0000007280123000697041601092576788590208QRIBFTTA"
	                           "5303704"
	                           "5802VN"),
	             "38-00", "A000000728 is not NAPAS's GUID");
	expect_error(with_crc(HEAD "38520010A0000007270122000597041601092576788590208QRIBFTTA"
	                           "5303704"
	                           "5802VN"),
	             "38-01-00",
	             "field 38-01-00 (Acquirer ID (bank BIN)) at byte 34: 5 characters");
	expect_error(with_crc(HEAD ACCT "5303704"
	                                "5802VN"
	                                "6502xx"),
	             "payload", "field 65 at byte 82: 65 is not a data object of the payload");
	expect_error(with_crc(HEAD ACCT "5303704"
	                                "5303704"
	                                "5802VN"),
	             "53", "appears twice");
	expect_error(with_crc("010212000201" ACCT "5303704"
	                      "5802VN"),
	             "00", "field 00 (Payload Format Indicator) at byte 6");
	expect_error(with_crc(HEAD ACCT "5303704"
	                                "5802VN"
	                                "62050801\x01"),
	             "62-08", "has a character not allowed here");
	expect_error(with_crc(HEAD ACCT "53037x4"
	                                "5802VN"),
	             "53", "(digits only)");
	expect_error(HEAD ACCT "5303704"
	                       "5802VN",
	             "63", "field 63 (CRC) is missing");
	expect_error(V_STATIC "0000", "00", "comes after the CRC");
	expect_error(V_STATIC "x", "payload", "too few for another data object");
	expect_error("", "payload", "empty");
	expect_error("\xff", "payload", "not valid UTF-8");
	expect_error("0A0201", "payload", "\"0A\" is not a two-digit ID");
	expect_error(with_crc(HEAD ACCT "5303704"
	                                "58xVN"),
	             "58", "\"xV\" is not a two-digit length");
	expect_error(with_crc(HEAD ACCT "5303704"
	                                "5802VN"
	                                "6300"),
	             "63", "0 characters; it has 4");
	char longer[600];
	memset(longer, '0', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	expect_error(longer, "payload", "599 characters; at most 512");
}

static void test_round_trip(void **state)
{
	(void)state;
	struct xerr e = {0};
	int rc;
	struct vietqr q = {.bin = "970405",
	                   .account = "8888123456789",
	                   .service = "QRIBFTTC",
	                   .amount = VIETQR_AMOUNT_MAX};
	snprintf(q.purpose, sizeof q.purpose, "66001 260315 0001");
	const char *s = encode(&q, &e, &rc);
	struct vietqr_decoded d;
	assert_int_equal(decode(s, &d, &e), 0);
	assert_string_equal(d.qr.bin, q.bin);
	assert_string_equal(d.qr.account, q.account);
	assert_string_equal(d.qr.service, q.service);
	assert_string_equal(d.qr.purpose, q.purpose);
	assert_string_equal(d.qr.name, "");
	assert_true(d.qr.amount == VIETQR_AMOUNT_MAX);
	assert_true(d.qr.dynamic);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_crc_check_value),
	    cmocka_unit_test(test_encode_published_payloads),
	    cmocka_unit_test(test_encode_removes_diacritics),
	    cmocka_unit_test(test_encode_errors_name_the_field),
	    cmocka_unit_test(test_decode_published_payloads),
	    cmocka_unit_test(test_decode_counts_characters),
	    cmocka_unit_test(test_decode_errors_name_the_field),
	    cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
