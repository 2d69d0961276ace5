/* Tests for src/core/records.c and records_kinds.c: the column tables
 * (text to values and back, CSV rows in and out with formula cells
 * neutralised, line and column of a bad cell), tax codes with their check
 * digit, each kind's rules, which reports count for a period (levels and
 * flows) and who may decide on a report. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/authz.h"
#include "core/lunar.h"
#include "core/records.h"

#define DAY(y, m, d) lunar_jdn(y, m, d)

static void test_tax_codes(void **state)
{
	(void)state;
	char out[16];
	struct xerr e = {0};
	/* 0100109106: 31·0+29·1+23·0+19·0+17·1+13·0+7·9+5·1+3·0 = 114, 114 mod 11 = 4,
	 * check 10 - 4 = 6. */
	assert_int_equal(business_check_digit("010010910"), 6);
	assert_int_equal(business_tax_code("0100109106", 1, out, &e), 0);
	assert_string_equal(out, "0100109106");
	assert_int_equal(business_tax_code("0100109107", 1, out, &e), XERR_INVALID);
	assert_non_null(strstr(e.msg, "check digit"));
	/* A branch: the parent's ten digits, a dash or not, three more. */
	assert_int_equal(business_tax_code("0101243150-001", 1, out, &e), 0);
	assert_string_equal(out, "0101243150001");
	assert_int_equal(business_tax_code("0101243150001", 1, out, &e), 0);
	assert_int_equal(business_tax_code("0101243150-000", 1, out, &e), XERR_INVALID);
	assert_int_equal(business_tax_code("01012431", 1, out, &e), XERR_INVALID);
	assert_int_equal(business_tax_code("010124315O", 1, out, &e), XERR_INVALID);
	/* A household business may give its owner's ID number; an enterprise not. */
	assert_int_equal(business_tax_code("066090000101", 2, out, &e), 0);
	assert_int_equal(business_tax_code("066090000101", 1, out, &e), XERR_INVALID);
	assert_int_equal(business_tax_code("999090000101", 2, out, &e), XERR_INVALID);
	/* No check digit fits: such numbers are never given. */
	int none = 0;
	char nine[10];
	for (int i = 0; i < 2000; i++) {
		snprintf(nine, sizeof nine, "60%07d", i);
		none += business_check_digit(nine) < 0;
	}
	assert_true(none > 100 && none < 300); /* about 1 in 11 */
}

static void test_values_round_trip(void **state)
{
	(void)state;
	struct business b;
	struct xerr e = {0};
	const struct rec_kind *k = &rec_businesses;
	memset(&b, 0, sizeof b);
	assert_int_equal(rec_set(k, (size_t)rec_col_index(k, "kind"), " Hộ kinh doanh ", &b, &e),
	                 0);
	assert_int_equal(b.kind, 2);
	assert_int_equal(rec_set(k, (size_t)rec_col_index(k, "kind"), "HO KINH DOANH", &b, &e), 0);
	assert_int_equal(rec_set(k, (size_t)rec_col_index(k, "kind"), "enterprise", &b, &e), 0);
	assert_int_equal(b.kind, 1);
	assert_int_equal(rec_set(k, (size_t)rec_col_index(k, "kind"), "company", &b, &e),
	                 XERR_INVALID);
	assert_string_equal(e.field, "kind");
	assert_non_null(strstr(e.msg, "enterprise, household_business"));
	assert_int_equal(rec_set(k, (size_t)rec_col_index(k, "opened_on"), "2024-02-29", &b, &e),
	                 0);
	assert_int_equal(b.opened_on, DAY(2024, 2, 29));
	assert_int_equal(rec_set(k, (size_t)rec_col_index(k, "opened_on"), "2023-02-29", &b, &e),
	                 XERR_INVALID);
	assert_int_equal(rec_set(k, (size_t)rec_col_index(k, "opened_on"), "", &b, &e),
	                 XERR_INVALID);
	assert_int_equal(rec_set(k, (size_t)rec_col_index(k, "closed_on"), "", &b, &e), 0);
	assert_true(rec_empty(k, (size_t)rec_col_index(k, "closed_on"), &b));
	assert_int_equal(rec_set(k, (size_t)rec_col_index(k, "name"), "a\x01b", &b, &e),
	                 XERR_INVALID);
	char v[64];
	rec_get(k, (size_t)rec_col_index(k, "kind"), &b, v, sizeof v);
	assert_string_equal(v, "enterprise");
	rec_get(k, (size_t)rec_col_index(k, "opened_on"), &b, v, sizeof v);
	assert_string_equal(v, "2024-02-29");
	rec_get(k, (size_t)rec_col_index(k, "closed_on"), &b, v, sizeof v);
	assert_string_equal(v, "");
	struct report r;
	memset(&r, 0, sizeof r);
	assert_int_equal(
	    rec_set(&rec_reports, (size_t)rec_col_index(&rec_reports, "value"), "1e3", &r, &e), 0);
	assert_true(r.value == 1000);
	assert_int_equal(
	    rec_set(&rec_reports, (size_t)rec_col_index(&rec_reports, "value"), "-1", &r, &e),
	    XERR_INVALID);
	assert_int_equal(
	    rec_set(&rec_reports, (size_t)rec_col_index(&rec_reports, "value"), "nan", &r, &e),
	    XERR_INVALID);
}

