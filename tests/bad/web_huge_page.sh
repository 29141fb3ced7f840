#!/usr/bin/env bash
# Bad input (issue 14): a 50 MB web page is refused before it is read
. "$(dirname "$0")/bad.bash"
truncate -s 50M "$BOOK/page.html"
expect_fail 1 "^epubpack: .*/page\.html: the page is 52428800 bytes; pages over 16 MB are refused \(save the page without its inline data or split it\)$" "$BOOK/page.html"
