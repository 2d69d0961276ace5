"""Shared helpers for integration tests: a fresh database, the real xaso
binary on a free loopback port, and small HTTP helpers (standard library
only)."""
import http.client
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

XASO = os.environ.get("XASO_BIN", "xaso")
SRC = os.environ.get("XASO_SRC", ".")


def run(*args, stdin=None, env=None, check=False):
    """Runs the CLI; returns (exit code, stdout, stderr)."""
    p = subprocess.run([XASO, *args], input=stdin, capture_output=True, text=True,
                       env={**os.environ, **(env or {})}, timeout=300)
    if check and p.returncode != 0:
        raise AssertionError(f"xaso {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p.returncode, p.stdout, p.stderr


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """xaso serve on a fresh (or given) database; use as a context manager."""

    def __init__(self, db=None, extra=(), env=None, init=True):
        self.dir = tempfile.mkdtemp(prefix="xaso-it-")
        self.db = db or os.path.join(self.dir, "t.db")
        if init and db is None:
            run("init", "--db", self.db, check=True)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.extra = list(extra)
        self.env = env or {}
        self.proc = None

    def __enter__(self):
        self.proc = subprocess.Popen(
            [XASO, "serve", "--db", self.db, "--listen", f"127.0.0.1:{self.port}", *self.extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, **self.env})
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, OSError):
                if self.proc.poll() is not None:
                    raise AssertionError("server exited: " + self.proc.stderr.read())
                time.sleep(0.05)
        raise AssertionError("server did not start")

    def stop(self):
        """SIGTERM; returns (exit code, stdout, stderr)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        out, err = self.proc.communicate(timeout=60)
        return self.proc.returncode, out, err

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
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            try:
                conn.request(method, path, body=data, headers=hdrs)
            except (BrokenPipeError, ConnectionResetError):
                # The server answered (413) and closed without reading the
                # whole body; its answer is still there to read.
                pass
            r = conn.getresponse()
            return r.status, dict(r.headers), r.read()
        finally:
            conn.close()

    def json(self, method, path, body=None, headers=None):
        status, hdrs, data = self.request(method, path, body, headers)
        return status, (json.loads(data) if data else None)


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