/* Every kind reads its own CSV header and writes rows it reads again. */
static void test_csv_round_trip(void **state)
{
	(void)state;
	static const char *const rows[] = {
	    "0100109106,enterprise,=SUM(A1),22015001,2020-01-01,,2022-07-01,2023-01-02,",
	    "22015001,\"Tổ số 1, phường Tuy Hòa\",2024-01-01,,,",
	    "22015001,Y Khuê Byă,0912345678,youth_union,2024-01-01,,team.22015001,",
	    "22015001,2026-03-01,training,40,40,BDHVS-2026,\"buổi tối, nhà văn hóa\",abc-1,,",
	    "BDHVS-2026,66,Bình dân học vụ số,2026-07-15,2026-10-25,1,Số buổi,sessions,30,",
	    "SP-1,22015,Cà phê bột,HTX Ea Kar,ocop,4,2024-01-01,,Shopee,https://shopee.vn/x,"
	    "2025-01-01",
	    "66,people_4g,2026-03,2590000.5,từ Sở Khoa học,,,,,,,",
	};
	size_t n;
	const struct rec_kind *const *kinds = rec_kinds(&n);
	assert_int_equal(n, 7);
	for (size_t i = 0; i < n; i++) {
		const struct rec_kind *k = kinds[i];
		struct buf in;
		buf_init(&in);
		rec_csv_header(k, &in);
		buf_printf(&in, "%s\r\n", rows[i]);
		struct csv c;
		struct xerr e = {0};
		int idx[32];
		char rec[4096], again[4096];
		assert_true(k->size <= sizeof rec);
		assert_int_equal(csv_open(&c, k->name, in.data, in.len, NULL, &e), 0);
		assert_int_equal(rec_columns(k, &c, idx, &e), 0);
		assert_int_equal(csv_next(&c, &e), 1);
		if (rec_read_row(k, &c, idx, rec, DAY(2026, 12, 1), &e) != 0)
			fail_msg("%s: %s", k->name, e.msg);
		struct buf out;
		buf_init(&out);
		rec_csv_header(k, &out);
		rec_csv_row(k, rec, &out);
		csv_close(&c);
		/* What is written reads back to the same record. */
		assert_int_equal(csv_open(&c, k->name, out.data, out.len, NULL, &e), 0);
		assert_int_equal(rec_columns(k, &c, idx, &e), 0);
		assert_int_equal(csv_next(&c, &e), 1);
		assert_int_equal(rec_read_row(k, &c, idx, again, DAY(2026, 12, 1), &e), 0);
		for (size_t col = 0; col < k->ncols; col++) {
			char a[512], b[512];
			rec_get(k, col, rec, a, sizeof a);
			rec_get(k, col, again, b, sizeof b);
			if (strcmp(a, b) && k->cols[col].type != REC_TEXT)
				fail_msg("%s.%s: %s vs %s", k->name, k->cols[col].name, a, b);
		}
		if (k == &rec_businesses)
			assert_non_null(strstr(out.data, ",\"'=SUM(A1)\","));
		csv_close(&c);
		buf_free(&in);
		buf_free(&out);
	}
}

