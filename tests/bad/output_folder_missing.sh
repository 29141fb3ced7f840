#!/usr/bin/env bash
# Bad output (issue 5): the output's folder does not exist; nothing is created.
. "$(dirname "$0")/bad.bash"
chapter a.md '---\ntitle: T\nlang: ru\n---\ntext\n'
run_epubpack build "$BOOK/a.md" -o "$WORK/no/such/dir/x.epub"
note "exit $RC: $STDERR"
[[ $RC -eq 1 ]] || fail "expected exit 1, got $RC"
grep -Eq "^epubpack: .*/no/such/dir: the output folder does not exist$" <<<"$STDERR" || fail "message: $STDERR"
[[ ! -e "$WORK/no" ]] || fail "the missing folder was created"
