"""Both back ends reach the same logical schema: a fresh `xaso init` on
SQLite and on PostgreSQL, read back from what each database says of itself
(sqlite_master and its pragmas; PostgreSQL's catalogs), compared table by
table: columns in order with their types (mapped below), NOT NULL and
whether they have a default, primary keys, unique constraints and indexes
(columns, uniqueness, partial condition).

What differs on purpose, and is mapped here:
  - types: SQLite's INTEGER is bigint, integer or smallint; REAL is double
    precision; TEXT is text;
  - partitioned tables (dossier, audit, by year): PostgreSQL adds the
    partition key to every unique key; it is taken out again to compare;
  - PostgreSQL's own bookkeeping table xaso_schema (SQLite keeps the
    version in PRAGMA user_version) and the partitions themselves.
"""
# also on PostgreSQL in the sanitizer build (they run the back end's own code)
# only on PostgreSQL
import os
import re
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import pgcluster  # noqa: E402
from harness import Checks, run  # noqa: E402

TYPES = {"INTEGER": {"bigint", "integer", "smallint"}, "TEXT": {"text"},
         "REAL": {"double precision"}}


def norm_pred(p):
    """A partial index's condition, without parentheses and PostgreSQL's
    casts of literals ('held'::text)."""
    p = re.sub(r"::\w+", "", p or "")
    return re.sub(r"\s+", " ", p.replace("(", "").replace(")", "")).strip().lower() or None


def sqlite_schema(path):
    db = sqlite3.connect(path)
    out = {}
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    for t in tables:
        cols = db.execute(f"PRAGMA table_info('{t}')").fetchall()
        pk = [c[1] for c in sorted((c for c in cols if c[5]), key=lambda c: c[5])]
        int_pk = len(pk) == 1 and any(c[1] == pk[0] and c[2].upper() == "INTEGER" for c in cols)
        columns = [(c[1], c[2].upper(), bool(c[3]) or bool(c[5]),
                    c[4] is not None or (int_pk and c[1] == pk[0])) for c in cols]
        uniques, indexes = set(), set()
        for _, name, unique, origin, partial in db.execute(f"PRAGMA index_list('{t}')"):
            keys = tuple(r[2] for r in db.execute(f"PRAGMA index_info('{name}')"))
            if origin == "u":
                uniques.add(keys)
            elif origin == "c":
                sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
                where = sql.split(" WHERE ", 1)[1] if partial else None
                indexes.add((name, keys, bool(unique), norm_pred(where)))
        out[t] = {"columns": columns, "pk": tuple(pk), "unique": uniques, "indexes": indexes}
    version = db.execute("PRAGMA user_version").fetchone()[0]
    db.close()
    return out, version


PG_TABLES = """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
AND c.relname <> 'xaso_schema'"""
PG_COLUMNS = """SELECT table_name, column_name, data_type, is_nullable = 'NO',
column_default IS NOT NULL OR is_identity = 'YES' FROM information_schema.columns
WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"""
PG_PARTKEYS = """SELECT c.relname, a.attname FROM pg_partitioned_table p
JOIN pg_class c ON c.oid = p.partrelid
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (p.partattrs)"""
PG_INDEXES = """SELECT t.relname, i.relname, ix.indisunique, ix.indisprimary,
EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = ix.indexrelid AND k.contype IN ('u', 'p')),
(SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum),
coalesce(pg_get_expr(ix.indpred, ix.indrelid), '')
FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public' AND NOT t.relispartition"""


def pg_schema(db):
    tables = {r[0] for r in pgcluster.psql(db, PG_TABLES)}
    part = {}
    for t, col in pgcluster.psql(db, PG_PARTKEYS):
        part.setdefault(t, set()).add(col)
    out = {t: {"columns": [], "pk": (), "unique": set(), "indexes": set()} for t in tables}
    for t, col, typ, notnull, default in pgcluster.psql(db, PG_COLUMNS):
        if t in out:
            out[t]["columns"].append((col, typ, notnull == "t", default == "t"))
    for t, name, unique, primary, constraint, cols, pred in pgcluster.psql(db, PG_INDEXES):
        if t not in out:
            continue
        keys = tuple(c for c in cols.split(",") if c not in part.get(t, ()))
        if primary == "t":
            out[t]["pk"] = keys
        elif constraint == "t":
            out[t]["unique"].add(keys)
        else:
            out[t]["indexes"].add((name, keys, unique == "t", norm_pred(pred)))
    version = int(pgcluster.psql(db, "SELECT version FROM xaso_schema")[0][0])
    return out, version, part


def compare(t, lite, pg, label):
    t.eq(sorted(pg), sorted(lite), f"{label}: the same tables")
    for name in sorted(set(lite) & set(pg)):
        a, b = lite[name], pg[name]
        t.eq([c[0] for c in b["columns"]], [c[0] for c in a["columns"]],
             f"{label}: {name}: the same columns in the same order")
        for ca, cb in zip(a["columns"], b["columns"]):
            t.ok(cb[1] in TYPES.get(ca[1], {ca[1].lower()}),
                 f"{label}: {name}.{ca[0]}: type {ca[1]} is {cb[1]} on PostgreSQL")
            t.eq((cb[2], cb[3]), (ca[2], ca[3]), f"{label}: {name}.{ca[0]}: NOT NULL and default")
        t.eq(b["pk"], a["pk"], f"{label}: {name}: primary key")
        t.eq(b["unique"], a["unique"], f"{label}: {name}: unique constraints")
        t.eq(b["indexes"], a["indexes"], f"{label}: {name}: indexes")


def main():
    t = Checks()
    if not pgcluster.state():
        print("this test compares SQLite with PostgreSQL: it runs as integration.pg.test_schema")
        raise SystemExit(1)
    d = tempfile.mkdtemp(prefix="xaso-schema-")
    lite_path = os.path.join(d, "s.db")
    pg_db = pgcluster.url()
    run("init", "--db", lite_path, check=True)
    run("init", "--db", pg_db, check=True)
    lite, lv = sqlite_schema(lite_path)
    pg, pv, part = pg_schema(pg_db)
    t.eq(pv, lv, "the same schema version")
    t.eq(part, {"audit": {"at"}, "dossier": {"submitted_at"}},
         "dossiers and the audit log are partitioned by time")
    _, out, _ = run("version")
    t.eq(lv, int(re.search(r"schema (\d+)", out).group(1)), "both at this binary's newest version")
    compare(t, lite, pg, f"version {lv}")
    t.done()


if __name__ == "__main__":
    main()
