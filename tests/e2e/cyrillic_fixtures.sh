#!/usr/bin/env bash
# Issue 23, point 5: a real article in each Cyrillic language epubpack typesets
# (tests/fixtures/cyrillic/<lang>.md, sources and licences in its README.md), each built with its
# defaults and checked by outside judges:
#  - epubcheck 4.2.6 and 5.3.0: no error, no warning;
#  - MuPDF lays it out with no character taken from a font of its own that an embedded subset
#    covers (PT Serif's, or DejaVu Serif's for what PT Serif lacks, such as Bulgarian and
#    Macedonian ѝ: README "Languages"), and every word of the source is in its text;
#  - the typography and soft hyphens of every paragraph are those of <lang>.expected ("~" is
#    U+00A0, "|" U+00AD, "/ " a line break), which follow the golden rules of
#    tests/golden/typography/<lang>.tsv and hyphenate-<lang>.tsv;
#  - the languages with Debian patterns get soft hyphens and `hyphens: manual`, mk and kk none.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool mutool "apt-get install mupdf-tools"
require_tool python3 "apt-get install python3"
require_tool unzip "apt-get install unzip"
require_tool fc-query "apt-get install fontconfig"
make_workdir
dir="$EP_SOURCE_DIR/tests/fixtures/cyrillic"
langs=(uk be bg sr mk kk mn)
epubs=()
for l in "${langs[@]}"; do
    [[ -f "$dir/$l.md" && -f "$dir/$l.expected" ]] || fail "$dir/$l.md or $l.expected is missing"
    epubpack_build "$dir/$l.md" -o "$WORK/$l.epub" 2>"$WORK/$l.err"
    epubs+=("$WORK/$l.epub")
done
epubcheck_clean "${epubs[@]}"

for l in "${langs[@]}"; do
    epub="$WORK/$l.epub"
    # Typography and hyphenation: the chapter's blocks against the expected file.
    python3 - "$epub" >"$WORK/$l.got" <<'PY' || fail "$l: could not read the chapter"
import html, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = sorted(n for n in z.namelist() if re.match(r"EPUB/text/ch\d+(-\d+)?\.xhtml$", n))
for n in names:
    t = z.read(n).decode("utf-8")
    body = t[t.index("<body"):]
    for m in re.finditer(r"<(p|h[1-6])[^>]*>(.*?)</\1>", body, re.S):
        s = re.sub(r"<br\s*/>", "/ ", m.group(2))
        s = html.unescape(re.sub(r"<[^>]+>", "", s))
        print(s.replace("\u00a0", "~").replace("\u00ad", "|").replace("\n", " "))
PY
    if ! diff -u "$dir/$l.expected" "$WORK/$l.got" >"$WORK/$l.diff"; then
        cat "$WORK/$l.diff" >&2
        fail "$l: the typeset text differs from tests/fixtures/cyrillic/$l.expected"
    fi
    # The hyphenation mode each language gets by default.
    shy=$({ grep -o '|' "$WORK/$l.got" || true; } | wc -l)
    hyphens=$(unzip -p "$epub" EPUB/css/epubpack.css |
        awk '/^\/\* Hyphenation/ {r = 1} r && /^    hyphens:/ {sub(/;/, "", $2); print $2; exit}')
    case $l in
    mk | kk) [[ $shy -eq 0 && $hyphens == auto ]] || fail "$l: $shy soft hyphens, hyphens: $hyphens (no patterns: want none, auto)" ;;
    *) [[ $shy -ge 20 && $hyphens == manual ]] || fail "$l: $shy soft hyphens, hyphens: $hyphens (want 20+, manual)" ;;
    esac
    # MuPDF: no fallback glyph for a character the embedded faces cover; every word is there.
    rm -rf "$WORK/fonts" && mkdir "$WORK/fonts"
    unzip -q -o -j "$epub" 'EPUB/fonts/*' -d "$WORK/fonts" || fail "$l: no embedded font"
    for f in "$WORK/fonts"/*; do fc-query -f '%{charset}\n' "$f"; done >"$WORK/charset"
    mutool draw -q -F stext -o "$WORK/$l.stext" "$epub" 2>/dev/null || fail "$l: mutool draw failed"
    python3 - "$WORK/$l.stext" "$WORK/charset" "$dir/$l.md" "$l" <<'PY' || fail "$l: MuPDF used a fallback font (above)"
import re, sys, xml.etree.ElementTree as ET
stext, charset, src, lang = sys.argv[1:5]
covered = set()
for line in open(charset):
    for r in line.split():
        a, _, b = r.partition("-")
        covered.update(range(int(a, 16), int(b or a, 16) + 1))
fallback, uncovered, chars, text = {}, {}, 0, []
for font in ET.parse(stext).iter("font"):
    name = font.get("name") or ""
    for ch in font.iter("char"):
        c = ch.get("c") or ""
        text.append(c)
        if not c or c.isspace():
            continue
        chars += 1
        if not name.startswith(("Epubpack Text", "Epubpack Fallback")):  # the two embedded families
            if ord(c) in covered:
                fallback[c] = name
            else:
                uncovered[c] = name
    text.append(" ")
body = open(src, encoding="utf-8").read().split("\n---\n", 1)[1]
key = lambda t: "".join(re.findall(r"\w+", t.replace("\u00ad", ""))).lower()
words = re.findall(r"\w+", body)
got = key("".join(text))
missing = [w for w in words if key(w) not in got]
print("  %s: %d characters laid out, %d words of the source; not in any embedded face: %s"
      % (lang, chars, len(words), ", ".join("%s U+%04X (%s)" % (c, ord(c), n) for c, n in
                                            sorted(uncovered.items())) or "none"))
if fallback:
    print("  set in a fallback font though embedded: " + ", ".join(
        "%s U+%04X (%s)" % (c, ord(c), n) for c, n in sorted(fallback.items())), file=sys.stderr)
if missing:
    print("  words missing in MuPDF's text: " + " ".join(missing[:10]), file=sys.stderr)
sys.exit(1 if fallback or missing or chars < 300 else 0)
PY
done
note "7 languages: epubcheck clean, typography and hyphenation as expected, no fallback glyph"
