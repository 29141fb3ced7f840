#!/usr/bin/env bash
# Benchmark for issue 11 (not a ctest): War and Peace as one Markdown file (volumes #, parts
# ##, chapters ###), built by two epubpack binaries: before splitting and after. Prints a
# Markdown table: median wall and CPU (user + system) time, median peak RSS, the content
# documents and the largest one. CPU time is the steadier figure on a loaded machine.
#
#   EPUBPACK_BEFORE=/path/to/old/epubpack EPUBPACK=build/epubpack tests/bench/split.sh
# Env: RUNS (runs per binary, interleaved, after one warm-up each; default 5), WORK (scratch
#      folder, default /tmp/epubpack-bench-split), EPUBPACK_TEST_DATA (tests/data/README.md).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
: "${EPUBPACK_BEFORE:?the binary before splitting}" "${EPUBPACK:=$src/build/epubpack}"
export EPUBPACK
. "$src/tests/e2e/lib.bash"
require_test_data war-and-peace
[[ -x /usr/bin/time ]] || { echo "split.sh: /usr/bin/time is required (apt-get install time)" >&2; exit 2; }
work=${WORK:-/tmp/epubpack-bench-split} runs=${RUNS:-5}
mkdir -p "$work"
[[ -f "$work/wp.md" ]] ||
    python3 "$src/tests/bench/wp_to_markdown.py" --single "$EP_TEST_DATA/corpus/war-and-peace" "$work/wp.md"
export SOURCE_DATE_EPOCH=1700000000

# one BIN NAME — one build; appends "wall KiB user system" to $work/NAME.runs
one() {
    /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$1" build "$work/wp.md" -o "$work/$2.epub" >/dev/null 2>&1
    cat "$work/time" >>"$work/$2.runs"
}
rm -f "$work"/*.runs
one "$EPUBPACK_BEFORE" warm && one "$EPUBPACK" warm
for ((i = 0; i < runs; i++)); do
    one "$EPUBPACK_BEFORE" before
    one "$EPUBPACK" after
done
python3 - "$work" "$runs" <<'PY'
import statistics, sys, zipfile
work, runs = sys.argv[1], int(sys.argv[2])
print("| build | wall time (median of %d) | CPU time (median) | peak RSS (median) | content documents | largest |" % runs)
print("|---|---|---|---|---|---|")
for name in ("before", "after"):
    rows = [tuple(map(float, l.split())) for l in open("%s/%s.runs" % (work, name))]
    z = zipfile.ZipFile("%s/%s.epub" % (work, name))
    docs = [i for i in z.infolist() if i.filename.startswith("EPUB/text/")]
    big = max(docs, key=lambda i: i.file_size)
    print("| %s | %.2f s | %.2f s | %.1f MiB | %d | %s, %d bytes |" % (
        name, statistics.median(r[0] for r in rows), statistics.median(r[2] + r[3] for r in rows),
        statistics.median(r[1] for r in rows) / 1024,
        len(docs), big.filename.split("/")[-1], big.file_size))
PY
