/* settings.c: flags, environment and config file, in that order of weight. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "web/results.h"

#include <sodium.h>

const char *cli_opt(int argc, char **argv, const char *name)
{
	size_t n = strlen(name);
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) || strncmp(argv[i] + 2, name, n))
			continue;
		if (argv[i][2 + n] == '=')
			return argv[i] + 3 + n;
		if (argv[i][2 + n] == '\0' && i + 1 < argc)
			return argv[i + 1];
	}
	return NULL;
}

bool cli_flag(int argc, char **argv, const char *name)
{
	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "--", 2) && !strcmp(argv[i] + 2, name))
			return true;
	return false;
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	return false;
}

static void set_str(char *dst, size_t cap, const char *v)
{
	snprintf(dst, cap, "%s", v);
}

/* "10.0.0.1, ::1": each address checked and written in canonical form. */
static int set_proxies(struct settings *s, const char *val)
{
	struct buf b;
	buf_init(&b);
	int rc = 0;
	for (const char *p = val; *p && rc == 0;) {
		p += strspn(p, ", \t");
		size_t l = strcspn(p, ", \t");
		char one[64], canon[64];
		unsigned char a[16];
		if (!l)
			break;
		if (l >= sizeof one) {
			rc = -1;
			break;
		}
		memcpy(one, p, l);
		one[l] = '\0';
		p += l;
		if (inet_pton(AF_INET, one, a) == 1)
			inet_ntop(AF_INET, a, canon, sizeof canon);
		else if (inet_pton(AF_INET6, one, a) == 1)
			inet_ntop(AF_INET6, a, canon, sizeof canon);
		else
			rc = -1;
		if (rc == 0)
			buf_printf(&b, "%s%s", b.len ? "," : "", canon);
	}
	if (rc == 0 && b.len < sizeof s->trusted_proxy)
		set_str(s->trusted_proxy, sizeof s->trusted_proxy, b.len ? b.data : "");
	else
		rc = -1;
	buf_free(&b);
	return rc;
}

/* rate_track, rate_signin, ...: a limit of web/ratelimit.h. */
static int set_rate(struct settings *s, const char *key, const char *val)
{
	for (int c = RL_NONE + 1; c < RL_CLASSES; c++)
		if (!strcmp(key + 5, rl_class_name((enum rl_class)c)))
			return rl_rule_parse(val, &s->rate[c]);
	return -1;
}

/* Applies one key/value; returns -1 for an unknown key or bad number. */
static int settings_apply(struct settings *s, const char *key, const char *val)
{
	char *end;
	if (!strncmp(key, "rate_", 5))
		return set_rate(s, key, val);
	if (!strcmp(key, "trusted_proxy"))
		return set_proxies(s, val);
	if (!strcmp(key, "metrics_token")) {
		/* Long enough not to be guessed; no spaces (a header value). */
		if (strlen(val) < 20 || strlen(val) >= sizeof s->metrics_token ||
		    strpbrk(val, " \t"))
			return -1;
		set_str(s->metrics_token, sizeof s->metrics_token, val);
		return 0;
	}
	if (!strcmp(key, "db"))
		set_str(s->db, sizeof s->db, val);
	else if (!strcmp(key, "read_db"))
		set_str(s->read_db, sizeof s->read_db, val);
	else if (!strcmp(key, "listen"))
		set_str(s->listen, sizeof s->listen, val);
	else if (!strcmp(key, "data") || !strcmp(key, "data_dir"))
		set_str(s->data_dir, sizeof s->data_dir, val);
	else if (!strcmp(key, "threads")) {
		s->threads = (int)strtol(val, &end, 10);
		if (*end || s->threads < 0 || s->threads > 256)
			return -1;
	} else if (!strcmp(key, "max_body")) {
		s->max_body = strtol(val, &end, 10);
		if (*end || s->max_body < 1024)
			return -1;
	} else if (!strcmp(key, "max_connections")) {
		s->max_connections = (int)strtol(val, &end, 10);
		if (*end || s->max_connections < 1)
			return -1;
	} else if (!strcmp(key, "session_idle")) {
		s->session_idle = (int)strtol(val, &end, 10);
		if (*end || s->session_idle < 1)
			return -1;
	} else if (!strcmp(key, "session_max")) {
		s->session_max = (int)strtol(val, &end, 10);
		if (*end || s->session_max < 1)
			return -1;
	} else if (!strcmp(key, "public_url")) {
		if (strncmp(val, "http://", 7) && strncmp(val, "https://", 8))
			return -1;
		if (strpbrk(val, "\"<> ") || strlen(val) >= sizeof s->public_url)
			return -1;
		set_str(s->public_url, sizeof s->public_url, val);
		size_t n = strlen(s->public_url);
		while (n > 0 && s->public_url[n - 1] == '/')
			s->public_url[--n] = 0;
	} else if (!strcmp(key, "https")) {
		if (!strcmp(val, "true") || !strcmp(val, "1"))
			s->https = true;
		else if (!strcmp(val, "false") || !strcmp(val, "0"))
			s->https = false;
		else
			return -1;
	} else if (!strcmp(key, "key_file")) {
		if (!*val || strlen(val) >= sizeof s->key_file)
			return -1;
		set_str(s->key_file, sizeof s->key_file, val);
	} else if (!strcmp(key, "idle_timeout")) {
		s->idle_timeout = (int)strtol(val, &end, 10);
		if (*end || s->idle_timeout < 1)
			return -1;
	} else if (!strcmp(key, "hash_workers")) {
		s->hash_workers = (int)strtol(val, &end, 10);
		if (*end || s->hash_workers < 0 || s->hash_workers > 256)
			return -1;
	} else if (!strcmp(key, "hash_nice")) {
		s->hash_nice = (int)strtol(val, &end, 10);
		if (*end || s->hash_nice < 0 || s->hash_nice > 19)
			return -1;
	} else if (!strcmp(key, "hash_queue")) {
		s->hash_queue = (int)strtol(val, &end, 10);
		if (*end || s->hash_queue < 0 || s->hash_queue > 100000)
			return -1;
	} else
		return -1;
	return 0;
}

