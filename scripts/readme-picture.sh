#!/usr/bin/env bash
# Makes the README pictures: the bundled article's first page as MuPDF renders it from
# epubpack's EPUB (docs/first-page.png), and, for comparison, the first page of the article's
# text in pandoc's EPUB of the same Markdown (docs/first-page-pandoc.png; pandoc puts a title
# page and the table of contents first), a saved web page's article (docs/web-page.png) and a
# Ukrainian page (docs/ukrainian-page.png). All at 450×650 px, 96 dpi, in grey (half the bytes
# of colour, and the pages have no colour).
set -euo pipefail
cd "$(dirname "$0")/.."
EPUBPACK=${EPUBPACK:-build/epubpack}
[[ -x "$EPUBPACK" ]] || { echo "build first: ./scripts/setup-and-build.sh" >&2; exit 1; }
command -v mutool >/dev/null || { echo "apt-get install mupdf-tools" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
draw() { mutool draw -q -c gray -r 96 -W 450 -H 650 "$@" 2>/dev/null; }
text() { mutool draw -q -F txt -W 450 -H 650 -o - "$@" 2>/dev/null; }

mkdir -p docs
"$EPUBPACK" build book -o "$work/book.epub"
draw -o docs/first-page.png "$work/book.epub" 1
if command -v pandoc >/dev/null; then
    pandoc book/article.md -o "$work/pandoc.epub" --toc
    # The first page that holds the first words of the article's body.
    first=$(awk 'NR == 1 && /^---$/ { fm = 1; next } fm && /^---$/ { fm = 0; next }
                 !fm && NF { print $1, $2; exit }' book/article.md)
    [[ -n "$first" ]] || { echo "book/article.md has no body text" >&2; exit 1; }
    page=1
    for p in 1 2 3 4 5 6; do
        if text "$work/pandoc.epub" "$p" | tr '\n' ' ' | grep -qF "$first"; then
            page=$p
            break
        fi
    done
    draw -o docs/first-page-pandoc.png "$work/pandoc.epub" "$page"
    echo "pandoc: page $page holds the start of the text"
fi
# A saved web page (tests/fixtures/web/saved: statya.html + statya_files/) as its article comes
# out: the first page of the chapter (page 1 is the nav-less chapter itself).
"$EPUBPACK" build tests/fixtures/web/saved/statya.html -o "$work/web.epub" 2>/dev/null
draw -o docs/web-page.png "$work/web.epub" 1
# A Ukrainian page (issue 23): the first page of tests/fixtures/cyrillic/uk.md, Ukrainian
# typography («…», ʼ, no-break spaces) and hyphenation (hyphen-uk).
"$EPUBPACK" build tests/fixtures/cyrillic/uk.md -o "$work/uk.epub" 2>/dev/null
draw -o docs/ukrainian-page.png "$work/uk.epub" 1
for f in docs/first-page*.png docs/web-page.png docs/ukrainian-page.png; do
    size=$(wc -c <"$f")
    echo "$f: $size bytes"
    if [[ $size -ge 153600 ]]; then
        echo "  warning: $f is over 150 KB; do not commit it" >&2
    fi
done
