#!/usr/bin/env bash
# Issue 21, point 3: quotes the author typed as typographic quotes stay as typed; only straight
# quotes are converted (and nest inside typed ones). The reader fixture's sentence
# «…внутренние — „лапки“» used to come out with «лапки».
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool unzip "apt-get install unzip"
make_workdir
printf -- '---\ntitle: Кавычки\nlang: ru\n---\nОн сказал: «ответ — "да"», а „лапки“ и “английские” остались, "прямые" — нет.\n' \
    >"$WORK/quotes.md"
epubpack_build "$EP_SOURCE_DIR/tests/fixtures/reader-book" -o "$WORK/reader.epub" >/dev/null
epubpack_build "$WORK/quotes.md" -o "$WORK/quotes.epub" >/dev/null
# text EPUB — its chapters, without soft hyphens and with no-break spaces as spaces
text() { unzip -p "$1" 'EPUB/text/*.xhtml' | sed $'s/\xc2\xad//g; s/\xc2\xa0/ /g'; }
reader=$(text "$WORK/reader.epub")
quotes=$(text "$WORK/quotes.epub")
expect() { # TEXT NEEDLE
    grep -qF -- "$2" <<<"$1" || fail "the book does not contain: $2"
    note "as expected: $2"
}
expect "$reader" "а внутренние — „лапки“"
expect "$reader" "«ёлочки»"
grep -qF "«лапки»" <<<"$reader" && fail "the typed „лапки“ became «лапки»"
expect "$quotes" "«ответ — „да“»"
expect "$quotes" "„лапки“ и “английские” остались, «прямые» — нет"
epubcheck_clean "$WORK/reader.epub" "$WORK/quotes.epub"
