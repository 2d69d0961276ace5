"""What a user reads when `make run` cannot work for a reason of the machine:
the port is taken, the database is on a read-only disk or in a missing
directory, the disk is full. Each is one line saying what is wrong and what
to do. Read-only and full disks are small tmpfs mounts in a private mount
namespace (unshare), so the test needs no other privilege."""
# needs: unshare
import os
import socket
import subprocess
import tempfile

import harness
from harness import XASO, Checks, Server, run

c = Checks()
tmp = tempfile.mkdtemp(prefix="xaso-runerr-")


def in_tmpfs(size, script):
    """Runs script (bash) with a fresh tmpfs of size mounted at $T."""
    mnt = tempfile.mkdtemp(dir=tmp)
    p = subprocess.run(["unshare", "--mount", "--map-root-user", "bash", "-c",
                        f'mount -t tmpfs -o size={size} tmpfs "$T" && {script}'],
                       capture_output=True, text=True, timeout=120,
                       env={**os.environ, "T": mnt, "X": XASO})
    return p.returncode, p.stdout, p.stderr


def last_line(err):
    lines = [l for l in err.strip().splitlines() if l.startswith("xaso:")]
    return lines[-1] if lines else ""


# The port is taken by another program.
db = os.path.join(tmp, "t.db")
run("init", "--db", db, check=True)
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    s.listen()
    port = s.getsockname()[1]
    code, out, err = run("serve", "--db", db, "--listen", f"127.0.0.1:{port}")
c.eq(code, 1, "serve on a taken port exits 1")
c.ok("another program already uses that port" in last_line(err) and "--listen" in err,
     f"the taken port is named with what to do: {err!r}")
c.eq(len(err.strip().splitlines()), 1, f"one line, not the web server's own 'Failed to bind': {err!r}")



def listener_pid_owns(pid, port):
    """True when the socket listening on 127.0.0.1:port is one of pid's."""
    inodes = set()
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            field = line.split()
            if field[1] == f"0100007F:{port:04X}" and field[3] == "0A":
                inodes.add(f"socket:[{field[9]}]")
    fds = os.path.join("/proc", str(pid), "fd")
    mine = set()
    for fd in os.listdir(fds):
        try:
            mine.add(os.readlink(os.path.join(fds, fd)))
        except OSError:
            pass
    return bool(inodes) and inodes <= mine


# The tests' servers (harness.Server) listen on a port they choose and name
# (--listen 127.0.0.1:0). A port chosen by the test beforehand could be
# taken by another server in between; the test then spoke to that one (a
# correct password refused with 401 in test_crash, after a restart).
with Server() as a, Server() as b:
    for name, srv in (("first", a), ("second", b)):
        c.ok(listener_pid_owns(srv.proc.pid, srv.port),
             f"the {name} test server's port {srv.port} is its own")
    c.ok(a.port != b.port, "two servers, two ports")
    # Even when a port chosen by the test would be taken (as when another
    # test's server got the same free port in between).
    harness.free_port = lambda: b.port
    with Server() as late:
        c.ok(late.port != b.port and listener_pid_owns(late.proc.pid, late.port),
             "a server whose free port was taken meanwhile still speaks for itself")

# The database's directory does not exist.
code, _, err = run("init", "--db", os.path.join(tmp, "missing", "x.db"))
c.ok(code != 0 and "does not exist" in last_line(err), f"missing directory: {err!r}")

# The disk is read-only: a database made there, then the disk remounted.
code, out, err = in_tmpfs("16m", '"$X" init --db "$T/x.db" >/dev/null && '
                          'mount -o remount,ro "$T" && "$X" serve --db "$T/x.db" --listen 127.0.0.1:0')
c.ok(code != 0 and "read-only" in last_line(err) and "mounted read-only" in err,
     f"read-only disk: {code} {err!r}")

# The disk fills up while the database is made.
code, out, err = in_tmpfs("1m", '"$X" init --db "$T/x.db"')
c.ok(code != 0 and "is full" in last_line(err) and "free some space" in err,
     f"full disk: {code} {err!r}")

# The demo would not fit: refused before anything is written.
code, out, err = in_tmpfs("20m", '"$X" demo --db "$T/x.db"; s=$?; ls "$T"; exit $s')
c.ok(code != 0 and "MB free" in last_line(err) and "DB=" in err, f"demo too big: {err!r}")
c.eq(out.strip(), "", "nothing was written by the refused demo")

c.done()
