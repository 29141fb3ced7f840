#!/usr/bin/env bash
# Bad input (issue 5): front matter without its closing --- line
. "$(dirname "$0")/bad.bash"
printf -- '---\ntitle: T\nlang: ru\n\ntext\n' >"$BOOK/article.md"
expect_fail 1 "^epubpack: .*/article\.md:1:1: the front matter opened by '---' on line 1 is not closed" "$BOOK/article.md"
