#!/usr/bin/env bash
# scripts/check-layers.sh passes on src/ and fails, naming the file and line, on a copy of
# src/ with one forbidden #include of each kind.
. "$(dirname "$0")/lib.bash"
make_workdir
script=$EP_SOURCE_DIR/scripts/check-layers.sh

"$script" "$EP_SOURCE_DIR/src" >/dev/null || fail "check-layers.sh fails on src/ itself"

cp -r "$EP_SOURCE_DIR/src" "$WORK/src"
for f in check/url.c util/str.c typeset/notes.c book.c cli/main.c catalog/feeds.c; do
    wc -l <"$WORK/src/$f" | tr -d ' ' >"$WORK/$(basename "$f").lines"
done
echo '#include "read/read.h"' >>"$WORK/src/check/url.c"
echo '#include "book.h"' >>"$WORK/src/util/str.c"
echo '#include "../package/pkg.h"' >>"$WORK/src/typeset/notes.c"
echo '#include "typeset/typeset.h"' >>"$WORK/src/book.c"
echo '#include "book.h"' >>"$WORK/src/cli/main.c"
echo '#include "check/check_int.h"' >>"$WORK/src/catalog/feeds.c"
if "$script" "$WORK/src" 2>"$WORK/err" >/dev/null; then
    fail "check-layers.sh passed a tree with forbidden includes"
fi
line() { echo $(($(cat "$WORK/$1.lines") + 1)); }
expected="src/book.c:$(line book.c): includes typeset/typeset.h: the model includes only util/ and epubpack.h
src/catalog/feeds.c:$(line feeds.c): includes check/check_int.h: a stage includes its own headers, book.h, util/ and epubpack.h, never another stage's
src/check/url.c:$(line url.c): includes read/read.h: a stage includes its own headers, book.h, util/ and epubpack.h, never another stage's
src/cli/main.c:$(line main.c): includes book.h: the command line uses the public epubpack.h and util/ only
src/typeset/notes.c:$(line notes.c): includes package/pkg.h: a stage includes its own headers, book.h, util/ and epubpack.h, never another stage's
src/util/str.c:$(line str.c): includes book.h: util/ includes nothing of ours but util/ and epubpack.h"
[[ "$(cat "$WORK/err")" == "$expected" ]] ||
    fail "messages differ; expected:
$expected
got:
$(cat "$WORK/err")"
note "check-layers.sh passes src/ and names each of 6 forbidden includes"
