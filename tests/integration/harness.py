"""Shared helpers for integration tests: a fresh database, the real xaso
binary on a loopback port it chooses, and small HTTP helpers (standard
library only).

Every test runs on SQLite, and again on PostgreSQL when XASO_TEST_PG names
the state file of the test server (pgcluster.py; ctest's integration.pg.*
tests): a fresh database for each Server, its attachments in a directory of
their own (what SQLite keeps beside the file, DB.files), and connect() to
read or change the database directly through sqlite3 or psql."""
# needs: nginx
import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import shlex
import shutil
import struct
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid

import pgcluster

XASO = os.environ.get("XASO_BIN", "xaso")
SRC = os.environ.get("XASO_SRC", ".")
PG = pgcluster.state()  # the PostgreSQL test server, or None on SQLite
_PG_FILES = tempfile.mkdtemp(prefix="xaso-it-files-") if PG else None


def is_pg(db):
    return db.startswith(("postgres://", "postgresql://"))


def fresh_db(directory, name="t.db"):
    """A new database's address: a file in directory, or a new database on
    the PostgreSQL test server (xaso init creates it)."""
    return pgcluster.url() if PG else os.path.join(directory, name)


def data_dir(db):
    """Where a database's attachments live by default: beside a SQLite
    file; for PostgreSQL, which has no such place, a directory of the test's
    own, given as XASO_DATA."""
    if is_pg(db):
        return os.path.join(_PG_FILES, db.rsplit("/", 1)[1] + ".files")
    return db + ".files"


def key_file(db):
    """The signing keys' key file: beside a SQLite file (xaso's default);
    for PostgreSQL, whose default is ./xaso.key, one of the test's own."""
    if is_pg(db):
        return os.path.join(_PG_FILES, db.rsplit("/", 1)[1] + ".key")
    return db + ".key"


def _db_env(args, env):
    """XASO_DATA and XASO_KEY_FILE for a CLI run on a PostgreSQL database
    without --data or --key-file."""
    env = dict(env or {})
    if "--db" in args:
        db = args[args.index("--db") + 1]
        if is_pg(db) and "--data" not in args and "XASO_DATA" not in env:
            env["XASO_DATA"] = data_dir(db)
        if is_pg(db) and "--key-file" not in args and "XASO_KEY_FILE" not in env:
            env["XASO_KEY_FILE"] = key_file(db)
    return env

# The tests speak for many users from one loopback address, far faster
# than people do: the rate limits (web/ratelimit.h) are off unless a test
# sets them (test_probe.py does).
NO_RATE_LIMITS = {f"XASO_RATE_{c}": "off"
                  for c in ("TRACK", "SIGNIN", "REGISTER", "FEEDBACK", "FILING", "UPLOAD")}

# A birth registration (procedure 1.001193) filed for commune 22015: the
# form its declared fields accept, and its applicant.
BIRTH_FORM = {
    "requester_full_name": "Nguyễn Văn An", "requester_pid": "066090000123",
    "requester_relationship": "cha", "child_full_name": "Nguyễn Văn Bình", "child_sex": "nam",
    "child_birth_date": "2026-04-20", "child_birth_place": "Bệnh viện tỉnh Đắk Lắk",
    "child_hometown": "Đắk Lắk", "child_ethnicity": "Kinh", "child_nationality": "Việt Nam",
}
APPLICANT = {"name": "Nguyễn Văn An", "pid": "066090000123", "phone": "0912345678",
             "address": "Phường Tuy Hòa"}


def _run(args, stdin, env):
    p = subprocess.run([XASO, *args], input=stdin, capture_output=True, text=True,
                       env={**os.environ, **_db_env(args, env)}, timeout=300)
    return p.returncode, p.stdout, p.stderr


