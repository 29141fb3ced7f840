#!/usr/bin/env bash
# Every glyph embedded (issue 23, point 4): characters PT Serif lacks — ѝ and ѐ (U+045D, U+0450)
# in Bulgarian, the combining grave U+0300 of Russian secondary stress — come from the second
# embedded family, a subset of DejaVu Serif (docs/ARCHITECTURE.md "Fonts"), in every face the
# text uses, with the letters they combine with; no EPK-FONT warning is left; epubcheck is
# clean; MuPDF draws every character from an embedded face; and a font given with --font FILE
# gets the same fallback. Chromium drawing these books' glyphs from the embedded families only
# is checked by chromium_fonts.sh.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool unzip "apt-get install unzip"
make_workdir
[[ $(fc-match -f '%{family}' 'DejaVu Serif') == 'DejaVu Serif' ]] ||
    fail "DejaVu Serif, the fallback font, is not installed (apt-get install fonts-dejavu-core)"
fixtures=$EP_SOURCE_DIR/tests/fixtures/glyphs

# has_char FONT_FILE CODEPOINT — the font's cmap maps the code point (fontconfig's charset).
has_char() {
    python3 - "$1" "$2" <<'PY' || return 1
import subprocess, sys
cs = subprocess.run(["fc-query", "-f", "%{charset}", sys.argv[1]], capture_output=True,
                    text=True, check=True).stdout.split()
cp = int(sys.argv[2], 16)
for r in cs:
    lo, _, hi = r.partition("-")
    if int(lo, 16) <= cp <= int(hi or lo, 16):
        sys.exit(0)
sys.exit(1)
PY
}

build() { # NAME INPUT [OPTIONS...] — builds, fails on an EPK-FONT warning
    local name=$1 input=$2 out
    shift 2
    out=$("$EPUBPACK" build "$input" -o "$WORK/$name.epub" "$@" 2>&1) || fail "$name: build failed: $out"
    [[ $out != *"no embedded font has"* ]] || fail "$name: a character is left to the reader's font: $out"
    mkdir "$WORK/$name" && unzip -q "$WORK/$name.epub" -d "$WORK/$name"
}

# expect NAME FACE CODEPOINT... — the fallback face FACE of book NAME has each code point, its
# manifest item and @font-face rule exist, and font-family names the fallback second.
expect() {
    local name=$1 face=$2 cp font
    shift 2
    font=$WORK/$name/EPUB/fonts/epubpack-fallback-$face.ttf
    [[ -f $font ]] || fail "$name: no $face fallback face (fonts: $(ls "$WORK/$name/EPUB/fonts"))"
    for cp in "$@"; do
        has_char "$font" "$cp" || fail "$name: the $face fallback face lacks U+$cp"
    done
    grep -q "href=\"fonts/epubpack-fallback-$face.ttf\" media-type=\"font/ttf\"" "$WORK/$name/EPUB/package.opf" ||
        fail "$name: the $face fallback face is not in the manifest"
    grep -q 'font-family: "Epubpack Text", "Epubpack Fallback", serif;' "$WORK/$name/EPUB/css/epubpack.css" ||
        fail "$name: font-family does not name the fallback second"
}

build bg "$fixtures/bg.md"
expect bg regular 45D 450
expect bg italic 45D
expect bg bold 45D
# PT Serif has no ѝ: the main regular face must not claim it (the fallback is needed).
has_char "$WORK/bg/EPUB/fonts/epubpack-text-regular.ttf" 45D && fail "PT Serif now has U+045D: revisit"
build ru "$fixtures/ru.md"
# PT Serif has the combining acute (U+0301) but not the grave (U+0300) of secondary stress: the
# grave comes from the fallback with the letters it sits on, so base and mark share one font.
has_char "$WORK/ru/EPUB/fonts/epubpack-text-regular.ttf" 301 || fail "ru: the main face lacks U+0301"
expect ru regular 450
expect ru italic 300 43E 434
expect ru bold 300 451
# A font file given by the user (PT Sans, which lacks ѝ like PT Serif) gets the same fallback.
sans=$(fc-match -f '%{file}' 'PT Sans')
[[ $sans == *PT* ]] || fail "PT Sans not found (apt-get install fonts-paratype)"
cp "$sans" "$WORK/user.ttf"
build user "$fixtures/bg.md" --font "$WORK/user.ttf"
expect user regular 45D 450
note "ѝ, ѐ and stress marks come from the embedded fallback, also with --font FILE"

