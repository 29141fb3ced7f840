#!/usr/bin/env bash
# Times the bundled article's build for epubpack and for pandoc on the same Markdown (median
# of N runs each, after a warm-up; the two are interleaved so that load on the machine hits
# both alike), and epubcheck on epubpack's EPUB. Usage:
#   scripts/bench.sh [N]     N defaults to 10; EPUBPACK defaults to build/epubpack;
#                            EPUBCHECK_RUNS (default 5) sets the epubcheck runs
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10}
EPUBPACK=${EPUBPACK:-build/epubpack}
[[ -x "$EPUBPACK" ]] || { echo "build first: ./scripts/setup-and-build.sh" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"), load $(cut -d' ' -f1-3 /proc/loadavg)"
"$EPUBPACK" build book -o "$work/e.epub"
python3 - "$N" "${EPUBCHECK_RUNS:-5}" "$EPUBPACK" "$work" <<'PY'
import shutil, statistics, subprocess, sys, time
n, nchk, epubpack, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
cmds = {"epubpack build book": [epubpack, "build", "book", "-o", work + "/e.epub"]}
if shutil.which("pandoc"):
    cmds["pandoc book/article.md --toc"] = ["pandoc", "book/article.md", "-o", work + "/p.epub", "--toc"]
def run(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - t) * 1000
times = {k: [] for k in cmds}
for c in cmds.values():
    run(c)                       # warm-up: page cache, fontconfig cache
for _ in range(n):
    for k, c in cmds.items():
        times[k].append(run(c))
def show(k, t):
    print("%-32s median %8.1f ms  (min %.1f, max %.1f, n=%d)" % (k, statistics.median(t), min(t), max(t), len(t)))
for k, t in times.items():
    show(k, t)
import os
for f in ("e.epub", "p.epub"):
    if os.path.exists(work + "/" + f):
        print("%-32s %d bytes" % (f, os.path.getsize(work + "/" + f)))
if os.path.exists("/usr/share/java/epubcheck.jar") and nchk > 0:
    show("epubcheck (epubpack's EPUB)",
         [run(["java", "-jar", "/usr/share/java/epubcheck.jar", work + "/e.epub"]) for _ in range(nchk)])
PY