def run(*args, stdin=None, env=None, check=False):
    """Runs the CLI; returns (exit code, stdout, stderr). A demo on the
    PostgreSQL test server is made once and copied (pgcluster.demo_copy)."""
    if (PG and args[:1] == ("demo",) and "--db" in args and is_pg(args[args.index("--db") + 1])
            and "--logins" not in args and not env and stdin is None):
        i = args.index("--db")
        rest = args[1:i] + args[i + 2:]
        code, out, err = pgcluster.demo_copy(
            args[i + 1], rest,
            lambda db, key, files: _run(("demo", "--db", db, *rest), None,
                                        {"XASO_KEY_FILE": key, "XASO_DATA": files}),
            key_file(args[i + 1]), data_dir(args[i + 1]))
    else:
        code, out, err = _run(args, stdin, env)
    if check and code != 0:
        raise AssertionError(f"xaso {' '.join(args)} exited {code}: {err}")
    return code, out, err


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


# A command the server runs under, e.g. "valgrind --error-exitcode=99"
# (make valgrind sets it); the CLI runs as it is.
WRAPPER = shlex.split(os.environ.get("XASO_SERVER_WRAPPER", ""))
# How many times longer a server may take to answer under that command
# (memcheck runs one thread at a time, some 50 times slower, and `make
# valgrind` runs it at nice 10 on a shared machine): the tests' time limits
# and the times they wait on purpose (session lifetimes) are multiplied by it.
SLOW = 40 if WRAPPER else 1
HTTP_TIMEOUT = 30 * SLOW  # seconds a client waits for an answer


class Server:
    """xaso serve on a fresh (or given) database; use as a context manager."""

    def __init__(self, db=None, extra=(), env=None, init=True, snapshots=False):
        self.dir = tempfile.mkdtemp(prefix="xaso-it-")
        self.db = db or fresh_db(self.dir)
        if init and db is None:
            run("init", "--db", self.db, check=True)
        # The server picks its own port (--listen 127.0.0.1:0) and names it
        # on its first line; __enter__ reads it there. A port chosen here
        # and passed to it could be taken by another program in between,
        # and /healthz would then be answered by that program.
        self.port = None
        self.base = None
        # The background snapshots of closed months (web/snapshots.h) only
        # where a test asks for them: they would freeze past months that
        # tests fill after the start, and cost every test server CPU.
        self.extra = list(extra) + ([] if snapshots else ["--no-snapshots"])
        self.env = _db_env(["--db", self.db, *self.extra], {**NO_RATE_LIMITS, **(env or {})})
        self.data_dir = self.env.get("XASO_DATA", data_dir(self.db))
        self.proc = None

    def __enter__(self):
        self.proc = subprocess.Popen(
            [*WRAPPER, XASO, "serve", "--db", self.db, "--listen", "127.0.0.1:0", *self.extra],
            # Files, not pipes: a pipe nobody reads while the test runs
            # fills up with log lines and stops the server mid-request.
            stdout=self._out(), stderr=self._err(), text=True,
            env={**os.environ, **self.env})
        deadline = time.time() + 30 * SLOW
        while time.time() < deadline:
            if self.port is None:
                m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", self._read("out"))
                if not m:
                    if self.proc.poll() is not None:
                        raise AssertionError("server exited: " + self._read("err"))
                    time.sleep(0.05)
                    continue
                self.port = int(m.group(1))
                self.base = f"http://127.0.0.1:{self.port}"
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, OSError):
                if self.proc.poll() is not None:
                    raise AssertionError("server exited: " + self._read("err"))
                time.sleep(0.05)
        raise AssertionError("server did not start")

    def _log(self, which):
        # One pair of files per server started on this directory (a test
        # may start several on one database).
        return os.path.join(self.dir, f"serve-{id(self)}.{which}")

    def _out(self):
        self._outf = open(self._log("out"), "w")
        return self._outf

    def _err(self):
        self._errf = open(self._log("err"), "w")
        return self._errf

    def _read(self, which):
        with open(self._log(which), encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self):
        """SIGTERM; returns (exit code, stdout, stderr)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60 * SLOW)
        self._outf.close()
        self._errf.close()
        return self.proc.returncode, self._read("out"), self._read("err")

    def kill(self):
        """SIGKILL, as a crash would end the process; returns its exit code."""
        self.proc.kill()
        return self.stop()[0]

    def __exit__(self, *exc):
        code, _, err = self.stop()
        if exc[0] is None:
            assert code == 0, f"server exit {code}: {err[-3000:]}"

    def request(self, method, path, body=None, headers=None, raw=None):
        """Returns (status, headers, body bytes)."""
        data = raw
        hdrs = dict(headers or {})
        if body is not None:
            data = json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=hdrs)
        try:
            with _opener.open(req, timeout=HTTP_TIMEOUT) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()
        except urllib.error.URLError as e:
            if not isinstance(e.reason, (BrokenPipeError, ConnectionResetError)):
                raise
        # The server answered (413) and closed before reading the whole
        # body; urllib drops that answer, http.client can still read it.
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HTTP_TIMEOUT)
        try:
            try:
                conn.request(method, path, body=data, headers=hdrs)
            except (BrokenPipeError, ConnectionResetError):
                pass
            r = conn.getresponse()
            return r.status, dict(r.headers), r.read()
        finally:
            conn.close()

    def json(self, method, path, body=None, headers=None):
        status, hdrs, data = self.request(method, path, body, headers)
        return status, (json.loads(data) if data else None)


def raw_http(port, data, timeout=5.0):
    """Sends bytes on a new loopback connection and reads until the server
    closes it or timeout passes: (answer, seconds, closed)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    t0 = time.time()
    s.sendall(data)
    out, closed = b"", False
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                closed = True
                break
            out += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    s.close()
    return out, time.time() - t0, closed


