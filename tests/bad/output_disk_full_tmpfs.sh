#!/usr/bin/env bash
# Durable output (issue 13): the output folder is a 16 KB tmpfs, which fills up while the EPUB
# is written (ENOSPC). The build must fail with one message naming the output, keep the old
# output byte-identical and free the space (no temporary file left).
#
# The tmpfs is mounted in a private mount namespace (unshare -m; for a user other than root,
# unshare -r -m, which needs unprivileged user namespaces, on by default in Debian 12). In a
# plain chroot, / is not a mount point and unshare cannot make it private: there the namespace
# keeps the chroot's propagation (--propagation unchanged) and the EXIT trap unmounts the tmpfs.
# A container that forbids namespaces fails this test; tests/bad/output_disk_full.sh covers the
# same path with a file-size limit.
. "$(dirname "$0")/../e2e/lib.bash"
if [[ -z "${EP_IN_MOUNT_NS:-}" ]]; then
    ns=(unshare -m)
    [[ $(id -u) -eq 0 ]] || ns=(unshare -r -m)
    if ! "${ns[@]}" true 2>/dev/null; then
        ns+=(--propagation unchanged)
        "${ns[@]}" true || fail "cannot make a mount namespace with '${ns[*]}'"
    fi
    EP_IN_MOUNT_NS=1 exec "${ns[@]}" bash "$0"
fi
. "$(dirname "$0")/bad.bash"
random_chapter a.md 100
mount -t tmpfs -o size=16k tmpfs "$OUT" || fail "cannot mount a tmpfs on $OUT"
# shellcheck disable=SC2064
trap "umount '$OUT'; rm -rf '$WORK'" EXIT

put_old_output
expect_write_fails "epubpack: $OUT/book.epub: cannot write the EPUB: No space left on device" env
used=$(df --output=used -k "$OUT" | tail -n 1 | tr -d ' ')
[[ $used -le 4 ]] || fail "$used KB still used on the tmpfs: the temporary file's space was not freed"
note "16 KB tmpfs filled up: refused, old output kept, $used KB used afterwards"
