#!/usr/bin/env bash
# Bad output (issue 5): the output's "folder" is a regular file (/etc/passwd/x.epub style).
. "$(dirname "$0")/bad.bash"
chapter a.md '---\ntitle: T\nlang: ru\n---\ntext\n'
printf 'a file, not a folder\n' >"$WORK/file"
cp "$WORK/file" "$WORK/expected"
run_epubpack build "$BOOK/a.md" -o "$WORK/file/x.epub"
note "exit $RC: $STDERR"
[[ $RC -eq 1 ]] || fail "expected exit 1, got $RC"
grep -Eq "^epubpack: .*/file: the output folder is not a folder$" <<<"$STDERR" || fail "message: $STDERR"
cmp -s "$WORK/file" "$WORK/expected" || fail "the file standing in for the folder changed"
