#!/usr/bin/env bash
# Bad input (issue 5): a cover given as an absolute path (even one that exists)
. "$(dirname "$0")/bad.bash"
tiny_png "$WORK/abs.png"
book_yaml "title: T\nlang: ru\ncover-image: $WORK/abs.png\n"
chapter a.md '# A\n\ntext\n'
expect_fail 1 "^epubpack: .*/book\.yaml:3: '.*/abs\.png': absolute paths are not allowed" "$BOOK"
