#!/usr/bin/env bash
# Bad input (issue 15): group-position must be a number (it becomes calibre:series_index).
. "$(dirname "$0")/bad.bash"
printf -- '---\ntitle: T\nlang: en\nbelongs-to-collection: Series\ngroup-position: third\n---\ntext\n' >"$BOOK/article.md"
expect_fail 1 "^epubpack: .*/article\.md:5:17: metadata key 'group-position': 'third' is not a number \(e\.g\. 3 or 2\.5\)$" "$BOOK/article.md"
printf -- '---\ntitle: T\nlang: en\nbelongs-to-collection: Series\ngroup-position: 2.\n---\ntext\n' >"$BOOK/article.md"
expect_fail 1 "^epubpack: .*/article\.md:5:17: metadata key 'group-position': '2\.' is not a number \(e\.g\. 3 or 2\.5\)$" "$BOOK/article.md"
# A number is written to both places.
printf -- '---\ntitle: T\nlang: en\nbelongs-to-collection: Series\ngroup-position: 2.5\n---\ntext\n' >"$BOOK/article.md"
run_epubpack build "$BOOK/article.md" -o "$OUT/ok.epub"
[[ $RC -eq 0 && -z "$STDERR" ]] || fail "group-position 2.5: exit $RC, stderr: $STDERR"
opf=$(unzip -p "$OUT/ok.epub" EPUB/package.opf)
grep -q 'property="group-position" refines="#series">2.5<' <<<"$opf" || fail "no group-position 2.5: $opf"
grep -q 'name="calibre:series_index" content="2.5"' <<<"$opf" || fail "no calibre:series_index 2.5: $opf"
