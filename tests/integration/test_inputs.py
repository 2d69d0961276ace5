"""Declared inputs and the one intake, on the real binary: every query and
path parameter a route reads is validated before its handler and refused
with 400 naming it; parameters a route does not declare are ignored; pages
show a refused value inside themselves; a field's limit is the same on the
API and on the counter page; documents given by hash are linked in the
filing's own transaction, or nothing is filed."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import APPLICANT, Checks, Server, add_user, login, multipart  # noqa: E402
from harness import BIRTH_FORM as FORM  # noqa: E402

t = Checks()
PW = "Mat-khau-rat-manh-2026"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082")

def field_of(j):
    return ((j or {}).get("error") or {}).get("field")


with Server() as s:
    add_user(s.db, "officer", "canbo.tuyhoa", PW, unit="22015")
    add_user(s.db, "citizen", "0912345678", PW, name="Nguyễn Văn An")
    officer = login(s, "canbo.tuyhoa", PW)
    citizen = login(s, "0912345678", PW)

    # ---- refused before the handler, naming the parameter ----
    for path, who, field in (
            ("/api/v1/dossiers?unit=22015&limit=abc", officer, "limit"),
            ("/api/v1/dossiers?unit=22015&after=-1", officer, "after"),
            ("/api/v1/dossiers?unit=22015&status=0", officer, "status"),
            ("/api/v1/dossiers?unit=22015&due_before=2026-13-01", officer, "due_before"),
            ("/api/v1/dossiers?unit=22015&procedure=1.2.3", officer, "procedure"),
            ("/api/v1/feedback?unit=22015&limit=9999", officer, "limit"),
            ("/api/v1/units?limit=-5", None, "limit"),
            ("/api/v1/procedures?after=x", None, "after"),
            ("/api/v1/calendar/deadline?from=2026-04-28T09:00&add=3w", None, "add"),
            ("/api/v1/calendar/deadline?add=5d", None, "from"),
            ("/api/v1/calendar/holidays", None, "year"),
            ("/api/v1/dossiers/22015-1-1", officer, "code"),
            ("/api/v1/track/x", None, "code"),
            ("/api/v1/people/12345", officer, "pid")):
        st, j = s.json("GET", path, headers=who)
        t.eq((st, field_of(j)), (400, field), f"GET {path}")
    st, j = s.json("POST", "/api/v1/feedback/0/answer", {"answer": "x"}, headers=officer)
    t.eq((st, field_of(j)), (400, "id"), "a path id out of range")

    # ---- a query value holding %00 is refused, never read cut short ----
    for path, field in (("/api/v1/calendar/holidays?year=2026%00x", "year"),
                        ("/api/v1/procedures?q=khai%00sinh", "q")):
        st, j = s.json("GET", path)
        t.eq((st, field_of(j)), (400, field), f"GET {path}: %00 in a declared value")
    st, _ = s.json("GET", "/api/v1/calendar/holidays?year=2026&x=%00")
    t.eq(st, 200, "an undeclared parameter holding %00 is ignored like any other")

    # ---- parameters a route does not declare are ignored ----
    st, a = s.json("GET", "/api/v1/units?parent=66")
    st2, b = s.json("GET", "/api/v1/units?parent=66&unit=99&drop=table&limit=500")
    t.ok(st == st2 == 200 and a["count"] == b["count"], "unknown query parameters change nothing")

    # ---- a page shows a refused value inside itself ----
    st, _, body = s.request("GET", "/track/not-a-code")
    t.ok(st == 400 and 'name="code"' in body.decode(), "tracking page: the form again, 400")
    st, _, body = s.request("GET", "/office?status=99", headers=officer)
    t.ok(st == 400 and "status" in body.decode() and "<main>" in body.decode(),
         "the queue names the refused filter inside the page")
    st, _, _ = s.request("GET", "/?q=" + "a" * 101)
    t.eq(st, 200, "a search text that is too long is no search: the home page")
    # A form body that cannot be read is refused by the input layer, naming
    # the field; the page says so inside its form.
    urlenc = {**officer, "Content-Type": "application/x-www-form-urlencoded"}
    st, _, body = s.request("POST", "/office/release", raw=b"number=0912%00345678", headers=urlenc)
    t.ok(st == 400 and "“number”" in body.decode() and 'action="/office/release"' in body.decode(),
         "release page: a NUL in the number is named inside the page")
    st, _, body = s.request("POST", "/office/release", raw=b"number=" + b"9" * 21, headers=urlenc)
    t.ok(st == 400 and "number must be at most 20 characters" in body.decode(),
         "release page: the declared limit of the number, inside the page")

    # ---- one limit per field, the same on every path ----
    long_name = "a" * 101
    st, j = s.json("POST", "/api/v1/dossiers",
                   {"unit": "22015", "procedure": "1.001193", "form": FORM,
                    "applicant": {**APPLICANT, "name": long_name}}, headers=citizen)
    t.ok(st == 400 and field_of(j) == "applicant.name" and "100 characters" in j["error"]["message"],
         "API: the applicant's name is at most 100 characters")
    ctype, raw = multipart({"unit": "22015", "procedure": "1.001193", "channel": "1",
                            "name": long_name, **{"f." + k: v for k, v in FORM.items()}}, [])
    st, _, body = s.request("POST", "/office/receive", raw=raw,
                            headers={**officer, "Content-Type": ctype})
    t.ok(st == 400 and "100 characters" in body.decode(),
         "counter page: the same limit, in the same words")
    ctype, raw = multipart({"unit": "22015", "procedure": "1.001193", "channel": "1",
                            "name": "An", "f.colour": "xanh",
                            **{"f." + k: v for k, v in FORM.items()}}, [])
    st, _, _ = s.request("POST", "/office/receive", raw=raw,
                         headers={**officer, "Content-Type": ctype})
    t.eq(st, 303, "counter page: a field the procedure does not declare is never read")

    # ---- documents linked in the filing's own transaction ----
    st, hdrs, data = s.request("POST", "/api/v1/blobs", raw=PNG,
                               headers={**citizen, "Content-Type": "image/png"})
    import json
    sha = json.loads(data)["sha256"] if st == 201 else ""
    t.eq(st, 201, "a document uploaded first")
    good = {"unit": "22015", "procedure": "1.001193", "applicant": APPLICANT, "form": FORM}
    st, j = s.json("GET", "/api/v1/dossiers", headers=citizen)
    before = j["count"]
    st, j = s.json("POST", "/api/v1/dossiers",
                   {**good, "documents": [{"sha256": sha, "name": "to-khai.png"},
                                          {"sha256": "ab" * 32, "name": "khong-co.pdf"}]},
                   headers=citizen)
    t.eq((st, field_of(j)), (404, "sha256"), "a document never uploaded: nothing is filed")
    st, j = s.json("GET", "/api/v1/dossiers", headers=citizen)
    t.eq(j["count"], before, "no dossier without its documents")
    st, j = s.json("POST", "/api/v1/dossiers",
                   {**good, "documents": [{"sha256": sha, "name": "to-khai.png"}]},
                   headers=citizen)
    t.eq(st, 201, "filed with its document")
    st, d = s.json("GET", f"/api/v1/dossiers/{j.get('code')}", headers=citizen)
    t.ok(st == 200 and [f["sha256"] for f in d["files"]] == [sha],
         "the document is the dossier's from its filing on")
    st, j = s.json("POST", "/api/v1/dossiers", {**good, "documents": "x"}, headers=citizen)
    t.eq((st, field_of(j)), (400, "documents"), "documents must be a list")

t.done()
