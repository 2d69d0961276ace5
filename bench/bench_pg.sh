#!/bin/sh
# Durable filing and public tracking on PostgreSQL with one server and with
# three behind nginx, beside SQLite in the same run, and beside the ceiling:
# the same rows put straight into PostgreSQL with COPY (bench_pg_copy).
# PostgreSQL 15 runs in a temporary directory with its own defaults (fsync
# on; xaso asks synchronous_commit on), on loopback like everything else.
#
# Filing: 64 clients (wrk) POST /api/v1/dossiers as a signed-in citizen;
# every 201 is acknowledged only after its batch's commit is durable.
# Tracking: GET /api/v1/track/CODE, CODE at random among the dossiers just
# filed. Also prints what a filed dossier takes on disk (its row, its filing
# event and its audit entry, indexes included), for docs/SCALE.md.
# needs: wrk nginx python3 curl psql
set -eu
BUILD=${BUILD:-build}
XASO="$BUILD/xaso"
DUR=${DUR:-10s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
chmod 755 "$tmp"
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	[ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
	python3 "$src/tests/integration/pgcluster.py" stop "$tmp/pg.json" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

. "$src/bench/lib.sh"
python3 "$src/tests/integration/pgcluster.py" start "$tmp/pg.json" durable >/dev/null
pgport=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['port'])" "$tmp/pg.json")
pg() { echo "postgres://postgres@127.0.0.1:$pgport/$1"; }
pw="Bench-mat-khau-2026"

# prepare DB: a new database with the citizen who files.
prepare() {
	"$XASO" init --db "$1" >/dev/null
	printf '%s\n' "$pw" | "$XASO" user add --db "$1" --role citizen --login 0912345678 \
		--name "Nguyễn Văn An" --password-stdin >/dev/null
}

# serve DB DATA PORT: a server in the background, without the per-client
# rate limits (wrk is one client asking thousands of times a second).
serve() {
	XASO_RATE_FILING=off XASO_RATE_TRACK=off XASO_RATE_SIGNIN=off "$XASO" serve --db "$1" --data "$2" --listen "127.0.0.1:$3" --threads "$CONNS" --quiet \
		>/dev/null 2>&1 &
	pids="$pids $!"
	for _ in $(seq 100); do curl -sf "http://127.0.0.1:$3/healthz" >/dev/null && return; sleep 0.1; done
}

# filing BASE_URL NAME: wrk POSTs; prints a line, keeps rps in $tmp/NAME.rps.
filing() {
	filing_lua "$(bench_token "$1" 0912345678 "$pw")" "$tmp/post.lua"
	wrk -t"$THREADS" -c"$CONNS" -d"$DUR" --latency -s "$tmp/post.lua" "$1/api/v1/dossiers" > "$tmp/wrk.out"
	set -- $(wrk_stats "$tmp/wrk.out") "$2"
	printf "  %-34s %7s dossiers/s  p50 %7s ms  p99 %7s ms  (%s requests, %s not 201)\n" \
		"$6" "$1" "$2" "$3" "$4" "$5"
	echo "$1" > "$tmp/$6.rps"
}

# tracking BASE_URL NAME CODES_FILE
tracking() {
	CODES="$3" wrk -t"$THREADS" -c"$CONNS" -d"$DUR" --latency -s "$src/bench/track_spread.lua" \
		"$1" > "$tmp/wrk.out"
	set -- $(wrk_stats "$tmp/wrk.out") "$2" "$(wc -l < "$3")"
	printf "  %-34s %7s req/s       p50 %7s ms  p99 %7s ms  (among %s dossiers)\n" \
		"$6" "$1" "$2" "$3" "$7"
}

pg_codes() { psql -X -q -A -t -d "$1" -c "SELECT code FROM dossier" > "$2"; }
pg_size() { # the dossier, event and audit relations (partitions, indexes, TOAST), in bytes
	psql -X -q -A -t -d "$1" -c "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
		WHERE c.relkind = 'r' AND (c.relname = 'dossier_event' OR c.relname ~ '^(dossier|audit)_(y[0-9]+|default)$')"
}
pg_count() { psql -X -q -A -t -d "$1" -c "SELECT count(*) FROM dossier"; }
pg_rows() { # bytes per row of each table (partitions summed; indexes and TOAST included)
	psql -X -q -A -t -F ' ' -d "$1" -c "SELECT t, sum(pg_total_relation_size(c.oid)), max(n) FROM (VALUES
		('dossier', '^dossier_(y[0-9]+|default)\$', (SELECT count(*) FROM dossier)),
		('dossier_event', '^dossier_event\$', (SELECT count(*) FROM dossier_event)),
		('audit', '^audit_(y[0-9]+|default)\$', (SELECT count(*) FROM audit))) v(t, re, n)
		JOIN pg_class c ON c.relkind = 'r' AND c.relname ~ v.re GROUP BY t ORDER BY t"
}
lite() { python3 -c "import sqlite3,sys; [print(*r) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])]" "$@"; }
lite_size() {
	lite "$1" "SELECT sum(pgsize) FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name IN ('dossier', 'dossier_event', 'audit'))"
}

