#!/usr/bin/env bash
# Issue 7: the two-article fixture tests/fixtures/reader-book (cover, a figure with alt text,
# footnotes in both chapters, links between the chapters, a series, per-article bylines):
# epubcheck 0/0, epubcheck-ts 0/0, Ace pass; footnote marks 1..4 through the book; the
# cross-chapter links resolve; the cover is declared both ways and is page 1 in MuPDF;
# `notes: endnotes` gives one notes file linked both ways; a fake PNG is an error; a missing
# alt is a warning and drops the alternativeText claim; a small cover is a warning.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool unzip "apt-get install unzip"
require_tool python3 "apt-get install python3"
require_tool mutool "apt-get install mupdf-tools"
make_workdir

FIXTURE="$EP_SOURCE_DIR/tests/fixtures/reader-book"
EPUBCHECK_TS="$EP_SOURCE_DIR/tests/tools/node_modules/.bin/epubcheck-ts"

# epubcheck_ts_clean EPUB — the TypeScript port (EPUB 3.3 rules) must say 0 errors 0 warnings.
epubcheck_ts_clean() {
    local out rc=0
    [[ -x "$EPUBCHECK_TS" ]] ||
        fail "epubcheck-ts missing at $EPUBCHECK_TS (npm install --prefix tests/tools)"
    out=$("$EPUBCHECK_TS" "$1" 2>&1) || rc=$?
    if ! grep -Eq '^ *Errors: +0$' <<<"$out" || ! grep -Eq '^ *Warnings: +0$' <<<"$out" ||
        [[ $rc -ne 0 ]]; then
        printf '%s\n' "$out" >&2
        fail "epubcheck-ts on $(basename "$1") is not 0 errors / 0 warnings (exit $rc)"
    fi
    note "epubcheck-ts: 0 errors, 0 warnings"
}

# ---------- footnotes at the end of each chapter ----------
"$EPUBPACK" build "$FIXTURE" -o "$WORK/book.epub" 2>"$WORK/build.err" ||
    { cat "$WORK/build.err" >&2; fail "epubpack build of the fixture failed"; }
[[ ! -s "$WORK/build.err" ]] || { cat "$WORK/build.err" >&2; fail "the fixture built with warnings"; }
epubcheck_ts_clean "$WORK/book.epub"
ace_pass "$WORK/book.epub" "$WORK/ace-foot"

mkdir "$WORK/x"
unzip -q "$WORK/book.epub" -d "$WORK/x"
python3 - "$WORK/x/EPUB" <<'PY' || fail "reader features missing from the package (see above)"
import os, re, sys
import xml.etree.ElementTree as ET
X = "{http://www.w3.org/1999/xhtml}"
E = "{http://www.idpf.org/2007/ops}"
O = "{http://www.idpf.org/2007/opf}"
root = sys.argv[1]
bad = []
def load(rel):
    return ET.parse(os.path.join(root, rel)).getroot()
opf = load("package.opf")
items = {i.get("id"): i for i in opf.iter(O + "item")}
hrefs = {i.get("href"): i for i in opf.iter(O + "item")}
spine = [r.get("idref") for r in opf.iter(O + "itemref")]
chapters = [items[i].get("href") for i in spine if items[i].get("href").startswith("text/ch")]
docs = {h: load(h) for h in chapters}

# footnote marks read 1, 2, 3, 4 through the book; no element inside the link
marks = []
for h in chapters:
    for a in docs[h].iter(X + "a"):
        if a.get(E + "type") == "noteref":
            marks.append(a.text)
            if len(a) or a.get("role") != "doc-noteref":
                bad.append("noteref %s in %s has a child element or no role" % (a.text, h))
            if a.get("href") != "#fn-%s" % a.text or a.get("id") != "fnref-%s" % a.text:
                bad.append("noteref %s: href=%s id=%s" % (a.text, a.get("href"), a.get("id")))
if marks != ["1", "2", "3", "4"]:
    bad.append("footnote marks read %s, expected 1 2 3 4 across both chapters" % marks)
