/* Tests for src/store/results.c and the keep hook of dossier_change.c: an
 * approval moves the dossier, links the result files and keeps the
 * signature in one transaction (all of it or nothing), a signing move is
 * refused without a signature and a signature without a signing move, and
 * the signature reads back (record, CMS bytes, by id and by the signed
 * file's SHA-256). The signatures are stand-in bytes: the store keeps, it
 * does not check them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "store/store.h"

static char path[64], dir[64];
static struct store *st;
static struct actor sys, lead;
static int64_t seal, leader_cert;

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/xaso-results-%d.db", (int)getpid());
	snprintf(dir, sizeof dir, "/tmp/xaso-results-%d.files", (int)getpid());
	unlink(path);
	struct xerr e = {0};
	actor_system(&sys, "test");
	if (store_open(path, STORE_CREATE | STORE_MIGRATE, &st, &e) || cli_seed_reference(st, &e) ||
	    store_set_blob_dir(st, dir, &e))
		fail_msg("%s", e.msg);
	struct account a = {.role = ROLE_LEADER, .unit = "22015", .login = "lanhdao"};
	snprintf(a.password_hash, sizeof a.password_hash, "x");
	if (store_account_add(st, &sys, &a, &e))
		fail_msg("%s", e.msg);
	lead = (struct actor){
	    .account_id = a.id, .login = "lanhdao", .role = "leader", .unit = "22015"};
	struct cert_row c = {.kind = CERT_SEAL,
	                     .unit = "22015",
	                     .common_name = "UBND",
	                     .subject = "CN=UBND",
	                     .issuer = "CN=CA",
	                     .serial = "01",
	                     .not_before = 1,
	                     .not_after = 4000000000,
	                     .guard = CERT_KEYFILE};
	memset(c.sha256, 'a', 64);
	if (store_cert_add(st, &sys, &c, "PEM", "KEY", &seal, &e))
		fail_msg("%s", e.msg);
	c.kind = CERT_PERSON;
	c.account = a.id;
	memset(c.sha256, 'b', 64);
	if (store_cert_add(st, &sys, &c, "PEM", "KEY", &leader_cert, &e))
		fail_msg("%s", e.msg);
	/* A procedure whose result is no signed document. */
	struct procedure p = {.code = "9.000001",
	                      .name = "Thử",
	                      .field = "Thử",
	                      .level = "commune",
	                      .time_unit = PROC_TIME_SAMEDAY,
	                      .fee_vnd = -1};
	int bl;
	size_t bad;
	if (store_procedures_import(st, &sys, &p, 1, NULL, 0, NULL, 0, &bl, &bad, &e))
		fail_msg("%s", e.msg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s %s-wal %s-shm %s", path, path, path, dir);
	return system(cmd);
}

/* A counter dossier being processed. */
static struct dossier processing(const char *procedure)
{
	struct dossier d;
	struct xerr e = {0};
	memset(&d, 0, sizeof d);
	strcpy(d.unit, "22015");
	strcpy(d.procedure, procedure);
	d.channel = DC_COUNTER;
	strcpy(d.applicant_name, "Nguyễn Văn An");
	strcpy(d.form, "{}");
	if (store_dossier_submit(st, &sys, &d, &e) ||
	    store_dossier_transition(st, &sys, d.code, DS_PROCESSING, SIDE_STAFF, "", 0, &d, &e))
		fail_msg("%s", e.msg);
	return d;
}

static struct dossier_file blob(const char *bytes, const char *name)
{
	struct dossier_file f = {.kind = "result"};
	struct xerr e = {0};
	snprintf(f.name, sizeof f.name, "%s", name);
	if (store_blob_put(st, &lead, bytes, strlen(bytes), "application/pdf", f.sha256, NULL, &e))
		fail_msg("%s", e.msg);
	return f;
}

static struct result_approval approval(const char *pid, struct dossier_file source,
                                       struct dossier_file signed_pdf)
{
	static const unsigned char p7s[] = {0x30, 0x82, 0x00, 0x01, 0xff};
	return (struct result_approval){.public_id = pid,
	                                .source = source,
	                                .signed_pdf = signed_pdf,
	                                .format = "pades",
	                                .record = "xaso-result-record/1\n",
	                                .record_len = 21,
	                                .record_p7s = p7s,
	                                .record_p7s_len = sizeof p7s,
	                                .leader_cert = leader_cert,
	                                .seal_cert = seal,
	                                .signer = "Lò Văn Thành",
	                                .signed_at = (int64_t)time(NULL)};
}

