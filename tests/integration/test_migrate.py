"""xaso migrate: a commune that ran on its own SQLite file moves into its
province's database (PostgreSQL in the integration.pg run, another SQLite
file otherwise) without loss, and a unit's data moves out again.

A commune file is made from the demo province (its data moved out), then
used: a citizen registers, uploads a scan and files with it, an officer
receives the dossier, someone sends feedback, an API token is made. The
province already holds another commune. After the move every table compares
equal, the audit chain is intact, and the province serves the commune: the
citizen and the officer sign in with their passwords, the token works, the
dossier is tracked and its scan downloads byte for byte. Moving again is
refused; a clash of logins writes nothing; the unit moves out into a new
file that serves the same."""
# also on PostgreSQL in the sanitizer build (they run the back end's own code)
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import (Checks, Server, add_user, connect, data_dir, fresh_db, is_pg, login,  # noqa: E402
                     run)

PW = "motcua-demo-2026"
CITIZEN_PW = "vuon-ca-phe-nha-toi-2026"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
    "53de0000000c4944415478 9c63f8cfc00000030101 00c9fe92ef0000000049454e44ae426082"
    .replace(" ", ""))
NOT_MOVED = {"session", "login_failure", "unit_rev", "people_rev", "audit", "indicator",
             "indicator_target", "criteria_set", "criterion"}


def migrate(src, dst, *extra):
    args = ["migrate", "--from", src, "--to", dst, *extra]
    if is_pg(src):
        args += ["--from-data", data_dir(src)]
    if is_pg(dst):
        args += ["--to-data", data_dir(dst)]
    return run(*args)


def report(out):
    """{table: (copied, kept, compared)} from the command's report."""
    rows = {}
    for line in out.splitlines():
        m = re.match(r"\s+(\w+)\s+(\d+)\s+(\d+)?\s+(.*)$", line)
        if m:
            rows[m.group(1)] = (int(m.group(2)), int(m.group(3) or 0), m.group(4))
    return rows


def all_same(rows):
    """The compared tables all say "same"."""
    compared = [c for _, _, c in rows.values() if re.match(r"\d+ / \d+ rows", c)]
    return len(compared) > 5 and all(c.endswith(": same") for c in compared)


def count(db, sql, *params):
    return connect(db).execute(sql, params).fetchone()[0]


def use_commune(t, commune):
    """Activity on the commune's own server; returns what to look for later."""
    with Server(db=commune) as s:
        st, _ = s.json("POST", "/api/v1/register", {"login": "0911222333", "password": CITIZEN_PW,
                                                    "full_name": "H'Hoa Mlô"})
        t.eq(st, 201, "a citizen registers on the commune's server")
        citizen = login(s, "0911222333", CITIZEN_PW)
        st, _, data = s.request("POST", "/api/v1/blobs", raw=PNG,
                                headers={"Content-Type": "image/png", **citizen})
        sha = __import__("json").loads(data)["sha256"]
        st, j = s.json("POST", "/api/v1/dossiers",
                       {"unit": "22015", "procedure": "1.000080",
                        "applicant": {"name": "H'Hoa Mlô", "phone": "0911222333"},
                        "documents": [{"sha256": sha, "name": "giay-to.png"}]}, headers=citizen)
        t.eq(st, 201, "the citizen files with a scan")
        code = j["code"]
        officer = login(s, "officer.22015", PW)
        st, _ = s.json("POST", f"/api/v1/dossiers/{code}/transitions", {"to": 2}, headers=officer)
        t.eq(st, 200, "the officer receives it")
        st, _ = s.json("POST", "/api/v1/feedback", {"unit": "22015", "content": "Cảm ơn cán bộ"})
        t.eq(st, 201, "feedback for the commune")
        # The citizen's feedback about the dossier, answered, then filed again
        # about it: a follow-up (migration 017) that moves pointing to its
        # earlier feedback (the tables' sums compare the earlier one's time).
        st, j = s.json("POST", "/api/v1/feedback", {"dossier_code": code, "content": "Chậm"},
                       headers=citizen)
        st, _ = s.json("POST", f"/api/v1/feedback/{j['id']}/answer", {"answer": "Đã xử lý"},
                       headers=officer)
        st, j = s.json("POST", "/api/v1/feedback", {"dossier_code": code, "content": "Vẫn chậm"},
                       headers=citizen)
        t.ok(st == 201 and j.get("repeats"), "a follow-up of the citizen's feedback")
    _, out, _ = run("token", "create", "--db", commune, "--login", "officer.22015", "--name", "ketnoi")
    token = out.split()[-1]
    return code, token


