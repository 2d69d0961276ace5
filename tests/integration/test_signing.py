"""Signed results end to end on the real binary (issue 17): certificates from
the demo CA and from a PKCS#12 file a CA made with openssl; an officer
attaches a result, the leader approves it through HTTP, which signs it; the
signed PDF is accepted by pdfsig with the demo CA trusted and a PNG's .p7s
by `openssl cms -verify`, as is the cover page's record; /verify/ID and
`xaso verify` report a tampered PDF (changed bytes: invalid; bytes added:
altered), a tampered record, an expired and a revoked certificate; the
certificate directory serves the PEM files; keys are encrypted at rest."""
# needs: pdfsig certutil openssl sqlite3
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import (Checks, Server, add_user, connect, demo_certs, key_file, login,  # noqa: E402
                     multipart, pdf_document, run)

t = Checks()
PW = "mot-cau-mat-khau-dai-2026"
FORM = {
    "requester_full_name": "Nguyễn Văn An", "requester_pid": "066090000123",
    "requester_relationship": "cha", "child_full_name": "Nguyễn Văn Bình", "child_sex": "nam",
    "child_birth_date": "2026-04-20", "child_birth_place": "Bệnh viện tỉnh Đắk Lắk",
    "child_hometown": "Đắk Lắk", "child_ethnicity": "Kinh", "child_nationality": "Việt Nam",
}
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082")
tmp = tempfile.mkdtemp(prefix="xaso-signing-")


