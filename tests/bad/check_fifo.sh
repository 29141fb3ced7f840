#!/usr/bin/env bash
# `epubpack check` on a FIFO, a socket or a device (issue 20, item 3): refused without being
# opened, exit 1 (unreadable input, as epubcheck exits for a file it cannot read), as `build`
# refuses them; before, open() on the FIFO blocked forever, and a
# multi-file check stalled with it. The wall-clock guard makes a hang fail, not stall.
. "$(dirname "$0")/bad.bash"
mkfifo "$WORK/pipe.epub"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$WORK/sock.epub"
for f in "$WORK/pipe.epub" "$WORK/sock.epub" /dev/null; do
    RC=0
    timeout 20 "$EPUBPACK" check "$f" >"$WORK/stdout" 2>"$WORK/stderr" || RC=$?
    STDERR=$(cat "$WORK/stderr")
    note "$f: exit $RC: $STDERR"
    [[ $RC -ne 124 ]] || fail "check $f did not finish within 20 s"
    [[ $RC -eq 1 ]] || fail "$f: expected exit 1 (unreadable input, as epubcheck), got $RC"
    [[ "$STDERR" == "epubpack: $f: not a file or folder" ]] || fail "$f: message: $STDERR"
done
# A multi-file check goes on past the FIFO and checks the good file after it.
printf -- '---\ntitle: T\nlang: en\n---\n\nText.\n' >"$BOOK/a.md"
run_epubpack build "$BOOK/a.md" -o "$WORK/good.epub"
[[ $RC -eq 0 ]] || fail "build of the good file: exit $RC: $STDERR"
RC=0
timeout 20 "$EPUBPACK" check "$WORK/pipe.epub" "$WORK/good.epub" >"$WORK/stdout" 2>"$WORK/stderr" || RC=$?
STDERR=$(cat "$WORK/stderr")
note "both: exit $RC: $STDERR $(cat "$WORK/stdout")"
[[ $RC -ne 124 ]] || fail "the multi-file check did not finish within 20 s"
[[ $RC -eq 1 ]] || fail "multi-file: expected exit 1, got $RC"
grep -qx "epubpack: $WORK/pipe.epub: not a file or folder" <<<"$STDERR" || fail "multi-file message: $STDERR"
grep -q "Checked 2 files: 1 valid, 0 with errors, 1 unreadable" "$WORK/stdout" ||
    fail "the good file was not checked: $(cat "$WORK/stdout")"
