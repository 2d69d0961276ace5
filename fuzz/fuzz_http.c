/* libFuzzer harness for everything the server reads of a request: the
 * bytes are one raw HTTP request sent to xaso's own server (server_run(),
 * every route, on a fresh database in a temporary directory), so the
 * request line and path parameters (route matching, web/input.c), the
 * query string, the headers the server reads (web/guard.c: framing,
 * Origin, Sec-Fetch-Site, Content-Type, X-Forwarded-For from a trusted
 * proxy; web/auth.c: the session cookie, Authorization, X-CSRF-Token),
 * the cookies, and the bodies (JSON through web/api_json.c and each
 * route's handler, forms and multipart through web/form.c) are all read
 * as in production. libmicrohttpd is not instrumented; xaso's code is.
 *
 * In the input, @O@ stands for the session token of an officer of commune
 * 22015, @C@ for a citizen's, @K@ for the officer session's CSRF token,
 * @D@ for the code of a dossier the citizen filed at the start, so that
 * the fuzzer reaches the routes behind authorisation and those of a
 * dossier.
 *
 * Property: no request, however malformed, makes the server fail (an
 * answer 500, which only a fault of xaso or of the machine gives) or
 * crash; AddressSanitizer and UBSan watch every read and write. Rate
 * limits are off; the address a client is limited by comes from
 * X-Forwarded-For (127.0.0.1 is the trusted proxy). */
#include <arpa/inet.h>
#include <ftw.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/secret.h"
#include "web/server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *store;
static struct server_opts opts;
static uint16_t port;
static char listen_at[64];
static char officer[TOKEN_LEN], citizen[TOKEN_LEN], csrf[TOKEN_LEN];
static char dossier[32]; /* the code of a dossier the citizen filed */
static char dir[] = "/tmp/xaso-fuzz-http-XXXXXX";

/* At exit: the database and its attachments go (the server thread is
 * still running; its open files vanish with the process). */
static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 ? 0 : -1;
}

static void cleanup(void)
{
	if (nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "fuzz_http: could not remove %s\n", dir);
}

static void die(const char *what)
{
	fprintf(stderr, "fuzz_http: %s\n", what);
	abort();
}

static void *serve(void *arg)
{
	(void)arg;
	struct xerr e = {0};
	if (server_run(store, &opts, &e) != 0)
		fprintf(stderr, "fuzz_http: %s\n", e.msg);
	return NULL;
}

/* An account of `role` and a session for it: its token (and CSRF). */
static void account(const char *login, enum role role, const char *unit, char token[TOKEN_LEN],
                    char *csrf_out)
{
	struct account a;
	struct xerr e = {0};
	struct actor sys;
	actor_system(&sys, "fuzz");
	memset(&a, 0, sizeof a);
	snprintf(a.login, sizeof a.login, "%s", login);
	snprintf(a.full_name, sizeof a.full_name, "Nguyễn Văn An");
	snprintf(a.unit, sizeof a.unit, "%s", unit);
	a.role = role;
	if (password_hash("Fuzz mật khẩu 2026", a.password_hash, &e) != 0 ||
	    store_account_add(store, &sys, &a, &e) != 0)
		die(e.msg);
	char hash[TOKEN_HASH_LEN], c[TOKEN_LEN];
	token_new(token);
	token_new(c);
	token_hash(token, hash);
	int64_t now = (int64_t)time(NULL);
	if (store_session_create(store, a.id, hash, c, now, now + 86400 * 365, &e) != 0)
		die(e.msg);
	if (csrf_out)
		memcpy(csrf_out, c, TOKEN_LEN);
}

/* The status of the first answer, or 0 when there was none; its first
 * cap - 1 bytes in answer (NUL-terminated). */
static int exchange(const char *req, size_t len, char *answer, size_t cap)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
		die("connect");
	size_t at = 0;
	while (at < len) {
		ssize_t w = send(fd, req + at, len - at, MSG_NOSIGNAL);
		if (w <= 0)
			break;
		at += (size_t)w;
	}
	shutdown(fd, SHUT_WR); /* the request ends here */
	size_t got = 0;
	struct pollfd p = {fd, POLLIN, 0};
	char sink[4096];
	while (poll(&p, 1, 10000) > 0) {
		ssize_t r = recv(fd, sink, sizeof sink, 0);
		if (r <= 0)
			break;
		for (ssize_t k = 0; k < r && got + 1 < cap; k++)
			answer[got++] = sink[k];
	}
	close(fd);
	answer[got] = '\0';
	if (got < 12 || memcmp(answer, "HTTP/1.", 7))
		return 0;
	return (answer[9] - '0') * 100 + (answer[10] - '0') * 10 + (answer[11] - '0');
}

