/* Tests for src/web/form.c: form bodies parsed by libmicrohttpd's post
 * processor, which needs a real connection. A small MHD daemon on a
 * loopback port collects each body, runs form_parse() in its own thread
 * and answers with a text summary of the result, which the test (in the
 * main thread, where cmocka's assertions belong) checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/filetype.h"
#include "web/form.h"
#include "web/http.h"
#include "samples.h"

static struct MHD_Daemon *daemon_;
static uint16_t port;
static struct form_limits limits; /* set by a test before its request */

static void sha_hex(const void *d, size_t n, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, d, n);
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* The summary: "ok" then one line per field "F name=value" and per file
 * "P field|filename|content type|length|sha256"; or "error CODE FIELD MSG". */
static void summarise(struct req *r, struct buf *out)
{
	struct form f;
	struct xerr e = {0};
	if (form_parse_limits(r, &limits, &f, &e) != 0) {
		buf_printf(out, "error %s %s %s", xerr_name(e.code), e.field ? e.field : "-",
		           e.msg);
		return;
	}
	buf_puts(out, "ok\n");
	for (int i = 0; i < f.nfields; i++)
		buf_printf(out, "F %s=%s\n", f.fields[i].name, f.fields[i].value);
	for (int i = 0; i < f.nfiles; i++) {
		char h[65];
		sha_hex(f.files[i].data, f.files[i].len, h);
		buf_printf(out, "P %s|%s|%s|%zu|%s\n", f.files[i].field, f.files[i].filename,
		           f.files[i].content_type, f.files[i].len, h);
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)version;
	struct buf *body = *con_cls;
	if (!body) {
		body = calloc(1, sizeof *body);
		buf_init(body);
		*con_cls = body;
		return MHD_YES;
	}
	if (*upload_data_size) {
		buf_add(body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	struct req r;
	memset(&r, 0, sizeof r);
	r.conn = conn;
	r.method = method;
	r.path = url;
	arena_init(&r.arena);
	r.body = body->data;
	r.body_len = body->len;
	struct buf out;
	buf_init(&out);
	summarise(&r, &out);
	arena_free(&r.arena);
	size_t len;
	char *s = buf_take(&out, &len);
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, s, MHD_RESPMEM_MUST_FREE);
	enum MHD_Result ret = MHD_queue_response(conn, 200, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	struct buf *body = *con_cls;
	if (body) {
		buf_free(body);
		free(body);
		*con_cls = NULL;
	}
}

static int setup(void **state)
{
	(void)state;
	daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_request, NULL,
	                           MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	                           MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
	                           MHD_OPTION_END);
	if (!daemon_)
		return -1;
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
	port = di->port;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	MHD_stop_daemon(daemon_);
	return 0;
}

/* POSTs body with the Content-Type; returns the summary (malloc'ed). */
static char *post(const char *content_type, const void *body, size_t len)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	struct buf q;
	buf_init(&q);
	buf_printf(&q, "POST /form HTTP/1.1\r\nHost: test\r\nConnection: close\r\n");
	if (content_type)
		buf_printf(&q, "Content-Type: %s\r\n", content_type);
	buf_printf(&q, "Content-Length: %zu\r\n\r\n", len);
	buf_add(&q, body, len);
	for (size_t off = 0; off < q.len;) {
		ssize_t w = write(fd, q.data + off, q.len - off);
		assert_true(w > 0);
		off += (size_t)w;
	}
	buf_free(&q);
	struct buf a;
	buf_init(&a);
	char chunk[4096];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(&a, chunk, (size_t)n);
	close(fd);
	char *sep = strstr(a.data, "\r\n\r\n");
	assert_non_null(sep);
	char *res = strdup(sep + 4);
	buf_free(&a);
	return res;
}

static char *post_text(const char *content_type, const char *body)
{
	return post(content_type, body, strlen(body));
}

#define URLENC "application/x-www-form-urlencoded"
#define MULTI  "multipart/form-data; boundary=----xaso7MA4YWxkTrZu0gW"
#define B      "------xaso7MA4YWxkTrZu0gW"

static void reset_limits(void)
{
	limits = form_default_limits;
}

static void test_urlencoded_vietnamese(void **state)
{
	(void)state;
	reset_limits();
	char *res = post_text(URLENC, "ho_ten=Nguy%E1%BB%85n+V%C4%83n+%C3%81nh"
	                              "&dia_chi=Th%C3%B4n+1%2C+x%C3%A3+Ea+Kao&ghi_chu=&so=0912");
	assert_string_equal(res, "ok\n"
	                         "F ho_ten=Nguyễn Văn Ánh\n"
	                         "F dia_chi=Thôn 1, xã Ea Kao\n"
	                         "F ghi_chu=\n"
	                         "F so=0912\n");
	free(res);
	/* Raw UTF-8 is accepted as well (what browsers send is encoded). */
	res = post_text(URLENC "; charset=utf-8", "ten=Đắk Lắk");
	assert_string_equal(res, "ok\nF ten=Đắk Lắk\n");
	free(res);
}

