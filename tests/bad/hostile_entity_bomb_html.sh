#!/usr/bin/env bash
# Hostile input (issue 5): an XML entity bomb (billion laughs) in a chapter's raw HTML. Entities
# are never expanded: the build stays small and fast, and the book is valid.
. "$(dirname "$0")/bad.bash"
{
    printf -- '---\ntitle: T\nlang: en\n---\n\n<!DOCTYPE lolz [%s]>\n\n<div>&lol9;</div>\n\ntext &lol9; end\n' "$(bomb_entities)"
} >"$BOOK/article.md"
run_bounded build "$BOOK/article.md" -o "$OUT/x.epub"
note "exit $RC: $STDERR"
[[ $RC -eq 0 ]] || fail "expected exit 0 (the text is kept as text), got $RC"
[[ -z "$STDERR" ]] || fail "expected no message, got: $STDERR"
size=$(stat -c %s "$OUT/x.epub")
[[ $size -lt 100000 ]] || fail "the EPUB is $size bytes: entities were expanded"
# Both references stay as the reader typed them, escaped: in the raw <div> and in the text.
doc=$(unzip -p "$OUT/x.epub" EPUB/text/ch001.xhtml)
[[ "$doc" == *'<div>&amp;lol9;</div>'* ]] || fail "the <div>'s &lol9; is not kept as text: $doc"
[[ "$doc" == *'text &amp;lol9; end'* ]] || fail "the paragraph's &lol9; is not kept as text: $doc"
[[ "$doc" != *lollol* ]] || fail "an entity was expanded"
