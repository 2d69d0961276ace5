#!/bin/sh
# A leader's approval through HTTP (POST /api/v1/dossiers/CODE/approve: the
# result file read, the two keys opened, the leader's and the seal's PDF
# signatures, the record and its CMS, the transaction), against the same
# move to "result ready" without signing (an officer's {"to": 9} for a
# procedure whose result is not signed, on the same server in the same
# run: the ceiling, everything but the signing); and a check of a signed
# result (GET /api/v1/verify/ID: trust, the record's CMS, both PDF
# signatures) against the public tracking of the same dossier (GET
# /api/v1/track/CODE: a read that checks nothing).
# One request at a time on loopback, N of each (default 40), demo CA keys
# (ECDSA P-256), a one-page result PDF. Prints the median and 90th
# percentile of each and the ratios.
# needs: python3
set -eu
BUILD=${BUILD:-build}
XASO="$(cd "$(dirname "$BUILD/xaso")" && pwd)/xaso"
N=${N:-40}
tmp=$(mktemp -d)
cleanup() {
	[ -n "${xpid:-}" ] && kill "$xpid" 2>/dev/null || true
	sleep 0.2
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

db="$tmp/b.db"
pw=mot-cau-mat-khau-dai-2026
"$XASO" init --db "$db" >/dev/null
echo "$pw" | "$XASO" user add --db "$db" --role officer --login canbo --unit 22015 --password-stdin >/dev/null
echo "$pw" | "$XASO" user add --db "$db" --role leader --login lanhdao --unit 22015 \
	--name "Lò Văn Thành" --password-stdin >/dev/null
"$XASO" certs demo-ca --db "$db" --unit 22015 >/dev/null
printf '%s\n%s\n' "code,name,field,level,time_value,time_unit,fee_vnd,online_level,source,result_signed" \
	"1.009999,Thủ tục không ký kết quả,Thử,commune,2,workday,0,full,,0" > "$tmp/p.csv"
"$XASO" import procedures "$tmp/p.csv" --db "$db" >/dev/null
port=$(free_port)
XASO_RATE_TRACK="10000000/s" XASO_RATE_UPLOAD="10000000/s" XASO_RATE_FILING="10000000/s" \
	"$XASO" serve --db "$db" --listen "127.0.0.1:$port" --quiet >/dev/null 2>&1 &
xpid=$!
python3 - "$port" <<'PY'
import sys, time, urllib.request
for _ in range(100):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=1)
        break
    except OSError:
        time.sleep(0.1)
PY

python3 - "$port" "$N" "$pw" <<'PY'
import http.client, json, statistics, sys, time
port, n, pw = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

def call(method, path, body=None, who=None, raw=None, ctype="application/json"):
    headers = dict(who or {})
    if raw is None and body is not None:
        raw = json.dumps(body).encode()
    if raw is not None:
        headers["Content-Type"] = ctype
    conn.request(method, path, body=raw, headers=headers)
    r = conn.getresponse()
    data = r.read()
    return r.status, json.loads(data) if data[:1] in (b"{", b"[") else data

def token(login):
    st, j = call("POST", "/api/v1/login", {"login": login, "password": pw})
    assert st == 200, (st, j)
    return {"Authorization": "Bearer " + j["token"]}

def pdf(text):
    stream = f"BT /F1 18 Tf 72 770 Td ({text}) Tj ET".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)

officer, leader = token("canbo"), token("lanhdao")
FORM = {"requester_full_name": "Nguyễn Văn An", "requester_pid": "066090000123",
        "requester_relationship": "cha", "child_full_name": "Nguyễn Văn Bình", "child_sex": "nam",
        "child_birth_date": "2026-04-20", "child_birth_place": "Bệnh viện tỉnh Đắk Lắk",
        "child_hometown": "Đắk Lắk", "child_ethnicity": "Kinh", "child_nationality": "Việt Nam"}

def processing(procedure, form):
    st, j = call("POST", "/api/v1/dossiers", {
        "unit": "22015", "procedure": procedure, "form": form,
        "applicant": {"name": "Nguyễn Văn An", "pid": "066090000123", "phone": "0912345678",
                      "address": "Thôn 1"}}, officer)
    assert st == 201, (st, j)
    st, j2 = call("POST", f"/api/v1/dossiers/{j['code']}/transitions", {"to": 4}, officer)
    assert st == 200, (st, j2)
    return j["code"]

def attach(code, i):
    st, j = call("POST", "/api/v1/blobs", who=officer, raw=pdf(f"Trich luc {i}"),
                 ctype="application/pdf")
    assert st in (200, 201), (st, j)
    st, j = call("POST", f"/api/v1/dossiers/{code}/files",
                 {"sha256": j["sha256"], "name": f"kq-{i}.pdf", "kind": "result"}, officer)
    assert st == 201, (st, j)

def timed(method, path, body, who, want):
    t0 = time.perf_counter()
    st, j = call(method, path, body, who)
    ms = (time.perf_counter() - t0) * 1000
    assert st == want, (path, st, j)
    return ms, j

signed, plain = [], []
for i in range(n):
    code = processing("1.001193", FORM)
    attach(code, i)
    signed.append(code)
    plain.append(processing("1.009999", {}))

approve, move, ids = [], [], []
for a, b in zip(signed, plain):
    ms, j = timed("POST", f"/api/v1/dossiers/{a}/approve", {}, leader, 200)
    approve.append(ms)
    ids.append(j["signature"]["id"])
    move.append(timed("POST", f"/api/v1/dossiers/{b}/transitions", {"to": 9}, officer, 200)[0])
verify, track = [], []
for pid, code in zip(ids, signed):
    ms, j = timed("GET", f"/api/v1/verify/{pid}", None, None, 200)
    assert j["status"] == "valid", j
    verify.append(ms)
    track.append(timed("GET", f"/api/v1/track/{code}", None, None, 200)[0])

def line(name, xs):
    q = statistics.quantiles(xs, n=10)
    print(f"  {name:<58} median {statistics.median(xs):6.1f} ms  p90 {q[8]:6.1f} ms")
    return statistics.median(xs)

import os
print(f"{n} of each, one at a time, on loopback, {os.cpu_count()} cores")
a = line("approve and sign (leader + seal, one-page PDF)", approve)
m = line("move to result ready without signing (the ceiling)", move)
v = line("GET /api/v1/verify/ID (record + two PDF signatures)", verify)
t = line("GET /api/v1/track/CODE (a read that checks nothing)", track)
print(f"  approval / unsigned move: {a / m:.1f}x the time; verify / track: {v / t:.1f}x")
PY
