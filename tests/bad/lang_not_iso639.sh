#!/usr/bin/env bash
# Bad input (issue 11): lang: zz is a well-formed BCP 47 tag but no language; Kindle's converter
# refuses such a dc:language, and Calibre reads no language from it.
. "$(dirname "$0")/bad.bash"
printf -- '---\ntitle: T\nlang: zz-RU\n---\ntext\n' >"$BOOK/article.md"
expect_fail 1 "^epubpack: .*/article\.md:3:7: metadata key 'lang': 'zz-RU' does not start with a language code of ISO 639 \(e\.g\. ru, en-GB\)$" "$BOOK/article.md"
