"""A province's setup: three `xaso serve` on one PostgreSQL database behind
nginx, started as the shipped files say (deploy/systemd/xaso@.service's
command line with deploy/xaso.conf's settings, deploy/nginx/upstream-three.conf
and xaso.conf in front). The servers keep nothing of their own:

  - requests through nginx reach all three;
  - a citizen signs in through one server and files through another; the
    officer receives the dossier through a third, and the answers the
    others keep in memory (public tracking) follow within a moment;
  - a village added through one is found by another within seconds (the
    unit cache), and so is a day off added through another (the calendar);
  - behind the proxy each client keeps its own address: twenty failed
    sign-ins from one client, spread over the three servers, block that
    client and nobody else, and the audit log names its address;
  - when one server stops, nginx goes on with the other two.
"""
# only on PostgreSQL
# needs: nginx
import http.client
import json
import os
import re
import shlex
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import pgcluster  # noqa: E402
from harness import (SRC, Checks, Server, add_user, connect, eventually, free_port,  # noqa: E402
                     login, run, start_nginx, stop_nginx)

PW = "mot-cua-tinh-dak-lak-2026"


def shipped(*path):
    with open(os.path.join(SRC, *path), encoding="utf-8") as f:
        return f.read()


def settings(db, data):
    """deploy/xaso.conf for this test: its database, data and no TLS."""
    lines = []
    for line in shipped("deploy", "xaso.conf").splitlines():
        key = line.split("=", 1)[0].strip()
        if key in ("db", "read_db", "data", "https", "public_url"):
            continue
        lines.append(line)
    return "\n".join(lines + [f"db = {db}", f"data = {data}", ""])


def unit_argv():
    """The systemd unit's ExecStart, as words."""
    m = re.search(r"^ExecStart=(.*)$", shipped("deploy", "systemd", "xaso@.service"), re.M)
    return shlex.split(m.group(1))


def nginx_three(d, ports, nport):
    conf = shipped("deploy", "nginx", "upstream-three.conf") + shipped("deploy", "nginx", "xaso.conf")
    for i, p in enumerate(ports, 1):
        conf = conf.replace(f"server 127.0.0.1:808{i} ", f"server 127.0.0.1:{p} ")
    return start_nginx(d, conf.replace("listen 80;", f"listen 127.0.0.1:{nport};"))


def via(nport, method, path, body=None, headers=None, source="127.0.0.1"):
    """A request to nginx from a loopback address of our choice (a client)."""
    c = http.client.HTTPConnection("127.0.0.1", nport, timeout=30, source_address=(source, 0))
    hdrs = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        hdrs["Content-Type"] = "application/json"
    c.request(method, path, body=data, headers=hdrs)
    r = c.getresponse()
    out = r.read()
    c.close()
    return r.status, (json.loads(out) if out.startswith(b"{") else out)


def served(srv, route):
    """How many requests of route a server answered (its /metrics)."""
    _, _, text = srv.request("GET", "/metrics")
    return sum(int(m.group(1)) for m in re.finditer(
        rf'xaso_http_requests_total{{method="GET",route="{re.escape(route)}",[^}}]*}} (\d+)',
        text.decode()))


