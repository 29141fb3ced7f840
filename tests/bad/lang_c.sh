#!/usr/bin/env bash
# Bad input (issue 5): lang: C is a locale name, not a BCP 47 tag (pandoc writes C in CI)
. "$(dirname "$0")/bad.bash"
printf -- '---\ntitle: T\nlang: C\n---\ntext\n' >"$BOOK/article.md"
expect_fail 1 "^epubpack: .*/article\.md:3:7: metadata key 'lang': 'C' is not a BCP 47 language tag" "$BOOK/article.md"
