"""The 766 index's counts kept per unit and month (migration 016) agree with
a count from scratch (`xaso index766 --check`: the dossier rows counted by
the kept counts and the unsettled dossiers, against DOSSIER_FACTS over every
dossier), on the demo as the demo generator wrote it, and after a random
series of writes straight into the database, as any writer might make them:
filings, transitions (finished on time or late, closed without processing,
reopened), supplement requests, payments, files, ratings, feedback about a
dossier and its removal, a dossier moved to another unit, deletions, and a
procedure whose facts change (paper result, eligibility). Checked for the
year, a quarter, a month and the current quarter (judged now, with the
month under way), for the province and for every unit."""
# also on PostgreSQL in the sanitizer build (they run the back end's own code)
import datetime
import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import Checks, Server, connect, fresh_db, run  # noqa: E402

EPOCH = datetime.date(1970, 1, 1).toordinal()
PERIODS = ("2026", "2026-Q2", "2025-12", "")


def minute(day, hhmm=480):
    return (day.toordinal() - EPOCH) * 1440 + hhmm


def check(t, db, label):
    for period in PERIODS:
        for unit in ("66", None):
            args = ["index766", "--check", "--db", db] + (["--unit", unit] if unit else [])
            args += ["--period", period] if period else []
            code, out, err = run(*args)
            t.ok(code == 0 and "agree" in out,
                 f"{label}: {unit or 'every unit'} {period or 'now'}: {out.strip()} {err.strip()}")


class Writer:
    """Random writes to the dossiers, feedback and procedures of db."""

    def __init__(self, db, rng):
        self.c = connect(db)
        self.rng = rng
        self.units = [r[0] for r in self.c.execute(
            "SELECT DISTINCT unit FROM dossier ORDER BY unit").fetchall()]
        self.procs = [r[0] for r in self.c.execute(
            "SELECT DISTINCT procedure FROM dossier ORDER BY procedure").fetchall()]
        self.received = dict(self.c.execute(
            "SELECT code, received_at FROM dossier WHERE received_at > 0 ORDER BY id DESC "
            "LIMIT 200").fetchall())  # the receipt of the dossiers written to
        self.codes = sorted(self.received)
        self.mine = []  # the dossiers filed here (deletable: nothing refers to them)
        self.n = 0

    def some(self, sql):
        rows = self.c.execute(sql).fetchall()
        return self.rng.choice(rows)[0] if rows else None

    def any_dossier(self):
        if self.mine and self.rng.random() < 0.5:
            return self.rng.choice(self.mine)
        return self.rng.choice(self.codes)

    def day(self):
        return datetime.date(2025, 11, 1) + datetime.timedelta(self.rng.randrange(400))

    def file(self):
        self.n += 1
        d = self.day()
        code = f"{self.rng.choice(self.units)}-K{self.n:05d}"
        received = minute(d) if self.rng.random() < 0.9 else 0
        self.c.execute(
            "INSERT INTO dossier(code, unit, procedure, channel, status, applicant_name, "
            "submitted_at, received_at, due_at, identity_source, fee_due) "
            "VALUES (?, ?, ?, ?, ?, 'Người nộp', ?, ?, ?, ?, ?)",
            (code, self.rng.choice(self.units), self.rng.choice(self.procs),
             self.rng.choice((1, 2, 3)), 2 if received else 1, minute(d), received,
             received + 7 * 1440 if received else 0, self.rng.choice((0, 0, 1, 2)),
             self.rng.choice((0, 1))))
        self.mine.append(code)
        self.received[code] = received or minute(d)

    def finish(self, code):
        fin = self.received.get(code) or minute(self.day())
        fin += self.rng.randrange(1, 60 * 1440)
        status = self.rng.choice((9, 10, 7, 8))
        self.c.execute("UPDATE dossier SET status = ?, finished_at = ?, on_time = ?, is_open = ?, "
                       "overdue_from = 0 WHERE code = ?",
                       (status, fin, self.rng.choice((0, 1, None)), int(status == 8), code))

    def step(self):
        code = self.any_dossier()
        r = self.rng.randrange(14)
        if r < 3 or not code:
            self.file()
        elif r == 3:
            self.finish(code)
        elif r == 4:  # closed without processing, or reopened
            self.c.execute("UPDATE dossier SET status = ?, is_open = ?, finished_at = 0, "
                           "on_time = NULL WHERE code = ?",
                           (3, 0, code) if self.rng.random() < 0.5 else (4, 1, code))
        elif r == 5:  # a supplement request, maybe overdue
            self.c.execute("UPDATE dossier SET status = 5, supplement_count = supplement_count "
                           "+ 1, overdue_from = CASE WHEN finished_at = 0 THEN due_at + 1 "
                           "ELSE 0 END WHERE code = ?", (code,))
        elif r == 6:
            self.c.execute("UPDATE dossier SET fee_due = 1, paid_online = ? WHERE code = ?",
                           (self.rng.choice((0, 1)), code))
        elif r == 7:
            self.c.execute("UPDATE dossier SET has_document = ?, has_result = ?, has_reused = ? "
                           "WHERE code = ?", (self.rng.choice((0, 1)), self.rng.choice((0, 1)),
                                              self.rng.choice((0, 1)), code))
        elif r == 8:
            self.c.execute("UPDATE dossier SET rating = ? WHERE code = ?",
                           (self.rng.choice((0, 1, None)), code))
        elif r == 9:
            self.c.execute("INSERT INTO feedback(unit, dossier_code, content, created_at, "
                           "refuse_by, supplement_by, answer_by) VALUES (?, ?, 'Phản ánh', ?, "
                           "?, ?, ?)", (self.rng.choice(self.units), code, minute(self.day()),
                                        0, 0, 0))
        elif r == 10:
            fid = self.some("SELECT id FROM feedback WHERE dossier_code <> '' ORDER BY id DESC "
                            "LIMIT 50")
            if fid is not None:
                self.c.execute("DELETE FROM feedback WHERE id = ?", (fid,))
        elif r == 11:
            self.c.execute("UPDATE dossier SET unit = ? WHERE code = ?",
                           (self.rng.choice(self.units), code))
        elif r == 12 and self.mine:
            gone = self.mine.pop(self.rng.randrange(len(self.mine)))
            self.c.execute("DELETE FROM dossier WHERE code = ?", (gone,))
        else:
            self.c.execute("UPDATE dossier SET channel = ?, identity_source = ? WHERE code = ?",
                           (self.rng.choice((1, 2, 3)), self.rng.choice((0, 1, 2)), code))

    def procedure_change(self):
        p = self.rng.choice(self.procs)
        self.c.execute("UPDATE procedure SET paper_result = 1 - paper_result, "
                       "full_online_eligible = 1 - full_online_eligible WHERE code = ?", (p,))

    def commit(self):
        self.c.commit()


def main():
    t = Checks()
    work = Server(init=False).dir
    db = fresh_db(work, "kept.db")
    run("demo", "--db", db, "--scale", "0.01", check=True)
    check(t, db, "the demo as generated")

    seed = int(os.environ.get("XASO_SEED", "766"))
    w = Writer(db, random.Random(seed))
    for i in range(160):
        w.step()
        if i == 80:
            w.procedure_change()
    w.procedure_change()
    w.commit()
    t.ok(len(w.mine) > 20, f"the random writes filed dossiers (seed {seed})")
    check(t, db, f"after random writes (seed {seed})")
    t.done()


if __name__ == "__main__":
    main()
