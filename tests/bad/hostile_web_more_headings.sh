#!/usr/bin/env bash
# Hostile input: a page of 100 000 "Mehr zum Thema" headings. Each such heading weighs the text
# that follows it against the article's (read/web_more.c); measured once per heading, that
# was quadratic (minutes); one walk now. The page builds, bounded in time and memory.
. "$(dirname "$0")/bad.bash"
python3 - "$BOOK/page.html" <<'PY'
import sys
p = "<p>" + "Words of the article, long enough to make a paragraph of it. " * 4 + "</p>\n"
open(sys.argv[1], "w").write('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T</title></head>'
    "<body><article><h1>Title here</h1>\n" + p * 5 + "<h2>Mehr zum Thema</h2>\n" * 100000 +
    "</article></body></html>\n")
PY
run_bounded build "$BOOK/page.html" -o "$OUT/x.epub"
note "exit $RC: $STDERR"
[[ $RC -eq 0 ]] || fail "expected exit 0, got $RC: $STDERR"
[[ -s "$OUT/x.epub" ]] || fail "no EPUB written"
