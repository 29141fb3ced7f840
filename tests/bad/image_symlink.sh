#!/usr/bin/env bash
# Bad input (issue 5): an image that leaves the book folder through a symbolic link
. "$(dirname "$0")/bad.bash"
tiny_png "$WORK/outside.png"
ln -s ../outside.png "$BOOK/link.png"
book_yaml 'title: T\nlang: ru\n'
chapter a.md '# A\n\ntext\n\n![picture](link.png)\n'
expect_fail 1 "^epubpack: .*/a\.md:5: 'link\.png' is outside the book folder" "$BOOK"
