"""The officer's pages: the queue, receiving a counter dossier with scans,
the dossier page and every action on it (confirmation page, then the
change), the paper forms, the feedback queue; and their refusals: another
commune's officer (403), a transition the state machine forbids (409, shown,
nothing changed), a missing reason (400), a bad upload, a form posted
without the CSRF token (403), a second apology (409)."""
import os
import re
import sys
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from harness import Checks, Server, connect, pdf_document, run  # noqa: E402

t = Checks()
PW = "motcua-demo-2026"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RESULT_PDF = pdf_document()


def multipart(fields, files=()):
    """(body, content type) of a multipart/form-data form."""
    boundary = "xaso" + uuid.uuid4().hex
    out = []
    for name, value in fields.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                   .encode() + value.encode() + b"\r\n")
    for name, filename, data in files:
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                   f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                   .encode() + data + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def urlenc(fields):
    from urllib.parse import urlencode
    return urlencode(fields).encode(), "application/x-www-form-urlencoded"


class Browser:
    """A signed-in browser: the session cookie, and the CSRF token its forms carry."""

    def __init__(self, srv, login_name, password=PW):
        self.srv = srv
        st, hdrs, body = srv.request("POST", "/api/v1/login",
                                     {"login": login_name, "password": password})
        assert st == 200, (login_name, st, body)
        sess = re.search(r"xaso_session=([^;]+)", hdrs.get("Set-Cookie", "")).group(1)
        self.cookie = {"Cookie": "xaso_session=" + sess}
        import json
        self.csrf = json.loads(body)["csrf"]

    def get(self, path):
        st, hdrs, body = self.srv.request("GET", path, headers=self.cookie)
        return st, hdrs, body.decode("utf-8", "replace")

    def post(self, path, fields, files=(), csrf=True, multi=False):
        fields = dict(fields)
        if csrf:
            fields["csrf"] = self.csrf
        raw, ctype = multipart(fields, files) if (files or multi) else urlenc(fields)
        st, hdrs, body = self.srv.request("POST", path, raw=raw,
                                          headers={**self.cookie, "Content-Type": ctype})
        return st, hdrs, body.decode("utf-8", "replace")


BIRTH = {  # the form fields of 1.001193 (birth registration)
    "f.requester_full_name": "Nguyễn Văn An", "f.requester_pid": "066090001234",
    "f.requester_relationship": "Cha", "f.child_full_name": "Nguyễn Minh Khang",
    "f.child_sex": "nam", "f.child_birth_date": "2026-11-20", "f.child_birth_place": "Trạm y tế",
    "f.child_hometown": "Đắk Lắk", "f.child_ethnicity": "Kinh", "f.child_nationality": "Việt Nam",
}
APPLICANT = {"unit": "22015", "procedure": "1.001193", "channel": "1", "name": "Nguyễn Văn An",
             "pid": "066090001234", "phone": "0912 345 678", "address": "Thôn 1, phường Tuy Hòa"}

srv = Server(init=False)
run("demo", "--db", srv.db, "--scale", "0.01", check=True)
db = connect(srv.db)
db.execute("INSERT INTO feedback(unit, content, created_at, refuse_by, supplement_by, answer_by) "
           "VALUES ('22015', 'Đường vào bộ phận một cửa bị ngập', 0, 0, 0, 0)")
db.commit()
FEEDBACK = db.execute("SELECT max(id) FROM feedback WHERE unit = '22015'").fetchone()[0]
OUT_DOSSIER = db.execute("SELECT code FROM dossier WHERE unit = '22045' LIMIT 1").fetchone()[0]
db.close()

