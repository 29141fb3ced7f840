#!/usr/bin/env bash
# A single article shows its front matter (issue 15, point 2): the title as the top heading,
# the byline under it, <title> the article's title, the toc nested under the title, and no
# second heading when the text already starts with one that reads the same. epubcheck clean.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool unzip "apt-get install unzip"
make_workdir
cd "$WORK"

# body FILE.epub — the chapter's <head><title> and <body> on one line.
chapter() { unzip -p "$1" EPUB/text/ch001.xhtml | tr -d '\n'; }
expect_in() { # expect_in WHAT HAYSTACK NEEDLE
    [[ "$2" == *"$3"* ]] || fail "$1: expected to find '$3' in: $2"
}

# The issue's file: the text starts with a paragraph, then "## Раздел".
printf -- '---\ntitle: Статья\nauthor: Иван Петров\n---\nТекст.\n\n## Раздел\n\nЕщё текст.\n' >h2.md
epubpack_build h2.md >/dev/null 2>&1
x=$(chapter h2.epub)
expect_in "h2.md <title>" "$x" '<title>Статья</title>'
expect_in "h2.md body" "$x" '<body><h1 id="statia">Статья</h1><p class="byline">Иван Петров</p><p>Текст.</p><h2 id="razdel">Раздел</h2><p>Ещё текст.</p></body>'
nav=$(unzip -p h2.epub EPUB/nav.xhtml | tr -d ' \n')
expect_in "h2.md toc" "$nav" '<ol><li><ahref="text/ch001.xhtml#statia">Статья</a><ol><li><ahref="text/ch001.xhtml#razdel">Раздел</a></li></ol></li></ol>'
ncx=$(unzip -p h2.epub EPUB/toc.ncx | tr -d ' \n')
expect_in "h2.md ncx depth" "$ncx" '<metaname="dtb:depth"content="2"/>'

# A first "# Статья" is already the title: kept, not repeated; the byline (authors, date in
# the book's language) goes under it. Typography applies to both sides of the comparison.
printf -- '---\ntitle: "Статья о \\"кавычках\\""\nauthor: [Иван Петров, Мария Сидорова]\nlang: ru\ndate: 2024-03-12\n---\n# Статья о "кавычках"\n\nТекст.\n' >same.md
epubpack_build same.md >/dev/null 2>&1
x=$(chapter same.epub)
nbsp=$'\u00a0'
expect_in "same.md body" "$x" "<body><h1 id=\"statia-o-kavychkakh\">Статья о${nbsp}«кавычках»</h1><p class=\"byline\">Иван Петров, Мария Сидорова, 12${nbsp}марта 2024${nbsp}г.</p><p>Текст.</p></body>"
[[ $(grep -o '<h1' <<<"$x" | wc -l) -eq 1 ]] || fail "same.md: the title heading is repeated: $x"

# No heading at all: the title, the subtitle, then the byline, in that order.
printf -- '---\ntitle: Заметка\nsubtitle: Без заголовков\nauthor: Иван Петров\nlang: ru\n---\nТекст.\n' >flat.md
epubpack_build flat.md >/dev/null 2>&1
x=$(chapter flat.epub)
expect_in "flat.md body" "$x" '<body><h1 id="zametka">Заметка</h1><p class="subtitle">Без заголовков</p><p class="byline">Иван Петров</p><p>Текст.</p></body>'

# Without a title in the metadata the text's first heading is the title; the byline follows it.
printf -- '---\nauthor: Ivan Petrov\nlang: en\n---\n# Notes\n\nText.\n' >untitled.md
epubpack_build untitled.md >/dev/null 2>&1
x=$(chapter untitled.epub)
expect_in "untitled.md body" "$x" '<body><h1 id="notes">Notes</h1><p class="byline">Ivan Petrov</p><p>Text.</p></body>'
epubcheck_clean h2.epub same.epub
note "ok"
