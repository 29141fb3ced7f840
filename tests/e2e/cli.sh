#!/usr/bin/env bash
# Command-line contract (docs/ARCHITECTURE.md "Errors", issue #2 item 9): --help to stdout with exit 0, usage
# errors exit 2, --version, the default output name, the one-line summary.
. "$(dirname "$0")/lib.bash"
require_epubpack
make_workdir

run() { # run EXPECTED-STATUS ARGS... — stdout in $WORK/out, stderr in $WORK/err
    local want=$1 rc=0
    shift
    "$EPUBPACK" "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
    [[ $rc -eq $want ]] || fail "epubpack $* exited $rc, expected $want; stderr: $(head -c 400 "$WORK/err")"
}

run 0 --help
grep -q 'build' "$WORK/out" || fail "--help does not mention 'build' on stdout"
grep -q 'check' "$WORK/out" || fail "--help does not mention 'check' on stdout"
[[ ! -s "$WORK/err" ]] || fail "--help wrote to stderr: $(cat "$WORK/err")"

run 0 --version
grep -Eq '[0-9]+\.[0-9]+\.[0-9]+' "$WORK/out" || fail "--version prints no version number: $(cat "$WORK/out")"
# The libraries whose versions decide the EPUB's bytes (README "Reproducible builds").
grep -Eq '^libdeflate [0-9]+\.[0-9]+ \(built with\), HarfBuzz [0-9]+\.[0-9]+\.[0-9]+, libzip [0-9]+\.[0-9]+(\.[0-9]+)?$' "$WORK/out" ||
    fail "--version does not name libdeflate, HarfBuzz and libzip: $(cat "$WORK/out")"

run 2 --no-such-option
[[ -s "$WORK/err" ]] || fail "an unknown option printed nothing on stderr"
run 2 build --no-such-option
run 2 frobnicate
run 2
run 2 build --hyphenate=sometimes "$EP_SOURCE_DIR/book"
run 2 build --typography=fr "$EP_SOURCE_DIR/book"
run 2 check

# Default output: <input name>.epub in the current folder; INPUT defaults to "book".
mkdir "$WORK/cwd"
cp -r "$EP_SOURCE_DIR/book" "$WORK/cwd/book"
(cd "$WORK/cwd" && "$EPUBPACK" build) >"$WORK/out" 2>"$WORK/err" ||
    fail "epubpack build (no arguments) failed: $(cat "$WORK/err")"
[[ -s "$WORK/cwd/book.epub" ]] || fail "epubpack build without arguments did not write ./book.epub"
# The summary: one line with the output path, size, chapters and words.
[[ $(wc -l <"$WORK/out") -eq 1 ]] || fail "expected one summary line, got: $(cat "$WORK/out")"
grep -q 'book.epub' "$WORK/out" || fail "summary does not name the output: $(cat "$WORK/out")"
grep -Eqi 'chapter' "$WORK/out" || fail "summary does not give the chapters: $(cat "$WORK/out")"
grep -Eqi 'word' "$WORK/out" || fail "summary does not give the words: $(cat "$WORK/out")"
note "summary: $(cat "$WORK/out")"

{ printf -- '---\ntitle: Одна статья\nlang: ru\n---\n\n'; cat "$EP_SOURCE_DIR/tests/fixtures/markdown-book/two.md"; } |
    sed 's/(one\.md#spiski)/(#snoski-i-tablitsy)/' >"$WORK/cwd/single.md"
(cd "$WORK/cwd" && "$EPUBPACK" build single.md) >/dev/null 2>"$WORK/err" ||
    fail "building a single Markdown file failed: $(cat "$WORK/err")"
[[ -s "$WORK/cwd/single.epub" ]] || fail "epubpack build single.md did not write ./single.epub"

# check: a valid book exits 0; --json - gives JSON (epubcheck's report); garbage exits non-zero.
run 0 check "$WORK/cwd/book.epub"
run 0 check "$WORK/cwd/book.epub" --json -
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["checker"]["nError"] == 0' "$WORK/out" ||
    fail "check --json - did not print epubcheck's JSON: $(head -c 300 "$WORK/out")"
run 0 check "$WORK/cwd/book.epub" --quiet
[[ ! -s "$WORK/out" ]] || fail "check --quiet printed: $(head -c 200 "$WORK/out")"
printf 'not a zip' >"$WORK/junk.epub"
rc=0
"$EPUBPACK" check "$WORK/junk.epub" >/dev/null 2>&1 || rc=$?
[[ $rc -ne 0 ]] || fail "check accepted a file that is not a zip"
note "ok"