static int count_file(const struct dossier_file *f, void *ctx)
{
	(void)f;
	(*(int *)ctx)++;
	return 0;
}

static int files_of(const struct dossier *d)
{
	int n = 0;
	struct xerr e = {0};
	assert_int_equal(store_dossier_files(st, d->id, count_file, &n, &e), 0);
	return n;
}

static void test_approve(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct dossier d = processing("1.001193"), after;
	/* The move signs: not without a signature, not by an officer. */
	assert_int_equal(
	    store_dossier_transition(st, &lead, d.code, DS_RESULT, SIDE_LEADER, "", 0, NULL, &e),
	    XERR_CONFLICT);
	assert_non_null(strstr(e.msg, "approve"));
	assert_int_equal(
	    store_dossier_transition(st, &sys, d.code, DS_RESULT, SIDE_STAFF, "", 0, NULL, &e),
	    XERR_FORBIDDEN);
	struct dossier_file f;
	assert_int_equal(store_result_unsigned(st, d.id, &f, &e), XERR_NOTFOUND);
	struct dossier_file src = blob("%PDF-1.4 bản nháp", "trich-luc.pdf");
	assert_int_equal(store_dossier_file_add(st, &lead, d.code, &src, &e), 0);
	assert_int_equal(store_result_unsigned(st, d.id, &f, &e), 0);
	assert_int_equal(f.id, src.id);

	struct result_approval a =
	    approval("aaaaaaaaaaaaaaaa", src, blob("%PDF-1.4 đã ký", "x.pdf"));
	assert_int_equal(store_dossier_approve(st, &lead, d.code, DS_RESULT, SIDE_LEADER, "Đồng ý",
	                                       &a, &after, &e),
	                 0);
	assert_int_equal(after.status, DS_RESULT);
	assert_int_equal(files_of(&d), 2);
	assert_int_equal(store_result_unsigned(st, d.id, &f, &e), XERR_NOTFOUND);

	/* It reads back: the facts, the record and the CMS bytes. */
	struct result_signature g;
	struct buf rec, p7s;
	buf_init(&rec);
	buf_init(&p7s);
	struct result_signature_data data = {&rec, &p7s, NULL};
	assert_int_equal(store_result_signature(st, "aaaaaaaaaaaaaaaa", &g, &data, &e), 0);
	assert_string_equal(g.dossier_code, d.code);
	assert_string_equal(g.format, "pades");
	assert_string_equal(g.signed_sha256, a.signed_pdf.sha256);
	assert_int_equal(g.source_file, src.id);
	assert_int_equal(g.leader_cert, leader_cert);
	assert_int_equal(g.account_id, lead.account_id);
	assert_string_equal(rec.data, "xaso-result-record/1\n");
	assert_int_equal(p7s.len, a.record_p7s_len);
	assert_memory_equal(p7s.data, a.record_p7s, p7s.len);
	assert_int_equal(store_result_signature_by_sha256(st, a.signed_pdf.sha256, &g, NULL, &e),
	                 0);
	assert_string_equal(g.public_id, "aaaaaaaaaaaaaaaa");
	assert_int_equal(store_result_signature(st, "bbbbbbbbbbbbbbbb", &g, NULL, &e),
	                 XERR_NOTFOUND);
	buf_free(&rec);
	buf_free(&p7s);
	/* Approved once: the dossier has moved on. */
	a.public_id = "cccccccccccccccc";
	assert_int_equal(
	    store_dossier_approve(st, &lead, d.code, DS_RESULT, SIDE_LEADER, "", &a, NULL, &e),
	    XERR_CONFLICT);
}

