#!/usr/bin/env bash
# The bundled article passes Ace by DAISY 1.4.6 (outcome "pass"): accessibility metadata,
# xml:lang, nav roles (issue #2). Ace runs axe-core inside Debian's chromium.
. "$(dirname "$0")/lib.bash"
require_epubpack
make_workdir

epubpack_build "$EP_SOURCE_DIR/book" -o "$WORK/book.epub"
ace_pass "$WORK/book.epub" "$WORK/ace-out"
note "ok"
