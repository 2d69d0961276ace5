"""The 766 index through the API on a small data set computed by hand.

Catalogue: four procedures imported with `xaso import procedures` and their
766 columns (publication decision, legal basis, public in xaso, paper
result, full-online eligibility), one changed through POST
/api/v1/procedures/CODE/index766. Units: commune A (22015) into which
commune M (22045) merged on 2026-02-15, commune B (22051) in province 66,
commune X (00004) in province 01. Dossiers are rows as the rule book leaves
them (on_time, overdue_from, is_open: what core/dossier.c's dossier_settle
derives), with finishing after the period's end, dossiers open at its end
(one overdue then, one not yet), a dossier with two supplement requests,
files, reuse, the identity source, fees and ratings; feedback on time,
late, open and about a dossier. Period 2026-Q1, judged at 2026-03-31 23:59.
Every computed row's numerator, denominator, rate and points is checked,
zero denominators (each zero rule), targets, the commune's rows for
provinces only, rankings of communes and of the two provinces, the
dossiers that lost points (and who may list them), CSV, and the CLI.
The rule book's own verdicts (pauses, supplements) feeding these columns
are tested in tests/unit/test_store_index766.c."""
import datetime
import io
import json
import os
import re
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import Checks, Server, add_user, connect, login, run  # noqa: E402

t = Checks()
PW = "Mat-khau-rat-manh-2026"
A, M, B, X = "22015", "22045", "22051", "00004"
P1, P2, P3, P4 = "9.000001", "9.000002", "9.000003", "9.000004"
Q1 = "2026-Q1"
EPOCH = datetime.date(1970, 1, 1).toordinal()


def at(day, hhmm="08:00"):
    """Local minutes since 1970 (core/calendar.h) of 'YYYY-MM-DD', 'HH:MM'."""
    d = datetime.date.fromisoformat(day).toordinal() - EPOCH
    h, m = map(int, hhmm.split(":"))
    return d * 1440 + h * 60 + m


s = Server()
db = connect(s.db)
# Only the test's catalogue.
db.execute("DELETE FROM procedure_form_field")
db.execute("DELETE FROM procedure_document")
db.execute("DELETE FROM procedure")
db.commit()
tmp = tempfile.mkdtemp(prefix="xaso-idx-")
procs = os.path.join(tmp, "procedures.csv")
docs = os.path.join(tmp, "documents.csv")
with open(procs, "w", encoding="utf-8") as f:
    f.write("code,name,field,level,time_value,time_unit,fee_vnd,online_level,source,"
            "decision_date,basis_effective,public_date,paper_result,full_online_eligible\n"
            # 1.1: 11 working days before the basis (on time); 1.2: public 3 days after.
            f"{P1},Thủ tục một,Hộ tịch,commune,5,workday,0,full,test,2026-01-05,2026-01-20,"
            "2026-01-08,1,0\n"
            # 1.1: 2 working days (late); 1.2: public a month later (late); no documents.
            f"{P2},Thủ tục hai,Chứng thực,commune,5,workday,50000,full,test,2026-02-02,"
            "2026-02-04,2026-03-02,0,1\n"
            # Not yet public in Q1 (set through the API below).
            f"{P3},Thủ tục ba,Hộ tịch,commune,5,workday,0,partial,test,,,,1,0\n"
            f"{P4},Thủ tục tỉnh,Đất đai,province,10,workday,0,partial,test,,,2025-12-01,1,0\n")
with open(docs, "w", encoding="utf-8") as f:
    f.write("procedure_code,seq,name,original_or_copy,count,reusable,source\n"
            f"{P1},1,Tờ khai,original,1,0,test\n{P3},1,Tờ khai,original,1,0,test\n"
            f"{P4},1,Đơn,original,1,0,test\n")
run("import", "procedures", procs, "--documents", docs, "--db", s.db, check=True)

# M merged into A during the period.
db.execute("UPDATE unit SET valid_to = '2026-02-15' WHERE code = ?", (M,))
db.execute("INSERT INTO unit_succession(old_code, new_code, effective, share) "
           "VALUES (?, ?, '2026-02-15', 1)", (M, A))

