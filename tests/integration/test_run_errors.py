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

from harness import XASO, Checks, run

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
