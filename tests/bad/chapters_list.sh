#!/usr/bin/env bash
# Issue 21, point 10: `chapters:` may be one file name (it was refused: "a list of file
# names"), and a file listed twice (also as ./a.md) is read once, where it is first listed, with
# a warning naming the line (it was read twice without a word).
. "$(dirname "$0")/bad.bash"
chapter a.md '# Первая\n\nТекст.\n'
chapter b.md '# Вторая\n\nТекст.\n'
book_yaml 'title: Книга\nlang: ru\nchapters: b.md\n'
expect_ok '^$' "$BOOK"
n=$(unzip -l "$OUT/ok.epub" | grep -c 'EPUB/text/ch[0-9]*\.xhtml') || true
[[ $n -eq 1 ]] || fail "chapters: b.md gave $n chapters"
note "chapters: b.md (one string): 1 chapter"
rm -f "$OUT/ok.epub"
book_yaml 'title: Книга\nlang: ru\nchapters:\n  - a.md\n  - b.md\n  - ./a.md\n'
expect_ok "^epubpack: .*/book/book\.yaml:6: WARNING\(EPK-META\): chapter '\./a\.md' is listed twice \(first as 'a\.md'\); it is read once$" "$BOOK"
n=$(unzip -l "$OUT/ok.epub" | grep -c 'EPUB/text/ch[0-9]*\.xhtml') || true
[[ $n -eq 2 ]] || fail "a.md, b.md, ./a.md gave $n chapters, want 2"