DOC = "a" * 64
RES = "b" * 64


def dossier(code, unit, proc, channel, status, received, due, finished=None, on_time=None,
            supplements=0, fee=0, paid_online=0, identity=0, rating=None, files=(),
            is_open=None):
    """A dossier as the rule book settles it (dossier_settle)."""
    fin = finished or 0
    opened = (0 if status in (3, 7, 8, 10) else 1) if is_open is None else is_open
    overdue_from = due + 1 if (not fin and opened and status != 5) else 0
    cur = db.execute(
        "INSERT INTO dossier(code, unit, procedure, channel, status, applicant_name, "
        "submitted_at, received_at, due_at, original_due_at, finished_at, supplement_count, "
        "rating, is_open, overdue_from, on_time, fee_vnd, paid_vnd, paid_cash_vnd, fee_due, "
        "paid_online, paid_cash, identity_source) VALUES (?,?,?,?,?,'Người nộp',?,?,?,?,?,?,"
        "?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
        (code, unit, proc, channel, status, received, received, due, due, fin, supplements,
         rating, opened, overdue_from, on_time, fee, fee if fee else 0,
         0 if paid_online else fee, 1 if fee else 0, paid_online, 1 if fee and not paid_online
         else 0, identity))
    did = cur.fetchone()[0]
    for kind, reused in files:
        db.execute("INSERT INTO dossier_file(dossier, kind, sha256, name, reused) "
                   "VALUES (?, ?, ?, 'f.pdf', ?)", (did, kind, DOC if kind == "document" else RES,
                                                      reused))
    # What the store keeps on the dossier when it links a file (migration 015).
    kinds = {k for k, _ in files}
    db.execute("UPDATE dossier SET has_document = ?, has_result = ?, has_reused = ? WHERE id = ?",
               (int("document" in kinds), int("result" in kinds), int(any(r for _, r in files)),
                did))
    return code


DR = (("document", 0), ("result", 0))
# Commune A (with M's dossier): what each one scores is in the comments.
d1 = dossier("22015-260105-0001", A, P1, 1, 10, at("2026-01-05"), at("2026-01-12", "17:00"),
             at("2026-01-08", "10:00"), 1, files=DR)  # on time; feedback about it (5.4 lost)
d2 = dossier("22015-260106-0001", A, P1, 2, 10, at("2026-01-06"), at("2026-01-13", "17:00"),
             at("2026-01-15", "10:00"), 0, rating=0, files=DR)  # online, late, disliked
d3 = dossier("22015-260202-0001", A, P2, 2, 9, at("2026-02-02"), at("2026-02-09", "17:00"),
             at("2026-02-05", "10:00"), 1, fee=50000, paid_online=1, identity=1, rating=1,
             files=(("document", 1),))  # online, paid online, reused, population data
d4 = dossier("22015-260203-0001", A, P2, 1, 10, at("2026-02-03"), at("2026-03-10", "17:00"),
             at("2026-03-05", "10:00"), 0, supplements=2, fee=50000,
             files=(("document", 0),))  # by its appointment, but two supplement requests
d5 = dossier("22015-260316-0001", A, P1, 1, 4, at("2026-03-16"),
             at("2026-03-23", "17:00"))  # open, overdue at the period's end
d6 = dossier("22015-260327-0001", A, P1, 1, 4, at("2026-03-27"),
             at("2026-04-03", "17:00"))  # open, due after the period's end: on time then
d7 = dossier("22015-260316-0002", A, P1, 1, 10, at("2026-03-16", "09:00"),
             at("2026-03-23", "17:00"), at("2026-04-06", "10:00"), 0)  # ended after the end
d8 = dossier("22045-260120-0001", M, P1, 1, 10, at("2026-01-20"), at("2026-01-27", "17:00"),
             at("2026-01-22", "10:00"), 1)  # the merged commune's
d10 = dossier("22015-251222-0001", A, P1, 1, 10, at("2025-12-22"), at("2026-01-06", "17:00"),
              at("2026-01-05", "10:00"), 1, files=DR)  # received before Q1, ended in it
