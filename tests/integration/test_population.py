"""Population and digital-transformation records (issue 13), through the
real binary: population extracts imported with `xaso import residents`
(good, bad rows named by line and column, a newer extract with changes,
departures and a birth, an older one refused), counts as of different days
read back from the API and checked against figures worked out by hand, an
export re-imported; businesses, teams, members, activities and reports by
CSV and by the API, an activity sent twice kept once, reported figures
counted only once approved, a correction keeping the earlier value, and
who may approve what."""
import csv
import io
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import Checks, Server, add_user, connect, run  # noqa: E402

t = Checks()
work = tempfile.mkdtemp(prefix="xaso-pop-")
srv = Server()
db = srv.db


def write(name, text):
    path = os.path.join(work, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


write("villages.csv", "code,name,type,parent_code\n"
      "22015001,Tổ dân phố 1,Tổ dân phố,22015\n22015002,Tổ dân phố 2,Tổ dân phố,22015\n"
      "22045001,Tổ dân phố 1,Tổ dân phố,22045\n")
run("import", "villages", os.path.join(work, "villages.csv"), "--db", db, check=True)

HEAD = "pid,full_name,birth_date,sex,household,village,eid_level,ehealth,extract_date\n"
# The first extract, 31 January 2026. An (born 1990), Bình (2012: 14 on
# 2026-03-01), Cúc (1950) and Dũng (2000) in village 1; Em (1985) in
# village 2; Giang (1995) in 22045001.
EXTRACT_A = HEAD + (
    "066090000101,Nguyễn Văn An,1990-05-01,M,H1,22015001,2,1,2026-01-31\n"
    "066312000102,Nguyễn Thị Bình,2012-03-01,F,H1,22015001,0,1,2026-01-31\n"
    "066150000103,Trần Thị Cúc,1950-07-15,F,H2,22015001,1,0,2026-01-31\n"
    "066200000104,Lê Văn Dũng,2000-11-20,M,H2,22015001,2,0,2026-01-31\n"
    "066085000105,Phạm Văn Em,1985-01-09,M,H3,22015002,0,0,2026-01-31\n"
    "066195000106,H'Giang Niê,1995-04-04,F,H4,22045001,2,1,2026-01-31\n")
a = write("extract-a.csv", EXTRACT_A)
code, out, err = run("import", "residents", a, "--db", db)
t.eq(code, 0, f"the first extract imports ({err})")
t.ok("6 rows, 6 added" in out, f"every resident added: {out}")

# A file with bad rows: each reported with its line and column, nothing kept.
bad = write("bad.csv", HEAD + (
    "066090000201,Đỗ Văn Một,1990-05-01,M,H9,22015001,3,1,2026-02-28\n"
    "066091000202,Đỗ Văn Hai,1990-05-01,M,H9,22015001,2,1,2026-02-28\n"
    "066090000203,Đỗ Văn Ba,1990-05-01,M,H9,99999999,2,1,2026-02-28\n"
    "066090000204,Đỗ Văn Bốn,1990-02-30,M,H9,22015001,2,1,2026-02-28\n"))
code, out, err = run("import", "residents", bad, "--db", db)
t.eq(code, 2, "a file with bad rows is refused (exit 2)")
for line in (2, 3, 4, 5):
    t.ok(f"bad.csv:{line}:" in err, f"bad row on line {line} named: {err}")
# The column counts characters: the level is after "066090000201,Đỗ Văn Một,...".
col = len("066090000201,Đỗ Văn Một,1990-05-01,M,H9,22015001,") + 1
t.ok(f"bad.csv:2:{col}: the e-ID level is 0, 1 or 2" in err, f"line and column of the level: {err}")
t.ok("bad.csv:3:1: digits 4 to 6 say born in 1991" in err, f"the ID number's year: {err}")
t.ok(":4:" in err and "99999999" in err, f"an unknown village named: {err}")
t.ok("nothing was imported" in err, "the file is refused whole")

# The second extract, 31 March 2026: An unchanged; Bình reaches e-ID level
# 2; Cúc is no longer listed (departs); Dũng moves to village 2 into Em's
# household; Em gets an e-health record; a baby, Hoa, is born in H1.
EXTRACT_B = HEAD + (
    "066090000101,Nguyễn Văn An,1990-05-01,M,H1,22015001,2,1,2026-03-31\n"
    "066312000102,Nguyễn Thị Bình,2012-03-01,F,H1,22015001,2,1,2026-03-31\n"
    "066326000107,Nguyễn Thị Hoa,2026-02-10,F,H1,22015001,0,1,2026-03-31\n"
    "066200000104,Lê Văn Dũng,2000-11-20,M,H3,22015002,2,0,2026-03-31\n"
    "066085000105,Phạm Văn Em,1985-01-09,M,H3,22015002,0,1,2026-03-31\n")
b = write("extract-b.csv", EXTRACT_B)
code, out, err = run("import", "residents", b, "--db", db)
t.eq(code, 0, f"the newer extract imports ({err})")
t.ok("1 added, 3 changed, 1 departed, 1 unchanged" in out, f"what changed is counted: {out}")

# An extract older than what is stored is refused.
older = write("older.csv", HEAD + "066090000101,Nguyễn Văn An,1990-05-01,M,H1,22015001,1,1,"
              "2026-02-15\n")
code, out, err = run("import", "residents", older, "--db", db)
t.eq(code, 2, "an older extract is refused")
t.ok("later extract" in err, f"...saying why: {err}")

add_user(db, "officer", "officer.22015", "can-bo-mot-cua-2026", unit="22015")
add_user(db, "leader", "leader.22015", "lanh-dao-phuong-2026", unit="22015")
add_user(db, "leader", "leader.22045", "lanh-dao-phuong-khac-2026", unit="22045")
add_user(db, "team", "team.22015001", "to-cong-nghe-so-2026", unit="22015001")
TOK = {}
for who in ("officer.22015", "leader.22015", "leader.22045", "team.22015001"):
    _, out, _ = run("token", "create", "--db", db, "--login", who, "--name", "t", check=True)
    TOK[who] = {"Authorization": "Bearer " + out.strip().rsplit(" ", 1)[1]}

with srv as s:
    def population(unit, day, who="leader.22015"):
        st, j = s.json("GET", f"/api/v1/units/{unit}/population?as_of={day}",
                       headers=TOK[who])
        t.eq(st, 200, f"population of {unit} as of {day}")
        return j

    def counts(j):
        c = j["totals"]
        return (c["residents"], c["aged_14_plus"], c["eid_level2"], c["ehealth"],
                c["households"])

    # Worked out by hand. 1 February: An (2, eh), Bình (12 years old, eh),
    # Cúc (1), Dũng (2) in village 1, households H1 H2; Em in village 2.
    t.eq(counts(population("22015001", "2026-02-01")), (4, 3, 2, 2, 2),
         "village 1 on 1 February: 4 residents, 3 aged 14+, 2 at level 2, 2 e-health, 2 households")
    t.eq(counts(population("22015", "2026-02-01")), (5, 4, 2, 2, 3), "the commune on 1 February")
    # 1 March: Bình turns 14 (born 1 March 2012), still level 0 until the
    # extract of 31 March.
    t.eq(counts(population("22015", "2026-03-01")), (5, 5, 2, 2, 3),
         "on 1 March Bình counts among those aged 14 and over")
    # 1 April: An, Bình (2), Hoa in village 1; Dũng, Em (now e-health) in
    # village 2 (H3); Cúc gone.
    t.eq(counts(population("22015001", "2026-04-01")), (3, 2, 2, 3, 1), "village 1 on 1 April")
    t.eq(counts(population("22015002", "2026-04-01")), (2, 2, 1, 1, 1), "village 2 on 1 April")
    j = population("22015", "2026-04-01")
    t.eq(counts(j), (5, 4, 3, 4, 2), "the commune on 1 April")
    t.eq(round(j["totals"]["eid_rate"], 2), 75.0, "e-ID level 2 rate 3 of 4")
    t.eq([u["code"] for u in j["units"]], ["22015001", "22015002"], "one line per village")
    t.eq(counts(population("22015", "2025-12-31")), (0, 0, 0, 0, 0),
         "before the first extract nobody is known")
    st, _ = s.json("GET", "/api/v1/units/22015/population", headers=TOK["leader.22045"])
    t.eq(st, 403, "another commune's leader may not read the counts")

    # A village's residents: ID numbers masked for the leader, in full for
    # the officer; each list is an audit entry without numbers.
    st, j = s.json("GET", "/api/v1/residents?unit=22015001", headers=TOK["leader.22015"])
    t.eq((st, j["count"]), (200, 3), "the village's residents today")
    t.ok(all(r["pid"].startswith("*********") for r in j["residents"]), "masked for a leader")
    st, j = s.json("GET", "/api/v1/residents?unit=22015001&as_of=2026-02-01",
                   headers=TOK["officer.22015"])
    t.ok(st == 200 and {r["pid"] for r in j["residents"]} ==
         {"066090000101", "066312000102", "066150000103", "066200000104"},
         "in full for the officer, as they lived there on 1 February")
    st, _, body = s.request("GET", "/api/v1/residents?unit=22015&format=csv",
                            headers=TOK["officer.22015"])
    t.ok(st == 200 and body.decode("utf-8-sig").startswith(HEAD.strip()),
         "a commune's residents export as an extract")
    st, _ = s.json("GET", "/api/v1/residents?unit=22015", headers=TOK["officer.22015"])
    t.eq(st, 400, "lists of people are by village")
    st, j = s.json("GET", "/api/v1/audit?unit=22015&limit=20", headers=TOK["leader.22015"])
    entries = [e for e in j["entries"] if e["action"] in ("person.list", "person.export")]
    t.ok(len(entries) >= 3, f"lists and exports are audited ({len(entries)})")
    t.ok(not any(re.search(r"\d{12}", e["detail"] + e["object"]) for e in entries),
         "the audit holds no ID number")

    # Businesses by CSV: a bad tax code is named; a formula typed in a
    # name comes back neutralised in the CSV export.
    biz = write("biz.csv", "tax_code,kind,name,unit,opened_on,einvoice_from\n"
                "0100109106,enterprise,=1+2,22015001,2020-01-01,2022-07-01\n"
                "0100109107,doanh nghiệp,Công ty B,22015001,2021-01-01,\n")
    code, out, err = run("import", "businesses", biz, "--db", db)
    t.eq(code, 2, "a wrong check digit refuses the file")
    t.ok("biz.csv:3:1:" in err and "check digit" in err, f"named with line and column: {err}")
    biz = write("biz.csv", "tax_code,kind,name,unit,opened_on,einvoice_from\n"
                "0100109106,enterprise,=1+2,22015001,2020-01-01,2022-07-01\n"
                "0101243150-001,Doanh nghiệp,Chi nhánh B,22015002,2021-01-01,\n")
    code, out, err = run("import", "businesses", biz, "--db", db)
    t.eq(code, 0, f"the businesses import ({err})")
    st, j = s.json("GET", "/api/v1/businesses?unit=22015", headers=TOK["officer.22015"])
    t.eq((st, j["count"], len(j["businesses"])), (200, 2, 2), "listed as {businesses, count}")
    t.ok(any(b["tax_code"] == "0101243150001" for b in j["businesses"]),
         "a branch's code kept without its dash")
    st, _, body = s.request("GET", "/api/v1/businesses?unit=22015&format=csv",
                            headers=TOK["officer.22015"])
    text = body.decode("utf-8-sig")
    t.ok(st == 200 and "\"'=1+2\"" in text,
         f"a formula-like cell is neutralised: {text[:200]}")

    # Teams and members by CSV, then the team member logs help by the API.
    teams = write("teams.csv", "unit,founded_on,name\n22015001,2024-01-01,\n22015,2023-05-01,\n")
    t.eq(run("import", "teams", teams, "--db", db)[0], 0, "teams import")
    members = write("members.csv", "team_unit,full_name,phone,position,joined_on,login\n"
                    "22015001,Y Khuê Byă,0912 345 678,youth_union,2024-01-01,team.22015001\n"
                    "22015001,Lê Thị Lan,,teacher,2024-02-01,\n")
    code, out, err = run("import", "members", members, "--db", db)
    t.eq(code, 0, f"members import ({err})")
    st, j = s.json("GET", "/api/v1/members?unit=22015001", headers=TOK["leader.22015"])
    t.ok(st == 200 and j["members"][0]["phone"] == "0912345678", "a phone number normalised")
    entry = {"id": "phone-entry-1", "kind": "eid_activation", "day": "2026-03-10", "people": 2}
    st, j = s.json("POST", "/api/v1/activities", entry, headers=TOK["team.22015001"])
    t.eq(st, 201, f"a member logs help ({j})")
    t.eq(j.get("team_unit"), "22015001", "for their own team")
    st, j = s.json("POST", "/api/v1/activities", entry, headers=TOK["team.22015001"])
    t.ok(st == 200 and j.get("duplicate") is True, "the same entry again is recognised")
    st, j = s.json("GET", "/api/v1/activities?unit=22015001", headers=TOK["leader.22015"])
    t.eq(sum(1 for a in j["activities"] if a["id"] == "phone-entry-1"), 1, "and kept once")
    st, _ = s.json("POST", "/api/v1/activities", {**entry, "id": "x2", "team_unit": "22045001"},
                   headers=TOK["team.22015001"])
    t.eq(st, 403, "not for another unit's team")

    # Reported figures: only approved values count; a correction keeps the
    # earlier value; who may decide.
    def coverage(day):
        st, _, body = s.request("GET", f"/units/22015/digital?as_of={day}&lang=en",
                                headers=TOK["leader.22015"])
        row = re.search(r"4G population coverage</td><td class=\"num\">([^<]*)<", body.decode())
        return row.group(1) if row else None

    rep = {"unit": "22015", "period": "2026-03"}
    st, r4g = s.json("POST", "/api/v1/reports", {**rep, "figure": "people_4g", "value": 990},
                     headers=TOK["officer.22015"])
    t.eq((st, r4g["status"]), (201, "waiting"), "a report waits for approval")
    st, rpop = s.json("POST", "/api/v1/reports", {**rep, "figure": "population", "value": 1000},
                      headers=TOK["officer.22015"])
    t.eq(coverage("2026-04-10"), "No data", "a waiting report does not count")
    st, _ = s.json("POST", f"/api/v1/reports/{r4g['id']}/approve", {},
                   headers=TOK["leader.22045"])
    t.eq(st, 403, "another commune's leader may not approve")
    st, _ = s.json("POST", f"/api/v1/reports/{r4g['id']}/approve", {},
                   headers=TOK["officer.22015"])
    t.eq(st, 403, "an officer may not approve")
    for r in (r4g, rpop):
        st, j = s.json("POST", f"/api/v1/reports/{r['id']}/approve", {"note": "đúng"},
                       headers=TOK["leader.22015"])
        t.eq((st, j["status"], j["decider"], j["decision_note"]),
             (200, "approved", "leader.22015", "đúng"), "approved, with the leader's note")
    t.eq(coverage("2026-04-10"), "99.00%", "approved reports count")
    st, fix = s.json("POST", "/api/v1/reports", {**rep, "figure": "people_4g", "value": 995},
                     headers=TOK["officer.22015"])
    t.eq(coverage("2026-04-10"), "99.00%", "a correction waiting leaves the approved value")
    st, _ = s.json("POST", f"/api/v1/reports/{fix['id']}/approve", {},
                   headers=TOK["leader.22015"])
    t.eq(coverage("2026-04-10"), "99.50%", "the approved correction counts")
    st, j = s.json("GET", "/api/v1/reports?unit=22015", headers=TOK["leader.22015"])
    st4g = {r["id"]: r["status"] for r in j["reports"] if r["figure"] == "people_4g"}
    t.eq(st4g, {r4g["id"]: "superseded", fix["id"]: "approved"}, "the earlier value is kept")
    st, own = s.json("POST", "/api/v1/reports", {**rep, "figure": "officials_total", "value": 25},
                     headers=TOK["leader.22015"])
    st, _ = s.json("POST", f"/api/v1/reports/{own['id']}/approve", {},
                   headers=TOK["leader.22015"])
    t.eq(st, 422, "nobody approves their own report")
    st, _ = s.json("POST", f"/api/v1/reports/{fix['id']}/reject", {},
                   headers=TOK["leader.22015"])
    t.eq(st, 409, "a decided report is not decided again")
    # The reports page's form decides the same way as the API.
    st, docs = s.json("POST", "/api/v1/reports", {**rep, "figure": "documents_online", "value": 40},
                      headers=TOK["officer.22015"])
    st, _, _ = s.request("POST", f"/units/22015/reports/{docs['id']}/decide", raw=b"approve=0",
                         headers={**TOK["leader.22015"],
                                  "Content-Type": "application/x-www-form-urlencoded"})
    st, j = s.json("GET", "/api/v1/reports?unit=22015", headers=TOK["leader.22015"])
    t.eq([(r["status"], r["decider"]) for r in j["reports"] if r["id"] == docs["id"]],
         [("rejected", "leader.22015")], "rejected from the page's form")

# Exports import again: the extract as of 1 February into a new database
# gives the same counts.
code, out, err = run("export", "residents", "--unit", "22015", "--as-of", "2026-02-01", "--db", db)
t.eq(code, 0, f"xaso export residents ({err})")
rows = list(csv.DictReader(io.StringIO(out)))
t.eq(len(rows), 5, "the commune's five residents of 1 February")
t.ok({r["extract_date"] for r in rows} == {"2026-02-01"}, "as of that day")
again = Server()
run("import", "villages", os.path.join(work, "villages.csv"), "--db", again.db, check=True)
t.eq(run("import", "residents", write("again.csv", out), "--db", again.db)[0], 0,
     "the export imports")
code, out, err = run("export", "businesses", "--unit", "22015", "--db", db)
t.ok(code == 0 and out.startswith("tax_code,kind,name,unit,opened_on"), "businesses export")
t.eq(run("import", "businesses", write("biz-again.csv", out), "--db", again.db)[0], 0,
     "and import again")
con = connect(again.db)
t.eq(con.execute("SELECT count(*), count(*) FILTER (WHERE eid_level = 2) FROM resident").fetchone(),
     (5, 2),
     "the same residents")
con.close()
t.done()
