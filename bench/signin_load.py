"""The load of bench/bench_signin.sh against a running server (it explains
the phases). Arguments: PORT PID LOGIN PASSWORD ROUNDS MIX_SECONDS WORKERS.
Prints one line per phase; memory in MiB from /proc/PID/status."""
import http.client
import json
import sys
import threading
import time

port, pid, login, pw = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
rounds, mix_time, workers = int(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
HASH_MIB = 19
CLIENTS = 64
FORM = {"requester_full_name": "Nguyễn Văn An", "requester_pid": "066090000123",
        "requester_relationship": "cha", "child_full_name": "Nguyễn Văn Bình",
        "child_sex": "nam", "child_birth_date": "2026-04-20",
        "child_birth_place": "Bệnh viện tỉnh Đắk Lắk", "child_hometown": "Đắk Lắk",
        "child_ethnicity": "Kinh", "child_nationality": "Việt Nam"}


def status_mib(key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    raise SystemExit(f"no {key} for the server")


def reset_peak():
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")  # VmHWM starts again from the present VmRSS


def request(conn, method, path, body=None, headers=None):
    h = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    conn.request(method, path, data, h)
    r = conn.getresponse()
    return r.status, r.read()


def sign_in(n, kind):
    """One sign-in from its own address: kind 0 real, 1 a wrong password
    (for a second account, which it locks: locked or not, the hash is
    computed), 2 a login nobody has. Returns the status (0: no answer)."""
    who = [(login, pw), (login[:-1] + "2", "wrong password 2026"),
           (f"0986{n % 1000000:06d}", pw)][kind]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        return request(conn, "POST", "/api/v1/login", {"login": who[0], "password": who[1]},
                       {"X-Forwarded-For": f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"})[0]
    except OSError:
        return 0
    finally:
        conn.close()


def counts(statuses):
    keys = sorted(set(statuses))
    return ", ".join(f"{k or 'no answer'}: {statuses.count(k)}" for k in keys)


for _ in range(200):
    try:
        http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
        break
    except OSError:
        time.sleep(0.05)
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
st, body = request(conn, "POST", "/api/v1/login", {"login": login, "password": pw})
if st != 200:
    raise SystemExit(f"sign-in of the bench's citizen: {st} {body[:200]!r}")
bearer = {"Authorization": "Bearer " + json.loads(body)["token"]}
filing = {"unit": "22015", "procedure": "1.001193", "form": FORM,
          "applicant": {"name": "Nguyễn Văn An", "pid": "066090000123", "phone": login,
                        "address": "Số 1"}}
st, body = request(conn, "POST", "/api/v1/dossiers", filing, bearer)
if st != 201:
    raise SystemExit(f"filing: {st} {body[:200]!r}")
code = json.loads(body)["code"]
for _ in range(5):  # warm: the pages and the tracking a commune's visitors read
    for path in ["/", "/procedures", "/procedures/1.001193", f"/track/{code}",
                 f"/api/v1/track/{code}"]:
        request(conn, "GET", path)
conn.close()
time.sleep(1)
idle = status_mib("VmRSS")
print(f"idle: {idle:.1f} MiB (after pages, tracking and a filing)")

# 64 sign-ins at once, ROUNDS times.
peak, statuses, took = 0.0, [], []
serial = 0
for rnd in range(rounds):
    reset_peak()
    gate = threading.Barrier(CLIENTS)
    got = [0] * CLIENTS

    def one(i, base=serial):
        gate.wait()
        got[i] = sign_in(base + i, i % 3)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(CLIENTS)]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took.append(time.time() - t0)
    serial += CLIENTS
    statuses += got
    peak = max(peak, status_mib("VmHWM"))
print(f"64 sign-ins at once, {rounds} rounds: peak {peak:.1f} MiB (+{peak - idle:.1f} over idle); "
      f"answers {counts(statuses)}; {sum(took) / len(took):.1f} s a round")

# The mix: 64 clients signing in without pause, 16 tracking, reading pages, filing.
stop = time.time() + mix_time
signins, others, track_ms = [], [], []
lock = threading.Lock()


def signer(i):
    n = 1000000 + i
    while time.time() < stop:
        s = sign_in(n, n % 3)
        n += CLIENTS
        with lock:
            signins.append(s)


def visitor(i):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    k = 0
    while time.time() < stop:
        k += 1
        pick = (i + k) % 10
        t0 = time.perf_counter()
        try:
            if pick < 5:
                s, _ = request(c, "GET", f"/api/v1/track/{code}")
            elif pick < 7:
                s, _ = request(c, "GET", ["/", "/procedures", f"/track/{code}"][k % 3])
            else:
                s, _ = request(c, "POST", "/api/v1/dossiers", filing, bearer)
        except OSError:
            s = 0
            c.close()
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        ms = (time.perf_counter() - t0) * 1000
        with lock:
            others.append(s)
            if pick < 5:
                track_ms.append(ms)
    c.close()


reset_peak()
threads = [threading.Thread(target=signer, args=(i,)) for i in range(CLIENTS)]
threads += [threading.Thread(target=visitor, args=(i,)) for i in range(16)]
for t in threads:
    t.start()
for t in threads:
    t.join()
mix_peak = status_mib("VmHWM")
track_ms.sort()
p = lambda q: track_ms[min(len(track_ms) - 1, int(len(track_ms) * q))] if track_ms else 0
bad = sum(1 for s in others if not 200 <= s < 400)
print(f"mix, {mix_time:.0f} s (64 clients signing in, 16 tracking, reading pages, filing): "
      f"peak {mix_peak:.1f} MiB (+{mix_peak - idle:.1f} over idle); sign-ins {len(signins)} "
      f"({counts(signins)}); other requests {len(others)}, not 2xx/3xx {bad}; "
      f"tracking p50 {p(0.5):.1f} ms p99 {p(0.99):.1f} ms")
time.sleep(1)
after = status_mib("VmRSS")
print(f"bound: after the load {after:.1f} MiB + {workers} hashes x {HASH_MIB} MiB = "
      f"{after + workers * HASH_MIB:.1f} MiB; highest peak {max(peak, mix_peak):.1f} MiB")
