"""Every route, called as every role from inside and outside the unit of the
record it touches, answers as the policy says: 401 for the anonymous caller
where sign-in is needed, 403 for a role the route's action does not allow
or a unit outside the caller's subtree, and neither otherwise.

The routes and the roles each action allows come from `xaso routes` (the
server's own table); the records come from SAMPLES below. A route without
a sample fails the test, so no route can be added without being checked."""
import itertools
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import Checks, Server, add_user, connect, run  # noqa: E402

t = Checks()
PW = "motcua-demo-2026"
srv = Server(init=False)
run("demo", "--db", srv.db, "--scale", "0.01", check=True)
add_user(srv.db, "province", "province.01", "so-noi-vu-ha-noi-2026", unit="01", totp_enrol=True)
add_user(srv.db, "leader", "leader.22045", "lanh-dao-xa-khac-2026", unit="22045")
add_user(srv.db, "officer", "victim.in", "can-bo-bi-khoa-2026", unit="22015")
add_user(srv.db, "officer", "victim.out", "can-bo-bi-khoa-2026", unit="22045")

# Who calls: (name, login or None, units the caller's subtree covers among
# the sample sides "in" (commune 22015, village 22015001) and "out" (22045)).
PRINCIPALS = [
    ("anonymous", None, set()),
    ("citizen", "0912345678", set()),
    ("officer-in", "officer.22015", {"in"}),
    ("officer-out", "officer.22045", {"out"}),
    ("leader-in", "leader.22015", {"in"}),
    ("leader-out", "leader.22045", {"out"}),
    ("team-in", "team.22015001", {"in"}),
    ("province-in", "province.66", {"in", "out"}),
    ("province-out", "province.01", set()),
    ("admin", "admin", {"in", "out"}),
]
ROLE_OF = {"anonymous": "anonymous", "citizen": "citizen"}
tokens = {}
for name, login_name, _ in PRINCIPALS:
    if login_name:
        _, out, _ = run("token", "create", "--db", srv.db, "--login", login_name, "--name",
                        "matrix", check=True)
        tokens[name] = out.strip().rsplit(" ", 1)[1]

db = connect(srv.db)
PID = {"in": db.execute("SELECT pid FROM resident WHERE village = 122015001 LIMIT 1").fetchone()[0],
       "out": db.execute("SELECT pid FROM resident WHERE village BETWEEN 122045000 AND 122045999 LIMIT 1").fetchone()[0]}
COMMUNE = {"in": "22015", "out": "22045"}
DOSSIER = {side: db.execute("SELECT code FROM dossier WHERE unit = ? LIMIT 1", (c,)).fetchone()[0]
           for side, c in (("in", "22015"), ("out", "22045"))}
for c in ("22015", "22045"):
    db.execute("INSERT INTO feedback(unit, content, created_at, refuse_by, supplement_by, answer_by) "
               "VALUES (?, 'Phản ánh mẫu', 0, 0, 0, 0)", (c,))
db.commit()
# A dossier that has ended: changes from the citizen's pages are refused by
# the state machine (409) once the caller is let through, never half-run.
CLOSED = {side: db.execute("SELECT code FROM dossier WHERE unit = ? AND status IN (3, 7, 8, 10) "
                           "LIMIT 1", (c,)).fetchone()[0]
          for side, c in (("in", "22015"), ("out", "22045"))}
FEEDBACK = {side: db.execute("SELECT max(id) FROM feedback WHERE unit = ?", (c,)).fetchone()[0]
            for side, c in (("in", "22015"), ("out", "22045"))}
# Fees: a payment (its receipt), a statement and a held credit of each
# commune, as the demo made them.
PAYMENT = {side: db.execute("SELECT y.id, d.code FROM payment y JOIN dossier d ON d.id = y.dossier "
                            "WHERE y.unit = ? LIMIT 1", (c,)).fetchone()
           for side, c in (("in", "22015"), ("out", "22045"))}
STATEMENT = {side: db.execute("SELECT min(id) FROM bank_statement WHERE unit = ?", (c,)).fetchone()[0]
             for side, c in (("in", "22015"), ("out", "22045"))}
CREDIT = {side: db.execute("SELECT min(id) FROM bank_credit WHERE unit = ? AND state = 'held'",
                           (c,)).fetchone()[0]
          for side, c in (("in", "22015"), ("out", "22045"))}
# Population records (issue 13): a village of each side (the team account
# of the "in" side is bound to its village), and reports still waiting.
VILLAGE = {"in": "22015001", "out": "22045001"}
WAITING = {side: [r[0] for r in db.execute(
    "SELECT id FROM report WHERE unit = ? AND status = 1 ORDER BY id", (c,)).fetchall()]
    for side, c in (("in", "22015"), ("out", "22045"))}
