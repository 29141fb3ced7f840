#!/usr/bin/env bash
# Odd input (issue 15): DD.MM.YYYY, the common Russian form, is converted to W3CDTF with a
# warning naming the line; the EPUB then carries <dc:date>2020-05-21</dc:date>. A full W3CDTF
# date with a time is taken as written.
. "$(dirname "$0")/bad.bash"
printf -- '---\ntitle: T\nlang: ru\ndate: 21.05.2020\n---\ntext\n' >"$BOOK/article.md"
expect_ok "^epubpack: .*/article\.md:4: WARNING\(EPK-META\): metadata key 'date': '21\.05\.2020' read as day\.month\.year and written as 2020-05-21$" "$BOOK/article.md"
opf=$(unzip -p "$OUT/ok.epub" EPUB/package.opf)
grep -q '<dc:date>2020-05-21</dc:date>' <<<"$opf" || fail "dc:date is not 2020-05-21: $(grep dc:date <<<"$opf")"

printf -- '---\ntitle: T\nlang: ru\ndate: 1.2.2024\n---\ntext\n' >"$BOOK/article.md"
expect_ok "^epubpack: .*/article\.md:4: WARNING\(EPK-META\): metadata key 'date': '1\.2\.2024' read as day\.month\.year and written as 2024-02-01$" "$BOOK/article.md"

printf -- '---\ntitle: T\nlang: ru\ndate: 2020-05-21T10:00:00+03:00\n---\ntext\n' >"$BOOK/article.md"
run_epubpack build "$BOOK/article.md" -o "$OUT/time.epub"
[[ $RC -eq 0 && -z "$STDERR" ]] || fail "a W3CDTF date with a time: exit $RC, stderr: $STDERR"
unzip -p "$OUT/time.epub" EPUB/package.opf | grep -q '<dc:date>2020-05-21T10:00:00+03:00</dc:date>' ||
    fail "the date with a time was not written as given"
