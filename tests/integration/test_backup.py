"""xaso backup and xaso restore: a copy taken while a server runs and files
dossiers, read back into a new database, holds every row of every table,
an intact audit chain, and answers the API as the original does. On SQLite
and on PostgreSQL (pg_dump and pg_restore)."""
# also on PostgreSQL in the sanitizer build (they run the back end's own code)
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(__file__))
from harness import Checks, Server, connect, fresh_db, is_pg, login, run  # noqa: E402

PW = "motcua-demo-2026"


def tables(db):
    c = connect(db)
    if is_pg(db):
        q = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
    else:
        q = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1"
    return [r[0] for r in c.execute(q).fetchall()]


def content(db, table):
    """The table's rows in one order (rows that share their first column,
    as a product's listings do, may come back in any order)."""
    return sorted(connect(db).execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def main():
    t = Checks()
    srv = Server(init=False)
    run("demo", "--db", srv.db, "--scale", "0.01", check=True)
    backup = os.path.join(srv.dir, "copy.bak")
    with Server(db=srv.db) as s:
        auth = login(s, "officer.22015", PW)
        # A copy taken while dossiers are being filed.
        filed, stop = [], threading.Event()

        def filing():
            while not stop.is_set():
                st, j = s.json("POST", "/api/v1/dossiers",
                               {"unit": "22015", "procedure": "1.000080", "channel": 1,
                                "applicant": {"name": "Lê Thị Hoa", "phone": "0912345678"}},
                               headers=auth)
                if st == 201:
                    filed.append(j["code"])
        th = threading.Thread(target=filing)
        th.start()
        code, out, err = run("backup", backup, "--db", srv.db)
        stop.set()
        th.join()
        t.ok(code == 0 and "backup written" in out, f"backup while filing: {out}{err}")
        t.ok(len(filed) > 0, "dossiers were filed meanwhile")
        code, _, err = run("backup", backup, "--db", srv.db)
        t.ok(code == 2 and "exists" in err, "an existing file is never overwritten")

    restored = fresh_db(srv.dir, "restored.db")
    code, out, err = run("restore", backup, "--db", restored)
    t.ok(code == 0 and "audit log intact" in out, f"restore: {out}{err}")
    names = tables(srv.db)
    t.eq(tables(restored), names, "the same tables")
    for name in names:
        a, b = content(srv.db, name), content(restored, name)
        # Rows filed after the copy began may be missing, never others;
        # the day's counters may have gone on since.
        if name == "dossier_seq":
            last = {r[:2]: r[2] for r in a}
            t.ok(all(r[:2] in last and r[2] <= last[r[:2]] for r in b),
                 "dossier_seq: the copy's counters are at most the original's")
        elif name in ("dossier", "dossier_event", "audit") or name.startswith(
                ("dossier_y", "audit_y", "dossier_default", "audit_default")):
            t.ok(set(b) <= set(a) and (len(b) > 0) == (len(a) > 0),
                 f"{name}: the copy's rows are the original's")
        elif name.startswith("idx766_"):
            # The 766 index's kept counts follow the dossiers filed since:
            # the copy's must count the copy's dossiers (below).
            t.ok((len(b) > 0) == (len(a) > 0), f"{name}: kept counts copied")
        else:
            t.eq(b, a, f"{name}: every row the same")
    _, out_a, _ = run("audit", "verify", "--db", restored)
    t.ok("intact" in out_a, "the copy's audit chain is intact")
    code, out, err = run("index766", "--check", "--period", "2026", "--db", restored)
    t.ok(code == 0 and "agree" in out, f"the copy's 766 counts agree with its dossiers: {out}{err}")

    # The restored database serves what it holds.
    known = content(restored, "dossier")[0]
    code_col = 1
    with Server(db=srv.db) as a, Server(db=restored) as b:
        for path in ("/api/v1/units/22015", "/api/v1/track/" + known[code_col],
                     "/api/v1/procedures/1.001193"):
            t.eq(b.request("GET", path)[2], a.request("GET", path)[2], f"GET {path} answers alike")

    code, _, err = run("restore", backup, "--db", restored)
    t.ok(code == 2 and "not empty" in err, "restore refuses a database that holds data")
    code, _, err = run("restore", os.path.join(srv.dir, "missing.bak"), "--db",
                       fresh_db(srv.dir, "other.db"))
    t.ok(code != 0, "restore of a missing file fails")
    t.done()


if __name__ == "__main__":
    main()