# Monitoring (issue 14): a plan task of each side and an indicator to change.
TASK = {}
for side, c in (("in", "22015"), ("out", "22045")):
    TASK[side] = db.execute("INSERT INTO plan_task(plan, title, unit, deadline, created_at) "
                            "VALUES ('KH-1', 'Nhiệm vụ mẫu', ?, 2461500, 0) RETURNING id",
                            (c,)).fetchone()[0]
db.execute("INSERT INTO indicator(id, name_vi, name_en, unit, direction, formula) VALUES "
           "('matrix_rate', 'Mẫu', 'Sample', 1, 1, 'count(dossiers where rated) / count(dossiers)')")
db.commit()
db.close()
counter = itertools.count(100)
INDICATOR_BODY = {"name_vi": "Chỉ tiêu mẫu", "name_en": "Sample", "source": "Mẫu", "unit": "percent",
                  "formula": "count(dossiers where channel = online) / count(dossiers)"}
CRITERIA_BODY = {"name_vi": "Bộ tiêu chí mẫu", "level": 2,
                 "criteria": [{"id": "online", "name_vi": "Trực tuyến", "rule": "online_rate >= 35"}]}


# A 1x1 PNG: the smallest document POST /api/v1/blobs accepts.
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082")


def csv_body():
    return {"raw": b"date,kind,name\n2026-13-01,off,x\n", "ctype": "text/csv"}


def tax_code():
    """A valid 10-digit tax code, a new one each call (check digit:
    weights 31 29 23 19 17 13 7 5 3, 10 - sum mod 11)."""
    while True:
        nine = f"60{next(counter) + 5000000:07d}"
        check = 10 - sum(w * int(d) for w, d in zip((31, 29, 23, 19, 17, 13, 7, 5, 3), nine)) % 11
        if check < 10:
            return nine + str(check)


def record(kind, side):
    """A valid record of each kind for the side's village."""
    v, n = VILLAGE[side], next(counter)
    return {
        "businesses": {"tax_code": tax_code(), "kind": "enterprise", "name": "Công ty mẫu",
                       "unit": v, "opened_on": "2024-01-01"},
        "teams": {"unit": v, "founded_on": "2020-01-01"},
        "members": {"team_unit": v, "full_name": "Thành viên mẫu", "position": "teacher",
                    "joined_on": "2025-01-01"},
        "activities": {"team_unit": v, "day": "2026-01-05", "kind": "eid_activation",
                       "id": f"matrix-{n}"},
        "campaigns": {"code": f"M-{n}", "unit": v, "name": "Chiến dịch mẫu",
                      "starts_on": "2026-01-01", "ends_on": "2026-02-01", "seq": 1,
                      "target_name": "Số buổi", "measure": "sessions", "target": 5},
        "products": {"code": f"P-{n}", "unit": v, "name": "Sản phẩm", "producer": "HTX",
                     "kind": "agricultural", "added_on": "2025-01-01"},
        "reports": {"unit": v, "figure": "people_4g", "period": "2025-06", "value": 10},
    }[kind]


def record_csv(kind, side):
    rec = record(kind, side)
    head = ",".join(rec)
    return {"raw": (head + "\n" + ",".join(str(x) for x in rec.values()) + "\n").encode(),
            "ctype": "text/csv"}


def record_form(kind, side):
    return {"raw": "&".join(f"f.{k}={v}" for k, v in record(kind, side).items()).encode(),
            "ctype": "application/x-www-form-urlencoded"}


def waiting(side):
    """A report of the side still waiting (each decision uses one up)."""
    return WAITING[side].pop(0) if len(WAITING[side]) > 1 else WAITING[side][0]


RESIDENT_CSV = ("pid,full_name,birth_date,sex,household,village,eid_level,ehealth,extract_date\n"
                "066190000001,Nguyễn Văn Mẫu,1990-01-01,M,H-MATRIX,{v},2,1,2026-01-01\n")


