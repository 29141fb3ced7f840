#!/usr/bin/env bash
# Issue 21, point 4: FBReader 0.12 and Okular 22.12 lay out every spine item and honour neither
# `hidden` nor `display: none` nor `linear="no"`, so the nav document's landmarks list showed on
# the book's last page. The nav document is therefore not in the spine; a contents page (the
# nav's toc alone) ends it and is the target of the toc landmark and of the guide's toc
# reference, which Calibre turns into the Kindle's "Go to → Contents". For the article, both
# fixtures, an English book and the Kobo target:
#  1. the structure: no spine document holds a landmarks nav or anything `hidden`; the spine
#     ends, linear, with the page the landmark and the guide name, whose toc is the nav's;
#  2. epubcheck 4.2.6 and 5.3.0 report nothing (a link into a document outside the spine would
#     be RSC-011);
#  3. Calibre's AZW3, converted back, has a guide toc reference to a page listing every toc
#     entry as a link to a document of the book, and no landmarks list anywhere;
#  4. MuPDF lays the contents page out as the last page, and exactly one page: the book without
#     it has one page less.
# Screenshots of FBReader and Okular themselves are in the issue's closing note.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool python3 "apt-get install python3"
require_tool mutool "apt-get install mupdf-tools"
require_tool ebook-convert "apt-get install --no-install-recommends calibre"
make_workdir
export CALIBRE_CONFIG_DIRECTORY="$WORK/calibre-config"
mkdir -p "$CALIBRE_CONFIG_DIRECTORY/plugins"
unset DISPLAY WAYLAND_DISPLAY

cat >"$WORK/english.md" <<'EOF'
---
title: Contents at the End
lang: en
---

# First

Text.

## Second

More text.
EOF
epubpack_build "$EP_SOURCE_DIR/book" -o "$WORK/article.epub" >/dev/null
epubpack_build "$EP_SOURCE_DIR/tests/fixtures/reader-book" -o "$WORK/reader.epub" >/dev/null
epubpack_build "$EP_SOURCE_DIR/tests/fixtures/markdown-book" -o "$WORK/markdown.epub" >/dev/null
epubpack_build "$WORK/english.md" -o "$WORK/english.epub" >/dev/null
epubpack_build "$EP_SOURCE_DIR/tests/fixtures/reader-book" -o "$WORK/kobo.epub" --target kobo >/dev/null
books=(article reader markdown english kobo)

# 1. The structure, as FBReader and Okular see it (every spine item, nothing hidden).
python3 - "$WORK" "${books[@]}" <<'PY' || fail "the spine shows the landmarks, or the contents page is wrong (above)"
import sys, zipfile
import xml.etree.ElementTree as ET
X, E, O = "{http://www.w3.org/1999/xhtml}", "{http://www.idpf.org/2007/ops}", "{http://www.idpf.org/2007/opf}"
work, names = sys.argv[1], sys.argv[2:]
bad = []
def entries(nav):
    """(label, href) of each link of the toc nav, in order."""
    return [(" ".join("".join(a.itertext()).split()), a.get("href")) for a in nav.iter(X + "a")]
for name in names:
    z = zipfile.ZipFile("%s/%s.epub" % (work, name))
    load = lambda href: ET.fromstring(z.read("EPUB/" + href))
    opf = load("package.opf")
    items = {i.get("id"): i for i in opf.iter(O + "item")}
    spine = list(opf.iter(O + "itemref"))
    hrefs = [items[r.get("idref")].get("href") for r in spine]
    nav_href = next(i.get("href") for i in items.values() if "nav" in (i.get("properties") or "").split())
    if nav_href in hrefs:
        bad.append("%s: the nav document %s is in the spine" % (name, nav_href))
    for h in hrefs:
        doc = load(h)
        if any(n.get(E + "type") == "landmarks" for n in doc.iter(X + "nav")):
            bad.append("%s: spine document %s holds the landmarks" % (name, h))
        if any(e.get("hidden") is not None for e in doc.iter()):
            bad.append("%s: spine document %s has a hidden element FBReader and Okular show" % (name, h))
    nav = load(nav_href)
    toc = next(n for n in nav.iter(X + "nav") if n.get(E + "type") == "toc")
    marks = {a.get(E + "type"): a.get("href") for n in nav.iter(X + "nav")
             if n.get(E + "type") == "landmarks" for a in n.iter(X + "a")}
    guide = {r.get("type"): r.get("href") for r in opf.iter(O + "reference")}
    target = marks.get("toc")
    if not target or guide.get("toc") != target:
        bad.append("%s: the toc landmark %r and the guide's toc %r differ" % (name, target, guide.get("toc")))
        continue
    page, _, frag = target.partition("#")
    if hrefs[-1] != page or spine[-1].get("linear", "yes") != "yes":
        bad.append("%s: the spine ends with %s, not with the contents page %s, linear" % (name, hrefs[-1], page))
        continue
    shown = next((e for e in load(page).iter() if e.get("id") == frag), None)
    if shown is None or shown.tag != X + "nav" or shown.get(E + "type") != "toc":
        bad.append("%s: %s has no toc nav with id %r" % (name, page, frag))
    elif entries(shown) != entries(toc) or not entries(toc):
        bad.append("%s: the contents page lists %s, the nav %s" % (name, entries(shown), entries(toc)))
    print("  %s: spine %s; toc landmark and guide -> %s (%d entries)" % (name, " ".join(hrefs), target, len(entries(toc))))
