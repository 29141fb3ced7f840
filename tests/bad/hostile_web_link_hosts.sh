#!/usr/bin/env bash
# Hostile input: links whose host epubcheck 5.3.0 refuses (RSC-020): an IPv6 address whose '['
# is never closed, and a host name label of 64 bytes. They were kept as links (the build's own
# check let them through; epubcheck 4.2.6 refuses the first); they go with a warning naming why,
# their text stays, and the book is clean for both epubchecks.
. "$(dirname "$0")/bad.bash"
label=$(printf 'b%.0s' {1..64})
article_page "$BOOK/page.html" "<p>See <a href=\"http://[::1\">the open bracket</a> and <a href=\"https://a.$label.org/x\">the long label</a>,
and <a href=\"https://[::1]:8080/\">a closed one</a>.</p>"
run_bounded build "$BOOK/page.html" -o "$OUT/x.epub"
note "exit $RC: $STDERR"
[[ $RC -eq 0 ]] || fail "expected exit 0, got $RC: $STDERR"
grep -q "link to \"http://\[::1\" is not a valid URL (an IPv6 host without its closing ']'); link removed" <<<"$STDERR" ||
    fail "no warning for the open '[': $STDERR"
grep -q "is not a valid URL (a host name label over 63 bytes); link removed" <<<"$STDERR" ||
    fail "no warning for the 64-byte label: $STDERR"
doc=$(unzip -p "$OUT/x.epub" EPUB/text/ch001.xhtml)
[[ "$doc" != *'href="http://[::1"'* && "$doc" != *"$label"* ]] || fail "a refused link is in the book"
[[ "$doc" == *'the open bracket'* && "$doc" == *'the long label'* ]] || fail "a link's text was lost"
[[ "$doc" == *'href="https://[::1]:8080/"'* ]] || fail "the valid IPv6 link was removed"
epubcheck_clean "$OUT/x.epub"