# pattern -> function(side) -> dict(path, body | raw+ctype); side is "in",
# "out", or None for routes that touch no unit's record.
SAMPLES = {
    ("GET", "/healthz"): lambda side: {"path": "/healthz"},
    ("GET", "/metrics"): lambda side: {"path": "/metrics"},
    ("GET", "/static/xaso.css"): lambda side: {"path": "/static/xaso.css"},
    ("GET", "/api/v1/units"): lambda side: {"path": "/api/v1/units?parent=66"},
    ("GET", "/api/v1/units/{}"): lambda side: {"path": "/api/v1/units/22015"},
    ("GET", "/api/v1/units/{}/figures"): lambda side: {"path": "/api/v1/units/22015/figures"},
    ("POST", "/api/v1/units"): lambda side: {
        "path": "/api/v1/units", "unit": side,
        "body": {"code": f"{COMMUNE[side]}9{next(counter)}", "name": "Thôn Mới", "parent": COMMUNE[side]}},
    ("GET", "/"): lambda side: {"path": "/"},
    ("GET", "/units/{}"): lambda side: {"path": "/units/66"},
    ("GET", "/api/v1/calendar/holidays"): lambda side: {"path": "/api/v1/calendar/holidays?year=2026"},
    ("GET", "/api/v1/calendar/deadline"): lambda side: {
        "path": "/api/v1/calendar/deadline?from=2026-04-28T09:00&add=5d"},
    ("POST", "/api/v1/calendar/overrides"): lambda side: {"path": "/api/v1/calendar/overrides",
                                                          **csv_body()},
    ("POST", "/api/v1/login"): lambda side: {"path": "/api/v1/login", "body": {"login": "x"}},
    ("POST", "/api/v1/blobs"): lambda side: {"path": "/api/v1/blobs", "raw": PNG_1X1,
                                             "ctype": "image/png"},
    ("POST", "/api/v1/logout"): lambda side: {"path": "/api/v1/logout", "body": {}},
    ("GET", "/api/v1/me"): lambda side: {"path": "/api/v1/me"},
    ("POST", "/api/v1/register"): lambda side: {"path": "/api/v1/register", "body": {"login": "1"}},
    # A number nobody holds: released from no account (404), never 401/403
    # for the counter's officers.
    ("POST", "/api/v1/accounts/release"): lambda side: {"path": "/api/v1/accounts/release",
                                                        "body": {"phone": "0999000111"}},
    ("GET", "/office/release"): lambda side: {"path": "/office/release"},
    ("POST", "/office/release"): lambda side: {"path": "/office/release", "raw": b"number=0999000111",
                                               "ctype": "application/x-www-form-urlencoded"},
    ("GET", "/api/v1/users"): lambda side: {"path": f"/api/v1/users?unit={COMMUNE[side]}",
                                            "unit": side},
    ("POST", "/api/v1/users"): lambda side: {
        "path": "/api/v1/users", "unit": side,
        "body": {"login": f"new.{side}{next(counter)}", "role": "officer", "unit": COMMUNE[side],
                 "password": "mot-cau-mat-khau-dai", "full_name": "Cán bộ mới"}},
    ("POST", "/api/v1/users/{}/disable"): lambda side: {
        "path": f"/api/v1/users/victim.{side}/disable", "unit": side, "body": {"disabled": True}},
    ("GET", "/api/v1/tokens"): lambda side: {"path": "/api/v1/tokens"},
    ("POST", "/api/v1/tokens"): lambda side: {"path": "/api/v1/tokens",
                                              "body": {"login": "victim.in", "name": "m"}},
    ("DELETE", "/api/v1/tokens/{}"): lambda side: {"path": "/api/v1/tokens/999999"},
    ("GET", "/api/v1/audit"): lambda side: {"path": f"/api/v1/audit?unit={COMMUNE[side]}&limit=5",
                                            "unit": side},
    ("GET", "/api/v1/people/{}"): lambda side: {"path": f"/api/v1/people/{PID[side]}", "unit": side},
    ("GET", "/login"): lambda side: {"path": "/login"},
    ("POST", "/login"): lambda side: {"path": "/login", "raw": b"login=x",
                                      "ctype": "application/x-www-form-urlencoded"},
    ("GET", "/register"): lambda side: {"path": "/register"},
    ("POST", "/register"): lambda side: {"path": "/register", "raw": b"login=x",
                                         "ctype": "application/x-www-form-urlencoded"},
    ("POST", "/logout"): lambda side: {"path": "/logout", "raw": b"",
                                       "ctype": "application/x-www-form-urlencoded"},
    ("GET", "/account"): lambda side: {"path": "/account"},
    ("GET", "/account/password"): lambda side: {"path": "/account/password"},
    ("POST", "/account/password"): lambda side: {"path": "/account/password", "raw": b"current=x",
                                                 "ctype": "application/x-www-form-urlencoded"},
    ("GET", "/account/totp"): lambda side: {"path": "/account/totp"},
    ("POST", "/account/totp"): lambda side: {"path": "/account/totp", "raw": b"totp=1",
                                             "ctype": "application/x-www-form-urlencoded"},
    ("GET", "/api/v1/procedures"): lambda side: {"path": "/api/v1/procedures?q=khai%20sinh"},
    ("GET", "/api/v1/procedures/{}"): lambda side: {"path": "/api/v1/procedures/1.001193"},
    # Filing is checked against the unit in the body, and a citizen files
    # for any commune (the dossier is theirs): the sample lacks the unit so
    # every allowed role gets the same 400 (test_dossiers covers the rest).
    ("POST", "/api/v1/dossiers"): lambda side: {"path": "/api/v1/dossiers",
                                                "body": {"procedure": "1.001193"}},
    ("GET", "/api/v1/dossiers"): lambda side: {"path": f"/api/v1/dossiers?unit={COMMUNE[side]}",
                                               "unit": side},
    ("GET", "/api/v1/dossiers/{}"): lambda side: {"path": f"/api/v1/dossiers/{DOSSIER[side]}",
                                                  "unit": side},
    ("POST", "/api/v1/dossiers/{}/transitions"): lambda side: {
        "path": f"/api/v1/dossiers/{DOSSIER[side]}/transitions", "unit": side, "body": {"to": 4}},
    ("POST", "/api/v1/dossiers/{}/apology"): lambda side: {
        "path": f"/api/v1/dossiers/{DOSSIER[side]}/apology", "unit": side,
        "body": {"new_due": "2099-01-01T17:00", "reason": "cần xác minh"}},
    ("POST", "/api/v1/dossiers/{}/rating"): lambda side: {
        "path": f"/api/v1/dossiers/{DOSSIER[side]}/rating", "unit": side, "body": {"satisfied": True}},
    ("POST", "/api/v1/dossiers/{}/files"): lambda side: {
        "path": f"/api/v1/dossiers/{DOSSIER[side]}/files", "unit": side,
        "body": {"sha256": "0" * 64, "name": "giay-to.pdf"}},
    ("POST", "/api/v1/dossiers/{}/approve"): lambda side: {
        "path": f"/api/v1/dossiers/{DOSSIER[side]}/approve", "unit": side, "body": {"note": "x"}},
    ("GET", "/api/v1/track/{}"): lambda side: {"path": f"/api/v1/track/{DOSSIER['in']}"},
    # Signed results and certificates are public (test_signing covers them).
    ("GET", "/verify"): lambda side: {"path": "/verify"},
    ("GET", "/verify/{}"): lambda side: {"path": "/verify/0000000000000000"},
    ("GET", "/verify/{}/{}"): lambda side: {"path": "/verify/0000000000000000/cover"},
    ("POST", "/verify/{}"): lambda side: {"path": "/verify/0000000000000000", "raw": b"x=1",
                                          "ctype": "application/x-www-form-urlencoded"},
    ("GET", "/api/v1/verify/{}"): lambda side: {"path": "/api/v1/verify/0000000000000000"},
    ("GET", "/certs"): lambda side: {"path": "/certs"},
    ("GET", "/certs/{}"): lambda side: {"path": "/certs/ca.pem"},
    ("GET", "/api/v1/certs"): lambda side: {"path": "/api/v1/certs"},
    ("POST", "/api/v1/feedback"): lambda side: {"path": "/api/v1/feedback",
                                                "body": {"unit": "22015", "content": "Phản ánh"}},
    ("GET", "/api/v1/feedback"): lambda side: {"path": f"/api/v1/feedback?unit={COMMUNE[side]}",
                                               "unit": side},
    ("POST", "/api/v1/feedback/{}/answer"): lambda side: {
        "path": f"/api/v1/feedback/{FEEDBACK[side]}/answer", "unit": side, "body": {"answer": "Đã xử lý"}},
    # Rated by its sender's account only: the sample's feedback is anonymous.
    ("POST", "/api/v1/feedback/{}/rating"): lambda side: {
        "path": f"/api/v1/feedback/{FEEDBACK[side]}/rating", "unit": side, "body": {"satisfied": True}},
    ("GET", "/my/feedback"): lambda side: {"path": "/my/feedback"},
    ("POST", "/my/feedback/{}/rating"): lambda side: {
        "path": f"/my/feedback/{FEEDBACK[side]}/rating", "unit": side, "raw": b"satisfied=1",
        "ctype": "application/x-www-form-urlencoded"},
    # The officer's pages (test_officer_pages covers them in depth).
    ("GET", "/office"): lambda side: {"path": f"/office?unit={COMMUNE[side]}", "unit": side},
    ("GET", "/office/receive"): lambda side: {"path": f"/office/receive?unit={COMMUNE[side]}",
                                              "unit": side},
    ("POST", "/office/receive"): lambda side: {
        "path": "/office/receive", "unit": side, "raw": f"unit={COMMUNE[side]}".encode(),
        "ctype": "application/x-www-form-urlencoded"},
    ("GET", "/office/dossiers/{}"): lambda side: {"path": f"/office/dossiers/{DOSSIER[side]}",
                                                  "unit": side},
    ("GET", "/office/dossiers/{}/files/{}"): lambda side: {
        "path": f"/office/dossiers/{DOSSIER[side]}/files/1", "unit": side},
    ("GET", "/office/dossiers/{}/{}"): lambda side: {
        "path": f"/office/dossiers/{DOSSIER[side]}/process", "unit": side},
    ("POST", "/office/dossiers/{}/{}"): lambda side: {
        "path": f"/office/dossiers/{DOSSIER[side]}/process", "unit": side, "raw": b"note=x",
        "ctype": "application/x-www-form-urlencoded"},
    ("GET", "/office/feedback"): lambda side: {"path": f"/office/feedback?unit={COMMUNE[side]}",
                                               "unit": side},
    ("GET", "/office/feedback/{}"): lambda side: {"path": f"/office/feedback/{FEEDBACK[side]}",
                                                  "unit": side},
    ("POST", "/office/feedback/{}"): lambda side: {
        "path": f"/office/feedback/{FEEDBACK[side]}", "unit": side, "raw": b"answer=",
        "ctype": "application/x-www-form-urlencoded"},
    ("GET", "/dossiers/{}/receipt"): lambda side: {"path": f"/dossiers/{DOSSIER[side]}/receipt",
                                                   "unit": side},
    ("GET", "/dossiers/{}/supplement"): lambda side: {
        "path": f"/dossiers/{DOSSIER[side]}/supplement", "unit": side},
    ("GET", "/dossiers/{}/refusal"): lambda side: {"path": f"/dossiers/{DOSSIER[side]}/refusal",
                                                   "unit": side},
    ("GET", "/dossiers/{}/apology"): lambda side: {"path": f"/dossiers/{DOSSIER[side]}/apology",
                                                   "unit": side},
    ("GET", "/dossiers/{}/control"): lambda side: {"path": f"/dossiers/{DOSSIER[side]}/control",
                                                   "unit": side},
    # Fees (test_payments covers them in depth): changes that the allowed
    # roles get refused by the rules (400, 409), so the records stay.
    ("GET", "/office/dossiers/{}/fee/amount"): lambda side: {
        "path": f"/office/dossiers/{DOSSIER[side]}/fee/amount", "unit": side},
    ("POST", "/office/dossiers/{}/fee/amount"): lambda side: {
        "path": f"/office/dossiers/{DOSSIER[side]}/fee/amount", "unit": side,
        "raw": b"amount=-1&reason=x", "ctype": "application/x-www-form-urlencoded"},
    ("GET", "/office/dossiers/{}/fee/cash"): lambda side: {
        "path": f"/office/dossiers/{DOSSIER[side]}/fee/cash", "unit": side},
    ("POST", "/office/dossiers/{}/fee/cash"): lambda side: {
        "path": f"/office/dossiers/{DOSSIER[side]}/fee/cash", "unit": side,
        "raw": b"amount=999999999", "ctype": "application/x-www-form-urlencoded"},
    ("GET", "/dossiers/{}/fee-receipts/{}"): lambda side: {
        "path": f"/dossiers/{PAYMENT[side][1]}/fee-receipts/{PAYMENT[side][0]}", "unit": side},
    ("GET", "/office/payments"): lambda side: {"path": f"/office/payments?unit={COMMUNE[side]}",
                                               "unit": side},
    ("POST", "/office/payments"): lambda side: {
        "path": "/office/payments", "unit": side, "raw": f"unit={COMMUNE[side]}".encode(),
        "ctype": "application/x-www-form-urlencoded"},
    ("GET", "/office/payments/statements/{}"): lambda side: {
        "path": f"/office/payments/statements/{STATEMENT[side]}", "unit": side},
    ("GET", "/office/payments/credits/{}"): lambda side: {
        "path": f"/office/payments/credits/{CREDIT[side]}", "unit": side},
    ("POST", "/office/payments/credits/{}"): lambda side: {
        "path": f"/office/payments/credits/{CREDIT[side]}", "unit": side,
        "raw": b"dismiss=1&note=", "ctype": "application/x-www-form-urlencoded"},
    ("GET", "/office/fee-setup"): lambda side: {"path": f"/office/fee-setup?unit={COMMUNE[side]}",
                                                "unit": side},
    ("POST", "/office/fee-setup"): lambda side: {
        "path": "/office/fee-setup", "unit": side, "raw": f"unit={COMMUNE[side]}&bin=97".encode(),
        "ctype": "application/x-www-form-urlencoded"},
    ("GET", "/api/v1/dossiers/{}/fee"): lambda side: {
        "path": f"/api/v1/dossiers/{DOSSIER[side]}/fee", "unit": side},
    ("POST", "/api/v1/dossiers/{}/fee"): lambda side: {
        "path": f"/api/v1/dossiers/{DOSSIER[side]}/fee", "unit": side,
        "body": {"amount": -1, "reason": "x"}},
    ("POST", "/api/v1/dossiers/{}/payments"): lambda side: {
        "path": f"/api/v1/dossiers/{DOSSIER[side]}/payments", "unit": side,
        "body": {"amount": 999999999}},
    ("POST", "/api/v1/statements"): lambda side: {
        "path": f"/api/v1/statements?unit={COMMUNE[side]}", "unit": side,
        "raw": b"not a statement\n", "ctype": "text/csv"},
    ("GET", "/api/v1/statements"): lambda side: {
        "path": f"/api/v1/statements?unit={COMMUNE[side]}", "unit": side},
    ("GET", "/api/v1/credits"): lambda side: {"path": f"/api/v1/credits?unit={COMMUNE[side]}",
                                              "unit": side},
    ("POST", "/api/v1/credits/{}/resolve"): lambda side: {
        "path": f"/api/v1/credits/{CREDIT[side]}/resolve", "unit": side, "body": {"dismiss": ""}},
    ("GET", "/api/v1/units/{}/fee-setup"): lambda side: {
        "path": f"/api/v1/units/{COMMUNE[side]}/fee-setup", "unit": side},
    ("POST", "/api/v1/units/{}/fee-setup"): lambda side: {
        "path": f"/api/v1/units/{COMMUNE[side]}/fee-setup", "unit": side, "body": {"bin": "97"}},
    ("GET", "/api/v1/fees"): lambda side: {"path": f"/api/v1/fees?unit={COMMUNE[side]}",
                                           "unit": side},
    # The 766 index: scores public, the dossiers that lost points for staff.
    ("GET", "/api/v1/index766"): lambda side: {"path": "/api/v1/index766?unit=22015&period=2026-Q1"},
    ("GET", "/api/v1/index766/rankings"): lambda side: {
        "path": "/api/v1/index766/rankings?parent=66&period=2026-Q1"},
    ("GET", "/api/v1/index766/dossiers"): lambda side: {
        "path": f"/api/v1/index766/dossiers?unit={COMMUNE[side]}&period=2026-Q1&row=2.1",
        "unit": side},
    ("POST", "/api/v1/procedures/{}/index766"): lambda side: {
        "path": "/api/v1/procedures/1.001193/index766", "body": {"paper_result": "x"}},
    ("GET", "/index766"): lambda side: {"path": "/index766?parent=66&period=2026-Q1"},
    ("GET", "/index766/{}"): lambda side: {"path": "/index766/22015?period=2026-Q1"},
    # The citizen's pages.
    ("GET", "/procedures"): lambda side: {"path": "/procedures?q=khai%20sinh"},
    ("GET", "/procedures/{}"): lambda side: {"path": "/procedures/1.001193"},
    ("GET", "/track"): lambda side: {"path": "/track"},
    ("GET", "/track/{}"): lambda side: {"path": f"/track/{DOSSIER['in']}"},
    ("GET", "/feedback"): lambda side: {"path": "/feedback"},
    ("POST", "/feedback"): lambda side: {"path": "/feedback", "raw": b"unit_code=22015",
                                         "ctype": "application/x-www-form-urlencoded"},
    # Filing names its commune in the form: like the API's sample, the
    # form lacks it so every allowed role gets the same 400.
    ("GET", "/procedures/{}/file"): lambda side: {"path": "/procedures/1.001193/file"},
    ("POST", "/procedures/{}/file"): lambda side: {"path": "/procedures/1.001193/file",
                                                   "raw": b"name=x",
                                                   "ctype": "application/x-www-form-urlencoded"},
    ("GET", "/my/dossiers"): lambda side: {"path": "/my/dossiers"},
    ("GET", "/my/dossiers/{}"): lambda side: {"path": f"/my/dossiers/{DOSSIER[side]}",
                                              "unit": side},
    ("GET", "/my/dossiers/{}/files/{}"): lambda side: {
        "path": f"/my/dossiers/{DOSSIER[side]}/files/999999", "unit": side},
    ("GET", "/my/dossiers/{}/withdraw"): lambda side: {
        "path": f"/my/dossiers/{CLOSED[side]}/withdraw", "unit": side},
    ("POST", "/my/dossiers/{}/withdraw"): lambda side: {
        "path": f"/my/dossiers/{CLOSED[side]}/withdraw", "unit": side, "raw": b"note=x",
        "ctype": "application/x-www-form-urlencoded"},
    ("POST", "/my/dossiers/{}/supplement"): lambda side: {
        "path": f"/my/dossiers/{CLOSED[side]}/supplement", "unit": side, "raw": b"note=x",
        "ctype": "application/x-www-form-urlencoded"},
    ("POST", "/my/dossiers/{}/rating"): lambda side: {
        "path": f"/my/dossiers/{DOSSIER[side]}/rating", "unit": side, "raw": b"satisfied=1",
        "ctype": "application/x-www-form-urlencoded"},
    # Population and digital-transformation records (issue 13).
    ("GET", "/api/v1/units/{}/population"): lambda side: {
        "path": f"/api/v1/units/{VILLAGE[side]}/population", "unit": side},
    ("GET", "/api/v1/residents"): lambda side: {
        "path": f"/api/v1/residents?unit={VILLAGE[side]}&limit=2", "unit": side},
    ("POST", "/api/v1/residents/import"): lambda side: {
        "path": f"/api/v1/residents/import?unit={VILLAGE[side]}", "unit": side,
        "raw": RESIDENT_CSV.format(v=VILLAGE[side]).encode(), "ctype": "text/csv"},
    ("POST", "/api/v1/reports/{}/approve"): lambda side: {
        "path": f"/api/v1/reports/{waiting(side)}/approve", "unit": side, "body": {}},
    ("POST", "/api/v1/reports/{}/reject"): lambda side: {
        "path": f"/api/v1/reports/{waiting(side)}/reject", "unit": side, "body": {}},
    ("GET", "/units/{}/digital"): lambda side: {"path": f"/units/{VILLAGE[side]}/digital",
                                                "unit": side},
    ("GET", "/units/{}/residents"): lambda side: {"path": f"/units/{VILLAGE[side]}/residents",
                                                  "unit": side},
    ("POST", "/units/{}/residents/import"): lambda side: {
        "path": f"/units/{VILLAGE[side]}/residents/import", "unit": side,
        **multipart(RESIDENT_CSV.format(v=VILLAGE[side]))},
    ("POST", "/units/{}/reports/{}/decide"): lambda side: {
        "path": f"/units/{VILLAGE[side]}/reports/{waiting(side)}/decide", "unit": side,
        "raw": b"approve=1", "ctype": "application/x-www-form-urlencoded"},
    ("GET", "/team"): lambda side: {"path": "/team"},
    ("POST", "/team"): lambda side: {"path": "/team", "raw": b"f.kind=eid_activation",
                                     "ctype": "application/x-www-form-urlencoded"},
    ("GET", "/static/team.js"): lambda side: {"path": "/static/team.js"},
    # Monitoring (issue 14).
    ("GET", "/api/v1/indicators"): lambda side: {"path": "/api/v1/indicators"},
    ("POST", "/api/v1/indicators"): lambda side: {
        "path": "/api/v1/indicators", "body": {"id": f"matrix_{next(counter)}", **INDICATOR_BODY}},
    ("GET", "/api/v1/indicators/{}"): lambda side: {"path": "/api/v1/indicators/online_rate"},
    ("PUT", "/api/v1/indicators/{}"): lambda side: {"path": "/api/v1/indicators/matrix_rate",
                                                    "body": INDICATOR_BODY},
    ("GET", "/api/v1/indicators/{}/values"): lambda side: {
        "path": "/api/v1/indicators/online_rate/values?unit=22015&period=2026-03"},
    ("GET", "/api/v1/rankings"): lambda side: {
        "path": "/api/v1/rankings?indicator=online_rate&parent=66&period=2026-03"},
    ("GET", "/api/v1/units/{}/status"): lambda side: {"path": "/api/v1/units/22015/status"},
    ("GET", "/api/v1/criteria"): lambda side: {"path": "/api/v1/criteria"},
    ("POST", "/api/v1/criteria"): lambda side: {
        "path": "/api/v1/criteria", "body": {"id": f"set-{next(counter)}", **CRITERIA_BODY}},
    ("PUT", "/api/v1/criteria/{}"): lambda side: {"path": "/api/v1/criteria/commune-dx",
                                                  "body": CRITERIA_BODY},
    ("GET", "/api/v1/tasks"): lambda side: {"path": f"/api/v1/tasks?unit={VILLAGE[side]}",
                                            "unit": side},
    ("POST", "/api/v1/tasks"): lambda side: {
        "path": "/api/v1/tasks", "unit": side,
        "body": {"plan": "KH-1", "title": "Nhiệm vụ mới", "unit": COMMUNE[side],
                 "deadline": "2026-12-31"}},
    ("PUT", "/api/v1/tasks/{}"): lambda side: {
        "path": f"/api/v1/tasks/{TASK[side]}", "unit": side,
        "body": {"plan": "KH-1", "title": "Nhiệm vụ mẫu", "unit": COMMUNE[side],
                 "deadline": "2026-12-31", "progress": 50}},
    ("GET", "/indicators"): lambda side: {"path": "/indicators"},
    ("GET", "/indicators/{}"): lambda side: {"path": "/indicators/online_rate?period=2026-03"},
}


