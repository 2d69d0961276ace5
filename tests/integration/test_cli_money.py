"""`xaso money words|figures` on the real binary: the words a fee receipt
prints, its options, and bad input exiting 2 with a message."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import Checks, run  # noqa: E402

t = Checks()


def money(*args):
    code, out, err = run("money", *args)
    return code, out.strip(), err.strip()


t.eq(money("words", "120000")[:2], (0, "Một trăm hai mươi nghìn đồng"), "the issue's example")
t.eq(money("words", "120.000")[1], "Một trăm hai mươi nghìn đồng", "an amount with grouping dots")
t.eq(money("words", "0")[1], "Không đồng", "zero")
t.eq(money("words", "1005")[1], "Một nghìn không trăm linh năm đồng", "linh, and a group read in full")
t.eq(money("words", "1005", "--le")[1], "Một nghìn không trăm lẻ năm đồng", "--le")
t.eq(money("words", "2000000021", "--ti")[1], "Hai tỉ không trăm hai mươi mốt đồng", "--ti, mốt")
t.eq(money("words", "24015")[1], "Hai mươi tư nghìn không trăm mười lăm đồng", "tư and lăm")
t.eq(money("words", "999999999999")[1],
     "Chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín "
     "nghìn chín trăm chín mươi chín đồng", "the largest amount")
t.eq(money("figures", "120000")[:2], (0, "120.000"), "figures")
t.eq(money("figures", "1234567890")[1], "1.234.567.890", "figures, four groups")
for bad in (("words", "1000000000000"), ("words", "-5"), ("words", "abc"), ("words", "1.5"),
            ("words",), ("words", "5", "--xx"), ("figures", "5", "--le"), ("sum", "5"), ()):
    code, out, err = money(*bad)
    t.ok(code == 2 and err.startswith("xaso: ") and not out, f"bad input {bad} exits 2: {err}")
t.ok("999.999.999.999" in run("money", "words", "1000000000000")[2], "the limit is in the message")
code, out, _ = run("money", "--help")
t.ok(code == 0 and "words" in out and "--le" in out, "money --help")
code, out, _ = run("--help")
t.ok("money" in out and "vietqr" in out, "both commands are listed by xaso --help")
t.done()
