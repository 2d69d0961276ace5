"""The foundation end to end: xaso init, the unit API and pages, search
without diacritics, languages, errors, metrics, village import (good and
bad files), settings from flags/environment/config, clean shutdown."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import Checks, Server, fresh_db, run  # noqa: E402

t = Checks()

# CLI contract.
code, out, _ = run("--help")
t.eq(code, 0, "xaso --help")
for cmd in ("init", "serve", "import", "demo", "version"):
    code, out, _ = run(cmd, "--help")
    t.ok(code == 0 and "usage: xaso " + cmd in out, f"{cmd} --help")
code, _, err = run("frobnicate")
t.ok(code == 2 and "unknown command" in err, "unknown command exits 2")
code, _, err = run("serve", "--db", fresh_db("/nonexistent", "x.db"))
t.ok(code != 0 and "xaso init" in err, "serve on a missing database says how to create it")

with Server() as s:
    st, body = s.json("GET", "/api/v1/units")
    t.eq(st, 200, "list provinces")
    t.eq(body["count"], 34, "34 provinces")
    st, body = s.json("GET", "/api/v1/units/66")
    t.eq(body["name"], "Tỉnh Đắk Lắk", "province 66")
    t.eq(body["child_count"], 102, "Đắk Lắk has 102 communes and wards")
    st, body = s.json("GET", "/api/v1/units?parent=66&limit=500")
    t.eq(len(body["units"]), 102, "children of 66")
    commune = body["units"][0]["code"]
    st, body = s.json("GET", f"/api/v1/units/{commune}")
    t.eq([p["code"] for p in body["parents"]], ["66"], "parent chain of a commune")
    st, body = s.json("GET", "/api/v1/units?q=dak%20lak")
    t.eq(body["units"][0]["code"], "66", "'dak lak' finds Đắk Lắk first")
    st, body = s.json("GET", "/api/v1/units?q=PH%E1%BB%90%20B%E1%BA%A2NG")
    t.eq([u["code"] for u in body["units"]], ["00745"], "search ignores case")
    st, body = s.json("GET", "/api/v1/units/9")
    t.eq(st, 404, "unknown unit is 404")
    t.eq(body["error"]["code"], "not_found", "JSON error code")
    t.eq(body["error"]["field"], "code", "JSON error field")
    st, body = s.json("GET", "/api/v1/units?parent=123")
    t.ok(st == 404 and body["error"]["field"] == "parent", "unknown parent names the field")
    st, body = s.json("GET", "/api/v1/units?limit=0")
    t.ok(st == 400 and body["error"]["field"] == "limit", "bad limit is 400 naming limit")
    st, body = s.json("GET", "/api/v1/units?q=" + "a" * 101)
    t.ok(st == 400 and body["error"]["field"] == "q", "overlong q is 400")
    st, body = s.json("POST", "/api/v1/units/66")
    t.eq(st, 405, "wrong method is 405")
    st, body = s.json("GET", "/api/v1/nothing")
    t.eq(st, 404, "unknown API route is 404")

    # Pages: Vietnamese by default, English on request; escaping.
    st, hdrs, page = s.request("GET", "/")
    page = page.decode()
    t.ok(st == 200 and 'lang="vi"' in page and "Tỉnh Đắk Lắk" in page, "home page in Vietnamese")
    t.ok("script-src 'self'" in hdrs.get("Content-Security-Policy", ""), "CSP header")
    t.eq(hdrs.get("X-Content-Type-Options"), "nosniff", "nosniff header")
    t.ok("frame-ancestors 'none'" in hdrs["Content-Security-Policy"], "frame-ancestors none")
    st, _, page = s.request("GET", "/?lang=en")
    t.ok('lang="en"' in page.decode() and "Provinces and cities" in page.decode(), "English via ?lang=en")
    st, _, page = s.request("GET", "/", headers={"Accept-Language": "en-US,en;q=0.9"})
    t.ok("Provinces and cities" in page.decode(), "English via Accept-Language")
    st, _, page = s.request("GET", "/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    page = page.decode()
    t.ok("<script>" not in page and "&lt;script&gt;" in page, "search text is escaped")
    st, _, page = s.request("GET", "/units/66")
    page = page.decode()
    t.ok(st == 200 and "Xã " in page and "(102)" in page, "province page lists its communes")
    st, _, page = s.request("GET", f"/units/{commune}")
    t.ok(st == 200 and "xaso import villages" in page.decode(), "commune page without villages")
    st, _, page = s.request("GET", "/units/nope")
    t.eq(st, 404, "unknown unit page is 404")
    st, hdrs, css = s.request("GET", "/static/xaso.css")
    t.ok(st == 200 and hdrs["Content-Type"].startswith("text/css"), "stylesheet")

    # Limits: an oversized body is refused.
    st, _, _ = s.request("POST", "/api/v1/units", raw=b"x" * (13 * 1024 * 1024))
    t.eq(st, 413, "body over the limit is 413")

    st, _, metrics = s.request("GET", "/metrics")
    m = metrics.decode()
    t.ok('xaso_http_requests_total{method="GET",route="/api/v1/units/{}",status="200"}' in m,
         "metrics by route and status")
    t.ok("xaso_http_request_duration_seconds_bucket" in m, "latency histogram")
    t.ok("xaso_db_size_bytes " in m, "database size")
    code, out, err = s.stop()
    t.eq(code, 0, "SIGTERM stops cleanly")
    t.ok("GET /api/v1/units/{} 200" in err, "one log line per request")
    t.ok("alert" not in err, "logs carry no query strings")

# Village import: good file, then bad files that store nothing.
d = tempfile.mkdtemp()
db = fresh_db(d, "v.db")
run("init", "--db", db, check=True)


def write(name, text, mode="w"):
    p = os.path.join(d, name)
    with open(p, mode) as f:
        f.write(text)
    return p


good = write("good.csv", "code,name,type,parent_code\n24121001,Thôn 1,Thôn,24121\n"
             "24121002,\"Buôn Ko Sier\",Buôn,24121\n")
code, out, err = run("import", "villages", good, "--db", db)
t.ok(code == 0 and "imported 2 villages" in out, "import villages")
bad_cases = {
    "missing column": ("code,name,type\n24121003,Thôn 3,Thôn\n", "1:1", "parent_code"),
    "unknown parent": ("code,name,type,parent_code\n24121009,Thôn 9,Thôn,24121\n99999001,X,Thôn,99999\n",
                       "99999001", "unknown parent"),
    "duplicate in file": ("code,name,type,parent_code\n24121005,A,Thôn,24121\n24121005,B,Thôn,24121\n",
                          "3:1", "duplicate"),
    "already stored": ("code,name,type,parent_code\n24121006,A,Thôn,24121\n24121001,B,Thôn,24121\n",
                       "24121001", "duplicate"),
    "short row": ("code,name,type,parent_code\n24121007,A,Thôn\n", ":2:", "fields"),
    "bad code": ("code,name,type,parent_code\n2412,A,Thôn,24121\n", "2:1", "digits"),
}
for what, (text, where, words) in bad_cases.items():
    p = write(what.replace(" ", "_") + ".csv", text)
    code, out, err = run("import", "villages", p, "--db", db)
    t.ok(code == 2 and where in err and words in err and "nothing was imported" in err,
         f"bad file ({what}) rejected with its place: {err.strip()}")
p = write("bad_utf8.csv", b"code,name,type,parent_code\n24121008,Th\xf4n,Th\xf4n,24121\n", "wb")
code, out, err = run("import", "villages", p, "--db", db)
t.ok(code == 2 and "2:" in err and "UTF-8" in err, "bad UTF-8 rejected with line and column")

# Settings: environment, then config file; flags win.
conf = write("xaso.conf", f"# test\ndb = {db}\nlisten = 127.0.0.1:1\n")
with Server(db=db, env={"XASO_CONFIG": conf}) as s:
    st, body = s.json("GET", "/api/v1/units?parent=24121")
    t.eq([u["code"] for u in body["units"]], ["24121001", "24121002"],
         "only the good file's villages were stored")
bad_conf = write("bad.conf", "db = x\nnonsense\n")
code, _, err = run("init", "--config", bad_conf)
t.ok(code == 2 and "bad.conf:2:1" in err, "bad config line reported with its place")
code, out, _ = run("init", env={"XASO_DB": db})
t.ok(code == 0 and "up to date" in out, "XASO_DB selects the database")
t.done()
