#!/usr/bin/env bash
# Issue 21, point 6: a book folder's metadata may be in book.yaml, book.yml, or pandoc's
# metadata.yaml (metadata.yml); it was ignored under the other names (the title became the
# first heading, the chapters went in name order). When two are there, the first is read and
# the other is a warning naming both.
. "$(dirname "$0")/bad.bash"
chapter a.md '# Первая\n\nТекст.\n'
chapter b.md '# Вторая\n\nТекст.\n'
for name in book.yml metadata.yaml metadata.yml; do
    rm -f "$BOOK"/*.y*ml
    printf 'title: Книга из %s\nlang: ru\nchapters: [b.md, a.md]\n' "$name" >"$BOOK/$name"
    expect_ok '^$' "$BOOK"
    [[ -z $STDERR ]] || fail "$name: warnings: $STDERR"
    opf=$(unzip -p "$OUT/ok.epub" EPUB/package.opf)
    grep -qF "<dc:title id=\"title\">Книга из $name</dc:title>" <<<"$opf" ||
        grep -qF ">Книга из $name</dc:title>" <<<"$opf" || fail "$name: the title is not read from it"
    first=$(unzip -p "$OUT/ok.epub" EPUB/text/ch001.xhtml | grep -o '<h1[^>]*>[^<]*</h1>' | head -1)
    [[ $first == *Вторая* ]] || fail "$name: the chapters are not in its order (first: $first)"
    note "$name: read (title, chapters in its order)"
    rm -f "$OUT/ok.epub"
done
printf 'title: Книга\nlang: ru\n' >"$BOOK/book.yaml"
printf 'title: Другая\n' >"$BOOK/metadata.yaml"
rm -f "$BOOK/metadata.yml"
expect_ok "^epubpack: .*/book/metadata\.yaml: WARNING\(EPK-META\): ignored: the book's metadata is read from book\.yaml$" "$BOOK"
