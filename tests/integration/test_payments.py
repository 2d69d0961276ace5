"""Fees end to end on the real binary: the commune's account set by its
leader, a fee taken from the procedure at filing, the VietQR a citizen sees
(checked by `xaso vietqr decode`), who may move a dossier waiting for its
fee (never its applicant, never before the money is seen), statements read
by `xaso import statement` and by the API (match, partial, excess,
duplicate, unknown code, importing twice), held credits resolved, cash at
the counter, the fee receipt with the amount in words in the commune's
style, receipts numbered without gaps, the figures, and who may read what."""
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import Checks, Server, add_user, connect, login, run  # noqa: E402

t = Checks()
PW = "Mat-khau-rat-manh-2026"
UNIT, OTHER = "22015", "22045"
PROC = "1.002755"  # Gia hạn tạm trú: 10.000 đồng in the catalogue, no form fields
APPLICANT = {"name": "Lê Thị Hoa", "pid": "066190001234", "phone": "0912000111",
             "address": "Tổ 3, phường Tuy Hòa"}


def field_of(j):
    return (j or {}).get("error", {}).get("field")


def statement(*rows):
    """xaso's own statement format: date,amount,description,reference."""
    return ("date,amount,description,reference\n" +
            "".join(f"{d},{a},{desc},{ref}\n" for d, a, desc, ref in rows)).encode()


def spaced(code):
    return code.replace("-", " ")


