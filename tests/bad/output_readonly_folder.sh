#!/usr/bin/env bash
# Durable output (issue 13): the output folder is read-only (mode 0555) and already holds an
# earlier EPUB. The build must fail with one message naming the folder, keep the old output
# byte-identical and create nothing. Root ignores mode bits, so epubpack runs without root's
# capabilities (`unprivileged` in bad.bash); the test needs neither /sys nor a mount.
. "$(dirname "$0")/bad.bash"
chapter a.md '---\ntitle: T\nlang: ru\n---\ntext\n'
put_old_output
chmod 0555 "$OUT"
expect_write_fails "epubpack: $OUT: the output folder is not writable: Permission denied" unprivileged
chmod 0755 "$OUT"
