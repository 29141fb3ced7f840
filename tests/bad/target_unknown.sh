#!/usr/bin/env bash
# Bad input (issue 11, point 3): an unknown target, as the metadata key `target` or the option
# --target, is an error naming the allowed values (and the nearest); nothing is written.
. "$(dirname "$0")/bad.bash"
A="$BOOK/article.md"

# expect_msg MESSAGE ARGS... — `epubpack build $A -o $OUT/a.epub ARGS...` exits with the usage or
# input status and exactly MESSAGE on stderr, and writes nothing.
expect_msg() {
    local want_rc=$1 msg=$2
    shift 2
    run_epubpack build "$A" -o "$OUT/a.epub" "$@"
    note "exit $RC: $STDERR"
    [[ $RC -eq $want_rc ]] || fail "expected exit $want_rc, got $RC (stderr: $STDERR)"
    [[ "$STDERR" == "$msg" ]] || fail "expected
$msg
got
$STDERR"
    [[ -z "$(find "$OUT" -mindepth 1)" ]] || fail "something was written: $(ls -A "$OUT")"
}

printf -- '---\ntitle: T\nlang: ru\ntarget: kindle\n---\ntext\n' >"$A"
expect_msg 1 "epubpack: $A:4:9: metadata key 'target': unknown value 'kindle' (allowed: epub|kobo)"
printf -- '---\ntitle: T\nlang: ru\ntarget: kobi\n---\ntext\n' >"$A"
expect_msg 1 "epubpack: $A:4:9: metadata key 'target': unknown value 'kobi' (allowed: epub|kobo); did you mean 'kobo'?"
# The option wins over the key, but a bad key is still an error.
expect_msg 1 "epubpack: $A:4:9: metadata key 'target': unknown value 'kobi' (allowed: epub|kobo); did you mean 'kobo'?" --target kobo
printf -- '---\ntitle: T\nlang: ru\n---\ntext\n' >"$A"
expect_msg 2 "epubpack: --target: unknown value 'kepub' (allowed: epub|kobo); did you mean 'epub'?" --target kepub
expect_msg 2 "epubpack: --target: unknown value 'Kobo' (allowed: epub|kobo); did you mean 'kobo'?" --target=Kobo
note "ok"
