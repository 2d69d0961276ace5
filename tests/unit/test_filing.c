/* Tests for src/core/filing.c: what a dossier must hold to be filed (the
 * applicant, the form data against the procedure's declared fields, the
 * unit, the channel), every fault listed with its field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/filing.h"

static struct dossier d;

static const struct procedure_field fields[] = {
    {"9.000001", 1, "child_name", "Họ tên", "Child's name", "text", true},
    {"9.000001", 2, "child_sex", "Giới tính", "Sex", "select:nam|nu", true},
    {"9.000001", 3, "birth_date", "Ngày sinh", "Date of birth", "date", false},
    {"9.000001", 4, "weight", "Cân nặng", "Weight", "number", false},
    {"9.000001", 5, "father_pid", "Số định danh của cha", "Father's ID", "pid", false},
};
enum { NFIELDS = sizeof fields / sizeof fields[0] };

static int take_applicant(const char *name, const char *pid, const char *phone, const char *address,
                          struct filing_faults *f, struct xerr *e)
{
	struct filing_applicant a = {name, pid, phone, address};
	memset(&d, 0, sizeof d);
	return filing_take_applicant(&d, &a, f, e);
}

static void test_applicant_accepted_and_normalised(void **state)
{
	(void)state;
	struct filing_faults f = {0};
	struct xerr e = {0};
	assert_int_equal(take_applicant("Nguyễn Văn An", "066090000123", "+84 912 345 678",
	                                "Thôn 1, xã Ea Kar", &f, &e),
	                 0);
	assert_int_equal(f.n, 0);
	assert_string_equal(d.applicant_name, "Nguyễn Văn An");
	assert_string_equal(d.applicant_pid, "066090000123");
	assert_string_equal(d.applicant_phone, "0912345678");
	assert_string_equal(d.applicant_address, "Thôn 1, xã Ea Kar");
	/* Only the name is required. */
	assert_int_equal(take_applicant("An", NULL, "", NULL, &f, &e), 0);
	assert_string_equal(d.applicant_pid, "");
}

static void test_applicant_every_fault_named(void **state)
{
	(void)state;
	struct filing_faults f = {0};
	struct xerr e = {0};
	char name[FILING_NAME_CHARS + 2];
	memset(name, 'a', sizeof name - 1);
	name[sizeof name - 1] = 0;
	char address[FILING_ADDRESS_CHARS + 2];
	memset(address, 'b', sizeof address - 1);
	address[sizeof address - 1] = 0;
	assert_int_equal(take_applicant(name, "12345", "12", address, &f, &e), XERR_INVALID);
	/* The first fault is the one returned, worded for the API. */
	assert_string_equal(e.field, "applicant.name");
	assert_non_null(strstr(e.msg, "at most 100 characters"));
	assert_int_equal(f.n, 4);
	assert_string_equal(f.v[0].field, "applicant.name");
	assert_int_equal(f.v[0].kind, FILING_TOO_LONG);
	assert_string_equal(f.v[1].field, "applicant.pid");
	assert_int_equal(f.v[1].kind, FILING_BAD);
	assert_string_equal(f.v[2].field, "applicant.phone");
	assert_string_equal(f.v[3].field, "applicant.address");
	/* A name of exactly the limit, in characters not bytes, is accepted. */
	char viet[FILING_NAME_CHARS * 2 + 1] = "";
	for (int i = 0; i < FILING_NAME_CHARS; i++)
		strcat(viet, "đ");
	f.n = 0;
	assert_int_equal(take_applicant(viet, NULL, NULL, NULL, &f, &e), 0);
	assert_int_equal(take_applicant("", NULL, NULL, NULL, &f, &e), XERR_INVALID);
	assert_int_equal(f.v[0].kind, FILING_MISSING);
}

static int take_form(const char *json, struct filing_faults *f, struct xerr *e)
{
	json_error_t je;
	json_t *form = json ? json_loads(json, 0, &je) : NULL;
	if (json && !form)
		fail_msg("bad test JSON %s", json);
	memset(&d, 0, sizeof d);
	int rc = filing_take_form(&d, fields, NFIELDS, form, f, e);
	json_decref(form);
	return rc;
}

