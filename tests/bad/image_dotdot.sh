#!/usr/bin/env bash
# Bad input (issue 5): an image that leaves the book folder through ..
. "$(dirname "$0")/bad.bash"
tiny_png "$WORK/outside.png"
book_yaml 'title: T\nlang: ru\n'
chapter a.md '# A\n\ntext\n\n![picture](../outside.png)\n'
expect_fail 1 "^epubpack: .*/a\.md:5: '\.\./outside\.png' is outside the book folder" "$BOOK"
