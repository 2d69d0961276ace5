/*
 * cli.h: the command-line edge. Each subcommand is a function
 * `int cmd_NAME(int argc, char **argv)` (argv[0] is the subcommand's name)
 * returning the process exit status: 0 success, 1 failure of the operation,
 * 2 bad usage or bad input. Messages go to stderr and say what is wrong and
 * where (file:line:column for input files).
 *
 * Settings come from flags, then the environment (XASO_DB, XASO_LISTEN,
 * XASO_DATA, XASO_READ_DB),
 * then a config file (--config FILE, XASO_CONFIG, or ./xaso.conf if it
 * exists; lines `key = value`, # comments), then defaults.
 */
#ifndef XASO_CLI_CLI_H
#define XASO_CLI_CLI_H

#include <stdbool.h>

#include "core/xerr.h"
#include "store/store.h"
#include "web/ratelimit.h"

struct settings {
	char db[512];
	char read_db[512]; /* a replica for figures that may be slightly stale; "": none */
	char listen[128];
	char data_dir[512]; /* attachments; "": the store's default (cli_data_dir) */
	int threads;        /* 0: one per core */
	long max_body;      /* bytes */
	int max_connections;
	int idle_timeout;        /* seconds */
	int session_idle;        /* seconds a session lives without use */
	int session_max;         /* seconds a session lives at most */
	bool https;              /* served over TLS (directly or by a proxy): Secure cookies */
	char public_url[256];    /* the site's address for printed QR codes; "" : from Host */
	char trusted_proxy[256]; /* proxies whose X-Forwarded-For is believed ("": none) */
	char metrics_token[128]; /* bearer token for /metrics from elsewhere than loopback */
	struct rl_rule rate[RL_CLASSES]; /* rate_track, rate_signin, ... (web/ratelimit.h) */
	int hash_workers;                /* password hashes at once; 0: one per core */
	int hash_queue;                  /* sign-ins waiting beyond them before 503 */
	int hash_nice;                   /* their nice steps below the server's (5) */
	char key_file[512]; /* the secret of the signing keys; "": cli_key_file()'s default */
};

/* Fills s from the sources above. argv options consumed: --db, --listen,
 * --config, --threads, --data (or --data-dir). Unknown options are left for
 * the caller.
 * Returns 0, or 2 after printing an error. */
int settings_load(struct settings *s, int argc, char **argv);

/* Sets the store's attachment directory from the settings (--data), or
 * keeps the store's default (the database path + ".files"). */
int cli_data_dir(struct store *st, const struct settings *s, struct xerr *e);

/* The key file of the signing keys: the setting key_file (--key-file,
 * XASO_KEY_FILE), else the database path + ".key" (./xaso.db.key), else
 * (a server address) ./xaso.key. */
const char *cli_key_file(const struct settings *s, char *buf, size_t cap);

/* The secret that opens the signing keys (web/results.h): with
 * --passphrase-stdin, the first line of standard input; otherwise the key
 * file, created with mode 0600 when missing and create is set (without
 * it, a missing key file gives a secret of guard CERT_NO_KEY). NULL after
 * printing what is wrong, *status then the exit status. Freed (and wiped)
 * by cli_secret_free(). */
struct results_secret;
struct results_secret *cli_secret(const struct settings *s, int argc, char **argv, bool create,
                                  int *status);
void cli_secret_free(struct results_secret *k);

/* Opens the store with the given flags, printing any error; NULL on error. */
struct store *cli_open_store(const char *path, int flags);

/* Prints "xaso: <msg>" for e to stderr and returns the exit status for it
 * (2 for bad input, 1 otherwise). */
int cli_fail(const struct xerr *e);
/* Prints "xaso: <what><arg> (see xaso <command> --help)" (arg may be NULL)
 * and returns 2, the exit status of bad usage. */
int cli_usage_error(const char *command, const char *what, const char *arg);

/* Finds "--name VALUE" or "--name=VALUE" in argv; NULL if absent. */
const char *cli_opt(int argc, char **argv, const char *name);
/* True when "--name" is present. */
bool cli_flag(int argc, char **argv, const char *name);
/* True when -h or --help is present. */
bool cli_wants_help(int argc, char **argv);
/* A date (YYYY-MM-DD: its first minute) or a time (YYYY-MM-DDTHH:MM), in
 * Vietnam's time, as unix seconds; XERR_INVALID naming field otherwise. */
int cli_parse_when(const char *v, const char *field, int64_t *unix_seconds, struct xerr *e);

/* Reads a whole file into malloc'ed memory (NUL-terminated); NULL and an
 * error message on failure. */
char *cli_read_file(const char *path, size_t *len, struct xerr *e);

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_files(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_indicators(int argc, char **argv);
int cmd_certs(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_index766(int argc, char **argv);

/* Loads the reference data compiled into the binary (provinces, communes)
 * into a freshly migrated store; does nothing if already loaded. */
int cli_seed_reference(struct store *s, struct xerr *e);

#endif
