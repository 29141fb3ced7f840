#!/usr/bin/env bash
# Usage errors (issue 5) exit 2 with a message, and write nothing.
. "$(dirname "$0")/bad.bash"
chapter a.md '---\ntitle: T\nlang: ru\n---\ntext\n'
cd "$OUT"
for args in "" "frobnicate" "build --no-such-option $BOOK/a.md" "build $BOOK/a.md -o"; do
    # shellcheck disable=SC2086
    run_epubpack $args
    note "epubpack $args: exit $RC: $(head -n 1 "$WORK/stderr")"
    [[ $RC -eq 2 ]] || fail "epubpack $args: expected exit 2, got $RC"
    [[ -n "$STDERR" ]] || fail "epubpack $args: no message on stderr"
done
[[ -z "$(ls -A "$OUT")" ]] || fail "a usage error wrote files: $(ls -A "$OUT")"
