#!/usr/bin/env bash
# Issue 21, points 1 and 2: the default hyphenation of a Russian book is soft hyphens from
# libhyphen with CSS `hyphens: manual` (MuPDF and Calibre's viewer hyphenate nothing
# themselves, WebKitGTK breaks Russian wrongly: README "Hyphenation"); MuPDF then breaks lines
# of the article inside words, only where a soft hyphen allows. `--hyphenate=off` and
# `hyphenation: off` turn hyphenation off (no U+00AD, `hyphens: manual`); `css` keeps
# `hyphens: auto`; the Kobo target's default is `css` (Kobo hyphenates with its own dictionaries).
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool mutool "apt-get install mupdf-tools"
require_tool python3 "apt-get install python3"
require_tool unzip "apt-get install unzip"
make_workdir
book="$EP_SOURCE_DIR/book"

count_shy() { unzip -p "$1" 'EPUB/text/*.xhtml' | { grep -o $'\xc2\xad' || true; } | wc -l; }
# body_hyphens EPUB — the value of `hyphens` in the body rule that follows epubpack's sheet.
body_hyphens() {
    unzip -p "$1" EPUB/css/epubpack.css |
        awk '/^\/\* Hyphenation/ {r = 1} r && /^    hyphens:/ {sub(/;/, "", $2); print $2; exit}'
}
expect_mode() { # NAME EPUB WANT-HYPHENS SHY(0|many)
    local h n
    h=$(body_hyphens "$2")
    n=$(count_shy "$2")
    note "$1: body { hyphens: $h }, $n soft hyphens"
    [[ $h == "$3" ]] || fail "$1: body hyphens is '$h', want '$3'"
    case $4 in
    0) [[ $n -eq 0 ]] || fail "$1: $n soft hyphens, want none" ;;
    many) [[ $n -ge 100 ]] || fail "$1: only $n soft hyphens, want at least 100" ;;
    esac
}

epubpack_build "$book" -o "$WORK/default.epub"
epubpack_build "$book" -o "$WORK/soft.epub" --hyphenate=soft
epubpack_build "$book" -o "$WORK/css.epub" --hyphenate=css
epubpack_build "$book" -o "$WORK/off.epub" --hyphenate=off
epubpack_build "$book" -o "$WORK/kobo.kepub.epub" --target kobo
mkdir "$WORK/keyed"
sed 's/^lang: ru$/lang: ru\nhyphenation: off/' "$book/article.md" >"$WORK/keyed/article.md"
grep -q '^hyphenation: off$' "$WORK/keyed/article.md" || fail "could not add the key"
epubpack_build "$WORK/keyed/article.md" -o "$WORK/keyed.epub"

expect_mode default "$WORK/default.epub" manual many
expect_mode --hyphenate=soft "$WORK/soft.epub" manual many
expect_mode --hyphenate=css "$WORK/css.epub" auto 0
expect_mode --hyphenate=off "$WORK/off.epub" manual 0
expect_mode "hyphenation: off" "$WORK/keyed.epub" manual 0
expect_mode "--target kobo" "$WORK/kobo.kepub.epub" auto 0
cmp -s "$WORK/default.epub" "$WORK/soft.epub" || fail "the default is not the same book as --hyphenate=soft"
cmp -s "$WORK/default.epub" "$WORK/off.epub" && fail "--hyphenate=off gives the default book"

# MuPDF: lines that end inside a word end at one of its soft hyphens, and there are such lines.
# "before" is what MuPDF does without soft hyphens (`css`): it breaks no word.
mupdf_breaks() { # EPUB — prints "N-BREAKS N-WRONG", wrong ones on stderr
    mutool draw -F stext -o "$WORK/stext.xml" "$1" 2>/dev/null
    unzip -p "$1" 'EPUB/text/*.xhtml' >"$WORK/text.xhtml"
    python3 - "$WORK/stext.xml" "$WORK/text.xhtml" <<'PY'
import re, sys, xml.etree.ElementTree as ET
lines = ["".join(c.get("c") or "" for c in l.iter("char")) for l in ET.parse(sys.argv[1]).iter("line")]
src = open(sys.argv[2], encoding="utf-8").read()
# every way the source lets a word break: at a soft hyphen, or after a hyphen it has
allowed = {}
for w in re.findall(r"[\w\u00ad-]+", src):
    plain = w.replace("\u00ad", "")
    cuts, k = set(), 0
    for ch in w:
        if ch == "\u00ad":
            cuts.add(("soft", k))
        else:
            k += 1
            if ch == "-":
                cuts.add(("hard", k))
    allowed.setdefault(plain, set()).update(cuts)
breaks, wrong = 0, []
for a, b in zip(lines, lines[1:]):
    m, n = re.search(r"([\w-]*\w)(-?)$", a.rstrip()), re.match(r"\w[\w-]*", b)
    if not m or not n or not a.rstrip().endswith("-") and not a.endswith("\u00ad"):
        continue
    head, tail = m.group(1), n.group(0)
    soft = (head + tail) in allowed
    word = head + tail if soft else head + "-" + tail
    if word not in allowed:
        continue  # a line that ends with a dash or a hyphen before a new word
    kind, cut = ("soft", len(head)) if soft else ("hard", len(head) + 1)
    if kind == "soft":
        breaks += 1
    if (kind, cut) not in allowed[word]:
        wrong.append(head + "|" + tail)
print(breaks, len(wrong))
if wrong:
    print("  wrong breaks:", ", ".join(wrong[:10]), file=sys.stderr)
PY
}
read -r before before_wrong < <(mupdf_breaks "$WORK/css.epub")
read -r after after_wrong < <(mupdf_breaks "$WORK/default.epub")
note "MuPDF, words broken at line ends: --hyphenate=css $before, default $after ($after_wrong wrong)"
[[ $before -eq 0 ]] || fail "MuPDF broke $before words without soft hyphens: the test no longer tells the modes apart"
[[ $after -ge 10 ]] || fail "MuPDF broke only $after words at soft hyphens in the default build (want 10 or more)"
[[ $after_wrong -eq 0 ]] || fail "MuPDF broke $after_wrong words where no soft hyphen allows it"

epubcheck_clean "$WORK"/{default,css,off,keyed}.epub "$WORK/kobo.kepub.epub"
