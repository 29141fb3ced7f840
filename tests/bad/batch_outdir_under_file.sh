#!/usr/bin/env bash
# Bad output (issue 15, point 5): -O names a folder that cannot be created because a file stands
# where a parent folder should be; the message names that path and the reason, and nothing is
# built.
. "$(dirname "$0")/bad.bash"
chapter a.md '---\ntitle: T\nlang: ru\n---\ntext\n'
printf 'a file, not a folder\n' >"$WORK/file"
run_epubpack build "$BOOK/a.md" -O "$WORK/file/sub/out"
note "exit $RC: $STDERR"
[[ $RC -eq 1 ]] || fail "expected exit 1, got $RC"
[[ "$STDERR" == "epubpack: $WORK/file: cannot create the output folder: Not a directory" ]] ||
    fail "message: $STDERR"
[[ -f "$WORK/file" ]] || fail "the file standing in for the folder was changed"
# A folder nobody may create, even root: /proc refuses new entries.
run_epubpack build "$BOOK/a.md" -O /proc/epubpack-test/out
note "exit $RC: $STDERR"
[[ $RC -eq 1 ]] || fail "expected exit 1, got $RC"
[[ "$STDERR" == "epubpack: /proc/epubpack-test: cannot create the output folder: No such file or directory" ]] ||
    fail "message: $STDERR"
