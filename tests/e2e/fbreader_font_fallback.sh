#!/usr/bin/env bash
# Issue 21, point 4: FBReader 0.12 (Debian 12) set our books in sans while pandoc's came out
# serif. Seen under Xvfb, it loads no @font-face and reads a font-family value as
# whitespace-separated words of which it takes the first: `"Epubpack Text", serif` gave it the
# family `"Epubpack`, which it cannot find (fbreader/src/formats/css/StyleSheetParser.cpp and
# StyleSheetTable.cpp). It applies a rule only when the selector is a bare element name or
# .class, and a later rule with the same selector replaces an earlier one whole. So:
#  1. read as FBReader reads it, the stylesheet must give body and h1-h6 a generic family;
#  2. MuPDF must still set every Cyrillic character in the embedded face (the rule other
#     engines read is `* body`, body's own specificity);
#  3. a user stylesheet's `body { font-family: ... }` still wins (source order);
#  4. epubcheck 4.2.6 and 5.3.0 report nothing.
# GUI screenshots of FBReader itself are in the issue's closing note; FBReader is not run here.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool mutool "apt-get install mupdf-tools"
require_tool python3 "apt-get install python3"
require_tool unzip "apt-get install unzip"
make_workdir
book="$EP_SOURCE_DIR/book"

epubpack_build "$book" -o "$WORK/article.epub" >/dev/null
unzip -p "$WORK/article.epub" EPUB/css/epubpack.css >"$WORK/article.css"

# 1. FBReader 0.12's reading of the stylesheet.
python3 - "$WORK/article.css" <<'PY' || fail "FBReader 0.12 would not get a generic family"
import re, sys
css = re.sub(r"/\*.*?\*/", " ", open(sys.argv[1], encoding="utf-8").read(), flags=re.S)
rules = {}
for sel, block in re.findall(r"([^{}]*)\{([^{}]*)\}", css):
    sel = sel.strip()
    if sel.startswith("@"):
        continue  # @font-face: ignored by FBReader 0.12
    decls = {}
    for d in block.split(";"):
        if ":" in d:
            name, value = d.split(":", 1)
            words = value.split()
            w = words[0] if words else ""
            if len(w) >= 2 and w[0] in "\"'" and w[0] == w[-1]:
                w = w[1:-1]
            decls[name.strip()] = w
    for s in sel.split(","):
        rules[s.strip()] = decls  # a later rule with the same selector replaces the earlier
generic = {"serif", "sans-serif", "monospace"}
bad = 0
for tag in ["body", "h1", "h2", "h3", "h4", "h5", "h6"]:
    fam = rules.get(tag, {}).get("font-family")
    print("  FBReader's font-family for %s: %s" % (tag, fam))
    if fam is not None and fam not in generic:
        print("  %s: FBReader would look for a font named %r and fall back to sans" % (tag, fam),
              file=sys.stderr)
        bad += 1
if rules.get("body", {}).get("font-family") != "serif":
    print("  body: FBReader should get serif, the fallback the stylesheet names", file=sys.stderr)
    bad += 1
sys.exit(1 if bad else 0)
PY

# 2. and 3. MuPDF: the embedded face by default; the user's body rule when there is one.
cyrillic_fonts() { # EPUB → "font count" lines for the Cyrillic characters MuPDF lays out
    mutool draw -F stext -o "$WORK/stext.xml" "$1" 2>/dev/null
    python3 - "$WORK/stext.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
tally = {}
for font in ET.parse(sys.argv[1]).iter("font"):
    for ch in font.iter("char"):
        c = ch.get("c") or ""
        if "\u0400" <= c <= "\u04ff":
            tally[font.get("name")] = tally.get(font.get("name"), 0) + 1
for name, n in sorted(tally.items()):
    print("%s %d" % (name, n))
PY
}
cyrillic_fonts "$WORK/article.epub" >"$WORK/fonts.txt"
sed 's/^/  MuPDF, default: /' "$WORK/fonts.txt"
[[ -s "$WORK/fonts.txt" ]] || fail "MuPDF laid out no Cyrillic text"
grep -v '^Epubpack Text' "$WORK/fonts.txt" && fail "MuPDF sets Cyrillic text in a font other than the embedded one"
grep -q '^Epubpack Text Bold ' "$WORK/fonts.txt" || fail "MuPDF does not set the heading in the embedded bold face"

printf 'body {\n    font-family: monospace;\n}\n' >"$WORK/user.css"
epubpack_build "$book" --css "$WORK/user.css" -o "$WORK/user.epub" >/dev/null
cyrillic_fonts "$WORK/user.epub" >"$WORK/user-fonts.txt"
sed 's/^/  MuPDF, user body rule: /' "$WORK/user-fonts.txt"
grep -q '^Epubpack Text Regular ' "$WORK/user-fonts.txt" &&
    fail "the user's body { font-family: monospace } no longer wins over ours"
[[ -s "$WORK/user-fonts.txt" ]] || fail "MuPDF laid out no Cyrillic text with the user stylesheet"

# 4. Both epubchecks.
epubcheck_clean "$WORK/article.epub" "$WORK/user.epub"
note "ok"