static void test_form_against_declared_fields(void **state)
{
	(void)state;
	struct filing_faults f = {0};
	struct xerr e = {0};
	assert_int_equal(take_form("{\"child_name\":\"An\",\"child_sex\":\"nu\","
	                           "\"birth_date\":\"2026-04-20\",\"weight\":3,"
	                           "\"father_pid\":\"066090000123\"}",
	                           &f, &e),
	                 0);
	assert_non_null(strstr(d.form, "\"child_sex\":\"nu\""));
	/* Missing, of the wrong type, and not declared: all named. */
	assert_int_equal(take_form("{\"child_sex\":\"khac\",\"birth_date\":\"2026-02-30\","
	                           "\"weight\":\"3kg\",\"colour\":\"xanh\"}",
	                           &f, &e),
	                 XERR_INVALID);
	assert_string_equal(e.field, "form");
	assert_int_equal(f.n, 5);
	assert_string_equal(f.v[0].key, "child_name");
	assert_int_equal(f.v[0].kind, FILING_MISSING);
	assert_string_equal(f.v[1].key, "child_sex");
	assert_int_equal(f.v[1].kind, FILING_BAD);
	assert_string_equal(f.v[2].key, "birth_date");
	assert_string_equal(f.v[3].key, "weight");
	assert_string_equal(f.v[4].key, "colour");
	assert_int_equal(f.v[4].kind, FILING_UNKNOWN);
	/* No form at all: the required fields are missing all the same. */
	f.n = 0;
	assert_int_equal(take_form(NULL, &f, &e), XERR_INVALID);
	assert_int_equal(f.n, 2);
	assert_string_equal(d.form, "{}");
	f.n = 0;
	assert_int_equal(take_form("[1,2]", &f, &e), XERR_INVALID);
	assert_string_equal(f.v[0].key, "");
}

/* A procedure that declares no fields takes no keys (issue 11, item 8). */
static void test_form_without_fields(void **state)
{
	(void)state;
	struct filing_faults f = {0};
	struct xerr e = {0};
	json_t *form = json_pack("{s:s}", "anything", "x");
	assert_int_equal(filing_take_form(&d, fields, 0, form, &f, &e), XERR_INVALID);
	assert_int_equal(f.v[0].kind, FILING_UNKNOWN);
	json_object_clear(form);
	assert_int_equal(filing_take_form(&d, fields, 0, form, &f, &e), 0);
	json_decref(form);
}

static void test_values(void **state)
{
	(void)state;
	json_t *v = json_string("nam");
	assert_true(filing_value_ok("select:nam|nu", v));
	assert_false(filing_value_ok("select:nami|nu", v));
	json_decref(v);
	v = json_string("0912345678");
	assert_true(filing_value_ok("phone", v));
	assert_false(filing_value_ok("pid", v));
	json_decref(v);
	v = json_integer(12);
	assert_true(filing_value_ok("number", v));
	assert_false(filing_value_ok("text", v));
	json_decref(v);
	char *big = malloc(FILING_VALUE_BYTES + 2);
	memset(big, 'x', FILING_VALUE_BYTES + 1);
	big[FILING_VALUE_BYTES + 1] = 0;
	v = json_string(big);
	assert_false(filing_value_ok("textarea", v));
	json_decref(v);
	free(big);
}

static void test_unit_and_channel(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct unit u = {.code = "22015", .level = UNIT_COMMUNE};
	assert_int_equal(filing_check_unit(&u, &e), 0);
	u.level = UNIT_PROVINCE;
	assert_int_equal(filing_check_unit(&u, &e), XERR_INVALID);
	assert_string_equal(e.field, "unit");
	u.level = UNIT_COMMUNE;
	strcpy(u.valid_to, "2025-07-01"); /* merged away */
	assert_int_equal(filing_check_unit(&u, &e), XERR_INVALID);
	memset(&d, 0, sizeof d);
	d.channel = 4;
	assert_int_equal(filing_check_channel(&d, &e), XERR_INVALID);
	d.channel = DC_ONLINE;
	assert_int_equal(filing_check_channel(&d, &e), XERR_INVALID); /* no account */
	assert_string_equal(e.field, "channel");
	d.applicant_account = 42;
	assert_int_equal(filing_check_channel(&d, &e), 0);
	d.channel = DC_COUNTER;
	d.applicant_account = 0;
	assert_int_equal(filing_check_channel(&d, &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_applicant_accepted_and_normalised),
	    cmocka_unit_test(test_applicant_every_fault_named),
	    cmocka_unit_test(test_form_against_declared_fields),
	    cmocka_unit_test(test_form_without_fields),
	    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_unit_and_channel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
