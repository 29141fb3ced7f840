#!/usr/bin/env bash
# Bad input (issue 15, point 6): `epubpack build` in a folder without book/ says that 'book' is
# the default input and how to name another; exit 1, nothing written.
. "$(dirname "$0")/bad.bash"
cd "$OUT"
run_epubpack build
note "exit $RC: $STDERR"
[[ $RC -eq 1 ]] || fail "expected exit 1, got $RC"
[[ "$STDERR" == "epubpack: book: no such folder here (the default INPUT); name the input: epubpack build FILE.md, FILE.txt or FOLDER" ]] ||
    fail "message: $STDERR"
[[ -z "$(ls -A "$OUT")" ]] || fail "files written: $(ls -A "$OUT")"
# With options but still no INPUT: the same.
run_epubpack build --stats -o x.epub
[[ $RC -eq 1 && "$STDERR" == "epubpack: book: no such folder here"* ]] || fail "with options: exit $RC: $STDERR"
# A named input that is missing keeps the library's message.
run_epubpack build nope.md
[[ $RC -eq 1 && "$STDERR" == "epubpack: nope.md: no such file or folder" ]] || fail "named input: exit $RC: $STDERR"
