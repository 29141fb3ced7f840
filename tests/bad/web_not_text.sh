#!/usr/bin/env bash
# Bad input (issue 22): a page that declares UTF-8 but whose text is in another encoding is not
# text a browser could show either (every letter a U+FFFD): refused, naming the first byte
. "$(dirname "$0")/bad.bash"
text='Текст в windows-1251, достаточно длинный для абзаца. '
{
    printf '<html><head><meta charset="utf-8"><title>T</title></head><body>\n<p>'
    printf '%s%s' "$text" "$text" | iconv -f UTF-8 -t CP1251
    printf '</p>\n</body></html>\n'
} >"$BOOK/page.html"
expect_fail 1 "^epubpack: .*/page\.html:2: the page is not UTF-8 text, which the page declares: [0-9]+ of its [0-9]+ characters beyond ASCII are not \(the first: byte 0xD2, offset [0-9]+\); save it in one encoding$" "$BOOK/page.html"
