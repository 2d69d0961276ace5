"""Issue 11: the black-box probe's reproductions, each as it was run against
the server, each expected to fail now. Sections follow the issue's findings:
1 files by hash, 2 login CSRF, 3 the request log, 4 telling accounts apart
and claiming another person's number, 5 free text in public tracking,
6 anti-automation, 7 HTTP framing the handler sees (the proxy's share is in
test_proxy.py), 8 error quality, 9 CSV."""
import concurrent.futures
import datetime
import json
import os
import re
import struct
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(__file__))
from harness import (APPLICANT, BIRTH_FORM, NO_RATE_LIMITS, Checks, Server,  # noqa: E402
                     add_user, connect, login, multipart, raw_http, run)

t = Checks()
PW = "motcua-demo-2026"
FILING = {"unit": "22015", "procedure": "1.001193", "applicant": APPLICANT, "form": BIRTH_FORM}
# The server's own limits, as shipped (the harness turns them off).
DEFAULT_LIMITS = {k: "" for k in NO_RATE_LIMITS}


def png(n):
    """A valid 1x1 grey PNG whose pixel is n: distinct files, same shape."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes([0, n % 256]))) + chunk(b"IEND", b""))


def status_of(answer):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
    return int(m.group(1)) if m else None


def loads(data):
    try:
        return json.loads(data)
    except ValueError:
        return {}


srv = Server(init=False)
run("demo", "--db", srv.db, "--scale", "0.01", check=True)
add_user(srv.db, "citizen", "0912000111", PW, name="Trần Thị Bích")
db = connect(srv.db)
# Residents of commune 22015 (villages are integer keys: 1 + the code);
# birth days are Julian day numbers, 1721426 being 0001-01-01.
_ROWS = db.execute("SELECT pid, full_name, birth_day FROM resident WHERE village "
                   "BETWEEN 122015000 AND 122015999 ORDER BY id LIMIT 2").fetchall()
RESIDENT, OTHER = [(p, n, datetime.date.fromordinal(int(d) - 1721425).isoformat()) for p, n, d in _ROWS]
db.close()

with Server(db=srv.db) as s:
    citizen = login(s, "0912345678", PW)
    other = login(s, "0912000111", PW)
    officer = login(s, "officer.22015", PW)

    # ---- 1. Any stored file was reachable through its SHA-256 ----
    st, _, data = s.request("POST", "/api/v1/blobs", raw=png(1),
                            headers={**citizen, "Content-Type": "image/png"})
    secret_scan = loads(data).get("sha256", "")
    t.eq(st, 201, "a citizen uploads a scan")
    st, j = s.json("POST", "/api/v1/dossiers", FILING, headers=other)
    theirs = (j or {}).get("code", "")
    t.eq(st, 201, "another citizen files a dossier of their own")
    link = f"/api/v1/dossiers/{theirs}/files"
    st, _, stolen = s.request("POST", link, {"sha256": secret_scan, "name": "x.png"}, headers=other)
    st2, _, unknown = s.request("POST", link, {"sha256": "0" * 64, "name": "x.png"}, headers=other)
    t.eq(st, 404, "linking someone else's upload by its hash is refused")
    t.ok(st == st2 and stolen == unknown,
         "someone else's hash and a hash nobody uploaded get the same answer")
    st, j = s.json("GET", "/api/v1/dossiers/" + theirs, headers=other)
    t.ok(st == 200 and not any(f.get("sha256") == secret_scan for f in j.get("files", [])),
         "so the other citizen's dossier never lists (nor serves) the scan")
    # The same hash given as a document of a new filing (the one intake).
    before = s.json("GET", "/api/v1/dossiers", headers=other)[1]["count"]
    st, _, stolen = s.request("POST", "/api/v1/dossiers", {**FILING, "documents": [
        {"sha256": secret_scan, "name": "x.png"}]}, headers=other)
    st2, _, unknown = s.request("POST", "/api/v1/dossiers", {**FILING, "documents": [
        {"sha256": "0" * 64, "name": "x.png"}]}, headers=other)
    t.ok(st == st2 == 404 and stolen == unknown
         and s.json("GET", "/api/v1/dossiers", headers=other)[1]["count"] == before,
         "filing with someone else's hash as a document: the unknown hash's 404, nothing filed")
    st, j = s.json("POST", "/api/v1/dossiers", FILING, headers=citizen)
    mine = (j or {}).get("code", "")
    st, _ = s.json("POST", f"/api/v1/dossiers/{mine}/files",
                   {"sha256": secret_scan, "name": "cccd.png"}, headers=citizen)
    t.eq(st, 201, "the uploader links their own scan")
    st, _ = s.json("POST", f"/api/v1/dossiers/{mine}/files",
                   {"sha256": secret_scan, "name": "cccd.png", "kind": "result"}, headers=officer)
    t.eq(st, 201, "the receiving unit's officer may use a file already in its dossier")

    # ---- 2. Login CSRF ----
    body = json.dumps({"login": "0912000111", "password": PW}).encode()
    st, h, _ = s.request("POST", "/api/v1/login", raw=body,
                         headers={"Content-Type": "text/plain", "Origin": "http://evil.example"})
    t.ok(st in (403, 415) and "Set-Cookie" not in h,
         f"a cross-site text/plain sign-in sets no cookie ({st})")
    st, h, _ = s.request("POST", "/api/v1/login", raw=body, headers={"Content-Type": "text/plain"})
    t.ok(st == 415 and "Set-Cookie" not in h, "sign-in takes only application/json (415)")
    st, h, _ = s.request("POST", "/api/v1/login", raw=body,
                         headers={"Content-Type": "application/json",
                                  "Origin": "http://evil.example"})
    t.ok(st == 403 and "Set-Cookie" not in h, "sign-in from another site's page refused")
    st, h, _ = s.request("POST", "/api/v1/login", raw=body,
                         headers={"Content-Type": "application/json",
                                  "Sec-Fetch-Site": "cross-site"})
    t.ok(st == 403 and "Set-Cookie" not in h, "Sec-Fetch-Site: cross-site refused")
    st, h, data = s.request("POST", "/api/v1/login", raw=body,
                            headers={"Content-Type": "application/json",
                                     "Origin": s.base, "Sec-Fetch-Site": "same-origin"})
    t.ok(st == 200 and "xaso_session=" in h.get("Set-Cookie", ""),
         "sign-in from the site's own page works")
    ck = {"Cookie": "xaso_session=" + re.search(r"xaso_session=([^;]+)",
                                                h.get("Set-Cookie", "=x;")).group(1),
          "X-CSRF-Token": loads(data).get("csrf", "")}
    st, _ = s.json("POST", "/api/v1/feedback", {"unit": "22015", "content": "x"},
                   headers={**ck, "Origin": "http://evil.example"})
    t.eq(st, 403, "a change with the session cookie from another site is refused")
    st, _ = s.json("POST", "/api/v1/feedback", {"unit": "22015", "content": "Góp ý"},
                   headers={**ck, "Origin": s.base})
    t.eq(st, 201, "the same change from the site itself goes through")
    st, _, _ = s.request("POST", "/api/v1/feedback", raw=b"unit=22015&content=x",
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    t.eq(st, 415, "API changes take only JSON bodies")

    # ---- 4. Telling accounts apart ----
    st1, _, known = s.request("POST", "/api/v1/login", {"login": "0912345678", "password": "x" * 12})
    st2, _, nobody = s.request("POST", "/api/v1/login", {"login": "0912999888", "password": "x" * 12})
    t.ok(st1 == st2 == 401 and known == nobody,
         "a wrong password and an unknown login get one answer")
    st1, _, known = s.request("POST", "/api/v1/login", {"login": "officer.22045", "password": "x" * 12})
    st2, _, nobody = s.request("POST", "/api/v1/login", {"login": "officer.99999", "password": "x" * 12})
    t.ok(st1 == st2 == 401 and known == nobody, "the same for staff logins")

    # Registration with an ID number: only the resident, by name and birth date.
    pid, name, birth = RESIDENT
    reg = {"login": pid, "password": "vuon-ca-phe-nha-toi", "full_name": name}
    st, _, a1 = s.request("POST", "/api/v1/register", {**reg, "full_name": "Kẻ Mạo Danh",
                                                       "birth_date": birth})
    st2, _, a2 = s.request("POST", "/api/v1/register", {**reg, "login": "066190999999",
                                                        "birth_date": birth})
    t.ok(st == 422 and loads(a1).get("error", {}).get("field") == "pid",
         "a real resident's ID number with another name is refused (422, pid)")
    t.ok(st2 == 422 and a1 == a2, "an unknown ID number gets the very same answer")
    st, j = s.json("POST", "/api/v1/register", {**reg, "birth_date": "1900-01-01"})
    t.eq(st, 422, "nor with another birth date")
    st, j = s.json("POST", "/api/v1/register", reg)
    t.ok(st == 400 and (j or {}).get("error", {}).get("field") == "birth_date",
         "an ID number comes with the birth date")
    st, j = s.json("POST", "/api/v1/register", {**reg, "full_name": name.upper(),
                                                "birth_date": birth})
    t.eq(st, 201, "the resident registers with their ID number (name compared folded)")
    db = connect(s.db)
    checks = db.execute("SELECT count(*) FROM audit WHERE action IN ('person.check', "
                        "'account.register_refused')").fetchone()[0]
    logs = " ".join(r[0] for r in db.execute("SELECT object || ' ' || detail FROM audit").fetchall())
    db.close()
    t.ok(checks >= 4 and pid not in logs, "each check is in the audit log, never the number")

    # A number taken first by someone else: released at the counter.
    taken = {"login": "0913000222", "password": "mat-khau-cua-ke-gian", "full_name": "Kẻ Gian"}
    t.eq(s.json("POST", "/api/v1/register", taken)[0], 201, "someone registers another's phone")
    owner = {"login": "0913000222", "password": "mat-khau-cua-chu-so", "full_name": "Chủ Số"}
    t.eq(s.json("POST", "/api/v1/register", owner)[0], 409, "its owner then gets 409")
    st, j = s.json("POST", "/api/v1/accounts/release", {"phone": "0913000222"}, headers=citizen)
    t.eq(st, 403, "a citizen cannot release numbers")
    st, j = s.json("POST", "/api/v1/accounts/release", {"phone": "0913000222"}, headers=officer)
    t.ok(st == 200 and (j or {}).get("released") == 1, "the counter's officer releases it")
    t.eq(s.json("POST", "/api/v1/login", {"login": "0913000222",
                                          "password": "mat-khau-cua-ke-gian"})[0], 401,
         "the account that took it signs in with it no more")
    t.eq(s.json("POST", "/api/v1/register", owner)[0], 201, "the owner registers")
    st, j = s.json("POST", "/api/v1/accounts/release", {"phone": "0913999999"}, headers=officer)
    t.ok(st == 404 and (j or {}).get("error", {}).get("field") == "phone",
         "a number nobody holds: 404 naming the phone")
    # The same at the counter's page, for an ID number.
    pid2, name2, birth2 = OTHER
    t.eq(s.json("POST", "/api/v1/register", {"login": "0914000333", "pid": pid2, "full_name": name2,
                                             "birth_date": birth2,
                                             "password": "nguoi-nha-biet-ngay-sinh"})[0], 201,
         "a relative who knows the name and birth date claims an ID number")
    st, h, _ = s.request("POST", "/api/v1/login", {"login": "officer.22015", "password": PW})
    okk = {"Cookie": "xaso_session=" + re.search(r"xaso_session=([^;]+)",
                                                 h.get("Set-Cookie", "=x;")).group(1)}
    st, _, page = s.request("GET", "/office/release", headers=okk)
    csrf = re.search(rb'name="csrf" value="([^"]+)"', page)
    t.ok(st == 200 and csrf is not None, "the release page has its form")
    st, _, page = s.request("POST", "/office/release", headers={
        **okk, "Content-Type": "application/x-www-form-urlencoded"},
        raw=b"csrf=" + (csrf.group(1) if csrf else b"") + b"&number=" + pid2.encode())
    t.ok(st == 200 and b'class="ok"' in page, "the page releases the ID number")
    st, _ = s.json("POST", "/api/v1/register", {"login": pid2, "full_name": name2,
                                                "birth_date": birth2,
                                                "password": "so-cua-chinh-toi-2026"})
    t.eq(st, 201, "the resident then registers with it")
    db = connect(s.db)
    details = [r[0] for r in db.execute("SELECT detail FROM audit "
                                        "WHERE action = 'account.release'").fetchall()]
    rel = (len(details), " ".join(details))
    db.close()
    t.ok(rel[0] == 2 and "0913000222" not in rel[1] and pid2 not in rel[1],
         "both releases are audited, without the numbers")

    # ---- 5. Public tracking carried free text typed by staff ----
    st, j = s.json("POST", f"/api/v1/dossiers/{mine}/transitions", {"to": 2}, headers=officer)
    st, j = s.json("POST", f"/api/v1/dossiers/{mine}/apology",
                   {"new_due": "2099-01-01T17:00", "reason": "Chờ xác minh CCCD 066190001234, "
                    "gọi 0912345678"}, headers=officer)
    t.eq(st, 200, "an officer writes an apology")
    st, _, data = s.request("GET", "/api/v1/track/" + mine)
    t.ok(st == 200 and b"066190001234" not in data and b"0912345678" not in data
         and loads(data).get("apology", {}).get("at"),
         "public tracking shows the apology's date, not what the officer typed")

    # ---- 8. Error quality ----
    st, _, data = s.request("GET", f"/api/v1/track/{mine}%00")
    t.ok(st == 400 and loads(data).get("error", {}).get("field") == "path", "%00 in a path: 400")
    st, _, data = s.request("POST", "/api/v1/feedback",
                            raw=b'{"unit": "22015", "content": "a\\u0000b"}',
                            headers={"Content-Type": "application/json"})
    err = loads(data).get("error", {})
    t.ok(st == 400 and err.get("field") == "content" and "JSON_ALLOW_NUL" not in err.get("message", ""),
         f"a NUL in a JSON string names the field in our words: {err}")
    st, _, data = s.request("POST", "/api/v1/feedback", raw=b'{"unit": "22015", "content": ',
                            headers={"Content-Type": "application/json"})
    err = loads(data).get("error", {})
    t.ok(st == 400 and err.get("field") == "body" and "line 1" in err.get("message", "")
         and "expected" not in err.get("message", ""), f"broken JSON in our words: {err}")
    ct, mp = multipart({}, [("file", "scan.png", "image/png", png(7))])
    mp = mp.replace(ct.split("boundary=")[1].encode(), b"a")
    st, _, data = s.request("POST", "/api/v1/blobs", raw=mp,
                            headers={**citizen, "Content-Type": "multipart/form-data; boundary=a"})
    t.eq(st, 201, f"a one-character multipart boundary is valid: {data[:120]}")

    # Unreadable form bodies on the sign-in and feedback pages name the field.
    st, h, page = s.request("GET", "/login")
    pre = re.search(r"xaso_pre=([^;]+)", h.get("Set-Cookie", "")).group(1)
    form = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": "xaso_pre=" + pre}
    for what, raw_body, want in [
            ("invalid UTF-8", b"pre=" + pre.encode() + b"&login=%FF%FE&password=x", 400),
            ("a NUL", b"pre=" + pre.encode() + b"&login=a%00b&password=x", 400),
            ("a 1 MB field", b"pre=" + pre.encode() + b"&password=x&login=" + b"a" * (1 << 20), 413)]:
        st, _, page = s.request("POST", "/login", raw=raw_body, headers=form)
        text = page.decode("utf-8", "replace")
        t.ok(st == want and "“login”" in text and "Biểu mẫu đã cũ" not in text,
             f"/login with {what} in a field: {want}, naming the field")
    st, _, page = s.request("POST", "/feedback", raw=b"unit=22015&content=a%00b",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    text = page.decode("utf-8", "replace")
    t.ok(st == 400 and "“content”" in text and "chọn hoặc nhập xã" not in text,
         "/feedback with a NUL names the field, not a missing commune")

    # ---- 7. HTTP framing the handler sees ----
    for what, data in [
            ("Content-Length with Transfer-Encoding",
             b"POST /api/v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
             b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
            ("two different Content-Lengths",
             b"POST /api/v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
             b"Content-Length: 3\r\n\r\n{}"),
            ("HTTP/1.1 without Host", b"GET /healthz HTTP/1.1\r\n\r\n"),
            ("an unknown Transfer-Encoding",
             b"POST /api/v1/feedback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n")]:
        answer, secs, closed = raw_http(s.port, data, timeout=5)
        t.ok(status_of(answer) == 400 and b"Connection: close" in answer and closed and secs < 2,
             f"{what}: 400 and the connection closed at once ({status_of(answer)}, {secs:.1f} s)")

    # ---- 3. The request log (finished below, when the server stops) ----
    s.request("POST", "/api/v1/people/066078001234", {})
    s.request("GET", "/x%0a2026-12-03T00:00:00Z%20127.0.0.1%20GET%20/FORGED%20200%200%200.1ms")
    s.request("GET", "/api/v1/people/066078001234%0d%0a", headers=officer)
    s.request("GET", "/x%1b%5b31mred%07")  # terminal escapes, no line break
    _, _, log = s.stop()

lines = [ln for ln in log.splitlines() if ln]
t.ok(not any(ln.startswith("2026-12-03T00:00:00Z") or "FORGED" in ln for ln in lines),
     "no forged line in the log")
t.ok("066078001234" not in log and not re.search(r"\d{12}", log),
     "no 12-digit number reaches the log")
t.ok(any(" POST unmatched 405 " in ln for ln in lines) and any(" GET unmatched 404 " in ln
                                                             for ln in lines),
     "a request that matches no route is logged as unmatched")
pat = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \S+ \S+ (\S+) \d{3} \d+ [\d.]+ms$")
req_lines = [ln for ln in lines if not ln.startswith("xaso:") and "libmicrohttpd:" not in ln]
t.ok(req_lines and all(pat.match(ln) and (pat.match(ln).group(1) == "unmatched"
                                          or pat.match(ln).group(1).startswith("/"))
                       for ln in req_lines),
     "every request line has the same fields, the route's pattern or 'unmatched'")
t.ok(all(ln.isprintable() and ln.isascii() for ln in lines), "nothing unprintable reaches the log")

# ---- 6. Anti-automation, with the limits as shipped ----
with Server(db=srv.db, env=DEFAULT_LIMITS, extra=["--quiet"]) as s:
    codes = [s.json("POST", "/api/v1/feedback", {"unit": "22015", "content": f"Góp ý {i}"})[0]
             for i in range(60)]
    t.ok(codes.count(201) <= 10 and codes[-1] == 429, f"60 anonymous feedback posts: {codes.count(201)} pass")
    st, h, _ = s.request("POST", "/api/v1/feedback", {"unit": "22015", "content": "x"})
    t.ok(st == 429 and int(h.get("Retry-After", "0")) > 0, "429 with Retry-After")
    codes = [s.json("POST", "/api/v1/register",
                    {"login": f"09150{i:05d}", "password": "vuon-ca-phe-nha-toi",
                     "full_name": "Người Thử"})[0] for i in range(15)]
    t.ok(codes.count(201) <= 10 and codes[-1] == 429, f"15 registrations: {codes.count(201)} pass")
    tok = login(s, "0912345678", PW)
    codes = [s.json("POST", "/api/v1/dossiers", FILING, headers=tok)[0] for _ in range(40)]
    t.ok(codes.count(201) <= 30 and codes[-1] == 429, f"40 dossiers from one account: "
         f"{codes.count(201)} pass")
    # 15 wrong passwords at once: sent one after another, each waiting for
    # its hash, they would come seconds apart under valgrind, as slowly as
    # the limit lets them through.
    with concurrent.futures.ThreadPoolExecutor(15) as pool:
        answers = list(pool.map(lambda _: s.request("POST", "/api/v1/login",
                                                    {"login": "0912345678",
                                                     "password": "x" * 12}), range(15)))
    limited = [h for st, h, _ in answers if st == 429]
    # The limit, not the lock of an address after 20 failures (Retry-After 900).
    t.ok(limited and all(0 < int(h.get("Retry-After", "0")) <= 60 for h in limited),
         "sign-in attempts are limited per address, a few seconds apart")
    codes = [s.request("GET", "/api/v1/track/22015-260101-%04d" % i)[0] for i in range(80)]
    t.ok(codes[-1] == 429, "walking dossier codes through tracking is limited")

# /metrics: this machine, or a monitor with the token.
token = "metrics-token-for-the-probe-2026"
with Server(db=srv.db, extra=["--quiet"],
            env={"XASO_TRUSTED_PROXY": "127.0.0.1", "XASO_METRICS_TOKEN": token}) as s:
    t.eq(s.request("GET", "/metrics")[0], 200, "/metrics for a monitor on this machine")
    away = {"X-Forwarded-For": "203.0.113.7"}
    t.eq(s.request("GET", "/metrics", headers=away)[0], 403, "/metrics is not public")
    t.eq(s.request("GET", "/metrics", headers={**away, "Authorization": "Bearer " + token})[0], 200,
         "/metrics with the configured token")
    t.eq(s.request("GET", "/metrics", headers={**away, "Authorization": "Bearer " + token[:-1] + "x"})[0],
         403, "and not with another")

# ---- 9. CSV ----
d = tempfile.mkdtemp(prefix="xaso-probe-")
p = os.path.join(d, "villages.csv")
with open(p, "wb") as f:
    f.write("code,name,type,parent_code\n22015901,Thôn\0 Chín,Thôn,22015\n".encode())
code, _, err = run("import", "villages", p, "--db", srv.db)
t.ok(code == 2 and "villages.csv:2:" in err and "NUL" in err,
     f"an import refuses a NUL with its line and column: {err.strip()}")
t.done()
