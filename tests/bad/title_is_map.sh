#!/usr/bin/env bash
# Bad input (issue 5): a key of the wrong type: title given as a map
. "$(dirname "$0")/bad.bash"
printf -- '---\ntitle:\n  main: T\nlang: ru\n---\ntext\n' >"$BOOK/article.md"
expect_fail 1 "^epubpack: .*/article\.md:3:3: metadata key 'title' must be a string, not a map$" "$BOOK/article.md"
