"""Accounts, sessions, CSRF, throttling, TOTP and the audit chain, on the
real binary with a small demo province."""
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import (SLOW, Checks, Server, add_user, connect, database_errors, is_pg, login,  # noqa: E402
                     run, totp)

t = Checks()
PW = "motcua-demo-2026"

srv = Server(init=False)
run("demo", "--db", srv.db, "--scale", "0.01", check=True)
secret_root = add_user(srv.db, "admin", "root", "quan-tri-vien-tinh-2026", unit="66",
                       totp_enrol=True)

# CLI contract.
code, _, err = run("user", "add", "--db", srv.db, "--role", "officer", "--unit", "99999",
                   "--login", "x.y", "--password-stdin", stdin="mot-mat-khau-rat-dai\n")
t.ok(code != 0 and "99999" in err, "user add refuses an unknown unit")
code, _, err = run("user", "add", "--db", srv.db, "--role", "officer", "--unit", "22015",
                   "--login", "weak.one", "--password-stdin", stdin="password123\n")
t.ok(code == 2 and "guess" in err, "user add refuses a common password")
code, _, err = run("user", "add", "--db", srv.db, "--role", "officer", "--unit", "22015",
                   "--login", "short.one", "--password-stdin", stdin="abc\n")
t.ok(code == 2 and "10 characters" in err, "user add refuses a short password")
code, _, err = run("user", "add", "--db", srv.db, "--role", "officer", "--unit", "22015",
                   "--login", "0912000000", "--password-stdin", stdin="mot-mat-khau-rat-dai\n")
t.ok(code == 2 and "staff login" in err, "a staff login cannot look like a phone number")
code, out, _ = run("user", "add", "--db", srv.db, "--role", "citizen", "--login", "+84 987 654 321",
                   "--name", "Y Bhim Niê")
t.ok(code == 0 and "0987654321" in out and "password: " in out,
     "citizen phone normalised; a random password is printed")
code, out, _ = run("user", "list", "--db", srv.db)
t.ok(code == 0 and "officer.22015" in out and "root" in out, "user list")
t.ok("0987654321" in out, "user list shows logins")