static int read_one(const struct rec_kind *k, const char *text, void *rec, struct xerr *e)
{
	struct csv c;
	int idx[32];
	int rc = csv_open(&c, "t.csv", text, strlen(text), NULL, e);
	if (rc == 0)
		rc = rec_columns(k, &c, idx, e);
	if (rc == 0 && csv_next(&c, e) != 1)
		rc = XERR_IO;
	if (rc == 0)
		rc = rec_read_row(k, &c, idx, rec, DAY(2026, 6, 1), e);
	csv_close(&c);
	return rc;
}

static void test_rules(void **state)
{
	(void)state;
	char rec[4096];
	struct xerr e = {0};
	/* An error names the line and the column (in characters). */
	assert_int_equal(read_one(&rec_businesses,
	                          "tax_code,kind,name,unit,opened_on\n"
	                          "0100109106,enterprise,Công ty Ánh Dương,22015001,2030-01-01\n",
	                          rec, &e),
	                 XERR_INVALID);
	assert_string_equal(e.msg, "t.csv:2:50: opened_on is in the future");
	assert_int_equal(read_one(&rec_businesses,
	                          "tax_code,kind,name,unit,opened_on,einvoice_from\n"
	                          "0100109106,enterprise,X,22015001,2020-01-01,2019-01-01\n",
	                          rec, &e),
	                 XERR_INVALID);
	assert_non_null(strstr(e.msg, "einvoice_from comes before opened_on"));
	assert_int_equal(read_one(&rec_businesses, "tax_code,kind,name\n1,2,3\n", rec, &e),
	                 XERR_INVALID);
	assert_string_equal(e.msg, "t.csv:1:1: missing column \"unit\"");
	/* A training has its attendance, and it is its people; other help one
	 * person when not said. */
	assert_int_equal(read_one(&rec_activities,
	                          "team_unit,day,kind\n22015001,2026-05-01,training\n", rec, &e),
	                 XERR_INVALID);
	assert_string_equal(e.field, "attendance");
	struct activity *a = (struct activity *)rec;
	assert_int_equal(
	    read_one(&rec_activities,
	             "team_unit,day,kind,attendance\n22015001,2026-05-01,training,35\n", rec, &e),
	    0);
	assert_int_equal(a->people, 35);
	assert_int_equal(read_one(&rec_activities,
	                          "team_unit,day,kind\n22015001,2026-05-01,eid_activation\n", rec,
	                          &e),
	                 0);
	assert_int_equal(a->people, 1);
	assert_int_equal(read_one(&rec_activities,
	                          "team_unit,day,kind,id\n22015001,2026-05-01,eid_activation,a b\n",
	                          rec, &e),
	                 XERR_INVALID);
	/* OCOP products have 3 to 5 stars (Decision 148/QĐ-TTg of 2023). */
	assert_int_equal(read_one(&rec_products,
	                          "code,unit,name,producer,kind,ocop_stars,added_on\n"
	                          "P1,22015,Mật ong,HTX,ocop,2,2024-01-01\n",
	                          rec, &e),
	                 XERR_INVALID);
	assert_int_equal(read_one(&rec_products,
	                          "code,unit,name,producer,kind,added_on,platform\n"
	                          "P1,22015,Mật ong,HTX,agricultural,2024-01-01,Shopee\n",
	                          rec, &e),
	                 XERR_INVALID);
	assert_string_equal(e.field, "online_since");
	/* A member's phone is normalised. */
	assert_int_equal(read_one(&rec_members,
	                          "team_unit,full_name,phone,position,joined_on\n"
	                          "22015001,Lê Lan,+84 912 345 678,teacher,2024-01-01\n",
	                          rec, &e),
	                 0);
	assert_string_equal(((struct team_member *)rec)->phone, "0912345678");
	/* Reports: a known figure, a month, a quarter or a year. */
	struct report *r = (struct report *)rec;
	assert_int_equal(read_one(&rec_reports,
	                          "unit,figure,period,value\n22015,people_4g,2026-Q1,5\n", rec, &e),
	                 0);
	assert_int_equal(r->first_day, DAY(2026, 1, 1));
	assert_int_equal(r->last_day, DAY(2026, 3, 31));
	assert_int_equal(
	    read_one(&rec_reports, "unit,figure,period,value\n22015,people_6g,2026,5\n", rec, &e),
	    XERR_INVALID);
	assert_int_equal(
	    read_one(&rec_reports,
	             "unit,figure,period,value\n22015,people_4g,2026-01-01..2026-01-31,5\n", rec,
	             &e),
	    XERR_INVALID);
	assert_int_equal(
	    read_one(&rec_reports, "unit,figure,period,value\n22015,people_4g,2027,5\n", rec, &e),
	    XERR_INVALID);
}