def multipart(fields, files):
    """(content type, body) for fields {name: text} and files [(field, filename, ctype, bytes)]."""
    b = "xaso" + uuid.uuid4().hex
    out = bytearray()
    for name, value in fields.items():
        out += f'--{b}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        out += value.encode() + b"\r\n"
    for field, filename, ctype, data in files:
        out += (f'--{b}\r\nContent-Disposition: form-data; name="{field}"; '
                f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n').encode()
        out += data + b"\r\n"
    out += f"--{b}--\r\n".encode()
    return f"multipart/form-data; boundary={b}", bytes(out)


def totp(secret_b32, at=None, step_offset=0):
    """RFC 6238 code (SHA-1, 30 s, 6 digits) for a base32 secret."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = int((time.time() if at is None else at) // 30) + step_offset
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[-1] & 15
    code = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % 1000000
    return f"{code:06d}"


def add_user(db, role, login, password, unit=None, name=None, totp_enrol=False):
    """Creates an account with the CLI; returns the TOTP secret when enrolled."""
    args = ["user", "add", "--db", db, "--role", role, "--login", login, "--password-stdin"]
    if unit:
        args += ["--unit", unit]
    if name:
        args += ["--name", name]
    if totp_enrol:
        args.append("--totp")
    _, out, _ = run(*args, stdin=password + "\n", check=True)
    for line in out.splitlines():
        if line.startswith("totp secret for "):
            return line.split(": ", 1)[1].strip()
    return None


def login(srv, login_name, password, secret=None):
    """Signs in through the API; returns the bearer headers for later calls."""
    body = {"login": login_name, "password": password}
    if secret:
        body["totp"] = totp(secret)
    status, j = srv.json("POST", "/api/v1/login", body)
    if status != 200:
        raise AssertionError(f"login {login_name}: {status} {j}")
    return {"Authorization": "Bearer " + j["token"]}


class _Rows:
    def __init__(self, rows):
        self.rows = rows

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def fetchall(self):
        return self.rows

    def __iter__(self):
        return iter(self.rows)


class PgConnection:
    """The little of sqlite3's connection the tests use, through psql: each
    statement runs on its own (autocommit); rows come back with JSON's
    types (numbers as int or float, text as str, NULL as None)."""

    def __init__(self, db):
        self.db = db

    def execute(self, sql, params=()):
        select = sql.lstrip().upper().startswith("SELECT")
        if select or " RETURNING " in sql.upper():
            wrapped = (f"SELECT coalesce(json_agg(q), '[]') FROM ({sql}) q" if select else
                       f"WITH q AS ({sql}) SELECT coalesce(json_agg(q), '[]') FROM q")
            out = pgcluster.psql(self.db, wrapped, *params, raw=True)
            rows = json.loads(out, object_pairs_hook=lambda pairs: tuple(v for _, v in pairs))
            return _Rows([tuple(r) for r in rows])
        pgcluster.psql(self.db, sql, *params)
        return _Rows([])

    def commit(self):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def connect(db):
    """The database itself, behind the server's back: sqlite3's connection,
    or the same few calls through psql."""
    if is_pg(db):
        return PgConnection(db)
    import sqlite3
    return sqlite3.connect(db)


def database_errors():
    """What connect()'s execute raises when the database refuses."""
    import sqlite3
    return (sqlite3.DatabaseError, RuntimeError)


class Checks:
    """Counts assertions so each test prints 'N passed, N failed'."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL:", what, flush=True)

    def eq(self, got, want, what):
        self.ok(got == want, f"{what}: got {got!r}, want {want!r}")

    def done(self):
        print(f"{self.passed} passed, {self.failed} failed")
        raise SystemExit(1 if self.failed else 0)


def pdf_document(text="Trich luc khai sinh"):
    """A small, well-formed one-page PDF (a result that can be signed:
    qpdf reads its cross-reference table, pdfsig shows its signatures)."""
    stream = f"BT /F1 18 Tf 72 770 Td ({text}) Tj ET".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def demo_certs(db, unit, *extra):
    """Certificates from the demo CA for a unit: its seal and its leaders'
    (xaso certs demo-ca --unit), as results are signed when approved."""
    return run("certs", "demo-ca", "--db", db, "--unit", unit, *extra, check=True)


def eventually(fn, want, seconds=5.0):
    """Calls fn until it returns want or the seconds have passed; returns
    its last answer (what another process or a replica shows in time)."""
    got = None
    deadline = time.time() + seconds
    while time.time() < deadline:
        got = fn()
        if got == want:
            break
        time.sleep(0.1)
    return got


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def start_nginx(d, conf):
    """Starts nginx from directory d with the server blocks conf (the
    shipped files of deploy/nginx, filled in) inside a minimal main
    configuration; returns the completed start command (returncode 0 when
    it runs). Stop it with stop_nginx(d)."""
    with open(os.path.join(d, "xaso.conf"), "w", encoding="utf-8") as f:
        f.write(conf)
    with open(os.path.join(d, "nginx.conf"), "w", encoding="utf-8") as f:
        f.write(f"""worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log;
events {{ worker_connections 256; }}
http {{
  access_log {d}/access.log;
  client_body_temp_path {d}/body;
  proxy_temp_path {d}/proxy;
  fastcgi_temp_path {d}/fastcgi;
  uwsgi_temp_path {d}/uwsgi;
  scgi_temp_path {d}/scgi;
  include {d}/xaso.conf;
}}
""")
    return subprocess.run([NGINX, "-p", d, "-c", f"{d}/nginx.conf", "-e", f"{d}/error.log"],
                          capture_output=True, text=True)


def stop_nginx(d, how="stop"):
    """Stops the nginx of start_nginx(d) ("quit": after its requests) and
    waits until it is gone."""
    pidfile = os.path.join(d, "nginx.pid")
    if not os.path.exists(pidfile):
        return
    subprocess.run([NGINX, "-p", d, "-c", f"{d}/nginx.conf", "-e", f"{d}/error.log", "-s", how],
                   capture_output=True)
    for _ in range(50):
        if not os.path.exists(pidfile):
            break
        time.sleep(0.1)