def main():
    t = Checks()
    if not pgcluster.state():
        print("this test needs PostgreSQL: it runs as integration.pg.test_servers")
        raise SystemExit(1)
    d = tempfile.mkdtemp(prefix="xaso-servers-")
    db = pgcluster.url()
    run("init", "--db", db, check=True)
    add_user(db, "citizen", "0912345678", PW, name="Y Bhim Niê")
    add_user(db, "officer", "officer.22015", PW, unit="22015")
    secret = add_user(db, "province", "province.66", PW, unit="66", totp_enrol=True)
    conf = os.path.join(d, "xaso.conf")
    with open(conf, "w", encoding="utf-8") as f:
        f.write(settings(db, os.path.join(d, "files")))
    argv = unit_argv()
    t.eq([argv[1], argv[2], argv[4], argv[6]], ["serve", "--config", "--listen", "--quiet"],
         "the unit runs xaso serve --config FILE --listen ADDRESS --quiet")
    servers = [Server(db=db, extra=["--config", conf, "--quiet"]) for _ in range(3)]
    nport = free_port()
    for s in servers:
        s.__enter__()
    try:
        p = nginx_three(d, [s.port for s in servers], nport)
        t.eq(p.returncode, 0, f"nginx starts with upstream-three.conf and xaso.conf: {p.stderr}")
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", nport), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        a, b, c = servers

        # Round robin: every server answers some.
        for _ in range(30):
            via(nport, "GET", "/api/v1/units/66")
        counts = [served(s, "/api/v1/units/{}") for s in servers]
        t.ok(all(n > 0 for n in counts) and sum(counts) >= 30,
             f"requests through nginx reach all three servers: {counts}")

        # Sign in through one, file through another, change through a third.
        citizen = login(a, "0912345678", PW)
        st, j = b.json("POST", "/api/v1/dossiers",
                       {"unit": "22015", "procedure": "1.000080",
                        "applicant": {"name": "Y Bhim Niê", "phone": "0912345678"}},
                       headers=citizen)
        t.eq(st, 201, "a session made by one server files through another")
        code = j["code"]
        for s in (a, c):  # tracking kept in their memos
            t.eq(s.json("GET", "/api/v1/track/" + code)[1]["status"]["code"], 1,
                 f"tracked on :{s.port}")
        officer = login(c, "officer.22015", PW)
        st, _ = c.json("POST", f"/api/v1/dossiers/{code}/transitions", {"to": 2}, headers=officer)
        t.eq(st, 200, "the officer receives it through the third")
        for s in (a, b):
            got = eventually(lambda s=s: s.json("GET", "/api/v1/track/" + code)[1]["status"]["code"], 2)
            t.eq(got, 2, f"the memo of :{s.port} follows the change made elsewhere")
        st, _ = via(nport, "POST", f"/api/v1/dossiers/{code}/transitions", {"to": 4},
                    headers=officer)
        t.eq(st, 200, "a change through nginx")
        for s in servers:
            got = eventually(lambda s=s: s.json("GET", "/api/v1/track/" + code)[1]["status"]["code"], 4)
            t.eq(got, 4, f"every server tracks it at its new status (:{s.port})")

        # The unit cache: a village added through one server.
        t.eq(c.json("GET", "/api/v1/units/22015901")[0], 404, "no such village yet")
        prov = login(a, "province.66", PW, secret)
        st, _ = a.json("POST", "/api/v1/units", {"code": "22015901", "name": "Buôn Mới",
                                                  "parent": "22015"}, headers=prov)
        t.eq(st, 201, "the province adds a village through one server")
        t.eq(eventually(lambda: c.json("GET", "/api/v1/units/22015901")[0], 200), 200,
             "another server finds it within seconds")

        # The calendar cache: a day off added through one server.
        csv = b"date,kind,name\n2027-11-19,off,Ngay hoi van hoa tinh\n"
        st, _, _ = b.request("POST", "/api/v1/calendar/overrides?source=99/QD-UBND", raw=csv,
                             headers={**prov, "Content-Type": "text/csv"})
        t.eq(st, 201, "the province adds a day off through another server")

        def off_on_c():
            st_, j_ = c.json("GET", "/api/v1/calendar/holidays?year=2027")
            return any(h["date"] == "2027-11-19" for h in j_["holidays"])
        t.eq(eventually(off_on_c, True), True, "the third server's calendar has it within seconds")

        # Each client keeps its own address behind the proxy.
        wrong = {"login": "khong.co.ai", "password": "sai-mat-khau"}  # no account to lock
        for _ in range(20):
            via(nport, "POST", "/api/v1/login", wrong, source="127.0.0.5")
        st, _ = via(nport, "POST", "/api/v1/login", {"login": "officer.22015", "password": PW},
                    source="127.0.0.5")
        t.eq(st, 429, "20 failures from one client, over three servers, block that client")
        st, j = via(nport, "POST", "/api/v1/login", {"login": "officer.22015", "password": PW},
                    source="127.0.0.6")
        t.eq(st, 200, "and no other client behind the same proxy")
        n = connect(db).execute("SELECT count(*) FROM audit WHERE action = 'login.failed' "
                                "AND address = '127.0.0.5'").fetchone()[0]
        t.eq(n, 20, "the audit log names the client's address, not the proxy's")

        # One server stops: the others go on.
        a.stop()
        oks = sum(via(nport, "GET", "/api/v1/units/66")[0] == 200 for _ in range(12))
        t.eq(oks, 12, "with one server stopped, nginx goes on with the other two")
    finally:
        stop_nginx(d)
        for s in servers:
            if s.proc and s.proc.poll() is None:
                s.__exit__(None, None, None)
    t.done()


if __name__ == "__main__":
    main()
