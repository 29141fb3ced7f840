#!/usr/bin/env bash
# Bad output (issue 5): an output folder that cannot be written. Tests run as root in CI, and
# root ignores mode bits, so use folders that are read-only for everyone: /proc and /sys.
. "$(dirname "$0")/bad.bash"
chapter a.md '---\ntitle: T\nlang: ru\n---\ntext\n'
for dir in /proc /sys; do
    [[ -d $dir ]] || fail "$dir is not mounted"
    run_epubpack build "$BOOK/a.md" -o "$dir/epubpack-test.epub"
    note "exit $RC: $STDERR"
    [[ $RC -eq 1 ]] || fail "$dir: expected exit 1, got $RC"
    grep -Eq "^epubpack: $dir(/epubpack-test\.epub)?: the output folder is not writable" <<<"$STDERR" ||
        fail "message: $STDERR"
    [[ ! -e "$dir/epubpack-test.epub" ]] || fail "$dir/epubpack-test.epub was created"
done
# Without root, a 0555 folder is refused too (skipped as root: root may write there).
if [[ $(id -u) -ne 0 ]]; then
    mkdir "$WORK/ro" && chmod 0555 "$WORK/ro"
    run_epubpack build "$BOOK/a.md" -o "$WORK/ro/x.epub"
    [[ $RC -eq 1 ]] || fail "0555 folder: expected exit 1, got $RC"
    grep -Eq "/ro: the output folder is not writable" <<<"$STDERR" || fail "message: $STDERR"
    chmod 0755 "$WORK/ro"
fi
