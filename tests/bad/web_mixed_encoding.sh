#!/usr/bin/env bash
# Bad input (issues 14, 22): a windows-1251 page with a block of UTF-8 pasted into it is read
# line by line, each line in the encoding its bytes are, with a warning naming the first UTF-8
# line (a browser shows that block as mojibake; the reader wants it readable)
. "$(dirname "$0")/bad.bash"
text='Текст в windows-1251, достаточно длинный для абзаца. '
{
    printf '<html><head><meta charset="windows-1251"><title>T</title></head><body>\n<p>'
    printf '%s%s%s' "$text" "$text" "$text" | iconv -f UTF-8 -t CP1251
    printf '</p>\n<p>А это вставлено в UTF-8 из другого файла, и это видно по байтам.</p>\n</body></html>\n'
} >"$BOOK/page.html"
expect_ok "^epubpack: .*/page\.html:3: WARNING\(EPK-CHARSET\): the page mixes encodings: it declares windows-1251 \(line 1\) but this line is UTF-8; each line is read in the encoding of its bytes$" "$BOOK/page.html"
body=$(unzip -p "$OUT/ok.epub" '*.xhtml' | tr -d '\n' | sed 's/\xc2\xad//g; s/\xc2\xa0/ /g; s/<[^>]*>//g')
grep -q 'Текст в windows-1251, достаточно длинный' <<<"$body" || fail "the windows-1251 text is not read: $body"
grep -q 'А это вставлено в UTF-8 из другого файла' <<<"$body" || fail "the UTF-8 line is not read: $body"