with Server() as s:
    add_user(s.db, "citizen", "0912000111", PW, name="Lê Thị Hoa")
    add_user(s.db, "citizen", "0987654321", PW, name="Trần Văn Khác")
    add_user(s.db, "officer", "officer.t", PW, unit=UNIT, name="Trần Thị Mai")
    add_user(s.db, "leader", "leader.t", PW, unit=UNIT)
    add_user(s.db, "officer", "officer.o", PW, unit=OTHER)
    citizen, other_citizen = login(s, "0912000111", PW), login(s, "0987654321", PW)
    officer, leader, other = login(s, "officer.t", PW), login(s, "leader.t", PW), login(s, "officer.o", PW)

    def get(path, who=None):
        return s.json("GET", path, headers=who)

    def post(path, body, who=None):
        return s.json("POST", path, body, headers=who)

    def post_csv(path, data, who):
        st, _, body = s.request("POST", path, raw=data, headers={**who, "Content-Type": "text/csv"})
        return st, json.loads(body)

    def file_online():
        st, j = post("/api/v1/dossiers", {"unit": UNIT, "procedure": PROC, "channel": 2,
                                          "applicant": APPLICANT, "form": {}}, citizen)
        assert st == 201, j
        return j["code"]

    def to_fee(code):
        for to in (2, 4, 6):
            st, j = post(f"/api/v1/dossiers/{code}/transitions", {"to": to}, officer)
            assert st == 200, (to, j)

    # ---- the commune's account, set by its leader ----
    setup = f"/api/v1/units/{UNIT}/fee-setup"
    st, j = post(setup, {"bin": "97040", "account": "5200220150001", "holder": "UBND PHUONG TUY HOA"},
                 leader)
    t.eq((st, field_of(j)), (400, "bin"), "a bad BIN is refused, naming it")
    st, j = post(setup, {"bin": "970405", "account": "5200220150001",
                         "holder": "Ủy ban nhân dân phường Tuy Hòa tỉnh Đắk Lắk"}, leader)
    t.eq((st, field_of(j)), (400, "holder"), "a holder's name longer than a VietQR holds")
    t.eq(post(setup, {"bin": "970405", "account": "1"}, officer)[0], 403, "officers do not set it")
    st, j = post(setup, {"bin": "970405", "account": "5200220150001", "holder": "UBND PHUONG TUY HOA",
                         "words_le": True, "words_ti": True}, leader)
    t.ok(st == 200 and j["account"] == "5200220150001" and j["words_le"], "the leader sets it")
    t.eq(get(setup, officer)[1]["bin"], "970405", "officers read it")
    t.eq(get(setup, other)[0], 403, "another commune's officer does not")

    # ---- a fee from the procedure, and the code a citizen pays it with ----
    code = file_online()
    st, j = get(f"/api/v1/dossiers/{code}/fee", citizen)
    t.ok(st == 200 and j["fee"] == 10000 and j["due"] == 10000 and j["state"] == "due",
         f"the procedure's fee at filing: {j}")
    qr = j["vietqr"] or {}
    t.eq(qr.get("purpose"), spaced(code), "the transfer description is the code with spaces")
    rc, out, err = run("vietqr", "decode", qr.get("payload", ""))
    t.ok(rc == 0 and "54        Transaction Amount                       10000" in out
         and "970405" in out and spaced(code) in out and "(correct)" in out,
         f"xaso vietqr decode reads the payload: {out}{err}")
    st, _, page = s.request("GET", f"/my/dossiers/{code}", headers=citizen)
    page = page.decode()
    t.ok(st == 200 and "<svg" in page and qr.get("payload", "?") in page and "Agribank" in page,
         "the citizen's page shows the QR code and its payload as text")
    st, _, page = s.request("GET", f"/track/{code}")
    page = page.decode()
    t.ok(st == 200 and "<svg" in page and "10.000 đồng" in page and APPLICANT["name"] not in page,
         "public tracking shows the code to pay, nothing personal")
    st, _, page = s.request("GET", "/my/dossiers", headers=citizen)
    t.ok("Còn phải nộp: 10.000 đồng" in page.decode(), "the citizen's list says what is due")
    t.eq(get(f"/api/v1/dossiers/{code}/fee", other_citizen)[0], 403, "another citizen: 403")
    t.eq(get(f"/api/v1/dossiers/{code}/fee")[0], 401, "anonymous: 401")

    # ---- only a recorded payment moves a dossier waiting for its fee ----
    to_fee(code)
    st, _, page = s.request("GET", f"/dossiers/{code}/receipt", headers=citizen)
    page = page.decode()
    t.ok(st == 200 and page.count("<svg") == 2 and "Phí, lệ phí phải nộp: <strong>10.000 đồng" in page,
         "the printed receipt 01 carries the tracking code and the VietQR of the fee")
    st, j = post(f"/api/v1/dossiers/{code}/transitions", {"to": 4}, citizen)
    t.eq(st, 403, "the applicant cannot mark their own fee paid")
    st, j = post(f"/api/v1/dossiers/{code}/transitions", {"to": 4}, officer)
    t.eq((st, field_of(j)), (409, "fee"), "nor the unit before the money is seen")

    # ---- a statement read by the command line, then again ----
    tmp = tempfile.mkdtemp(prefix="xaso-pay-")
    path = os.path.join(tmp, "sao-ke.csv")
    with open(path, "wb") as f:
        f.write(statement(("2026-04-29", "10000", f"MBVCB.8812.{code.replace('-', '.')}.CT tu A", "FT1"),
                          ("2026-04-29", "-3300", "Phi SMS", "FT2")))
    rc, out, err = run("import", "statement", path, "--db", s.db, "--unit", UNIT)
    t.ok(rc == 0 and "1 new credits (1 paid, 0 held" in out and "match " + code in out,
         f"xaso import statement marks it paid: {out}{err}")
    st, j = get(f"/api/v1/dossiers/{code}/fee", citizen)
    t.ok(j["state"] == "paid_online" and len(j["payments"]) == 1 and j["vietqr"] is None,
         "paid by transfer, one receipt, no code to pay any more")
    _, d = get(f"/api/v1/dossiers/{code}", officer)
    t.eq(d["status"]["code"], 4, "the dossier went on to processing")
    t.ok(any(e["from"] == 6 and e["to"] == 4 and "receipt" in e["note"] for e in d["events"]),
         "through the rule book, with its event")
    rc, out, _ = run("import", "statement", path, "--db", s.db, "--unit", UNIT)
    t.ok(rc == 0 and "0 new credits" in out and "1 read before" in out,
         "the same statement again changes nothing")
    t.eq(len(get(f"/api/v1/dossiers/{code}/fee", citizen)[1]["payments"]), 1, "still one payment")
    rc, _, err = run("import", "statement", path, "--db", s.db)
    t.ok(rc == 2 and "--unit" in err, "the unit is required")
    with open(path, "wb") as f:
        f.write(b"date,amount,description\n2026-04-29,12a,x\n")
    rc, _, err = run("import", "statement", path, "--db", s.db, "--unit", UNIT)
    t.ok(rc == 2 and "sao-ke.csv:2:" in err and "nothing was imported" in err,
         f"a bad file names its line: {err}")

    # ---- every verdict through the API ----
    a, b, c, x = file_online(), file_online(), file_online(), None
    for k in (a, b, c):
        to_fee(k)
    st, j = post(f"/api/v1/dossiers/{c}/fee", {"amount": 25000, "reason": "Ba nhân khẩu"}, officer)
    t.ok(st == 200 and j["fee"] == 25000 and j["reason"] == "Ba nhân khẩu", "a fee set for the case")
    t.eq(post(f"/api/v1/dossiers/{c}/fee", {"amount": 1000}, officer)[1]["error"]["field"], "reason",
         "setting a fee needs its reason")
    t.eq(post(f"/api/v1/dossiers/{c}/fee", {"amount": 1, "reason": "x"}, citizen)[0], 403,
         "citizens do not set fees")
    body = statement(("2026-04-30", "10000", spaced(a), "FT10"),             # match
                     ("2026-04-30", "10000", spaced(a) + " lan 2", "FT11"),  # duplicate
                     ("2026-04-30", "4000", spaced(b), "FT12"),              # partial
                     ("2026-04-30", "30000", spaced(c), "FT13"),             # excess
                     ("2026-04-30", "10000", "22015 991231 0001", "FT14"),   # unknown code
                     ("2026-04-30", "10000", "CHUYEN TIEN", "FT15"))         # no code
    st, j = post_csv(f"/api/v1/statements?unit={UNIT}&name=sao-ke-04.csv", body, officer)
    verdicts = [(k["verdict"], k["state"]) for k in j.get("new_credits", [])]
    t.eq(verdicts, [("match", "paid"), ("duplicate", "held"), ("partial", "held"),
                    ("excess", "held"), ("unknown_code", "held"), ("no_code", "held")],
         "each credit's verdict")
    t.ok(st == 201 and j["paid"] == 1 and j["held"] == 5, "one paid, five held")
    st, j = post_csv(f"/api/v1/statements?unit={UNIT}", body, officer)
    t.ok(st == 201 and j["seen"] == 6 and j["credits"] == 0, "imported twice: all seen before")
    st, j = post_csv(f"/api/v1/statements?unit={UNIT}", b"Ngay;Ghi co\n", officer)
    t.eq((st, field_of(j)), (400, "file"), "a file without the needed columns")
    t.eq(post_csv(f"/api/v1/statements?unit={UNIT}", body, other)[0], 403,
         "another commune's officer cannot read this commune's statement")
    t.eq(post_csv(f"/api/v1/statements?unit={UNIT}", body, leader)[0], 403,
         "statements are read by the officer")

    # ---- the waiting credits as a spreadsheet's file: the bank's text is
    # never taken for a formula ----
    st, j = post_csv(f"/api/v1/statements?unit={UNIT}",
                     statement(("2026-04-30", "7000", "=1+1 chuyen tien", "FT99")), officer)
    t.eq((st, j.get("held")), (201, 1), "a credit whose description looks like a formula, held")
    st, hdrs, data = s.request("GET", f"/api/v1/credits?unit={UNIT}&held=1&format=csv",
                               headers=officer)
    data = data.decode()
    t.ok(st == 200 and hdrs.get("Content-Type", "").startswith("text/csv")
         and data.startswith("id,date,amount,description") and "\"'=1+1 chuyen tien\"" in data
         and ",=1+1" not in data, f"CSV export of the credits, formula cells neutralised: {data[-200:]}")
    formula_id = j["new_credits"][0]["id"]
    t.eq(post(f"/api/v1/credits/{formula_id}/resolve", {"dismiss": "Không phải phí"}, officer)[0],
         200, "and dismissed")

    # ---- held credits, resolved ----
    st, j = get(f"/api/v1/credits?unit={UNIT}&held=1", officer)
    held = {k["verdict"]: k for k in j["credits"]}
    t.eq(j["count"], 5, "five credits wait for an officer")
    st, j = post(f"/api/v1/credits/{held['excess']['id']}/resolve", {"code": c}, officer)
    t.eq((st, field_of(j)), (409, "amount"), "more than is due is not recorded")
    st, j = post(f"/api/v1/credits/{held['partial']['id']}/resolve", {"code": b}, officer)
    t.ok(st == 200 and j["state"] == "paid" and j["receipt"]["amount"] == 4000,
         "a partial credit paid to its dossier")
    t.eq(get(f"/api/v1/dossiers/{b}/fee", officer)[1]["state"], "part", "partly paid")
    st, j = post(f"/api/v1/credits/{held['no_code']['id']}/resolve", {"code": b}, officer)
    t.eq((st, field_of(j)), (409, "amount"), "10.000 is more than the 6.000 left")
    st, j = post(f"/api/v1/credits/{held['duplicate']['id']}/resolve", {"dismiss": "Đã hoàn trả"},
                 officer)
    t.ok(st == 200 and j["state"] == "dismissed", "a duplicate dismissed with a note")
    t.eq(post(f"/api/v1/credits/{held['duplicate']['id']}/resolve", {"dismiss": "x"}, officer)[0],
         409, "resolved once")
    t.eq(post(f"/api/v1/credits/{held['unknown_code']['id']}/resolve", {}, officer)[0], 400,
         "a code or a note is needed")
    t.eq(post(f"/api/v1/credits/{held['unknown_code']['id']}/resolve", {"code": b}, other)[0], 403,
         "another commune's credit: 403")

    # ---- cash at the counter; the receipt in words, in the commune's style ----
    st, j = post(f"/api/v1/dossiers/{b}/payments", {"amount": 7000}, officer)
    t.eq((st, field_of(j)), (409, "amount"), "cash above what is due is refused")
    st, j = post(f"/api/v1/dossiers/{b}/payments", {"amount": 6000}, officer)
    t.ok(st == 201 and j["dossier"]["status"] == 4 and j["dossier"]["state"] == "paid_cash",
         "the rest in cash: paid, and processing goes on")
    t.eq(post(f"/api/v1/dossiers/{b}/payments", {"amount": 1000}, leader)[0], 403,
         "cash is taken by the officer")
    big = file_online()
    to_fee(big)
    post(f"/api/v1/dossiers/{big}/fee", {"amount": 2000000105, "reason": "Thử số lớn"}, officer)
    st, j = post(f"/api/v1/dossiers/{big}/payments", {"amount": 2000000105, "payer": "Lê Văn Nam"},
                 officer)
    st, _, page = s.request("GET", j["receipt_url"], headers=citizen)
    page = page.decode()
    _, words, _ = run("money", "words", "2000000105", "--le", "--ti")
    t.ok(st == 200 and "Biên lai thu phí, lệ phí" in page and words.strip() in page
         and "2.000.000.105 đồng" in page and "Lê Văn Nam" in page and "Trần Thị Mai" in page,
         f"the receipt: number, payer, figures, words with lẻ and tỉ ({words.strip()})")
    t.ok("Hai tỉ một trăm lẻ năm đồng" == words.strip(), "the words of 2.000.000.105")
    t.eq(s.request("GET", j["receipt_url"], headers=other_citizen)[0], 403, "another citizen: 403")
    t.eq(s.request("GET", j["receipt_url"], headers=other)[0], 403, "another commune: 403")
    t.eq(s.request("GET", j["receipt_url"])[0], 401, "anonymous: 401")
    t.eq(s.request("GET", f"/dossiers/{a}/fee-receipts/{j['id']}", headers=officer)[0], 404,
         "a receipt through another dossier: 404")

    # ---- receipts: per unit and year, 1, 2, 3 ... without a gap ----
    db = connect(s.db)
    nos = [r[0] for r in db.execute("SELECT receipt_no FROM payment WHERE unit = ? "
                                    "ORDER BY receipt_no", (UNIT,)).fetchall()]
    t.eq(nos, list(range(1, len(nos) + 1)), "receipt numbers run from 1 without gaps")
    db.close()

    # ---- figures ----
    st, j = get(f"/api/v1/fees?unit={UNIT}", leader)
    t.ok(st == 200 and j["fee_due"] == 5 and j["paid_online"] == 2 and j["paid_cash"] == 2,
         f"fee-bearing, paid online, paid in cash: {j}")
    t.ok(j["index766"]["3.6"] == {"num": 2.0, "den": 5.0}
         and j["index766"]["3.5b"]["num"] == 1.0 and j["procedures_paid_online"] == 1,
         "the 766 payment rows")
    t.eq(get(f"/api/v1/fees?unit={UNIT}", other)[0], 403, "another commune's figures: 403")
    st, j = get(f"/api/v1/fees?unit=66", leader)
    t.eq(st, 403, "a commune's leader does not read the province's")

    # ---- the officer's pages ----
    from harness import multipart  # noqa: E402
    ct, body = multipart({"unit": UNIT}, [("statement", "sao-ke-loi.csv", "text/csv",
                                             b"date,amount,description\n2026-04-29,12a,x\n")])
    st, _, page = s.request("POST", "/office/payments", raw=body,
                            headers={**officer, "Content-Type": ct})
    page = page.decode()
    t.ok(st == 400 and "sao-ke-loi.csv:2:" in page and 'role="alert"' in page,
         "a bad statement uploaded on the page: its line named, nothing read")
    st, _, page = s.request("GET", f"/office/payments?unit={UNIT}", headers=officer)
    page = page.decode()
    t.ok(st == 200 and "CHUYEN TIEN" in page and "Không có mã hồ sơ" in page
         and "sao-ke-04.csv" in page, "reconciliation lists held credits and statements")
    st, _, page = s.request("GET", f"/office/dossiers/{c}", headers=officer)
    page = page.decode()
    t.ok("Ba nhân khẩu" in page and "/fee/cash" in page and "<svg" in page,
         "the dossier page: the reason, the cash link, the code")
print()
t.done()
