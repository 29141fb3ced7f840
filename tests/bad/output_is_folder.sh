#!/usr/bin/env bash
# Bad output (issue 5): the output path names an existing folder; it is left as it was.
. "$(dirname "$0")/bad.bash"
chapter a.md '---\ntitle: T\nlang: ru\n---\ntext\n'
mkdir "$OUT/book.epub"
printf 'keep\n' >"$OUT/book.epub/inside"
run_epubpack build "$BOOK/a.md" -o "$OUT/book.epub"
note "exit $RC: $STDERR"
[[ $RC -eq 1 ]] || fail "expected exit 1, got $RC"
grep -Eq "^epubpack: .*/out/book\.epub: the output path is a folder$" <<<"$STDERR" || fail "message: $STDERR"
[[ $(ls -A "$OUT/book.epub") == inside && $(ls -A "$OUT") == book.epub ]] || fail "output folder changed"
