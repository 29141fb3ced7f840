#!/usr/bin/env bash
# Batch builds (issue 15, points 5 and 8): `epubpack build articles/*.md -O out/ -j 2` creates
# the output folder as `mkdir -p` would, prints clean paths ("out/en.epub", never "out//en.epub"),
# and the summary counts the reader's chapters, not the generated endnotes file. Issue 21: the
# results come in input order whatever the threads do, and a last line always says how many
# were built and which failed.
. "$(dirname "$0")/lib.bash"
require_epubpack
make_workdir
cd "$WORK"
mkdir articles
printf -- '---\ntitle: English\nlang: en\nnotes: endnotes\n---\nText[^1].\n\n[^1]: A note.\n' >articles/en.md
printf -- '---\ntitle: Русская\nlang: ru\n---\nТекст.\n' >articles/ru.md

# expect_stdout WANT ARGS... — `epubpack ARGS...` exits 0 and prints exactly WANT, in that
# order (sizes replaced by N).
expect_stdout() {
    local want=$1 rc=0 got
    shift
    "$EPUBPACK" "$@" >stdout 2>stderr || rc=$?
    [[ $rc -eq 0 ]] || fail "epubpack $* exited $rc: $(cat stderr)"
    got=$(sed -E 's/: [0-9]+ bytes,/: N bytes,/' stdout)
    note "epubpack $*: $got"
    [[ "$got" == "$want" ]] || fail "epubpack $*: expected
$want
got
$got"
}

# The README's own example: out/ does not exist yet, and is named with a trailing slash.
expect_stdout "out/en.epub: N bytes, 1 chapter, 6 words
out/ru.epub: N bytes, 1 chapter, 2 words
2 built, 0 failed" build articles/en.md articles/ru.md -O out/ -j 2
[[ -d out && -s out/en.epub && -s out/ru.epub ]] || fail "out/ or its EPUBs are missing: $(ls -R)"
# An existing folder, several missing levels, doubled slashes.
expect_stdout "out/ru.epub: N bytes, 1 chapter, 2 words
out/en.epub: N bytes, 1 chapter, 6 words
2 built, 0 failed" build articles/ru.md articles/en.md -O out
expect_stdout "deep/er/en.epub: N bytes, 1 chapter, 6 words
deep/er/ru.epub: N bytes, 1 chapter, 2 words
2 built, 0 failed" build articles/en.md articles/ru.md -O deep//er//
[[ -s deep/er/ru.epub ]] || fail "deep/er/ru.epub was not written"
expect_stdout "$WORK/abs/en.epub: N bytes, 1 chapter, 6 words
1 built, 0 failed" build articles/en.md -O "$WORK/abs/"

# Input order with failures and warnings: the bundled article (slow) first, then small ones,
# two that fail; each input's messages come with it, and the last line names the failures.
printf -- '---\ntitle: Bad\nlang: ru\ndate: 2020-13-01\n---\nТекст.\n' >articles/bad.md
printf -- '---\ntitle: Warn\nlang: ru\nautor: X\n---\nТекст.\n' >articles/warn.md
rc=0
"$EPUBPACK" build "$EP_SOURCE_DIR/book/article.md" articles/bad.md articles/warn.md articles/en.md \
    articles/missing.md articles/ru.md -O order -j 2 >stdout 2>stderr || rc=$?
[[ $rc -eq 1 ]] || fail "a batch with failures exited $rc"
got=$(sed -E 's/: [0-9]+ bytes,/: N bytes,/' stdout)
want="order/article.epub: N bytes, 1 chapter, 451 words
order/warn.epub: N bytes, 1 chapter, 2 words
order/en.epub: N bytes, 1 chapter, 6 words
order/ru.epub: N bytes, 1 chapter, 2 words
4 built, 2 failed: articles/bad.md, articles/missing.md"
[[ $got == "$want" ]] || fail "batch stdout: expected
$want
got
$got"
errs=$(sed -E 's/^epubpack: ([^:]*)[:].*/\1/' stderr | tr '\n' ' ')
[[ $errs == "articles/bad.md articles/warn.md articles/missing.md " ]] ||
    fail "stderr is not in input order: $(cat stderr)"
note "batch with failures: stdout and stderr in input order, last line: $(tail -1 stdout)"

# Point 8: one article with endnotes is one chapter, also for a single build; the notes file
# is still in the EPUB.
expect_stdout "en.epub: N bytes, 1 chapter, 6 words" build articles/en.md
entries=$(unzip -Z1 en.epub)
grep -qx 'EPUB/text/notes.xhtml' <<<"$entries" || fail "en.epub has no notes.xhtml: $entries"
