#!/usr/bin/env bash
# Bad input (issue 5): a cover that leaves the book folder through ..
. "$(dirname "$0")/bad.bash"
tiny_png "$WORK/outside.png"
book_yaml 'title: T\nlang: ru\ncover-image: ../outside.png\n'
chapter a.md '# A\n\ntext\n'
expect_fail 1 "^epubpack: .*/book\.yaml:3: '\.\./outside\.png' is outside the book folder" "$BOOK"
