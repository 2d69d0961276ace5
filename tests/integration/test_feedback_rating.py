"""Feedback topics and the sender's rating of the answer (migration 015),
over HTTP on the real binary: the sender chooses a topic, the officer who
answers may correct it, the sender's account likes or dislikes the answer
once after it (API and the plain form of /my/feedback), other accounts
and anonymous feedback cannot be rated, officers see the rating, each
step is audited, and the 766 index's rows 5.1a, 5.1b and 5.3 count it."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import Checks, Server, add_user, connect, login  # noqa: E402

t = Checks()
PW = "Mat-khau-rat-manh-2026"
FORM = "application/x-www-form-urlencoded"


def field_of(j):
    return ((j or {}).get("error") or {}).get("field")


with Server() as s:
    add_user(s.db, "officer", "canbo.tuyhoa", PW, unit="22015")
    add_user(s.db, "citizen", "0912345678", PW, name="Nguyễn Văn An")
    add_user(s.db, "citizen", "0987654321", PW, name="Trần Thị Bích")
    officer = login(s, "canbo.tuyhoa", PW)
    citizen = login(s, "0912345678", PW)
    other = login(s, "0987654321", PW)

    # The sender's topic; a word outside core's list names its field.
    st, j = s.json("POST", "/api/v1/feedback",
                   {"unit": "22015", "content": "Hồ sơ phải nộp bản sao hai lần", "topic": "staff"},
                   citizen)
    t.eq((st, j.get("topic"), j.get("rating")), (201, "staff", None), "feedback with its topic")
    fid = j["id"]
    st, j = s.json("POST", "/api/v1/feedback", {"unit": "22015", "content": "x", "topic": "weather"})
    t.eq((st, field_of(j)), (400, "topic"), "unknown topic refused naming its field")
    st, j = s.json("POST", "/api/v1/feedback", {"unit": "22015", "content": "Ẩn danh"})
    t.eq((st, j["topic"]), (201, None), "no topic: not classified")
    anon = j["id"]

    rate = f"/api/v1/feedback/{fid}/rating"
    t.eq(s.json("POST", rate, {"satisfied": True}, citizen)[0], 409, "not rated before the answer")

    # The officer answers and corrects the topic.
    st, j = s.json("POST", f"/api/v1/feedback/{fid}/answer",
                   {"answer": "Đã bỏ yêu cầu nộp lại", "topic": "procedure"}, officer)
    t.eq((st, j["topic"]), (200, "procedure"), "the officer's reading of the topic")
    st, j = s.json("POST", f"/api/v1/feedback/{anon}/answer", {"answer": "Đã tiếp thu"}, officer)
    t.eq((st, j["topic"]), (200, None), "answering without a topic keeps it")

    # Only the sender's account rates, once.
    t.eq(s.json("POST", rate, {"satisfied": True})[0], 401, "anonymous cannot rate")
    t.eq(s.json("POST", rate, {"satisfied": True}, other)[0], 403, "another citizen cannot rate")
    t.eq(s.json("POST", rate, {"satisfied": True}, officer)[0], 403, "officers do not rate")
    t.eq(s.json("POST", f"/api/v1/feedback/{anon}/rating", {"satisfied": True}, citizen)[0], 403,
         "anonymous feedback cannot be rated by anyone")
    st, j = s.json("POST", rate, {"satisfied": "yes"}, citizen)
    t.eq((st, field_of(j)), (400, "satisfied"), "satisfied must be true or false")
    t.eq(s.json("POST", "/api/v1/feedback/99999/rating", {"satisfied": True}, citizen)[0], 404,
         "unknown feedback 404")
    st, j = s.json("POST", rate, {"satisfied": False, "reason": "Vẫn phải nộp lại"}, citizen)
    t.eq((st, j["rating"]), (200, {"satisfied": False, "reason": "Vẫn phải nộp lại"}),
         "the sender dislikes the answer")
    t.eq(s.json("POST", rate, {"satisfied": True}, citizen)[0], 409, "rated once")

    # The officer sees it, in the list and on the feedback's page.
    st, j = s.json("GET", "/api/v1/feedback?unit=22015", headers=officer)
    mine = [f for f in j["feedback"] if f["id"] == fid][0]
    t.eq(mine["rating"]["satisfied"], False, "officers read the rating")
    st, _, body = s.request("GET", f"/office/feedback/{fid}", headers=officer)
    html = body.decode()
    t.ok(st == 200 and "Không hài lòng" in html and "Vẫn phải nộp lại" in html
         and "Quy định, thủ tục hành chính" in html, "the office page shows topic and rating")

    # The citizen's page: a second feedback, answered, rated from the form.
    st, j = s.json("POST", "/api/v1/feedback", {"unit": "22015", "content": "Cán bộ nhiệt tình"},
                   citizen)
    second = j["id"]
    st, _, body = s.request("GET", "/my/feedback", headers=citizen)
    t.ok(st == 200 and f'action="/my/feedback/{second}/rating' not in body.decode(),
         "no rating form before the answer")
    s.json("POST", f"/api/v1/feedback/{second}/answer", {"answer": "Cảm ơn", "topic": "staff"},
           officer)
    st, _, body = s.request("GET", "/my/feedback", headers=citizen)
    html = body.decode()
    t.ok(st == 200 and f'action="/my/feedback/{second}/rating' in html
         and f'action="/my/feedback/{fid}/rating' not in html and "Vẫn phải nộp lại" not in html
         and "Cán bộ nhiệt tình" in html, "the list offers the form only where a rating is due")
    st, _, body = s.request("GET", "/my/feedback", headers=other)
    t.ok(st == 200 and "Cán bộ nhiệt tình" not in body.decode(), "another citizen sees none of it")
    st, _, body = s.request("POST", f"/my/feedback/{second}/rating", headers={**other, "Content-Type": FORM},
                            raw=b"satisfied=1")
    t.eq(st, 403, "the form refuses another citizen")
    st, hdrs, body = s.request("POST", f"/my/feedback/{second}/rating",
                               headers={**citizen, "Content-Type": FORM}, raw=b"reason=x")
    t.eq(st, 400, "the form asks for a choice")
    st, hdrs, body = s.request("POST", f"/my/feedback/{second}/rating",
                               headers={**citizen, "Content-Type": FORM}, raw=b"satisfied=1")
    t.ok(st in (302, 303) and "/my/feedback" in hdrs.get("Location", ""), "rated from the form")
    st, j = s.json("GET", "/api/v1/feedback?unit=22015", headers=officer)
    liked = [f for f in j["feedback"] if f["id"] == second][0]
    t.eq((liked["rating"]["satisfied"], liked["topic"]), (True, "staff"), "the form's like is kept")

    # The sender chooses the topic on the plain /feedback form too.
    st, _, body = s.request("POST", "/feedback", headers={**citizen, "Content-Type": FORM},
                            raw="unit_code=22015&content=Niêm yết phí&topic=procedure".encode())
    t.eq(st, 201, "the plain form sends feedback with a topic")

    # Audited: the answer and the rating.
    db = connect(s.db)
    acts = [r[0] for r in db.execute("SELECT action FROM audit WHERE object = ?",
                                     (f"feedback/{fid}",))]
    db.close()
    t.ok("feedback.answer" in acts and "feedback.rate" in acts, f"audited: {acts}")

    # The 766 index of 22015 this year: 4 feedback, 2 about procedures, 1
    # about officials, the disliked one not satisfied.
    st, j = s.json("GET", "/api/v1/index766?unit=22015&period=2026")
    rows = {i["code"]: i for g in j["groups"] for i in g["indicators"]}
    if st == 200:
        t.eq((rows["5.1a"]["num"], rows["5.1a"]["den"]), (2, 4), "5.1a counts topics")
        t.eq((rows["5.1b"]["num"], rows["5.1b"]["den"]), (1, 4), "5.1b counts topics")
        t.ok(rows["5.3"]["num"] <= rows["5.2"]["num"] - 1, "5.3 loses the disliked feedback")
    else:
        t.ok(False, f"index766: {st}")

t.done()
