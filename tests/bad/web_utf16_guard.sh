#!/usr/bin/env bash
# Bad input: the limits read before Gumbo (nesting, attributes of one tag) hold for a UTF-16
# page too. They were read on the file's bytes, where a UTF-16 page's tags are not ASCII: 200 000
# nested <div>s took minutes, 300 000 attributes longer. They are read on the decoded page.
. "$(dirname "$0")/bad.bash"
python3 - "$BOOK" <<'PY'
import sys
p = "<p>" + "Words of the article, long enough to make a paragraph of it. " * 4 + "</p>"
head = "<html><head><title>T</title></head><body>\n<article><h1>T</h1>" + p * 5 + "\n"
open(sys.argv[1] + "/deep.html", "wb").write(b"\xff\xfe" + (head + "<div>" * 200000 + "x</article></body></html>").encode("utf-16-le"))
open(sys.argv[1] + "/attrs.html", "wb").write(b"\xfe\xff" + (head + "<p " + " ".join("a%d" % i for i in range(300000)) + ">x</p></article></body></html>").encode("utf-16-be"))
PY
expect_refused_fast "UTF-16 nesting" \
    "epubpack: $BOOK/deep.html:3: elements are nested more than 2000 deep here; the page is refused" \
    "$BOOK/deep.html"
expect_refused_fast "UTF-16 attributes" \
    "epubpack: $BOOK/attrs.html:3: a tag with more than 256 attributes here; the page is refused" \
    "$BOOK/attrs.html"
