#!/usr/bin/env bash
# Odd but legal input (issue 5) builds a valid EPUB: a 5 MB paragraph, 500-deep blockquotes,
# 200-deep lists, 3,000 headings, repeated headings (ids stay unique), decomposed Unicode, raw
# HTML (<br>, &nbsp;, <script>), emoji and right-to-left text. Every build passes epubpack's own
# check (part of `build`); epubcheck runs on the ones most likely to break it. Every build is
# bounded in time (timeout) and memory (ulimit -v).
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool python3
make_workdir

python3 - "$WORK" <<'PY'
import sys, unicodedata
w = sys.argv[1]
def md(name, title, body, lang="en"):
    with open("%s/%s.md" % (w, name), "w", encoding="utf-8") as f:
        f.write("---\ntitle: %s\nlang: %s\n---\n\n%s" % (title, lang, body))
md("paragraph", "Big", "word " * (5 * 1024 * 1024 // 5) + "\n")
md("quotes", "Quotes", "> " * 500 + "deep\n")
md("lists", "Lists", "".join("  " * i + "- item %d\n" % i for i in range(200)))
md("ordered", "Ordered", "".join("    " * i + "1. item %d\n" % i for i in range(200)))
# The title is the first heading, so it is not inserted again (README: single articles).
md("headings", "Heading 0", "".join("%s Heading %d\n\ntext\n\n" % ("#" * (1 + i % 6), i) for i in range(3000)))
md("repeated", "Repeated", "## Same\n\ntext\n\n## same\n\n## Same-1\n\n## Same\n\n## Same\n\n")
nfd = unicodedata.normalize("NFD", "Ёжик й café Ångström")
md("nfd", nfd, "# %s\n\n%s\n" % (nfd, nfd), lang="ru")
md("rawhtml", "HTML", "line<br>break<br/>a&nbsp;b &amp; &copy;\n\n<script>alert(1)</script>\n\n"
   "text <script>alert(2)</script> after\n\n<p onclick=\"x()\">para</p>\n\n<div>\n<b>bold\n</div>\n")
md("emoji", "Emoji 😀", "# 👩‍👩‍👧‍👦 family 🇷🇺\n\nText 😀 🎉 ✔️ 🏳️‍🌈\n")
md("rtl", "RTL", "# עברית\n\nEnglish then עברית ومن ثم العربية then back.\n\n"
   "<p dir=\"rtl\" lang=\"ar\">مرحبا بالعالم</p>\n")
md("deephtml", "Deep HTML", "- " * 90 + "x\n\n" + "<div>" * 300 + "deep" + "</div>" * 300 +
   "\n\n" + "<span>" * 300 + "y\n\n" + "*a _b " * 200 + "c" + "_ *" * 200 + "\n")
# URLs that are not valid as written (found by fuzz_build): an autolink holding backticks, a
# link with a space escaped by <…>, a stray "%", and http without "//".
md("urls", "URLs", "See https://example.org/a`b`c` and [sp](<https://example.org/p q>) and "
   "[pct](https://example.org/%zz) and [bad](https:nothing).\n")
# A link inside a link (HTML forbids it): a footnote reference in link text, raw HTML around
# a Markdown link.
md("nested", "Nested", "See [text[^1] more](https://example.org/) and "
   "<a href=\"https://a.org/\">raw [inner](https://b.org/) x</a>.\n\n[^1]: A note.\n")
PY

build() { # build NAME — with a time and memory bound; fails the test unless exit 0
    local rc=0
    (ulimit -v 4000000; timeout 120 "$EPUBPACK" build "$WORK/$1.md" -o "$WORK/$1.epub") \
        >"$WORK/$1.log" 2>&1 || rc=$?
    cat "$WORK/$1.log"
    [[ $rc -eq 0 ]] || fail "$1: build exited $rc (124 = timeout)"
}
for name in paragraph quotes lists ordered headings repeated nfd rawhtml emoji rtl deephtml urls nested; do
    build "$name"
done
# External links are written as valid URLs; one that cannot be is dropped, with a warning.
urls=$(unzip -p "$WORK/urls.epub" EPUB/text/ch001.xhtml)
for want in 'href="https://example.org/a%60b%60c%60"' 'href="https://example.org/p%20q"' \
    'href="https://example.org/%25zz"' '<a>bad</a>'; do
    grep -qF -- "$want" <<<"$urls" || fail "urls: expected $want in: $urls"
done
grep -qF 'link to "https:nothing" is not a valid URL' "$WORK/urls.log" ||
    fail "urls: no warning for https:nothing: $(cat "$WORK/urls.log")"
# The inner link becomes a <span>, keeping its id (the note's back-link points at it).
nested=$(unzip -p "$WORK/nested.epub" EPUB/text/ch001.xhtml)
for want in '<a href="https://example.org/">text<span id="fnref-1">1</span> more</a>' \
    '<a href="https://a.org/">raw <span>inner</span> x</a>'; do
    grep -qF -- "$want" <<<"$nested" || fail "nested: expected $want in: $nested"
done

# What must hold inside the books.
python3 - "$WORK" <<'PY' || fail "content checks failed"
import sys, zipfile, re, unicodedata
from xml.etree import ElementTree as ET
w = sys.argv[1]
X = "{http://www.w3.org/1999/xhtml}"
bad = []
def chapter(name):
    z = zipfile.ZipFile("%s/%s.epub" % (w, name))
    return [z.read(n).decode("utf-8") for n in sorted(z.namelist()) if n.startswith("EPUB/text/")]
def depth(el):
    best, stack = 0, [(el, 1)]
    while stack:
        e, d = stack.pop()
        best = max(best, d)
        stack.extend((c, d + 1) for c in e)
    return best
def ids(doc):
    return [e.get("id") for e in ET.fromstring(doc).iter() if e.get("id")]
for name in ("quotes", "lists", "ordered", "deephtml"):
    for doc in chapter(name):
        d = depth(ET.fromstring(doc))
        if d >= 256:
            bad.append("%s: element depth %d (libxml2 refuses >= 256)" % (name, d))
text = "".join(chapter("quotes"))
if "deep" not in text:
    bad.append("quotes: the innermost text was lost")
if "item 199" not in "".join(chapter("lists")):
    bad.append("lists: the innermost item was lost")
heads = [e for doc in chapter("headings") for e in ET.fromstring(doc).iter()
         if re.fullmatch(X.replace("{", r"\{").replace("}", r"\}") + "h[1-6]", e.tag)]
if len(heads) != 3000:
    bad.append("headings: %d headings, expected 3000" % len(heads))
for name in ("headings", "repeated"):
    for doc in chapter(name):
        i = ids(doc)
        if len(i) != len(set(i)):
            bad.append("%s: duplicate ids %s" % (name, sorted({x for x in i if i.count(x) > 1})[:5]))
z = zipfile.ZipFile("%s/nfd.epub" % w)
for n in z.namelist():
    if n.endswith((".xhtml", ".opf", ".ncx")):
        t = z.read(n).decode("utf-8")
        if t != unicodedata.normalize("NFC", t):
            bad.append("nfd: %s is not NFC" % n)
html = "".join(chapter("rawhtml"))
if "<script" in html or "alert(" in html:
    bad.append("rawhtml: a script survived")
if "onclick" in html:
    bad.append("rawhtml: an event handler attribute survived")
if "\u00a0" not in html and "&#160;" not in html:
    bad.append("rawhtml: &nbsp; did not become U+00A0")
if "<br" not in html:
    bad.append("rawhtml: <br> was lost")
if "😀" not in "".join(chapter("emoji")) or "👩\u200d👩" not in "".join(chapter("emoji")):
    bad.append("emoji: emoji or ZWJ sequences were lost")
rtl = "".join(chapter("rtl"))
if "עברית" not in rtl or "مرحبا" not in rtl:
    bad.append("rtl: right-to-left text was lost")
if "word word" not in "".join(chapter("paragraph")):
    bad.append("paragraph: text missing")
for b in bad:
    print("  " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
note "content checks passed"

# epubcheck on the ones most likely to trip it.
epubcheck_clean "$WORK"/{quotes,lists,rawhtml,urls,nested}.epub
