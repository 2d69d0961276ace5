"""Faults of the machine (issue 19, item 3): a full disk, I/O errors, the
database locked by another program. While a fault lasts the server answers
a change with 503, a clear message and Retry-After, and keeps no
half-written dossier or attachment; reads go on; once the fault clears the
same requests succeed, with no restart. The CLI's imports stop with a clear
message and keep nothing.

- full disk: the database and the attachments live on a small tmpfs in a
  private mount namespace (unshare, as test_run_errors.py does); the test
  fills it and empties it through /proc/PID/root of the server;
- I/O errors: the SQLite VFS shim of src/store/sqlite/faultvfs.c, asked
  for through XASO_FAULT_FILE, fails every write, or every fsync;
- locked: the sqlite3 program holds an exclusive transaction."""
# only on SQLite (its VFS shim, its file on a full disk, its locking program)
# needs: unshare sqlite3
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request

from harness import (APPLICANT, BIRTH_FORM, NO_RATE_LIMITS, WRAPPER, XASO, Checks, Server,
                     add_user, login, run)

c = Checks()
tmp = tempfile.mkdtemp(prefix="xaso-faults-")
PW = "Lỗi máy chủ thử 2026"


def pdf(body):
    """A small PDF (as core/filetype.c judges one) holding body."""
    return b"%PDF-1.4\n% " + body + b"\n%%EOF\n"


