#!/usr/bin/env bash
# Issue 21, point 8: a .md or .txt saved in windows-1251 or KOI8-R is read as such, detected
# from its bytes as the web reader detects a page's charset, with a warning naming the encoding
# (it was "the text must be UTF-8", with no hint). A UTF-8 file with one broken byte is still
# refused (bad/invalid_utf8), not read as mojibake.
. "$(dirname "$0")/bad.bash"
require_tool iconv "apt-get install libc-bin"
require_tool unzip "apt-get install unzip"
text='---\ntitle: Заголовок статьи\nlang: ru\n---\nСъешь же ещё этих мягких французских булок, да выпей чаю.\n'
printf -- "$text" | iconv -f UTF-8 -t WINDOWS-1251 >"$BOOK/cp.md"
expect_ok "^epubpack: .*/book/cp\.md: WARNING\(EPK-CHARSET\): the text is not UTF-8; reading it as windows-1251 \(detected from its bytes\): save it as UTF-8, e\.g\. iconv -f windows-1251 -t UTF-8$" "$BOOK/cp.md"
unzip -p "$OUT/ok.epub" 'EPUB/text/*.xhtml' | sed $'s/\xc2\xad//g' | grep -q 'мягких французских булок' ||
    fail "cp.md: the text is not in the book"
unzip -p "$OUT/ok.epub" EPUB/package.opf | grep -q '>Заголовок статьи<' || fail "cp.md: the title is wrong"
rm -f "$OUT/ok.epub"
printf 'Заголовок\n\nСъешь же ещё этих мягких французских булок, да выпей чаю.\n' | iconv -f UTF-8 -t KOI8-R >"$BOOK/koi.txt"
expect_ok "^epubpack: .*/book/koi\.txt: WARNING\(EPK-CHARSET\): the text is not UTF-8; reading it as KOI8-R \(detected from its bytes\): save it as UTF-8, e\.g\. iconv -f KOI8-R -t UTF-8$" "$BOOK/koi.txt"
unzip -p "$OUT/ok.epub" 'EPUB/text/*.xhtml' | sed $'s/\xc2\xad//g' | grep -q 'мягких французских булок' ||
    fail "koi.txt: the text is not in the book"
rm -f "$OUT/ok.epub"
# UTF-8 with one byte cut out of a letter: still an error, with its line.
printf -- "$text" | head -c 150 >"$BOOK/broken.md"
printf '\xd0 и дальше текст.\n' >>"$BOOK/broken.md"
expect_fail 1 "^epubpack: .*/broken\.md:5:[0-9]+: invalid UTF-8 at line 5" "$BOOK/broken.md"
