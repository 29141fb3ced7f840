#!/usr/bin/env bash
# Memory safety of the whole pipeline (docs/ARCHITECTURE.md "Tests"): the CLI builds the bundled
# book and the Markdown fixture and checks the result under valgrind memcheck with no errors
# and no leaks ("definitely" or "indirectly" lost). fontconfig's configuration, which the library
# loads once and never releases, is suppressed (tests/valgrind/fontconfig.supp says why).
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool valgrind "apt-get install valgrind"
make_workdir

vg() { # vg NAME EXPECTED-STATUS ARGS...
    local log="$WORK/vg.$1.log" want=$2 rc=0
    shift 2
    valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --show-leak-kinds=definite,indirect --track-origins=yes --num-callers=50 \
        --suppressions="$EP_SOURCE_DIR/tests/valgrind/fontconfig.supp" --log-file="$log" \
        "$EPUBPACK" "$@" >/dev/null 2>"$WORK/stderr" || rc=$?
    if [[ $rc -ne $want ]]; then
        cat "$log" "$WORK/stderr" >&2
        fail "valgrind: epubpack $* exited $rc, expected $want (99 = memory errors or leaks)"
    fi
    note "valgrind clean: epubpack $*"
}
vg book 0 build "$EP_SOURCE_DIR/book" -o "$WORK/book.epub"
vg fixture 0 build "$EP_SOURCE_DIR/tests/fixtures/markdown-book" -o "$WORK/fixture.epub" --hyphenate=soft
vg check 0 check "$WORK/book.epub"
vg json 0 check "$WORK/fixture.epub" --json -
vg several 0 check "$WORK/fixture.epub" "$WORK/book.epub" --jobs 2 --format github
# Batch builds on two threads, with the library setting up libxml2, cmark-gfm and fontconfig
# itself; fontconfig's configuration stays loaded at exit (still reachable, not a leak).
mkdir "$WORK/batch"
vg batch 0 build "$EP_SOURCE_DIR/book/article.md" "$EP_SOURCE_DIR/tests/fixtures/markdown-book" \
    -O "$WORK/batch" -j 2
# Images converted with libvips (its one-time set-up, GLib's type system, its thread pool) and
# a truncated one refused.
. "$(dirname "$0")/images.bash"
mkdir "$WORK/img"
solid_image "$WORK/img/photo.jpg" 2400 1800
exif_orientation "$WORK/img/photo.jpg" 6
solid_image "$WORK/img/wide.png" 2000 100
printf -- '---\ntitle: T\nlang: en\n---\n\n![a](photo.jpg)\n\n![b](wide.png)\n' >"$WORK/img/a.md"
vg images 0 build "$WORK/img/a.md" -o "$WORK/img.epub" --grayscale
head -c 3000 "$WORK/img/photo.jpg" >"$WORK/img/cut.jpg"
printf -- '---\ntitle: T\nlang: en\n---\n\n![a](cut.jpg)\n' >"$WORK/img/b.md"
vg images-bad 1 build "$WORK/img/b.md" -o "$WORK/img-bad.epub"
# The error paths free everything too: a chapter that is not UTF-8, a missing input.
mkdir "$WORK/bad"
cp -r "$EP_SOURCE_DIR/tests/fixtures/markdown-book/." "$WORK/bad/"
printf 'bad \xff byte\n' >>"$WORK/bad/two.md"
vg bad-utf8 1 build "$WORK/bad" -o "$WORK/bad.epub"
vg missing 1 build "$WORK/no-such-book" -o "$WORK/none.epub"
note "ok"
