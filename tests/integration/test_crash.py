"""Crash safety: nothing acknowledged is lost when the server dies.

Several client threads file dossiers over the API as signed-in citizens
(as bench/bench_submit.sh does with wrk) while the server is killed with
SIGKILL at a random moment, then started again on the same database; this
happens XASO_CRASH_ROUNDS times (10 in `make test`, 100 in `make soak`).
Every request carries a unique address, so each stored dossier can be
matched to the one request that made it. After every restart:

  - every dossier that was answered 201 is there, with the code, unit,
    procedure, applicant, form and status of its acknowledgement;
  - no dossier appears that no request asked for, nor one twice, and each
    has exactly one `dossier.create` audit entry (the change and its entry
    are one transaction);
and at the end `xaso audit verify` passes and the database's own check
passes: SQLite's `PRAGMA integrity_check` (through the sqlite3 program), or
on PostgreSQL amcheck's bt_index_check of every index (the integration.pg
run kills the xaso server the same way; PostgreSQL itself keeps running).

Dossiers whose request was in flight at the kill may or may not be there
(the client never heard back); those that are must be intact too.

The sanitizer build runs fewer clients, and a server under valgrind gets
longer spells: the checks are the same, the server is slower there.
"""
# also on PostgreSQL in the sanitizer build (they run the back end's own code)
# needs: sqlite3
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import (HTTP_TIMEOUT, WRAPPER, XASO, Checks, Server, add_user, connect,  # noqa: E402
                     is_pg, login, run)

t = Checks()
# Under valgrind (make valgrind) 4 rounds: there each killed server is
# judged for memory errors until the kill, and 4 restarts after a kill
# (recovery of the write-ahead log) show them as well as 10 at a quarter of
# memcheck's time.
ROUNDS = int(os.environ.get("XASO_CRASH_ROUNDS", "4" if WRAPPER else "10"))
SANITIZED = b"__asan_init" in open(XASO, "rb").read()
CLIENTS = 3 if SANITIZED else 8
# Seconds of load before the kill; a server under valgrind (make valgrind)
# answers a hundred times slower and needs longer to file anything.
SPELL = (2.0, 5.0) if WRAPPER else (0.5, 1.5) if SANITIZED else (0.3, 1.2)
PW = "Mat-khau-rat-manh-2026"
CITIZEN = "0912345678"
FORM = {
    "requester_full_name": "Nguyễn Văn An", "requester_pid": "066090000123",
    "requester_relationship": "cha", "child_full_name": "Nguyễn Văn Bình", "child_sex": "nam",
    "child_birth_date": "2026-04-20", "child_birth_place": "Bệnh viện tỉnh Đắk Lắk",
    "child_hometown": "Đắk Lắk", "child_ethnicity": "Kinh", "child_nationality": "Việt Nam",
}
UNIT, PROCEDURE = "22015", "1.001193"
ONLINE = 2  # the channel of a citizen's filing (core/dossier.h DC_ONLINE)
EXTRA = ["--threads", str(CLIENTS * 2), "--quiet"]


def applicant(address):
    return {"name": "Nguyễn Văn An", "pid": "066090000123", "phone": CITIZEN,
            "address": address}


class Load:
    """Client threads filing until the server stops answering."""

    def __init__(self, port, headers, rnd):
        self.port, self.headers, self.rnd = port, headers, rnd
        self.killing = threading.Event()
        self.stop = threading.Event()
        self.sent = {}   # address -> request body (answered or not)
        self.acked = {}  # address -> (code, status) of a 201
        self.other = []  # answers that were neither 201 nor a broken connection
        self.lock = threading.Lock()

    def client(self, k):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HTTP_TIMEOUT)
        n = 0
        while not self.stop.is_set():
            n += 1
            address = f"Số {self.rnd}-{k}-{n}, Phường Tuy Hòa"
            body = {"unit": UNIT, "procedure": PROCEDURE, "applicant": applicant(address),
                    "form": FORM}
            with self.lock:
                self.sent[address] = body
            try:
                conn.request("POST", "/api/v1/dossiers", body=json.dumps(body).encode(),
                             headers={**self.headers, "Content-Type": "application/json"})
                r = conn.getresponse()
                data = r.read()
            except (OSError, http.client.HTTPException) as ex:
                if not self.killing.is_set():
                    with self.lock:
                        self.other.append(("connection lost before the kill", repr(ex)))
                return  # killed: this request's fate is unknown
            if r.status == 201:
                j = json.loads(data)
                with self.lock:
                    self.acked[address] = (j["code"], j["status"]["code"])
            else:
                with self.lock:
                    self.other.append((r.status, data[:200]))
                return

    def run(self, srv, seconds):
        threads = [threading.Thread(target=self.client, args=(k,)) for k in range(CLIENTS)]
        for th in threads:
            th.start()
        if WRAPPER:
            # Under valgrind on a busy machine a filing can take longer
            # than the spell: the kill waits for the first acknowledgement
            # (a round without one would check nothing).
            deadline = time.time() + HTTP_TIMEOUT
            while not self.acked and not self.other and time.time() < deadline:
                time.sleep(0.1)
        time.sleep(seconds)
        self.killing.set()
        code = srv.kill()  # with requests in flight
        self.stop.set()
        for th in threads:
            th.join(60)
        return code


STORED = ("code", "unit", "procedure", "status", "channel", "applicant_name", "applicant_pid",
          "applicant_phone", "applicant_address", "form", "audited")


