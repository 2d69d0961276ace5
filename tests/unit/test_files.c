/* Tests for src/web/files.c: the Content-Disposition of a download, and a
 * blob answered from its file with the stored type. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/store.h"
#include "web/files.h"
#include "samples.h"

static char *disposition(const char *name, const char *ext)
{
	struct buf b;
	buf_init(&b);
	http_content_disposition(&b, name, ext);
	return buf_take(&b, NULL);
}

static void test_disposition(void **state)
{
	(void)state;
	char *d = disposition("Giấy chứng sinh.pdf", "pdf");
	assert_string_equal(d, "attachment; filename=\"giay chung sinh.pdf\"; "
	                       "filename*=UTF-8''Gi%E1%BA%A5y%20ch%E1%BB%A9ng%20sinh.pdf");
	free(d);
	/* Đ has no decomposition: folded to d. The real type's extension is added. */
	d = disposition("Đơn đề nghị.PDF", "png");
	assert_string_equal(
	    d, "attachment; filename=\"don de nghi.pdf.png\"; "
	       "filename*=UTF-8''%C4%90%C6%A1n%20%C4%91%E1%BB%81%20ngh%E1%BB%8B.PDF.png");
	free(d);
	d = disposition("anh.JPEG", "jpg");
	assert_string_equal(d, "attachment; filename=\"anh.jpeg\"; filename*=UTF-8''anh.JPEG");
	free(d);
	/* Quotes, semicolons and line breaks cannot leave the header value. */
	d = disposition("a\"; b=c.pdf", "pdf");
	assert_string_equal(
	    d, "attachment; filename=\"a__ b_c.pdf\"; filename*=UTF-8''a%22%3B%20b%3Dc.pdf");
	free(d);
	d = disposition("x\r\nSet-Cookie: a=b.pdf", "pdf");
	assert_null(strchr(d, '\r'));
	assert_null(strchr(d, '\n'));
	assert_string_equal(d, "attachment; filename=\"tep.pdf\"; filename*=UTF-8''tep.pdf");
	free(d);
	d = disposition("\xff\xfe.pdf", "pdf");
	assert_string_equal(d, "attachment; filename=\"tep.pdf\"; filename*=UTF-8''tep.pdf");
	free(d);
	d = disposition(NULL, NULL);
	assert_string_equal(d, "attachment; filename=\"tep\"; filename*=UTF-8''tep");
	free(d);
}

static void test_resp_blob(void **state)
{
	(void)state;
	char db[64], p[96];
	snprintf(db, sizeof db, "/tmp/xaso-files-%d.db", (int)getpid());
	struct store *s;
	struct xerr e = {0};
	assert_int_equal(store_open(db, STORE_CREATE | STORE_MIGRATE, &s, &e), 0);
	struct actor who;
	actor_system(&who, "test");
	char sha[65];
	assert_int_equal(
	    store_blob_put(s, &who, sample_jpeg, sizeof sample_jpeg, "image/jpeg", sha, NULL, &e),
	    0);

	struct req r;
	memset(&r, 0, sizeof r);
	arena_init(&r.arena);
	buf_init(&r.out);
	r.store = s;
	r.path = "/x";
	assert_int_equal(resp_blob(&r, sha, "Ảnh căn cước.png"), 0);
	assert_int_equal(r.status, 200);
	assert_true(r.has_file);
	assert_int_equal(r.file_size, sizeof sample_jpeg);
	assert_string_equal(r.content_type, "image/jpeg");
	assert_string_equal(r.cache_control, "no-store");
	assert_int_equal(r.nheaders, 1);
	assert_string_equal(r.headers[0][0], "Content-Disposition");
	assert_non_null(strstr(r.headers[0][1], "filename=\"anh can cuoc.png.jpg\""));
	unsigned char got[256];
	assert_int_equal(read(r.file_fd, got, sizeof got), (ssize_t)sizeof sample_jpeg);
	assert_memory_equal(got, sample_jpeg, sizeof sample_jpeg);
	close(r.file_fd);

	/* An unknown blob is an error answer, not a file. */
	struct req r2;
	memset(&r2, 0, sizeof r2);
	arena_init(&r2.arena);
	buf_init(&r2.out);
	r2.store = s;
	r2.path = "/api/v1/x";
	assert_int_equal(
	    resp_blob(&r2, "0000000000000000000000000000000000000000000000000000000000000000",
	              NULL),
	    0);
	assert_int_equal(r2.status, 404);
	assert_false(r2.has_file);

	arena_free(&r.arena);
	buf_free(&r.out);
	arena_free(&r2.arena);
	buf_free(&r2.out);
	char path[512];
	assert_int_equal(store_blob_path(s, sha, path, sizeof path, &e), 0);
	unlink(path);
	*strrchr(path, '/') = '\0';
	rmdir(path);
	rmdir(store_blob_dir(s));
	store_close(s);
	unlink(db);
	snprintf(p, sizeof p, "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db);
	unlink(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_disposition),
	    cmocka_unit_test(test_resp_blob),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
