#!/usr/bin/env python3
"""ebooklib-make.py IN.html OUT.epub — an EPUB as an EbookLib user writes one (its README's
example): the HTML's <body> (or the whole file, a fragment) split at each <h1> into chapters, a nav and an NCX, EbookLib's
defaults otherwise (EPUB 3). For the wild benchmark (collect-local.sh)."""
import re
import sys

from ebooklib import epub

html = open(sys.argv[1], encoding="utf-8").read()
title = re.search(r"<title>(.*?)</title>", html, re.S)
title = title.group(1).strip() if title else "Untitled"
body = re.search(r"<body[^>]*>(.*)</body>", html, re.S)
body = body.group(1) if body else html  # a fragment (Readability's expected.html)
parts = [p for p in re.split(r"(?=<h1)", body) if p.strip()]
book = epub.EpubBook()
book.set_identifier("ebooklib-" + re.sub(r"\W+", "-", title).lower())
book.set_title(title)
book.set_language("en")
book.add_author("EbookLib test")
chapters = []
for i, part in enumerate(parts, 1):
    c = epub.EpubHtml(title="Chapter %d" % i, file_name="chap_%02d.xhtml" % i, lang="en")
    c.content = part
    book.add_item(c)
    chapters.append(c)
book.toc = chapters
book.add_item(epub.EpubNcx())
book.add_item(epub.EpubNav())
book.spine = ["nav"] + chapters
epub.write_epub(sys.argv[2], book, {})
