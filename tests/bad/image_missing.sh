#!/usr/bin/env bash
# Bad input (issue 5): an image that does not exist
. "$(dirname "$0")/bad.bash"
book_yaml 'title: T\nlang: ru\n'
chapter a.md '# A\n\ntext\n\n![picture](missing.png)\n'
expect_fail 1 "^epubpack: .*/a\.md:5: 'missing\.png': no such file$" "$BOOK"