# Sessions idle out after 3 s and end after 6 s (times SLOW under valgrind,
# where a sign-in's hash takes seconds).
IDLE, MAX = 3 * SLOW, 6 * SLOW
with Server(db=srv.db, env={"XASO_SESSION_IDLE": str(IDLE), "XASO_SESSION_MAX": str(MAX)}) as s:
    # Sign in, me, logout.
    st, j = s.json("POST", "/api/v1/login", {"login": "officer.22015", "password": PW})
    t.eq(st, 200, "officer signs in")
    tok = j["token"]
    t.ok(len(tok) == 43 and len(j["csrf"]) == 43, "256-bit token and CSRF token")
    bearer = {"Authorization": "Bearer " + tok}
    st, me = s.json("GET", "/api/v1/me", headers=bearer)
    t.ok(st == 200 and me["role"] == "officer" and me["unit"] == "22015", "GET /me")
    st, hdrs, _ = s.request("POST", "/api/v1/login", {"login": "officer.22015", "password": PW})
    cookie = hdrs.get("Set-Cookie", "")
    t.ok("HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie,
         "session cookie HttpOnly, SameSite=Lax, not Secure over plain HTTP")
    sess = re.search(r"xaso_session=([^;]+)", cookie).group(1)
    cookie_hdr = {"Cookie": "xaso_session=" + sess}
    st, me2 = s.json("GET", "/api/v1/me", headers=cookie_hdr)
    t.eq(st, 200, "cookie session works for reads")
    # CSRF: cookie-authenticated changes need the token.
    st, j = s.json("POST", "/api/v1/logout", {}, headers=cookie_hdr)
    t.eq(st, 403, "cookie POST without CSRF token refused")
    t.eq(j["error"]["field"], "csrf", "the error names csrf")
    st, _ = s.json("POST", "/api/v1/logout", {}, headers={**cookie_hdr, "X-CSRF-Token": "x" * 43})
    t.eq(st, 403, "wrong CSRF token refused")
    st, _ = s.json("POST", "/api/v1/logout", {},
                   headers={**cookie_hdr, "X-CSRF-Token": me2["csrf"]})
    t.eq(st, 200, "cookie POST with the CSRF header accepted")
    st, _ = s.json("GET", "/api/v1/me", headers=cookie_hdr)
    t.eq(st, 401, "the session ended at logout")
    st, _ = s.json("POST", "/api/v1/logout", {}, headers=bearer)
    t.eq(st, 200, "bearer logout")
    st, _ = s.json("GET", "/api/v1/me", headers=bearer)
    t.eq(st, 401, "bearer session ended")

    # HTML form CSRF: the logout form carries the token as a field.
    st, hdrs, _ = s.request("POST", "/api/v1/login", {"login": "leader.22015", "password": PW})
    sess = re.search(r"xaso_session=([^;]+)", hdrs["Set-Cookie"]).group(1)
    ck = {"Cookie": "xaso_session=" + sess}
    st, _, page = s.request("GET", "/account", headers=ck)
    html = page.decode()
    t.ok(st == 200 and "leader.22015" in html, "account page shows the signed-in login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    form = {"Content-Type": "application/x-www-form-urlencoded", **ck}
    st, _, _ = s.request("POST", "/logout", headers=form, raw=b"csrf=wrong")
    t.eq(st, 403, "form logout with a wrong token refused")
    st, h, _ = s.request("POST", "/logout", headers=form, raw=("csrf=" + csrf).encode())
    t.ok(st in (303, 200), "form logout with the token accepted")
    st, _, _ = s.request("GET", "/account", headers=ck)
    t.eq(st, 401, "signed out by the form")

    # The sign-in form needs its double-submitted token.
    st, h, page = s.request("GET", "/login")
    pre = re.search(r'name="pre" value="([^"]+)"', page.decode()).group(1)
    body = f"pre={pre}&login=officer.22015&password={PW}".encode()
    st, h, _ = s.request("POST", "/login", raw=body, headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    t.eq(st, 403, "sign-in form without its cookie refused")
    st, h, _ = s.request("POST", "/login", raw=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": "xaso_pre=" + pre})
    t.ok(st == 303 and "xaso_session=" in h.get("Set-Cookie", ""), "sign-in form works")

    # Session expiry: idle 3 s, absolute 6 s (times SLOW).
    b = login(s, "officer.22045", PW)
    time.sleep(1.4 * IDLE)
    st, _ = s.json("GET", "/api/v1/me", headers=b)
    t.eq(st, 401, "idle session expired")
    b = login(s, "officer.22045", PW)
    for _ in range(4):
        time.sleep(0.53 * IDLE)
        st, _ = s.json("GET", "/api/v1/me", headers=b)
    t.eq(st, 401, "session past its absolute lifetime expired although in use")

    # TOTP: required for admin and province.
    st, j = s.json("POST", "/api/v1/login", {"login": "root", "password": "quan-tri-vien-tinh-2026"})
    t.ok(st == 401 and j["error"]["field"] == "totp", "admin without a code asked for it")
    code6 = totp(secret_root)
    st, j = s.json("POST", "/api/v1/login", {"login": "root", "password": "quan-tri-vien-tinh-2026",
                                             "totp": code6})
    t.eq(st, 200, "admin with the code signs in")
    st, j = s.json("POST", "/api/v1/login", {"login": "root", "password": "quan-tri-vien-tinh-2026",
                                             "totp": code6})
    t.eq(st, 401, "a code cannot be used twice")
    add_user(s.db, "province", "prov.noftotp", "so-noi-vu-dak-lak-2026", unit="66")
    st, j = s.json("POST", "/api/v1/login", {"login": "prov.noftotp",
                                             "password": "so-noi-vu-dak-lak-2026"})
    t.ok(st == 403 and j["error"]["field"] == "totp", "province account without TOTP refused")

    # Throttling per account: 5 failures lock it, even for the right password;
    # the lock answers like any failure, so it does not tell the account exists.
    for i in range(5):
        st, _ = s.json("POST", "/api/v1/login", {"login": "team.22015001", "password": "wrong" * 3})
    t.eq(st, 401, "wrong password is 401")
    st, h, locked = s.request("POST", "/api/v1/login", {"login": "team.22015001", "password": PW})
    _, _, unknown = s.request("POST", "/api/v1/login", {"login": "nobody.here", "password": PW})
    t.ok(st == 401 and "Retry-After" not in h and locked == unknown,
         "account locked after 5 failures: refused with the answer of an unknown login")
    # Per address: 20 failures within 15 minutes refuse the address.
    for i in range(14):
        s.json("POST", "/api/v1/login", {"login": f"nobody{i}", "password": "x" * 12})
    st, _ = s.json("POST", "/api/v1/login", {"login": "officer.22015", "password": PW})
    t.eq(st, 429, "address throttled after 20 failures")

    # Registration through the API, then the citizen signs in with the phone.
    st, j = s.json("POST", "/api/v1/register", {"login": "0911222333", "password": "vuon-ca-phe-nha-toi",
                                                "full_name": "H'Hoa Mlô"})
    t.eq(st, 201, "citizen registers")
    st, j = s.json("POST", "/api/v1/register", {"login": "0911222333", "password": "vuon-ca-phe-nha-toi",
                                                "full_name": "H'Hoa Mlô"})
    t.eq(st, 409, "the same phone cannot register twice")
    st, j = s.json("POST", "/api/v1/register", {"login": "12345", "password": "vuon-ca-phe-nha-toi",
                                                "full_name": "X"})
    t.ok(st == 400 and j["error"]["field"] == "login", "bad phone is 400 naming login")
    st, j = s.json("POST", "/api/v1/register", {"login": "0911222334", "password": "vuon-ca-phe-nha-toi",
                                                "full_name": "X", "pid": "999190001234"})
    t.ok(st == 400 and j["error"]["field"] == "pid", "impossible ID number is 400 naming pid")

# The throttling above is stored; clear it for the next part.
db = connect(srv.db)
db.execute("DELETE FROM login_failure")
db.commit()
db.close()

# Personal data: masked for leaders, plain for the commune's officer; reads audited.
with Server(db=srv.db) as s:
    db = connect(srv.db)
    pid = db.execute("SELECT pid FROM resident WHERE village BETWEEN 122015000 AND 122015999 LIMIT 1").fetchone()[0]
    n0 = db.execute("SELECT count(*) FROM audit WHERE action = 'person.read'").fetchone()[0]
    db.close()
    off = login(s, "officer.22015", PW)
    st, j = s.json("GET", "/api/v1/people/" + pid, headers=off)
    t.ok(st == 200 and j["pid"] == pid, "the commune's officer sees the ID number")
    lead = login(s, "leader.22015", PW)
    st, j = s.json("GET", "/api/v1/people/" + pid, headers=lead)
    t.ok(st == 200 and j["pid"].startswith("*") and j["pid"][-3:] == pid[-3:], "leader sees it masked")
    st, _ = s.json("GET", "/api/v1/people/" + pid, headers=login(s, "officer.22045", PW))
    t.eq(st, 403, "officer of another commune refused")
    st, j = s.json("GET", "/api/v1/people/12345", headers=off)
    t.ok(st == 400 and j["error"]["field"] == "pid", "malformed ID is 400")
    db = connect(srv.db)
    n1 = db.execute("SELECT count(*) FROM audit WHERE action = 'person.read'").fetchone()[0]
    t.eq(n1 - n0, 2, "each personal-record read is audited (refusals read nothing)")
    logs = "".join(r[0] for r in db.execute("SELECT object || detail FROM audit").fetchall())
    t.ok(pid not in logs, "the audit log never holds the ID number")
    db.close()
    _, _, err = s.stop()
    t.ok(pid not in err and PW not in err, "request log holds no ID numbers or passwords")

# Password change and second-factor enrolment from the account pages.
with Server(db=srv.db) as s:
    st, hdrs, _ = s.request("POST", "/api/v1/login", {"login": "officer.22045", "password": PW})
    ck = {"Cookie": "xaso_session=" + re.search(r"xaso_session=([^;]+)", hdrs["Set-Cookie"]).group(1)}
    st, _, page = s.request("GET", "/account/totp", headers=ck)
    html = page.decode()
    t.ok(st == 200 and "<svg" in html, "enrolment page shows a QR code")
    secret = re.search(r'name="secret" value="([A-Z2-7]{32})"', html).group(1)
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    form = {"Content-Type": "application/x-www-form-urlencoded", **ck}
    st, _, _ = s.request("POST", "/account/totp", headers=form,
                         raw=f"csrf={csrf}&secret={secret}&totp=000000".encode())
    t.eq(st, 400, "a wrong code does not enrol")
    st, _, _ = s.request("POST", "/account/totp", headers=form,
                         raw=f"csrf={csrf}&secret={secret}&totp={totp(secret)}".encode())
    t.eq(st, 303, "the right code enrols the second factor")
    st, j = s.json("POST", "/api/v1/login", {"login": "officer.22045", "password": PW})
    t.ok(st == 401 and j["error"]["field"] == "totp", "the officer now needs a code")
    st, _, _ = s.request("POST", "/account/password", headers=form,
                         raw=f"csrf={csrf}&current=wrong&password=hai-con-voi-rung".encode())
    t.eq(st, 400, "password change needs the current password")
    st, _, _ = s.request("POST", "/account/password", headers=form,
                         raw=f"csrf={csrf}&current={PW}&password=123456789012".encode())
    t.eq(st, 400, "password change checks the new password")
    st, _, _ = s.request("POST", "/account/password", headers=form,
                         raw=f"csrf={csrf}&current={PW}&password=hai-con-voi-rung-xanh".encode())
    t.eq(st, 303, "password changed")
    st, _, _ = s.request("GET", "/account", headers=ck)
    t.eq(st, 401, "the change ended the session")
    st, j = s.json("POST", "/api/v1/login", {"login": "officer.22045", "password": "hai-con-voi-rung-xanh",
                                             "totp": totp(secret)})
    t.eq(st, 200, "signs in with the new password and the code")

# Audit chain: intact, then tampered with behind the program's back.
code, out, _ = run("audit", "verify", "--db", srv.db)
t.ok(code == 0 and "intact" in out, "audit verify: intact")
db = connect(srv.db)
try:
    db.execute("UPDATE audit SET detail = 'x' WHERE id = 3")
    db.commit()
    t.ok(False, "audit rows cannot be updated")
except database_errors():
    t.ok(True, "audit rows cannot be updated (trigger)")
try:
    db.execute("DELETE FROM audit WHERE id = 3")
    db.commit()
    t.ok(False, "audit rows cannot be deleted")
except database_errors():
    t.ok(True, "audit rows cannot be deleted (trigger)")
db.execute("DROP TRIGGER audit_no_update" + (" ON audit" if is_pg(srv.db) else ""))
db.execute("UPDATE audit SET login = 'mallory' WHERE id = 5")
db.commit()
db.close()
code, out, err = run("audit", "verify", "--db", srv.db)
t.ok(code == 1 and "entry 5" in err, "audit verify reports the edited entry 5")

t.done()
