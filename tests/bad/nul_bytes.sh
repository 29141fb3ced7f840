#!/usr/bin/env bash
# Bad input (issue 5): a NUL byte (a binary file given as text)
. "$(dirname "$0")/bad.bash"
printf 'ab\n\0cd\n' >"$BOOK/nul.md"
expect_fail 1 "^epubpack: .*/nul\.md:2:1: NUL byte at byte offset 3 \(line 2\)" "$BOOK/nul.md"
