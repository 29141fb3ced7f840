#!/usr/bin/env bash
# Issue 11, point 3: --target kobo (and the key `target: kobo`) writes NAME.kepub.epub with
# kepubify's markup (tests/unit/test_kobo.c holds kepubify's own vectors). For the bundled
# article (also with soft hyphens) and the reader fixture (cover, title page, figure, footnotes,
# links between chapters; also with endnotes), against the same book built for the epub target:
# - the file name: NAME.kepub.epub by default (option, key, batch), -o as given;
# - every content document (chapters, cover, title page, notes, nav): the body's content in
#   div#book-columns > div#book-inner; every text node in a koboSpan (except whitespace outside
#   a <p>, and pre/script/style/svg/math); each span one sentence, ids kobo.P.S unique and
#   sequential per document;
# - with the spans and divs taken away, each document is the epub target's, element for
#   element (so text, links, footnotes, lang and soft hyphens are unchanged), and every other
#   file is byte-identical except the stylesheet, which gains one rule;
# - epubcheck 4.2.6 and 5.3.0 clean, `epubpack check` valid, the same bytes when rebuilt.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool python3 "apt-get install python3"
make_workdir

FIXTURE="$EP_SOURCE_DIR/tests/fixtures/reader-book"
ARTICLE="$EP_SOURCE_DIR/book/article.md"
cd "$WORK"

# --- names ---
mkdir names && cd names
epubpack_build "$ARTICLE" --target kobo >/dev/null
[[ -s article.kepub.epub && ! -e article.epub ]] || fail "--target kobo did not write article.kepub.epub: $(ls)"
epubpack_build "$ARTICLE" --target=kobo -o given.epub >/dev/null
[[ -s given.epub ]] || fail "-o given.epub was not used as given: $(ls)"
{ printf -- '---\ntarget: kobo\n'; tail -n +2 "$ARTICLE"; } >keyed.md
epubpack_build keyed.md >/dev/null
[[ -s keyed.kepub.epub ]] || fail "the key 'target: kobo' did not name keyed.kepub.epub: $(ls)"
epubpack_build keyed.md --target epub >/dev/null
[[ -s keyed.epub ]] || fail "--target epub did not override the key: $(ls)"
epubpack_build "$ARTICLE" "$FIXTURE" -O out --target kobo >/dev/null
[[ -s out/article.kepub.epub && -s out/reader-book.kepub.epub ]] || fail "batch names: $(ls out)"
cd "$WORK"

# --- the books, both targets ---
build_pair() { # NAME INPUT ARGS...
    local name=$1 input=$2
    shift 2
    # The Kobo target's default hyphenation is css, the EPUB's soft: compare like with like.
    epubpack_build "$input" -o "$name.epub" --hyphenate=css "$@" >/dev/null
    epubpack_build "$input" -o "$name.kepub.epub" --target kobo "$@" >/dev/null
}
build_pair article "$ARTICLE"
build_pair soft "$ARTICLE" --hyphenate=soft
build_pair reader "$FIXTURE"
cp -r "$FIXTURE" endnotes-book
printf 'notes: endnotes\n' >>endnotes-book/book.yaml
build_pair endnotes endnotes-book

python3 - article soft reader endnotes <<'PY' || fail "the kepub markup is wrong (above)"
import re, sys, zipfile
import xml.etree.ElementTree as ET

X = "{http://www.w3.org/1999/xhtml}"
SKIP = {X + n for n in ("pre", "script", "style", "audio", "video")}
ID = re.compile(r"kobo\.(\d+)\.(\d+)$")
bad = []

def is_kobo(e):
    return e.tag == X + "span" and e.get("class") == "koboSpan"

def unwrap(body):
    """div#book-inner, the only content of body inside div#book-columns."""
    cols = list(body)
    assert len(cols) == 1 and cols[0].get("id") == "book-columns" and not (body.text or "") \
        and not (cols[0].tail or ""), "body is not div#book-columns"
    inner = list(cols[0])
    assert len(inner) == 1 and inner[0].get("id") == "book-inner" and not (cols[0].text or ""), \
        "no div#book-inner"
    return inner[0]

def plain(e, out):
    """(tag, attributes, text) of every element and text run, kobo markup transparent."""
    if not is_kobo(e):
        out.append(("<", e.tag, tuple(sorted(e.items()))))
    if e.text:
        out.append(("t", e.text))
    for k in e:
        plain(k, out)
        if k.tail:
            out.append(("t", k.tail))
    if not is_kobo(e):
        out.append((">", e.tag))

def merged(seq, squash):
    res = []
    for x in seq:
        if x[0] == "t" and res and res[-1][0] == "t":
            res[-1] = ("t", res[-1][1] + x[1])
        else:
            res.append(x)
    if squash:  # the epub target's nav is indented
        res = [("t", re.sub(r"\s+", " ", x[1])) if x[0] == "t" else x for x in res]
        res = [x for x in res if x != ("t", " ")]
    return res

