#!/usr/bin/env bash
# Bad input (issue 14): a page that declares UTF-8 but holds other bytes
. "$(dirname "$0")/bad.bash"
chapter page.html '<html lang="ru"><meta charset="utf-8"><title>T</title>\n<p>Текст статьи, достаточно длинный для абзаца.</p>\n<p>Ещё \xff\xfe текст.</p></html>\n'
expect_fail 1 "^epubpack: .*/page\.html:3: byte 0xFF \(offset [0-9]+\) is not UTF-8, which the page declares: the page mixes encodings or is broken$" "$BOOK/page.html"
