/* Tests for src/core/result_record.c: the canonical bytes of a result's
 * record, the masking of the applicant, and the refusal of anything that
 * is not exactly canonical. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/result_record.h"

static const char sha[] = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";

static struct result_record_in input(void)
{
	struct result_record_in in = {
	    .dossier_code = "03199-250901-0001",
	    .procedure_code = "1.001193",
	    .procedure_name = "Đăng ký khai sinh",
	    .applicant_id = "012345678234",
	    .file_sha256 = sha,
	    .unit_code = "03199",
	    .unit_name = "UBND xã Bình Lư",
	    .signer = "Lò Văn Thành",
	    .signed_at = 1756713600, /* 2025-09-01 08:00:00 UTC */
	};
	return in;
}

static const char canonical[] = "xaso-result-record/1\n"
                                "dossier=03199-250901-0001\n"
                                "procedure=1.001193\n"
                                "procedure_name=Đăng ký khai sinh\n"
                                "applicant=*********234\n"
                                "file_sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d"
                                "6c15b0f00a08\n"
                                "unit=03199\n"
                                "unit_name=UBND xã Bình Lư\n"
                                "signer=Lò Văn Thành\n"
                                "signed_at=2025-09-01T08:00:00Z\n";

static void test_canonical_bytes(void **state)
{
	(void)state;
	struct result_record_in in = input();
	struct result_record r;
	struct xerr e = {0};
	assert_int_equal(result_record_make(&in, &r, &e), 0);
	assert_string_equal(r.applicant, "*********234");
	struct buf b;
	buf_init(&b);
	assert_int_equal(result_record_encode(&r, &b, &e), 0);
	assert_string_equal(b.data, canonical);
	/* The full ID number is nowhere in the record. */
	assert_null(strstr(b.data, "012345678"));

	struct result_record back;
	assert_int_equal(result_record_decode(b.data, b.len, &back, &e), 0);
	assert_memory_equal(&back, &r, sizeof r);
	buf_free(&b);
}

/* Names typed with combining marks (NFD) give the same bytes. */
static void test_nfc(void **state)
{
	(void)state;
	struct result_record_in in = input();
	in.unit_name = "UBND xa\xcc\x83 Bi\xcc\x80nh Lu\xcc\x9b"; /* ã, ì, ư decomposed */
	struct result_record r;
	struct xerr e = {0};
	assert_int_equal(result_record_make(&in, &r, &e), 0);
	assert_string_equal(r.unit_name, "UBND xã Bình Lư");
	struct buf b;
	buf_init(&b);
	assert_int_equal(result_record_encode(&r, &b, &e), 0);
	assert_string_equal(b.data, canonical);
	buf_free(&b);
}

static void refuse(const char *bytes, const char *field)
{
	struct result_record r;
	struct xerr e = {0};
	assert_int_equal(result_record_decode(bytes, strlen(bytes), &r, &e), XERR_INVALID);
	assert_string_equal(e.field, field);
}

static char *with(const char *from, const char *to)
{
	const char *at = strstr(canonical, from);
	assert_non_null(at);
	char *s = malloc(sizeof canonical + strlen(to));
	size_t head = (size_t)(at - canonical);
	memcpy(s, canonical, head);
	strcpy(s + head, to);
	strcat(s, at + strlen(from));
	return s;
}

/* Every variation that is not exactly canonical is refused. */
static void test_not_canonical(void **state)
{
	(void)state;
	static const char *const cases[][3] = {
	    {"9f86d0", "9F86D0", "file_sha256"},
	    {"unit_name=UBND", "unit_name= UBND", "unit_name"},
	    {"signed_at=2025-09-01T08:00:00Z", "signed_at=2025-02-30T08:00:00Z", "record"},
	    {"signed_at=2025-09-01T08:00:00Z", "signed_at=2025-09-01 08:00:00Z", "signed_at"},
	    {"applicant=*********234", "applicant=012345678234", "applicant"},
	    {"dossier=03199-250901-0001", "dossier=03199/250901/0001", "dossier"},
	    {"procedure=1.001193\n", "", "procedure"},
	    {"signer=Lò Văn Thành\n", "signer=Lò Văn Thành\r\n", "signer"},
	    {"record/1", "record/2", "record"},
	    {"unit=03199", "unit=3199x", "unit"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = with(cases[i][0], cases[i][1]);
		refuse(s, cases[i][2]);
		free(s);
	}
	/* Truncated, or followed by more. */
	char buf[sizeof canonical + 8];
	memcpy(buf, canonical, sizeof canonical - 2);
	buf[sizeof canonical - 2] = '\0';
	refuse(buf, "signed_at");
	snprintf(buf, sizeof buf, "%sx\n", canonical);
	refuse(buf, "signed_at");
}

static void test_bad_input(void **state)
{
	(void)state;
	struct result_record r;
	struct xerr e = {0};
	struct result_record_in in = input();
	in.signer = "Lò Văn\tThành";
	assert_int_equal(result_record_make(&in, &r, &e), XERR_INVALID);
	assert_string_equal(e.field, "signer");
	in = input();
	in.signer = NULL;
	assert_int_equal(result_record_make(&in, &r, &e), XERR_INVALID);
	assert_string_equal(e.field, "signer");
	in = input();
	in.file_sha256 = "abc";
	assert_int_equal(result_record_make(&in, &r, &e), XERR_INVALID);
	assert_string_equal(e.field, "file_sha256");
	in = input();
	in.applicant_id = "0123 456";
	assert_int_equal(result_record_make(&in, &r, &e), XERR_INVALID);
	assert_string_equal(e.field, "applicant");
	in = input();
	in.dossier_code = "không phải mã";
	assert_int_equal(result_record_make(&in, &r, &e), XERR_INVALID);
	assert_string_equal(e.field, "dossier");
	in = input();
	in.procedure_name = "\xff\xfe";
	assert_int_equal(result_record_make(&in, &r, &e), XERR_INVALID);
	assert_string_equal(e.field, "procedure_name");
	in = input();
	in.signed_at = 0;
	assert_int_equal(result_record_make(&in, &r, &e), XERR_INVALID);
	assert_string_equal(e.field, "signed_at");
	/* A passport number is masked the same way. */
	in = input();
	in.applicant_id = "C1234567";
	assert_int_equal(result_record_make(&in, &r, &e), 0);
	assert_string_equal(r.applicant, "*****567");
	/* A dossier filed without an ID number says so, and reads back. */
	in = input();
	in.applicant_id = "";
	assert_int_equal(result_record_make(&in, &r, &e), 0);
	assert_string_equal(r.applicant, RECORD_NO_ID);
	struct buf b;
	buf_init(&b);
	assert_int_equal(result_record_encode(&r, &b, &e), 0);
	assert_non_null(strstr(b.data, "\napplicant=-\n"));
	struct result_record back;
	assert_int_equal(result_record_decode(b.data, b.len, &back, &e), 0);
	assert_string_equal(back.applicant, RECORD_NO_ID);
	buf_free(&b);
	in.applicant_id = "-";
	assert_int_equal(result_record_make(&in, &r, &e), XERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_canonical_bytes),
	    cmocka_unit_test(test_nfc),
	    cmocka_unit_test(test_not_canonical),
	    cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
