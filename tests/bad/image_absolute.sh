#!/usr/bin/env bash
# Bad input (issue 5): an image given as an absolute path (even one that exists)
. "$(dirname "$0")/bad.bash"
tiny_png "$WORK/abs.png"
book_yaml 'title: T\nlang: ru\n'
chapter a.md "# A\n\ntext\n\n![picture]($WORK/abs.png)\n"
expect_fail 1 "^epubpack: .*/a\.md:5: '.*/abs\.png': absolute paths are not allowed" "$BOOK"