dossier("22015-260402-0001", A, P1, 1, 2, at("2026-04-02"), at("2026-04-09", "17:00"))  # after
dossier("22051-260210-0001", B, P1, 1, 10, at("2026-02-10"), at("2026-02-17", "17:00"),
        at("2026-02-12", "10:00"), 1, files=DR)
dossier("00004-260210-0001", X, P1, 1, 10, at("2026-02-10"), at("2026-02-17", "17:00"),
        at("2026-02-12", "10:00"), 1, files=DR)
dossier("00004-260211-0001", X, P1, 1, 10, at("2026-02-11"), at("2026-02-18", "17:00"),
        at("2026-03-02", "10:00"), 0, files=DR)


def feedback(unit, code, created, answer_by, status, answered=0, refuse_by=None, topic=0,
             rating=None):
    db.execute("INSERT INTO feedback(unit, dossier_code, content, created_at, refuse_by, "
               "supplement_by, answer_by, status, answered_at, topic, rating) "
               "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
               (unit, code, "Phản ánh", created, refuse_by or created + 2880, created + 7200,
                answer_by, status, answered, topic, rating))


# Topics: 1 rules and procedures, 2 officials; rating: the sender's like (1) or dislike (0).
feedback(A, "", at("2026-01-10"), at("2026-01-30"), "answered", at("2026-01-20"), topic=1,
         rating=1)  # on time, liked
feedback(A, "", at("2026-02-02"), at("2026-02-23"), "answered", at("2026-03-01"),
         topic=2)  # late
feedback(A, "", at("2026-03-20"), at("2026-04-10"), "open", topic=1)  # not yet due at the end
feedback(A, d1, at("2026-01-12"), at("2026-02-02"), "refused", at("2026-01-13"),
         refuse_by=at("2026-01-14"), rating=0)  # refused on time, disliked; about d1


def jdn(day):
    return datetime.date.fromisoformat(day).toordinal() + 1721425


def report(unit, figure, value, period="2026-Q1", first="2026-01-01", last="2026-03-31"):
    """An approved report (issue 13's reported figures)."""
    db.execute("INSERT INTO report(unit, figure, period, first_day, last_day, value, status, "
               "reported_by, reporter, reported_at, decided_by, decider, decided_at) "
               "VALUES (?,?,?,?,?,?,2,1,'canbo.a',?,2,'lanhdao.a',?)",
               (unit, figure, period, jdn(first), jdn(last), value, 1775000000, 1775100000))


# External rows: A reports its sync to the portal (6 of 8) and its certified
# copies (1 of 1); B only half of the latter (no data); nothing else is
# reported (not applicable).
report(A, "dossiers_synced", 6)
report(A, "dossiers_to_sync", 8)
report(A, "communes_certified_copy", 1)
report(A, "communes_total", 1)
report(B, "communes_certified_copy", 1)
db.commit()
db.close()

add_user(s.db, "leader", "leader.a", PW, unit=A)
add_user(s.db, "officer", "officer.b", PW, unit=B)
add_user(s.db, "admin", "admin.t", PW, unit="66")
add_user(s.db, "province", "province.t", PW, unit="66", totp_enrol=True)


def close(got, want, what, eps=0.002):
    t.ok(got is not None and abs(got - want) <= eps, f"{what}: got {got!r}, want {want!r}")


def rows_of(j):
    return {i["code"]: i for g in j["groups"] for i in g["indicators"]}


def check_rows(j, expect, who):
    rows = rows_of(j)
    for code, (num, den, points, state) in expect.items():
        r = rows.get(code)
        if not r:
            t.ok(False, f"{who} {code} missing")
            continue
        t.eq(r["state"], state, f"{who} {code} state")
        if num is not None:
            close(r["num"], num, f"{who} {code} num")
            close(r["den"], den, f"{who} {code} den")
            if den:
                close(r["rate"], num / den, f"{who} {code} rate")
            else:
                t.eq(r["rate"], None, f"{who} {code} rate of a zero denominator")
        close(r["points"], points, f"{who} {code} points")


