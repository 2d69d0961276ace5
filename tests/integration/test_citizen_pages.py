"""The citizen's HTML pages on the real binary, signed in with the session
cookie as a browser is: finding a procedure, filing online with uploads
(every error path, nothing half-written), tracking by code without
personal data, one's own dossiers with withdraw, supplement and a rating
given once, another citizen's dossier refused, CSRF, and feedback."""
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from harness import (Checks, Server, add_user, connect, demo_certs, login, multipart,  # noqa: E402
                     pdf_document)

t = Checks()
PW = "Mat-khau-rat-manh-2026"
UNIT = "22015"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082")
FORM = {
    "f_requester_full_name": "Nguyễn Văn An", "f_requester_pid": "066090000123",
    "f_requester_relationship": "cha", "f_child_full_name": "Nguyễn Văn Bình",
    "f_child_sex": "nam", "f_child_birth_date": "2026-04-20",
    "f_child_birth_place": "Bệnh viện tỉnh Đắk Lắk", "f_child_hometown": "Đắk Lắk",
    "f_child_ethnicity": "Kinh", "f_child_nationality": "Việt Nam",
}


class Browser:
    """A signed-in browser: the session cookie and the page's CSRF token."""

    def __init__(self, s, login_name, password):
        st, hdrs, _ = s.request("POST", "/api/v1/login",
                                {"login": login_name, "password": password})
        assert st == 200, st
        self.s = s
        self.cookie = re.search(r"xaso_session=([^;]+)", hdrs["Set-Cookie"]).group(1)
        _, j = s.json("GET", "/api/v1/me", headers=self.headers())
        self.csrf = j["csrf"]

    def headers(self, extra=None):
        return {"Cookie": "xaso_session=" + self.cookie, **(extra or {})}

    def get(self, path):
        st, h, body = self.s.request("GET", path, headers=self.headers())
        return st, h, body.decode("utf-8", "replace")

    def post(self, path, fields, files=(), csrf=True):
        fields = dict(fields)
        if csrf:
            fields["csrf"] = self.csrf
        if files:
            ct, body = multipart(fields, files)
        else:
            ct, body = ("application/x-www-form-urlencoded",
                        urllib.parse.urlencode(fields).encode())
        st, h, out = self.s.request("POST", path, raw=body,
                                    headers=self.headers({"Content-Type": ct}))
        return st, h, out.decode("utf-8", "replace")


def dossier_count(db):
    c = connect(db)
    try:
        return c.execute("SELECT count(*) FROM dossier").fetchone()[0]
    finally:
        c.close()


def filing(extra=None, drop=()):
    f = {"unit": UNIT, "name": "Nguyễn Văn An", "pid": "066090000123", "phone": "0912345678",
         "address": "Thôn 1", **FORM, **(extra or {})}
    for k in drop:
        f.pop(k, None)
    return f


