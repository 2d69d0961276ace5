/* cmd_serve.c: `xaso serve` runs the web server on a database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "web/results.h"
#include "web/server.h"
#include "web/snapshots.h"

struct background {
	struct store *s;
	bool quiet;
	struct snap_worker *worker;
};

static void start_snapshots(void *ctx)
{
	struct background *bg = ctx;
	if (!(bg->worker = snap_worker_start(bg->s, bg->quiet)))
		fprintf(stderr, "xaso: background snapshots could not start\n");
}

/* Serves s until a signal; the exit status. */
static int serve(struct store *s, const struct settings *cfg, const struct results_secret *k,
                 int argc, char **argv)
{
	struct xerr e = {0};
	if ((cfg->read_db[0] && store_set_read_db(s, cfg->read_db, &e) != 0) ||
	    store_maintain(s, &e) != 0 || cli_data_dir(s, cfg, &e) != 0)
		return cli_fail(&e);
	int v = store_schema_version(s, &e);
	if (v < store_schema_latest()) {
		fprintf(
		    stderr,
		    "xaso: %s has schema version %d; run `xaso init --db %s` to upgrade it to %d\n",
		    cfg->db, v, cfg->db, store_schema_latest());
		return 1;
	}
	struct server_opts o = {
	    .listen = cfg->listen,
	    .threads = cfg->threads,
	    .max_body = cfg->max_body,
	    .max_connections = cfg->max_connections,
	    .idle_timeout = cfg->idle_timeout,
	    .data_dir = store_blob_dir(s),
	    .quiet = cli_flag(argc, argv, "quiet"),
	    .session_idle = cfg->session_idle,
	    .session_max = cfg->session_max,
	    .https = cfg->https,
	    .public_url = cfg->public_url[0] ? cfg->public_url : NULL,
	    .trusted_proxy = cfg->trusted_proxy[0] ? cfg->trusted_proxy : NULL,
	    .metrics_token = cfg->metrics_token[0] ? cfg->metrics_token : NULL,
	    .secret = k,
	    .hash_workers = cfg->hash_workers,
	    .hash_queue = cfg->hash_queue,
	    .hash_nice = cfg->hash_nice,
	};
	memcpy(o.rate, cfg->rate, sizeof o.rate);
	/* Closed months' snapshots, kept in the background once the server
	 * listens (web/snapshots.h). */
	struct background bg = {s, cli_flag(argc, argv, "quiet"), NULL};
	if (!cli_flag(argc, argv, "no-snapshots")) {
		o.listening = start_snapshots;
		o.listening_ctx = &bg;
	}
	int rc = server_run(s, &o, &e);
	snap_worker_stop(bg.worker);
	if (rc != 0)
		return cli_fail(&e);
	fprintf(stderr, "xaso: stopped cleanly\n");
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf(
		    "usage: xaso serve [--db FILE] [--listen HOST:PORT] [--threads N]\n"
		    "                  [--data DIR] [--max-connections N] [--read-db ADDRESS] "
		    "[--hash-workers N] "
		    "[--quiet] [--no-snapshots]\n"
		    "                  [--key-file FILE | --passphrase-stdin]\n\n"
		    "Serves the pages and the JSON API (/api/v1/...) until SIGINT or SIGTERM,\n"
		    "then finishes the requests in flight and closes the database.\n"
		    "Defaults: database ./xaso.db (XASO_DB), listen 127.0.0.1:8080 (XASO_LISTEN),\n"
		    "one thread per core. Create the database first with: xaso init\n"
		    "Password hashes (sign-in, registration) run on --hash-workers threads (one\n"
		    "per core; hash_workers), with up to hash_queue (64) more waiting; beyond\n"
		    "that a sign-in is answered 503 with Retry-After. They run hash_nice (5;\n"
		    "XASO_HASH_NICE) nice steps below the other threads.\n"
		    "Attachments are kept under --data DIR (XASO_DATA), by default the\n"
		    "database path + \".files\" (./xaso.db.files); back it up with the database.\n"
		    "--read-db (XASO_READ_DB): a streaming replica of a PostgreSQL database, "
		    "where\n"
		    "figures that may be a moment behind (dashboards, the index) are read.\n"
		    "Results are signed with keys kept under the key file (--key-file, "
		    "XASO_KEY_FILE;\n"
		    "default the database path + \".key\", made by xaso init) or, with\n"
		    "--passphrase-stdin, a passphrase read from the first line of standard input.\n"
		    "Monitoring: the snapshots of the 13 months before the current one are made\n"
		    "in the background at start and after each midnight, where missing\n"
		    "(--no-snapshots: not).\n"
		    "Health: GET /healthz   Metrics (Prometheus): GET /metrics (this machine,\n"
		    "or with metrics_token). Rate limits: rate_track, rate_signin, rate_register,\n"
		    "rate_feedback, rate_filing, rate_upload (\"30/h\", \"10/min burst 5\", "
		    "\"off\").\n"
		    "Behind a reverse proxy set trusted_proxy (deploy/nginx/xaso.conf).\n");
		return 0;
	}
	struct settings cfg;
	int rc = settings_load(&cfg, argc, argv);
	if (rc)
		return rc;
	/* The signing keys' secret, read before anything else so that a
	 * passphrase on standard input is not mistaken for anything. */
	struct results_secret *k = cli_secret(&cfg, argc, argv, false, &rc);
	if (!k)
		return rc;
	if (k->guard == CERT_NO_KEY) {
		char buf[600];
		fprintf(
		    stderr,
		    "xaso: no key file %s: results cannot be signed until `xaso init` makes one "
		    "(or give --passphrase-stdin)\n",
		    cli_key_file(&cfg, buf, sizeof buf));
	}
	struct store *s = cli_open_store(cfg.db, 0);
	rc = s ? serve(s, &cfg, k, argc, argv) : 1;
	store_close(s);
	cli_secret_free(k);
	return rc;
}
