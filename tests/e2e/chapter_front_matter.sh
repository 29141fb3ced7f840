#!/usr/bin/env bash
# Issue 21, point 5: in a folder book, a chapter's own front matter sets its language,
# typography and hyphenation. The English chapter of a Russian book gets lang="en", “Hi” and an
# English date, no soft hyphens and CSS `hyphens: auto` (no English dictionary is needed: one
# installed gives soft hyphens instead); a chapter's `typography: en` and `hyphenation: off`
# apply to it alone. Keys a chapter cannot set (font, notes, …) are a warning.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool unzip "apt-get install unzip"
make_workdir
b="$WORK/book"
mkdir "$b"
printf 'title: Книга\nlang: ru\ndate: 2020-05-21\nchapters: [ru.md, en.md, typo.md]\n' >"$b/book.yaml"
printf -- '---\ntitle: Глава\ndate: 2020-05-21\n---\nОн сказал "привет" о суперкомпьютере.\n' >"$b/ru.md"
printf -- '---\ntitle: Chapter\nlang: en\ndate: 2020-05-21\n---\nShe said "Hi" -- about supercomputers.\n' >"$b/en.md"
printf -- '---\ntitle: Третья\ntypography: en\nhyphenation: off\n---\nОн сказал "привет" -- о суперкомпьютере.\n' >"$b/typo.md"
epubpack_build "$b" -o "$WORK/book.epub" >/dev/null
doc() { unzip -p "$WORK/book.epub" "EPUB/text/$1.xhtml"; }
has() { # DOC TEXT WHAT
    grep -qF -- "$2" <<<"$(doc "$1")" || fail "$1.xhtml: $3: no '$2' in: $(doc "$1" | grep -o '<body.*')"
    note "$1.xhtml: $3: $2"
}
shy=$'\xc2\xad' nbsp=$'\xc2\xa0'
has ch001 'lang="ru"' "the book's language"
has ch001 "«при${shy}вет»" "Russian quotes and soft hyphens"
has ch001 "21${nbsp}мая 2020" "a Russian date"
has ch002 'lang="en" xml:lang="en"' "its own language"
has ch002 "She said “Hi”${nbsp}— about" "English typography"
has ch002 '21 May 2020' "an English date"
has ch002 '<body class="epubpack-hyphens-auto">' "the reader hyphenates English"
doc ch002 | grep -q "$shy" && fail "ch002.xhtml (lang: en) has soft hyphens"
has ch003 'lang="ru"' "the book's language"
has ch003 "Он сказал “привет”${nbsp}— о" "its own typography: en"
doc ch003 | grep -q "$shy" && fail "ch003.xhtml (hyphenation: off) has soft hyphens"
unzip -p "$WORK/book.epub" EPUB/css/epubpack.css | grep -A1 '^body.epubpack-hyphens-auto {' | grep -q 'hyphens: auto;' ||
    fail "the stylesheet has no rule for body.epubpack-hyphens-auto"
# Keys that are the book's, in a chapter's front matter: one warning names them and says where
# they belong (they were ignored silently).
printf -- '---\ntitle: Глава\nfont: none\nnotes: endnotes\n---\nТекст.\n' >"$b/ru.md"
"$EPUBPACK" build "$b" -o "$WORK/keys.epub" >/dev/null 2>"$WORK/keys.err" || fail "the build failed: $(cat "$WORK/keys.err")"
grep -qxE "epubpack: .*/book/ru\.md:2: WARNING\(EPK-META\): metadata keys 'font', 'notes' in a chapter's front matter are for the whole book: set them in the book's metadata file \(ignored here\)" "$WORK/keys.err" ||
    fail "no warning for the book's keys in a chapter: $(cat "$WORK/keys.err")"
note "book keys in a chapter: $(cat "$WORK/keys.err")"
epubcheck_clean "$WORK/book.epub"
