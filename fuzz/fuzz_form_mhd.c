/* libFuzzer harness for form_parse() on a live libmicrohttpd connection:
 * the bytes become the body (and sometimes the Content-Type) of a POST to
 * a daemon on a loopback port, whose handler parses it with the post
 * processor into fields and files with small limits, and checks what it
 * got. libmicrohttpd is not instrumented, so the coverage that guides the
 * search is that of src/web/form.c and form_collect.c; AddressSanitizer
 * still sees every read and write of the parsed pieces.
 *
 * Input: one byte choosing the Content-Type (urlencoded, multipart with a
 * fixed boundary, or a Content-Type line taken from the input up to the
 * first newline), then the body. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/text.h"
#include "web/form.h"
#include "web/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct MHD_Daemon *daemon_;
static uint16_t port;
static const struct form_limits limits = {8, 200, 3, 1000};

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

/* Where verify reads every byte of a file, so the reads are not dropped. */
static volatile unsigned byte_sink;

static void verify(const struct form *f)
{
	check(f->nfields <= limits.max_fields && f->nfiles <= limits.max_files);
	for (int i = 0; i < f->nfields; i++) {
		const struct form_field *x = &f->fields[i];
		check(x->len <= limits.max_field_len && strlen(x->value) == x->len);
		check(text_valid_utf8(x->value, x->len, NULL));
	}
	for (int i = 0; i < f->nfiles; i++) {
		const struct form_file *x = &f->files[i];
		check(x->len <= limits.max_file_len && !strchr(x->filename, '/'));
		for (size_t k = 0; k < x->len; k++) /* every byte readable */
			byte_sink += x->data[k];
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
	struct form f;
	struct xerr e = {0};
	int rc = form_parse_limits(&r, &limits, &f, &e);
	if (rc == 0)
		verify(&f);
	else
		check(e.code == XERR_INVALID || e.code == XERR_LIMIT);
	arena_free(&r.arena);
	static char ok[] = "ok";
	struct MHD_Response *resp = MHD_create_response_from_buffer(2, ok, MHD_RESPMEM_PERSISTENT);
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

static void start(void)
{
	daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_request, NULL,
	                           MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
	if (!daemon_)
		abort();
	port = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT)->port;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!daemon_)
		start();
	if (size < 1)
		return 0;
	const char *ct;
	char line[256];
	const uint8_t *body = data + 1;
	size_t blen = size - 1;
	switch (data[0] % 3) {
	case 0: ct = "application/x-www-form-urlencoded"; break;
	case 1: ct = "multipart/form-data; boundary=xb"; break;
	default: {
		const uint8_t *nl = memchr(body, '\n', blen);
		size_t n = nl ? (size_t)(nl - body) : 0;
		if (!nl || n >= sizeof line || memchr(body, '\r', n) || memchr(body, '\0', n))
			return 0;
		memcpy(line, body, n);
		line[n] = '\0';
		ct = line;
		body += n + 1;
		blen -= n + 1;
	}
	}
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
		abort();
	char head[512];
	int hn = snprintf(head, sizeof head,
	                  "POST /f HTTP/1.1\r\nHost: f\r\nConnection: close\r\n"
	                  "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n",
	                  ct, blen);
	if (write(fd, head, (size_t)hn) != hn || (blen && write(fd, body, blen) != (ssize_t)blen)) {
		close(fd);
		return 0;
	}
	char buf[512];
	while (read(fd, buf, sizeof buf) > 0)
		;
	close(fd);
	return 0;
}
