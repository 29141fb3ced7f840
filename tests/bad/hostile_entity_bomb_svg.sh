#!/usr/bin/env bash
# Hostile input (issue 5): an SVG image carrying an XML entity bomb. The image reader parses SVG
# (to recognise it by content) without expanding entities: bounded time and memory. libxml2
# stops at the entity loop, and the image is refused with its reason.
. "$(dirname "$0")/bad.bash"
printf '<?xml version="1.0"?><!DOCTYPE svg [%s]><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&lol9;</text></svg>\n' \
    "$(bomb_entities)" >"$BOOK/bomb.svg"
chapter a.md '---\ntitle: T\nlang: en\n---\n\n![a bomb](bomb.svg)\n'
run_bounded build "$BOOK/a.md" -o "$OUT/x.epub"
note "exit $RC: $STDERR"
[[ $RC -eq 1 ]] || fail "expected exit 1, got $RC"
# Our words exactly; libxml2's reason as it words it (2.9: "Detected an entity reference loop").
want="epubpack: $BOOK/a.md:6: image 'bomb.svg' is not JPEG, PNG, GIF or SVG (by its content); as XML, line 1: "
[[ "$STDERR" == "$want"?* && "$STDERR" != *$'\n'* ]] || fail "expected one line: $want<libxml2's reason>"
[[ ! -e "$OUT/x.epub" ]] || fail "an EPUB was written"