sys.exit(1 if bad else 0)
PY
epubs=()
for b in "${books[@]}"; do epubs+=("$WORK/$b.epub"); done

# 2. Both epubchecks.
epubcheck_clean "${epubs[@]}"

# 3. Calibre: EPUB → AZW3 → EPUB, in parallel; the guide Calibre writes into the AZW3 (its KF8
# guide index, the Kindle's "Go to → Contents") comes back as the OPF guide.
printf '%s\n' "${books[@]}" | xargs -P 2 -I{} sh -c '
    ebook-convert "$1/{}.epub" "$1/{}.azw3" >"$1/{}.azw3.log" 2>&1 &&
    ebook-convert "$1/{}.azw3" "$1/{}.back.epub" >"$1/{}.back.log" 2>&1; echo $? >"$1/{}.rc"' sh "$WORK"
for b in "${books[@]}"; do
    [[ $(cat "$WORK/$b.rc") == 0 ]] ||
        { cat "$WORK/$b.azw3.log" "$WORK/$b.back.log" >&2; fail "$b: Calibre's round trip through AZW3 failed"; }
done
python3 - "$WORK" "${books[@]}" <<'PY' || fail "the Kindle book lost its contents page or shows the landmarks (above)"
import posixpath, sys, zipfile
import xml.etree.ElementTree as ET
X, E, O = "{http://www.w3.org/1999/xhtml}", "{http://www.idpf.org/2007/ops}", "{http://www.idpf.org/2007/opf}"
work, names = sys.argv[1], sys.argv[2:]
bad = []
def text(e):
    return " ".join("".join(e.itertext()).split())
for name in names:
    src = zipfile.ZipFile("%s/%s.epub" % (work, name))
    nav = ET.fromstring(src.read("EPUB/nav.xhtml"))
    labels = [text(a) for n in nav.iter(X + "nav") if n.get(E + "type") == "toc" for a in n.iter(X + "a")]
    landmarks = [text(h) for n in nav.iter(X + "nav") if n.get(E + "type") == "landmarks" for h in n.iter(X + "h2")]
    back = zipfile.ZipFile("%s/%s.back.epub" % (work, name))
    files = set(back.namelist())
    opf = ET.fromstring(back.read("content.opf"))
    items = {i.get("id"): i.get("href") for i in opf.iter(O + "item")}
    spine = [items[r.get("idref")] for r in opf.iter(O + "itemref")]
    toc = [r.get("href") for r in opf.iter(O + "reference") if r.get("type") == "toc"]
    if len(toc) != 1 or toc[0].partition("#")[0] not in spine:
        bad.append("%s.azw3: guide toc %s is not one document of the spine %s" % (name, toc, spine))
        continue
    page = toc[0].partition("#")[0]
    links = [(text(a), a.get("href")) for a in ET.fromstring(back.read(page)).iter(X + "a") if a.get("href")]
    if [l for l, _ in links] != labels:
        bad.append("%s.azw3: the contents page %s lists %s, not the toc %s" % (name, page, [l for l, _ in links], labels))
    for label, href in links:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href.partition("#")[0]))
        if target not in files:
            bad.append("%s.azw3: contents link %r -> %s is not in the book" % (name, label, href))
    for n in sorted(files):
        if n.endswith((".html", ".xhtml")):
            t = back.read(n).decode("utf-8")
            if 'type="landmarks"' in t or any(h in t for h in landmarks):
                bad.append("%s.azw3: %s carries the landmarks %s" % (name, n, landmarks))
    print("  %s.azw3: guide toc -> %s, %d links, no landmarks" % (name, toc[0], len(links)))
sys.exit(1 if bad else 0)
PY

# 4. MuPDF: the last page is the contents page, and it is one page.
echo 'print(new Document(scriptArgs[0]).countPages())' >"$WORK/pages.js"
pages() { mutool run "$WORK/pages.js" "$1" 2>/dev/null || fail "mutool could not open $1"; }
for b in "${books[@]}"; do
    [[ $b != kobo ]] || continue # the same pages as reader's
    epub_without_contents "$WORK/$b.epub" "$WORK/$b.text.epub"
    n=$(pages "$WORK/$b.epub") m=$(pages "$WORK/$b.text.epub")
    ((n == m + 1)) || fail "$b: MuPDF lays out $n pages, $m without the contents page: expected one more"
    mutool draw -q -F txt -o "$WORK/$b.last.txt" "$WORK/$b.epub" "$n" 2>/dev/null || fail "mutool draw failed on $b"
    python3 - "$WORK/$b.epub" "$WORK/$b.last.txt" <<'PY' || fail "$b: MuPDF's last page is not the contents (above)"
import sys, zipfile
import xml.etree.ElementTree as ET
X, E = "{http://www.w3.org/1999/xhtml}", "{http://www.idpf.org/2007/ops}"
nav = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read("EPUB/nav.xhtml"))
toc = next(n for n in nav.iter(X + "nav") if n.get(E + "type") == "toc")
want = " ".join("".join(toc.itertext()).split())
got = " ".join(open(sys.argv[2], encoding="utf-8").read().split())
if got != want:
    print("  last page: %r\n  the toc:   %r" % (got, want), file=sys.stderr)
    sys.exit(1)
PY
    note "$b: MuPDF $n pages, the last one the contents ($m without it)"
done
note "ok"
