#!/usr/bin/env bash
# Bad input (issue 5): a cover that leaves the book folder through a symbolic link
. "$(dirname "$0")/bad.bash"
tiny_png "$WORK/outside.png"
ln -s ../outside.png "$BOOK/link.png"
book_yaml 'title: T\nlang: ru\ncover-image: link.png\n'
chapter a.md '# A\n\ntext\n'
expect_fail 1 "^epubpack: .*/book\.yaml:3: 'link\.png' is outside the book folder" "$BOOK"