static char *trim(char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	char *e = p + strlen(p);
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return p;
}

static int settings_file(struct settings *s, const char *path, bool must_exist)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (!must_exist)
			return 0;
		fprintf(stderr, "xaso: cannot read config file %s\n", path);
		return 2;
	}
	char line[1024];
	int n = 0;
	while (fgets(line, sizeof line, f)) {
		n++;
		char *p = trim(line);
		if (!*p || *p == '#')
			continue;
		char *eq = strchr(p, '=');
		if (!eq) {
			fprintf(stderr, "xaso: %s:%d:1: expected key = value\n", path, n);
			fclose(f);
			return 2;
		}
		*eq = '\0';
		char *key = trim(p), *val = trim(eq + 1);
		if (settings_apply(s, key, val) != 0) {
			fprintf(stderr, "xaso: %s:%d:1: unknown setting or bad value for \"%s\"\n",
			        path, n, key);
			fclose(f);
			return 2;
		}
	}
	fclose(f);
	return 0;
}

int settings_load(struct settings *s, int argc, char **argv)
{
	memset(s, 0, sizeof *s);
	set_str(s->db, sizeof s->db, "xaso.db");
	set_str(s->listen, sizeof s->listen, "127.0.0.1:8080");
	s->max_body = 12L * 1024 * 1024;
	s->max_connections = 1024;
	s->idle_timeout = 30;
	s->session_idle = 30 * 60;
	s->session_max = 12 * 60 * 60;
	s->hash_queue = 64;
	s->hash_nice = 5;
	memcpy(s->rate, rl_defaults, sizeof s->rate);

	const char *cfg = cli_opt(argc, argv, "config");
	bool must = cfg != NULL;
	if (!cfg)
		cfg = getenv("XASO_CONFIG"), must = cfg != NULL;
	if (!cfg)
		cfg = "xaso.conf";
	int rc = settings_file(s, cfg, must);
	if (rc)
		return rc;

	const char *v;
	if ((v = getenv("XASO_DB")) && *v)
		set_str(s->db, sizeof s->db, v);
	if ((v = getenv("XASO_LISTEN")) && *v)
		set_str(s->listen, sizeof s->listen, v);
	if ((v = getenv("XASO_DATA")) && *v)
		set_str(s->data_dir, sizeof s->data_dir, v);
	static const char *const env_keys[][2] = {{"XASO_READ_DB", "read_db"},
	                                          {"XASO_SESSION_IDLE", "session_idle"},
	                                          {"XASO_SESSION_MAX", "session_max"},
	                                          {"XASO_HTTPS", "https"},
	                                          {"XASO_PUBLIC_URL", "public_url"},
	                                          {"XASO_TRUSTED_PROXY", "trusted_proxy"},
	                                          {"XASO_METRICS_TOKEN", "metrics_token"},
	                                          {"XASO_HASH_WORKERS", "hash_workers"},
	                                          {"XASO_HASH_QUEUE", "hash_queue"},
	                                          {"XASO_HASH_NICE", "hash_nice"},
	                                          {"XASO_RATE_TRACK", "rate_track"},
	                                          {"XASO_RATE_SIGNIN", "rate_signin"},
	                                          {"XASO_RATE_REGISTER", "rate_register"},
	                                          {"XASO_RATE_FEEDBACK", "rate_feedback"},
	                                          {"XASO_RATE_FILING", "rate_filing"},
	                                          {"XASO_RATE_UPLOAD", "rate_upload"},
	                                          {"XASO_KEY_FILE", "key_file"}};
	for (size_t i = 0; i < sizeof env_keys / sizeof env_keys[0]; i++)
		if ((v = getenv(env_keys[i][0])) && *v &&
		    settings_apply(s, env_keys[i][1], v) != 0) {
			fprintf(stderr, "xaso: bad value for %s: %s\n", env_keys[i][0], v);
			return 2;
		}

	static const char *const keys[] = {"db",       "listen",          "threads",    "data",
	                                   "data-dir", "max-connections", "public-url", "read-db",
	                                   "key-file", "hash-workers",    NULL};
	for (int i = 0; keys[i]; i++) {
		if (!(v = cli_opt(argc, argv, keys[i])))
			continue;
		char key[32];
		set_str(key, sizeof key, keys[i]);
		for (char *p = key; *p; p++)
			if (*p == '-')
				*p = '_';
		if (settings_apply(s, key, v) != 0) {
			fprintf(stderr, "xaso: bad value for --%s: %s\n", keys[i], v);
			return 2;
		}
	}
	return 0;
}

