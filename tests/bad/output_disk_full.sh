#!/usr/bin/env bash
# Durable output (issue 13): the disk fills up while the EPUB is written. A file-size limit
# (ulimit -f 16: 16 KB) makes write() fail with EFBIG part-way, as a full disk fails with
# ENOSPC (tests/bad/output_disk_full_tmpfs.sh); SIGXFSZ is ignored here, and so in epubpack
# (an ignored signal stays ignored through exec), so write() returns the error instead of the
# signal killing the process. The build must fail with one message naming the output, keep the
# old output byte-identical and leave no temporary file.
. "$(dirname "$0")/bad.bash"
random_chapter a.md 100

# The same build without the limit succeeds, and its EPUB is larger than the limit.
epubpack_build "$BOOK/a.md" -o "$WORK/free.epub" >/dev/null
size=$(stat -c %s "$WORK/free.epub")
[[ $size -gt $((16 * 1024)) ]] || fail "the EPUB ($size bytes) does not exceed 16 KB"

with_file_limit() { (ulimit -f 16 && exec "$@"); }
trap '' XFSZ
put_old_output
expect_write_fails "epubpack: $OUT/book.epub: cannot write the EPUB: File too large" with_file_limit
note "a $size-byte EPUB over a 16 KB limit: refused, old output kept, nothing left behind"
