#!/usr/bin/env bash
# Bad input: a tag with 700 000 attributes. Gumbo compares each attribute's name with all those
# before it in the tag (minutes); the page is refused on its bytes, before the parse, naming the
# line of the tag (README "Limits": 256 attributes).
. "$(dirname "$0")/bad.bash"
python3 - "$BOOK/page.html" <<'PY'
import sys
open(sys.argv[1], "w").write('<!DOCTYPE html><html lang="en"><head><title>T</title></head><body>\n<article>\n<p>Text.</p>\n<p '
    + " ".join('a%d="%d"' % (i, i) for i in range(700000)) + '>a</p></article></body></html>\n')
PY
expect_refused_fast "700 000 attributes" \
    "epubpack: $BOOK/page.html:4: a tag with more than 256 attributes here; the page is refused" \
    "$BOOK/page.html"
