#!/usr/bin/env bash
# Bad input (issue 5): a folder with no chapters
. "$(dirname "$0")/bad.bash"
expect_fail 1 "^epubpack: .*/book: no chapters: the folder has no \.md, \.txt or \.html files$" "$BOOK"
