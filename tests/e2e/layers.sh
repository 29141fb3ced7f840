#!/usr/bin/env bash
# scripts/check-layers.sh passes on src/ and on this build's objects, and fails, naming the file
# and line (or object and symbol), on a copy of src/ with one forbidden use of each kind: an
# #include "…" or <…> of another layer's header, the model's book.h in the checker, and a
# hand-written prototype of another stage's function (no #include at all: only nm sees it).
. "$(dirname "$0")/lib.bash"
require_tool nm "apt-get install binutils"
require_tool python3 "apt-get install python3"
make_workdir
script=$EP_SOURCE_DIR/scripts/check-layers.sh
[[ -f "$EP_BUILD_DIR/compile_commands.json" ]] ||
    fail "no $EP_BUILD_DIR/compile_commands.json (CMakeLists.txt sets CMAKE_EXPORT_COMPILE_COMMANDS)"

"$script" "$EP_SOURCE_DIR/src" "$EP_BUILD_DIR" >/dev/null ||
    fail "check-layers.sh fails on src/ and the objects of $EP_BUILD_DIR"

cp -r "$EP_SOURCE_DIR/src" "$WORK/src"
line() { echo $(($(wc -l <"$WORK/src/$1") + 1)); }
inject() { # FILE TEXT: appends TEXT as the next line of FILE, printing that line's number
    line "$1"
    printf '%s\n' "$2" >>"$WORK/src/$1"
}
l_url=$(inject check/url.c '#include "read/read.h"')
l_str=$(inject util/str.c '#include "book.h"')
l_notes=$(inject typeset/notes.c '#include "../package/pkg.h"')
l_book=$(inject book.c '#include "typeset/typeset.h"')
l_main=$(inject cli/main.c '#include "book.h"')
l_feeds=$(inject catalog/feeds.c '#include "check/check_int.h"')
# The three cases of issue 26, which the #include grep of before let through.
l_opf=$(inject package/opf.c '#include <typeset/typeset.h>')
l_css=$(inject check/css.c '#include "book.h"')
l_build=$(inject build.c '#include "read/read_private.h"')
# The prototype and the call, in a file that includes nothing of the package stage.
cat >>"$WORK/src/typeset/links.c" <<'C'
ep_status epi_package(epi_ctx *ctx, const epi_book *book, epi_entries *out);
ep_status epi_links_injected(epi_ctx *ctx, const epi_book *book, epi_entries *out);
ep_status epi_links_injected(epi_ctx *ctx, const epi_book *book, epi_entries *out)
{
    return epi_package(ctx, book, out);
}
C

# Objects: this build's, with typeset/links.c compiled again from the copy as the build does.
mkdir -p "$WORK/build/CMakeFiles"
for d in epubpack_obj.dir epubpack_cli.dir; do
    cp -rs "$EP_BUILD_DIR/CMakeFiles/$d" "$WORK/build/CMakeFiles/$d"
done
obj="$WORK/build/CMakeFiles/epubpack_obj.dir/src/typeset/links.c.o"
rm -f "$obj"
cmd=$(python3 - "$EP_BUILD_DIR/compile_commands.json" "$EP_SOURCE_DIR/src/typeset/links.c" <<'PY'
import json, shlex, sys
for e in json.load(open(sys.argv[1])):
    if e["file"] == sys.argv[2]:
        print(e.get("command") or shlex.join(e["arguments"]))
PY
)
[[ -n "$cmd" ]] || fail "typeset/links.c is not in compile_commands.json"
cmd=$(sed -E "s| -o [^ ]+| -o $obj|; s|$EP_SOURCE_DIR/src/typeset/links.c|$WORK/src/typeset/links.c|" <<<"$cmd")
(cd "$EP_BUILD_DIR" && eval "$cmd") || fail "the copy of typeset/links.c does not compile: $cmd"
[[ -f "$obj" ]] || fail "compiling the copy of typeset/links.c made no $obj"

if "$script" "$WORK/src" "$WORK/build" 2>"$WORK/err" >/dev/null; then
    fail "check-layers.sh passed a tree with forbidden includes and a forbidden call"
fi
expected="src/book.c:$l_book: includes typeset/typeset.h: the model uses only util/ and epubpack.h
src/build.c:$l_build: includes read/read_private.h: the pipeline includes a stage's entry header, not its internals
src/catalog/feeds.c:$l_feeds: includes check/check_int.h: the catalog uses its own folder, util/ and epubpack.h (the public API for EPUBs)
src/check/css.c:$l_css: includes book.h: the checker uses its own folder, util/ and epubpack.h, nothing of the writer's (not even book.h)
src/check/url.c:$l_url: includes read/read.h: the checker uses its own folder, util/ and epubpack.h, nothing of the writer's (not even book.h)
src/cli/main.c:$l_main: includes book.h: the command line uses its own folder and the public epubpack.h (with util/ helpers it compiles itself)
src/package/opf.c:$l_opf: includes typeset/typeset.h: a stage uses its own folder, book.h, util/ and epubpack.h, never another stage
src/typeset/notes.c:$l_notes: includes package/pkg.h: a stage uses its own folder, book.h, util/ and epubpack.h, never another stage
src/util/str.c:$l_str: includes book.h: util/ uses nothing of ours but util/ and epubpack.h
src/typeset/links.c: uses epi_package of src/package/package.c: a stage uses its own folder, book.h, util/ and epubpack.h, never another stage"
[[ "$(cat "$WORK/err")" == "$expected" ]] ||
    fail "messages differ; expected:
$expected
got:
$(cat "$WORK/err")"
note "check-layers.sh passes src/ and its objects, and names each of 9 forbidden includes and the hand-written prototype"
