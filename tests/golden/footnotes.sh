#!/usr/bin/env bash
# Golden test of the footnote markup (issue 7), byte for byte as written into the EPUB: the
# noteref links (the number alone, no element inside: Apple Books pop-ups), the footnote
# asides (back-link first: Kindle pop-ups), and with `notes: endnotes` the notes file.
# Expected output: tests/golden/footnotes/*.txt. After an intended change, regenerate with
#   EP_UPDATE_GOLDEN=1 ctest -R footnotes
# and review the diff.
. "$(dirname "$0")/../e2e/lib.bash"
require_epubpack
require_tool unzip "apt-get install unzip"
require_tool python3 "apt-get install python3"
make_workdir

FIXTURE="$EP_SOURCE_DIR/tests/fixtures/reader-book"
GOLDEN="$EP_SOURCE_DIR/tests/golden/footnotes"

# markup EPUB FILE... — the noteref links, asides and endnotes section of the named files.
markup() {
    local epub=$1
    shift
    for f in "$@"; do
        printf '== %s\n' "$f"
        unzip -p "$epub" "EPUB/text/$f" | python3 -c '
import re, sys
s = sys.stdin.read()
for m in re.finditer(r"<a [^>]*epub:type=\"noteref\"[^>]*>.*?</a>|<aside .*?</aside>|<section epub:type=\"endnotes\".*?</section>", s, re.S):
    print(m.group(0))'
    done
}

compare() {
    local name=$1 got=$2
    if [[ -n "${EP_UPDATE_GOLDEN:-}" ]]; then
        cp "$got" "$GOLDEN/$name"
        note "updated $GOLDEN/$name"
        return
    fi
    [[ -f "$GOLDEN/$name" ]] || fail "missing golden file $GOLDEN/$name"
    diff -u "$GOLDEN/$name" "$got" >&2 || fail "footnote markup differs from $GOLDEN/$name"
    note "$name matches"
}

epubpack_build "$FIXTURE" -o "$WORK/foot.epub" >/dev/null
markup "$WORK/foot.epub" ch001.xhtml ch002.xhtml >"$WORK/footnotes.txt"
compare footnotes.txt "$WORK/footnotes.txt"

cp -r "$FIXTURE" "$WORK/end"
printf 'notes: endnotes\n' >>"$WORK/end/book.yaml"
epubpack_build "$WORK/end" -o "$WORK/end.epub" >/dev/null
markup "$WORK/end.epub" ch001.xhtml ch002.xhtml notes.xhtml >"$WORK/endnotes.txt"
compare endnotes.txt "$WORK/endnotes.txt"
