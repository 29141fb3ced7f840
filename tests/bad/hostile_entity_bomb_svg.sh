#!/usr/bin/env bash
# Hostile input (issue 5): an SVG image carrying an XML entity bomb. The image reader parses SVG
# (to recognise it by content) without expanding entities: bounded time and memory.
. "$(dirname "$0")/bad.bash"
printf '<?xml version="1.0"?><!DOCTYPE svg [%s]><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&lol9;</text></svg>\n' \
    "$(bomb_entities)" >"$BOOK/bomb.svg"
chapter a.md '---\ntitle: T\nlang: en\n---\n\n![a bomb](bomb.svg)\n'
run_bounded build "$BOOK/a.md" -o "$OUT/x.epub"
note "exit $RC: $STDERR"
[[ $RC -eq 0 || $RC -eq 1 ]] || fail "expected exit 0 or 1, got $RC"
[[ $RC -eq 0 ]] || grep -Eq "^epubpack: .*/a\.md:6: .*bomb\.svg" <<<"$STDERR" || fail "message: $STDERR"
