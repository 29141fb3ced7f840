#!/usr/bin/env bash
# Bad input (issue 22): a site's index page, a list of links to articles, is not an article: it
# is refused with the reason, and no EPUB is written.
. "$(dirname "$0")/bad.bash"
items=
for t in "Council approves the new bridge over the river after ten years of debate" \
    "The ferry makes its last crossing of the season on Sunday afternoon" \
    "Bakery on Market Street celebrates a hundred years of bread" \
    "Flood warnings lifted for the lower valley as the water falls" \
    "Library opens late on Thursdays with readings for children" \
    "Storm damages three fishing boats in the harbour overnight"; do
    items+="<li><a href=\"https://news.example.org/story\">$t</a> <span>2 h</span></li>"
done
chapter index.html "<html><head><title>News</title></head><body><main><h1>Latest news</h1><ul>$items</ul></main></body></html>"
expect_fail 1 "^epubpack: .*/index\.html: the page is a list of links \(an index or listing page\), not an article: [0-9]+% of the text found is links; save the article's own page$" "$BOOK/index.html"
