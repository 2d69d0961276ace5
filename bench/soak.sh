#!/bin/sh
# Soak: a commune's mixed load (tracking by code and its page, procedure
# pages, the home page, online filing, sign-ins: bench/soak.lua) against
# one server for SOAK_TIME seconds (default 600) at half of the capacity
# measured in the same run, then a verdict:
#   - capacity: the same mix as fast as the server answers, PROBE_TIME
#     seconds (default 10); the soak's pace is then set by a calibration
#     run (CALIBRATE_TIME, default 10 s) so that it reaches half of it;
#   - resident memory (VmRSS) of the server at the start of the soak (after
#     the probe, so caches are warm), every 30 s, at the end, and its peak;
#   - error answers (anything but 2xx/3xx) and socket errors (wrk's
#     timeout: 10 s), p50 and p99 as the clients saw them, and per route
#     the time spent inside the server (from its request log).
# Fails (exit 1) on any error answer or socket error, or when the
# server's memory at the end exceeds its memory at the start by more than
# GROWTH_MAX_MB (default 16 MiB): memory must stay flat under a steady
# load. The server runs as `xaso serve` starts by default (one thread per
# core), on a fresh database. Not a ctest test: `make soak` runs it after
# the crash test's 100 rounds.
# needs: wrk python3
set -eu
BUILD=${BUILD:-build}
XASO="$BUILD/xaso"
SOAK_TIME=${SOAK_TIME:-600}
PROBE_TIME=${PROBE_TIME:-10}
CALIBRATE_TIME=${CALIBRATE_TIME:-10}
GROWTH_MAX_MB=${GROWTH_MAX_MB:-16}
CONNS=${CONNS:-32}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
cleanup() {
	[ -n "${spid:-}" ] && kill "$spid" 2>/dev/null || true
	if [ -n "${xpid:-}" ]; then kill "$xpid" 2>/dev/null && wait "$xpid" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

py() { python3 -c "$@"; }
port=$(py 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
login=0912345678
pw="Soak-mat-khau-2026"

"$XASO" init --db "$tmp/s.db" >/dev/null
printf '%s\n' "$pw" | "$XASO" user add --db "$tmp/s.db" --role citizen --login "$login" \
	--name "Nguyễn Văn An" --password-stdin >/dev/null
# The server's log (a line per request with its route, status and time)
# gives the time spent inside the server per route; SOAK_LOG=FILE keeps it.
log=${SOAK_LOG:-$tmp/serve.log}
# wrk is many citizens behind one address: per-address rate limits, in a
# server that has them (XASO_RATE_*), are off.
for limit in TRACK SIGNIN REGISTER FEEDBACK FILING UPLOAD; do export "XASO_RATE_$limit=off"; done
"$XASO" serve --db "$tmp/s.db" --listen "127.0.0.1:$port" >"$log" 2>&1 &
xpid=$!
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$xpid/status"; } # KiB
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# Signs in, and files 300 dossiers whose codes the load will track.
token=$(py '
import json, sys, time, urllib.request
base, login, pw, codes = sys.argv[1:5]
for _ in range(100):
    try:
        urllib.request.urlopen(base + "/healthz", timeout=1)
        break
    except OSError:
        time.sleep(0.1)
def post(path, body, headers={}):
    req = urllib.request.Request(base + path, json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", **headers})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)
token = post("/api/v1/login", {"login": login, "password": pw})["token"]
form = {"requester_full_name": "Nguyễn Văn An", "requester_pid": "066090000123",
        "requester_relationship": "cha", "child_full_name": "Nguyễn Văn Bình",
        "child_sex": "nam", "child_birth_date": "2026-04-20",
        "child_birth_place": "Bệnh viện tỉnh Đắk Lắk", "child_hometown": "Đắk Lắk",
        "child_ethnicity": "Kinh", "child_nationality": "Việt Nam"}
with open(codes, "w") as f:
    for i in range(300):
        d = post("/api/v1/dossiers", {"unit": "22015", "procedure": "1.001193", "form": form,
                 "applicant": {"name": "Nguyễn Văn An", "pid": "066090000123",
                               "phone": login, "address": "Số %d" % i}},
                 {"Authorization": "Bearer " + token})
        print(d["code"], file=f)
print(token)
' "$base" "$login" "$pw" "$tmp/codes")
idle=$(rss)

# run SECONDS PAUSE_MS -> "rps p50_ms p99_ms requests errors" (errors: answers
# that are not 2xx/3xx plus socket errors)
run() {
	wrk -t2 -c"$CONNS" -d"$1s" --timeout 10s --latency -s "$here/soak.lua" "$base" -- \
		"$tmp/codes" "$token" "$login" "$pw" "$2" >"$tmp/wrk.out"
	awk '
	function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
	/Requests\/sec/ { rps = $2 }
	/requests in/ { n = $1 }
	/Non-2xx/ { bad += $NF }
	/Socket errors/ { gsub(",", ""); bad += $4 + $6 + $8 + $10 }
	/^ +50%/ { p50 = ms($2) }
	/^ +99%/ { p99 = ms($2) }
	END { printf "%.1f %.3f %.3f %d %d\n", rps, p50, p99, n, bad }' "$tmp/wrk.out"
}

set -- $(run "$PROBE_TIME" 0)
cap=$1 cap_p99=$3 cap_bad=$5
target=$(awk -v c="$cap" 'BEGIN { printf "%.1f", c / 2 }')
# Each connection waits PAUSE after each answer: rate = CONNS / (pause +
# answer time). A first pause ignores the answer time; the calibration run
# measures it and the pause is shortened by it.
p0=$(awk -v n="$CONNS" -v r="$target" 'BEGIN { printf "%d", 1000 * n / r }')
set -- $(run "$CALIBRATE_TIME" "$p0")
pause=$(awk -v n="$CONNS" -v r="$target" -v got="$1" -v p="$p0" 'BEGIN {
	t = 1000 * n / got - p; q = 1000 * n / r - t; printf "%d", q < 1 ? 1 : q }')
cal_bad=$5

sleep 2 # requests wrk left in flight (a sign-in's hash) end
start=$(rss)
soak_from=$(wc -l <"$log")
(while kill -0 "$xpid" 2>/dev/null; do rss >>"$tmp/rss" 2>/dev/null || true; sleep 30; done) &
spid=$!
set -- $(run "$SOAK_TIME" "$pause")
rps=$1 p50=$2 p99=$3 n=$4 bad=$5
sleep 2
end=$(rss)
kill "$spid" 2>/dev/null || true
echo "$end" >>"$tmp/rss"
peak=$(sort -n "$tmp/rss" | tail -1)
stored=$(py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from dossier").fetchone()[0])' "$tmp/s.db")
growth=$((end - start))

echo "Soak: tracking, pages, filing, sign-ins (bench/soak.lua), wrk -t2 -c$CONNS, xaso serve with default threads on $(nproc) cores"
printf "  capacity (%s s flat out):  %8s req/s  p99 %8s ms  (%s errors)\n" "$PROBE_TIME" "$cap" "$cap_p99" "$cap_bad"
printf "  soak (%s s at half):      %8s req/s  p50 %8s ms  p99 %8s ms  (target %s req/s, pause %s ms)\n" \
	"$SOAK_TIME" "$rps" "$p50" "$p99" "$target" "$pause"
printf "  requests %s, error answers %s (probe %s, calibration %s), dossiers stored %s\n" \
	"$n" "$bad" "$cap_bad" "$cal_bad" "$stored"
printf "  server RSS: idle %s MiB, soak start %s MiB, end %s MiB, peak %s MiB, growth %s MiB (bound %s MiB)\n" \
	"$(mib "$idle")" "$(mib "$start")" "$(mib "$end")" "$(mib "$peak")" "$(mib "$growth")" "$GROWTH_MAX_MB"
printf "  RSS every 30 s (MiB):"
while read -r k; do printf " %s" "$(mib "$k")"; done <"$tmp/rss"
echo
echo "  time inside the server during the soak, per route (ms):"
tail -n +"$((soak_from + 1))" "$log" | py '
import sys
times = {}
for line in sys.stdin:
    f = line.split()
    if len(f) >= 7 and f[-1].endswith("ms"):
        times.setdefault(f[2] + " " + f[3], []).append(float(f[-1][:-2]))
for route, v in sorted(times.items(), key=lambda kv: -len(kv[1])):
    v.sort()
    q = lambda p: v[min(len(v) - 1, int(p * len(v)))]
    print("    %-28s %8d   p50 %7.2f   p99 %7.2f   max %8.1f" % (route, len(v), q(.5), q(.99), v[-1]))
'
fail=0
if [ "$bad" -ne 0 ] || [ "$cap_bad" -ne 0 ] || [ "$cal_bad" -ne 0 ]; then
	echo "FAIL: error answers under load (see the wrk output below)"
	cat "$tmp/wrk.out"
	fail=1
fi
if [ "$growth" -gt $((GROWTH_MAX_MB * 1024)) ]; then
	echo "FAIL: the server's memory grew by $(mib "$growth") MiB, more than $GROWTH_MAX_MB MiB"
	fail=1
fi
[ "$fail" -eq 0 ] && echo "  verdict: memory flat, no errors"
exit "$fail"
