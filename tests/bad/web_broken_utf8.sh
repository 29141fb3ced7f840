#!/usr/bin/env bash
# Bad input (issues 14, 22): a page that declares UTF-8 but holds a few other bytes is read as a
# browser reads it: each ill-formed sequence is one U+FFFD, with a warning naming the first
. "$(dirname "$0")/bad.bash"
chapter page.html '<html lang="ru"><meta charset="utf-8"><title>T</title>\n<p>Текст статьи, достаточно длинный для абзаца.</p>\n<p>Ещё \xff\xfe текст, и \xe4\xb8 ещё.</p></html>\n'
expect_ok "^epubpack: .*/page\.html:3: WARNING\(EPK-BYTES\): byte 0xFF \(offset [0-9]+\) is not UTF-8, which the page declares: read as U\+FFFD, as browsers do \(and 2 more in the page\)$" "$BOOK/page.html"
# 0xFF, 0xFE: one each; 0xE4 0xB8, a character cut short: one
text=$(unzip -p "$OUT/ok.epub" '*.xhtml' | tr -d '\n' | sed 's/\xc2\xad//g; s/\xc2\xa0/ /g; s/<[^>]*>//g')
grep -q 'Ещё �� текст, и � ещё\.' <<<"$text" || fail "the stray bytes are not U+FFFD in the text: $text"
