"""Monitoring (issue 14) end to end through the API and the command line, on
a small province computed by hand, figure by figure.

The province 99 has five communes: A (99001) in force all along; B (99002)
merged into C (99003) on 2026-03-01; D (99004) split on 2026-03-01, 60% to
E (99005) and 40% to A. Dossiers are written with the columns core keeps
(on_time, overdue_from, finished_at) and their history (dossier_event), at
chosen days of 2026-Q1, so every expected figure below is counted by hand:

  dossier  unit  channel  filed   finished  on time  status at 03-31  rated
  a1       A     online   01-10   01-15     yes      returned         satisfied
  a2       A     counter  02-05   02-20     late     returned         unsatisfied
  a3       A     online   03-20   -         overdue from 03-25, processing
  a4       A     online   03-30   -         -        submitted (not received)
  b1       B     online   01-20   02-01     yes      returned         satisfied
  b2       B     counter  02-10   03-10     late     returned
  c1       C     counter  03-05   03-06     yes      returned         satisfied
  d1       D     online   01-05   01-08     yes      returned
  d2       D     online   02-15   02-16     yes      returned
  d3       D     counter  02-20   02-25     late     returned

online_rate, 2026-Q1 (the tree as of 03-31: B's figures go to C, D's 60%
to E and 40% to A): A (3 + 0.4*2) / (4 + 0.4*3) = 3.8/5.2; C (0 + 1)/(1 + 2)
= 1/3; E 0.6*2 / 0.6*3 = 1.2/1.8; province 6/10 (10 dossiers, 6 online).
on_time_rate, 2026-Q1 (received only; an open dossier is on time unless
overdue by the end): A (1 + 0.4*2)/(3 + 0.4*3) = 1.8/4.2, C 2/3, E 1.2/1.8,
province 5/9. January (B and D still in force): online 3/3 everywhere.
"""
import datetime
import io
import json
import os
import re
import sys
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import Checks, Server, add_user, connect, run  # noqa: E402

t = Checks()
srv = Server()
db = connect(srv.db)


def minute(day, hm="09:00"):
    d = datetime.date.fromisoformat(day)
    h, m = map(int, hm.split(":"))
    return (d - datetime.date(1970, 1, 1)).days * 1440 + h * 60 + m


def jdn(day):
    return (datetime.date.fromisoformat(day) - datetime.date(1970, 1, 1)).days + 2440588


UNITS = [("99", "Tỉnh Thử Nghiệm", "Tỉnh", 1, None, "2025-07-01", None),
         ("99001", "Xã An", "Xã", 2, "99", "2025-07-01", None),
         ("99002", "Xã Bình", "Xã", 2, "99", "2025-07-01", "2026-03-01"),
         ("99003", "Xã Châu", "Xã", 2, "99", "2026-03-01", None),
         ("99004", "Xã Đông", "Xã", 2, "99", "2025-07-01", "2026-03-01"),
         ("99005", "Xã Ê Đê", "Xã", 2, "99", "2026-03-01", None)]
for code, name, typ, level, parent, vf, vt in UNITS:
    db.execute("INSERT INTO unit(code, name, short_name, name_folded, type, level, parent, "
               "valid_from, valid_to) VALUES (?,?,?,?,?,?,?,?,?)",
               (code, name, name, name.lower(), typ, level, parent, vf, vt))
for old, new, share in (("99002", "99003", 1.0), ("99004", "99005", 0.6), ("99004", "99001", 0.4)):
    db.execute("INSERT INTO unit_succession(old_code, new_code, effective, share) "
               "VALUES (?,?,'2026-03-01',?)", (old, new, share))

ONLINE, COUNTER = 2, 1
PROC = db.execute("SELECT code FROM procedure ORDER BY code LIMIT 1").fetchone()[0]
seq = iter(range(1, 1000))


