#!/usr/bin/env bash
# Benchmark (not a ctest): `epubpack check` vs epubcheck 4.2.6 on the same EPUBs, as a ratio of
# median wall-clock times (issue #4). Books: the bundled article (book/) and War and Peace
# (the war-and-peace test data, tests/data/README.md, converted by wp_to_markdown.py), each built
# with `epubpack build --no-check`.
#
#   tests/bench/check_vs_epubcheck.sh [BUILD_DIR]     (default: ./build)
# Env: EPUBPACK (the CLI; default BUILD_DIR/epubpack), EPUBCHECK_JAR, EPUBPACK_TEST_DATA,
#      RUNS_OURS (default 20), RUNS_EPUBCHECK (default 3).
set -euo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
epubpack=${EPUBPACK:-$build/epubpack}
jar=${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
runs_ours=${RUNS_OURS:-20}
runs_ec=${RUNS_EPUBCHECK:-3}

[ -x "$epubpack" ] || { echo "no epubpack at $epubpack" >&2; exit 2; }
[ -f "$jar" ] || { echo "no epubcheck at $jar" >&2; exit 2; }
. "$src/tests/e2e/lib.bash"
require_test_data war-and-peace

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$epubpack" build "$src/book" -o "$tmp/book.epub" --no-check >/dev/null
python3 "$src/tests/bench/wp_to_markdown.py" "$EP_TEST_DATA/corpus/war-and-peace" "$tmp/wp" >/dev/null
"$epubpack" build "$tmp/wp" -o "$tmp/wp.epub" --no-check >/dev/null

# Median wall time in seconds of `runs` runs of a command (its output discarded; exit status
# ignored: both tools exit non-zero on findings, and the point here is speed).
median() {
    local runs=$1
    shift
    local times=()
    for ((i = 0; i < runs; i++)); do
        local t0 t1
        t0=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || true
        t1=$(date +%s.%N)
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

printf '%-14s %10s %14s %14s %10s\n' book size "epubpack (s)" "epubcheck (s)" ratio
for b in book wp; do
    f=$tmp/$b.epub
    "$epubpack" check "$f" --quiet || echo "note: epubpack check reports errors in $b.epub" >&2
    ours=$(median "$runs_ours" "$epubpack" check "$f" --quiet)
    theirs=$(median "$runs_ec" java -jar "$jar" "$f")
    printf '%-14s %10s %14.4f %14.3f %9.0fx\n' "$b.epub" "$(stat -c %s "$f")" "$ours" "$theirs" \
        "$(awk -v a="$theirs" -v b="$ours" 'BEGIN { print a / b }')"
done
echo "(medians of $runs_ours runs of epubpack check, $runs_ec of java -jar $jar)"