static void test_report_values(void **state)
{
	(void)state;
	struct report_span r[6];
	int32_t q1f = DAY(2026, 1, 1), q1l = DAY(2026, 3, 31);
	/* A level: the latest report ending by the period's last day. */
	r[0] = (struct report_span){DAY(2026, 1, 1), DAY(2026, 1, 31), 10};
	r[1] = (struct report_span){DAY(2026, 2, 1), DAY(2026, 2, 28), 12};
	r[2] = (struct report_span){DAY(2026, 4, 1), DAY(2026, 4, 30), 20};
	assert_true(report_value(false, r, 3, q1f, q1l) == 12);
	/* ... within a year of it. */
	r[0] = (struct report_span){DAY(2024, 1, 1), DAY(2024, 12, 31), 10};
	assert_true(isnan(report_value(false, r, 1, q1f, q1l)));
	assert_true(isnan(report_value(false, r, 0, q1f, q1l)));
	/* A flow: the reports within the period, a quarter's not added to its
	 * months'. */
	r[0] = (struct report_span){DAY(2026, 1, 1), DAY(2026, 1, 31), 100};
	r[1] = (struct report_span){DAY(2026, 2, 1), DAY(2026, 2, 28), 100};
	r[2] = (struct report_span){DAY(2026, 1, 1), DAY(2026, 3, 31), 290};
	r[3] = (struct report_span){DAY(2026, 3, 1), DAY(2026, 3, 31), 100};
	r[4] = (struct report_span){DAY(2026, 4, 1), DAY(2026, 4, 30), 100};
	assert_true(report_value(true, r, 5, q1f, q1l) == 290);
	assert_true(report_value(true, r, 5, DAY(2026, 2, 1), DAY(2026, 2, 28)) == 100);
	r[0] = (struct report_span){DAY(2026, 1, 1), DAY(2026, 1, 31), 100};
	r[1] = (struct report_span){DAY(2026, 2, 1), DAY(2026, 2, 28), 50};
	assert_true(report_value(true, r, 2, q1f, q1l) == 150);
	assert_true(isnan(report_value(true, r, 2, DAY(2025, 1, 1), DAY(2025, 12, 31))));
}

static void test_deciders(void **state)
{
	(void)state;
	struct report r = {.reported_by = 7};
	snprintf(r.unit, sizeof r.unit, "66");
	struct principal leader = {.account_id = 3, .role = ROLE_LEADER, .unit = "22015"};
	struct principal prov = {.account_id = 4, .role = ROLE_PROVINCE, .unit = "66"};
	struct principal self = {.account_id = 7, .role = ROLE_LEADER, .unit = "22015"};
	struct xerr e = {0};
	assert_int_equal(report_decider_check(&leader, &r, UNIT_COMMUNE, &e), 0);
	assert_int_equal(report_decider_check(&leader, &r, UNIT_VILLAGE, &e), 0);
	assert_int_equal(report_decider_check(&prov, &r, UNIT_COMMUNE, &e), XERR_UNPROCESSABLE);
	assert_int_equal(report_decider_check(&prov, &r, UNIT_PROVINCE, &e), 0);
	assert_int_equal(report_decider_check(&leader, &r, UNIT_PROVINCE, &e), XERR_UNPROCESSABLE);
	assert_int_equal(report_decider_check(&self, &r, UNIT_COMMUNE, &e), XERR_UNPROCESSABLE);
	snprintf(r.unit, sizeof r.unit, "01");
	assert_int_equal(report_decider_check(&prov, &r, UNIT_PROVINCE, &e), XERR_UNPROCESSABLE);
	assert_true(rec_in_force(10, 0, 10) && rec_in_force(10, 20, 19));
	assert_false(rec_in_force(10, 20, 20) || rec_in_force(10, 0, 9));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tax_codes),      cmocka_unit_test(test_values_round_trip),
	    cmocka_unit_test(test_csv_round_trip), cmocka_unit_test(test_rules),
	    cmocka_unit_test(test_report_values),  cmocka_unit_test(test_deciders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
