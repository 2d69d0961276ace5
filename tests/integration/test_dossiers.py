"""Procedures, dossiers, tracking and feedback over HTTP on the real
binary: the happy path and every error path, with the authorisation rules
(officer of the unit, officer of another commune, anonymous, citizens and
their own dossiers)."""
# also on PostgreSQL in the sanitizer build (they run the back end's own code)
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import (APPLICANT, Checks, Server, add_user, connect, demo_certs, fresh_db, login,  # noqa: E402
                     pdf_document, run)
from harness import BIRTH_FORM as FORM  # noqa: E402

t = Checks()
PW = "Mat-khau-rat-manh-2026"


def err(j):
    return (j or {}).get("error", {})


def field_of(j):
    return err(j).get("field")


with Server() as s:
    # ---- procedures (public) ----
    st, j = s.json("GET", "/api/v1/procedures?q=dang%20ky%20khai%20sinh&limit=500")
    codes = [p["code"] for p in j["procedures"]]
    t.ok(st == 200 and "1.001193" in codes, "search without diacritics finds Đăng ký khai sinh")
    st, j = s.json("GET", "/api/v1/procedures?field=H%E1%BB%99%20t%E1%BB%8Bch&limit=500")
    t.eq((st, j["count"]), (200, 41), "41 procedures in the field Hộ tịch")
    st, j = s.json("GET", "/api/v1/procedures?limit=2")
    st2, j2 = s.json("GET", "/api/v1/procedures?limit=2&after=" + j["next_after"])
    t.ok(st2 == 200 and j2["procedures"][0]["code"] > j["procedures"][1]["code"], "paging by code")
    for q, f in (("limit=0", "limit"), ("limit=x", "limit"), ("q=", "q"), ("after=abc", "after")):
        st, j = s.json("GET", "/api/v1/procedures?" + q)
        t.eq((st, field_of(j)), (400, f), f"procedures?{q} is refused naming {f}")
    st, j = s.json("GET", "/api/v1/procedures/1.001193")
    t.ok(st == 200 and j["processing_time"] == {"value": 0, "unit": "sameday"}
         and len(j["documents"]) >= 3 and any(f["name"] == "child_sex" for f in j["form_fields"]),
         "one procedure with documents and form fields")
    t.eq(s.json("GET", "/api/v1/procedures/1.999999")[0], 404, "unknown procedure 404")
    t.eq(s.json("GET", "/api/v1/procedures/abc")[0], 400, "bad procedure code 400")

    # ---- accounts ----
    add_user(s.db, "officer", "canbo.tuyhoa", PW, unit="22015")
    add_user(s.db, "officer", "canbo.badinh", PW, unit="00004")
    add_user(s.db, "leader", "lanhdao.tuyhoa", PW, unit="22015")
    secret = add_user(s.db, "province", "so.daklak", PW, unit="66", totp_enrol=True)
    add_user(s.db, "citizen", "0912345678", PW, name="Nguyễn Văn An")
    add_user(s.db, "citizen", "0987654321", PW, name="Trần Thị Bích")
    officer = login(s, "canbo.tuyhoa", PW)
    other_officer = login(s, "canbo.badinh", PW)
    leader = login(s, "lanhdao.tuyhoa", PW)
    province = login(s, "so.daklak", PW, secret)
    citizen = login(s, "0912345678", PW)
    other_citizen = login(s, "0987654321", PW)

    def post(path, body, who=None, raw=None):
        if raw is not None:
            st, _, data = s.request("POST", path, headers={**(who or {}), "Content-Type": "application/json"}, raw=raw)
            import json
            return st, (json.loads(data) if data else None)
        return s.json("POST", path, body, headers=who)

    def get(path, who=None):
        return s.json("GET", path, headers=who)

    good = {"unit": "22015", "procedure": "1.001193", "applicant": APPLICANT, "form": FORM}

    # ---- filing: errors ----
    t.eq(post("/api/v1/dossiers", good)[0], 401, "anonymous filing 401")
    t.eq(field_of(post("/api/v1/dossiers", None, citizen, raw=b"")[1]), "body", "empty body 400 body")
    t.eq(post("/api/v1/dossiers", None, citizen, raw=b"{not json")[0], 400, "bad JSON 400")
    t.eq(post("/api/v1/dossiers", None, citizen, raw=b"[1]")[0], 400, "JSON array 400")
    cases = [
        ({**good, "unit": None}, "unit", 400),
        ({**good, "procedure": None}, "procedure", 400),
        ({**good, "procedure": "1.999999"}, "procedure", 404),
        ({**good, "unit": "99999"}, "unit", 404),
        ({**good, "unit": "66"}, "unit", 400),
        ({**good, "applicant": None}, "applicant", 400),
        ({**good, "applicant": {**APPLICANT, "name": ""}}, "applicant.name", 400),
        ({**good, "applicant": {**APPLICANT, "pid": "12345"}}, "applicant.pid", 400),
        ({**good, "applicant": {**APPLICANT, "phone": "12"}}, "applicant.phone", 400),
        ({**good, "channel": 1}, "channel", 400),
        ({**good, "channel": 9}, "channel", 400),
        ({**good, "form": {k: v for k, v in FORM.items() if k != "child_sex"}}, "form", 400),
        ({**good, "form": {**FORM, "child_sex": "khac"}}, "form", 400),
        ({**good, "form": {**FORM, "child_birth_date": "2026-02-30"}}, "form", 400),
        ({**good, "form": {**FORM, "favourite_colour": "xanh"}}, "form", 400),
        ({**good, "form": [1, 2]}, "form", 400),
        ({k: v for k, v in good.items() if k != "form"}, "form", 400),
    ]
    for body, f, code in cases:
        st, j = post("/api/v1/dossiers", body, citizen)
        t.eq((st, field_of(j)), (code, f), f"filing with bad {f} is refused")
    st, j = get("/api/v1/dossiers?unit=22015", officer)
    t.eq((st, j["count"]), (200, 0), "nothing was stored by the refused filings")
    t.eq(post("/api/v1/dossiers", {**good, "channel": 1}, other_officer)[0], 403,
         "officer of another commune cannot file for this one")
    t.eq(post("/api/v1/dossiers", {**good, "channel": 1}, province)[0], 403, "province staff do not file")
    t.eq(post("/api/v1/dossiers", {**good, "channel": 2}, officer)[0], 400, "staff do not file online")

    # ---- filing ----
    st, j = post("/api/v1/dossiers", good, citizen)
    t.ok(st == 201 and j["status"]["code"] == 1 and j["received_at"] is None and j["due_at"] is None,
         f"citizen files online: {st} {j}")
    online = j["code"]
    t.ok(online.startswith("22015-") and len(online) == 17, "code UNIT-YYMMDD-NNNN")
    st, j = post("/api/v1/dossiers", {**good, "channel": 1}, officer)
    t.ok(st == 201 and j["status"]["code"] == 2 and j["received_at"] and j["due_at"],
         "officer files at the counter: received, with its appointment")
    counter = j["code"]
    t.ok(counter != online and counter[:13] == online[:13], "the day's sequence goes on")
    st, j = post("/api/v1/dossiers", good, other_citizen)
    other_online = j["code"]
    # Long Vietnamese text at the limits survives intact (no cut UTF-8).
    long_name = ("Đặng Thị Ngọc Huyền Trương " * 4)[:100]
    long_note = ("ghi chú về việc bổ sung giấy tờ hộ tịch " * 13)[:500]
    st, j = post("/api/v1/dossiers", {**good, "channel": 1, "applicant": {**APPLICANT, "name": long_name,
                                                                           "address": long_note[:300]}}, officer)
    long_code = j["code"]
    post(f"/api/v1/dossiers/{long_code}/transitions", {"to": 4, "note": long_note}, officer)
    st, j = get("/api/v1/dossiers/" + long_code, officer)
    t.ok(st == 200 and j["applicant"]["name"] == long_name and j["applicant"]["address"] == long_note[:300]
         and j["events"][-1]["note"] == long_note, "100-character names and 500-character notes round-trip")
    t.eq(field_of(post(f"/api/v1/dossiers/{long_code}/transitions", {"to": 5, "note": long_note + "x"},
                       officer)[1]), "note", "a 501-character note is refused")

    # ---- reading ----
    st, j = get("/api/v1/dossiers/" + online, officer)
    t.ok(st == 200 and j["applicant"]["pid"] == "066090000123" and j["form"]["child_sex"] == "nam"
         and len(j["events"]) == 1, "officer of the unit sees the applicant in full")
    st, j = get("/api/v1/dossiers/" + online, citizen)
    t.ok(st == 200 and j["applicant"]["pid"] != "066090000123" and "*" in j["applicant"]["pid"],
         "the citizen reads their own dossier, numbers masked")
    st, j = get("/api/v1/dossiers/" + online, province)
    t.ok(st == 200 and "*" in j["applicant"]["phone"], "province staff read it masked")
    t.eq(get("/api/v1/dossiers/" + online)[0], 401, "anonymous read 401")
    t.eq(get("/api/v1/dossiers/" + online, other_citizen)[0], 403, "another citizen's dossier 403")
    t.eq(get("/api/v1/dossiers/" + online, other_officer)[0], 403, "officer of another commune 403")
    t.eq(get("/api/v1/dossiers/22015-260101-9999", officer)[0], 404, "unknown dossier 404")
    t.eq(get("/api/v1/dossiers/nope", officer)[0], 400, "bad code 400")

    # ---- listing ----
    st, j = get("/api/v1/dossiers", citizen)
    t.ok(st == 200 and [d["code"] for d in j["dossiers"]] == [online], "a citizen lists only their own")
    st, j = get("/api/v1/dossiers?unit=22015&limit=2", officer)
    t.ok(st == 200 and j["count"] == 2 and j["next_after"], "officer lists the unit, paged")
    st, j2 = get(f"/api/v1/dossiers?unit=22015&limit=2&after={j['next_after']}", officer)
    t.eq((st, j2["count"]), (200, 2), "second page")
    st, j = get("/api/v1/dossiers?unit=66&status=2", province)
    t.ok(st == 200 and [d["code"] for d in j["dossiers"]] == [counter], "province lists its subtree by status")
    t.ok(all("*" in d["applicant"]["pid"] for d in j["dossiers"]), "province sees numbers masked in lists")
    t.eq(get("/api/v1/dossiers?unit=22015", other_officer)[0], 403, "officer of another commune cannot list")
    t.eq(get("/api/v1/dossiers?unit=22015", citizen)[0], 403, "a citizen cannot list a unit's dossiers")
    t.eq(get("/api/v1/dossiers?unit=22015")[0], 401, "anonymous list 401")
    for q, f, code in (("unit=99999", "unit", 404), ("unit=22015&status=11", "status", 400),
                       ("unit=22015&limit=501", "limit", 400), ("unit=22015&due_before=soon", "due_before", 400),
                       ("unit=22015&procedure=x", "procedure", 400), ("unit=abc", "unit", 400)):
        st, j = get("/api/v1/dossiers?" + q, officer)
        t.eq((st, field_of(j)), (code, f), f"list ?{q} refused naming {f}")
    st, j = get("/api/v1/dossiers?unit=22015&due_before=2099-01-01", officer)
    t.eq((st, j["count"]), (200, 2), "due_before filter: the two counter dossiers")

    # ---- transitions ----
    path = f"/api/v1/dossiers/{online}/transitions"
    t.eq(post(path, {"to": 2})[0], 401, "anonymous transition 401")
    t.eq(post(path, {"to": 2}, other_officer)[0], 403, "officer of another commune cannot move it")
    st, j = post(path, {"to": 2}, citizen)
    t.eq((st, err(j).get("code")), (403, "forbidden"), "the applicant cannot receive their own dossier")
    st, j = post(path, {"to": 10}, officer)
    t.ok(st == 409 and "cannot go from" in err(j).get("message", ""), "forbidden transition 409 with a message")
    t.eq(field_of(post(path, {}, officer)[1]), "to", "missing to 400")
    t.eq(field_of(post(path, {"to": 11}, officer)[1]), "to", "to out of range 400")
    t.eq(field_of(post(path, {"to": 2, "note": 5}, officer)[1]), "note", "note must be text")
    st, j = post(path, {"to": 2, "note": "đủ hồ sơ"}, officer)
    t.ok(st == 200 and j["status"]["code"] == 2 and j["due_at"], "officer receives the online dossier")
    st, j = post(path, {"to": 4}, leader)
    t.eq((st, j["status"]["code"]), (200, 4), "leader of the unit moves it on")
    st, j = post(path, {"to": 5, "note": "thiếu giấy chứng sinh"}, officer)
    t.eq((st, j["supplement_count"]), (200, 1), "supplement requested")
    st, j = post(path, {"to": 4}, citizen)
    t.eq((st, j["status"]["code"]), (200, 4), "the applicant supplements")
    st, j = get("/api/v1/dossiers/" + online, officer)
    t.ok(len(j["pauses"]) == 1 and j["pauses"][0]["end"], "the pause is recorded")

    # ---- files (uploaded first to /api/v1/blobs) ----
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    st, _, body = s.request("POST", "/api/v1/blobs", raw=pdf,
                            headers={**citizen, "Content-Type": "application/pdf"})
    import json as _json
    sha = _json.loads(body)["sha256"] if st in (200, 201) else "0" * 64
    fp = f"/api/v1/dossiers/{online}/files"
    st, j = post(fp, {"sha256": sha, "name": "giay-chung-sinh.pdf"}, citizen)
    t.eq((st, j.get("kind")), (201, "document"), "the applicant links an uploaded document")
    t.eq(post(fp, {"sha256": sha, "name": "kq.pdf", "kind": "result"}, citizen)[0], 403,
         "only the unit adds results")
    t.eq(field_of(post(fp, {"sha256": "f" * 64, "name": "x.pdf"}, citizen)[1]), "sha256",
         "a file not uploaded is refused")
    t.eq(field_of(post(fp, {"sha256": "xyz", "name": "x.pdf"}, officer)[1]), "sha256", "bad hash 400")
    t.eq(field_of(post(fp, {"sha256": sha}, officer)[1]), "name", "name required")
    t.eq(field_of(post(fp, {"sha256": sha, "name": "x", "kind": "photo"}, officer)[1]), "kind", "bad kind")
    t.eq(post(fp, {"sha256": sha, "name": "x.pdf"}, other_officer)[0], 403, "other commune cannot link")
    t.eq(post(fp, {"sha256": sha, "name": "x.pdf"}, other_citizen)[0], 403, "other citizen cannot link")
    t.eq(post(fp, {"sha256": sha, "name": "x.pdf"})[0], 401, "anonymous cannot link")
    st, j = get("/api/v1/dossiers/" + online, officer)
    t.ok([f["sha256"] for f in j["files"]] == [sha], "the dossier lists its file")

    # ---- apology ----
    ap = f"/api/v1/dossiers/{online}/apology"
    t.eq(post(ap, {"new_due": "2099-01-01T17:00", "reason": "x"}, citizen)[0], 403, "citizens send no apology")
    t.eq(post(ap, {"new_due": "2099-01-01T17:00", "reason": "x"}, other_officer)[0], 403, "nor other communes")
    t.eq(field_of(post(ap, {"new_due": "tomorrow", "reason": "x"}, officer)[1]), "new_due", "bad new_due 400")
    t.eq(field_of(post(ap, {"new_due": "2099-01-01T17:00"}, officer)[1]), "reason", "reason required")
    t.eq(field_of(post(ap, {"new_due": "2000-01-01T17:00", "reason": "x"}, officer)[1]), "new_due",
         "new appointment must be later")
    st, j = post(ap, {"new_due": "2099-01-01T17:00", "reason": "cần xác minh"}, officer)
    t.ok(st == 200 and j["due_at"] == "2099-01-01T17:00" and j["apology"]["reason"] == "cần xác minh", "apology")
    t.eq(post(ap, {"new_due": "2099-02-01T17:00", "reason": "lần hai"}, officer)[0], 409, "only one apology")

    # ---- rating ----
    rt = f"/api/v1/dossiers/{online}/rating"
    t.eq(post(rt, {"satisfied": False, "reason": "chậm"}, citizen)[0], 409, "no rating before the result")
    # The result is a signed document: the officer attaches it, the leader's
    # approval signs it (docs/signatures.md).
    demo_certs(s.db, "22015")
    st, _, body = s.request("POST", "/api/v1/blobs", raw=pdf_document(),
                            headers={**officer, "Content-Type": "application/pdf"})
    post(fp, {"sha256": _json.loads(body)["sha256"], "name": "trich-luc.pdf", "kind": "result"},
         officer)
    st, j = post(path, {"to": 9}, officer)
    t.eq((st, field_of(j)), (403, "to"), "an officer does not approve a signed result")
    st, j = post(path, {"to": 9}, leader)
    t.ok(st == 200 and j["status"]["code"] == 9 and j["signature"]["format"] == "pades"
         and not j["signature"]["seal_alone"], "the leader's approval signs the result")
    t.eq(post(rt, {"satisfied": True}, officer)[0], 403, "officers do not rate")
    t.eq(post(rt, {"satisfied": True}, other_citizen)[0], 403, "nor other citizens")
    t.eq(post(rt, {"satisfied": True})[0], 401, "anonymous rating 401")
    t.eq(field_of(post(rt, {"satisfied": "yes"}, citizen)[1]), "satisfied", "satisfied must be a boolean")
    st, j = post(rt, {"satisfied": False, "reason": "phải đi lại hai lần"}, citizen)
    t.eq((st, j.get("satisfied")), (200, False), "the applicant rates")
    t.eq(post(rt, {"satisfied": True}, citizen)[0], 409, "rated once")
    # The applicant may withdraw their other dossier, not this finished one.
    t.eq(post(f"/api/v1/dossiers/{other_online}/transitions", {"to": 7}, other_citizen)[0], 200, "withdraw")
    t.eq(post(path, {"to": 7}, citizen)[0], 409, "no withdrawal after the result")

    # ---- tracking (public) ----
    st, hdrs, body = s.request("GET", "/api/v1/track/" + online)
    import json
    j = json.loads(body)
    t.ok(st == 200 and j["status"]["code"] == 9 and j["procedure"]["code"] == "1.001193"
         and j["unit"]["code"] == "22015" and [n["code"] for n in j["next_steps"]] == [10]
         and len(j["history"]) == 6, f"tracking shows status, dates and next step: {j}")
    t.ok(b"066090000123" not in body and b"0912345678" not in body and b"Nguy" not in body
         and "applicant" not in j and "form" not in j, "tracking shows no personal data")
    # The answer is kept in memory until the dossier changes: asked again it
    # is the same, in each language; a change made through this server shows
    # at once, and one made by another process within about a second.
    t.eq(s.request("GET", "/api/v1/track/" + online)[2], body, "tracking asked again: same answer")
    st, j_en = get("/api/v1/track/" + online + "?lang=en")
    t.ok(st == 200 and j_en["status"]["label"] != j["status"]["label"]
         and j_en["status"]["code"] == 9, "tracking in English has its own labels")
    t.eq(post(path, {"to": 10}, officer)[0], 200, "result returned")
    t.eq(get("/api/v1/track/" + online)[1]["status"]["code"], 10, "tracking shows a change at once")
    t.eq(get("/api/v1/track/" + online + "?lang=en")[1]["status"]["code"], 10,
         "in every language")
    import time
    before = get("/api/v1/track/" + online)[1]["apology"]
    db = connect(s.db)
    with db:  # another process changes the dossier: one transaction, with its event
        did = db.execute("SELECT id FROM dossier WHERE code = ?", (online,)).fetchone()[0]
        db.execute("UPDATE dossier SET apology_at = 29000000, apology_reason = 'elsewhere' "
                   "WHERE id = ?", (did,))
        db.execute("INSERT INTO dossier_event(dossier, from_status, to_status, account_id, login, "
                   "role, at, note) VALUES (?, 10, 10, 0, 'other', 'system', 0, 'elsewhere')", (did,))
    db.close()
    seen = None
    for _ in range(30):
        seen = get("/api/v1/track/" + online)[1]["apology"]
        if seen != before:
            break
        time.sleep(0.1)
    t.ok(seen is not None and seen != before, "a change made by another process shows within seconds")
    t.ok(seen is not None and "reason" not in seen,
         "public tracking carries no text typed by staff (the apology's reason)")
    t.eq(get("/api/v1/track/22015-260101-9999")[0], 404, "tracking unknown code 404")
    t.eq(get("/api/v1/track/x")[0], 400, "tracking bad code 400")

    # ---- feedback ----
    st, j = post("/api/v1/feedback", {"unit": "22015", "content": "Thái độ phục vụ chưa tốt"})
    t.ok(st == 201 and j["status"] == "open" and j["refuse_by"] and j["answer_by"] > j["refuse_by"],
         "anyone sends feedback, with its deadlines")
    fid = j["id"]
    st, j = post("/api/v1/feedback", {"dossier_code": online, "content": "Trễ hẹn"}, citizen)
    t.eq((st, j.get("unit")), (201, "22015"), "feedback about a dossier goes to its unit")
    for body, f, code in (({"unit": "22015"}, "content", 400), ({"unit": "99999", "content": "x"}, "unit", 404),
                          ({"content": "x"}, "unit", 400),
                          ({"dossier_code": "22015-260101-9999", "content": "x"}, "dossier_code", 404),
                          ({"dossier_code": "bad", "content": "x"}, "dossier_code", 400),
                          ({"unit": "22045", "dossier_code": online, "content": "x"}, "unit", 400)):
        st, j = post("/api/v1/feedback", body)
        t.eq((st, field_of(j)), (code, f), f"feedback with bad {f} refused")
    t.eq(get("/api/v1/feedback?unit=22015")[0], 401, "anonymous cannot read feedback")
    t.eq(get("/api/v1/feedback?unit=22015", other_officer)[0], 403, "other commune cannot read feedback")
    t.eq(get("/api/v1/feedback?unit=22015", citizen)[0], 403, "citizens cannot read feedback")
    st, j = get("/api/v1/feedback?unit=22015", officer)
    t.eq((st, j["count"]), (200, 2), "officer reads the unit's feedback")
    st, j = get("/api/v1/feedback", officer)
    t.eq((st, j["count"]), (200, 2), "unit defaults to the officer's")
    ans = f"/api/v1/feedback/{fid}/answer"
    t.eq(post(ans, {"answer": "x"})[0], 401, "anonymous answer 401")
    t.eq(post(ans, {"answer": "x"}, other_officer)[0], 403, "other commune cannot answer")
    t.eq(field_of(post(ans, {}, officer)[1]), "answer", "answer required")
    t.eq(field_of(post(ans, {"answer": "x", "refuse": "no"}, officer)[1]), "refuse", "refuse must be boolean")
    t.eq(post("/api/v1/feedback/abc/answer", {"answer": "x"}, officer)[0], 400, "bad id 400")
    t.eq(post("/api/v1/feedback/999/answer", {"answer": "x"}, officer)[0], 404, "unknown id 404")
    st, j = post(ans, {"answer": "Đã nhắc nhở cán bộ"}, officer)
    t.eq((st, j["status"]), (200, "answered"), "officer answers")
    t.eq(post(ans, {"answer": "lần hai"}, officer)[0], 409, "answered once")