def stored(db):
    """{address: row} of every dossier, read with the sqlite3 program (or
    psql), outside the server."""
    q = ("SELECT d.code, d.unit, d.procedure, d.status, d.channel, d.applicant_name, "
         "d.applicant_pid, d.applicant_phone, d.applicant_address, d.form, "
         "coalesce(a.n, 0) AS audited FROM dossier d LEFT JOIN "
         "(SELECT object, count(*) AS n FROM audit WHERE action = 'dossier.create' "
         "GROUP BY object) a ON a.object = d.code")
    if is_pg(db):
        rows = [dict(zip(STORED, r)) for r in connect(db).execute(q).fetchall()]
    else:
        p = subprocess.run(["sqlite3", "-json", db, q], capture_output=True, text=True,
                           timeout=120)
        if p.returncode != 0:
            raise AssertionError("sqlite3: " + p.stderr)
        rows = json.loads(p.stdout) if p.stdout.strip() else []
    by_address = {}
    for row in rows:
        by_address.setdefault(row["applicant_address"], []).append(row)
    return rows, by_address


def check_stored(db, sent, acked, rnd):
    rows, by_address = stored(db)
    lost = [a for a in acked if a not in by_address]
    t.ok(not lost, f"round {rnd}: {len(lost)} acknowledged dossiers lost, e.g. {lost[:3]}")
    strangers = [a for a in by_address if a not in sent]
    t.ok(not strangers, f"round {rnd}: dossiers no request asked for: {strangers[:3]}")
    twice = [a for a, rs in by_address.items() if len(rs) > 1]
    t.ok(not twice, f"round {rnd}: one request stored twice: {twice[:3]}")
    bad = []
    for address, rs in by_address.items():
        body, row = sent.get(address), rs[0]
        if body is None:
            continue
        a = body["applicant"]
        want = (body["unit"], body["procedure"], ONLINE, a["name"], a["pid"], a["phone"],
                body["form"], 1)
        got = (row["unit"], row["procedure"], row["channel"], row["applicant_name"],
               row["applicant_pid"], row["applicant_phone"], json.loads(row["form"]),
               row["audited"])
        if got != want:
            bad.append((address, "row", got))
        if address in acked and acked[address] != (row["code"], row["status"]):
            bad.append((address, "acknowledged", acked[address], (row["code"], row["status"])))
    t.ok(not bad, f"round {rnd}: {len(bad)} dossiers not as acknowledged, e.g. {bad[:2]}")
    return len(rows), len(lost)


def rounds(rng, srv, db, started):
    """The kills; returns the last server (running), what was acknowledged,
    and the numbers of dossiers stored and lost. Every server started goes
    into `started`."""
    sent, acked, total, lost = {}, {}, 0, 0
    for rnd in range(1, ROUNDS + 1):
        load = Load(srv.port, login(srv, CITIZEN, PW), rnd)
        code = load.run(srv, rng.uniform(*SPELL))
        t.eq(code, -9, f"round {rnd}: the server was killed")
        t.ok(not load.other, f"round {rnd}: answers other than 201: {load.other[:3]}")
        sent.update(load.sent)
        acked.update(load.acked)
        # Started again on the same database (Server waits until it
        # answers): everything acknowledged so far is still there.
        srv = Server(db=db, extra=EXTRA)
        started.append(srv)
        srv.__enter__()
        total, lost = check_stored(db, sent, acked, rnd)
        print(f"round {rnd}: {len(load.acked)} acknowledged, {len(acked)} in all, "
              f"{total} stored", flush=True)
    return srv, acked, total, lost


def main():
    seed = int(os.environ.get("XASO_CRASH_SEED", str(time.time_ns())))
    print(f"XASO_CRASH_SEED={seed}", flush=True)
    rng = random.Random(seed)
    srv = Server(extra=EXTRA)
    db = srv.db
    add_user(db, "citizen", CITIZEN, PW, name="Nguyễn Văn An")
    started = [srv]
    srv.__enter__()
    try:
        srv, acked, total, lost = rounds(rng, srv, db, started)
        # A sample read back through the API, as the citizen sees them;
        # then the last server stops cleanly.
        headers = login(srv, CITIZEN, PW)
        for address in rng.sample(sorted(acked), min(20, len(acked))):
            code, status = acked[address]
            st, j = srv.json("GET", "/api/v1/dossiers/" + code, headers=headers)
            t.ok(st == 200 and j["status"]["code"] == status and
                 j["applicant"]["address"] == address, f"{code} read back through the API: {st}")
        code, _, err = srv.stop()
        t.eq(code, 0, f"the last server stops cleanly: {err[-2000:]}")
    finally:  # no server left behind when a check raised
        for s in started:
            if s.proc and s.proc.poll() is None:
                s.kill()
    rc, out, err = run("audit", "verify", "--db", db)
    t.eq(rc, 0, f"xaso audit verify: {out} {err}")
    if is_pg(db):
        c = connect(db)
        c.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        n = c.execute("SELECT count(bt_index_check(i.indexrelid)) FROM pg_index i "
                      "JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_am am ON am.oid = x.relam "
                      "WHERE am.amname = 'btree' AND x.relkind = 'i'").fetchone()[0]
        t.ok(n > 20, f"amcheck: {n} indexes intact")
    else:
        p = subprocess.run(["sqlite3", db, "PRAGMA integrity_check"], capture_output=True,
                           text=True, timeout=300)
        t.eq(p.stdout.strip(), "ok", "PRAGMA integrity_check")
    t.ok(len(acked) > ROUNDS, f"the load was real: {len(acked)} dossiers acknowledged")
    print(f"{ROUNDS} kills, {len(acked)} dossiers acknowledged, {total} stored, {lost} lost")
    t.done()


main()
