#!/usr/bin/env bash
# Durable output (issue 13): a crash or power cut leaves either the old EPUB or the new one.
# Watched with strace, a build over an existing output must: write the temporary file, fsync it
# before closing it, rename it over the output, then fsync the output's folder (as git and
# SQLite do). Without the first fsync the rename can reach the disk before the
# data, leaving an empty file under the output's name; without the second, the new name.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool strace "apt-get install strace"
make_workdir

# LeakSanitizer stops the world with ptrace, which it cannot do under strace: in an ASan
# build (scripts/ci-sanitize.sh) leaks are looked for by every other test instead.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
mkdir "$WORK/out"
printf 'the old EPUB\n' >"$WORK/out/book.epub"
(cd "$WORK/out" && strace -f -o "$WORK/trace" -e trace=openat,write,fsync,fdatasync,close,rename,renameat,renameat2 \
    "$EPUBPACK" build "$EP_SOURCE_DIR/book" -o book.epub >/dev/null) ||
    fail "strace epubpack build failed: $(tail -n 5 "$WORK/trace")"
python3 - "$WORK/trace" <<'PY' || fail "the system calls are not in the durable order (above)"
import re, sys
calls = [re.sub(r"^\d+\s+", "", l.rstrip("\n")) for l in open(sys.argv[1])]
def find(pattern, start=0):
    for i in range(start, len(calls)):
        m = re.search(pattern, calls[i])
        if m:
            return i, m
    sys.exit("not found after line %d: %s" % (start, pattern))
# The temporary file, opened for writing, and the last write to it.
i, m = find(r'^openat\(AT_FDCWD, "(\./\.epubpack-tmp\.[^"]+)", O_WRONLY\|O_CREAT\|O_TRUNC.*\) = (\d+)$')
tmp, fd = m.group(1), m.group(2)
j, _ = find(r"^fsync\(%s\) += 0$" % fd, i)
k, _ = find(r"^close\(%s\) += 0$" % fd, i)
writes = [n for n in range(i, k) if calls[n].startswith("write(%s," % fd)]
if not writes or not (writes[-1] < j < k):
    sys.exit("expected write(%s) ... fsync(%s) ... close(%s), got:\n%s" % (fd, fd, fd, "\n".join(calls[i:k + 1])))
r, _ = find(r'^rename\("%s", "book.epub"\) += 0$' % re.escape(tmp), k)
# The folder: opened before the rename (so that nothing after it can fail for want of memory),
# still open, and fsync'ed after the rename.
d, m = find(r'^openat\(AT_FDCWD, "\.", O_RDONLY\|O_CLOEXEC\|O_DIRECTORY\) = (\d+)$')
dfd = m.group(1)
s, _ = find(r"^fsync\(%s\) += 0$" % dfd, r)
if d > r or any(calls[n].startswith("close(%s)" % dfd) for n in range(d, s)):
    sys.exit("the folder is not open from before the rename until its fsync")
for n in sorted((i, j, k, r, d, s)):
    print("  " + calls[n])
PY
cmp -s <(printf 'the old EPUB\n') "$WORK/out/book.epub" && fail "the output was not replaced"
note "write, fsync(file), close, rename, fsync(folder): in that order"

# An fsync that fails is an error that names the file (strace makes the Nth fsync fail with
# EIO). The file's: nothing renamed, the old output kept, no temporary file left. The folder's
# (after the rename): the new EPUB is in place, but the build still fails.
fsync_fails() { # N — runs the build with the Nth fsync failing; sets RC and STDERR
    RC=0
    (cd "$WORK/out" && strace -f -qq -o /dev/null -e trace=fsync -e inject=fsync:error=EIO:when="$1" \
        "$EPUBPACK" build "$EP_SOURCE_DIR/book" -o book.epub >/dev/null 2>"$WORK/stderr") || RC=$?
    STDERR=$(cat "$WORK/stderr")
    note "fsync $1 fails: exit $RC: $STDERR"
    [[ $RC -eq 1 ]] || fail "fsync $1 failing: expected exit 1, got $RC"
}
printf 'the old EPUB\n' >"$WORK/out/book.epub"
fsync_fails 1
[[ "$STDERR" == "epubpack: book.epub: cannot flush the EPUB to the disk: Input/output error" ]] ||
    fail "unexpected message: $STDERR"
cmp <(printf 'the old EPUB\n') "$WORK/out/book.epub" || fail "the old output was changed"
left=$(find "$WORK/out" -mindepth 1 ! -name book.epub)
[[ -z "$left" ]] || fail "left behind: $left"
fsync_fails 2
[[ "$STDERR" == "epubpack: book.epub: the EPUB was written, but its folder could not be flushed to the disk: Input/output error" ]] ||
    fail "unexpected message: $STDERR"
cmp -s <(printf 'the old EPUB\n') "$WORK/out/book.epub" && fail "the output was not replaced"
left=$(find "$WORK/out" -mindepth 1 ! -name book.epub)
[[ -z "$left" ]] || fail "left behind: $left"