# MuPDF takes one font per element and draws a glyph its font lacks from a font of its own
# (Noto): every character it lays out must come from an embedded face, and ѝ, ѐ and U+0300 from
# the fallback (the spans of class epubpack-fallback). mutool's stext names the font per char.
mupdf_fonts() { # EPUB — fails unless every character is set in an embedded face
    mutool draw -q -F stext -o "$WORK/stext.xml" "$1" 2>/dev/null || fail "mutool cannot lay out $1"
    python3 - "$WORK/stext.xml" "$1" <<'PY' || fail "MuPDF draws characters of $1 from fonts not embedded (above)"
import re, sys
font, bad, fallback = None, {}, {}
for m in re.finditer(r'<font name="([^"]*)"|<char [^>]*c="([^"]*)"', open(sys.argv[1], encoding="utf-8").read()):
    if m.group(1):
        font = m.group(1)
        continue
    c = m.group(2)
    if not font.startswith(("Epubpack Text ", "Epubpack Fallback ")):
        bad.setdefault(font, set()).add(c)
    if c in ("&#x45d;", "&#x450;", "&#x300;") and not font.startswith("Epubpack Fallback "):
        fallback.setdefault(font, set()).add(c)
for f, cs in bad.items():
    print("%s: %s drawn in %s" % (sys.argv[2], " ".join(sorted(cs)), f), file=sys.stderr)
for f, cs in fallback.items():
    print("%s: %s drawn in %s, not the fallback" % (sys.argv[2], " ".join(sorted(cs)), f), file=sys.stderr)
sys.exit(1 if bad or fallback else 0)
PY
}
# The spans' rule comes in the two forms of body's: FBReader 0.12 reads only a bare .class
# selector and the first word of font-family, and must get serif (fbreader_font_fallback.sh);
# every other engine reads `* .class` after it, the fallback first.
python3 - "$WORK/bg/EPUB/css/epubpack.css" <<'PY' || fail "the span rule is not in its two forms"
import re, sys
css = open(sys.argv[1], encoding="utf-8").read()
bare = re.search(r"(?m)^\.epubpack-fallback \{\s*font-family: serif;\s*\}", css)
star = re.search(r"(?m)^\* \.epubpack-fallback \{\s*font-family: \"Epubpack Fallback\", serif;\s*\}", css)
sys.exit(0 if bare and star and bare.start() < star.start() else 1)
PY
grep -q '<span class="epubpack-fallback">ѝ</span>' "$WORK/bg/EPUB/text/ch001.xhtml" ||
    fail "bg: ѝ is not in a fallback span"
grep -q '<span class="epubpack-fallback">о̀</span>' "$WORK/ru/EPUB/text/ch001.xhtml" ||
    fail "ru: a combining grave is not in a span with the letter it sits on: $(grep -o '.\{30\}̀.\{10\}' "$WORK/ru/EPUB/text/ch001.xhtml")"
require_tool mutool "apt-get install mupdf-tools"
mupdf_fonts "$WORK/bg.epub"
mupdf_fonts "$WORK/ru.epub"
mupdf_fonts "$WORK/user.epub"
note "MuPDF sets every character in an embedded face"

# What no embedded font has is the only warning, with the file and line where it is first used.
printf -- '---\ntitle: T\nlang: bg\n---\nТой ѝ каза.\n\nИ после 😀 и ☃.\n' >"$WORK/mix.md"
out=$("$EPUBPACK" build "$WORK/mix.md" -o "$WORK/mix.epub" 2>&1 >/dev/null) || fail "mix.md: build failed: $out"
want="epubpack: $WORK/mix.md:7: WARNING(EPK-FONT): the Regular text has 2 character(s) no embedded font has (U+2603, U+1F600; U+1F600 first, here): readers will take them from a font of their own"
[[ $out == "$want" ]] || fail "mix.md: expected the warning
$want
got
$out"
note "what no font has is named with its first use"

# A book without such characters embeds no fallback.
build plain "$EP_SOURCE_DIR/book"
[[ -z $(ls "$WORK/plain/EPUB/fonts" | grep fallback) ]] || fail "book/: a fallback face was embedded"
grep -q 'Epubpack Fallback' "$WORK/plain/EPUB/css/epubpack.css" && fail "book/: the CSS names the fallback"
epubcheck_clean "$WORK/bg.epub" "$WORK/ru.epub" "$WORK/user.epub"
note "ok"
