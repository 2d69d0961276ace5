"""The snapshots of closed months are made while the server runs, without
anyone running a command (web/snapshots.h): a server started on a database
whose last month has no snapshot keeps one shortly after start, computed
from the data (one online dossier of two in commune 22015), audited as done
by "snapshots"; from then on that month is read from its snapshot, so a
dossier added to it later does not move it."""
import datetime
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import Checks, Server, connect  # noqa: E402

t = Checks()
srv = Server()
db = connect(srv.db)

# The last month that has ended, in local time (UTC+7), and a minute in it.
now = datetime.datetime.utcnow() + datetime.timedelta(hours=7)
first_of_month = now.date().replace(day=1)
last = first_of_month - datetime.timedelta(days=1)
MONTH = last.strftime("%Y-%m")
MINUTE = (last.replace(day=10) - datetime.date(1970, 1, 1)).days * 1440 + 9 * 60
PROC = db.execute("SELECT code FROM procedure ORDER BY code LIMIT 1").fetchone()[0]


def dossier(n, channel):
    db.execute("INSERT INTO dossier(code, unit, procedure, channel, status, applicant_name, "
               "submitted_at, received_at, finished_at, is_open, overdue_from) "
               "VALUES (?, '22015', ?, ?, 2, 'Người Thử', ?, ?, 0, 1, 0)",
               (f"22015-bg-{n}", PROC, channel, MINUTE, MINUTE))
    db.commit()


dossier(1, 2)  # online
dossier(2, 1)  # at the counter
t.eq(db.execute("SELECT count(*) FROM indicator_snapshot").fetchone()[0], 0,
     "no snapshot before the server starts")


def snapshot(unit):
    return db.execute("SELECT num, den FROM indicator_snapshot WHERE indicator = 'online_rate' "
                      "AND period = ? AND unit = ?", (MONTH, unit)).fetchone()


with Server(db=srv.db, snapshots=True) as s:
    started = time.time()
    row = None
    while time.time() - started < 120 and row is None:
        time.sleep(0.5)
        row = snapshot("66")
    t.ok(row is not None, f"the month {MONTH} has a snapshot {time.time() - started:.1f} s after "
                          "start")
    t.eq(row, (1.0, 2.0), "the province's snapshot: 1 online dossier of 2")
    t.eq(snapshot("22015"), (1.0, 2.0), "the commune's snapshot")
    who = db.execute("SELECT count(*) FROM audit WHERE action = 'indicator.recompute' AND "
                     "address = 'snapshots'").fetchone()[0]
    t.ok(who > 0, "the snapshot is audited as made by the background snapshots")
    # From now on the month is read from its snapshot.
    dossier(3, 2)
    st, j = s.json("GET", f"/api/v1/indicators/online_rate/values?unit=66&period={MONTH}")
    t.eq((st, j.get("numerator"), j.get("denominator")), (200, 1, 2),
         "a dossier added to the closed month later does not move its figure")
db.close()
t.done()
