#!/usr/bin/env bash
# Bad input (issue 15): group-position without belongs-to-collection numbers nothing: a warning
# says it is ignored, instead of dropping it silently.
. "$(dirname "$0")/bad.bash"
printf -- '---\ntitle: T\nlang: en\ngroup-position: 3\n---\ntext\n' >"$BOOK/article.md"
expect_ok "^epubpack: .*/article\.md:4: WARNING\(EPK-META\): metadata key 'group-position' is ignored: there is no 'belongs-to-collection' for it to number$" "$BOOK/article.md"
unzip -p "$OUT/ok.epub" EPUB/package.opf | grep -q 'group-position\|series_index' &&
    fail "group-position was written without a collection"
true
