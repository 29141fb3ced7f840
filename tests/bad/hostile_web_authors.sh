#!/usr/bin/env bash
# Hostile input: a page naming 300 000 authors in its JSON-LD, and one with 200 000
# article:author <meta>s. Each name was compared with all the names before it (minutes); the
# first 1000 are read (README "Limits"), and the page builds, bounded in time and memory.
. "$(dirname "$0")/bad.bash"
for kind in jsonld meta; do
    python3 - "$BOOK/$kind.html" "$kind" <<'PY'
import sys
p = "<p>" + "Words of the article, long enough to make a paragraph of it. " * 4 + "</p>\n"
if sys.argv[2] == "jsonld":
    head = ('<script type="application/ld+json">{"@type":"NewsArticle","headline":"T","author":['
            + ",".join('{"@type":"Person","name":"Author Number%d"}' % i for i in range(300000))
            + "]}</script>")
else:
    head = "".join('<meta property="article:author" content="Author Number%d">' % i for i in range(200000))
open(sys.argv[1], "w").write('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T</title>'
    + head + "</head><body><article><h1>T</h1>" + p * 5 + "</article></body></html>\n")
PY
    run_bounded build "$BOOK/$kind.html" -o "$OUT/$kind.epub"
    note "$kind: exit $RC: $STDERR"
    [[ $RC -eq 0 ]] || fail "$kind: expected exit 0, got $RC: $STDERR"
    n=$(unzip -p "$OUT/$kind.epub" EPUB/package.opf | grep -c '<dc:creator')
    [[ $n -eq 1000 ]] || fail "$kind: $n authors in the book, expected the first 1000"
done