def dossier(unit, channel, filed, finished=None, on_time=None, overdue=None, status=10,
            rating=None, history=None, at="09:00"):
    """A dossier with the columns core keeps and its events: filed at `at`
    (status 2, or 1 for an online dossier not yet received), then each
    (day, status)."""
    n = next(seq)
    first = 1 if status == 1 else 2
    fin = minute(finished, "16:00") if finished else 0
    did = db.execute(
        "INSERT INTO dossier(code, unit, procedure, channel, status, applicant_name, "
        "submitted_at, received_at, due_at, finished_at, rating, is_open, overdue_from, on_time) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
        (f"{unit}-260101-{n:04d}", unit, PROC, channel, status, "Người Thử", minute(filed, at),
         minute(filed, at) if first == 2 else 0, 0, fin, rating, 0 if finished else 1,
         minute(overdue) if overdue else 0, on_time)).fetchone()[0]
    events = [(filed, 0, first)] + (history or [])
    if finished:
        events.append((finished, events[-1][2], status))
    for day, frm, to in events:
        db.execute("INSERT INTO dossier_event(dossier, from_status, to_status, account_id, "
                   "login, role, at) VALUES (?,?,?,0,'t','officer',?)",
                   (did, frm, to, minute(day, "16:00" if day == finished else
                                         at if day == filed else "09:00")))
    return did


A1 = dossier("99001", ONLINE, "2026-01-10", "2026-01-15", 1, rating=1)
dossier("99001", COUNTER, "2026-02-05", "2026-02-20", 0, rating=0)
dossier("99001", ONLINE, "2026-03-20", overdue="2026-03-25", status=4,
        history=[("2026-03-21", 2, 4)])
dossier("99001", ONLINE, "2026-03-30", status=1)
dossier("99002", ONLINE, "2026-01-20", "2026-02-01", 1, rating=1)
B2 = dossier("99002", COUNTER, "2026-02-10", "2026-03-10", 0)
dossier("99003", COUNTER, "2026-03-05", "2026-03-06", 1, rating=1)
D1 = dossier("99004", ONLINE, "2026-01-05", "2026-01-08", 1)
dossier("99004", ONLINE, "2026-02-15", "2026-02-16", 1)
dossier("99004", COUNTER, "2026-02-20", "2026-02-25", 0)
# The base of the on-track status: a year before, A had 1 online of 2.
dossier("99001", ONLINE, "2025-02-10", "2025-02-12", 1)
dossier("99001", COUNTER, "2025-02-11", "2025-02-13", 1)
# A task of A past its deadline and not done: late.
db.execute("INSERT INTO plan_task(plan, title, unit, owner, deadline, created_at) "
           "VALUES ('KH-99', 'Lắp wifi công cộng', '99001', 'Phó chủ tịch', ?, 0)",
           (jdn("2026-02-15"),))
# Migration 014's marks: a1 reuses an earlier result and its applicant's
# identity came from the population data; d1's from an e-ID sign-in.
db.execute("INSERT INTO dossier_file(dossier, kind, sha256, name, reused) "
           "VALUES (?, 'document', ?, 'cccd.pdf', 1)", (A1, "a" * 64))
db.execute("UPDATE dossier SET identity_source = 1, has_document = 1, has_reused = 1 "
           "WHERE id = ?", (A1,))
db.execute("UPDATE dossier SET identity_source = 2 WHERE id = ?", (D1,))
# Officials of A: an officer with a personal certificate valid all 2026, a
# leader without one; a disabled officer's certificate does not count.
JAN = (datetime.date(2026, 1, 1) - datetime.date(1970, 1, 1)).days * 86400
for aid, login, role, disabled in ((901, "o.99001", "officer", 0), (902, "l.99001", "leader", 0),
                                   (903, "x.99001", "officer", 1)):
    db.execute("INSERT INTO account(id, login, role, unit, password_hash, disabled, created_at) "
               "VALUES (?,?,?,'99001','x',?,?)", (aid, login, role, disabled, JAN))
for aid in (901, 903):
    db.execute("INSERT INTO cert(kind, unit, account, common_name, subject, issuer, serial, "
               "sha256, not_before, not_after, chain_pem, created_at) VALUES ('person', "
               "'99001', ?, 'x', 's', 'i', ?, ?, ?, ?, 'p', 0)",
               (aid, f"{aid:X}", f"{aid:064d}", JAN, JAN + 400 * 86400))
db.commit()

PW = "so-thu-nghiem-2026"
add_user(srv.db, "province", "province.99", PW, unit="99", totp_enrol=True)
_, out, _ = run("token", "create", "--db", srv.db, "--login", "province.99", "--name", "t",
                check=True)
PROV = {"Authorization": "Bearer " + out.strip().rsplit(" ", 1)[1]}


