"""The reverse proxy shipped in deploy/nginx/xaso.conf, run in front of the
real binary: what libmicrohttpd decides before xaso's handler (issue 11,
finding 7) is covered there. Slow request heads are cut at the deadline and
never hold xaso's few connections; ambiguous framing, unknown transfer
codings and thousands of query parameters are refused by nginx; a client's
X-Forwarded-For is replaced, so xaso's limits key on the real address;
/metrics stays off the public site."""
# needs: nginx
import os
import shutil
import socket
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import NGINX, SRC, Checks, Server, free_port, raw_http, start_nginx, stop_nginx  # noqa: E402

t = Checks()
if not os.path.exists(NGINX):
    print("FAIL: nginx is not installed: run `sh scripts/deps.sh test` (nginx-light)")
    sys.exit(1)

# The site and the upstream of one server, as a commune installs them.
shipped = ""
for name in ("upstream-one.conf", "xaso.conf"):
    with open(os.path.join(SRC, "deploy", "nginx", name), encoding="utf-8") as f:
        shipped += f.read()


def status(answer):
    try:
        return int(answer.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


with Server(extra=["--max-connections", "4"],
            env={"XASO_TRUSTED_PROXY": "127.0.0.1", "XASO_RATE_TRACK": "2/min"}) as s:
    d = tempfile.mkdtemp(prefix="xaso-nginx-")
    nport = free_port()
    conf = (shipped.replace("server 127.0.0.1:8080;", f"server 127.0.0.1:{s.port};")
                   .replace("listen 80;", f"listen 127.0.0.1:{nport};"))
    t.ok(conf != shipped and f"127.0.0.1:{nport}" in conf and f"127.0.0.1:{s.port}" in conf,
         "the shipped configuration has the upstream and listen lines the test fills in")
    p = start_nginx(d, conf)
    t.eq(p.returncode, 0, f"nginx starts with the shipped configuration: {p.stderr.strip()}")
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", nport), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        ok = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        ans, _, _ = raw_http(nport, ok)
        t.ok(status(ans) == 200 and ans.endswith(b"ok\n"), "requests pass through the proxy")

        # Slow heads: five clients sending a byte a second, against an xaso
        # that takes 4 connections. Directly they would hold it (the idle
        # timeout restarts with each byte); through the proxy xaso never
        # sees them, answers others at once, and the proxy cuts them at
        # its 10-second deadline.
        results = []

        def slow():
            c = socket.create_connection(("127.0.0.1", nport), timeout=30)
            t0 = time.time()
            c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            closed_at = None
            for _ in range(40):
                try:
                    c.sendall(b"X")
                    c.settimeout(1)
                    if c.recv(4096) == b"":
                        closed_at = time.time() - t0
                        break
                except socket.timeout:
                    continue
                except OSError:
                    closed_at = time.time() - t0
                    break
            c.close()
            results.append(closed_at)

        threads = [threading.Thread(target=slow) for _ in range(5)]
        for th in threads:
            th.start()
        time.sleep(2)
        t0 = time.time()
        ans, _, _ = raw_http(nport, ok)
        t.ok(status(ans) == 200 and time.time() - t0 < 1.5,
             "with five slow clients at the proxy, xaso still answers at once")
        for th in threads:
            th.join()
        t.ok(len(results) == 5 and all(r is not None and r < 14 for r in results),
             f"the proxy cuts slow request heads at its deadline: {[round(r or -1, 1) for r in results]}")

        # Framing that xaso refuses itself is refused by the proxy first.
        cases = [
            ("Content-Length with Transfer-Encoding",
             b"POST /api/v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
             b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", (400,)),
            ("two Content-Lengths",
             b"POST /api/v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
             b"Content-Length: 3\r\n\r\n{}", (400,)),
            ("HTTP/1.1 without Host", b"GET /healthz HTTP/1.1\r\n\r\n", (400,)),
            ("an unknown Transfer-Encoding",
             b"POST /api/v1/feedback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
             (400, 501)),
            ("3,000 query parameters",
             b"GET /healthz?" + b"&".join(b"a%d=1" % i for i in range(3000)) +
             b" HTTP/1.1\r\nHost: x\r\n\r\n", (414,)),
            ("1,000 short query parameters",
             b"GET /healthz?" + b"&".join(b"a" for _ in range(1000)) +
             b" HTTP/1.1\r\nHost: x\r\n\r\n", (414,)),
        ]
        for what, data, want in cases:
            ans, secs, closed = raw_http(nport, data, timeout=5)
            t.ok(status(ans) in want and closed and secs < 3,
                 f"{what}: refused at once and closed ({status(ans)}, {secs:.1f} s)")
        ans, _, _ = raw_http(nport, b"GET /api/v1/track/22015-260101-0001%00 HTTP/1.1\r\nHost: x\r\n"
                               b"Connection: close\r\n\r\n")
        t.eq(status(ans), 400, "%00 in the path reaches xaso as it was sent and is refused")

        # X-Forwarded-For: what the client sends is replaced by its address,
        # so a client cannot pick its rate-limit bucket (tracking: 2/min).
        codes = []
        for i in range(4):
            ans, _, _ = raw_http(nport, b"GET /api/v1/track/22015-260101-0001 HTTP/1.1\r\nHost: x\r\n"
                                   b"X-Forwarded-For: 203.0.113.%d\r\nConnection: close\r\n\r\n" % i)
            codes.append(status(ans))
        t.eq(codes, [404, 404, 429, 429], "a forged X-Forwarded-For does not escape the limit")

        ans, _, _ = raw_http(nport, b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        t.eq(status(ans), 404, "/metrics is not served through the proxy")
        ans, _, _ = raw_http(s.port, b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        t.eq(status(ans), 200, "a monitor on the machine reads /metrics from xaso's port")
    finally:
        stop_nginx(d, "quit")
    code, _, err = s.stop()
    lines = [ln for ln in err.splitlines() if "/api/v1/track/{}" in ln]
    t.ok(lines and all(" 127.0.0.1 " in ln and "203.0.113" not in ln for ln in lines),
         "xaso logs the client's address as the proxy gave it, not the forged one")
    shutil.rmtree(d, ignore_errors=True)
t.done()
