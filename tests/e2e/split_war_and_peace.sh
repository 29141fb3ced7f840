#!/usr/bin/env bash
# War and Peace from one Markdown file (issue 11, point 1): volumes (#), parts (##) and
# chapters (###) in one 5 MB file made one 5.3 MB content document. Now no content document
# is over 256 KB, MuPDF reads the same words as from the book made one file per chapter (which
# needs no split), every link and toc entry resolves, and epubcheck 4.2.6 and 5.3.0 are clean.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool python3
require_tool mutool "apt-get install mupdf-tools"
require_test_data war-and-peace
make_workdir
wp=$EP_TEST_DATA/corpus/war-and-peace
export SOURCE_DATE_EPOCH=1700000000

python3 "$EP_SOURCE_DIR/tests/bench/wp_to_markdown.py" --single "$wp" "$WORK/wp.md"
python3 "$EP_SOURCE_DIR/tests/bench/wp_to_markdown.py" "$wp" "$WORK/chapters"
epubpack_build "$WORK/wp.md" -o "$WORK/one.epub"
epubpack_build "$WORK/chapters" -o "$WORK/chapters.epub"

python3 "$EP_SOURCE_DIR/tests/e2e/epub_parts.py" "$WORK/one.epub" >"$WORK/parts" ||
    fail "links or documents of the split book: $(cat "$WORK/parts")"
read -r _ name bytes < <(grep '^largest ' "$WORK/parts")
n=$(grep -c '^doc ' "$WORK/parts")
note "one file: $n documents, the largest $name: $bytes bytes"
[[ $bytes -le 262144 ]] || fail "$name has $bytes bytes, over 256 KB"
[[ $n -gt 100 ]] || fail "only $n documents: the volumes were not split at parts and chapters"
toc=$(grep -c '^toc ' "$WORK/parts")
heads=$(grep -c '^#' "$WORK/wp.md")
((toc == heads + 1)) || fail "$toc toc entries for $heads headings and the title"

# The words MuPDF lays out (pages wide enough that lines rarely break, and a hyphen at a line
# end is not taken for a break inside a word: the two books break lines in different places).
mupdf_words() {
    epub_without_contents "$1" "$1.nonav.epub"
    mutool draw -q -W 4000 -H 8000 -F txt -o "$1.txt" "$1.nonav.epub" 2>/dev/null ||
        fail "mutool could not lay out $1"
    python3 -c 'import re, sys, unicodedata
t = unicodedata.normalize("NFC", open(sys.argv[1], encoding="utf-8").read())
print(len(re.findall(r"[^\W_]+", re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", t))))' "$1.txt"
}
w1=$(mupdf_words "$WORK/one.epub")
w2=$(mupdf_words "$WORK/chapters.epub")
note "MuPDF words: one file split $w1, one file per chapter $w2"
[[ $w1 -gt 400000 && $w1 -eq $w2 ]] || fail "MuPDF reads $w1 words from the split book, $w2 from the book of chapter files"
epubcheck_clean "$WORK/one.epub"
note "ok"
