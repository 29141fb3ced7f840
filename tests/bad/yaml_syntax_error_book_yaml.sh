#!/usr/bin/env bash
# Bad input (issue 5): a YAML syntax error in book.yaml (tab indentation)
. "$(dirname "$0")/bad.bash"
book_yaml 'title: T\nlang: ru\nauthor:\n\t- A\n'
chapter a.md 'text\n'
expect_fail 1 "^epubpack: .*/book\.yaml:4:1: YAML syntax error" "$BOOK"