def multipart(text):
    boundary = "matrixboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n{text}\r\n--{boundary}--\r\n")
    return {"raw": body.encode(), "ctype": f"multipart/form-data; boundary={boundary}"}


for _kind in ("businesses", "teams", "members", "activities", "campaigns", "products", "reports"):
    SAMPLES[("GET", f"/api/v1/{_kind}")] = lambda side, k=_kind: {
        "path": f"/api/v1/{k}?unit={VILLAGE[side]}&limit=2", "unit": side}
    SAMPLES[("POST", f"/api/v1/{_kind}")] = lambda side, k=_kind: {
        "path": f"/api/v1/{k}", "unit": side, "body": record(k, side)}
    SAMPLES[("POST", f"/api/v1/{_kind}/import")] = lambda side, k=_kind: {
        "path": f"/api/v1/{k}/import?unit={VILLAGE[side]}", "unit": side, **record_csv(k, side)}
    SAMPLES[("GET", f"/units/{{}}/{_kind}")] = lambda side, k=_kind: {
        "path": f"/units/{VILLAGE[side]}/{k}", "unit": side}
    SAMPLES[("POST", f"/units/{{}}/{_kind}")] = lambda side, k=_kind: {
        "path": f"/units/{VILLAGE[side]}/{k}", "unit": side, **record_form(k, side)}
    SAMPLES[("POST", f"/units/{{}}/{_kind}/import")] = lambda side, k=_kind: {
        "path": f"/units/{VILLAGE[side]}/{k}/import", "unit": side,
        **multipart(record_csv(k, side)["raw"].decode())}

