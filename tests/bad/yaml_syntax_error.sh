#!/usr/bin/env bash
# Bad input (issue 5): a YAML syntax error: libyaml's line and column, in the file's numbering
. "$(dirname "$0")/bad.bash"
printf -- '---\ntitle: [a, b\nlang: ru\n---\ntext\n' >"$BOOK/article.md"
expect_fail 1 "^epubpack: .*/article\.md:3:5: YAML syntax error: did not find expected ',' or ']'" "$BOOK/article.md"