def sh(*cmd, stdin=None):
    p = subprocess.run(cmd, input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace")


def put(name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def cms_ok(p7s, content, ca, *extra):
    return sh("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", p7s, "-content",
              content, "-CAfile", ca, *extra, "-out", "/dev/null")


with Server() as s:
    add_user(s.db, "officer", "canbo.tuyhoa", PW, unit="22015")
    add_user(s.db, "leader", "lanhdao.tuyhoa", PW, unit="22015", name="Lò Văn Thành")
    add_user(s.db, "officer", "canbo.binhkien", PW, unit="22045")
    add_user(s.db, "leader", "lanhdao.binhkien", PW, unit="22045", name="Hà Thị Lan")
    officer, leader = login(s, "canbo.tuyhoa", PW), login(s, "lanhdao.tuyhoa", PW)
    officer2, leader2 = login(s, "canbo.binhkien", PW), login(s, "lanhdao.binhkien", PW)

    def api(method, path, body=None, who=None):
        return s.json(method, path, body, headers=who)

    def upload(data, ctype, who):
        st, _, body = s.request("POST", "/api/v1/blobs", raw=data,
                                headers={**who, "Content-Type": ctype})
        return json.loads(body)["sha256"]

    def processing_dossier(unit, who):
        st, j = api("POST", "/api/v1/dossiers", {
            "unit": unit, "procedure": "1.001193", "form": FORM,
            "applicant": {"name": "Nguyễn Văn An", "pid": "066090000123", "phone": "0912345678",
                          "address": "Thôn 1"}}, who)
        assert st == 201, (st, j)
        api("POST", f"/api/v1/dossiers/{j['code']}/transitions", {"to": 4}, who)
        return j["code"]

    def attach(code, data, ctype, name, who):
        sha = upload(data, ctype, who)
        st, j = api("POST", f"/api/v1/dossiers/{code}/files",
                    {"sha256": sha, "name": name, "kind": "result"}, who)
        assert st == 201, (st, j)
        return sha

    def verify(pid, query=""):
        return api("GET", f"/api/v1/verify/{pid}{query}")

    # ---- certificates: the demo CA, keys at rest, the directory ----
    code, out = demo_certs(s.db, "22015")[:2]
    t.ok("created" in out and "1 seal" in out and "1 personal certificate" in out,
         f"demo-ca: the CA, the unit's seal, its leader's certificate ({out.strip()})")
    code, out, _ = run("certs", "list", "--db", s.db)
    t.ok(re.search(r"seal\s+22015\s+-\s+valid", out)
         and re.search(r"person\s+22015\s+lanhdao.tuyhoa\s+valid", out), "xaso certs list")
    code, out, _ = run("certs", "officials", "--unit", "66", "--db", s.db)
    t.ok(code == 0 and re.search(r"^22015\s+2\s+1\s+50\.0%$", out, re.M)
         and re.search(r"^22045\s+2\s+0\s+0\.0%$", out, re.M)
         and re.search(r"^66\s+4\s+1\s+25\.0%$", out, re.M),
         f"xaso certs officials: officials with a valid certificate per unit\n{out}")
    code, out, _ = run("certs", "officials", "--unit", "22015", "--at", "2020-01-01", "--db", s.db)
    t.ok(code == 0 and "0 units" in out, "none before the accounts existed")
    db = connect(s.db)
    keys = [r[0] for r in db.execute("SELECT key_pem FROM cert WHERE key_pem IS NOT NULL")]
    t.ok(len(keys) == 3 and all(k.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
                                and "BEGIN PRIVATE KEY" not in k for k in keys),
         "every stored private key is encrypted")
    key_path = put("seal-key.pem", keys[1].encode())
    t.eq(sh("openssl", "pkey", "-in", key_path, "-passin", f"file:{key_file(s.db)}", "-noout")[0], 0,
         "the key file opens it, with standard tools")
    t.eq(oct(os.stat(key_file(s.db)).st_mode & 0o777), "0o600", "the key file is the service's only")
    st, _, ca_pem = s.request("GET", "/certs/ca.pem")
    ca = put("ca.pem", ca_pem)
    st2, _, unit_pem = s.request("GET", "/certs/22015.pem")
    st3, _, crl_pem = s.request("GET", "/certs/ca.crl")
    t.ok(st == st2 == st3 == 200 and unit_pem.count(b"BEGIN CERTIFICATE") == 2
         and b"BEGIN X509 CRL" in crl_pem, "ca.pem, the unit's PEM and the CRL are served")
    t.eq(sh("openssl", "verify", "-CAfile", ca, "-purpose", "smimesign",
            put("unit.pem", unit_pem))[0], 0, "the unit's certificate chains to ca.pem")
    st, _, html = s.request("GET", "/certs")
    t.ok(st == 200 and b"Ph\xc6\xb0\xe1\xbb\x9dng Tuy H\xc3\xb2a" in html and b"ca.pem" in html,
         "the directory lists the unit")
    st, j = api("GET", "/api/v1/certs?unit=22015")
    t.ok(st == 200 and j["count"] == 2 and {c["kind"] for c in j["certs"]} == {"seal", "person"}
         and all(c["status"] == "valid" for c in j["certs"]), "GET /api/v1/certs")

    # ---- approving a PDF result signs it ----
    d1 = processing_dossier("22015", officer)
    st, j = api("POST", f"/api/v1/dossiers/{d1}/approve", {}, leader)
    t.eq((st, j["error"]["field"]), (409, "file"), "nothing to sign yet: 409")
    src_sha = attach(d1, pdf_document("Trich luc khai sinh"), "application/pdf", "trich-luc.pdf",
                     officer)
    t.eq(api("POST", f"/api/v1/dossiers/{d1}/approve", {}, officer)[0], 403,
         "an officer does not approve")
    t.eq(api("POST", f"/api/v1/dossiers/{d1}/approve", {}, leader2)[0], 403,
         "another commune's leader does not approve")
    st, j = api("POST", f"/api/v1/dossiers/{d1}/approve", {"note": "Đồng ý"}, leader)
    sig = j.get("signature", {})
    t.ok(st == 200 and j["status"]["code"] == 9 and sig.get("format") == "pades"
         and not sig["seal_alone"] and sig["file"]["name"] == "trich-luc-da-ky.pdf"
         and sig["url"].endswith("/verify/" + sig["id"])
         and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", sig["signed_at"]),
         "the leader's approval signs the PDF")
    pid = sig["id"]
    st, j = api("GET", f"/api/v1/dossiers/{d1}", None, leader)
    t.ok([g["id"] for g in j["signatures"]] == [pid] and sum(f["kind"] == "result"
                                                             for f in j["files"]) == 2,
         "the dossier keeps the attached file, the signed one and the signature")
    st, j = api("POST", f"/api/v1/dossiers/{d1}/approve", {}, leader)
    t.ok(st == 409 and "nothing to approve" in j["error"]["message"], "approved once")
    st, _, signed = s.request("GET", f"/office/dossiers/{d1}/files/{sig['file']['id']}",
                              headers=leader)
    signed_pdf = put("signed.pdf", signed)
    nss = os.path.join(tmp, "nssdb")
    os.mkdir(nss)
    sh("certutil", "-N", "-d", f"sql:{nss}", "--empty-password")
    sh("certutil", "-A", "-d", f"sql:{nss}", "-n", "xaso demo CA", "-t", "C,C,C", "-i", ca)
    code, out = sh("pdfsig", "-nssdir", f"sql:{nss}", signed_pdf)
    t.ok(code == 0 and out.count("Signature is Valid.") == 2
         and out.count("Certificate is Trusted.") == 2 and "Total document signed" in out
         and "Lò Văn Thành" in out and "Phường Tuy Hòa" in out,
         f"pdfsig with the demo CA trusted: the leader's and the seal's signatures valid\n{out}")

    # ---- verifying ----
    st, j = verify(pid)
    t.ok(st == 200 and j["status"] == "valid" and j["record"]["status"] == "valid"
         and j["file"]["status"] == "valid" and j["applicant"] == "*********123"
         and [g["role"] for g in j["file"]["signatures"]] == ["leader", "seal"],
         "/api/v1/verify: record and file valid, leader then seal")
    st, _, body = s.request("GET", f"/verify/{pid}")
    t.ok(st == 200 and b"066090000123" not in body and b"Nguy" not in body
         and b"trich-luc" not in body, "the public page shows no personal data nor file name")
    t.ok(verify(pid, "?sha256=" + j["sha256"])[1]["presented"]["matches"],
         "the signed file's SHA-256 matches")
    t.ok(not verify(pid, "?sha256=" + src_sha)[1]["presented"]["matches"],
         "the unsigned file's does not")
    t.eq(verify("0123456789abcdef")[0], 404, "unknown id: 404")
    t.eq(verify("not-an-id")[0], 400, "malformed id: 400")
    code, out, _ = run("verify", pid, "--db", s.db)
    t.ok(code == 0 and f"result {pid}: valid" in out, "xaso verify ID")
    code, out, _ = run("verify", signed_pdf, "--db", s.db)
    t.ok(code == 0 and "presented file: the signed file" in out, "xaso verify FILE")
    # The cover page's record, checked by openssl.
    _, _, rec = s.request("GET", f"/verify/{pid}/record.txt")
    _, _, rec_p7s = s.request("GET", f"/verify/{pid}/record.p7s")
    rec_path, rec_p7s_path = put("record.txt", rec), put("record.p7s", rec_p7s)
    t.ok(rec.startswith(b"xaso-result-record/1\n") and b"applicant=*********123\n" in rec
         and cms_ok(rec_p7s_path, rec_path, ca)[0] == 0, "openssl cms -verify accepts the record")
    st, _, cover = s.request("GET", f"/verify/{pid}/cover")
    t.ok(st == 200 and b"<svg" in cover and pid.encode() in cover and d1.encode() in cover,
         "the cover page: QR code to /verify/ID, the record")

    # ---- a procedure whose result is not a signed document ----
    csv = put("procedures.csv", "code,name,field,level,time_value,time_unit,fee_vnd,"
              "online_level,source,result_signed\n1.009999,Thủ tục thử không ký,Thử,commune,2,"
              "workday,0,full,,0\n".encode())
    t.eq(run("import", "procedures", csv, "--db", s.db)[0], 0, "a catalogue row with result_signed 0")
    st, j = api("POST", "/api/v1/dossiers", {
        "unit": "22015", "procedure": "1.009999", "form": {},
        "applicant": {"name": "Nguyễn Văn An", "pid": "066090000123", "phone": "0912345678",
                      "address": "Thôn 1"}}, officer)
    plain = j["code"]
    api("POST", f"/api/v1/dossiers/{plain}/transitions", {"to": 4}, officer)
    st, j = api("POST", f"/api/v1/dossiers/{plain}/approve", {}, leader)
    t.ok(st == 409 and "nothing to approve" in j["error"]["message"],
         "nothing to approve where the result is not signed")
    st, j = api("POST", f"/api/v1/dossiers/{plain}/transitions", {"to": 9}, officer)
    t.ok(st == 200 and "signature" not in j, "there the officer marks the result ready")

    # ---- a tampered PDF ----
    flipped = bytearray(signed)
    at = flipped.index(b"Trich luc")
    flipped[at] = ord("X")
    ctype, raw = multipart({}, [("file", "kq.pdf", "application/pdf", bytes(flipped))])
    st, _, page = s.request("POST", f"/verify/{pid}", raw=raw, headers={"Content-Type": ctype})
    t.ok(st == 200 and "Không phải tệp đã được ký" in page.decode()
         and "Không hợp lệ" in page.decode(), "a changed byte: not the signed file, invalid")
    code, out, _ = run("verify", put("flipped.pdf", bytes(flipped)), "--db", s.db)
    t.ok(code == 1 and "file flipped.pdf" not in out and "invalid" in out,
         "xaso verify: the changed PDF is invalid")
    appended = signed + b"\n99 0 obj\n(changed after signing)\nendobj\n"
    ctype, raw = multipart({}, [("file", "kq.pdf", "application/pdf", appended)])
    st, _, page = s.request("POST", f"/verify/{pid}", raw=raw, headers={"Content-Type": ctype})
    t.ok(st == 200 and "Bị sửa sau khi ký" in page.decode(), "bytes added after signing: altered")
    code, out, _ = run("verify", put("appended.pdf", appended), "--db", s.db)
    t.ok(code == 1 and "altered" in out, "xaso verify: altered")

    # ---- a result that is not a PDF: a detached .p7s ----
    d2 = processing_dossier("22015", officer)
    attach(d2, PNG_1X1, "image/png", "anh-ket-qua.png", officer)
    st, j = api("POST", f"/api/v1/dossiers/{d2}/transitions", {"to": 9}, leader)
    pid2 = j.get("signature", {}).get("id", "")
    t.ok(st == 200 and j["signature"]["format"] == "cms", "a PNG result gets a detached signature")
    _, _, p7s = s.request("GET", f"/verify/{pid2}/result.p7s")
    png, p7s_path = put("result.png", PNG_1X1), put("result.p7s", p7s)
    code, out = cms_ok(p7s_path, png, ca)
    t.ok(code == 0 and "Verification successful" in out, "openssl cms -verify accepts the .p7s")
    changed_png = put("changed.png", PNG_1X1[:-1] + b"\x83")
    t.ok(cms_ok(p7s_path, changed_png, ca)[0] != 0, "openssl refuses a changed file")
    code, out, _ = run("verify", png, "--db", s.db)
    t.ok(code == 0 and "the signed file" in out, "xaso verify: the PNG is the one signed")
    code, out, _ = run("verify", changed_png, "--signature", p7s_path, "--db", s.db)
    t.ok(code == 1 and "invalid" in out, "xaso verify: a changed PNG with the .p7s is invalid")
    t.eq(s.request("GET", f"/verify/{pid}/result.p7s")[0], 404, "a PDF has no result.p7s")

    # ---- a tampered record ----
    with db:
        good = db.execute("SELECT record FROM result_signature WHERE public_id = ?",
                          (pid2,)).fetchone()[0]
        db.execute("UPDATE result_signature SET record = ? WHERE public_id = ?",
                   (good.replace("unit=22015", "unit=22045"), pid2))
    st, j = verify(pid2)
    t.ok(st == 200 and j["status"] == "invalid" and j["record"]["status"] == "invalid"
         and j["file"]["status"] == "valid", "a changed record: invalid (the file still valid)")
    code, out, _ = run("verify", pid2, "--db", s.db)
    t.ok(code == 1 and "record: invalid" in out, "xaso verify: the record is invalid")
    t.ok(cms_ok(rec_p7s_path, put("record2.txt", rec.replace(b"unit=22015", b"unit=22045")),
                ca)[0] != 0, "openssl refuses a changed record")
    with db:
        db.execute("UPDATE result_signature SET record = ? WHERE public_id = ?", (good, pid2))

    # ---- expired ----
    code, out, _ = run("verify", pid, "--at", "2099-01-01", "--db", s.db)
    t.ok(code == 1 and f"result {pid}: expired" in out and "expired now" in out,
         "checked years later: the certificates have expired")
    demo_certs(s.db, "22045", "--from", "2020-01-01", "--until", "2021-01-01")
    d3 = processing_dossier("22045", officer2)
    attach(d3, pdf_document("Giay xac nhan"), "application/pdf", "xac-nhan.pdf", officer2)
    st, j = api("POST", f"/api/v1/dossiers/{d3}/approve", {}, leader2)
    t.ok(st == 409 and j["error"]["field"] == "seal", "an expired seal cannot sign: 409")
    t.eq(api("GET", f"/api/v1/dossiers/{d3}", None, leader2)[1]["status"]["code"], 4,
         "nothing half-written: the dossier is still being processed")

    # ---- revoked ----
    leader_cert = db.execute("SELECT c.id FROM cert c JOIN account a ON a.id = c.account "
                             "WHERE a.login = 'lanhdao.tuyhoa'").fetchone()[0]
    code, out, _ = run("certs", "revoke", str(leader_cert), "--reason", "mất thiết bị", "--db",
                       s.db)
    t.ok(code == 0 and "published a new CRL" in out, "xaso certs revoke: the demo CA's new CRL")
    st, j = verify(pid)
    t.ok(j["status"] == "revoked" and [g["status"] for g in j["file"]["signatures"]]
         == ["revoked", "valid"], "the leader's revoked certificate: revoked")
    _, _, crl_pem = s.request("GET", "/certs/ca.crl")
    ca_crl = put("ca+crl.pem", ca_pem + crl_pem)
    t.ok(cms_ok(rec_p7s_path, rec_path, ca_crl, "-crl_check")[0] != 0,
         "openssl with the CRL refuses the record the revoked certificate signed")
    d4 = processing_dossier("22015", officer)
    attach(d4, pdf_document("Trich luc 2"), "application/pdf", "trich-luc-2.pdf", officer)
    st, j = api("POST", f"/api/v1/dossiers/{d4}/approve", {}, leader)
    t.ok(st == 200 and j["signature"]["seal_alone"]
         and verify(j["signature"]["id"])[1]["status"] == "valid",
         "without a valid certificate of the leader's, the seal signs alone")
    t.eq(run("certs", "revoke", str(leader_cert), "--db", s.db)[0], 2, "revoked once")
    code, out, _ = run("certs", "officials", "--unit", "22015", "--db", s.db)
    t.ok(re.search(r"^22015\s+2\s+0\s+0\.0%$", out, re.M),
         "a revoked certificate no longer counts for the officials' figure")

    # ---- a real CA's PKCS#12, its CRL ----
    cnf = put("ca.cnf", b"[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\ncrlnumber=crlnumber\n"
                        b"default_md=sha256\ndefault_crl_days=30\n[v3_seal]\n"
                        b"keyUsage=critical,digitalSignature,nonRepudiation\n"
                        b"extendedKeyUsage=emailProtection\n")
    put("index.txt", b"")
    put("crlnumber", b"01\n")
    os.chdir(tmp)
    sh("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
       "-nodes", "-keyout", "rca.key", "-out", "rca.pem", "-days", "30", "-subj", "/CN=Test CA/C=VN")
    sh("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
       "-keyout", "seal.key", "-out", "seal.csr", "-subj", "/CN=UBND Bình Kiến/C=VN", "-utf8")
    sh("openssl", "x509", "-req", "-in", "seal.csr", "-CA", "rca.pem", "-CAkey", "rca.key",
       "-CAcreateserial", "-out", "seal.pem", "-days", "20", "-extfile", cnf, "-extensions",
       "v3_seal")
    sh("openssl", "pkcs12", "-export", "-inkey", "seal.key", "-in", "seal.pem", "-certfile",
       "rca.pem", "-out", "seal.p12", "-passout", "pass:mat-khau-p12")
    code, out, err = run("certs", "import", "--unit", "22045", "seal.p12", "--db", s.db,
                         stdin="sai-mat-khau\n")
    t.ok(code == 2 and "passphrase" in err, "a wrong PKCS#12 passphrase is refused")
    code, out, _ = run("certs", "import", "--unit", "22045", "seal.p12", "--db", s.db,
                       stdin="mat-khau-p12\n")
    t.ok(code == 0 and "seal of 22045" in out, "xaso certs import: a real CA's seal")
    t.eq(run("certs", "import", "--unit", "22045", "seal.p12", "--db", s.db,
             stdin="mat-khau-p12\n")[0], 2, "imported once")
    st, j = api("POST", f"/api/v1/dossiers/{d3}/approve", {}, leader2)
    pid3 = j.get("signature", {}).get("id", "")
    t.ok(st == 200 and j["signature"]["seal_alone"] and verify(pid3)[1]["status"] == "valid",
         "the imported seal signs, its CA trusted from the PKCS#12 chain")
    sh("openssl", "ca", "-config", cnf, "-keyfile", "rca.key", "-cert", "rca.pem", "-revoke",
       "seal.pem", "-crl_reason", "keyCompromise")
    sh("openssl", "ca", "-config", cnf, "-keyfile", "rca.key", "-cert", "rca.pem", "-gencrl",
       "-out", "real.crl")
    code, out, _ = run("certs", "crl", "real.crl", "--db", s.db)
    t.ok(code == 0 and "1 listed, 1 of the stored certificates revoked" in out,
         f"xaso certs crl: the CA's CRL marks the seal ({out.strip()})")
    t.eq(verify(pid3)[1]["status"], "revoked", "its signature now reads revoked")
    code, out, _ = run("certs", "list", "--unit", "22045", "--db", s.db)
    t.ok(re.search(r"seal\s+22045\s+-\s+revoked", out), "xaso certs list shows it revoked")
    rca = db.execute("SELECT id FROM cert WHERE kind = 'ca' AND common_name = 'Test CA'"
                     ).fetchone()[0]
    t.eq(run("certs", "revoke", str(rca), "--db", s.db)[0], 0, "a CA revoked here")
    t.eq(verify(pid3)[1]["status"], "invalid", "its trust is withdrawn: what it issued is invalid")
    t.eq(verify(pid)[1]["status"], "revoked", "the demo CA's results keep their own verdict")
    db.close()

# ---- the key secret: a passphrase, and a key file others may read ----
with Server() as s2:
    code, out, err = run("certs", "demo-ca", "--unit", "22015", "--db", s2.db,
                         "--passphrase-stdin", stdin="mot cau mat khau rieng\n")
    t.ok(code == 0, f"demo-ca under a passphrase: {err}")
    code, out, _ = run("certs", "list", "--db", s2.db)
    t.ok("key:passphrase" in out and "key:keyfile" not in out, "its keys are kept under it")
    seal = re.search(r"^(\d+)\s+seal", out, re.M).group(1)
    code, _, err = run("certs", "revoke", seal, "--db", s2.db)
    t.ok(code != 0 and "passphrase" in err, "the key file does not open them")
    code, _, err = run("certs", "revoke", seal, "--db", s2.db, "--passphrase-stdin",
                       stdin="mot cau mat khau rieng\n")
    t.eq(code, 0, "the passphrase does")
    os.chmod(key_file(s2.db), 0o644)
    p = subprocess.run([os.environ.get("XASO_BIN", "xaso"), "serve", "--db", s2.db, "--listen",
                        "127.0.0.1:1"], capture_output=True, text=True, timeout=30,
                       env={**os.environ, "XASO_KEY_FILE": key_file(s2.db)})
    t.ok(p.returncode != 0 and "chmod 600" in p.stderr,
         "the server refuses a key file others may read")
    os.chmod(key_file(s2.db), 0o600)
shutil.rmtree(tmp, ignore_errors=True)
t.done()
