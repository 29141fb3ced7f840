#!/usr/bin/env bash
# Bad input (issue 5): invalid UTF-8: the message gives line, column and byte offset
. "$(dirname "$0")/bad.bash"
printf 'a\n\nb \xff c\n' >"$BOOK/bad.md"
expect_fail 1 "^epubpack: .*/bad\.md:3:3: invalid UTF-8 at line 3, byte offset 5 \(byte 3 of the line\)" "$BOOK/bad.md"