def serves_commune(t, db, code, token, label):
    with Server(db=db) as s:
        citizen = login(s, "0911222333", CITIZEN_PW)
        st, j = s.json("GET", f"/api/v1/dossiers/{code}", headers=citizen)
        t.ok(st == 200 and j["status"]["code"] == 2, f"{label}: the citizen signs in and sees the dossier")
        files = j.get("files", []) if st == 200 else []
        t.eq(len(files), 1, f"{label}: with its scan")
        if files:
            st, _, data = s.request("GET", f"/my/dossiers/{code}/files/{files[0]['id']}",
                                    headers=citizen)
            t.ok(st == 200 and data == PNG, f"{label}: the scan downloads byte for byte")
        st, j = s.json("GET", "/api/v1/track/" + code)
        t.eq(st, 200, f"{label}: tracked by its code")
        officer = login(s, "officer.22015", PW)
        st, j = s.json("GET", "/api/v1/dossiers?unit=22015&limit=500", headers=officer)
        t.ok(st == 200 and code in [d["code"] for d in j["dossiers"]],
             f"{label}: the officer signs in and lists the commune's dossiers")
        st, j = s.json("GET", "/api/v1/me", headers={"Authorization": "Bearer " + token})
        t.ok(st == 200 and j.get("login") == "officer.22015", f"{label}: the API token works")


def main():
    t = Checks()
    work = Server(init=False).dir
    demo = os.path.join(work, "demo.db")
    run("demo", "--db", demo, "--scale", "0.01", check=True)
    # The commune's own file: its data moved out of the demo province.
    commune = os.path.join(work, "commune.db")
    code, out, err = migrate(demo, commune, "--unit", "22015")
    t.ok(code == 0, f"the commune's file is made: {err}")
    code, token = use_commune(t, commune)

    # The province already holds another commune.
    province = fresh_db(work, "province.db")
    rc, out, err = migrate(demo, province, "--unit", "22045")
    t.ok(rc == 0, f"the province holds commune 22045: {err}")
    before = count(province, "SELECT count(*) FROM dossier")

    rc, out, err = migrate(commune, province)
    t.ok(rc == 0 and "target audit log intact" in out, f"the commune moves up: {err}{out[-500:]}")
    rows = report(out)
    t.ok(out.startswith("unit 22015 "), "the commune is found in its file")
    for table, (_, _, compared) in rows.items():
        if re.match(r"\d+ / \d+ rows", compared):
            t.ok(compared.endswith(": same"), f"{table}: {compared}")
    t.ok(rows.get("dossier", (0,))[0] > 0 and rows.get("dossier_event", (0,))[0] > 0,
         "dossiers and their events moved")
    for table in ("household", "resident", "resident_history", "business", "team", "team_member",
                  "activity", "product", "report", "unit_fee_setup", "bank_statement",
                  "bank_credit", "payment", "cert"):
        t.ok(rows.get(table, (0,))[0] > 0, f"the commune's {table} rows moved")
    t.eq(count(province, "SELECT count(*) FROM resident WHERE village BETWEEN 122015000 AND "
               "122015999"), count(commune, "SELECT count(*) FROM resident"),
         "all the commune's residents")
    t.eq(rows.get("blob", (0, 0))[0], 1, "the scan's row moved")
    t.ok(rows.get("audit", (0,))[0] > 0, "the commune's audit entries moved")
    lite_tables = {r[0] for r in connect(commune).execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
    t.eq(lite_tables - set(rows) - NOT_MOVED, set(), "every table of the schema is moved or named")
    t.eq(count(province, "SELECT count(*) FROM dossier WHERE unit = '22015'"),
         count(commune, "SELECT count(*) FROM dossier"), "all the commune's dossiers")
    t.ok(count(province, "SELECT count(*) FROM dossier WHERE unit = '22045'") > 0,
         "the other commune's stay")
    _, out_v, _ = run("audit", "verify", "--db", province)
    t.ok("intact" in out_v, "the province's audit chain is intact")
    t.eq(count(province, "SELECT count(*) FROM audit WHERE action = 'migrate.begin' "
               "AND detail LIKE ?", f"from {commune}:%"), 1, "the move is marked in the audit log")
    serves_commune(t, province, code, token, "the province")

    # Again: refused, nothing written.
    n = count(province, "SELECT count(*) FROM dossier")
    rc, _, err = migrate(commune, province)
    t.ok(rc == 2 and "already" in err, f"moving the same commune again is refused: {err}")
    t.eq(count(province, "SELECT count(*) FROM dossier"), n, "nothing written by the refusal")
    t.ok(n > before, "the province grew by the commune")

    # A clash: the login of another commune's citizen with another ID.
    clash = fresh_db(work, "clash.db")
    run("init", "--db", clash, check=True)
    add_user(clash, "officer", "officer.22015", "mat-khau-khac-han-2026", unit="22045")
    n = count(clash, "SELECT count(*) FROM account")
    rc, _, err = migrate(commune, clash)
    t.ok(rc == 2 and "account" in err, f"a login held by someone else is refused: {err}")
    t.eq(count(clash, "SELECT count(*) FROM account"), n, "nothing written by the clash")

    # Moving out again, into a new file of its own.
    out_db = os.path.join(work, "out.db")
    rc, out, err = migrate(province, out_db, "--unit", "22015")
    t.ok(rc == 0 and all_same(report(out)), f"the unit moves out again: {err}")
    serves_commune(t, out_db, code, token, "the file moved out")
    t.eq(count(out_db, "SELECT count(*) FROM dossier WHERE unit = '22045'"), 0,
         "only that unit's dossiers moved out")
    t.done()


if __name__ == "__main__":
    main()
