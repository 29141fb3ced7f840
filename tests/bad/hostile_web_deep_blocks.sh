#!/usr/bin/env bash
# Hostile input: two stacks of 1990 nested <div>s (under the 2000 limit), each over 4 MB of
# paragraphs. The rules for short blocks (a "read also" line, Readability's conditional
# cleaning) measured each block's whole subtree, once per block above it: depth times size,
# over 30 s; they stop measuring past the length they judge. The page builds within 20 s.
. "$(dirname "$0")/bad.bash"
python3 - "$BOOK/page.html" <<'PY'
import sys
p = "<p>" + "Words of the article, long enough to make a paragraph of it. " * 4 + "</p>\n"
stack = "<div>" * 1990 + p * 16000 + "</div>" * 1990
open(sys.argv[1], "w").write('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T</title></head>'
    "<body><article><h1>Title here</h1>\n" + stack * 2 + "</article></body></html>\n")
PY
RC=0
SECONDS=0
timeout 20 "$EPUBPACK" build "$BOOK/page.html" -o "$OUT/x.epub" >"$WORK/stdout" 2>"$WORK/stderr" || RC=$?
note "exit $RC in $SECONDS s: $(cat "$WORK/stderr")"
[[ $RC -ne 124 ]] || fail "not built within 20 s"
[[ $RC -eq 0 ]] || fail "expected exit 0, got $RC: $(cat "$WORK/stderr")"
[[ -s "$OUT/x.epub" ]] || fail "no EPUB written"
