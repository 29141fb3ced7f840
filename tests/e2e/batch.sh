#!/usr/bin/env bash
# Batch builds (issue 15, points 5 and 8): `epubpack build articles/*.md -O out/ -j 2` creates
# the output folder as `mkdir -p` would, prints clean paths ("out/en.epub", never "out//en.epub"),
# and the summary counts the reader's chapters, not the generated endnotes file.
. "$(dirname "$0")/lib.bash"
require_epubpack
make_workdir
cd "$WORK"
mkdir articles
printf -- '---\ntitle: English\nlang: en\nnotes: endnotes\n---\nText[^1].\n\n[^1]: A note.\n' >articles/en.md
printf -- '---\ntitle: Русская\nlang: ru\n---\nТекст.\n' >articles/ru.md

# expect_stdout WANT ARGS... — `epubpack ARGS...` exits 0 and prints exactly WANT (sizes
# replaced by N).
expect_stdout() {
    local want=$1 rc=0 got
    shift
    "$EPUBPACK" "$@" >stdout 2>stderr || rc=$?
    [[ $rc -eq 0 ]] || fail "epubpack $* exited $rc: $(cat stderr)"
    got=$(sed -E 's/: [0-9]+ bytes,/: N bytes,/' stdout | sort)
    note "epubpack $*: $got"
    [[ "$got" == "$want" ]] || fail "epubpack $*: expected
$want
got
$got"
}

# The README's own example: out/ does not exist yet, and is named with a trailing slash.
expect_stdout "out/en.epub: N bytes, 1 chapter, 6 words
out/ru.epub: N bytes, 1 chapter, 2 words" build articles/en.md articles/ru.md -O out/ -j 2
[[ -d out && -s out/en.epub && -s out/ru.epub ]] || fail "out/ or its EPUBs are missing: $(ls -R)"
# An existing folder, several missing levels, doubled slashes.
expect_stdout "out/en.epub: N bytes, 1 chapter, 6 words
out/ru.epub: N bytes, 1 chapter, 2 words" build articles/en.md articles/ru.md -O out
expect_stdout "deep/er/en.epub: N bytes, 1 chapter, 6 words
deep/er/ru.epub: N bytes, 1 chapter, 2 words" build articles/en.md articles/ru.md -O deep//er//
[[ -s deep/er/ru.epub ]] || fail "deep/er/ru.epub was not written"
expect_stdout "$WORK/abs/en.epub: N bytes, 1 chapter, 6 words" build articles/en.md -O "$WORK/abs/"

# Point 8: one article with endnotes is one chapter, also for a single build; the notes file
# is still in the EPUB.
expect_stdout "en.epub: N bytes, 1 chapter, 6 words" build articles/en.md
entries=$(unzip -Z1 en.epub)
grep -qx 'EPUB/text/notes.xhtml' <<<"$entries" || fail "en.epub has no notes.xhtml: $entries"