echo "Durable filing, POST /api/v1/dossiers, wrk -t$THREADS -c$CONNS -d$DUR on $(nproc) cores (PostgreSQL 15, fsync on)"

# SQLite, one server.
prepare "$tmp/l.db"
lsize0=$(lite_size "$tmp/l.db")
port=$(free_port)
serve "$tmp/l.db" "$tmp/l.files" "$port"
filing "http://127.0.0.1:$port" "SQLite, one server"
lite "$tmp/l.db" "SELECT code FROM dossier" > "$tmp/l.codes"
lite_url="http://127.0.0.1:$port"

# PostgreSQL, one server.
prepare "$(pg one)"
psize0=$(pg_size "$(pg one)")
port=$(free_port)
serve "$(pg one)" "$tmp/pg.files" "$port"
filing "http://127.0.0.1:$port" "PostgreSQL, one server"
pg_codes "$(pg one)" "$tmp/p1.codes"
psize1=$(pg_size "$(pg one)")
pn=$(pg_count "$(pg one)")
one_url="http://127.0.0.1:$port"

# PostgreSQL, three servers behind nginx: the upstream of
# deploy/nginx/upstream-three.conf, without the shipped site's limits per
# client address (wrk is one address).
prepare "$(pg three)"
ports=""
for _ in 1 2 3; do
	port=$(free_port)
	serve "$(pg three)" "$tmp/pg3.files" "$port"
	ports="$ports $port"
done
nport=$(free_port)
{
	echo "worker_processes 2; pid $tmp/nginx.pid; error_log $tmp/nginx-error.log;"
	echo "events { worker_connections 4096; }"
	echo "http { access_log off; upstream xaso { keepalive 64;"
	for p in $ports; do echo "server 127.0.0.1:$p;"; done
	echo "} server { listen 127.0.0.1:$nport; location / { proxy_pass http://xaso;"
	echo "proxy_http_version 1.1; proxy_set_header Connection \"\"; } } }"
} > "$tmp/nginx.conf"
nginx -c "$tmp/nginx.conf" -p "$tmp" 2>/dev/null
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$nport/healthz" >/dev/null && break; sleep 0.1; done
filing "http://127.0.0.1:$nport" "PostgreSQL, three servers + nginx"
pg_codes "$(pg three)" "$tmp/p3.codes"
three_url="http://127.0.0.1:$nport"

# The ceiling: the same rows with COPY into a database of their own.
prepare "$(pg ceiling)"
ceil=$("$BUILD/bench_pg_copy" "$(pg ceiling)" 20000 512 | tee "$tmp/ceil.out" | sed -n 's/^CEILING //p')
grep -v '^CEILING' "$tmp/ceil.out"
for name in "PostgreSQL, one server" "PostgreSQL, three servers + nginx"; do
	awk -v x="$(cat "$tmp/$name.rps")" -v c="$ceil" -v n="$name" \
		'BEGIN { printf "  ratio %s / COPY ceiling: %.2f\n", n, x / c }'
done

echo
echo "Public tracking, GET /api/v1/track/CODE (CODE at random), wrk -t$THREADS -c$CONNS -d$DUR"
tracking "$lite_url" "SQLite, one server" "$tmp/l.codes"
tracking "$one_url" "PostgreSQL, one server" "$tmp/p1.codes"
tracking "$three_url" "PostgreSQL, three servers + nginx" "$tmp/p3.codes"

echo
ln=$(lite "$tmp/l.db" "SELECT count(*) FROM dossier")
lsize1=$(lite_size "$tmp/l.db")
echo "On disk, per filed dossier (its row, its filing event and audit entry, with indexes):"
awk -v a="$lsize0" -v b="$lsize1" -v n="$ln" 'BEGIN { printf "  SQLite:     %6.0f bytes (%d dossiers)\n", (b - a) / n, n }'
awk -v a="$psize0" -v b="$psize1" -v n="$pn" 'BEGIN { printf "  PostgreSQL: %6.0f bytes (%d dossiers)\n", (b - a) / n, n }'
echo "Per row, PostgreSQL (the one-server database: table, bytes, rows, bytes per row):"
pg_rows "$(pg one)" | awk '{ printf "  %-14s %10d bytes %8d rows %6.0f bytes/row\n", $1, $2, $3, $2 / $3 }'
