#!/usr/bin/env bash
# Bad output (issue 5): an output folder that cannot be written, made by the test itself (a
# 0555 folder), so it needs no read-only system folder such as /sys. Root ignores mode bits
# through its capabilities (CAP_DAC_OVERRIDE), so as root the CLI runs without any capability
# (setpriv): still uid 0, owner of the folder, and denied by its mode like anyone else.
. "$(dirname "$0")/bad.bash"
chapter a.md '---\ntitle: T\nlang: ru\n---\ntext\n'
mkdir "$WORK/ro"
chmod 0555 "$WORK/ro"
trap 'chmod 0755 "$WORK/ro"; rm -rf "$WORK"' EXIT
drop=()
if [[ $(id -u) -eq 0 ]]; then
    require_tool setpriv "apt-get install util-linux"
    drop=(setpriv --inh-caps=-all --bounding-set=-all --)
fi
RC=0
"${drop[@]}" "$EPUBPACK" build "$BOOK/a.md" -o "$WORK/ro/x.epub" >"$WORK/stdout" 2>"$WORK/stderr" || RC=$?
STDERR=$(cat "$WORK/stderr")
note "exit $RC: $STDERR"
[[ $RC -eq 1 ]] || fail "expected exit 1, got $RC"
[[ "$STDERR" == "epubpack: $WORK/ro: the output folder is not writable" ]] || fail "message: $STDERR"
[[ -z "$(ls -A "$WORK/ro")" ]] || fail "files left in the read-only folder: $(ls -A "$WORK/ro")"