with s:
    srv = s
    a_leader = login(s, "leader.a", PW)
    b_officer = login(s, "officer.b", PW)

    # The procedure route sets a fact; a bad value names its field.
    tok = run("token", "create", "--db", s.db, "--login", "admin.t", "--name", "t",
              check=True)[1].strip().rsplit(" ", 1)[1]
    adm = {"Authorization": "Bearer " + tok}
    tok = run("token", "create", "--db", s.db, "--login", "province.t", "--name", "t",
              check=True)[1].strip().rsplit(" ", 1)[1]
    prov = {"Authorization": "Bearer " + tok}
    st, j = s.json("POST", f"/api/v1/procedures/{P3}/index766", {"public_date": "2026-04-10"},
                   adm)
    t.eq((st, j.get("public_date"), j.get("paper_result")), (200, "2026-04-10", True),
         "procedure route sets the public date, keeps paper_result")
    st, j = s.json("POST", f"/api/v1/procedures/{P3}/index766", {"paper_result": "yes"}, adm)
    t.eq((st, j["error"]["field"]), (400, "paper_result"), "bad flag names its field")
    st, j = s.json("POST", f"/api/v1/procedures/{P3}/index766", {"public_date": "x"}, headers=a_leader)
    t.eq(st, 403, "a commune leader may not change the catalogue")
    st, j = s.json("GET", f"/api/v1/procedures/{P1}")
    t.eq((j["decision_date"], j["basis_effective"], j["public_date"], j["full_online_eligible"]),
         ("2026-01-05", "2026-01-20", "2026-01-08", False), "import set P1's facts")

    # Commune A (with M merged into it), Q1.
    st, j = s.json("GET", f"/api/v1/index766?unit={A}&period={Q1}")
    t.eq(st, 200, "index of A")
    t.eq((j["unit"], j["period"], j["from"], j["to"], j["profile"]),
         (A, Q1, "2026-01-01", "2026-03-31", "dvcqg-2026-09"), "A's header")
    S, NA, OOS, ND, TR = "scored", "not_applicable", "out_of_scope", "no_data", "tracking"
    check_rows(j, {
        # Procedures at commune level: P1, P2, P3. Decided in Q1: P1 (on time), P2 (late).
        "1.1": (1, 2, 6 * 0.5, S), "1.2": (1, 2, 4 * 0.5, S),
        # Public by 31/3: P1, P2; with every component (documents): P1.
        "1.3": (1, 2, 2 * 0.5, S), "1.4": (6, 8, 6 * 0.75, S),
        # Judged: d1-d8 and d10 (received earlier, ended in Q1); late: d2, d4 (two
        # supplement requests), d5 (overdue at the end), d7 (open and overdue at the end).
        "2.1": (5, 9, 20 * 5 / 9, S),
        # Offered online (public): 2 of 3, target 80 %; both used online (d2, d3).
        "3.1": (2, 3, 2 * (2 / 3) / 0.8, S), "3.2": (2, 2, 4, S),
        # Received in Q1: d1-d8. Online with the e-result a paper result needs: d2, d3.
        "3.3": (2, 8, 6 * 0.25 / 0.5, S), "3.4": (1, 2, 0, OOS),
        "3.6": (1, 2, 6 * 0.5, S), "3.5b": (1, 1, 2, S), "3.5": (1, 1, 2, S),
        # Paper results ended 9/10 among Q1's: d1, d2, d7, d8; with a result file: d1, d2.
        "4.1": (2, 4, 3, S),
        # Documents, and the result where paper: d1, d2, d3, d4.
        "4.2": (4, 8, 2, S), "4.6": (1, 1, 2, S),
        "4.3": (1, 8, 2 * 0.125 / 0.8, S), "4.4": (0, 0, 0, NA),
        "4.5b": (1, 8, 0, OOS), "4.5a": (1, 3, 0, OOS),
        # Feedback: 2 of 4 about procedures, 1 about officials (tracked, 0 points).
        "5.1a": (2, 4, 0, TR), "5.1b": (1, 4, 0, TR),
        # On time 3 of 4 (one answered late); of those, one disliked: 2 of 4 satisfied.
        "5.2": (3, 4, 4.5, S), "5.3": (2, 4, 3, S),
        # Lost: late d2 d4 d5 d7, disliked d2, complained about d1: 3 of 8, target 90 %.
        "5.4": (3, 8, 6 * 0.375 / 0.9, S),
    }, "A")
    groups = {g["code"]: (g["points"], g["max"]) for g in j["groups"]}
    close(groups["transparency"][0], 6 + 4.5, "A transparency with the reported 1.4")
    t.eq(groups["transparency"][1], 18, "A transparency max")
    ext = rows_of(j)["1.4"]
    t.eq((ext["source"], ext["reported"]), ("external", {"by": "canbo.a", "approved_on": "2026-04-02"}),
         "1.4 says who reported it and when it was approved")
    t.eq(rows_of(j)["4.4"]["reported"], None, "4.4: nothing reported")
    close(groups["online_service"][0], 2 * (2 / 3) / 0.8 + 4 + 3, "A online")
    t.eq(groups["digitisation"][1], 14, "A digitisation max: 4.5a/4.5b out of a commune's, 4.4 "
         "not reported")
    a_total = 10.5 + 20 * 5 / 9 + (2 * (2 / 3) / 0.8 + 4 + 3) + 7 + (3 + 2 + 0.3125 + 2) + \
        (4.5 + 3 + 2.5)
    close(j["total"], a_total, "A total")
    t.eq((j["max"], j["complete"]), (92, True), "A max (4.4 not applicable) and complete")

    # Commune B: zero denominators of each rule.
    st, j = s.json("GET", f"/api/v1/index766?unit={B}&period={Q1}&lang=en")
    check_rows(j, {
        "2.1": (1, 1, 20, S), "3.2": (0, 2, 0, S), "3.3": (0, 1, 0, S),
        "3.6": (0, 0, 0, NA),  # no dossier with a fee: 0 points, still in the maximum
        "3.5b": (0, 1, 0, S), "4.1": (1, 1, 6, S), "4.2": (1, 1, 4, S),
        "5.2": (0, 0, 6, NA), "5.3": (0, 0, 6, NA),  # no feedback: full points
        "5.4": (1, 1, 6, S),  # capped at its maximum above the 90 % target
        "4.6": (None, None, 0, ND),  # half reported: no data
        "1.4": (0, 0, 0, NA),  # nothing reported: not applicable, 0 points (the portal's rate 0)
    }, "B")
    t.eq((j["complete"], j["max"]), (False, 100 - 4 - 4), "B: incomplete while 4.6 is half reported")
    b_total = 6 + 20 + 2 * (2 / 3) / 0.8 + 0 + 10 + 18
    close(j["total"], b_total, "B total")
    t.eq(rows_of(j)["2.1"]["name"], "On-time dossiers", "English names")
    t.ok("[P]" in rows_of(j)["2.1"]["rule"], "each row carries its rule with its source tag")

    # A commune without dossiers: progress not applicable and out of its maximum.
    st, j = s.json("GET", f"/api/v1/index766?unit=22057&period={Q1}")
    t.eq((rows_of(j)["2.1"]["state"], rows_of(j)["2.1"]["max"]), (NA, 0),
         "no dossiers: 2.1 not applicable, out of the maximum")

    # Province 66: the sums of its communes; procedure rows over all four.
    st, j = s.json("GET", f"/api/v1/index766?unit=66&period={Q1}")
    check_rows(j, {
        "1.3": (2, 3, 2 * 2 / 3, S), "2.1": (6, 10, 12, S),
        "3.1": (3, 4, 2 * 0.75 / 0.8, S), "3.2": (2, 3, 4 * 2 / 3, S),
        "3.3": (2, 9, 6 * (2 / 9) / 0.5, S), "3.4": (1, 2, 0, TR),
        "4.1": (3, 5, 3.6, S), "4.2": (5, 9, 4 * 5 / 9, S),
        "4.5b": (1, 9, 2 / 9, S), "4.5a": (1, 4, 0.5, S),
        "5.4": (4, 9, 6 * (4 / 9) / 0.9, S),
        "1.4": (6, 8, 4.5, S), "4.6": (1, 1, 2, S), "4.4": (0, 0, 0, NA),
    }, "66")
    p66 = (3 + 2 + 2 * 2 / 3) + 12 + (2 * 0.75 / 0.8 + 4 * 2 / 3 + 6 * (2 / 9) / 0.5) + 7 + \
        (3.6 + 4 * 5 / 9 + 2 * (1 / 9) / 0.8 + 2 / 9 + 0.5) + (4.5 + 3 + 6 * (4 / 9) / 0.9) + \
        4.5 + 2
    close(j["total"], p66, "province 66 total")
    t.eq(j["max"], 96, "a province's maximum (4.4 not reported anywhere)")

    # Rankings: communes of 66 (M retired, not ranked), and the provinces.
    st, j = s.json("GET", f"/api/v1/index766/rankings?parent=66&period={Q1}")
    ranks = {r["unit"]: r["rank"] for r in j["rankings"]}
    t.eq((ranks.get(B), ranks.get(A), M in ranks), (1, 2, False), "communes of 66 ranked")
    t.eq(j["count"], len(j["rankings"]), "count")
    st, j = s.json("GET", f"/api/v1/index766/rankings?period={Q1}")
    ranks = {r["unit"]: r["rank"] for r in j["rankings"]}
    x_total = (3 + 2 + 2 * 2 / 3) + 10 + 2 * 0.75 / 0.8 + 0 + 10 + (12 + 6 * 0.5 / 0.9)
    top = {r["unit"]: r["total"] for r in j["rankings"]}
    close(top.get("01"), x_total, "province 01 total")
    t.eq((ranks.get("66"), ranks.get("01")), (1, 2), "two provinces ranked")
    st, _, body = s.request("GET", f"/api/v1/index766/rankings?parent=66&period={Q1}&format=csv")
    lines = body.decode("utf-8-sig").splitlines()
    t.eq((lines[0], lines[1].split(",")[:2]), ("rank,unit,name,total,max,period", ["1", B]),
         "rankings as CSV")

    # The dossiers that lost points: staff of the unit only.
    st, j = s.json("GET", f"/api/v1/index766/dossiers?unit={A}&period={Q1}&row=2.1", headers=a_leader)
    t.eq(sorted(d["code"] for d in j.get("dossiers", [])), sorted([d2, d4, d5, d7]),
         "late dossiers of A (with the merged commune's)")
    st, j = s.json("GET", f"/api/v1/index766/dossiers?unit={A}&period={Q1}&row=5.4", headers=a_leader)
    t.eq(sorted(d["code"] for d in j["dossiers"]), sorted([d1, d2, d4, d5, d7]),
         "dossiers that cost satisfaction")
    st, j = s.json("GET", f"/api/v1/index766/dossiers?unit={A}&period={Q1}&row=3.6", headers=a_leader)
    t.eq([d["code"] for d in j["dossiers"]], [d4], "unpaid online")
    st, j = s.json("GET", f"/api/v1/index766/dossiers?unit={A}&period={Q1}&row=4.1&limit=1",
                   headers=a_leader)
    t.eq((j["count"], j["next_after"] is not None), (1, True), "paged")
    st, _ = s.json("GET", f"/api/v1/index766/dossiers?unit={A}&period={Q1}&row=2.1", headers=b_officer)
    t.eq(st, 403, "another commune's officer may not list A's dossiers")
    st, _ = s.json("GET", f"/api/v1/index766/dossiers?unit={A}&period={Q1}&row=2.1")
    t.eq(st, 401, "anonymous may not list dossiers")
    st, j = s.json("GET", f"/api/v1/index766/dossiers?unit={A}&period={Q1}&row=9.9", headers=a_leader)
    t.eq((st, j["error"]["field"]), (400, "row"), "unknown row named")
    st, j = s.json("GET", f"/api/v1/index766?unit={A}&period=2026-Q5")
    t.eq((st, j["error"]["field"]), (400, "period"), "bad period named")
    st, _, body = s.request("GET", f"/api/v1/index766/dossiers?unit={A}&period={Q1}&row=2.1"
                         "&format=csv", headers=a_leader)
    t.eq(len(body.decode("utf-8-sig").splitlines()), 5, "late dossiers as CSV: header and 4 rows")

    # Excel: numbers as numbers, Vietnamese text, read back from the workbook.
    def workbook(path, who=None):
        st, h, data = s.request("GET", path, headers=who)
        t.ok(st == 200 and h.get("Content-Type", "").startswith("application/vnd.openxmlformats"),
             f"{path} as Excel ({st})")
        book = zipfile.ZipFile(io.BytesIO(data))
        strings = [x for x in re.findall(r"<t[^>]*>([^<]*)</t>",
                                         book.read("xl/sharedStrings.xml").decode())]
        cells = {}
        for ref, attrs, v in re.findall(r'<c r="([A-Z]+[0-9]+)"([^>]*)><v>([^<]*)</v>',
                                        book.read("xl/worksheets/sheet1.xml").decode()):
            cells[ref] = strings[int(v)] if 't="s"' in attrs else float(v)
        return cells

    c = workbook(f"/api/v1/index766/rankings?parent=66&period={Q1}&format=xlsx")
    t.eq((c.get("A1"), c.get("A2"), c.get("B2"), c.get("C3")), ("rank", 1.0, B, "Phường Tuy Hòa"),
         "rankings workbook: rank as a number, Vietnamese names")
    close(c.get("D3"), round(a_total, 2), "A's total as a number in the workbook")
    c = workbook(f"/api/v1/index766?unit={A}&period={Q1}&format=xlsx")
    rows = {c[f"D{n}"]: n for n in range(2, 40) if f"D{n}" in c}
    n21 = rows.get("2.1")
    t.ok(n21 and c[f"F{n21}"] == 5 and c[f"G{n21}"] == 9 and c[f"C{n21}"] == "Tiến độ giải quyết",
         "the breakdown workbook: 2.1's numerator and denominator as numbers, its group in Vietnamese")
    st, _, body = s.request("GET", f"/api/v1/index766?unit={A}&period={Q1}&format=csv")
    t.ok(st == 200 and "2.1," in body.decode("utf-8-sig"), "the breakdown as CSV")
    c = workbook(f"/api/v1/index766/dossiers?unit={A}&period={Q1}&row=2.1&format=xlsx", a_leader)
    t.eq(sorted(v for k, v in c.items() if k[0] == "A" and k != "A1"), sorted([d2, d4, d5, d7]),
         "the late dossiers as Excel")

    # Pages.
    st, _, body = s.request("GET", f"/index766/{A}?period={Q1}")
    html = body.decode()
    t.ok(st == 200 and "<svg class=\"idx-bars\"" in html, "commune page with its bars")
    t.ok("Chỉ cấp tỉnh" in html and "Hồ sơ cần khắc phục" not in html,
         "provinces-only rows said; no dossier list for the public")
    st, _, body = s.request("GET", f"/index766/{A}?period={Q1}", headers=a_leader)
    t.ok("Hồ sơ cần khắc phục" in body.decode() and d5 in body.decode(),
         "the commune's leader sees the dossiers to fix")
    st, _, body = s.request("GET", f"/index766?parent=66&period={Q1}")
    t.ok(st == 200 and "Phường Tuy Hòa" in body.decode(), "province ranking page")

    # The index as built-in indicators of the monitoring layer (issue 16 item
    # 5): every installation holds index766_total and one per group, computed
    # by the index itself, not rolled up by adding points (66's progress is
    # 20 x 6/10, not A's + B's).
    st, j = s.json("GET", "/api/v1/indicators")
    ids = [i["id"] for i in j.get("indicators", [])]
    t.ok(all(f"index766_{n}" in ids for n in ("total", "transparency", "progress",
                                               "online_service", "online_payment",
                                               "digitisation", "satisfaction")),
         "the index's total and six groups are built-in indicators")
    st, j = s.json("POST", "/api/v1/indicators", {
        "id": "index766_total", "name_vi": "x", "name_en": "x", "unit": "count",
        "source": "QĐ 766/QĐ-TTg", "formula": "index766(total)"}, headers=prov)
    t.eq(st, 409, "index766_total exists already")
    st, j = s.json("GET", f"/api/v1/indicators/index766_progress/values?unit=66&period={Q1}")
    by = {u["unit"]: u for u in j.get("units", [])}
    close(j.get("value"), 12, "province 66's progress from its summed counts")
    close(by.get(A, {}).get("value"), 20 * 5 / 9, "A's progress as an indicator")
    close(by.get(B, {}).get("value"), 20, "B's progress as an indicator")
    st, j = s.json("GET", f"/api/v1/indicators/index766_satisfaction/values?unit={A}&period={Q1}")
    close(j.get("value"), 4.5 + 3 + 2.5, "A's satisfaction group as an indicator")
    st, j = s.json("GET", f"/api/v1/indicators/index766_total/values?unit=66&period={Q1}")
    by = {u["unit"]: u for u in j.get("units", [])}
    st, idx = s.json("GET", f"/api/v1/index766?unit={A}&period={Q1}")
    close(by.get(A, {}).get("value"), idx["total"], "A's total as an indicator is the index's "
          "(the API rounds to 4 places)", eps=1e-4)
    close(by.get(A, {}).get("value"), a_total, "A's total as an indicator")
    t.eq(by.get(B, {}).get("value"), None,
         "B's total waits for its half-reported row: no data, not a low score")
    st, idx = s.json("GET", f"/api/v1/index766?unit=66&period={Q1}")
    t.eq(idx.get("complete"), True, "province 66's index is complete")
    close(j.get("value"), idx["total"], "province 66's total as an indicator is the index's, "
          "scored on its summed counts", eps=1e-4)
    # A criterion on the built-in total turns A's colour: met at 50 (A has
    # 54.6), failed at 60.
    crit = {"name_vi": "Chỉ số 766", "level": 2,
            "criteria": [{"id": "progress", "name_vi": "Tiến độ", "rule": "index766_progress >= 15"},
                         {"id": "total", "name_vi": "Tổng điểm", "rule": "index766_total >= 50"}]}
    st, j = s.json("PUT", "/api/v1/criteria/commune-dx", crit, headers=prov)
    t.eq(st, 200, f"criteria on the index {j}")
    st, j = s.json("GET", f"/api/v1/units/{B}/status?period={Q1}")
    t.eq([c["id"] for c in j.get("met", [])], ["progress"], "B meets index766_progress >= 15")
    st, j = s.json("GET", f"/api/v1/units/{A}/status?period={Q1}")
    t.eq(([c["id"] for c in j.get("met", [])], [c["id"] for c in j.get("failed", [])]),
         (["total"], ["progress"]), "A meets index766_total >= 50 and fails progress (11.1)")
    yellow = j.get("colour")
    crit["criteria"] = crit["criteria"][1:]
    st, j = s.json("PUT", "/api/v1/criteria/commune-dx", crit, headers=prov)
    st, j = s.json("GET", f"/api/v1/units/{A}/status?period={Q1}")
    t.eq((yellow, j.get("colour")), ("yellow", "green"), "A is green on the total alone")
    crit["criteria"][0]["rule"] = "index766_total >= 60"
    st, j = s.json("PUT", "/api/v1/criteria/commune-dx", crit, headers=prov)
    st, j = s.json("GET", f"/api/v1/units/{A}/status?period={Q1}")
    t.eq(([c["id"] for c in j.get("failed", [])], j.get("colour") != "green"), (["total"], True),
         "index766_total >= 60 fails: A is no longer green")
    # The unit's monitoring page and its monthly report show the index.
    st, _, body = s.request("GET", f"/units/{A}?period={Q1}", headers=a_leader)
    t.ok(st == 200 and "Chỉ số 766: tổng điểm" in body.decode(),
         f"the monitoring page shows the index's total ({st})")
    st, _, body = s.request("GET", f"/reports/{A}?period=2026-03", headers=a_leader)
    t.ok(st == 200 and "Chỉ số 766: mức độ hài lòng" in body.decode(),
         f"the monthly report shows the index's groups ({st})")

# The CLI prints the API's JSON.
code, out, _ = run("index766", "--db", s.db, "--unit", A, "--period", Q1, "--json")
j = json.loads(out)
close(j["total"], a_total, "CLI total")
code, out, _ = run("index766", "--db", s.db, "--unit", A, "--period", "2026-13")
t.eq(code, 2, "CLI refuses a bad period")
t.done()
