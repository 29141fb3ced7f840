#!/usr/bin/env bash
# Chapters are read on several threads at once (read/book.c), and cmark-gfm 0.29 shares one
# global table of the inline parser's special characters between all parsers: each parse adds
# '~', ':' and 'w' for its extensions and removes them when it finishes. Unguarded, a parse on
# another thread lost strikethrough and autolinks at random (one paragraph in ten here; first
# seen as library/consumer building two EPUBs at once). The book below must come out with every
# one of them, every time.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool unzip "apt-get install unzip"
make_workdir
cd "$WORK"

chapters=64 paragraphs=200
mkdir book
for ((i = 1; i <= chapters; i++)); do
    {
        printf '# Глава %d\n\n' "$i"
        for ((k = 1; k <= paragraphs; k++)); do
            printf 'Абзац %d: ~~вычеркнуто~~ и https://example.org/%d тут.\n\n' "$k" "$k"
        done
    } >"book/ch$(printf %03d "$i").md"
done
want=$((chapters * paragraphs))
for round in 1 2 3; do
    epubpack_build book -o book.epub --font none >/dev/null
    rm -rf x && mkdir x && (cd x && unzip -q ../book.epub)
    del=$(cat x/EPUB/text/*.xhtml | grep -o '<del>' | wc -l)
    links=$(cat x/EPUB/text/*.xhtml | grep -o 'href="https://example.org/' | wc -l)
    [[ $del -eq $want && $links -eq $want ]] ||
        fail "round $round: $del of $want strikethroughs and $links of $want links came out"
done
note "3 builds of $chapters chapters: all $want strikethroughs and links each time"
note "ok"