code, out, _ = run("routes", check=True)
routes = []
for line in out.splitlines():
    parts = line.split()
    routes.append((parts[0], parts[1], parts[2], set(parts[3:])))
t.ok(len(routes) >= 25, f"xaso routes lists the route table ({len(routes)} routes)")


def call(s, who, sample, method):
    headers = {}
    if who in tokens:
        headers["Authorization"] = "Bearer " + tokens[who]
    if "raw" in sample:
        headers["Content-Type"] = sample["ctype"]
        st, _, _ = s.request(method, sample["path"], raw=sample["raw"], headers=headers)
    else:
        st, _, _ = s.request(method, sample["path"], sample.get("body"), headers=headers)
    return st


def role_of(who):
    return who.split("-")[0]


checked = 0
with Server(db=srv.db) as s:
    for method, pattern, action, roles in routes:
        make = SAMPLES.get((method, pattern))
        if not make:
            t.ok(False, f"no matrix sample for {method} {pattern}: add one")
            continue
        public = "anonymous" in roles
        scoped = "unit" in make("in")
        anon_status = None
        for side in (("in", "out") if scoped else (None,)):
            for who, _, covers in PRINCIPALS:
                st = call(s, who, make(side) if side else make("in"), method)
                checked += 1
                what = f"{method} {pattern} as {who}" + (f" ({side} of the unit)" if side else "")
                if public:
                    if anon_status is None:
                        anon_status = st
                    t.ok(st == anon_status and st != 401,
                         f"{what}: public route answers alike for all ({st} vs {anon_status})")
                elif who == "anonymous":
                    t.eq(st, 401, what)
                elif role_of(who) not in roles:
                    t.eq(st, 403, what)
                elif scoped and side not in covers and role_of(who) != "admin":
                    t.eq(st, 403, what + " outside the caller's subtree")
                else:
                    t.ok(st not in (401, 403), f"{what}: allowed, got {st}")

