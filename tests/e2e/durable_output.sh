#!/usr/bin/env bash
# Durable output (issue 13): a crash or power cut leaves either the old EPUB or the new one.
# Watched with strace, a build over an existing output must: write the new file while it has no
# name (O_TMPFILE, issue 20), fsync it, give it a temporary name (linkat) and rename that over
# the output at once, then fsync the output's folder (as git and SQLite do). Without the first
# fsync the rename can reach the disk before the data, leaving an empty file under the output's
# name; without the second, the new name.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool strace "apt-get install strace"
make_workdir

# LeakSanitizer stops the world with ptrace, which it cannot do under strace: in an ASan
# build (scripts/ci-sanitize.sh) leaks are looked for by every other test instead.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
mkdir "$WORK/out"
printf 'the old EPUB\n' >"$WORK/out/book.epub"
(cd "$WORK/out" && strace -f -o "$WORK/trace" -e trace=openat,write,fsync,fdatasync,close,rename,renameat,renameat2,linkat,sync_file_range \
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
# The folder, opened before anything is written (so that nothing after the rename can fail for
# want of memory), and the new file, opened in it without a name.
d, m = find(r'^openat\(AT_FDCWD, "\.", O_RDONLY\|O_CLOEXEC\|O_DIRECTORY\) = (\d+)$')
dfd = m.group(1)
i, m = find(r'^openat\(%s, "\.", O_RDWR\|O_CLOEXEC\|O_TMPFILE, 0666\) = (\d+)$' % dfd, d)
fd = m.group(1)
# Every write, then the fsync, then the name: linkat to a temporary name, renamed over the output.
k, m = find(r'^linkat\(AT_FDCWD, "/proc/self/fd/%s", %s, "(\.epubpack-tmp\.[^"]+)", AT_SYMLINK_FOLLOW\) = 0$' % (fd, dfd), i)
tmp = m.group(1)
j, _ = find(r"^fsync\(%s\) += 0$" % fd, i)
writes = [n for n in range(i, k) if calls[n].startswith("write(%s," % fd)]
if not writes or not (writes[-1] < j < k):
    sys.exit("expected write(%s) ... fsync(%s) ... linkat, got:\n%s" % (fd, fd, "\n".join(calls[i:k + 1])))
if any(calls[n].startswith("close(%s)" % fd) for n in range(i, k)):
    sys.exit("the file was closed before it was named: it would have been lost")
# Issue 24: the data is sent to the disk once written, before the check reads the file back, so
# that the disk writes while the build checks (the fsync stays: it waits for the end).
w, _ = find(r"^sync_file_range\(%s, 0, 0, SYNC_FILE_RANGE_WRITE\) += 0$" % fd, i)
c, _ = find(r'^openat\(AT_FDCWD, "/proc/self/fd/%s", O_RDONLY' % fd, i)
if not writes[-1] < w < c < j:
    sys.exit("expected the last write(%s), sync_file_range, the check's openat, fsync(%s):\n%s"
             % (fd, fd, "\n".join(calls[i:j + 1])))
r, _ = find(r'^renameat\(%s, "%s", %s, "book.epub"\) += 0$' % (dfd, re.escape(tmp), dfd), k)
if r != k + 1 and any(not calls[n].startswith(("write(2,", "+++", "---")) for n in range(k + 1, r)):
    sys.exit("system calls between the link and the rename:\n%s" % "\n".join(calls[k:r + 1]))
s, _ = find(r"^fsync\(%s\) += 0$" % dfd, r)
if any(calls[n].startswith("close(%s)" % dfd) for n in range(d, s)):
    sys.exit("the folder is not open from before the rename until its fsync")
for n in sorted((d, i, w, c, j, k, r, s)):
    print("  " + calls[n])
PY
cmp -s <(printf 'the old EPUB\n') "$WORK/out/book.epub" && fail "the output was not replaced"
note "open unnamed, write, sync_file_range, check, fsync(file), linkat, renameat, fsync(folder): in that order"

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

# A batch (issue 24): the built EPUBs are put in place together. Watched with strace: one syncfs
# for all their data before any of them is named, then each linked straight to its name when no
# file has it, or to a temporary name with its renameat over the old file right after, then one
# fsync of the folder after the last rename; no fsync per file. Two of the five outputs exist.
mkdir "$WORK/in" "$WORK/batch"
for i in 1 2 3 4 5; do
    printf -- '---\ntitle: Статья %d\nlang: ru\n---\nТекст статьи номер %d.\n' "$i" "$i" >"$WORK/in/a$i.md"
done
echo old >"$WORK/batch/a2.epub"
echo old >"$WORK/batch/a4.epub"
strace -f -o "$WORK/btrace" -e trace=fsync,fdatasync,syncfs,linkat,renameat,renameat2,sync_file_range \
    "$EPUBPACK" build "$WORK"/in/a*.md -O "$WORK/batch" -j 2 >/dev/null ||
    fail "strace epubpack build -O failed: $(tail -n 5 "$WORK/btrace")"
python3 - "$WORK/btrace" <<'PY' || fail "the batch's system calls are not in the durable order (above)"
import re, sys
calls = [re.sub(r"^\d+\s+", "", l.rstrip("\n")) for l in open(sys.argv[1])
         if not re.search(r"resumed>|^\d+\s+\+\+\+|^\d+\s+---", l)]
# A link to an output's own name that is taken fails (EEXIST) and is tried again under a
# temporary name.
calls = [c for c in calls if not (c.startswith("linkat(") and c.endswith("= -1 EEXIST (File exists)"))]
kinds = [c.split("(")[0] for c in calls]
if kinds.count("syncfs") != 1 or kinds.count("linkat") != 5 or kinds.count("renameat") != 2:
    sys.exit("expected 1 syncfs, 5 linkat, 2 renameat, got:\n" + "\n".join(calls))
# The three new outputs linked to their own names, the two old ones replaced by a rename.
named = sorted(re.search(r'"([^"]+)", AT_', c).group(1) for c in calls if c.startswith("linkat"))
if [n for n in named if not n.startswith(".epubpack-tmp.")] != ["a1.epub", "a3.epub", "a5.epub"]:
    sys.exit("expected a1, a3 and a5 linked to their names, got:\n" + "\n".join(calls))
# The builders do not send each file to the disk: the syncfs does, on the commit's thread.
if "sync_file_range" in kinds:
    sys.exit("a batch's builder sent its file to the disk itself:\n" + "\n".join(calls))
s = kinds.index("syncfs")
if not all(k != "linkat" for k in kinds[:s]):
    sys.exit("a file was named before the data was flushed:\n" + "\n".join(calls))
for n, k in enumerate(kinds):
    if k == "linkat" and ".epubpack-tmp." in calls[n] and kinds[n + 1] != "renameat":
        sys.exit("linkat not followed by its renameat:\n" + "\n".join(calls))
last = max(n for n, k in enumerate(kinds) if k == "renameat")
fs = [n for n, k in enumerate(kinds) if k == "fsync"]
if len(fs) != 1 or fs[0] < last or not re.match(r"^fsync\(\d+\)( += 0|.*unfinished)", calls[fs[0]]):
    sys.exit("expected one fsync (the folder) after the last rename, got:\n" + "\n".join(calls))
print("  " + "\n  ".join(calls[s:s + 1] + calls[fs[0]:fs[0] + 1]))
PY
[[ $(find "$WORK/batch" -mindepth 1 | wc -l) -eq 5 ]] || fail "the batch folder does not hold the 5 EPUBs"
for i in 2 4; do
    [[ $(head -c 2 "$WORK/batch/a$i.epub") == PK ]] || fail "a$i.epub, which existed, was not replaced"
done
note "a batch of 5, two of them over old files: one syncfs, then linkat (and renameat over an old file) each, then one fsync of the folder"

# Under a low open-file limit the groups are smaller, and a group is put in place while the
# next is built: 10 articles with 72 descriptors are committed 2 at a time (each pending EPUB
# holds two, and two groups are pending at once). Every EPUB is still named only after a
# syncfs that finished after its last write; none fails for want of a descriptor.
mkdir "$WORK/low"
for i in 6 7 8 9 10; do
    printf -- '---\ntitle: Статья %d\nlang: ru\n---\nТекст статьи номер %d.\n' "$i" "$i" >"$WORK/in/a$i.md"
done
(ulimit -n 72 && strace -f -o "$WORK/ltrace" -e trace=openat,write,syncfs,linkat,renameat \
    "$EPUBPACK" build "$WORK"/in/a*.md -O "$WORK/low" -j 2 >"$WORK/low.out" 2>&1) ||
    fail "a batch under 72 open files failed: $(tail -n 5 "$WORK/low.out")"
python3 - "$WORK/ltrace" <<'PY' || fail "under a low open-file limit the batch is not durable (above)"
import re, sys
done = []  # (call, fd or None, text) of each finished system call, in the order they finished
pending = {}
for l in open(sys.argv[1]):
    m = re.match(r"^(\d+)\s+(.*)$", l.rstrip("\n"))
    if not m or m.group(2).startswith(("+++", "---")):
        continue
    pid, text = m.groups()
    if text.endswith("<unfinished ...>"):
        pending[pid] = text[: -len("<unfinished ...>")]
        continue
    r = re.match(r"^<\.\.\. \w+ resumed>(.*)$", text)
    if r:
        text = pending.pop(pid, "") + r.group(1)
    done.append(re.sub(r"\s*\)\s+= ", ") = ", text))
last_write, synced_at, named = {}, -1, 0
syncs = sum(1 for t in done if t.startswith("syncfs("))
for n, t in enumerate(done):
    if t.startswith("syncfs(") and t.rstrip().endswith("= 0"):
        synced_at = n
    m = re.match(r"^openat\(\d+, \"\.\", O_RDWR\|O_CLOEXEC\|O_TMPFILE, 0666\) = (\d+)", t)
    if m:
        last_write[m.group(1)] = n
    m = re.match(r"^write\((\d+),", t)
    if m and m.group(1) in last_write:
        last_write[m.group(1)] = n
    m = re.match(r'^linkat\(AT_FDCWD, "/proc/self/fd/(\d+)"', t)
    if m:
        if last_write.get(m.group(1), n) > synced_at:
            sys.exit("fd %s named before a syncfs after its last write:\n%s" % (m.group(1), t))
        named += 1
if named != 10 or syncs != 5:
    sys.exit("expected 10 EPUBs named after 5 syncfs (groups of 2), got %d and %d" % (named, syncs))
print("  10 EPUBs in %d groups, each named after a syncfs that followed its writes" % syncs)
PY
[[ $(find "$WORK/low" -name '*.epub' | wc -l) -eq 10 ]] || fail "the batch folder does not hold the 10 EPUBs"
note "under 72 open files: groups of 2, each EPUB's data flushed before its name"