# ---- import of the catalogue: all or nothing ----
d = tempfile.mkdtemp()
db = fresh_db(d, "p.db")
run("init", "--db", db, check=True)
bad = os.path.join(d, "bad.csv")
with open(bad, "w") as f:
    f.write("code,name,field,level,time_value,time_unit,fee_vnd,online_level,source\n"
            "1.001193,Đổi tên,Hộ tịch,commune,3,workday,0,full,\n"
            "1.000002,Y,F,commune,x,workday,,full,\n")
code, out, errs = run("import", "procedures", bad, "--db", db)
t.ok(code == 2 and "bad.csv:3:" in errs and "nothing was imported" in errs, f"bad catalogue: {errs}")
docs = os.path.join(d, "docs.csv")
with open(docs, "w") as f:
    f.write("procedure_code,seq,name,original_or_copy,count,reusable,source\n9.999999,1,A,original,1,0,\n")
ok = os.path.join(d, "ok.csv")
with open(ok, "w") as f:
    f.write("code,name,field,level,time_value,time_unit,fee_vnd,online_level,source\n"
            "1.001193,Đổi tên,Hộ tịch,commune,3,workday,0,full,\n")
code, out, errs = run("import", "procedures", ok, "--documents", docs, "--db", db)
t.ok(code == 2 and "docs.csv: record 1 (procedure 9.999999)" in errs, f"document of an unknown procedure: {errs}")
with Server(db=db) as s:
    st, j = s.json("GET", "/api/v1/procedures/1.001193")
    t.eq(j["name"], "Thủ tục đăng ký khai sinh", "nothing was stored by the failed imports")
code, out, errs = run("import", "procedures", ok, "--db", db)
t.ok(code == 0 and "imported 1 procedures" in out, "a good file imports")

t.done()
