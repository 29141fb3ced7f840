#!/usr/bin/env bash
# Issue 21, point 7: pandoc's Markdown where users bring it. Heading attributes {#id .class}
# are read (they stayed in the heading's text), ~sub~ and ^sup^ become <sub> and <sup> (H~2~O
# was strikethrough; ~~x~~ still is), and a fenced div (:::) is a warning naming its line.
. "$(dirname "$0")/bad.bash"
require_tool unzip "apt-get install unzip"
cat >"$BOOK/a.md" <<'MD'
---
title: Пандок
lang: ru
---
## Раздел {#razdel .intro}

Вода H~2~O, 2^10^ байт, ~~зачёркнуто~~, около ~5 км ~ и x^y.

## Ёлка {#ёлка}

См. [раздел](#razdel).

::: warning
Текст в блоке.
:::
MD
expect_ok "^epubpack: .*/book/a\.md:13: WARNING\(EPK-MARKDOWN\): pandoc's fenced divs \(:::\) are not supported: the ':::' lines stay in the text$" "$BOOK/a.md"
body=$(unzip -p "$OUT/ok.epub" EPUB/text/ch001.xhtml | sed 's/\xc2\xad//g; s/\xc2\xa0/ /g')
want() {
    grep -qF -- "$1" <<<"$body" || fail "expected $1 in: $body"
    note "as expected: $1"
}
want '<h2 id="razdel" class="intro">Раздел</h2>'
want 'H<sub>2</sub>O, 2<sup>10</sup> байт, <del>зачёркнуто</del>, около ~5 км ~ и x^y.'
want '<h2 id="elka">Ёлка</h2>'
want '<a href="#razdel">раздел</a>'
grep -qF '{#' <<<"$body" && fail "an attribute block stayed in the text: $body"
epubcheck_clean "$OUT/ok.epub"
