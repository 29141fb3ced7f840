#!/usr/bin/env bash
# Bad input (issue 5): a chapter listed in chapters: that does not exist
. "$(dirname "$0")/bad.bash"
book_yaml 'title: T\nlang: ru\nchapters: [a.md, nope.md]\n'
chapter a.md '# A\n\ntext\n'
expect_fail 1 "^epubpack: .*/book\.yaml:3: 'nope\.md': no such file$" "$BOOK"