# A few facts of the policy itself, stated here independently of the table.
policy = {(m, p): r for m, p, _, r in routes}
t.eq(policy[("POST", "/api/v1/tokens")], {"admin"}, "only admins make API tokens")
t.eq(policy[("GET", "/api/v1/people/{}")], {"officer", "leader", "team"},
     "personal records: commune staff and village teams only")
t.ok("citizen" not in policy[("GET", "/api/v1/audit")], "citizens cannot read the audit log")
t.eq(policy[("POST", "/api/v1/indicators")], {"province"}, "indicators are defined by the province")
t.eq(policy[("PUT", "/api/v1/tasks/{}")], {"province"}, "plan tasks are assigned by the province")
t.eq(policy[("POST", "/office/dossiers/{}/fee/cash")], {"officer"},
     "cash is taken by the one-stop officer only")
t.eq(policy[("POST", "/api/v1/units/{}/fee-setup")], {"leader"},
     "the commune's fee account is set by its leader")
t.ok("citizen" not in policy[("POST", "/api/v1/statements")], "citizens do not read statements")
t.eq(policy[("POST", "/api/v1/dossiers/{}/approve")], {"leader"},
     "only leaders approve (and so sign) results")
t.ok("anonymous" in policy[("GET", "/verify/{}")] and "anonymous" in policy[("GET", "/certs/{}")],
     "anyone verifies a signed result and downloads the certificates")
print(f"{checked} calls checked")
t.done()