with Server(db=srv.db) as s:
    off = Browser(s, "officer.22015")
    other = Browser(s, "officer.22045")
    leader = Browser(s, "leader.22015")

    # ---- the queue ----
    st, _, html = off.get("/office")
    t.eq(st, 200, "queue of the officer's commune")
    t.ok("Phường Tuy Hòa" in html and "Đang xử lý" in html, "queue names the unit and statuses")
    t.ok('<ul class="counts">' in html, "counts per status")
    for q in ("?status=all", "?status=10", "?due=today", "?due=soon", "?due=overdue",
              "?status=all&procedure=1.001193", "?status=all&after=5"):
        st, _, html = off.get("/office" + q)
        t.eq(st, 200, f"queue filter {q}")
    st, _, html = off.get("/office?status=10")
    t.ok("Đã trả kết quả" in html and "/office/dossiers/22015-" in html, "returned dossiers listed")
    st, _, html = off.get("/office?status=all&lang=en")
    t.ok("One-stop-shop dossiers" in html, "queue in English")
    t.eq(off.get("/office?due=tomorrow")[0], 400, "unknown deadline filter")
    t.eq(off.get("/office?status=5x")[0], 400, "status must be a number from 1 to 10")
    st, _, html = off.get("/office?status=all&procedure=1.001193&after=1")
    t.ok(st == 200 and "Trang đầu" in html and "procedure=1.001193" in html,
         "a later page links back to the first, keeping the filters")
    t.eq(off.get("/office?unit=22045")[0], 403, "another commune's queue: 403")
    t.eq(leader.get("/office")[0], 200, "the commune's leader sees the queue")

    # ---- receiving a counter dossier ----
    st, _, html = off.get("/office/receive?q=dang%20ky%20khai%20sinh")
    t.eq(st, 200, "procedure search")
    t.ok("procedure=1.001193" in html, "search without diacritics finds birth registration")
    st, _, html = off.get("/office/receive?procedure=1.001193")
    t.ok('enctype="multipart/form-data"' in html and 'name="csrf"' in html, "upload form with CSRF")
    t.ok('name="f.child_full_name"' in html, "the procedure's form fields")
    t.eq(other.get("/office/receive?unit=22015")[0], 403, "another commune cannot file here")

    st, _, html = off.post("/office/receive", {**APPLICANT, **BIRTH, "pid": "123"}, multi=True)
    t.eq(st, 400, "bad ID number refused")
    t.ok("applicant.pid" in html or "12" in html, "the ID number is named")
    st, _, html = off.post("/office/receive", {**APPLICANT, **BIRTH},
                           files=[("file", "giay-chung-sinh.pdf", b"not a pdf at all")])
    t.eq(st, 400, "an upload that is not PDF/JPEG/PNG is refused")
    t.ok("giay-chung-sinh.pdf" in html, "the bad file is named")
    st, _, html = off.post("/office/receive", {**APPLICANT, **BIRTH},
                           files=[("file", "big.pdf", PDF[:-6] + b" " * (10 << 20) + b"%%EOF\n")])
    t.eq(st, 413, "a scan over 10 MB is refused")
    st, _, html = off.post("/office/receive", {**APPLICANT, **BIRTH},
                           files=[("file", "x.png", PNG)], csrf=False)
    t.eq(st, 403, "form without the CSRF token: 403")
    st, _, html = off.post("/office/receive", {**APPLICANT, **BIRTH, "unit": "22045"},
                           files=[("file", "x.png", PNG)])
    t.eq(st, 403, "filing for another commune: 403")
    st, _, html = off.post("/office/receive", {**APPLICANT, "f.child_sex": "x"}, multi=True)
    t.eq(st, 400, "form fields checked against the procedure")

    st, hdrs, _ = off.post("/office/receive", {**APPLICANT, **BIRTH},
                           files=[("file", "giấy chứng sinh.pdf", PDF), ("file", "cccd.png", PNG)])
    t.eq(st, 303, "counter dossier received")
    loc = hdrs.get("Location", "")
    m = re.match(r"/dossiers/(22015-\d{6}-\d{4})/receipt$", loc)
    t.ok(m is not None, f"straight to the receipt ({loc})")
    code = m.group(1) if m else ""

    # ---- the receipt (form 01) ----
    st, _, html = off.get(f"/dossiers/{code}/receipt")
    t.eq(st, 200, "receipt")
    t.ok("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "Độc lập - Tự do - Hạnh phúc" in html,
         "national motto")
    t.ok("<svg" in html and f"/track/{code}" in html, "QR code to the tracking page")
    t.ok("giấy chứng sinh.pdf" in html and "cccd.png" in html, "documents received listed")
    t.ok(re.search(r"ngày \d+ tháng \d+ năm 20\d\d", html) is not None, "dates written out")
    t.ok("Trần Thị Mai" in html or "officer.22015" in html or "NGƯỜI TIẾP NHẬN" in html,
         "receiving officer")
    t.eq(other.get(f"/dossiers/{code}/receipt")[0], 403, "receipt: other commune 403")
    t.eq(leader.get(f"/dossiers/{code}/receipt")[0], 200, "receipt: the commune's leader")

    # ---- the dossier page ----
    st, _, html = off.get(f"/office/dossiers/{code}")
    t.eq(st, 200, "dossier page")
    t.ok("066090001234" in html and "0912345678" in html, "officer sees numbers in full")
    t.ok("Nguyễn Minh Khang" in html, "form data shown")
    t.ok(f"/office/dossiers/{code}/process" in html, "start processing offered")
    t.ok(f"/office/dossiers/{code}/return" not in html, "return not offered yet")
    st, _, html = leader.get(f"/office/dossiers/{code}")
    t.ok(st == 200 and "066090001234" not in html and "*********234" in html,
         "leader sees numbers masked")
    t.eq(other.get(f"/office/dossiers/{code}")[0], 403, "dossier page: other commune 403")
    t.eq(off.get(f"/office/dossiers/{OUT_DOSSIER}")[0], 403, "other commune's dossier: 403")
    t.eq(off.get("/office/dossiers/not-a-code")[0], 400, "bad code")
    files = re.findall(rf"/office/dossiers/{code}/files/(\d+)", html)
    t.eq(len(files), 2, "two files listed")
    if files:
        st, hdrs, _ = s.request("GET", f"/office/dossiers/{code}/files/{files[0]}",
                                headers=off.cookie)
        t.ok(st == 200 and "attachment" in hdrs.get("Content-Disposition", ""),
             "file download as attachment")
        t.eq(other.get(f"/office/dossiers/{code}/files/{files[0]}")[0], 403,
             "file download: other commune 403")
    t.eq(off.get(f"/office/dossiers/{code}/files/999999")[0], 404, "no such file")

    # ---- forbidden transitions and bad actions ----
    st, _, html = off.get(f"/office/dossiers/{code}/return")
    t.eq(st, 409, "returning before the result: 409 shown")
    t.ok('role="alert"' in html, "the state machine's message is shown")
    st, _, html = off.post(f"/office/dossiers/{code}/return", {})
    t.eq(st, 409, "POST of a forbidden transition: 409")
    t.ok("Được tiếp nhận" in off.get(f"/office/dossiers/{code}")[2], "status unchanged")
    t.eq(off.get(f"/office/dossiers/{code}/fly")[0], 404, "unknown action")
    t.eq(other.get(f"/office/dossiers/{code}/process")[0], 403, "action: other commune 403")
    t.eq(other.post(f"/office/dossiers/{code}/process", {})[0], 403,
         "action POST: other commune 403")
    t.eq(off.post(f"/office/dossiers/{code}/process", {}, csrf=False)[0], 403,
         "action without CSRF: 403")

    # ---- processing, supplement (form 02), apology (form 04) ----
    st, _, html = off.get(f"/office/dossiers/{code}/process")
    t.ok(st == 200 and 'method="post"' in html and "Đang xử lý" in html,
         "confirmation page says what will happen")
    st, hdrs, _ = off.post(f"/office/dossiers/{code}/process", {"note": ""})
    t.ok(st == 303 and hdrs.get("Location") == f"/office/dossiers/{code}", "processing started")
    st, _, html = off.post(f"/office/dossiers/{code}/supplement", {"note": ""})
    t.eq(st, 400, "supplement without saying what is missing: 400")
    st, hdrs, _ = off.post(f"/office/dossiers/{code}/supplement",
                           {"note": "Bản sao giấy chứng nhận kết hôn của cha mẹ"})
    t.ok(st == 303 and hdrs.get("Location") == f"/dossiers/{code}/supplement",
         "supplement requested, then form 02")
    st, _, html = off.get(f"/dossiers/{code}/supplement")
    t.ok(st == 200 and "giấy chứng nhận kết hôn" in html and "BỔ SUNG" in html.upper(),
         "form 02 lists what is missing")
    st, _, html = off.get(f"/office/dossiers/{code}")
    t.ok("Hẹn trả nếu tính lại từ đầu" in html, "pauses with the art. 19(4) reading")
    t.eq(off.post(f"/office/dossiers/{code}/supplemented", {})[0], 303, "supplement recorded")
    # A fee is asked for only when one is due, and the dossier goes on only
    # once a payment is recorded: here the cash receipt (test_payments has
    # the rest: transfers, statements, receipts).
    t.eq(off.post(f"/office/dossiers/{code}/fee", {"note": ""})[0], 409,
         "no fee on the dossier: asking for one refused")
    t.eq(off.post(f"/office/dossiers/{code}/fee/amount",
                  {"amount": "8.000", "reason": "Lệ phí cấp bản sao trích lục"})[0], 303,
         "fee set for the case")
    t.eq(off.post(f"/office/dossiers/{code}/fee", {"note": "Lệ phí 8.000 đồng"})[0], 303,
         "fee requested")
    t.eq(off.post(f"/office/dossiers/{code}/paid", {})[0], 409,
         "not paid yet: going on is refused")
    st, hdrs, _ = off.post(f"/office/dossiers/{code}/fee/cash", {"amount": "8000", "payer": ""})
    t.ok(st == 303 and "/fee-receipts/" in hdrs.get("Location", ""), "cash taken, its receipt")
    t.ok("Đang xử lý" in off.get(f"/office/dossiers/{code}")[2],
         "paid in full: processing goes on")
    st, _, html = off.get(f"/office/dossiers/{code}/apology")
    new_due = re.search(r'name="new_due"[^>]*value="([^"]*)"', html)
    t.ok(st == 200 and new_due and new_due.group(1), "apology form suggests a new date")
    st, _, _ = off.post(f"/office/dossiers/{code}/apology", {"note": "", "new_due": "2099-01-05T17:00"})
    t.eq(st, 400, "apology without a reason: 400")
    st, hdrs, _ = off.post(f"/office/dossiers/{code}/apology",
                           {"note": "Cần xác minh thông tin nơi sinh",
                            "new_due": "2099-01-05T17:00"})
    t.ok(st == 303 and hdrs.get("Location") == f"/dossiers/{code}/apology", "apology sent")
    st, _, html = off.get(f"/dossiers/{code}/apology")
    t.ok(st == 200 and "xin lỗi" in html and "năm 2099" in html, "form 04 with the new date")
    st, _, html = off.post(f"/office/dossiers/{code}/apology",
                           {"note": "Lần hai", "new_due": "2099-02-05T17:00"})
    t.eq(st, 409, "a second apology is refused")

    # ---- result with its document: attached, approved and signed, returned ----
    # Birth registration issues a signed extract: the officer attaches it,
    # the leader approves it, which signs it (docs/signatures.md).
    st, _, html = off.get(f"/office/dossiers/{code}")
    t.ok(f"/office/dossiers/{code}/attach" in html and "/result\"" not in html
         and "/approve\"" not in html, "the officer attaches the result; no approval offered")
    t.eq(off.post(f"/office/dossiers/{code}/result", {"note": ""},
                  files=[("file", "kq.pdf", RESULT_PDF)])[0], 403,
         "the officer cannot mark a signed result ready")
    st, _, html = off.post(f"/office/dossiers/{code}/attach", {},
                           files=[("file", "ket-qua.txt", b"plain text")])
    t.eq(st, 400, "result document must be PDF/JPEG/PNG")
    st, hdrs, _ = off.post(f"/office/dossiers/{code}/attach", {},
                           files=[("file", "trich-luc-khai-sinh.pdf", RESULT_PDF)])
    t.ok(st == 303 and hdrs.get("Location") == f"/office/dossiers/{code}", "result attached")
    st, _, html = leader.get(f"/office/dossiers/{code}")
    t.ok("trich-luc-khai-sinh.pdf" in html and "Đang xử lý" in html
         and f"/office/dossiers/{code}/approve" in html, "the leader is offered the approval")
    st, _, html = leader.get(f"/office/dossiers/{code}/approve")
    t.ok(st == 200 and "trich-luc-khai-sinh.pdf" in html and "Y Khuê Byă" in html
         and "Phường Tuy Hòa" in html, "the approval says what is signed, and by whom")
    t.eq(off.get(f"/office/dossiers/{code}/approve")[0], 403, "officers do not approve")
    st, hdrs, _ = leader.post(f"/office/dossiers/{code}/approve", {"note": "Đồng ý"}, multi=True)
    t.ok(st == 303 and hdrs.get("Location") == f"/office/dossiers/{code}", "approved and signed")
    st, _, html = off.get(f"/office/dossiers/{code}")
    verify = re.search(r'href="/verify/([0-9a-z]{16})"', html)
    t.ok("trich-luc-khai-sinh-da-ky.pdf" in html and "Đã xử lý xong" in html and verify
         and "Kết quả đã ký số" in html, "signed result listed with its verification link")
    st, _, html = off.get(f"/verify/{verify.group(1) if verify else 'x'}/cover")
    t.ok(st == 200 and code in html and "<svg" in html and "*********234" in html
         and "066090001234" not in html, "the cover page: QR code, masked ID number")
    t.eq(off.post(f"/office/dossiers/{code}/return", {})[0], 303, "result returned")
    st, _, html = off.get(f"/office/dossiers/{code}")
    t.ok("Đã trả kết quả" in html and "/return\"" not in html, "returned; nothing more offered")
    st, _, html = off.get(f"/dossiers/{code}/control")
    t.ok(st == 200 and "table" in html and "Đang xử lý" in html and "Đã trả kết quả" in html,
         "form 06: the history as a table")
    t.eq(off.get(f"/dossiers/{code}/refusal")[0], 409, "no refusal form for a returned dossier")

    # ---- refusal (form 03) and stop ----
    st, hdrs, _ = off.post("/office/receive", {**APPLICANT, **BIRTH, "channel": "3"}, multi=True)
    code2 = re.search(r"/dossiers/([^/]+)/receipt", hdrs.get("Location", ""))
    code2 = code2.group(1) if code2 else ""
    t.eq(st, 303, "post dossier received")
    t.eq(off.get(f"/office/dossiers/{code2}/refuse")[0], 409,
         "a received dossier can no longer be refused at reception")
    t.eq(off.post(f"/office/dossiers/{code2}/stop", {"note": ""})[0], 400, "stop needs a reason")
    st, hdrs, _ = off.post(f"/office/dossiers/{code2}/stop", {"note": "Không thuộc thẩm quyền"})
    t.ok(st == 303 and hdrs.get("Location") == f"/dossiers/{code2}/refusal", "stopped, form 03")
    st, _, html = off.get(f"/dossiers/{code2}/refusal")
    t.ok(st == 200 and "Không thuộc thẩm quyền" in html, "form 03 gives the reason")
    t.eq(off.get(f"/dossiers/{code2}/apology")[0], 409, "no apology form without an apology")

    # An online dossier: received or refused at reception.
    citizen = s.json("POST", "/api/v1/login", {"login": "0912345678", "password": PW})[1]
    bearer = {"Authorization": "Bearer " + citizen["token"]}
    online = []
    for _ in range(2):
        st, j = s.json("POST", "/api/v1/dossiers",
                       {"unit": "22015", "procedure": "1.001193",
                        "applicant": {"name": "Lê Thị Bình"},
                        "form": {k[2:]: v for k, v in BIRTH.items()}}, headers=bearer)
        online.append(j["code"] if st == 201 else "")
    t.eq(off.get(f"/dossiers/{online[0]}/receipt")[0], 409, "no receipt before receipt")
    st, hdrs, _ = off.post(f"/office/dossiers/{online[0]}/receive", {})
    t.ok(st == 303 and hdrs.get("Location") == f"/dossiers/{online[0]}/receipt",
         "online dossier received, then the receipt")
    st, _, _ = s.request("GET", f"/dossiers/{online[0]}/receipt", headers=bearer)
    t.eq(st, 200, "the applicant prints their own receipt")
    st, _, _ = s.request("GET", f"/dossiers/{code}/receipt", headers=bearer)
    t.eq(st, 403, "but not someone else's")
    t.eq(off.post(f"/office/dossiers/{online[1]}/refuse", {"note": ""})[0], 400,
         "refusal needs a reason")
    st, hdrs, _ = off.post(f"/office/dossiers/{online[1]}/refuse",
                           {"note": "Sai thẩm quyền giải quyết"})
    t.eq(st, 303, "online dossier refused at reception")
    t.ok("Sai thẩm quyền" in off.get(f"/dossiers/{online[1]}/refusal")[2], "form 03")

    # ---- feedback ----
    st, _, html = off.get("/office/feedback")
    t.ok(st == 200 and "Đường vào bộ phận một cửa bị ngập" in html, "open feedback listed")
    t.ok('class="overdue"' in html, "passed deadlines highlighted")
    t.eq(other.get("/office/feedback?unit=22015")[0], 403, "feedback: other commune 403")
    t.eq(other.get(f"/office/feedback/{FEEDBACK}")[0], 403, "answer page: other commune 403")
    t.eq(off.post(f"/office/feedback/{FEEDBACK}", {"answer": ""})[0], 400, "empty answer")
    t.eq(off.post(f"/office/feedback/{FEEDBACK}", {"answer": "x"}, csrf=False)[0], 403,
         "answer without CSRF: 403")
    st, _, _ = off.post(f"/office/feedback/{FEEDBACK}", {"answer": "Đã khơi thông cống"})
    t.eq(st, 303, "feedback answered")
    st, _, html = off.post(f"/office/feedback/{FEEDBACK}", {"answer": "Lần hai", "refuse": "1"})
    t.eq(st, 409, "answered once only")
    st, _, html = off.get("/office/feedback")
    t.ok("Đường vào bộ phận một cửa bị ngập" not in html, "answered feedback leaves the queue")
    st, _, html = off.get("/office/feedback?all=1")
    t.ok("Đã trả lời" in html, "all feedback, with its status")

    # Every form carries the CSRF token.
    for path in (f"/office/dossiers/{code2}", "/office/receive?procedure=1.001193",
                 f"/office/dossiers/{online[0]}/process"):
        html = off.get(path)[2]
        forms = html.count("<form")
        t.eq(html.count('name="csrf"'), forms, f"every form of {path} has the CSRF token")

# Behind a proxy the printed QR code uses the configured public address,
# not the Host header of the request.
with Server(db=srv.db, extra=["--public-url", "https://motcua.example.vn/"]) as s2:
    off2 = Browser(s2, "officer.22015")
    st, _, html = off2.get(f"/dossiers/{code}/receipt")
    t.ok(st == 200 and f"https://motcua.example.vn/track/{code}" in html,
         "the receipt's tracking address comes from public_url")
code_, _, err = run("serve", "--db", srv.db, "--public-url", "ftp://x")
t.ok(code_ == 2 and "public-url" in err, "a public URL must be http(s)")

t.done()
