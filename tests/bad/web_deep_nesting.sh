#!/usr/bin/env bash
# Bad input (issue 14): elements nested 100 000 deep (the HTML5 algorithm would take minutes:
# it searches the stack of open elements for each start tag)
. "$(dirname "$0")/bad.bash"
{
    printf '<html><body>\n'
    for ((i = 0; i < 1000; i++)); do printf '<div><div><div><div><div><div><div><div><div><div>%.0s' {1..10}; done
    printf 'text\n'
} >"$BOOK/page.html"
SECONDS=0
expect_fail 1 "^epubpack: .*/page\.html:2: elements are nested more than 2000 deep here; the page is refused$" "$BOOK/page.html"
note "refused twice in $SECONDS s"
