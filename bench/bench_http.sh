#!/bin/sh
# Reads under wrk on loopback, each against nginx serving a static file of
# the same size in the same run (the ceiling): GET /api/v1/units/CODE and
# the public tracking of a dossier, GET /api/v1/track/CODE.
# Tracking is measured twice: one dossier asked again and again (its answer
# is kept in memory after the first time), and dossiers drawn at random
# among all the demo's (tens of thousands, more than the memo holds, so
# that most lookups read the database and build the answer).
# Prints requests/s, p50/p99 latency and the ratio. Goal: >= 0.5 each.
# needs: wrk nginx python3 curl
set -eu
BUILD=${BUILD:-build}
XASO="$BUILD/xaso"
DUR=${DUR:-10s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
tmp=$(mktemp -d)
cleanup() {
	[ -n "${xpid:-}" ] && kill "$xpid" 2>/dev/null || true
	[ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
	sleep 0.2
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

. "$(dirname "$0")/lib.sh"

# A small demo province: units and a year of dossiers to track.
"$XASO" demo --db "$tmp/b.db" --scale 0.1 >/dev/null
code=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select code from dossier where status = 10 order by id desc limit 1').fetchone()[0])" "$tmp/b.db")
python3 -c "import sqlite3,sys; [print(r[0]) for r in sqlite3.connect(sys.argv[1]).execute('select code from dossier')]" "$tmp/b.db" > "$tmp/codes"
xport=$(free_port)
# wrk asks from one address far faster than people: the tracking limit
# (rate_track, web/ratelimit.h) is raised far above the figures measured,
# so that they stay comparable (the limiter's own cost is still paid).
XASO_RATE_TRACK="10000000/s" "$XASO" serve --db "$tmp/b.db" --listen "127.0.0.1:$xport" \
	--quiet >/dev/null 2>&1 &
xpid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$xport/healthz" >/dev/null && break; sleep 0.1; done
nport=$(free_port)
mkdir -p "$tmp/www"
cat > "$tmp/nginx.conf" <<CONF
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  default_type application/json;
  server { listen 127.0.0.1:$nport; root $tmp/www; }
}
CONF
nginx -c "$tmp/nginx.conf" -p "$tmp" 2>/dev/null

measure() { # url [wrk script] -> "rps p50_ms p99_ms"
	CODES="$tmp/codes" wrk -t"$THREADS" -c"$CONNS" -d"$DUR" --latency ${2:+-s "$2"} "$1" > "$tmp/wrk.out"
	wrk_stats "$tmp/wrk.out"
}
# bench PATH NAME [SCRIPT]: xaso's answer at PATH (or the paths SCRIPT
# draws) against the bytes of PATH from nginx.
bench() {
	path=$1 name=$2 script=${3:-}
	curl -sf "http://127.0.0.1:$xport$path" > "$tmp/www/$name"
	size=$(wc -c < "$tmp/www/$name")
	for _ in $(seq 50); do curl -sf "http://127.0.0.1:$nport/$name" >/dev/null && break; sleep 0.1; done
	set -- $(measure "http://127.0.0.1:$xport$path" "$script"); x_rps=$1 x_p50=$2 x_p99=$3
	set -- $(measure "http://127.0.0.1:$nport/$name"); n_rps=$1 n_p50=$2 n_p99=$3
	if [ -n "$script" ]; then
		echo "GET /api/v1/track/CODE, CODE at random among $(wc -l < "$tmp/codes") dossiers ($size bytes for nginx), wrk -t$THREADS -c$CONNS -d$DUR on $(nproc) cores"
	else
		echo "GET $path ($size bytes), wrk -t$THREADS -c$CONNS -d$DUR on $(nproc) cores"
	fi
	printf "  xaso:  %8s req/s  p50 %6s ms  p99 %6s ms\n" "$x_rps" "$x_p50" "$x_p99"
	printf "  nginx: %8s req/s  p50 %6s ms  p99 %6s ms  (static file, same size: the ceiling)\n" "$n_rps" "$n_p50" "$n_p99"
	awk -v x="$x_rps" -v n="$n_rps" 'BEGIN { printf "  ratio xaso/nginx: %.2f (goal >= 0.50)\n", x / n }'
}
bench /api/v1/units/66 unit.json
bench "/api/v1/track/$code" track.json
bench "/api/v1/track/$code" track.json "$(dirname "$0")/track_spread.lua"