/* Anything failing inside the approval leaves nothing of it. */
static void test_all_or_nothing(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct dossier d = processing("1.001193"), now;
	struct dossier_file src = blob("%PDF-1.4 kết quả hai", "kq.pdf");
	struct dossier_file never = {.kind = "result", .name = "x.pdf"};
	memset(never.sha256, 'f', 64); /* never uploaded */
	struct result_approval a = approval("dddddddddddddddd", src, never);
	a.source.id = 0; /* linked by the approval itself */
	assert_int_equal(
	    store_dossier_approve(st, &lead, d.code, DS_RESULT, SIDE_LEADER, "", &a, NULL, &e),
	    XERR_NOTFOUND);
	assert_int_equal(store_dossier_get(st, d.code, &now, &e), 0);
	assert_int_equal(now.status, DS_PROCESSING);
	assert_int_equal(files_of(&d), 0);
	struct result_signature g;
	assert_int_equal(store_result_signature(st, "dddddddddddddddd", &g, NULL, &e),
	                 XERR_NOTFOUND);
	/* A source of another dossier is refused too. */
	struct dossier other = processing("1.001193");
	assert_int_equal(store_dossier_file_add(st, &lead, other.code, &src, &e), 0);
	a = approval("dddddddddddddddd", src, blob("%PDF-1.4 ký", "y.pdf"));
	assert_int_equal(
	    store_dossier_approve(st, &lead, d.code, DS_RESULT, SIDE_LEADER, "", &a, NULL, &e),
	    XERR_NOTFOUND);
	assert_int_equal(store_dossier_get(st, d.code, &now, &e), 0);
	assert_int_equal(now.status, DS_PROCESSING);
	/* A procedure whose result is not signed: no approval to keep. */
	struct dossier plain = processing("9.000001");
	a.source.id = 0;
	assert_int_equal(
	    store_dossier_approve(st, &lead, plain.code, DS_RESULT, SIDE_LEADER, "", &a, NULL, &e),
	    XERR_CONFLICT);
	assert_int_equal(
	    store_dossier_transition(st, &sys, plain.code, DS_RESULT, SIDE_STAFF, "", 0, NULL, &e),
	    0);
	/* What an approval must hold, checked before any transaction. */
	a = approval("eeeeeeeeeeeeeeee", src, src);
	a.record = NULL;
	assert_int_equal(
	    store_dossier_approve(st, &lead, d.code, DS_RESULT, SIDE_LEADER, "", &a, NULL, &e),
	    XERR_INVALID);
	a = approval("eeeeeeeeeeeeeeee", src, src);
	a.format = "cms"; /* without its .p7s */
	assert_int_equal(
	    store_dossier_approve(st, &lead, d.code, DS_RESULT, SIDE_LEADER, "", &a, NULL, &e),
	    XERR_INVALID);
	assert_string_equal(e.field, "format");
}

/* A file beside its detached signature; a damaged stored CMS is reported. */
static void test_cms(void **state)
{
	(void)state;
	struct xerr e = {0};
	struct dossier d = processing("1.001193");
	struct dossier_file src = blob("%PDF-1.4 ảnh kết quả", "anh.png");
	static const unsigned char p7s[300] = {0x30, 0x82, 0x01, 0x28};
	struct result_approval a = approval("ffffffffffffffff", src, (struct dossier_file){0});
	a.source.id = 0;
	a.format = "cms";
	a.file_p7s = p7s;
	a.file_p7s_len = sizeof p7s;
	a.leader_cert = 0; /* the seal alone */
	assert_int_equal(
	    store_dossier_approve(st, &lead, d.code, DS_RESULT, SIDE_LEADER, "", &a, NULL, &e), 0);
	assert_int_equal(files_of(&d), 1); /* the file itself is what is handed out */
	struct result_signature g;
	struct buf file_p7s;
	buf_init(&file_p7s);
	struct result_signature_data data = {NULL, NULL, &file_p7s};
	assert_int_equal(store_result_signature(st, "ffffffffffffffff", &g, &data, &e), 0);
	assert_int_equal(g.leader_cert, 0);
	assert_int_equal(g.signed_file, g.source_file);
	assert_string_equal(g.signed_sha256, src.sha256);
	assert_int_equal(file_p7s.len, sizeof p7s);
	assert_memory_equal(file_p7s.data, p7s, sizeof p7s);
	buf_free(&file_p7s);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "UPDATE result_signature SET file_p7s = 'not base64!' "
	                              "WHERE public_id = 'ffffffffffffffff'",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	buf_init(&file_p7s);
	assert_int_equal(store_result_signature(st, "ffffffffffffffff", &g, &data, &e),
	                 XERR_CONFLICT);
	assert_string_equal(g.dossier_code, d.code); /* what could be read, still read */
	buf_free(&file_p7s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_approve),
	    cmocka_unit_test(test_all_or_nothing),
	    cmocka_unit_test(test_cms),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
