#!/usr/bin/env python3
"""A throw-away PostgreSQL 15 server for the tests: initialised in a
temporary directory, listening on a free loopback port (and a Unix socket in
that directory), stopped and deleted afterwards.

    pgcluster.py start STATE.json [durable]   initdb + pg_ctl start; writes STATE.json
    pgcluster.py stop STATE.json              pg_ctl stop; deletes the directory

ctest runs these as the fixture of the PostgreSQL tests (pg.start and
pg.stop); the tests read STATE.json (XASO_TEST_PG) through the functions
below: url() gives each test server a fresh database name, psql() runs SQL.

PostgreSQL refuses to run as root. When the tests run as root (CI does),
the server's programs run as the `postgres` system user that Debian's
package creates, through runuser, and the directory is given to that user;
as any other user they run as that user. The server is set up for tests:
trust authentication on loopback only, fsync off (nothing here measures
durability); `durable` keeps PostgreSQL's defaults, fsync on (bench/).
"""
# needs: runuser psql /usr/lib/postgresql/15/bin/initdb /usr/lib/postgresql/15/bin/pg_ctl
# needs: /usr/lib/postgresql/15/bin/psql /usr/lib/postgresql/15/bin/pg_dump
# needs: /usr/lib/postgresql/15/bin/pg_basebackup
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid


def bindir():
    """The newest installed PostgreSQL's server programs (Debian keeps them
    out of PATH, under /usr/lib/postgresql/VERSION/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if not found:
        raise SystemExit("pgcluster: no PostgreSQL server found (install postgresql-15)")
    return os.path.dirname(found[-1])


def as_server_user(cmd):
    """cmd run as the postgres user when we are root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def give_to_server_user(path):
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