/* Files a dossier as the citizen: its code stands for @D@. */
static void file_dossier(void)
{
	static const char body[] =
	    "{\"unit\":\"22015\",\"procedure\":\"1.001193\",\"applicant\":{\"name\":"
	    "\"Nguyễn Văn An\",\"pid\":\"066090000123\",\"phone\":\"0912345678\"},"
	    "\"form\":{\"requester_full_name\":\"Nguyễn Văn An\",\"requester_pid\":"
	    "\"066090000123\",\"requester_relationship\":\"cha\",\"child_full_name\":"
	    "\"Nguyễn Văn Bình\",\"child_sex\":\"nam\",\"child_birth_date\":\"2026-04-20\","
	    "\"child_birth_place\":\"Bệnh viện tỉnh Đắk Lắk\",\"child_hometown\":\"Đắk Lắk\","
	    "\"child_ethnicity\":\"Kinh\",\"child_nationality\":\"Việt Nam\"}}";
	char req[2048], answer[4096];
	int n =
	    snprintf(req, sizeof req,
	             "POST /api/v1/dossiers HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
	             "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
	             "Content-Length: %zu\r\n\r\n%s",
	             citizen, strlen(body), body);
	if (exchange(req, (size_t)n, answer, sizeof answer) != 201)
		die(answer);
	const char *c = strstr(answer, "\"code\":\"");
	if (!c || sscanf(c + 8, "%31[^\"]", dossier) != 1)
		die(answer);
}

static void start(void)
{
	if (!mkdtemp(dir))
		die("mkdtemp");
	atexit(cleanup);
	char db[128];
	snprintf(db, sizeof db, "%s/f.db", dir);
	char *argv[] = {"init", "--db", db, NULL};
	int saved = dup(1);
	dup2(2, 1); /* init's report is not the fuzzer's output */
	if (cmd_init(3, argv) != 0)
		die("xaso init");
	dup2(saved, 1);
	close(saved);
	struct xerr e = {0};
	if (store_open(db, 0, &store, &e) != 0 || secret_init(&e) != 0)
		die(e.msg);
	account("can.bo.fuzz", ROLE_OFFICER, "22015", officer, csrf);
	account("0912345678", ROLE_CITIZEN, "", citizen, NULL);

	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t sl = sizeof sa;
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &sl) != 0)
		die("no free port");
	port = ntohs(sa.sin_port);
	close(fd);
	snprintf(listen_at, sizeof listen_at, "127.0.0.1:%u", (unsigned)port);
	opts.listen = listen_at;
	opts.threads = 2;
	opts.max_body = 1024 * 1024;
	opts.max_connections = 64;
	opts.idle_timeout = 1; /* an incomplete request costs a second at most */
	opts.quiet = true;
	opts.trusted_proxy = "127.0.0.1";
	opts.hash_workers = 1;
	opts.hash_queue = 8;
	for (int i = 0; i < RL_CLASSES; i++)
		opts.rate[i] = (struct rl_rule){0};
	pthread_t t;
	if (pthread_create(&t, NULL, serve, NULL) != 0)
		die("thread");
	pthread_detach(t);
	for (int i = 0; i < 500; i++) { /* until it listens */
		fd = socket(AF_INET, SOCK_STREAM, 0);
		sa.sin_port = htons(port);
		int ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
		close(fd);
		if (ok) {
			file_dossier();
			return;
		}
		usleep(10000);
	}
	die("the server did not start");
}

/* The request with its placeholders replaced, and "Connection: close"
 * after the request line (so an answered request ends the connection). */
static size_t build(const uint8_t *data, size_t size, char *out, size_t cap)
{
	size_t n = 0;
	bool closed = false;
	for (size_t i = 0; i < size && n + TOKEN_LEN + 24 < cap; i++) {
		const char *t = NULL;
		if (i + 3 <= size && data[i] == '@' && data[i + 2] == '@')
			t = data[i + 1] == 'O'   ? officer
			    : data[i + 1] == 'C' ? citizen
			    : data[i + 1] == 'K' ? csrf
			    : data[i + 1] == 'D' ? dossier
			                         : NULL;
		if (t) {
			size_t l = strlen(t);
			memcpy(out + n, t, l);
			n += l;
			i += 2;
			continue;
		}
		out[n++] = (char)data[i];
		if (!closed && data[i] == '\n') {
			memcpy(out + n, "Connection: close\r\n", 19);
			n += 19;
			closed = true;
		}
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!store)
		start();
	static char req[1 << 20];
	if (size > (1 << 19))
		return 0;
	size_t n = build(data, size, req, sizeof req);
	static char answer[1024];
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int status = exchange(req, n, answer, sizeof answer);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* FUZZ_HTTP_SHOW=1: each request's first line and the start of its
	 * answer, to see which routes a corpus reaches. */
	static const char *show = NULL;
	if (!show)
		show = getenv("FUZZ_HTTP_SHOW") ? "1" : "";
	if (*show)
		fprintf(stderr, "%.*s\n  -> (%.0f ms) %s\n", (int)strcspn(req, "\r\n"), req,
		        (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		            (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
		        answer);
	if (status == 500) {
		fprintf(stderr, "fuzz_http: answered 500 to:\n%.*s\n", (int)n, req);
		__builtin_trap();
	}
	return 0;
}