def sql(db, query):
    p = subprocess.run(["sqlite3", db, query], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError(f"sqlite3 {query}: {p.stderr}")
    return p.stdout.strip()


def prepared_db():
    """A fresh database with a citizen account."""
    d = tempfile.mkdtemp(dir=tmp)
    db = os.path.join(d, "x.db")
    run("init", "--db", db, check=True)
    add_user(db, "citizen", "0912345678", PW, name="Nguyễn Văn An")
    return db


def file_dossier(srv, auth, note):
    """POST a dossier whose applicant address carries `note`."""
    return srv.json("POST", "/api/v1/dossiers",
                    {"unit": "22015", "procedure": "1.001193", "form": BIRTH_FORM,
                     "applicant": {**APPLICANT, "address": note}}, auth)


def upload(srv, auth, body):
    return srv.request("POST", "/api/v1/blobs", raw=pdf(body),
                       headers={"Content-Type": "application/pdf", **auth})


def refused(srv, status, hdrs, body, what):
    """A 503 with Retry-After and a message that says what happened."""
    j = json.loads(body) if isinstance(body, (bytes, str)) else body
    msg = (j or {}).get("error", {}).get("message", "")
    c.eq(status, 503, f"{what}: 503")
    c.ok(int(hdrs.get("Retry-After", "0")) >= 1, f"{what}: Retry-After {hdrs.get('Retry-After')}")
    c.eq((j or {}).get("error", {}).get("code"), "unavailable", f"{what}: the error's code")
    return msg


def json_call(srv, method, path, body, auth):
    status, hdrs, data = srv.request(method, path, body, auth)
    return status, hdrs, data


def consistent(db, note_like, files_dir, what):
    """No dossier of the faulty period, each dossier whole (its filing
    event and audit entry), no temporary or unrecorded file."""
    c.eq(sql(db, f"SELECT count(*) FROM dossier WHERE applicant_address LIKE '{note_like}'"),
         "0", f"{what}: no dossier refused is stored")
    c.eq(sql(db, "SELECT count(*) FROM dossier d WHERE NOT EXISTS (SELECT 1 FROM dossier_event "
                 "v WHERE v.dossier = d.id) OR NOT EXISTS (SELECT 1 FROM audit a WHERE "
                 "a.action = 'dossier.create' AND a.object = d.code)"),
         "0", f"{what}: every dossier has its event and audit entry")
    names = []
    for root, _, fs in os.walk(files_dir):
        names += [(os.path.basename(root), f) for f in fs]
    c.ok(not any(f.startswith(".tmp-") for _, f in names), f"{what}: no temporary file left")
    rows = set(sql(db, "SELECT sha256 FROM blob").split())
    strays = [sub + f for sub, f in names if sub + f not in rows]
    c.eq(strays, [], f"{what}: every file in the data directory has its row")
    c.eq(sql(db, "PRAGMA integrity_check"), "ok", f"{what}: integrity check")


def snapshot(root):
    """A copy of the server's database (no write in progress), to read it:
    SQLite would resolve /proc/PID/root to this namespace's root."""
    d = tempfile.mkdtemp(dir=tmp)
    for suffix in ("", "-wal"):
        if os.path.exists(os.path.join(root, "x.db" + suffix)):
            shutil.copyfile(os.path.join(root, "x.db" + suffix), os.path.join(d, "x.db" + suffix))
    return os.path.join(d, "x.db")


# ---- I/O errors: the VFS shim ----
db = prepared_db()
ctl = os.path.join(tmp, "faults")
with open(ctl, "w") as f:
    f.write("off\n")
with Server(db=db, env={"XASO_FAULT_FILE": ctl}) as srv:
    auth = login(srv, "0912345678", PW)
    st, d = file_dossier(srv, auth, "trước lỗi")
    c.eq(st, 201, "a dossier before the fault")
    before = d["code"]
    # (In WAL mode the database file itself is written and synced only
    # at checkpoints, after the commit: a fault there delays them.)
    for mode in ("write", "sync", "full", "write wal", "sync wal"):
        with open(ctl, "w") as f:
            f.write(mode + "\n")
        status, hdrs, body = srv.request("POST", "/api/v1/dossiers",
                                         {"unit": "22015", "procedure": "1.001193",
                                          "form": BIRTH_FORM,
                                          "applicant": {**APPLICANT, "address": "lỗi " + mode}},
                                         auth)
        msg = refused(srv, status, hdrs, body, f"filing with '{mode}' failing")
        words = "disk is full" if mode == "full" else "I/O error"
        c.ok(words in msg and "nothing was stored" in msg, f"'{mode}': the message: {msg!r}")
        st, _ = srv.json("GET", f"/api/v1/track/{before}")
        c.eq(st, 200, f"'{mode}': tracking still answers")
        status, hdrs, body = upload(srv, auth, mode.encode())
        refused(srv, status, hdrs, body, f"an upload with '{mode}' failing")
    with open(ctl, "w") as f:
        f.write("off\n")
    st, d = file_dossier(srv, auth, "sau lỗi")
    c.eq(st, 201, "filing works again once the fault clears, without a restart")
    st, _ = srv.json("GET", f"/api/v1/track/{d.get('code', '')}")
    c.eq(st, 200, "and the new dossier is tracked")
    st, _, _ = upload(srv, auth, b"after")
    c.eq(st, 201, "uploads work again")
consistent(db, "lỗi %", db + ".files", "I/O errors")
code, out, err = run("audit", "verify", "--db", db)
c.eq(code, 0, f"audit chain intact after I/O errors: {out}{err}")

# ---- the database locked by another program ----
db = prepared_db()
with Server(db=db) as srv:
    auth = login(srv, "0912345678", PW)
    st, d = file_dossier(srv, auth, "trước khóa")
    c.eq(st, 201, "a dossier before the lock")
    lock = subprocess.Popen(["sqlite3", db], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    lock.stdin.write("BEGIN EXCLUSIVE;\nSELECT 'locked';\n")
    lock.stdin.flush()
    c.eq(lock.stdout.readline().strip(), "locked", "sqlite3 holds an exclusive transaction")
    t0 = time.time()
    status, hdrs, body = srv.request("POST", "/api/v1/dossiers",
                                     {"unit": "22015", "procedure": "1.001193",
                                      "form": BIRTH_FORM,
                                      "applicant": {**APPLICANT, "address": "khóa 1"}}, auth)
    waited = time.time() - t0
    msg = refused(srv, status, hdrs, body, "filing while another program holds the lock")
    c.ok("locked by another program" in msg, f"the message names the lock: {msg!r}")
    print(f"refused after {waited:.1f} s (SQLite's busy timeout: 5 s)")
    st, _ = srv.json("GET", f"/api/v1/track/{d['code']}")
    c.eq(st, 200, "tracking answers while the database is locked")
    # The CLI's import, locked out too: a clear message, nothing kept.
    villages = os.path.join(tmp, "villages.csv")
    with open(villages, "w") as f:
        f.write("code,name,type,parent_code\n22015901,Thôn Khóa,Thôn,22015\n")
    lock.stdin.write("COMMIT;\n")
    lock.stdin.close()
    lock.wait(timeout=30)
    st, d2 = file_dossier(srv, auth, "sau khóa")
    c.eq(st, 201, "filing works again once the lock is released, without a restart")
consistent(db, "khóa %", db + ".files", "locked")

# The CLI's imports while locked, and with I/O errors: clear, and nothing kept.
lock = subprocess.Popen(["sqlite3", db], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True)
lock.stdin.write("BEGIN EXCLUSIVE;\nSELECT 'locked';\n")
lock.stdin.flush()
lock.stdout.readline()
code, out, err = run("import", "villages", villages, "--db", db)
lock.stdin.write("ROLLBACK;\n")
lock.stdin.close()
lock.wait(timeout=30)
c.ok(code != 0 and "locked by another program" in err and "nothing was imported" in err,
     f"import while locked: {code} {err!r}")
c.eq(sql(db, "SELECT count(*) FROM unit WHERE code = '22015901'"), "0", "nothing imported")
with open(ctl, "w") as f:
    f.write("write\n")
code, out, err = run("import", "villages", villages, "--db", db, env={"XASO_FAULT_FILE": ctl})
c.ok(code != 0 and "I/O error" in err and "nothing was imported" in err,
     f"import with I/O errors: {code} {err!r}")
c.eq(sql(db, "SELECT count(*) FROM unit WHERE code = '22015901'"), "0", "nothing imported")
code, out, err = run("import", "villages", villages, "--db", db)
c.eq(code, 0, f"the same import once the faults are gone: {err!r}")

# ---- a full disk: a small tmpfs for the database and the attachments ----
db = prepared_db()
mnt = tempfile.mkdtemp(dir=tmp)
env = {**os.environ, **NO_RATE_LIMITS, "T": mnt, "SRC": db, "X": XASO}
wrapper = " ".join(WRAPPER)
log = open(os.path.join(tmp, "tmpfs-serve.err"), "w")
out_path = os.path.join(tmp, "tmpfs-serve.out")
# The server picks its port and names it (as harness.Server has it).
proc = subprocess.Popen(["unshare", "--mount", "--map-root-user", "bash", "-c",
                         'mount -t tmpfs -o size=24m tmpfs "$T" && cp "$SRC" "$T/x.db" && '
                         f'exec {wrapper} "$X" serve --db "$T/x.db" --listen 127.0.0.1:0 '
                         '--no-snapshots'],
                        env=env, stdout=open(out_path, "w"), stderr=log)
root = f"/proc/{proc.pid}/root{mnt}"
port = None
deadline = time.time() + (180 if WRAPPER else 30)
while port is None and time.time() < deadline and proc.poll() is None:
    with open(out_path, encoding="utf-8", errors="replace") as f:
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", f.read())
    port = int(m.group(1)) if m else None
    time.sleep(0.05)


class Running:
    """What harness.Server offers, for a server started by hand."""
    port = None
    request = Server.request
    json = Server.json

    def __init__(self, port):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"


srv = Running(port)
deadline = time.time() + (180 if WRAPPER else 30)
while time.time() < deadline:
    try:
        with urllib.request.urlopen(srv.base + "/healthz", timeout=1):
            break
    except OSError:
        if proc.poll() is not None:
            break
        time.sleep(0.1)
try:
    auth = login(srv, "0912345678", PW)
    st, d = file_dossier(srv, auth, "trước đầy")
    c.eq(st, 201, "a dossier before the disk fills")
    st, _, _ = upload(srv, auth, b"before")
    c.eq(st, 201, "an upload before the disk fills")
    filler = os.path.join(root, "filler")
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError:
        pass
    finally:
        os.close(fd)
    big = os.urandom(200 * 1024).hex().encode()  # sure not to fit in what is left
    status, hdrs, body = upload(srv, auth, big)
    msg = refused(srv, status, hdrs, body, "an upload on a full disk")
    c.ok("disk is full" in msg, f"the message says the disk is full: {msg!r}")
    for i in range(3):
        status, hdrs, body = srv.request("POST", "/api/v1/dossiers",
                                         {"unit": "22015", "procedure": "1.001193",
                                          "form": BIRTH_FORM,
                                          "applicant": {**APPLICANT, "address": f"đầy {i}"}},
                                         auth)
        if status != 201:
            break
    msg = refused(srv, status, hdrs, body, "filing on a full disk")
    c.ok("disk is full" in msg, f"the message says the disk is full: {msg!r}")
    st, _ = srv.json("GET", f"/api/v1/track/{d['code']}")
    c.eq(st, 200, "tracking answers on a full disk")
    consistent(snapshot(root), "đầy %", os.path.join(root, "x.db.files"), "full disk")
    os.unlink(filler)
    st, d2 = file_dossier(srv, auth, "sau đầy")
    c.eq(st, 201, "filing works again once space is freed, without a restart")
    st, _, data = upload(srv, auth, big)
    c.ok(st == 201 and json.loads(data)["sha256"] == hashlib.sha256(pdf(big)).hexdigest(),
         "the same upload works once space is freed")
    consistent(snapshot(root), "đầy %", os.path.join(root, "x.db.files"),
               "after the full disk")
finally:
    proc.terminate()
    code = proc.wait(timeout=600 if WRAPPER else 60)
    log.close()
c.eq(code, 0, "the server on the tmpfs stopped cleanly")
shutil.rmtree(tmp, ignore_errors=True)
c.done()