def check_doc(book, name, kdata, edata):
    k, e = ET.fromstring(kdata), ET.fromstring(edata)
    kbody, ebody = k.find(X + "body"), e.find(X + "body")
    inner = unwrap(kbody)
    # every text in a koboSpan, each span one text run (or one img)
    ids, spans = set(), []
    def walk(el):
        if el.tag in SKIP or not el.tag.startswith(X):
            return
        if is_kobo(el):
            if len(el) == 0:
                assert el.text, "an empty koboSpan %s" % el.get("id")
            else:
                assert len(el) == 1 and el[0].tag == X + "img" and not el.text, \
                    "koboSpan %s holds %s" % (el.get("id"), [c.tag for c in el])
            spans.append(el.get("id"))
            return
        if el.tag == X + "img":
            raise AssertionError("an img outside a koboSpan")
        texts = [el.text] + [c.tail for c in el]
        for t in texts:
            if t and (t.strip(" \t\n\r\f\v\u00a0") or el.tag == X + "p"):
                raise AssertionError("text outside a koboSpan in <%s>: %r" % (el.tag[len(X):], t[:60]))
        for c in el:
            walk(c)
    walk(inner)
    assert spans, "no koboSpan at all"
    assert len(spans) == len(set(spans)), "koboSpan ids repeat"
    prev = None
    for s in spans:
        m = ID.match(s or "")
        assert m, "koboSpan id %r is not kobo.P.S" % s
        p, n = int(m.group(1)), int(m.group(2))
        if prev is None:
            assert p in (0, 1) and n == 1, "first span %s" % s
        elif p == prev[0]:
            assert n == prev[1] + 1, "%s after kobo.%d.%d" % (s, *prev)
        else:
            assert p == prev[0] + 1 and n == 1, "%s after kobo.%d.%d" % (s, *prev)
        prev = (p, n)
    all_ids = [x.get("id") for x in kbody.iter() if x.get("id")]
    assert len(all_ids) == len(set(all_ids)), "ids repeat"
    # the same document, kobo markup taken away: text, links, notes, lang, soft hyphens
    squash = name.endswith("nav.xhtml")
    kp, ep = [], []
    plain(inner, kp)
    kp = kp[1:-1]  # div#book-inner itself
    plain(ebody, ep)
    ep = ep[1:-1]
    if merged(kp, squash) != merged(ep, squash):
        a, b = merged(kp, squash), merged(ep, squash)
        i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        raise AssertionError("differs from the epub target at item %d: %r vs %r" % (i, a[i:i+2], b[i:i+2]))
    ktext = "".join(inner.itertext())
    etext = "".join(ebody.itertext())
    if not squash:
        assert ktext == etext, "plain text differs"
    assert ET.tostring(k.find(X + "head")) == ET.tostring(e.find(X + "head")) or squash, "head differs"
    for attr in ("lang", "{http://www.w3.org/XML/1998/namespace}lang"):
        assert k.get(attr) == e.get(attr), "%s differs" % attr
    return len(spans), ktext

for book in sys.argv[1:]:
    kz, ez = zipfile.ZipFile(book + ".kepub.epub"), zipfile.ZipFile(book + ".epub")
    knames, enames = kz.namelist(), ez.namelist()
    if knames != enames:
        bad.append("%s: entries differ: %s vs %s" % (book, knames, enames))
        continue
    docs = nspans = 0
    for n in knames:
        kd, ed = kz.read(n), ez.read(n)
        if n.endswith(".xhtml"):
            try:
                c, text = check_doc(book, n, kd, ed)
                docs += 1
                nspans += c
                if book == "soft" and "/text/ch" in n:
                    assert "\u00ad" in text, "no soft hyphen in the text"
            except AssertionError as ex:
                bad.append("%s %s: %s" % (book, n, ex))
        elif n.endswith(".css"):
            rule = b"\n/* Kobo target */\ndiv#book-inner { margin-top: 0; margin-bottom: 0; }\n"
            if kd.replace(rule, b"", 1) != ed:
                bad.append("%s %s: the stylesheet differs by more than the Kobo rule" % (book, n))
        elif kd != ed:
            bad.append("%s %s: differs from the epub target" % (book, n))
    # the reader fixture's notes and cross-chapter links are there (and so compared above)
    allx = b"".join(kz.read(n) for n in knames if n.endswith(".xhtml"))
    if book in ("reader", "endnotes"):
        for needle in (b'epub:type="noteref"', b'role="doc-noteref"', b'ch002.xhtml#', b'role="doc-cover"'):
            if needle not in allx:
                bad.append("%s: %r not found" % (book, needle))
    print("  %s: %d content documents, %d koboSpans" % (book, docs, nspans))
for b in bad:
    print("  " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY

# Russian sentences of the bundled article, split where kepubify splits ('. ' then a letter).
python3 - <<'PY' || fail "the article's sentences are not split as expected"
import re, zipfile
x = zipfile.ZipFile("article.kepub.epub").read("EPUB/text/ch001.xhtml").decode()
spans = re.findall(r'<span class="koboSpan" id="kobo\.3\.(\d+)">([^<]*)</span>', x)
want = ["Позавчера Microsoft", "Суперкомпьютер создан", "Скорость соединения", "Суперкомпьютер Microsoft"]
got = [t for _, t in spans]
print("  paragraph 3: %d sentences" % len(got))
assert len(got) == 4 and all(g.startswith(w) for g, w in zip(got, want)), got
assert "23.5 и" in got[0], "split inside 23.5"
PY

epubcheck_clean article.kepub.epub reader.kepub.epub
for f in article reader; do
    "$EPUBPACK" check --quiet "$f.kepub.epub" || fail "epubpack check: $f.kepub.epub is not valid"
done

# Reproducible bytes.
epubpack_build "$FIXTURE" -o again.kepub.epub --target kobo >/dev/null
cmp reader.kepub.epub again.kepub.epub || fail "two Kobo builds of the fixture differ"
note "ok"