with Server() as s:
    add_user(s.db, "citizen", "0912345678", PW, name="Nguyễn Văn An")
    add_user(s.db, "citizen", "0987654321", PW, name="Trần Thị Bích")
    add_user(s.db, "officer", "officer.t", PW, unit=UNIT)
    add_user(s.db, "leader", "leader.t", PW, unit=UNIT, name="Lê Văn Tâm")
    demo_certs(s.db, UNIT)
    officer = login(s, "officer.t", PW)
    leader = login(s, "leader.t", PW)

    # ---- finding a procedure (public) ----
    st, _, body = s.request("GET", "/procedures?q=khai+sinh")
    body = body.decode()
    t.ok(st == 200 and ">Thủ tục đăng ký khai sinh</a>" in body, "khai sinh finds Đăng ký khai sinh")
    first = re.search(r'<ul class="cards"><li><a href="/procedures/([0-9.]+)"', body)
    t.ok(first and first.group(1) == "1.001193", "the closest name comes first")
    st, _, body = s.request("GET", "/procedures?q=dang+ky+khai+sinh")
    t.ok(st == 200 and "1.001193" in body.decode(), "a query without diacritics finds it too")
    st, _, body = s.request("GET", "/procedures?field=" + urllib.parse.quote("Chứng thực"))
    body = body.decode()
    t.ok(st == 200 and "<option selected>Chứng thực</option>" in body and "1.001193" not in body,
         "filtering by field")
    st, _, body = s.request("GET", "/procedures?q=zzzzqqq")
    t.ok(st == 200 and "Không tìm thấy thủ tục" in body.decode(), "no result says so")
    st, _, body = s.request("GET", "/procedures/1.001193")
    body = body.decode()
    t.ok(st == 200 and "Trong ngày" in body and "Miễn phí" in body and "Toàn trình" in body,
         "procedure page: time in words, fee, online level")
    t.ok("Bản chính · 1 bản" in body and "số hóa" in body, "documents: original, count, reusable")
    t.ok('href="/procedures/1.001193/file"' in body, "a button to file online")
    st, _, body = s.request("GET", "/procedures/1.004772?lang=en")
    t.ok(st == 200 and "5 working days" in body.decode(), "English: 5 working days")
    t.eq(s.request("GET", "/procedures/1.999999")[0], 404, "unknown procedure 404")
    t.eq(s.request("GET", "/procedures/abc")[0], 400, "malformed procedure code 400")

    # ---- filing needs a citizen's sign-in ----
    t.eq(s.request("GET", "/procedures/1.001193/file")[0], 401, "the filing form needs sign-in")
    an = Browser(s, "0912345678", PW)
    st, _, body = an.get("/procedures/1.001193/file?province=66")
    t.ok(st == 200 and 'name="f_child_sex"' in body and '<option value="nam">Nam</option>' in body
         and 'type="date"' in body and 'name="csrf"' in body, "form built from declared fields")
    t.ok('value="Nguyễn Văn An"' in body and 'value="0912345678"' in body,
         "applicant filled in from the account")
    t.ok(f'<option value="{UNIT}">' in body, "communes of the chosen province")
    t.ok('type="file" name="doc_1"' in body, "an upload per document")

    before = dossier_count(s.db)
    st, _, body = an.post("/procedures/1.001193/file", filing(drop=["f_child_full_name"]),
                          [("doc_1", "to-khai.pdf", "application/pdf", PDF)])
    t.ok(st == 400 and 'role="alert"' in body and "Họ, chữ đệm, tên người được khai sinh" in body,
         "a missing field is named above the form")
    t.ok('value="Bệnh viện tỉnh Đắk Lắk"' in body and 'value="Thôn 1"' in body,
         "entered values are kept")
    st, _, body = an.post("/procedures/1.001193/file", filing({"unit": ""}))
    t.ok(st == 400 and "chọn hoặc nhập xã" in body, "no commune: named")
    st, _, body = an.post("/procedures/1.001193/file", filing({"unit": "", "unit_code": "99999"}))
    t.ok(st == 400 and "Không tìm thấy xã" in body, "unknown typed commune code")
    st, _, body = an.post("/procedures/1.001193/file", filing({"pid": "123"}))
    t.ok(st == 400 and "12 chữ số" in body, "bad personal ID number")
    st, _, body = an.post("/procedures/1.001193/file", filing({"f_child_sex": "x"}))
    t.ok(st == 400 and "Giá trị không hợp lệ" in body, "a value outside the select")
    st, _, body = an.post("/procedures/1.001193/file",
                          filing({"f_child_birth_date": "20/04/2026", "name": ""},
                                 drop=["f_child_full_name"]))
    t.ok(st == 400 and body.count("<li><strong>") == 3, "every field at fault is named at once")
    st, _, body = an.post("/procedures/1.001193/file", filing(),
                          [("doc_1", "to-khai.pdf", "application/pdf", PDF),
                           ("doc_2", "giay-chung-sinh.pdf", "application/pdf", b"not a pdf at all")])
    t.ok(st == 400 and "giay-chung-sinh.pdf" in body and "PDF, JPEG hoặc PNG" in body,
         "a file that is not a document is refused, naming it")
    big = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n"
    st, _, body = an.post("/procedures/1.001193/file", filing(),
                          [("doc_1", "lon.pdf", "application/pdf", big)])
    t.eq(st, 413, "a file over 10 MB: 413")
    ct, raw = multipart(filing(), [("doc_1", "lon.pdf", "application/pdf", big)])
    st, _, body = s.request("POST", "/procedures/1.001193/file", raw=raw,
                            headers={**login(s, "0912345678", PW), "Content-Type": ct})
    t.ok(st == 413 and "lớn hơn 10 MB" in body.decode(), "from a program: 413 above the form")
    st, _, body = an.post("/procedures/1.001193/file", filing(),
                          [("doc_1", "to-khai.pdf", "application/pdf", PDF)], csrf=False)
    t.eq(st, 403, "no CSRF token: 403")
    t.eq(dossier_count(s.db), before, "nothing was filed by the refused forms")

    st, h, body = an.post("/procedures/1.001193/file", filing(),
                          [("doc_1", "tờ khai.pdf", "application/pdf", PDF),
                           ("doc_2", "ảnh.png", "image/png", PNG),
                           ("doc_3", "", "application/octet-stream", b"")])
    loc = h.get("Location", "")
    m = re.match(r"/my/dossiers/(22015-\d{6}-\d{4})\?done=filed$", loc)
    t.ok(st == 303 and m, f"filed: redirected to the dossier ({st} {loc})")
    code = m.group(1) if m else "22015-000000-0000"
    t.eq(dossier_count(s.db), before + 1, "one dossier filed")
    st, _, body = an.get(loc)
    t.ok(st == 200 and code in body and "Đã nộp hồ sơ" in body and "Mới đăng ký" in body,
         "the dossier page shows its code and status")
    t.ok("chờ Bộ phận một cửa tiếp nhận" in body, "and what happens next")
    t.ok("tờ khai.pdf" in body and "ảnh.png" in body, "with its two documents")
    fid = re.search(rf'href="/my/dossiers/{code}/files/(\d+)"', body)
    st, h, data = s.request("GET", f"/my/dossiers/{code}/files/{fid.group(1) if fid else 0}",
                            headers=an.headers())
    t.ok(st == 200 and data == PDF and h.get("Content-Disposition", "").startswith("attachment"),
         "a document downloads as an attachment")
    t.eq(s.request("GET", f"/my/dossiers/{code}/files/999999", headers=an.headers())[0], 404,
         "an unknown file 404")
    st, _, body = an.get(f"/my/dossiers/{code}?lang=en")
    t.ok(st == 200 and "Submitted online" in body, "the dossier page in English")

    # ---- tracking (public, no personal data) ----
    st, _, body = s.request("GET", f"/track/{code}")
    body = body.decode()
    t.ok(st == 200 and "Mới đăng ký" in body and "Thủ tục đăng ký khai sinh" in body
         and "Phường Tuy Hòa" in body, "tracking shows status, procedure and unit")
    t.ok("Nguyễn Văn An" not in body and "066090000123" not in body and "0912345678" not in body,
         "tracking shows no personal data")
    t.ok('<ol class="history"><li>' in body, "and the history")
    st, h, _ = s.request("GET", f"/track?code={code}")
    t.ok(st == 303 and h.get("Location") == f"/track/{code}", "the form redirects to the code")
    t.eq(s.request("GET", "/track")[0], 200, "the tracking form")
    t.eq(s.request("GET", "/track?code=abc")[0], 400, "a malformed code 400")
    t.eq(s.request("GET", "/track/22015-990101-0001")[0], 404, "an unknown code 404")

    # ---- my dossiers ----
    st, _, body = an.get("/my/dossiers")
    t.ok(st == 200 and code in body, "my dossiers lists it")
    bich = Browser(s, "0987654321", PW)
    t.eq(bich.get(f"/my/dossiers/{code}")[0], 403, "another citizen's dossier: 403")
    st, _, body = bich.get("/my/dossiers")
    t.ok(st == 200 and code not in body, "and it is not in their list")
    t.eq(bich.post(f"/my/dossiers/{code}/withdraw", {})[0], 403, "nor can they withdraw it")
    t.eq(s.request("GET", "/my/dossiers")[0], 401, "my dossiers needs sign-in")

    # ---- withdraw ----
    st, _, body = an.get(f"/my/dossiers/{code}/withdraw")
    t.ok(st == 200 and 'action="/my/dossiers/' in body and 'name="csrf"' in body,
         "withdraw asks first")
    t.eq(an.post(f"/my/dossiers/{code}/withdraw", {}, csrf=False)[0], 403, "withdraw without CSRF")
    st, h, _ = an.post(f"/my/dossiers/{code}/withdraw", {"note": "nộp nhầm"})
    t.ok(st == 303 and h.get("Location", "").endswith("done=withdrawn"), "withdrawn")
    st, _, body = an.get(f"/my/dossiers/{code}")
    t.ok("Công dân yêu cầu rút hồ sơ" in body and "/withdraw" not in body,
         "status 7, no withdraw button any more")
    t.eq(an.post(f"/my/dossiers/{code}/withdraw", {})[0], 409, "withdrawing twice: 409")

    # ---- supplement ----
    def file_one():
        st, h, _ = an.post("/procedures/1.001193/file", filing(),
                           [("doc_1", "to-khai.pdf", "application/pdf", PDF)])
        return h["Location"].split("/")[3].split("?")[0]

    def move(c, *to, note="x"):
        for n in to:
            if n == 9:  # a signed result: attached by the officer, approved by the leader
                _, _, b = s.request("POST", "/api/v1/blobs", raw=pdf_document(),
                                    headers={**officer, "Content-Type": "application/pdf"})
                s.json("POST", f"/api/v1/dossiers/{c}/files",
                       {"sha256": json.loads(b)["sha256"], "name": "kq.pdf", "kind": "result"},
                       headers=officer)
            st, j = s.json("POST", f"/api/v1/dossiers/{c}/transitions", {"to": n, "note": note},
                           headers=leader if n == 9 else officer)
            assert st == 200, (st, j)

    c2 = file_one()
    t.eq(an.post(f"/my/dossiers/{c2}/supplement", {"note": "x"}, [("sup_1", "a.pdf",
         "application/pdf", PDF)])[0], 409, "no supplement unless asked")
    move(c2, 2)
    move(c2, 5, note="Thiếu giấy chứng sinh")
    st, _, body = an.get(f"/my/dossiers/{c2}")
    t.ok('name="sup_1"' in body and "Bổ sung giấy tờ" in body, "the supplement form shows")
    t.ok("<q>Thiếu giấy chứng sinh</q>" in body, "with what the office asked for")
    t.ok("Thiếu giấy".encode() not in s.request("GET", f"/track/{c2}")[2],
         "notes stay off the public tracking page")
    st, _, body = an.post(f"/my/dossiers/{c2}/supplement", {"note": ""},
                          [("sup_1", "x.pdf", "application/pdf", b"hello")])
    t.ok(st == 400 and "PDF, JPEG hoặc PNG" in body, "supplement with a bad file: refused")
    st, _, body = an.post(f"/my/dossiers/{c2}/supplement", {"note": ""})
    t.eq(st, 400, "an empty supplement: refused")
    st, h, _ = an.post(f"/my/dossiers/{c2}/supplement", {"note": "Bổ sung giấy chứng sinh"},
                       [("sup_1", "giay-chung-sinh.png", "image/png", PNG)])
    t.ok(st == 303 and "done=supplemented" in h.get("Location", ""), "supplement sent")
    st, _, body = an.get(f"/my/dossiers/{c2}")
    t.ok("Đang xử lý" in body and "giay-chung-sinh.png" in body, "5 -> 4 with the new document")

    # ---- rating, once ----
    st, _, body = an.get(f"/my/dossiers/{c2}")
    t.ok('name="satisfied"' not in body, "no rating before the result")
    t.eq(an.post(f"/my/dossiers/{c2}/rating", {"satisfied": "1"})[0], 409, "rating too early: 409")
    move(c2, 9)
    st, _, body = an.get(f"/my/dossiers/{c2}")
    t.ok('name="satisfied"' in body, "the rating form after the result")
    t.ok("kq-da-ky.pdf" in body and "/verify/" in body and "/cover" in body,
         "the applicant sees the signed result, its check and its cover page")
    t.ok(">kq.pdf<" not in body, "not the file as attached before it was signed")
    st, j = s.json("GET", f"/api/v1/dossiers/{c2}", headers=login(s, "0912345678", PW))
    t.eq([f["name"] for f in j["files"] if f["kind"] == "result"], ["kq-da-ky.pdf"],
         "the API hands the applicant the signed result only")
    st, j = s.json("GET", f"/api/v1/dossiers/{c2}", headers=officer)
    t.eq(sorted(f["name"] for f in j["files"] if f["kind"] == "result"),
         ["kq-da-ky.pdf", "kq.pdf"], "the unit keeps both")
    st, _, body = an.post(f"/my/dossiers/{c2}/rating", {"satisfied": "0"})
    t.ok(st == 400 and "lý do" in body, "not satisfied needs a reason")
    t.eq(an.post(f"/my/dossiers/{c2}/rating", {})[0], 400, "a rating must choose")
    st, h, _ = an.post(f"/my/dossiers/{c2}/rating", {"satisfied": "0", "reason": "Chờ lâu"})
    t.ok(st == 303 and "done=rated" in h.get("Location", ""), "rated")
    st, _, body = an.post(f"/my/dossiers/{c2}/rating", {"satisfied": "1"})
    t.ok(st == 409 and "một lần" in body, "rating twice: 409")
    st, _, body = an.get(f"/my/dossiers/{c2}")
    t.ok("Không hài lòng" in body and 'name="satisfied"' not in body, "the rating is shown")
    t.eq(bich.post(f"/my/dossiers/{c2}/rating", {"satisfied": "1"})[0], 403,
         "another citizen cannot rate it")

    # ---- officers see the page of their unit's dossier, not file online ----
    st, _, body = s.request("GET", f"/my/dossiers/{c2}", headers=officer)
    t.eq(st, 200, "an officer of the unit reads the dossier page")
    st, _, body = s.request("GET", "/procedures/1.001193/file", headers=officer)
    t.ok(st == 200 and "Chỉ công dân" in body.decode(), "the filing form tells officers it is not theirs")

    # ---- feedback ----
    st, _, body = s.request("GET", "/feedback")
    t.ok(st == 200 and 'name="content"' in body.decode(), "the feedback form, no sign-in")
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    enc = urllib.parse.urlencode
    st, _, body = s.request("POST", "/feedback", raw=enc({"unit_code": UNIT}).encode(),
                            headers=form)
    t.ok(st == 400 and "nhập nội dung" in body.decode(), "feedback without content")
    st, _, body = s.request("POST", "/feedback", raw=enc({"content": "x"}).encode(), headers=form)
    t.ok(st == 400 and "xã, phường" in body.decode(), "feedback without a commune")
    st, _, body = s.request("POST", "/feedback",
                            raw=enc({"content": "x", "dossier_code": "abc"}).encode(), headers=form)
    t.eq(st, 400, "feedback with a malformed dossier code")
    st, _, body = s.request("POST", "/feedback", raw=enc(
        {"dossier_code": c2, "name": "Trần B", "contact": "0987654321",
         "content": "Cán bộ hẹn nhiều lần"}).encode(), headers=form)
    body = body.decode()
    t.ok(st == 201 and "Đã gửi phản ánh" in body and body.count("<dt>") == 3,
         "feedback sent, with its three deadlines")
    st, _, body = an.post("/feedback", {"unit_code": UNIT, "content": "Góp ý"})
    t.eq(st, 201, "feedback from a signed-in citizen with the CSRF token")

    # ---- links in the header ----
    st, _, body = s.request("GET", "/")
    body = body.decode()
    t.ok('href="/procedures"' in body and 'href="/track"' in body, "header links")
    st, _, body = an.get("/")
    t.ok('href="/my/dossiers"' in body, "signed-in citizens get My dossiers")

t.done()
