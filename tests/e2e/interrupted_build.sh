#!/usr/bin/env bash
# Nothing half-made, ever (issue 20, point 5): builds of War and Peace (one 5 MB Markdown file)
# are killed at 20 random moments with each of SIGINT, SIGTERM, SIGHUP and SIGKILL. After each,
# the folder holds exactly the output, and it is either the old EPUB byte for byte (the build
# was interrupted: exit 128+signal) or the new one byte for byte (it had put the new book in
# place: exit 0, or 128+signal when the signal came after the rename).
# Before O_TMPFILE, 9 of 15 kills left a `.epubpack-tmp.*` file beside the output.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool python3
require_test_data war-and-peace
make_workdir

python3 "$EP_SOURCE_DIR/tests/bench/wp_to_markdown.py" --single "$EP_TEST_DATA/corpus/war-and-peace" \
    "$WORK/wp.md"
mkdir "$WORK/out"
out=$WORK/out/wp.epub
# The old and the new book differ (another build instant), so a mix of both would show.
SOURCE_DATE_EPOCH=1600000000 "$EPUBPACK" build "$WORK/wp.md" -o "$WORK/new.epub" >/dev/null
# The shortest of three builds: a slow one (a loaded machine) would put most kills after the end.
ms=
for i in 1 2 3; do
    start=$(date +%s%N)
    SOURCE_DATE_EPOCH=1500000000 "$EPUBPACK" build "$WORK/wp.md" -o "$WORK/old.epub" >/dev/null
    t=$((($(date +%s%N) - start) / 1000000))
    [[ -n $ms && $ms -le $t ]] || ms=$t
done
note "one build takes $ms ms; kills fall in 0..$((ms * 11 / 10)) ms"
cmp -s "$WORK/old.epub" "$WORK/new.epub" && fail "the two reference builds are identical"

# Job control: a background job of a script otherwise starts with SIGINT ignored.
set -m
declare -A code=([INT]=130 [TERM]=143 [HUP]=129 [KILL]=137)
killed=0 finished=0
for sig in INT TERM HUP KILL; do
    for i in $(seq 1 20); do
        cp "$WORK/old.epub" "$out"
        delay=$((RANDOM % (ms * 11 / 10 + 1)))
        SOURCE_DATE_EPOCH=1600000000 "$EPUBPACK" build "$WORK/wp.md" -o "$out" >/dev/null 2>&1 &
        pid=$!
        sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
        kill -s "$sig" "$pid" 2>/dev/null || true
        rc=0
        wait "$pid" || rc=$?
        left=$(cd "$WORK/out" && find . -mindepth 1 ! -name wp.epub)
        [[ -z "$left" ]] || fail "SIG$sig after $delay ms (exit $rc) left: $left"
        if [[ $rc -eq 0 ]]; then
            cmp -s "$out" "$WORK/new.epub" ||
                fail "SIG$sig after $delay ms: exit 0 but the output is not the new book"
            finished=$((finished + 1))
        else
            [[ $rc -eq ${code[$sig]} ]] ||
                fail "SIG$sig after $delay ms: exit $rc, expected ${code[$sig]} (or 0)"
            # Killed before the rename: the old book; after it (the folder's fsync, the exit):
            # the new one, whole.
            if cmp -s "$out" "$WORK/old.epub"; then
                killed=$((killed + 1))
            else
                cmp -s "$out" "$WORK/new.epub" ||
                    fail "SIG$sig after $delay ms: interrupted, and the output is neither the old nor the new book"
                finished=$((finished + 1))
            fi
        fi
    done
done
note "$killed builds interrupted before the new book was in place, $finished after; every time the folder held only the output, old or new, whole"
((killed >= 40)) || fail "only $killed of 80 builds were interrupted: the moments do not cover the build"

# A batch (issue 24) killed at random moments: its EPUBs are put in place in groups, after their
# data is flushed together; every EPUB in the folder is whole (the same bytes as a build that
# ran to its end), and nothing else is there.
mkdir "$WORK/in" "$WORK/ref"
for i in $(seq 1 300); do
    printf -- '---\ntitle: Статья %d\nlang: ru\n---\nТекст статьи номер %d.\n' "$i" "$i" >"$WORK/in/a$i.md"
done
export SOURCE_DATE_EPOCH=1600000000
start=$(date +%s%N)
"$EPUBPACK" build "$WORK"/in/*.md -O "$WORK/ref" -j 2 >/dev/null
ms=$((($(date +%s%N) - start) / 1000000))
whole=0
for i in $(seq 1 10); do
    rm -rf "$WORK/batch"
    mkdir "$WORK/batch"
    delay=$((RANDOM % (ms + 1)))
    "$EPUBPACK" build "$WORK"/in/*.md -O "$WORK/batch" -j 2 >/dev/null 2>&1 &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -s KILL "$pid" 2>/dev/null || true
    wait "$pid" || true
    for f in "$WORK"/batch/* "$WORK"/batch/.[!.]*; do
        [[ -e "$f" ]] || continue
        name=$(basename "$f")
        [[ -f "$WORK/ref/$name" ]] || fail "batch killed after $delay ms left $name"
        cmp -s "$f" "$WORK/ref/$name" || fail "batch killed after $delay ms: $name is not whole"
        whole=$((whole + 1))
    done
done
note "10 batches of 300 killed within their $ms ms: $whole EPUBs in place, every one whole, nothing else"
