#!/usr/bin/env bash
# Bad input (issue 14): a windows-1251 page with a block of UTF-8 pasted into it
. "$(dirname "$0")/bad.bash"
text='Текст в windows-1251, достаточно длинный для абзаца. '
{
    printf '<html><head><meta charset="windows-1251"><title>T</title></head><body>\n<p>'
    printf '%s%s%s' "$text" "$text" "$text" | iconv -f UTF-8 -t CP1251
    printf '</p>\n<p>А это вставлено в UTF-8 из другого файла, и это видно по байтам.</p>\n</body></html>\n'
} >"$BOOK/page.html"
expect_fail 1 "^epubpack: .*/page\.html:3: the page mixes encodings: it declares windows-1251 \(line 1\) but this line is UTF-8; save it in one encoding$" "$BOOK/page.html"
