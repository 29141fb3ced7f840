#!/usr/bin/env bash
# The bundled article (book/) builds into an EPUB that epubcheck 4.2.6 passes with
# 0 fatals, 0 errors and 0 warnings (issue #2, "Tests that must exist").
. "$(dirname "$0")/lib.bash"
require_epubpack
make_workdir

epubpack_build "$EP_SOURCE_DIR/book" -o "$WORK/book.epub"
[[ -s "$WORK/book.epub" ]] || fail "no EPUB written"
epubcheck_clean "$WORK/book.epub"
note "ok"