static void test_urlencoded_bad_text(void **state)
{
	(void)state;
	reset_limits();
	char *res = post_text(URLENC, "ho_ten=abc&ten=%C3%28");
	assert_string_equal(res,
	                    "error invalid ten the value of field \"ten\" is not valid UTF-8 text");
	free(res);
	res = post_text(URLENC, "ten=a%00b");
	assert_string_equal(res,
	                    "error invalid ten the value of field \"ten\" is not valid UTF-8 text");
	free(res);
}

static void test_content_type(void **state)
{
	(void)state;
	reset_limits();
	char *res = post_text("application/json", "{}");
	assert_non_null(strstr(res, "error invalid Content-Type "));
	free(res);
	res = post_text(NULL, "a=b");
	assert_non_null(strstr(res, "error invalid Content-Type "));
	free(res);
	res = post_text("multipart/form-data", "--x\r\n");
	assert_string_equal(res,
	                    "error invalid Content-Type multipart/form-data without a boundary");
	free(res);
	res = post_text("multipart/form-data; boundary=", "--x\r\n");
	assert_string_equal(res,
	                    "error invalid Content-Type multipart/form-data without a boundary");
	free(res);
	res = post_text("multipart/form-data; boundary=\"\"", "--x\r\n");
	assert_string_equal(res,
	                    "error invalid Content-Type multipart/form-data without a boundary");
	free(res);
	char longb[160];
	snprintf(longb, sizeof longb, "multipart/form-data; boundary=%071d", 0);
	res = post_text(longb, "--x\r\n");
	assert_non_null(strstr(res, "longer than 70 characters"));
	free(res);
	/* A quoted boundary. */
	res = post_text(
	    "multipart/form-data; boundary=\"a b\"",
	    "--a b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--a b--\r\n");
	assert_string_equal(res, "ok\nF x=y\n");
	free(res);
}

/* A multipart body: a text field, a PNG named as a PDF, a JPEG with a
 * Windows path, and a file input left empty. */
static struct buf two_files(void)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, B "\r\nContent-Disposition: form-data; name=\"thu_tuc\"\r\n\r\n"
	               "Đăng ký khai sinh\r\n");
	buf_puts(&b, B "\r\nContent-Disposition: form-data; name=\"giay_to\"; "
	               "filename=\"giấy chứng sinh.pdf\"\r\nContent-Type: application/pdf\r\n\r\n");
	buf_add(&b, sample_png, sizeof sample_png);
	buf_puts(&b, "\r\n" B "\r\nContent-Disposition: form-data; name=\"anh\"; "
	             "filename=\"C:\\\\fakepath\\\\ảnh.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n");
	buf_add(&b, sample_jpeg, sizeof sample_jpeg);
	buf_puts(&b, "\r\n" B "\r\nContent-Disposition: form-data; name=\"them\"; filename=\"\"\r\n"
	             "Content-Type: application/octet-stream\r\n\r\n\r\n");
	buf_puts(&b, B "--\r\n");
	return b;
}

static void test_multipart_two_files(void **state)
{
	(void)state;
	reset_limits();
	struct buf b = two_files();
	char *res = post(MULTI, b.data, b.len);
	char png[65], jpg[65], want[1024];
	sha_hex(sample_png, sizeof sample_png, png);
	sha_hex(sample_jpeg, sizeof sample_jpeg, jpg);
	snprintf(want, sizeof want,
	         "ok\nF thu_tuc=Đăng ký khai sinh\n"
	         "P giay_to|giấy chứng sinh.pdf|application/pdf|%zu|%s\n"
	         "P anh|ảnh.jpg|image/jpeg|%zu|%s\n",
	         sizeof sample_png, png, sizeof sample_jpeg, jpg);
	assert_string_equal(res, want);
	free(res);
	buf_free(&b);
	/* The bytes decide the type, not the ".pdf" the client named them. */
	enum filetype t;
	struct xerr e;
	assert_int_equal(filetype_sniff(sample_png, sizeof sample_png, "giay_to", &t, &e), 0);
	assert_int_equal(t, FILETYPE_PNG);
}

