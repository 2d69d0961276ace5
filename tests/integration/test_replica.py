"""Figures read from a streaming replica (xaso serve --read-db): a replica
made with pg_basebackup -R on loopback follows a primary of the test's own.
With the replica's replay paused, a dossier filed on the primary is tracked
at once (the primary) while the unit's figures stay where the replica is;
once replay resumes they catch up. Records themselves are never read from
the replica."""
# also on PostgreSQL in the sanitizer build (they run the back end's own code)
# only on PostgreSQL
import datetime
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import pgcluster  # noqa: E402
from harness import Checks, Server, add_user, eventually, login, run  # noqa: E402

PW = "can-bo-mot-cua-2026"


def total(s):
    st, j = s.json("GET", "/api/v1/units/22015/figures")
    return j["dossiers"]["total"] if st == 200 else None


def month():
    return datetime.date.today().isoformat()[:7]


def counted(s, auth):
    """What the monitoring and the index count for the commune this month:
    the online rate's denominator (its dossiers) and every row of the
    index with its denominator."""
    st, j = s.json("GET", f"/api/v1/indicators/online_rate/values?unit=22015&period={month()}",
                   headers=auth)
    ind = j.get("denominator") if st == 200 else None
    st, j = s.json("GET", f"/api/v1/index766?unit=22015&period={month()}", headers=auth)
    rows = tuple((r.get("code"), r.get("den")) for g in j.get("groups", [])
                 for r in g.get("indicators", [])) if st == 200 else None
    return ind, rows


def main():
    t = Checks()
    if not pgcluster.state():
        print("this test needs PostgreSQL: it runs as integration.pg.test_replica")
        raise SystemExit(1)
    primary = pgcluster.Cluster.primary()
    replica = None
    try:
        db = primary.url("province")
        run("init", "--db", db, check=True)
        add_user(db, "officer", "officer.22015", PW, unit="22015")
        replica = primary.replica()
        t.eq(pgcluster.psql(replica.url("province"), "SELECT pg_is_in_recovery()")[0][0], "t",
             "the replica is a standby")
        with Server(db=db, extra=["--read-db", replica.url("province")]) as s:
            auth = login(s, "officer.22015", PW)
            body = {"unit": "22015", "procedure": "1.000080", "channel": 1,
                    "applicant": {"name": "Y Bhim Niê", "phone": "0912345678"}}
            st, j = s.json("POST", "/api/v1/dossiers", body, headers=auth)
            t.eq(st, 201, "a dossier is filed on the primary")
            t.eq(eventually(lambda: total(s), 1, 20), 1, "the figures come from the replica once it replays")
            t.eq(eventually(lambda: counted(s, auth)[0], 1, 20), 1,
                 "the monitoring counts the dossier once the replica has it")
            before = counted(s, auth)

            pgcluster.psql(replica.url("province"), "SELECT pg_wal_replay_pause()")
            st, j = s.json("POST", "/api/v1/dossiers", body, headers=auth)
            code = j["code"]
            t.eq(s.json("GET", "/api/v1/track/" + code)[0], 200, "the new dossier is tracked at once")
            st, j = s.json("GET", f"/api/v1/dossiers/{code}", headers=auth)
            t.eq(st, 200, "and read by the officer: records come from the primary")
            time.sleep(0.5)
            t.eq(total(s), 1, "while the replica is paused, the figures are its own (a moment behind)")
            t.eq(counted(s, auth), before,
                 "and so are the monitoring's values and the index's counts (read from the replica)")

            pgcluster.psql(replica.url("province"), "SELECT pg_wal_replay_resume()")
            t.eq(eventually(lambda: total(s), 2, 20), 2, "once it replays again, the figures catch up")
            after = eventually(lambda: counted(s, auth)[0], 2, 20)
            t.eq(after, 2, "the monitoring too")
            t.ok(counted(s, auth)[1] != before[1], "and the index's counts")
        code, _, err = run("serve", "--db", db, "--read-db", primary.url("nowhere"),
                           "--listen", "127.0.0.1:1")
        t.ok(code != 0 and "nowhere" in err, "a replica that cannot be reached stops the start")
    finally:
        if replica:
            replica.stop()
        primary.stop()
    t.done()


if __name__ == "__main__":
    main()
