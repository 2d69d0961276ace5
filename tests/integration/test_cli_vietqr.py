"""`xaso vietqr` on the real binary: a payload byte for byte, the SVG, the
dossier code in the purpose, decoding and its errors (exit 2 naming the
field at fault)."""
import os
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from harness import Checks, run  # noqa: E402

t = Checks()

# RULES.md section 7: BIN 970415, account 0011001932418, 120000, "ung ho lu lut".
FLOOD = ("00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA53037045406"
         "1200005802VN62170813ung ho lu lut6304C15C")
code, out, err = run("vietqr", "--bin", "970415", "--account", "0011001932418",
                     "--amount", "120000", "--purpose", "ung ho lu lut")
t.eq((code, out.strip()), (0, FLOOD), "a published payload, byte for byte")

d = tempfile.mkdtemp(prefix="xaso-vietqr-")
svg = os.path.join(d, "fee.svg")
code, out, err = run("vietqr", "--bin", "970436", "--account", "0071000123456", "--amount",
                     "120.000", "--code", "66001-260315-0001", "--name", "UBND xã Ea Tu",
                     "--svg", svg)
payload = out.strip()
t.ok(code == 0 and "081766001 260315 0001" in payload, f"--code puts the code in 62-08: {payload}")
t.ok("5913UBND xa Ea Tu" in payload, "the name loses its diacritics")
root = ET.parse(svg).getroot()
title = root.find("{http://www.w3.org/2000/svg}title")
t.ok(root.tag.endswith("svg") and title is not None and "120.000 đồng" in title.text,
     "--svg writes a well-formed SVG with a title")

code, out, err = run("vietqr", "decode", payload)
lines = out.splitlines()
t.eq(code, 0, "xaso decodes its own payload")
t.ok(any(ln.startswith("62-08") and ln.endswith("66001 260315 0001") for ln in lines),
     "decode prints the purpose")
t.ok(any(ln.startswith("54 ") and "(120.000 đồng)" in ln for ln in lines), "decode prints the amount")
t.ok(lines[-1].startswith("63 ") and lines[-1].endswith("(correct)"), "the CRC is checked last")

code, out, err = run("vietqr", "decode", "-", stdin=FLOOD + "\n")
t.ok(code == 0 and "0011001932418" in out, "decode reads standard input")

bad = FLOOD[:-1] + "D"
code, out, err = run("vietqr", "decode", bad)
t.ok(code == 2 and not out and "field 63 (CRC) at byte 117" in err, f"a wrong CRC: {err}")
code, out, err = run("vietqr", "decode", FLOOD.replace("5303704", "5303840"))
t.ok(code == 2 and "field 53 (Transaction Currency) at byte 73" in err, f"not in đồng: {err}")

# Odoo's test payload: a merchant name of 14 characters in 16 bytes.
ODOO = ("00020101021238590010A0000007270129000697042201156607040600001290208QRIBFTTA52040000"
        "530370454031005802VN5914aAeEoOiIuUyYđĐ6007Vietnam62170113INV/TEST/000263046744")
code, out, err = run("vietqr", "decode", ODOO)
t.ok(code == 0 and "aAeEoOiIuUyYđĐ" in out and "not ASCII" in err,
     "lengths in characters; non-ASCII text noted")

for args, what in ((("--bin", "97041", "--account", "1"), "BIN"),
                   (("--bin", "970415", "--account", "1", "--amount", "-5"), "amount"),
                   (("--bin", "970415", "--account", "1", "--purpose", "x" * 26), "25"),
                   (("--bin", "970415", "--account", "1", "--purpose", "a", "--code",
                     "66001-260315-0001"), "not both"),
                   (("--bin", "970415", "--account", "1", "--code", "66001"), "dossier code"),
                   (("--bin", "970415"), "--account"),
                   (("--bni", "970415", "--account", "1"), "unknown option"),
                   (("decode",), "usage"),
                   (("decode", ""), "empty")):
    code, out, err = run("vietqr", *args)
    t.ok(code == 2 and not out and what in err, f"{args} exits 2 naming {what}: {err}")
code, out, _ = run("vietqr", "--help")
t.ok(code == 0 and "decode" in out and "--svg" in out, "vietqr --help")
t.done()