static void test_multipart_limits(void **state)
{
	(void)state;
	struct buf b = two_files();
	reset_limits();
	limits.max_file_len = 100; /* the JPEG (125 bytes) is over, the PNG not */
	char *res = post(MULTI, b.data, b.len);
	assert_string_equal(res,
	                    "error limit anh the file in field \"anh\" is larger than 100 bytes");
	free(res);
	reset_limits();
	limits.max_files = 1;
	res = post(MULTI, b.data, b.len);
	assert_string_equal(res, "error limit anh more than the allowed number of files");
	free(res);
	buf_free(&b);

	reset_limits();
	limits.max_fields = 2;
	res = post_text(URLENC, "a=1&b=2&c=3");
	assert_string_equal(res, "error limit c more than the allowed number of fields");
	free(res);
	reset_limits();
	limits.max_field_len = 8;
	res = post_text(URLENC, "a=12345678&ghi_chu=123456789");
	assert_string_equal(res, "error limit ghi_chu the value of field \"ghi_chu\" is too long");
	free(res);

	/* The default: 10 MB per file; one byte more is refused. */
	reset_limits();
	size_t big = FORM_MAX_FILE_LEN + 1;
	struct buf m;
	buf_init(&m);
	buf_puts(&m, B "\r\nContent-Disposition: form-data; name=\"giay_to\"; "
	               "filename=\"scan.pdf\"\r\n\r\n");
	size_t at = m.len;
	char *zeros = calloc(1, big);
	buf_add(&m, zeros, big);
	free(zeros);
	buf_puts(&m, "\r\n" B "--\r\n");
	res = post(MULTI, m.data, m.len);
	assert_string_equal(
	    res, "error limit giay_to the file in field \"giay_to\" is larger than 10 MB");
	free(res);
	/* Exactly 10 MB passes. */
	memmove(m.data + at + big - 1, m.data + at + big, m.len - at - big);
	m.len--;
	res = post(MULTI, m.data, m.len);
	assert_non_null(strstr(res, "ok\nP giay_to|scan.pdf||10485760|"));
	free(res);
	buf_free(&m);
}

static void test_multipart_malformed(void **state)
{
	(void)state;
	reset_limits();
	/* The body uses another boundary than the header declares. */
	const char *other =
	    "--zzz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--zzz--\r\n";
	char *res = post_text(MULTI, other);
	assert_string_equal(res, "error invalid body the body does not contain the boundary "
	                         "declared in Content-Type");
	free(res);
	/* Cut in the middle of a file. */
	struct buf b = two_files();
	res = post(MULTI, b.data, b.len / 2);
	assert_string_equal(res, "error invalid body the form body ends in the middle of a part "
	                         "(incomplete upload?)");
	free(res);
	buf_free(&b);
	/* A file name that is not UTF-8. */
	res = post_text(MULTI, B
	                "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\xff.pdf\"\r\n"
	                "\r\n%PDF\r\n" B "--\r\n");
	assert_string_equal(
	    res, "error invalid f the file name in field \"f\" is too long or not UTF-8 text");
	free(res);
	/* Encoded parts are refused rather than stored encoded. */
	res = post_text(MULTI,
	                B "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.pdf\"\r\n"
	                  "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n" B "--\r\n");
	assert_string_equal(res, "error invalid body unsupported Content-Transfer-Encoding");
	free(res);
}

/* RFC 2046 allows a boundary of one character; issue 11 found it refused
 * (Debian's libmicrohttpd wants two). Parameters after the boundary are
 * parameters, not part of it. */
static void test_multipart_boundaries(void **state)
{
	(void)state;
	reset_limits();
	char *res =
	    post_text("multipart/form-data; boundary=a",
	              "--a\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n"
	              "--a\r\nContent-Disposition: form-data; name=\"y\"\r\n\r\n--\r\n--a--\r\n");
	assert_string_equal(res, "ok\nF x=1\nF y=--\n");
	free(res);
	res = post_text("multipart/form-data; boundary=zz; charset=utf-8",
	                "preamble\r\n--zz\r\ncontent-disposition: form-data; name=x\r\n\r\n"
	                "a\r\n--zz--\r\nepilogue --zz\r\n");
	assert_string_equal(res, "ok\nF x=a\n");
	free(res);
	/* A quote inside a quoted file name, escaped. */
	res = post_text(
	    "multipart/form-data; boundary=q",
	    "--q\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\\\"b.pdf\"\r\n"
	    "\r\n%PDF\r\n--q--\r\n");
	assert_string_equal(res,
	                    "ok\nP f|ab.pdf||4|"
	                    "315d429b7714cedb6ad04ac31240145257692630457f3c88253c5beceac76027\n");
	free(res);
	res = post_text("multipart/form-data; boundary=a!", "--a!\r\n");
	assert_non_null(strstr(res, "error invalid Content-Type "));
	free(res);
	/* A part without a name, and one that is not form-data. */
	res = post_text("multipart/form-data; boundary=a",
	                "--a\r\nContent-Disposition: form-data\r\n\r\n1\r\n--a--\r\n");
	assert_string_equal(res, "error invalid body a form part has no name");
	free(res);
	res = post_text("multipart/form-data; boundary=a",
	                "--a\r\nContent-Disposition: attachment; name=\"x\"\r\n\r\n1\r\n--a--\r\n");
	assert_string_equal(res, "error invalid body a form part is not form-data");
	free(res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_urlencoded_vietnamese),
	    cmocka_unit_test(test_urlencoded_bad_text),
	    cmocka_unit_test(test_content_type),
	    cmocka_unit_test(test_multipart_two_files),
	    cmocka_unit_test(test_multipart_limits),
	    cmocka_unit_test(test_multipart_malformed),
	    cmocka_unit_test(test_multipart_boundaries),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
