"""The calendar's CLI contract and its API, on the real binary."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import Checks, Server, add_user, fresh_db, login, run  # noqa: E402

t = Checks()


def line(*args):
    code, out, err = run("calendar", *args)
    return code, out.strip(), err.strip()


t.eq(line("lunar", "2026-02-17")[:2], (0, "2026-01-01 leap=0"), "lunar date of Tết 2026")
t.eq(line("solar", "2026-01-01")[:2], (0, "2026-02-17"), "solar date of 1/1 Bính Ngọ")
t.eq(line("lunar", "1985-01-21")[1], "1985-01-01 leap=0", "Vietnamese Tết 1985 (not China's)")
t.eq(line("solar", "2025-06-01", "--leap")[1], "2025-07-25", "leap 6th month of 2025")
code, out, _ = line("holidays", "2026")
days = out.splitlines()
t.ok(code == 0 and "2026-02-17 " in out and "2026-04-26 " in out or "2026-04-27 " in out,
     "2026 holidays include Tết and Hùng Kings' day")
t.ok(all(len(d.split(" ", 1)[0]) == 10 for d in days), "one 'YYYY-MM-DD name' line per day off")
t.ok(any(d.startswith("2026-02-14 ") for d in days) and any(d.startswith("2026-02-22 ") for d in days),
     "Tết 2026 for civil servants runs 14-22 February")
t.eq(line("add", "2026-04-28T09:00", "5d")[:2], (0, "2026-05-07T17:00"),
     "5 working days across 30/4-1/5 and a weekend")
t.eq(line("add", "2026-02-12T09:00", "3d")[1], "2026-02-24T17:00",
     "3 working days across Tết 2026: Fri 13, then Mon 23 and Tue 24")
t.eq(line("add", "2026-04-28T16:00", "2h")[1], "2026-04-29T08:30", "working hours roll to the next morning")
t.eq(line("workdays", "2026-04-24", "2026-05-08")[:2], (0, "7"),
     "working days between two dates (Hùng Kings day on Sunday 26/4 moves to Monday 27/4)")
for bad in (("lunar", "2026-02-30"), ("solar", "2026-13-01"), ("holidays", "1899"),
            ("add", "2026-04-28T09:00", "5x"), ("add", "2026-04-28T09:00", "5d", "--unit", "99999"),
            ("lunar", "2200-01-01")):
    code, out, err = line(*bad)
    t.ok(code == 2 and err and not out, f"bad input {bad} exits 2 with a message: {err}")
code, out, _ = run("calendar", "--help")
t.ok(code == 0 and "lunar" in out and "workdays" in out, "calendar --help")

# Import a decision file into a database; a bad one stores nothing.
d = tempfile.mkdtemp()
db = fresh_db(d, "c.db")
run("init", "--db", db, check=True)
good = os.path.join(d, "2027.csv")
with open(good, "w") as f:
    f.write("date,kind,name\n2027-04-30,off,Ngày Chiến thắng\n2027-05-03,off,Nghỉ bù\n"
            "2027-05-08,work,Làm bù\n")
bad = os.path.join(d, "bad.csv")
with open(bad, "w") as f:
    f.write("date,kind,name\n2027-09-01,off,Quốc khánh\n2027-02-31,off,X\n")
code, _, err = run("calendar", "import", bad, "--db", db)
t.ok(code == 2 and "bad.csv:3:" in err, f"bad decision file names line and column: {err}")
code, out, err = run("calendar", "import", good, "--db", db)
t.eq(code, 0, f"import a decision file: {err}")

with Server(db=db) as s:
    st, body = s.json("GET", "/api/v1/calendar/holidays?year=2026")
    t.eq(st, 200, "holidays API")
    t.ok({"date": "2026-01-01", "name": "Tết Dương lịch"} in body["holidays"], "1 January 2026")
    t.ok(not any(h["date"] == "2027-09-01" for h in body["holidays"]), "the bad file stored nothing")
    st, body = s.json("GET", "/api/v1/calendar/holidays?year=2027")
    t.ok(any(h["date"] == "2027-05-03" for h in body["holidays"]), "imported decision is used")
    st, body = s.json("GET", "/api/v1/calendar/deadline?from=2026-04-28T09:00&add=5d")
    t.eq((st, body.get("due")), (200, "2026-05-07T17:00"), "deadline API")
    st, body = s.json("GET", "/api/v1/calendar/deadline?from=2026-04-28T09:00&add=5d&unit=24121")
    t.eq(body.get("due"), "2026-05-07T17:00", "deadline API with a unit's office hours")
    st, body = s.json("GET", "/api/v1/calendar/deadline?from=2026-02-30T09:00&add=5d")
    t.ok(st == 400 and body["error"]["field"] == "from", "bad from names the field")
    st, body = s.json("GET", "/api/v1/calendar/deadline?from=2026-04-28T09:00&add=five")
    t.ok(st == 400 and body["error"]["field"] == "add", "bad add names the field")
    st, body = s.json("GET", "/api/v1/calendar/deadline?from=2026-04-28T09:00&add=1d&unit=99999")
    t.ok(st == 404 and body["error"]["field"] == "unit", "unknown unit is 404")
    st, body = s.json("GET", "/api/v1/calendar/holidays?year=1800")
    t.ok(st == 400 and body["error"]["field"] == "year", "year out of range")
    st, body = s.json("POST", "/api/v1/calendar/overrides?source=x", None)
    t.eq(st, 401, "changing the calendar needs a signed-in province administrator")
    secret = add_user(s.db, "province", "so.noivu", "lich-lam-viec-tinh-2026", unit="66",
                      totp_enrol=True)
    add_user(s.db, "officer", "can.bo", "lich-lam-viec-xa-2026", unit="24121")
    off = login(s, "can.bo", "lich-lam-viec-xa-2026")
    csv = b"date,kind,name\n2027-09-03,off,Nghi bu Quoc khanh\n"
    st, _, _ = s.request("POST", "/api/v1/calendar/overrides?source=99/QD-TTg", raw=csv,
                         headers={**off, "Content-Type": "text/csv"})
    t.eq(st, 403, "an officer cannot change the calendar")
    prov = login(s, "so.noivu", "lich-lam-viec-tinh-2026", secret)
    st, _, body = s.request("POST", "/api/v1/calendar/overrides?source=99/QD-TTg", raw=csv,
                            headers={**prov, "Content-Type": "text/csv"})
    t.eq(st, 201, "the province administrator imports a decision through the API")
    st, body = s.json("GET", "/api/v1/calendar/holidays?year=2027")
    t.ok(any(h["date"] == "2027-09-03" for h in body["holidays"]), "the decision is in force")
    code, out, _ = run("audit", "list", "--db", s.db, "--limit", "5")
    t.ok("calendar.import" in out and "so.noivu" in out, "the import is in the audit log")
t.done()
