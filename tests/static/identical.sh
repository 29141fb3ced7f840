#!/usr/bin/env bash
# The static release binary (cmake/static.cmake, scripts/static-deps.sh) must be the same
# program as the dynamically linked one: its libzip has no crypto backend, its libxml2 no ICU
# and its harfbuzz no glib or freetype, none of which epubpack's output may depend on.
# Byte-identical EPUBs for the bundled article, both fixtures (in every typesetting mode) and
# War and Peace; the same check reports on them; and the static binary needs no shared
# library but glibc's.
. "$(dirname "$0")/../e2e/lib.bash"
require_epubpack
require_tool cmp "apt-get install diffutils"
require_tool ldd "apt-get install libc-bin"
[[ -x "${EPUBPACK_DYNAMIC:-}" ]] || fail "EPUBPACK_DYNAMIC=${EPUBPACK_DYNAMIC:-} is not an executable"
[[ "$EPUBPACK" != "$EPUBPACK_DYNAMIC" ]] || fail "EPUBPACK is the dynamic binary; configure with EPUBPACK_STATIC_DEPS"
make_workdir
export SOURCE_DATE_EPOCH=1590019200

libs=$(ldd "$EPUBPACK" | awk '{print $1}' | grep -v -e '^linux-vdso' -e '^/lib64/ld-linux' | sort | tr '\n' ' ')
[[ "$libs" == "libc.so.6 libm.so.6 " ]] || fail "static binary needs more than glibc: $libs"
note "static binary links only: $libs"

python3 "$EP_SOURCE_DIR/tests/bench/wp_to_markdown.py" "$EP_SHARED_DIR/corpus/war-and-peace" \
    "$WORK/wp" >/dev/null || fail "could not convert War and Peace"

n=0
same() { # NAME INPUT ARGS...
    local name=$1 input=$2
    shift 2
    "$EPUBPACK" build "$input" -o "$WORK/$name-static.epub" "$@" >/dev/null 2>"$WORK/$name-static.err" ||
        fail "static build of $name failed: $(cat "$WORK/$name-static.err")"
    "$EPUBPACK_DYNAMIC" build "$input" -o "$WORK/$name-dynamic.epub" "$@" >/dev/null 2>"$WORK/$name-dynamic.err" ||
        fail "dynamic build of $name failed: $(cat "$WORK/$name-dynamic.err")"
    cmp "$WORK/$name-static.epub" "$WORK/$name-dynamic.epub" ||
        fail "$name: the static and dynamic binaries wrote different EPUBs"
    cmp "$WORK/$name-static.err" "$WORK/$name-dynamic.err" ||
        fail "$name: different warnings: $(diff "$WORK/$name-static.err" "$WORK/$name-dynamic.err")"
    "$EPUBPACK" check --json "$WORK/$name-static.epub" >"$WORK/$name-static.json" || true
    "$EPUBPACK_DYNAMIC" check --json "$WORK/$name-static.epub" >"$WORK/$name-dynamic.json" || true
    cmp "$WORK/$name-static.json" "$WORK/$name-dynamic.json" ||
        fail "$name: different check reports"
    n=$((n + 1))
}
same article "$EP_SOURCE_DIR/book"
same article-soft "$EP_SOURCE_DIR/book" --hyphenate=soft
same article-plain "$EP_SOURCE_DIR/book" --typography=off --hyphenate=off
same markdown "$EP_SOURCE_DIR/tests/fixtures/markdown-book"
same reader "$EP_SOURCE_DIR/tests/fixtures/reader-book"
same war-and-peace "$WORK/wp"
note "$n builds byte-identical, with identical warnings and check reports"

# The checker's verdicts on epubcheck's own scenarios, where encodings and broken zips live.
corpus="$EP_SHARED_DIR/conformance/epubcheck"
[[ -d "$corpus" ]] || fail "no conformance corpus at $corpus"
checked=0
while IFS= read -r -d '' f; do
    a=$("$EPUBPACK" check --json "$f" 2>&1 || true)
    b=$("$EPUBPACK_DYNAMIC" check --json "$f" 2>&1 || true)
    [[ "$a" == "$b" ]] || fail "check reports differ for $f"
    checked=$((checked + 1))
done < <(find "$corpus" -type f \( -name '*.epub' -o -name '*.opf' -o -name '*.xhtml' \) -print0)
((checked > 100)) || fail "only $checked corpus files found under $corpus"
note "$checked corpus files: identical check reports"
note "ok"
