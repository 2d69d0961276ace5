"""Uploads through POST /api/v1/blobs on the real binary: sign-in required,
multipart and bare bodies, content sniffing, deduplication on disk, the
per-route body limit, the --data setting and the audit entries."""
import hashlib
import json
import os
import re
import socket
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Checks, Server, add_user, login, multipart, run  # noqa: E402
from harness import data_dir as data_dir_of  # noqa: E402

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
    "53de0000000c4944415478 9c63f8cfc00000030101 00c9fe92ef0000000049454e44ae426082"
    .replace(" ", ""))
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010101004800480000ffdb004300030202020202"
    "030202020303030304060404040404080606050609080a0a090809090a0c0f"
    "0c0a0b0e0b09090d110d0e0f101011100a0c12131210130f101010ffc9000b"
    "080001000101011100ffcc000600101005ffda0008010100003f00d2cf20ff"
    "d9")
PASSWORD = "Thôn-Ea-Kao-2026!"


def files_under(d):
    found = []
    for root, _, names in os.walk(d):
        found += [os.path.join(root, n) for n in names]
    return sorted(found)


def main():
    t = Checks()
    with Server() as s:
        add_user(s.db, "citizen", "0912345678", PASSWORD)
        auth = login(s, "0912345678", PASSWORD)
        data_dir = s.data_dir

        ct, body = multipart({"ghi_chu": "Bản chụp giấy chứng sinh"},
                             [("file", "giấy chứng sinh.pdf", "application/pdf", PNG)])
        st, _, _ = s.request("POST", "/api/v1/blobs", raw=body, headers={"Content-Type": ct})
        t.eq(st, 401, "upload without signing in")

        st, _, data = s.request("POST", "/api/v1/blobs", raw=body,
                                headers={"Content-Type": ct, **auth})
        j = json.loads(data)
        sha = hashlib.sha256(PNG).hexdigest()
        t.eq(st, 201, "citizen uploads a document")
        t.eq(j, {"sha256": sha, "size": len(PNG), "mime": "image/png"},
             "a PNG named .pdf is stored as a PNG")
        path = os.path.join(data_dir, sha[:2], sha[2:])
        t.ok(os.path.isfile(path) and open(path, "rb").read() == PNG, "file on disk, same bytes")
        t.eq(stat.S_IMODE(os.stat(path).st_mode), 0o600, "file readable by the server only")

        st, _, data = s.request("POST", "/api/v1/blobs", raw=body,
                                headers={"Content-Type": ct, **auth})
        t.ok(st == 201 and json.loads(data)["sha256"] == sha, "same bytes again")
        t.eq(files_under(data_dir), [path], "stored once")

        st, _, data = s.request("POST", "/api/v1/blobs", raw=JPEG,
                                headers={"Content-Type": "image/jpeg", **auth})
        t.ok(st == 201 and json.loads(data)["mime"] == "image/jpeg", f"bare JPEG body: {st} {data}")

        ct2, body2 = multipart({}, [("file", "don.pdf", "application/pdf",
                                     "Đơn đề nghị\n".encode() * 10)])
        st, _, data = s.request("POST", "/api/v1/blobs", raw=body2,
                                headers={"Content-Type": ct2, **auth})
        err = json.loads(data)["error"]
        t.ok(st == 400 and err["field"] == "file" and "PDF, JPEG or PNG" in err["message"],
             f"a text file is refused: {st} {err}")

        ct3, body3 = multipart({}, [("other", "a.png", "image/png", PNG)])
        st, _, data = s.request("POST", "/api/v1/blobs", raw=body3,
                                headers={"Content-Type": ct3, **auth})
        t.ok(st == 400 and json.loads(data)["error"]["field"] == "file", "no field named file")

        # 10 MB is the limit per file: one byte more is refused by the form
        # parser (413 naming the field); a body beyond the route's limit is
        # refused from its Content-Length before it is read.
        big = b"%PDF-1.4\n" + b" " * (10 * 1024 * 1024 - 9 - 6) + b"%%EOF\n"
        ct4, body4 = multipart({}, [("file", "lon.pdf", "application/pdf", big)])
        st, _, data = s.request("POST", "/api/v1/blobs", raw=body4,
                                headers={"Content-Type": ct4, **auth})
        t.ok(st == 201 and json.loads(data)["size"] == 10 * 1024 * 1024,
             f"exactly 10 MB is accepted: {st}")
        ct5, body5 = multipart({}, [("file", "lon.pdf", "application/pdf", big + b"x")])
        st, _, data = s.request("POST", "/api/v1/blobs", raw=body5,
                                headers={"Content-Type": ct5, **auth})
        err = json.loads(data)["error"]
        t.ok(st == 413 and err["field"] == "file", f"10 MB + 1 byte is 413: {st} {err}")
        st, _, data = s.request("POST", "/api/v1/blobs", raw=b"x" * (11 * 1024 * 1024),
                                headers={"Content-Type": "application/pdf", **auth})
        t.eq(st, 413, "body over the route's limit")

        # The declared length is judged before any of the body is sent: a
        # client that waits for "100 Continue" gets the 413 instead.
        with socket.create_connection(("127.0.0.1", s.port), timeout=10) as sk:
            sk.sendall(b"POST /api/v1/blobs HTTP/1.1\r\nHost: x\r\n"
                       b"Authorization: " + auth["Authorization"].encode() + b"\r\n"
                       b"Content-Type: application/pdf\r\nExpect: 100-continue\r\n"
                       b"Content-Length: 20000000\r\n\r\n")
            first = sk.recv(200)
        t.ok(first.startswith(b"HTTP/1.1 413"), f"413 before the body is sent: {first[:40]!r}")
        # No credentials at all: 401 before the body is sent.
        with socket.create_connection(("127.0.0.1", s.port), timeout=10) as sk:
            sk.sendall(b"POST /api/v1/blobs HTTP/1.1\r\nHost: x\r\n"
                       b"Content-Type: application/pdf\r\nExpect: 100-continue\r\n"
                       b"Content-Length: 5000000\r\n\r\n")
            first = sk.recv(200)
        t.ok(first.startswith(b"HTTP/1.1 401"), f"401 before the body is sent: {first[:40]!r}")
        # Without a declared length (chunked), the limit applies while the
        # body arrives.
        with socket.create_connection(("127.0.0.1", s.port), timeout=30) as sk:
            sk.sendall(b"POST /api/v1/blobs HTTP/1.1\r\nHost: x\r\n"
                       b"Authorization: " + auth["Authorization"].encode() + b"\r\n"
                       b"Content-Type: application/pdf\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = b"%x\r\n" % (1 << 20) + b"x" * (1 << 20) + b"\r\n"
            try:
                for _ in range(11):
                    sk.sendall(chunk)
                sk.sendall(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            reply = sk.recv(200)
        t.ok(reply.startswith(b"HTTP/1.1 413"), f"chunked body over the limit: {reply[:40]!r}")

        # A page's upload form: session cookie, CSRF token in a form field.
        st, hdrs, data = s.request("POST", "/api/v1/login",
                                   {"login": "0912345678", "password": PASSWORD})
        sess = re.search(r"xaso_session=([^;]+)", hdrs.get("Set-Cookie", "")).group(1)
        csrf = json.loads(data)["csrf"]
        cookie = {"Cookie": "xaso_session=" + sess}
        ct6, body6 = multipart({"csrf": csrf}, [("file", "anh.jpg", "image/jpeg", JPEG)])
        st, _, data = s.request("POST", "/api/v1/blobs", raw=body6,
                                headers={"Content-Type": ct6, **cookie})
        t.ok(st == 201 and json.loads(data)["mime"] == "image/jpeg",
             f"cookie upload with the CSRF field: {st} {data}")
        ct7, body7 = multipart({"csrf": "x" * len(csrf)}, [("file", "anh.jpg", "image/jpeg", JPEG)])
        st, _, data = s.request("POST", "/api/v1/blobs", raw=body7,
                                headers={"Content-Type": ct7, **cookie})
        t.ok(st == 403 and json.loads(data)["error"]["field"] == "csrf",
             "cookie upload with a wrong CSRF field refused")
        ct8, body8 = multipart({}, [("file", "anh.jpg", "image/jpeg", JPEG)])
        st, _, _ = s.request("POST", "/api/v1/blobs", raw=body8,
                             headers={"Content-Type": ct8, **cookie})
        t.eq(st, 403, "cookie upload without the CSRF field refused")

        code, out, _ = run("audit", "list", "--db", s.db, "--limit", "50")
        t.ok(code == 0 and out.count("blob.put") == 5, "one audit entry per stored upload")
        t.ok("giấy" not in out and "chứng sinh" not in out, "no file names in the audit log")
        _, _, err = s.stop()
        t.ok("giấy" not in err and "chứng sinh" not in err, "no file names in the log")

    # The operator's check after a restore.
    code, out, _ = run("files", "check", "--db", s.db)
    t.ok(code == 0 and "3 files checked" in out and "0 missing, 0 damaged" in out,
         f"files check on an intact directory: {code} {out}")
    jpeg_path = os.path.join(data_dir, hashlib.sha256(JPEG).hexdigest()[:2],
                             hashlib.sha256(JPEG).hexdigest()[2:])
    with open(path, "r+b") as f:
        f.seek(20)
        f.write(b"\xff")
    os.unlink(jpeg_path)
    code, out, _ = run("files", "check", "--db", s.db)
    t.ok(code == 1 and "1 missing, 1 damaged" in out and "missing: " + jpeg_path in out
         and "damaged: " + path + " has other content" in out, f"files check finds damage: {out}")
    # Files no row names: an interrupted upload's temporary file, a complete
    # file whose row was never committed, and a stranger.
    tmp = os.path.join(data_dir, "ab", ".tmp-Xy12ab")
    orphan = os.path.join(data_dir, "ab", "c" * 62)
    os.makedirs(os.path.dirname(tmp), exist_ok=True)
    for p in (tmp, orphan, os.path.join(data_dir, "notes.txt")):
        with open(p, "wb") as f:
            f.write(b"x")
    code, out, _ = run("files", "check", "--db", s.db)
    t.ok("2 leftover, 1 unexpected" in out and "leftover: " + tmp in out
         and "leftover: " + orphan in out and "unexpected: " + os.path.join(data_dir, "notes.txt")
         in out, f"files check lists strays: {out}")

    # Where the files are looked for: --data, then XASO_DATA, then the
    # config file's data, then the database path + ".files" (PostgreSQL
    # has no default: the test gives XASO_DATA unless the call does).
    _, out, _ = run("files", "check", "--db", s.db, env={"XASO_DATA": "/nonexistent/env"})
    t.ok("in /nonexistent/env:" in out, "XASO_DATA")
    _, out, _ = run("files", "check", "--db", s.db, "--data", "/nonexistent/flag",
                    env={"XASO_DATA": "/nonexistent/env"})
    t.ok("in /nonexistent/flag:" in out, "--data wins over XASO_DATA")

    # --data puts the files elsewhere.
    other = os.path.join(s.dir, "tep-dinh-kem")
    with Server(extra=["--data", other]) as s2:
        add_user(s2.db, "citizen", "0912345678", PASSWORD)
        auth = login(s2, "0912345678", PASSWORD)
        st, _, _ = s2.request("POST", "/api/v1/blobs", raw=PNG,
                              headers={"Content-Type": "image/png", **auth})
        sha = hashlib.sha256(PNG).hexdigest()
        t.ok(st == 201 and os.path.isfile(os.path.join(other, sha[:2], sha[2:])),
             "--data DIR holds the files")
        t.ok(not os.path.exists(data_dir_of(s2.db)), "nothing in the default directory")
    t.done()


if __name__ == "__main__":
    main()
