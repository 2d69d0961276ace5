"""Repeated complaints (migration 017, row 5.3 of the 766 index) over HTTP
on the real binary: a sender files again about their earlier feedback once
it was answered (API "repeats", the /feedback form's choice, the link on
/my/feedback), or files again about the same dossier (linked by the
store); nobody else may follow up someone's feedback, nor before its
answer, nor about another dossier. Row 5.3 then counts the earlier answer
as not satisfying ("tiếp tục có phản ánh về kết quả giải quyết",
RULES-766-2026.md formula 22) and the follow-ups not as first feedback
("PAKN tiếp nhận lần đầu", RULES.md §1.2), computed by hand below."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import Checks, Server, add_user, connect, login  # noqa: E402

t = Checks()
PW = "Mat-khau-rat-manh-2026"
FORM = "application/x-www-form-urlencoded"
U = "22015"


def field_of(j):
    return ((j or {}).get("error") or {}).get("field")


with Server() as s:
    add_user(s.db, "officer", "canbo.tuyhoa", PW, unit=U)
    add_user(s.db, "citizen", "0912345678", PW, name="Nguyễn Văn An")
    add_user(s.db, "citizen", "0987654321", PW, name="Trần Thị Bích")
    officer = login(s, "canbo.tuyhoa", PW)
    citizen = login(s, "0912345678", PW)
    other = login(s, "0987654321", PW)

    def send(body, who=None):
        return s.json("POST", "/api/v1/feedback", body, who)

    def answer(fid):
        st, _ = s.json("POST", f"/api/v1/feedback/{fid}/answer", {"answer": "Đã xử lý"}, officer)
        t.eq(st, 200, f"feedback {fid} answered")

    def dossier():
        st, j = s.json("POST", "/api/v1/dossiers",
                       {"unit": U, "procedure": "1.000080", "channel": 1,
                        "applicant": {"name": "Nguyễn Văn An", "phone": "0912345678"}}, officer)
        t.eq(st, 201, "a dossier received")
        return j.get("code")

    st, j = send({"unit": U, "content": "Niêm yết phí sai"}, citizen)
    t.eq((st, j.get("repeats")), (201, None), "first feedback: repeats nothing")
    f1 = j["id"]
    st, j = send({"content": "Vẫn sai", "repeats": f1}, citizen)
    t.eq((st, field_of(j)), (409, "repeats"), "no follow-up before the answer")
    answer(f1)
    st, j = send({"content": "Vẫn sai", "repeats": f1}, other)
    t.eq((st, field_of(j)), (404, "repeats"), "another account cannot follow it up")
    theirs = (j.get("error") or {}).get("message")
    st, j = send({"unit": U, "content": "Vẫn sai", "repeats": f1})
    t.eq((st, field_of(j)), (404, "repeats"), "an anonymous sender cannot follow it up")
    st, j = send({"content": "Vẫn sai", "repeats": "f1"}, citizen)
    t.eq((st, field_of(j)), (400, "repeats"), "repeats is a feedback id")
    st, j = send({"content": "Vẫn sai", "repeats": 99999}, citizen)
    t.eq((st, field_of(j)), (404, "repeats"), "unknown earlier feedback")
    t.ok(theirs and (j.get("error") or {}).get("message") == theirs,
         "someone else's feedback and none at all get the same answer")
    st, j = send({"content": "Niêm yết vẫn sai sau khi trả lời", "repeats": f1}, citizen)
    t.eq((st, j.get("repeats"), j.get("unit")), (201, f1, U),
         "the sender follows up the answered feedback; it goes to the earlier one's unit")
    f2 = j["id"]

    # About a dossier: filing again about it follows up the answered one.
    d1, d2 = dossier(), dossier()
    st, j = send({"content": "Hồ sơ chậm", "dossier_code": d1}, citizen)
    g1 = j["id"]
    answer(g1)
    st, j = send({"content": "Hồ sơ vẫn chậm", "dossier_code": d1}, citizen)
    t.eq((st, j.get("repeats")), (201, g1), "filed again about the same dossier: a follow-up")
    g2 = j["id"]
    st, j = send({"content": "Hồ sơ khác", "dossier_code": d2, "repeats": g1}, citizen)
    t.eq((st, field_of(j)), (400, "dossier_code"), "a follow-up is about the same dossier")
    st, j = send({"content": "Tôi cũng thấy chậm", "dossier_code": d1}, other)
    t.eq((st, j.get("repeats")), (201, None), "another sender's feedback is not a follow-up")
    h_other = j["id"]

    # The plain form: the choice lists the sender's answered feedback.
    st, _, body = s.request("GET", f"/feedback?repeats={f1}", headers=citizen)
    html = body.decode()
    t.ok(st == 200 and 'name="repeats"' in html and f'<option value="{f1}" selected>' in html
         and f'<option value="{f2}"' not in html,
         "the form offers the answered feedback, chosen from the link")
    st, _, body = s.request("GET", "/feedback")
    t.ok(st == 200 and 'name="repeats"' not in body.decode(), "no choice for anonymous senders")
    st, _, body = s.request("GET", "/my/feedback", headers=citizen)
    t.ok(f'href="/feedback?repeats={f1}"' in body.decode(), "/my/feedback links the follow-up")
    st, _, body = s.request("POST", "/feedback", headers={**citizen, "Content-Type": FORM},
                            raw=f"repeats={f1}&content=Lần thứ ba".encode())
    t.eq(st, 201, "the form sends a follow-up without naming the commune again")
    st, _, body = s.request("POST", "/feedback", headers={**other, "Content-Type": FORM},
                            raw=f"repeats={f1}&content=Lần thứ ba".encode())
    t.eq(st, 404, "the form refuses someone else's feedback")

    db = connect(s.db)
    rows = dict(db.execute("SELECT id, repeats FROM feedback").fetchall())
    db.close()
    t.eq(sorted(k for k, v in rows.items() if v == f1), [f2, max(rows)],
         "two follow-ups of the first feedback are stored")

    # Row 5.3 this year. First feedback: f1, g1, h_other (3); all: 6.
    # Handled on time: all (answered at once, or open and not yet due).
    # Satisfying: first, on time, not disliked, not followed up: h_other.
    st, j = s.json("GET", f"/api/v1/index766?unit={U}&period=2026")
    r = {i["code"]: i for g in j.get("groups", []) for i in g["indicators"]}
    t.eq((r["5.2"]["num"], r["5.2"]["den"]), (6, 6), "5.2 counts every feedback")
    t.eq((r["5.3"]["num"], r["5.3"]["den"]), (1, 3),
         "5.3: first feedback only, the followed-up ones not satisfying")
    t.ok(abs(r["5.3"]["points"] - 6 / 3) < 1e-3, f"5.3 points 6 x 1/3: {r['5.3']['points']}")

t.done()
