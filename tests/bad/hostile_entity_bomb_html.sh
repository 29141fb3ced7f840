#!/usr/bin/env bash
# Hostile input (issue 5): an XML entity bomb (billion laughs) in a chapter's raw HTML. Entities
# are never expanded: the build stays small and fast, and the book is valid.
. "$(dirname "$0")/bad.bash"
{
    printf -- '---\ntitle: T\nlang: en\n---\n\n<!DOCTYPE lolz [%s]>\n\n<div>&lol9;</div>\n\ntext &lol9; end\n' "$(bomb_entities)"
} >"$BOOK/article.md"
run_bounded build "$BOOK/article.md" -o "$OUT/x.epub"
note "exit $RC: $STDERR"
[[ $RC -eq 0 || $RC -eq 1 ]] || fail "expected exit 0 or 1, got $RC"
if [[ $RC -eq 0 ]]; then
    size=$(stat -c %s "$OUT/x.epub")
    [[ $size -lt 1000000 ]] || fail "the EPUB is $size bytes: entities were expanded"
fi
