#!/usr/bin/env bash
# Bad input (issue 5): a cover that does not exist
. "$(dirname "$0")/bad.bash"
book_yaml 'title: T\nlang: ru\ncover-image: missing.png\n'
chapter a.md '# A\n\ntext\n'
expect_fail 1 "^epubpack: .*/book\.yaml:3: 'missing\.png': no such file$" "$BOOK"
