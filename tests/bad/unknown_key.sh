#!/usr/bin/env bash
# Bad input (issue 5): an unknown metadata key is a warning naming the key and its line; exit 0
. "$(dirname "$0")/bad.bash"
printf -- '---\ntitle: T\nlang: ru\nfrobnicate: yes\n---\ntext\n' >"$BOOK/article.md"
expect_ok "^epubpack: .*/article\.md:4: WARNING\(EPK-META\): unknown metadata key 'frobnicate'" "$BOOK/article.md"
