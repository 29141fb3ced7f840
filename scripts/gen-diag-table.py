#!/usr/bin/env python3
"""The table of diagnostic IDs in man/man1/epubpack.1 ("DIAGNOSTICS"), generated from the one
list of them, src/util/diag.c, between the lines `.\\" BEGIN diag-ids` and `.\\" END diag-ids`.

    scripts/gen-diag-table.py          rewrite the man page's table
    scripts/gen-diag-table.py --check  fail when the man page's table is not the list's
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
source = root / "src/util/diag.c"
page = root / "man/man1/epubpack.1"
SEVERITY = {"FATAL": "fatal", "ERROR": "error", "WARNING": "warning", "USAGE": "usage", "INFO": "info"}


def rows():
    text = source.read_text()
    row = re.compile(r'\[EPI_DIAG_\w+\]\s*=\s*\{\s*"([^"]+)",\s*EP_SEV_(\w+),\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\}')
    found = []
    for m in row.finditer(text):
        what = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(3)))
        found.append((m.group(1), SEVERITY[m.group(2)], what))
    if not found:
        sys.exit(f"{source}: no rows found")
    return sorted(found)


def roff(s):
    return s.replace("\\", "\\e").replace("-", "\\-").replace("'", "\\(aq")


def table():
    out = ['.\\" BEGIN diag-ids: generated from src/util/diag.c by scripts/gen-diag-table.py; do not edit',
           ".PP",
           "The IDs of epubpack's own warnings and findings (the checker's others are epubcheck's),",
           "with the severity each is reported at:"]
    for ident, sev, what in rows():
        out += [".TP", f'.BR {roff(ident)} " ({sev})"', roff(what[0].upper() + what[1:]) + "."]
    out.append('.\\" END diag-ids')
    return "\n".join(out) + "\n"


def main():
    text = page.read_text()
    m = re.search(r'^\.\\" BEGIN diag-ids.*?^\.\\" END diag-ids\n', text, re.S | re.M)
    if not m:
        sys.exit(f"{page}: no BEGIN diag-ids/END diag-ids lines")
    new = text[: m.start()] + table() + text[m.end():]
    if "--check" in sys.argv[1:]:
        if new != text:
            sys.exit(f"{page}: the table of diagnostic IDs is not src/util/diag.c's: run scripts/gen-diag-table.py")
        print(f"gen-diag-table: {page.name} lists the {len(rows())} IDs of src/util/diag.c")
        return
    page.write_text(new)


main()
