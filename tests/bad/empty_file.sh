#!/usr/bin/env bash
# Bad input (issue 5): an empty Markdown file
. "$(dirname "$0")/bad.bash"
: >"$BOOK/empty.md"
expect_fail 1 "^epubpack: .*/empty\.md:1: the file has no text$" "$BOOK/empty.md"
