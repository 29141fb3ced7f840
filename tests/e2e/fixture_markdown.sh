#!/usr/bin/env bash
# A two-chapter Markdown fixture (tests/fixtures/markdown-book) with h1–h3, nested lists, a
# table, footnotes, a blockquote, inline and fenced code, external links, links between the
# chapters, emphasis and strikethrough → epubcheck 0/0, Ace pass, and every construct present
# in the XHTML with the cross-chapter links rewritten to chNNN.xhtml#id and resolving.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool unzip "apt-get install unzip"
require_tool python3 "apt-get install python3"
make_workdir

epubpack_build "$EP_SOURCE_DIR/tests/fixtures/markdown-book" -o "$WORK/fixture.epub"
epubcheck_clean "$WORK/fixture.epub"
ace_pass "$WORK/fixture.epub" "$WORK/ace-out"

mkdir "$WORK/x"
unzip -q "$WORK/fixture.epub" -d "$WORK/x"
ls "$WORK"/x/EPUB/text/ch*.xhtml >/dev/null 2>&1 || fail "no EPUB/text/chNNN.xhtml files"
grep -Eq 'href="(\.\./text/)?ch[0-9]{3}\.xhtml#' "$WORK"/x/EPUB/text/ch*.xhtml ||
    fail "no cross-chapter link of the form chNNN.xhtml#id in the XHTML"
if grep -Eq 'href="[^"]*\.md(#[^"]*)?"' "$WORK"/x/EPUB/text/ch*.xhtml; then
    fail "a link still points at a .md file: $(grep -Eo 'href="[^"]*\.md[^"]*"' "$WORK"/x/EPUB/text/ch*.xhtml)"
fi

python3 - "$WORK/x/EPUB/text" <<'PY' || fail "the fixture's XHTML is missing constructs (see above)"
import glob, os, re, sys
import xml.etree.ElementTree as ET
X = "{http://www.w3.org/1999/xhtml}"
EPUB = "{http://www.idpf.org/2007/ops}"
d = sys.argv[1]
docs = {os.path.basename(p): ET.parse(p).getroot() for p in sorted(glob.glob(os.path.join(d, "ch*.xhtml")))}
names = sorted(docs)
bad = []
if len(names) != 2:
    bad.append("expected 2 chapter files, found %s" % names)
ids = {n: {e.get("id") for e in r.iter() if e.get("id")} for n, r in docs.items()}

def has(root, tag):
    return any(True for _ in root.iter(X + tag))

allroots = list(docs.values())
for tag in ("h1", "h2", "h3", "ol", "ul", "table", "blockquote", "pre", "code", "em", "strong"):
    if not any(has(r, tag) for r in allroots):
        bad.append("no <%s> in any chapter" % tag)
if not any(has(r, "del") or has(r, "s") for r in allroots):
    bad.append("no <del>/<s> for ~~strikethrough~~")
# nested list: a list inside a list item, three levels deep in chapter one
depth = 0
for r in allroots:
    for li in r.iter(X + "li"):
        for sub in li.iter():
            if sub is not li and sub.tag in (X + "ol", X + "ul"):
                depth = max(depth, 2)
                for li2 in sub.iter(X + "li"):
                    if any(s.tag in (X + "ol", X + "ul") for s in li2.iter() if s is not li2):
                        depth = 3
if depth < 3:
    bad.append("nested lists are not nested three levels deep (found %d)" % depth)
# footnotes: a noteref pointing at a footnote in the same or another document
notes = 0
for n, r in docs.items():
    for a in r.iter(X + "a"):
        if a.get(EPUB + "type") == "noteref":
            href = a.get("href", "")
            f, _, frag = href.partition("#")
            target = f.rsplit("/", 1)[-1] or n
            if frag not in ids.get(target, set()):
                bad.append("noteref %s in %s does not resolve" % (href, n))
            notes += 1
if notes < 2:
    bad.append("expected 2 footnote references (epub:type=noteref), found %d" % notes)
# external links kept, internal .md links rewritten and resolving
ext = [a.get("href") for r in allroots for a in r.iter(X + "a") if a.get("href", "").startswith("https://")]
for u in ("https://www.w3.org/TR/epub-33/", "https://example.org/docs"):
    if u not in ext:
        bad.append("external link %s missing (have %s)" % (u, ext))
if not any(u.startswith("https://example.org/path?q=1") for u in ext):
    bad.append("autolink https://example.org/path?q=1&r=2 missing")
cross = 0
for n, r in docs.items():
    for a in r.iter(X + "a"):
        href = a.get("href", "")
        m = re.fullmatch(r"(?:\.\./text/)?(ch\d{3}\.xhtml)#(.+)", href)
        if m and m.group(1) != n:
            cross += 1
            if m.group(2) not in ids.get(m.group(1), set()):
                bad.append("cross-chapter link %s in %s: no such id in %s" % (href, n, m.group(1)))
if cross < 2:
    bad.append("expected the two cross-chapter links (one.md#… and two.md#…), found %d" % cross)
# code is never typeset: the straight quotes and "--" in the fenced block survive
pre = "".join("".join(p.itertext()) for r in allroots for p in r.iter(X + "pre"))
if '"кавычки" и -- тире' not in pre:
    bad.append("the fenced code block was altered: %r" % pre[:120])
for b in bad:
    print("  " + b, file=sys.stderr)
print("  %d chapters, %d noterefs, %d cross-chapter links" % (len(docs), notes, cross))
sys.exit(1 if bad else 0)
PY
note "ok"