int cli_data_dir(struct store *st, const struct settings *s, struct xerr *e)
{
	/* Without --data the store's own default holds: attachments beside
	 * the database file they belong to (./xaso.db.files), so one database
	 * never picks up another's files. */
	if (s->data_dir[0] && store_set_blob_dir(st, s->data_dir, e) != 0)
		return e->code;
	if (!store_blob_dir(st))
		return xerr_set(e, XERR_INVALID, "data",
		                "this database has no place for attachments: give --data DIR");
	return 0;
}

struct store *cli_open_store(const char *path, int flags)
{
	struct store *st = NULL;
	struct xerr e = {0};
	if (store_open(path, flags, &st, &e) != 0) {
		fprintf(stderr, "xaso: %s\n", e.msg);
		return NULL;
	}
	return st;
}

int cli_fail(const struct xerr *e)
{
	fprintf(stderr, "xaso: %s\n", e->msg);
	return e->code == XERR_INVALID || e->code == XERR_NOTFOUND || e->code == XERR_CONFLICT ? 2
	                                                                                       : 1;
}

int cli_usage_error(const char *command, const char *what, const char *arg)
{
	fprintf(stderr, "xaso: %s%s (see xaso %s --help)\n", what, arg ? arg : "", command);
	return 2;
}

char *cli_read_file(const char *path, size_t *len, struct xerr *e)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		xerr_set(e, XERR_NOTFOUND, "file", "cannot read %s", path);
		return NULL;
	}
	struct buf b;
	buf_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	bool err = ferror(f);
	fclose(f);
	if (err) {
		buf_free(&b);
		xerr_set(e, XERR_IO, "file", "error reading %s", path);
		return NULL;
	}
	return buf_take(&b, len);
}

const char *cli_key_file(const struct settings *s, char *buf, size_t cap)
{
	if (s->key_file[0])
		return s->key_file;
	const char *db = s->db;
	if (!strncmp(db, "sqlite:", 7))
		db += 7;
	if (strstr(db, "://"))
		snprintf(buf, cap, "xaso.key");
	else
		snprintf(buf, cap, "%s.key", db);
	return buf;
}

static int secret_read(const struct settings *s, int argc, char **argv, bool create,
                       struct results_secret *out)
{
	struct xerr e = {0};
	if (cli_flag(argc, argv, "passphrase-stdin")) {
		char line[SIGN_PASS_MAX + 2];
		if (!fgets(line, sizeof line, stdin)) {
			fprintf(stderr,
			        "xaso: --passphrase-stdin: no passphrase on standard input\n");
			return 2;
		}
		int rc = results_secret_passphrase(line, out, &e);
		sodium_memzero(line, sizeof line);
		return rc ? cli_fail(&e) : 0;
	}
	char buf[600];
	const char *path = cli_key_file(s, buf, sizeof buf);
	return results_secret_keyfile(path, create, out, &e) ? cli_fail(&e) : 0;
}

struct results_secret *cli_secret(const struct settings *s, int argc, char **argv, bool create,
                                  int *status)
{
	struct results_secret *k = calloc(1, sizeof *k);
	*status = k ? secret_read(s, argc, argv, create, k) : 1;
	if (*status) {
		cli_secret_free(k);
		return NULL;
	}
	return k;
}

void cli_secret_free(struct results_secret *k)
{
	if (k)
		results_secret_clear(k);
	free(k);
}

int cli_parse_when(const char *v, const char *field, int64_t *unix_seconds, struct xerr *e)
{
	int64_t t;
	int32_t day;
	if (strlen(v) == 10 && cal_parse_date(v, field, &day, e) == 0)
		t = cal_time(day, 0);
	else if (cal_parse_time(v, field, &t, e) != 0)
		return e->code;
	*unix_seconds = dossier_unix_seconds(t);
	return 0;
}
