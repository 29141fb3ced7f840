#!/usr/bin/env bash
# `epubpack check` on what is not an EPUB (issue 5): a missing file exits 1, as epubcheck's
# "File not found"; a folder 1 or 2; random bytes and an empty file are reported as broken
# EPUBs, never a crash.
. "$(dirname "$0")/bad.bash"
run_epubpack check "$WORK/none.epub"
note "missing: exit $RC: $STDERR"
[[ $RC -eq 1 ]] || fail "missing file: expected exit 1 (as epubcheck), got $RC"
grep -q "none\.epub" <<<"$STDERR" || fail "message does not name the file: $STDERR"
run_epubpack check "$WORK"
note "folder: exit $RC: $STDERR"
[[ $RC -eq 2 || $RC -eq 1 ]] || fail "folder: expected exit 1 or 2, got $RC"
: >"$WORK/empty.epub"
head -c 4096 /dev/urandom >"$WORK/random.epub"
for f in empty random; do
    run_epubpack check "$WORK/$f.epub"
    note "$f: exit $RC: $(head -n 2 "$WORK/stdout" "$WORK/stderr" | tr '\n' ' ')"
    [[ $RC -eq 1 || $RC -eq 2 ]] || fail "$f.epub: expected exit 1 or 2, got $RC"
    grep -q "$f\.epub" "$WORK/stdout" "$WORK/stderr" || fail "$f.epub: no message naming the file"
done
