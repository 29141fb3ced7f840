#!/usr/bin/env bash
# Bad input (issue 11): --split-level and the key split-level take a heading level, 1 to 6
# (pandoc's --split-level); anything else is one exact message and nothing is written.
. "$(dirname "$0")/bad.bash"
printf -- '---\ntitle: T\nlang: en\n---\n# A\n\ntext\n' >"$BOOK/a.md"
for v in 0 x 7 12 ''; do
    run_epubpack build "$BOOK/a.md" -o "$OUT/a.epub" --split-level "$v"
    note "--split-level '$v': exit $RC: $STDERR"
    [[ $RC -eq 2 ]] || fail "--split-level '$v': expected exit 2, got $RC"
    [[ "$STDERR" == "epubpack: --split-level: expected a heading level from 1 to 6, got '$v'" ]] ||
        fail "--split-level '$v': wrong message: $STDERR"
    [[ ! -e "$OUT/a.epub" ]] || fail "--split-level '$v': an EPUB was written"
done
for v in 0 x 1.5; do
    printf -- '---\ntitle: T\nlang: en\nsplit-level: %s\n---\n# A\n\ntext\n' "$v" >"$BOOK/article.md"
    expect_fail 1 "^epubpack: .*/article\.md:4:14: metadata key 'split-level': expected a heading level from 1 to 6, got '${v//./\\.}'$" "$BOOK/article.md"
done
