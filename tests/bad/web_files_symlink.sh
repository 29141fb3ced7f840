#!/usr/bin/env bash
# Bad input (issue 14): a symbolic link in a saved page's NAME_files/ folder that leads out of it
. "$(dirname "$0")/bad.bash"
tiny_png "$WORK/outside.png"
mkdir "$BOOK/page_files"
ln -s ../../outside.png "$BOOK/page_files/photo.png"
chapter page.html '<html lang="ru"><title>T</title>\n<p>Текст статьи, достаточно длинный для абзаца, и картинка:</p>\n<img src="page_files/photo.png" alt="x"></html>\n'
expect_fail 1 "^epubpack: .*/page\.html:3: 'page_files/photo\.png' is outside the book folder" "$BOOK/page.html"
expect_fail 1 "^epubpack: .*/page\.html:3: 'page_files/photo\.png' is outside the book folder" "$BOOK"