for h in chapters:
    for aside in docs[h].iter(X + "aside"):
        first = next(aside.iter(X + "a"), None)
        n = aside.get("id", "")[3:]
        if aside.get(E + "type") != "footnote" or aside.get("role") != "doc-footnote":
            bad.append("aside %s in %s is not a footnote" % (aside.get("id"), h))
        if first is None or first.get("role") != "doc-backlink" or first.get("href") != "#fnref-" + n:
            bad.append("note %s in %s does not start with its back-link" % (n, h))

# links between the chapters resolve to an existing id
ids = {h: {e.get("id") for e in d.iter() if e.get("id")} for h, d in docs.items()}
cross = 0
for h, d in docs.items():
    for a in d.iter(X + "a"):
        m = re.fullmatch(r"(ch\d{3}\.xhtml)#(.+)", a.get("href") or "")
        if m:
            cross += 1
            if m.group(2) not in ids.get("text/" + m.group(1), ()):
                bad.append("link %s in %s does not resolve" % (a.get("href"), h))
if cross < 2:
    bad.append("expected a link each way between the chapters, found %d" % cross)

# figure with img (alt) and figcaption
figs = [f for d in docs.values() for f in d.iter(X + "figure")]
if not figs or figs[0].find(X + "img") is None or not figs[0].find(X + "img").get("alt") \
        or figs[0].find(X + "figcaption") is None:
    bad.append("no <figure> with an <img alt> and a <figcaption>")

# bylines under each article's heading, the toc nests the articles' headings
for h, d in docs.items():
    body = d.find(X + "body")
    kids = list(body)
    if len(kids) < 2 or kids[0].tag != X + "h1" or kids[1].get("class") != "byline":
        bad.append("%s does not start with <h1> then <p class=byline>" % h)
nav = load("nav.xhtml")
toc = next(n for n in nav.iter(X + "nav") if n.get(E + "type") == "toc")
top = toc.find(X + "ol").findall(X + "li")
if len(top) != 2 or any(li.find(X + "ol") is None for li in top):
    bad.append("the toc does not nest each article's headings under its title")

# the cover, declared both ways, a cover page first in the spine and as a landmark
cover = [i for i in items.values() if "cover-image" in (i.get("properties") or "").split()]
metas = [m for m in opf.iter(O + "meta") if m.get("name") == "cover"]
if len(cover) != 1 or len(metas) != 1 or metas[0].get("content") != cover[0].get("id"):
    bad.append("cover: properties=cover-image item and <meta name=cover> do not agree")
if not spine or items[spine[0]].get("href") != "text/cover.xhtml":
    bad.append("the first spine item is %s, not the cover page" % (spine[:1],))
else:
    cp = load("text/cover.xhtml")
    body = cp.find(X + "body")
    img = next(cp.iter(X + "img"), None)
    if body.get(E + "type") != "cover" or img is None or \
            img.get("src") != "../" + cover[0].get("href") or "100%" not in (img.get("style") or ""):
        bad.append("the cover page is not an epub:type=cover page scaling the cover image")
marks = {a.get(E + "type"): a.get("href") for n in nav.iter(X + "nav")
         if n.get(E + "type") == "landmarks" for a in n.iter(X + "a")}
if marks.get("cover") != "text/cover.xhtml" or marks.get("titlepage") != "text/title.xhtml":
    bad.append("landmarks cover/titlepage: %s" % marks)
if len(spine) < 2 or items[spine[1]].get("href") != "text/title.xhtml":
    bad.append("the title page is not second in the spine")
else:
    text = "".join(load("text/title.xhtml").itertext())
    for want in ("Записки о типографике", "Две статьи", "Анна Сергеевна Котова",
                 "Издательство «Пример»", "12\u00a0марта 2024\u00a0г."):
        if want not in text:
            bad.append("title page lacks %r" % want)

