#!/usr/bin/env bash
# Bad input (issue 14): a web page with no article text (navigation, a script and a form only)
. "$(dirname "$0")/bad.bash"
chapter page.html '<html><head><title>T</title></head><body><nav><a href="/">Home</a></nav><script>var s = "a long script that is not an article";</script><form><input name="q"></form></body></html>'
expect_fail 1 "^epubpack: .*/page\.html: no article text found in the page \(no paragraphs of text outside navigation, scripts and forms\)$" "$BOOK/page.html"
