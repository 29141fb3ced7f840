#!/usr/bin/env bash
# A GFM table renders as a plain table in MuPDF and in Chromium (issue 15, point 8): MuPDF
# (1.21) showed an extra empty column between every two columns and doubled row lines, with
# rules through the text; MuPDF 1.25 (Debian 13) draws no row borders at all, so the rules are
# the cells' (issue 27). Both engines draw the rules as filled rectangles, which
# `mutool draw -F trace` lists (for Chromium: of its --print-to-pdf output). Checked, in
# whichever MuPDF is installed (1.21 on Debian 12, 1.25 on Debian 13):
#  - the horizontal rules: one above the table, one under each row (the last is the table's
#    bottom), never two at one row boundary;
#  - each rule is unbroken across the table's text, from its first column to its last (no gaps
#    between cells, as border-spacing leaves in MuPDF 1.25);
#  - the vertical rules: none, or one at each column boundary (columns + 1), never a narrow
#    extra column;
#  - no rule crosses a line of the table's text (from `mutool draw -F stext`).
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool mutool "apt-get install mupdf-tools"
require_tool python3 "apt-get install python3"
[[ -x "$EP_CHROMIUM" ]] || fail "$EP_CHROMIUM missing (apt-get install chromium)"
make_workdir

cat >"$WORK/t.md" <<'MD'
---
title: Table
lang: en
---

Text before.

| Name | Centre | Value |
|:-----|:------:|------:|
| one | a | 1 |
| two | b | 22 |
| three | c | 333 |

Text after.
MD
ROWS=4 COLS=3
epubpack_build "$WORK/t.md" -o "$WORK/t.epub" >/dev/null
mkdir "$WORK/x"
(cd "$WORK/x" && unzip -q ../t.epub)
grep -q '<table>' "$WORK/x/EPUB/text/ch001.xhtml" || fail "no <table> in ch001.xhtml"

# MuPDF lays out the EPUB itself; Chromium the extracted chapter with its stylesheet and fonts.
mutool draw -q -F trace -o "$WORK/mupdf.trace" "$WORK/t.epub" 1 2>/dev/null
mutool draw -q -F stext -o "$WORK/mupdf.stext" "$WORK/t.epub" 1 2>/dev/null
timeout 120 "$EP_CHROMIUM" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$WORK/chromium.pdf" "file://$WORK/x/EPUB/text/ch001.xhtml" >/dev/null 2>&1 ||
    fail "chromium could not print ch001.xhtml"
mutool draw -q -F trace -o "$WORK/chromium.trace" "$WORK/chromium.pdf" 1 2>/dev/null
mutool draw -q -F stext -o "$WORK/chromium.stext" "$WORK/chromium.pdf" 1 2>/dev/null

for engine in mupdf chromium; do
    python3 - "$WORK/$engine.trace" "$WORK/$engine.stext" "$engine" "$ROWS" "$COLS" <<'PY' ||
import sys
import xml.etree.ElementTree as ET

trace, stext, engine, rows, cols = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])

def merged(values, tol=1.5):
    out = []
    for v in sorted(values):
        if not out or v - out[-1][-1] > tol:
            out.append([v])
        else:
            out[-1].append(v)
    return [sum(g) / len(g) for g in out]

horizontal, vertical = [], []
for el in ET.parse(trace).iter():
    if el.tag not in ("fill_path", "stroke_path"):
        continue
    a, b, c, d, e, f = (float(t) for t in el.get("transform", "1 0 0 1 0 0").split())
    pts = [(float(p.get("x")), float(p.get("y"))) for p in el if p.tag in ("moveto", "lineto")]
    if not pts:
        continue
    xs = [a * x + c * y + e for x, y in pts]
    ys = [b * x + d * y + f for x, y in pts]
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    if h <= 2.5 < w:
        horizontal.append(((min(ys) + max(ys)) / 2, min(xs), max(xs)))
    elif w <= 2.5 < h:
        vertical.append(((min(xs) + max(xs)) / 2, min(ys), max(ys)))

hy = merged([y for y, _, _ in horizontal])
# The spans each rule covers, its segments joined when they touch or overlap (1 pt of slack).
def covered(y0):
    out = []
    for x0, x1 in sorted((a, b) for y, a, b in horizontal if abs(y - y0) <= 1.5):
        if out and x0 <= out[-1][1] + 1.0:
            out[-1][1] = max(out[-1][1], x1)
        else:
            out.append([x0, x1])
    return out
vx = merged([x for x, _, _ in vertical])
print("  %s: horizontal rules at y=%s; vertical rules at x=%s" % (
    engine, [round(y, 1) for y in hy], [round(x, 1) for x in vx]))
bad = []
if len(hy) != rows + 1:
    bad.append("%d horizontal rules, expected %d (one above, one under each of %d rows)" % (len(hy), rows + 1, rows))
if len(vx) not in (0, cols + 1):
    bad.append("%d vertical rules, expected none or %d for %d columns" % (len(vx), cols + 1, cols))
# The table's text: the lines between the first and last rule.
if hy:
    top, bottom = hy[0], hy[-1]
    left, right = None, None
    for line in ET.parse(stext).iter("line"):
        x0, y0, x1, y1 = (float(t) for t in line.get("bbox").split())
        text = "".join(ch.get("c", "") for ch in line.iter("char"))
        if y1 < top or y0 > bottom:
            continue
        left = x0 if left is None else min(left, x0)
        right = x1 if right is None else max(right, x1)
        for y in hy:
            if y0 + 2 < y < y1 - 2:
                bad.append("a rule at y=%.1f crosses the text '%s' (%.1f..%.1f)" % (y, text, y0, y1))
    if left is None:
        bad.append("no text between the first and the last rule")
    else:
        for y in hy:
            spans = covered(y)
            if not any(a <= left + 1.0 and b >= right - 1.0 for a, b in spans):
                bad.append("the rule at y=%.1f does not run unbroken under the table's text "
                           "(%.1f..%.1f): %s" % (y, left, right,
                                                 [(round(a, 1), round(b, 1)) for a, b in spans]))
for b in bad:
    print("  %s: %s" % (engine, b), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
        fail "$engine does not render the table as a plain table"
done
note "the table renders as a plain table in MuPDF and Chromium"