# series, both ways
props = {m.get("property"): m.text for m in opf.iter(O + "meta") if m.get("property")}
names = {m.get("name"): m.get("content") for m in opf.iter(O + "meta") if m.get("name")}
if props.get("belongs-to-collection") != "Библиотека вёрстки" or props.get("group-position") != "2" \
        or names.get("calibre:series") != "Библиотека вёрстки" or names.get("calibre:series_index") != "2":
    bad.append("series metadata: %s / %s" % (props, names))
if "alternativeText" not in [m.text for m in opf.iter(O + "meta")
                             if m.get("property") == "schema:accessibilityFeature"]:
    bad.append("every image has alt text but alternativeText is not claimed")
for b in bad:
    print("  " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
note "footnotes 1-4 through the book, links, figure, bylines, nested toc, cover, title page, series"

# MuPDF: page 1 is the cover, all image and no text.
mutool draw -q -F stext -o "$WORK/p1.stext" "$WORK/book.epub" 1 2>/dev/null ||
    fail "mutool could not lay out page 1"
if grep -q '<char' "$WORK/p1.stext"; then
    fail "MuPDF's page 1 has text; expected the cover image alone"
fi
mutool draw -q -c gray -r 48 -o "$WORK/p1.pgm" "$WORK/book.epub" 1 2>/dev/null ||
    fail "mutool could not render page 1"
python3 - "$WORK/p1.pgm" <<'PY' || fail "MuPDF's page 1 is not mostly the cover image"
import sys
data = open(sys.argv[1], "rb").read()
# binary PGM: P5 <w> <h> <max> then one byte per pixel
parts = data.split(maxsplit=4)
w, h = int(parts[1]), int(parts[2])
px = parts[4][-w * h:]
dark = sum(1 for b in px if b < 200)
share = dark / float(w * h)
print("  page 1: %dx%d px, %.0f%% covered by the (dark) cover" % (w, h, 100 * share))
sys.exit(0 if share > 0.5 else 1)
PY
note "MuPDF renders the cover as page 1"

# ---------- notes: endnotes ----------
cp -r "$FIXTURE" "$WORK/end"
printf 'notes: endnotes\n' >>"$WORK/end/book.yaml"
epubpack_build "$WORK/end" -o "$WORK/end.epub" >/dev/null
epubcheck_ts_clean "$WORK/end.epub"
ace_pass "$WORK/end.epub" "$WORK/ace-end"
mkdir "$WORK/y"
unzip -q "$WORK/end.epub" -d "$WORK/y"
python3 - "$WORK/y/EPUB" <<'PY' || fail "endnotes are not one linked notes file (see above)"
import os, sys
import xml.etree.ElementTree as ET
X = "{http://www.w3.org/1999/xhtml}"
E = "{http://www.idpf.org/2007/ops}"
O = "{http://www.idpf.org/2007/opf}"
root = sys.argv[1]
bad = []
opf = ET.parse(os.path.join(root, "package.opf")).getroot()
items = {i.get("id"): i.get("href") for i in opf.iter(O + "item")}
spine = [items[r.get("idref")] for r in opf.iter(O + "itemref")]
if "text/notes.xhtml" not in spine:
    bad.append("notes.xhtml is not in the spine: %s" % spine)
nav = ET.parse(os.path.join(root, "nav.xhtml")).getroot()
if not any((a.get("href") or "").startswith("text/notes.xhtml") for a in nav.iter(X + "a")):
    bad.append("notes.xhtml is not in the toc")
notes = ET.parse(os.path.join(root, "text/notes.xhtml")).getroot()
sec = next(notes.iter(X + "section"), None)
if sec is None or sec.get(E + "type") != "endnotes" or sec.get("role") != "doc-endnotes":
    bad.append("no <section epub:type=endnotes role=doc-endnotes>")
if "Примечания" not in "".join(notes.itertext()):
    bad.append("the notes file has no heading «Примечания»")
lis = list(notes.iter(X + "li"))
if [li.get("id") for li in lis] != ["fn-1", "fn-2", "fn-3", "fn-4"] or any(li.get("role") for li in lis):
    bad.append("notes ids %s (expected fn-1..fn-4, no role)" % [li.get("id") for li in lis])
chapter_ids = {}
for h in spine:
    if h.startswith("text/ch"):
        d = ET.parse(os.path.join(root, h)).getroot()
        if any(True for _ in d.iter(X + "aside")):
            bad.append("%s still has an aside" % h)
        chapter_ids[os.path.basename(h)] = {e.get("id") for e in d.iter() if e.get("id")}
        for a in d.iter(X + "a"):
            if a.get(E + "type") == "noteref" and a.get("href") != "notes.xhtml#fn-" + a.text:
                bad.append("noteref %s in %s points at %s" % (a.text, h, a.get("href")))
for li in lis:
    back = next(li.iter(X + "a"), None)
    f, _, frag = (back.get("href") if back is not None else "").partition("#")
    if back is None or back.get("role") != "doc-backlink" or frag not in chapter_ids.get(f, ()):
        bad.append("note %s: back-link %s does not resolve" % (li.get("id"), back is not None and back.get("href")))
for b in bad:
    print("  " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
note "notes: endnotes → notes.xhtml in spine and toc, linked both ways"

# ---------- a fake PNG is rejected with a clear error ----------
cp -r "$FIXTURE" "$WORK/fake"
printf 'this is text, not a picture\n' >"$WORK/fake/images/chart.png"
rc=0
"$EPUBPACK" build "$WORK/fake" -o "$WORK/fake.epub" 2>"$WORK/fake.err" || rc=$?
[[ $rc -ne 0 ]] || fail "a text file named .png was accepted"
[[ ! -e "$WORK/fake.epub" ]] || fail "a failed build left $WORK/fake.epub behind"
grep -q "one.md:[0-9]*: image 'images/chart.png' is not JPEG, PNG, GIF or SVG" "$WORK/fake.err" ||
    fail "unclear error for a fake PNG: $(cat "$WORK/fake.err")"
note "fake PNG: $(cat "$WORK/fake.err")"

# ---------- missing alt: a warning naming the image, and no alternativeText claim ----------
cp -r "$FIXTURE" "$WORK/noalt"
python3 - "$WORK/noalt/one.md" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
open(p, "w", encoding="utf-8").write(re.sub(r"!\[[^\]]*\]", "![]", s))
PY
"$EPUBPACK" build "$WORK/noalt" -o "$WORK/noalt.epub" 2>"$WORK/noalt.err" >/dev/null ||
    fail "the book without alt text did not build: $(cat "$WORK/noalt.err")"
grep -q "WARNING(EPK-ALT): image 'images/chart.png' has no alt text" "$WORK/noalt.err" ||
    fail "no warning naming the image without alt: $(cat "$WORK/noalt.err")"
if unzip -p "$WORK/noalt.epub" EPUB/package.opf | grep -q 'alternativeText'; then
    fail "alternativeText is still claimed with an image without alt"
fi
note "missing alt: warned, alternativeText not claimed"

# ---------- a small cover is a warning ----------
cp -r "$FIXTURE" "$WORK/small"
python3 - "$WORK/small/images/cover.png" <<'PY'
import struct, sys, zlib
# a valid 1-bit 400x600 PNG, written by hand
w, h = 400, 600
raw = b"".join(b"\0" + b"\0" * ((w + 7) // 8) for _ in range(h))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0)) + \
      chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
"$EPUBPACK" build "$WORK/small" -o "$WORK/small.epub" 2>"$WORK/small.err" >/dev/null ||
    fail "the book with a small cover did not build: $(cat "$WORK/small.err")"
grep -q "WARNING(EPK-COVER): cover image 'images/cover.png' is 400x600 px" "$WORK/small.err" ||
    fail "no warning for a 400x600 cover: $(cat "$WORK/small.err")"
note "small cover: warned"

# ---------- epubcheck 4.2.6 and 5.3.0 on the books above, in one batch ----------
epubcheck_clean "$WORK/book.epub" "$WORK/end.epub" "$WORK/noalt.epub"