def init_cluster(directory, port, extra_conf="", durable=False):
    """initdb + configuration in directory/data; returns the data directory."""
    data = os.path.join(directory, "data")
    b = bindir()
    subprocess.run(as_server_user([os.path.join(b, "initdb"), "-D", data, "-U", "postgres",
                                   "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]),
                   check=True, capture_output=True, text=True)
    with open(os.path.join(data, "postgresql.conf"), "a", encoding="utf-8") as f:
        f.write(f"""
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{directory}'
max_connections = 300
{"" if durable else "fsync = off"}
{"" if durable else "full_page_writes = off"}
shared_buffers = {"256MB" if durable else "64MB"}
wal_level = replica
max_wal_senders = 10
hot_standby = on
log_min_messages = warning
{extra_conf}
""")
    with open(os.path.join(data, "pg_hba.conf"), "w", encoding="utf-8") as f:
        f.write("local all all trust\nhost all all 127.0.0.1/32 trust\n"
                "local replication all trust\nhost replication all 127.0.0.1/32 trust\n")
    return data


def pg_ctl(data, *args):
    log = os.path.join(os.path.dirname(data), "server.log")
    return subprocess.run(as_server_user([os.path.join(bindir(), "pg_ctl"), "-D", data, "-l", log,
                                          *args]), capture_output=True, text=True)


def start(state_path, durable=False):
    if os.path.exists(state_path):
        stop(state_path)
    directory = tempfile.mkdtemp(prefix="xaso-pg-")
    os.chmod(directory, 0o755)
    give_to_server_user(directory)
    port = free_port()
    data = init_cluster(directory, port, durable=durable)
    r = pg_ctl(data, "-w", "-t", "60", "start")
    if r.returncode != 0:
        log = open(os.path.join(directory, "server.log"), encoding="utf-8", errors="replace").read()
        shutil.rmtree(directory, ignore_errors=True)
        raise SystemExit(f"pgcluster: the server did not start: {r.stderr}{log[-2000:]}")
    with open(state_path, "w", encoding="utf-8") as f:
        json.dump({"dir": directory, "data": data, "port": port}, f)
    print(f"PostgreSQL test server on 127.0.0.1:{port}, {directory}")


def stop(state_path):
    try:
        with open(state_path, encoding="utf-8") as f:
            st = json.load(f)
    except (OSError, ValueError):
        return
    pg_ctl(st["data"], "-m", "immediate", "-w", "stop")
    shutil.rmtree(st["dir"], ignore_errors=True)
    os.remove(state_path)
    print(f"PostgreSQL test server on port {st['port']} stopped and deleted")


# ---- for the tests ----

def state():
    """The running test server's state, or None when the tests run on SQLite."""
    path = os.environ.get("XASO_TEST_PG")
    if not path:
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def url(name=None, port=None):
    """The address of a database on the test server (a fresh name by default;
    `xaso init` creates it)."""
    name = name or "t_" + uuid.uuid4().hex[:16]
    return f"postgres://postgres@127.0.0.1:{port or state()['port']}/{name}"


def psql(db, sql, *params, raw=False):
    """Runs sql on db (an address as url() gives); returns the rows as lists
    of strings (raw: psql's output as it is). ? in sql are replaced by
    params, quoted as literals."""
    args = ["psql", "-X", "-q", "-A", "-t", "-F", "\x1f", "-v", "ON_ERROR_STOP=1", "-d", db]
    parts = sql.split("?")
    if len(parts) - 1 != len(params):
        raise ValueError("psql: parameters do not match the placeholders")
    text = parts[0]
    for i, p in enumerate(params):
        if p is not None:
            args += ["-v", f"p{i}={p}"]
        text += ("NULL" if p is None else f":'p{i}'") + parts[i + 1]
    r = subprocess.run(args, input=text, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"psql: {r.stderr.strip()}")
    if raw:
        return r.stdout
    return [line.split("\x1f") for line in r.stdout.splitlines() if line != ""]


class Cluster:
    """A server of a test's own (with a replica, say), in its own temporary
    directory; stop() stops it and deletes the directory."""

    def __init__(self, directory, port, data):
        self.dir, self.port, self.data = directory, port, data

    @classmethod
    def primary(cls, extra_conf=""):
        directory = tempfile.mkdtemp(prefix="xaso-pg-own-")
        os.chmod(directory, 0o755)
        give_to_server_user(directory)
        port = free_port()
        c = cls(directory, port, init_cluster(directory, port, extra_conf))
        c.start()
        return c

    def replica(self):
        """A streaming replica of this server (pg_basebackup -R), started."""
        directory = tempfile.mkdtemp(prefix="xaso-pg-replica-")
        os.chmod(directory, 0o755)
        give_to_server_user(directory)
        data = os.path.join(directory, "data")
        subprocess.run(as_server_user([os.path.join(bindir(), "pg_basebackup"), "-h", "127.0.0.1",
                                       "-p", str(self.port), "-U", "postgres", "-D", data, "-R",
                                       "-X", "stream", "--checkpoint=fast"]),
                       check=True, capture_output=True, text=True)
        port = free_port()
        with open(os.path.join(data, "postgresql.conf"), "a", encoding="utf-8") as f:
            f.write(f"\nport = {port}\nunix_socket_directories = '{directory}'\n")
        c = Cluster(directory, port, data)
        c.start()
        return c

    def start(self):
        r = pg_ctl(self.data, "-w", "-t", "60", "start")
        if r.returncode != 0:
            raise RuntimeError(f"pg_ctl start: {r.stderr}")

    def url(self, name):
        return url(name, self.port)

    def stop(self):
        pg_ctl(self.data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


def demo_copy(db, args, run_demo, key_file, data_dir=None):
    """`xaso demo ARGS` into db, made once per ARGS on the test server and
    copied for each test that asks again (CREATE DATABASE ... TEMPLATE):
    on PostgreSQL a demo takes many round trips, a copy a few file copies.
    run_demo(address, keyfile, datadir) runs the real command; the demo's
    certificates are kept under that key file, which is copied to key_file,
    db's, and its attachments under that directory, copied to data_dir
    when given. Returns what the command returned (its output is kept with
    the template)."""
    import fcntl
    import hashlib
    st = state()
    tpl = "tpl_" + hashlib.sha1(repr(list(args)).encode()).hexdigest()[:16]
    out_path = os.path.join(st["dir"], tpl + ".out")
    tpl_key = os.path.join(st["dir"], tpl + ".key")
    tpl_files = os.path.join(st["dir"], tpl + ".files")
    with open(os.path.join(st["dir"], tpl + ".lock"), "a", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.exists(out_path):
            rc, out, err = run_demo(url(tpl), tpl_key, tpl_files)
            if rc != 0:
                psql(url("postgres"), f"DROP DATABASE IF EXISTS {tpl}")
                return rc, out, err
            with open(out_path, "w", encoding="utf-8") as f:
                f.write(out)
        name = db.rsplit("/", 1)[1]
        for attempt in range(50):  # the demo's backends may still be exiting
            try:
                psql(url("postgres"), f"DROP DATABASE IF EXISTS {name}")
                psql(url("postgres"), f"CREATE DATABASE {name} TEMPLATE {tpl}")
                break
            except RuntimeError:
                if attempt == 49:
                    raise
                time.sleep(0.1)
        if os.path.exists(tpl_key):
            shutil.copyfile(tpl_key, key_file)
            os.chmod(key_file, 0o600)
        if data_dir and os.path.isdir(tpl_files):
            shutil.copytree(tpl_files, data_dir, dirs_exist_ok=True)
    with open(out_path, encoding="utf-8") as f:
        return 0, f.read(), ""


def wait_ready(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        r = subprocess.run([os.path.join(bindir(), "pg_isready"), "-h", "127.0.0.1", "-p",
                            str(port)], capture_output=True)
        if r.returncode == 0:
            return True
        time.sleep(0.1)
    return False


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "demo":
        # pgcluster.py demo KEYFILE DB ARGS...: demo_copy for the browser
        # tests (XASO_BIN, XASO_TEST_PG); one key file for all their databases;
        # the attachments copied to XASO_DATA, the target's directory.
        keyfile, target, rest = sys.argv[2], sys.argv[3], sys.argv[4:]
        def run_demo(db, key, files):
            p = subprocess.run([os.environ["XASO_BIN"], "demo", "--db", db, *rest],
                               capture_output=True, text=True,
                               env={**os.environ, "XASO_KEY_FILE": key, "XASO_DATA": files})
            return p.returncode, p.stdout, p.stderr
        rc, out, err = demo_copy(target, rest, run_demo, keyfile, os.environ.get("XASO_DATA"))
        sys.stdout.write(out)
        sys.stderr.write(err)
        raise SystemExit(rc)
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in ("start", "stop"):
        raise SystemExit("usage: pgcluster.py start|stop STATE.json [durable]")
    if sys.argv[1] == "start":
        start(os.path.abspath(sys.argv[2]), durable=sys.argv[3:] == ["durable"])
    else:
        stop(os.path.abspath(sys.argv[2]))