def close(a, b, what):
    t.ok(a is not None and abs(a - b) < 1e-9, f"{what}: got {a}, want {b}")


def values(s, ind, unit, period):
    st, j = s.json("GET", f"/api/v1/indicators/{ind}/values?unit={unit}&period={period}")
    t.eq(st, 200, f"values of {ind} for {unit} in {period}")
    return j, {u["unit"]: u for u in j.get("units", [])}


with Server(db=srv.db) as s:
    # ---- definitions ----
    st, j = s.json("GET", "/api/v1/indicators")
    t.eq(st, 200, "list of indicators")
    ids = [i["id"] for i in j["indicators"]]
    t.eq(j["count"], len(ids), "the list is wrapped with its count")
    for want in ("online_rate", "on_time_rate", "cashless_rate", "eid_rate", "certificate_rate"):
        t.ok(want in ids, f"built-in indicator {want} seeded")

    # ---- figures of Q1, rolled up over the merger and the split ----
    top, by = values(s, "online_rate", "99", "2026-Q1")
    close(top["numerator"], 6, "province online numerator")
    close(top["denominator"], 10, "province online denominator")
    close(top["value"], 60, "province online rate")
    t.eq(sorted(by), ["99001", "99003", "99005"], "communes in force at the end of Q1")
    close(by["99001"]["numerator"], 3.8, "A online numerator (40% of D)")
    close(by["99001"]["denominator"], 5.2, "A online denominator (40% of D)")
    close(by["99003"]["numerator"], 1, "C online numerator (B merged)")
    close(by["99003"]["denominator"], 3, "C online denominator (B merged)")
    close(by["99005"]["numerator"], 1.2, "E online numerator (60% of D)")
    close(by["99005"]["denominator"], 1.8, "E online denominator (60% of D)")
    # Thresholds (green from 50, red under 35).
    t.eq(by["99001"]["colour"], "green", "A 73% is green")
    t.eq(by["99003"]["colour"], "red", "C 33% is red")
    t.eq(top["colour"], "green", "the province's 60% is green")

    top, by = values(s, "on_time_rate", "99", "2026-Q1")
    close(top["numerator"], 5, "province on time: a1, b1, c1, d1, d2")
    close(top["denominator"], 9, "province received: all but a4 (not received)")
    close(by["99001"]["numerator"], 1.8, "A on time")
    close(by["99001"]["denominator"], 4.2, "A received (a3 overdue at the end)")
    close(by["99003"]["numerator"], 2, "C on time")

    top, by = values(s, "online_rate", "99", "2026-01")
    t.eq(sorted(by), ["99001", "99002", "99004"], "before the merger, B and D are in force")
    close(top["value"], 100, "January: 3 online of 3")
    close(by["99002"]["numerator"], 1, "B's January figure stays with B")

    # Status as of the period's end from the history: in February, b2 was
    # being processed (received) and ended after the period.
    top, by = values(s, "on_time_rate", "99", "2026-02")
    close(by["99002"]["denominator"], 1, "B in February: b2 received")
    close(by["99002"]["numerator"], 0, "B in February: b2 ended late afterwards")

    # No data is not zero: no dossier of the province had a fee to pay.
    top, _ = values(s, "cashless_rate", "99", "2026-Q1")
    t.eq((top["value"], top["denominator"]), (None, 0), "cashless rate: no data, never 0")

    # ---- rankings ----
    st, j = s.json("GET", "/api/v1/rankings?indicator=online_rate&parent=99&period=2026-Q1")
    t.eq(st, 200, "rankings")
    t.eq([(r["unit"], r["rank"]) for r in j["rankings"]],
         [("99001", 1), ("99005", 2), ("99003", 3)], "communes ranked on the online rate")

    # ---- on-track status with a target (Open SDG method) ----
    body = {"id": "online_share", "name_vi": "Tỷ lệ trực tuyến (thử)", "name_en": "Online share",
            "unit": "percent", "source": "Kiểm thử",
            "formula": "count(dossiers where channel = online) / count(dossiers)",
            "targets": [{"year": 2026, "level": 2, "value": 80}], "green": 50, "red": 35}
    st, j = s.json("POST", "/api/v1/indicators", body, headers=PROV)
    t.eq(st, 201, f"the province defines an indicator {j}")
    top, by = values(s, "online_share", "99", "2026-Q1")
    close(by["99001"]["target"], 80, "A's target for 2026")
    # base 50% (2025-Q1), now 73.08% after 365 days, target 80% on
    # 2026-12-31: observed growth 46% a year against 31% required -> on track.
    t.eq(by["99001"]["on_track"], "on_track", "A is on track toward 80%")
    t.eq(by["99003"]["on_track"], "unknown", "C has no base a year before")
    st, j = s.json("POST", "/api/v1/indicators", body, headers=PROV)
    t.eq(st, 409, "an indicator id is not given twice")

    # ---- formulas checked when saved, with the position ----
    bad = dict(body, id="bad_one", formula="count(dossiers where chanel = online) / count(dossiers)")
    st, j = s.json("POST", "/api/v1/indicators", bad, headers=PROV)
    t.eq(st, 422, "an unknown field is refused")
    t.eq((j["error"]["field"], j["error"]["line"], j["error"]["column"]), ("formula", 1, 22),
         "the error names the formula, line 1, column 22 (chanel)")
    t.ok("channel" in j["error"]["message"], "the closest known name is suggested")
    bad["formula"] = "count(dossiers) / count(dossiers where channel = online and channel = post)"
    st, j = s.json("POST", "/api/v1/indicators", bad, headers=PROV)
    t.eq(st, 422, "a denominator that can never be non-zero is refused")
    bad["formula"] = "count(residents where age >= \"x\") / count(residents)"
    st, j = s.json("POST", "/api/v1/indicators", bad, headers=PROV)
    t.eq(st, 422, "a type error is refused")
    st, j = s.json("POST", "/api/v1/indicators", body)
    t.eq(st, 401, "defining indicators needs an account")

    # ---- officials, reuse and identity: computed, not "no data" ----
    for ind, formula in (
            ("cert_computed", "count(officials where has_valid_certificate) / count(officials)"),
            ("reuse_share", "count(dossiers where reused) / count(dossiers)"),
            ("identity_share", "count(dossiers where identity_from_population) / count(dossiers)")):
        st, j = s.json("POST", "/api/v1/indicators", dict(body, id=ind, formula=formula,
                                                          targets=[]), headers=PROV)
        t.eq(st, 201, f"{ind} defined ({j})")
    top, by = values(s, "cert_computed", "99", "2026-Q1")
    close(by["99001"]["numerator"], 1, "A: one official with a valid certificate")
    close(by["99001"]["denominator"], 2, "A: two enabled officials")
    close(top["value"], 50, "the province: 1 of 2 officials certified")
    top, by = values(s, "reuse_share", "99", "2026-Q1")
    close(top["numerator"], 1, "the province: a1 reuses a result")
    close(by["99001"]["numerator"], 1, "A: a1 reuses a result")
    close(by["99001"]["denominator"], 5.2, "A's dossiers (40% of D)")
    top, by = values(s, "identity_share", "99", "2026-Q1")
    close(top["numerator"], 2, "the province: a1 and d1 identified from the population data")
    close(by["99001"]["numerator"], 1.4, "A: a1 and 40% of d1")
    close(by["99005"]["numerator"], 0.6, "E: 60% of d1")

    # ---- criteria and tasks: the commune's status ----
    st, j = s.json("GET", "/api/v1/units/99001/status?period=2026-Q1")
    t.eq(st, 200, "status of A")
    t.eq([c["id"] for c in j["met"]], ["online"], "A meets the online criterion")
    t.eq(sorted(c["id"] for c in j["failed"]), ["satisfaction", "tasks"],
         "A fails satisfaction (1 of 2 rated) and has a late task")
    close(next(c for c in j["failed"] if c["id"] == "satisfaction")["value"], 50,
          "the figure behind the failed criterion")
    t.eq([c["id"] for c in j["no_data"]], ["teams"], "no villages: the team criterion has no data")
    t.eq(j["colour"], "red", "two failed criteria: red")
    t.eq(j["tasks"], {"total": 1.0, "done": 0.0, "late": 1.0, "open": 1.0}, "task counts")
    st, j = s.json("GET", "/api/v1/tasks?unit=99", headers=PROV)
    t.eq((st, j["count"], j["tasks"][0]["state"]), (200, 1, "late"), "the task is late")
    task = j["tasks"][0]
    task.update(done_on="2026-03-01", progress=100)
    st, j = s.json("PUT", f"/api/v1/tasks/{task['id']}", task, headers=PROV)
    t.eq((st, j["state"]), (200, "done_late"), "the task done after its deadline")
    st, j = s.json("GET", "/api/v1/units/99001/status?period=2026-Q1")
    t.eq(sorted(c["id"] for c in j["failed"]), ["satisfaction"], "no late task any more")
    t.eq(j["colour"], "yellow", "one failed criterion: yellow")
    st, j = s.json("GET", "/api/v1/tasks?unit=99")
    t.eq(st, 401, "tasks are read by staff")

    # ---- live: a new dossier shows at the next request ----
    # Filed a minute ago, in local (Vietnamese) time: a dossier filed later
    # today would not have been filed yet when the server counts.
    now = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7)
           - datetime.timedelta(minutes=1))
    today = now.date().isoformat()
    before, _ = values(s, "online_rate", "99001", today[:7])
    dossier("99001", ONLINE, today, status=1, at=now.strftime("%H:%M"))
    db.commit()
    after, _ = values(s, "online_rate", "99001", today[:7])
    close(after["denominator"], before["denominator"] + 1, "a new dossier counts at once")

    # ---- snapshots: closed periods stay as they were computed ----
    code, out, err = run("indicators", "recompute", "--db", srv.db, "--period", "2026-Q1",
                         "--unit", "99")
    t.eq(code, 0, f"recompute Q1 ({err.strip()})")
    dossier("99003", ONLINE, "2026-03-15", "2026-03-16", 1)
    db.commit()
    top, _ = values(s, "online_rate", "99", "2026-Q1")
    close(top["denominator"], 10, "Q1 is read from its snapshot: a correction does not move it")
    run("indicators", "recompute", "--db", srv.db, "--period", "2026-Q1", "--unit", "99",
        "--indicator", "online_rate", check=True)
    top, _ = values(s, "online_rate", "99", "2026-Q1")
    close(top["denominator"], 11, "recomputed on purpose, the snapshot takes the correction")
    code, _, err = run("indicators", "recompute", "--db", srv.db, "--period", today[:7])
    t.eq(code, 2, "the running month has no snapshot")

    # ---- exports ----
    st, h, data = s.request("GET", "/api/v1/rankings?indicator=online_rate&parent=99"
                            "&period=2026-Q1&format=csv")
    t.eq(st, 200, "rankings as CSV")
    lines = data.decode("utf-8-sig").splitlines()
    t.eq(lines[0], "rank,unit,name,value,numerator,denominator,colour", "CSV header")
    t.eq(lines[1].split(",")[:3], ["1", "99001", "Xã An"], "CSV first row, Vietnamese text")
    st, h, data = s.request("GET", "/api/v1/rankings?indicator=online_rate&parent=99"
                            "&period=2026-Q1&format=xlsx")
    t.eq(st, 200, "rankings as Excel")
    t.ok(h.get("Content-Type", "").startswith("application/vnd.openxmlformats"), "xlsx type")
    book = zipfile.ZipFile(io.BytesIO(data))
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    strings = re.findall(r"<t[^>]*>([^<]*)</t>", book.read("xl/sharedStrings.xml").decode())
    styles = book.read("xl/styles.xml").decode()
    t.ok("Xã An" in strings, "Vietnamese text in the workbook")
    cell = re.search(r'<c r="D2"([^>]*)><v>([^<]+)</v>', sheet)
    t.ok(cell and abs(float(cell.group(2)) - 3.8 / 5.2 * 100) < 1e-9, "A's value as a number")
    fills = re.findall(r'<fgColor rgb="FF([0-9A-F]{6})"', styles)
    style = re.search(r's="(\d+)"', cell.group(1)) if cell else None
    xfs = re.findall(r"<xf [^>]*>", styles.split("<cellXfs")[1]) if "<cellXfs" in styles else []
    fill_id = re.search(r'fillId="(\d+)"', xfs[int(style.group(1))]) if style else None
    t.ok(fill_id and int(fill_id.group(1)) >= 2 and fills[int(fill_id.group(1)) - 2] == "C6EFCE",
         "A's green value is filled green")
    # A cell that looks like a formula is neutralised in CSV.
    s.json("POST", "/api/v1/tasks", {"plan": "KH-99", "title": "=HYPERLINK(\"http://x\")",
                                     "unit": "99001", "deadline": "2026-12-31"}, headers=PROV)
    st, h, data = s.request("GET", "/api/v1/tasks?unit=99&format=csv", headers=PROV)
    t.ok("'=HYPERLINK" in data.decode("utf-8-sig"), "formula-looking text is neutralised")

    # ---- pages ----
    st, h, page = s.request("GET", "/units/99?period=2026-Q1&sort=online_rate")
    html = page.decode()
    t.eq(st, 200, "the province page")
    t.ok(html.index("Xã An") < html.index("Xã Ê Đê") < html.index("Xã Châu"),
         "communes sorted by the online rate")
    t.ok('<td class="num c-green">73,1%</td>' in html, "A's online rate, green, in the table")
    t.ok('<li class="c-yellow"><a href="/units/99001">' in html,
         "A's tile is yellow (one criterion failed)")
    t.ok(len(html) < 100_000, f"the province page is small ({len(html)} bytes)")
    st, h, page = s.request("GET", "/units/99001?period=2026-Q1")
    t.ok(st == 200 and "<svg class=\"spark\"" in page.decode(), "the commune's cards")
    st, h, page = s.request("GET", "/indicators/online_rate?parent=99&period=2026-Q1")
    t.eq(st, 200, "an indicator's ranking page")

    # ---- the printable report ----
    st, h, page = s.request("GET", "/reports/99?period=2026-Q1&lang=en", headers=PROV)
    html = page.decode()
    t.eq(st, 200, "the province's report")
    t.ok("<h1>Digital-transformation report 2026-Q1 — Tỉnh Thử Nghiệm</h1>" in html,
         "the report's title names the period and the unit")
    # Q1's snapshot as recomputed above: 7 online of 11.
    row = re.search(r"<tr><td>Online dossier rate</td><td class=\"num c-green\">63.6%</td>"
                    r"<td class=\"num\">7 / 11</td>", html)
    t.ok(row is not None, "the province's online rate with its numerator and denominator")
    t.ok("<figure class=\"trend\"><svg" in html, "the trend chart as SVG")
    t.ok(html.count("<tr><td class=\"num\">") == 3 and "Xã Châu" in html,
         "the table of the three communes in force")
    st, h, page = s.request("GET", "/reports/99001?period=2026-Q1&lang=en", headers=PROV)
    html = page.decode()
    t.ok(st == 200 and "ul class=\"checklist\"" in html and "Lắp wifi công cộng" in html,
         "a commune's report: its criteria and its tasks")
    t.ok("badge c-yellow" in html, "A is yellow in its report")
    st, h, data = s.request("GET", "/reports/99001?period=2026-Q1&format=xlsx", headers=PROV)
    book = zipfile.ZipFile(io.BytesIO(data))
    strings = re.findall(r"<t[^>]*>([^<]*)</t>", book.read("xl/sharedStrings.xml").decode())
    t.ok(st == 200 and "online_rate" in strings and "on_track" in strings,
         "the report's indicators as an Excel workbook")
    st, h, page = s.request("GET", "/reports/99?period=2026-Q1")
    t.eq(st, 401, "the report is for staff")
    st, h, page = s.request("GET", "/units/99?period=2026-Q1", headers=PROV)
    t.ok('href="/reports/99?period=2026-Q1"' in page.decode(), "the province page links its report")

# ---- the command line ----
code, out, _ = run("indicators", "list", "--db", srv.db)
t.ok(code == 0 and "online_rate" in out, "xaso indicators list")
code, out, _ = run("indicators", "show", "on_time_rate", "--db", srv.db)
t.ok(code == 0 and "on_time" in out, "xaso indicators show")
code, out, _ = run("indicators", "values", "online_rate", "--unit", "99", "--period", "2026-01",
                   "--db", srv.db)
t.ok(code == 0 and re.search(r"^99\s+100\.00\s+3\s+3", out, re.M), "xaso indicators values")
code, _, err = run("indicators", "values", "online_rate", "--unit", "99", "--period", "2026-13",
                   "--db", srv.db)
t.eq(code, 2, "a bad period is bad input")
db.close()
t.done()
