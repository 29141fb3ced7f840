#!/usr/bin/env bash
# Bad input (issue 14): a saved page's <img> that points out of its folder
. "$(dirname "$0")/bad.bash"
chapter page.html '<html lang="ru"><title>T</title>\n<p>Текст статьи, достаточно длинный для абзаца, и картинка:</p>\n<img src="../../../../../../../../../../etc/passwd" alt="x"></html>\n'
expect_fail 1 "^epubpack: .*/page\.html:3: '(\.\./)+etc/passwd' is outside the book folder" "$BOOK/page.html"
